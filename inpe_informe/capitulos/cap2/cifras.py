"""Chapter II indicators: Asistencia Penitenciaria (psicología, social, legal), PIM and PTI.

One set of functions applied to the three services. The population base is the
intramuros population "POPE" (Base B, which includes the CEREC), unlike Chapter I.
Variations compare the report month with January of the same year (the chapter's
basis, stated in the text); a January report compares with the previous December when
that month has data. Averages use the months of the configured window that exist in
the data.
Staff shares are rounded half-up one by one, so that each one is n/total as a reader
would compute it (the published errata INC-23…25 are judged that way); they may add
up to 99.9 or 100.1.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import (
    comparacion_anual,
    ordenar_desc,
    porcentaje,
    promedio,
    redondear,
    variacion,
    ventana_de,
)
from ..protocolo import Omitida, Resultado

SERVICIOS = ["PSICOLOGIA", "SOCIAL", "LEGAL"]  # order of sections 2.1, 2.2, 2.3
MEDIDAS = ["atendidos", "atenciones"]
ASISTENCIA = "asistencia_mensual"
POBLACION = "poblacion_intramuros_mensual"
TABLAS = [
    ASISTENCIA,
    POBLACION,
    "poblacion_intramuros_sexo",
    "poblacion_intramuros_oficina",
    "pim_mensual",
    "delito_grupo",
    "pti_mensual",
    "personal_asistencia_regimen",
    "personal_asistencia_funcion",
    "profesionales_oficina",
    "oficinas_regionales",
    # printed totals, read only to be validated against their detail (QA report)
    "asistencia_mensual_impreso",
    "asistencia_anual_total_impreso",
    "pim_mensual_total_impreso",
    "pti_mensual_total_impreso",
]
REGIMENES = ["NOMBRADO", "CAS", "OTROS"]
PRIMERO = object()  # servicio(): compare with the first month of the series
SITUACIONES = ["PROCESADO", "SENTENCIADO"]


def clave(codigo: str) -> str:
    """Template key of a service or category code: 'PSICOLOGIA' → 'psicologia'."""
    return codigo.lower()


def _mes(marco: pd.DataFrame, periodo: Periodo) -> pd.DataFrame:
    return marco[marco["periodo"] == periodo]


def meses_con_datos(marco: pd.DataFrame, desde: Periodo, hasta: Periodo) -> list[Periodo]:
    """Months of [desde, hasta] present in a monthly table."""
    presentes = set(marco["periodo"])
    return [p for p in rango(desde, hasta) if p in presentes]


def ventana_promedio(periodo: Periodo, ventana: str, disponibles: list[Periodo]) -> list[Periodo]:
    """Months averaged: January..report month, or base month..report month, limited to months with data."""
    desde = periodo.base_anual if ventana == "desde_base" else periodo.enero
    return [p for p in rango(desde, periodo) if p in disponibles]


def cobertura(atendidos: int, poblacion: int) -> dict:
    """Atendidos as a share of the population, with the complement (no atendidos)."""
    return {
        "atendidos": atendidos,
        "poblacion": poblacion,
        "no_atendidos": poblacion - atendidos,
        "porcentaje": porcentaje(atendidos, poblacion),
        "porcentaje_no": porcentaje(poblacion - atendidos, poblacion),
    }


def partes(valores: dict) -> list[dict]:
    """Parts of a whole, largest first, each share rounded half-up on its own (n / total)."""
    total = sum(int(v) for v in valores.values())
    return [
        {"clave": clave(k), "valor": int(valores[k]), "porcentaje": porcentaje(valores[k], total)}
        for k in ordenar_desc(valores)
    ]


def por_mes(asistencia: pd.DataFrame, servicio: str, meses: list[Periodo]) -> dict[Periodo, dict]:
    """Atendidos and atenciones of one service by month and sex: {periodo: {medida: {mujer, hombre, total}}}."""
    propio = asistencia[asistencia["servicio"] == servicio]
    filas = {}
    for p in meses:
        mes = _mes(propio, p).set_index("sexo")
        filas[p] = {
            m: {
                "mujer": int(mes.at["MUJER", m]),
                "hombre": int(mes.at["HOMBRE", m]),
                "total": int(mes[m].sum()),
            }
            for m in MEDIDAS
        }
    return filas


def serie_servicio(mensual: dict, poblacion: dict, meses: list[Periodo]) -> list[dict]:
    """Monthly totals of one service with the month's population and coverage (% of POPE)."""
    return [
        {
            "periodo": p,
            "atendidos": mensual[p]["atendidos"]["total"],
            "atenciones": mensual[p]["atenciones"]["total"],
            "poblacion": poblacion[p],
            "cobertura": porcentaje(mensual[p]["atendidos"]["total"], poblacion[p]),
        }
        for p in meses
    ]


def promedios(serie: list[dict], meses: list[Periodo]) -> dict:
    """Mean atendidos and atenciones over the window, and mean coverage = mean atendidos / mean POPE."""
    filas = [f for f in serie if f["periodo"] in meses]
    return {
        "atendidos": promedio(f["atendidos"] for f in filas),
        "atenciones": promedio(f["atenciones"] for f in filas),
        "porcentaje": porcentaje(sum(f["atendidos"] for f in filas), sum(f["poblacion"] for f in filas)),
    }


def por_sexo(mes: dict, poblacion_sexo: dict) -> dict:
    """Coverage of women and men at the report month (atendidos of each sex over POPE of that sex)."""
    return {s: cobertura(mes["atendidos"][s], poblacion_sexo[s.upper()]) for s in ("mujer", "hombre")}


def pim_grupos(pim_mes: pd.DataFrame, grupos: pd.DataFrame) -> dict:
    """PIM atendidos of one month by the chart's crime groups (C/Mujer counts in «Otros», INC-20)."""
    destino = dict(zip(grupos["codigo"], grupos["grupo_grafico"]))
    sumas = pim_mes.assign(grupo=pim_mes["delito_grupo"].map(destino)).groupby("grupo")["atendidos"].sum()
    valores = {g: int(sumas.get(g, 0)) for g in dict.fromkeys(grupos.sort_values("orden")["grupo_grafico"])}
    return {"total": sum(valores.values()), "partes": partes(valores)}


def ratio(poblacion: int, profesionales: int) -> int | None:
    """Internos per professional, rounded half-up to a whole person."""
    return int(redondear(Fraction(poblacion, profesionales), 0)) if profesionales else None


def oficinas_servicio(profesionales: pd.DataFrame, poblacion: pd.DataFrame, oficinas: pd.DataFrame) -> dict:
    """Professionals by office with their share, population and load; the highest and lowest load are computed."""
    prof = dict(zip(profesionales["codigo_oficina"], profesionales["profesionales"].astype(int)))
    pob = dict(zip(poblacion["codigo_oficina"], poblacion["poblacion"].astype(int)))
    total = sum(prof.values())
    filas = [
        {
            "codigo": o["codigo"],
            "nombre": o["nombre"],
            "sede": o["sede"],
            "etiqueta": o["etiqueta"],
            "valor": prof.get(o["codigo"], 0),
            "porcentaje": porcentaje(prof.get(o["codigo"], 0), total),
            "poblacion": pob.get(o["codigo"], 0),
            "ratio": ratio(pob.get(o["codigo"], 0), prof.get(o["codigo"], 0)),
        }
        for _, o in oficinas.sort_values("orden").iterrows()
    ]
    con_ratio = [f for f in filas if f["ratio"] is not None]
    por_carga = sorted(con_ratio, key=lambda f: -f["ratio"])
    return {
        "institucional": filas,
        "por_valor": sorted(filas, key=lambda f: -f["valor"]),
        "por_carga": por_carga,
        "mayor": por_carga[0],
        "menor": por_carga[-1],
        "total": total,
        "poblacion": sum(pob.values()),
        "ratio": ratio(sum(pob.values()), total),
    }


def personal_servicio(regimen: pd.DataFrame, funcion: pd.DataFrame) -> dict:
    """December staff of one area by labour regime and by function (cumple función / apoyo)."""
    por_regimen = {r: int(regimen.loc[regimen["regimen_laboral"] == r, "personal"].sum()) for r in REGIMENES}
    por_funcion = dict(zip(funcion["funcion"], funcion["personal"].astype(int)))
    return {
        "total": sum(por_regimen.values()),
        "regimen": partes(por_regimen),
        "cumple_funcion": por_funcion.get("CUMPLE_FUNCION", 0),
        "apoyo": por_funcion.get("APOYO_ADMINISTRATIVO", 0),
    }


def trimestre(p: Periodo) -> int:
    """Calendar quarter (1–4) of a month."""
    return (p.mes - 1) // 3 + 1


def cuadro_trimestral(marco: pd.DataFrame, columnas: list[tuple], meses: list[Periodo]) -> dict:
    """A months × columns table with a subtotal row after each quarter and a total row.

    `columnas` are (id, [(column, value), …], measure): the measure summed over the rows
    of `marco` matching every (column, value) pair.
    """

    def sumas_por_mes(filtros, medida) -> dict:
        """The measure summed per month over the rows matching every filter: one selection per column."""
        elegidas = pd.Series(True, index=marco.index)
        for c, v in filtros:
            elegidas &= marco[c] == v
        return marco.loc[elegidas].groupby("periodo", sort=False)[medida].sum().to_dict()

    sumas = {cid: sumas_por_mes(f, m) for cid, f, m in columnas}
    filas, pendientes = [], []
    for i, p in enumerate(meses):
        fila = {
            "tipo": "mes",
            "periodo": p,
            "valores": {cid: int(sumas[cid].get(p, 0)) for cid, _f, _m in columnas},
        }
        filas.append(fila)
        pendientes.append(fila)
        if i == len(meses) - 1 or trimestre(meses[i + 1]) != trimestre(p):
            filas.append(
                {
                    "tipo": "trimestre",
                    "numero": trimestre(p),
                    "valores": {cid: sum(x["valores"][cid] for x in pendientes) for cid, _f, _m in columnas},
                }
            )
            pendientes = []
    total = {cid: sum(f["valores"][cid] for f in filas if f["tipo"] == "mes") for cid, _f, _m in columnas}
    return {"filas": filas, "total": total}


def servicio(
    codigo: str,
    mensual: dict,
    poblacion: dict,
    meses: list[Periodo],
    ventana: list[Periodo],
    periodo: Periodo,
    base: Periodo | None = PRIMERO,
) -> dict:
    """Every figure of one service section that needs only monthly data.

    The change is from `base` (calcular passes the month Comparacion chose, None for no change);
    by default from the first month of `meses`, none when that is the report month itself.
    """
    serie = serie_servicio(mensual, poblacion, meses)
    actual = serie[-1]
    if base is PRIMERO:
        base = meses[0] if meses[0] != periodo else None
    desde = serie_servicio(mensual, poblacion, [base])[0] if base else None
    return {
        "codigo": codigo,
        "clave": clave(codigo),
        "serie": serie,
        "actual": actual,
        "variacion": {m: variacion(desde[m], actual[m]) for m in MEDIDAS} if desde else None,
        "cobertura": cobertura(actual["atendidos"], actual["poblacion"]),
        "promedio": promedios(serie, ventana),
        "anual": {m: sum(f[m] for f in serie) for m in MEDIDAS},
        "sexo": None,
        "pim": None,
        "personal": None,
        "oficinas": None,
    }


def _tabla_mes(tablas, nombre, periodo, omitidas, seccion) -> pd.DataFrame | None:
    """Rows of `nombre` for the report month, or None (and the section listed as omitted)."""
    filas = _mes(tablas[nombre], periodo)
    if filas.empty:
        omitidas.append(Omitida(seccion, nombre, [periodo]))
        return None
    return filas


def detalle_del_mes(
    tablas: dict, periodo: Periodo, servicios: dict, mensual: dict, omitidas: list
) -> dict | None:
    """Fill each service's sections that exist only for some months (sex, PIM, staff, offices).

    Returns the population by sex of the month (None when it is not published).
    """
    sexo = _tabla_mes(tablas, "poblacion_intramuros_sexo", periodo, omitidas, "sexo")
    pob_sexo = dict(zip(sexo["sexo"], sexo["poblacion"].astype(int))) if sexo is not None else None
    pim_mes = _tabla_mes(tablas, "pim_mensual", periodo, omitidas, "pim")
    regimen = _tabla_mes(tablas, "personal_asistencia_regimen", periodo, omitidas, "personal")
    funcion = _mes(tablas["personal_asistencia_funcion"], periodo)
    prof = _tabla_mes(tablas, "profesionales_oficina", periodo, omitidas, "profesionales")
    pob_ofi = _mes(tablas["poblacion_intramuros_oficina"], periodo)
    if prof is not None and pob_ofi.empty:
        omitidas.append(Omitida("profesionales", "poblacion_intramuros_oficina", [periodo]))
        prof = None
    for codigo in SERVICIOS:
        s = servicios[clave(codigo)]
        if pob_sexo:
            s["sexo"] = por_sexo(mensual[clave(codigo)][periodo], pob_sexo)
        if pim_mes is not None:
            s["pim"] = pim_grupos(pim_mes[pim_mes["servicio"] == codigo], tablas["delito_grupo"])
        if regimen is not None:
            s["personal"] = personal_servicio(
                regimen[regimen["servicio"] == codigo], funcion[funcion["servicio"] == codigo]
            )
        if prof is not None:
            s["oficinas"] = oficinas_servicio(
                prof[prof["servicio"] == codigo], pob_ofi, tablas["oficinas_regionales"]
            )
    return pob_sexo


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter II for `periodo`; sections without data are listed in `omitidas`."""
    asistencia, pob = tablas[ASISTENCIA], tablas[POBLACION]
    faltan = [(t, [periodo]) for t in (ASISTENCIA, POBLACION) if _mes(tablas[t], periodo).empty]
    if faltan:
        return Resultado(False, faltan=faltan)
    con_datos = [
        p
        for p in meses_con_datos(asistencia, periodo.base_anual, periodo)
        if p in meses_con_datos(pob, periodo.base_anual, periodo)
    ]
    meses = [p for p in con_datos if p >= periodo.enero]
    comparacion = comparacion_anual(periodo, [p for p in con_datos if p != periodo])
    poblacion = {p: int(_mes(pob, p)["poblacion"].sum()) for p in con_datos}
    prom = ventana_promedio(periodo, ventana, meses)
    omitidas = []
    mensual = {clave(s): por_mes(asistencia, s, con_datos) for s in SERVICIOS}
    servicios = {
        clave(s): servicio(s, mensual[clave(s)], poblacion, meses, prom, periodo, comparacion.base)
        for s in SERVICIOS
    }
    if periodo.mes > 1 and not comparacion.comparable:
        omitidas.append(Omitida("variacion", ASISTENCIA, [periodo.enero]))

    pob_sexo = detalle_del_mes(tablas, periodo, servicios, mensual, omitidas)

    cifras = {
        "periodo": periodo,
        "inicio": meses[0],
        "comparacion": comparacion,
        "acumulado": ventana_de(meses),
        "ventana": ventana_de(prom),
        "poblacion": {
            "actual": poblacion[periodo],
            "sexo": pob_sexo,
            "serie": [{"periodo": p, "poblacion": poblacion[p]} for p in meses],
        },
        "servicios": servicios,
        "mensual": cuadro_servicios(servicios, meses),
        "por_sexo": por_sexo_cuadro(mensual, poblacion, meses),
        "pim": programa(tablas["pim_mensual"], "delito_grupo", None, meses),
        "pti": programa(tablas["pti_mensual"], "situacion_juridica", SITUACIONES, meses),
    }
    return Resultado(True, cifras, omitidas)


def cuadro_servicios(servicios: dict, meses: list[Periodo]) -> list[dict]:
    """Table II-03: month rows with atendidos, atenciones and coverage of every service."""
    por_mes = {k: {f["periodo"]: f for f in s["serie"]} for k, s in servicios.items()}
    return [
        {
            "periodo": p,
            **{k: {c: por_mes[k][p][c] for c in ("atendidos", "atenciones", "cobertura")} for k in servicios},
        }
        for p in meses
    ]


def por_sexo_cuadro(mensual: dict, poblacion: dict, meses: list[Periodo]) -> dict:
    """Tables II-35/II-36: per measure, month rows with men, women and total of each service (and
    the month's population), plus totals."""
    cuadro = {}
    for medida in MEDIDAS:
        filas = [
            {"periodo": p, "poblacion": poblacion[p], **{s: mensual[s][p][medida] for s in mensual}}
            for p in meses
        ]
        total = {s: {k: sum(f[s][k] for f in filas) for k in ("hombre", "mujer", "total")} for s in mensual}
        cuadro[medida] = {"filas": filas, "total": total}
    return cuadro


def programa(
    marco: pd.DataFrame, dimension: str, categorias: list[str] | None, meses: list[Periodo]
) -> dict | None:
    """PIM or PTI quarter tables: per measure, months × (service[, category]) with quarter subtotals."""
    presentes = [p for p in meses if not _mes(marco, p).empty]
    if not presentes:
        return None
    resultado = {"meses": len(presentes)}
    for medida in MEDIDAS:
        columnas = []
        for s in SERVICIOS:
            for c in categorias or []:
                columnas.append((f"{clave(s)}_{clave(c)}", [("servicio", s), (dimension, c)], medida))
            columnas.append((clave(s), [("servicio", s)], medida))
        resultado[medida] = cuadro_trimestral(marco, columnas, presentes)
    resultado["grupos"] = _por_categoria(marco, dimension, presentes) if categorias is None else None
    resultado["detalle"] = _detalle(marco, dimension, presentes) if categorias is None else None
    total = resultado["atendidos"]["total"]
    resultado["total"] = {m: sum(resultado[m]["total"][clave(s)] for s in SERVICIOS) for m in MEDIDAS}
    resultado["servicios"] = partes({s: total[clave(s)] for s in SERVICIOS})
    resultado["situaciones"] = (
        partes({c: sum(total[f"{clave(s)}_{clave(c)}"] for s in SERVICIOS) for c in categorias})
        if categorias
        else None
    )
    return resultado


def _detalle(marco: pd.DataFrame, dimension: str, meses: list[Periodo]) -> dict:
    """Tables II-39/II-40: per service, months × category × measure, with quarter subtotals."""
    codigos = list(dict.fromkeys(marco[dimension]))
    return {
        clave(s): cuadro_trimestral(
            marco,
            [(f"{clave(c)}_{m}", [("servicio", s), (dimension, c)], m) for c in codigos for m in MEDIDAS],
            meses,
        )
        for s in SERVICIOS
    }


def _por_categoria(marco: pd.DataFrame, dimension: str, meses: list[Periodo]) -> list[dict]:
    """Annual PIM atendidos and atenciones by crime group and service (sum of the months in the table)."""
    periodo = marco[marco["periodo"].isin(meses)]
    sumas = periodo.groupby([dimension, "servicio"])[MEDIDAS].sum()
    filas = []
    for codigo in dict.fromkeys(periodo[dimension]):
        filas.append(
            {
                "clave": clave(codigo),
                **{clave(s): {m: int(sumas.at[(codigo, s), m]) for m in MEDIDAS} for s in SERVICIOS},
            }
        )
    return filas
