"""Bilingual wording: the English catalog (gettext .po) behind titles, headers and chart labels.

Spanish is the source language: every msgid is the Spanish text written in a
template or in templates/etiquetas.yaml (and each chapter's capitulos/capN/etiquetas.yaml);
its English is in templates/locale/en/*.po — one catalog per chapter (`cap2.po` holds what
the files of capitulos/cap2/ say) plus `comun.po` for shared parts and `extractos.po` for
the office extracts, so translators work chapter by chapter.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import PoFileError, read_po, unescape, write_po
from markupsafe import Markup, escape

from . import outline, puntos, yaml_seguro
from .errors import RenderError

PALABRAS_CLAVE = {"bi": None, "_": None, "gettext": None, "titulo": (2,), "en": None}


def carpeta_catalogos(plantillas: Path) -> Path:
    return Path(plantillas) / "locale" / "en"


def _archivos_etiquetas(plantillas: Path) -> list[Path]:
    plantillas = Path(plantillas)
    return [plantillas / "etiquetas.yaml", *outline.archivos(plantillas, outline.ETIQUETAS)]


def _leer_yaml(ruta: Path) -> dict:
    if not ruta.exists():
        return {}
    nombre = _nombre_en_plantillas(ruta)
    datos = yaml_seguro.leer(ruta, nombre, RenderError) or {}
    if not isinstance(datos, dict):
        raise RenderError(f"{nombre}: se esperaban grupos de etiquetas (clave: texto), no una lista.")
    return datos


def _nombre_en_plantillas(ruta: Path) -> str:
    """templates/… as editors know the file."""
    partes = Path(ruta).resolve().parts
    return "/".join(partes[partes.index("templates") :]) if "templates" in partes else str(ruta)


def leer_etiquetas(plantillas: Path) -> dict:
    """Spanish labels of categories and series used in charts and tables.

    templates/etiquetas.yaml plus each chapter's capitulos/<capN>/etiquetas.yaml,
    merged; a top-level key defined twice is an error (one chapter would silently win).
    """
    etiquetas, origen = {}, {}
    for ruta in _archivos_etiquetas(plantillas):
        nombre = ruta.relative_to(plantillas).as_posix()
        for clave, valor in _leer_yaml(ruta).items():
            if clave in etiquetas:
                raise ValueError(f"{nombre}: la clave «{clave}» ya está definida en {origen[clave]}")
            etiquetas[clave], origen[clave] = valor, nombre
    return etiquetas


def _textos_etiquetas(etiquetas) -> set[str]:
    if isinstance(etiquetas, dict):
        return set().union(*(_textos_etiquetas(v) for v in etiquetas.values())) if etiquetas else set()
    if isinstance(etiquetas, list):
        return set().union(*(_textos_etiquetas(v) for v in etiquetas)) if etiquetas else set()
    return {str(etiquetas)}


CATALOGO_PUNTOS_ORIGENES = {"puntos_principales", "puntos", "resumen"}  # the main points' own catalog


def _catalogo_de(origen: str) -> str:
    """'capitulos/cap2/capitulo.html' → 'cap2'; office extracts (extracto.html) → 'extractos'; else 'comun'."""
    if Path(origen).name == "extracto.html":
        return "extractos"
    if Path(origen).stem in CATALOGO_PUNTOS_ORIGENES:
        return "puntos"
    capitulos = [parte for parte in Path(origen).parts if outline.numero(parte) is not None]
    return capitulos[0] if capitulos else "comun"


def mensajes_por_origen(plantillas: Path) -> dict[str, str]:
    """Every Spanish string that needs English → its catalog (first source wins: shared parts, chapters, extracts)."""
    encontrados: dict[str, str] = {}
    metodo = [("**.html", "jinja2.ext:babel_extract")]
    opciones = {"**.html": {"extensions": "jinja2.ext.i18n"}}
    for archivo, _linea, mensaje, _coment, _ctx in sorted(
        extract_from_dir(str(plantillas), method_map=metodo, options_map=opciones, keywords=PALABRAS_CLAVE),
        key=lambda m: (_catalogo_de(m[0]) != "comun", _catalogo_de(m[0]) == "extractos", m[0], m[1]),
    ):
        encontrados.setdefault(mensaje if isinstance(mensaje, str) else mensaje[0], _catalogo_de(archivo))
    for ruta in _archivos_etiquetas(plantillas):
        for texto in sorted(_textos_etiquetas(_leer_yaml(ruta))):
            encontrados.setdefault(texto, _catalogo_de(ruta.relative_to(plantillas).as_posix()))
    for declaracion in outline.leer_secciones(plantillas).values():
        if declaracion.get("extracto"):  # the heading of the office extract, with the extracts' texts
            encontrados.setdefault(declaracion["extracto"], "extractos")
        for texto in outline.textos(declaracion):
            encontrados.setdefault(texto, _catalogo_de(declaracion["archivo"]))
    principales = puntos.leer(plantillas, outline.leer_secciones(plantillas))
    for texto in principales.textos() if principales else []:
        encontrados.setdefault(texto, "puntos")
    return encontrados


def extraer_mensajes(plantillas: Path) -> set[str]:
    """Every Spanish string that needs an English counterpart (templates, etiquetas, section titles)."""
    return set(mensajes_por_origen(plantillas))


_CADENA_PO = r'"(?:[^"\\]|\\.)*"'
_LINEA_PO = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_CADENA_PO}\s*$")


def _problema_de_linea(linea: str) -> str | None:
    """What is wrong with one line of a .po file (None when it is a comment, blank or well formed)."""
    texto = linea.strip()
    if not texto or texto.startswith("#") or _LINEA_PO.match(texto):
        return None
    if not re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"', texto):
        return f"se esperaba msgid, msgstr o un texto entre comillas, y dice «{texto[:60]}»"
    if not re.match(rf"^[^\"]*{_CADENA_PO}", texto):
        return f"falta la comilla de cierre: «{texto[:60]}»"
    return f"sobra texto después de la comilla de cierre: «{texto[:60]}»"


def leer_po(ruta: Path, nombre: str | None = None) -> Catalog:
    """One catalog, checked line by line: a malformed entry is an error naming the file and line.

    Babel alone is lenient (an unclosed quote loses a letter and passes): its reader runs after
    our check, with abort_invalid, for what the lines alone do not show (a msgid without msgstr).
    """
    nombre = nombre or ruta.name
    texto = ruta.read_text(encoding="utf-8")
    for n, linea in enumerate(texto.splitlines(), 1):
        problema = _problema_de_linea(linea)
        if problema:
            raise RenderError(f"{nombre}, línea {n}: {problema}. Corrija el catálogo y vuelva a generar.")
    try:
        return _con_anteriores(read_po(io.BytesIO(texto.encode("utf-8")), abort_invalid=True))
    except PoFileError as exc:
        linea = re.search(r"on (?:line )?(\d+)", str(exc))
        donde = f", línea {linea.group(1)}" if linea else ""
        raise RenderError(
            f"{nombre}{donde}: entrada incompleta (cada msgid necesita su msgstr, en ese orden). "
            "Corrija el catálogo y vuelva a generar."
        ) from exc


def _con_anteriores(catalogo: Catalog) -> Catalog:
    """Read the `#| msgid "…"` lines (the Spanish a fuzzy English was written for) as previous_id.

    Babel writes them but reads them back as plain comments, which would then be rewritten as «# |».
    """
    for mensaje in catalogo:
        previas = [c[1:].strip() for c in mensaje.user_comments if c.startswith("|")]
        if previas:
            mensaje.user_comments = [c for c in mensaje.user_comments if not c.startswith("|")]
            cadenas = re.findall(_CADENA_PO, " ".join(p for p in previas if not p.startswith("msgid_plural")))
            mensaje.previous_id = ["".join(unescape(c) for c in cadenas)]
    return catalogo


def _catalogos(plantillas: Path) -> dict[str, Catalog]:
    """Every catalog of templates/locale/en, by name (cap1, comun, …), checked."""
    plantillas = Path(plantillas)
    return {
        ruta.stem: leer_po(ruta, f"{plantillas.name}/{ruta.relative_to(plantillas).as_posix()}")
        for ruta in sorted(carpeta_catalogos(plantillas).glob("*.po"))
    }


@dataclass(frozen=True)
class PorRevisar:
    """An English text marked fuzzy: its Spanish changed since it was written (gettext does not use it)."""

    catalogo: str  # cap1, comun, …
    ingles: str
    anterior: str  # the Spanish it was the English of


def _leer_po(ruta: Path) -> dict[str, str]:
    """msgid → msgstr of one catalog, as written (fuzzy ones included)."""
    return {m.id: m.string for m in leer_po(ruta) if m.id}


def _usables(catalogos: dict[str, Catalog]) -> dict[str, str]:
    return {m.id: m.string for c in catalogos.values() for m in c if m.id and m.string and not m.fuzzy}


def _dudosas(catalogos: dict[str, Catalog]) -> dict[str, PorRevisar]:
    return {
        m.id: PorRevisar(nombre, m.string, " ".join(m.previous_id))
        for nombre, c in catalogos.items()
        for m in c
        if m.id and m.string and m.fuzzy
    }


def leer_catalogo(plantillas: Path) -> dict[str, str]:
    """msgid → English text, from every catalog (empty and fuzzy translations left out, as gettext does)."""
    return _usables(_catalogos(plantillas))


def leer_por_revisar(plantillas: Path) -> dict[str, PorRevisar]:
    """msgid → its fuzzy English, kept by `traducciones` when the Spanish changed, waiting for review."""
    return _dudosas(_catalogos(plantillas))


def _sin_fecha(contenido: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", contenido)


def _escribir_si_cambia(ruta: Path, catalogo: Catalog) -> None:
    """Rewrite a catalog only when its messages changed (a new date alone is not a change)."""
    salida = io.BytesIO()
    write_po(
        salida,
        catalogo,
        width=100,
        omit_header=False,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=True,
    )
    nuevo = salida.getvalue()
    if not ruta.exists() or _sin_fecha(ruta.read_bytes()) != _sin_fecha(nuevo):
        ruta.write_bytes(nuevo)


def _nuevo_catalogo() -> Catalog:
    return Catalog(locale="en", project="Informe Estadístico de Tratamiento Penitenciario")


def _actualizado(anterior: Catalog | None, mensajes: list[str]) -> Catalog:
    """A catalog with exactly `mensajes`: English kept; a changed Spanish keeps its old English, marked fuzzy.

    Babel's update (msgmerge's rule): a new msgid close to one that left gets its English with
    `#, fuzzy` and `#| msgid` the Spanish it translated; a fuzzy entry stays fuzzy (and keeps its
    `#|`) until a translator reviews it and deletes the mark.
    """
    plantilla = _nuevo_catalogo()
    for mensaje in sorted(mensajes):
        plantilla.add(mensaje)
    catalogo = anterior or _nuevo_catalogo()
    previos = {m.id: m.previous_id for m in catalogo if m.id and m.previous_id}
    catalogo.update(plantilla, no_fuzzy_matching=False)
    for m in catalogo:
        if m.fuzzy and m.id and not m.previous_id and m.id in previos:
            m.previous_id = previos[m.id]
    return catalogo


def actualizar_catalogo(plantillas: Path) -> list[str]:
    """Add new strings to their chapter's catalog (empty, for a translator), drop unused ones.

    A string already in a catalog stays in that file with its English; one whose Spanish
    changed keeps its old English as fuzzy (to review). Returns the strings without usable
    English (empty or fuzzy).
    """
    carpeta = carpeta_catalogos(plantillas)
    catalogos = _catalogos(plantillas)  # a malformed catalog stops here, before anything is rewritten
    ubicados = {}  # a string already in a catalog stays there (stable files, no churn)
    for nombre, catalogo in catalogos.items():
        for mensaje in catalogo:
            if mensaje.id:
                ubicados.setdefault(mensaje.id, nombre)
    por_catalogo: dict[str, list[str]] = {}
    for mensaje, catalogo in mensajes_por_origen(plantillas).items():
        por_catalogo.setdefault(ubicados.get(mensaje, catalogo), []).append(mensaje)
    carpeta.mkdir(parents=True, exist_ok=True)
    for ruta in carpeta.glob("*.po"):
        if ruta.stem not in por_catalogo:
            ruta.unlink()
    faltan = []
    for nombre, mensajes in por_catalogo.items():
        catalogo = _actualizado(catalogos.get(nombre), mensajes)
        _escribir_si_cambia(carpeta / f"{nombre}.po", catalogo)
        faltan += [m.id for m in catalogo if m.id and (not m.string or m.fuzzy)]
    return sorted(faltan)


class Traductor:
    """The edition's wording: `_()` in the edition's language, `bi()` bilingual headings, `en()` the English line.

    Spanish edition: `bi("Fuente")` → «Fuente» with «Source» beneath; `en()` gives the English
    line. English edition: everything in English; `bi()` gives the English only and `en()`
    gives nothing (there is no secondary line to add).
    """

    def __init__(self, plantillas: Path, idioma: str = "es"):
        catalogos = _catalogos(plantillas)
        self.catalogo = _usables(catalogos)
        self.por_revisar = _dudosas(catalogos)
        self._ingleses = set(self.catalogo.values())
        self.idioma = idioma
        self.faltantes: set[str] = set()
        self.dudosas: dict[str, PorRevisar] = {}  # fuzzy English the edition needed (and printed in Spanish)

    def ingles(self, texto: str) -> str:
        """English of a Spanish text (recorded as missing when the catalog lacks it).

        A text that is already one of the catalog's English strings is returned as is:
        in the English edition a label translated by `_()` may pass through `bi()` again.
        """
        traducido = self.catalogo.get(texto)
        if traducido is None and texto in self._ingleses:
            return texto
        if traducido is None and texto in self.por_revisar:
            self.dudosas[texto] = self.por_revisar[texto]
            return texto
        if traducido is None:
            self.faltantes.add(texto)
            return texto
        return traducido

    def en(self, texto: str) -> str:
        """The secondary English line of a bilingual heading; empty in the English edition."""
        return "" if self.idioma == "en" else self.ingles(texto)

    def bi(self, texto: str) -> Markup:
        """Spanish text followed by its English, for titles, headers and Fuente lines."""
        if self.idioma == "en":
            return Markup("{}").format(self.ingles(texto))
        return Markup('{}<span class="en">{}</span>').format(escape(texto), escape(self.ingles(texto)))

    def gettext(self, texto: str) -> str:
        return texto if self.idioma == "es" else self.ingles(texto)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def etiqueta(self, texto: str) -> str:
        """A chart label: «Spanish\nEnglish» in the Spanish edition, English only in the English one."""
        return self.ingles(texto) if self.idioma == "en" else f"{texto}\n{self.ingles(texto)}"
