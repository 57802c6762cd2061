"""End to end, Chapter VII: Asistencia Post Penitenciaria figures read back from the PDF."""

import re

import pytest
from conftest import capitulo


@pytest.fixture(scope="module")
def cap7(texto):
    return capitulo(texto, "CAPÍTULO VII Asistencia Post Penitenciaria")


def test_servicios_y_usuarios(cap7, publicado):
    assert (
        f"se prestaron {publicado('3,618')} servicios legales, psicológicos y sociales, atendiendo a un total de "
        f"{publicado('1,686')} usuarios"
    ) in cap7


def test_servicios_por_tipo(cap7, publicado, publicado_pct):
    """Published in whole percents (39%, 32%, 29%); printed with one decimal that rounds to them."""
    for tipo, valor, pct in (
        ("legal", "1,395", "39%"),
        ("psicológico", "1,172", "32%"),
        ("social", "1,051", "29%"),
    ):
        assert re.search(rf"{tipo} con {publicado(valor)} \({publicado_pct(pct)}\)", cap7), tipo


def test_servicios_especificos_mas_solicitados(cap7, publicado, publicado_pct):
    publicado("La anulación de Antecedentes con 1,043 atenciones, que ocupa un 29%")
    for servicio, valor, pct in (
        ("anulación de antecedentes", "1,043", "29%"),
        ("orientación y consejería psicológica", "1,015", "28%"),
        ("orientación y consejería social y familiar", "732", "20%"),
    ):
        assert re.search(rf"{servicio} con {valor} atenciones \({publicado_pct(pct)} del total\)", cap7)


def test_cuadro_de_servicios(cap7, publicado, publicado_pct):
    publicado("0.3%")
    assert "Seguimiento de expedientes 11 0.3%" in cap7
    assert re.search(rf"Servicio legal 1,395 {publicado_pct('39%')}", cap7)
    assert "conserjería" not in cap7 and "Otros Otros" not in cap7  # INC-42 typos fixed


def test_oficinas_y_procedencia(cap7, publicado, publicado_pct, informe):
    assert re.search(rf"Lima brindó el {publicado_pct('29%')} \({publicado('1,066')}\)", cap7)
    assert re.search(
        rf"{publicado('1,031')} \({publicado_pct('61%')}\) son egresados de establecimiento de medio libre",
        cap7,
    )
    assert re.search(
        rf"{publicado('655')} \({publicado_pct('39%')}\) son egresados de establecimiento penitenciario", cap7
    )
    # the unconfirmed assignment is a note of the quality report, not a production note in print
    assert "reconstruyó" not in cap7 and "reporte de calidad" not in cap7
    calidad = informe.calidad.read_text(encoding="utf-8")
    assert "app_servicios_oficina" in calidad and "confírmela con la fuente" in calidad


def test_charlas_y_monitoreo(cap7, publicado):
    assert f"{publicado('3,422')} personas recibieron charlas de inducción" in cap7
    assert f"se monitoreó a {publicado('1,009')} usuarios" in cap7
    assert "febrero 2024 (479)" in cap7 and "octubre 2024 (158)" in cap7


def test_cierre_incluye_medio_libre(cap7, publicado):
    """INC-41: the closing paragraph left out people released from Medio Libre."""
    publicado("una condena en un Establecimiento")
    assert "en un establecimiento penitenciario o en un establecimiento de medio libre" in cap7
