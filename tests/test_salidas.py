"""Outputs a statistics office can stand behind: accessible, reproducible, logged, safe under concurrency."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from conftest import RAIZ, construir
from pypdf import PdfReader

from inpe_informe.run import huella


def _estructura(nodo, visto=None):
    """Walk a PDF structure tree, yielding every structure element."""
    visto = visto if visto is not None else set()
    nodo = nodo.get_object()
    if id(nodo) in visto:
        return
    visto.add(id(nodo))
    if isinstance(nodo, dict):
        if "/S" in nodo:
            yield nodo
        hijos = nodo.get("/K")
        if hijos is not None:
            hijos = hijos.get_object()
            for hijo in hijos if isinstance(hijos, list) else [hijos]:
                if hasattr(hijo, "get_object") and isinstance(hijo.get_object(), dict):
                    yield from _estructura(hijo, visto)


def test_pdf_accesible_etiquetado_con_idioma_esquema_y_texto_alternativo(informe):
    lector = PdfReader(str(informe.pdf))
    raiz = lector.trailer["/Root"]
    assert raiz["/Lang"] == "es"
    assert raiz["/MarkInfo"]["/Marked"]
    assert lector.metadata.title.startswith("Informe Estadístico de Tratamiento Penitenciario")
    assert len(lector.outline) >= 2, "the PDF must have bookmarks"
    elementos = list(_estructura(raiz["/StructTreeRoot"]))
    tipos = {str(e["/S"]) for e in elementos}
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/Figure"} <= tipos, tipos
    figuras = [e for e in elementos if e["/S"] == "/Figure"]
    sin_alt = [e for e in figuras if not str(e.get("/Alt", "")).strip()]
    assert figuras and not sin_alt, f"{len(sin_alt)} de {len(figuras)} figuras sin texto alternativo"
    # the alternative says what the chart shows and its key figures, generated from the data
    assert all(any(ch.isdigit() for ch in str(e["/Alt"])) for e in figuras)


def test_dos_generaciones_dan_el_mismo_pdf_byte_a_byte(informe, tmp_path):
    otra = construir(tmp_path, cache_maquetacion=False)  # laid out again, not reused
    assert otra.pdf.read_bytes() == informe.pdf.read_bytes()
    cifras = "-cifras.json"
    assert (
        otra.pdf.with_name(otra.pdf.stem + cifras).read_bytes()
        == informe.pdf.with_name(informe.pdf.stem + cifras).read_bytes()
    )
    # every output, the annex (.xlsx) and the CSV zip included: the manifests record the same hashes
    salidas = [
        json.loads(r.pdf.with_name(r.pdf.stem + "-manifiesto.json").read_text(encoding="utf-8"))["salidas"]
        for r in (informe, otra)
    ]
    publicadas = {
        p.name
        for p in informe.pdf.parent.iterdir()
        if p.name.startswith(informe.pdf.stem) and p.is_file() and not p.name.endswith("-manifiesto.json")
    }
    assert salidas[0] == salidas[1] and set(salidas[0]) == publicadas, publicadas


def test_manifiesto_registra_entradas_versiones_y_salidas(informe):
    manifiesto = json.loads(
        informe.pdf.with_name(informe.pdf.stem + "-manifiesto.json").read_text(encoding="utf-8")
    )
    assert manifiesto["configuracion"]["periodo"] == "2024-12"
    nacional = "data/cap1/poblacion_regimen_nacional.csv"
    assert manifiesto["entradas"][nacional] == huella(RAIZ / nacional)
    assert manifiesto["plantillas"]["templates/capitulos/cap1/capitulo.html"] == huella(
        RAIZ / "templates/capitulos/cap1/capitulo.html"
    )
    assert manifiesto["versiones"]["weasyprint"] and manifiesto["versiones"]["python"]
    assert manifiesto["salidas"][informe.pdf.name] == huella(informe.pdf)


def test_registro_de_la_ejecucion(informe):
    texto = informe.registro.read_text(encoding="utf-8")
    for etapa in ("carga y validación", "cálculo", "gráficos", "HTML", "maquetación PDF", "escritura"):
        assert f"etapa «{etapa}»:" in texto and etapa in informe.tiempos
    assert "tablas leídas: " in texto and "poblacion_regimen_nacional" in texto
    assert f"escrito {informe.pdf}" in texto


_RETENER = """
import logging, sys, time
from pathlib import Path
from inpe_informe.run import turno
logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
with turno(Path(sys.argv[1])):
    print("dentro", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_dos_generaciones_a_la_vez_se_turnan(tmp_path):
    """The second build waits for the first's lock: outputs of two runs never mix."""
    primero = subprocess.Popen(
        [sys.executable, "-c", _RETENER, str(tmp_path), "2"], stdout=subprocess.PIPE, text=True
    )
    assert primero.stdout.readline().strip() == "dentro"
    inicio = time.perf_counter()
    segundo = subprocess.run(
        [sys.executable, "-c", _RETENER, str(tmp_path), "0"], capture_output=True, text=True, timeout=30
    )
    espera = time.perf_counter() - inicio
    primero.wait(timeout=30)
    assert "esperando su turno" in segundo.stdout and segundo.stdout.strip().endswith("dentro")
    assert espera > 1.0


def test_generacion_interrumpida_deja_intacta_la_salida_anterior(informe, tmp_path):
    salida = tmp_path / "output"
    salida.mkdir()
    anterior = salida / informe.pdf.name
    anterior.write_bytes(informe.pdf.read_bytes())
    config = yaml.safe_load((RAIZ / "config.yaml").read_text(encoding="utf-8"))
    config["rutas"] = {k: str(RAIZ / v) for k, v in config["rutas"].items()} | {
        "cache": str(tmp_path / "cache")
    }
    config["rendimiento"]["cache_maquetacion"] = False  # the parts are really laid out when it is killed
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    codigo = (
        "import sys; from inpe_informe.cli import main; "
        f"sys.exit(main(['--salida', r'{salida}', '--config', r'{tmp_path / 'config.yaml'}']))"
    )
    proceso = subprocess.Popen(
        [sys.executable, "-c", codigo],
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl")},
    )
    trabajadores = []
    for linea in proceso.stderr:
        if "Maquetando" in linea:
            time.sleep(1.5)  # inside WeasyPrint's layout, in the worker processes
            hijos = Path(f"/proc/{proceso.pid}/task/{proceso.pid}/children")
            trabajadores = [int(p) for p in hijos.read_text().split()] if hijos.exists() else []
            proceso.send_signal(signal.SIGKILL)
            break
    proceso.wait(timeout=60)
    assert proceso.returncode == -signal.SIGKILL
    assert anterior.read_bytes() == informe.pdf.read_bytes()
    assert sorted(p.name for p in salida.iterdir() if p.is_file()) == sorted(
        [".informe.lock", informe.pdf.name]
    )
    time.sleep(1.0)
    vivos = [
        pid
        for pid in trabajadores
        if Path(f"/proc/{pid}").exists()
        and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[:1]
    ]
    assert not vivos, f"procesos de maquetación que sobrevivieron a la generación interrumpida: {vivos}"


def _graficos(n, extra=0):
    from inpe_informe.charts import Grafico

    return [
        Grafico(
            f"prueba_{i}",
            "barras_h",
            {"categorias": ["a", "b"], "valores": [i + 1 + (extra if i == 0 else 0), 2]},
        )
        for i in range(n)
    ]


def test_cache_de_graficos_redibuja_solo_lo_que_cambia(tmp_path):
    from inpe_informe import charts

    charts.configurar_estilo(RAIZ / "templates/fonts", lambda v: f"{v:,.0f}")
    rutas, dibujados = charts.dibujar_todos(_graficos(5), tmp_path / "a", procesos=1)
    assert dibujados == 5 and all(r.exists() for r in rutas.values())
    assert charts.dibujar_todos(_graficos(5), tmp_path / "a", procesos=1)[1] == 0
    assert charts.dibujar_todos(_graficos(5, extra=10), tmp_path / "a", procesos=1)[1] == 1
    assert charts.dibujar_todos(_graficos(5), tmp_path / "a", usar_cache=False, procesos=1)[1] == 5


def test_graficos_con_las_fuentes_de_templates(tmp_path):
    """matplotlib measures with templates/fonts and the SVG names the family the stylesheet declares for them."""
    from matplotlib import font_manager

    from inpe_informe import charts

    charts.configurar_estilo(RAIZ / "templates/fonts", lambda v: f"{v:,.0f}")
    for peso in ("normal", "bold"):
        elegida = Path(font_manager.findfont(font_manager.FontProperties(family="Lato", weight=peso)))
        assert elegida.parent == RAIZ / "templates/fonts", elegida
    hoja = (RAIZ / "templates/styles/informe.css").read_text(encoding="utf-8")
    assert f'@font-face {{ font-family: "{charts.FAMILIA_PDF}"' in hoja
    svg = charts.dibujar(_graficos(1)[0], tmp_path).read_text(encoding="utf-8")
    familias = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert familias == {f"'{charts.FAMILIA_PDF}', 'Lato', sans-serif"}, familias


def test_graficos_en_paralelo_iguales_a_los_de_un_proceso(tmp_path):
    from inpe_informe import charts

    charts.configurar_estilo(RAIZ / "templates/fonts", lambda v: f"{v:,.0f}")
    serie, _ = charts.dibujar_todos(_graficos(6), tmp_path / "serie", procesos=1)
    paralelo, dibujados = charts.dibujar_todos(_graficos(6), tmp_path / "paralelo", procesos=2)
    assert dibujados == 6
    assert all(serie[i].read_bytes() == paralelo[i].read_bytes() for i in serie)
