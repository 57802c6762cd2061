"""Chapter VII in the English edition: English wording, the same computed figures as the Spanish edition."""

import re

import pytest
import yaml
from conftest import restos_en_espanol, texto_capitulo, textos_del_capitulo_sin_traducir

from inpe_informe.i18n import _leer_po, carpeta_catalogos

PLANTILLAS = __import__("pathlib").Path(__file__).resolve().parents[3] / "templates"


@pytest.fixture(scope="module")
def capitulo_en(informe_en):
    return texto_capitulo(informe_en.pdf, 7)


def test_capitulo_7_sin_restos_en_espanol(capitulo_en):
    restos = restos_en_espanol(capitulo_en, ("Instituto Nacional Penitenciario", "Unidad de Estadística"))
    assert not restos, restos


def test_titulos_en_ingles(capitulo_en):
    assert "Post-Penitentiary Assistance" in capitulo_en
    assert "Asistencia Post Penitenciaria" not in capitulo_en


def test_servicios_y_usuarios_en_ingles(capitulo_en, publicado):
    assert (
        f"{publicado('3,618')} legal, psychological and social services were provided, serving a total of "
        f"{publicado('1,686')} users"
    ) in capitulo_en


def test_servicios_por_tipo_en_ingles(capitulo_en, publicado, publicado_pct):
    for tipo, valor, pct in [
        ("legal", "1,395", "39%"),
        ("psychological", "1,172", "32%"),
        ("social", "1,051", "29%"),
    ]:
        assert re.search(rf"{tipo} with {publicado(valor)} \({publicado_pct(pct)}\)", capitulo_en), tipo


def test_servicios_especificos_en_ingles(capitulo_en, publicado, publicado_pct):
    assert re.search(
        rf"expungement of criminal records with {publicado('1,043')} consultations \({publicado_pct('29%')} of the total\)",
        capitulo_en,
    )
    assert re.search(rf"Legal service 1,395 {publicado_pct('39%')}", capitulo_en)
    assert "Case file follow-up 11 0.3%" in capitulo_en


def test_oficinas_y_procedencia_en_ingles(capitulo_en, publicado, publicado_pct):
    assert re.search(
        rf"the Lima Regional Office provided {publicado_pct('29%')} \({publicado('1,066')}\)", capitulo_en
    )
    assert re.search(
        rf"{publicado('1,031')} \({publicado_pct('61%')}\) were released from a non-custodial establishment",
        capitulo_en,
    )
    assert re.search(
        rf"{publicado('655')} \({publicado_pct('39%')}\) were released from a prison", capitulo_en
    )


def test_meses_de_los_graficos_y_frases_en_ingles(capitulo_en):
    assert "the month with the most participants was" in capitulo_en
    assert " DIC-24" not in capitulo_en


def test_nombres_de_servicios_traducibles():
    """Every specific service name printed from data has an English entry."""
    import csv

    listados = yaml.safe_load(
        (PLANTILLAS / "capitulos" / "cap7" / "etiquetas.yaml").read_text(encoding="utf-8")
    )["cap7_traducibles"]
    datos = PLANTILLAS.parent / "data" / "cap7" / "app_servicios.csv"
    with open(datos, encoding="utf-8") as fh:
        nombres = {f["nombre"] for f in csv.DictReader(fh)}
    assert nombres <= set(listados)
    catalogo = _leer_po(carpeta_catalogos(PLANTILLAS) / "cap7.po")
    assert all(catalogo.get(n) for n in nombres)


def test_sin_textos_del_capitulo_sin_traducir(informe_en, informe):
    """No string of this chapter lacks its English: not a catalog entry, not a name printed from data,
    and no English text looked up a second time (a Spanish-only argument passed through _() first)."""
    faltan = textos_del_capitulo_sin_traducir(informe_en, informe, 7)
    assert not faltan, faltan
