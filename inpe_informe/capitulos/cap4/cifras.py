"""Chapter IV indicators: educación y trabajo penitenciario (Base B, with the CEREC).

Counts are persons registered at month end: `inscritos_trabajo` (work) and
`matriculados_educacion` (education). The sources count each activity on its own,
so a person who works and studies is in both counts: the sum work + education is
a count of registrations, not of persons, and "ni trabaja ni estudia" computed as
population − work − education is only a lower bound (INC-35). Shares of a whole
are each rounded half-up on its own; coverage rates use half-up rounding.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import cuota_total, cuotas, ordenar_desc, porcentaje, promedio, variacion, ventana_de
from ..protocolo import Omitida, Resultado
from .coherencia import aportantes_copian_ingresos

MENSUAL = "trabajo_educacion_mensual"
PROGRAMAS = "educacion_matriculados_programa"
ACTIVIDADES = "trabajo_inscritos_actividad"
SEXO = "trabajo_educacion_sexo"
OFICINA = "trabajo_educacion_oficina"
EP = "trabajo_educacion_ep"
INGRESOS = "trabajo_educacion_ingresos"
DELITO_TRABAJO = "trabajo_delito_ingresos"
DELITO_EDUCACION = "educacion_delito_ingresos"
EDAD = "trabajo_condicion_edad"
POBLACION_EP = "poblacion_regimen_ep"
TABLAS = [
    MENSUAL,
    PROGRAMAS,
    ACTIVIDADES,
    SEXO,
    OFICINA,
    EP,
    INGRESOS,
    DELITO_TRABAJO,
    DELITO_EDUCACION,
    EDAD,
    POBLACION_EP,
    "establecimientos",
    "oficinas_regionales",
]
ORDEN_PROGRAMAS = ["ALFABETIZACION", "PEBAJA", "CETPRO", "PCE", "ETS", "SUPERIOR"]
PRODUCTIVAS = ["TALLERES", "CONVENIO"]  # "actividades productivas" (IV-14)
APARTE = ["SERVICIOS_AD_HONOREM"]  # not a lettered group of the A–F infographic
OTROS = {"OTROS", "OTROS_DELITOS"}
RECESO_ESCOLAR = (1, 2, 3)  # months of the school holiday (enrolment restarts in March)


def _del_mes(marco: pd.DataFrame, periodo: Periodo) -> pd.DataFrame:
    return marco[marco["periodo"] == periodo]


def partes(valores: dict) -> list[dict]:
    """Parts of a whole, largest first, with shares (%), each rounded half-up on its own."""
    pct = cuotas(valores)
    return [{"clave": k, "valor": int(valores[k]), "porcentaje": pct[k]} for k in ordenar_desc(valores)]


def ranking(valores: dict) -> list[dict]:
    """Like `partes`, but a residual category ("Otros") goes last whatever its size: it is not a ranked item."""
    lista = partes(valores)
    return [p for p in lista if p["clave"] not in OTROS] + [p for p in lista if p["clave"] in OTROS]


def cobertura(parte: int, poblacion: int) -> dict:
    """A count and its rate over a population (%, half-up)."""
    return {"valor": int(parte), "porcentaje": porcentaje(parte, poblacion)}


def actividad_conjunta(poblacion: int, trabajo: int, educacion: int) -> dict:
    """What the two overlapping counts say about persons (INC-35).

    `suma` counts registrations (a person in both is counted twice); the persons
    with at least one activity lie between max(T, E) and min(T + E, population),
    so "ni trabaja ni estudia" lies between population − (T + E) and population − max(T, E).
    """
    suma = trabajo + educacion
    con_minimo, con_maximo = max(trabajo, educacion), min(suma, poblacion)
    return {
        "poblacion": poblacion,
        "trabajo": cobertura(trabajo, poblacion),
        "educacion": cobertura(educacion, poblacion),
        "suma": cobertura(suma, poblacion),
        "con_actividad_minimo": cobertura(con_minimo, poblacion),
        "con_actividad_maximo": cobertura(con_maximo, poblacion),
        "ni_minimo": cobertura(poblacion - con_maximo, poblacion),
        "ni_maximo": cobertura(poblacion - con_minimo, poblacion),
    }


def educacion(programas: pd.DataFrame) -> dict:
    """Enrolment by programme (institutional order), with each programme's cycles, grades and specialities."""
    total = int(programas["matriculados"].sum())
    por_programa = programas.groupby("programa")["matriculados"].sum()
    valores = {p: int(por_programa.get(p, 0)) for p in ORDEN_PROGRAMAS if p in por_programa.index}
    pct = cuotas(valores)
    lista = []
    for clave, valor in valores.items():
        filas = programas[programas["programa"] == clave]
        lista.append(
            {
                "clave": clave,
                "valor": valor,
                "porcentaje": pct[clave],
                "ciclos": _ciclos(filas),
                "especialidades": _especialidades(filas),
            }
        )
    return {
        "total": total,
        "cuota_total": cuota_total(p["porcentaje"] for p in lista),
        "programas": lista,
        "por_clave": {p["clave"]: p for p in lista},
        "ranking": partes(valores),
    }


def _ciclos(filas: pd.DataFrame) -> list[dict]:
    """Cycles in printed order; each with its grades (literacy, EBA) or ranked specialities (CETPRO)."""
    ciclos = []
    for ciclo in dict.fromkeys(c for c in filas["ciclo"] if pd.notna(c)):
        propias = filas[filas["ciclo"] == ciclo]
        grados = [
            {"clave": f"{ciclo}_{int(f['grado'])}", "grado": int(f["grado"]), "valor": int(f["matriculados"])}
            for _, f in propias.iterrows()
            if pd.notna(f["grado"])
        ]
        ciclos.append(
            {
                "clave": ciclo,
                "valor": int(propias["matriculados"].sum()),
                "grados": grados,
                "especialidades": _especialidades(propias),
            }
        )
    return ciclos


def _especialidades(filas: pd.DataFrame) -> list[dict]:
    """Specialities largest first ("Otros" last), with shares and the confidence of their label."""
    con = filas[filas["especialidad"].notna()]
    valores = con.groupby("especialidad", sort=False)["matriculados"].sum().to_dict()
    info = {f["especialidad"]: f for _, f in con.iterrows()}
    return [
        dict(p, etiqueta=info[p["clave"]]["etiqueta"], confianza=info[p["clave"]]["confianza"])
        for p in ranking(valores)
    ]


def trabajo(actividades: pd.DataFrame) -> dict:
    """Work registration by activity group (ranked) and activity within each group (ranked, "Otros" last)."""
    total = int(actividades["inscritos"].sum())
    por_grupo = actividades.groupby("grupo", sort=False)["inscritos"].sum().to_dict()
    grupos = []
    for p in partes(por_grupo):
        filas = actividades[actividades["grupo"] == p["clave"]]
        valores = dict(zip(filas["actividad"], filas["inscritos"]))
        etiquetas = dict(zip(filas["actividad"], filas["etiqueta"]))
        confianza = dict(zip(filas["actividad"], filas["confianza"]))
        grupos.append(
            dict(
                p,
                actividades=[
                    dict(a, etiqueta=etiquetas[a["clave"]], confianza=confianza[a["clave"]])
                    for a in ranking(valores)
                ],
                desglosado=len(valores) > 1,
            )
        )
    return {
        "total": total,
        "grupos": grupos,
        "por_clave": {g["clave"]: g for g in grupos},
        "productivas": cobertura(sum(int(por_grupo.get(g, 0)) for g in PRODUCTIVAS), total),
        "grupos_infografia": sum(int(v) for g, v in por_grupo.items() if g not in APARTE),
    }


def serie(mensual: pd.DataFrame, periodo: Periodo) -> list[dict]:
    """Monthly totals from the base month to the report month, with coverage over the population."""
    filas = {f["periodo"]: f for _, f in mensual.iterrows()}
    resultado = []
    for p in rango(periodo.base_anual, periodo):
        f = filas.get(p)
        if f is not None:
            pob = int(f["poblacion"])
            resultado.append(
                {
                    "periodo": p,
                    "poblacion": pob,
                    "trabajo": int(f["inscritos_trabajo"]),
                    "educacion": int(f["matriculados_educacion"]),
                    "pct_trabajo": porcentaje(f["inscritos_trabajo"], pob),
                    "pct_educacion": porcentaje(f["matriculados_educacion"], pob),
                }
            )
    return resultado


def evolucion(filas: list[dict], periodo: Periodo, ventana: str) -> dict:
    """Base-month → report-month variation and the monthly average over the configured window."""
    por_mes = {f["periodo"]: f for f in filas}
    meses = rango(periodo.base_anual if ventana == "desde_base" else periodo.enero, periodo)
    presentes = [p for p in meses if p in por_mes]
    base = por_mes.get(periodo.base_anual)
    actual = por_mes[periodo]
    claves = ("poblacion", "trabajo", "educacion")
    minima = min(filas, key=lambda f: f["educacion"])
    medias = {c: promedio(por_mes[p][c] for p in presentes) for c in claves}
    return {
        "variacion": {c: variacion(base[c], actual[c]) for c in claves} if base else None,
        "promedio": medias,
        "ventana": ventana_de(presentes),
        "educacion_minima": minima,
        # Peru's school year starts in March: a January–March low is the holiday, not a drop in enrolment.
        "minima_en_receso": minima["periodo"].mes in RECESO_ESCOLAR,
        "mes_en_receso": periodo.mes in RECESO_ESCOLAR,
        "promedio_educacion_bajo_cierre": medias["educacion"] < actual["educacion"],
    }


def por_sexo(sexo: pd.DataFrame) -> list[dict]:
    """Coverage of work and education over each sex's own population (the published denominator)."""
    orden = {"MUJER": 0, "HOMBRE": 1}
    filas = sorted(sexo.to_dict("records"), key=lambda f: orden.get(f["sexo"], 9))
    return [
        {
            "clave": f["sexo"],
            **actividad_conjunta(
                int(f["poblacion"]), int(f["inscritos_trabajo"]), int(f["matriculados_educacion"])
            ),
        }
        for f in filas
    ]


def por_oficina(
    ep: pd.DataFrame,
    oficina: pd.DataFrame,
    poblacion_ep: pd.DataFrame,
    establecimientos: pd.DataFrame,
    oficinas: pd.DataFrame,
) -> dict:
    """Offices (institutional order) with their establishments; office counts are the sum of their E.P.

    An establishment with population but no row in the work/education table (E.P. de Barbadillo, 2
    inmates in December 2024) is listed with «–», so that the office's rows add up to its population."""
    est = establecimientos.set_index("codigo")
    pob_ep = dict(zip(poblacion_ep["codigo_ep"], poblacion_ep["total_general"]))
    pob_ofi = dict(zip(oficina["codigo_oficina"], oficina["poblacion"]))
    unido = ep.assign(
        oficina=ep["codigo_ep"].map(est["oficina"]),
        orden=ep["codigo_ep"].map(est["orden"]),
        nombre=ep["codigo_ep"].map(est["nombre"]),
    )
    lista = []
    for _, ofi in oficinas.sort_values("orden").iterrows():
        propias = unido[unido["oficina"] == ofi["codigo"]].sort_values("orden")
        t, e = int(propias["inscritos_trabajo"].sum()), int(propias["matriculados_educacion"].sum())
        sin_fila = [
            _sin_registro(codigo, f["nombre"], pob_ep[codigo])
            for codigo, f in est[(est["oficina"] == ofi["codigo"]) & (est["es_cerec"] != "si")].iterrows()
            if codigo not in set(ep["codigo_ep"]) and pob_ep.get(codigo)
        ]
        lista.append(
            {
                "codigo": ofi["codigo"],
                "nombre": ofi["nombre"],
                "etiqueta": ofi["etiqueta"],
                **actividad_conjunta(int(pob_ofi.get(ofi["codigo"], 0)), t, e),
                "establecimientos": sorted(
                    [_establecimiento(f, pob_ep.get(f["codigo_ep"])) for _, f in propias.iterrows()]
                    + sin_fila,
                    key=lambda x: int(est.at[x["codigo"], "orden"]),
                ),
            }
        )
    t_total = sum(o["trabajo"]["valor"] for o in lista)
    e_total = sum(o["educacion"]["valor"] for o in lista)
    return {
        "institucional": lista,
        "total": actividad_conjunta(sum(o["poblacion"] for o in lista), t_total, e_total),
        "cuotas_trabajo": _cuotas_oficina(lista, "trabajo"),
        "cuotas_educacion": _cuotas_oficina(lista, "educacion"),
        "excedidos": [e for o in lista for e in o["establecimientos"] if e["excede"]],
    }


def _establecimiento(fila, poblacion) -> dict:
    """One E.P.: work, education and, when its population is known, whether T + E exceeds it (INC-35)."""
    t, e = int(fila["inscritos_trabajo"]), int(fila["matriculados_educacion"])
    pob = None if poblacion is None or pd.isna(poblacion) else int(poblacion)
    return {
        "codigo": fila["codigo_ep"],
        "nombre": fila["nombre"],
        "poblacion": pob,
        "trabajo": t,
        "educacion": e,
        "suma": t + e,
        "pct_suma": porcentaje(t + e, pob) if pob else None,
        "excede": bool(pob) and t + e > pob,
    }


def _sin_registro(codigo: str, nombre: str, poblacion) -> dict:
    """An E.P. with population but no work/education row: its counts are unknown («–»), not zero."""
    return {
        "codigo": codigo,
        "nombre": nombre,
        "poblacion": int(poblacion),
        "trabajo": None,
        "educacion": None,
        "suma": None,
        "pct_suma": None,
        "excede": False,
    }


def _cuotas_oficina(lista: list[dict], campo: str) -> list[dict]:
    """Share of each office in the national work (or education) count, largest first."""
    por_codigo = {o["codigo"]: o for o in lista}
    return [
        dict(
            p,
            codigo=p["clave"],
            nombre=por_codigo[p["clave"]]["nombre"],
            etiqueta=por_codigo[p["clave"]]["etiqueta"],
        )
        for p in partes({o["codigo"]: o[campo]["valor"] for o in lista})
    ]


def ingresos(tabla: pd.DataFrame, columna: str, total: int) -> dict:
    """Distribution by number of entries to an E.P.; rates over the chapter total, whatever the bars add up to.

    `sin_distribuir` is the total minus the bars (the 2024 work bars add up to 5 fewer, INC-38).
    """
    filas = [{"clave": str(f["numero_ingresos"]), "valor": int(f[columna])} for _, f in tabla.iterrows()]
    for f in filas:
        f["porcentaje"] = porcentaje(f["valor"], total)
    primera = sum(f["valor"] for f in filas if f["clave"] == "1")
    reingreso = sum(f["valor"] for f in filas if f["clave"] != "1")
    return {
        "total": total,
        "distribucion": filas,
        "suma": primera + reingreso,
        "sin_distribuir": total - primera - reingreso,
        "primera": cobertura(primera, total),
        "reingreso": cobertura(reingreso, total),
    }


def por_delito(tabla: pd.DataFrame, columnas: list[str]) -> dict:
    """Crimes in printed order with the recoverable entry columns and the rest (total − those columns)."""
    filas = []
    for _, f in tabla.sort_values("orden").iterrows():
        valores = {c: int(f[c]) for c in columnas}
        filas.append(
            {
                "clave": f["delito"],
                "etiqueta": f["etiqueta"],
                "total": int(f["total"]),
                **valores,
                "resto": int(f["total"]) - sum(valores.values()),
            }
        )
    total = {c: sum(f[c] for f in filas) for c in ["total", *columnas, "resto"]}
    especificos = {f["clave"]: f["total"] for f in filas if f["clave"] not in OTROS}
    etiquetas = {f["clave"]: f["etiqueta"] for f in filas}
    return {
        "filas": filas,
        "total": total,
        "columnas": columnas,
        "ranking": [dict(p, etiqueta=etiquetas[p["clave"]]) for p in partes(especificos)][:3],
    }


def por_edad(edad: pd.DataFrame, ingresos: pd.DataFrame | None = None) -> dict:
    """Activity condition by age band; PEA rate per band; the youth (edad_max ≤ 29) summary of IV-42.

    `aportantes_publicables` is False when the aportantes split copies the entry counts (INC-39)."""
    columnas = ["poblacion", "pea", "aportantes", "no_aportantes", "no_pea", "estudiantes", "no_activa"]
    bandas = []
    for _, f in edad.sort_values("orden").iterrows():
        fila = {c: int(f[c]) for c in columnas}
        bandas.append(
            {
                "clave": f["rango_edad"],
                "edad_min": int(f["edad_min"]),
                "edad_max": None if pd.isna(f["edad_max"]) else int(f["edad_max"]),
                **fila,
                "tasa_pea": porcentaje(fila["pea"], fila["poblacion"]),
            }
        )
    total = {c: sum(b[c] for b in bandas) for c in columnas}
    pea = cuotas({b["clave"]: b["pea"] for b in bandas})
    for b in bandas:
        b["cuota_pea"] = pea[b["clave"]]
    jovenes = [b for b in bandas if b["edad_max"] is not None and b["edad_max"] <= 29]
    suma = {c: sum(b[c] for b in jovenes) for c in ("poblacion", "pea", "estudiantes", "no_activa")}
    publicables = ingresos is None or not aportantes_copian_ingresos(edad, ingresos)
    return {
        "aportantes_publicables": publicables,
        "bandas": bandas,
        "total": dict(
            total,
            tasa_pea=porcentaje(total["pea"], total["poblacion"]),
            cuota_pea=cuota_total(b["cuota_pea"] for b in bandas),
        ),
        "mayor_pea": max(bandas, key=lambda b: b["pea"]),
        "mayor_tasa": max(bandas, key=lambda b: b["tasa_pea"]),
        "jovenes": {
            "edad_min": jovenes[0]["edad_min"],
            "edad_max": jovenes[-1]["edad_max"],
            "poblacion": cobertura(suma["poblacion"], total["poblacion"]),
            **{c: cobertura(suma[c], suma["poblacion"]) for c in ("pea", "estudiantes", "no_activa")},
        }
        if jovenes
        else None,
    }


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter IV for `periodo`; sections without data are listed in `omitidas`."""
    mensual = tablas[MENSUAL]
    if _del_mes(mensual, periodo).empty:
        return Resultado(False, faltan=[(MENSUAL, [periodo])])
    filas = serie(mensual, periodo)
    actual = filas[-1]
    omitidas = []
    r = {
        "periodo": periodo,
        "base": periodo.base_anual,
        "serie": filas,
        "evolucion": evolucion(filas, periodo, ventana),
        "cobertura": actividad_conjunta(actual["poblacion"], actual["trabajo"], actual["educacion"]),
    }
    if r["evolucion"]["variacion"] is None:
        omitidas.append(Omitida("variacion", MENSUAL, [periodo.base_anual]))
    mes = {t: _del_mes(tablas[t], periodo) for t in TABLAS if "periodo" in tablas[t].columns}

    def seccion(clave, tabla, calculo):
        if mes[tabla].empty:
            r[clave] = None
            omitidas.append(Omitida(clave, tabla, [periodo]))
        else:
            r[clave] = calculo()

    seccion("educacion", PROGRAMAS, lambda: educacion(mes[PROGRAMAS]))
    seccion("trabajo", ACTIVIDADES, lambda: trabajo(mes[ACTIVIDADES]))
    seccion("sexo", SEXO, lambda: por_sexo(mes[SEXO]))
    seccion(
        "oficinas",
        EP,
        lambda: por_oficina(
            mes[EP],
            mes[OFICINA],
            mes[POBLACION_EP],
            tablas["establecimientos"],
            tablas["oficinas_regionales"],
        ),
    )
    seccion(
        "ingresos",
        INGRESOS,
        lambda: {
            "trabajo": ingresos(mes[INGRESOS], "inscritos_trabajo", actual["trabajo"]),
            "educacion": ingresos(mes[INGRESOS], "matriculados_educacion", actual["educacion"]),
        },
    )
    seccion(
        "delitos_trabajo",
        DELITO_TRABAJO,
        lambda: por_delito(mes[DELITO_TRABAJO], ["ingresos_1", "ingresos_2", "ingresos_3"]),
    )
    seccion(
        "delitos_educacion",
        DELITO_EDUCACION,
        lambda: por_delito(mes[DELITO_EDUCACION], ["ingresos_1", "ingresos_2"]),
    )
    seccion("edad", EDAD, lambda: por_edad(mes[EDAD], mes.get(INGRESOS)))
    return Resultado(True, r, omitidas)
