"""Chapter III indicators: salud penitenciaria (consulta externa, TB, sobrepoblación, VIH, IPRESS,
SIS, salud mental, morbilidad, telesalud).

Most tables are annual (`anio`): flows (casos, atenciones) cover the year and stocks (PVVS,
afiliados, población) are at year end, so they only describe the report month when it is
December. Consulta externa is quarterly: a quarter is shown once the report month reaches
its last month. Year-on-year variations compare with the previous year's value.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo
from ..aritmetica import variacion
from ..protocolo import Motivo, Omitida, Resultado
from .cifras_salud import (
    consulta_trimestre,
    hacinamiento,
    ipress,
    morbilidad,
    salud_mental,
    sis,
    teleinterconsultas,
    tuberculosis,
    vih,
)
from .reescalado import celdas_consulta, es_reescalado

CONSULTA = "salud_consulta_externa"
POBLACION = "salud_poblacion_capacidad_anual"
CAPACIDAD_EP = "salud_capacidad_ep"  # optional: empty until INPE supplies capacity by E.P.
POBLACION_EP = "poblacion_regimen_ep"  # Chapter I's December stock by E.P.
ANUALES = {
    "tuberculosis": ["salud_tb_ep", "salud_tb_oficina_trimestre", "salud_tb_anual"],
    "vih": ["salud_vih_ep", "salud_vih_anual"],
    "ipress": ["salud_ipress_estado", "salud_ipress_categorizacion"],
    "sis": ["salud_sis_afiliacion_anual"],
    "salud_mental": ["salud_mental_oficina"],
    "morbilidad": ["salud_morbilidad_causas"],
    "teleinterconsultas": [
        "salud_tele_ep",
        "salud_tele_edad_oficina",
        "salud_tele_especialidad",
        "salud_telesalud_rnt",
    ],
}
# Printed totals are only validated (reglas.py and the schemas' suma_de), never shown.
IMPRESOS = [
    "salud_consulta_total_impreso",
    "salud_tb_oficina_total_impreso",
    "salud_tb_trim_total_impreso",
    "salud_vih_oficina_total_impreso",
    "salud_ipress_total_impreso",
    "salud_mental_total_impreso",
    "salud_tele_total_impreso",
    "salud_tele_edad_total_impreso",
    "salud_tele_espec_total_impreso",
]
TABLAS = [
    CONSULTA,
    POBLACION,
    CAPACIDAD_EP,
    POBLACION_EP,
    "establecimientos",
    "oficinas_regionales",
    *[t for ts in ANUALES.values() for t in ts],
    *IMPRESOS,
]
UMBRAL_CRITICO = 20  # INPE: overcrowding above 20% of capacity is "hacinamiento crítico"


def del_anio(marco: pd.DataFrame, anio: int) -> pd.DataFrame:
    """Rows of one year (the annual tables all carry `anio`)."""
    return marco[marco["anio"] == anio]


def consulta_externa(marco: pd.DataFrame, periodo: Periodo) -> list[dict]:
    """Quarters of the report's year whose last month is not after the report month."""
    propios = del_anio(marco, periodo.anio)
    cerrados = sorted(int(t) for t in propios["trimestre"].unique() if int(t) * 3 <= periodo.mes)
    trimestres = [consulta_trimestre(propios[propios["trimestre"] == t], t, periodo.anio) for t in cerrados]
    if trimestres and trimestres[0]["trimestre"] == 1:
        base = celdas_consulta(propios[propios["trimestre"] == 1])
        for q in trimestres[1:]:
            q["reescalado"] = (
                es_reescalado(base, celdas_consulta(propios[propios["trimestre"] == q["trimestre"]]))
                is not None
            )
    return trimestres


def sobrepoblacion(serie: pd.DataFrame, anio: int) -> dict | None:
    """Population over capacity at year end, its history and growth since the first year.

    sobrepoblación = (población − capacidad) / capacidad, in % of capacity; `exceso` in persons.
    """
    filas = serie[serie["anio"] <= anio].sort_values("anio")
    if filas.empty or int(filas["anio"].iloc[-1]) != anio:
        return None
    puntos = [
        {
            "anio": int(f["anio"]),
            "poblacion": int(f["poblacion_penitenciaria"]),
            "capacidad": int(f["capacidad_albergue"]),
        }
        for _, f in filas.iterrows()
    ]
    for p in puntos:
        p.update(hacinamiento(p["poblacion"], p["capacidad"], UMBRAL_CRITICO))
    primero, ultimo = puntos[0], puntos[-1]
    return {
        "serie": puntos,
        "actual": ultimo,
        "desde": primero["anio"],
        "hasta": ultimo["anio"],
        "umbral_critico": UMBRAL_CRITICO,
        "crecimiento_poblacion": variacion(primero["poblacion"], ultimo["poblacion"]),
        "crecimiento_capacidad": variacion(primero["capacidad"], ultimo["capacidad"]),
    }


def sobrepoblacion_por_ep(
    capacidad: pd.DataFrame | None,
    poblacion_ep: pd.DataFrame | None,
    establecimientos: pd.DataFrame,
    oficinas: pd.DataFrame,
    periodo: Periodo,
) -> dict | None:
    """Overcrowding per E.P. and office when capacity by E.P. is supplied (None otherwise).

    Population is Chapter I's stock of the report month by E.P.; an office is computed only
    when every one of its E.P. with population has a capacity.
    """
    if capacidad is None or poblacion_ep is None:
        return None
    cap = del_anio(capacidad, periodo.anio)
    pob = poblacion_ep[poblacion_ep["periodo"] == periodo]
    if cap.empty or pob.empty:
        return None
    capacidades = dict(zip(cap["codigo_ep"], cap["capacidad_albergue"].astype(int)))
    poblaciones = dict(zip(pob["codigo_ep"], pob["total_general"].astype(int)))
    est = establecimientos.sort_values("orden")
    filas = [
        {
            "codigo": c,
            "nombre": n,
            "oficina": o,
            "poblacion": poblaciones[c],
            "capacidad": capacidades[c],
            **hacinamiento(poblaciones[c], capacidades[c], UMBRAL_CRITICO),
        }
        for c, n, o in zip(est["codigo"], est["nombre"], est["oficina"])
        if c in poblaciones and c in capacidades
    ]
    resultado_oficinas = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        propias = [
            c for c, o in zip(est["codigo"], est["oficina"]) if o == ofi["codigo"] and c in poblaciones
        ]
        if propias and all(c in capacidades for c in propias):
            p, k = sum(poblaciones[c] for c in propias), sum(capacidades[c] for c in propias)
            resultado_oficinas.append(
                {
                    "codigo": ofi["codigo"],
                    "nombre": ofi["nombre"],
                    "poblacion": p,
                    "capacidad": k,
                    **hacinamiento(p, k, UMBRAL_CRITICO),
                }
            )
    return {
        "establecimientos": filas,
        "oficinas": resultado_oficinas,
        "criticos": sum(1 for f in filas if f["critico"]),
    }


def _seccion(nombre, tablas, anio, calculo):
    """Run one annual section if all its tables have rows for the year; else report what is missing."""
    faltan = [t for t in ANUALES[nombre] if del_anio(tablas[t], anio).empty]
    if faltan:
        return None, [Omitida(nombre, t, [anio]) for t in faltan]
    return calculo(), []


def anuales(tablas: dict, anio: int) -> tuple[dict, list]:
    """Every annual section of the year, with the sections left out."""
    est, ofi = tablas["establecimientos"], tablas["oficinas_regionales"]
    t = {k: del_anio(v, anio) for k, v in tablas.items() if "anio" in v.columns}
    calculos = {
        "tuberculosis": lambda: tuberculosis(
            t["salud_tb_ep"], t["salud_tb_oficina_trimestre"], tablas["salud_tb_anual"], est, ofi, anio
        ),
        "vih": lambda: vih(t["salud_vih_ep"], tablas["salud_vih_anual"], est, ofi, anio),
        "ipress": lambda: ipress(t["salud_ipress_estado"], t["salud_ipress_categorizacion"], ofi, est),
        "sis": lambda: sis(tablas["salud_sis_afiliacion_anual"], anio),
        "salud_mental": lambda: salud_mental(t["salud_mental_oficina"], ofi),
        "morbilidad": lambda: morbilidad(t["salud_morbilidad_causas"]),
        "teleinterconsultas": lambda: teleinterconsultas(
            t["salud_tele_ep"],
            t["salud_tele_edad_oficina"],
            t["salud_tele_especialidad"],
            t["salud_telesalud_rnt"],
            est,
            ofi,
        ),
    }
    resultado, omitidas = {}, []
    for nombre, calculo in calculos.items():
        resultado[nombre], faltan = _seccion(nombre, tablas, anio, calculo)
        omitidas += faltan
    return resultado, omitidas


# Annual series charts: the section, the table that carries its past years.
SERIES = {"tuberculosis": "salud_tb_anual", "vih": "salud_vih_anual"}


def series_incompletas(secciones: dict, anio: int) -> list[Omitida]:
    """A section printed without its series chart: its annual table lacks the years before `anio`."""
    return [
        Omitida(f"serie anual de {k}", tabla, [anio - 1], motivo=Motivo.SERIE)
        for k, tabla in SERIES.items()
        if secciones.get(k) and secciones[k]["serie"] is None
    ]


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter III for `periodo`; annual sections need the year closed (December).

    The chapter is printed every month: a section whose figures are not due yet (the first
    quarter before March, annual figures before December) or not received carries a note.
    """
    consulta = consulta_externa(tablas[CONSULTA], periodo)
    cierre = periodo.mes == 12
    sobre = sobrepoblacion(tablas[POBLACION], periodo.anio) if cierre else None
    omitidas = []
    if not consulta:
        omitidas.append(Omitida("consulta_externa", CONSULTA, [periodo], motivo=Motivo.trimestral(periodo)))
    if cierre:
        secciones, faltan = anuales(tablas, periodo.anio)
        omitidas += faltan + series_incompletas(secciones, periodo.anio)
        if sobre is None:
            omitidas.append(Omitida("sobrepoblacion", POBLACION, [periodo.anio]))
        else:
            sobre["por_ep"] = sobrepoblacion_por_ep(
                tablas.get(CAPACIDAD_EP),
                tablas.get(POBLACION_EP),
                tablas["establecimientos"],
                tablas["oficinas_regionales"],
                periodo,
            )
    else:
        secciones = {k: None for k in ANUALES}
        omitidas += [
            Omitida(
                f"{k} (cifras anuales, al cierre de diciembre)", ANUALES[k][0], [periodo], motivo=Motivo.ANUAL
            )
            for k in ANUALES
        ]
        omitidas.append(
            Omitida("sobrepoblacion (al cierre de diciembre)", POBLACION, [periodo], motivo=Motivo.ANUAL)
        )
    cifras = {
        "periodo": periodo,
        "anio": periodo.anio,
        "cierre": cierre,
        "consulta": consulta or None,
        "sobrepoblacion": sobre,
        **secciones,
    }
    return Resultado(True, cifras, omitidas)
