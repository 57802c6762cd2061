"""Monthly intake: the checked import of a month's workbook into data/ (importar).

The loop a statistician runs each month: plantilla → fill → importar → informe.
An import merges the whole workbook into data/ or touches nothing. What the workbook
breaks for its period — a row identity, a printed total against its detail (`suma_de`),
a chapter consistency rule — is an error named by sheet and cell. Plausibility findings
(jumps against the previous period, an unknown sheet, a sheet the month still lacks) are
warnings. Findings about other periods (the 2024 errata) belong to the QA report, not here:
a finding is the import's when it appears with the workbook and not without it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import atomic, capitulos
from .backtest import es_salto
from .capitulos.reglas import NOTA
from .errors import DatosError
from .fusion import csv_de, diferencias
from .libro import (
    HOJA_AYUDA,
    HOJA_LISTAS,
    completar,
    mes_del_libro,
    referencia_por_codigo,
    tablas_del_mes,
    tiempo_del_mes,
    ultimo_periodo,
)
from .load import TablaCruda, cargar_carpeta, combinar, leer_libro
from .periods import Periodo
from .plantilla import escribir_plantilla  # noqa: F401  (the CLI's and tests' entry point lives next door)
from .schema import Esquema, leer_esquemas
from .validate import ERROR, Hallazgo, resumir, validar

SALTOS, HOJAS_AJENAS, HOJAS_QUE_FALTAN, OTRAS, NOTAS = (
    "saltos frente al periodo anterior",
    "hojas que no son tablas (se ignoraron)",
    "hojas del mes que este libro no trae",
    "revisiones de plausibilidad",
    "notas para leer los datos (no son problemas)",
)


@dataclass
class Importacion:
    """What an import did (or would do): the month, tables merged, cells changed, warnings by kind."""

    periodo: Periodo | None  # None: the workbook has no monthly sheet
    tablas: list[str]
    filas: dict[str, int]
    cambios: list[str] = field(default_factory=list)
    grupos: dict[str, list[str]] = field(default_factory=dict)  # kind of warning → lines
    ignoradas: list[str] = field(default_factory=list)
    sin_cambios: bool = False  # --reemplazar with a workbook equal to what data/ has

    @property
    def advertencias(self) -> list[str]:
        return [linea for grupo, lineas in self.grupos.items() if grupo != NOTAS for linea in lineas]

    @property
    def notas(self) -> list[str]:
        return self.grupos.get(NOTAS, [])


def _tiempo(fila: dict, esquema: Esquema) -> dict:
    return {c: str(fila[c]).strip() for c in esquema.tiempo}


def _mes(libro: Path, crudas: dict, otras: dict) -> Periodo:
    """The workbook's month: LEAME!B2 when `plantilla` wrote it, else the month its `periodo` cells say."""
    escrito = mes_del_libro(libro, otras.get(HOJA_AYUDA))
    if escrito:
        return escrito
    meses = [
        str(v).strip() for t in crudas.values() if "periodo" in t.datos.columns for v in t.datos["periodo"]
    ]
    meses = pd.Series([m for m in meses if m], dtype=str)
    if meses.empty:
        raise DatosError(
            f"{libro.name}: no se sabe de qué mes es el libro (ni la hoja {HOJA_AYUDA} ni una columna periodo "
            "lo dicen); use el libro de «build_report.py plantilla --periodo AAAA-MM»."
        )
    return Periodo.parse(meses.mode().iloc[0])


def _problemas_de_tiempo(tabla: TablaCruda, mes: Periodo) -> list[str]:
    """Every row of a sheet must be of the period the month's workbook asks for that table."""
    esquema = tabla.esquema
    esperado = tiempo_del_mes(esquema, mes)
    if esperado is None:
        cuando = {"trimestral": "en marzo, junio, setiembre y diciembre"}.get(
            esquema.frecuencia, f"en el libro del mes {esquema.entrega} de cada año"
        )
        return [
            f"{tabla.archivo_de()}: la tabla es {esquema.frecuencia} y se carga {cuando}, no en el libro "
            f"de {mes}; quite la hoja o use el libro de ese mes"
        ]
    problemas = {}
    for columna, valor in esperado.items():
        if columna not in tabla.datos.columns:
            continue
        for i, celda in enumerate(tabla.datos[columna].astype(str).str.strip()):
            if celda != valor:
                problemas.setdefault((columna, celda), []).append(tabla.ubicacion(i, columna))
    return [
        f"{tabla.archivo_de()}, {donde[0]}: {columna} «{celda}» distinto del mes del libro ({mes})"
        + ("" if columna == "periodo" else f": se espera {columna} = {esperado[columna]}")
        + "; un libro carga un solo mes"
        + (f" ({len(donde)} celdas así)" if len(donde) > 1 else "")
        for (columna, celda), donde in problemas.items()
    ]


def _encabezados(tabla: TablaCruda) -> list[str]:
    """Columns the sheet lacks (the asked ones) or has that the table does not know."""
    esquema, columnas = tabla.esquema, list(tabla.datos.columns)
    faltan = [c for c in esquema.pedidas if c not in columnas]
    sobran = [c for c in columnas if c not in esquema.nombres]
    problemas = []
    if faltan:
        problemas.append(
            f"{tabla.archivo_de()}, encabezados: faltan las columnas {', '.join(faltan)} "
            f"(se esperaban {', '.join(esquema.pedidas)})"
        )
    if sobran:
        problemas.append(
            f"{tabla.archivo_de()}, encabezados: columnas no previstas: {', '.join(sobran)} "
            "(quítelas o añádalas al esquema)"
        )
    return problemas


def _sin_filas_vacias(tabla: TablaCruda) -> None:
    """An optional table's rows left blank (keys only) are not data: drop them."""
    valores = [c for c in tabla.esquema.pedidas if c not in tabla.esquema.clave and c in tabla.datos.columns]
    llenas = tabla.datos[valores].apply(lambda s: s.str.strip() != "").any(axis=1)
    tabla.datos = tabla.datos[llenas].reset_index(drop=True)


def _leer(libro: Path, esquemas: dict, datos_csv: dict) -> tuple[Periodo, dict, dict, list[str]]:
    """Read, place in time and complete every sheet; problems are listed, not raised.

    A sheet that cannot be merged (columns missing or unknown, not due this month) is set
    aside with its problem, so the rest is still checked and every problem reported at once.
    """
    crudas, problemas, otras = leer_libro(libro, esquemas)
    problemas += [
        f"{crudas[n].archivo_de()}: no es una tabla que se cargue cada periodo (es de referencia o copia de "
        "una edición publicada); quítela del libro"
        for n in crudas
        if not esquemas[n].frecuencia
    ]
    crudas = {n: t for n, t in crudas.items() if esquemas[n].frecuencia}
    mes = _mes(libro, crudas, otras)
    referencia = referencia_por_codigo(datos_csv)
    for nombre, tabla in list(crudas.items()):
        apartar = _encabezados(tabla) + _problemas_de_tiempo(tabla, mes)
        problemas += apartar
        if apartar and (_encabezados(tabla) or tiempo_del_mes(tabla.esquema, mes) is None):
            del crudas[nombre]
            continue
        if tabla.esquema.opcional:
            _sin_filas_vacias(tabla)
            if tabla.datos.empty:  # left blank until the figures exist: nothing to import, nothing replaced
                del crudas[nombre]
                continue
        problemas += completar(tabla, tiempo_del_mes(tabla.esquema, mes), datos_csv[nombre].datos, referencia)
    if not crudas and not problemas:
        problemas.append(
            f"ninguna hoja del libro es una tabla de data/ (hojas: {', '.join(otras) or 'ninguna'}); "
            "use el libro de «build_report.py plantilla»"
        )
    return mes, crudas, otras, problemas


def _estados(datos_csv: dict, crudas: dict, mes: Periodo) -> tuple[dict, dict, dict]:
    """data/ without the workbook's periods (before) and with the workbook (after); rows kept per table."""
    antes, despues, otras_filas = dict(datos_csv), dict(datos_csv), {}
    for nombre, hoja in crudas.items():
        csv, esquema = datos_csv[nombre], hoja.esquema
        tiempo = tiempo_del_mes(esquema, mes)
        propias = [i for i, f in enumerate(csv.datos.to_dict("records")) if _tiempo(f, esquema) == tiempo]
        propias = set(propias)
        otras_filas[nombre] = [i for i in range(len(csv.datos)) if i not in propias]
        antes[nombre] = combinar(esquema, [(csv, otras_filas[nombre])])
        despues[nombre] = combinar(
            esquema, [(csv, otras_filas[nombre]), (hoja, list(range(len(hoja.datos))))]
        )
    return antes, despues, otras_filas


def _hallazgos(crudas: dict, esquemas: dict) -> tuple[dict, list[Hallazgo]]:
    """Every check of validate.py, and the chapter rules when the tables convert cleanly."""
    tablas, hallazgos = validar(crudas)
    if not any(h.severidad == ERROR for h in hallazgos):
        hallazgos += capitulos.revisar(tablas, esquemas)
    return tablas, hallazgos


def _del_libro(nuevos: list[Hallazgo], hojas: dict[str, TablaCruda]) -> list[Hallazgo]:
    """Chapter-rule findings (located `columna=valor, …`) moved onto the workbook's rows and cells."""
    movidos = []
    for h in nuevos:
        hoja = hojas.get(h.tabla)
        if hoja is None or "hoja «" in h.archivo:
            movidos.append(h)
            continue
        pares = dict(re.findall(r"(\w+)=([^,]+)", h.ubicacion))
        columna = (re.search(r"columna (\w+)", h.ubicacion) or [None, None])[1]
        filas = hoja.datos.index
        for c, v in pares.items():
            if c in hoja.datos.columns:
                filas = [i for i in filas if str(hoja.datos.at[i, c]).strip() == v.strip()]
        if len(filas) == 1:
            donde = f"{hoja.ubicacion(filas[0], columna)} ({h.ubicacion})"
        elif columna in hoja.datos.columns:
            donde = f"columna {hoja.letra(columna)} ({h.ubicacion})"
        else:
            donde = h.ubicacion
        movidos.append(
            Hallazgo(h.severidad, h.tabla, hoja.archivo_de(), donde, h.mensaje, h.capitulo, h.consistencia)
        )
    return movidos


def _saltos(crudas: dict, datos_csv: dict, mes: Periodo, umbral: float, minimo: float) -> list[str]:
    """Counts of the workbook that moved more than `umbral` against the previous period on file."""
    lineas = []
    for nombre, hoja in crudas.items():
        esquema = hoja.esquema
        tiempo = tiempo_del_mes(esquema, mes)
        previas = ultimo_periodo(datos_csv[nombre].datos, esquema, tiempo)
        if previas.empty:
            continue
        claves = [c for c in esquema.clave if c not in tiempo]
        numericas = [
            c.nombre for c in esquema.columnas if c.tipo == "entero" and c.nombre not in esquema.clave
        ]
        indice = {tuple(str(f[c]).strip() for c in claves): f for f in previas.to_dict("records")}
        cuando = " ".join(str(v) for v in _tiempo(next(iter(indice.values())), esquema).values())
        for i, fila in enumerate(hoja.datos.to_dict("records")):
            previa = indice.get(tuple(str(fila[c]).strip() for c in claves))
            for col in numericas if previa is not None else []:
                antes, ahora = (
                    int(v) if str(v).strip().isdigit() else None for v in (previa[col], fila[col])
                )
                if es_salto(antes, ahora, umbral, minimo):
                    donde = ", ".join(f"{c}={fila[c]}" for c in claves)
                    lineas.append(
                        f"{hoja.archivo_de(i)}, {hoja.ubicacion(i, col)} ({donde}): {col} pasa de {int(antes):,} "
                        f"({cuando}) a {int(ahora):,} ({(ahora - antes) / abs(antes):+.0%})"
                    )
    return lineas


def _hojas_ajenas(otras: dict, esquemas: dict) -> list[str]:
    lineas = []
    for nombre in otras:
        if nombre in (HOJA_AYUDA, HOJA_LISTAS):
            continue
        parecidas = difflib.get_close_matches(nombre, list(esquemas), n=1)
        pista = f" ¿es «{parecidas[0]}»? " if parecidas else " "
        lineas.append(
            f"hoja «{nombre}»: no es una tabla de data/, no se importó.{pista}Una hoja se importa sólo "
            "si se llama como su tabla (no cambie los nombres de hoja de la plantilla)"
        )
    return lineas


def _revisar_libro(
    libro, mes, crudas, otras, esquemas, datos_csv, estados, umbral, minimo, problemas
) -> dict:
    """All the workbook's findings for its period (warnings by kind); raises with every error at once."""
    antes, despues, _filas = estados
    _t, previos = _hallazgos(antes, esquemas)
    _t, posteriores = _hallazgos(despues, esquemas)
    vistos = {(h.severidad, h.texto()) for h in previos}
    nuevos = _del_libro([h for h in posteriores if (h.severidad, h.texto()) not in vistos], crudas)
    errores = problemas + resumir([h for h in nuevos if h.severidad == ERROR or h.consistencia])
    if errores:
        raise DatosError(
            f"{libro.name}: {len(errores)} problema(s) del libro de {mes}; no se modificó data/:\n  - "
            + "\n  - ".join(errores)
        )
    faltan = [e.tabla for e in tablas_del_mes(esquemas, mes) if e.tabla not in crudas and not e.opcional]
    grupos = {
        SALTOS: _saltos(crudas, datos_csv, mes, umbral, minimo),
        HOJAS_AJENAS: _hojas_ajenas(otras, esquemas),
        HOJAS_QUE_FALTAN: [f"{', '.join(faltan)} (se cargan con otro libro del mismo mes)"] if faltan else [],
        OTRAS: resumir([h for h in nuevos if h.severidad != NOTA]),
        NOTAS: resumir([h for h in nuevos if h.severidad == NOTA]),
    }
    vacias = [n for n, t in crudas.items() if t.datos.empty]
    if vacias:
        grupos[OTRAS].append(f"hojas sin filas (la tabla queda sin datos de {mes}): {', '.join(vacias)}")
    return {k: v for k, v in grupos.items() if v}


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


def importar(
    datos: Path,
    libro: Path,
    reemplazar: bool = False,
    aplicar: bool = True,
    umbral: float = 0.30,
    minimo: float = 50,
) -> Importacion:
    """Validate a month's workbook (.xlsx or .ods) and merge it into data/, all or nothing.

    Every problem (sheet, cell, value, what was expected) is reported together; data/ is
    only written when the workbook, merged with data/, breaks no identity, sum or rule for
    its period. A month already on file is replaced only with `reemplazar` (changes listed).
    """
    datos, libro = Path(datos), Path(libro)
    if not libro.exists():
        raise DatosError(f"No existe el libro {libro}.")
    esquemas = leer_esquemas(datos)
    datos_csv = cargar_carpeta(datos, esquemas, datos.parent)
    mes, crudas, otras, problemas = _leer(libro, esquemas, datos_csv)
    estados = _estados(datos_csv, crudas, mes)
    grupos = _revisar_libro(
        libro, mes, crudas, otras, esquemas, datos_csv, estados, umbral, minimo, problemas
    )
    otras_filas = estados[2]
    cambios, archivos, filas, ya_cargadas = [], {}, {}, []
    for nombre, hoja in crudas.items():
        esquema, csv = esquemas[nombre], datos_csv[nombre]
        nueva = hoja.datos[esquema.nombres].apply(lambda s: s.astype(str).str.strip())
        previas = csv.datos.drop(index=otras_filas[nombre])[esquema.nombres]
        if not previas.empty:
            ya_cargadas.append(nombre)
            cambios += diferencias(previas, nueva, esquema)
        conservadas = csv.datos.iloc[otras_filas[nombre]][esquema.nombres]
        archivos[datos / esquema.archivo] = pd.concat([conservadas, nueva], ignore_index=True)
        filas[nombre] = len(nueva)
    if ya_cargadas and not reemplazar:
        raise DatosError(
            f"El mes {mes} ya está en data/ ({', '.join(ya_cargadas)}); no se modificó nada. "
            "Para reemplazarlo use --reemplazar (se listarán los cambios)."
        )
    sin_cambios = bool(ya_cargadas) and not cambios and len(ya_cargadas) == len(crudas)
    resultado = Importacion(
        mes,
        sorted(crudas),
        filas,
        cambios,
        grupos,
        list(otras),
        sin_cambios,
    )
    if aplicar and not sin_cambios:
        _escribir_mes(datos, {ruta: csv_de(marco) for ruta, marco in archivos.items()})
    return resultado
