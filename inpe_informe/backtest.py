"""Back-test: the figures of a build saved with ids, compared with an earlier build; month-over-month jumps.

Every build writes `<informe>-cifras.json` (id → value of every computed number).
`--comparar-con CARPETA` lists what changed against the figures saved there, and
jumps above `calidad.umbral_salto` — in the inputs (month against previous month)
and in the figures (this build against the earlier one) — go to the QA report.
"""

from __future__ import annotations

import json
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


def como_json(cifras: dict) -> str:
    """Figures as stable JSON (sorted ids; Decimal written as a plain number)."""
    plano = {k: (float(v) if isinstance(v, Decimal) else v) for k, v in sorted(cifras.items())}
    return json.dumps(plano, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


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
        return ruta, json.loads(ruta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DatosError(f"--comparar-con: {ruta} no es un JSON de cifras válido ({exc}).") from exc


def comparar(anteriores: dict, actuales: dict) -> dict:
    """Ids added, removed and changed (old → new) between two builds."""
    actuales = {k: (float(v) if isinstance(v, Decimal) else v) for k, v in actuales.items()}
    comunes = anteriores.keys() & actuales.keys()
    return {
        "cambiadas": [
            (k, anteriores[k], actuales[k]) for k in sorted(comunes) if anteriores[k] != actuales[k]
        ],
        "nuevas": sorted(actuales.keys() - anteriores.keys()),
        "retiradas": sorted(anteriores.keys() - actuales.keys()),
        "iguales": sum(1 for k in comunes if anteriores[k] == actuales[k]),
    }


def es_salto(anterior, actual, umbral: float, minimo: float) -> bool:
    """A relative change above `umbral` on a base of at least `minimo` (small counts move a lot)."""
    if anterior is None or actual is None or pd.isna(anterior) or pd.isna(actual):
        return False
    return abs(anterior) >= minimo and abs(actual - anterior) > umbral * abs(anterior)


def saltos_en_cifras(cambiadas: list, umbral: float, minimo: float) -> list[Salto]:
    return [
        Salto(k, "", float(a), float(n))
        for k, a, n in cambiadas
        if isinstance(a, (int, float)) and isinstance(n, (int, float)) and es_salto(a, n, umbral, minimo)
    ]


def saltos_mensuales(
    tablas: dict[str, pd.DataFrame], esquemas: dict, periodo: Periodo, umbral: float, minimo: float
) -> list[Salto]:
    """Counts of the report month that moved more than `umbral` against the previous month, per key."""
    mes, previo = str(periodo), str(periodo.mas(-1))
    saltos = []
    for nombre, marco in sorted(tablas.items()):
        esquema = esquemas.get(nombre)
        if esquema is None or "periodo" not in marco.columns or marco.empty:
            continue
        claves = [c for c in esquema.clave if c != "periodo"]
        numericas = [
            c.nombre for c in esquema.columnas if c.tipo == "entero" and c.nombre not in esquema.clave
        ]
        ahora = marco[marco["periodo"] == mes]
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
