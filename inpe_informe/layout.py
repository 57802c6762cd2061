"""Layout stage of the full report: split into parts, lay them out in parallel (cached), join one PDF.

Why: WeasyPrint lays out a document on one core and has no incremental layout, so a
100-page report takes ~45 s and a one-sentence template edit costs the same. Split at
its chapters, the parts are laid out on every core, and a part whose HTML, styles,
fonts and charts are unchanged is taken from the cache (`rutas.cache`).

What crosses parts is handled here, so the joined PDF is the one-document PDF:
- page numbers: parts are laid out without them; a "folio" document (only the page
  number box of the stylesheet, one page per report page, same page names) is laid out
  for the total and overlaid as an artifact (assemble.unir);
- links to another part (the contents) become named destinations at join time, and the
  contents receive their page numbers as `data-pagina` (styles: `.indice a[data-pagina]`),
  guessed at first from the last run's (Cache.numeros_previos) and laid out again if wrong;
- running strings set earlier in the document (`.titulo-corrido`) are repeated in each part;
- tags, bookmarks and named destinations are joined by assemble.unir.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import re
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

from . import ajustes_weasyprint, assemble, atomic, dibujos_svg, render, run, subconjuntos_fuentes
from .assemble import ENLACE_EXTERNO
from .errors import RenderError

log = logging.getLogger(__name__)

_CUERPO = re.compile(r"<body[^>]*>")
_CAPITULO = re.compile(r'<section class="capitulo"')
_TITULO_CORRIDO = re.compile(r'<p class="titulo-corrido">.*?</p>', re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_ENLACE = re.compile(r'href="#([^"]+)"')
_HOJA = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMAGEN = re.compile(r'src="(file://[^"]+)"')
_CAJAS = (
    [f"@{v}-{h}" for v in ("top", "bottom") for h in ("left", "center", "right")]
    + ["@top-left-corner", "@top-right-corner", "@bottom-left-corner", "@bottom-right-corner"]
    + [f"@{h}-{v}" for h in ("left", "right") for v in ("top", "middle", "bottom")]
)


# In one document the body's top edge (UA margin 8px) is on the first page only and its
# bottom edge on the last: a part that continues the document must not repeat them.
_CONTINUA_ANTES = "\nbody { margin-top: 0 !important; padding-top: 0 !important; }"
_CONTINUA_DESPUES = "\nbody { margin-bottom: 0 !important; padding-bottom: 0 !important; }"


@dataclass
class Parte:
    nombre: str
    cuerpo: str  # the part's share of <body>, links to other parts not yet rewritten


class Trabajo(NamedTuple):
    """One document to lay out; picklable, it travels to a worker process as the argument."""

    html: str
    base: Path
    permitidas: list[Path]
    identidad: str  # what the PDF /ID is derived from (the document without machine paths)
    etiquetado: bool = True  # tagged PDF/UA-1 (the page-number "folio" document is not)
    # False: only its pages and anchors are wanted (the part is laid out again with the page numbers)
    escribir: bool = True


@dataclass
class Maqueta:
    pdf: bytes
    paginas: int
    anclas: dict  # id → page index within the part
    nombres: list  # CSS page name of each page ("" = default page)


def dividir(documento: str) -> tuple[str, list[Parte], str]:
    """(head up to <body>, parts, tail): the preliminaries, then one part per chapter section."""
    cuerpo = _CUERPO.search(documento)
    fin = documento.rindex("</body>")
    cabeza, contenido, cola = documento[: cuerpo.end()], documento[cuerpo.end() : fin], documento[fin:]
    cortes = [m.start() for m in _CAPITULO.finditer(contenido)]
    limites = [0] + [c for c in cortes if c > 0] + [len(contenido)]
    partes = []
    for inicio, final in zip(limites, limites[1:]):
        trozo = contenido[inicio:final]
        nombre = (
            _ID.search(trozo[:200]).group(1)
            if trozo.lstrip().startswith('<section class="capitulo"')
            else "preliminares"
        )
        partes.append(Parte(nombre, trozo))
    return cabeza, partes, cola


def caja_del_folio(hojas: list[str]) -> str | None:
    """The page-margin box whose content is counter(page) (e.g. '@bottom-right'), or None."""
    for css in hojas:
        for caja in _CAJAS:
            m = re.search(re.escape(caja) + r"\s*\{([^}]*)\}", css)
            if m and "counter(page)" in m.group(1):
                return caja
    return None


def _sin_cajas(cajas: list[str], nombres: set[str]) -> str:
    reglas = " ".join(f"{c} {{ content: none; }}" for c in cajas)
    return "\n".join(f"@page{(' ' + n) if n else ''} {{ {reglas} }}" for n in sorted(nombres | {""}))


def _con_estilo(cabeza: str, css: str) -> str:
    return cabeza.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1) if css else cabeza


def html_de_parte(
    cabeza: str,
    parte: Parte,
    cola: str,
    previos: str,
    ids_ajenos: set[str],
    paginas: dict[str, int] | None,
    css: str,
) -> str:
    """A part as a document of its own: same head, the running strings set before it, its body.

    Links to ids of other parts point to ENLACE_EXTERNO (joined later) and carry the
    target's page number (`data-pagina`; "00" until the numbers are known).
    """

    def enlace(m):
        ancla = m.group(1)
        if ancla not in ids_ajenos:
            return m.group(0)
        pagina = str(paginas[ancla]) if paginas is not None else "00"
        return f'href="{ENLACE_EXTERNO}{ancla}" data-pagina="{pagina}"'

    cuerpo = _ENLACE.sub(enlace, parte.cuerpo)
    if previos:  # inside the part's first element: before it, they would fill a page of their own
        apertura = cuerpo.index(">") + 1
        cuerpo = cuerpo[:apertura] + previos + cuerpo[apertura:]
    return _con_estilo(cabeza, css) + cuerpo + cola


def html_de_folios(cabeza: str, cola: str, nombres: list[str], caja: str) -> str:
    """One empty page per report page, with the page's name: only the page-number box is drawn."""
    otras = [c for c in _CAJAS if c != caja]
    css = _sin_cajas(otras, set(nombres)) + "\nbody { margin: 0; }\n.folio { break-after: page; }"
    paginas = "".join(f'<div class="folio" style="page: {n or "auto"}"></div>' for n in nombres)
    return _con_estilo(cabeza, css) + paginas + cola


# --- laying out one part (in a worker process) ----------------------------------------------


def _maquetar(trabajo: Trabajo, guardados: Path | None = None) -> Maqueta:
    """Lay out and write one job; its charts' drawings and its font subsets are kept in / taken from
    `guardados` (dibujos_svg.py, subconjuntos_fuentes.py; None: nothing kept)."""
    with (
        dibujos_svg.guardados_en(guardados / "dibujos" if guardados else None),
        subconjuntos_fuentes.guardados_en(guardados / "fuentes" if guardados else None),
    ):
        return _maquetar_y_escribir(trabajo)


def _maquetar_y_escribir(trabajo: Trabajo) -> Maqueta:
    doc = render.maquetar(trabajo.html, trabajo.base, trabajo.permitidas)
    anclas = {}
    for i, pagina in enumerate(doc.pages):
        for nombre in pagina.anchors:
            anclas.setdefault(nombre, i)
    nombres = [pagina._page_box.page_type.name or "" for pagina in doc.pages]  # noqa: SLF001 (no public API)
    return Maqueta(
        render.escribir_pdf(doc, trabajo.html, trabajo.identidad, trabajo.etiquetado)
        if trabajo.escribir
        else b"",
        len(doc.pages),
        anclas,
        nombres,
    )


class Cache:
    """Laid-out parts by content address: the part's HTML plus every file it draws from."""

    def __init__(self, carpeta: Path | None, plantillas: Path):
        self.carpeta, self.plantillas, self._huellas = carpeta, Path(plantillas), {}
        self.usadas: list[str] = []
        if carpeta is not None:
            carpeta.mkdir(parents=True, exist_ok=True)

    def _huella_archivo(self, ruta: Path) -> str:
        if ruta not in self._huellas:
            self._huellas[ruta] = hashlib.sha256(ruta.read_bytes()).hexdigest() if ruta.exists() else "falta"
        return self._huellas[ruta]

    def clave(self, documento_html: str, etiquetado: bool, escribir: bool = True) -> str:
        from importlib.metadata import version  # not `import weasyprint`: a fully cached build never needs it

        h = hashlib.sha256(documento_html.encode("utf-8"))
        archivos = [self.plantillas / u for u in _HOJA.findall(documento_html)]
        archivos += sorted((self.plantillas / "fonts").glob("*.ttf"))
        archivos += [Path(unquote(urlparse(u).path)) for u in _IMAGEN.findall(documento_html)]
        archivos += [
            Path(m.__file__) for m in (render, ajustes_weasyprint, dibujos_svg, subconjuntos_fuentes)
        ] + [Path(__file__)]  # drawing code
        for ruta in archivos:
            h.update(f"\0{ruta.name}\0{self._huella_archivo(ruta)}".encode())
        h.update(f"\0weasyprint {version('weasyprint')}\0etiquetado {etiquetado}".encode())
        h.update(b"" if escribir else b"\0sin pdf")
        return h.hexdigest()

    def leer(self, clave: str) -> Maqueta | None:
        if self.carpeta is None:
            return None
        pdf, datos = self.carpeta / f"{clave}.pdf", self.carpeta / f"{clave}.json"
        if not (pdf.exists() and datos.exists()):
            return None
        try:
            meta = json.loads(datos.read_text(encoding="utf-8"))
            maqueta = Maqueta(pdf.read_bytes(), meta["paginas"], meta["anclas"], meta["nombres"])
        except (OSError, ValueError, KeyError):
            return None  # a damaged entry is laid out again
        self.usadas.append(clave)
        return maqueta

    def guardar(self, clave: str, maqueta: Maqueta) -> None:
        if self.carpeta is None:
            return
        atomic.escribir_atomico(self.carpeta / f"{clave}.pdf", maqueta.pdf, durable=False)
        meta = {"paginas": maqueta.paginas, "anclas": maqueta.anclas, "nombres": maqueta.nombres}
        atomic.escribir_atomico(
            self.carpeta / f"{clave}.json", json.dumps(meta, sort_keys=True).encode("utf-8"), durable=False
        )
        self.usadas.append(clave)

    def _archivo_de_numeros(self, nombre: str) -> Path:
        return self.carpeta / "numeros" / f"{hashlib.sha256(nombre.encode()).hexdigest()[:16]}.json"

    def numeros_previos(self, nombre: str) -> dict[str, int]:
        """The page numbers part `nombre` linked to when it was last laid out ({} if none or unreadable)."""
        if self.carpeta is None:
            return {}
        try:
            numeros = json.loads(self._archivo_de_numeros(nombre).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(numeros, dict):
            return {}
        # a damaged file must not put anything but a page number into the contents' HTML
        return {a: n for a, n in numeros.items() if type(n) is int}

    def guardar_numeros(self, nombre: str, numeros: dict[str, int]) -> None:
        """Kept for the next run's first pass: only a guess, so one that cannot be written is not missed."""
        if self.carpeta is None or numeros == self.numeros_previos(nombre):
            return
        with contextlib.suppress(OSError):
            self._archivo_de_numeros(nombre).parent.mkdir(exist_ok=True)
            atomic.escribir_atomico(
                self._archivo_de_numeros(nombre),
                json.dumps(numeros, sort_keys=True).encode("utf-8"),
                durable=False,
            )

    def podar(self, conservar: int = 60) -> None:
        """Keep the entries of this run and the most recently used others (a bounded folder)."""
        if self.carpeta is None:
            return
        entradas = sorted(self.carpeta.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for vieja in [p for p in entradas if p.stem not in self.usadas][
            max(0, conservar - len(self.usadas)) :
        ]:
            vieja.unlink(missing_ok=True)
            vieja.with_suffix(".json").unlink(missing_ok=True)
        dibujos_svg.podar(self.carpeta / "dibujos")
        subconjuntos_fuentes.podar(self.carpeta / "fuentes")


def _repartir(trabajos: list[Trabajo], procesos: int, guardados: Path | None) -> list[Maqueta]:
    """Lay out every job, on forked workers when `procesos` (0 = one per core) allows more than one; in the
    layout process started with the build (`maquetador_anticipado`) when there is one."""
    if trabajos and _anticipado is not None and _anticipado.dueno == os.getpid():
        hechas = _anticipado.repartir(trabajos, procesos, guardados)
        if hechas is not None:
            return hechas
    return _repartir_aqui(trabajos, procesos, guardados)


def _repartir_aqui(trabajos: list[Trabajo], procesos: int, guardados: Path | None) -> list[Maqueta]:
    procesos = min(procesos or os.cpu_count() or 1, len(trabajos))
    maquetar = functools.partial(_maquetar, guardados=guardados)
    if procesos > 1 and "fork" in multiprocessing.get_all_start_methods():
        render.preparar_weasyprint()  # imported once here, inherited by every worker
        with run.grupo_de_procesos(procesos) as grupo:
            return list(grupo.map(maquetar, trabajos))
    return [maquetar(t) for t in trabajos]


class _Anticipado:
    """A process forked when a build starts: it imports WeasyPrint (~1 s) while this one loads the data and
    composes the HTML, then lays out every batch of jobs this process sends it, forking its own workers.

    Why: a template edit re-lays out one part, and importing WeasyPrint for it was a fifth of the rebuild.
    Only the process that started it uses it (a forked side process lays out on its own); if it is gone,
    the batch is laid out here, as without it.
    """

    def __init__(self):
        contexto = multiprocessing.get_context("fork")
        self._conexion, extremo = contexto.Pipe()
        self.dueno = os.getpid()
        # not a daemon: a daemonic process may not fork the layout workers
        self._proceso = contexto.Process(target=_servir, args=(extremo, self._conexion, self.dueno))
        self._proceso.start()
        extremo.close()

    def repartir(
        self, trabajos: list[Trabajo], procesos: int, guardados: Path | None
    ) -> list[Maqueta] | None:
        """The batch's layouts, or None if the process is gone (the caller lays it out itself)."""
        if self._conexion is None:
            return None
        try:
            self._conexion.send((trabajos, procesos, guardados))
            correcto, valor = self._conexion.recv()
        except (EOFError, OSError):
            self.cerrar()
            return None
        if correcto:
            return valor
        raise valor

    def cerrar(self, esperar: bool = True) -> None:
        """Stop the process: asked to end when the build ends normally, killed when it fails mid-way."""
        if not esperar:
            self._proceso.kill()  # before closing its line: it must not find the line closed mid-answer
        if self._conexion is not None:
            if esperar:
                with contextlib.suppress(OSError):
                    self._conexion.send(None)
            self._conexion.close()
            self._conexion = None
        self._proceso.join(timeout=10)
        if self._proceso.is_alive():
            self._proceso.kill()
            self._proceso.join()


def _servir(conexion, extremo_del_dueno, dueno: int) -> None:
    """The layout process's loop: one batch at a time, until told to end or its build is gone."""
    extremo_del_dueno.close()
    run.morir_con_el_padre(dueno)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the build's to handle: it stops this process
    try:
        render.preparar_weasyprint()
    except Exception:  # noqa: BLE001 - e.g. a library missing: the build lays out itself, meets it and says so
        return
    while True:
        try:
            pedido = conexion.recv()
            if pedido is None:
                return
            run.responder(conexion, _repartir_aqui, *pedido)
        except (EOFError, OSError):  # the build is gone, or stopped listening: nothing to say to anyone
            return


_anticipado: _Anticipado | None = None


@contextlib.contextmanager
def maquetador_anticipado(activo: bool = True):
    """Within the block, this process's layouts are done by a process started now (`_Anticipado`).

    `activo` False (rendimiento.procesos: 1, or no fork on this system): everything is laid out here.
    Nested (the command line starts it before importing the build, which asks for it too): the outer one
    serves.
    """
    global _anticipado
    if not activo or _anticipado is not None or "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    _anticipado = _Anticipado()
    try:
        yield
    except BaseException:
        _anticipado.cerrar(esperar=False)
        raise
    else:
        _anticipado.cerrar()
    finally:
        _anticipado = None


def maquetar_documentos(trabajos: list[Trabajo], procesos: int, cache: Cache) -> list[bytes]:
    """Whole documents laid out at once, in parallel (summary, office extracts, chapter preview): PDF bytes
    in order; a document whose HTML and files did not change comes from `cache`."""
    return [m.pdf for m in maquetar_todas(trabajos, cache, procesos)[0]]


def maquetar_todas(trabajos: list[Trabajo], cache: Cache, procesos: int) -> tuple[list[Maqueta], int]:
    """Lay out every job not in the cache, largest first, on `procesos` forked workers.

    Returns the layouts in the jobs' order and how many were laid out (not cached).
    """
    claves = [cache.clave(t.html, t.etiquetado, t.escribir) for t in trabajos]
    resultado = [cache.leer(c) for c in claves]
    pendientes = sorted(
        (i for i, m in enumerate(resultado) if m is None), key=lambda i: -len(trabajos[i].html)
    )
    hechas = _repartir([trabajos[i] for i in pendientes], procesos, cache.carpeta)
    for i, maqueta in zip(pendientes, hechas):
        cache.guardar(claves[i], maqueta)
        resultado[i] = maqueta
    return resultado, len(pendientes)


def _numeros_de_pagina(maquetas: list) -> dict[str, int]:
    """Every anchor's page number in the joined report."""
    inicios = [sum(m.paginas for m in maquetas[:i]) for i in range(len(maquetas))]
    return {a: inicio + p + 1 for m, inicio in zip(maquetas, inicios) for a, p in m.anclas.items()}


def _con_numeros(maquetas: list, necesitan: list, trabajo, folio, cache: Cache, procesos: int):
    """Second pass, in parallel: the parts linking to others get page numbers, the folio gets every page.

    Repeated if a part's length or an anchor's page changed (then the numbers shift). Returns
    (layouts, folio layout or None, laid out, jobs, the page numbers written in).
    """
    maquetadas = trabajos = 0
    for _ in range(3):
        paginas = _numeros_de_pagina(maquetas)
        lote = [trabajo(i, paginas) for i in necesitan]
        lote += [folio([n for m in maquetas for n in m.nombres])] if folio else []
        hechas, n = maquetar_todas(lote, cache, procesos)
        maquetadas, trabajos = maquetadas + n, trabajos + len(lote)
        largo = any(hecha.paginas != maquetas[i].paginas for i, hecha in zip(necesitan, hechas))
        # the numbers written in may also move an anchor to another page without changing the part's length
        anclas = any(hecha.anclas != maquetas[i].anclas for i, hecha in zip(necesitan, hechas))
        for i, hecha in zip(necesitan, hechas):
            maquetas[i] = hecha
        if not largo and not anclas:
            return maquetas, (hechas[-1] if folio else None), maquetadas, trabajos, paginas
    if not largo:  # anchors still moving between two pages after three passes: keep the last layout
        log.warning("Algún número de página del índice puede diferir en una página: revise el índice.")
        return maquetas, (hechas[-1] if folio else None), maquetadas, trabajos, paginas
    raise RenderError(
        "El índice cambia de extensión en cada maquetación: revise styles/informe.css (.indice)."
    )


def _pista(cabeza: str, parte: Parte) -> str:
    """What the page numbers of a part are kept under: its name in the document's language."""
    idioma = re.search(r'<html[^>]*\slang="([^"]*)"', cabeza)
    return f"{idioma.group(1) if idioma else ''}/{parte.nombre}"


def maquetar_informe(
    documento: str,
    base: Path,
    permitidas: list[Path],
    identidad: str,
    cache: Cache,
    procesos: int,
) -> tuple[bytes, dict]:
    """The report's PDF laid out by parts; returns (pdf bytes, statistics for the log)."""
    cabeza, partes, cola = dividir(documento)
    hojas = [(Path(base) / h).read_text(encoding="utf-8") for h in _HOJA.findall(cabeza)]
    caja = caja_del_folio(hojas)
    ids = [set(_ID.findall(p.cuerpo)) for p in partes]
    todos = set().union(*ids)
    ajenos = [todos - propios for propios in ids]
    titulos = _TITULO_CORRIDO.findall(partes[0].cuerpo) if partes else []
    nombres_css = set(re.findall(r"@page\s+([A-Za-z][\w-]*)", "\n".join(hojas)))

    enlazadas = [{a for a in _ENLACE.findall(p.cuerpo) if a in ajenos[i]} for i, p in enumerate(partes)]
    necesitan = [i for i in range(len(partes)) if enlazadas[i]]
    pistas = {i: _pista(cabeza, partes[i]) for i in necesitan}
    previos = {i: cache.numeros_previos(pistas[i]) for i in necesitan}

    def trabajo(i: int, paginas: dict | None) -> Trabajo:
        css = _sin_cajas([caja], nombres_css) if caja else ""
        css += _CONTINUA_ANTES if i > 0 else ""
        css += _CONTINUA_DESPUES if i < len(partes) - 1 else ""
        html = html_de_parte(
            cabeza, partes[i], cola, "".join(titulos) if i > 0 else "", ajenos[i], paginas, css
        )
        # A part linking to others is laid out again with the page numbers: its first PDF would be discarded.
        return Trabajo(html, base, permitidas, identidad, escribir=paginas is not None or i not in necesitan)

    def primera(i: int) -> Trabajo:
        """First pass. A part linking to others is laid out with the numbers it had last time, if it had
        them all: when they are still right (the usual case after an edit or for the next month), the
        second pass finds this very layout in the cache instead of laying the part out again."""
        if i in previos and enlazadas[i] <= previos[i].keys():
            return trabajo(i, previos[i])
        return trabajo(i, None)

    log.info(f"Maquetando {len(partes)} partes del informe …")
    maquetas, maquetadas = maquetar_todas([primera(i) for i in range(len(partes))], cache, procesos)
    folio = (
        (
            lambda nombres: Trabajo(
                html_de_folios(cabeza, cola, nombres, caja), base, permitidas, identidad, False
            )
        )
        if caja
        else None
    )
    maquetas, folios, n, trabajos, paginas = _con_numeros(
        maquetas, necesitan, trabajo, folio, cache, procesos
    )
    for i in necesitan:
        cache.guardar_numeros(pistas[i], {a: paginas[a] for a in sorted(enlazadas[i])})
    maquetadas, trabajos = maquetadas + n, trabajos + len(partes)
    nombres = [n for m in maquetas for n in m.nombres]
    log.info("Uniendo las partes …")
    contenido = assemble.unir([m.pdf for m in maquetas], folios.pdf if folios else None)
    cache.podar()
    return contenido, {
        "partes": len(partes),
        "maquetadas": maquetadas,
        "reutilizadas": trabajos - maquetadas,
        "paginas": len(nombres),
    }
