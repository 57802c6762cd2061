"""Chapter V in the English edition: English wording, the same computed figures as the Spanish edition."""

import pytest
from conftest import restos_en_espanol, texto_capitulo, textos_del_capitulo_sin_traducir


@pytest.fixture(scope="module")
def capitulo_en(informe_en):
    return texto_capitulo(informe_en.pdf, 5)


def test_capitulo_5_sin_restos_en_espanol(capitulo_en):
    restos = restos_en_espanol(capitulo_en, ("Instituto Nacional Penitenciario", "Unidad de Estadística"))
    assert not restos, restos


def test_titulos_en_ingles(capitulo_en):
    assert "Penitentiary treatment programmes" in capitulo_en
    assert "Sexual Offender Treatment Programme (TAS)" in capitulo_en
    assert "Programas de tratamiento penitenciario" not in capitulo_en


def test_total_anual_en_ingles(capitulo_en, publicado):
    assert (
        f"Between January and December 2024, {publicado('1,600')} inmates were served in the structured "
        "treatment programmes"
    ) in capitulo_en


def test_promedios_mensuales_en_ingles(capitulo_en, publicado):
    assert (
        f"serve an average of {publicado('1,265')} inmates a month: {publicado('776')} in CREO, "
        f"{publicado('312')} in PPTCD - DEVIDA and {publicado('177')} in TAS"
    ) in capitulo_en
    assert "Between January 2024 and December 2024 (12 months)" in capitulo_en


def test_evaluacion_favorable_en_ingles(capitulo_en, publicado):
    assert f"{publicado('737')} (46.1%) obtained a favourable evaluation" in capitulo_en


def test_cobertura_creo_en_ingles(capitulo_en, publicado):
    assert f"amounts to {publicado('11,034')} persons deprived of liberty aged 18 to 29" in capitulo_en
    assert "the programme covers 9.4% of its target population; 9,997 inmates (90.6%)" in capitulo_en
    assert f"accounts for 29.2% ({publicado('303')}) of the inmates treated by the programme" in capitulo_en


def test_tas_en_ingles(capitulo_en, publicado):
    assert (
        f"served {publicado('204')} of them ({publicado('33.3%')}); {publicado('408')} "
        f"({publicado('66.7%')}) were not served"
    ) in capitulo_en
    assert f"Nationwide, {publicado('10.4% (10,353)')} of the prison population" in capitulo_en


def test_meses_del_cuadro_en_ingles(capitulo_en):
    assert "Quarter" in capitulo_en and "December" in capitulo_en and "Trimestre" not in capitulo_en


def test_sin_textos_del_capitulo_sin_traducir(informe_en, informe):
    """No string of this chapter lacks its English: not a catalog entry, not a name printed from data,
    and no English text looked up a second time (a Spanish-only argument passed through _() first)."""
    faltan = textos_del_capitulo_sin_traducir(informe_en, informe, 5)
    assert not faltan, faltan
