"""Chapter VI in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..aritmetica import porcentaje
from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap6: Resultado, codigo: str) -> dict | None:
    """Chapter VI's figures for office `codigo` (None when the chapter has no detail for it)."""
    campanas = cap6.get("campanas_locales")
    propia = de_la_oficina(campanas.get("oficinas"), codigo) if campanas else None
    if not propia:
        return None
    return {
        "oficina": propia,
        "nacional": campanas["total"],
        "cuota_participantes": porcentaje(propia["participantes"], campanas["total"]["participantes"]),
    }
