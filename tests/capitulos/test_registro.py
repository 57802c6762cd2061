"""The chapter registry and its contract: a chapter written in a temporary folder joins every stage
without touching a shared file; a chapter that breaks the contract or fails to import stops the build."""

import dataclasses
import importlib
import sys
import textwrap

import pytest
from conftest import RAIZ, config_de_la_sesion

from inpe_informe import capitulos
from inpe_informe.capitulos.protocolo import Capitulo, Omitida, Resultado
from inpe_informe.periods import Periodo

DIC = Periodo(2024, 12)

# A small chapter, in its own folder, written the way capitulos/capN/ is.
CAPITULO_DE_PRUEBA = {
    "__init__.py": '''
        """Chapter VIII (this test's own): establishments per office."""

        from inpe_informe.capitulos.protocolo import Capitulo

        from . import cifras, extracto, graficos, reglas

        CAPITULO = Capitulo(
            numero=8,
            tablas=cifras.TABLAS,
            calcular=cifras.calcular,
            graficos=graficos.graficos,
            extracto=extracto.extraer,
            revisar=reglas.revisar,
            tablas_revisadas=reglas.TABLAS,
        )
    ''',
    "cifras.py": """
        from inpe_informe.capitulos.protocolo import Omitida, Resultado

        TABLAS = ["establecimientos", "oficinas_regionales"]


        def calcular(tablas, periodo, ventana):
            por_oficina = tablas["establecimientos"].groupby("oficina").size()
            oficinas = [{"codigo": c, "establecimientos": int(n)} for c, n in por_oficina.items()]
            cifras = {"oficinas": oficinas, "total": sum(o["establecimientos"] for o in oficinas)}
            return Resultado(True, cifras, [Omitida("capacidad", "capacidad_por_oficina", [periodo])])
    """,
    "reglas.py": """
        from inpe_informe.validate import ADVERTENCIA, hallazgo_de

        TABLAS = ["establecimientos", "oficinas_regionales"]


        def revisar(tablas, esquemas):
            vacias = set(tablas["oficinas_regionales"]["codigo"]) - set(tablas["establecimientos"]["oficina"])
            mensaje = f"capítulo 8: {len(vacias)} oficina(s) sin establecimientos"
            return [hallazgo_de(esquemas["establecimientos"], ADVERTENCIA, "", mensaje)]
    """,
    "graficos.py": """
        from inpe_informe.charts import Grafico


        def graficos(cap8, etiquetas, edicion):
            datos = {
                "categorias": [o["codigo"] for o in cap8["oficinas"]],
                "valores": [o["establecimientos"] for o in cap8["oficinas"]],
            }
            return [Grafico("cap8_establecimientos", "barras_h", datos)]
    """,
    "extracto.py": """
        def extraer(cap8, codigo):
            propia = next((o for o in cap8["oficinas"] if o["codigo"] == codigo), None)
            return {"establecimientos": propia["establecimientos"], "nacional": cap8["total"]} if propia else None
    """,
}


def _escribir_paquete(raiz, nombre: str, archivos: dict[str, str]) -> None:
    carpeta = raiz / nombre
    carpeta.mkdir()
    for archivo, texto in archivos.items():
        (carpeta / archivo).write_text(textwrap.dedent(texto).lstrip(), encoding="utf-8")


@pytest.fixture(scope="module")
def tablas():
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import cargar_y_validar

    return cargar_y_validar(leer_config(RAIZ / "config.yaml"), capitulos.tablas_del_informe())[0]


@pytest.fixture
def capitulo_nuevo(tmp_path, monkeypatch):
    """Chapter VIII, imported from a temporary folder and registered for one test."""
    _escribir_paquete(tmp_path, "capitulo_de_prueba", CAPITULO_DE_PRUEBA)
    monkeypatch.syspath_prepend(str(tmp_path))
    capitulo = capitulos.registrar(importlib.import_module("capitulo_de_prueba").CAPITULO)
    yield capitulo
    capitulos.retirar(capitulo)
    for nombre in [m for m in sys.modules if m.split(".")[0] == "capitulo_de_prueba"]:
        del sys.modules[nombre]


def test_un_capitulo_de_otra_carpeta_entra_en_cada_etapa(capitulo_nuevo, tablas):
    from inpe_informe.edition import Edicion
    from inpe_informe.i18n import leer_etiquetas
    from inpe_informe.prepare import calcular
    from inpe_informe.schema import leer_esquemas

    assert capitulos.capitulos()[-1] is capitulo_nuevo and capitulo_nuevo.nombre == "cap8"
    assert set(capitulo_nuevo.tablas) <= capitulos.tablas_del_informe()

    resultados = capitulos.calcular(tablas, DIC, "anio")
    assert list(resultados)[-1] == "cap8"
    assert resultados["cap8"]["total"] == len(tablas["establecimientos"])
    assert Omitida("capacidad", "capacidad_por_oficina", ("2024-12",), 8) in capitulos.omitidas(resultados)

    hallazgos = capitulos.revisar(tablas, leer_esquemas(RAIZ / "data"))
    assert [h for h in hallazgos if h.mensaje.startswith("capítulo 8:")]

    plantillas = RAIZ / "templates"
    graficos = capitulos.especificaciones(
        resultados, leer_etiquetas(plantillas), Edicion.de(plantillas, "es")
    )
    assert graficos[-1].id == "cap8_establecimientos"

    lima = int((tablas["establecimientos"]["oficina"] == "LIMA").sum())
    assert capitulos.extraer(resultados, "LIMA")["cap8"] == {
        "establecimientos": lima,
        "nacional": len(tablas["establecimientos"]),
    }

    from inpe_informe.config import leer_config

    indicadores, omitidas = calcular(leer_config(RAIZ / "config.yaml"), tablas)
    assert "cap8" in indicadores and any(o.capitulo == 8 for o in omitidas)


def test_retirado_el_capitulo_el_informe_queda_como_estaba(capitulo_nuevo):
    capitulos.retirar(capitulo_nuevo)
    assert [c.nombre for c in capitulos.capitulos()] == [f"cap{n}" for n in range(1, 8)]


def test_un_numero_ya_registrado_no_se_repite():
    primero = capitulos.capitulos()[0]
    assert capitulos.registrar(primero) is primero  # the same chapter again: nothing changes
    with pytest.raises(ValueError, match="chapter 1 is already registered"):
        capitulos.registrar(dataclasses.replace(primero, tablas=()))
    with pytest.raises(TypeError, match="expects a Capitulo"):
        capitulos.registrar(primero.calcular)


def test_el_contrato_se_comprueba_al_declarar():
    with pytest.raises(TypeError, match="calcular must be callable"):
        Capitulo(numero=9, tablas=(), calcular=None, graficos=list, extracto=dict)
    with pytest.raises(ValueError, match="positive int"):
        Capitulo(numero=0, tablas=(), calcular=list, graficos=list, extracto=dict)
    with pytest.raises(ValueError, match="would be hidden"):
        Resultado(True, {"omitidas": 3})
    with pytest.raises(TypeError, match="a list of months"):
        Omitida("sección", "tabla", "2024-12")


def test_un_calcular_que_no_devuelve_resultado_se_nombra(tablas):
    como_antes = Capitulo(
        numero=9, tablas=(), calcular=lambda t, p, v: {"disponible": True}, graficos=list, extracto=dict
    )
    capitulos.registrar(como_antes)
    try:
        with pytest.raises(TypeError, match="cap9.calcular returned dict, not Resultado"):
            capitulos.calcular(tablas, DIC, "anio")
    finally:
        capitulos.retirar(como_antes)


def test_resultado_se_lee_como_sus_cifras():
    r = Resultado(True, {"total": 5, "oficinas": None}, [Omitida("oficinas", "t", [DIC])], [("t", [DIC])])
    assert r["total"] == 5 and r.get("oficinas", 1) is None and list(r) == ["total", "oficinas"]
    assert r.disponible and r.omitidas[0].meses == ("2024-12",) and r.faltan == (("t", ("2024-12",)),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.disponible = False


def test_un_capitulo_que_no_importa_detiene_la_generacion(tmp_path, monkeypatch):
    """A broken import inside a chapter raises: its charts or rules are never silently dropped."""
    _escribir_paquete(tmp_path, "cap9", {"__init__.py": "from . import graficos_que_no_existen\n"})
    monkeypatch.setattr(capitulos, "__path__", [*capitulos.__path__, str(tmp_path)])
    monkeypatch.setattr(capitulos, "_integrados_cargados", False)
    with pytest.raises(ImportError, match="graficos_que_no_existen"):
        capitulos.capitulos()


# Chapter VIII's template side: its own folder, declared sections, its figures and its chart.
PLANTILLAS_DE_PRUEBA = {
    "secciones.yaml": """
        titulo: Establecimientos por oficina regional
        secciones:
          oficinas: Establecimientos penitenciarios de cada oficina regional
    """,
    "capitulo.html": """
        {% set sec = secciones.cap8 %}
        <section class="capitulo" id="{{ sec.ancla }}">
        {% call m.apertura(sec) %}<p>Capítulo de prueba.</p>{% endcall %}
        {{ m.seccion(sec.oficinas) }}
        <p>El país cuenta con {{ cap8.total|numero }} establecimientos.</p>
        {{ m.figura("cap8_establecimientos", "Establecimientos por oficina", "INPE", hasta=informe.periodo) }}
        </section>
    """,
}


def test_un_capitulo_nuevo_llega_al_informe_sin_tocar_archivos_compartidos(capitulo_nuevo, tablas, tmp_path):
    """Chapter VIII's two folders (Python registered from tmp, templates in a copy) reach the report's
    contents and a preview, with its heading numbered from its declaration and its chart drawn."""
    import shutil

    from inpe_informe import render, run
    from inpe_informe.pipeline import construir_vista
    from inpe_informe.prepare import preparar

    plantillas = tmp_path / "templates"
    shutil.copytree(RAIZ / "templates", plantillas)
    _escribir_paquete(plantillas / "capitulos", "cap8", PLANTILLAS_DE_PRUEBA)
    # the session's shared chart and layout caches (charts are content-addressed)
    cfg = config_de_la_sesion(RAIZ / "config.yaml", tmp_path / "salida", plantillas=plantillas)
    total = f"{len(tablas['establecimientos']):,}"

    with run.corrida(cfg.salida, "prueba-cap8") as registro:
        prep = preparar(cfg, registro)
        informe = render.html(prep.env, "informe.html", prep.ctx)
    assert '<a href="#s8-1">' in informe and "8.1" in informe
    assert "Establecimientos penitenciarios de cada oficina regional" in informe

    vista = construir_vista(cfg, [8], solo_html=True).read_text(encoding="utf-8")
    assert "Capítulo" in vista and "VIII" in vista and "Establecimientos por oficina regional" in vista
    assert f"El país cuenta con {total} establecimientos." in vista
    # charts are content-addressed: <id>-<address>.svg
    assert list((cfg.figuras / str(cfg.periodo)).glob("cap8_establecimientos-*.svg"))
