"""Chart stage, first half: which chart shows which computed figures (pure specs; charts.py draws).

One module `capN.py` per chapter, exposing `graficos(datos, etiquetas, traductor, filtros)`
that returns a list of charts.Grafico for that chapter's indicators (empty when the
chapter has no data). Chart ids start with the chapter name (`cap2_…`) so templates
and figure files never collide.
"""
from __future__ import annotations

import importlib


def especificaciones(indicadores: dict, etiquetas: dict, traductor, filtros) -> list:
    """Every chart of every built chapter, in report order."""
    todas = []
    for nombre, datos in indicadores.items():
        try:
            modulo = importlib.import_module(f"{__name__}.{nombre}")
        except ModuleNotFoundError:
            continue
        todas += modulo.graficos(datos, etiquetas, traductor, filtros)
    ids = [g.id for g in todas]
    repetidos = sorted({i for i in ids if ids.count(i) > 1})
    if repetidos:
        raise ValueError(f"chart ids repeated: {repetidos}")
    return todas
