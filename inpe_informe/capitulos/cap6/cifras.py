"""Chapter VI indicators: Medio Libre programmes, labour reinsertion and community campaigns.

Programme figures are monthly counts of people attended, summed over the
Establecimientos de Medio Libre (E.M.L.) rows that enter the published total.
Variations compare the report month with January of the same year (the
programmes run on a calendar year, as the 2024 edition printed them), and a
January report with the previous December when that month has data; averages
and the growth rate use January..report month. Annual tables (reinsertion,
training, campaigns) are shown only in the December report of their year.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import (
    comparacion_anual,
    cuotas,
    ordenar_desc,
    porcentaje,
    promedio,
    redondear,
    tramos,
    variacion,
    ventana_de,
)
from ..protocolo import Motivo, Omitida, Resultado

PROGRAMAS = "medio_libre_programas"
ATENDIDOS = "medio_libre_atendidos"
PENAS = "medio_libre_penas_cumplidas"
LOGRO = "medio_libre_logro"
REINSERCION = "reinsercion_laboral_eml"
MODALIDAD = "reinsercion_laboral_modalidad"
CAPACITACION = "capacitacion_laboral_eml"
MEGACAMPANAS = "megacampanas"
ACTIVIDADES = "megacampanas_actividades"
LOCALES = "campanas_locales"
EML = "establecimientos_medio_libre"
TABLAS = [
    PROGRAMAS,
    ATENDIDOS,
    PENAS,
    LOGRO,
    REINSERCION,
    MODALIDAD,
    CAPACITACION,
    MEGACAMPANAS,
    ACTIVIDADES,
    LOCALES,
    EML,
    "oficinas_regionales",
    "medio_libre_atendidos_publicado",
    "medio_libre_cifras_publicadas",
]
# Training types that make the "capacitados" headline (VI-40/43: CETPRO + both technical courses).
CAPACITADOS = ["CETPRO_INSTITUTO", "CURSO_TP_GESTION", "CURSO_TP_PRESUPUESTO"]
TIPOS_CAPACITACION = [
    "CURSO_TP_GESTION",
    "CURSO_TP_PRESUPUESTO",
    "CEBA",
    "CETPRO_INSTITUTO",
    "TALLER_ORIENTACION_LABORAL",
]
RESTO = "RESTO"


def tasa_mensual(primero: int, ultimo: int, meses: int):
    """Compound monthly growth rate in %: (ultimo/primero)^(1/(meses−1)) − 1, half-up to one decimal.

    None when it is undefined (fewer than two months or a zero at either end).
    """
    if meses < 2 or not primero or not ultimo:
        return None
    return redondear(((ultimo / primero) ** (1 / (meses - 1)) - 1) * 100, 1)


def sentido(valor) -> str:
    """'crecimiento', 'decrecimiento' or 'sin_cambio' by the sign of a rate."""
    return "sin_cambio" if not valor else "crecimiento" if valor > 0 else "decrecimiento"


def serie_programa(atendidos: pd.DataFrame, programa: str, meses: list[Periodo]) -> list[dict]:
    """Monthly total of one programme (rows that enter the total), months without rows skipped."""
    propias = atendidos[(atendidos["programa"] == programa) & atendidos["incluido_en_total"].astype(bool)]
    sumas = propias.groupby("periodo")["atendidos"].sum()
    return [{"periodo": p, "atendidos": int(sumas[p])} for p in meses if p in sumas.index]


def penas_programa(penas: pd.DataFrame, programa: str, meses: list[Periodo]) -> dict | None:
    """Penas cumplidas of a programme: monthly values, total, half-up average, and whether the months are reliable."""
    propias = penas[penas["programa"] == programa].set_index("periodo")
    presentes = [p for p in meses if p in propias.index]
    if not presentes:
        return None
    valores = [int(propias.at[p, "penas_cumplidas"]) for p in presentes]
    return {
        "valores": valores,
        "total": sum(valores),
        "promedio": promedio(valores),
        "mensual_confiable": not (propias.loc[presentes, "confianza"] == "CONJETURA").any(),
    }


def tabla_eml(
    atendidos: pd.DataFrame, programa: str, meses: list[Periodo], nombres: dict, orden: dict
) -> list[dict]:
    """Rows of the establishment table: each E.M.L. (then RESTO), its monthly values, whether it enters the total."""
    propias = atendidos[(atendidos["programa"] == programa) & atendidos["periodo"].isin(meses)]
    filas = []
    for codigo, grupo in propias.groupby("codigo_eml"):
        por_mes = dict(zip(grupo["periodo"], grupo["atendidos"]))
        filas.append(
            {
                "codigo": codigo,
                "nombre": nombres.get(codigo),
                "resto": codigo == RESTO,
                "incluido": bool(grupo["incluido_en_total"].all()),
                "valores": [None if p not in por_mes else int(por_mes[p]) for p in meses],
            }
        )
    return sorted(filas, key=lambda f: (f["resto"], not f["incluido"], orden.get(f["codigo"], 99)))


def trimestres(meses: list[Periodo]) -> list[dict]:
    """Quarter groups of the table header: quarter index (0–3) and how many of its months are shown."""
    grupos: dict[int, int] = {}
    for p in meses:
        grupos[(p.mes - 1) // 3] = grupos.get((p.mes - 1) // 3, 0) + 1
    return [{"indice": q, "meses": n} for q, n in grupos.items()]


def resultados(
    logro: pd.DataFrame, programa: str, periodo: Periodo, atendidos_mes: int | None
) -> dict | None:
    """Results of the report month by etapa: attended, achievers and logro % (per etapa and total).

    `consistente` is False when the etapas do not add up to the month's attended
    (AREE 2024: 65 + 77 = 142 against 108); the report then withholds the logro.
    """
    propias = logro[(logro["programa"] == programa) & (logro["periodo"] == periodo)]
    if propias.empty:
        return None
    etapas = {
        f["etapa"].lower(): {
            "atendidos": int(f["atendidos"]),
            "con_logro": int(f["con_logro"]),
            "porcentaje": porcentaje(f["con_logro"], f["atendidos"]),
        }
        for _, f in propias.iterrows()
    }
    total = sum(e["atendidos"] for e in etapas.values())
    con_logro = sum(e["con_logro"] for e in etapas.values())
    return {
        "etapas": etapas,
        "atendidos": total,
        "con_logro": con_logro,
        "porcentaje": porcentaje(con_logro, total),
        "consistente": total == atendidos_mes,
    }


def programa(
    info: dict, tablas: dict, periodo: Periodo, meses: list[Periodo], nombres: dict, orden: dict
) -> dict | None:
    """Every figure of one Medio Libre programme section, or None when the report month has no data."""
    codigo = info["programa"]
    serie = serie_programa(tablas[ATENDIDOS], codigo, meses)
    if not serie or serie[-1]["periodo"] != periodo:
        return None
    valores = [s["atendidos"] for s in serie]
    tasa = tasa_mensual(valores[0], valores[-1], len(valores))
    filas = tabla_eml(tablas[ATENDIDOS], codigo, [s["periodo"] for s in serie], nombres, orden)
    anteriores = serie_programa(tablas[ATENDIDOS], codigo, [periodo.base_anual, *meses[:-1]])
    comparacion = comparacion_anual(periodo, [s["periodo"] for s in anteriores])
    base = next((s["atendidos"] for s in anteriores if s["periodo"] == comparacion.base), None)
    return {
        "codigo": codigo,
        "nombre": info["nombre"],
        "estructurado": info["es_programa_estructurado"],
        "termino": info["termino_poblacion"],
        "variante": "etapas" if info["tiene_etapas"] else "simple",
        "serie": serie,
        "desde": serie[0]["periodo"],
        "meses": len(serie),
        "ventana": ventana_de([s["periodo"] for s in serie]),
        "comparacion": comparacion,
        "actual": valores[-1],
        "variacion": variacion(base, valores[-1]) if base is not None else None,
        "promedio": promedio(valores),
        "tasa": {"valor": tasa, "sentido": sentido(tasa)},
        "penas": penas_programa(tablas[PENAS], codigo, [s["periodo"] for s in serie])
        if info["registra_penas_cumplidas"]
        else None,
        "trimestres": trimestres([s["periodo"] for s in serie]),
        "establecimientos": filas,
        "n_establecimientos": sum(1 for f in filas if not f["resto"] and f["incluido"]),
        "con_resto": any(f["resto"] for f in filas),
        # months whose total is not broken down by establishment (a RESTO row with people): the table's note
        "sin_desagregar": tramos(
            [s["periodo"] for f in filas if f["resto"] for s, v in zip(serie, f["valores"]) if v]
        ),
        "excluidas": [f for f in filas if not f["incluido"]],
        "resultados": resultados(tablas[LOGRO], codigo, periodo, valores[-1]),
    }


def resumen(programas: list[dict]) -> dict:
    """Structured programmes' attended in the report month, with shares, each rounded half-up on its own (VI-01)."""
    partes = {p["codigo"]: p["actual"] for p in programas if p["estructurado"]}
    pct = cuotas(partes)
    return {
        "total": sum(partes.values()),
        "programas": [
            {
                "codigo": p["codigo"],
                "nombre": p["nombre"],
                "valor": p["actual"],
                "porcentaje": pct[p["codigo"]],
            }
            for p in programas
            if p["estructurado"]
        ],
        "mayor": ordenar_desc(partes)[0] if partes else None,
    }


def _oficina(eml: pd.DataFrame) -> dict:
    return dict(zip(eml["codigo"], eml["oficina"]))


def reinsercion(
    metas: pd.DataFrame, modalidad: pd.DataFrame, eml: pd.DataFrame, oficinas: pd.DataFrame, anio: int
) -> dict | None:
    """Labour insertion of the year: target and inserted per E.M.L. (nuevo / seguimiento), logro, modalidad."""
    metas = metas[metas["anio"] == anio]
    if metas.empty:
        return None
    ofi_de, nombre, orden_eml = (
        _oficina(eml),
        dict(zip(eml["codigo"], eml["nombre"])),
        dict(zip(eml["codigo"], eml["orden"])),
    )
    orden_ofi, nombre_ofi = (
        dict(zip(oficinas["codigo"], oficinas["orden"])),
        dict(zip(oficinas["codigo"], oficinas["nombre"])),
    )
    filas = []
    for codigo, g in metas.groupby("codigo_eml"):
        por = {c: g[g["condicion"] == c] for c in ("NUEVO", "SEGUIMIENTO")}
        fila = {
            "codigo": codigo,
            "nombre": nombre[codigo],
            "oficina": ofi_de[codigo],
            "oficina_nombre": nombre_ofi[ofi_de[codigo]],
        }
        for col, corto in (("meta_programada", "programada"), ("insertados", "insertados")):
            fila[corto] = {
                "nuevo": int(por["NUEVO"][col].sum()),
                "seguimiento": int(por["SEGUIMIENTO"][col].sum()),
            }
            fila[corto]["total"] = fila[corto]["nuevo"] + fila[corto]["seguimiento"]
        filas.append(fila)
    filas.sort(key=lambda f: (orden_ofi[f["oficina"]], orden_eml[f["codigo"]]))
    total = {
        k: {c: sum(f[k][c] for f in filas) for c in ("nuevo", "seguimiento", "total")}
        for k in ("programada", "insertados")
    }
    mod = modalidad[modalidad["anio"] == anio]
    partes = {f["modalidad_empleo"].lower(): int(f["insertados"]) for _, f in mod.iterrows()}
    pct = cuotas(partes) if partes else {}
    return {
        "anio": anio,
        "establecimientos": filas,
        "total": total,
        "logro": porcentaje(total["insertados"]["total"], total["programada"]["total"]),
        "supera_meta": [f for f in filas if f["insertados"]["total"] > f["programada"]["total"]],
        "modalidad": [{"clave": k, "valor": v, "porcentaje": pct[k]} for k, v in partes.items()],
        "modalidad_cuadra": sum(partes.values()) == total["insertados"]["total"],
    }


def capacitacion(datos: pd.DataFrame, eml: pd.DataFrame, oficinas: pd.DataFrame, anio: int) -> dict | None:
    """People trained in the year by type and E.M.L.; the headline counts CETPRO and technical courses."""
    datos = datos[datos["anio"] == anio]
    if datos.empty:
        return None
    ofi_de, nombre, orden_eml = (
        _oficina(eml),
        dict(zip(eml["codigo"], eml["nombre"])),
        dict(zip(eml["codigo"], eml["orden"])),
    )
    ancho = datos.pivot_table(
        index="codigo_eml", columns="tipo_capacitacion", values="personas", aggfunc="sum", fill_value=0
    )
    filas = [
        {
            "codigo": c,
            "nombre": nombre[c],
            "oficina": ofi_de[c],
            **{t.lower(): int(ancho.at[c, t]) if t in ancho.columns else 0 for t in TIPOS_CAPACITACION},
        }
        for c in ancho.index
    ]
    orden_ofi = dict(zip(oficinas["codigo"], oficinas["orden"]))
    filas.sort(key=lambda f: (orden_ofi[f["oficina"]], orden_eml[f["codigo"]]))
    total = {t.lower(): sum(f[t.lower()] for f in filas) for t in TIPOS_CAPACITACION}
    talleres = {}
    for f in filas:
        talleres[f["oficina"]] = talleres.get(f["oficina"], 0) + f["taller_orientacion_laboral"]
    nombres_ofi = dict(zip(oficinas["codigo"], oficinas["nombre"]))
    return {
        "anio": anio,
        "establecimientos": filas,
        "total": total,
        "capacitados": sum(total[t.lower()] for t in CAPACITADOS),
        "cursos": total["curso_tp_gestion"] + total["curso_tp_presupuesto"],
        "talleres_oficina": [
            {"codigo": k, "nombre": nombres_ofi[k], "valor": v}
            for k, v in sorted(talleres.items(), key=lambda kv: orden_ofi[kv[0]])
            if v
        ],
    }


def actividades_campana(actividades: pd.DataFrame, numero: int) -> list[dict]:
    """What one megacampaign did: activity type, the places named (if any) and how many (None = not given)."""
    propias = actividades[actividades["campana"] == numero]
    resultado = []
    for tipo, g in propias.groupby("tipo_actividad", sort=False):
        cantidades = [None if pd.isna(v) else int(v) for v in g["cantidad"]]
        resultado.append(
            {
                "clave": tipo.lower(),
                "lugares": [lugar for lugar in g["lugar"] if isinstance(lugar, str) and lugar],
                "cantidad": None if None in cantidades else sum(cantidades),
            }
        )
    return resultado


def megacampanas(
    datos: pd.DataFrame, oficinas: pd.DataFrame, anio: int, actividades: pd.DataFrame | None = None
) -> dict | None:
    """National megacampaigns of the year: activities and participants by campaign and office, totals from the cells."""
    datos = datos[datos["fecha"].str.startswith(str(anio))]
    if datos.empty:
        return None
    if actividades is not None and "anio" in actividades.columns:
        actividades = actividades[actividades["anio"] == anio]  # campaigns are numbered within their year
    campanas = []
    for numero, g in datos.groupby("campana"):
        fecha = g["fecha"].iloc[0]
        campanas.append(
            {
                "numero": int(numero),
                "dia": int(fecha[8:10]),
                "mes": Periodo.parse(fecha[:7]),
                "actividades": int(g["actividades"].sum()),
                "participantes": int(g["participantes"].sum()),
                "conjetura": bool((g["confianza"] == "CONJETURA").any()),
                "detalle": [] if actividades is None else actividades_campana(actividades, int(numero)),
            }
        )
    filas = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        g = datos[datos["codigo_oficina"] == ofi["codigo"]].sort_values("campana")
        if not g.empty:
            filas.append(
                {
                    "codigo": ofi["codigo"],
                    "nombre": ofi["nombre"],
                    "actividades": [int(v) for v in g["actividades"]],
                    "participantes": [int(v) for v in g["participantes"]],
                }
            )
    return {
        "campanas": campanas,
        "oficinas": filas,
        "participantes": sum(c["participantes"] for c in campanas),
        "actividades": sum(c["actividades"] for c in campanas),
    }


def campanas_locales(
    datos: pd.DataFrame, eml: pd.DataFrame, oficinas: pd.DataFrame, anio: int
) -> dict | None:
    """Local campaigns of the year by E.M.L. and office; totals are sums of the cells."""
    datos = datos[datos["anio"] == anio]
    if datos.empty:
        return None
    ofi_de, nombre, orden_eml = (
        _oficina(eml),
        dict(zip(eml["codigo"], eml["nombre"])),
        dict(zip(eml["codigo"], eml["orden"])),
    )
    resultado = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        propias = datos[datos["codigo_eml"].map(ofi_de) == ofi["codigo"]]
        if propias.empty:
            continue
        emls = [
            {
                "codigo": f["codigo_eml"],
                "nombre": nombre[f["codigo_eml"]],
                "campanas": int(f["campanas"]),
                "participantes": int(f["participantes"]),
            }
            for _, f in propias.iterrows()
        ]
        emls.sort(key=lambda e: orden_eml[e["codigo"]])
        resultado.append(
            {
                "codigo": ofi["codigo"],
                "nombre": ofi["nombre"],
                "establecimientos": emls,
                "campanas": sum(e["campanas"] for e in emls),
                "participantes": sum(e["participantes"] for e in emls),
            }
        )
    total = {
        "campanas": sum(o["campanas"] for o in resultado),
        "participantes": sum(o["participantes"] for o in resultado),
    }
    mayor = max(resultado, key=lambda o: o["participantes"])
    return {
        "oficinas": resultado,
        "total": total,
        "n_establecimientos": len(datos),
        "mayor": {
            "nombre": mayor["nombre"],
            "participantes": mayor["participantes"],
            "porcentaje": porcentaje(mayor["participantes"], total["participantes"]),
        },
    }


def _anual(cifras: dict, omitidas: list, clave: str, valor, tabla: str, periodo: Periodo):
    """Store an annual section, or list it as omitted (annual tables only close in December)."""
    cifras[clave] = valor
    if valor is None:
        omitidas.append(Omitida(clave, tabla, [periodo.anio], motivo=Motivo.anual(periodo)))


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter VI for `periodo`; sections without data are listed in `omitidas`.

    `ventana` is not used: the programmes run on a calendar year, so their averages
    and growth rate always cover January..report month (the sentence names the months).
    """
    atendidos = tablas[ATENDIDOS]
    if periodo not in set(atendidos["periodo"]):
        return Resultado(False, faltan=[(ATENDIDOS, [periodo])])
    meses = rango(periodo.enero, periodo)
    eml = tablas[EML]
    nombres, orden = dict(zip(eml["codigo"], eml["nombre"])), dict(zip(eml["codigo"], eml["orden"]))
    cifras, omitidas = {"periodo": periodo, "programas": []}, []
    for _, info in tablas[PROGRAMAS].sort_values("orden").iterrows():
        datos = programa(info.to_dict(), tablas, periodo, meses, nombres, orden)
        if datos is None:
            omitidas.append(Omitida(f"programa {info['programa']}", ATENDIDOS, [periodo]))
            continue
        if datos["resultados"] is None:
            omitidas.append(Omitida(f"resultados {info['programa']}", LOGRO, [periodo]))
        cifras["programas"].append(datos)
    cifras["resumen"] = resumen(cifras["programas"])
    anio = periodo.anio if periodo.mes == 12 else None
    oficinas = tablas["oficinas_regionales"]
    _anual(
        cifras,
        omitidas,
        "reinsercion",
        anio and reinsercion(tablas[REINSERCION], tablas[MODALIDAD], eml, oficinas, anio),
        REINSERCION,
        periodo,
    )
    _anual(
        cifras,
        omitidas,
        "capacitacion",
        anio and capacitacion(tablas[CAPACITACION], eml, oficinas, anio),
        CAPACITACION,
        periodo,
    )
    _anual(
        cifras,
        omitidas,
        "megacampanas",
        anio and megacampanas(tablas[MEGACAMPANAS], oficinas, anio, tablas[ACTIVIDADES]),
        MEGACAMPANAS,
        periodo,
    )
    _anual(
        cifras,
        omitidas,
        "campanas_locales",
        anio and campanas_locales(tablas[LOCALES], eml, oficinas, anio),
        LOCALES,
        periodo,
    )
    return Resultado(True, cifras, omitidas)
