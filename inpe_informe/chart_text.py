"""Chart stage, beside charts.py: the text alternative of each chart kind, for screen readers.

One wording per kind (line, donut, bars…), filled from the chart's own data. It lives
beside charts.py rather than in it: charts.py's source is part of every cached chart's
key, and a change of wording must not redraw the figures.
"""

from __future__ import annotations

_PALABRAS = {
    "es": {
        "linea": "Evolución mensual de {meses}",
        "de_a": "de {a} a {b}",
        "dona": "Distribución de {centro} ({total})",
        "barras": "Comparación por categoría",
        "barras_leyenda_abajo": "Comparación por categoría",
        "barras_h": "Ordenado de mayor a menor",
        "columnas": "Valores por categoría",
    },
    "en": {
        "linea": "Monthly evolution, {meses}",
        "de_a": "from {a} to {b}",
        "dona": "Distribution of {centro} ({total})",
        "barras": "Comparison by category",
        "barras_leyenda_abajo": "Comparison by category",
        "barras_h": "Ranked from largest to smallest",
        "columnas": "Values by category",
    },
}


def _primera(etiqueta: str, idioma: str) -> str:
    """Bilingual labels are «Spanish\\nEnglish»: the line of the edition's language."""
    lineas = str(etiqueta).split("\n")
    return lineas[1] if idioma == "en" and len(lineas) > 1 else lineas[0]


def alternativa(grafico, edicion) -> str:
    """Text alternative of a chart for screen readers: what it shows and its key figures, from its data."""
    idioma, formato = edicion.idioma, edicion.filtros["numero"]
    d, p = grafico.datos, _PALABRAS.get(idioma, _PALABRAS["es"])
    if grafico.tipo in ("linea", "linea_enteros"):
        meses = d["meses"]
        partes = [
            f"{_primera(s['etiqueta'], idioma)}: "
            + p["de_a"].format(
                a=(s.get("textos") or [formato(v) for v in s["valores"]])[0],
                b=(s.get("textos") or [formato(v) for v in s["valores"]])[-1],
            )
            for s in d["series"]
        ]
        return p["linea"].format(meses=f"{meses[0]}–{meses[-1]}") + ". " + "; ".join(partes) + "."
    if grafico.tipo == "dona":
        partes = [
            f"{_primera(x['etiqueta'], idioma)} {x['porcentaje_texto']} ({formato(x['valor'])})"
            for x in d["partes"]
        ]
        return (
            p["dona"].format(centro=d["centro_etiqueta"], total=formato(d["centro_valor"]))
            + ": "
            + "; ".join(partes)
            + "."
        )
    if grafico.tipo in ("barras", "barras_leyenda_abajo"):
        partes = []
        for s in d["series"]:
            textos = s.get("textos") or [formato(v) for v in s["valores"]]
            pares = ", ".join(
                f"{_primera(c, idioma).replace(chr(10), ' ')} {t}" for c, t in zip(d["categorias"], textos)
            )
            partes.append(f"{_primera(s['etiqueta'], idioma)}: {pares}")
        return p["barras"] + ". " + "; ".join(partes) + "."
    if grafico.tipo in ("barras_h", "columnas"):
        textos = d.get("textos") or [formato(v) for v in d["valores"]]
        return (
            p[grafico.tipo]
            + ": "
            + "; ".join(f"{_primera(c, idioma)} {t}" for c, t in zip(d["categorias"], textos))
            + "."
        )
    raise ValueError(f"chart kind {grafico.tipo!r} has no text alternative: add it to chart_text.alternativa")
