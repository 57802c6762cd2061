"""Cross-table rules of Chapter V: every figure printed in 2024 against the detail it should sum from.

The printed figures live in intramuros_cifras_publicadas; each one whose meaning is known
is recomputed from the detail tables, and a mismatch becomes a warning for the QA report
(e.g. the favourable-evaluation TOTAL column that repeats DEVIDA, INC-01).
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo
from ...validate import ADVERTENCIA, hallazgo_de

PUBLICADAS = "intramuros_cifras_publicadas"
TABLAS = [
    PUBLICADAS,
    "intramuros_atendidos_mes",
    "intramuros_atendidos_ep",
    "intramuros_poblacion_objetivo",
    "establecimientos",
]
_COLUMNA = {"atendidos": "atendidos", "evaluacion_favorable": "evaluacion_favorable"}
_OBJETIVO = {
    "poblacion_objetivo_creo": ("CREO", None, None),
    "poblacion_objetivo_creo_procesado": ("CREO", "PROCESADO", None),
    "poblacion_objetivo_creo_sentenciado": ("CREO", "SENTENCIADO", None),
    "poblacion_objetivo_creo_18_24": ("CREO", None, "DE_18_A_24"),
    "poblacion_objetivo_creo_25_29": ("CREO", None, "DE_25_A_29"),
    "poblacion_objetivo_tas": ("TAS", None, None),
}


def _del_anio(tablas, anio: int, memo: dict | None) -> pd.DataFrame:
    """The year's rows of intramuros_atendidos_ep with each establishment's office, once per year in `memo`."""
    if memo is not None and ("anio", anio) in memo:
        return memo[("anio", anio)]
    marco = tablas["intramuros_atendidos_ep"]
    marco = marco[marco["anio"] == int(anio)]
    marco = marco.assign(
        oficina_del_ep=marco["codigo_ep"].map(tablas["establecimientos"].set_index("codigo")["oficina"])
    )
    if memo is not None:
        memo[("anio", anio)] = marco
    return marco


def _anual(tablas, medida: str, programa: str, ambito: str, anio: int, memo: dict | None = None) -> int:
    """Annual attended/favourable of one programme (or all) in the nation, an office or an establishment."""
    marco = _del_anio(tablas, anio, memo)
    if ambito != "NACIONAL":
        marco = marco[(marco["codigo_ep"] == ambito) | (marco["oficina_del_ep"] == ambito)]
    if programa != "total":
        marco = marco[marco["programa"] == programa.upper()]
    return int(marco[medida].sum())


def _objetivo(tablas, programa, situacion, edad, anio: int) -> int:
    marco = tablas["intramuros_poblacion_objetivo"]
    marco = marco[marco["periodo"].map(lambda p: p.anio, na_action="ignore") == anio]
    marco = marco[(marco["programa"] == programa) & (marco["universo"] == "OBJETIVO")]
    if situacion:
        marco = marco[marco["situacion_juridica"] == situacion]
    if edad:
        marco = marco[marco["rango_edad"] == edad]
    return int(marco["poblacion"].sum())


def _mensual(tablas, programa: str, mes: Periodo | None) -> int:
    marco = tablas["intramuros_atendidos_mes"]
    marco = marco[marco["periodo"] == mes]
    return int(
        marco["atendidos"].sum()
        if programa == "total"
        else marco.loc[marco["programa"] == programa.upper(), "atendidos"].sum()
    )


def esperado(tablas, fila, memo: dict | None = None) -> int | None:
    """What a printed figure should be according to the detail tables (None when its meaning is not modelled).

    `memo`: a dict kept across the rows of one check, so each year's rows are selected once.
    """
    ind, ambito, corte = fila["indicador"], fila["ambito"], str(fila["corte"])
    anio = int(corte[:4])  # the published edition's year: later years are not in it
    mes = Periodo.parse(corte) if len(corte) == 7 else None  # `corte` is text: AAAA or AAAA-MM
    for medida in ("evaluacion_favorable", "atendidos"):
        if ind.startswith(medida + "_") and ind.count("_") <= medida.count("_") + 1:
            programa = ind[len(medida) + 1 :]
            if len(corte) == 7:
                return _mensual(tablas, programa, mes) if medida == "atendidos" else None
            return _anual(tablas, medida, programa, ambito, anio, memo)
    if ind in _OBJETIVO:
        return _objetivo(tablas, *_OBJETIVO[ind], anio)
    if ind == "atendidos_creo_dona":
        return _anual(tablas, "atendidos", "creo", "NACIONAL", anio, memo)
    if ind == "no_atendidos_creo_dona":
        return _objetivo(tablas, "CREO", None, None, anio) - _anual(
            tablas, "atendidos", "creo", "NACIONAL", anio, memo
        )
    if ind == "no_atendidos_tas":
        return _objetivo(tablas, "TAS", None, None, anio) - _anual(
            tablas, "atendidos", "tas", "NACIONAL", anio, memo
        )
    if ind == "internos_activos_tas":
        return _mensual(tablas, "tas", mes)
    return None


def favorables_excedidos(anual: pd.DataFrame) -> pd.DataFrame:
    """Rows where more inmates were evaluated favourably than were attended (kept here, not as a
    schema identity, because the shared data tests read identities as equalities only)."""
    return anual[anual["evaluacion_favorable"].astype(int) > anual["atendidos"].astype(int)]


def revisar(tablas: dict[str, pd.DataFrame], esquemas: dict) -> list:
    """One warning per printed figure that the detail tables do not reproduce, and per favourable > attended."""
    hallazgos = []
    for i, fila in favorables_excedidos(tablas["intramuros_atendidos_ep"]).iterrows():
        hallazgos.append(
            hallazgo_de(
                esquemas["intramuros_atendidos_ep"],
                ADVERTENCIA,
                f"fila {i + 2}",
                f"evaluacion_favorable = {fila['evaluacion_favorable']} supera atendidos = "
                f"{fila['atendidos']} ({fila['codigo_ep']}, {fila['programa']})",
                consistencia=True,
            )
        )
    memo = {}
    for i, fila in tablas[PUBLICADAS].iterrows():
        valor = esperado(tablas, fila, memo)
        if valor is not None and valor != int(fila["valor"]):
            nota = f" ({fila['nota']})" if isinstance(fila.get("nota"), str) and fila["nota"] else ""
            hallazgos.append(
                hallazgo_de(
                    esquemas[PUBLICADAS],
                    ADVERTENCIA,
                    f"fila {i + 2}",
                    f"{fila['elemento']} imprime {fila['indicador']} = {int(fila['valor']):,} para {fila['ambito']} "
                    f"({fila['corte']}); los datos dan {valor:,}{nota}",
                )
            )
    return hallazgos
