"""Figures typed by hand into a template are caught where editors work: the previews and the build warn."""

from __future__ import annotations

import logging
import shutil

import pytest
from conftest import RAIZ, caches_de_la_sesion

from inpe_informe.errors import RenderError

CAP1 = "capitulos/cap1/capitulo.html"
FRASE = "<p>Al cierre del año había 99,443 internos.</p>"


def _config(tmp_path, **extra):
    """templates/ copied with a figure typed into Chapter I's text (after its first section heading)."""
    from inpe_informe.config import leer_config

    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    capitulo = tmp_path / "templates" / CAP1
    texto = capitulo.read_text(encoding="utf-8").replace(
        "{{ m.seccion(sec.regimen) }}\n", "{{ m.seccion(sec.regimen) }}\n" + FRASE + "\n", 1
    )
    capitulo.write_text(texto, encoding="utf-8")
    linea = texto[: texto.index(FRASE)].count("\n") + 1
    cfg = leer_config(
        RAIZ / "config.yaml",
        plantillas=tmp_path / "templates",
        salida=tmp_path / "output",
        **caches_de_la_sesion(),
        **extra,
    )
    return cfg, linea


def test_vista_previa_advierte_una_cifra_escrita_a_mano(tmp_path, caplog):
    from inpe_informe.pipeline import construir_vista

    cfg, linea = _config(tmp_path)
    caplog.set_level(logging.WARNING, logger="inpe_informe")
    ruta = construir_vista(cfg, [1], solo_html=True)
    avisos = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"templates/{CAP1}, línea {linea}: cifra escrita a mano «99,443»" in "\n".join(avisos), avisos
    assert "99,443" in ruta.read_text(encoding="utf-8")  # a warning: the preview is still written


def test_estricto_detiene_la_generacion(tmp_path):
    from inpe_informe.pipeline import construir_vista

    cfg, linea = _config(tmp_path, estricto=True)
    with pytest.raises(RenderError, match=rf"{CAP1}, línea {linea}: cifra escrita a mano «99,443»"):
        construir_vista(cfg, [1], solo_html=True)
    assert not list((tmp_path / "output").glob("*.html"))
