"""Chapter III figures, section by section (pure functions over one year's rows).

Shares of a whole are each rounded half-up on its own (a column may add up to 99.9); single
ratios (sobrepoblación, cobertura) are rounded half-up. Offices are listed in
institutional order; rankings (mayor/menor, top-5) come from the values.
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo
from ..aritmetica import cuota_total, cuotas, ordenar_desc, porcentaje, variacion

GRUPOS_CONSULTA = ["EDAD_18_29", "EDAD_30_59", "EDAD_60_MAS"]
GRUPOS_TELE = ["JOVEN_18_29", "ADULTO_30_50", "ADULTO_MAYOR"]
ESTADOS_IPRESS = ["CATEGORIZADO_ACTIVO", "LICENCIA_VENCIDA", "EN_PROCESO_IPRESS", "NO_CUMPLE_REQUISITOS"]


def _entero(valor) -> int | None:
    """Count or None for a missing (nullable) cell."""
    return None if valor is None or pd.isna(valor) else int(valor)


def _fecha(valor) -> str:
    """ISO date as printed in Peru (2022-02-24 → 24/02/2022)."""
    anio, mes, dia = str(valor)[:10].split("-")
    return f"{dia}/{mes}/{anio}"


def hacinamiento(poblacion: int, capacidad: int, umbral: int) -> dict:
    """Excess over capacity (persons) and as % of capacity; critical above `umbral` % (INPE's rule)."""
    exceso = poblacion - capacidad
    return {
        "exceso": exceso,
        "porcentaje": porcentaje(exceso, capacidad),
        "critico": exceso * 100 > umbral * capacidad,
    }


def repartir(partes: dict) -> list[dict]:
    """Parts of a whole, largest first, each share rounded half-up on its own (`clave`, `valor`, `porcentaje`)."""
    pct = cuotas(partes)
    return [{"clave": k, "valor": int(partes[k]), "porcentaje": pct[k]} for k in ordenar_desc(partes)]


def top(filas: list[dict], campo: str, n: int = 5) -> list[dict]:
    """The `n` rows with the largest `campo` (ties keep table order)."""
    return sorted(filas, key=lambda f: -f[campo])[:n]


def consulta_trimestre(filas: pd.DataFrame, trimestre: int, anio: int) -> dict:
    """One quarter of consulta externa: counts by age band and sex, and age shares of atendidos."""
    medidas = [c for c in filas.columns if c.startswith(("atendidos_", "atenciones_"))]
    grupos = {f["grupo_edad"]: {m: int(f[m]) for m in medidas} for _, f in filas.iterrows()}
    orden = [g for g in GRUPOS_CONSULTA if g in grupos]
    total = {m: sum(grupos[g][m] for g in orden) for m in medidas}
    partes = repartir({g: grupos[g]["atendidos_total"] for g in orden})
    return {
        "trimestre": int(trimestre),
        "reescalado": False,
        "desde": Periodo(anio, 3 * int(trimestre) - 2),
        "hasta": Periodo(anio, 3 * int(trimestre)),
        "grupos": [{"clave": g, **grupos[g]} for g in orden],
        "total": total,
        "ranking": partes,
    }


def _oficinas(oficinas: pd.DataFrame) -> list[dict]:
    return [
        {"codigo": o["codigo"], "nombre": o["nombre"], "etiqueta": o["etiqueta"]}
        for _, o in oficinas.sort_values("orden").iterrows()
    ]


def por_oficina(filas: list[dict], oficinas: pd.DataFrame, medidas: list[str], cuota: str) -> list[dict]:
    """Every office (institutional order) with its sums, its rows and its share of `cuota`."""
    resultado = []
    for ofi in _oficinas(oficinas):
        propias = [f for f in filas if f["oficina"] == ofi["codigo"]]
        resultado.append({**ofi, **{m: sum(f[m] for f in propias) for m in medidas}, "filas": propias})
    pct = cuotas({o["codigo"]: o[cuota] for o in resultado})
    for o in resultado:
        o["porcentaje"] = pct[o["codigo"]]
    return resultado


def ranking(oficinas: list[dict], campo: str) -> list[dict]:
    """Offices from largest to smallest `campo`."""
    return sorted(oficinas, key=lambda o: -o[campo])


def _filas_ep(marco: pd.DataFrame, establecimientos: pd.DataFrame, medidas: list[str]) -> list[dict]:
    """Establishment rows with master name/department (published name when the E.P. is not in the master)."""
    est = establecimientos.set_index("codigo")
    filas = []
    for _, f in marco.sort_values("orden_publicado").iterrows():
        codigo = f["codigo_ep"] if isinstance(f["codigo_ep"], str) and f["codigo_ep"] in est.index else None
        filas.append(
            {
                "codigo": codigo or f["nombre_publicado"],
                "nombre": est.at[codigo, "nombre"] if codigo else f["nombre_publicado"],
                "departamento": est.at[codigo, "departamento"] if codigo else f.get("departamento_publicado"),
                "orden": int(est.at[codigo, "orden"]) if codigo else 999,
                "oficina": f["codigo_oficina"],
                **{m: int(f[m]) for m in medidas},
            }
        )
    return sorted(filas, key=lambda f: f["orden"])


def _anterior(anual: pd.DataFrame, anio: int, columnas: list[str]) -> dict:
    """Previous year's values of an annual series (None where the series was not recovered)."""
    previo = anual[anual["anio"] == anio - 1]
    if previo.empty:
        return {c: None for c in columnas}
    return {c: _entero(previo.iloc[0][c]) for c in columnas}


MINIMO_SERIE = 2  # years: an annual series chart needs at least two points


def serie_anual(anual: pd.DataFrame, anio: int, actual: dict, columnas: list[str]) -> list[dict] | None:
    """The unbroken run of years up to `anio` (`anio` itself from the E.P. totals, `actual`).

    A year enters while its first column has a value; the others keep None where a year lacks
    them. None until the run has MINIMO_SERIE years: the chart then draws itself as the annual
    table gains its past years (or the next ones arrive).
    """
    valores = {int(f["anio"]): f for _, f in anual.iterrows()}
    puntos = [{"anio": anio, **{c: actual[c] for c in columnas}}]
    previo = anio - 1
    while previo in valores and _entero(valores[previo][columnas[0]]) is not None:
        puntos.insert(0, {"anio": previo, **{c: _entero(valores[previo][c]) for c in columnas}})
        previo -= 1
    return puntos if len(puntos) >= MINIMO_SERIE else None


def _variar(anterior, actual):
    return None if anterior is None else variacion(anterior, actual)


def tuberculosis(ep, trimestres, anual, establecimientos, oficinas, anio: int) -> dict:
    """TB cases: national by type, shares by office, top-5 E.P., quarters by office, growth on last year."""
    medidas = ["casos_sensible", "casos_tb_dr", "total_casos"]
    filas = _filas_ep(ep, establecimientos, medidas)
    ofis = por_oficina(filas, oficinas, medidas, "total_casos")
    actual = anual[anual["anio"] == anio]
    xdr = _entero(actual.iloc[0]["casos_tb_xdr"]) if not actual.empty else None
    total = {m: sum(o[m] for o in ofis) for m in medidas}
    previo = _anterior(anual, anio, ["casos_sensible", "total_casos"])
    return {
        "total": total,
        "xdr": xdr,
        "oficinas": ofis,
        "ranking": ranking(ofis, "total_casos"),
        "top5": top(filas, "total_casos"),
        "tipos": repartir({"casos_sensible": total["casos_sensible"], "casos_tb_dr": total["casos_tb_dr"]}),
        "trimestres": tb_trimestres(trimestres, oficinas),
        "variacion_total": _variar(previo["total_casos"], total["total_casos"]),
        "variacion_sensible": _variar(previo["casos_sensible"], total["casos_sensible"]),
        "serie": serie_anual(anual, anio, total, ["total_casos", "casos_sensible"]),
    }


def tb_trimestres(marco: pd.DataFrame, oficinas: pd.DataFrame) -> dict:
    """Cases by office and quarter with each quarter's office shares (published as table III-17)."""
    trimestres = sorted(int(t) for t in marco["trimestre"].unique())
    casos = {(f["codigo_oficina"], int(f["trimestre"])): int(f["casos"]) for _, f in marco.iterrows()}
    filas = [
        {**o, "trimestres": [casos.get((o["codigo"], t), 0) for t in trimestres]} for o in _oficinas(oficinas)
    ]
    for f in filas:
        f["total"] = sum(f["trimestres"])
    pcts = [cuotas({f["codigo"]: f["trimestres"][i] for f in filas}) for i in range(len(trimestres))]
    total_pct = cuotas({f["codigo"]: f["total"] for f in filas})
    for f in filas:
        f["porcentajes"] = [p[f["codigo"]] for p in pcts]
        f["porcentaje"] = total_pct[f["codigo"]]
    totales = [sum(f["trimestres"][i] for f in filas) for i in range(len(trimestres))]
    return {
        "numeros": trimestres,
        "oficinas": ranking(filas, "total"),
        "totales": totales,
        "total": sum(totales),
    }


def vih(ep, anual, establecimientos, oficinas, anio: int) -> dict:
    """PVVS, TARGA and TB co-infection by office and E.P.; top-5; growth on last year; TARGA coverage."""
    medidas = ["pvvs", "targa", "coinfeccion_tb_casos_nuevos"]
    filas = _filas_ep(ep, establecimientos, medidas)
    ofis = por_oficina(filas, oficinas, medidas, "pvvs")
    for o in ofis:
        o["cobertura_targa"] = porcentaje(o["targa"], o["pvvs"])
    total = {m: sum(o[m] for o in ofis) for m in medidas}
    total["porcentaje"] = cuota_total(o["porcentaje"] for o in ofis)
    previo = _anterior(anual, anio, ["pvvs", "targa"])
    return {
        "total": total,
        "oficinas": ofis,
        "ranking": ranking(ofis, "pvvs"),
        "top5": top(filas, "pvvs"),
        "cobertura_targa": porcentaje(total["targa"], total["pvvs"]),
        "variacion_pvvs": _variar(previo["pvvs"], total["pvvs"]),
        "variacion_targa": _variar(previo["targa"], total["targa"]),
        "serie": serie_anual(anual, anio, total, ["pvvs", "targa"]),
    }


def ipress(
    estado: pd.DataFrame, categorizacion: pd.DataFrame, oficinas: pd.DataFrame, establecimientos: pd.DataFrame
) -> dict:
    """Categorisation status of the health services (donut) and the active / expired lists by office.

    An establishment is named as everywhere else in the report (the reference table), not as the
    register prints it in capitals."""
    nombres_ep = dict(zip(establecimientos["codigo"], establecimientos["nombre"]))
    conteos = {f["estado"]: int(f["establecimientos"]) for _, f in estado.iterrows()}
    orden = {o["codigo"]: i for i, o in enumerate(_oficinas(oficinas))}
    nombres = {o["codigo"]: o["nombre"] for o in _oficinas(oficinas)}

    def lista(clave):
        propias = categorizacion[categorizacion["estado"] == clave]
        filas = [
            {
                "oficina": f["codigo_oficina"],
                "nombre_oficina": nombres.get(f["codigo_oficina"], ""),
                "establecimiento": nombres_ep.get(f["codigo_ep"], f["establecimiento_publicado"]),
                "ipress": f["nombre_ipress"],
                "clasificacion": f["clasificacion"],
                "categoria": f["categoria"],
                "documento": f["tipo_documento"],
                "fecha": _fecha(f["fecha_categorizacion"]),
                "orden": int(f["orden_publicado"]),
            }
            for _, f in propias.iterrows()
        ]
        return sorted(filas, key=lambda f: (orden.get(f["oficina"], 99), f["orden"]))

    return {
        "estados": repartir({e: conteos.get(e, 0) for e in ESTADOS_IPRESS}),
        "total": sum(conteos.values()),
        "conteos": conteos,
        "activos": lista("CATEGORIZADO_ACTIVO"),
        "vencidos": lista("LICENCIA_VENCIDA"),
    }


def sis(serie: pd.DataFrame, anio: int) -> dict:
    """SIS affiliation: coverage of the year-end population, its history and the change on last year."""
    filas = serie[serie["anio"] <= anio].sort_values("anio")
    puntos = [
        {
            "anio": int(f["anio"]),
            "poblacion": int(f["poblacion_penitenciaria"]),
            "afiliados": int(f["afiliados_sis"]),
            "cobertura": porcentaje(int(f["afiliados_sis"]), int(f["poblacion_penitenciaria"])),
        }
        for _, f in filas.iterrows()
    ]
    actual = puntos[-1]
    previo = puntos[-2] if len(puntos) > 1 and puntos[-2]["anio"] == anio - 1 else None
    return {
        "serie": puntos,
        "actual": actual,
        "desde": puntos[0]["anio"],
        "variacion": variacion(previo["afiliados"], actual["afiliados"]) if previo else None,
    }


def salud_mental(marco: pd.DataFrame, oficinas: pd.DataFrame) -> dict:
    """Inimputables and persons with mental-health problems by office and sex."""
    resultado = {}
    for tipo, clave in (("INIMPUTABLE", "inimputables"), ("PROBLEMA_SALUD_MENTAL", "problemas")):
        propias = marco[marco["tipo_caso"] == tipo]
        filas = [
            {
                "oficina": f["codigo_oficina"],
                "hombre": int(f["hombre"]),
                "mujer": int(f["mujer"]),
                "total": int(f["total"]),
            }
            for _, f in propias.iterrows()
        ]
        ofis = por_oficina(filas, oficinas, ["hombre", "mujer", "total"], "total")
        total = {m: sum(o[m] for o in ofis) for m in ("hombre", "mujer", "total")}
        total["porcentaje"] = cuota_total(o["porcentaje"] for o in ofis)
        resultado[clave] = {
            "oficinas": ofis,
            "total": total,
            "ranking": ranking(ofis, "total"),
            "sexo": repartir({"hombre": total["hombre"], "mujer": total["mujer"]}),
        }
    return resultado


def morbilidad(marco: pd.DataFrame) -> dict:
    """Leading causes of morbidity, largest first; `inciertas` counts labels paired with low confidence."""
    causas = [
        {
            "clave": f["causa"],
            "nombre": f["causa_publicada"],
            "valor": int(f["casos"]),
            "incierta": f["certeza_etiqueta"] == "BAJA",
        }
        for _, f in marco.iterrows()
    ]
    causas = sorted(causas, key=lambda c: -c["valor"])
    return {
        "causas": causas,
        "principales": causas[:3],
        "total": sum(c["valor"] for c in causas),
        "inciertas": sum(1 for c in causas if c["incierta"]),
    }


def teleinterconsultas(ep, edad, especialidad, rnt, establecimientos, oficinas) -> dict:
    """Teleinterconsultas: atenciones and beneficiados by office and E.P., age bands, specialties, RNT."""
    medidas = ["beneficiados_hombre", "beneficiados_mujer", "total_beneficiados", "total_atenciones"]
    filas = _filas_ep(ep, establecimientos, medidas)
    ofis = por_oficina(filas, oficinas, medidas, "total_beneficiados")
    total = {m: sum(o[m] for o in ofis) for m in medidas}
    por_beneficiados = ranking(ofis, "total_beneficiados")
    tres = por_beneficiados[:3]
    red = rnt.iloc[0]
    especialidades = tele_especialidades(especialidad)
    # atenciones of the specialties without a figure of their own: the service total minus the known ones
    especialidades["atenciones"]["sin_dato_suma"] = (
        total["total_atenciones"] - especialidades["atenciones"]["suma"]
    )
    return {
        "total": total,
        "oficinas": ofis,
        "por_beneficiados": por_beneficiados,
        "por_atenciones": ranking(ofis, "total_atenciones"),
        "tres_mayores": {
            "oficinas": tres,
            "beneficiados": sum(o["total_beneficiados"] for o in tres),
            "porcentaje": porcentaje(sum(o["total_beneficiados"] for o in tres), total["total_beneficiados"]),
        },
        "edades": tele_edades(edad, oficinas),
        "especialidades": especialidades,
        "rnt": {
            "acondicionados": int(red["establecimientos_acondicionados"]),
            "integrados": int(red["establecimientos_integrados_rnt"]),
        },
    }


def tele_edades(marco: pd.DataFrame, oficinas: pd.DataFrame) -> dict:
    """Beneficiados by office and age band (offices by total, largest first) and national age shares."""
    valores = {(f["codigo_oficina"], f["grupo_edad"]): int(f["beneficiados"]) for _, f in marco.iterrows()}
    filas = [{**o, **{g: valores.get((o["codigo"], g), 0) for g in GRUPOS_TELE}} for o in _oficinas(oficinas)]
    for f in filas:
        f["total"] = sum(f[g] for g in GRUPOS_TELE)
    total = {g: sum(f[g] for f in filas) for g in GRUPOS_TELE}
    return {
        "oficinas": ranking(filas, "total"),
        "total": {**total, "total": sum(total.values())},
        "grupos": repartir(total),
    }


def tele_especialidades(marco: pd.DataFrame) -> dict:
    """Atenciones and beneficiados by specialty where recovered; specialties without a figure are named."""
    resultado = {}
    for campo in ("atenciones", "beneficiados"):
        conocidas = [
            {"clave": f["especialidad"], "nombre": f["especialidad_publicada"], "valor": int(f[campo])}
            for _, f in marco.iterrows()
            if _entero(f[campo]) is not None
        ]
        resultado[campo] = {
            "especialidades": sorted(conocidas, key=lambda c: (c["clave"] == "OTROS", -c["valor"])),
            "suma": sum(c["valor"] for c in conocidas),
            "sin_dato": [
                f["especialidad_publicada"] for _, f in marco.iterrows() if _entero(f[campo]) is None
            ],
        }
    return resultado
