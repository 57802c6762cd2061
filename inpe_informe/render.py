"""Render stage: Jinja (sandboxed, strict) → HTML → WeasyPrint PDF bytes (written by run.py, atomically)."""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime as dt
import gc
import hashlib
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

from . import ajustes_weasyprint, dibujos_svg, subconjuntos_fuentes
from .errors import ErrorDePlantilla, InformeError, RenderError
from .explain import explicar
from .rotulos import Rotulos


def entorno(
    plantillas: Path, traductor, filtros: dict, cache: Path | None = None
) -> ImmutableSandboxedEnvironment:
    """The Jinja environment templates run in: no file or network access, undefined names fail.

    With `cache`, compiled templates are kept there (keyed by their source, so an edit recompiles).
    """
    compilados = None
    if cache is not None:
        Path(cache).mkdir(parents=True, exist_ok=True)
        compilados = FileSystemBytecodeCache(str(cache))
    env = _Limitado(
        loader=FileSystemLoader(str(plantillas)),
        undefined=StrictUndefined,
        bytecode_cache=compilados,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(traductor.gettext, traductor.ngettext, newstyle=True)
    env.globals.update(bi=traductor.bi, en=traductor.en)
    env.filters.update(filtros)
    if "porcentaje" in filtros:
        env.filters["porcentaje"] = _porcentaje_anotado(filtros["porcentaje"])
    return env


# What a template may compute: a report's strings and numbers are small; these bounds stop a typo such
# as `'x' * 10**10` or `9 ** 9 ** 9` before it eats the machine's memory or time.
MAXIMO_LARGO = 10_000_000  # characters or items of one computed string or list
MAXIMO_BITS = 4_096  # bits of one computed integer (a 1,233-digit number)
SEGUNDOS_POR_PLANTILLA = 600  # wall time of one render (the whole report renders in seconds)


class _Limitado(ImmutableSandboxedEnvironment):
    """The sandbox, plus bounds on the size of what `*`, `**` and `<<` produce."""

    intercepted_binops = frozenset(["*", "**", "<<"])

    def call_binop(self, context, operator, left, right):
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            left, right = right, left
        if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int):
            if len(left) * right > MAXIMO_LARGO:
                raise OverflowError(
                    f"el resultado tendría {len(left) * right:,} elementos (límite {MAXIMO_LARGO:,})"
                )
        elif operator == "*" and isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAXIMO_BITS:
                raise OverflowError(f"el producto pasa de {MAXIMO_BITS} bits")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right > 0 and right * left.bit_length() > MAXIMO_BITS:
                raise OverflowError(f"la potencia {left} ** {right} pasa de {MAXIMO_BITS} bits")
        elif operator == "<<" and isinstance(right, int) and right > MAXIMO_BITS:
            raise OverflowError(f"el desplazamiento pasa de {MAXIMO_BITS} bits")
        return super().call_binop(context, operator, left, right)


class _PlazoAgotado(Exception):
    """A render took longer than SEGUNDOS_POR_PLANTILLA."""


@contextlib.contextmanager
def _plazo(segundos: int):
    """A wall-time budget for one render (main thread only, where signals can be delivered)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def agotado(_senal, _marco):
        raise _PlazoAgotado(f"la plantilla tardó más de {segundos} s en evaluarse (¿un bucle enorme?)")

    anterior = signal.signal(signal.SIGALRM, agotado)
    restante = signal.alarm(segundos)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, anterior)
        if restante:
            signal.alarm(restante)


def _porcentaje_anotado(porcentaje):
    """The `porcentaje` filter, telling the rendering's captions (rotulos.py) of every value it prints.

    So a table whose shares do not add up to 100 once rounded carries the rounding note. The
    rendering's captions come from a context variable, not from Jinja's context: a filter that
    takes the context is compiled differently, and templates compiled before would call it wrong.
    """

    def filtro(valor, signo=False):
        rotulos = _ROTULOS.get()
        if rotulos is not None:
            rotulos.anotar(valor)
        return porcentaje(valor, signo=signo)

    return filtro


_ROTULOS: contextvars.ContextVar[Rotulos | None] = contextvars.ContextVar("rotulos", default=None)


def _con_rotulos(plantilla, contexto: dict, rotulos: Rotulos) -> str:
    marca = _ROTULOS.set(rotulos)
    try:
        return plantilla.render(**contexto, rotulos=rotulos)
    finally:
        _ROTULOS.reset(marca)


def html(env, plantilla: str, contexto: dict) -> str:
    """Render the report's HTML; any error while rendering is explained for the editor (explain.py).

    Tables and charts are numbered as they are rendered (rotulos.py); when the template lists them
    (before the chapters), it is rendered a second time with the captions the first pass found.
    The document may load nothing from outside (no script, iframe, remote style or image):
    the HTML edition is distributed and must show the same, offline, to every reader.
    """
    try:
        with _plazo(SEGUNDOS_POR_PLANTILLA):
            plantilla_ = env.get_template(plantilla)
            rotulos = Rotulos()
            documento = _con_rotulos(plantilla_, contexto, rotulos)
            if rotulos.listas_pedidas:
                segunda = Rotulos(rotulos.entradas)
                documento = _con_rotulos(plantilla_, contexto, segunda)
                if segunda.entradas != rotulos.entradas:
                    raise RenderError(
                        "La numeración de cuadros y gráficos cambia entre dos pasadas de la plantilla."
                    )
    except InformeError:
        raise
    except Exception as exc:  # noqa: BLE001 - every template mistake, even `{{ x // 0 }}`, is the editor's to fix
        raise ErrorDePlantilla(explicar(exc, env)) from exc
    _sin_referencias_remotas(documento, _carpeta_de(env))
    return documento


def _carpeta_de(env) -> Path | None:
    rutas = getattr(env.loader, "searchpath", None)
    return Path(rutas[0]) if rutas else None


# Tags that run or embed something, and any reference to another server (http:, https:, ftp:, //host).
_ACTIVAS = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base)\b[^>]*>", re.IGNORECASE)
_REMOTA = re.compile(
    r"""(?:\b(?:src|href|data|srcset|poster|action)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])"""
    r"""\s*((?!file:)(?:[a-z][a-z0-9+.-]*:)?//[^"')\s>]+)""",
    re.IGNORECASE,
)
_ENLACE = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


def _sin_referencias_remotas(documento: str, plantillas: Path | None) -> None:
    """Refuse a document that runs code or loads anything from another server (links for the reader are fine)."""
    sin_enlaces = _ENLACE.sub("", documento)
    hallado = _ACTIVAS.search(sin_enlaces)
    problema = hallado.group(0) if hallado else None
    if problema is None:
        remota = _REMOTA.search(sin_enlaces)
        problema = remota.group(1) if remota else None
    if problema is None:
        return
    raise RenderError(
        f"{donde_esta(plantillas, problema)}: «{problema[:120]}» carga algo de fuera del informe "
        "(un script, un marco o un recurso de otro servidor), que la edición distribuida no admite; "
        "quítelo (los estilos van en templates/styles/, las imágenes en el informe)."
    )


def donde_esta(plantillas: Path | None, texto: str) -> str:
    """The template (templates/…) whose source contains `texto`, as an editor would look for it."""
    if plantillas is not None:
        for ruta in sorted(Path(plantillas).rglob("*")):
            if ruta.suffix in (".html", ".css") and ruta.is_file():
                fuente = ruta.read_text(encoding="utf-8", errors="replace")
                if texto in fuente:
                    linea = fuente[: fuente.index(texto)].count("\n") + 1
                    return f"templates/{ruta.relative_to(plantillas).as_posix()}, línea {linea}"
    return "una plantilla de templates/"


def _fetcher(permitidas: list[Path]):
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    raices = [p.resolve() for p in permitidas]

    class FetcherLocal(URLFetcher):
        """Only files of the project's templates, fonts and figures: no network, no other paths."""

        def fetch(self, url, headers=None):
            partes = urlparse(url)
            if partes.scheme == "data":
                return super().fetch(url, headers)
            ruta = Path(unquote(partes.path)).resolve() if partes.scheme == "file" else None
            if ruta is None or not any(ruta.is_relative_to(r) for r in raices):
                raise FatalURLFetchingError(
                    f"recurso no permitido: {url} (sólo archivos de "
                    + ", ".join(str(r) for r in raices)
                    + ")"
                )
            return super().fetch(url, headers)

    return FetcherLocal()


class _Recolector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.mensajes: list[str] = []

    def emit(self, record):
        self.mensajes.append(record.getMessage())


_HOJA = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMAGEN = re.compile(r'<img src="(file://[^"]+)"')
_FUENTE = re.compile(r"@font-face\s*\{[^}]*\}")


def html_autonomo(
    documento_html: str, plantillas: Path, permitidas: list[Path], recarga: int | None = None
) -> str:
    """The HTML edition: the same document as one file a browser opens without a server.

    Stylesheets are inlined (plus styles/pantalla.css for the screen; @font-face rules are
    dropped, the text falls back to the reader's sans-serif) and every chart is embedded
    as an SVG data URI — only from the allowed folders, as for the PDF. With `recarga`
    (seconds) the browser reloads the file by itself: the live draft an editor keeps open.
    """
    plantillas = Path(plantillas)

    def hoja(m):
        ruta = (plantillas / m.group(1)).resolve()
        if not ruta.is_relative_to(plantillas.resolve()):
            raise RenderError(f"hoja de estilos fuera de templates/: {m.group(1)}")
        if not ruta.is_file():
            raise RenderError(
                f"{donde_esta(plantillas, m.group(1))}: la hoja de estilos «{m.group(1)}» no existe en "
                'templates/; corrija el nombre en el enlace <link rel="stylesheet">.'
            )
        return "<style>\n" + _FUENTE.sub("", ruta.read_text(encoding="utf-8")) + "\n</style>"

    def imagen(m):
        ruta = Path(unquote(urlparse(m.group(1)).path)).resolve()
        if not any(ruta.is_relative_to(Path(p).resolve()) for p in permitidas):
            raise RenderError(f"imagen fuera de las carpetas permitidas: {ruta}")
        datos = base64.b64encode(ruta.read_bytes()).decode("ascii")
        return f'<img src="data:image/svg+xml;base64,{datos}"'

    documento = _HOJA.sub(hoja, documento_html)
    pantalla = plantillas / "styles" / "pantalla.css"
    if pantalla.exists():
        documento = documento.replace(
            "</head>", f"<style>\n{pantalla.read_text(encoding='utf-8')}\n</style>\n</head>", 1
        )
    if recarga:
        documento = documento.replace(
            "</head>", f'<meta http-equiv="refresh" content="{int(recarga)}">\n</head>', 1
        )
    return _IMAGEN.sub(imagen, documento)


_AVISO = re.compile(r"<!-- aviso-borrador -->.*?<!-- /aviso-borrador -->\n?", re.DOTALL)
_PAGINA_VACIA = (
    '<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n<title>Borrador</title>\n'
    "</head>\n<body>\n</body>\n</html>\n"
)


def con_aviso(documento_html: str | None, mensaje: str, recarga: int) -> str:
    """The HTML draft with a banner at the top saying why the last save could not be shown (replacing any earlier one).

    The draft under it is the last one that worked (an empty page when there is none); it keeps
    reloading itself, so the banner goes away on the next good save.
    """
    documento = _AVISO.sub("", documento_html or _PAGINA_VACIA)
    if 'http-equiv="refresh"' not in documento:
        documento = documento.replace(
            "</head>", f'<meta http-equiv="refresh" content="{int(recarga)}">\n</head>', 1
        )
    primera, _, resto = mensaje.partition("\n")
    aviso = (
        '<!-- aviso-borrador --><div id="aviso-borrador" role="alert" style="position:sticky;top:0;z-index:99;'
        "margin:0 0 1em;padding:1em 1.25em;background:#fdecea;border:3px solid #b3261e;color:#410e0b;"
        'font:15px/1.4 sans-serif"><p style="margin:0 0 .6em;font-weight:bold">No se pudo rehacer el '
        "borrador: debajo sigue la última versión que funcionó. Corrija el error y guarde; este aviso "
        f'se quita solo.</p><p style="margin:0 0 .4em">{escape(primera)}</p>'
        + (
            '<pre style="margin:0;overflow-x:auto;white-space:pre;font:14px/1.35 monospace">'
            f"{escape(resto)}</pre>"
            if resto
            else ""
        )
        + "</div><!-- /aviso-borrador -->\n"
    )
    return re.sub(r"(<body[^>]*>\n?)", lambda m: m.group(1) + aviso, documento, count=1)


def identificador(documento_html: str) -> bytes:
    """PDF /ID from the document's content: same inputs, same bytes (no random id)."""
    return hashlib.sha256(documento_html.encode("utf-8")).hexdigest()[:32].encode("ascii")


@contextlib.contextmanager
def _epoca_fija(documento_html: str):
    """Pin SOURCE_DATE_EPOCH while writing: fontTools stamps subset fonts with it instead of the clock."""
    fecha = re.search(r'name="dcterms.created" content="([^"]+)"', documento_html)
    anterior = os.environ.get("SOURCE_DATE_EPOCH")
    if fecha and anterior is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(
            int(dt.datetime.fromisoformat(fecha.group(1).replace("Z", "+00:00")).timestamp())
        )
    try:
        yield
    finally:
        if anterior is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


@contextlib.contextmanager
def _sin_recolector():
    """WeasyPrint builds millions of short-lived boxes: the collector would spend a fifth of the time scanning them.

    No collection first: on the loaded heap it took 0.13 s per part, and what it would free is freed
    once the collector runs again after the part.
    """
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def preparar_weasyprint() -> None:
    """Import WeasyPrint and install our drawing shortcuts, once per process.

    Called before forking layout workers, so that they inherit one import instead of each paying it (~1 s).
    On Linux the import opens each library by its file name: WeasyPrint first tries names of other
    systems, and each miss made ctypes' find_library run gcc and ldconfig (a third of the import).
    """
    import sys

    if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
        import ctypes.util

        buscar = ctypes.util.find_library
        ctypes.util.find_library = lambda nombre: None  # cffi then reports the miss; the next name is tried
        try:
            import weasyprint  # noqa: F401
        except OSError:  # a library found only through find_library: the usual import, below
            for modulo in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[modulo]
        finally:
            ctypes.util.find_library = buscar
    import weasyprint  # noqa: F401, F811

    ajustes_weasyprint.instalar()
    dibujos_svg.instalar()
    subconjuntos_fuentes.instalar()


def maquetar(documento_html: str, base: Path, permitidas: list[Path]):
    """Lay out the document (WeasyPrint Document); any WeasyPrint warning or error fails, listed together."""
    preparar_weasyprint()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting chatter, not a problem
    recolector = _Recolector()
    registro = logging.getLogger("weasyprint")
    registro.addHandler(recolector)
    try:
        with _sin_recolector():
            documento = HTML(
                string=documento_html, base_url=str(base) + "/", url_fetcher=_fetcher(permitidas)
            ).render(font_config=FontConfiguration())
    except FatalURLFetchingError as exc:
        raise RenderError(f"WeasyPrint: {exc}") from exc
    finally:
        registro.removeHandler(recolector)
    if recolector.mensajes:
        raise RenderError(
            "WeasyPrint informó problemas; no se escribió el PDF:\n  - "
            + "\n  - ".join(dict.fromkeys(recolector.mensajes))
        )
    return documento


def escribir_pdf(
    documento, documento_html: str, identidad: str | None = None, etiquetado: bool = True
) -> bytes:
    """The laid-out document as PDF bytes: tagged (PDF/UA-1) unless asked otherwise, reproducible.

    Dates come from the document's dcterms meta (set from the period, or
    SOURCE_DATE_EPOCH) and the /ID from `identidad` (the document without its
    machine-specific paths), so a rebuild is byte-identical wherever it runs.
    """
    with _epoca_fija(documento_html), _sin_recolector():
        return documento.write_pdf(
            pdf_variant="pdf/ua-1" if etiquetado else None,
            pdf_identifier=identificador(identidad or documento_html),
        )


def pdf(documento_html: str, base: Path, permitidas: list[Path], identidad: str | None = None) -> bytes:
    """Lay out and write a tagged PDF (PDF/UA-1) in one go: the office extracts and the chapter preview."""
    return escribir_pdf(maquetar(documento_html, base, permitidas), documento_html, identidad)
