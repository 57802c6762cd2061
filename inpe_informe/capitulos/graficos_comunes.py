"""Pieces shared by the chapters' chart specs (no chapter owns them; charts.py draws)."""

from __future__ import annotations

from ..charts import PALETA, Grafico


def bilingue(traductor, texto: str) -> str:
    """Chart label: Spanish with its English on the next line (English only in the English edition)."""
    return traductor.etiqueta(texto)


def bilingue_sin_repetir(traductor, texto: str) -> str:
    """Spanish label with its English beneath, once only when both read the same (CREO, Legal)."""
    return texto if traductor.en(texto) == texto else bilingue(traductor, texto)


def color_por_clave(*grupos, campo: str = "clave"):
    """A part's colour from its key's place in a fixed order (offices in institutional order, offences
    as their labels list them), never from its rank: a category keeps its colour in every chart.
    Each group of keys that share charts (regimes; RCO stages) is numbered from the palette's start."""
    lugar = {c: i for grupo in grupos for i, c in enumerate(grupo)}
    return lambda parte: PALETA[lugar[parte[campo]] % len(PALETA)] if parte.get(campo) in lugar else None


def dona(
    gid, partes: list[dict], etiqueta, centro_etiqueta: str, centro_valor, porcentaje, color=None, **medidas
) -> Grafico:
    """Donut of parts of a whole: `etiqueta(parte)` names each slice, `porcentaje` formats its share,
    `color(parte)` (optional, see color_por_clave) keeps a category's colour across charts."""
    return Grafico(
        gid,
        "dona",
        {
            "partes": [
                {
                    "etiqueta": etiqueta(p),
                    "valor": p["valor"],
                    "porcentaje_texto": porcentaje(p["porcentaje"]),
                    **({"color": c} if color and (c := color(p)) else {}),
                }
                for p in partes
            ],
            "centro_etiqueta": centro_etiqueta,
            "centro_valor": centro_valor,
        },
        ancho=medidas.get("ancho", 5.3),
        alto=medidas.get("alto", 2.55),
    )
