"""Layout by parts: the joined PDF reads as the one-document PDF, and unchanged parts are reused."""

from __future__ import annotations

import io
import re

import pytest
from conftest import RAIZ, paginas_pdf
from pypdf import PdfReader

from inpe_informe import layout, render

PLANTILLAS = RAIZ / "templates"
PERMITIDAS = [PLANTILLAS, RAIZ / "figures"]


def _documento(texto_cap2: str = "Segundo capítulo.") -> str:
    """A small report with the real stylesheet: cover, contents linking to sections of two chapters."""
    parrafos = "".join(
        f"<p>Párrafo {i} del primer capítulo, con texto suficiente para ocupar varias líneas "
        f"de la página y forzar que el capítulo pase a una segunda página.</p>"
        for i in range(60)
    )
    return f"""<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Prueba</title>
<meta name="dcterms.created" content="2025-01-01T00:00:00Z"><meta name="dcterms.modified" content="2025-01-01T00:00:00Z">
<link rel="stylesheet" href="styles/informe.css"></head><body>
<section class="portada"><h1 class="titulo-informe">Informe</h1><p class="titulo-corrido">Informe de prueba</p></section>
<nav class="indice"><h1 id="contenido" class="seccion">Contenido</h1><ol>
<li class="cap"><a href="#cap1">Capítulo I</a></li><li><a href="#s1-2">1.2 Sección</a></li>
<li class="cap"><a href="#cap2">Capítulo II</a></li></ol></nav>
<section class="capitulo" id="cap1"><div class="apertura"><p class="capitulo-num">Capítulo I</p>
<h1 class="capitulo-titulo">Primero</h1></div>{parrafos}<h2 id="s1-2" class="seccion">1.2 Sección</h2><p>Fin.</p></section>
<section class="capitulo" id="cap2"><div class="apertura"><p class="capitulo-num">Capítulo II</p>
<h1 class="capitulo-titulo">Segundo</h1></div><p>{texto_cap2}</p></section>
</body></html>"""


def _por_partes(documento: str, carpeta=None, procesos: int = 1):
    cache = layout.Cache(carpeta, PLANTILLAS)
    return layout.maquetar_informe(documento, PLANTILLAS, PERMITIDAS, documento, cache, procesos)


def _paginas(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_dividir_en_preliminares_y_capitulos():
    _, partes, _ = layout.dividir(_documento())
    assert [p.nombre for p in partes] == ["preliminares", "cap1", "cap2"]
    assert (
        layout.caja_del_folio([(PLANTILLAS / "styles/informe.css").read_text(encoding="utf-8")])
        == "@bottom-right"
    )


def test_unido_se_lee_como_el_documento_de_una_pieza():
    documento = _documento()
    entero = _paginas(render.pdf(documento, PLANTILLAS, PERMITIDAS))
    unido, cifras = _por_partes(documento, procesos=2)
    assert _paginas(unido) == entero  # same pages, same text, same page numbers and contents numbers
    assert cifras["paginas"] == len(entero) and cifras["partes"] == 3
    lector = PdfReader(io.BytesIO(unido))
    destinos = {n: lector.get_destination_page_number(d) + 1 for n, d in lector.named_destinations.items()}
    assert {"contenido", "cap1", "s1-2", "cap2"} <= set(destinos)
    assert (
        destinos["s1-2"] > destinos["cap1"] + 1
    )  # chapter I spans pages: the section is not on its first page
    enlaces = [a.get_object() for p in lector.pages for a in p.get("/Annots", [])]
    assert enlaces and all(str(a["/Dest"]) in destinos for a in enlaces), (
        "every contents link has its destination"
    )
    indice = entero[1]
    for ancla, titulo in (("cap1", "Capítulo I"), ("s1-2", "1.2 Sección"), ("cap2", "Capítulo II")):
        assert re.search(re.escape(titulo) + r"[ .]*" + str(destinos[ancla]), indice), (titulo, indice)


def _marcadores(lector, items=None, nivel=0):
    items = lector.outline if items is None else items
    plano = []
    for item in items:
        if isinstance(item, list):
            plano += _marcadores(lector, item, nivel + 1)
        else:
            plano.append((nivel, item.title, lector.get_destination_page_number(item)))
    return plano


def test_arbol_de_etiquetas_y_marcadores_unidos():
    documento = _documento()
    lector = PdfReader(io.BytesIO(_por_partes(documento)[0]))
    arbol = lector.trailer["/Root"]["/StructTreeRoot"]
    [raiz] = arbol["/K"]
    assert raiz.get_object()["/S"] == "/Document"
    secciones = raiz.get_object()["/K"]
    assert len(secciones) >= 4 and all(
        s.get_object()["/P"].get_object() is raiz.get_object() for s in secciones
    )
    claves = arbol["/ParentTree"]["/Nums"][0::2]
    por_pagina = [p["/StructParents"] for p in lector.pages]
    assert len(set(por_pagina)) == len(por_pagina) and set(por_pagina) <= set(claves)
    assert arbol["/ParentTreeNextKey"] == max(claves) + 1
    entero = PdfReader(io.BytesIO(render.pdf(documento, PLANTILLAS, PERMITIDAS)))
    assert _marcadores(lector) == _marcadores(entero)  # same bookmarks, same levels, same pages
    assert [t for n, t, _ in _marcadores(lector) if n == 0] == ["Contenido", "Primero", "Segundo"]


def test_cache_rehace_solo_la_parte_que_cambia(tmp_path):
    primero, cifras = _por_partes(_documento(), tmp_path)
    assert cifras["reutilizadas"] == 0
    otra_vez, cifras = _por_partes(_documento(), tmp_path)
    assert cifras["maquetadas"] == 0 and otra_vez == primero
    editado, cifras = _por_partes(_documento("Segundo capítulo, con una frase nueva."), tmp_path)
    assert cifras["maquetadas"] == 1  # only chapter II: same pages, so the contents are reused
    assert (
        editado == _por_partes(_documento("Segundo capítulo, con una frase nueva."))[0]
    )  # as if laid out anew
    assert "con una frase nueva" in _paginas(editado)[-1]


def test_las_preliminares_se_maquetan_una_vez_si_sus_numeros_no_cambian(tmp_path):
    """The contents are laid out first with the page numbers of the last run: when the numbers still hold
    (a changed cover, the next month), no second layout with the numbers; when they moved, the result is
    still the one laid out anew."""
    _por_partes(_documento(), tmp_path)
    portada_nueva = _documento().replace(">Informe</h1>", ">Informe mensual</h1>")
    assert portada_nueva != _documento()
    editado, cifras = _por_partes(portada_nueva, tmp_path)
    assert cifras["maquetadas"] == 1  # the preliminaries, once, with the right numbers already in
    assert editado == _por_partes(portada_nueva)[0]

    mas_largo = portada_nueva.replace("<h2 id=", "<p>Otro párrafo.</p>" * 40 + "<h2 id=", 1)
    movido, cifras = _por_partes(mas_largo, tmp_path)
    assert movido == _por_partes(mas_largo)[0]  # the numbers of last time were wrong: laid out again
    contenido = [p for p in _paginas(movido) if p.startswith("Contenido")]
    assert contenido != [p for p in _paginas(editado) if p.startswith("Contenido")]  # they did move


def test_numeros_guardados_danados_no_cambian_el_informe(tmp_path):
    """The numbers kept from the last run are only a guess: damaged, they are not used, and nothing fails."""
    _por_partes(_documento(), tmp_path)
    [pista] = (tmp_path / "numeros").glob("*.json")
    portada_nueva = _documento().replace(">Informe</h1>", ">Informe mensual</h1>")
    for danado in ('{"cap1": "\\"><p>roto</p>", "cap2": [2], "s1-2": 3}', "no es JSON", "[1, 2]"):
        pista.write_text(danado, encoding="utf-8")
        editado, cifras = _por_partes(portada_nueva, tmp_path)
        assert editado == _por_partes(portada_nueva)[0]
        assert "roto" not in " ".join(_paginas(editado))


def test_informe_numerado_con_indice_y_enlaces_correctos(informe):
    """The real report: every page after the cover carries its number; each contents number is its link's page."""
    lector = PdfReader(str(informe.pdf))
    textos = paginas_pdf(informe.pdf)
    for numero, texto in enumerate(textos[1:], start=2):
        assert texto.rstrip().endswith(str(numero)), f"página {numero}: «{texto.rstrip()[-60:]}»"
    destinos = {n: lector.get_destination_page_number(d) + 1 for n, d in lector.named_destinations.items()}
    preliminares = range(destinos["cap1"] - 1)
    enlazados = [
        str(a.get_object()["/Dest"]) for i in preliminares for a in lector.pages[i].get("/Annots", [])
    ]
    assert all(d in destinos for d in enlazados)  # contents, lists of tables and charts, main points
    # the contents (it may take more than one page) run up to the list of tables that follows them
    contenido = range(destinos["contenido"] - 1, destinos["indice-cuadros"] - 1)
    del_indice = [str(a.get_object()["/Dest"]) for i in contenido for a in lector.pages[i].get("/Annots", [])]
    paginas = [
        destinos[d] for i, d in enumerate(del_indice) if i == 0 or d != del_indice[i - 1]
    ]  # text + leader
    impresos = [int(n) for i in contenido for n in re.findall(r"\.\s*(\d+)\s*$", textos[i], re.M)]
    assert len(paginas) > 40 and impresos == paginas


@pytest.mark.parametrize(
    "caja,esperada",
    [
        ("@bottom-center { content: counter(page) }", "@bottom-center"),
        ("@top-left { content: string(titulo) }", None),
    ],
)
def test_caja_del_folio_se_lee_de_la_hoja(caja, esperada):
    assert layout.caja_del_folio([f"@page {{ {caja} }}"]) == esperada


def test_el_informe_lleva_las_fuentes_de_templates_y_no_las_del_sistema(informe):
    """Text and chart labels are drawn with templates/fonts, even where the machine has another Lato installed.

    The reduced files of templates/fonts are named Lato-INPE (a system Lato is Lato-Regular), and
    subsets keep the glyph ids of their source up to the last one used: never more than the 500 glyphs
    of the reduced files (a full Lato has 3,026).
    """
    import pikepdf
    from fontTools.ttLib import TTFont

    propias = {
        f.stem.replace("Lato", "Lato-INPE").replace("-Regular", ""): TTFont(f)["maxp"].numGlyphs
        for f in (RAIZ / "templates/fonts").glob("*.ttf")
    }
    vistas = {}
    with pikepdf.open(informe.pdf) as pdf:
        for objeto in pdf.objects:
            if (
                isinstance(objeto, pikepdf.Dictionary)
                and objeto.get("/Type") == "/FontDescriptor"
                and "/FontFile2" in objeto
                and "Lato" in str(objeto.FontName)
            ):
                fuente = TTFont(io.BytesIO(objeto.FontFile2.read_bytes()))
                vistas[str(objeto.FontName).split("+")[-1]] = fuente["maxp"].numGlyphs
    assert {"Lato-INPE", "Lato-INPE-Bold"} <= set(vistas), vistas  # body text and chart labels
    assert all(nombre in propias and glifos <= propias[nombre] for nombre, glifos in vistas.items()), (
        vistas,
        propias,
    )
