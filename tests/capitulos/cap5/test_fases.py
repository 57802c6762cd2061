"""DEVIDA by intervention phase: an optional table that draws its chart as soon as it has the month's rows.

data/ has no phase counts (the 2024 edition's phase graphic carries no legible figures), so 2024-12
prints a reader note; a copy of data/ whose phase rows split the month's DEVIDA participants (made
here from Chapter V's monthly table, never typed) prints the sentence and the chart instead.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pandas as pd
import pytest
from conftest import copia_del_proyecto, normalizar, vista_de_capitulo

from inpe_informe.capitulos.cap5.cifras import ORDEN_FASES, fases_devida
from inpe_informe.periods import Periodo

NOTA = "no se dispone de la distribución de los participantes por fase de intervención"
TITULO = "Participantes del programa PPTCD - DEVIDA por fase de intervención"
DIC = Periodo.parse("2024-12")


def test_fases_en_su_orden_con_cuotas_y_la_mayor():
    marco = pd.DataFrame(
        {
            "periodo": [DIC] * 4 + [DIC.mas(-1)],
            "fase": [*ORDEN_FASES, "ADAPTACION"],
            "internos": [1, 5, 3, 1, 99],
        }
    )
    f = fases_devida(marco, DIC)
    assert [x["clave"] for x in f["fases"]] == ORDEN_FASES
    assert f["total"] == 10 and f["mayor"]["clave"] == "MOTIVACION"
    assert [x["porcentaje"] for x in f["fases"]] == [
        Decimal("10.0"),
        Decimal("50.0"),
        Decimal("30.0"),
        Decimal("10.0"),
    ]
    assert fases_devida(marco, Periodo.parse("2024-10")) is None
    assert fases_devida(None, DIC) is None


def test_sin_datos_de_fases_el_lector_lee_una_nota(texto):
    assert normalizar(NOTA) in texto
    assert normalizar(TITULO) not in texto


@pytest.fixture(scope="module")
def capitulo_5_con_fases(tmp_path_factory) -> tuple[str, int]:
    """Chapter V's HTML preview of 2024-12 from a copy of data/ with DEVIDA's participants by phase."""
    raiz = copia_del_proyecto(tmp_path_factory.mktemp("fases"))
    mensual = pd.read_csv(raiz / "data/cap5/intramuros_atendidos_mes.csv", dtype={"periodo": str})
    devida = int(mensual.query("periodo == '2024-12' and programa == 'DEVIDA'")["atendidos"].iloc[0])
    # the month's participants split across the four phases, most of them in treatment
    partes = [devida // 5, devida // 4, 0, devida // 6]
    partes[2] = devida - sum(partes)
    pd.DataFrame({"periodo": "2024-12", "fase": ORDEN_FASES, "internos": partes}).to_csv(
        raiz / "data/cap5/intramuros_devida_fases.csv", index=False
    )
    return vista_de_capitulo(raiz, 5), devida


def test_con_las_fases_del_mes_aparecen_la_frase_y_el_grafico(capitulo_5_con_fases):
    pagina, devida = capitulo_5_con_fases
    texto = normalizar(re.sub(r"<[^>]+>", " ", html.unescape(pagina)))
    assert NOTA not in texto
    assert (
        f"de los {devida:,} participantes del programa, la fase con más internos es la de tratamiento"
        in texto
    )
    alternativas = [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', pagina)]
    assert any(a.startswith(TITULO) for a in alternativas), alternativas
