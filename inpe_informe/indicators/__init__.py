"""Compute stage: pure functions that derive every figure of the report, grouped by chapter.

Each chapter is one module `capN.py` exposing:
  NUMERO  – chapter number (int) used for ordering, findings and the QA report;
  TABLAS  – names of the data tables it reads;
  calcular(tablas, periodo, ventana) -> dict with at least `disponible` (bool)
            and `omitidas` (sections left out: {seccion, tabla, meses}).
The registry below finds them, so adding a chapter touches no shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

_MODULO = re.compile(r"^cap(\d+)$")


def capitulos() -> dict[str, object]:
    """Chapter modules in report order, keyed by name ('cap1', 'cap2', …)."""
    encontrados = []
    for info in pkgutil.iter_modules(__path__):
        coincide = _MODULO.match(info.name)
        if coincide:
            encontrados.append((int(coincide.group(1)), info.name))
    return {nombre: importlib.import_module(f"{__name__}.{nombre}") for _n, nombre in sorted(encontrados)}
