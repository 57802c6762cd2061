"""Elements of the 2024 edition restored from data/: Chapter IV's works / studies / neither donuts
(total and by sex) and the PIM and PTI quarterly charts of Chapter II.

A chart's text alternative (its alt text in the HTML edition) lists what it draws, so the drawn
values are read back from there and compared with the published figures (seed) or with sums made
here from data/ with pandas.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from conftest import RAIZ


@pytest.fixture(scope="module")
def alternativas(informe) -> dict[str, str]:
    """Alt text of every chart of the 2024-12 HTML edition, by the title it starts with."""
    pagina = informe.pdf.with_suffix(".html").read_text(encoding="utf-8")
    textos = [html.unescape(m.group(1)) for m in re.finditer(r'<img [^>]*alt="([^"]*)"', pagina)]
    return {t.split(",")[0]: t for t in textos}


def _miles(n: int) -> str:
    return f"{n:,}"


@pytest.mark.parametrize(
    "titulo, cifras",
    [
        ("Población penitenciaria que trabaja", ["28,101", "16,387", "54,960"]),
        ("Hombres privados de libertad que trabajan", ["25,852", "14,642", "53,768"]),
        ("Mujeres privadas de libertad que trabajan", ["1,745", "1,192"]),
    ],
)
def test_donas_trabaja_estudia_ni_con_las_cifras_publicadas(alternativas, publicado, titulo, cifras):
    [alt] = [t for k, t in alternativas.items() if k.startswith(titulo)]
    for cifra in cifras:
        assert f"({publicado(cifra)})" in alt, (cifra, alt)
    assert "Ni trabaja ni estudia (mínimo)" in alt


@pytest.mark.parametrize(
    "programa, titulo, columna, series",
    [
        (
            "pim",
            "Atenciones en el Programa de Intervención Multidisciplinaria",
            "servicio",
            {"PSICOLOGIA": "Psicología", "SOCIAL": "Social", "LEGAL": "Legal"},
        ),
        (
            "pti",
            "Atenciones en el Programa de Tratamiento Individualizado",
            "situacion_juridica",
            {"PROCESADO": "Procesados", "SENTENCIADO": "Sentenciados"},
        ),
    ],
)
def test_graficos_trimestrales_suman_los_meses(alternativas, programa, titulo, columna, series):
    [alt] = [t for k, t in alternativas.items() if k.startswith(titulo)]
    marco = pd.read_csv(RAIZ / f"data/cap2/{programa}_mensual.csv", dtype={"periodo": str})
    marco = marco[marco["periodo"].str.startswith("2024")]
    marco = marco.assign(trimestre=(marco["periodo"].str[5:7].astype(int) - 1) // 3 + 1)
    sumas = marco.groupby([columna, "trimestre"])["atenciones"].sum()
    for codigo, nombre in series.items():
        esperado = ", ".join(f"Trimestre {q} {_miles(int(sumas[(codigo, q)]))}" for q in range(1, 5))
        assert f"{nombre}: {esperado}" in alt, (nombre, esperado, alt)
