"""Quality report: findings of validation, sections left out, text without English, jumps and errata."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from . import backtest
from .errors import DatosError
from .periods import Periodo
from .schema import leer_esquemas
from .validate import ADVERTENCIA, Hallazgo, resumir


def cifras(valor, prefijo="") -> dict:
    """Flatten computed indicators to {id: value} (every number that can reach the PDF).

    A chapter's Resultado flattens as its figures (a Mapping), not as its dataclass fields.
    """
    plano = {}
    if isinstance(valor, Mapping):
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


def omitidas_como_hallazgos(omitidas: list, periodo: Periodo) -> list[Hallazgo]:
    """Each section left out of the report, as a warning naming its table and missing months."""
    return [
        Hallazgo(
            ADVERTENCIA,
            o.tabla,
            f"data ({o.tabla})",
            f"sección «{o.seccion}»",
            f"sin datos para {', '.join(o.meses)}: la sección se omite en el informe de {periodo}",
            o.capitulo,
        )
        for o in omitidas
    ]


def sin_traducir(faltantes: set[str]) -> list[Hallazgo]:
    """Each text the English edition printed in Spanish, with how to fix it."""
    return [
        Hallazgo(
            ADVERTENCIA,
            "traducciones",
            "templates/locale/en/*.po",
            "",
            f"texto sin inglés: «{t}» (ejecute build_report.py traducciones y complete msgstr)",
        )
        for t in sorted(faltantes)
    ]


def por_revisar(dudosas: dict) -> list[Hallazgo]:
    """Each text whose English is marked fuzzy (its Spanish changed): the edition printed it in Spanish."""
    return [
        Hallazgo(
            ADVERTENCIA,
            "traducciones",
            f"templates/locale/en/{d.catalogo}.po",
            "",
            f"inglés por revisar (#, fuzzy): «{t}» se imprimió en español; su inglés «{d.ingles}» se "
            f"escribió para «{d.anterior}». Corríjalo si hace falta y borre la línea «#, fuzzy»",
        )
        for t, d in sorted(dudosas.items())
    ]


def exigir_sin_advertencias(hallazgos: list) -> None:
    """--estricto: any quality warning stops the build, all listed together."""
    advertencias = [h for h in hallazgos if h.severidad == ADVERTENCIA]
    if advertencias:
        raise DatosError(
            f"Modo estricto: {len(advertencias)} advertencia(s) de calidad:\n  - "
            + "\n  - ".join(resumir(advertencias)),
            hallazgos,
        )


def revision(cfg, tablas: dict, valores: dict, nombre: str) -> dict:
    """Jumps against the previous month in the inputs and, with --comparar-con, against an earlier build.

    `nombre` is the report's output name: the earlier build's figures file of the same name is preferred.
    """
    umbral, minimo = cfg.umbral_salto, cfg.minimo_salto
    resultado = {
        "umbral": umbral,
        "minimo": minimo,
        "comparacion": None,
        "saltos_datos": backtest.saltos_mensuales(
            tablas, leer_esquemas(cfg.datos), cfg.periodo, umbral, minimo
        ),
    }
    if cfg.comparar_con:
        ruta, anteriores = backtest.leer_cifras(cfg.comparar_con, f"{nombre}-cifras.json")
        comparacion = backtest.comparar(anteriores, valores)
        comparacion["archivo"] = str(ruta)
        comparacion["saltos"] = backtest.saltos_en_cifras(comparacion["cambiadas"], umbral, minimo)
        resultado["comparacion"] = comparacion
    return resultado
