"""Live mode: a warm process rebuilds the draft after an edit, laying out only the edited chapter."""

from __future__ import annotations

import logging
import re
import shutil

from conftest import RAIZ
from pypdf import PdfReader


def test_vigilar_rehace_el_borrador_y_solo_el_capitulo_editado(tmp_path, caplog):
    from inpe_informe.config import leer_config
    from inpe_informe.watch import vigilar

    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    cfg = leer_config(
        RAIZ / "config.yaml",
        plantillas=tmp_path / "templates",
        salida=tmp_path / "output",
        figuras=tmp_path.parent / "figuras-de-la-sesion",
        cache=tmp_path.parent / "cache-de-la-sesion",
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
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(borradores[1])).pages)
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
