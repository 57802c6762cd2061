"""Headings declared once: each chapter's secciones.yaml numbers its sections for the body, contents and extract."""

import re
import shutil

import pytest
from conftest import RAIZ

from inpe_informe.errors import RenderError
from inpe_informe.filters import hacer_filtros
from inpe_informe.i18n import Traductor, mensajes_por_origen
from inpe_informe.outline import carpetas, hojas_de_estilo, leer_secciones, resolver, romano
from inpe_informe.render import entorno
from inpe_informe.rotulos import Rotulos

PLANTILLAS = RAIZ / "templates"
DECLARADAS = leer_secciones(PLANTILLAS)


def _numeros(encabezados):
    return [(s.numero, s.ancla) for s in encabezados]


def test_numeros_y_anclas_salen_de_la_posicion():
    cap3 = resolver(DECLARADAS, {})["cap3"]
    assert (cap3.numero, cap3.romano, cap3.ancla) == (3, "III", "cap3")
    assert _numeros(cap3)[:2] == [("3.1", "s3-1"), ("3.2", "s3-2")]
    assert cap3["tuberculosis"].numero == "3.2" and cap3["tuberculosis"].nivel == 2
    assert (cap3.extracto.numero, cap3.extracto.ancla) == ("III", "x-cap3")


def test_cada_seccion_conserva_su_numero_con_o_sin_cifras():
    """3.9 and 7.3 (once printed only with their figures) are numbered every month; nothing moves up."""
    sin, con = resolver(DECLARADAS, {}), resolver(DECLARADAS, {"cap3": {"teleinterconsultas": {"total": 1}}})
    assert _numeros(sin["cap3"]) == _numeros(con["cap3"])
    assert (sin["cap3"]["teleinterconsultas"].numero, sin["cap3"]["teleinterconsultas"].ancla) == (
        "3.9",
        "s3-9",
    )
    cap7 = resolver(DECLARADAS, {"cap7": {"anual": {"usuarios": None}}})["cap7"]
    assert (cap7["usuarios"].numero, cap7["usuarios"].ancla) == ("7.3", "s7-3")
    assert (cap7["charlas"].numero, cap7["charlas"].ancla) == ("7.4", "s7-4")
    assert _numeros(
        resolver(DECLARADAS, {"cap7": {"anual": {"usuarios": {"total": 3}}}})["cap7"]
    ) == _numeros(cap7)


def test_seccion_sin_numero_y_subsecciones():
    cap5 = resolver(DECLARADAS, {})["cap5"]
    assert _numeros(cap5)[:2] == [("", "s5-0"), ("5.1", "s5-1")]
    servicio = resolver(DECLARADAS, {})["cap2"]["social"]
    assert (servicio.numero, servicio["evolucion"].numero, servicio["personal"].ancla) == (
        "2.2",
        "2.2.1",
        "s2-2-4",
    )
    assert (
        servicio["pim"].nivel == 3
        and servicio["pim"].titulo == resolver(DECLARADAS, {})["cap2"]["pim"].titulo
    )


def test_una_seccion_por_programa_declarado_con_o_sin_cifras_del_mes():
    """Every programme of `titulos:` keeps its number; a month with two of them does not renumber the rest."""
    dos = resolver(DECLARADAS, {"cap6": {"programas": [{"codigo": "RETO"}, {"codigo": "AREE"}]}})["cap6"]
    declarados = list(DECLARADAS["cap6"]["secciones"]["programas"]["titulos"])
    assert list(dos["programas"]) == declarados
    assert [s.numero for s in dos["programas"].values()] == [f"6.{i}" for i in range(2, 2 + len(declarados))]
    ninguno = resolver(DECLARADAS, {"cap6": {"programas": []}})["cap6"]
    assert _numeros(ninguno) == _numeros(dos)
    assert (dos["reinsercion"].numero, dos["campanas"].ancla) == (
        f"6.{2 + len(declarados)}",
        f"s6-{3 + len(declarados)}",
    )


def test_numeros_romanos():
    assert [romano(n) for n in (1, 4, 7, 9, 10, 14, 40)] == ["I", "IV", "VII", "IX", "X", "XIV", "XL"]


def _plantillas_con(tmp_path, nombre: str, secciones: str):
    carpeta = tmp_path / "templates" / "capitulos" / nombre
    carpeta.mkdir(parents=True)
    (carpeta / "secciones.yaml").write_text(secciones, encoding="utf-8")
    return tmp_path / "templates"


def test_declaracion_mal_escrita_nombra_archivo_y_todos_los_problemas(tmp_path):
    plantillas = _plantillas_con(
        tmp_path, "cap8", "titulo: Ocho\nsecciones:\n  uno:\n    tilulo: Uno\n  numero: Dos\n  tres: Tres\n"
    )
    with pytest.raises(RenderError) as error:
        leer_secciones(plantillas)
    mensaje = str(error.value)
    assert mensaje.startswith("capitulos/cap8/secciones.yaml:")
    assert "«tilulo», que no se conoce" in mensaje and "a la sección «uno» le falta «titulo:»" in mensaje
    assert "«numero» no sirve como nombre de sección" in mensaje


def test_programa_sin_titulo_declarado(tmp_path):
    plantillas = _plantillas_con(
        tmp_path,
        "cap8",
        "titulo: Ocho\nsecciones:\n  programas:\n    por_cada: programas\n    titulos:\n      A: Uno\n",
    )
    with pytest.raises(
        RenderError, match=r"cap8/secciones.yaml: la sección «programas» no tiene título para «B»"
    ):
        resolver(leer_secciones(plantillas), {"cap8": {"programas": [{"codigo": "A"}, {"codigo": "B"}]}})


def test_un_capitulo_nuevo_es_una_carpeta(tmp_path):
    """A chapter added as a folder is found by its name, in numeric order, with no shared file edited."""
    plantillas = tmp_path / "templates"
    shutil.copytree(PLANTILLAS, plantillas, ignore=shutil.ignore_patterns("fonts"))
    for nombre in ("cap8", "cap10"):
        nueva = plantillas / "capitulos" / nombre
        nueva.mkdir()
        (nueva / "secciones.yaml").write_text(
            f"titulo: Capítulo nuevo {nombre}\nsecciones:\n  unica: Sección única de {nombre}\n",
            encoding="utf-8",
        )
        (nueva / "estilos.css").write_text("/* nuevo */\n", encoding="utf-8")
    assert list(carpetas(plantillas))[-3:] == ["cap7", "cap8", "cap10"]
    assert hojas_de_estilo(plantillas)[-2:] == ["capitulos/cap8/estilos.css", "capitulos/cap10/estilos.css"]
    cap10 = resolver(leer_secciones(plantillas), {})["cap10"]
    assert (cap10.romano, cap10["unica"].numero, cap10["unica"].ancla) == ("X", "10.1", "s10-1")
    assert mensajes_por_origen(plantillas)["Sección única de cap10"] == "cap10"


def _render(plantilla: str, idioma: str, **contexto) -> str:
    traductor = Traductor(PLANTILLAS, idioma)
    env = entorno(PLANTILLAS, traductor, hacer_filtros(idioma=idioma))
    texto = env.from_string('{% import "macros/componentes.html" as m with context %}' + plantilla)
    # what render.html gives every rendering: the captions' numbering, and the main points (none here)
    comunes = {"secciones": resolver(DECLARADAS, {}), "rotulos": Rotulos(), "puntos": {"lista": []}}
    return texto.render(**{**comunes, **contexto})


def test_titulo_apertura_e_indice_en_los_dos_idiomas():
    seccion = _render("{{ m.seccion(secciones.cap3.tuberculosis) }}", "es")
    assert seccion.startswith(
        '<h2 id="s3-2" class="seccion nivel-2"><span class="num">3.2</span> Situación de la tub'
    )
    assert '<p class="en-titulo nivel-2">Tuberculosis' in seccion
    apertura = _render("{% call m.apertura(secciones.cap3) %}{% endcall %}", "es")
    assert '<p class="capitulo-num">Capítulo III<span class="en">Chapter III</span></p>' in apertura
    assert '<h1 class="capitulo-titulo">Salud Penitenciaria</h1>' in apertura
    assert '<p class="capitulo-num">Chapter III</p>' in _render(
        "{% call m.apertura(secciones.cap3) %}{% endcall %}", "en"
    )
    indice = _render('{% include "partes/indice.html" %}', "en", capitulos=["cap2", "cap3"])
    assert '<a href="#cap2">Chapter II · Penitentiary Assistance</a>' in indice
    assert (
        '<a href="#s3-8">3.8 ' in indice and '<a href="#s3-9">3.9 ' in indice
    )  # with or without its figures


def test_el_indice_en_ingles_traduce_cada_entrada():
    """Service and programme entries too (the retyped contents printed them in Spanish in the English edition)."""
    secciones = resolver(DECLARADAS, {"cap6": {"programas": [{"codigo": "RETO"}]}})
    indice = _render(
        '{% include "partes/indice.html" %}', "en", capitulos=["cap2", "cap6"], secciones=secciones
    )
    assert '<a href="#s2-1">2.1 Psychological Assistance Service</a>' in indice
    assert (
        '<a href="#s6-3">6.3 RETO programme</a>' in indice and "Programa RETO" not in indice
    )  # its declared place


def test_cada_seccion_declarada_tiene_su_lugar_en_el_texto():
    """secciones.yaml and the body agree: every declared section is placed, no heading is typed in a template."""
    for nombre, declaracion in DECLARADAS.items():
        texto = "\n".join(
            p.read_text(encoding="utf-8") for p in (PLANTILLAS / "capitulos" / nombre).glob("*.html")
        )
        for clave, valor in declaracion["secciones"].items():
            assert f"sec.{clave}" in texto, f"{nombre}: la sección «{clave}» no se pone en sus plantillas"
            for sub in (valor.get("subsecciones") or {}) if isinstance(valor, dict) else {}:
                assert f"seccion.{sub}" in texto, (
                    f"{nombre}: la subsección «{sub}» no se pone en sus plantillas"
                )
    escritos = [
        f"{ruta.relative_to(PLANTILLAS)}: {m.group(0)}"
        for ruta in PLANTILLAS.rglob("*.html")
        for m in re.finditer(
            r"m\.seccion\((?!sec\.|seccion\b|secciones\.)[^)]*\)", ruta.read_text(encoding="utf-8")
        )
    ]
    assert not escritos, escritos
    assert not (PLANTILLAS / "indice").exists()
