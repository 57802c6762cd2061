"""The blank workbook of a month (plantilla): one sheet per table the month needs, and a LEAME sheet.

Keys are pre-filled (the rows of the latest period on file), numbers and lists are
controlled by data validation, and LEAME explains the month being filled: which sheets,
which period each covers, what each column means and which columns fill themselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import atomic
from .libro import (
    CELDA_MES,
    ETIQUETA_MES,
    HOJA_AYUDA,
    HOJA_LISTAS,
    filas_esperadas,
    que_cubre,
    tablas_del_mes,
    tiempo_del_mes,
)
from .load import cargar_carpeta, leer_csv
from .periods import Periodo
from .schema import Esquema, leer_esquemas

_TIPOS = {
    "periodo": "mes AAAA-MM",
    "anio": "año AAAA",
    "entero": "número entero ≥ 0, sin separador de miles",
    "decimal": "número ≥ 0 con punto decimal",
    "texto": "texto",
    "categoria": "uno de la lista",
    "codigo_ep": "código de establecimiento (lista)",
    "codigo_oficina": "código de oficina regional (lista)",
    "booleano": "si / no",
}
_CODIGOS = {"codigo_ep": "establecimientos", "codigo_oficina": "oficinas_regionales"}


def _referencia(datos: Path, esquemas: dict) -> dict[str, list[str]]:
    nombres = {k: esquemas[k] for k in _CODIGOS.values() if k in esquemas}
    crudas = cargar_carpeta(datos, nombres, datos)
    return {tipo: list(crudas[t].datos["codigo"]) for tipo, t in _CODIGOS.items() if t in crudas}


def _existente(datos: Path, esquema: Esquema) -> pd.DataFrame:
    ruta = Path(datos) / esquema.archivo
    return (
        leer_csv(ruta, esquema.archivo) if ruta.exists() else pd.DataFrame(columns=esquema.nombres, dtype=str)
    )


def _validacion(columna, listas: dict, hoja_listas):
    """Excel data validation for one column (None when the type needs none)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    tipo, vacio = columna.tipo, columna.nulos
    if tipo in ("entero", "anio", "decimal"):
        return DataValidation(
            type="decimal" if tipo == "decimal" else "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=vacio,
            error=f"Escriba un {_TIPOS[tipo]}.",
            errorTitle="Valor no válido",
            showErrorMessage=True,
        )
    opciones = {"categoria": list(columna.valores), "booleano": ["si", "no"]}.get(tipo) or listas.get(tipo)
    if not opciones:
        return None
    clave = f"{columna.nombre}:{tipo}:{'|'.join(map(str, opciones))}"
    if clave not in listas.setdefault("_rangos", {}):
        col = len(listas["_rangos"]) + 1
        letra = hoja_listas.cell(row=1, column=col).column_letter
        hoja_listas.cell(row=1, column=col, value=columna.nombre)
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


def _filas_de_ayuda(esquemas: list[Esquema], periodo: Periodo, filas: dict, orden: str) -> list[list]:
    """LEAME's text: the month, how to fill, each sheet and its period, each column, what fills itself."""
    texto = [
        [f"Informe Estadístico de Tratamiento Penitenciario — datos de {periodo.nombre_mes} {periodo.anio}"],
        [ETIQUETA_MES, str(periodo)],
        [],
        [
            "Cómo llenar",
            "Una hoja por tabla; no cambie los nombres de hoja ni los encabezados. Las claves (mes, "
            "establecimiento, categoría…) ya están escritas: complete los números de cada fila, sin separador "
            "de miles. Deje vacía una celda sólo si el dato no existe (nunca un 0 en su lugar). Puede añadir "
            "filas (p. ej. un establecimiento nuevo) o importar por partes: un libro con algunas hojas carga "
            "sólo esas tablas.",
        ],
        ["Cuando termine", orden],
        [],
        ["hoja", "capítulo", "frecuencia", "periodo que cubre", "filas escritas", "qué contiene"],
    ]
    texto += [
        [e.tabla, e.capitulo, e.frecuencia, que_cubre(e, periodo), filas[e.tabla], e.descripcion]
        for e in esquemas
    ]
    if not any(e.frecuencia != "mensual" for e in esquemas):
        texto.append(
            [
                "",
                "",
                "",
                "Este mes sólo lleva tablas mensuales: las trimestrales se cargan en marzo, junio, setiembre "
                "y diciembre; las anuales, en diciembre.",
            ]
        )
    texto += [[], ["hoja", "columna", "tipo", "qué es"]]
    for e in esquemas:
        tiempo = tiempo_del_mes(e, periodo)
        for c in e.columnas:
            if c.nombre in e.pedidas:
                escrita = " (ya escrita)" if c.nombre in tiempo else ""
                tipo = _TIPOS[c.tipo] + (", puede quedar vacía" if c.nulos else "") + escrita
                texto.append([e.tabla, c.nombre, tipo, c.descripcion])
    derivadas = [(e.tabla, c) for e in esquemas for c in e.columnas if c.nombre not in e.pedidas]
    if derivadas:
        texto += [
            [],
            [
                "Columnas que no se piden: se completan solas al importar (si añade la columna y escribe un valor, "
                "se usa el suyo)"
            ],
            ["hoja", "columna", "cómo se completa"],
        ]
        texto += [[tabla, c.nombre, c.como_se_completa] for tabla, c in derivadas]
    return texto


def _hoja_ayuda(libro, esquemas: list[Esquema], periodo: Periodo, filas: dict, orden: str) -> None:
    from openpyxl.styles import Font

    hoja = libro.active
    hoja.title = HOJA_AYUDA
    for fila in _filas_de_ayuda(esquemas, periodo, filas, orden):
        hoja.append(fila)
        if len(fila) > 2 and fila[0] == "hoja":
            for celda in hoja[hoja.max_row]:
                celda.font = Font(bold=True)
    hoja["A1"].font = Font(bold=True, size=13)
    hoja[CELDA_MES].font = Font(bold=True)
    for letra, ancho in zip("ABCDEF", (30, 24, 30, 40, 14, 70)):
        hoja.column_dimensions[letra].width = ancho


def _hoja_de_tabla(libro, esquema: Esquema, filas: list[dict], listas: dict, hoja_listas) -> None:
    from openpyxl.styles import Font, PatternFill

    hoja = libro.create_sheet(esquema.tabla)
    columnas = [esquema.columna(n) for n in esquema.pedidas]
    hoja.append([c.nombre for c in columnas])
    for celda in hoja[1]:
        celda.font = Font(bold=True)
        celda.fill = PatternFill("solid", fgColor="DDE3EA")
    for fila in filas:
        hoja.append([fila.get(c.nombre) for c in columnas])
    ultima = max(len(filas) + 1, 2)
    for i, columna in enumerate(columnas, start=1):
        letra = hoja.cell(row=1, column=i).column_letter
        hoja.column_dimensions[letra].width = max(12, len(columna.nombre) + 2)
        numerica = columna.tipo in ("entero", "decimal", "anio")
        for fila in range(2, ultima + 1):
            celda = hoja.cell(row=fila, column=i)
            celda.number_format = "0" if numerica else "@"
            if numerica and isinstance(celda.value, str) and celda.value.isdigit():
                celda.value = int(celda.value)
        regla = _validacion(columna, listas, hoja_listas)
        if regla is not None:
            hoja.add_data_validation(regla)
            regla.add(f"{letra}2:{letra}{ultima + 200}")
    hoja.freeze_panes = "A2"


def escribir_plantilla(datos: Path, periodo: Periodo, destino: Path, orden: str | None = None) -> Path:
    """Write the blank workbook of `periodo`: LEAME first, then one sheet per table the month needs.

    `orden` is the import command LEAME tells the analyst to run when done.
    """
    from openpyxl import Workbook

    esquemas = leer_esquemas(datos)
    referencia = _referencia(datos, esquemas)
    del_mes = tablas_del_mes(esquemas, periodo)
    filas = {
        e.tabla: filas_esperadas(e, _existente(datos, e), referencia, tiempo_del_mes(e, periodo))
        for e in del_mes
    }
    libro = Workbook()
    destino = Path(destino)
    orden = orden or f"build_report.py importar {destino.name}"
    _hoja_ayuda(libro, del_mes, periodo, {k: len(v) for k, v in filas.items()}, orden)
    hoja_listas = libro.create_sheet(HOJA_LISTAS)
    listas = dict(referencia)
    for esquema in del_mes:
        _hoja_de_tabla(libro, esquema, filas[esquema.tabla], listas, hoja_listas)
    hoja_listas.sheet_state = "hidden"
    return atomic.escribir_atomico(destino, libro.save)
