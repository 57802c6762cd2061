"""Chapter II in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap2: Resultado, codigo: str) -> dict | None:
    """Chapter II's figures for office `codigo` (None when the chapter has no detail for it)."""
    servicios = []
    for clave, s in (cap2.get("servicios") or {}).items():
        oficinas = s.get("oficinas") if s else None
        propia = de_la_oficina(oficinas["institucional"], codigo) if oficinas else None
        if propia:
            servicios.append(
                {
                    "clave": clave,
                    "oficina": propia,
                    "nacional_ratio": oficinas["ratio"],
                    "nacional_total": oficinas["total"],
                    "mayor_carga": oficinas["mayor"]["codigo"] == codigo if oficinas.get("mayor") else False,
                    "menor_carga": oficinas["menor"]["codigo"] == codigo if oficinas.get("menor") else False,
                }
            )
    return {"servicios": servicios} if servicios else None
