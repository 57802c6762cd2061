"""Chapter III: whether a quarter of consulta externa is a rescaled copy of the first quarter.

A fact about the input, needed on both sides of a boundary: the consistency rules warn
about it (reglas.py) and the figures mark the quarter so the text can say so (cifras.py).
It lives in its own pure module so that neither side imports the other — rules never
import the compute layer, and the compute layer never imports validation.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

MEDIDAS_CONSULTA = ["atendidos_hombre", "atendidos_mujer", "atenciones_hombre", "atenciones_mujer"]


def es_reescalado(
    base: list[int], otro: list[int], tolerancia: Fraction = Fraction(1, 200)
) -> Fraction | None:
    """Ratio r when every cell of `otro` is base × r within 0.5% (or one unit): a copy, not new data."""
    if not sum(base) or len(base) != len(otro):
        return None
    razon = Fraction(sum(otro), sum(base))
    for b, o in zip(base, otro):
        esperado = b * razon
        if abs(o - esperado) > max(1, tolerancia * esperado):
            return None
    return razon


def celdas_consulta(filas: pd.DataFrame) -> list[int]:
    """A quarter's sex-level cells in a fixed order (age band × measure)."""
    filas = filas.sort_values("grupo_edad")
    return [int(v) for m in MEDIDAS_CONSULTA if m in filas.columns for v in filas[m]]
