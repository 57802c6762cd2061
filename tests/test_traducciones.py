"""English catalogs keep the editors' work: a broken entry is an error at its line, a changed Spanish keeps its English as fuzzy."""

from __future__ import annotations

import shutil

import pytest
from conftest import RAIZ, caches_de_la_sesion

from inpe_informe import quality
from inpe_informe.errors import RenderError
from inpe_informe.i18n import Traductor, actualizar_catalogo, leer_catalogo, leer_por_revisar

CAP1 = "capitulos/cap1/capitulo.html"
VIEJO, NUEVO = "Objetivo del OTT", "Objetivo principal del OTT"


@pytest.fixture
def plantillas(tmp_path):
    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    return tmp_path / "templates"


def _romper(plantillas, viejo: str, nuevo: str) -> int:
    """Replace a line's text in cap1.po; return that line's number."""
    ruta = plantillas / "locale" / "en" / "cap1.po"
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto
    ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")
    return texto[: texto.index(viejo)].count("\n") + 1


@pytest.mark.parametrize(
    "viejo, nuevo, problema",
    [
        ('msgstr "Objective of the OTT"', 'msgstr "Objective of the OTT', "falta la comilla de cierre"),
        ('msgstr "Objective of the OTT"', 'msgstr "Objective" of the OTT"', "sobra texto después"),
        ('msgstr "Objective of the OTT"', "msgstr Objective of the OTT", "se esperaba msgid, msgstr"),
    ],
)
def test_catalogo_mal_escrito_nombra_archivo_y_linea(plantillas, viejo, nuevo, problema):
    linea = _romper(plantillas, viejo, nuevo)
    antes = (plantillas / "locale" / "en" / "cap1.po").read_bytes()
    with pytest.raises(RenderError, match=rf"templates/locale/en/cap1.po, línea {linea}: {problema}"):
        Traductor(plantillas, "en")
    with pytest.raises(RenderError, match=rf"cap1.po, línea {linea}"):
        actualizar_catalogo(plantillas)  # `traducciones` stops before rewriting anything
    assert (plantillas / "locale" / "en" / "cap1.po").read_bytes() == antes


def test_msgid_sin_msgstr(plantillas):
    ruta = plantillas / "locale" / "en" / "comun.po"
    ruta.write_text(ruta.read_text(encoding="utf-8") + '\nmsgid "Texto huérfano"\n', encoding="utf-8")
    with pytest.raises(RenderError, match=r"templates/locale/en/comun.po, línea \d+: entrada incompleta"):
        leer_catalogo(plantillas)


def _cambiar_espanol(plantillas) -> None:
    capitulo = plantillas / CAP1
    texto = capitulo.read_text(encoding="utf-8")
    assert f'bi("{VIEJO}")' in texto
    capitulo.write_text(texto.replace(f'bi("{VIEJO}")', f'bi("{NUEVO}")'), encoding="utf-8")


def test_cambio_del_espanol_conserva_el_ingles_como_fuzzy(plantillas):
    ingles = leer_catalogo(plantillas)[VIEJO]
    _cambiar_espanol(plantillas)
    assert actualizar_catalogo(plantillas) == [NUEVO]  # still to review
    po = (plantillas / "locale" / "en" / "cap1.po").read_text(encoding="utf-8")
    assert f'#, fuzzy\n#| msgid "{VIEJO}"\nmsgid "{NUEVO}"\nmsgstr "{ingles}"' in po
    assert f'msgid "{VIEJO}"\n' not in po.replace(f'#| msgid "{VIEJO}"', "")  # the old entry is gone
    # gettext's rule: a fuzzy English is not used until a translator reviews it
    assert NUEVO not in leer_catalogo(plantillas)
    assert leer_por_revisar(plantillas)[NUEVO].ingles == ingles
    # running `traducciones` again keeps it as it is (flag and previous Spanish)
    actualizar_catalogo(plantillas)
    assert (plantillas / "locale" / "en" / "cap1.po").read_text(encoding="utf-8") == po
    # reviewed: the translator deletes the «#, fuzzy» line and the English is used
    (plantillas / "locale" / "en" / "cap1.po").write_text(po.replace(f'#, fuzzy\n#| msgid "{VIEJO}"\n', ""))
    assert leer_catalogo(plantillas)[NUEVO] == ingles
    assert actualizar_catalogo(plantillas) == []


def test_edicion_inglesa_imprime_el_espanol_y_lo_reporta(plantillas):
    _cambiar_espanol(plantillas)
    actualizar_catalogo(plantillas)
    traductor = Traductor(plantillas, "en")
    assert str(traductor.bi(NUEVO)) == NUEVO  # the Spanish, not an English written for another text
    assert NUEVO not in traductor.faltantes  # not «missing»: its English waits for review
    [hallazgo] = quality.por_revisar(traductor.dudosas)
    assert hallazgo.archivo == "templates/locale/en/cap1.po"
    assert f"«{NUEVO}» se imprimió en español" in hallazgo.mensaje
    assert f"se escribió para «{VIEJO}»" in hallazgo.mensaje and "#, fuzzy" in hallazgo.mensaje


def test_reporte_de_calidad_de_la_edicion_inglesa_lista_lo_que_falta_revisar(plantillas, tmp_path):
    """The English edition, rendered from templates whose Spanish changed: Spanish in place, a finding in the QA report."""
    from inpe_informe import pipeline, render, run
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import preparar

    _cambiar_espanol(plantillas)
    actualizar_catalogo(plantillas)
    cfg = leer_config(
        RAIZ / "config.yaml",
        idioma="en",
        plantillas=plantillas,
        salida=tmp_path / "output",
        **caches_de_la_sesion(),
    )
    with run.Registro(cfg.salida / "registros", "prueba") as registro:
        prep = preparar(cfg, registro)
    documento = render.html(prep.env, "informe.html", prep.ctx)
    assert f'<p class="recuadro-titulo">{NUEVO}</p>' in documento
    hallazgos = pipeline.hallazgos_del_informe(prep)
    revision = {
        "umbral": cfg.umbral_salto,
        "minimo": cfg.minimo_salto,
        "saltos_datos": [],
        "comparacion": None,
    }
    calidad = pipeline._reporte_de_calidad(cfg, prep, hallazgos, revision, "prueba").decode("utf-8")
    assert f"inglés por revisar (#, fuzzy): «{NUEVO}» se imprimió en español" in calidad
