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
