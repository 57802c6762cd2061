"""End to end, Chapter VII: Asistencia Post Penitenciaria figures read back from the PDF."""

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


def test_servicios_por_tipo(cap7, publicado):
    for tipo, valor, pct in (
        ("legal", "1,395", "39%"),
        ("psicológico", "1,172", "32%"),
        ("social", "1,051", "29%"),
    ):
        publicado(valor)
        publicado(pct)
        assert f"{tipo} con {valor} ({pct})" in cap7


def test_servicios_especificos_mas_solicitados(cap7, publicado):
    publicado("La anulación de Antecedentes con 1,043 atenciones, que ocupa un 29%")
    assert "anulación de antecedentes con 1,043 atenciones (29% del total)" in cap7
    assert "orientación y consejería psicológica con 1,015 atenciones (28% del total)" in cap7
    assert "orientación y consejería social y familiar con 732 atenciones (20% del total)" in cap7


def test_cuadro_de_servicios(cap7, publicado):
    publicado("0.3%")
    assert "Seguimiento de expedientes 11 0.3%" in cap7
    assert "Servicio legal 1,395 39%" in cap7
    assert "conserjería" not in cap7 and "Otros Otros" not in cap7  # INC-42 typos fixed


def test_oficinas_y_procedencia(cap7, publicado, informe):
    assert f"Lima brindó el 29% ({publicado('1,066')})" in cap7
    assert f"{publicado('1,031')} (61%) son egresados de establecimiento de medio libre" in cap7
    assert f"{publicado('655')} (39%) son egresados de establecimiento penitenciario" in cap7
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
