"""Quality report: findings of validation, sections left out, and the 2024 edition's errata."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from .periods import Periodo


def cifras(valor, prefijo="") -> dict:
    """Flatten computed indicators to {id: value} (every number that can reach the PDF)."""
    plano = {}
    if isinstance(valor, dict):
        for clave, sub in valor.items():
            plano.update(cifras(sub, f"{prefijo}.{clave}" if prefijo else str(clave)))
    elif isinstance(valor, list):
        for i, sub in enumerate(valor):
            clave = sub.get("clave") or sub.get("codigo") if isinstance(sub, dict) else None
            if isinstance(sub, dict) and "periodo" in sub and isinstance(sub["periodo"], Periodo):
                clave = str(sub["periodo"])
            plano.update(cifras(sub, f"{prefijo}.{clave if clave else i}"))
    elif hasattr(valor, "__dataclass_fields__"):
        campos = {k: getattr(valor, k) for k in valor.__dataclass_fields__}
        plano.update(cifras(campos, prefijo))
    elif isinstance(valor, (int, Decimal)) and not isinstance(valor, bool):
        plano[prefijo] = valor
    return plano


def leer_erratas(carpeta_datos: Path) -> list[dict]:
    """All rows of data/erratas/*.csv, ordered by chapter and id."""
    filas = []
    for ruta in sorted((Path(carpeta_datos) / "erratas").glob("*.csv")):
        with open(ruta, encoding="utf-8") as fh:
            filas += [dict(f, archivo=ruta.name) for f in csv.DictReader(fh)]
    return sorted(filas, key=lambda f: (int(f.get("capitulo") or 0), f.get("id", "")))


def erratas_con_cifra(erratas: list[dict], valores: dict) -> list[dict]:
    """Attach to each erratum the figure the report now prints (when it names one)."""
    return [dict(e, valor_actual=valores.get(e.get("figura") or "")) for e in erratas]


def por_capitulo(hallazgos) -> dict[int, list]:
    """Findings grouped by chapter number (0 = reference tables)."""
    grupos: dict[int, list] = {}
    for h in hallazgos:
        grupos.setdefault(h.capitulo, []).append(h)
    return dict(sorted(grupos.items()))
