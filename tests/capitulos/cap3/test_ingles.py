"""Chapter III (Salud Penitenciaria) in the English edition: English wording, the same figures."""

import pytest
from babel.messages.pofile import read_po
from conftest import RAIZ, restos_en_espanol, texto_capitulo

CATALOGOS = RAIZ / "templates" / "locale" / "en"

# Proper names printed as published: establishments, IPRESS names, offices' seats.
PERMITIDAS = ("Instituto Nacional Penitenciario", "Unidad de Estadística")


@pytest.fixture(scope="module")
def capitulo_en(informe_en) -> str:
    return texto_capitulo(informe_en.pdf, 3)


def _catalogo(nombre: str) -> dict[str, str]:
    with open(CATALOGOS / f"{nombre}.po", "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_capitulo_3_sin_restos_en_espanol(capitulo_en):
    restos = restos_en_espanol(capitulo_en, PERMITIDAS)
    assert not restos, restos
    assert "Prison Health" in capitulo_en and "Salud Penitenciaria" not in capitulo_en


def test_tuberculosis_en_ingles(capitulo_en, publicado):
    assert f"tuberculosis cases total {publicado('4,052')} nationwide" in capitulo_en
    assert (
        f"prisons of the Lima Regional Office, which accounts for {publicado('70.8%')} "
        f"({publicado('2,868')} cases)"
    ) in capitulo_en
    assert f"Of the total, {publicado('3,508')} cases are drug-susceptible TB" in capitulo_en


def test_sobrepoblacion_en_ingles(capitulo_en, publicado):
    assert (
        f"the difference between the prison population and housing capacity is {publicado('57,684')} inmates"
    ) in capitulo_en
    assert (
        f"the prison population shows an increase of {publicado('47.1%')} ({publicado('31,851')}), "
        f"while housing capacity shows an increase of {publicado('32.8%')} ({publicado('10,312')}) places"
    ) in capitulo_en
    assert "of capacity with which INPE defines critical overcrowding" in capitulo_en


def test_vih_sis_y_salud_mental_en_ingles(capitulo_en, publicado):
    assert (
        f"{publicado('1,066')} cases of persons living with HIV/AIDS are reported in prisons; "
        f"the highest concentration is in the Lima Regional Office, with {publicado('634')}"
    ) in capitulo_en
    assert (
        f"of the prison population ({publicado('99,448')}) is enrolled in the Comprehensive Health "
        "Insurance (SIS)"
    ) in capitulo_en
    assert f"({publicado('96,470')}) of the prison population" in capitulo_en
    assert f"{publicado('4,696')} cases with a psychiatric diagnosis are reported nationwide" in capitulo_en


def test_morbilidad_y_telesalud_en_ingles(capitulo_en, publicado):
    assert (
        f"main causes of morbidity acute pharyngitis ({publicado('3,840')} cases), "
        f"gastritis ({publicado('2,666')})"
    ) in capitulo_en
    assert (
        f"By specialty, psychiatry accounts for the highest number of consultations ({publicado('1,385')}) "
        f"and internal medicine for the highest number of beneficiaries ({publicado('594')})"
    ) in capitulo_en
    assert (
        f"Most beneficiaries belong to the adult (30 - 50 years) group, with {publicado('63.7%')} "
        f"({publicado('1,534')})"
    ) in capitulo_en


def test_consulta_externa_en_ingles(capitulo_en, publicado):
    assert (f"{publicado('18,200')} inmates were seen in outpatient care") in capitulo_en
    assert "The age group with the largest share is 30 - 59 years, with " in capitulo_en
    assert f"({publicado('10,685')}), followed by 18 - 29 years" in capitulo_en
    assert "Regional Office" in capitulo_en and "Oficina Regional" not in _sin_nombres_registrados(
        capitulo_en
    )


def _sin_nombres_registrados(texto: str) -> str:
    """The text without the health services' registered names (proper names, printed as registered:
    «Oficina Regional Norte-Instituto Nacional Penitenciario» is a name, not an untranslated heading)."""
    import pandas as pd
    import yaml

    from inpe_informe.filters import nombre_propio

    palabras = yaml.safe_load((RAIZ / "templates" / "nombres_propios.yaml").read_text(encoding="utf-8"))
    registro = pd.read_csv(RAIZ / "data" / "cap3" / "salud_ipress_categorizacion.csv")
    for nombre in registro["nombre_ipress"]:
        texto = texto.replace(nombre_propio(nombre, palabras), "")
    return texto


def test_capitulo_3_sin_textos_sin_traducir(informe_en):
    """No Spanish text of Chapter III lacks English, and no English of it is looked up again."""
    propio = _catalogo("cap3")
    assert all(propio.values()), [k for k, v in propio.items() if not v]
    ajenos = set()
    for ruta in CATALOGOS.glob("*.po"):
        if ruta.stem != "cap3":
            ajenos |= set(_catalogo(ruta.stem).values())
    ingles_propio = set(propio.values()) - ajenos
    faltan = [
        h.mensaje
        for h in informe_en.hallazgos
        if h.tabla == "traducciones" and any(f"«{t}»" in h.mensaje for t in set(propio) | ingles_propio)
    ]
    assert not faltan, faltan


def test_capitulo_3_en_espanol_sin_cambios(texto):
    """The Spanish edition keeps its wording (figures are checked by test_informe.py)."""
    assert "La mayor concentración se ubica en los establecimientos de la Oficina Regional Lima" in texto
    assert "Subdirección de Salud Penitenciaria" in texto
