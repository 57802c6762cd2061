"""Chapter V indicators: programas estructurados intramuros (DEVIDA, CREO, TAS).

Two different counts are kept apart on purpose (the 2024 edition mixed them, INC-03/04/37):
  * `atendidos` of a month — participants active in that month (monthly table, V-03);
  * `anual` — participants attended from January to December (cumulative, V-05), which
    only exists once the year is closed, so it is shown in December reports only.
Variations compare the report month with January of the same year (programmes start a
new cycle each year); a January report compares with the previous December when that
month has data. Averages use the window set in config.yaml.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import comparacion_anual, cuotas, ordenar_desc, porcentaje, promedio, variacion, ventana_de
from ..protocolo import Motivo, Omitida, Resultado

PROGRAMAS = ["DEVIDA", "CREO", "TAS"]
MENSUAL = "intramuros_atendidos_mes"
ANUAL = "intramuros_atendidos_ep"
OBJETIVO = "intramuros_poblacion_objetivo"
NACIONAL = "poblacion_regimen_nacional"
FASES = "intramuros_devida_fases"  # optional: empty until the phase counts are supplied
ORDEN_FASES = ["ADAPTACION", "MOTIVACION", "TRATAMIENTO", "SEGUIMIENTO"]
TABLAS = [
    MENSUAL,
    FASES,
    ANUAL,
    OBJETIVO,
    "intramuros_cifras_publicadas",
    NACIONAL,
    "establecimientos",
    "oficinas_regionales",
]


def fila_mes(mensual: pd.DataFrame, p: Periodo) -> dict | None:
    """Attended per programme in one month and their total (the printed total is never read)."""
    mes = mensual[mensual["periodo"] == p]
    if mes.empty:
        return None
    valores = {prog: int(mes.loc[mes["programa"] == prog, "atendidos"].sum()) for prog in PROGRAMAS}
    return {"periodo": p, "trimestre": (p.mes - 1) // 3 + 1, **valores, "total": sum(valores.values())}


def serie_mensual(mensual: pd.DataFrame, periodo: Periodo) -> list[dict]:
    """Months January..report month (months without data skipped)."""
    return [f for p in rango(periodo.enero, periodo) if (f := fila_mes(mensual, p))]


def ventana_meses(periodo: Periodo, ventana: str) -> list[Periodo]:
    """Months averaged: January..report month ('anio') or base December..report month ('desde_base')."""
    return rango(periodo.base_anual if ventana == "desde_base" else periodo.enero, periodo)


def promedios(mensual: pd.DataFrame, meses: list[Periodo]) -> tuple[dict, list[Periodo]]:
    """Average monthly attended per programme and total (half-up to a person) over the months present."""
    filas = [f for p in meses if (f := fila_mes(mensual, p))]
    presentes = [f["periodo"] for f in filas]
    return {c: promedio(f[c] for f in filas) for c in [*PROGRAMAS, "total"]}, presentes


def programas_anuales(anual: pd.DataFrame) -> list[dict]:
    """Annual attended per programme, largest first, with shares of the total and favourable rate."""
    atendidos = {p: int(anual.loc[anual["programa"] == p, "atendidos"].sum()) for p in PROGRAMAS}
    favorables = {p: int(anual.loc[anual["programa"] == p, "evaluacion_favorable"].sum()) for p in PROGRAMAS}
    pct = cuotas(atendidos)
    return [
        {
            "clave": p,
            "valor": atendidos[p],
            "porcentaje": pct[p],
            "favorable": favorables[p],
            "tasa_favorable": porcentaje(favorables[p], atendidos[p]),
        }
        for p in ordenar_desc(atendidos)
    ]


def fases_devida(fases: pd.DataFrame | None, periodo: Periodo) -> dict | None:
    """DEVIDA participants by intervention phase at the month's close, in the programme's order, with shares.

    None while the optional table has no rows for the month: the section then says so to the reader.
    """
    if fases is None:
        return None
    mes = fases[fases["periodo"] == periodo]
    if mes.empty:
        return None
    valores = {f: int(mes.loc[mes["fase"] == f, "internos"].sum()) for f in ORDEN_FASES}
    pct = cuotas(valores)
    filas = [{"clave": f, "valor": valores[f], "porcentaje": pct[f]} for f in ORDEN_FASES]
    return {
        "fases": filas,
        "total": sum(valores.values()),
        "mayor": max(filas, key=lambda f: f["valor"]),
    }


def _conteos(marco: pd.DataFrame, columna: str) -> dict:
    """Per programme and total of one column (the row total is always computed, never read: INC-01)."""
    valores = {p: int(marco.loc[marco["programa"] == p, columna].sum()) for p in PROGRAMAS}
    return {**valores, "total": sum(valores.values())}


def por_oficina(anual: pd.DataFrame, establecimientos: pd.DataFrame, oficinas: pd.DataFrame) -> list[dict]:
    """Offices (institutional order) with their establishments that run a programme; attended and favourable."""
    est = establecimientos.set_index("codigo")
    marco = anual.assign(
        oficina=anual["codigo_ep"].map(est["oficina"]), orden=anual["codigo_ep"].map(est["orden"])
    )
    resultado = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        propias = marco[marco["oficina"] == ofi["codigo"]]
        if propias["atendidos"].sum() == 0:
            continue
        eps = []
        for codigo, filas in sorted(propias.groupby("codigo_ep"), key=lambda g: g[1]["orden"].iloc[0]):
            if filas["atendidos"].sum() > 0:
                eps.append(
                    {
                        "codigo": codigo,
                        "nombre": est.at[codigo, "nombre"],
                        "atendidos": _conteos(filas, "atendidos"),
                        "favorable": _conteos(filas, "evaluacion_favorable"),
                    }
                )
        resultado.append(
            {
                "codigo": ofi["codigo"],
                "nombre": ofi["nombre"],
                "etiqueta": ofi["etiqueta"],
                "atendidos": _conteos(propias, "atendidos"),
                "favorable": _conteos(propias, "evaluacion_favorable"),
                "establecimientos": eps,
            }
        )
    return resultado


def cuotas_oficinas(oficinas: list[dict], programa: str) -> list[dict]:
    """Share of each office in one programme's annual attended, largest first (offices without it left out)."""
    partes = {o["codigo"]: o["atendidos"][programa] for o in oficinas if o["atendidos"][programa] > 0}
    pct = cuotas(partes)
    por_codigo = {o["codigo"]: o for o in oficinas}
    return [
        {
            "codigo": k,
            "nombre": por_codigo[k]["nombre"],
            "etiqueta": por_codigo[k]["etiqueta"],
            "establecimientos": [
                e["nombre"] for e in por_codigo[k]["establecimientos"] if e["atendidos"][programa]
            ],
            "valor": partes[k],
            "porcentaje": pct[k],
        }
        for k in ordenar_desc(partes)
    ]


def cobertura(atendidos: int, poblacion: int) -> dict:
    """Attended vs not attended within a target population (shares rounded each on its own)."""
    partes = {"atendidos": atendidos, "no_atendidos": poblacion - atendidos}
    pct = cuotas(partes)
    return {
        "poblacion": poblacion,
        "atendidos": atendidos,
        "no_atendidos": partes["no_atendidos"],
        "porcentaje": pct["atendidos"],
        "porcentaje_no": pct["no_atendidos"],
    }


def poblacion_creo(objetivo: pd.DataFrame) -> dict:
    """CREO target population by situación jurídica (rows) and age band (columns), with totals."""
    creo = objetivo[(objetivo["programa"] == "CREO") & (objetivo["universo"] == "OBJETIVO")]
    edades = ["DE_18_A_24", "DE_25_A_29"]
    filas = []
    for situacion in ("PROCESADO", "SENTENCIADO"):
        propias = creo[creo["situacion_juridica"] == situacion]
        valores = {e: int(propias.loc[propias["rango_edad"] == e, "poblacion"].sum()) for e in edades}
        filas.append({"clave": situacion, **valores, "total": sum(valores.values())})
    total = {e: sum(f[e] for f in filas) for e in [*edades, "total"]}
    return {"filas": filas, "total": total}


def _tas(
    objetivo: pd.DataFrame, atendidos: int, actual: int, nacional: dict | None, establecimientos
) -> dict | None:
    """TAS coverage in its establishment and the national share of inmates held for sexual offences."""
    tas = objetivo[objetivo["programa"] == "TAS"]
    foco = tas[tas["universo"] == "OBJETIVO"]
    if foco.empty:
        return None
    ambito = foco["ambito"].iloc[0]
    nombres = establecimientos.set_index("codigo")["nombre"]
    referencia = tas[tas["universo"] == "REFERENCIA"]
    resultado = {
        "atendidos": atendidos,
        "actual": actual,
        "ambito": ambito,
        "ambito_nombre": nombres.get(ambito, ambito),
        "cobertura": cobertura(atendidos, int(foco["poblacion"].sum())),
        "referencia": None,
    }
    if not referencia.empty and nacional:
        delitos = int(referencia["poblacion"].sum())
        resultado["referencia"] = {
            "delitos_sexuales": delitos,
            "poblacion_nacional": nacional["total_general"],
            "porcentaje": porcentaje(delitos, nacional["total_general"]),
        }
    return resultado


def _anual(tablas, periodo, actual, cifras, omitidas) -> None:
    """Fill the annual (January–December) sections, or list them as omitted before the year closes."""
    anual = tablas[ANUAL]
    anual = anual[anual["anio"].astype(int) == periodo.anio]
    if periodo.mes != 12 or anual.empty:
        cifras["anual"] = cifras["creo"] = cifras["tas"] = None
        omitidas.append(
            Omitida("atendidos en el año por establecimiento", ANUAL, [periodo], motivo=Motivo.anual(periodo))
        )
        return
    oficinas = por_oficina(anual, tablas["establecimientos"], tablas["oficinas_regionales"])
    programas = programas_anuales(anual)
    por_programa = {p["clave"]: p for p in programas}
    total = _conteos(anual, "atendidos")["total"]
    favorable = _conteos(anual, "evaluacion_favorable")["total"]
    cifras["anual"] = {
        "anio": periodo.anio,
        "programas": programas,
        "oficinas": oficinas,
        "total": {
            "atendidos": _conteos(anual, "atendidos"),
            "favorable": _conteos(anual, "evaluacion_favorable"),
            "tasa_favorable": porcentaje(favorable, total),
        },
    }
    objetivo = tablas[OBJETIVO]
    objetivo = objetivo[objetivo["periodo"] == periodo]
    if objetivo.empty:
        cifras["creo"] = cifras["tas"] = None
        omitidas.append(Omitida("población objetivo CREO y TAS", OBJETIVO, [periodo]))
        return
    pob = poblacion_creo(objetivo)
    creo_oficinas = cuotas_oficinas(oficinas, "CREO")
    cifras["creo"] = {
        "atendidos": por_programa["CREO"]["valor"],
        "actual": actual["CREO"],
        "oficinas": creo_oficinas,
        "n_oficinas": len(creo_oficinas),
        "poblacion": pob,
        "cobertura": cobertura(por_programa["CREO"]["valor"], pob["total"]["total"]),
    }
    nacional = tablas[NACIONAL]
    fila = nacional[nacional["periodo"] == periodo]
    cifras["tas"] = _tas(
        objetivo,
        por_programa["TAS"]["valor"],
        actual["TAS"],
        {"total_general": int(fila["total_general"].iloc[0])} if not fila.empty else None,
        tablas["establecimientos"],
    )


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter V for `periodo`; sections without data are listed in `omitidas`."""
    mensual = tablas[MENSUAL]
    serie = serie_mensual(mensual, periodo)
    if not serie or serie[-1]["periodo"] != periodo:
        return Resultado(False, faltan=[(MENSUAL, [periodo])])
    actual = serie[-1]
    medias, presentes = promedios(mensual, ventana_meses(periodo, ventana))
    anteriores = [p for p in (periodo.base_anual, periodo.enero) if p != periodo and fila_mes(mensual, p)]
    comparacion = comparacion_anual(periodo, anteriores)
    base = fila_mes(mensual, comparacion.base) if comparacion.comparable else None
    cifras = {
        "periodo": periodo,
        "serie": serie,
        "actual": actual,
        "inicio": serie[0]["periodo"],
        "comparacion": comparacion,
        "variacion": {c: variacion(base[c], actual[c]) for c in [*PROGRAMAS, "total"]} if base else None,
        "promedio": medias,
        "ventana": ventana_de(presentes, [p for p in ventana_meses(periodo, ventana) if p not in presentes]),
        "fases": fases_devida(tablas.get(FASES), periodo),
    }
    omitidas = []
    if periodo.mes > 1 and not comparacion.comparable:
        omitidas.append(Omitida("variacion", MENSUAL, [periodo.enero]))
    _anual(tablas, periodo, actual, cifras, omitidas)
    return Resultado(True, cifras, omitidas)
