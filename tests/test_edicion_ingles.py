"""The English edition: same computed figures, English wording, nothing left untranslated."""

from conftest import restos_en_espanol, texto_capitulo


def test_edicion_inglesa_sin_textos_sin_traducir(informe_en):
    faltan = [h.mensaje for h in informe_en.hallazgos if h.tabla == "traducciones"]
    assert not faltan, faltan
    assert informe_en.pdf.name.endswith("-en.pdf")


def test_portada_presentacion_e_indice_en_ingles(texto_en, informe):
    assert "Statistical Report on Penitentiary Treatment" in texto_en
    assert "Contents" in texto_en and "Foreword" in texto_en
    assert "as of the end of December 2024" in texto_en


def test_capitulo_1_en_ingles_con_las_mismas_cifras(informe_en, texto, publicado):
    capitulo = texto_capitulo(informe_en.pdf, 1)
    assert not restos_en_espanol(capitulo, ("Instituto Nacional Penitenciario", "Unidad de Estadística")), (
        restos_en_espanol(capitulo)
    )
    # the same computed variation, in the English sentence pattern
    cifra = publicado("4.0% (3,336)")
    assert f"increase of {cifra}" in capitulo or f"decrease of {cifra}" in capitulo
    assert "from December 2023 to December 2024" in capitulo


def test_pdf_en_ingles_declara_su_idioma(informe_en):
    from pypdf import PdfReader

    assert PdfReader(str(informe_en.pdf)).trailer["/Root"]["/Lang"] == "en"
