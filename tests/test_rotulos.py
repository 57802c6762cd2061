"""Numbered tables and charts: «Cuadro 3.2» / «Gráfico 3.4» (Table / Figure in English), numbered per
chapter by the build, and the lists after the contents that give each caption's page.

Read back from both editions' PDFs: captions are found page by page; the lists' entries are
matched to them by number, title and page.
"""

from __future__ import annotations

import re

import pytest
from conftest import normalizar, paginas_pdf
from pypdf import PdfReader

from inpe_informe.rotulos import Rotulos

ROTULOS = {"es": ("Cuadro", "Gráfico"), "en": ("Table", "Figure")}
LISTAS = {"es": ("Índice de cuadros", "Índice de gráficos"), "en": ("List of tables", "List of figures")}
ROTULOS_TODOS = ("Cuadro", "Gráfico", "Table", "Figure")
CONTENIDO = {"es": "Contenido", "en": "Contents"}
SIGLAS = {"es": "Siglas", "en": "Abbreviations"}


@pytest.fixture(scope="module", params=["es", "en"])
def edicion(request, informe, informe_en):
    return request.param, (informe if request.param == "es" else informe_en)


def _paginas(pdf) -> list[str]:
    return [normalizar(t) for t in paginas_pdf(pdf)]


def _inicio_de_listas(paginas, idioma) -> tuple[int, int]:
    """Pages where the list of tables starts and where it ends (the glossary follows the lists)."""
    lista = next(i for i, t in enumerate(paginas) if t.startswith(LISTAS[idioma][0]))
    siglas = next(i for i, t in enumerate(paginas) if i > lista and t.startswith(SIGLAS[idioma]))
    return lista, siglas


def _leyendas(paginas, desde, palabra) -> list[tuple[str, int, str]]:
    """(number, page, text after the number) of every caption of the kind `palabra`, in order."""
    encontradas = []
    for i in range(desde, len(paginas)):
        for m in re.finditer(rf"\b{palabra} (\d+\.\d+) (.{{0,60}})", paginas[i]):
            encontradas.append((m.group(1), i + 1, m.group(2)))
    return encontradas


def _entradas(paginas, lista, capitulos, palabra) -> list[tuple[str, str, int]]:
    """(number, title, page) of the lists' entries of the kind `palabra`."""
    texto = " ".join(paginas[lista:capitulos])
    trozos = re.split(rf"\b({'|'.join(ROTULOS_TODOS)}) (\d+\.\d+) ", texto)
    entradas = []
    for i in range(1, len(trozos) - 2, 3):
        tipo, numero = trozos[i], trozos[i + 1]
        if tipo != palabra:
            continue
        sin_guia = re.sub(r"\s?\.{2,}\s?|(?<=\d)\.(?=\s)", " ", trozos[i + 2])  # dot leaders out
        pagina = re.search(r"(?<![\d.,])\b(\d{1,3})\b(?![\d.,])", sin_guia)
        entradas.append((numero, sin_guia[: pagina.start()].strip(), int(pagina.group(1))))
    return entradas


def test_numeracion_consecutiva_por_capitulo_y_listas_con_sus_paginas(edicion):
    idioma, informe = edicion
    paginas = _paginas(informe.pdf)
    lista, capitulos = _inicio_de_listas(paginas, idioma)
    for palabra in ROTULOS[idioma]:
        leyendas = _leyendas(paginas, capitulos, palabra)
        assert len(leyendas) > 10, f"{idioma}: pocas leyendas «{palabra}»"
        # consecutive per chapter, chapters in order
        anterior = (0, 0)
        for numero, pagina, _ in leyendas:
            cap, n = map(int, numero.split("."))
            esperado = (anterior[0], anterior[1] + 1) if cap == anterior[0] else (cap, 1)
            assert cap >= anterior[0] and (cap, n) == esperado, (
                f"{palabra} {numero} (p. {pagina}) tras {anterior}"
            )
            anterior = (cap, n)
        # every caption has one list entry with its page and title
        entradas = {
            numero: (titulo, pagina)
            for numero, titulo, pagina in _entradas(paginas, lista, capitulos, palabra)
        }
        assert set(entradas) == {numero for numero, _, _ in leyendas}, f"{idioma} {palabra}"
        for numero, pagina, texto in leyendas:
            titulo, en_lista = entradas[numero]
            assert en_lista == pagina, f"{palabra} {numero}: la lista dice p. {en_lista}, está en p. {pagina}"
            inicio = titulo[:25]
            assert texto.startswith(inicio) or inicio in paginas[pagina - 1], (
                f"{palabra} {numero}: «{titulo}»"
            )


def test_contenido_y_marcadores_nombran_las_listas(edicion):
    idioma, informe = edicion
    lector = PdfReader(str(informe.pdf))
    marcadores = [normalizar(o.title) for o in lector.outline if not isinstance(o, list)]
    paginas = [normalizar(t) for t in paginas_pdf(informe.pdf)[:12]]
    contenido = next(t for t in paginas if t.startswith(CONTENIDO[idioma]))
    for titulo in LISTAS[idioma]:
        assert titulo in marcadores and titulo in contenido


def test_numeracion_sigue_al_capitulo_y_reinicia():
    """The numbers follow the chapter of the last heading: a chapter opener or a section «3.2» / extract «III»."""

    class S:
        def __init__(self, numero):
            self.numero = numero

    r = Rotulos()
    r.seccion(S("3.1"))
    assert [r.siguiente("cuadro", "a").numero, r.siguiente("grafico", "b").numero] == ["3.1", "3.1"]
    assert r.siguiente("cuadro", "c").numero == "3.2"
    r.seccion(S("IV"))  # an office extract's chapter heading
    assert r.siguiente("cuadro", "d").ancla == "cuadro-4-1"
    r.seccion(S(""))  # an unnumbered section keeps the chapter
    assert r.siguiente("cuadro", "e").numero == "4.2"


def test_cada_titulo_dice_el_periodo_que_cubre(edicion):
    """Every table and chart title ends with the months or years its data covers («…, 2013 – 2024»)."""
    idioma, informe = edicion
    paginas = _paginas(informe.pdf)
    lista, capitulos = _inicio_de_listas(paginas, idioma)
    sin_periodo = [
        f"{palabra} {numero} {titulo}"
        for palabra in ROTULOS[idioma]
        for numero, titulo, _ in _entradas(paginas, lista, capitulos, palabra)
        if not re.search(r"\b(19|20)\d\d$", titulo)
    ]
    assert not sin_periodo, sin_periodo
