"""English edition, Chapter II (Penitentiary Assistance): English wording, the same computed figures.

Expected figures go through `publicado()` (they are printed in the 2024 edition), so the English
sentences are checked against the same values as the Spanish ones in test_informe.py.
"""

import pytest
from conftest import RAIZ, restos_en_espanol, texto_capitulo

# Proper names that stay in Spanish: the institution, the statistics unit, regional offices and
# their seats (e.g. «Sur Oriente - Cusco»), and the transcription file cited in a note.
PERMITIDAS = ("Instituto Nacional Penitenciario", "Unidad de Estadística", "TRANSCRIPCION.md")


@pytest.fixture(scope="module")
def cap2_en(informe_en):
    return texto_capitulo(informe_en.pdf, 2)


@pytest.fixture(scope="module")
def secciones_en(cap2_en):
    def seccion(inicio, fin):
        return cap2_en[cap2_en.index(inicio) : cap2_en.index(fin)]

    return {
        "psicologia": seccion("2.1 Psychological Assistance Service", "2.2 Social Assistance Service"),
        "social": seccion("2.2 Social Assistance Service", "2.3 Legal Assistance Service"),
        "legal": seccion("2.3 Legal Assistance Service", "2.4 Summary of Penitentiary Assistance"),
    }


def test_capitulo_2_sin_restos_en_espanol(cap2_en):
    restos = restos_en_espanol(cap2_en, PERMITIDAS)
    assert not restos, restos


def test_capitulo_2_sin_textos_sin_traducir(informe_en):
    from inpe_informe.i18n import mensajes_por_origen

    propios = {m for m, catalogo in mensajes_por_origen(RAIZ / "templates").items() if catalogo == "cap2"}
    faltan = [
        h.mensaje
        for h in informe_en.hallazgos
        if h.tabla == "traducciones" and any(f"«{m}»" in h.mensaje for m in propios)
    ]
    assert not faltan, faltan


def test_apertura_y_poblacion_base(cap2_en, publicado):
    assert "Penitentiary Assistance, as part of penitentiary treatment" in cap2_en
    assert f"at the end of December 2024 it stands at {publicado('99,448')} inmates" in cap2_en
    assert f"the Chapter I population (excluding CEREC) is {publicado('99,443')}" in cap2_en
    assert "Changes compare December 2024 with January 2024, the first month of the year" in cap2_en


@pytest.mark.parametrize(
    "servicio, nombre, atd, atc",
    [
        ("psicologia", "psychological assistance service", "16.0% (968)", "23.5% (2,021)"),
        ("social", "social assistance service", "6.3% (424)", "6.9% (550)"),
        ("legal", "legal assistance service", "10.6% (432)", "13.3% (627)"),
    ],
)
def test_variacion_enero_diciembre(secciones_en, publicado, servicio, nombre, atd, atc):
    s = secciones_en[servicio]
    assert (
        f"from January 2024 to December 2024 the number of inmates served decreased by {publicado(atd)}"
    ) in s
    assert f"the number of consultations shows a decrease of {publicado(atc)}" in s


@pytest.mark.parametrize(
    "servicio, atd, pct, no_atd, pct_no",
    [
        ("psicologia", "5,095", "5.1%", "94,353", "94.9%"),
        ("social", "6,359", "6.4%", "93,089", "93.6%"),
    ],
)
def test_cobertura_diciembre(secciones_en, publicado, servicio, atd, pct, no_atd, pct_no):
    assert (
        f"In December 2024 the service served {publicado(atd)} of the {publicado('99,448')} persons "
        f"deprived of liberty held in prison, a coverage of {publicado(pct)}; {publicado(no_atd)} inmates "
        f"({publicado(pct_no)}) were not served"
    ) in secciones_en[servicio]


@pytest.mark.parametrize(
    "servicio, m, pm, h, ph",
    [
        ("psicologia", "644", "12.4%", "4,451", "4.7%"),
        ("social", "905", "17.5%", "5,454", "5.8%"),
        ("legal", "521", "10.0%", "3,120", "3.3%"),
    ],
)
def test_mujeres_y_hombres(secciones_en, publicado, servicio, m, pm, h, ph):
    s = secciones_en[servicio]
    assert (
        f"Of the {publicado('5,186')} women in the prison population, {publicado(m)} were served in "
        f"December 2024, {publicado(pm)}"
    ) in s
    assert (
        f"the men served numbered {publicado(h)}, {publicado(ph)} of the {publicado('94,262')} men in total"
    ) in s
    assert "Coverage is higher among women." in s


@pytest.mark.parametrize(
    "servicio, prom, pct, atc",
    [
        ("psicologia", "5,688", "5.8%", "7,520"),
        ("social", "6,400", "6.6%", "7,567"),
        ("legal", "4,085", "4.2%", "4,763"),
    ],
)
def test_promedios(secciones_en, publicado, servicio, prom, pct, atc):
    assert (
        f"the monthly average is {publicado(prom)} inmates served, an average of {publicado(pct)} of the "
        f"prison population, and {publicado(atc)} consultations"
    ) in secciones_en[servicio]


@pytest.mark.parametrize("servicio, total", [("psicologia", "639"), ("social", "786"), ("legal", "623")])
def test_pim_por_servicio(secciones_en, publicado, servicio, total):
    assert (
        f"served {publicado(total)} persons deprived of liberty in the Multidisciplinary "
        f"Intervention Programme"
    ) in secciones_en[servicio]


def test_personal_y_carga(secciones_en, publicado):
    s = secciones_en["psicologia"]
    assert f"In December 2024 the Psychological Assistance staff totals {publicado('175')} employees" in s
    assert f"{publicado('79.4% (139)')} are permanent staff" in s
    assert (
        f"The Norte Regional Office has the highest load, with {publicado('962')} inmates per psychologist, "
        f"and the Sur Regional Office the lowest, with {publicado('318')}"
    ) in s


def test_graficos_en_ingles():
    """Chapter II's chart specs: month labels follow the edition (DEC-24, not DIC-24), labels in English only."""
    from inpe_informe.capitulos.cap2 import graficos as cap2
    from inpe_informe.edition import Edicion
    from inpe_informe.i18n import Traductor, leer_etiquetas
    from inpe_informe.periods import Periodo

    ingles, espanol = (Edicion.de(RAIZ / "templates", idioma) for idioma in ("en", "es"))
    serie = [
        {"periodo": Periodo(2024, 12), "atendidos": 1, "atenciones": 2, "poblacion": 3, "cobertura": 0.5}
    ]
    et = leer_etiquetas(RAIZ / "templates")["cap2"]
    en = cap2.cobertura_mensual("x", {"serie": serie}, et, ingles.traductor, str, ingles.filtros["mes"])
    es = cap2.cobertura_mensual("x", {"serie": serie}, et, espanol.traductor, str, espanol.filtros["mes"])
    assert en.datos["meses"] == ["DEC-24"] and es.datos["meses"] == ["DIC-24"]
    assert "\n" not in en.datos["eje_y"] and en.datos["eje_y"] != et["ejes"]["atendidos"]
    cob = {"atendidos": 1, "no_atendidos": 3, "porcentaje": 25.0, "porcentaje_no": 75.0, "poblacion": 4}
    dona = cap2.cobertura("y", cob, et, Traductor(RAIZ / "templates", "en"), str, "poblacion")
    assert dona.datos["centro_etiqueta"] == "Prison population"
