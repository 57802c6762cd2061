"""Chart stage: one function per chart kind, drawn with matplotlib as SVG; the only writer of figures/.

Text stays text in the SVG (svg.fonttype = none) so it is selectable in the PDF,
and ids are salted with the chart id so the same data gives the same file.
"""
from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

PALETA = ["#1f4e79", "#e07b24", "#2a9d8f", "#c0392b", "#7b5ea7", "#8a9a5b", "#5c677d", "#d4a72c"]
TINTA = "#1d2733"
GRIS = "#6b7785"


@dataclass
class Grafico:
    """What to draw: a kind, its series and labels (all wording already resolved)."""

    id: str
    tipo: str                       # linea | dona | barras
    datos: dict = field(default_factory=dict)
    ancho: float = 6.6              # inches
    alto: float = 3.0


def configurar_estilo(fuentes: Path, formato_numero) -> None:
    """Register the bundled fonts and set one visual style for every chart."""
    for ttf in sorted(Path(fuentes).glob("*.ttf")):
        font_manager.fontManager.addfont(str(ttf))
    plt.rcParams.update({
        "font.family": "Lato", "font.size": 8, "svg.fonttype": "none",
        "axes.edgecolor": GRIS, "axes.labelcolor": TINTA, "xtick.color": TINTA, "ytick.color": TINTA,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "axes.grid.axis": "y",
        "grid.color": "#dde3ea", "grid.linewidth": 0.6, "legend.frameon": False,
        "svg.hashsalt": "inpe-informe",
    })
    configurar_estilo.formato = formato_numero


def _miles(ax):
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: configurar_estilo.formato(v)))


def linea(ax, datos):
    """Monthly evolution: one line per series, every point labelled."""
    fmt = configurar_estilo.formato
    x = range(len(datos["meses"]))
    for i, serie in enumerate(datos["series"]):
        color = PALETA[i % len(PALETA)]
        ax.plot(x, serie["valores"], marker="o", markersize=3, linewidth=1.6, color=color, label=serie["etiqueta"])
        for xi, v in zip(x, serie["valores"]):
            ax.annotate(fmt(v), (xi, v), textcoords="offset points", xytext=(0, 5), ha="center",
                        fontsize=5.6, color=color)
    ax.set_xticks(list(x), datos["meses"], fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    ax.margins(y=0.18)
    _miles(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(datos["series"]), fontsize=7)


def dona(ax, datos):
    """Composition of a whole: a donut, total in the centre; share and value per slice.

    With few slices the labels sit around the ring; with many (offices) they go
    into the legend so that small slices never overlap.
    """
    fmt = configurar_estilo.formato
    partes = datos["partes"]
    cunas, _ = ax.pie([p["valor"] for p in partes], colors=PALETA[:len(partes)], startangle=90,
                      counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1})
    alrededor = len(partes) <= 4
    for cuna, parte in zip(cunas, partes):
        if alrededor:
            angulo = math.radians((cuna.theta1 + cuna.theta2) / 2)
            ax.annotate(f"{parte['porcentaje_texto']}\n{fmt(parte['valor'])}",
                        (math.cos(angulo) * 1.2, math.sin(angulo) * 1.2),
                        ha="center", va="center", fontsize=7.5, color=TINTA)
    ax.text(0, 0.1, datos["centro_etiqueta"], ha="center", va="center", fontsize=7, color=GRIS)
    ax.text(0, -0.12, fmt(datos["centro_valor"]), ha="center", va="center", fontsize=11, fontweight="bold", color=TINTA)
    ax.set_aspect("equal")
    ax.axis("off")
    etiquetas = [p["etiqueta"] if alrededor else f"{p['etiqueta']}   {p['porcentaje_texto']} ({fmt(p['valor'])})"
                 for p in partes]
    ax.legend(cunas, etiquetas, loc="center left", bbox_to_anchor=(1.05, 0.5), fontsize=7.5)


def barras(ax, datos):
    """Grouped bars: categories on x, one bar per series, values on top."""
    fmt = configurar_estilo.formato
    categorias, series = datos["categorias"], datos["series"]
    ancho = 0.8 / len(series)
    for i, serie in enumerate(series):
        posiciones = [c + (i - (len(series) - 1) / 2) * ancho for c in range(len(categorias))]
        barras_ = ax.bar(posiciones, serie["valores"], width=ancho, color=PALETA[i % len(PALETA)], label=serie["etiqueta"])
        for b, v in zip(barras_, serie["valores"]):
            ax.annotate(fmt(v), (b.get_x() + b.get_width() / 2, b.get_height()), textcoords="offset points",
                        xytext=(0, 2), ha="center", fontsize=5.8, color=TINTA)
    ax.set_xticks(range(len(categorias)), categorias, fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    _miles(ax)
    ax.legend(loc="upper right", fontsize=7)


TIPOS = {"linea": linea, "dona": dona, "barras": barras}


def dibujar(grafico: Grafico, carpeta: Path) -> Path:
    """Draw one chart to carpeta/<id>.svg (written atomically) and return its path."""
    carpeta.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(grafico.ancho, grafico.alto))
    try:
        plt.rcParams["svg.hashsalt"] = grafico.id
        TIPOS[grafico.tipo](ax, grafico.datos)
        destino = carpeta / f"{grafico.id}.svg"
        fd, temporal = tempfile.mkstemp(dir=carpeta, suffix=".svg.tmp")
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format="svg", bbox_inches="tight", metadata={"Date": None})
        os.replace(temporal, destino)
        return destino
    finally:
        plt.close(fig)
