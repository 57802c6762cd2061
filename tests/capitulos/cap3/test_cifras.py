"""Chapter III indicators and rules on tiny hand-built frames with explicit expected values."""

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from inpe_informe.capitulos.cap3 import cifras as cap3
from inpe_informe.capitulos.cap3.cifras_salud import (
    consulta_trimestre,
    hacinamiento,
    ipress,
    morbilidad,
    salud_mental,
    sis,
    tb_trimestres,
    tele_especialidades,
    top,
    tuberculosis,
    vih,
)
from inpe_informe.capitulos.cap3.reescalado import es_reescalado
from inpe_informe.capitulos.protocolo import Motivo
from inpe_informe.periods import Periodo

OFICINAS = pd.DataFrame(
    {
        "codigo": ["NORTE", "LIMA", "ALTIPLANO"],
        "nombre": ["Norte", "Lima", "Altiplano"],
        "sede": ["Chiclayo", "Lima", "Puno"],
        "etiqueta": ["Norte - Chiclayo", "Lima - Lima", "Altiplano - Puno"],
        "orden": [1, 2, 3],
    }
)
EST = pd.DataFrame(
    {
        "codigo": ["PIURA", "LURIGANCHO", "ICA"],
        "nombre": ["E.P. de Piura", "E.P. de Lurigancho", "E.P. de Ica"],
        "oficina": ["NORTE", "LIMA", "LIMA"],
        "departamento": ["Piura", "Lima", "Ica"],
        "es_cerec": [False, False, False],
        "orden": [1, 2, 3],
    }
)


def test_hacinamiento_de_la_capacidad():
    h = hacinamiento(99_448, 41_764, 20)
    assert h["exceso"] == 57_684 and h["porcentaje"] == Decimal("138.1")
    assert h["critico"]
    assert not hacinamiento(120, 100, 20)["critico"]  # exactly 20% is not above the threshold
    assert hacinamiento(121, 100, 20)["critico"]
    assert hacinamiento(90, 100, 20)["exceso"] == -10


def test_sobrepoblacion_crecimiento_desde_el_primer_anio():
    serie = pd.DataFrame(
        {
            "anio": [2013, 2014, 2024, 2025],
            "poblacion_penitenciaria": [100, 110, 150, 999],
            "capacidad_albergue": [80, 80, 100, 999],
        }
    )
    s = cap3.sobrepoblacion(serie, 2024)
    assert [p["anio"] for p in s["serie"]] == [2013, 2014, 2024]  # later years never leak in
    assert s["actual"]["exceso"] == 50 and s["actual"]["porcentaje"] == Decimal("50")
    assert (
        s["crecimiento_poblacion"].porcentaje == Decimal("50.0") and s["crecimiento_poblacion"].absoluta == 50
    )
    assert s["crecimiento_capacidad"].porcentaje == Decimal("25.0")
    assert cap3.sobrepoblacion(serie, 2020) is None  # no row for the year


def test_sobrepoblacion_por_ep_usa_la_capacidad_si_existe():
    pob = pd.DataFrame(
        {
            "periodo": [Periodo(2024, 12)] * 3,
            "codigo_ep": ["PIURA", "LURIGANCHO", "ICA"],
            "total_general": [300, 900, 110],
        }
    )
    sin = pd.DataFrame({"anio": pd.Series([], dtype=int), "codigo_ep": [], "capacidad_albergue": []})
    assert cap3.sobrepoblacion_por_ep(sin, pob, EST, OFICINAS, Periodo(2024, 12)) is None
    cap = pd.DataFrame(
        {"anio": [2024, 2024], "codigo_ep": ["PIURA", "LURIGANCHO"], "capacidad_albergue": [100, 600]}
    )
    r = cap3.sobrepoblacion_por_ep(cap, pob, EST, OFICINAS, Periodo(2024, 12))
    assert [(f["codigo"], f["exceso"], f["porcentaje"], f["critico"]) for f in r["establecimientos"]] == [
        ("PIURA", 200, Decimal("200"), True),
        ("LURIGANCHO", 300, Decimal("50"), True),
    ]
    # Lima lacks Ica's capacity, so only Norte is computed.
    assert [o["codigo"] for o in r["oficinas"]] == ["NORTE"] and r["criticos"] == 2


def test_consulta_trimestre_cuotas_por_edad():
    filas = pd.DataFrame(
        {
            "grupo_edad": ["EDAD_18_29", "EDAD_30_59", "EDAD_60_MAS"],
            "atendidos_hombre": [5670, 10128, 1453],
            "atendidos_mujer": [312, 557, 80],
            "atendidos_total": [5982, 10685, 1533],
            "atenciones_total": [1, 2, 3],
        }
    )
    q = consulta_trimestre(filas, 1, 2024)
    assert q["total"]["atendidos_total"] == 18_200 and q["hasta"] == Periodo(2024, 3)
    assert [(r["clave"], r["porcentaje"]) for r in q["ranking"]] == [
        ("EDAD_30_59", Decimal("58.7")),
        ("EDAD_18_29", Decimal("32.9")),
        ("EDAD_60_MAS", Decimal("8.4")),
    ]


def test_consulta_externa_solo_trimestres_cerrados():
    marco = pd.DataFrame(
        {
            "anio": [2024] * 4,
            "trimestre": [1, 2, 3, 4],
            "grupo_edad": ["EDAD_18_29"] * 4,
            "atendidos_total": [10, 20, 30, 40],
        }
    )
    assert [q["trimestre"] for q in cap3.consulta_externa(marco, Periodo(2024, 9))] == [1, 2, 3]
    assert [q["trimestre"] for q in cap3.consulta_externa(marco, Periodo(2024, 8))] == [1, 2]


def _tb():
    ep = pd.DataFrame(
        {
            "codigo_ep": ["LURIGANCHO", "ICA", "PIURA"],
            "nombre_publicado": ["Lurigancho", "Ica", "Piura"],
            "codigo_oficina": ["LIMA", "LIMA", "NORTE"],
            "departamento_publicado": ["LIMA", "ICA", "PIURA"],
            "casos_sensible": [621, 341, 130],
            "casos_tb_dr": [149, 62, 2],
            "total_casos": [770, 403, 132],
            "orden_publicado": [1, 2, 3],
        }
    )
    trimestres = pd.DataFrame(
        {
            "anio": [2024] * 4,
            "trimestre": [1, 1, 2, 2],
            "codigo_oficina": ["LIMA", "NORTE"] * 2,
            "casos": [700, 100, 473, 32],
        }
    )
    anual = pd.DataFrame(
        {
            "anio": [2023, 2024],
            "casos_sensible": [900, 1092],
            "casos_tb_dr": [None, 213],
            "casos_tb_xdr": [None, 0],
            "total_casos": [None, 1305],
        }
    )
    return tuberculosis(ep, trimestres, anual, EST, OFICINAS, 2024)


def test_tuberculosis_cuotas_ranking_y_variacion():
    tb = _tb()
    assert tb["total"] == {"casos_sensible": 1092, "casos_tb_dr": 213, "total_casos": 1305}
    assert [(o["codigo"], o["total_casos"], o["porcentaje"]) for o in tb["ranking"]] == [
        ("LIMA", 1173, Decimal("89.9")),
        ("NORTE", 132, Decimal("10.1")),
        ("ALTIPLANO", 0, Decimal("0.0")),
    ]
    assert [f["codigo"] for f in tb["top5"]] == ["LURIGANCHO", "ICA", "PIURA"]
    assert tb["xdr"] == 0
    assert tb["variacion_total"] is None  # 2023 total not recovered
    assert tb["variacion_sensible"].absoluta == 192 and tb["variacion_sensible"].porcentaje == Decimal("21.3")


def test_tb_trimestres_cuotas_por_columna():
    marco = pd.DataFrame(
        {"trimestre": [1, 1, 2, 2], "codigo_oficina": ["LIMA", "NORTE"] * 2, "casos": [2, 1, 0, 3]}
    )
    t = tb_trimestres(marco, OFICINAS)
    lima = next(o for o in t["oficinas"] if o["codigo"] == "LIMA")
    assert lima["trimestres"] == [2, 0] and lima["porcentajes"] == [Decimal("66.7"), Decimal("0.0")]
    assert t["totales"] == [3, 3] and t["total"] == 6 and lima["porcentaje"] == Decimal("33.3")


def test_vih_cobertura_top_y_variacion():
    ep = pd.DataFrame(
        {
            "codigo_ep": ["LURIGANCHO", None],
            "nombre_publicado": ["Lurigancho", "E. P. Satipo"],
            "codigo_oficina": ["LIMA", "NORTE"],
            "departamento_publicado": ["Lima", "Junín"],
            "pvvs": [178, 4],
            "targa": [170, 4],
            "coinfeccion_tb_casos_nuevos": [5, 0],
            "orden_publicado": [1, 2],
        }
    )
    anual = pd.DataFrame({"anio": [2023], "pvvs": [150], "targa": [None]})
    v = vih(ep, anual, EST, OFICINAS, 2024)
    assert v["total"]["pvvs"] == 182 and v["cobertura_targa"] == Decimal("95.6")
    assert v["top5"][1]["nombre"] == "E. P. Satipo"  # kept although not in the master
    assert v["variacion_pvvs"].absoluta == 32 and v["variacion_targa"] is None


def test_ipress_cuotas_redondeadas_cada_una():
    estado = pd.DataFrame(
        {
            "estado": [
                "LICENCIA_VENCIDA",
                "CATEGORIZADO_ACTIVO",
                "EN_PROCESO_IPRESS",
                "NO_CUMPLE_REQUISITOS",
            ],
            "establecimientos": [41, 15, 10, 3],
        }
    )
    vacia = pd.DataFrame(
        columns=[
            "estado",
            "codigo_oficina",
            "codigo_ep",
            "establecimiento_publicado",
            "nombre_ipress",
            "clasificacion",
            "categoria",
            "tipo_documento",
            "fecha_categorizacion",
            "orden_publicado",
        ]
    )
    r = ipress(estado, vacia, OFICINAS, EST)
    assert r["total"] == 69
    assert {p["clave"]: p["porcentaje"] for p in r["estados"]} == {
        "LICENCIA_VENCIDA": Decimal("59.4"),
        "CATEGORIZADO_ACTIVO": Decimal("21.7"),
        "EN_PROCESO_IPRESS": Decimal("14.5"),
        "NO_CUMPLE_REQUISITOS": Decimal("4.3"),  # 3/69 = 4.35 → 4.3: no tenth moved to force 100.0
    }


def test_sis_cobertura_y_variacion():
    serie = pd.DataFrame(
        {"anio": [2023, 2024], "poblacion_penitenciaria": [94_759, 99_448], "afiliados_sis": [91_916, 96_470]}
    )
    s = sis(serie, 2024)
    assert s["actual"]["cobertura"] == Decimal("97") and s["variacion"].absoluta == 4_554
    assert s["variacion"].porcentaje == Decimal("5.0")


def test_salud_mental_por_oficina():
    marco = pd.DataFrame(
        {
            "tipo_caso": ["INIMPUTABLE", "INIMPUTABLE", "PROBLEMA_SALUD_MENTAL"],
            "codigo_oficina": ["LIMA", "NORTE", "LIMA"],
            "hombre": [44, 12, 5],
            "mujer": [1, 0, 5],
            "total": [45, 12, 10],
        }
    )
    r = salud_mental(marco, OFICINAS)
    assert r["inimputables"]["total"] == {
        "hombre": 56,
        "mujer": 1,
        "total": 57,
        "porcentaje": Decimal("100.0"),
    }
    assert r["inimputables"]["ranking"][0]["codigo"] == "LIMA"
    assert r["problemas"]["ranking"][0]["porcentaje"] == Decimal("100.0")


def test_morbilidad_y_especialidades():
    marco = pd.DataFrame(
        {
            "causa": ["A", "B"],
            "causa_publicada": ["Gastritis", "Faringitis aguda"],
            "casos": [2666, 3840],
            "certeza_etiqueta": ["ALTA", "BAJA"],
        }
    )
    m = morbilidad(marco)
    assert [c["nombre"] for c in m["principales"]] == ["Faringitis aguda", "Gastritis"] and m[
        "inciertas"
    ] == 1
    esp = pd.DataFrame(
        {
            "especialidad": ["OTROS", "PSIQUIATRIA", "UROLOGIA"],
            "especialidad_publicada": ["Otros", "Psiquiatría", "Urología"],
            "atenciones": [66, 1385, None],
            "beneficiados": [46, 516, 11],
        }
    )
    e = tele_especialidades(esp)
    assert [c["clave"] for c in e["atenciones"]["especialidades"]] == ["PSIQUIATRIA", "OTROS"]  # Otros last
    assert e["atenciones"]["suma"] == 1451 and e["atenciones"]["sin_dato"] == ["Urología"]


def test_top_conserva_el_orden_en_empates():
    filas = [{"n": "a", "v": 1}, {"n": "b", "v": 3}, {"n": "c", "v": 3}]
    assert [f["n"] for f in top(filas, "v", 2)] == ["b", "c"]


def test_reescalado_detecta_copias_y_no_datos_propios():
    base = [5670, 312, 24054, 7922]
    copia = [round(v * 5 / 6) for v in base]
    assert es_reescalado(base, copia) == Fraction(sum(copia), sum(base))
    assert es_reescalado(base, [4000, 400, 20000, 5000]) is None


def test_calcular_setiembre_omite_secciones_anuales():
    tablas = _tablas_minimas()
    r = cap3.calcular(tablas, Periodo(2024, 9), "anio")
    assert r.disponible and r["tuberculosis"] is None and r["sobrepoblacion"] is None
    assert {o.tabla for o in r.omitidas} >= {"salud_tb_ep", "salud_poblacion_capacidad_anual"}
    # before any quarter closes the chapter keeps its headings: every section says why it has no figures
    febrero = cap3.calcular(tablas, Periodo(2025, 2), "anio")
    assert febrero.disponible and febrero["consulta"] is None
    assert febrero.motivo_de("salud_consulta_externa") == Motivo.TRIMESTRAL
    assert febrero.motivo_de("salud_tb_ep") == Motivo.ANUAL


def _tablas_minimas():
    consulta = pd.DataFrame(
        {"anio": [2024], "trimestre": [1], "grupo_edad": ["EDAD_18_29"], "atendidos_total": [10]}
    )
    poblacion = pd.DataFrame({"anio": [2024], "poblacion_penitenciaria": [10], "capacidad_albergue": [5]})
    return {
        "salud_consulta_externa": consulta,
        "salud_poblacion_capacidad_anual": poblacion,
        "establecimientos": EST,
        "oficinas_regionales": OFICINAS,
    }


def test_erratas_nombran_cifras_que_existen():
    """Every `figura` of data/erratas/cap3.csv is a computed figure of this edition (quality.cifras id)."""
    import csv

    from conftest import RAIZ

    from inpe_informe.capitulos import tablas_del_informe
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import calcular, cargar_y_validar
    from inpe_informe.quality import cifras

    cfg = leer_config(RAIZ / "config.yaml")
    indicadores, _ = calcular(cfg, cargar_y_validar(cfg, tablas_del_informe())[0])
    valores = cifras(indicadores)
    with open(RAIZ / "data/erratas/cap3.csv", encoding="utf-8") as fh:
        figuras = {f["id"]: f["figura"] for f in csv.DictReader(fh) if f["figura"]}
    assert len(figuras) >= 5
    assert all(f in valores for f in figuras.values()), [f for f in figuras.values() if f not in valores]
    assert valores[figuras["ch3_4/INC-04"]] == Decimal("70.8")
    assert valores[figuras["ch3_4/INC-22"]] == Decimal("72.2")
    assert valores[figuras["ch3_4/INC-23"]] == 2410
