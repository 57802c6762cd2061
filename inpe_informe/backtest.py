"""Back-test: the figures of a build saved with ids, compared with an earlier build; month-over-month jumps.

Every build writes `<informe>-cifras.json`: its period, each chapter's windows and every
computed number by id. `--comparar-con CARPETA` compares like with like: the same figure
(id, period and window) in both builds. A figure whose id names a month (a series row:
`cap1.serie.2024-03.…`) covers that month; any other covers the build's period within its
chapter's windows. Figures covering different periods or windows are counted as not
comparable, never listed as changed — so a rebuild of the same month after a correction
lists exactly the figures that moved, and January against December's build compares only
the months both print. Jumps above `calidad.umbral_salto` — in the inputs (month against
previous month) and in the changed figures — go to the QA report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .errors import DatosError
from .periods import Periodo


@dataclass(frozen=True)
class Salto:
    """A value that moved more than the threshold between two observations."""

    donde: str  # table and key, or figure id
    columna: str
    anterior: float
    actual: float

    @property
    def relativo(self) -> float:
        return (self.actual - self.anterior) / abs(self.anterior)


_MES = re.compile(r"\d{4}-\d{2}")


def como_json(cifras: dict, periodo: Periodo, ventanas: dict[str, str]) -> str:
    """The build's figures as stable JSON: period, chapter windows and values (sorted ids; Decimal as a number)."""
    plano = {k: (float(v) if isinstance(v, Decimal) else v) for k, v in sorted(cifras.items())}
    documento = {"periodo": str(periodo), "ventanas": dict(sorted(ventanas.items())), "cifras": plano}
    return json.dumps(documento, ensure_ascii=False, indent=1) + "\n"


def cobertura(cifra: str, periodo: str, ventanas: dict[str, str]) -> str:
    """What a figure covers: the month its id names, else the build's period within its chapter's windows."""
    mes = next((parte for parte in cifra.split(".") if _MES.fullmatch(parte)), None)
    if mes:
        return mes
    ventana = ventanas.get(cifra.split(".", 1)[0])
    return f"{periodo} ({ventana})" if ventana else periodo


def leer_cifras(carpeta: Path, nombre_preferido: str) -> tuple[Path, dict]:
    """The figures saved in an earlier output folder (same report name, else the latest one there)."""
    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        raise DatosError(f"--comparar-con: no existe la carpeta {carpeta}.")
    preferido = carpeta / nombre_preferido
    candidatos = [preferido] if preferido.exists() else sorted(carpeta.glob("*-cifras.json"))
    if not candidatos:
        raise DatosError(
            f"--comparar-con: {carpeta} no tiene archivos *-cifras.json de una generación anterior."
        )
    ruta = candidatos[-1]
    try:
        documento = json.loads(ruta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DatosError(f"--comparar-con: {ruta} no es un JSON de cifras válido ({exc}).") from exc
    if not isinstance(documento, dict) or not {"periodo", "cifras"} <= documento.keys():
        raise DatosError(
            f"--comparar-con: {ruta} no dice qué periodo cubre cada cifra (lo escribió una versión "
            "anterior de la herramienta); vuelva a generar ese mes y compare con su salida."
        )
    return ruta, documento


def comparar(anterior: dict, actual: dict) -> dict:
    """Like with like: figures of the same id, period and window whose values differ; the rest counted.

    `anterior` and `actual` are figures documents ({"periodo", "ventanas", "cifras"}).
    """

    def coberturas(doc):
        return {k: cobertura(k, doc["periodo"], doc.get("ventanas", {})) for k in doc["cifras"]}

    antes, ahora = (
        anterior["cifras"],
        {k: (float(v) if isinstance(v, Decimal) else v) for k, v in actual["cifras"].items()},
    )
    de_antes, de_ahora = coberturas(anterior), coberturas(actual)
    comunes = sorted(antes.keys() & ahora.keys())
    comparables = [k for k in comunes if de_antes[k] == de_ahora[k]]
    return {
        "cambiadas": [(k, de_ahora[k], antes[k], ahora[k]) for k in comparables if antes[k] != ahora[k]],
        "iguales": sum(1 for k in comparables if antes[k] == ahora[k]),
        "no_comparables": len(comunes) - len(comparables),
        "nuevas": sorted(ahora.keys() - antes.keys()),
        "retiradas": sorted(antes.keys() - ahora.keys()),
        "periodo_anterior": anterior["periodo"],
    }


def es_salto(anterior, actual, umbral: float, minimo: float) -> bool:
    """A relative change above `umbral` on a base of at least `minimo` (small counts move a lot)."""
    if anterior is None or actual is None or pd.isna(anterior) or pd.isna(actual):
        return False
    return abs(anterior) >= minimo and abs(actual - anterior) > umbral * abs(anterior)


def saltos_en_cifras(cambiadas: list, umbral: float, minimo: float) -> list[Salto]:
    return [
        Salto(k, cobertura, float(a), float(n))
        for k, cobertura, a, n in cambiadas
        if isinstance(a, (int, float)) and isinstance(n, (int, float)) and es_salto(a, n, umbral, minimo)
    ]


def saltos_mensuales(
    tablas: dict[str, pd.DataFrame], esquemas: dict, periodo: Periodo, umbral: float, minimo: float
) -> list[Salto]:
    """Counts of the report month that moved more than `umbral` against the previous month, per key."""
    previo = periodo.mas(-1)
    saltos = []
    for nombre, marco in sorted(tablas.items()):
        esquema = esquemas.get(nombre)
        if esquema is None or "periodo" not in marco.columns or marco.empty:
            continue
        claves = [c for c in esquema.clave if c != "periodo"]
        numericas = [
            c.nombre for c in esquema.columnas if c.tipo == "entero" and c.nombre not in esquema.clave
        ]
        ahora = marco[marco["periodo"] == periodo]
        antes = marco[marco["periodo"] == previo]
        if ahora.empty or antes.empty or not numericas:
            continue
        unido = (
            ahora.merge(antes, on=claves, suffixes=("", "__previo"))
            if claves
            else ahora.assign(_k=1).merge(antes.assign(_k=1), on="_k", suffixes=("", "__previo"))
        )
        for _, fila in unido.iterrows():
            clave = ", ".join(f"{c}={fila[c]}" for c in claves)
            for col in numericas:
                if es_salto(fila[f"{col}__previo"], fila[col], umbral, minimo):
                    saltos.append(
                        Salto(
                            f"{nombre} ({clave})" if clave else nombre,
                            col,
                            float(fila[f"{col}__previo"]),
                            float(fila[col]),
                        )
                    )
    return saltos
