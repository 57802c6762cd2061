"""Chapter I in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..aritmetica import porcentaje
from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap1: Resultado, codigo: str) -> dict | None:
    """Chapter I's figures for office `codigo` (None when the chapter has no detail for it)."""
    oficinas = cap1.get("oficinas")
    if not oficinas:
        return None
    propia = de_la_oficina(oficinas["institucional"], codigo)
    if propia is None:
        return None
    return {
        "oficina": propia,
        "nacional": oficinas["total"],
        "cuota_total": porcentaje(propia["total_general"], oficinas["total"]["total_general"]),
        "puesto": 1 + [o["codigo"] for o in oficinas["por_total"]].index(codigo),
        "n_oficinas": len(oficinas["por_total"]),
    }
