"""Pieces shared by the chapters' chart specs (no chapter owns them; charts.py draws)."""

from __future__ import annotations

from ..charts import Grafico


def bilingue(traductor, texto: str) -> str:
    """Chart label: Spanish with its English on the next line (English only in the English edition)."""
    return traductor.etiqueta(texto)


def bilingue_sin_repetir(traductor, texto: str) -> str:
    """Spanish label with its English beneath, once only when both read the same (CREO, Legal)."""
    return texto if traductor.en(texto) == texto else bilingue(traductor, texto)


def dona(
    gid, partes: list[dict], etiqueta, centro_etiqueta: str, centro_valor, porcentaje, **medidas
) -> Grafico:
    """Donut of parts of a whole: `etiqueta(parte)` names each slice, `porcentaje` formats its share."""
    return Grafico(
        gid,
        "dona",
        {
            "partes": [
                {
                    "etiqueta": etiqueta(p),
                    "valor": p["valor"],
                    "porcentaje_texto": porcentaje(p["porcentaje"]),
                }
                for p in partes
            ],
            "centro_etiqueta": centro_etiqueta,
            "centro_valor": centro_valor,
        },
        ancho=medidas.get("ancho", 5.3),
        alto=medidas.get("alto", 2.55),
    )
