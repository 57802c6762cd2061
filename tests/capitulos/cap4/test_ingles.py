"""Chapter IV in the English edition: English wording, the same computed figures as the Spanish edition.

Figures come from the seed through `publicado()`; percentages the 2024 edition did not
print (it rounded by largest remainder) are derived half-up from published counts, as
test_informe.py does for the Spanish edition.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import RAIZ, restos_en_espanol, texto_capitulo

from inpe_informe.i18n import _leer_po, mensajes_por_origen

# Running heads of every page: the institution's proper name stays in Spanish.
PERMITIDAS = ("Instituto Nacional Penitenciario", "Unidad de Estadística")


def _pct(parte: str, todo: str) -> str:
    return f"{(Decimal(parte.replace(',', '')) * 100 / Decimal(todo.replace(',', ''))).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def capitulo_en(informe_en) -> str:
    return texto_capitulo(informe_en.pdf, 4).replace("/ ", "/")  # a line broken after a slash gets a space


def test_capitulo_4_sin_restos_en_espanol(capitulo_en):
    assert not restos_en_espanol(capitulo_en, PERMITIDAS), restos_en_espanol(capitulo_en, PERMITIDAS)
    assert "Prison Education and Work" in capitulo_en
    for espanol in (
        "Educación penitenciaria",
        "Trabajo y comercialización",
        "Fuente:",
        "matriculados",
        "inscritos",
    ):
        assert espanol not in capitulo_en


def test_cobertura_de_trabajo_y_educacion(capitulo_en, publicado):
    pob, tra, edu = publicado("99,448"), publicado("28,101"), publicado("16,387")
    assert (
        f"out of a prison population of {pob} persons, {tra} are registered for work ({_pct(tra, pob)}) "
        f"and {edu} are enrolled in education ({_pct(edu, pob)})"
    ) in capitulo_en


def test_programas_de_educacion(capitulo_en, publicado):
    total, cetpro = publicado("16,387"), publicado("7,560")
    assert f"{total} persons deprived of liberty are enrolled in education" in capitulo_en
    assert (
        f"the programmes rank as follows: Technical-Productive Education (CETPRO) ({cetpro}; {_pct(cetpro, total)})"
        in capitulo_en
    )


def test_inscritos_en_trabajo_y_actividades(capitulo_en, publicado):
    total, prod = publicado("28,101"), publicado("12,912")
    assert (
        f"The total number of persons registered for prison work is {total}; of them, {prod} "
        f"({publicado('45.9%')}) work in productive activities"
    ) in capitulo_en
    talleres, madera = publicado("10,573"), publicado("2,612")
    assert f"The “Workshop activities” group brings together {talleres} registered inmates" in capitulo_en
    assert (
        f"The activity with the most registrations is woodwork ({madera}; {_pct(madera, talleres)} of the group)"
        in capitulo_en
    )


def test_oficinas_ingresos_y_delitos(capitulo_en, publicado):
    assert (
        f"The Lima Regional Office accounts for {_pct('7,902', '28,101')} ({publicado('7,902')}) "
        "of those registered for work"
    ) in capitulo_en
    assert (f"{publicado('85.3%')} ({publicado('23,963')}) of those registered for work") in capitulo_en
    assert "entered a prison for the first time" in capitulo_en
    assert (
        "Among those registered for work, the most frequent specific offence is aggravated robbery "
        f"({publicado('5,370')}), followed by illicit drug trafficking ({publicado('3,684')})"
    ) in capitulo_en


def test_variacion_mensual_y_jovenes(capitulo_en, publicado):
    assert "From December 2023 to December 2024, registrations for work show an increase of" in capitulo_en
    assert "which coincides with the school-year recess" in capitulo_en
    jovenes = publicado("25,150")
    assert f"({jovenes}) of the prison population are young people aged 18 to 29" in capitulo_en
    assert f"{_pct(jovenes, publicado('99,448'))} ({jovenes})" in capitulo_en
    assert (
        f"{_pct(publicado('5,383'), jovenes)} ({publicado('5,383')}) are registered for work" in capitulo_en
    )


def test_graficos_del_capitulo_4_en_ingles(capitulo_en):
    """Chart text is extracted with the page: English month axis and English data categories."""
    assert "DEC-23" in capitulo_en and "DIC-23" not in capitulo_en
    for etiqueta in ("Textiles and garments", "Initial cycle – 1st grade", "Woodwork", "10 or more"):
        assert etiqueta in capitulo_en


def test_sin_textos_del_capitulo_4_sin_traducir(informe_en):
    """No Spanish string of Chapter IV (nor its English, passed twice through the catalog) lacks English."""
    plantillas = RAIZ / "templates"
    propios = {m for m, catalogo in mensajes_por_origen(plantillas).items() if catalogo == "cap4"}
    catalogo = _leer_po(plantillas / "locale" / "en" / "cap4.po")
    assert all(catalogo.get(m) for m in propios), [m for m in propios if not catalogo.get(m)]
    textos = propios | {v for v in catalogo.values() if v}
    faltan = [
        h.mensaje
        for h in informe_en.hallazgos
        if h.tabla == "traducciones" and any(f"«{t}»" in h.mensaje for t in textos)
    ]
    assert not faltan, faltan
