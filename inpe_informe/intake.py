"""Monthly intake: a blank workbook for a month (plantilla) and its checked import into data/ (importar).

The loop a statistician runs each month: plantilla → fill → importar → informe.
An import either merges the whole month into data/ or touches nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import atomic
from .capitulos import revisar
from .errors import DatosError
from .load import TablaCruda, cargar_carpeta, leer_csv, leer_libro
from .periods import Periodo
from .schema import Esquema, leer_esquemas
from .validate import ADVERTENCIA, ERROR, resumir, validar

# Tables copied from a published edition (to check it) are not collected each month.
_COPIAS_PUBLICADAS = ("_impreso", "_publicado", "_publicados")
REFERENCIA = ("establecimientos", "oficinas_regionales", "establecimientos_medio_libre")
HOJA_AYUDA = "LEAME"
HOJA_LISTAS = "listas"


def es_de_ingreso(esquema: Esquema) -> bool:
    """A monthly input table: it has a `periodo` key and is not a copy of a published edition."""
    return (
        "periodo" in esquema.clave
        and esquema.capitulo != 0
        and not esquema.tabla.endswith(_COPIAS_PUBLICADAS)
    )


def tablas_de_ingreso(esquemas: dict[str, Esquema]) -> list[Esquema]:
    return [
        e for _n, e in sorted(esquemas.items(), key=lambda kv: (kv[1].capitulo, kv[0])) if es_de_ingreso(e)
    ]


def filas_esperadas(
    esquema: Esquema, existente: pd.DataFrame, referencia: dict[str, list[str]]
) -> list[dict]:
    """Key rows the new month needs: those of the latest month on file, else every listed combination."""
    claves = [c for c in esquema.clave if c != "periodo"]
    if not claves:
        return [{}]
    if not existente.empty and "periodo" in existente.columns:
        ultimo = existente[existente["periodo"] == existente["periodo"].max()]
        return ultimo[claves].drop_duplicates().to_dict("records")
    opciones = []
    for nombre in claves:
        columna = esquema.columna(nombre)
        valores = list(columna.valores) or referencia.get(columna.tipo) or [""]
        opciones.append([str(v) for v in valores])
    return [dict(zip(claves, combinacion)) for combinacion in itertools.product(*opciones)]


def _referencia(datos: Path, esquemas) -> dict[str, list[str]]:
    crudas = cargar_carpeta(datos, {k: esquemas[k] for k in REFERENCIA if k in esquemas}, datos)
    codigos = {"codigo_ep": "establecimientos", "codigo_oficina": "oficinas_regionales"}
    return {tipo: list(crudas[t].datos["codigo"]) for tipo, t in codigos.items() if t in crudas}


def _existente(datos: Path, esquema: Esquema) -> pd.DataFrame:
    ruta = Path(datos) / esquema.archivo
    return (
        leer_csv(ruta, esquema.archivo) if ruta.exists() else pd.DataFrame(columns=esquema.nombres, dtype=str)
    )


def _validacion(esquema_columna, listas: dict, hoja_listas):
    """Excel data validation for one column (None when the type needs none)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    tipo = esquema_columna.tipo
    vacio = esquema_columna.nulos
    if tipo in ("entero", "anio"):
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=vacio,
            error="Escriba un número entero mayor o igual que 0, sin separador de miles.",
            errorTitle="Valor no válido",
            showErrorMessage=True,
        )
    if tipo == "decimal":
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=vacio,
            error="Escriba un número mayor o igual que 0.",
            showErrorMessage=True,
        )
    opciones = {"categoria": list(esquema_columna.valores), "booleano": ["si", "no"]}.get(tipo) or listas.get(
        tipo
    )
    if not opciones:
        return None
    clave = f"{esquema_columna.nombre}:{tipo}"
    if clave not in listas.setdefault("_rangos", {}):
        col = len(listas["_rangos"]) + 1
        letra = hoja_listas.cell(row=1, column=col).column_letter
        hoja_listas.cell(row=1, column=col, value=esquema_columna.nombre)
        for i, v in enumerate(opciones, start=2):
            hoja_listas.cell(row=i, column=col, value=str(v))
        listas["_rangos"][clave] = f"{HOJA_LISTAS}!${letra}$2:${letra}${len(opciones) + 1}"
    return DataValidation(
        type="list",
        formula1=listas["_rangos"][clave],
        allow_blank=vacio,
        error="Elija un valor de la lista.",
        showErrorMessage=True,
    )


def _hoja_ayuda(libro, esquemas: list[Esquema], periodo: Periodo):
    from openpyxl.styles import Font

    hoja = libro.active
    hoja.title = HOJA_AYUDA
    filas = [
        [f"Informe Estadístico de Tratamiento Penitenciario — datos de {periodo}"],
        [],
        [
            "Cómo llenar: una hoja por tabla; no cambie los nombres de hoja ni los encabezados; "
            "escriba números sin separador de miles; deje vacía una celda sólo si el dato no existe "
            "(nunca ponga 0 en su lugar). Luego: python build_report.py importar ESTE_ARCHIVO.xlsx"
        ],
        [],
        ["hoja", "capítulo", "descripción", "grano", "columna", "tipo", "descripción de la columna"],
    ]
    for e in esquemas:
        for i, c in enumerate(e.columnas):
            filas.append(
                [
                    e.tabla if i == 0 else "",
                    e.capitulo if i == 0 else "",
                    e.descripcion if i == 0 else "",
                    e.grano if i == 0 else "",
                    c.nombre,
                    c.tipo + (" (puede quedar vacía)" if c.nulos else ""),
                    c.descripcion,
                ]
            )
    for fila in filas:
        hoja.append(fila)
    hoja["A1"].font = Font(bold=True, size=13)
    for celda in hoja[5]:
        celda.font = Font(bold=True)
    for letra, ancho in zip("ABCDEFG", (30, 9, 50, 28, 22, 22, 60)):
        hoja.column_dimensions[letra].width = ancho


def escribir_plantilla(datos: Path, periodo: Periodo, destino: Path) -> Path:
    """Write the blank workbook of `periodo`: keys pre-filled, validations set, a help sheet first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    esquemas = leer_esquemas(datos)
    referencia = _referencia(datos, esquemas)
    de_ingreso = tablas_de_ingreso(esquemas)
    libro = Workbook()
    _hoja_ayuda(libro, de_ingreso, periodo)
    hoja_listas = libro.create_sheet(HOJA_LISTAS)
    listas = dict(referencia)
    for esquema in de_ingreso:
        hoja = libro.create_sheet(esquema.tabla)
        hoja.append(esquema.nombres)
        for celda in hoja[1]:
            celda.font = Font(bold=True)
            celda.fill = PatternFill("solid", fgColor="DDE3EA")
        filas = filas_esperadas(esquema, _existente(datos, esquema), referencia)
        for fila in filas:
            hoja.append([str(periodo) if c == "periodo" else fila.get(c) for c in esquema.nombres])
        ultima = max(len(filas) + 1, 2)
        for i, columna in enumerate(esquema.columnas, start=1):
            letra = hoja.cell(row=1, column=i).column_letter
            hoja.column_dimensions[letra].width = max(12, len(columna.nombre) + 2)
            for fila in range(2, ultima + 1):
                hoja.cell(row=fila, column=i).number_format = (
                    "@" if columna.tipo not in ("entero", "decimal", "anio") else "0"
                )
            regla = _validacion(columna, listas, hoja_listas)
            if regla is not None:
                hoja.add_data_validation(regla)
                regla.add(f"{letra}2:{letra}{ultima + 200}")
        hoja.freeze_panes = "A2"
    hoja_listas.sheet_state = "hidden"
    return atomic.escribir_atomico(Path(destino), libro.save)


@dataclass
class Importacion:
    """What an import did (or would do): the month, tables merged, cells changed, warnings."""

    periodo: Periodo | None  # None: the workbook has no monthly sheet
    tablas: list[str]
    filas: dict[str, int]
    cambios: list[str] = field(default_factory=list)
    advertencias: list[str] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)


def _periodo_del_libro(crudas: dict[str, TablaCruda]) -> tuple[str | None, list[str]]:
    """The one month the workbook carries; every row must say the same."""
    meses, problemas = {}, []
    for nombre, tabla in crudas.items():
        if "periodo" not in tabla.datos.columns:
            continue
        for i, valor in enumerate(tabla.datos["periodo"]):
            meses.setdefault(valor.strip(), []).append(f"hoja «{nombre}», {tabla.ubicacion(i, 'periodo')}")
    if len(meses) > 1:
        principal = max(meses, key=lambda m: len(meses[m]))
        for mes, donde in meses.items():
            if mes != principal:
                problemas.append(
                    f"{donde[0]}: periodo «{mes}» distinto del mes del libro ({principal}); "
                    f"un libro carga un solo mes" + (f" ({len(donde)} celdas así)" if len(donde) > 1 else "")
                )
        return principal, problemas
    return (next(iter(meses)) if meses else None), problemas


def _fusionar(existente: pd.DataFrame, nueva: pd.DataFrame, esquema: Esquema, mes: str) -> pd.DataFrame:
    """Rows of other months kept as they were (same order, same text); the month's rows appended."""
    otras = existente[existente["periodo"] != mes] if not existente.empty else existente
    return pd.concat([otras[esquema.nombres], nueva[esquema.nombres]], ignore_index=True)


def diferencias(anterior: pd.DataFrame, nueva: pd.DataFrame, esquema: Esquema) -> list[str]:
    """Human list of what a re-import changes: rows added or removed, cells old → new."""
    claves = list(esquema.clave) or ["periodo"]
    a = anterior.set_index(claves)
    n = nueva.set_index(claves)
    cambios = []
    for clave in n.index.difference(a.index):
        cambios.append(f"{esquema.tabla}: fila nueva {clave}")
    for clave in a.index.difference(n.index):
        cambios.append(f"{esquema.tabla}: fila eliminada {clave}")
    for clave in n.index.intersection(a.index):
        for columna in n.columns:
            viejo, nuevo = str(a.at[clave, columna]).strip(), str(n.at[clave, columna]).strip()
            if viejo != nuevo:
                cambios.append(
                    f"{esquema.tabla} {clave}: {columna} {viejo or '(vacío)'} → {nuevo or '(vacío)'}"
                )
    return cambios


def _csv(marco: pd.DataFrame) -> bytes:
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(list(marco.columns))
    escritor.writerows(marco.astype(str).values.tolist())
    return salida.getvalue().encode("utf-8")


def _escribir_mes(datos: Path, archivos: dict[Path, bytes]) -> None:
    """Merge the month into data/: every file replaced together or none, each keeping its mode and group.

    The caller holds data/'s lock (locks.importacion_exclusiva); see atomic.reemplazar_juntos.
    """
    try:
        atomic.reemplazar_juntos(datos, archivos)
    except OSError as exc:
        queda = (
            "La importación quedó a medio escribir: vuelva a ejecutarla para completarla."
            if atomic.a_medias(datos)
            else "No se modificó data/."
        )
        raise atomic.error_de_escritura(exc, datos, queda) from exc


def importar(datos: Path, libro: Path, reemplazar: bool = False, aplicar: bool = True) -> Importacion:
    """Validate a month's workbook and merge it into data/, all or nothing.

    Every problem (sheet, cell, value, expectation) is reported together; data/ is
    only written when the workbook and the merged tables pass every blocking check.
    """
    datos, libro = Path(datos), Path(libro)
    if not libro.exists():
        raise DatosError(f"No existe el libro {libro}.")
    esquemas = leer_esquemas(datos)
    crudas, problemas, ignoradas = leer_libro(libro, esquemas)
    ajenas = [n for n in crudas if not es_de_ingreso(esquemas[n])]
    problemas += [
        f"hoja «{n}»: no es una tabla de ingreso mensual (es de referencia o copia de una edición "
        "publicada); quítela del libro"
        for n in ajenas
    ]
    if not crudas and not problemas:
        problemas.append(
            f"ninguna hoja del libro es una tabla de data/ (hojas: {', '.join(ignoradas) or 'ninguna'}); "
            "use el libro de «build_report.py plantilla»"
        )
    mes, de_mes = _periodo_del_libro(crudas)
    problemas += de_mes
    referencia = cargar_carpeta(datos, {k: esquemas[k] for k in REFERENCIA if k in esquemas}, datos)
    tablas, hallazgos = validar({**referencia, **crudas})
    problemas += resumir([h for h in hallazgos if h.severidad == ERROR])
    if problemas:
        raise DatosError(
            f"{libro.name}: {len(problemas)} problema(s); no se modificó data/:\n  - "
            + "\n  - ".join(problemas)
        )
    cambios, archivos, filas, ya_cargadas = [], {}, {}, []
    for nombre, cruda in crudas.items():
        esquema = esquemas[nombre]
        existente = _existente(datos, esquema)
        previas = existente[existente["periodo"] == mes] if not existente.empty else existente
        nueva = cruda.datos[esquema.nombres].apply(lambda s: s.str.strip())
        if not previas.empty:
            ya_cargadas.append(nombre)
            cambios += diferencias(previas, nueva, esquema)
        archivos[datos / esquema.archivo] = _fusionar(existente, nueva, esquema, mes)
        filas[nombre] = len(nueva)
    if ya_cargadas and not reemplazar:
        raise DatosError(
            f"El mes {mes} ya está en data/ ({', '.join(ya_cargadas)}); no se modificó nada. "
            "Para reemplazarlo use --reemplazar (se listarán los cambios)."
        )
    advertencias = _revisar_fusion(datos, esquemas, archivos)
    periodo = Periodo.parse(mes) if mes else None
    resultado = Importacion(periodo, sorted(crudas), filas, cambios, advertencias, ignoradas)
    if aplicar:
        _escribir_mes(datos, {ruta: _csv(marco) for ruta, marco in archivos.items()})
    return resultado


def _advertencias(carpeta: Path, esquemas: dict) -> tuple[list, list]:
    crudas = cargar_carpeta(carpeta, esquemas, carpeta)
    tablas, hallazgos = validar(crudas)
    errores = [h for h in hallazgos if h.severidad == ERROR]
    if not errores:
        hallazgos += revisar(tablas, esquemas)
    return errores, [h.texto() for h in hallazgos if h.severidad == ADVERTENCIA]


def _revisar_fusion(datos: Path, esquemas: dict, archivos: dict[Path, pd.DataFrame]) -> list[str]:
    """Check data/ as it would be after the import (in a scratch copy).

    Errors stop the import; the warnings returned are only those the month adds
    (the embedded 2024 data carries its own, already in the QA report).
    """
    _errores, antes = _advertencias(datos, esquemas)
    with tempfile.TemporaryDirectory() as tmp:
        copia = Path(tmp) / "data"
        shutil.copytree(datos, copia, ignore=shutil.ignore_patterns("fuente", "*.md"))
        for ruta, marco in archivos.items():
            (copia / ruta.relative_to(datos)).write_bytes(_csv(marco))
        errores, despues = _advertencias(copia, esquemas)
        if errores:
            raise DatosError(
                "Con el libro, data/ quedaría con errores; no se modificó nada:\n  - "
                + "\n  - ".join(resumir(errores))
            )
    previas = set(antes)
    return [a for a in despues if a not in previas]
