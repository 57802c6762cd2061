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

from . import atomic
from .run import grupo_de_procesos

# matplotlib, imported by _cargar_matplotlib when a chart is first drawn in this process: a build whose
# charts are all in figures/ (a template edit, a rebuild) never needs it (a quarter of a second).
matplotlib = plt = font_manager = FigureCanvasAgg = Figure = Rectangle = None
FuncFormatter = MaxNLocator = Bbox = None

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


_MEDIDAS_DE_TEXTO: dict = {}


def _medidas_de_texto_compartidas(renderer, text, fontprop, ismath, dpi):
    """matplotlib's text-metrics cache, shared by every figure instead of kept per renderer.

    matplotlib keys its cache on the renderer instance, and each chart has its own: every chart measured
    again each tick label and legend entry the previous ones had (a third of the drawing time). The
    metrics depend only on the renderer's kind, its dpi, the hinting, the text and the font, so those
    are the key here; same numbers, same charts.
    """
    from matplotlib.backends.backend_agg import get_hinting_flag

    propiedades = fontprop.copy()  # FontProperties hash on mutable state: key on a copy, as matplotlib does
    clave = (
        type(renderer),
        getattr(renderer, "dpi", None),
        get_hinting_flag(),
        text,
        propiedades,
        ismath,
        dpi,
    )
    if clave not in _MEDIDAS_DE_TEXTO:
        _MEDIDAS_DE_TEXTO[clave] = renderer.get_text_width_height_descent(text, propiedades, ismath)
    return _MEDIDAS_DE_TEXTO[clave]


_COMPOSICIONES: dict = {}
_componer_texto = None  # matplotlib's own Text._get_layout, kept when it is replaced


def _composicion_compartida(texto, renderer):
    """matplotlib's Text._get_layout, computed once per distinct text, font, angle and alignment.

    Measuring the axes to lay a chart out asks each tick label for its box several times, and every
    chart has the same months and numbers: the layout (relative to the text's anchor) depends only on
    what is keyed here, never on the position. Wrapped text depends on the position: not cached.
    """
    if texto.get_wrap():
        return _componer_texto(texto, renderer)
    clave = (
        type(renderer),
        texto.get_figure(root=True).dpi,
        texto.get_text(),
        texto.get_fontproperties().copy(),
        texto.get_rotation(),
        texto.get_rotation_mode(),
        texto.get_horizontalalignment(),
        texto.get_verticalalignment(),
        texto._get_multialignment(),  # noqa: SLF001 (part of what the layout depends on)
        texto._linespacing,  # noqa: SLF001
        texto.get_usetex(),
        texto.get_parse_math(),
    )
    if clave not in _COMPOSICIONES:
        _COMPOSICIONES[clave] = _componer_texto(texto, renderer)
    caja, lineas, esquina = _COMPOSICIONES[clave]
    return caja.frozen(), list(lineas), esquina  # callers get their own box


# The one visual style of every chart (matplotlib rcParams); part of each chart's content address.
ESTILO = {
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


def configurar_estilo(fuentes: Path, formato_numero) -> None:
    """Set the bundled fonts and the number format of every chart; matplotlib gets them when a chart is
    first drawn (_cargar_matplotlib), or now if it is already imported."""
    configurar_estilo.formato = formato_numero
    configurar_estilo.fuentes = Path(fuentes)
    configurar_estilo.aplicado = False
    if matplotlib is not None:
        _cargar_matplotlib()


def _cargar_matplotlib() -> None:
    """Import matplotlib (once per process) and give it the style and fonts set by configurar_estilo.

    The bundled fonts replace any installed font of the same family (a system Lato may be the full,
    larger files or another version): the charts must not depend on the machine.
    """
    global matplotlib, plt, font_manager, FigureCanvasAgg, Figure, Rectangle, FuncFormatter, MaxNLocator
    global Bbox, _componer_texto
    if matplotlib is None:
        import matplotlib as _matplotlib

        _matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import FuncFormatter, MaxNLocator
        from matplotlib.transforms import Bbox

        matplotlib, _componer_texto = _matplotlib, _matplotlib.text.Text._get_layout
    if getattr(configurar_estilo, "aplicado", True):
        return
    propias = [str(ttf) for ttf in sorted(configurar_estilo.fuentes.glob("*.ttf"))]
    familias = {font_manager.ttfFontProperty(font_manager.get_font(ttf)).name for ttf in propias}
    gestor = font_manager.fontManager
    gestor.ttflist = [f for f in gestor.ttflist if f.name not in familias]
    for ttf in propias:
        gestor.addfont(ttf)  # also clears the font lookup cache
    plt.rcParams.update(ESTILO)
    _MEDIDAS_DE_TEXTO.clear()  # measured with the fonts and style just set
    _COMPOSICIONES.clear()
    matplotlib.text._get_text_metrics_with_cache = _medidas_de_texto_compartidas
    matplotlib.text.Text._get_layout = _composicion_compartida
    configurar_estilo.aplicado = True


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


@functools.cache
def _version_de_matplotlib() -> str:
    """Its version without importing it (the defaults of every style not set in ESTILO come with it)."""
    from importlib.metadata import version

    return version("matplotlib")


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
            "estilo": {k: str(v) for k, v in sorted(ESTILO.items()) if k != "svg.hashsalt"},
            "formato": [formato(1234567), formato(0.5)],
            "fuentes": _huella_fuentes(getattr(configurar_estilo, "fuentes", None)),
            "codigo": _huella_codigo(),
            "matplotlib": _version_de_matplotlib(),
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
    if pendientes:
        _cargar_matplotlib()  # here, before forking: the workers inherit it
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


def _color(elemento: dict, posicion: int) -> str:
    """A series' or slice's colour: its category's own (see capitulos.graficos_comunes.color_por_clave),
    else the palette's by position."""
    return elemento.get("color") or PALETA[posicion % len(PALETA)]


def _enteros(valores) -> bool:
    return all(float(v).is_integer() for v in valores)


def _localizador_entero():
    """Whole-number ticks at round steps (1, 2, 5, 10 × 10ⁿ), never a step such as 80 or 150."""
    return MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True, min_n_ticks=3)


def _eje_legible(eje, valores) -> None:
    """A value axis from zero (never truncated: a change reads at its true size) that a reader can read
    whatever the series: whole-number ticks for counts (never "14 14 14 13 13"), headroom above the
    highest point for its label, small counts on 0, 1, 2…; only a negative value goes below zero."""
    valores = [float(v) for v in valores] or [0.0]
    bajo, alto = min(valores), max(valores)
    if _enteros(valores):
        eje.yaxis.set_major_locator(_localizador_entero())
    tope = max(alto, 0.0) * 1.25 or 1.0
    if _enteros(valores):
        tope = max(tope, alto + 2)  # small counts: 0, 1, 2…
    piso = bajo - (tope - bajo) * 0.1 if bajo < 0 else 0.0
    eje.set_ylim(piso, tope)


# --- layout: the axes box is set once, from the measured decorations; the figure keeps its size --------

RELLENO = 0.05  # inches of white kept around a chart's content


def _encajar(fig, ejes=None) -> None:
    """Fixed layout: the figure keeps its final size and the axes box is set so that tick labels,
    axis titles, the legend and the labels drawn so far fit inside it (nothing cut, no tight-bbox pass).

    The decorations are measured (text extents, not a drawing); twice, because the tick locator
    may pick other ticks for the new axes height.
    """
    renderer = fig.canvas.get_renderer()
    ejes = ejes or fig.axes
    ancho, alto = fig.bbox.width, fig.bbox.height
    relleno = RELLENO * fig.dpi
    for _ in range(2):
        for ax in ejes:
            ax.get_xlim(), ax.get_ylim()
        caja = Bbox.union([ax.bbox for ax in ejes])
        partes = [caja]
        for ax in ejes:
            partes += [ax.xaxis.get_tightbbox(renderer), ax.yaxis.get_tightbbox(renderer)]
            if ax.get_legend() is not None:
                partes.append(ax.get_legend().get_window_extent(renderer))
            partes += [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
        todo = Bbox.union([p for p in partes if p is not None and p.width > 0 and p.height > 0])
        izquierda = caja.x0 - todo.x0 + relleno
        derecha = todo.x1 - caja.x1 + relleno
        abajo = caja.y0 - todo.y0 + relleno
        arriba = todo.y1 - caja.y1 + relleno
        fig.subplots_adjust(
            left=izquierda / ancho, right=1 - derecha / ancho, bottom=abajo / alto, top=1 - arriba / alto
        )


# --- labels placed where nothing else is ----------------------------------------------------------

# (dx, dy in points, ha, va): above, below, the four diagonals, the sides, then further out
POSICIONES_PUNTO = (
    (0, 4, "center", "bottom"),
    (0, -4, "center", "top"),
    (4, 3, "left", "bottom"),
    (-4, 3, "right", "bottom"),
    (4, -3, "left", "top"),
    (-4, -3, "right", "top"),
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (0, 10, "center", "bottom"),
    (0, -10, "center", "top"),
    (8, 8, "left", "bottom"),
    (-8, 8, "right", "bottom"),
    (8, -8, "left", "top"),
    (-8, -8, "right", "top"),
)
# a bar's value: on top, nudged off a taller neighbour, or inside the bar's top in white
POSICIONES_BARRA = (
    (0, 2, "center", "bottom"),
    (3, 2, "right", "bottom"),
    (-3, 2, "left", "bottom"),
    (0, -2, "center", "top", "dentro"),
)


@dataclass
class Rotulo:
    """A data label to place: the point it names (data coordinates of `eje`) and its wording."""

    eje: object
    x: float
    y: float
    texto: str
    color: str
    tamano: float
    prioridad: tuple = (0,)
    posiciones: tuple = POSICIONES_PUNTO
    barra: object = None  # the bar it names (may be written inside it)


def _segmento_cruza(caja, p, q) -> bool:
    """The segment p–q passes through the box (Liang–Barsky clipping, display coordinates)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for borde_p, borde_q in (
        (-dx, x0 - caja.x0),
        (dx, caja.x1 - x0),
        (-dy, y0 - caja.y0),
        (dy, caja.y1 - y0),
    ):
        if borde_p == 0:
            if borde_q < 0:
                return False
            continue
        t = borde_q / borde_p
        if borde_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _cruzan(a, b, holgura: float) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > -holgura and min(a.y1, b.y1) - max(a.y0, b.y0) > -holgura


def _dentro(caja, marco, holgura: float = 0.0) -> bool:
    return (
        marco.x0 + holgura <= caja.x0
        and caja.x1 <= marco.x1 - holgura
        and marco.y0 + holgura <= caja.y0
        and caja.y1 <= marco.y1 - holgura
    )


def colocar(fig, rotulos: list[Rotulo]) -> None:
    """Place each label at the first of its positions where it touches no other label, line, marker,
    bar or legend and stays inside the axes; in priority order. A label with no free place is left out
    (its value is in the chart's table and text alternative): a struck-through figure is worse.
    """
    renderer = fig.canvas.get_renderer()
    holgura = 2.0  # px kept free around each label (1 px let two labels read as one number: «393737»)
    segmentos, marcas, barras_ = [], [], []
    for ax in fig.axes:
        ax.get_xlim(), ax.get_ylim()
    for ax in fig.axes:
        for linea_ in ax.lines:
            puntos = linea_.get_transform().transform(linea_.get_xydata())
            segmentos += list(zip(puntos[:-1], puntos[1:]))
            if linea_.get_marker() not in (None, "None", ""):
                radio = linea_.get_markersize() / 72 * fig.dpi / 2 + holgura
                marcas += [(x, y, radio) for x, y in puntos]
        barras_ += [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() and p.get_height()]
    cajas_barras = [(b, b.get_window_extent(renderer)) for b in barras_]
    ocupadas = [lg.get_window_extent(renderer) for ax in fig.axes if (lg := ax.get_legend()) is not None]
    for rotulo in sorted(rotulos, key=lambda r: r.prioridad):
        area = rotulo.eje.bbox
        texto = rotulo.eje.annotate(
            rotulo.texto,
            (rotulo.x, rotulo.y),
            textcoords="offset points",
            xytext=(0, 0),
            fontsize=rotulo.tamano,
            color=rotulo.color,
        )
        for dx, dy, ha, va, *dentro in rotulo.posiciones:
            texto.xyann = (dx, dy)
            texto.set_ha(ha)
            texto.set_va(va)
            texto.set_color("white" if dentro else rotulo.color)
            caja = texto.get_window_extent(renderer)
            if not _dentro(caja, area, holgura):
                continue
            if dentro and not (
                rotulo.barra and _dentro(caja, rotulo.barra.get_window_extent(renderer), holgura)
            ):
                continue
            if any(_cruzan(caja, o, holgura) for o in ocupadas):
                continue
            if any(_cruzan(caja, c, holgura) for b, c in cajas_barras if not (dentro and b is rotulo.barra)):
                continue
            ampliada = Bbox.from_extents(
                caja.x0 - holgura, caja.y0 - holgura, caja.x1 + holgura, caja.y1 + holgura
            )
            if any(_segmento_cruza(ampliada, p, q) for p, q in segmentos):
                continue
            if any(caja.x0 - r < x < caja.x1 + r and caja.y0 - r < y < caja.y1 + r for x, y, r in marcas):
                continue
            ocupadas.append(caja)
            break
        else:
            texto.remove()


def _prioridades(valores) -> list[tuple]:
    """Label order within a series: the last point, the first, the highest, the lowest, then the rest."""
    n = len(valores)
    claves = {n - 1: 0, 0: 1}
    if n:
        claves.setdefault(max(range(n), key=lambda i: valores[i]), 2)
        claves.setdefault(min(range(n), key=lambda i: valores[i]), 3)
    return [(claves.get(i, 4), i) for i in range(n)]


# --- chart kinds ------------------------------------------------------------------------------------


def _panel_inferior(ax):
    """A second panel under `ax`, sharing its months: a series on another scale gets its own axis from
    zero instead of a right-hand axis (two scales on one plot make lines cross and markers coincide)."""
    fig = ax.figure
    rejilla = fig.add_gridspec(2, 1, height_ratios=(3, 2), hspace=0.2)  # room for both panels' edge ticks
    ax.set_subplotspec(rejilla[0])
    abajo = fig.add_subplot(rejilla[1], sharex=ax)
    ax.tick_params(labelbottom=False)
    return abajo


def linea(ax, datos):
    """Monthly evolution: one line per series, every point labelled where its label fits.

    A series with `"eje": "secundario"` (e.g. the population beside atenciones) is drawn in a
    panel of its own under the first, labelled `eje_y_secundario`; `textos` replaces the point
    labels (percentages; "" for none); `eje_y_porcentaje` formats the axis as %.
    Every value axis starts at zero; labels are placed by `colocar` so that none crosses a line,
    a marker or another label.
    """
    x = range(len(datos["meses"]))
    abajo = None
    if any(serie.get("eje") == "secundario" for serie in datos["series"]):
        abajo = _panel_inferior(ax)
        abajo.set_ylabel(datos.get("eje_y_secundario", ""))
        _miles(abajo)
    lineas, rotulos = [], []
    por_eje = {}
    for i, serie in enumerate(datos["series"]):
        color = _color(serie, i)
        eje = abajo if serie.get("eje") == "secundario" else ax
        lineas += eje.plot(
            x,
            serie["valores"],
            marker="o",
            markersize=3,
            linewidth=1.6,
            color=color,
            label=serie["etiqueta"],
        )
        por_eje.setdefault(id(eje), (eje, []))[1].extend(serie["valores"])
        for (clase, j), xi, v, t in zip(_prioridades(serie["valores"]), x, serie["valores"], _textos(serie)):
            if t:
                rotulos.append(Rotulo(eje, xi, v, t, color, 6.2, (clase, i, j)))
    ultimo = abajo or ax
    ultimo.set_xticks(list(x), datos["meses"], fontsize=6.5)
    ax.set_xlim(-0.75, len(x) - 0.25)
    ax.set_ylabel(datos.get("eje_y", ""))
    if datos.get("eje_y_porcentaje"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    else:
        _miles(ax)
    for eje, valores in por_eje.values():
        _eje_legible(eje, valores)
    leyenda = ultimo.legend(
        lineas,
        [linea.get_label() for linea in lineas],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=len(datos["series"]),
        fontsize=7,
    )
    for _ in range(2):  # under the month labels, whatever the panel's height
        _encajar(ax.figure)
        leyenda.set_bbox_to_anchor((0.5, _bajo_las_marcas(ultimo)), transform=ultimo.transAxes)
    _encajar(ax.figure)
    colocar(ax.figure, rotulos)


def linea_enteros(ax, datos):
    """`linea` of small counts (penas cumplidas): every count axis already gets whole-number ticks and
    no negative one (`_eje_legible`); the kind stays for the specs that name it."""
    linea(ax, datos)


def _alineacion(angulo: float) -> tuple[str, str]:
    """Text alignment of a label outside a ring at `angulo` (radians): it grows away from the ring."""
    c, s = math.cos(angulo), math.sin(angulo)
    ha = "left" if c > 0.2 else "right" if c < -0.2 else "center"
    va = "bottom" if s > 0.2 else "top" if s < -0.2 else "center"
    return ha, va


def dona(ax, datos):
    """Composition of a whole: a donut, total in the centre; share and value per slice.

    With few slices the labels sit around the ring, aligned to grow away from it; with many
    (offices) they go into the legend so that small slices never overlap. The layout is fixed:
    a square axes as tall as the figure, sized so that the labels fit, with the legend beside it,
    the pair centred.
    """
    fmt = configurar_estilo.formato
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    partes = datos["partes"]
    cunas, _ = ax.pie(
        [p["valor"] for p in partes],
        colors=[_color(p, i) for i, p in enumerate(partes)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1},
    )
    alrededor = len(partes) <= 4
    rotulos = []
    if alrededor:
        for cuna, parte in zip(cunas, partes):
            angulo = math.radians((cuna.theta1 + cuna.theta2) / 2)
            ha, va = _alineacion(angulo)
            rotulos.append(
                ax.text(
                    math.cos(angulo) * 1.08,
                    math.sin(angulo) * 1.08,
                    f"{parte['porcentaje_texto']}\n{fmt(parte['valor'])}",
                    ha=ha,
                    va=va,
                    fontsize=7.5,
                    color=TINTA,
                )
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
    ax.axis("off")
    etiquetas = [
        p["etiqueta"] if alrededor else f"{p['etiqueta']}   {p['porcentaje_texto']} ({fmt(p['valor'])})"
        for p in partes
    ]
    leyenda = ax.legend(cunas, etiquetas, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7.5)
    # the square: as tall as the figure; its half-side in data units (L) leaves room for every label
    dpi, relleno = fig.dpi, RELLENO * fig.dpi
    lado = fig.bbox.height - 2 * relleno
    medio = 1.0
    for t in rotulos:
        caja = t.get_window_extent(renderer)
        ha, va = t.get_ha(), t.get_va()
        x, y = t.get_position()
        w = caja.width + 2 * dpi / 72 if ha != "center" else caja.width / 2 + dpi / 72
        h = caja.height + 2 * dpi / 72 if va != "center" else caja.height / 2 + dpi / 72
        for pos, tam in ((abs(x), w), (abs(y), h)):
            if 2 * tam < lado:
                medio = max(medio, pos / (1 - 2 * tam / lado))
    ax.set_xlim(-medio, medio)
    ax.set_ylim(-medio, medio)
    ax.set_aspect("equal", adjustable="box")
    ancho_leyenda = leyenda.get_window_extent(renderer).width + 4 * dpi / 72
    lado = min(lado, fig.bbox.width - 2 * relleno - ancho_leyenda)
    izquierda = (fig.bbox.width - lado - ancho_leyenda) / 2
    ax.set_position(
        [
            izquierda / fig.bbox.width,
            (fig.bbox.height - lado) / 2 / fig.bbox.height,
            lado / fig.bbox.width,
            lado / fig.bbox.height,
        ]
    )
    _centro_en_el_hueco(ax, ax.texts[-2:], 0.62 * lado / (2 * medio) * 2 - 4 * dpi / 72)


LETRA_MINIMA = 6.0  # pt: no text of a chart is printed smaller (charts print at the size they are drawn)


def _centro_en_el_hueco(ax, textos, hueco: float) -> None:
    """The centre's wording fits the hole of a small donut: the label wraps onto two lines, then the
    type shrinks down to LETRA_MINIMA; a label that still does not fit is left out (the chart's title
    names the whole), the value stays."""
    renderer = ax.figure.canvas.get_renderer()
    etiqueta, valor = textos
    tamano_valor = valor.get_fontsize()
    caja = lambda t: t.get_window_extent(renderer)  # noqa: E731
    texto = etiqueta.get_text()
    if caja(etiqueta).width > hueco and " " in texto:
        palabras = texto.split()
        corte = min(range(1, len(palabras)), key=lambda i: abs(len(" ".join(palabras[:i])) - len(texto) / 2))
        etiqueta.set_text(" ".join(palabras[:corte]) + "\n" + " ".join(palabras[corte:]))
        etiqueta.set_y(0.2)
    centro = ax.transData.transform((0, 0))
    radio = ax.transData.transform((0.62, 0))[0] - centro[0] - 2

    def cabe(*textos) -> bool:
        """Every corner inside the hole, and a label above the value it names."""
        esquinas = [
            (x, y) for t in textos for x in (caja(t).x0, caja(t).x1) for y in (caja(t).y0, caja(t).y1)
        ]
        en_orden = len(textos) == 1 or caja(textos[0]).y0 >= caja(textos[1]).y1
        return en_orden and all(math.dist(e, centro) <= radio for e in esquinas)

    while not cabe(etiqueta, valor) and etiqueta.get_fontsize() > LETRA_MINIMA:
        for t in textos:
            t.set_fontsize(max(LETRA_MINIMA, t.get_fontsize() - 0.5))
    if not cabe(etiqueta, valor):
        etiqueta.remove()
        valor.set_y(0)
        valor.set_fontsize(tamano_valor)  # alone in the hole: back to its own size, then fitted
        while not cabe(valor) and valor.get_fontsize() > LETRA_MINIMA:
            valor.set_fontsize(valor.get_fontsize() - 0.5)


def barras(ax, datos, leyenda_abajo: bool = False):
    """Grouped bars from zero: categories on x (titled by `eje_x`), one bar per series, values on top
    (nudged off a taller neighbour, or inside the bar, when they would touch it); a legend for two or more.

    `apiladas: True` stacks the series instead (labels inside each segment where they fit);
    a series' `textos` replaces its value labels ("" for none); `leyenda_abajo` puts the legend
    under the axis, for series whose tallest bars sit on the right.
    """
    categorias, series = datos["categorias"], datos["series"]
    apiladas = datos.get("apiladas", False)
    ancho = 0.6 if apiladas else 0.8 / len(series)
    base = [0] * len(categorias)
    rotulos, todos = [], []
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
            color=_color(serie, i),
            label=serie["etiqueta"],
        )
        for j, (b, t) in enumerate(zip(barras_, _textos(serie))):
            if not t:
                continue
            if apiladas:
                y, posiciones_ = b.get_y() + b.get_height() / 2, ((0, 0, "center", "center", "dentro"),)
            else:
                y, posiciones_ = b.get_height(), POSICIONES_BARRA
            rotulos.append(
                Rotulo(ax, b.get_x() + b.get_width() / 2, y, t, TINTA, 6.2, (0, j, i), posiciones_, b)
            )
        todos += [a + v for a, v in zip(base, serie["valores"])] if apiladas else list(serie["valores"])
        if apiladas:
            base = [b + v for b, v in zip(base, serie["valores"])]
    ax.set_xticks(range(len(categorias)), categorias, fontsize=6.5)
    ax.set_ylabel(datos.get("eje_y", ""))
    ax.set_xlabel(datos.get("eje_x", ""))
    _miles(ax)
    _eje_legible(ax, todos)
    # one series: the axis titles say what it is, a legend would only repeat them
    if len(series) > 1 and leyenda_abajo:
        leyenda = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(series), fontsize=7)
        for _ in range(2):  # under the tick labels, however many lines they have
            _encajar(ax.figure)
            leyenda.set_bbox_to_anchor((0.5, _bajo_las_marcas(ax)), transform=ax.transAxes)
    elif len(series) > 1:
        ax.legend(loc="upper right", fontsize=7)
    _encajar(ax.figure)
    colocar(ax.figure, rotulos)


def _bajo_las_marcas(ax) -> float:
    """The height, in axes fraction, just under the x tick labels (where a legend below the axis starts)."""
    caja = ax.xaxis.get_tightbbox(ax.figure.canvas.get_renderer())
    return (caja.y0 - ax.bbox.y0 - 3) / ax.bbox.height


def barras_leyenda_abajo(ax, datos):
    """Grouped bars with the legend under the axis, for series whose tallest bars sit on the right."""
    barras(ax, datos, leyenda_abajo=True)


def barras_h(ax, datos):
    """Ranked horizontal bars (largest on top), from zero: `categorias`, one `valores` series, optional `textos`."""
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
    ax.set_ylim(-0.6, len(categorias) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: configurar_estilo.formato(v)))
    ax.xaxis.set_major_locator(
        _localizador_entero() if _enteros(valores) else MaxNLocator(nbins="auto", steps=[1, 2, 5, 10])
    )
    ax.set_xlabel(datos.get("eje_x", ""))
    _encajar(ax.figure)
    # the value labels run past the longest bar: widen the value axis until the widest fits inside it
    renderer = ax.figure.canvas.get_renderer()
    ax.set_xlim(0, max(valores, default=0) or 1)
    for _ in range(3):
        sobra = max((t.get_window_extent(renderer).x1 for t in ax.texts), default=0) - ax.bbox.x1
        if sobra <= 0:
            break
        izquierda, derecha = ax.get_xlim()
        ax.set_xlim(izquierda, derecha * (1 + (sobra + 4) / ax.bbox.width) * 1.02)


def columnas(ax, datos):
    """Monthly columns of one count from zero, each labelled (e.g. "211\\n6%"): `categorias`, `valores`,
    optional `textos`. One series needs no legend; the headroom keeps the tallest label inside the axes."""
    valores = datos["valores"]
    textos = datos.get("textos") or [configurar_estilo.formato(v) for v in valores]
    barras_ = ax.bar(range(len(valores)), valores, width=0.7, color=datos.get("color", PALETA[0]))
    rotulos = [
        Rotulo(
            ax, b.get_x() + b.get_width() / 2, b.get_height(), t, TINTA, 6.2, (0, j), POSICIONES_BARRA[:1], b
        )
        for j, (b, t) in enumerate(zip(barras_, textos))
    ]
    ax.set_xticks(range(len(valores)), datos["categorias"], fontsize=6.5)
    ax.set_xlim(-0.6, len(valores) - 0.4)
    ax.set_ylabel(datos.get("eje_y", ""))
    _miles(ax)
    _eje_legible(ax, valores)
    ax.set_ylim(0, max(valores, default=0) * 1.3 or 1)
    _encajar(ax.figure)
    colocar(ax.figure, rotulos)


TIPOS = {
    "linea": linea,
    "linea_enteros": linea_enteros,
    "dona": dona,
    "barras": barras,
    "barras_leyenda_abajo": barras_leyenda_abajo,
    "barras_h": barras_h,
    "columnas": columnas,
}


_GRUPO = re.compile(rb'<g id="([^"]*)">\s*|\s*</g>|<g\b')


def _sin_grupos_de_nombre(svg: bytes) -> bytes:
    """matplotlib wraps every artist in a <g id="…"> that only names it (~60 per chart): the groups go,
    their content stays. WeasyPrint spent a quarter of a chart's drawing walking them; a group
    another element refers to (#id) is kept."""
    salida, pila, desde = [], [], 0
    for m in _GRUPO.finditer(svg):
        texto = m.group(0)
        if texto.startswith(b"<g id="):
            quitar = b'"#' + m.group(1) + b'"' not in svg and b"(#" + m.group(1) + b")" not in svg
        elif texto.strip() == b"</g>":
            quitar = pila.pop()
        else:  # a group with other attributes (clip-path, transform…): kept with its closing tag
            pila.append(False)
            continue
        if texto.startswith(b"<g id="):
            pila.append(quitar)
        if quitar:
            salida.append(svg[desde : m.start()])
            desde = m.end()
    salida.append(svg[desde:])
    return b"".join(salida)


def _con_familia_del_informe(svg: bytes) -> bytes:
    """Chart text names FAMILIA_PDF first: WeasyPrint then draws it with the bundled files, a browser with Lato."""
    familia = ESTILO["font.family"]
    return svg.replace(
        f"font-family: '{familia}'".encode(),
        f"font-family: '{FAMILIA_PDF}', '{familia}', sans-serif".encode(),
    )


def figura(grafico: Grafico):
    """The chart as a matplotlib Figure at its final size and layout (outside pyplot: nothing to close)."""
    _cargar_matplotlib()
    fig = Figure(figsize=(grafico.ancho, grafico.alto))  # not pyplot's: no figure manager to create and close
    FigureCanvasAgg(fig)  # the canvas whose renderer measures text while each kind lays itself out
    ax = fig.subplots()
    plt.rcParams["svg.hashsalt"] = grafico.id
    TIPOS[grafico.tipo](ax, grafico.datos)
    return fig


def dibujar(grafico: Grafico, carpeta: Path, nombre: str | None = None) -> Path:
    """Draw one chart to carpeta/<nombre> (<id>.svg by default), written atomically; return its path.

    Drawn once, at the figure's final size: each kind lays itself out (no tight-bbox second pass).
    """
    carpeta.mkdir(parents=True, exist_ok=True)
    svg = io.BytesIO()
    figura(grafico).savefig(svg, format="svg", metadata={"Date": None})
    destino = carpeta / (nombre or f"{grafico.id}.svg")
    contenido = _con_familia_del_informe(_sin_grupos_de_nombre(svg.getvalue()))
    return atomic.escribir_atomico(destino, contenido, durable=False)
