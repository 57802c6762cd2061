"""Chapter I in the English edition: English wording, the same computed figures as the Spanish edition."""

from conftest import restos_en_espanol, texto_capitulo


def test_capitulo_1_en_ingles_con_las_mismas_cifras(informe_en, texto, publicado):
    capitulo = texto_capitulo(informe_en.pdf, 1)
    assert not restos_en_espanol(capitulo, ("Instituto Nacional Penitenciario", "Unidad de Estadística")), (
        restos_en_espanol(capitulo)
    )
    # the same computed variation, in the English sentence pattern
    cifra = publicado("4.0% (3,336)")
    assert f"increase of {cifra}" in capitulo or f"decrease of {cifra}" in capitulo
    assert "from December 2023 to December 2024" in capitulo
