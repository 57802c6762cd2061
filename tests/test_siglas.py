"""Glossary of abbreviations (templates/siglas.yaml → partes/siglas.html) in both editions and the HTML edition.

Every abbreviation printed in an edition is in the glossary, and every glossary entry is printed
in the edition's text outside the glossary page. An abbreviation is a run of capitals (CETPRO,
DR-TB) or of dotted capitals (E.M.L., P.I.M.). Not abbreviations: Roman numerals (chapter and
quarter numbers), month codes of the charts (DIC-24, DEC-24), words set in capitals by the
stylesheet (CAPÍTULO, CHAPTER: the same word appears in lower case), path names, legal document
codes (Decreto Supremo N° 024-2001-JUS) and the names the data print in capitals (health
facilities such as «PUESTO DE SALUD EP LAMPA»: their words are read from data/).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import RAIZ, normalizar, paginas_pdf

from inpe_informe.periods import ABREV, MESES_EN
from inpe_informe.terminologia import leer_siglas

SIGLA = re.compile(
    r"(?<![\w.\-/])(?:(?:[A-ZÁÉÍÓÚÑ]\.){2,}|[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]*[A-ZÁÉÍÓÚÑ](?:-[A-Z]{2,})?)(?![\w\-])"
)
ROMANO = re.compile(r"[IVXLC]+")
MESES = set(ABREV) | {m[:3].upper() for m in MESES_EN}
# A data value in capitals that is one word, not an abbreviation (a health facility's category).
NO_SON_SIGLAS = {"TOPICO"}


def _palabras_de_datos() -> set[str]:
    """Words of the names the data print in capitals (establishments, health facilities)."""
    carpetas = [*(RAIZ / "data").glob("cap*"), RAIZ / "data" / "referencia"]
    palabras = set()
    for ruta in (r for c in carpetas for r in c.glob("*.csv")):
        with open(ruta, encoding="utf-8") as fh:
            for fila in csv.reader(fh):
                for celda in fila:
                    if len(celda.split()) >= 2 and celda == celda.upper():
                        palabras |= {p for t in SIGLA.findall(celda) for p in (t, *t.split("-"))}
    return palabras


def siglas_impresas(texto: str, datos: set[str]) -> set[str]:
    texto = re.sub(r"\S+\.(?:md|csv|yaml|html)\b", " ", texto)  # file names
    texto = re.sub(r"(?<=\d)-\s+", "-", texto)  # a document code broken at the line end
    return {
        s
        for s in SIGLA.findall(texto)
        if not ROMANO.fullmatch(s)
        and s.split("-")[0] not in MESES
        and s not in datos | NO_SON_SIGLAS
        and not (len(s) >= 5 and re.search(r"\b" + re.escape(s.capitalize()) + r"\b", texto))
    }


def _paginas(ruta: Path) -> tuple[list[str], dict[str, int]]:
    from pypdf import PdfReader

    lector = PdfReader(str(ruta))
    destinos = {
        str(n).lstrip("/"): lector.get_destination_page_number(d)
        for n, d in lector.named_destinations.items()
    }
    return [normalizar(t) for t in paginas_pdf(ruta)], destinos


def _fuera_del_glosario(ruta: Path) -> str:
    paginas, destinos = _paginas(ruta)
    return " ".join(paginas[: destinos["siglas"]] + paginas[destinos["cap1"] :])


@pytest.fixture(scope="module")
def glosario():
    return leer_siglas(RAIZ / "templates")


@pytest.fixture(scope="module")
def conocidas(glosario) -> set[str]:
    formas = {f for s in glosario for f in (s["sigla"], s["sigla_en"], *s["variantes"])}
    return formas | {parte for f in formas for parte in f.split()}


@pytest.mark.parametrize("edicion", ["es", "en"])
def test_cada_sigla_impresa_esta_en_el_glosario(edicion, texto, texto_en, conocidas):
    impresas = siglas_impresas(texto if edicion == "es" else texto_en, _palabras_de_datos())
    assert impresas, "no abbreviation found: the pattern is broken"
    faltan = sorted(impresas - conocidas)
    assert not faltan, f"siglas impresas que no están en templates/siglas.yaml: {faltan}"


def test_la_deteccion_encuentra_una_sigla_nueva():
    assert siglas_impresas(
        "Según el INPE y la XYZW (ver data/cap2/NOTA.md). CAPÍTULO II: el Capítulo II, DIC-24.", set()
    ) == {
        "INPE",
        "XYZW",
    }


def _usada(forma: str, texto: str) -> bool:
    return re.search(r"(?<![\w.])" + re.escape(forma) + r"(?![\w])", texto) is not None


def test_cada_entrada_del_glosario_se_usa(informe, informe_en, glosario):
    es, en = _fuera_del_glosario(informe.pdf), _fuera_del_glosario(informe_en.pdf)
    sin_uso = [s["sigla"] for s in glosario if not any(_usada(f, es) for f in (s["sigla"], *s["variantes"]))]
    sin_uso_en = [
        s["sigla_en"] for s in glosario if not any(_usada(f, en) for f in (s["sigla_en"], *s["variantes"]))
    ]
    assert not sin_uso, f"entradas de siglas.yaml que la edición en español no usa: {sin_uso}"
    assert not sin_uso_en, f"entradas de siglas.yaml que la edición en inglés no usa: {sin_uso_en}"


def test_glosario_en_ambas_ediciones_con_indice_y_marcador(informe, informe_en, glosario):
    from pypdf import PdfReader

    for ruta, titulo, sigla, significado in (
        (informe.pdf, "Siglas", "RCO", "Régimen Cerrado Ordinario"),
        (informe_en.pdf, "Abbreviations", "PLHIV", "people living with HIV/AIDS"),
    ):
        paginas, destinos = _paginas(ruta)
        glosario_pdf = " ".join(paginas[destinos["siglas"] : destinos["cap1"]])
        assert glosario_pdf.startswith(titulo) and f"{sigla} {significado}" in glosario_pdf
        indice = " ".join(paginas[destinos["contenido"] : destinos["siglas"]])
        assert re.search(re.escape(titulo) + r" ?\.+ ?" + str(destinos["siglas"] + 1), indice), indice[:300]
        marcadores = [normalizar(o.title) for o in PdfReader(str(ruta)).outline if not isinstance(o, list)]
        assert titulo in marcadores


def test_glosario_en_la_edicion_html(informe, glosario):
    html = informe.web.read_text(encoding="utf-8")
    seccion = html[html.index('<section class="siglas">') :]
    seccion = seccion[: seccion.index("</section>")]
    assert 'id="siglas"' in seccion and 'href="#siglas"' in html
    assert all(f"<b>{s['sigla']}</b>" in seccion for s in glosario)
