"""Chapter III in an office extract: the oficina regional's own figures, from the national results."""

from __future__ import annotations

from ..oficinas import de_la_oficina
from ..protocolo import Resultado


def extraer(cap3: Resultado, codigo: str) -> dict | None:
    """Chapter III's figures for office `codigo` (None when the chapter has no detail for it)."""
    partes = {}
    for clave in ("tuberculosis", "vih", "teleinterconsultas"):
        bloque = cap3.get(clave)
        propia = de_la_oficina(bloque.get("oficinas"), codigo) if bloque else None
        if propia:
            partes[clave] = {
                "oficina": propia,
                "nacional": bloque["total"],
                "cobertura_nacional": bloque.get("cobertura_targa"),
            }
    mental = (cap3.get("salud_mental") or {}).get("problemas")
    propia = de_la_oficina(mental.get("oficinas"), codigo) if mental else None
    if propia:
        partes["salud_mental"] = {"oficina": propia, "nacional": mental["total"]}
    return partes or None
