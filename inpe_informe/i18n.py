"""Bilingual wording: the English catalog (gettext .po) behind titles, headers and chart labels.

Spanish is the source language: every msgid is the Spanish text written in a
template or in templates/etiquetas.yaml; templates/locale/en.po holds its English.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup, escape

PALABRAS_CLAVE = {"bi": None, "_": None, "gettext": None, "titulo": (2,), "en": None}


def ruta_catalogo(plantillas: Path) -> Path:
    return Path(plantillas) / "locale" / "en.po"


def leer_etiquetas(plantillas: Path) -> dict:
    """templates/etiquetas.yaml: Spanish labels of categories and series used in charts and tables."""
    return yaml.safe_load((Path(plantillas) / "etiquetas.yaml").read_text(encoding="utf-8")) or {}


def _textos_etiquetas(etiquetas) -> set[str]:
    if isinstance(etiquetas, dict):
        return set().union(*(_textos_etiquetas(v) for v in etiquetas.values())) if etiquetas else set()
    if isinstance(etiquetas, list):
        return set().union(*(_textos_etiquetas(v) for v in etiquetas)) if etiquetas else set()
    return {str(etiquetas)}


def extraer_mensajes(plantillas: Path) -> set[str]:
    """Every Spanish string that needs an English counterpart (templates + etiquetas.yaml)."""
    mensajes = set()
    metodo = [("**.html", "jinja2.ext:babel_extract")]
    opciones = {"**.html": {"extensions": "jinja2.ext.i18n"}}
    for _archivo, _linea, mensaje, _coment, _ctx in extract_from_dir(
            str(plantillas), method_map=metodo, options_map=opciones, keywords=PALABRAS_CLAVE):
        mensajes.add(mensaje if isinstance(mensaje, str) else mensaje[0])
    return mensajes | _textos_etiquetas(leer_etiquetas(plantillas))


def leer_catalogo(plantillas: Path) -> dict[str, str]:
    """msgid → English text (empty translations left out)."""
    ruta = ruta_catalogo(plantillas)
    if not ruta.exists():
        return {}
    with open(ruta, "rb") as fh:
        catalogo = read_po(fh)
    return {m.id: m.string for m in catalogo if m.id and m.string}


def actualizar_catalogo(plantillas: Path) -> list[str]:
    """Add new strings to en.po (empty, for a translator) and drop unused ones; return the missing."""
    ruta = ruta_catalogo(plantillas)
    existentes = leer_catalogo(plantillas)
    catalogo = Catalog(locale="en", project="Informe Estadístico de Tratamiento Penitenciario")
    mensajes = sorted(extraer_mensajes(plantillas))
    for mensaje in mensajes:
        catalogo.add(mensaje, existentes.get(mensaje, ""))
    ruta.parent.mkdir(parents=True, exist_ok=True)
    with open(ruta, "wb") as fh:
        write_po(fh, catalogo, width=100, omit_header=False, sort_output=True)
    return [m for m in mensajes if not existentes.get(m)]


class Traductor:
    """Gives templates `bi()` (Spanish with English beneath) and `en()` (English only)."""

    def __init__(self, plantillas: Path, idioma: str = "es"):
        self.catalogo = leer_catalogo(plantillas)
        self.idioma = idioma
        self.faltantes: set[str] = set()

    def en(self, texto: str) -> str:
        traducido = self.catalogo.get(texto)
        if traducido is None:
            self.faltantes.add(texto)
            return texto
        return traducido

    def bi(self, texto: str) -> Markup:
        """Spanish text followed by its English, for titles, headers and Fuente lines."""
        return Markup('{}<span class="en">{}</span>').format(escape(texto), escape(self.en(texto)))

    def gettext(self, texto: str) -> str:
        return texto if self.idioma == "es" else self.en(texto)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)
