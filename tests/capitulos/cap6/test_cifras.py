"""Chapter VI indicators and cross-table rules on tiny hand-built frames with explicit expected values."""

from decimal import Decimal

import pandas as pd
import pytest
from conftest import tipadas

from inpe_informe.capitulos.cap6 import cifras as cap6
from inpe_informe.capitulos.cap6 import reglas as reglas6
from inpe_informe.periods import Periodo

P = Periodo.parse


def _atendidos(filas):
    """Rows (periodo, programa, eml, atendidos, incluido) as the validated table (booleans as objects)."""
    marco = pd.DataFrame(
        filas, columns=["periodo", "programa", "codigo_eml", "atendidos", "incluido_en_total"]
    )
    marco["incluido_en_total"] = marco["incluido_en_total"].astype(object)
    return tipadas(marco)


class _Esquema:
    def __init__(self, tabla):
        self.tabla, self.archivo, self.capitulo = tabla, f"cap6/{tabla}.csv", 6


ESQUEMAS = {t: _Esquema(t) for t in reglas6.TABLAS}


@pytest.mark.parametrize(
    "primero, ultimo, meses, esperado",
    [
        (640, 513, 12, Decimal("-2.0")),  # FOCOS: (513/640)^(1/11) − 1 = −1.99%
        (18, 12, 12, Decimal("-3.6")),  # RETO: −3.62%
        (149, 179, 12, Decimal("1.7")),  # No más problemas: +1.68%
        (384, 437, 12, Decimal("1.2")),  # TIM: +1.18% (the 2024 edition printed 1.1 with exponent 1/12)
        (100, 121, 3, Decimal("10.0")),  # (1.21)^(1/2) − 1 = 10% exactly
    ],
)
def test_tasa_mensual_compuesta(primero, ultimo, meses, esperado):
    assert cap6.tasa_mensual(primero, ultimo, meses) == esperado


def test_tasa_indefinida_y_palabra():
    assert cap6.tasa_mensual(0, 10, 12) is None and cap6.tasa_mensual(10, 12, 1) is None
    assert [cap6.sentido(v) for v in (Decimal("-2.0"), Decimal("1.2"), Decimal("0.0"), None)] == [
        "decrecimiento",
        "crecimiento",
        "sin_cambio",
        "sin_cambio",
    ]


def test_serie_suma_solo_filas_del_total():
    """A row printed outside the total (AREE Cusco) is not added to the programme's monthly total."""
    marco = _atendidos(
        [
            ("2024-01", "AREE", "YANAHUARA", 68, True),
            ("2024-01", "AREE", "RESTO", 96, True),
            ("2024-01", "AREE", "CUSCO", 14, False),
            ("2024-02", "AREE", "YANAHUARA", 59, True),
        ]
    )
    serie = cap6.serie_programa(marco, "AREE", [P("2024-01"), P("2024-02"), P("2024-03")])
    assert [(s["periodo"], s["atendidos"]) for s in serie] == [(P("2024-01"), 164), (P("2024-02"), 59)]


def test_filas_eml_ordenadas_resto_y_excluidas_al_final():
    marco = _atendidos(
        [
            ("2024-01", "X", "RESTO", 5, True),
            ("2024-01", "X", "CUSCO", 3, False),
            ("2024-01", "X", "PUNO", 2, True),
            ("2024-01", "X", "TUMBES", 1, True),
        ]
    )
    filas = cap6.tabla_eml(
        marco,
        "X",
        [P("2024-01"), P("2024-02")],
        {"PUNO": "Puno", "TUMBES": "Tumbes", "CUSCO": "Cusco"},
        {"TUMBES": 1, "CUSCO": 23, "PUNO": 30},
    )
    assert [f["codigo"] for f in filas] == ["TUMBES", "PUNO", "CUSCO", "RESTO"]
    assert filas[0]["valores"] == [1, None] and not filas[2]["incluido"] and filas[3]["resto"]


def test_promedio_de_penas_mitad_hacia_arriba():
    """FOCOS: 150 penas in 12 months = 12.5 → 13 (Python's round would give 12)."""
    penas = pd.DataFrame(
        {
            "periodo": [P(f"2024-{m:02d}") for m in range(1, 13)],
            "programa": "FOCOS",
            "penas_cumplidas": [11, 5, 9, 14, 16, 12, 15, 16, 9, 16, 10, 17],
            "confianza": "CIERTA",
        }
    )
    r = cap6.penas_programa(penas, "FOCOS", [P(f"2024-{m:02d}") for m in range(1, 13)])
    assert (r["total"], r["promedio"], r["mensual_confiable"]) == (150, 13, True)
    penas.loc[0, "confianza"] = "CONJETURA"
    assert cap6.penas_programa(penas, "FOCOS", [P("2024-01")])["mensual_confiable"] is False


def test_resultados_por_etapa_y_consistencia():
    logro = pd.DataFrame(
        {
            "periodo": P("2024-12"),
            "programa": ["FOCOS", "FOCOS", "AREE", "AREE"],
            "etapa": ["INTERVENCION", "SEGUIMIENTO", "INTERVENCION", "SEGUIMIENTO"],
            "atendidos": [182, 331, 65, 77],
            "con_logro": [162, 305, 57, 73],
        }
    )
    focos = cap6.resultados(logro, "FOCOS", P("2024-12"), 513)
    assert focos["etapas"]["intervencion"]["porcentaje"] == Decimal("89.0")
    assert focos["etapas"]["seguimiento"]["porcentaje"] == Decimal("92.1")
    assert (focos["con_logro"], focos["porcentaje"], focos["consistente"]) == (467, Decimal("91.0"), True)
    aree = cap6.resultados(logro, "AREE", P("2024-12"), 108)
    assert (aree["atendidos"], aree["consistente"]) == (142, False)
    assert cap6.resultados(logro, "FOCOS", P("2024-09"), 507) is None


def test_resumen_programas_estructurados_suma_cien():
    programas = [
        {"codigo": c, "nombre": c, "actual": v, "estructurado": c != "TIM"}
        for c, v in [
            ("FOCOS", 513),
            ("RETO", 12),
            ("CAPAS", 437),
            ("NMP", 179),
            ("AREE", 108),
            ("YUPACHAY", 64),
            ("TIM", 437),
        ]
    ]
    r = cap6.resumen(programas)
    assert r["total"] == 1313 and r["mayor"] == "FOCOS"
    assert [x["porcentaje"] for x in r["programas"]] == [
        Decimal(v) for v in ("39.1", "0.9", "33.3", "13.6", "8.2", "4.9")
    ]
    assert sum(x["porcentaje"] for x in r["programas"]) == Decimal("100.0")


def test_trimestres_del_encabezado():
    meses = [P(f"2024-{m:02d}") for m in range(1, 10)]
    assert cap6.trimestres(meses) == [
        {"indice": 0, "meses": 3},
        {"indice": 1, "meses": 3},
        {"indice": 2, "meses": 3},
    ]
    assert cap6.trimestres(meses[:5]) == [{"indice": 0, "meses": 3}, {"indice": 1, "meses": 2}]


def _referencias():
    eml = pd.DataFrame(
        {
            "codigo": ["PIURA", "HUANUCO"],
            "nombre": ["Piura", "Huánuco"],
            "oficina": ["NORTE", "ORIENTE"],
            "orden": [3, 21],
        }
    )
    oficinas = pd.DataFrame({"codigo": ["NORTE", "ORIENTE"], "nombre": ["Norte", "Oriente"], "orden": [1, 5]})
    return eml, oficinas


def test_reinsercion_logro_y_modalidad():
    eml, oficinas = _referencias()
    metas = pd.DataFrame(
        {
            "anio": 2024,
            "codigo_eml": ["PIURA", "PIURA", "HUANUCO", "HUANUCO"],
            "condicion": ["NUEVO", "SEGUIMIENTO"] * 2,
            "meta_programada": [5, 8, 2, 1],
            "insertados": [5, 8, 3, 1],
        }
    )
    modalidad = pd.DataFrame(
        {"anio": 2024, "modalidad_empleo": ["INDEPENDIENTE", "DEPENDIENTE"], "insertados": [13, 4]}
    )
    r = cap6.reinsercion(metas, modalidad, eml, oficinas, 2024)
    assert r["total"]["programada"]["total"] == 16 and r["total"]["insertados"]["total"] == 17
    assert r["logro"] == Decimal("106.3") and [e["codigo"] for e in r["supera_meta"]] == ["HUANUCO"]
    assert r["modalidad_cuadra"] and r["modalidad"][0] == {
        "clave": "independiente",
        "valor": 13,
        "porcentaje": Decimal("76.5"),
    }
    assert cap6.reinsercion(metas, modalidad, eml, oficinas, 2025) is None


def test_capacitados_cuentan_cetpro_y_cursos_no_ceba_ni_talleres():
    eml, oficinas = _referencias()
    datos = pd.DataFrame(
        {
            "anio": 2024,
            "codigo_eml": ["PIURA"] * 5,
            "tipo_capacitacion": cap6.TIPOS_CAPACITACION,
            "personas": [17, 9, 4, 8, 60],
        }
    )
    r = cap6.capacitacion(datos, eml, oficinas, 2024)
    assert (r["capacitados"], r["cursos"]) == (34, 26)
    assert r["talleres_oficina"] == [{"codigo": "NORTE", "nombre": "Norte", "valor": 60}]


def test_campanas_totales_son_suma_de_celdas():
    eml, oficinas = _referencias()
    mega = pd.DataFrame(
        {
            "campana": [1, 1, 2],
            "fecha": ["2024-01-12", "2024-01-12", "2024-02-23"],
            "codigo_oficina": ["NORTE", "ORIENTE", "NORTE"],
            "actividades": [2, 0, 7],
            "participantes": [160, 0, 309],
            "confianza": ["CIERTA", "CIERTA", "CONJETURA"],
        }
    )
    r = cap6.megacampanas(mega, oficinas, 2024)
    assert (r["participantes"], r["actividades"]) == (469, 9)
    assert (
        r["campanas"][0]["dia"] == 12
        and r["campanas"][0]["mes"] == P("2024-01")
        and r["campanas"][1]["conjetura"]
    )
    locales = pd.DataFrame(
        {"anio": 2024, "codigo_eml": ["PIURA", "HUANUCO"], "campanas": [1, 1], "participantes": [40, 235]}
    )
    campanas = cap6.campanas_locales(locales, eml, oficinas, 2024)
    assert (
        campanas["total"] == {"campanas": 2, "participantes": 275}
        and campanas["mayor"]["nombre"] == "Oriente"
    )
    assert campanas["mayor"]["porcentaje"] == Decimal("85.5")


def test_regla_total_publicado_y_fila_fuera_del_total():
    marco = _atendidos([("2024-01", "AREE", "YANAHUARA", 68, True), ("2024-01", "AREE", "CUSCO", 14, False)])
    publicado = pd.DataFrame({"periodo": [P("2024-01")], "programa": ["AREE"], "atendidos": [164]})
    textos = [h.mensaje for h in reglas6.totales_programas(marco, publicado, ESQUEMAS)]
    assert any("164 no es la suma de los E.M.L. (68)" in t for t in textos)
    assert any("fuera del total" in t for t in textos)


def test_regla_etapas_que_no_suman_el_mes():
    marco = _atendidos([("2024-12", "AREE", "YANAHUARA", 108, True)])
    logro = pd.DataFrame(
        {
            "periodo": P("2024-12"),
            "programa": "AREE",
            "etapa": ["INTERVENCION", "SEGUIMIENTO"],
            "atendidos": [65, 77],
            "con_logro": [57, 78],
        }
    )
    textos = [h.mensaje for h in reglas6.resultados_mes(logro, marco, ESQUEMAS)]
    assert any("142 atendidos frente a 108" in t for t in textos)
    assert any("con_logro 78 mayor que atendidos 77" in t for t in textos)


def test_regla_total_impreso_de_campanas():
    locales = pd.DataFrame({"anio": 2024, "codigo_eml": ["PIURA"], "campanas": [65], "participantes": [3265]})
    mega = pd.DataFrame({"campana": [1], "actividades": [9], "participantes": [500]})
    cifras = pd.DataFrame(
        {
            "indicador": ["campanas_locales", "participantes_campanas_locales", "participantes_campana_1"],
            "ambito": "NACIONAL",
            "valor": [92, 3265, 600],
            "lineas": ["12468", "12522", "12312"],
        }
    )
    textos = [h.mensaje for h in reglas6.campanas(mega, locales, cifras, ESQUEMAS)]
    assert len(textos) == 2
    assert (
        "imprime 92 pero las celdas suman 65" in textos[0]
        and "imprime 600 pero las celdas suman 500" in textos[1]
    )


def test_actividades_de_cada_megacampana_y_regla():
    detalle = pd.DataFrame(
        {
            "campana": [1, 1, 3, 3],
            "tipo_actividad": ["LIMPIEZA_PLAYAS", "LIMPIEZA_PLAYAS", "INSTITUCIONES", "REFORESTACION"],
            "lugar": ["Playa A", "Playa B", None, None],
            "cantidad": pd.array([1, 1, 3, None], dtype="Int64"),
        }
    )
    assert cap6.actividades_campana(detalle, 1) == [
        {"clave": "limpieza_playas", "lugares": ["Playa A", "Playa B"], "cantidad": 2}
    ]
    assert [a["cantidad"] for a in cap6.actividades_campana(detalle, 3)] == [3, None]
    mega = pd.DataFrame({"campana": [1, 1, 3], "actividades": [1, 2, 29]})
    textos = [h.mensaje for h in reglas6.actividades(mega, detalle, ESQUEMAS)]
    assert textos == [
        "el texto detalla 2 actividades y el cuadro suma 3"
    ]  # campaign 3 has an unknown count: skipped


def _programa(filas, periodo):
    """One programme computed from hand-built monthly rows (no penas, no results)."""
    info = {
        "programa": "AREE",
        "nombre": "AREE",
        "es_programa_estructurado": True,
        "termino_poblacion": "sentenciados",
        "tiene_etapas": False,
        "registra_penas_cumplidas": False,
    }
    tablas = {
        cap6.ATENDIDOS: _atendidos(filas),
        cap6.LOGRO: pd.DataFrame(columns=["periodo", "programa", "etapa", "atendidos", "con_logro"]),
    }
    meses = [P(f"{periodo.anio}-{n:02d}") for n in range(1, periodo.mes + 1)]
    return cap6.programa(info, tablas, periodo, meses, {"PUNO": "Puno"}, {"PUNO": 1, "RESTO": 99})


def test_enero_compara_con_diciembre_y_sin_el_no_hay_variacion():
    """January: the change is against the previous December when it has data; never a month against itself."""
    con = _programa(
        [("2024-12", "AREE", "PUNO", 50, True), ("2025-01", "AREE", "PUNO", 60, True)], P("2025-01")
    )
    assert con["comparacion"].tipo == "diciembre" and con["ventana"].es_un_mes
    assert (con["variacion"].base, con["variacion"].actual) == (50, 60) and con["tasa"]["valor"] is None
    sin = _programa([("2025-01", "AREE", "PUNO", 60, True)], P("2025-01"))
    assert sin["comparacion"].tipo == "sin_base" and sin["variacion"] is None
    marzo = _programa(
        [
            ("2025-01", "AREE", "PUNO", 60, True),
            ("2025-02", "AREE", "RESTO", 8, True),
            ("2025-03", "AREE", "PUNO", 66, True),
        ],
        P("2025-03"),
    )
    assert marzo["comparacion"].tipo == "anio" and marzo["variacion"].base == 60
    assert [(t.desde, t.hasta) for t in marzo["sin_desagregar"]] == [(P("2025-02"), P("2025-02"))]
