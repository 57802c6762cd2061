"""Chapter IV in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..aritmetica import porcentaje
from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap4: Resultado, codigo: str) -> dict | None:
    """Chapter IV's figures for office `codigo` (None when the chapter has no detail for it)."""
    oficinas = cap4.get("oficinas")
    propia = de_la_oficina(oficinas.get("institucional"), codigo) if oficinas else None
    if not propia:
        return None
    return {
        "oficina": propia,
        "nacional": oficinas["total"],
        "cuota_trabajo": porcentaje(propia["trabajo"]["valor"], oficinas["total"]["trabajo"]["valor"]),
        "cuota_educacion": porcentaje(propia["educacion"]["valor"], oficinas["total"]["educacion"]["valor"]),
    }
