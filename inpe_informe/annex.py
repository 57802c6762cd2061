"""Spreadsheet annex: every table of the report and the series behind every chart, as .xlsx and tidy CSV.

Nothing is recomputed: the tables are read back from the report's own HTML (what the
PDF prints) and the chart series from the chart specs. Follows the UK Analysis
Function's guidance for releasing statistics in spreadsheets: a contents sheet, one
table per sheet starting at A1 with its title, no merged cells, numbers stored as
numbers, notes in cells. Text that a spreadsheet could execute (=, +, -, @) is neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .periods import Periodo

_NUMERO = re.compile(r"^[−-]?\d{1,3}(,\d{3})*(\.\d+)?$|^[−-]?\d+(\.\d+)?$")
_PORCENTAJE = re.compile(r"^[+−-]?\d{1,3}(,\d{3})*(\.\d+)?%$")
_PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Tabla:
    """One table of the annex: a title, a header row and body rows (cells as text or numbers)."""

    titulo: str
    encabezado: list[str]
    filas: list[list]
    origen: str = "cuadro"  # cuadro (printed table) | grafico (series behind a chart)
    nota: str = ""
    titulo_en: str = ""


@dataclass
class _Celda:
    texto: str = ""
    colspan: int = 1
    rowspan: int = 1
    encabezado: bool = False


@dataclass
class _Cuadro:
    tipo: str = "cuadro"
    imagen: str = ""
    titulo: list[str] = field(default_factory=list)
    titulo_en: list[str] = field(default_factory=list)
    filas: list[list[_Celda]] = field(default_factory=list)
    fuente: list[str] = field(default_factory=list)


class _Lector(HTMLParser):
    """Collect every <figure class="cuadro …"> with its caption, table cells and Fuente line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cuadros: list[_Cuadro] = []
        self.pila: list[tuple[str, str]] = []
        self.actual: _Cuadro | None = None
        self.celda: _Celda | None = None
        self.profundidad_figura = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        clases = (a.get("class") or "").split()
        if tag == "figure" and ("cuadro" in clases or "grafico" in clases):
            self.actual = _Cuadro("cuadro" if "cuadro" in clases else "grafico")
            self.profundidad_figura = len(self.pila)
        if tag == "img" and self.actual is not None:
            self.actual.imagen = (a.get("src") or "").rsplit("/", 1)[-1].removesuffix(".svg")
        if tag in ("br", "img", "meta", "link"):
            if tag == "br" and self.celda is not None:
                self.celda.texto += " "
            return
        self.pila.append((tag, " ".join(clases)))
        if self.actual is None:
            return
        if tag == "tr":
            self.actual.filas.append([])
        elif tag in ("td", "th") and self.actual.filas:
            self.celda = _Celda(
                colspan=int(a.get("colspan", 1)), rowspan=int(a.get("rowspan", 1)), encabezado=tag == "th"
            )
            self.actual.filas[-1].append(self.celda)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link"):
            return
        while self.pila:
            abierto, _c = self.pila.pop()
            if abierto == tag:
                break
        if tag in ("td", "th"):
            self.celda = None
        if tag == "figure" and self.actual is not None and len(self.pila) <= self.profundidad_figura:
            self.cuadros.append(self.actual)
            self.actual = None

    def handle_data(self, data):
        if self.actual is None:
            return
        dentro = [t for t, _c in self.pila]
        en_ingles = any("en" in c.split() for _t, c in self.pila)
        if self.celda is not None:
            if not en_ingles:
                self.celda.texto += data
        elif "figcaption" in dentro and not any("rotulo" in c.split() for _t, c in self.pila):
            (self.actual.titulo_en if en_ingles else self.actual.titulo).append(data)
        elif any("fuente" in c.split() for _t, c in self.pila) and not en_ingles:
            self.actual.fuente.append(data)


def valor(texto: str):
    """A printed cell back to a number where it is one: '99,443' → 99443, '4.0%' → 4.0; else the text."""
    t = " ".join(texto.split())
    if _NUMERO.match(t):
        limpio = t.replace(",", "").replace("−", "-")
        return float(limpio) if "." in limpio else int(limpio)
    if _PORCENTAJE.match(t):
        return float(t.rstrip("%").replace(",", "").replace("−", "-").replace("+", ""))
    return t


def _rejilla(filas: list[list[_Celda]]) -> list[list[_Celda]]:
    """Expand colspan/rowspan so every row has one cell per column (no merged cells in the annex)."""
    rejilla: list[list[_Celda | None]] = []
    for i, fila in enumerate(filas):
        while len(rejilla) <= i:
            rejilla.append([])
        col = 0
        for celda in fila:
            while col < len(rejilla[i]) and rejilla[i][col] is not None:
                col += 1
            for di in range(celda.rowspan):
                while len(rejilla) <= i + di:
                    rejilla.append([])
                for dc in range(celda.colspan):
                    destino = rejilla[i + di]
                    while len(destino) <= col + dc:
                        destino.append(None)
                    destino[col + dc] = celda
            col += celda.colspan
    ancho = max((len(f) for f in rejilla), default=0)
    return [[c or _Celda() for c in f] + [_Celda()] * (ancho - len(f)) for f in rejilla]


def _tabla(cuadro: _Cuadro) -> Tabla:
    rejilla = _rejilla(cuadro.filas)
    n_cab = 0
    for fila in rejilla:
        llenas = [c for c in fila if c.texto.strip()]
        if llenas and all(c.encabezado for c in llenas):
            n_cab += 1
        else:
            break
    columnas = []
    for j in range(len(rejilla[0]) if rejilla else 0):
        partes = []
        for fila in rejilla[:n_cab]:
            texto = " ".join(fila[j].texto.split())
            if texto and texto not in partes:
                partes.append(texto)
        columnas.append(" – ".join(partes) or f"columna {j + 1}")
    cuerpo, vistas = [], set()
    for fila in rejilla[n_cab:]:  # a spanned cell is written once, in its first position
        nueva = []
        for c in fila:
            nueva.append(None if id(c) in vistas else valor(c.texto))
            vistas.add(id(c))
        cuerpo.append(nueva)
    return Tabla(
        " ".join("".join(cuadro.titulo).split()),
        columnas,
        cuerpo,
        "cuadro",
        " ".join("".join(cuadro.fuente).split()),
        " ".join("".join(cuadro.titulo_en).split()),
    )


def cuadros_del_html(documento_html: str) -> tuple[list[Tabla], dict[str, str]]:
    """Every printed table of the report, as read back from its HTML, and each chart's caption by id."""
    lector = _Lector()
    lector.feed(documento_html)
    titulos = {
        c.imagen: " ".join("".join(c.titulo).split())
        for c in lector.cuadros
        if c.tipo == "grafico" and c.imagen
    }
    return [_tabla(c) for c in lector.cuadros if c.tipo == "cuadro" and c.filas], titulos


def _primera(etiqueta) -> str:
    return str(etiqueta).split("\n")[0]


def series_de_graficos(graficos: list, titulos: dict[str, str]) -> list[Tabla]:
    """The data behind every chart (the numbers it plots), one table per chart."""
    tablas = []
    for g in graficos:
        d, titulo = g.datos, titulos.get(g.id, g.id)
        if "series" in d:
            categorias = d.get("meses") or d.get("categorias") or []
            encabezado = ["categoría"] + [_primera(s["etiqueta"]) for s in d["series"]]
            filas = [
                [_primera(c).replace("\n", " ")] + [s["valores"][i] for s in d["series"]]
                for i, c in enumerate(categorias)
            ]
        elif "partes" in d:
            encabezado = ["categoría", "valor", "porcentaje"]
            filas = [[_primera(p["etiqueta"]), p["valor"], valor(p["porcentaje_texto"])] for p in d["partes"]]
        elif "valores" in d:
            encabezado = ["categoría", "valor"]
            filas = [[_primera(c).replace("\n", " "), v] for c, v in zip(d["categorias"], d["valores"])]
        else:
            continue
        tablas.append(Tabla(titulo, encabezado, filas, "grafico", f"Datos del gráfico «{g.id}»"))
    return tablas


def neutralizar(v):
    """Text a spreadsheet would execute (=, +, -, @ at the start) gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_PELIGROSOS):
        return "'" + v
    return v


def _nombre_hoja(tabla: Tabla, i: int) -> str:
    return f"{'Cuadro' if tabla.origen == 'cuadro' else 'Grafico'}_{i:02d}"


def libro(tablas: list[Tabla], titulo: str, periodo: Periodo, fecha: dt.datetime | None = None) -> bytes:
    """The .xlsx annex: a contents sheet, then one sheet per table (numbers as numbers, no merged cells).

    Dated `fecha` (the report's creation date; the period's first day by default), never the clock.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fecha = fecha or dt.datetime(periodo.anio, periodo.mes, 1)
    wb = Workbook()
    wb.properties.creator = "INPE – Unidad de Estadística"
    wb.properties.created = wb.properties.modified = fecha
    portada = wb.active
    portada.title = "Contenido"
    portada.append([neutralizar(titulo)])
    portada.append([f"Periodo: {periodo}. Cada cuadro del informe y los datos de cada gráfico, en una hoja."])
    portada.append(
        ["Las cifras son las del PDF (mismo cálculo); los porcentajes se guardan como número (4.0 = 4.0%)."]
    )
    portada.append([])
    portada.append(["Hoja", "Tipo", "Título", "Title", "Nota"])
    portada["A1"].font = Font(bold=True, size=14)
    for celda in portada[5]:
        celda.font = Font(bold=True)
    contadores = {"cuadro": 0, "grafico": 0}
    for tabla in tablas:
        contadores[tabla.origen] += 1
        nombre = _nombre_hoja(tabla, contadores[tabla.origen])
        portada.append(
            [
                nombre,
                tabla.origen,
                neutralizar(tabla.titulo),
                neutralizar(tabla.titulo_en),
                neutralizar(tabla.nota),
            ]
        )
        hoja = wb.create_sheet(nombre)
        hoja.append([neutralizar(tabla.titulo)])
        hoja["A1"].font = Font(bold=True)
        hoja.append([neutralizar(tabla.nota)])
        hoja.append([neutralizar(c) for c in tabla.encabezado])
        for celda in hoja[3]:
            celda.font = Font(bold=True)
        for fila in tabla.filas:
            hoja.append([neutralizar(v) for v in fila])
        for celda in hoja["A"]:
            if isinstance(celda.value, str):
                hoja.column_dimensions["A"].width = max(
                    hoja.column_dimensions["A"].width or 10, min(60, len(celda.value))
                )
    for letra, ancho in zip("ABCDE", (12, 9, 70, 50, 40)):
        portada.column_dimensions[letra].width = ancho
    salida = io.BytesIO()
    wb.save(salida)
    return zip_reproducible(salida.getvalue(), fecha, _modificado_sin_reloj)


_MODIFICADO = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _modificado_sin_reloj(nombre: str, contenido: bytes, fecha: dt.datetime) -> bytes:
    """openpyxl stamps «modified» with the clock as it saves: the workbook's date instead."""
    if nombre != "docProps/core.xml":
        return contenido
    return _MODIFICADO.sub(rb"\g<1>" + fecha.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", contenido)


def _entrada(nombre: str, fecha: dt.datetime) -> zipfile.ZipInfo:
    """A zip entry that depends on nothing but its name and the report's date: a 0644 file, compressed."""
    info = zipfile.ZipInfo(nombre, date_time=max(fecha.timetuple()[:6], (1980, 1, 1, 0, 0, 0)))
    info.external_attr = 0o100644 << 16
    info.create_system = 3  # Unix: the permissions above are read as such
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_reproducible(contenido: bytes, fecha: dt.datetime, fijar=None) -> bytes:
    """The same zip, entries in the same order, with fixed dates and permissions: same inputs, same bytes.

    (openpyxl stamps every entry with the clock.) `fijar(nombre, contenido, fecha)` may rewrite an entry.
    """
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(contenido)) as entrada, zipfile.ZipFile(salida, "w") as nuevo:
        for info in entrada.infolist():
            datos = entrada.read(info)
            nuevo.writestr(
                _entrada(info.filename, fecha), fijar(info.filename, datos, fecha) if fijar else datos
            )
    return salida.getvalue()


def csv_ordenados(tablas: list[Tabla], fecha: dt.datetime = dt.datetime(1980, 1, 1)) -> bytes:
    """Tidy CSV files (one row per value: concepto, columna, valor) in one .zip, named like the sheets,
    with contenido.csv naming each file's title and source."""
    salida = io.BytesIO()
    contadores = {"cuadro": 0, "grafico": 0}
    indice = io.StringIO()
    csv.writer(indice, lineterminator="\n").writerow(["archivo", "tipo", "titulo", "nota"])
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as archivo:
        for tabla in tablas:
            contadores[tabla.origen] += 1
            nombre = _nombre_hoja(tabla, contadores[tabla.origen])
            texto = io.StringIO()
            escritor = csv.writer(texto, lineterminator="\n")
            escritor.writerow(["concepto", "columna", "valor"])
            for fila in tabla.filas:
                concepto = fila[0] if fila else ""
                for columna, v in zip(tabla.encabezado[1:], fila[1:]):
                    if v is not None:
                        escritor.writerow([neutralizar(concepto), neutralizar(columna), neutralizar(v)])
            archivo.writestr(_entrada(f"{nombre}.csv", fecha), texto.getvalue().encode("utf-8"))
            csv.writer(indice, lineterminator="\n").writerow(
                [f"{nombre}.csv", tabla.origen, neutralizar(tabla.titulo), neutralizar(tabla.nota)]
            )
        archivo.writestr(_entrada("contenido.csv", fecha), indice.getvalue().encode("utf-8"))
    return salida.getvalue()


def del_informe(documento_html: str, graficos: list, titulo: str, periodo: Periodo) -> tuple[bytes, bytes]:
    """The report's annex: its printed tables and its charts' series, as (.xlsx, zip of CSV).

    Both are dated like the PDF (its dcterms.created: the edition month, or SOURCE_DATE_EPOCH).
    """
    tablas, titulos_graficos = cuadros_del_html(documento_html)
    tablas += series_de_graficos(graficos, titulos_graficos)
    creado = re.search(r'name="dcterms.created" content="([^"]+)"', documento_html)
    fecha = (
        dt.datetime.fromisoformat(creado.group(1).replace("Z", "+00:00")).replace(tzinfo=None)
        if creado
        else dt.datetime(periodo.anio, periodo.mes, 1)
    )
    return libro(tablas, titulo, periodo, fecha), csv_ordenados(tablas, fecha)
