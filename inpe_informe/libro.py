"""The month's workbook: which input tables a month needs, the period each covers, and its rows.

Each schema declares its table's frequency (`frecuencia`): monthly tables go in every
month's workbook, quarterly ones in the month that closes the quarter, annual ones in
their due month (`entrega`, December by default). A sheet's rows are the keys of the
latest period on file; its columns are the key and what the analyst types — columns
that only recorded the 2024 transcription are derived on import (`completar`).
"""

from __future__ import annotations

import itertools

import pandas as pd

from .errors import DatosError
from .load import TablaCruda
from .periods import Periodo
from .schema import REFERENCIAS, Esquema

HOJA_AYUDA = "LEAME"
HOJA_LISTAS = "listas"
CELDA_MES, ETIQUETA_MES = "B2", "Mes del libro"  # the LEAME cell with the workbook's month (AAAA-MM)
_ORDEN_FRECUENCIA = {"mensual": 0, "trimestral": 1, "anual": 2}
_TRIMESTRES = ["1.er", "2.º", "3.er", "4.º"]


def tiempo_del_mes(esquema: Esquema, periodo: Periodo) -> dict | None:
    """Period key of `esquema`'s rows in the workbook of `periodo`; None when the table is not due then.

    The key is the cells' text (periodo 'AAAA-MM', anio, trimestre): it is matched against raw rows
    (load.TablaCruda, still text) and written into new workbooks, never against typed tables.
    """
    if esquema.frecuencia == "mensual":
        return {"periodo": str(periodo)}
    if esquema.frecuencia == "trimestral":
        return (
            {"anio": str(periodo.anio), "trimestre": str(periodo.mes // 3)} if periodo.mes % 3 == 0 else None
        )
    if esquema.frecuencia == "anual" and periodo.mes == esquema.entrega:
        return {"anio": str(periodo.anio)} if "anio" in esquema.clave else {"periodo": str(periodo)}
    return None


def tablas_del_mes(esquemas: dict[str, Esquema], periodo: Periodo) -> list[Esquema]:
    """Input tables the workbook of `periodo` carries: chapter order, monthly before quarterly before annual."""
    propias = [e for e in esquemas.values() if tiempo_del_mes(e, periodo) is not None]
    return sorted(propias, key=lambda e: (e.capitulo, _ORDEN_FRECUENCIA[e.frecuencia], e.tabla))


def que_cubre(esquema: Esquema, periodo: Periodo) -> str:
    """The period a sheet covers, as the analyst reads it: «enero 2025», «2.º trimestre 2025 (abril–junio)»."""
    if esquema.frecuencia == "trimestral":
        desde = Periodo(periodo.anio, periodo.mes - 2)
        return (
            f"{_TRIMESTRES[periodo.mes // 3 - 1]} trimestre {periodo.anio} "
            f"({desde.nombre_mes}–{periodo.nombre_mes})"
        )
    if esquema.frecuencia == "anual":
        return f"año {periodo.anio} (enero–diciembre, o al cierre del año)"
    return f"{periodo.nombre_mes} {periodo.anio}"


def _orden(marco: pd.DataFrame, tiempo: dict) -> pd.Series:
    """A sortable text of every row's period: periodo, or anio·10 + trimestre."""
    if "periodo" in tiempo:
        return marco["periodo"].astype(str)
    numero = pd.to_numeric(marco["anio"]) * 10
    if "trimestre" in tiempo:
        numero = numero + pd.to_numeric(marco["trimestre"])
    return numero.astype(int).astype(str).str.zfill(6)


def _clave_de_tiempo(tiempo: dict) -> str:
    if "periodo" in tiempo:
        return str(tiempo["periodo"])
    return str(int(tiempo["anio"]) * 10 + int(tiempo.get("trimestre", 0))).zfill(6)


def anteriores(existente: pd.DataFrame, esquema: Esquema, tiempo: dict) -> pd.DataFrame:
    """Rows on file of periods before `tiempo` (the base of the new period's rows and derivations)."""
    if existente.empty:
        return existente
    return existente[_orden(existente, tiempo) < _clave_de_tiempo(tiempo)]


def ultimo_periodo(existente: pd.DataFrame, esquema: Esquema, tiempo: dict) -> pd.DataFrame:
    """Rows of the latest period before `tiempo` (previous month, quarter or year on file)."""
    previas = anteriores(existente, esquema, tiempo)
    if previas.empty:
        return previas
    orden = _orden(previas, tiempo)
    return previas[orden == orden.max()]


def filas_esperadas(
    esquema: Esquema, existente: pd.DataFrame, referencia: dict[str, list[str]], tiempo: dict
) -> list[dict]:
    """Key rows the new period needs: those of the latest period on file, else every listed combination.

    Key values a schema keeps out of new workbooks (`no_en_plantilla`, e.g. RESTO) are left out.
    """
    claves = [c for c in esquema.clave if c not in tiempo]
    if not claves:
        return [dict(tiempo)]
    if esquema.filas_libres:
        return []
    ultimo = ultimo_periodo(existente, esquema, tiempo)
    if not ultimo.empty:
        filas = ultimo[claves].drop_duplicates().to_dict("records")
    else:
        opciones = []
        for nombre in claves:
            columna = esquema.columna(nombre)
            valores = list(columna.valores) or referencia.get(columna.tipo) or [""]
            opciones.append([str(v) for v in valores])
        filas = [dict(zip(claves, combinacion)) for combinacion in itertools.product(*opciones)]
    fuera = {c.nombre: set(c.no_en_plantilla) for c in esquema.columnas if c.no_en_plantilla}
    filas = [f for f in filas if not any(str(f.get(c)) in v for c, v in fuera.items())]
    return [{**tiempo, **f} for f in filas]


def _derivado(fuente: str, fila: dict, posicion: int, previa: dict | None, referencia: dict, columna: str):
    """One derivation of a column for one row, or None when this source has no value for it."""
    if fuente == "anterior":
        return None if previa is None else previa.get(columna)
    if fuente == "fila":
        return str(posicion)
    tabla, campo = fuente.split(".")
    codigo = str(fila.get(REFERENCIAS[tabla], "")).strip()
    valores = referencia.get(tabla, {}).get(codigo)
    return None if valores is None else valores.get(campo)


def _ultimas(existente: pd.DataFrame, esquema: Esquema, tiempo: dict) -> dict[tuple, dict]:
    """The latest earlier row of each key (without its period columns): the `anterior` of a new row."""
    previas = anteriores(existente, esquema, tiempo)
    sin_tiempo = [c for c in esquema.clave if c not in tiempo]
    filas = (
        previas.assign(_orden=_orden(previas, tiempo)).sort_values("_orden", kind="stable").to_dict("records")
        if not previas.empty
        else []
    )
    return {tuple(str(f[c]).strip() for c in sin_tiempo): f for f in filas}  # later rows overwrite earlier


def _valor(columna, fila: dict, posicion: int, previa: dict | None, referencia: dict) -> str | None:
    """A derived column's value for one row: the first derivation that has one, else its default."""
    for fuente in columna.deriva:
        valor = _derivado(fuente, fila, posicion, previa, referencia, columna.nombre)
        if valor is not None and not pd.isna(valor):
            return str(valor)
    return columna.por_defecto


def completar(tabla: TablaCruda, tiempo: dict, existente: pd.DataFrame, referencia: dict) -> list[str]:
    """Fill the columns the workbook does not ask (blank or absent) from their declared derivation.

    `existente` is the table on file; `referencia` maps a reference table to {code: row}.
    Returns the rows that could not be completed (the analyst must type the column).
    """
    esquema, datos = tabla.esquema, tabla.datos
    sin_tiempo = [c for c in esquema.clave if c not in tiempo]
    ultimas = _ultimas(existente, esquema, tiempo)
    problemas = []
    for columna in (c for c in esquema.columnas if not c.se_pide):
        escritos = (
            datos[columna.nombre] if columna.nombre in datos.columns else pd.Series("", index=datos.index)
        )
        valores = []
        for i, fila in enumerate(datos.to_dict("records")):
            valor = str(escritos.iloc[i]).strip()
            if not valor:
                previa = ultimas.get(tuple(str(fila.get(c, "")).strip() for c in sin_tiempo))
                valor = _valor(columna, fila, i + 1, previa, referencia)
            if valor is None:
                problemas.append(
                    f"{tabla.archivo_de(i)}, {tabla.ubicacion(i)}: no se puede completar «{columna.nombre}» "
                    f"({columna.como_se_completa}) en una fila nueva; añada la columna «{columna.nombre}» "
                    "a la hoja y escriba su valor"
                )
            valores.append(valor or "")
        datos[columna.nombre] = valores
    return problemas


def referencia_por_codigo(tablas: dict[str, TablaCruda]) -> dict[str, dict[str, dict]]:
    """Reference tables (establishments, offices, E.M.L.) as {code: row} for derivations."""
    return {
        nombre: {str(f["codigo"]).strip(): f for f in tablas[nombre].datos.to_dict("records")}
        for nombre in REFERENCIAS
        if nombre in tablas
    }


def mes_del_libro(libro_ruta, ayuda: list[list[str]] | None) -> Periodo | None:
    """The month written in the LEAME sheet (cell B2) of a workbook made by `plantilla`, if any."""
    if not ayuda or len(ayuda) < 2 or len(ayuda[1]) < 2 or str(ayuda[1][0]).strip() != ETIQUETA_MES:
        return None  # a workbook of an earlier version, or not made by plantilla
    valor = str(ayuda[1][1]).strip()
    try:
        return Periodo.parse(valor)
    except Exception as exc:  # a hand-edited LEAME is reported, not a crash
        raise DatosError(
            f"{libro_ruta.name}, hoja «{HOJA_AYUDA}», celda {CELDA_MES}: «{valor}» no es un mes AAAA-MM; "
            "escriba el mes del libro (p. ej. 2025-01) o vuelva a generar la plantilla"
        ) from exc
