"""Chapter V in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..aritmetica import porcentaje
from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap5: Resultado, codigo: str) -> dict | None:
    """Chapter V's figures for office `codigo` (None when the chapter has no detail for it)."""
    anual = cap5.get("anual")
    propia = de_la_oficina(anual.get("oficinas"), codigo) if anual else None
    if not propia:
        return None
    total = anual["total"]["atendidos"]["total"]
    return {
        "oficina": propia,
        "nacional": anual["total"],
        "anio": anual["anio"],
        "cuota": porcentaje(propia["atendidos"]["total"], total),
    }
