"""Contents and running footer in the edition's language.

The contents repeat each heading's own words (what the contents will be generated from), so an
English heading cannot sit under a Spanish contents line; the footer comes from the templates,
never from text typed into the stylesheet.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import RAIZ, normalizar, paginas_pdf

from inpe_informe.i18n import leer_catalogo

PIES = {
    "es": "Instituto Nacional Penitenciario · Unidad de Estadística",
    "en": "National Penitentiary Institute · Statistics Unit",
}


def _texto(fragmento: str) -> str:
    sin_ingles = re.sub(
        r'<span class="en">.*?</span>', " ", fragmento, flags=re.S
    )  # Spanish edition's subtitle
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", sin_ingles))).strip()


def indice_y_titulos(documento: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(contents entries as (anchor, text), heading text by anchor) of an HTML edition."""
    nav = re.search(r'<nav class="indice">(.*?)</nav>', documento, re.S).group(1)
    entradas = [(a, _texto(t)) for a, t in re.findall(r'<a href="#([^"]+)"[^>]*>(.*?)</a>', nav, re.S)]
    titulos = {
        i: _texto(t) for _n, i, t in re.findall(r'<h(\d) id="([^"]+)"[^>]*>(.*?)</h\1>', documento, re.S)
    }
    capitulos = re.findall(
        r'<section class="capitulo" id="([^"]+)">.*?<p class="capitulo-num">(.*?)</p>'
        r'.*?<h1 class="capitulo-titulo">(.*?)</h1>',
        documento,
        re.S,
    )
    titulos |= {i: f"{_texto(num)} · {_texto(t)}" for i, num, t in capitulos}
    return entradas, titulos


@pytest.fixture(params=["es", "en"])
def edicion(request, informe, informe_en):
    return request.param, (informe if request.param == "es" else informe_en)


def test_el_indice_repite_los_titulos(edicion):
    _idioma, resultado = edicion
    entradas, titulos = indice_y_titulos(resultado.web.read_text(encoding="utf-8"))
    assert len(entradas) > 40
    distintas = [
        (ancla, texto, titulos.get(ancla)) for ancla, texto in entradas if titulos.get(ancla) != texto
    ]
    assert not distintas, distintas


def test_indice_ingles_sin_textos_en_espanol(informe_en):
    """No English contents line is a Spanish text the catalogs translate (2.1–2.3 and 6.2–6.8 were)."""
    catalogo = leer_catalogo(RAIZ / "templates")
    entradas, _ = indice_y_titulos(informe_en.web.read_text(encoding="utf-8"))
    en_espanol = [
        texto
        for _ancla, texto in entradas
        if any(catalogo.get(parte, parte) != parte for parte in (texto, re.sub(r"^[\d.]+ ", "", texto)))
    ]
    assert not en_espanol, en_espanol


def test_indice_detecta_un_titulo_distinto():
    documento = (
        '<nav class="indice"><a href="#s2-1">2.1 Servicio de Asistencia Psicológica</a></nav>'
        '<h2 id="s2-1" class="seccion nivel-2"><span class="num">2.1</span> Psychological Assistance Service</h2>'
    )
    entradas, titulos = indice_y_titulos(documento)
    assert entradas == [("s2-1", "2.1 Servicio de Asistencia Psicológica")]
    assert titulos["s2-1"] == "2.1 Psychological Assistance Service"


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_pie_de_pagina_en_el_idioma_de_la_edicion(idioma, informe, informe_en):
    paginas = [normalizar(t) for t in paginas_pdf((informe if idioma == "es" else informe_en).pdf)]
    sin_pie = [n for n, texto in enumerate(paginas[1:], 2) if PIES[idioma] not in texto]  # the cover has none
    assert not sin_pie, f"páginas sin el pie «{PIES[idioma]}»: {sin_pie}"
    if idioma == "en":
        assert not [n for n, texto in enumerate(paginas, 1) if PIES["es"] in texto]


def test_la_hoja_de_estilos_no_escribe_textos():
    """Margin boxes show strings set from the templates (string-set), counters or nothing: no typed words."""
    for hoja in (RAIZ / "templates" / "styles").glob("*.css"):
        css = hoja.read_text(encoding="utf-8")
        cajas = re.findall(r"@(?:top|bottom|left|right)-[\w-]+\s*\{([^}]*)\}", css)
        escritas = [c for c in cajas if re.search(r'content:[^;]*"[^"]*[^\W\d_][^"]*"', c)]
        assert not escritas, f"{hoja.name}: {escritas}"
