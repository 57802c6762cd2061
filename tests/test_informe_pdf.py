"""End to end, the report as a whole: cover, contents, metadata and bookmarks, quality report,
and the failures a statistician can meet (a period without data, strict mode).

Chapter I's figures are checked in tests/capitulos/cap1/test_informe.py, each chapter's in its folder.
"""

import re

import pytest
from conftest import construir, normalizar

from inpe_informe.errors import DatosError


def test_pdf_existe_con_portada_contenido_y_capitulo(informe, texto):
    assert informe.pdf.exists() and informe.pdf.stat().st_size > 50_000
    for rotulo in (
        "Presentación",
        "Contenido",
        "Órgano Técnico de Tratamiento",
        "Statistical Report on Penitentiary Treatment",
    ):
        assert rotulo in texto


def test_las_paginas_se_comprimen_al_nivel_usual(informe):
    """ajustes_weasyprint.compresion_usual: zlib's level 6, not pydyf's 9 (a second of a cold build's CPU).
    The content is what WeasyPrint wrote: only how it is compressed changes."""
    import zlib

    import pikepdf

    from inpe_informe.ajustes_weasyprint import NIVEL_DE_COMPRESION

    with pikepdf.open(informe.pdf) as pdf:
        contenidos = [
            c
            for p in pdf.pages
            for c in (p.obj.Contents if isinstance(p.obj.Contents, pikepdf.Array) else [p.obj.Contents])
        ]
        mayor = max(contenidos, key=lambda c: len(c.read_raw_bytes()))
        crudo, leido = mayor.read_raw_bytes(), mayor.read_bytes()
    assert crudo == zlib.compress(leido, NIVEL_DE_COMPRESION)
    assert crudo != zlib.compress(leido, 9)  # the page is large enough for the two levels to differ


def test_metadatos_y_marcadores(informe):
    from pypdf import PdfReader

    pdf = PdfReader(str(informe.pdf))
    assert pdf.metadata.title.startswith("Informe Estadístico de Tratamiento Penitenciario")
    assert "Unidad de Estadística" in pdf.metadata.author
    assert pdf.trailer["/Root"].get("/Lang") == "es"
    titulos = [normalizar(o.title) for o in pdf.outline if not isinstance(o, list)]
    assert any("Órgano Técnico de Tratamiento" in t for t in titulos)


def test_indice_con_numeros_de_pagina(texto):
    assert re.search(r"1\.2 Comportamiento al cierre del periodo según régimen ?\.+ ?\d+", texto)


def test_reporte_de_calidad(informe):
    html = informe.calidad.read_text(encoding="utf-8")
    assert "Fe de erratas de la última edición publicada" in html
    assert "ch1_2/INC-21" in html and "ch1_2/INC-10" in html


def test_periodo_sin_datos_falla_con_mensaje(tmp_path):
    with pytest.raises(
        DatosError,
        match=r"No hay datos para el periodo 2025-03: falta tabla «poblacion_regimen_nacional», meses 2025-03",
    ):
        construir(tmp_path, periodo="2025-03")
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").glob("*.pdf"))


def test_estricto_convierte_omisiones_en_error(tmp_path):
    with pytest.raises(DatosError, match="Modo estricto"):
        construir(tmp_path, periodo="2024-09", estricto=True)
