"""Merging a period into data/: what a re-import changes, the CSV text, and the all-or-nothing write."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

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
    """A table as data/ keeps it: UTF-8, comma-separated, quotes only where needed."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(list(marco.columns))
    escritor.writerows(marco.astype(str).values.tolist())
    return salida.getvalue().encode("utf-8")


def escribir_todo(archivos: dict[Path, bytes]) -> None:
    """Write several files so that either all change or none: temp files first, then renames.

    A failure while writing the temporaries leaves data/ untouched; a failure between
    renames restores the files already replaced from their backups.
    """
    temporales, respaldos, hechos = {}, {}, []
    try:
        for destino, contenido in archivos.items():
            destino.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=destino.parent, suffix=".csv.tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(contenido)
                fh.flush()
                os.fsync(fh.fileno())
            temporales[destino] = Path(tmp)
            if destino.exists():
                respaldo = Path(tempfile.mkstemp(dir=destino.parent, suffix=".bak.tmp")[1])
                shutil.copy2(destino, respaldo)
                respaldos[destino] = respaldo
        for destino, tmp in temporales.items():
            os.replace(tmp, destino)
            hechos.append(destino)
    except BaseException:
        for destino in hechos:
            if destino in respaldos:
                os.replace(respaldos.pop(destino), destino)
            else:
                destino.unlink(missing_ok=True)
        raise
    finally:
        for ruta in [*temporales.values(), *respaldos.values()]:
            ruta.unlink(missing_ok=True)
