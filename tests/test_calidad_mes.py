"""The quality report leads with the month; --estricto judges the month; --comparar-con compares like with like.

On a copy of the session's generated year (conftest.anio_2025): February 2025 is a clean
generated month (every identity holds, each count within ±4% of January's). Strict mode and
the comparison are judged without laying out a PDF (load, validate, compute: seconds); the
January 2025 edition of the session (compared with the 2024-12 build) is read for the report.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import _cli

from inpe_informe import backtest, capitulos, prepare, quality, run
from inpe_informe.config import leer_config
from inpe_informe.errors import DatosError

MES = "2025-02"
EP, OFICINA = "PIURA", "NORTE"


@pytest.fixture
def copia(anio_2025, tmp_path) -> Path:
    """The generated year's project, copied (the session's stays as it is)."""
    origen = anio_2025[0]
    raiz = tmp_path / "proyecto"
    shutil.copytree(origen / "data", raiz / "data")
    for nombre in ("config.yaml", "build_report.py"):
        shutil.copy(origen / nombre, raiz)
    (raiz / "templates").symlink_to(origen / "templates")
    return raiz


def _sumar(raiz: Path, archivo: str, donde: dict, columnas: tuple[str, ...], cuanto: int) -> tuple[int, int]:
    """Add `cuanto` to `columnas` of the one row of data/`archivo` matching `donde`; (old, new) of the first."""
    ruta = raiz / "data" / archivo
    marco = pd.read_csv(ruta, dtype=str, keep_default_na=False)
    fila = pd.Series(True, index=marco.index)
    for columna, valor in donde.items():
        fila &= marco[columna] == valor
    assert fila.sum() == 1, f"{archivo}: {fila.sum()} filas con {donde}"
    antes = int(marco.loc[fila, columnas[0]].iloc[0])
    for columna in columnas:
        marco.loc[fila, columna] = str(int(marco.loc[fila, columna].iloc[0]) + cuanto)
    marco.to_csv(ruta, index=False)
    return antes, antes + cuanto


def _datos(raiz: Path, **opciones) -> prepare.Datos:
    cfg = leer_config(raiz / "config.yaml", periodo=MES, **opciones)
    with run.Registro(raiz / "registros", "prueba") as registro:
        return prepare.cargar_y_calcular(cfg, registro)


def test_estricto_pasa_el_mes_generado_y_falla_con_una_identidad_rota(copia):
    limpio = _datos(copia, estricto=True)  # no exception: the month is clean
    # the year's data still has 2024's warnings: judged as earlier periods, not as the month's
    propios = [h for h in limpio.hallazgos if quality.clave(h) in limpio.del_mes]
    assert any(h.severidad == "advertencia" for h in limpio.hallazgos)
    assert all(h.severidad == "nota" for h in propios), [h.texto() for h in propios]

    _sumar(copia, "cap1/poblacion_regimen_ep.csv", {"periodo": MES, "codigo_ep": EP}, ("total_general",), 10)
    with pytest.raises(DatosError, match=f"Modo estricto: {MES}") as fallo:
        _datos(copia, estricto=True)
    assert "poblacion_regimen_ep.csv" in str(fallo.value) and "total_general" in str(fallo.value)
    _datos(copia)  # without --estricto the month still builds

    codigo, salida = _cli("--periodo", MES, "--estricto", "--config", str(copia / "config.yaml"))
    assert codigo == 1, salida
    error = next(linea for linea in salida.splitlines() if linea.startswith("ERROR:"))
    assert error.startswith(f"ERROR: Modo estricto: {MES} tiene 2 problema(s) que impiden publicar")
    problemas = salida[salida.index(error) :].splitlines()[1:]
    assert len(problemas) == 2 and all(p.startswith(f"  - {MES} · ") for p in problemas), (
        problemas
    )  # identity + office sum
    assert "Traceback" not in salida and not list((copia / "output").glob(f"*{MES}*.pdf"))


def _figuras(raiz: Path, carpeta: Path) -> Path:
    """Save the month's figures as a build does (…-cifras.json) in `carpeta`."""
    datos = _datos(raiz)
    carpeta.mkdir(parents=True, exist_ok=True)
    ruta = carpeta / f"informe-tratamiento-{MES}-cifras.json"
    ruta.write_text(backtest.como_json(datos.valores, MES, datos.ventanas), encoding="utf-8")
    return ruta


def test_reconstruir_el_mes_tras_una_correccion_lista_las_cifras_que_cambiaron(copia, tmp_path):
    anterior = _figuras(copia, tmp_path / "anterior")
    # a correction that keeps every identity and sum: Piura's RCE A + 10, carried to its office and the nation
    partes = ("rce_a", "total_rce", "total_general")
    antes, despues = _sumar(
        copia, "cap1/poblacion_regimen_ep.csv", {"periodo": MES, "codigo_ep": EP}, partes, 10
    )
    _sumar(
        copia, "cap1/poblacion_regimen_oficina.csv", {"periodo": MES, "codigo_oficina": OFICINA}, partes, 10
    )
    _sumar(copia, "cap1/poblacion_regimen_nacional.csv", {"periodo": MES}, partes, 10)

    cfg = leer_config(copia / "config.yaml", periodo=MES, comparar_con=anterior.parent)
    datos = _datos(copia)
    comparacion = quality.revision(cfg, datos, f"informe-tratamiento-{MES}")["comparacion"]
    cambiadas = {k: (a, n) for k, _cobertura, a, n in comparacion["cambiadas"]}

    previas = json.loads(anterior.read_text(encoding="utf-8"))["cifras"]
    distintas = {k for k, v in datos.valores.items() if k in previas and previas[k] != float(v)}
    assert set(cambiadas) == distintas and comparacion["no_comparables"] == 0
    del_ep = [k for k in cambiadas if k.endswith(f".establecimientos.{EP}.rce_a")]
    assert del_ep and all(cambiadas[k] == (antes, despues) for k in del_ep), del_ep
    # a short list, all in chapters that read the corrected tables
    lectores = {f"cap{c.numero}" for c in capitulos.capitulos() if "poblacion_regimen_ep" in c.tablas}
    assert 0 < len(cambiadas) < 200 and {k.split(".")[0] for k in cambiadas} <= lectores, sorted(cambiadas)


def test_enero_frente_a_diciembre_no_da_cambios_falsos(enero_2025):
    """January 2025 against the 2024-12 build: its month figures are not December's, so they are not compared."""
    c = enero_2025.revision["comparacion"]
    assert c["periodo_anterior"] == "2024-12" and c["no_comparables"] > 1000
    # only figures of the same month in both builds are compared: 2024's series rows, unchanged
    assert all(re.fullmatch(r"2024-\d\d", cobertura) for _k, cobertura, _a, _n in c["cambiadas"])
    assert len(c["cambiadas"]) < 20, c["cambiadas"][:20]


def test_el_reporte_de_calidad_empieza_por_el_mes(enero_2025):
    html = enero_2025.calidad.read_text(encoding="utf-8")
    resumen = html[html.index('<section class="resumen"') : html.index("</section>")]
    assert "Resumen de enero 2025" in resumen
    for renglon in (
        "Errores que bloquean",
        "Saltos frente a diciembre 2024",
        "Secciones sin datos",
        "Cifras cambiadas",
    ):
        assert renglon in resumen, renglon
    # the injected jump (Piura's RCO máxima × 4) is listed in the summary, with the sections left out and why
    assert f"poblacion_regimen_ep (codigo_ep={EP}), rco_maxima" in resumen
    assert "se publican en la edición de diciembre" in resumen
    # 2024's findings and errata are after the month's, in the appendix, each with its period
    anexo = html.index("Anexo A. Hallazgos de otros periodos")
    assert html.index("1. Hallazgos de enero 2025") < anexo < html.index("Anexo B. Fe de erratas")
    assert (
        "intramuros_cifras_publicadas" in html[anexo:] and "intramuros_cifras_publicadas" not in html[:anexo]
    )
    filas = re.findall(r"<tr><td>([^<]*)</td><td class=\"(?:error|advertencia|nota)\">", html)
    assert filas and all(filas), "every finding carries its period"
    # the session's year has every month of 2025 loaded: the later months' findings are other periods too
    otros = re.findall(r"<tr><td>([^<]*)</td><td class=", html[anexo:])
    assert "2024" in otros and "2025-02" in otros and "2025-01" not in otros
    # the terminal's last line says the same
    assert enero_2025.resumen.startswith("Resumen de 2025-01: 0 error(es), 0 advertencia(s), ")
    assert f"{len(enero_2025.revision['saltos_datos'])} salto(s) frente a 2024-12" in enero_2025.resumen
