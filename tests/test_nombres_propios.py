"""Registered names (health services, RENIPRESS) are printed in title case with their accents,
never in the register's capitals; the words that change are the editors' (templates/nombres_propios.yaml)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import RAIZ, normalizar

from inpe_informe.filters import nombre_propio

NOMBRES = yaml.safe_load((RAIZ / "templates" / "nombres_propios.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("registrado", "impreso"),
    [
        ("AREA DE SALUD DEL EP RIO NEGRO", "Área de Salud del EP Río Negro"),
        (
            "ESTABLECIMIENTO DE SALUD DIVINO NIÑO JESUS DEL EP-PUNO",
            "Establecimiento de Salud Divino Niño Jesús del EP-Puno",
        ),
        ("PUESTO DE SALUD E.P CHALLAPALCA", "Puesto de Salud E.P Challapalca"),
        ("DE LA SALUD", "De la Salud"),
        ("TOPICO", "Tópico"),
        ("I-2", "I-2"),
    ],
)
def test_nombre_propio(registrado, impreso):
    assert nombre_propio(registrado, NOMBRES) == impreso


def test_sin_lista_de_palabras_solo_cambia_las_mayusculas():
    assert nombre_propio("AREA DE SALUD", None) == "Area De Salud"


def test_el_informe_no_imprime_los_nombres_en_mayusculas(texto):
    """Every registered health-service name of the data reaches the PDF in title case, none in capitals."""
    registro = pd.read_csv(RAIZ / "data" / "cap3" / "salud_ipress_categorizacion.csv")
    en_mayusculas = [n for n in registro["nombre_ipress"] if normalizar(n) in texto]
    assert not en_mayusculas
    impresos = [nombre_propio(n, NOMBRES) for n in registro["nombre_ipress"]]
    leidos = sum(normalizar(n) in texto for n in impresos)
    assert leidos >= 0.9 * len(impresos)  # a long name wrapped in its cell may read back split
