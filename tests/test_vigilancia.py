"""Live mode: a warm process rebuilds the draft after an edit, laying out only the edited chapter."""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import yaml
from conftest import RAIZ, caches_de_la_sesion, paginas_pdf


def test_vigilar_rehace_el_borrador_y_solo_el_capitulo_editado(tmp_path, caplog):
    from inpe_informe.config import leer_config
    from inpe_informe.watch import vigilar

    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    cfg = leer_config(
        RAIZ / "config.yaml",
        plantillas=tmp_path / "templates",
        salida=tmp_path / "output",
        **caches_de_la_sesion(),
    )
    capitulo = cfg.plantillas / "capitulos" / "cap5" / "capitulo.html"
    frase = "Frase añadida en vivo por el editor."

    def editar():
        texto = capitulo.read_text(encoding="utf-8")
        capitulo.write_text(texto.replace("</section>", f"<p>{frase}</p>\n</section>", 1), encoding="utf-8")

    pasos = iter([editar])  # after the first build the editor saves one change, then nothing
    caplog.set_level(logging.INFO, logger="inpe_informe")  # the progress the command line shows
    borradores = vigilar(cfg, ciclos=3, dormir=lambda _s: next(pasos, lambda: None)())
    mensajes = [r.getMessage() for r in caplog.records if r.name.startswith("inpe_informe")]

    assert len(borradores) == 2 and borradores[0] == borradores[1]  # built at start and once after the edit
    assert borradores[0].name.endswith("-borrador.pdf")
    texto = " ".join(" ".join(p.split()) for p in paginas_pdf(borradores[1]))
    assert frase in texto
    assert sum("Cargando y validando" in m for m in mensajes) == 1  # data/ unchanged: figures not recomputed
    registro = next((cfg.salida / "registros").glob("*-vigilancia-*.log")).read_text(encoding="utf-8")
    maquetaciones = [
        re.search(r"(\d+) maquetadas, (\d+) reutilizadas", linea)
        for linea in registro.splitlines()
        if "maquetación: " in linea
    ]
    assert len(maquetaciones) == 2
    maquetadas, reutilizadas = map(int, maquetaciones[1].groups())
    # Chapter V alone (plus the contents and page numbers if it grew by a page); the other six chapters reused
    assert maquetadas <= 3 and reutilizadas >= 7, maquetaciones[1].group(0)
    assert not (
        cfg.salida / "informe-tratamiento-2024-12.pdf"
    ).exists()  # the official outputs are not touched
    # the HTML draft comes first (before any layout) and reloads itself in the browser
    web = borradores[1].with_suffix(".html")
    contenido = web.read_text(encoding="utf-8")
    assert frase in contenido and re.search(r'<meta http-equiv="refresh" content="\d+">', contenido)
    assert "file://" not in contenido  # self-contained: charts embedded
    assert web.stat().st_mtime_ns <= borradores[1].stat().st_mtime_ns
    avisos = [i for i, m in enumerate(mensajes) if m.startswith(("Borrador HTML listo", "Borrador listo"))]
    assert [mensajes[i].split()[1] for i in avisos] == ["HTML", "listo", "HTML", "listo"]


def _esperar(condicion, segundos: float, que: str) -> None:
    limite = time.monotonic() + segundos
    while not condicion():
        assert time.monotonic() < limite, f"no ocurrió en {segundos:.0f} s: {que}"
        time.sleep(0.3)


def test_vigilar_muestra_el_error_en_el_borrador_y_sigue_vigilando(tmp_path):
    """A real `--vigilar` process: a bad save puts the explained error at the top of the HTML draft, a good one
    takes it away; the process outlives template mistakes of every kind (a runtime one included)."""
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import nombre_borrador

    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    config = yaml.safe_load((RAIZ / "config.yaml").read_text(encoding="utf-8"))
    config["rutas"] = {k: str(RAIZ / v) for k, v in config["rutas"].items()} | {
        "plantillas": str(tmp_path / "templates"),
        **{clave: str(ruta) for clave, ruta in caches_de_la_sesion().items()},
        "salida": str(tmp_path / "output"),
    }
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    borrador = tmp_path / "output" / f"{nombre_borrador(leer_config(tmp_path / 'config.yaml'))}.html"
    capitulo = tmp_path / "templates" / "capitulos" / "cap1" / "capitulo.html"
    original = capitulo.read_text(encoding="utf-8")
    terminal = tmp_path / "terminal.txt"

    def html() -> str:
        return borrador.read_text(encoding="utf-8") if borrador.exists() else ""

    def listos() -> int:
        return terminal.read_text(encoding="utf-8").count("Borrador listo")

    with open(terminal, "w", encoding="utf-8") as salida:
        proceso = subprocess.Popen(
            [
                sys.executable,
                str(RAIZ / "build_report.py"),
                "--vigilar",
                "--config",
                str(tmp_path / "config.yaml"),
            ],
            stdout=salida,
            stderr=salida,
            cwd=tmp_path,
            env={**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl")},
            # Ctrl+C as at a terminal, even when the suite itself runs in the background (which ignores SIGINT)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        _esperar(lambda: listos() == 1, 600, "el primer borrador")
        assert "aviso-borrador" not in html()

        # a typo in an argument passed to a macro: explained at the chapter's line, over the last good draft
        capitulo.write_text(original.replace('fuente_ott, "cuadro-mensual"', 'fuente_otr, "cuadro-mensual"'))
        _esperar(lambda: "aviso-borrador" in html(), 120, "el aviso tras un error de nombre")
        linea = original[: original.index('fuente_ott, "cuadro-mensual"')].count("\n") + 1
        aviso = html().split("<!-- /aviso-borrador -->")[0]
        assert f"capitulos/cap1/capitulo.html, línea {linea}: no existe la variable `fuente_otr`" in aviso
        assert "¿Quiso decir `fuente_ott`?" in aviso
        # the last good draft goes on below, reloading itself
        assert 'http-equiv="refresh"' in html() and 'class="capitulo"' in html()

        # a runtime error: the watch survives it too
        capitulo.write_text(original.replace("{{ m.seccion(sec.regimen) }}", "{{ 1 // 0 }}", 1))
        _esperar(lambda: "división por cero" in html(), 120, "el aviso tras un error en ejecución")
        assert html().count("<!-- aviso-borrador -->") == 1 and "fuente_otr" not in html()  # replaced
        assert proceso.poll() is None

        # the next good save takes the banner away
        frase = "Frase corregida en vivo por el editor."
        capitulo.write_text(original.replace("</section>", f"<p>{frase}</p>\n</section>", 1))
        _esperar(lambda: frase in html() and "aviso-borrador" not in html(), 300, "el borrador sin aviso")
        _esperar(lambda: listos() == 2, 300, "el PDF del borrador corregido")
        assert proceso.poll() is None
    finally:
        proceso.send_signal(signal.SIGINT)
        proceso.wait(timeout=60)
    assert proceso.returncode == 0, terminal.read_text(encoding="utf-8")
    assert "Vigilancia terminada." in terminal.read_text(encoding="utf-8")
