"""The period is one type all the way through: Periodo in the typed tables, 'AAAA-MM' text only on disk."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import RAIZ

from inpe_informe.config import leer_config
from inpe_informe.fusion import csv_de
from inpe_informe.load import cargar_carpeta
from inpe_informe.periods import Periodo
from inpe_informe.prepare import cargar_y_validar
from inpe_informe.schema import leer_esquemas
from inpe_informe.validate import validar

NOV, DIC, ENE = Periodo(2024, 11), Periodo(2024, 12), Periodo(2025, 1)


def _columnas_periodo(esquema) -> list[str]:
    return [c.nombre for c in esquema.columnas if c.tipo == "periodo"]


@pytest.fixture(scope="module")
def datos():
    """data/'s schemas, raw tables (text) and typed tables, read as a build reads them."""
    esquemas = leer_esquemas(RAIZ / "data")
    crudas = cargar_carpeta(RAIZ / "data", esquemas, RAIZ)
    tablas, _hallazgos = validar(crudas)
    return esquemas, crudas, tablas


def test_periodo_en_columnas_de_pandas():
    """Hashable and totally ordered: a pandas object column of Periodo filters, sorts, groups and dedups."""
    marco = pd.DataFrame({"periodo": [ENE, NOV, DIC, DIC], "valor": [1, 2, 3, 4]})
    assert (marco["periodo"] == DIC).tolist() == [False, False, True, True]
    assert (marco["periodo"] <= DIC).tolist() == [False, True, True, True]
    assert marco["periodo"].isin([NOV, ENE]).tolist() == [True, True, False, False]
    assert marco.sort_values("periodo")["periodo"].tolist() == [NOV, DIC, DIC, ENE]
    assert marco.groupby("periodo")["valor"].sum().to_dict() == {NOV: 2, DIC: 7, ENE: 1}
    assert marco["periodo"].drop_duplicates().tolist() == [ENE, NOV, DIC]
    assert (
        marco["periodo"].max() == ENE
        and marco.drop_duplicates("periodo").set_index("periodo").at[NOV, "valor"] == 2
    )
    assert {DIC: "x"}[Periodo.parse("2024-12")] == "x" and len({DIC, Periodo(2024, 12)}) == 1
    assert sorted([ENE, DIC, NOV]) == [NOV, DIC, ENE] and NOV < DIC < ENE and DIC.mas(1) == ENE


@pytest.mark.parametrize(
    "comparar",
    [
        lambda: DIC == "2024-12",
        lambda: "2024-12" == DIC,
        lambda: DIC != "2024-12",
        lambda: DIC < "2025-01",
        lambda: "2024-12" in [NOV, DIC],
    ],
)
def test_periodo_no_se_compara_con_texto(comparar):
    """A leftover 'AAAA-MM' string meeting a Periodo is an error, never a silent mismatch."""
    with pytest.raises(TypeError):
        comparar()


def test_periodo_con_otros_tipos_es_distinto():
    assert DIC != None and DIC != 202412 and (DIC == None) is False  # noqa: E711


def test_tablas_cargadas_solo_tienen_periodos(datos):
    """Every periodo column of every table a build computes from holds Periodo values, and nothing else."""
    esquemas, _crudas, _tablas = datos
    tablas, _hallazgos = cargar_y_validar(leer_config(RAIZ / "config.yaml"))
    revisadas = 0
    for nombre, marco in tablas.items():
        for columna in _columnas_periodo(esquemas[nombre]):
            ajenos = {type(v).__name__ for v in marco[columna] if not isinstance(v, Periodo)}
            assert not ajenos, f"{nombre}.{columna}: valores que no son Periodo ({', '.join(sorted(ajenos))})"
            revisadas += 1
    assert revisadas >= 30  # the monthly tables of the seven chapters


def test_csv_ida_y_vuelta_identico(datos):
    """Text → Periodo → text: writing a table back (fusion.csv_de, as importar does) gives data/'s bytes."""
    esquemas, crudas, tablas = datos
    comparadas = 0
    for nombre, esquema in esquemas.items():
        columnas = _columnas_periodo(esquema)
        if not columnas:
            continue
        marco = crudas[nombre].datos.copy()
        for columna in columnas:
            assert all(isinstance(v, Periodo) for v in tablas[nombre][columna])
            marco[columna] = tablas[nombre][columna].to_numpy()
        ruta = RAIZ / "data" / esquema.archivo
        assert csv_de(marco) == ruta.read_bytes(), f"{esquema.archivo}: la escritura no reproduce el archivo"
        comparadas += 1
    assert comparadas >= 30
