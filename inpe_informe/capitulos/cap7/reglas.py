"""Cross-table rules of Chapter VII: printed totals against the detail tables they should sum from."""

from __future__ import annotations

import pandas as pd

from ...validate import ADVERTENCIA, hallazgo_de

PUBLICADAS = "app_cifras_publicadas"
TABLAS = [
    PUBLICADAS,
    "app_servicios",
    "app_servicios_oficina",
    "app_usuarios_procedencia",
    "app_charlas_induccion",
    "app_usuarios_monitoreados",
]


def _del_anio(marco: pd.DataFrame, corte: str) -> pd.DataFrame:
    """Rows of the year of `corte` (text: AAAA or AAAA-MM)."""
    anio = int(corte[:4])
    if "anio" in marco:
        return marco[marco["anio"].astype(int) == anio]
    return marco[marco["periodo"].map(lambda p: p.anio, na_action="ignore") == anio]


def esperado(tablas, fila) -> int | None:
    """What a printed figure should be according to the detail tables (None when not modelled)."""
    ind, corte = fila["indicador"], str(fila["corte"])
    servicios = _del_anio(tablas["app_servicios"], corte)
    if ind == "servicios_total" and fila["elemento"] == "VII-03":
        return int(_del_anio(tablas["app_servicios_oficina"], corte)["servicios"].sum())
    if ind == "servicios_total":
        return int(servicios["cantidad"].sum())
    if ind.startswith("servicios_"):
        codigo = ind[len("servicios_") :].upper()
        if codigo in set(servicios["tipo_servicio"]):
            return int(servicios.loc[servicios["tipo_servicio"] == codigo, "cantidad"].sum())
        if codigo in set(servicios["servicio"]):
            return int(servicios.loc[servicios["servicio"] == codigo, "cantidad"].sum())
        return None
    if ind == "usuarios_total":
        return int(_del_anio(tablas["app_usuarios_procedencia"], corte)["usuarios"].sum())
    if ind == "personas_charlas_induccion":
        return int(_del_anio(tablas["app_charlas_induccion"], corte)["personas"].sum())
    if ind == "usuarios_monitoreados":
        return int(_del_anio(tablas["app_usuarios_monitoreados"], corte)["usuarios"].sum())
    return None


def revisar(tablas: dict[str, pd.DataFrame], esquemas: dict) -> list:
    """One warning per printed figure that the detail tables do not reproduce."""
    hallazgos = []
    for i, fila in tablas[PUBLICADAS].iterrows():
        valor = esperado(tablas, fila)
        if valor is not None and valor != int(fila["valor"]):
            hallazgos.append(
                hallazgo_de(
                    esquemas[PUBLICADAS],
                    ADVERTENCIA,
                    f"fila {i + 2}",
                    f"{fila['elemento']} imprime {fila['indicador']} = {int(fila['valor']):,} "
                    f"({fila['corte']}); los datos dan {valor:,}",
                )
            )
    return hallazgos  # unconfirmed assignments (`confianza`) are notes of capitulos/reglas.py
