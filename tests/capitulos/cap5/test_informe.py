"""End to end, Chapter V: the published figures of the intramuros programmes read back from the PDF.

Expected figures go through `publicado()` (they are printed in the 2024 edition); figures the
2024 edition got wrong are checked the other way round: the corrected value is in our PDF and
the wrong one is not.
"""

import re

import pytest
from conftest import capitulo, normalizar, paginas_pdf

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


@pytest.fixture(scope="module")
def cap5(texto):
    return capitulo(texto, "CAPÍTULO V Programas de tratamiento penitenciario")


def test_total_anual_y_programas_con_participacion(cap5, publicado):
    assert f"se ha atendido a {publicado('1,600')} internos en los programas estructurados" in cap5
    for nombre, valor, pct in (
        ("CREO", "1,037", "64.8%"),
        ("PPTCD - DEVIDA", "359", "22.4%"),
        ("TAS", "204", "12.8%"),
    ):
        assert f"{nombre} con {valor} ({publicado(pct)})" in cap5
    publicado("1.037")  # the 2024 tile printed CREO with a dot separator (INC-38)


def test_promedios_mensuales(cap5, publicado):
    assert (
        f"atienden en promedio a {publicado('1,265')} internos por mes: {publicado('776')} en CREO, "
        f"{publicado('312')} en PPTCD - DEVIDA y {publicado('177')} en TAS"
    ) in cap5
    assert "Entre enero 2024 y diciembre 2024 (12 meses)" in cap5


@pytest.mark.parametrize(
    "mes, fila",
    [
        ("Enero", "1,238 264 800 174"),
        ("Setiembre", "1,291 339 769 183"),
        ("Diciembre", "1,281 359 752 170"),
    ],
)
def test_cuadro_mensual(cap5, publicado, mes, fila):
    total = fila.split()[0]
    publicado(total)
    assert f"{mes} {fila}" in cap5


def test_total_de_evaluacion_favorable_se_calcula(cap5, publicado):
    """INC-01: the printed TOTAL column of favourable evaluations repeated DEVIDA (Lima 77); it is 77+206+32 = 315."""
    publicado("OFICINA REGIONAL LIMA 77 77 206 32")
    assert "Oficina Regional Lima 629 122 303 204 315 77 206 32" in cap5
    assert f"{publicado('737')} (46.1%) obtuvieron evaluación favorable" in cap5


def test_cobertura_creo_corregida(cap5, publicado):
    """INC-02: the donut printed 6.8% / 795 / 10,832; with 1,037 of 11,034 coverage is 9.4% and 9,997 not attended."""
    publicado("10,832")
    assert f"{publicado('11,034')} privados de libertad" in cap5
    assert "el programa cubre el 9.4% de su población objetivo; 9,997 internos (90.6%)" in cap5
    assert "10,832" not in cap5 and "6.8%" not in cap5


def test_creo_por_oficina(cap5, publicado):
    publicado("29,2%")  # printed with a decimal comma in 2024 (INC-38)
    assert f"concentra el 29.2% ({publicado('303')}) de los internos intervenidos" in cap5
    assert "Nor Oriente (E.P. de Juanjuí) con el 5.4% (56)" in cap5


def test_diciembre_no_es_el_acumulado(cap5, publicado):
    """INC-03/04: the 2024 text called the annual totals (1,037 CREO, 204 TAS) December figures."""
    publicado("se tiene 204 internos activos")
    assert "en diciembre 2024 participan 752 internos" in cap5
    assert "En diciembre 2024 participan 170 internos" in cap5


def test_tas_cobertura_y_referencia_nacional(cap5, publicado):
    assert (
        f"atendió a {publicado('204')} de ellos ({publicado('33.3%')}); {publicado('408')} ({publicado('66.7%')})"
        in cap5
    )
    assert f"el {publicado('10.4% (10,353)')} de la población penal" in cap5
    assert f"alberga a {publicado('612')} internos" in cap5


def _etiquetas_de_mes(texto):
    patron = re.compile(r"\b(" + "|".join(MESES) + r") (\d{4})\b")
    return {(int(a), MESES.index(m) + 1) for m, a in patron.findall(texto)}


@pytest.mark.parametrize(
    "inicio",
    ["CAPÍTULO V Programas de tratamiento penitenciario", "CAPÍTULO VII Asistencia Post Penitenciaria"],
)
def test_sin_textos_de_relleno_ni_meses_ajenos(texto, inicio):
    """No placeholder and no period label other than the months of the year being built (issue 6)."""
    parte = capitulo(texto, inicio)
    assert "Lorem ipsum" not in parte and "2019" not in parte and "ENERO - MARZO" not in parte
    assert _etiquetas_de_mes(parte) and _etiquetas_de_mes(parte) <= {(2024, m) for m in range(1, 13)}


@pytest.mark.parametrize(
    "inicio",
    ["CAPÍTULO V Programas de tratamiento penitenciario", "CAPÍTULO VII Asistencia Post Penitenciaria"],
)
def test_setiembre_sin_meses_posteriores_ni_datos_anuales(informe_setiembre, inicio):
    from conftest import texto_pdf

    parte = capitulo(texto_pdf(informe_setiembre.pdf), inicio)
    meses = _etiquetas_de_mes(parte)
    assert (2024, 9) in meses and all(m <= 9 for _a, m in meses)
    # the annual sections keep their place with a reader's note (once a "Sección omitida" box)
    assert "Las cifras anuales se publican en la edición de diciembre." in parte
    parte = _sin_marcas_de_eje(parte)
    assert "1,600" not in parte and "3,618" not in parte


def _sin_marcas_de_eje(texto: str) -> str:
    """The text without charts' value-axis ticks (0 200 400 … 1,600: an even run from zero), which
    may coincide with a figure the text must not state."""

    def quitar(coincidencia):
        valores = [int(v.replace(",", "")) for v in coincidencia.group(0).split()]
        pasos = {b - a for a, b in zip(valores, valores[1:])}
        return "" if len(pasos) == 1 else coincidencia.group(0)

    return re.sub(r"(?<![\d,])0(?: \d{1,3}(?:,\d{3})*){2,}(?![\d,])", quitar, texto)


def test_setiembre_lista_secciones_omitidas(informe_setiembre):
    tablas = {(o.capitulo, o.tabla) for o in informe_setiembre.omitidas}
    assert (5, "intramuros_atendidos_ep") in tablas and (7, "app_servicios") in tablas


def test_el_programa_devida_y_sus_fases_en_una_misma_pagina(informe):
    """The DEVIDA programme's description and its four phases stand side by side on one page: not a
    paragraph begun at a page's foot in one column, continued in the other and again on the next page."""
    paginas = [normalizar(p) for p in paginas_pdf(informe.pdf)]
    descripcion = [i for i, p in enumerate(paginas) if "El programa busca mejorar en el interno" in p]
    fases = [i for i, p in enumerate(paginas) if "Se desarrolla en cuatro fases de intervención" in p]
    assert len(descripcion) == 1 and descripcion == fases, (descripcion, fases)
