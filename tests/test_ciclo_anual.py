"""A year in the suite: the monthly cycle from 2025-01 to 2025-12 on a copy of the project.

Each month runs as the README says, through the CLI: `plantilla --periodo`, a generated fill
of the workbook (tests/llenado.py: consistent, derived from the previous period), `importar`.
Then January, a quarter end (June) and December 2025 build — once each per session (the
fixtures are in conftest.py, shared with test_ingreso) — and December prints the annual
chapters, Chapter III included, from 2025's data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import MESES_2025, RAIZ, texto_capitulo

from inpe_informe.capitulos import revisar
from inpe_informe.libro import tablas_del_mes
from inpe_informe.load import cargar_carpeta
from inpe_informe.periods import Periodo
from inpe_informe.schema import leer_esquemas
from inpe_informe.validate import ERROR, validar

MESES = MESES_2025


def _consistencia(datos) -> set[str]:
    """Every identity, sum and chapter consistency finding of data/ (as text)."""
    esquemas = leer_esquemas(datos)
    tablas, hallazgos = validar(cargar_carpeta(datos, esquemas, datos.parent))
    hallazgos += revisar(tablas, esquemas)
    return {h.texto() for h in hallazgos if h.severidad == ERROR or h.consistencia}


def test_cada_mes_carga_las_tablas_que_le_tocan(anio_2025):
    raiz, salidas = anio_2025
    esquemas = leer_esquemas(raiz / "data")
    for mes in MESES:
        # optional tables (phases, capacity by prison) stay blank in a generated month: not imported
        hojas = len([e for e in tablas_del_mes(esquemas, Periodo.parse(mes)) if not e.opcional])
        assert f"Importado {mes}: {hojas} tabla(s)" in salidas[mes], salidas[mes]
    # quarterly tables in March, June, September and December; annual ones in December
    assert [len(tablas_del_mes(esquemas, Periodo.parse(m))) for m in ("2025-02", "2025-03", "2025-12")] == [
        29,
        31,
        57,
    ]
    nacional = pd.read_csv(raiz / "data/cap1/poblacion_regimen_nacional.csv", dtype=str)
    assert [m for m in nacional["periodo"] if m.startswith("2025")] == MESES
    consulta = pd.read_csv(raiz / "data/cap3/salud_consulta_externa.csv", dtype=str)
    assert sorted(set(consulta.loc[consulta["anio"] == "2025", "trimestre"])) == ["1", "2", "3", "4"]
    for esquema in esquemas.values():
        if esquema.frecuencia == "anual" and not esquema.opcional:
            marco = pd.read_csv(raiz / "data" / esquema.archivo, dtype=str)
            columna = "anio" if "anio" in esquema.clave else "periodo"
            assert marco[columna].str.startswith("2025").any(), f"{esquema.tabla} sin filas de 2025"


def test_las_ordenes_sugeridas_nombran_archivos_que_existen(anio_2025):
    """`plantilla` names the workbook where it is and this Python; `importar` names the next build."""
    raiz, salidas = anio_2025
    orden = next(linea for linea in salidas["2025-03"].splitlines() if linea.startswith("Llénelo"))
    python, script, accion, libro = orden.split(": ", 1)[1].split()
    assert accion == "importar" and libro.endswith("plantilla-2025-03.xlsx")
    assert all(Path(r).exists() for r in (python, script, libro)), orden
    assert Path(script).resolve() == (raiz / "build_report.py").resolve()  # the project's own entry point
    assert f"Siguiente paso: {python} {script} --periodo 2025-03" in salidas["2025-03"]


def test_el_anio_generado_cumple_cada_identidad_suma_y_regla(anio_2025):
    """The twelve generated months add no identity, sum or chapter-rule finding to data/'s own (2024's)."""
    raiz, _salidas = anio_2025
    assert _consistencia(raiz / "data") == _consistencia(RAIZ / "data")


def test_enero_junio_y_diciembre_se_generan(anio_2025, enero_2025, junio_2025, diciembre_2025):
    from pypdf import PdfReader

    raiz, _salidas = anio_2025
    for resultado, mes in (
        (enero_2025, "enero 2025"),
        (junio_2025, "junio 2025"),
        (diciembre_2025, "diciembre 2025"),
    ):
        assert resultado.pdf.exists() and resultado.pdf.stat().st_size > 100_000
        portada = PdfReader(str(resultado.pdf)).pages[0].extract_text()
        assert mes in " ".join(portada.lower().split()), portada
    # a quarter end prints the quarters it closes: consulta externa of the II quarter 2025 in June
    consulta = pd.read_csv(raiz / "data/cap3/salud_consulta_externa.csv")
    segundo = consulta[(consulta["anio"] == 2025) & (consulta["trimestre"] == 2)]["atenciones_total"].sum()
    assert f"{int(segundo):,}" in texto_capitulo(junio_2025.pdf, 3)


def _anual(raiz, tabla: str, columna: str, anio: int) -> int:
    marco = pd.read_csv(raiz / "data" / tabla, dtype={"anio": int})
    return int(marco.loc[marco["anio"] == anio, columna].sum())


@pytest.mark.parametrize(
    "capitulo, tabla, columna",
    [
        (3, "cap3/salud_tb_ep.csv", "total_casos"),
        (3, "cap3/salud_vih_ep.csv", "pvvs"),
        (3, "cap3/salud_sis_afiliacion_anual.csv", "afiliados_sis"),
        (3, "cap3/salud_tele_ep.csv", "total_beneficiados"),
        (5, "cap5/intramuros_atendidos_ep.csv", "atendidos"),
        (6, "cap6/reinsercion_laboral_eml.csv", "insertados"),
        (6, "cap6/megacampanas.csv", "participantes"),
        (7, "cap7/app_servicios.csv", "cantidad"),
    ],
)
def test_diciembre_imprime_las_cifras_anuales_de_2025(
    anio_2025, capitulos_diciembre_2025, capitulo, tabla, columna
):
    """December's edition prints the annual chapters, Chapter III included, from the year's own data."""
    raiz, _salidas = anio_2025
    de_2025, de_2024 = _anual(raiz, tabla, columna, 2025), _anual(raiz, tabla, columna, 2024)
    assert de_2025 != de_2024, "the generated year must differ from 2024 for this test to mean anything"
    texto = capitulos_diciembre_2025[capitulo]
    assert f"{de_2025:,}" in texto, (
        f"{tabla}.{columna} de 2025 = {de_2025:,} no figura en el capítulo {capitulo}"
    )
