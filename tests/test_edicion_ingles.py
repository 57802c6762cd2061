"""The English edition: same computed figures, English wording, nothing left untranslated."""


def test_edicion_inglesa_sin_textos_sin_traducir(informe_en):
    faltan = [h.mensaje for h in informe_en.hallazgos if h.tabla == "traducciones"]
    assert not faltan, faltan
    assert informe_en.pdf.name.endswith("-en.pdf")


def test_portada_presentacion_e_indice_en_ingles(texto_en, informe):
    assert "Statistical Report on Penitentiary Treatment" in texto_en
    assert "Contents" in texto_en and "Foreword" in texto_en
    assert "as of the end of December 2024" in texto_en


def test_pdf_en_ingles_declara_su_idioma(informe_en):
    from pypdf import PdfReader

    assert PdfReader(str(informe_en.pdf)).trailer["/Root"]["/Lang"] == "en"


def test_oficinas_con_un_solo_orden_en_ingles(texto_en):
    """«Norte Regional Office» everywhere, never «Regional Office Norte» (one pattern in the catalog)."""
    import re

    assert re.search(r"\bNorte Regional Office\b", texto_en)
    assert not re.findall(
        r"Regional Office (?:Norte|Lima|Sur|Centro|Oriente|Nor Oriente|Altiplano)\b", texto_en
    )
