"""The layout process started with a build (layout.maquetador_anticipado), with real processes.

It imports WeasyPrint while the build loads its data, then lays out what the build sends it. What must
hold: the same PDF as laying out in the build's own process, WeasyPrint never imported by the build, an
error coming back with its message, a dead layout process replaced by laying out here, and no process
left behind, whether the build ends or fails.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap

from conftest import RAIZ
from test_maquetacion import PERMITIDAS, PLANTILLAS, _documento, _por_partes

# Runs in a fresh process: the layout of tests' small report inside maquetador_anticipado, then what
# the test checks, as JSON. argv: document file, what to do ("normal", "matar", "fallar",
# "sin_weasyprint"), templates, allowed folders.
_BUILD = textwrap.dedent(
    """
    import hashlib, json, os, signal, sys
    from pathlib import Path
    from inpe_informe import layout, render
    from inpe_informe.errors import RenderError

    documento, accion = Path(sys.argv[1]).read_text(encoding="utf-8"), sys.argv[2]
    plantillas, permitidas = Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]]
    salida = {}
    preparar = render.preparar_weasyprint
    if accion == "sin_weasyprint":  # only the layout process, forked next, fails to import it

        def sin_bibliotecas():
            raise OSError("cannot load library 'libpango-1.0-0'")

        render.preparar_weasyprint = sin_bibliotecas
    try:
        with layout.maquetador_anticipado():
            render.preparar_weasyprint = preparar
            proceso = layout._anticipado._proceso
            salida["pid"] = proceso.pid
            if accion == "matar":
                os.kill(proceso.pid, signal.SIGKILL)
                proceso.join()
            cache = layout.Cache(None, plantillas)
            pdf, cifras = layout.maquetar_informe(documento, plantillas, permitidas, documento, cache, 0)
            salida["sha"] = hashlib.sha256(pdf).hexdigest()
            salida["weasyprint_aqui"] = "weasyprint" in sys.modules
            if accion == "fallar":
                raise ValueError("la generación falla después de maquetar")
    except (RenderError, ValueError) as error:
        salida["error"] = f"{type(error).__name__}: {error}"
        salida.setdefault("weasyprint_aqui", "weasyprint" in sys.modules)
    try:
        os.kill(salida["pid"], 0)
        salida["sigue_vivo"] = True
    except ProcessLookupError:
        salida["sigue_vivo"] = False
    print(json.dumps(salida))
    """
)


def _en_otro_proceso(tmp_path, documento: str, accion: str = "normal") -> dict:
    archivo = tmp_path / "documento.html"
    archivo.write_text(documento, encoding="utf-8")
    hecho = subprocess.run(
        [sys.executable, "-c", _BUILD, str(archivo), accion, str(PLANTILLAS), *map(str, PERMITIDAS)],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=300,
    )
    assert hecho.returncode == 0, hecho.stderr
    assert "Traceback" not in hecho.stderr, hecho.stderr
    return json.loads(hecho.stdout.strip().splitlines()[-1])


def _sha_aqui(documento: str) -> str:
    pdf, _ = _por_partes(documento, procesos=1)
    return hashlib.sha256(pdf).hexdigest()


def test_maqueta_en_el_proceso_anticipado_el_mismo_pdf_sin_importar_weasyprint_aqui(tmp_path):
    documento = _documento()
    salida = _en_otro_proceso(tmp_path, documento)
    assert salida["weasyprint_aqui"] is False  # every part went to the layout process
    assert salida["sha"] == _sha_aqui(documento)
    assert salida["sigue_vivo"] is False  # asked to end with the build, and waited for


def test_si_el_proceso_anticipado_murio_se_maqueta_aqui(tmp_path):
    documento = _documento("Un capítulo tras la muerte del proceso de maquetación.")
    salida = _en_otro_proceso(tmp_path, documento, "matar")
    assert salida["weasyprint_aqui"] is True
    assert salida["sha"] == _sha_aqui(documento)
    assert "error" not in salida


def test_un_error_de_maquetacion_vuelve_con_su_mensaje(tmp_path):
    documento = _documento().replace(
        "<p>Fin.</p>", '<p>Fin.</p><img src="graficos/no-existe.svg" alt="falta">'
    )
    salida = _en_otro_proceso(tmp_path, documento)
    assert salida["error"].startswith("RenderError: ")
    assert "no-existe.svg" in salida["error"]
    assert salida["weasyprint_aqui"] is False  # met by the layout process, and sent back to the build
    assert salida["sigue_vivo"] is False


def test_una_generacion_que_falla_no_deja_el_proceso_anticipado(tmp_path):
    salida = _en_otro_proceso(tmp_path, _documento(), "fallar")
    assert salida["error"] == "ValueError: la generación falla después de maquetar"
    assert salida["sigue_vivo"] is False


def test_si_el_proceso_anticipado_no_puede_importar_weasyprint_se_maqueta_aqui_sin_traza(tmp_path):
    """A library WeasyPrint needs, missing: the layout process ends quietly (no traceback on the user's
    screen) and the build lays out itself, where it meets the problem and reports it as always."""
    documento = _documento("Sin WeasyPrint en el proceso de maquetación.")
    salida = _en_otro_proceso(tmp_path, documento, "sin_weasyprint")  # asserts no "Traceback" in stderr
    assert salida["weasyprint_aqui"] is True
    assert salida["sha"] == _sha_aqui(documento)
    assert salida["sigue_vivo"] is False
