"""Reader-facing print: any month reads right, nothing disappears silently, no production notes.

Issues 17 (items 3 and 4) and 18 (item 1), end to end: the January edition (one month of data in
its year, plus its base December) is read back in both languages, and December and September give
the sections every month keeps. The text is read back from the PDF and from the HTML edition.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import RAIZ, normalizar, texto_pdf

# ---------------------------------------------------------------- reading the HTML edition back


class _Lector(HTMLParser):
    """The visible text of the HTML edition, its contents entries and its numbered sections."""

    OCULTOS = {"style", "script", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texto, self.indice, self.secciones, self.codigo = [], [], [], 0
        self._oculto, self._en_indice, self._enlace, self._titulo = 0, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        clases = (a.get("class") or "").split()
        self._oculto += tag in self.OCULTOS
        self.codigo += tag == "code"
        if tag == "nav" and "indice" in clases:
            self._en_indice = True
        elif tag == "a" and self._en_indice:
            self._enlace = [a.get("href", ""), ""]
        elif tag == "h2" and "seccion" in clases:
            self._titulo = [a.get("id", ""), ""]
            self.secciones.append({"ancla": a.get("id", ""), "datos": False, "nota": False})
        elif self.secciones and not self._en_indice:
            actual = self.secciones[-1]
            actual["datos"] |= tag in ("figure", "table") or "kpi" in clases
            actual["nota"] |= "sin-datos" in clases

    def handle_endtag(self, tag):
        self._oculto -= tag in self.OCULTOS
        if tag == "nav":
            self._en_indice = False
        elif tag == "a" and self._enlace:
            self.indice.append((self._enlace[0].lstrip("#"), normalizar(self._enlace[1])))
            self._enlace = None
        elif tag == "h2" and self._titulo:
            self.secciones[-1]["titulo"] = normalizar(self._titulo[1])
            self._titulo = None

    def handle_data(self, data):
        if self._oculto:
            return
        self.texto.append(data)
        for abierto in (self._enlace, self._titulo):
            if abierto:
                abierto[1] += data


def leer_html(ruta) -> _Lector:
    lector = _Lector()
    lector.feed(ruta.read_text(encoding="utf-8"))
    lector.texto = normalizar(" ".join(lector.texto))
    return lector


@pytest.fixture(scope="module")
def ediciones(request):
    """Build (once per session) and read back an edition: PDF text and HTML edition."""
    leidas = {}

    def _leer(nombre):
        if nombre not in leidas:
            informe = request.getfixturevalue(nombre)
            leidas[nombre] = (informe, texto_pdf(informe.pdf), leer_html(informe.web))
        return leidas[nombre]

    return _leer


# ---------------------------------------------------------------- 17.3 any month reads right

# A window from a month to itself, an average of one month, a rate that cannot be computed,
# a "change" between a month and itself: what one month of data must never print.
UN_MES = {
    "es": [
        r"\b([a-z]+ \d{4}) – \1\b",
        r"[Ee]ntre ([a-z]+ \d{4}) y \1\b",
        r"\b[Dd]e ([a-z]+ \d{4}) a \1\b",
        r"\b1 meses\b",
        r"no calculable",
        r"ninguna variación",
        r"comparan ([a-z]+ \d{4}) con \1\b",
        r"pasa de ([\d,]+) a \1 personas",
        r"[Pp]romedio mensual",
    ],
    "en": [
        r"\b([A-Z][a-z]+ \d{4}) – \1\b",
        r"[Bb]etween ([A-Z][a-z]+ \d{4}) and \1\b",
        r"\b[Ff]rom ([A-Z][a-z]+ \d{4}) to \1\b",
        r"\b1 months\b",
        r"cannot be calculated",
        r"\bno change\b",
        r"compare ([A-Z][a-z]+ \d{4}) with \1\b",
        r"went from ([\d,]+) to \1\b",
        r"[Mm]onthly average",
    ],
}


def _hallados(patrones, texto: str) -> list[str]:
    return [texto[max(0, m.start() - 60) : m.end() + 60] for p in patrones for m in re.finditer(p, texto)]


@pytest.mark.parametrize(("nombre", "idioma"), [("informe_enero", "es"), ("informe_enero_en", "en")])
def test_enero_sin_artefactos_de_un_mes(ediciones, nombre, idioma):
    """January states the month's values and compares with the previous December, or says it cannot."""
    _informe, pdf, web = ediciones(nombre)
    for texto in (pdf, web.texto):
        assert not _hallados(UN_MES[idioma], texto), _hallados(UN_MES[idioma], texto)


def test_enero_elige_la_frase_del_mes(ediciones, publicado):
    """The sentences the data support: the month's value, and December 2023 as the base where it exists."""
    _informe, pdf, _web = ediciones("informe_enero")
    publicado("82,520")
    assert "Al cierre de enero 2024, el Régimen Cerrado Ordinario registra 82,520 internos" in pdf
    assert re.search(r"de diciembre 2023 a enero 2024 se observa una? (incremento|disminución) de", pdf)
    # Chapters II, V and VI have no December 2023 data: no change is computed, and the reader is told so
    assert "Nota: sin datos de diciembre 2023 para calcular la variación." in pdf
    assert re.search(r"En enero 2024 el programa FOCOS atiende a [\d,]+ personas", pdf)


# ---------------------------------------------------------------- 17.4 nothing disappears silently


def _capitulos(indice):
    """Numbered contents entries grouped by chapter: {3: [(2, '3.2 Título'), …]} (unnumbered ones, sN-0, left out)."""
    grupos: dict[int, list] = {}
    for ancla, texto in indice:
        if coincide := re.fullmatch(r"s(\d+)-([1-9]\d*)", ancla):
            grupos.setdefault(int(coincide.group(1)), []).append((int(coincide.group(2)), texto))
    return grupos


@pytest.mark.parametrize("nombre", ["informe", "informe_enero"])
def test_numeracion_sin_saltos(ediciones, nombre):
    _informe, _pdf, web = ediciones(nombre)
    for capitulo, entradas in _capitulos(web.indice).items():
        assert [n for n, _t in entradas] == list(range(1, len(entradas) + 1)), (capitulo, entradas)
        assert all(texto.startswith(f"{capitulo}.{n} ") for n, texto in entradas), entradas


@pytest.mark.parametrize("nombre", ["informe_enero", "informe_setiembre"])
def test_cada_seccion_de_diciembre_se_conserva(ediciones, nombre):
    """Every contents entry of December, in order and with its number, in the month's contents and body;
    a section that has figures in December and none this month carries a note for readers."""
    _diciembre, _pdf_dic, dic = ediciones("informe")
    _informe, pdf, web = ediciones(nombre)
    entradas = [(a, t) for a, t in dic.indice if re.fullmatch(r"s\d+-\d+", a)]
    assert [(a, t) for a, t in web.indice if re.fullmatch(r"s\d+-\d+", a)] == entradas
    cuerpo = {s["ancla"]: s for s in web.secciones}
    assert [s["ancla"] for s in web.secciones if s["ancla"] in dict(entradas)] == [a for a, _t in entradas]
    for ancla, titulo in entradas:
        assert cuerpo[ancla]["titulo"] == titulo, (ancla, cuerpo[ancla]["titulo"])
        assert pdf.count(titulo) >= 2, f"«{titulo}» no está en el índice y el cuerpo del PDF"
    con_datos_en_diciembre = {s["ancla"] for s in dic.secciones if s["datos"]}
    sin_nota = [
        cuerpo[a]["titulo"]
        for a in con_datos_en_diciembre
        if a in cuerpo and not cuerpo[a]["datos"] and not cuerpo[a]["nota"]
    ]
    assert not sin_nota, f"secciones sin cifras este mes y sin nota: {sin_nota}"


def test_enero_notas_por_motivo(ediciones):
    """The note says why: annual figures not yet due, the quarter not closed, or no data for the month."""
    _informe, pdf, _web = ediciones("informe_enero")
    assert "3.1 Servicio de salud penitenciaria: consulta externa" in pdf
    assert "Las cifras trimestrales se publican al cierre de cada trimestre." in pdf
    assert "Las cifras anuales se publican en la edición de diciembre." in pdf
    assert "Sin información para este mes." in pdf


# ---------------------------------------------------------------- 18.1 reader-facing print


def _nombres_de_tablas() -> list[str]:
    from inpe_informe.schema import leer_esquemas

    return sorted(t for t in leer_esquemas(RAIZ / "data") if "_" in t)  # identifiers, not words


PRODUCCION = [
    r"\bdata/",
    r"\.csv\b",
    r"\.md\b",
    r"TRANSCRIPCI",
    r"reporte de calidad",
    r"quality report",
    r"no se recuper",
    r"recuperable",
    r"se reconstruy",
    r"sospech",
    r"not recovered",
    r"be recovered",
    r"rebuilt",
    r"suspici",
    r"Sección omitida",
    r"Section omitted",
    r"Resultados retenidos",
    r"Results withheld",
    r"Nota del capítulo",
    r"Chapter note",
    r"edición publicada",
    r"published edition",
    r"\bBase A\b",  # the 2024 working name of Chapter I's population, not a reader's term
    r"prueba de que",
    r"proof that",
    # placeholders and derivation notes (second page-by-page review)
    r"se presentará cuando",
    r"will be (?:presented|shown) once",
    r"menos los de los otros",
    r"minus those of the other",
    r"es la diferencia entre el total",
    r"the difference between the monthly total",
    r"queda sin distribuir",
    r"remains undistributed",
    r"ventana de promedios",
    r"averaging window",
]


@pytest.mark.parametrize("nombre", ["informe", "informe_en", "informe_enero", "informe_enero_en"])
def test_ninguna_nota_de_produccion_llega_al_lector(ediciones, nombre):
    """No file path, table name, QA remark or transcription history in either edition (PDF and HTML)."""
    _informe, pdf, web = ediciones(nombre)
    patrones = PRODUCCION + [rf"\b{t}\b" for t in _nombres_de_tablas()]
    for texto in (pdf, web.texto):
        hallados = _hallados(patrones, texto)
        assert not hallados, hallados
    assert not web.codigo, "el texto del informe no lleva nombres en <code> (tablas, archivos)"


def test_cada_nota_retirada_esta_en_el_reporte_de_calidad(informe):
    """What print no longer says is in the quality report (notes on how the data was made)."""
    calidad = informe.calidad.read_text(encoding="utf-8")
    for tabla in (
        "pti_mensual",  # rows of II-42/43 assigned to services: probable
        "salud_consulta_externa",  # quarters that are rescaled copies of the first
        "salud_capacidad_ep",  # no capacity by establishment
        "salud_tb_anual",  # years the edition did not let recover
        "salud_vih_anual",
        "salud_morbilidad_causas",  # causes with an uncertain label
        "salud_tele_edad_oficina",  # a column rebuilt by subtraction
        "educacion_matriculados_programa",  # CETPRO bars paired with low confidence
        "trabajo_inscritos_actividad",
        "trabajo_delito_ingresos",  # the columns recovered
        "trabajo_educacion_sexo",  # the pie charts not reproduced
        "medio_libre_penas_cumplidas",  # months of sentences served: conjecture
        "megacampanas",  # participants of the 2nd and 3rd campaigns
        "app_servicios_oficina",  # offices assigned from the chart
        "app_usuarios_procedencia",
        "medio_libre_logro",  # AREE results withheld
    ):
        assert f"<td>{tabla}</td>" in calidad, tabla
    for texto in ("reescalamiento", "TRANSCRIPCION.md", "fila impresa fuera del total", "retiene el logro"):
        assert texto in calidad, texto
