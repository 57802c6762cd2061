"""Charts drawn once: WeasyPrint's drawing of an SVG chart kept on disk and written again when the same
chart is drawn in the same state.

Why: a chapter laid out again after an edited sentence draws the same charts again, and drawing them is
half of writing its pages (~80 ms per chart: WeasyPrint walks every path and label of the SVG). The kept
drawing is the list of PDF operations WeasyPrint wrote, so writing it again gives the same bytes:

- the key holds the parsed chart, the size it is drawn at, what the page stream remembers (colour,
  alpha, font: it decides which operations are written) and the drawing code;
- the entry holds the operations, every glyph they use with its width and text, and the alpha states;
- a font the page has not used yet, or of another file, a glyph whose width the page already holds
  differently, and any chart that needs more than fonts and alpha states (transparency groups,
  patterns, images) are drawn as before.

Near-identity transforms (what WeasyPrint writes after each clip, its matrix times its inverse) are left
out of every chart drawing, cached or not: their last digits depend on where the chart sits on the page,
and a chart drawn at one place and written at another must give the bytes it would have drawn there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from . import atomic, guardados

# set around a layout; kept: the most recently used (about four editions' charts in two languages)
GUARDADOS = guardados.Guardados(".pkl", conservar=800)
guardados_en, podar = GUARDADOS.en, GUARDADOS.podar
_ESTADO = (
    "_current_color",
    "_current_color_stroke",
    "_current_alpha",
    "_current_alpha_stroke",
    "_current_font",
)


def instalar() -> None:
    """Wrap WeasyPrint's SVG image drawing (idempotent, once per process)."""
    from weasyprint.images import SVGImage

    if getattr(SVGImage.draw, "guardado", False):
        return
    original_init, original_draw = SVGImage.__init__, SVGImage.draw

    def __init__(self, tree, base_url, url_fetcher, context):
        original_init(self, tree, base_url, url_fetcher, context)
        self._arbol_inpe, self._huella_inpe = tree, None

    def draw(self, stream, concrete_width, concrete_height, style):
        carpeta = GUARDADOS.carpeta
        if carpeta is None:
            with _sin_identidades(stream):
                return original_draw(self, stream, concrete_width, concrete_height, style)
        clave = _clave(self, stream, concrete_width, concrete_height)
        ruta = GUARDADOS.ruta(clave)
        entrada = _leer(ruta)
        if entrada is not None and _reproducir(stream, entrada):
            return None
        grabado = _grabar(lambda: original_draw(self, stream, concrete_width, concrete_height, style), stream)
        if grabado is not None:
            with contextlib.suppress(OSError):  # a full or read-only cache only costs the next drawing
                carpeta.mkdir(parents=True, exist_ok=True)
                atomic.escribir_atomico(ruta, pickle.dumps(grabado), durable=False)
        return None

    __init__.guardado = draw.guardado = True
    SVGImage.__init__, SVGImage.draw = __init__, draw


# --- key ------------------------------------------------------------------------------------------

_VERSION: list[str] = []


def _version() -> str:
    """The drawing code: this module, the WeasyPrint shortcuts and WeasyPrint's version."""
    if not _VERSION:
        from importlib.metadata import version

        from . import ajustes_weasyprint

        h = hashlib.sha256(f"weasyprint {version('weasyprint')} pydyf {version('pydyf')}".encode())
        for modulo in (__file__, ajustes_weasyprint.__file__):
            h.update(Path(modulo).read_bytes())
        _VERSION.append(h.hexdigest())
    return _VERSION[0]


def _clave(imagen, stream, ancho: float, alto: float) -> str:
    from xml.etree import ElementTree

    if imagen._huella_inpe is None:
        imagen._huella_inpe = hashlib.sha256(ElementTree.tostring(imagen._arbol_inpe)).hexdigest()
    estado = tuple(getattr(stream, nombre) for nombre in _ESTADO)
    return hashlib.sha256(
        f"{_version()}\0{imagen._huella_inpe}\0{ancho!r}\0{alto!r}\0{estado!r}".encode()
    ).hexdigest()


# --- recording --------------------------------------------------------------------------------------


class _Anchos(dict):
    """A font's glyph widths, noting each glyph the drawing looks up and whether it added it."""

    def __init__(self, anchos: dict):
        super().__init__(anchos)
        self.vistos: dict[int, bool] = {}  # glyph → added by this drawing

    def __contains__(self, glifo) -> bool:
        esta = dict.__contains__(self, glifo)
        self.vistos.setdefault(glifo, not esta)
        return esta

    def __setitem__(self, glifo, ancho) -> None:
        self.vistos.setdefault(glifo, True)
        dict.__setitem__(self, glifo, ancho)


class _Textos(dict):
    """A font's glyph-to-text map: the drawing tells each glyph's own text; only new glyphs are kept."""

    def __init__(self, textos: dict):
        super().__init__(textos)
        self.propios: dict[int, str] = {}

    def __contains__(self, glifo) -> bool:
        return False  # WeasyPrint then says the glyph's text; what the page holds stays (setdefault below)

    def __setitem__(self, glifo, texto) -> None:
        self.propios.setdefault(glifo, texto)
        self.setdefault(glifo, texto)


def _es_identidad(a, b, c, d, e, f) -> bool:
    return (
        abs(a - 1) < 1e-9
        and abs(b) < 1e-9
        and abs(c) < 1e-9
        and abs(d - 1) < 1e-9
        and abs(e) < 1e-6
        and abs(f) < 1e-6
    )


@contextlib.contextmanager
def _sin_identidades(stream):
    """Leave out the near-identity transforms a chart drawing writes (see the module's docstring)."""
    transformar = stream.transform

    def transform(a=1, b=0, c=0, d=1, e=0, f=0):
        if not _es_identidad(a, b, c, d, e, f):
            transformar(a, b, c, d, e, f)

    anterior = stream.__dict__.get("transform")  # an SVG drawn inside a chart nests this block
    stream.transform = transform
    try:
        yield
    finally:
        if anterior is None:
            del stream.transform
        else:
            stream.transform = anterior


def _grabar(dibujar, stream) -> dict | None:
    """Draw, and return what it wrote and used, or None when the drawing cannot be written again."""
    inicio, fuentes_antes = len(stream.stream), set(stream._fonts)
    recursos_antes = {k: set(v) for k, v in stream._resources.items() if isinstance(v, dict)}
    pila_antes = list(stream._ctm_stack)
    usadas: dict[int, object] = {}  # id(font) → font, in the order of first use
    agregar_fuente = stream.add_font

    def add_font(pango_font):
        fuente, tamano = agregar_fuente(pango_font)
        if id(fuente) not in usadas:
            usadas[id(fuente)] = fuente
            fuente.widths, fuente.to_unicode = _Anchos(fuente.widths), _Textos(fuente.to_unicode)
        return fuente, tamano

    anterior = stream.__dict__.get("add_font")
    stream.add_font = add_font
    faltantes = {}
    try:
        with _sin_identidades(stream):
            dibujar()
    finally:
        if anterior is None:
            del stream.add_font
        else:
            stream.add_font = anterior
        for fuente in usadas.values():
            anchos, textos = fuente.widths, fuente.to_unicode
            fuente.widths, fuente.to_unicode = dict(anchos), dict(textos)  # same order, plain again
            faltantes[id(fuente)] = (anchos, textos)
    operaciones = stream.stream[inicio:]
    if (
        set(stream._fonts) != fuentes_antes  # a font this chart used first: never in place for a replay
        or not all(isinstance(o, (bytes, str)) for o in operaciones)
        or list(stream._ctm_stack) != pila_antes
    ):
        return None
    for nombre, antes in recursos_antes.items():
        nuevos = set(stream._resources[nombre]) - antes
        if nuevos and (nombre != "ExtGState" or not all(_es_alfa(k) for k in nuevos)):
            return None  # a group, pattern, image or other state: drawn every time
    claves = {id(fuente): clave for clave, fuente in stream._fonts.items()}
    fuentes = {}
    for fuente in usadas.values():
        if fuente.missing or fuente.svg or fuente.png or fuente.bitmap or getattr(fuente, "colr", False):
            return None
        anchos, textos = faltantes[id(fuente)]
        glifos = [(g, fuente.widths[g], propio, textos.propios.get(g)) for g, propio in anchos.vistos.items()]
        fuentes[claves[id(fuente)]] = (_huella_fuente(fuente), glifos)
    estados = {}
    for operacion in operaciones:
        nombre = _estado_de(operacion)
        if nombre is not None:
            if not _es_alfa(nombre):
                return None
            estados.setdefault(nombre, dict(stream._resources["ExtGState"][nombre]))
    return {
        "operaciones": list(operaciones),
        "fuentes": fuentes,
        "estados": estados,
        "final": tuple(getattr(stream, nombre) for nombre in (*_ESTADO, "_old_font")),
    }


def _es_alfa(nombre: str) -> bool:
    return nombre[:1] in ("a", "A") and nombre[1:].replace(".", "", 1).isdigit()


def _estado_de(operacion) -> str | None:
    texto = operacion.decode("latin-1") if isinstance(operacion, bytes) else operacion
    if texto.endswith(" gs") and texto.startswith("/"):
        return texto[1:-3]
    return None


def _huella_fuente(fuente) -> str:
    huella = getattr(fuente, "_huella_inpe", None)
    if huella is None:
        huella = fuente._huella_inpe = hashlib.sha256(bytes(fuente.file_content)).hexdigest()
    return huella


# --- replaying ----------------------------------------------------------------------------------------


def _leer(ruta: Path) -> dict | None:
    try:
        entrada = pickle.loads(ruta.read_bytes())
        os.utime(ruta)  # recently used: kept by podar()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # absent, damaged or removed meanwhile: drawn again
    return entrada if isinstance(entrada, dict) and "operaciones" in entrada else None


def _reproducir(stream, entrada: dict) -> bool:
    """Write the kept drawing if the page holds its fonts and glyphs as when it was drawn; else False."""
    fuentes = []
    for clave, (huella, glifos) in entrada["fuentes"].items():
        fuente = stream._fonts.get(clave)
        if fuente is None or _huella_fuente(fuente) != huella:
            return False
        for glifo, ancho, propio, _texto in glifos:
            if dict.__contains__(fuente.widths, glifo):
                if fuente.widths[glifo] != ancho:
                    return False
            elif not propio:
                return False  # the drawing took this width from the page: its own is not known
        fuentes.append((fuente, glifos))
    import pydyf

    for fuente, glifos in fuentes:
        for glifo, ancho, _propio, texto in glifos:
            fuente.widths.setdefault(glifo, ancho)
            if texto is not None:
                fuente.to_unicode.setdefault(glifo, texto)
    estados = stream._resources["ExtGState"]
    for nombre, valores in entrada["estados"].items():
        if nombre not in estados:
            estados[nombre] = pydyf.Dictionary(valores)
    stream.stream.extend(entrada["operaciones"])
    for nombre, valor in zip((*_ESTADO, "_old_font"), entrada["final"]):
        setattr(stream, nombre, valor)
    return True
