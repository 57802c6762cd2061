"""Monthly intake: blank workbook, import with every problem at once, all-or-nothing merge, back-test."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAIZ
from openpyxl import load_workbook

from inpe_informe import backtest
from inpe_informe.errors import DatosError
from inpe_informe.intake import HOJAS_QUE_FALTAN, escribir_plantilla, importar
from inpe_informe.libro import tablas_del_mes
from inpe_informe.periods import Periodo
from inpe_informe.schema import leer_esquemas

FIXTURE_LO = RAIZ / "tests/fixtures/libro_libreoffice_2025-01.xlsx"
ENERO = Periodo.parse("2025-01")


def _fixture():
    """The LibreOffice workbook as a person would re-save it: formulas replaced by their values.

    (openpyxl drops cached formula values when it saves, which the import rightly rejects.)
    """
    return load_workbook(FIXTURE_LO, data_only=True)


def _huella(carpeta: Path) -> str:
    """Hash of every file under data/: proves an import left it untouched."""
    h = hashlib.sha256()
    for ruta in sorted(carpeta.rglob("*")):
        if ruta.is_file():
            h.update(str(ruta.relative_to(carpeta)).encode() + ruta.read_bytes())
    return h.hexdigest()


@pytest.fixture
def proyecto(tmp_path):
    """A private copy of the project's data, templates and config."""
    for nombre in ("data", "templates"):
        shutil.copytree(RAIZ / nombre, tmp_path / nombre)
    shutil.copy(RAIZ / "config.yaml", tmp_path)
    return tmp_path


def test_plantilla_tiene_una_hoja_por_tabla_con_claves_y_validaciones(tmp_path):
    libro = load_workbook(escribir_plantilla(RAIZ / "data", ENERO, tmp_path / "p.xlsx"))
    esquemas = leer_esquemas(RAIZ / "data")
    esperadas = [e.tabla for e in tablas_del_mes(esquemas, ENERO)]
    assert libro.sheetnames[0] == "LEAME"
    assert [n for n in libro.sheetnames if n in esquemas] == esperadas
    assert not any(n.endswith("_impreso") for n in libro.sheetnames)
    ep = libro["poblacion_regimen_ep"]
    codigos = [c.value for c in ep["B"][1:]]
    referencia = pd.read_csv(RAIZ / "data/referencia/establecimientos.csv", dtype=str)
    con_poblacion = pd.read_csv(RAIZ / "data/cap1/poblacion_regimen_ep.csv", dtype=str)
    assert set(codigos) == set(con_poblacion["codigo_ep"]) and set(codigos) <= set(referencia["codigo"])
    assert {c.value for c in ep["A"][1:]} == {"2025-01"}
    tipos = {v.type for v in ep.data_validations.dataValidation}
    assert "whole" in tipos
    ayuda = " ".join(str(c.value) for fila in libro["LEAME"].iter_rows() for c in fila if c.value)
    assert "poblacion_regimen_ep" in ayuda and esquemas["poblacion_regimen_ep"].descripcion[:30] in ayuda


def test_libro_guardado_por_libreoffice_se_importa(proyecto):
    """A workbook saved by a real spreadsheet program (formulas with cached values) imports."""
    r = importar(proyecto / "data", FIXTURE_LO)
    assert r.periodo == Periodo(2025, 1)
    assert set(r.tablas) == {
        "poblacion_regimen_nacional",
        "poblacion_regimen_oficina",
        "poblacion_regimen_ep",
    }
    nacional = pd.read_csv(proyecto / "data/cap1/poblacion_regimen_nacional.csv", dtype=str).set_index(
        "periodo"
    )
    assert nacional.loc["2025-01", "total_general"] == nacional.loc["2024-12", "total_general"]
    # a partial workbook: the month's other sheets are named as a warning, nothing else
    assert list(r.grupos) == [HOJAS_QUE_FALTAN] and "asistencia_mensual" in r.grupos[HOJAS_QUE_FALTAN][0]


@pytest.mark.parametrize(
    "caso, editar, mensaje",
    [
        (
            "texto en número",
            lambda wb: wb["poblacion_regimen_nacional"].__setitem__("C2", "85 726"),
            r"poblacion_regimen_nacional.*celda C2.*85 726.*sin separador de miles",
        ),
        (
            "fórmula sin valor",
            lambda wb: wb["poblacion_regimen_nacional"].__setitem__("D2", "=E2*2"),
            r"celda D2: la fórmula «=E2\*2» no tiene valor calculado",
        ),
        (
            "celdas combinadas",
            lambda wb: wb["poblacion_regimen_oficina"].merge_cells("C3:D3"),
            r"poblacion_regimen_oficina», celdas C3:D3: están combinadas",
        ),
        (
            "hoja oculta",
            lambda wb: setattr(wb["poblacion_regimen_ep"], "sheet_state", "hidden"),
            r"hoja «poblacion_regimen_ep»: está oculta",
        ),
        (
            "otro mes",
            lambda wb: wb["poblacion_regimen_ep"].__setitem__("A5", "2025-02"),
            r"periodo «2025-02» distinto del mes del libro \(2025-01\)",
        ),
        (
            "columna que falta",
            lambda wb: wb["poblacion_regimen_nacional"].delete_cols(11),
            r"faltan las columnas periodo_observacion",
        ),
        (
            "código desconocido",
            lambda wb: wb["poblacion_regimen_ep"].__setitem__("B2", "TUMBEZ"),
            r"celda B2: código de establecimiento «TUMBEZ» desconocido",
        ),
        (
            "negativo",
            lambda wb: wb["poblacion_regimen_ep"].__setitem__("D4", -3),
            r"celda D4: valor «-3»: un conteo no puede ser negativo",
        ),
    ],
)
def test_libro_defectuoso_se_rechaza_sin_tocar_data(proyecto, caso, editar, mensaje):
    wb = _fixture()
    editar(wb)
    roto = proyecto / "roto.xlsx"
    wb.save(roto)
    antes = _huella(proyecto / "data")
    with pytest.raises(DatosError, match=mensaje) as exc:
        importar(proyecto / "data", roto)
    assert "no se modificó data/" in str(exc.value) or "no se modificó nada" in str(exc.value), caso
    assert _huella(proyecto / "data") == antes, f"{caso}: data/ cambió"


def test_varios_problemas_se_informan_juntos(proyecto):
    wb = _fixture()
    wb["poblacion_regimen_nacional"]["C2"] = "abc"
    wb["poblacion_regimen_ep"]["B2"] = "NADIE"
    wb["poblacion_regimen_oficina"].merge_cells("C3:D3")
    wb.save(proyecto / "roto.xlsx")
    with pytest.raises(DatosError) as exc:
        importar(proyecto / "data", proyecto / "roto.xlsx")
    texto = str(exc.value)
    lineas = [linea for linea in texto.splitlines() if linea.startswith("  - ")]
    assert f"{len(lineas)} problema(s)" in texto
    for esperado in (
        "celda C2: valor «abc»",
        "«NADIE» desconocido",
        "celdas C3:D3: están combinadas",
        "celda D3: celda vacía",
    ):
        assert any(esperado in linea for linea in lineas), (esperado, texto)


def test_filas_vacias_al_final_y_hojas_ajenas_se_toleran(proyecto):
    wb = _fixture()
    wb["poblacion_regimen_ep"]["A200"] = "   "
    wb.create_sheet("notas del digitador")["A1"] = "revisado"
    wb.save(proyecto / "libro.xlsx")
    r = importar(proyecto / "data", proyecto / "libro.xlsx")
    assert "notas del digitador" in r.ignoradas and r.filas["poblacion_regimen_ep"] == 68


def test_reimportar_exige_reemplazar_y_muestra_los_cambios(proyecto):
    importar(proyecto / "data", FIXTURE_LO)
    antes = _huella(proyecto / "data")
    with pytest.raises(DatosError, match=r"El mes 2025-01 ya está en data/.*--reemplazar"):
        importar(proyecto / "data", FIXTURE_LO)
    assert _huella(proyecto / "data") == antes
    wb = _fixture()
    fila = next(f for f in wb["poblacion_regimen_ep"].iter_rows(min_row=2) if f[1].value == "TUMBES")
    anterior = fila[11].value
    fila[11].value = anterior + 7
    wb.save(proyecto / "corregido.xlsx")
    # a correction that breaks Tumbes' total is refused now (it was a warning), data/ untouched
    with pytest.raises(DatosError, match=r"celda C\d+: no se cumple total_general"):
        importar(proyecto / "data", proyecto / "corregido.xlsx", reemplazar=True)
    assert _huella(proyecto / "data") == antes
    # the same correction carried to every total (E.P., office NORTE, nation) is listed cell by cell
    fila[2].value += 7
    for hoja, clave in (("poblacion_regimen_oficina", "NORTE"), ("poblacion_regimen_nacional", "2025-01")):
        total = next(f for f in wb[hoja].iter_rows(min_row=2) if clave in (f[0].value, f[1].value))
        total[-10].value += 7
        total[-1].value += 7
    wb.save(proyecto / "corregido.xlsx")
    r = importar(proyecto / "data", proyecto / "corregido.xlsx", reemplazar=True)
    assert any(
        "TUMBES" in c and f"periodo_observacion {anterior} → {anterior + 7}" in c for c in r.cambios
    ), r.cambios
    ep = pd.read_csv(proyecto / "data/cap1/poblacion_regimen_ep.csv", dtype=str)
    assert (ep["periodo"] == "2025-01").sum() == 68, "a replaced month must not be duplicated"


def test_comparacion_y_saltos():
    def documento(periodo, cifras, ventana="ventana 2024-01–2024-12"):
        return {"periodo": periodo, "ventanas": {"cap1": ventana}, "cifras": cifras}

    anteriores = {"cap1.a": 100, "cap1.b": 1000, "cap1.c": 10, "cap1.d": 5, "cap1.serie.2024-03.x": 7}
    actuales = {"cap1.a": 100, "cap1.b": 1400, "cap1.c": 30, "cap1.e": 1, "cap1.serie.2024-03.x": 8}
    c = backtest.comparar(documento("2024-12", anteriores), documento("2024-12", actuales))
    assert (
        [k for k, *_ in c["cambiadas"]] == ["cap1.b", "cap1.c", "cap1.serie.2024-03.x"]
        and c["cambiadas"][0] == ("cap1.b", "2024-12 (ventana 2024-01–2024-12)", 1000, 1400)
        and c["nuevas"] == ["cap1.e"]
        and c["retiradas"] == ["cap1.d"]
        and c["no_comparables"] == 0
    )
    saltos = backtest.saltos_en_cifras(c["cambiadas"], umbral=0.3, minimo=50)
    assert [s.donde for s in saltos] == ["cap1.b"] and round(saltos[0].relativo, 2) == 0.4
    assert not backtest.es_salto(1000, 1300, 0.3, 50)
    # another month, or the same month within another window: only figures of the same month compare
    enero = backtest.comparar(documento("2024-12", anteriores), documento("2025-01", actuales))
    assert [k for k, *_ in enero["cambiadas"]] == ["cap1.serie.2024-03.x"] and enero["no_comparables"] == 3
    ventana = documento("2024-12", actuales, "ventana 2024-02–2024-12")
    assert backtest.comparar(documento("2024-12", anteriores), ventana)["no_comparables"] == 3


def test_ciclo_mensual_plantilla_importar_informe_con_salto(anio_2025, enero_2025):
    """plantilla → fill → importar → build for a synthetic 2025-01; an injected jump reaches the QA report.

    The month is the first of the shared generated year (conftest.anio_2025): Piura's rco_maxima
    × 4 (~441 → ~1,764), carried by the generator to every total; built with --comparar-con 2024-12.
    """
    from pypdf import PdfReader

    raiz, salidas = anio_2025
    hojas = len([e for e in tablas_del_mes(leer_esquemas(raiz / "data"), ENERO) if not e.opcional])
    assert f"Importado 2025-01: {hojas} tabla(s)" in salidas["2025-01"]
    assert "(codigo_ep=PIURA): rco_maxima pasa de" in salidas["2025-01"]  # a warning at import time
    resultado = enero_2025
    texto = " ".join(p.extract_text() for p in PdfReader(str(resultado.pdf)).pages[:2])
    assert "enero 2025" in " ".join(texto.lower().split())
    calidad = resultado.calidad.read_text(encoding="utf-8")
    assert "poblacion_regimen_ep (codigo_ep=PIURA)</td><td>rco_maxima" in calidad
    saltos = resultado.revision["saltos_datos"]
    # the jump reaches Piura's totals too: an import now refuses totals that do not add up
    assert {(s.donde, s.columna) for s in saltos if "PIURA" in s.donde} == {
        ("poblacion_regimen_ep (codigo_ep=PIURA)", c) for c in ("rco_maxima", "total_rco", "total_general")
    }
    comparacion = resultado.revision["comparacion"]
    assert comparacion["archivo"].endswith("informe-tratamiento-2024-12-cifras.json")
    # January's Piura figures are not December's: not comparable, so not listed as changed
    assert not any("PIURA" in k for k, *_ in comparacion["cambiadas"]) and comparacion["no_comparables"]
