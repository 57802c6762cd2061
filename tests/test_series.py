"""Series charts that grow with their input (TB from 2013, HIV from 2016, overcrowding by office and prison).

data/ holds the TB and HIV series only for the last years and no capacity by prison, so in 2024-12 the
TB series and the overcrowding charts carry a reader note. They draw themselves once their tables have
what they need: the generated year 2025 (tests/llenado.py, the session's `diciembre_2025`) adds a
second year to both series, and a copy of data/ with capacity by prison (made here from Chapter I's
population, never typed) brings the overcrowding charts.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from conftest import RAIZ, copia_del_proyecto, normalizar, vista_de_capitulo

from inpe_informe.capitulos.cap3.cifras_salud import MINIMO_SERIE, serie_anual

TITULO_TB = "Evolución anual de los casos de tuberculosis"
TITULO_VIH = "Evolución anual de las personas viviendo con VIH (PVVS) y en tratamiento TARGA"
NOTA_SERIE = "no se dispone de las cifras de años anteriores para presentar la serie anual"
TITULO_EP = "Establecimientos penitenciarios con mayor sobrepoblación"
NOTA_CAPACIDAD = "no se dispone de la capacidad de albergue por oficina regional ni por establecimiento"


def _anual(filas):
    return pd.DataFrame(filas, columns=["anio", "total_casos", "casos_sensible"])


def test_serie_anual_toma_los_anios_seguidos_hasta_el_del_informe():
    anual = _anual([(2020, 10, 8), (2021, None, None), (2022, 30, None), (2023, 40, 35), (2024, 999, 999)])
    serie = serie_anual(
        anual, 2024, {"total_casos": 50, "casos_sensible": 45}, ["total_casos", "casos_sensible"]
    )
    # 2021 breaks the run; the report year comes from the E.P. totals, not the annual table's own row
    assert [p["anio"] for p in serie] == [2022, 2023, 2024]
    assert [p["total_casos"] for p in serie] == [30, 40, 50]
    assert serie[0]["casos_sensible"] is None


def test_serie_anual_sin_anios_previos_no_dibuja():
    anual = _anual([(2023, None, 2938), (2024, 4052, 3508)])
    assert serie_anual(anual, 2024, {"total_casos": 4052, "casos_sensible": 3508}, ["total_casos"]) is None
    assert MINIMO_SERIE == 2


def _cifras(construccion) -> dict:
    archivo = construccion.pdf.with_name(construccion.pdf.stem + "-cifras.json")
    return json.loads(archivo.read_text("utf-8"))["cifras"]  # {periodo, ventanas, cifras}


def test_2024_serie_de_tb_con_nota_y_vih_con_grafico(informe, texto):
    cifras = _cifras(informe)
    assert normalizar(NOTA_SERIE) in texto  # TB: data/ has no 2023 total
    assert normalizar(TITULO_TB) not in texto and "cap3.tuberculosis.serie.0.anio" not in cifras
    assert normalizar(TITULO_VIH) in texto  # HIV: 2023 and 2024 are in data/
    assert [cifras[f"cap3.vih.serie.{i}.anio"] for i in range(2)] == [2023, 2024]


def test_series_aparecen_con_un_segundo_anio(diciembre_2025, capitulos_diciembre_2025):
    texto = capitulos_diciembre_2025[3]
    cifras = _cifras(diciembre_2025)
    assert normalizar(TITULO_TB) in texto and normalizar(TITULO_VIH) in texto
    assert normalizar(NOTA_SERIE) not in texto
    tb = sorted(k for k in cifras if re.fullmatch(r"cap3\.tuberculosis\.serie\.\d+\.anio", k))
    assert [cifras[k] for k in tb] == [2024, 2025]
    assert cifras["cap3.tuberculosis.serie.1.total_casos"] == cifras["cap3.tuberculosis.total.total_casos"]
    vih = sorted(k for k in cifras if re.fullmatch(r"cap3\.vih\.serie\.\d+\.anio", k))
    assert [cifras[k] for k in vih] == [2023, 2024, 2025]


@pytest.fixture(scope="module")
def capitulo_3_con_capacidad(tmp_path_factory) -> tuple[str, pd.DataFrame]:
    """Chapter III's HTML preview of 2024-12 from a copy of data/ that has capacity by prison."""
    raiz = copia_del_proyecto(tmp_path_factory.mktemp("capacidad"))
    poblacion = pd.read_csv(raiz / "data/cap1/poblacion_regimen_ep.csv", dtype={"periodo": str})
    dic = poblacion[poblacion["periodo"] == "2024-12"].reset_index(drop=True)
    # every other prison over capacity by a different margin, the rest under it
    factor = [0.5 + 0.05 * (i % 9) if i % 2 == 0 else 1.3 for i in range(len(dic))]
    capacidad = pd.DataFrame(
        {
            "anio": 2024,
            "codigo_ep": dic["codigo_ep"],
            "capacidad_albergue": [max(1, round(p * f)) for p, f in zip(dic["total_general"], factor)],
        }
    )
    capacidad.to_csv(raiz / "data/cap3/salud_capacidad_ep.csv", index=False)
    return vista_de_capitulo(raiz, 3), dic.merge(capacidad, on="codigo_ep")


def test_sobrepoblacion_por_oficina_y_establecimiento_con_capacidad(capitulo_3_con_capacidad, texto):
    pagina, datos = capitulo_3_con_capacidad
    assert normalizar(NOTA_CAPACIDAD) in texto  # 2024-12 from data/: no capacity by prison
    assert NOTA_CAPACIDAD not in pagina
    alternativas = {
        html.unescape(m.group(1)).split(",")[0]: html.unescape(m.group(0))
        for m in re.finditer(r'alt="([^"]*)"', pagina)
    }
    assert "Sobrepoblación por oficina regional" in alternativas
    assert TITULO_EP in alternativas
    # the chart ranks prisons by overcrowding: the first is the one the data says
    datos = datos.assign(
        sobre=(datos["total_general"] - datos["capacidad_albergue"]) / datos["capacidad_albergue"]
    )
    primero = datos.sort_values("sobre", ascending=False).iloc[0]
    nombres = pd.read_csv(RAIZ / "data/referencia/establecimientos.csv").set_index("codigo")["nombre"]
    corto = re.sub(r"^E\. ?P\. (de )?", "", nombres[primero["codigo_ep"]])
    lista = alternativas[TITULO_EP].split(":", 1)[1]
    assert lista.strip().startswith(corto), (corto, lista[:200])
