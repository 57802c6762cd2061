"""Merging a period into data/: what a re-import changes, the CSV text, and the all-or-nothing write."""

from __future__ import annotations

import csv
import io

import pandas as pd

from .schema import Esquema


def diferencias(anterior: pd.DataFrame, nueva: pd.DataFrame, esquema: Esquema) -> list[str]:
    """Human list of what a re-import changes: rows added or removed, cells old → new."""
    claves = list(esquema.clave) or ["periodo"]
    a = anterior.set_index(claves)
    n = nueva.set_index(claves)
    cambios = []
    for clave in n.index.difference(a.index):
        cambios.append(f"{esquema.tabla}: fila nueva {clave}")
    for clave in a.index.difference(n.index):
        cambios.append(f"{esquema.tabla}: fila eliminada {clave}")
    for clave in n.index.intersection(a.index):
        for columna in n.columns:
            viejo, nuevo = str(a.at[clave, columna]).strip(), str(n.at[clave, columna]).strip()
            if viejo != nuevo:
                cambios.append(
                    f"{esquema.tabla} {clave}: {columna} {viejo or '(vacío)'} → {nuevo or '(vacío)'}"
                )
    return cambios


def csv_de(marco: pd.DataFrame) -> bytes:
    """A table as data/ keeps it: UTF-8, comma-separated, quotes only where needed.

    The one way back to disk: every cell is written as its text (a Periodo as 'AAAA-MM').
    """
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(list(marco.columns))
    escritor.writerows(marco.astype(str).values.tolist())
    return salida.getvalue().encode("utf-8")
