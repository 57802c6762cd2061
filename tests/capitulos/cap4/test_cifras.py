"""Chapter IV indicators and rules on tiny hand-built frames with explicit expected values."""

from decimal import Decimal

import pandas as pd
from conftest import RAIZ, tipadas

from inpe_informe.capitulos.cap4 import cifras as cap4
from inpe_informe.capitulos.cap4 import reglas as reglas_cap4
from inpe_informe.capitulos.protocolo import Resultado
from inpe_informe.periods import Periodo
from inpe_informe.schema import leer_esquemas

DIC = Periodo(2024, 12)


def test_actividad_conjunta_da_rangos_y_no_suma_personas():
    r = cap4.actividad_conjunta(100, 30, 20)
    assert r["suma"] == {"valor": 50, "porcentaje": Decimal("50.0")}  # registrations, not persons
    assert r["con_actividad_minimo"]["valor"] == 30 and r["con_actividad_maximo"]["valor"] == 50
    assert r["ni_minimo"]["valor"] == 50 and r["ni_maximo"]["valor"] == 70
    assert r["educacion"]["porcentaje"] == Decimal("20.0")


def test_actividad_conjunta_cuando_la_suma_supera_la_poblacion():
    """Sicuani-like case: 125 + 169 > 236, so at least 58 persons do both and nobody need be idle."""
    r = cap4.actividad_conjunta(236, 125, 169)
    assert r["con_actividad_maximo"]["valor"] == 236
    assert r["ni_minimo"]["valor"] == 0 and r["ni_maximo"]["valor"] == 236 - 169


def test_cobertura_redondea_mitad_hacia_arriba():
    """16,387 / 99,448 = 16.478% → 16.5 (the 2024 edition printed a forced 17%, INC-36)."""
    assert cap4.cobertura(16387, 99448)["porcentaje"] == Decimal("16.5")
    assert cap4.cobertura(28101, 99448)["porcentaje"] == Decimal("28.3")


def test_ranking_pone_otros_al_final_y_ordena_por_valor():
    r = cap4.ranking({"TEXTIL": 52, "OTROS": 90, "HOSTELERIA": 60, "CONSTRUCCIONES": 30})
    assert [p["clave"] for p in r] == ["HOSTELERIA", "TEXTIL", "CONSTRUCCIONES", "OTROS"]
    assert [p["porcentaje"] for p in r] == [
        Decimal("25.9"),
        Decimal("22.4"),
        Decimal("12.9"),
        Decimal("38.8"),
    ]


def _programas():
    filas = [
        ("ALFABETIZACION", "INICIAL", 1, None, None, 24),
        ("ALFABETIZACION", "INICIAL", 2, None, None, 89),
        ("CETPRO", "INTERMEDIO", None, "TEXTIL", "Textil", 52),
        ("CETPRO", "INTERMEDIO", None, "HOSTELERIA", "Hostelería", 60),
        ("PCE", None, None, "LECTURA", "Lectura", 79),
    ]
    return pd.DataFrame(
        [
            {
                "periodo": DIC,
                "programa": p,
                "ciclo": c,
                "grado": g,
                "especialidad": e,
                "etiqueta": et,
                "matriculados": n,
                "confianza": "ALTA",
            }
            for p, c, g, e, et, n in filas
        ]
    )


def test_educacion_por_programa_ciclo_y_especialidad():
    r = cap4.educacion(_programas())
    assert r["total"] == 304
    assert [p["clave"] for p in r["programas"]] == ["ALFABETIZACION", "CETPRO", "PCE"]  # institutional order
    assert [p["clave"] for p in r["ranking"]] == ["ALFABETIZACION", "CETPRO", "PCE"]  # 113 > 112 > 79
    alfa = r["por_clave"]["ALFABETIZACION"]["ciclos"][0]
    assert alfa["valor"] == 113 and [g["valor"] for g in alfa["grados"]] == [24, 89]
    intermedio = r["por_clave"]["CETPRO"]["ciclos"][0]
    assert [e["etiqueta"] for e in intermedio["especialidades"]] == [
        "Hostelería",
        "Textil",
    ]  # INC-27: 60 > 52


def test_trabajo_grupos_ordenados_y_productivas():
    filas = [
        ("TALLERES", "CARPINTERIA", 50),
        ("TALLERES", "OTROS", 70),
        ("CONVENIO", "ZAPATERIA", 30),
        ("AGRICULTURA_GANADERIA", "AGRICULTURA_GANADERIA", 10),
        ("SERVICIOS_AD_HONOREM", "LIMPIEZA", 5),
    ]
    marco = pd.DataFrame(
        [
            {
                "periodo": DIC,
                "grupo": g,
                "actividad": a,
                "etiqueta": a.title(),
                "inscritos": n,
                "confianza": "ALTA",
            }
            for g, a, n in filas
        ]
    )
    r = cap4.trabajo(marco)
    assert r["total"] == 165 and r["productivas"]["valor"] == 150 and r["grupos_infografia"] == 160
    assert [g["clave"] for g in r["grupos"]] == [
        "TALLERES",
        "CONVENIO",
        "AGRICULTURA_GANADERIA",
        "SERVICIOS_AD_HONOREM",
    ]
    talleres = r["por_clave"]["TALLERES"]
    assert [a["clave"] for a in talleres["actividades"]] == ["CARPINTERIA", "OTROS"] and talleres[
        "desglosado"
    ]
    assert not r["por_clave"]["CONVENIO"]["desglosado"]


def test_ingresos_sobre_el_total_y_lo_no_distribuido():
    marco = pd.DataFrame(
        [
            {"periodo": DIC, "numero_ingresos": k, "inscritos_trabajo": t, "matriculados_educacion": 0}
            for k, t in [("1", 80), ("2", 10), ("10_A_MAS", 5)]
        ]
    )
    r = cap4.ingresos(marco, "inscritos_trabajo", 100)
    assert r["primera"] == {"valor": 80, "porcentaje": Decimal("80.0")}
    assert r["reingreso"]["valor"] == 15 and r["sin_distribuir"] == 5
    assert [f["porcentaje"] for f in r["distribucion"]] == [Decimal("80.0"), Decimal("10.0"), Decimal("5.0")]


def test_delitos_resto_y_ranking_sin_otros():
    marco = pd.DataFrame(
        [
            {"periodo": DIC, "orden": i, "delito": d, "etiqueta": d.title(), "total": t, "ingresos_1": a}
            for i, (d, t, a) in enumerate(
                [
                    ("ROBO", 50, 40),
                    ("OTROS_DELITOS", 90, 80),
                    ("TID", 30, 29),
                    ("HURTO", 10, 10),
                    ("ESTAFA", 5, 5),
                ],
                1,
            )
        ]
    )
    r = cap4.por_delito(marco, ["ingresos_1"])
    assert [f["resto"] for f in r["filas"]] == [10, 10, 1, 0, 0]
    assert r["total"] == {"total": 185, "ingresos_1": 164, "resto": 21}
    assert [x["clave"] for x in r["ranking"]] == ["ROBO", "TID", "HURTO"]


def test_edad_jovenes_y_tasas():
    filas = [
        ("18_19", 1, 18, 19, 10, 2, 0, 8),
        ("20_29", 2, 20, 29, 30, 9, 6, 15),
        ("60", 3, 60, None, 60, 30, 10, 20),
    ]
    marco = pd.DataFrame(
        [
            {
                "periodo": DIC,
                "rango_edad": k,
                "orden": o,
                "edad_min": a,
                "edad_max": b,
                "poblacion": p,
                "pea": pea,
                "aportantes": pea,
                "no_aportantes": 0,
                "no_pea": p - pea,
                "estudiantes": e,
                "no_activa": n,
            }
            for k, o, a, b, p, pea, e, n in filas
        ]
    )
    r = cap4.por_edad(marco)
    j = r["jovenes"]
    assert (j["edad_min"], j["edad_max"]) == (18, 29)
    assert j["poblacion"] == {"valor": 40, "porcentaje": Decimal("40.0")}
    assert j["pea"]["valor"] == 11 and j["pea"]["porcentaje"] == Decimal("27.5")
    assert r["mayor_pea"]["clave"] == "60" and r["mayor_tasa"]["clave"] == "60"  # 50.0% vs 30.0% vs 20.0%
    assert r["aportantes_publicables"]  # without the entries table nothing says the split is copied

    # INC-39: aportantes (41) equal to the work registrations with one entry → the split is withheld
    ingresos = pd.DataFrame(
        {"numero_ingresos": ["1", "2"], "inscritos_trabajo": [41, 7], "matriculados_educacion": [5, 1]}
    )
    assert not cap4.por_edad(marco, ingresos)["aportantes_publicables"]
    otra = ingresos.assign(inscritos_trabajo=[40, 8])
    assert cap4.por_edad(marco, otra)["aportantes_publicables"]


def _mensual(meses):
    return tipadas(
        pd.DataFrame(
            [
                {"periodo": p, "poblacion": 100, "inscritos_trabajo": t, "matriculados_educacion": e}
                for p, t, e in meses
            ]
        )
    )


def test_evolucion_variacion_y_promedio_en_la_ventana():
    filas = cap4.serie(
        _mensual([("2023-12", 20, 10), ("2024-01", 21, 1), ("2024-02", 25, 4)]), Periodo(2024, 2)
    )
    r = cap4.evolucion(filas, Periodo(2024, 2), "anio")
    assert r["variacion"]["trabajo"].absoluta == 5 and r["variacion"]["trabajo"].sentido == "incremento"
    assert r["variacion"]["educacion"].sentido == "disminucion"
    assert r["promedio"]["trabajo"] == 23 and r["ventana"]["meses"] == 2  # (21 + 25) / 2
    assert r["educacion_minima"]["educacion"] == 1 and r["minima_en_receso"]  # January
    assert r["promedio_educacion_bajo_cierre"]  # (1 + 4) / 2 → 3 < 4


def test_periodo_sin_datos_no_disponible():
    tablas = {cap4.MENSUAL: _mensual([("2024-12", 1, 1)])}
    r = cap4.calcular(tablas, Periodo(2025, 3), "anio")
    assert r == Resultado(False, omitidas=(), faltan=((cap4.MENSUAL, ("2025-03",)),))


def test_regla_trabajo_mas_educacion_supera_poblacion():
    esquemas = leer_esquemas(RAIZ / "data")
    tablas = {
        "trabajo_educacion_ep": pd.DataFrame(
            [
                {"periodo": DIC, "codigo_ep": "A", "inscritos_trabajo": 60, "matriculados_educacion": 50},
                {"periodo": DIC, "codigo_ep": "B", "inscritos_trabajo": 10, "matriculados_educacion": 10},
            ]
        ),
        "poblacion_regimen_ep": pd.DataFrame(
            [
                {"periodo": DIC, "codigo_ep": "A", "total_general": 100},
                {"periodo": DIC, "codigo_ep": "B", "total_general": 100},
            ]
        ),
    }
    hallazgos = reglas_cap4.trabajo_mas_educacion_contra_poblacion(tablas, esquemas)
    assert len(hallazgos) == 1 and "codigo_ep=A" in hallazgos[0].ubicacion and hallazgos[0].capitulo == 4


def test_regla_totales_contra_partes(monkeypatch):
    esquemas = leer_esquemas(RAIZ / "data")
    tablas = {
        cap4.MENSUAL: _mensual([(DIC, 100, 50)]).assign(poblacion=1000),
        "educacion_matriculados_programa": pd.DataFrame([{"periodo": DIC, "matriculados": 50}]),
        "trabajo_inscritos_actividad": pd.DataFrame([{"periodo": DIC, "inscritos": 95}]),
    }
    monkeypatch.setattr(reglas_cap4, "PARTES", reglas_cap4.PARTES[:2])
    hallazgos = reglas_cap4.totales_contra_partes(tablas, esquemas)
    assert len(hallazgos) == 1 and "diferencia -5" in hallazgos[0].mensaje
