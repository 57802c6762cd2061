"""Templates: the English catalog is complete, the context is documented, wording errors are caught."""

import re

import pytest
from conftest import RAIZ

from inpe_informe import literals
from inpe_informe.errors import RenderError
from inpe_informe.filters import hacer_filtros
from inpe_informe.i18n import Traductor, extraer_mensajes, leer_catalogo
from inpe_informe.render import entorno, html

PLANTILLAS = RAIZ / "templates"


def test_catalogo_ingles_completo():
    catalogo = leer_catalogo(PLANTILLAS)
    faltan = sorted(m for m in extraer_mensajes(PLANTILLAS) if not catalogo.get(m))
    assert not faltan, (
        "Textos sin traducción, o por revisar (#, fuzzy), en templates/locale/en/*.po "
        "(ejecute build_report.py traducciones): " + "; ".join(faltan)
    )


def test_bilingue_pone_el_ingles_debajo():
    t = Traductor(PLANTILLAS)
    assert str(t.bi("Fuente")) == 'Fuente<span class="en">Source</span>'
    t.en("Texto que no existe")
    assert t.faltantes == {"Texto que no existe"}


def _documentacion() -> str:
    """templates/README.md plus each chapter's capitulos/capN/variables.md (where its variables are listed)."""
    partes = [PLANTILLAS / "README.md", *sorted((PLANTILLAS / "capitulos").glob("cap*/variables.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in partes)


def test_readme_documenta_cada_variable_del_contexto():
    """Every top-level context field and every chapter's own fields are documented for editors."""
    from inpe_informe import context
    from inpe_informe.capitulos import tablas_del_informe
    from inpe_informe.capitulos.protocolo import campos_de_plantilla
    from inpe_informe.config import leer_config
    from inpe_informe.edition import Edicion
    from inpe_informe.outline import leer_secciones
    from inpe_informe.prepare import calcular, cargar_y_validar

    nombres = set(re.findall(r"`([a-z_0-9.]+)`", _documentacion()))
    documentados = nombres | {n.split(".")[-1] for n in nombres}
    cfg = leer_config(RAIZ / "config.yaml")
    indicadores, _ = calcular(cfg, cargar_y_validar(cfg, tablas_del_informe())[0])
    edicion = Edicion.de(PLANTILLAS, cfg.idioma)
    referencia = {"oficinas": [], "estilos": [], "secciones": leer_secciones(PLANTILLAS)}
    ctx = context.construir(cfg, edicion, indicadores, {}, {}, referencia)
    campos = set(ctx) | set(ctx["informe"])
    por_capitulo = {
        f"{cap}.{k}" for cap, datos in indicadores.items() for k in [*datos, *campos_de_plantilla()]
    }
    faltan = sorted((campos | set(indicadores) | por_capitulo) - documentados)
    assert not faltan, f"templates/README.md o templates/capitulos/capN/variables.md no documentan: {faltan}"


def test_filtros_documentados():
    readme = _documentacion()
    for nombre in hacer_filtros():
        assert f"`{nombre}`" in readme, nombre


def _entorno(tmp_path, texto):
    (tmp_path / "prueba.html").write_text(texto, encoding="utf-8")
    return entorno(tmp_path, Traductor(PLANTILLAS), hacer_filtros())


def test_variable_indefinida_nombra_plantilla_y_linea(tmp_path):
    env = _entorno(tmp_path, "línea uno\n{{ no_existe.campo }}\n")
    with pytest.raises(RenderError, match=r"prueba.html, línea 2"):
        html(env, "prueba.html", {})


def test_error_de_sintaxis_nombra_plantilla_y_linea(tmp_path):
    env = _entorno(tmp_path, "uno\ndos\n{% if %}\n")
    with pytest.raises(RenderError, match=r"prueba.html, línea 3"):
        html(env, "prueba.html", {})


def test_sandbox_impide_acceder_a_internos(tmp_path):
    env = _entorno(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(RenderError):
        html(env, "prueba.html", {})


def test_sin_cifras_escritas_en_plantillas():
    """No figure, percentage or year typed into a template (legal citations excepted): the build's own rule."""
    escritas = literals.buscar(PLANTILLAS)
    assert not escritas, [c.texto() for c in escritas]


def test_regla_de_cifras_escritas():
    """What the rule catches and what it leaves: code, comments (even over several lines) and legal citations."""
    texto = "\n".join(
        [
            "<p>Hay 99,443 internos.</p>",  # 1: a figure
            "<p>{{ cap1.actual.total_general|numero }} internos, {{ 2024 }}</p>",  # 2: inside code
            "{# nota de 2023,",  # 3: a comment…
            "   que sigue aquí: 4.0% #}",  # 4: …over two lines
            "<p>Crece 4.0 %.</p>",  # 5: a percentage
            "<p>Decreto Supremo N° 024-2001-JUS</p>",  # 6: a legal citation
            "<p>Diciembre 2024</p>",  # 7: a year
            "<p>Capítulo 3, sección 3.2</p>",  # 8: section numbers are wording
        ]
    )
    assert literals.en_texto(texto) == [(1, "99,443"), (5, "4.0 %"), (7, "2024")]


def test_diccionario_de_datos_al_dia():
    from inpe_informe.dictionary import texto_diccionario

    readme = (RAIZ / "data/README.md").read_text(encoding="utf-8")
    assert texto_diccionario(RAIZ / "data") in readme, (
        "data/README.md desactualizado: ejecute build_report.py diccionario"
    )
