"""Load stage: read the input tables (CSV or an .xlsx workbook) as raw text; the only reader of data/."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DatosError
from .schema import Esquema


@dataclass
class TablaCruda:
    """A table as typed by a person: every cell still text, with where it came from.

    A periodo cell too: validate.py makes it a Periodo (with the other types) once the cell is
    known to be a month, so a bad cell is reported where it is, never raised while reading.
    """

    esquema: Esquema
    datos: pd.DataFrame  # all columns as str, in file order
    archivo: str  # path relative to the project, for messages
    hoja: str | None = None  # sheet name when read from a workbook
    fila_inicial: int = 2  # spreadsheet row of the first data row
    lineas: list | None = None  # file line of each data row (blank lines skipped in between)
    filas_de: list | None = None  # a merged table: (source table, its row) of each row

    def _fuente(self, indice):
        if self.filas_de is None or indice is None or indice >= len(self.filas_de):
            return self, indice
        tabla, fila = self.filas_de[indice]
        return tabla._fuente(fila)

    def ubicacion(self, indice: int, columna: str | None = None) -> str:
        """Human reference of a cell: 'fila 14, columna total_rco' or 'celda C14'."""
        tabla, indice = self._fuente(indice)
        fila = (
            tabla.lineas[indice]
            if tabla.lineas and indice < len(tabla.lineas)
            else tabla.fila_inicial + indice
        )
        if tabla.hoja is not None and columna in tabla.datos.columns:
            letra = _letra(list(tabla.datos.columns).index(columna))
            return f"celda {letra}{fila}"
        return f"fila {fila}" + (f", columna {columna}" if columna else "")

    def letra(self, columna: str) -> str:
        """The spreadsheet column letter of `columna` in this table's sheet."""
        return _letra(list(self.datos.columns).index(columna))

    def archivo_de(self, indice: int | None = None) -> str:
        """The file (and sheet) a row comes from, as messages name it."""
        tabla, _fila = self._fuente(indice)
        return tabla.archivo + (f" (hoja «{tabla.hoja}»)" if tabla.hoja else "")

    def en_hoja(self, indice: int | None = None) -> bool:
        """Whether a row was typed in a workbook sheet (its cells have letters)."""
        return self._fuente(indice)[0].hoja is not None


def combinar(esquema: Esquema, partes: list[tuple[TablaCruda, list[int]]]) -> TablaCruda:
    """One table from rows of several (data/ and a workbook), each row still pointing at its origin."""
    marcos = [t.datos.iloc[filas][esquema.nombres] for t, filas in partes]
    datos = pd.concat(marcos, ignore_index=True) if marcos else pd.DataFrame(columns=esquema.nombres)
    origen = [(t, f) for t, filas in partes for f in filas]
    return TablaCruda(esquema, datos.astype(str), partes[0][0].archivo if partes else "", filas_de=origen)


def _letra(indice: int) -> str:
    letras = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


def _celda(valor) -> str:
    """Spreadsheet value as the text a person typed (85726.0 stored by Excel → 85726).

    A spreadsheet turns a typed «2025-01» into the date 2025-01-01; such a date is
    read back as the month it was (documented acceptance).
    """
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    if isinstance(valor, (dt.datetime, dt.date)):
        return f"{valor.year:04d}-{valor.month:02d}" if valor.day == 1 else valor.isoformat()[:10]
    return str(valor)


MAXIMO_BYTES = 100 * 1024 * 1024  # a monthly table is kilobytes; 100 MB means a wrong file


def leer_csv(ruta: Path, nombre: str, con_lineas: bool = False):
    """A CSV as text cells (UTF-8, with or without BOM); blank lines skipped, line numbers kept.

    With con_lineas=True also returns the file line of each data row, so messages point
    at the line a person sees in their editor.
    """
    if ruta.is_dir():
        raise DatosError(
            f"{nombre}: es una carpeta, no un archivo CSV; ponga en su lugar el archivo de la tabla."
        )
    try:
        tamano = ruta.stat().st_size
        bytes_ = ruta.read_bytes()
    except PermissionError:
        raise DatosError(
            f"{nombre}: no hay permiso para leer el archivo; pida acceso de lectura (chmod a+r) a quien lo creó."
        ) from None
    if tamano > MAXIMO_BYTES:
        raise DatosError(
            f"{nombre}: el archivo pesa {ruta.stat().st_size // (1024 * 1024)} MB; una tabla mensual "
            f"no debería pasar de {MAXIMO_BYTES // (1024 * 1024)} MB (¿es el archivo correcto?)."
        )
    try:
        texto = bytes_.decode("utf-8-sig")  # a BOM from Excel is accepted
    except UnicodeDecodeError as exc:
        raise DatosError(
            f"{nombre}: el archivo no está en UTF-8 (byte {exc.start}); guárdelo como «CSV UTF-8»."
        ) from exc
    if "\x00" in texto:
        raise DatosError(
            f"{nombre}: el archivo contiene bytes nulos; no es un CSV de texto (¿un .xlsx renombrado?)."
        )
    lector = csv.reader(io.StringIO(texto))
    filas, lineas = [], []
    try:
        for fila in lector:
            if any(c.strip() for c in fila):
                filas.append(fila)
                lineas.append(lector.line_num)
    except csv.Error as exc:
        raise DatosError(f"{nombre}, fila {lector.line_num}: el CSV está mal formado ({exc}).") from exc
    if not filas:
        raise DatosError(f"{nombre}: el archivo está vacío; se esperaba una fila de encabezados.")
    encabezado = [c.strip() for c in filas[0]]
    if len(encabezado) == 1 and ";" in encabezado[0]:
        raise DatosError(
            f"{nombre}: las columnas están separadas por «;»; guárdelo como CSV separado por comas "
            "(en Excel: «CSV UTF-8 (delimitado por comas)»)."
        )
    repetidos = sorted({c for c in encabezado if encabezado.count(c) > 1})
    if repetidos:
        raise DatosError(
            f"{nombre}, fila {lineas[0]}: encabezados repetidos: {', '.join(repr(c) for c in repetidos)}; "
            "cada columna debe aparecer una sola vez."
        )
    cuerpo = [f + [""] * (len(encabezado) - len(f)) for f in filas[1:]]
    largas = [i for i, f in enumerate(cuerpo) if len(f) > len(encabezado)]
    if largas:
        raise DatosError(
            f"{nombre}, fila {lineas[largas[0] + 1]}: tiene más celdas ({len(cuerpo[largas[0]])}) "
            f"que encabezados ({len(encabezado)}); ¿separador de miles con coma sin comillas?"
        )
    marco = pd.DataFrame(cuerpo, columns=encabezado, dtype=str)
    return (marco, lineas[1:]) if con_lineas else marco


def cargar_carpeta(carpeta: Path, esquemas: dict[str, Esquema], raiz: Path) -> dict[str, TablaCruda]:
    """Read every table that has a schema from data/ (CSV)."""
    tablas = {}
    for nombre, esquema in esquemas.items():
        ruta = Path(carpeta) / esquema.archivo
        etiqueta = str(ruta.relative_to(raiz)) if ruta.is_relative_to(raiz) else str(ruta)
        if not ruta.exists():
            raise DatosError(
                f"Falta el archivo {etiqueta} de la tabla «{nombre}» "
                f"(definida en data/esquemas/{nombre}.yaml)."
            )
        marco, lineas = leer_csv(ruta, etiqueta, con_lineas=True)
        tablas[nombre] = TablaCruda(esquema, marco, etiqueta, lineas=lineas)
    return tablas


def _problemas_de_hoja(hoja, formulas) -> list[str]:
    """What makes a sheet unsafe to read: hidden, merged cells, formulas never calculated."""
    problemas = []
    if hoja.sheet_state != "visible":
        problemas.append(
            f"hoja «{hoja.title}»: está oculta; muéstrela (o bórrela) para que se sepa qué se importa"
        )
    for rango in hoja.merged_cells.ranges:
        problemas.append(
            f"hoja «{hoja.title}», celdas {rango.coord}: están combinadas; sepárelas y escriba "
            "el valor en cada celda"
        )
    for fila in formulas.iter_rows():
        for celda in fila:
            if celda.data_type == "f" and hoja[celda.coordinate].value is None:
                problemas.append(
                    f"hoja «{hoja.title}», celda {celda.coordinate}: la fórmula «{celda.value}» no tiene "
                    "valor calculado; abra el libro en Excel o LibreOffice, recalcule y guárdelo"
                )
    return problemas


LIBROS = (".xlsx", ".xlsm", ".ods")
_COMO_GUARDAR = (
    "ábralo en Excel o LibreOffice Calc y guárdelo como libro: «Archivo › Guardar como» con el tipo "
    "«Libro de Excel (.xlsx)» o «Hoja de cálculo ODF (.ods)», y vuelva a importarlo"
)


def formato_de_libro(ruta: Path) -> str:
    """The reader a workbook needs (xlsx or ods); other files are refused with how to save them."""
    extension = Path(ruta).suffix.lower()
    if extension in (".xlsx", ".xlsm"):
        return "xlsx"
    if extension == ".ods":
        return "ods"
    que = {
        ".csv": "un archivo CSV (una sola tabla, sin hojas)",
        ".xls": "un libro de Excel 97-2003 (.xls), un formato antiguo que no se lee",
    }.get(extension, f"un archivo «{extension or 'sin extensión'}», que no es un libro de hojas")
    raise DatosError(f"{Path(ruta).name}: es {que}; {_COMO_GUARDAR}.")


def _tabla_de_hoja(nombre: str, filas: list[list[str]], esquema: Esquema, archivo: str) -> TablaCruda | None:
    """A sheet's rows as a raw table: header first, blank rows at the end dropped."""
    while filas and not any(c.strip() for c in filas[-1]):
        filas.pop()
    if not filas:
        return None
    encabezado = [c.strip() for c in filas[0]]
    while encabezado and not encabezado[-1]:
        encabezado.pop()
    cuerpo = [f[: len(encabezado)] + [""] * (len(encabezado) - len(f)) for f in filas[1:]]
    return TablaCruda(esquema, pd.DataFrame(cuerpo, columns=encabezado, dtype=str), archivo, hoja=nombre)


# A month's workbook is a few hundred kilobytes once unzipped, with at most some thousand rows a sheet.
# These bounds are checked on the zip's directory and a streamed count, before any sheet is loaded.
MAXIMO_DESCOMPRIMIDO = 50 * 1024 * 1024
MAXIMO_FILAS_HOJA = 50_000
MAXIMO_CELDAS = 1_000_000
_MARCAS = {"fila": (b"<row", b"<table:table-row"), "celda": (b"<c ", b"<c>", b"<table:table-cell")}


def revisar_tamano_de_libro(ruta: Path) -> None:
    """Refuse a workbook that would unzip to too much, or hold too many rows or cells (a «zip bomb»).

    Only the zip's directory is read for the size; rows and cells are counted while streaming
    the sheets' XML (bounded by the size already checked), so a hostile file costs seconds, not gigabytes.
    """
    import zipfile

    nombre = Path(ruta).name
    try:
        archivo = zipfile.ZipFile(ruta)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says what it is
    with archivo:
        total = sum(i.file_size for i in archivo.infolist())
        if total > MAXIMO_DESCOMPRIMIDO:
            raise DatosError(
                f"{nombre}: el libro se descomprime a {total // (1024 * 1024):,} MB; un libro mensual ocupa "
                f"menos de {MAXIMO_DESCOMPRIMIDO // (1024 * 1024)} MB (¿es el archivo correcto? ¿tiene hojas "
                "con millones de celdas con formato?). Copie sólo las hojas del mes a un libro nuevo."
            )
        celdas = 0
        for info in archivo.infolist():
            if not (info.filename.startswith("xl/worksheets/") or info.filename == "content.xml"):
                continue
            filas, resto = 0, b""
            with archivo.open(info) as xml:
                while bloque := xml.read(1 << 20):
                    trozo = resto + bloque
                    filas += sum(trozo.count(m) for m in _MARCAS["fila"])
                    celdas += sum(trozo.count(m) for m in _MARCAS["celda"])
                    resto = trozo[-20:]
                    filas -= sum(resto.count(m) for m in _MARCAS["fila"])  # counted again with the next block
                    celdas -= sum(resto.count(m) for m in _MARCAS["celda"])
                filas += sum(resto.count(m) for m in _MARCAS["fila"])
                celdas += sum(resto.count(m) for m in _MARCAS["celda"])
            if filas > MAXIMO_FILAS_HOJA * (1 if info.filename.startswith("xl/") else 10):
                raise DatosError(
                    f"{nombre} ({info.filename}): {filas:,} filas; una hoja mensual no pasa de "
                    f"{MAXIMO_FILAS_HOJA:,}. Borre las filas sobrantes (o copie sólo los datos a un libro nuevo)."
                )
        if celdas > MAXIMO_CELDAS:
            raise DatosError(
                f"{nombre}: {celdas:,} celdas; un libro mensual no pasa de {MAXIMO_CELDAS:,}. Borre las filas "
                "y columnas sobrantes (o copie sólo los datos a un libro nuevo)."
            )


def _hojas_xlsx(ruta: Path) -> tuple[dict[str, list], list[str]]:
    """Sheets of an .xlsx as text rows, and what makes any of them unsafe to read."""
    from openpyxl import load_workbook

    revisar_tamano_de_libro(ruta)
    try:
        valores = load_workbook(ruta, data_only=True)
        formulas = load_workbook(ruta, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DatosError(
            f"{Path(ruta).name}: no se puede abrir como libro .xlsx ({type(exc).__name__}); "
            f"¿está dañado o es otro tipo de archivo? {_COMO_GUARDAR}."
        ) from exc
    hojas, problemas = {}, []
    for hoja in valores.worksheets:
        hojas[hoja.title] = [[_celda(v) for v in fila] for fila in hoja.iter_rows(values_only=True)]
        problemas += _problemas_de_hoja(hoja, formulas[hoja.title])
    return hojas, problemas


def _hojas_ods(ruta: Path) -> tuple[dict[str, list], list[str]]:
    """Sheets of a LibreOffice .ods as text rows (formulas read through their saved values)."""
    revisar_tamano_de_libro(ruta)
    try:
        hojas = pd.read_excel(ruta, sheet_name=None, header=None, dtype=object, engine="odf")
    except ImportError as exc:
        raise DatosError(
            f"{Path(ruta).name}: para leer .ods falta la biblioteca odfpy; instale el proyecto de nuevo "
            "(.venv/bin/pip install -e .) o guarde el libro como .xlsx."
        ) from exc
    except Exception as exc:  # odfpy and zipfile raise many kinds for a broken file
        raise DatosError(
            f"{Path(ruta).name}: no se puede abrir como hoja de cálculo .ods ({type(exc).__name__}); "
            f"¿está dañado? {_COMO_GUARDAR}."
        ) from exc
    return {
        nombre: [[_celda(None if pd.isna(v) else v) for v in fila] for fila in marco.itertuples(index=False)]
        for nombre, marco in hojas.items()
    }, []


def leer_libro(
    ruta: Path, esquemas: dict[str, Esquema]
) -> tuple[dict[str, TablaCruda], list[str], dict[str, list]]:
    """Read a workbook (.xlsx or LibreOffice's .ods): one sheet per table (sheet name = table name).

    Returns (tables, problems, other sheets as {name: rows}). Blank rows at the end are
    dropped; formulas are read through their saved values.
    """
    lector = {"xlsx": _hojas_xlsx, "ods": _hojas_ods}[formato_de_libro(ruta)]
    hojas, problemas = lector(Path(ruta))
    tablas, ignoradas = {}, {}
    for nombre, filas in hojas.items():
        if nombre not in esquemas:
            ignoradas[nombre] = filas
            continue
        tabla = _tabla_de_hoja(nombre, filas, esquemas[nombre], Path(ruta).name)
        if tabla is not None:
            tablas[nombre] = tabla
    problemas = [p for p in problemas if not any(f"hoja «{n}»" in p for n in ignoradas)]
    return tablas, problemas, ignoradas


def cargar_libro(ruta: Path, esquemas: dict[str, Esquema]) -> dict[str, TablaCruda]:
    """Read a workbook, refusing it (all problems together) when a sheet is unsafe to read."""
    tablas, problemas, _ignoradas = leer_libro(ruta, esquemas)
    if problemas:
        raise DatosError(
            f"{Path(ruta).name}: el libro no se puede leer con seguridad:\n  - " + "\n  - ".join(problemas)
        )
    return tablas
