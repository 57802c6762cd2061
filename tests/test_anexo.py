"""Spreadsheet annex and HTML edition: the report's own tables and chart data, reusable and safe."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from inpe_informe import annex
from inpe_informe.periods import Periodo


def test_anexo_xlsx_tiene_cada_cuadro_y_los_datos_de_cada_grafico(informe, publicado):
    ruta = informe.pdf.with_name(informe.pdf.stem + "-anexo.xlsx")
    wb = load_workbook(ruta)
    assert wb.sheetnames[0] == "Contenido"
    cuadros = [n for n in wb.sheetnames if n.startswith("Cuadro_")]
    graficos = [n for n in wb.sheetnames if n.startswith("Grafico_")]
    assert len(cuadros) >= 30 and len(graficos) >= 50
    assert not any(h.merged_cells.ranges for h in wb.worksheets), "no merged cells in the annex"
    primera = wb["Cuadro_01"]
    encabezado = [c.value for c in primera[3]]
    assert encabezado[:2] == ["Mes", "Total general"]
    diciembre = [f for f in primera.iter_rows(min_row=4, values_only=True) if f[0] == "Diciembre"][-1]
    total = int(publicado("99,443").replace(",", ""))
    assert diciembre[1] == total and isinstance(diciembre[1], int), "numbers stored as numbers"
    contenido = [f for f in wb["Contenido"].iter_rows(min_row=6, values_only=True)]
    assert len(contenido) == len(cuadros) + len(graficos)


def test_anexo_csv_ordenado(informe):
    ruta = informe.pdf.with_name(informe.pdf.stem + "-anexo-csv.zip")
    with zipfile.ZipFile(ruta) as z:
        assert "contenido.csv" in z.namelist()
        filas = list(csv.DictReader(io.StringIO(z.read("Cuadro_01.csv").decode("utf-8"))))
    assert list(filas[0]) == ["concepto", "columna", "valor"]
    assert any(f["concepto"] == "Diciembre" and f["columna"] == "Total general" for f in filas)


def test_texto_ejecutable_se_neutraliza():
    assert annex.neutralizar('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert annex.neutralizar("+51 1") == "'+51 1" and annex.neutralizar("@suma") == "'@suma"
    assert annex.neutralizar("-3") == "'-3" and annex.neutralizar(-3) == -3
    assert annex.neutralizar("Lima") == "Lima"
    contenido = annex.libro(
        [annex.Tabla("=1+1", ["a", "b"], [["=cmd|' /C calc'!A0", 5]])], "t", Periodo(2024, 12)
    )
    wb = load_workbook(io.BytesIO(contenido))
    celda = wb["Cuadro_01"]["A4"]
    assert celda.data_type == "s" and celda.value.startswith("'=")


def test_celdas_leidas_como_numeros():
    assert annex.valor("99,443") == 99443 and annex.valor("4.0%") == 4.0 and annex.valor("−16.0%") == -16.0
    assert annex.valor("Lima") == "Lima" and annex.valor("1,234.5") == 1234.5


def test_edicion_html_autonoma(informe):
    html = informe.web.read_text(encoding="utf-8")
    assert informe.web.suffix == ".html"
    assert "file://" not in html and '<link rel="stylesheet"' not in html
    assert html.count("data:image/svg+xml;base64,") >= 50
    assert "99,443" in html and '<html lang="es">' in html
