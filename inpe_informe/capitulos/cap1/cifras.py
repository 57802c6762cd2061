"""Chapter I indicators: población penal por régimen y etapa (Base A, without CEREC).

Stocks at month end. Variations compare the report month with December of the
previous year (the base month); averages use the window set in config.yaml.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import cuota_total, cuotas, ordenar_desc, promedio, variacion, ventana_de
from ..protocolo import Omitida, Resultado

COLUMNAS = [
    "total_general",
    "total_rco",
    "rco_maxima",
    "rco_mediana",
    "rco_minima",
    "total_rce",
    "rce_a",
    "rce_b",
    "rce_c",
    "periodo_observacion",
]
REGIMENES = ["total_rco", "total_rce", "periodo_observacion"]
ETAPAS_RCO = ["rco_maxima", "rco_mediana", "rco_minima"]
ETAPAS_RCE = ["rce_a", "rce_b", "rce_c"]
NACIONAL = "poblacion_regimen_nacional"
DETALLE = "poblacion_regimen_ep"
# Tables this chapter reads (the printed office subtotals are only validated).
TABLAS = [NACIONAL, "poblacion_regimen_oficina", DETALLE, "establecimientos", "oficinas_regionales"]


def _filas(marco: pd.DataFrame) -> dict[Periodo, dict]:
    """Rows of a monthly table keyed by periodo, counts as int."""
    return {f["periodo"]: {c: int(f[c]) for c in COLUMNAS} for _, f in marco.iterrows()}


def ventana_promedio(periodo: Periodo, ventana: str) -> list[Periodo]:
    """Months averaged: January..report month ('anio') or base month..report month ('desde_base')."""
    return rango(periodo.base_anual if ventana == "desde_base" else periodo.enero, periodo)


def serie_mensual(nacional: dict, periodo: Periodo) -> list[dict]:
    """National rows from the base month to the report month, in order (months without data skipped)."""
    return [{"periodo": p, **nacional[p]} for p in rango(periodo.base_anual, periodo) if p in nacional]


def composicion(fila: dict, columnas: list[str]) -> list[dict]:
    """Parts of a whole at one month, largest first, with shares, each rounded half-up on its own."""
    partes = {c: fila[c] for c in columnas}
    pct = cuotas(partes)
    total = sum(partes.values())
    return [
        {"clave": c, "valor": partes[c], "porcentaje": pct[c], "mayoria": 2 * partes[c] > total}
        for c in ordenar_desc(partes)
    ]


def por_oficina(detalle: pd.DataFrame, establecimientos: pd.DataFrame, oficinas: pd.DataFrame) -> list[dict]:
    """Offices in institutional order, each with its totals and its establishments."""
    est = establecimientos.set_index("codigo")
    unido = detalle.assign(
        oficina=detalle["codigo_ep"].map(est["oficina"]),
        orden=detalle["codigo_ep"].map(est["orden"]),
        nombre=detalle["codigo_ep"].map(est["nombre"]),
    )
    resultado = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        propias = unido[unido["oficina"] == ofi["codigo"]].sort_values("orden")
        resultado.append(
            {
                "codigo": ofi["codigo"],
                "nombre": ofi["nombre"],
                "sede": ofi["sede"],
                "etiqueta": ofi["etiqueta"],
                **{c: int(propias[c].sum()) for c in COLUMNAS},
                "establecimientos": [
                    {"codigo": f["codigo_ep"], "nombre": f["nombre"], **{c: int(f[c]) for c in COLUMNAS}}
                    for _, f in propias.iterrows()
                ],
            }
        )
    return resultado


def cuotas_oficina(oficinas: list[dict], columna: str) -> list[dict]:
    """Share of each office in one column (e.g. total_rco), largest first."""
    partes = {o["codigo"]: o[columna] for o in oficinas}
    pct = cuotas(partes)
    por_codigo = {o["codigo"]: o for o in oficinas}
    return [
        {
            "codigo": k,
            "nombre": por_codigo[k]["nombre"],
            "etiqueta": por_codigo[k]["etiqueta"],
            "valor": partes[k],
            "porcentaje": pct[k],
        }
        for k in ordenar_desc(partes)
    ]


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter I for `periodo`; sections without data are listed in `omitidas`."""
    nacional = _filas(tablas[NACIONAL])
    actual = nacional.get(periodo)
    if actual is None:
        return Resultado(False, faltan=[(NACIONAL, [periodo])])
    base = periodo.base_anual
    meses_ventana = ventana_promedio(periodo, ventana)
    presentes = [p for p in meses_ventana if p in nacional]
    omitidas = []
    cifras = {
        "periodo": periodo,
        "base": base,
        "serie": serie_mensual(nacional, periodo),
        "actual": actual,
        "ventana": ventana_de(presentes, [p for p in meses_ventana if p not in nacional]),
        "promedio": {c: promedio(nacional[p][c] for p in presentes) for c in COLUMNAS},
        "regimenes": composicion(actual, REGIMENES),
        "etapas_rco": composicion(actual, ETAPAS_RCO),
        "etapas_rce": composicion(actual, ETAPAS_RCE),
    }
    if base in nacional:
        cifras["variacion"] = {c: variacion(nacional[base][c], actual[c]) for c in COLUMNAS}
    else:
        cifras["variacion"] = None
        omitidas.append(Omitida("variacion", NACIONAL, [base]))
    detalle = tablas[DETALLE]
    detalle = detalle[detalle["periodo"] == periodo]
    if detalle.empty:
        cifras["oficinas"] = None
        omitidas.append(Omitida("oficinas", DETALLE, [periodo]))
    else:
        oficinas = por_oficina(detalle, tablas["establecimientos"], tablas["oficinas_regionales"])
        for columna in ("total_rco", "total_rce"):
            pct = {c["codigo"]: c["porcentaje"] for c in cuotas_oficina(oficinas, columna)}
            for o in oficinas:
                o[f"cuota_{columna}"] = pct[o["codigo"]]
        cifras["oficinas"] = {
            "institucional": oficinas,
            "por_total": sorted(oficinas, key=lambda o: -o["total_general"]),
            "cuotas_rco": cuotas_oficina(oficinas, "total_rco"),
            "cuotas_rce": cuotas_oficina(oficinas, "total_rce"),
            "total": {
                **{c: sum(o[c] for o in oficinas) for c in COLUMNAS},
                **{
                    f"cuota_{c}": cuota_total(o[f"cuota_{c}"] for o in oficinas)
                    for c in ("total_rco", "total_rce")
                },
            },
        }
    return Resultado(True, cifras, omitidas)
