"""Office extracts, shared piece: one oficina regional's item in a chapter's national results.

Each chapter's `extracto.py` picks its office's figures from what the national report
prints — nothing is recomputed from data, except an office's share of a national total
where a chapter does not already carry it. Pure, like the figures it reads.
"""

from __future__ import annotations


def de_la_oficina(lista, codigo: str, clave: str = "codigo"):
    """The item of `lista` whose `clave` is `codigo` (None when the chapter has no such office)."""
    return next((x for x in (lista or []) if x.get(clave) == codigo), None)
