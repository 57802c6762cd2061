"""Main points: the editors' file is checked, and the selection rules are tested on constructed series."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from inpe_informe import puntos
from inpe_informe.errors import RenderError
from inpe_informe.outline import leer_secciones
from inpe_informe.periods import Periodo, rango

RAIZ = Path(__file__).resolve().parent.parent
SECCIONES = {"cap1": {"secciones": {"regimen": "Régimen", "cierre": "Cierre"}}}


def _indicador(**regla) -> dict:
    return {
        "etiqueta": "Población",
        "cifra": "cap1.serie.{mes}.total",
        "unidad": "personas",
        "serie": "cap1.serie.{mes}.total",
        "seccion": "cap1.regimen",
        "frase": "La población es de {valor}: {cambio} respecto a {base}.",
        "frase_sin_cambio": "La población es de {valor}.",
        "regla": regla,
    }


def _declaracion(minimo=0, maximo=10, **indicadores) -> puntos.Declaracion:
    return puntos.validar({"minimo": minimo, "maximo": maximo, "indicadores": indicadores}, SECCIONES)


def _serie(hasta: str, valores: list) -> dict:
    """Flat figures of a monthly series ending at `hasta` (as quality.cifras flattens them)."""
    fin = Periodo.parse(hasta)
    meses = rango(fin.mas(1 - len(valores)), fin)
    return {f"cap1.serie.{m}.total": v for m, v in zip(meses, valores)}


def _elegir(declaracion, valores, periodo):
    periodo = Periodo.parse(periodo)
    return puntos.seleccionar(puntos.con_mes(declaracion, periodo), valores, periodo)


def test_el_archivo_del_proyecto_es_valido_y_nombra_secciones_existentes():
    plantillas = RAIZ / "templates"
    declaracion = puntos.leer(plantillas, leer_secciones(plantillas))
    assert declaracion is not None and 5 <= len(declaracion.indicadores)
    assert declaracion.indicadores[0].clave == "poblacion"


def test_un_record_de_13_meses_es_noticia():
    declaracion = _declaracion(poblacion=_indicador(extremo=True))
    valores = _serie("2024-12", [100 + i for i in range(12)] + [200])
    [punto] = _elegir(declaracion, valores, "2024-12")
    assert punto.motivo("maximo") == 13
    valores = _serie("2024-12", [100 + i for i in range(12)] + [50])
    [punto] = _elegir(declaracion, valores, "2024-12")
    assert punto.motivo("minimo") == 13


def test_sin_13_meses_no_hay_record():
    """January (one month and its December) cannot claim «the highest of 13 months»."""
    declaracion = _declaracion(poblacion=_indicador(extremo=True))
    assert _elegir(declaracion, _serie("2025-01", [100, 200]), "2025-01") == []
    valores = _serie("2024-12", [100] * 6 + [300] + [100] * 5 + [200])  # not above the window's peak
    assert _elegir(declaracion, valores, "2024-12") == []


def test_un_cambio_bajo_el_umbral_no_sale():
    declaracion = _declaracion(poblacion=_indicador(cambio=3))
    assert _elegir(declaracion, _serie("2024-12", [1000, 1029]), "2024-12") == []  # +2.9%
    [punto] = _elegir(declaracion, _serie("2024-12", [1000, 1030]), "2024-12")  # +3.0%
    assert punto.cambio.base == Periodo(2024, 11) and punto.cambio.porcentaje == Decimal("3.0")


def test_cruzar_un_umbral_es_noticia_y_superarlo_solo_si_se_pide():
    cruce = {"valor": 100, "frase": "Supera {umbral}."}
    sigue = {"valor": "cap1.umbral", "frase": "Sigue sobre {umbral}.", "mientras_supere": "sí"}
    declaracion = _declaracion(poblacion=_indicador(umbrales=[cruce]), otro=_indicador(umbrales=[sigue]))
    valores = {**_serie("2024-12", [95, 120]), "cap1.umbral": 110}
    elegidos = _elegir(declaracion, valores, "2024-12")
    assert [(p.indicador.clave, [(k, v) for k, _u, v in p.umbrales]) for p in elegidos] == [
        ("poblacion", [("cruce", 100)]),
        ("otro", [("cruce", 110)]),
    ]
    valores = {**_serie("2024-12", [120, 125]), "cap1.umbral": 110}  # above both, crossed neither
    assert [
        (p.indicador.clave, [k for k, _u, _v in p.umbrales]) for p in _elegir(declaracion, valores, "2024-12")
    ] == [("otro", ["supera"])]


def test_minimo_maximo_y_orden_del_archivo():
    """News first chosen, completed to `minimo` by the other indicators, always in the file's order."""
    indicadores = {f"i{n}": _indicador(cambio=50) for n in range(6)}
    declaracion = _declaracion(minimo=3, maximo=4, **indicadores)
    valores = _serie("2024-12", [100, 101])
    assert [p.indicador.clave for p in _elegir(declaracion, valores, "2024-12")] == ["i0", "i1", "i2"]
    assert all(not p.noticia for p in _elegir(declaracion, valores, "2024-12"))
    declaracion = _declaracion(minimo=1, maximo=2, **{f"i{n}": _indicador(siempre="sí") for n in range(4)})
    assert [p.indicador.clave for p in _elegir(declaracion, valores, "2024-12")] == ["i0", "i1"]


def test_enero_sin_diciembre_usa_la_frase_sin_cambio():
    declaracion = _declaracion(poblacion=_indicador(siempre=True))
    [punto] = _elegir(declaracion, _serie("2025-01", [100]), "2025-01")
    assert punto.cambio is None and punto.anterior is None and punto.hace_un_anio is None


def test_porcentajes_cambian_en_puntos():
    ind = dict(_indicador(cambio=1), unidad="porcentaje")
    declaracion = _declaracion(cobertura=ind)
    assert _elegir(declaracion, _serie("2024-12", [Decimal("5.0"), Decimal("5.9")]), "2024-12") == []
    [punto] = _elegir(declaracion, _serie("2024-12", [Decimal("5.0"), Decimal("3.9")]), "2024-12")
    assert punto.cambio.puntos and punto.cambio.absoluta == Decimal("-1.1")


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        ({"cifra": "99443"}, "indicador «poblacion», «cifra» debe ser"),
        (
            {"seccion": "cap1.no_existe"},
            "indicador «poblacion», «seccion»: «cap1.no_existe» no es una sección",
        ),
        ({"frase": "Son {valr}."}, "indicador «poblacion», «frase» usa {valr}, que no se conoce"),
        ({"unidad": "litros"}, "indicador «poblacion», «unidad» debe ser"),
        ({"regla": {"cambio": "mucho"}}, "«regla», «cambio» debe ser un número"),
        ({"regla": {"record": True}}, "«regla» tiene «record», que no se conoce"),
        ({"color": "rojo"}, "indicador «poblacion» tiene «color», que no se conoce"),
    ],
)
def test_errores_claros_en_espanol(cambio, mensaje):
    with pytest.raises(RenderError) as error:
        _declaracion(poblacion=dict(_indicador(siempre=True), **cambio))
    assert str(error.value).startswith("puntos_principales.yaml: ")
    assert mensaje in str(error.value)


# --- read back from the built editions (session fixtures: each edition is built once) ---------------


def _pagina_de_puntos(pdf: Path) -> str:
    """The text of the main-points page: from its named destination to the contents' heading."""
    from conftest import normalizar, paginas_pdf
    from pypdf import PdfReader

    lector = PdfReader(str(pdf))
    destinos = {str(n).lstrip("/"): d for n, d in lector.named_destinations.items()}
    assert "puntos-principales" in destinos, "el PDF no tiene la página de puntos principales"
    pagina = lector.get_destination_page_number(destinos["puntos-principales"])
    texto = normalizar(" ".join(paginas_pdf(pdf)[i] for i in (pagina, pagina + 1)))
    return texto


def _publicada(seed: str, patron: str) -> str:
    """A figure read from the published edition's text (the seed), by the words around it."""
    import re

    coincide = re.search(patron, seed)
    assert coincide, f"la edición publicada no tiene «{patron}»"
    return coincide.group(1)


def test_diciembre_dice_las_cifras_publicadas(informe, seed):
    from conftest import redondea_a, texto_pdf

    pagina = _pagina_de_puntos(informe.pdf)
    cierre = _publicada(seed, r"Total (\d{2},\d{3}) \d{2},\d{3} \d{2},\d{3}")
    incremento = _publicada(seed, r"se observa un incremento de (\d+\.\d%) \(\d,\d{3}\) de internos\.")
    sobre = _publicada(seed, r"representa el (\d+%) de la capacidad de albergue")
    assert cierre in pagina, f"la población publicada ({cierre}) no está en los puntos principales"
    assert f"un incremento de {incremento}" in pagina
    assert re.search(rf"sobrepoblación del {redondea_a(sobre)}", pagina), "sobrepoblación publicada"
    assert "hacinamiento crítico" in pagina
    contenido = texto_pdf(informe.pdf)
    assert contenido.index("Puntos principales") < contenido.index("Contenido")


@pytest.mark.parametrize("edicion", ["informe_enero", "enero_2025"])  # embedded data; a generated month
def test_enero_compara_con_diciembre_y_no_afirma_records(edicion, request):
    informe = request.getfixturevalue(edicion)
    enero = Periodo.parse(informe.pdf.stem.rsplit("-", 2)[-2] + "-" + informe.pdf.stem.rsplit("-", 1)[-1])
    assert enero.mes == 1
    diciembre = enero.mas(-1)
    pagina = _pagina_de_puntos(informe.pdf)
    assert f"respecto a {diciembre.nombre_mes} {diciembre.anio}" in pagina
    assert "últimos 13 meses" not in pagina, "enero no tiene 13 meses con que comparar"
    assert "noviembre" not in pagina


def test_edicion_inglesa_de_los_puntos(informe_en):
    from conftest import restos_en_espanol

    pagina = _pagina_de_puntos(informe_en.pdf)
    assert "Main points" in pagina and "The prison population stands at" in pagina
    assert restos_en_espanol(pagina.split("Contents")[0]) == []
    assert not [h for h in informe_en.hallazgos if h.tabla == "traducciones" and "punt" in h.mensaje.lower()]


def test_resumen_nacional_en_el_conjunto_publicado(informe, informe_en):
    import json

    from conftest import texto_pdf

    for resultado, titulo in ((informe, "Puntos principales"), (informe_en, "Main points")):
        resumen = resultado.pdf.with_name(resultado.pdf.stem + "-resumen.pdf")
        assert resumen.exists() and resumen.is_symlink(), "el resumen se publica con el conjunto"
        manifiesto = json.loads(resultado.pdf.with_name(resultado.pdf.stem + "-manifiesto.json").read_text())
        assert resumen.name in json.dumps(manifiesto)
        texto = texto_pdf(resumen)
        assert titulo in texto
        from pypdf import PdfReader

        assert 1 <= len(PdfReader(str(resumen)).pages) <= 2
    texto = texto_pdf(informe.pdf.with_name(informe.pdf.stem + "-resumen.pdf"))
    assert "Indicadores de cabecera" in texto and "noviembre 2024" in texto


def test_la_edicion_html_abre_con_los_puntos(informe):
    web = (
        informe.web.read_text(encoding="utf-8")
        if informe.web
        else informe.pdf.with_suffix(".html").read_text()
    )
    assert web.index('id="puntos-principales"') < web.index('id="presentacion"')
