"""Validate stage, second half: consistency rules that span several tables of one chapter.

Row rules (`total = a + b`, `atendidos <= atenciones`) and printed totals against
their detail (`suma_de`) are declared in data/esquemas/*.yaml and checked by
validate.py. What a schema cannot say — an annual total against twelve months of
another table, a quarter that is a rescaled copy of another — lives here, one
module `capN.py` per chapter, exposing:
  TABLAS  – the tables the rules read (rules run only when all loaded cleanly);
  revisar(tablas, esquemas) -> list[validate.Hallazgo]  (pure; warnings for the QA report;
            build them with validate.hallazgo_de(esquemas[nombre], …)).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

_MODULO = re.compile(r"^cap(\d+)$")


def modulos() -> list:
    nombres = sorted(
        (int(m.group(1)), i.name) for i in pkgutil.iter_modules(__path__) if (m := _MODULO.match(i.name))
    )
    return [importlib.import_module(f"{__name__}.{n}") for _k, n in nombres]


def revisar(tablas: dict, esquemas: dict) -> list:
    """Every chapter's cross-table rules whose tables are all available."""
    hallazgos = []
    for modulo in modulos():
        if all(t in tablas for t in modulo.TABLAS):
            hallazgos += modulo.revisar(tablas, esquemas)
    return hallazgos
