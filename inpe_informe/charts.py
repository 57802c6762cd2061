"""Chart stage: one function per chart kind, drawn with matplotlib as SVG; the only writer of figures/.

A chart is redrawn only when its content address (data, style, fonts, code) changes,
and the charts that must be drawn are drawn in parallel processes (dibujar_todos).
The address is in the file's name, so builds that share figures/<periodo>/ (editions,
periods, a live draft) never overwrite each other's charts; files are written atomically.

Text stays text in the SVG (svg.fonttype = none) so it is selectable in the PDF,
and ids are salted with the chart id so the same data gives the same file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import atomic  # noqa: E402
from .run import grupo_de_procesos  # noqa: E402

PALETA = ["#1f4e79", "#e07b24", "#2a9d8f", "#c0392b", "#7b5ea7", "#8a9a5b", "#5c677d", "#d4a72c"]
TINTA = "#1d2733"
GRIS = "#6b7785"
FAMILIA_PDF = (
    "Lato INPE"  # the @font-face family of styles/informe.css: the bundled files, never a system Lato
)


@dataclass
class Grafico:
    """What to draw: a kind, its series and labels (all wording already resolved)."""

    id: str
    tipo: str  # linea | dona | barras | barras_h
    datos: dict = field(default_factory=dict)
    ancho: float = 6.6  # inches
    alto: float = 3.0


def configurar_estilo(fuentes: Path, formato_numero) -> None:
    """Register the bundled fonts and set one visual style for every chart.

    The bundled files replace any installed font of the same family (a system Lato may be
    the full, larger files or another version): the charts must not depend on the machine.
    """
    propias = [str(ttf) for ttf in sorted(Path(fuentes).glob("*.ttf"))]
    familias = {font_manager.ttfFontProperty(font_manager.get_font(ttf)).name for ttf in propias}
    gestor = font_manager.fontManager
    gestor.ttflist = [f for f in gestor.ttflist if f.name not in familias]
    for ttf in propias:
        gestor.addfont(ttf)  # also clears the font lookup cache
    plt.rcParams.update(
        {
            "font.family": "Lato",
            "font.size": 8,
            "svg.fonttype": "none",
            "axes.edgecolor": GRIS,
            "axes.labelcolor": TINTA,
            "xtick.color": TINTA,
            "ytick.color": TINTA,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#dde3ea",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
            "svg.hashsalt": "inpe-informe",
        }
    )
    configurar_estilo.formato = formato_numero
    configurar_estilo.fuentes = Path(fuentes)


@functools.cache
def _huella_fuentes(fuentes: Path | None) -> str:
    """Hash of the font files the charts are measured and drawn with."""
    h = hashlib.sha256()
    for ttf in sorted(Path(fuentes).glob("*.ttf")) if fuentes else []:
        h.update(ttf.name.encode() + ttf.read_bytes())
    return h.hexdigest()


def _huella_codigo() -> str:
    """Hash of this module's source: a change in the drawing code invalidates every cached chart."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def clave(grafico: Grafico) -> str:
    """Content address of a chart: its data (wording in the edition's language), size, id, the style,
    the fonts, the number format and the drawing code."""
    formato = configurar_estilo.formato
    contenido = json.dumps(
        {
            "id": grafico.id,
            "tipo": grafico.tipo,
            "datos": grafico.datos,
            "ancho": grafico.ancho,
            "alto": grafico.alto,
            "estilo": {
                k: str(v)
                for k, v in sorted(plt.rcParams.items())
                if k.startswith(("font.", "axes.", "grid.", "svg.")) and k != "svg.hashsalt"
            },
            "formato": [formato(1234567), formato(0.5)],
            "fuentes": _huella_fuentes(getattr(configurar_estilo, "fuentes", None)),
            "codigo": _huella_codigo(),
            "matplotlib": matplotlib.__version__,
        },
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(contenido.encode("utf-8")).hexdigest()


def archivo_en_cache(grafico: Grafico) -> str:
    """The chart's file in figures/<periodo>/: its id and content address.

    Two builds that draw a chart differently (a Spanish and an English edition, an edited
    label) write different files, so neither ever lays out the other's chart.
    """
    return f"{grafico.id}-{clave(grafico)[:16]}.svg"


def _dibujar_si_falta(grafico: Grafico, carpeta: Path, usar_cache: bool) -> tuple[str, bool]:
    """Draw unless figures/<periodo>/ already holds this exact chart (same content address)."""
    destino = carpeta / archivo_en_cache(grafico)
    if usar_cache and destino.exists():
        return grafico.id, False
    dibujar(grafico, carpeta, destino.name)
    return grafico.id, True


def dibujar_todos(
    graficos: list[Grafico], carpeta: Path, usar_cache: bool = True, procesos: int = 0
) -> tuple[dict[str, Path], int]:
    """Draw every chart (only the changed ones with the cache), in parallel processes when asked.

    procesos: 0 = one per core, 1 = no parallelism. Workers are forked, so they inherit
    the style set by configurar_estilo. Returns ({id: path}, charts actually drawn).
    """
    carpeta.mkdir(parents=True, exist_ok=True)
    procesos = procesos or os.cpu_count() or 1
    rutas = {g.id: carpeta / archivo_en_cache(g) for g in graficos}
    pendientes = [g for g in graficos if not (usar_cache and rutas[g.id].exists())]
    if procesos > 1 and len(pendientes) > 3 and "fork" in multiprocessing.get_all_start_methods():
        with grupo_de_procesos(procesos) as grupo:
            list(
                grupo.map(
                    _dibujar_si_falta,
                    pendientes,
                    [carpeta] * len(pendientes),
                    [False] * len(pendientes),
                    chunksize=max(1, len(pendientes) // (4 * procesos)),
                )
            )
    else:
        for g in pendientes:
            _dibujar_si_falta(g, carpeta, False)
    _podar(carpeta, rutas)
    return rutas, len(pendientes)


CONSERVAR = 3  # other versions of a chart kept in figures/<periodo>/ (the other edition's, recent edits)
VIGENCIA = 3600  # seconds: a version used this recently may be in another build's hands


# a chart's file: <id>-<address>.svg; before addresses were in the name, <id>.svg and <id>.svg.clave
_VERSION = re.compile(r"(?P<id>.+?)(?P<clave>-[0-9a-f]{16})?\.svg(\.clave)?")


def _podar(carpeta: Path, rutas: dict[str, Path]) -> None:
    """Mark this run's charts as used; per chart, remove versions beyond the CONSERVAR most recently used.

    Never one used within VIGENCIA: a concurrent build may be laying it out.
    """
    ahora, versiones = time.time(), {}
    for ruta in rutas.values():
        with contextlib.suppress(OSError):
            os.utime(ruta)
    for ruta in carpeta.iterdir():
        version = _VERSION.fullmatch(ruta.name)
        if version and version["id"] in rutas and ruta != rutas[version["id"]]:
            versiones.setdefault(version["id"], [[], []])[version["clave"] is None].append(ruta)
    for direcciones, antiguas in versiones.values():
        for vieja in sorted(direcciones, key=_usado, reverse=True)[CONSERVAR:] + antiguas:
            if ahora - _usado(vieja) > VIGENCIA:
                vieja.unlink(missing_ok=True)


def _usado(ruta: Path) -> float:
    try:
        return ruta.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _miles(ax):
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: configurar_estilo.formato(v)))


def _textos(serie: dict) -> list[str]:
    """Point labels: the series' own `textos` (e.g. "5.1%") or its values with thousands separators."""
    return serie.get("textos") or [configurar_estilo.formato(v) for v in serie["valores"]]


def linea(ax, datos):
    """Monthly evolution: one line per series, every point labelled.

    A series with `"eje": "secundario"` (e.g. the population beside atenciones) is
    drawn against a right-hand axis labelled `eje_y_secundario`; `textos` replaces
    the point labels (percentages); `eje_y_porcentaje` formats the axis as %.
    """
    x = range(len(datos["meses"]))
    derecha = None
    lineas = []
    for i, serie in enumerate(datos["series"]):
        color = PALETA[i % len(PALETA)]
        eje = ax
        if serie.get("eje") == "secundario":
            if derecha is None:
                derecha = ax.twinx()
                derecha.spines["right"].set_visible(True)
                derecha.grid(False)
                derecha.set_ylabel(datos.get("eje_y_secundario", ""))
                _miles(derecha)
                derecha.margins(y=0.18)
            eje = derecha
        lineas += eje.plot(
            x,
            serie["valores"],
            marker="o",
            markersize=3,
            linewidth=1.6,
            color=color,
            linestyle="--" if eje is derecha else "-",
            label=serie["etiqueta"],
        )
        for xi, v, t in zip(x, serie["valores"], _textos(serie)):
            eje.annotate(
                t, (xi, v), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=5.6, color=color
            )
    ax.set_xticks(list(x), datos["meses"], fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    ax.margins(y=0.18)
    if datos.get("eje_y_porcentaje"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    else:
        _miles(ax)
    ax.legend(
        lineas,
        [linea.get_label() for linea in lineas],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=len(datos["series"]),
        fontsize=7,
    )


def dona(ax, datos):
    """Composition of a whole: a donut, total in the centre; share and value per slice.

    With few slices the labels sit around the ring; with many (offices) they go
    into the legend so that small slices never overlap.
    """
    fmt = configurar_estilo.formato
    partes = datos["partes"]
    cunas, _ = ax.pie(
        [p["valor"] for p in partes],
        colors=PALETA[: len(partes)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1},
    )
    alrededor = len(partes) <= 4
    for cuna, parte in zip(cunas, partes):
        if alrededor:
            angulo = math.radians((cuna.theta1 + cuna.theta2) / 2)
            ax.annotate(
                f"{parte['porcentaje_texto']}\n{fmt(parte['valor'])}",
                (math.cos(angulo) * 1.2, math.sin(angulo) * 1.2),
                ha="center",
                va="center",
                fontsize=7.5,
                color=TINTA,
            )
    ax.text(0, 0.1, datos["centro_etiqueta"], ha="center", va="center", fontsize=7, color=GRIS)
    ax.text(
        0,
        -0.12,
        fmt(datos["centro_valor"]),
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        color=TINTA,
    )
    ax.set_aspect("equal")
    ax.axis("off")
    etiquetas = [
        p["etiqueta"] if alrededor else f"{p['etiqueta']}   {p['porcentaje_texto']} ({fmt(p['valor'])})"
        for p in partes
    ]
    ax.legend(cunas, etiquetas, loc="center left", bbox_to_anchor=(1.05, 0.5), fontsize=7.5)


def barras(ax, datos):
    """Grouped bars: categories on x, one bar per series, values on top.

    `apiladas: True` stacks the series instead (labels inside each segment);
    a series' `textos` replaces its value labels.
    """
    categorias, series = datos["categorias"], datos["series"]
    apiladas = datos.get("apiladas", False)
    ancho = 0.6 if apiladas else 0.8 / len(series)
    base = [0] * len(categorias)
    for i, serie in enumerate(series):
        if apiladas:
            posiciones = list(range(len(categorias)))
        else:
            posiciones = [c + (i - (len(series) - 1) / 2) * ancho for c in range(len(categorias))]
        barras_ = ax.bar(
            posiciones,
            serie["valores"],
            width=ancho,
            bottom=base if apiladas else None,
            color=PALETA[i % len(PALETA)],
            label=serie["etiqueta"],
        )
        for b, t in zip(barras_, _textos(serie)):
            if apiladas:
                ax.annotate(
                    t,
                    (b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2),
                    ha="center",
                    va="center",
                    fontsize=5.8,
                    color="white",
                )
            else:
                ax.annotate(
                    t,
                    (b.get_x() + b.get_width() / 2, b.get_height()),
                    textcoords="offset points",
                    xytext=(0, 2),
                    ha="center",
                    fontsize=5.8,
                    color=TINTA,
                )
        if apiladas:
            base = [b + v for b, v in zip(base, serie["valores"])]
    ax.set_xticks(range(len(categorias)), categorias, fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    _miles(ax)
    ax.legend(loc="upper right", fontsize=7)


def barras_h(ax, datos):
    """Ranked horizontal bars (largest on top): `categorias`, one `valores` series, optional `textos`."""
    categorias, valores = datos["categorias"], datos["valores"]
    textos = datos.get("textos") or [configurar_estilo.formato(v) for v in valores]
    posiciones = list(range(len(categorias)))[::-1]
    barras_ = ax.barh(posiciones, valores, height=0.65, color=datos.get("color", PALETA[0]))
    for b, t in zip(barras_, textos):
        ax.annotate(
            t,
            (b.get_width(), b.get_y() + b.get_height() / 2),
            textcoords="offset points",
            xytext=(3, 0),
            va="center",
            fontsize=6.5,
            color=TINTA,
        )
    ax.set_yticks(posiciones, categorias, fontsize=7)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: configurar_estilo.formato(v)))
    ax.set_xlabel(datos.get("eje_x", ""))
    ax.margins(x=0.15)


TIPOS = {"linea": linea, "dona": dona, "barras": barras, "barras_h": barras_h}


def _con_familia_del_informe(svg: bytes) -> bytes:
    """Chart text names FAMILIA_PDF first: WeasyPrint then draws it with the bundled files, a browser with Lato."""
    familia = plt.rcParams["font.family"][0]
    return svg.replace(
        f"font-family: '{familia}'".encode(),
        f"font-family: '{FAMILIA_PDF}', '{familia}', sans-serif".encode(),
    )


def dibujar(grafico: Grafico, carpeta: Path, nombre: str | None = None) -> Path:
    """Draw one chart to carpeta/<nombre> (<id>.svg by default), written atomically; return its path."""
    carpeta.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(grafico.ancho, grafico.alto))
    try:
        plt.rcParams["svg.hashsalt"] = grafico.id
        TIPOS[grafico.tipo](ax, grafico.datos)
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        destino = carpeta / (nombre or f"{grafico.id}.svg")
        return atomic.escribir_atomico(destino, _con_familia_del_informe(svg.getvalue()), durable=False)
    finally:
        plt.close(fig)


def columnas(ax, datos):
    """Monthly columns of one count, each labelled (e.g. "211\\n6%"): `categorias`, `valores`, optional `textos`.

    One series needs no legend; the headroom keeps the tallest label inside the axes.
    """
    valores = datos["valores"]
    textos = datos.get("textos") or [configurar_estilo.formato(v) for v in valores]
    barras_ = ax.bar(range(len(valores)), valores, width=0.7, color=datos.get("color", PALETA[0]))
    for b, t in zip(barras_, textos):
        ax.annotate(
            t,
            (b.get_x() + b.get_width() / 2, b.get_height()),
            textcoords="offset points",
            xytext=(0, 2),
            ha="center",
            va="bottom",
            fontsize=6,
            color=TINTA,
        )
    ax.set_xticks(range(len(valores)), datos["categorias"], fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    ax.set_ylim(0, max(valores, default=0) * 1.22 or 1)
    _miles(ax)


TIPOS["columnas"] = columnas


def linea_enteros(ax, datos):
    """`linea` with whole-number ticks on every y axis: small counts (penas cumplidas) never show 7.5 as "7"."""
    from matplotlib.ticker import MaxNLocator

    linea(ax, datos)
    for eje in ax.figure.axes:
        eje.yaxis.set_major_locator(MaxNLocator(integer=True))
        if eje.get_ylim()[0] < 0:  # counts: the margin must not invent a "−1" tick
            eje.set_ylim(bottom=-0.5)


TIPOS["linea_enteros"] = linea_enteros


def barras_leyenda_abajo(ax, datos):
    """Grouped bars with the legend under the axis, for series whose tallest bars sit on the right."""
    barras(ax, datos)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(datos["series"]), fontsize=7)


TIPOS["barras_leyenda_abajo"] = barras_leyenda_abajo
