"""Chapter VII in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap7: Resultado, codigo: str) -> dict | None:
    """Chapter VII's figures for office `codigo` (None when the chapter has no detail for it)."""
    anual = cap7.get("anual")
    propia = de_la_oficina(anual.get("oficinas"), codigo, "clave") if anual else None
    if not propia:
        return None
    return {"oficina": propia, "anio": anual["anio"], "certeza": anual.get("oficinas_ciertas")}
