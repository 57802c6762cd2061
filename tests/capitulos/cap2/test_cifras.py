"""Chapter II indicators and cross-table rules on tiny hand-built frames with explicit expected values."""

from decimal import Decimal

import pandas as pd
import pytest
from conftest import tipadas

from inpe_informe.capitulos.cap2 import cifras as cap2
from inpe_informe.capitulos.cap2 import reglas as reglas
from inpe_informe.periods import Periodo
from inpe_informe.schema import Esquema

ENE, FEB, MAR, ABR = (Periodo(2024, m) for m in (1, 2, 3, 4))


def _asistencia(filas):
    """Rows (periodo, servicio, mujer_atd, hombre_atd, mujer_atc, hombre_atc) → asistencia_mensual frame."""
    datos = []
    for periodo, servicio, m_atd, h_atd, m_atc, h_atc in filas:
        datos += [
            {
                "periodo": periodo,
                "servicio": servicio,
                "sexo": "MUJER",
                "atendidos": m_atd,
                "atenciones": m_atc,
            },
            {
                "periodo": periodo,
                "servicio": servicio,
                "sexo": "HOMBRE",
                "atendidos": h_atd,
                "atenciones": h_atc,
            },
        ]
    return tipadas(pd.DataFrame(datos))


def _tablas(meses=("2024-01", "2024-02"), con_diciembre=False):
    """A complete, tiny Chapter II data set: three services, two months."""
    asis = []
    for i, periodo in enumerate(meses):
        for j, s in enumerate(cap2.SERVICIOS):
            asis.append((periodo, s, 10 + i + j, 90 - 10 * i + j, 20, 120))
    vacio = lambda cols: pd.DataFrame(columns=cols)  # noqa: E731
    tablas = {
        "asistencia_mensual": _asistencia(asis),
        "poblacion_intramuros_mensual": pd.DataFrame(
            {"periodo": list(meses), "poblacion": [1000, 1100][: len(meses)]}
        ),
        "poblacion_intramuros_sexo": vacio(["periodo", "sexo", "poblacion"]),
        "poblacion_intramuros_oficina": vacio(["periodo", "codigo_oficina", "poblacion"]),
        "pim_mensual": vacio(["periodo", "servicio", "delito_grupo", "atendidos", "atenciones"]),
        "delito_grupo": pd.DataFrame(
            {
                "codigo": ["PATRIMONIO", "VIOLENCIA_MUJER_GF", "OTROS"],
                "grupo_grafico": ["PATRIMONIO", "OTROS", "OTROS"],
                "orden": [1, 2, 3],
            }
        ),
        "pti_mensual": vacio(["periodo", "servicio", "situacion_juridica", "atendidos", "atenciones"]),
        "personal_asistencia_regimen": vacio(["periodo", "servicio", "regimen_laboral", "personal"]),
        "personal_asistencia_funcion": vacio(["periodo", "servicio", "funcion", "personal"]),
        "profesionales_oficina": vacio(["periodo", "servicio", "codigo_oficina", "profesionales"]),
        "oficinas_regionales": pd.DataFrame(
            {
                "codigo": ["NORTE", "SUR"],
                "nombre": ["Norte", "Sur"],
                "sede": ["Chiclayo", "Arequipa"],
                "etiqueta": ["Norte - Chiclayo", "Sur - Arequipa"],
                "orden": [1, 2],
            }
        ),
    }
    if con_diciembre:
        tablas["poblacion_intramuros_sexo"] = pd.DataFrame(
            {"periodo": [meses[-1]] * 2, "sexo": ["MUJER", "HOMBRE"], "poblacion": [100, 1000]}
        )
    return tipadas(tablas)


def test_cobertura_y_complemento():
    c = cap2.cobertura(5095, 99448)
    assert c == {
        "atendidos": 5095,
        "poblacion": 99448,
        "no_atendidos": 94353,
        "porcentaje": Decimal("5.1"),
        "porcentaje_no": Decimal("94.9"),
    }


def test_partes_redondean_cada_porcentaje_por_separado():
    """139/175 = 79.43, 20/175 = 11.43, 16/175 = 9.14: each n/total half-up (INC-23), not forced to 100."""
    p = cap2.partes({"NOMBRADO": 139, "CAS": 20, "OTROS": 16})
    assert [(x["clave"], x["valor"], x["porcentaje"]) for x in p] == [
        ("nombrado", 139, Decimal("79.4")),
        ("cas", 20, Decimal("11.4")),
        ("otros", 16, Decimal("9.1")),
    ]


@pytest.mark.parametrize(
    "poblacion, profesionales, esperado",
    [(6198, 7, 885), (19249, 20, 962), (4447, 14, 318), (6450, 8, 806), (1, 0, None)],
)
def test_internos_por_profesional(poblacion, profesionales, esperado):
    assert cap2.ratio(poblacion, profesionales) == esperado


def test_serie_promedio_y_variacion_de_enero():
    t = _tablas()
    mensual = cap2.por_mes(t["asistencia_mensual"], "LEGAL", [ENE, FEB])
    assert mensual[ENE]["atendidos"] == {"mujer": 12, "hombre": 92, "total": 104}
    s = cap2.servicio("LEGAL", mensual, {ENE: 1000, FEB: 1100}, [ENE, FEB], [ENE, FEB], FEB)
    assert [f["atendidos"] for f in s["serie"]] == [104, 95]
    assert s["serie"][0]["cobertura"] == Decimal("10.4")
    assert s["variacion"]["atendidos"].absoluta == -9 and s["variacion"]["atendidos"].porcentaje == Decimal(
        "-8.7"
    )
    assert s["variacion"]["atenciones"].sentido == "sin_cambio"
    # mean atendidos 99.5 → 100 (half-up); mean % = 199 / 2,100 = 9.476 → 9.5
    assert s["promedio"] == {"atendidos": 100, "atenciones": 140, "porcentaje": Decimal("9.5")}
    assert s["anual"] == {"atendidos": 199, "atenciones": 280}


def test_por_sexo_sobre_la_poblacion_de_cada_sexo():
    mes = {"atendidos": {"mujer": 644, "hombre": 4451, "total": 5095}}
    r = cap2.por_sexo(mes, {"MUJER": 5186, "HOMBRE": 94262})
    assert (r["mujer"]["porcentaje"], r["mujer"]["no_atendidos"]) == (Decimal("12.4"), 4542)
    assert (r["hombre"]["porcentaje"], r["hombre"]["no_atendidos"]) == (Decimal("4.7"), 89811)


def test_pim_cuenta_violencia_contra_la_mujer_en_otros():
    grupos = _tablas()["delito_grupo"]
    pim = pd.DataFrame(
        {"delito_grupo": ["PATRIMONIO", "VIOLENCIA_MUJER_GF", "OTROS"], "atendidos": [202, 7, 202]}
    )
    r = cap2.pim_grupos(pim, grupos)
    assert r["total"] == 411
    assert [(p["clave"], p["valor"]) for p in r["partes"]] == [("otros", 209), ("patrimonio", 202)]


def test_oficinas_mayor_y_menor_carga_calculadas():
    t = _tablas()
    prof = pd.DataFrame({"codigo_oficina": ["NORTE", "SUR"], "profesionales": [7, 20]})
    pob = pd.DataFrame({"codigo_oficina": ["NORTE", "SUR"], "poblacion": [6198, 4447]})
    o = cap2.oficinas_servicio(prof, pob, t["oficinas_regionales"])
    assert (o["mayor"]["codigo"], o["mayor"]["ratio"]) == ("NORTE", 885)
    assert (o["menor"]["codigo"], o["menor"]["ratio"]) == ("SUR", 222)
    assert o["por_valor"][0]["codigo"] == "SUR" and o["por_valor"][0]["porcentaje"] == Decimal("74.1")
    assert (o["total"], o["poblacion"], o["ratio"]) == (27, 10645, 394)


def test_cuadro_trimestral_con_subtotales_y_total():
    marco = pd.DataFrame(
        {
            "periodo": ["2024-01", "2024-02", "2024-03", "2024-04", "2024-04"],
            "servicio": ["LEGAL"] * 5,
            "situacion_juridica": ["P", "P", "P", "P", "S"],
            "atendidos": [1, 2, 3, 4, 5],
        }
    )
    marco = tipadas(marco)
    c = cap2.cuadro_trimestral(
        marco,
        [
            ("legal", [("servicio", "LEGAL")], "atendidos"),
            ("legal_s", [("servicio", "LEGAL"), ("situacion_juridica", "S")], "atendidos"),
        ],
        [ENE, FEB, MAR, ABR],
    )
    assert [(f["tipo"], f["valores"]["legal"]) for f in c["filas"]] == [
        ("mes", 1),
        ("mes", 2),
        ("mes", 3),
        ("trimestre", 6),
        ("mes", 9),
        ("trimestre", 9),
    ]
    assert c["total"] == {"legal": 15, "legal_s": 5}


def test_calcular_omite_secciones_sin_datos_del_mes():
    r = cap2.calcular(_tablas(), FEB, "anio")
    assert r.disponible and r["inicio"] == ENE
    omitidas = {o.seccion for o in r.omitidas}
    assert {"sexo", "pim", "personal", "profesionales"} <= omitidas
    legal = r["servicios"]["legal"]
    assert legal["sexo"] is None and legal["personal"] is None and legal["oficinas"] is None
    assert r["pim"] is None and r["pti"] is None
    assert list(r["servicios"]) == ["psicologia", "social", "legal"]


def test_calcular_con_desglose_por_sexo():
    r = cap2.calcular(_tablas(con_diciembre=True), FEB, "anio")
    assert r["servicios"]["psicologia"]["sexo"]["mujer"]["atendidos"] == 11
    assert "sexo" not in {o.seccion for o in r.omitidas}


def test_calcular_sin_datos_del_mes_no_disponible():
    r = cap2.calcular(_tablas(), MAR, "anio")
    assert r.disponible is False
    assert ("asistencia_mensual", ("2024-03",)) in r.faltan


def test_enero_no_tiene_variacion():
    r = cap2.calcular(_tablas(meses=("2024-01",)), ENE, "anio")
    assert r["servicios"]["social"]["variacion"] is None


def _esquema(nombre):
    return Esquema(tabla=nombre, archivo=f"cap2/{nombre}.csv", capitulo=2, columnas=())


def test_regla_total_anual_igual_suma_de_meses():
    mensual = _asistencia([(f"2024-{m:02d}", "LEGAL", 1, 2, 3, 4) for m in range(1, 13)])
    anual = pd.DataFrame({"anio": [2024], "servicio": ["LEGAL"], "atendidos": [37], "atenciones": [84]})
    h = reglas.totales_anuales(mensual, anual, _esquema("asistencia_anual_total_impreso"))
    assert len(h) == 1 and "atendidos = 37" in h[0].mensaje and "(36; diferencia +1)" in h[0].mensaje


def test_regla_personal_oficinas_mas_apoyo_igual_regimen():
    regimen = pd.DataFrame(
        {
            "periodo": ["2024-12"] * 3,
            "servicio": ["LEGAL"] * 3,
            "regimen_laboral": ["NOMBRADO", "CAS", "OTROS"],
            "personal": [144, 12, 9],
        }
    )
    funcion = pd.DataFrame(
        {
            "periodo": ["2024-12"] * 2,
            "servicio": ["LEGAL"] * 2,
            "funcion": ["CUMPLE_FUNCION", "APOYO_ADMINISTRATIVO"],
            "personal": [164, 1],
        }
    )
    oficinas = pd.DataFrame(
        {
            "periodo": ["2024-12"] * 2,
            "servicio": ["LEGAL"] * 2,
            "codigo_oficina": ["NORTE", "LIMA"],
            "profesionales": [66, 78],
        }
    )
    esquemas = {n: _esquema(n) for n in ("personal_asistencia_funcion", "profesionales_oficina")}
    h = reglas.personal(regimen, funcion, oficinas, esquemas)
    assert [x.tabla for x in h] == ["profesionales_oficina"]
    assert "(144) + apoyo administrativo (1) = 145" in h[0].mensaje


def test_enero_compara_con_diciembre_cuando_hay_datos():
    """January's change is against the previous December when that month has data, else there is none."""
    con = cap2.calcular(_tablas(("2023-12", "2024-01")), ENE, "anio")
    assert con["comparacion"].tipo == "diciembre" and con["comparacion"].base == Periodo(2023, 12)
    legal = con["servicios"]["legal"]["variacion"]["atendidos"]
    assert (legal.base, legal.actual, legal.absoluta) == (104, 95, -9)  # the hand-built months, in order
    assert con["ventana"].es_un_mes and con["acumulado"].es_un_mes and con["inicio"] == ENE
    sin = cap2.calcular(_tablas(("2024-01",)), ENE, "anio")
    assert sin["comparacion"].tipo == "sin_base" and sin["servicios"]["legal"]["variacion"] is None
    assert "variacion" not in {o.seccion for o in sin.omitidas}  # January has nothing to compare with
