"""Pages a reader would not find half empty: each page is at least ~40% filled unless a part ends there.

A part is what the bookmarks list at their top level (the main points, the contents, each chapter…):
its last page may be short. Read from the rendered pages (pdfium), so charts and tables count as
filled, not only text; the running header and the folio are left out.
"""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

MINIMO = 0.40  # share of the body height down to the lowest inked row
BANDA = 0.08  # running header and folio bands at the top and foot of the page


def _lleno(pagina) -> float:
    """Share of the body height down to the last row with ink (40 dpi is enough)."""
    gris = pagina.render(scale=40 / 72).to_numpy()[..., :3].min(axis=2)
    alto = gris.shape[0]
    cuerpo = gris[int(alto * BANDA) : int(alto * (1 - BANDA))]
    filas = np.where((cuerpo < 235).sum(axis=1) > 2)[0]
    return (filas.max() + 1) / cuerpo.shape[0] if len(filas) else 0.0


def _inicios_de_parte(ruta) -> set[int]:
    """0-based pages where a top-level bookmark points (a part starts there)."""
    lector = PdfReader(str(ruta))
    return {lector.get_destination_page_number(o) for o in lector.outline if not isinstance(o, list)}


def paginas_medio_vacias(ruta) -> list[tuple[int, float]]:
    """(page number, fill) of every page below MINIMO whose next page does not start a part."""
    inicios = _inicios_de_parte(ruta)
    documento = pdfium.PdfDocument(str(ruta))
    total = len(documento)
    cortas = []
    for i in range(1, total - 1):  # the cover is a full-bleed page; the last page ends the report
        if i + 1 in inicios:
            continue
        lleno = _lleno(documento[i])
        if lleno < MINIMO:
            cortas.append((i + 1, round(lleno, 2)))
    return cortas


@pytest.fixture(scope="module", params=["informe", "informe_en", "informe_enero"])
def edicion(request):
    return request.param, request.getfixturevalue(request.param)


def test_ninguna_pagina_queda_medio_vacia_salvo_al_final_de_una_parte(edicion):
    nombre, informe = edicion
    assert paginas_medio_vacias(informe.pdf) == [], f"{nombre}: páginas por debajo de {MINIMO:.0%}"


def test_la_medida_ve_una_pagina_medio_vacia(tmp_path):
    """The measure itself: after a cover, a page with four lines is found, a full page is not."""
    from weasyprint import HTML

    def pagina(n):
        return "<div style='break-before: page'>" + "".join(f"<p>Línea {i}</p>" for i in range(n)) + "</div>"

    ruta = tmp_path / "prueba.pdf"
    HTML(string=f"<html><body><p>Portada</p>{pagina(4)}{pagina(24)}{pagina(1)}</body></html>").write_pdf(ruta)
    assert [p for p, _ in paginas_medio_vacias(ruta)] == [2]


LETRA_MINIMA = 5.5  # pt as printed: the smallest type of the design is a chart's point label (5.6 pt)


def letras_pequenas(ruta) -> list[tuple[int, float, str]]:
    """(page, printed size, text) of every run of characters printed below LETRA_MINIMA.

    The printed size is the font size times the scale of the text's matrix: a chart drawn at one
    size and printed at another shrinks (or grows) its type with it.
    """
    import ctypes

    import pypdfium2.raw as raw

    documento = pdfium.PdfDocument(str(ruta))
    matriz = raw.FS_MATRIX()
    pequenas = []
    for numero in range(len(documento)):
        pagina = documento[numero].get_textpage()
        texto = pagina.get_text_range()
        for i in range(pagina.count_chars()):
            tamano = raw.FPDFText_GetFontSize(pagina, i)
            if tamano <= 1.01 or not texto[i].strip():  # generated spaces and line ends
                continue
            raw.FPDFText_GetMatrix(pagina, i, ctypes.byref(matriz))
            impreso = tamano * abs(matriz.a * matriz.d - matriz.b * matriz.c) ** 0.5
            if impreso < LETRA_MINIMA and (
                not pequenas or pequenas[-1][0] != numero + 1 or pequenas[-1][1] != round(impreso, 1)
            ):
                pequenas.append((numero + 1, round(impreso, 1), texto[i : i + 24]))
    return pequenas


def test_ningun_texto_se_imprime_demasiado_pequeno(edicion):
    """Charts print at the size they are drawn: no label of a small donut shrinks to 4–5 pt on the page."""
    nombre, informe = edicion
    assert letras_pequenas(informe.pdf) == [], f"{nombre}: texto por debajo de {LETRA_MINIMA} pt"
