"""The month's workbook: what it asks, and an import that refuses what would be published wrong.

One test per kind of problem: a broken total, a broken cross-table sum, a broken chapter rule
(errors: named by sheet and cell, data/ byte-identical); a jump, an unknown sheet, a sheet
missing from a partial import (warnings); other periods' findings kept out; --reemplazar;
LibreOffice's .ods; .csv and .xls refused with how to save them; the CLI's hints.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import RAIZ
from llenado import llenar
from openpyxl import load_workbook

from inpe_informe.errors import DatosError
from inpe_informe.intake import HOJAS_AJENAS, HOJAS_QUE_FALTAN, NOTAS, OTRAS, SALTOS, importar
from inpe_informe.libro import tablas_del_mes
from inpe_informe.periods import Periodo
from inpe_informe.plantilla import escribir_plantilla
from inpe_informe.schema import leer_esquemas

ENERO = Periodo.parse("2025-01")
TRANSCRIPCION = {"lineas", "confianza", "nota", "orden_publicado", "linea_fuente", "reconstruido", "etiqueta"}


def _huella(carpeta) -> str:
    h = hashlib.sha256()
    for ruta in sorted(carpeta.rglob("*")):
        if ruta.is_file():
            h.update(str(ruta.relative_to(carpeta)).encode() + ruta.read_bytes())
    return h.hexdigest()


@pytest.fixture
def proyecto(tmp_path):
    for nombre in ("data", "templates"):
        shutil.copytree(RAIZ / nombre, tmp_path / nombre)
    for nombre in ("config.yaml", "build_report.py"):
        shutil.copy(RAIZ / nombre, tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def enero(tmp_path_factory):
    """January 2025's workbook, generated once: consistent with data/ as shipped."""
    carpeta = tmp_path_factory.mktemp("libro-enero")
    libro = escribir_plantilla(RAIZ / "data", ENERO, carpeta / "plantilla-2025-01.xlsx")
    return llenar(libro, RAIZ / "data", semilla=17)


def _copia(enero, proyecto, editar=None):
    wb = load_workbook(enero)
    if editar:
        editar(wb)
    ruta = proyecto / "libro-2025-01.xlsx"
    wb.save(ruta)
    return ruta


def _fila(wb, hoja, clave):
    return next(f for f in wb[hoja].iter_rows(min_row=2) if clave in (c.value for c in f))


def _rechazado(proyecto, libro) -> str:
    antes = _huella(proyecto / "data")
    with pytest.raises(DatosError) as error:
        importar(proyecto / "data", libro)
    assert _huella(proyecto / "data") == antes, "a refused workbook must leave data/ byte-identical"
    assert "no se modificó data/" in str(error.value)
    return str(error.value)


def test_un_total_que_no_suma_se_rechaza_con_hoja_celda_y_valores(enero, proyecto):
    def editar(wb):
        _fila(wb, "poblacion_regimen_ep", "TUMBES")[2].value += 10  # C: total_general

    mensaje = _rechazado(proyecto, _copia(enero, proyecto, editar))
    wb = load_workbook(enero)
    partes = sum(_fila(wb, "poblacion_regimen_ep", "TUMBES")[i].value for i in (3, 7, 11))
    assert (
        f"libro-2025-01.xlsx (hoja «poblacion_regimen_ep»), celda C2: no se cumple total_general = total_rco + "
        f"total_rce + periodo_observacion: total_general = {partes + 10:,} pero total_rco + total_rce + "
        f"periodo_observacion = {partes:,} (diferencia +10)"
    ) in mensaje, mensaje


def test_una_suma_entre_tablas_rota_se_rechaza(enero, proyecto):
    def editar(wb):  # office NORTE: +5 in RCE etapa A and its totals; its row adds up, its E.P. do not
        fila = _fila(wb, "poblacion_regimen_oficina", "NORTE")
        for i in (2, 7, 8):  # total_general, total_rce, rce_a
            fila[i].value += 5

    mensaje = _rechazado(proyecto, _copia(enero, proyecto, editar))
    assert re.search(
        r"hoja «poblacion_regimen_oficina»\), celda I\d \(periodo=2025-01, codigo_oficina=NORTE\): rce_a = \d+ no es "
        r"la suma de «poblacion_regimen_ep» \(\d+; diferencia \+5\)",
        mensaje,
    ), mensaje
    assert "no se cumple" not in mensaje  # the row itself is consistent


@pytest.mark.parametrize(
    "hoja, clave, columna, esperado",
    [
        (
            "poblacion_intramuros_sexo",
            "HOMBRE",
            2,
            r"hoja «poblacion_intramuros_sexo»\).*pero la nacional del mes es",
        ),
        (
            "trabajo_educacion_ingresos",
            "2",
            2,
            r"hoja «trabajo_educacion_ingresos»\), columna C .*la suma es [\d,]+ y el total del mes "
            r"\(trabajo_educacion_mensual.inscritos_trabajo\) es [\d,]+ \(diferencia \+3\)",
        ),
    ],
)
def test_una_regla_de_capitulo_rota_se_rechaza(enero, proyecto, hoja, clave, columna, esperado):
    def editar(wb):
        _fila(wb, hoja, clave)[columna].value += 3

    mensaje = _rechazado(proyecto, _copia(enero, proyecto, editar))
    assert re.search(esperado, mensaje), mensaje


def test_un_salto_es_solo_una_advertencia(proyecto):
    libro = escribir_plantilla(proyecto / "data", ENERO, proyecto / "salto.xlsx")
    llenar(
        libro, proyecto / "data", semilla=17, saltos={"poblacion_regimen_ep": {"PIURA": {"rco_maxima": 3}}}
    )
    r = importar(proyecto / "data", libro)
    assert any(
        re.search(
            r"salto\.xlsx \(hoja «poblacion_regimen_ep»\), celda E\d+ \(codigo_ep=PIURA\): rco_maxima pasa de",
            s,
        )
        for s in r.grupos[SALTOS]
    ), r.grupos
    assert pd.read_csv(proyecto / "data/cap1/poblacion_regimen_nacional.csv")["periodo"].iloc[-1] == "2025-01"


def test_una_hoja_desconocida_es_advertencia_y_nombra_la_que_falta(enero, proyecto):
    def editar(wb):
        wb["app_charlas_induccion"].title = "Hoja1"

    r = importar(proyecto / "data", _copia(enero, proyecto, editar))
    assert any("hoja «Hoja1»: no es una tabla de data/" in s for s in r.grupos[HOJAS_AJENAS]), r.grupos
    assert "app_charlas_induccion" in r.grupos[HOJAS_QUE_FALTAN][0]


def test_una_importacion_parcial_avisa_las_hojas_que_faltan(enero, proyecto):
    antes = {p: p.read_bytes() for p in (proyecto / "data/cap2").glob("*.csv")}

    def editar(wb):
        for hoja in list(wb.sheetnames):
            if hoja not in ("LEAME", "listas") and not hoja.startswith("poblacion_regimen"):
                del wb[hoja]

    r = importar(proyecto / "data", _copia(enero, proyecto, editar))
    faltan = r.grupos[HOJAS_QUE_FALTAN][0]
    esperadas = [e.tabla for e in tablas_del_mes(leer_esquemas(proyecto / "data"), ENERO) if not e.opcional]
    assert r.tablas == ["poblacion_regimen_ep", "poblacion_regimen_nacional", "poblacion_regimen_oficina"]
    assert all(t in faltan for t in esperadas if not t.startswith("poblacion_regimen"))
    assert {p: p.read_bytes() for p in (proyecto / "data/cap2").glob("*.csv")} == antes


def test_los_hallazgos_de_otros_periodos_no_se_muestran(enero, proyecto):
    """data/ carries the 2024 errata (the QA report lists them); a month's import shows only its own."""
    from inpe_informe.prepare import cargar_y_validar

    class Cfg:
        datos, raiz = proyecto / "data", proyecto

    _tablas, de_2024 = cargar_y_validar(Cfg)
    assert any("2024" in h.texto() for h in de_2024)
    r = importar(proyecto / "data", _copia(enero, proyecto))
    textos = [h.texto() for h in de_2024]
    for linea in r.grupos.get(OTRAS, []):
        assert linea.startswith("libro-2025-01.xlsx (hoja «"), linea
        assert not any(t in linea for t in textos)
    assert not any(re.search(r"(periodo|anio)=2024|data/", s) for s in r.advertencias), r.advertencias


def test_las_notas_van_aparte_y_no_cuentan_como_advertencias(enero, proyecto, capsys, monkeypatch):
    """Work + education above an E.P.'s population is a reading note: listed after the warnings, not one of them."""
    from inpe_informe.cli import main

    def editar(wb):
        poblacion = {f[1].value: f[2].value for f in wb["poblacion_regimen_ep"].iter_rows(min_row=2)}
        eps = pd.read_csv(proyecto / "data/referencia/establecimientos.csv", dtype=str)
        oficina = dict(zip(eps["codigo"], eps["oficina"]))
        filas = [f for f in wb["trabajo_educacion_ep"].iter_rows(min_row=2) if f[1].value in poblacion]
        cab = [c.value for c in wb["trabajo_educacion_ep"][1]]
        trabajo, educacion = cab.index("inscritos_trabajo"), cab.index("matriculados_educacion")
        # move education from the E.P. with most of it to the one with least slack: national sum kept
        holgura = sorted(filas, key=lambda f: poblacion[f[1].value] - f[trabajo].value - f[educacion].value)
        destino = next(
            f for f in holgura if poblacion[f[1].value] - f[trabajo].value - f[educacion].value >= 0
        )
        falta = poblacion[destino[1].value] - destino[trabajo].value - destino[educacion].value + 1
        origen = next(
            f
            for f in sorted(filas, key=lambda f: -f[educacion].value)
            if f is not destino and oficina.get(f[1].value) == oficina.get(destino[1].value)
        )
        origen[educacion].value -= falta
        destino[educacion].value += falta

    monkeypatch.chdir(proyecto)
    libro = _copia(enero, proyecto, editar)
    assert main(["importar", str(libro)]) == 0
    salida = capsys.readouterr().out
    notas = salida[salida.index("Notas (") :]
    assert "supera la población del E.P." in notas
    advertencias = salida[: salida.index("Notas (")]
    assert "supera la población" not in advertencias, salida
    assert NOTAS in importar(proyecto / "data", libro, reemplazar=True).grupos


def test_reemplazar_lista_lo_que_cambia_y_dice_sin_cambios(enero, proyecto, capsys, monkeypatch):
    from inpe_informe.cli import main

    monkeypatch.chdir(proyecto)
    libro = _copia(enero, proyecto)
    assert main(["importar", str(libro)]) == 0
    primera = capsys.readouterr().out
    antes = _huella(proyecto / "data")
    assert main(["importar", str(libro), "--reemplazar"]) == 0
    salida = capsys.readouterr().out
    assert "2025-01: sin cambios" in salida and _huella(proyecto / "data") == antes
    # the month's warnings are listed again, the same as on the first import
    assert [s for s in salida.splitlines() if s.startswith("    - ")] == [
        s for s in primera.splitlines() if s.startswith("    - ")
    ]

    def editar(wb):
        _fila(wb, "app_charlas_induccion", "2025-01")[1].value += 1

    corregido = _copia(enero, proyecto, editar)
    assert main(["importar", str(corregido), "--reemplazar"]) == 0
    salida = capsys.readouterr().out
    assert "Cambios frente a lo que había (1):" in salida
    antes, despues = re.search(r"app_charlas_induccion 2025-01: personas (\d+) → (\d+)", salida).groups()
    assert int(despues) == int(antes) + 1


def test_un_libro_ods_de_libreoffice_se_importa_igual(enero, proyecto, tmp_path_factory):
    ods = proyecto / "libro-2025-01.ods"
    wb = load_workbook(enero)
    with pd.ExcelWriter(ods, engine="odf") as escritor:
        for hoja in wb.worksheets:
            filas = list(hoja.iter_rows(values_only=True))
            pd.DataFrame(filas).to_excel(escritor, sheet_name=hoja.title, header=False, index=False)
    r = importar(proyecto / "data", ods)
    assert str(r.periodo) == "2025-01"
    otro = tmp_path_factory.mktemp("xlsx")
    shutil.copytree(RAIZ / "data", otro / "data")
    importar(otro / "data", enero)
    assert _huella(proyecto / "data") == _huella(otro / "data")


@pytest.mark.parametrize("extension", [".csv", ".xls"])
def test_csv_y_xls_se_rechazan_diciendo_como_guardar(proyecto, extension):
    archivo = proyecto / f"mes{extension}"
    archivo.write_text("periodo,poblacion\n2025-01,99000\n", encoding="utf-8")
    with pytest.raises(DatosError, match=r"mes\.\w+: es .*«Archivo › Guardar como».*\(\.xlsx\).*\(\.ods\)"):
        importar(proyecto / "data", archivo)


def test_plantilla_imprime_una_orden_que_funciona_tal_cual(proyecto, capsys, monkeypatch):
    from inpe_informe.cli import main

    monkeypatch.chdir(proyecto)
    assert main(["plantilla", "--periodo", "2025-01"]) == 0
    orden = capsys.readouterr().out.splitlines()[-1].split(": ", 1)[1]
    assert orden.split()[-2:] == ["importar", "output/plantilla-2025-01.xlsx"]
    llenar(proyecto / "output/plantilla-2025-01.xlsx", proyecto / "data", semilla=3)
    hecho = subprocess.run(shlex.split(orden), cwd=proyecto, capture_output=True, text=True, timeout=300)
    assert hecho.returncode == 0 and "Importado 2025-01" in hecho.stdout, hecho.stdout + hecho.stderr


def test_un_python_sin_las_bibliotecas_recibe_la_orden_del_readme():
    hecho = subprocess.run(
        [sys.executable, "-S", "-I", str(RAIZ / "build_report.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert hecho.returncode == 1 and "Traceback" not in hecho.stderr
    assert (
        "no tiene las bibliotecas del informe" in hecho.stderr
        and ".venv/bin/python build_report.py" in hecho.stderr
    )


def test_el_libro_pide_solo_lo_que_el_analista_sabe_y_leame_explica_el_mes(tmp_path):
    libro = load_workbook(
        escribir_plantilla(RAIZ / "data", Periodo.parse("2025-06"), tmp_path / "junio.xlsx")
    )
    esquemas = leer_esquemas(RAIZ / "data")
    del_mes = tablas_del_mes(esquemas, Periodo.parse("2025-06"))
    assert [n for n in libro.sheetnames if n in esquemas] == [e.tabla for e in del_mes]
    for e in del_mes:
        encabezado = [c.value for c in libro[e.tabla][1]]
        assert encabezado == e.pedidas and not TRANSCRIPCION & set(encabezado), e.tabla
    leame = " ".join(str(c) for fila in libro["LEAME"].iter_rows(values_only=True) for c in fila if c)
    assert libro["LEAME"]["B2"].value == "2025-06" and "datos de junio 2025" in leame
    assert "2.º trimestre 2025 (abril–junio)" in leame and "junio 2025" in leame
    assert "2024" not in leame, re.findall(r".{60}2024.{20}", leame)


def test_una_hoja_opcional_en_blanco_no_se_importa_ni_avisa_y_llena_si(enero, proyecto):
    """DEVIDA by phase is optional: blank until the figures exist (nothing replaced, no warning); filled, it loads."""
    r = importar(proyecto / "data", _copia(enero, proyecto))
    assert "intramuros_devida_fases" not in r.tablas
    assert not any("intramuros_devida_fases" in s for s in r.advertencias), r.advertencias

    def editar(wb):
        hoja = wb["intramuros_devida_fases"]
        cabecera = [c.value for c in hoja[1]]
        for i, fase in enumerate(("ADAPTACION", "MOTIVACION", "TRATAMIENTO", "SEGUIMIENTO"), start=2):
            fila = {"periodo": "2025-01", "fase": fase, "internos": 10 * i}
            for j, columna in enumerate(cabecera, start=1):
                hoja.cell(row=i, column=j, value=fila.get(columna))

    r = importar(proyecto / "data", _copia(enero, proyecto, editar), reemplazar=True)
    assert "intramuros_devida_fases" in r.tablas
    fases = pd.read_csv(proyecto / "data/cap5/intramuros_devida_fases.csv", dtype=str)
    assert list(fases["internos"]) == ["20", "30", "40", "50"]
