"""Template mistakes explained for editors: one mistake injected into a real chapter template, rendered
as the chapter preview does, and the message read as the editor reads it.

Each test asserts the Spanish explanation, the file and line the editor wrote (found in the edited
source, not typed here), the excerpt with its caret under the offending part, and the suggestion.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import RAIZ, caches_de_la_sesion

from inpe_informe import render, run
from inpe_informe.errors import ErrorDePlantilla

CAP1 = "capitulos/cap1/capitulo.html"

# Jinja's own wording (and Python's) that must never reach an editor
INGLES = [
    "is undefined",
    "has no attribute",
    "has no element",
    "object",
    "unexpected",
    "Unexpected",
    "Encountered",
    "unknown tag",
    "Jinja",
    "innermost",
    "expected token",
    "No filter named",
    "No test named",
    "not found",
    "search path",
    "invalid literal",
    "conversion from",
    "division",
    "unsafe",
    "keyword argument",
    "takes not more",
    "not callable",
    "Traceback",
    "Error:",
]


@pytest.fixture(scope="module")
def preparado(tmp_path_factory):
    """The report's context, computed once (the session's figures and caches)."""
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import preparar

    cfg = leer_config(
        RAIZ / "config.yaml",
        salida=tmp_path_factory.mktemp("errores") / "output",
        **caches_de_la_sesion(),
    )
    with run.Registro(cfg.salida / "registros", "errores") as registro:
        return preparar(cfg, registro)


def _con_error(tmp_path, preparado, viejo: str, nuevo: str, archivo: str = CAP1):
    """Copy templates/, replace `viejo` by `nuevo` once in `archivo`, render the chapter preview: (error, edited source)."""
    plantillas = tmp_path / "templates"
    shutil.copytree(RAIZ / "templates", plantillas)
    ruta = plantillas / archivo
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, viejo
    editado = texto.replace(viejo, nuevo, 1)
    ruta.write_text(editado, encoding="utf-8")
    env = render.entorno(plantillas, preparado.edicion.traductor, preparado.edicion.filtros)
    with pytest.raises(ErrorDePlantilla) as error:
        render.html(env, "vista.html", dict(preparado.ctx, capitulos=["cap1"]))
    return error.value, editado


def _linea_de(texto: str, fragmento: str) -> int:
    """The line of `texto` where `fragmento` is written (the editor's line, read from the edited file)."""
    return texto[: texto.index(fragmento)].count("\n") + 1


def _subrayado(extracto: str) -> str:
    """What the caret line underlines in the excerpt's source line."""
    linea, marcas = extracto.splitlines()
    inicio, fin = re.search(r"\^+", marcas).span()
    return linea[inicio:fin]


def _sin_ingles(mensaje: str) -> None:
    hallado = [f for f in INGLES if f in mensaje]
    assert not hallado, f"texto de Jinja o Python en el mensaje: {hallado}\n{mensaje}"


def test_nombre_desconocido_pasado_a_una_macro_se_ubica_en_el_capitulo(tmp_path, preparado):
    """A typo in an argument passed to a macro fails inside macros/componentes.html: blamed on the chapter's line."""
    viejo = 'fuente_ott, "cuadro-mensual"'
    error, texto = _con_error(tmp_path, preparado, viejo, 'fuente_otr, "cuadro-mensual"')
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("nombre", CAP1, _linea_de(texto, "fuente_otr"))
    assert "no existe la variable `fuente_otr`" in e.explicacion
    assert _subrayado(e.extracto) == "fuente_otr"
    assert "¿Quiso decir `fuente_ott`?" in e.sugerencia
    assert "macros/componentes.html" in e.nota  # where Jinja noticed it, said as a side note
    assert str(error).startswith(f"Error en la plantilla {CAP1}, línea {e.linea}: no existe la variable")
    _sin_ingles(str(error))


def test_dato_desconocido_sugiere_el_nombre_documentado(tmp_path, preparado):
    viejo = '{{ m.kpi_variacion(v.total_rco, _("Régimen Cerrado Ordinario")) }}'
    nuevo = '{{ m.kpi_variacion(v.total_rcoo, _("Régimen Cerrado Ordinario")) }}'
    error, texto = _con_error(tmp_path, preparado, viejo, nuevo)
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("atributo", CAP1, _linea_de(texto, "v.total_rcoo"))
    assert e.explicacion == "`v` no tiene ningún dato llamado `total_rcoo`."
    assert _subrayado(e.extracto) == "total_rcoo"
    assert "¿Quiso decir `v.total_rco`" in e.sugerencia
    _sin_ingles(str(error))


def test_dato_desconocido_guardado_con_set_se_ubica_donde_se_escribio(tmp_path, preparado):
    """`{% set v = cap1.variacon %}` only fails where `v` is used: the message points at the `set`."""
    error, texto = _con_error(
        tmp_path, preparado, "{% set v = cap1.variacion %}", "{% set v = cap1.variacon %}"
    )
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("atributo", CAP1, _linea_de(texto, "cap1.variacon"))
    assert e.explicacion == "`cap1` no tiene ningún dato llamado `variacon`."
    assert _subrayado(e.extracto) == "variacon"
    assert e.sugerencia.strip() == "¿Quiso decir `cap1.variacion`?"
    _sin_ingles(str(error))


def test_dato_de_un_mes_sugiere_sus_campos(tmp_path, preparado):
    viejo = '{{ f.periodo|mes("anio") }}'
    error, texto = _con_error(tmp_path, preparado, viejo, "{{ f.periodo.anoi }}")
    e = error.explicacion
    assert (e.tipo, e.linea) == ("atributo", _linea_de(texto, "f.periodo.anoi"))
    assert "`f.periodo` no tiene ningún dato llamado `anoi`" in e.explicacion
    assert "¿Quiso decir `f.periodo.anio`?" in e.sugerencia


def test_filtro_desconocido_lista_los_filtros_del_informe(tmp_path, preparado):
    viejo = "obs=cap1.actual.periodo_observacion|numero"
    error, texto = _con_error(tmp_path, preparado, viejo, viejo + "s")
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("filtro", CAP1, _linea_de(texto, "|numeros"))
    assert e.explicacion == "no existe el filtro `numeros`."
    assert _subrayado(e.extracto) == "numeros"
    assert "¿Quiso decir `numero`" in e.sugerencia
    from inpe_informe.filters import hacer_filtros

    for nombre in hacer_filtros():
        assert f"`{nombre}`" in e.sugerencia.splitlines()[-1]
    _sin_ingles(str(error))


def test_bloque_sin_cerrar_se_ubica_donde_se_abrio(tmp_path, preparado):
    """An `{% if %}` without its `{% endif %}`: Jinja complains at the end of the file; the message at the `if`."""
    viejo = "{% endif %}\n\n{% if cap1.oficinas %}"
    error, texto = _con_error(tmp_path, preparado, viejo, "\n\n{% if cap1.oficinas %}")
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("bloque_sin_cerrar", CAP1, _linea_de(texto, "{% if v %}"))
    assert "el bloque `{% if %}` que se abre en esta línea no se cierra: falta `{% endif %}`" in e.explicacion
    assert _subrayado(e.extracto) == "if"
    assert "{% endif %}" in e.sugerencia
    _sin_ingles(str(error))


def test_for_sin_cerrar_dentro_de_un_cuadro(tmp_path, preparado):
    error, texto = _con_error(tmp_path, preparado, "{% endfor %}\n</tbody>", "</tbody>")
    e = error.explicacion
    assert (e.tipo, e.linea) == ("bloque_sin_cerrar", _linea_de(texto, "{% for f in cap1.serie %}"))
    cierre = texto[: texto.index("{% endcall %}", texto.index("{% for f in cap1.serie %}"))].count("\n") + 1
    assert f"antes de `{{% endcall %}}` (línea {cierre})" in e.explicacion
    assert _subrayado(e.extracto) == "for"


def test_endfor_sin_for_es_una_etiqueta_fuera_de_lugar(tmp_path, preparado):
    error, texto = _con_error(tmp_path, preparado, "{% if v %}", "{% if v %}{% endfor %}")
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == (
        "etiqueta_fuera_de_lugar",
        CAP1,
        _linea_de(texto, "{% if v %}{% endfor %}"),
    )
    assert e.explicacion == "`{% endfor %}` cierra un bloque `{% for %}` que no está abierto."
    assert _subrayado(e.extracto) == "endfor"
    _sin_ingles(str(error))


def test_else_fuera_de_un_if(tmp_path, preparado):
    viejo = '<p class="nota">'
    error, texto = _con_error(tmp_path, preparado, viejo, "{% else %}" + viejo)
    e = error.explicacion
    assert (e.tipo, e.linea) == ("etiqueta_fuera_de_lugar", _linea_de(texto, "{% else %}"))
    assert "`{% else %}` sólo puede ir dentro de un bloque `{% for %}` o `{% if %}`" in e.explicacion
    assert _subrayado(e.extracto) == "else"


def test_filtro_con_un_valor_de_otro_tipo(tmp_path, preparado):
    viejo = "obs=cap1.actual.periodo_observacion|numero"
    error, texto = _con_error(tmp_path, preparado, viejo, "obs=cap1.actual|porcentaje")
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == (
        "tipo_de_filtro",
        CAP1,
        _linea_de(texto, "cap1.actual|porcentaje"),
    )
    assert e.explicacion.startswith(
        "el filtro `porcentaje` recibió un grupo de datos, pero espera un porcentaje"
    )
    assert _subrayado(e.extracto) == "porcentaje"
    assert "`periodo_observacion`" in e.sugerencia  # the group's own figures
    _sin_ingles(str(error))


def test_filtro_de_cifras_con_un_mes(tmp_path, preparado):
    viejo = "obs=cap1.actual.periodo_observacion|numero"
    error, texto = _con_error(tmp_path, preparado, viejo, "obs=informe.periodo|numero")
    e = error.explicacion
    assert (e.tipo, e.linea) == ("tipo_de_filtro", _linea_de(texto, "informe.periodo|numero"))
    assert "el filtro `numero` recibió el mes" in e.explicacion


def test_llave_sin_cerrar(tmp_path, preparado):
    viejo = "{{ m.seccion(sec.regimen) }}"
    error, texto = _con_error(tmp_path, preparado, viejo, "{{ m.seccion(sec.regimen) }")
    e = error.explicacion
    assert (e.tipo, e.linea) == ("sintaxis", _linea_de(texto, "{{ m.seccion(sec.regimen) }\n"))
    assert e.explicacion == "sobra o está mal puesto `}`."
    assert "cada `{{` cierre con `}}`" in e.sugerencia
    _sin_ingles(str(error))


def test_etiqueta_desconocida(tmp_path, preparado):
    error, texto = _con_error(tmp_path, preparado, "{{ m.seccion(sec.regimen) }}", "{% fi v %}")
    e = error.explicacion
    assert (e.tipo, e.linea) == ("etiqueta_desconocida", _linea_de(texto, "{% fi v %}"))
    assert "¿Quiso decir `{% if %}`" in e.sugerencia
    _sin_ingles(str(error))


def test_error_en_ejecucion_no_deja_texto_en_ingles(tmp_path, preparado):
    """Anything else (here an arithmetic slip) still gets file, line, excerpt and a Spanish explanation."""
    error, texto = _con_error(
        tmp_path, preparado, "{{ m.seccion(sec.regimen) }}", "{{ v.total_rco.actual // 0 }}"
    )
    e = error.explicacion
    assert (e.archivo, e.linea) == (CAP1, _linea_de(texto, "// 0"))
    assert e.explicacion == "hay una división por cero."
    assert _subrayado(e.extracto) == "//"
    _sin_ingles(str(error))


@pytest.mark.parametrize(
    "viejo, nuevo",
    [
        ("{{ m.seccion(sec.regimen) }}", "{{ m.seccionn(sec.regimen) }}"),  # a macro's name
        ("{{ m.seccion(sec.regimen) }}", "{{ m.seccion(sec.regimn) }}"),  # a section's key
        ("{{ m.seccion(sec.regimen) }}", '{{ m.kpi(1, "a", detalles="x") }}'),  # a macro's parameter
        ("{{ m.seccion(sec.regimen) }}", '{% include "partes/portadaa.html" %}'),  # a template's name
        ("{{ m.seccion(sec.regimen) }}", "{{ x is numbr }}"),  # a test
        (  # a filter inside an {% if %}: Jinja notices it only while running
            '{{ m.kpi_variacion(v.total_rco, _("Régimen Cerrado Ordinario")) }}',
            "{{ v.total_rco.actual|numeros }}",
        ),
        ("{{ m.seccion(sec.regimen) }}", '{{ "sin cerrar }}'),  # a quote
        ("{{ m.seccion(sec.regimen) }}", "{% if %}{% endif %}"),  # an empty condition
        ("{{ m.seccion(sec.regimen) }}", "{% trans %}Hay {{ cap1.actual.total_general }}.{% endtrans %}"),
        ("{{ m.seccion(sec.regimen) }}", "{% trans %}Hay {% if v %}más{% endif %}.{% endtrans %}"),
        ("{{ m.seccion(sec.regimen) }}", "{{ cap1.actual() }}"),  # parentheses on a figure
        ("{{ m.seccion(sec.regimen) }}", '{{ "x".__class__ }}'),  # the sandbox
    ],
)
def test_cada_tipo_de_error_se_explica_en_espanol(tmp_path, preparado, viejo, nuevo):
    error, texto = _con_error(tmp_path, preparado, viejo, nuevo)
    e = error.explicacion
    assert (e.archivo, e.linea) == (CAP1, _linea_de(texto, nuevo))
    assert e.extracto and "^" in e.extracto
    assert e.sugerencia or e.tipo in ("no_es_macro", "no_permitido")
    _sin_ingles(str(error))


def _con_plantilla_cambiada(tmp_path, plantilla: str, viejo: str, nuevo: str) -> str:
    """A config.yaml whose templates/ is a copy with `viejo` replaced by `nuevo` in `plantilla` (data/ shared)."""
    import yaml

    shutil.copytree(RAIZ / "templates", tmp_path / "templates")
    archivo = tmp_path / "templates" / plantilla
    texto = archivo.read_text(encoding="utf-8")
    assert viejo in texto
    archivo.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")
    config = yaml.safe_load((RAIZ / "config.yaml").read_text(encoding="utf-8"))
    config["rutas"] = {k: str(RAIZ / v) for k, v in config["rutas"].items()} | {
        "plantillas": str(tmp_path / "templates"),
        **{clave: str(ruta) for clave, ruta in caches_de_la_sesion().items()},
        "salida": str(tmp_path / "output"),
    }
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return str(tmp_path / "config.yaml")


def test_vista_previa_muestra_el_error_explicado(tmp_path, capsys):
    """The command line (`--capitulo 1 --solo-html`) prints the explained error and exits with 1."""
    from inpe_informe.cli import main

    config = _con_plantilla_cambiada(
        tmp_path, CAP1, "{% set v = cap1.variacion %}", "{% set v = cap1.varacion %}"
    )
    codigo = main(["--capitulo", "1", "--solo-html", "--silencioso", "--config", config])
    error = capsys.readouterr().err
    assert codigo == 1
    assert f"ERROR: Error en la plantilla {CAP1}, línea " in error
    assert "¿Quiso decir `cap1.variacion`?" in error
    _sin_ingles(error)


def test_un_error_en_la_plantilla_del_resumen_llega_explicado_y_no_publica_nada(tmp_path, capsys):
    """The summary, the HTML edition and the quality report are composed in another process while the PDF is
    laid out (pipeline._las_demas_salidas): an editor's mistake there reaches the terminal explained, as one
    in a chapter does, and no output of the month is written."""
    from inpe_informe.cli import main

    config = _con_plantilla_cambiada(
        tmp_path,
        "resumen.html",
        "{{ informe.periodo|mes }}{% endblock %}",
        "{{ informe.periodo|mess }}{% endblock %}",
    )
    codigo = main(["--silencioso", "--config", config])
    error = capsys.readouterr().err
    assert codigo == 1, error
    assert "ERROR: Error en la plantilla resumen.html, línea " in error and "mess" in error
    assert "Traceback" not in error
    _sin_ingles(error)
    assert not list((tmp_path / "output").glob("informe-*.pdf"))


def test_variable_compuesta_dentro_de_trans(tmp_path, preparado):
    """A sentence in `{% trans %}` is translated whole: its variables are plain names declared in the tag."""
    nuevo = "{% trans %}Hay {{ cap1.actual.total_general }} internos.{% endtrans %}"
    error, texto = _con_error(tmp_path, preparado, "{{ m.seccion(sec.regimen) }}", nuevo)
    e = error.explicacion
    assert (e.tipo, e.archivo, e.linea) == ("trans", CAP1, _linea_de(texto, nuevo))
    assert e.explicacion == "dentro de un bloque `{% trans %}` una variable no puede llevar `.`."
    assert _subrayado(e.extracto) == "."
    assert "{% trans pct=v.porcentaje|porcentaje %}" in e.sugerencia
    _sin_ingles(str(error))
