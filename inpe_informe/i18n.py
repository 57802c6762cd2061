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
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup, escape

from . import outline

PALABRAS_CLAVE = {"bi": None, "_": None, "gettext": None, "titulo": (2,), "en": None}


def carpeta_catalogos(plantillas: Path) -> Path:
    return Path(plantillas) / "locale" / "en"


def _archivos_etiquetas(plantillas: Path) -> list[Path]:
    plantillas = Path(plantillas)
    return [plantillas / "etiquetas.yaml", *outline.archivos(plantillas, outline.ETIQUETAS)]


def _leer_yaml(ruta: Path) -> dict:
    return yaml.safe_load(ruta.read_text(encoding="utf-8")) or {} if ruta.exists() else {}


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


def _catalogo_de(origen: str) -> str:
    """'capitulos/cap2/capitulo.html' → 'cap2'; office extracts (extracto.html) → 'extractos'; else 'comun'."""
    if Path(origen).name == "extracto.html":
        return "extractos"
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
    return encontrados


def extraer_mensajes(plantillas: Path) -> set[str]:
    """Every Spanish string that needs an English counterpart (templates, etiquetas, section titles)."""
    return set(mensajes_por_origen(plantillas))


def _leer_po(ruta: Path) -> dict[str, str]:
    with open(ruta, "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def leer_catalogo(plantillas: Path) -> dict[str, str]:
    """msgid → English text, from every catalog (empty translations left out)."""
    traducciones = {}
    for ruta in sorted(carpeta_catalogos(plantillas).glob("*.po")):
        traducciones.update({k: v for k, v in _leer_po(ruta).items() if v})
    return traducciones


def _sin_fecha(contenido: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", contenido)


def _escribir_si_cambia(ruta: Path, catalogo: Catalog) -> None:
    """Rewrite a catalog only when its messages changed (a new date alone is not a change)."""
    salida = io.BytesIO()
    write_po(salida, catalogo, width=100, omit_header=False, sort_output=True)
    nuevo = salida.getvalue()
    if not ruta.exists() or _sin_fecha(ruta.read_bytes()) != _sin_fecha(nuevo):
        ruta.write_bytes(nuevo)


def actualizar_catalogo(plantillas: Path) -> list[str]:
    """Add new strings to their chapter's catalog (empty, for a translator), drop unused ones.

    A string already in a catalog stays in that file with its English; returns the
    strings still without English.
    """
    carpeta = carpeta_catalogos(plantillas)
    existentes = leer_catalogo(plantillas)
    ubicados = {}  # a string already in a catalog stays there (stable files, no churn)
    for ruta in sorted(carpeta.glob("*.po")):
        for mensaje in _leer_po(ruta):
            ubicados.setdefault(mensaje, ruta.stem)
    por_catalogo: dict[str, list[str]] = {}
    for mensaje, catalogo in mensajes_por_origen(plantillas).items():
        por_catalogo.setdefault(ubicados.get(mensaje, catalogo), []).append(mensaje)
    carpeta.mkdir(parents=True, exist_ok=True)
    for ruta in carpeta.glob("*.po"):
        if ruta.stem not in por_catalogo:
            ruta.unlink()
    for nombre, mensajes in por_catalogo.items():
        catalogo = Catalog(locale="en", project="Informe Estadístico de Tratamiento Penitenciario")
        for mensaje in sorted(mensajes):
            catalogo.add(mensaje, existentes.get(mensaje, ""))
        _escribir_si_cambia(carpeta / f"{nombre}.po", catalogo)
    return sorted(m for ms in por_catalogo.values() for m in ms if not existentes.get(m))


class Traductor:
    """The edition's wording: `_()` in the edition's language, `bi()` bilingual headings, `en()` the English line.

    Spanish edition: `bi("Fuente")` → «Fuente» with «Source» beneath; `en()` gives the English
    line. English edition: everything in English; `bi()` gives the English only and `en()`
    gives nothing (there is no secondary line to add).
    """

    def __init__(self, plantillas: Path, idioma: str = "es"):
        self.catalogo = leer_catalogo(plantillas)
        self._ingleses = set(self.catalogo.values())
        self.idioma = idioma
        self.faltantes: set[str] = set()

    def ingles(self, texto: str) -> str:
        """English of a Spanish text (recorded as missing when the catalog lacks it).

        A text that is already one of the catalog's English strings is returned as is:
        in the English edition a label translated by `_()` may pass through `bi()` again.
        """
        traducido = self.catalogo.get(texto)
        if traducido is None and texto in self._ingleses:
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
