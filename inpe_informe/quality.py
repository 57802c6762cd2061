"""Quality report: the month being published first (summary, its findings), earlier periods in an appendix.

A finding is *of the month* when the month's own rows bring it: it is among the findings of
data/ and not among those of data/ without the rows the month's workbook carries (the
month, the quarter it closes, the year in December) — the same test an import makes. The
others are about earlier periods (2024's transcription, its errata) and go to the appendix;
`--estricto` judges only the month's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pandas as pd

from . import backtest
from .capitulos.aritmetica import Ventana
from .capitulos.protocolo import Motivo
from .errors import DatosError
from .libro import tiempo_del_mes
from .load import combinar
from .periods import Periodo
from .schema import leer_esquemas
from .validate import ADVERTENCIA, ERROR, Hallazgo, validar

NOTA = "nota"  # how the data was made: never stops a build (capitulos/reglas.py)


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


def por_capitulo(fechados) -> dict[int, list]:
    """(period, finding) pairs grouped by the finding's chapter (0 = reference tables), in order."""
    grupos: dict[int, list] = {}
    for periodo, h in fechados:
        grupos.setdefault(h.capitulo, []).append((periodo, h))
    return dict(sorted(grupos.items()))


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


# --- the month being published -------------------------------------------------------------------


def clave(h: Hallazgo) -> tuple[str, str]:
    return (h.severidad, h.texto())


def sin_el_mes(crudas: dict, periodo: Periodo) -> dict:
    """Raw tables without the rows the month's workbook carries (month, quarter it closes, December's year).

    Rows keep pointing at their file line (load.combinar), so the other findings read the same.
    """
    quedan = {}
    for nombre, tabla in crudas.items():
        tiempo = tiempo_del_mes(tabla.esquema, periodo)
        if tiempo is None or not set(tiempo) <= set(tabla.datos.columns):
            quedan[nombre] = tabla
            continue
        propias = (tabla.datos[list(tiempo)].apply(lambda c: c.str.strip()) == pd.Series(tiempo)).all(axis=1)
        otras = [i for i, propia in enumerate(propias) if not propia]
        quedan[nombre] = (
            tabla if len(otras) == len(tabla.datos) else combinar(tabla.esquema, [(tabla, otras)])
        )
    return quedan


def claves_del_mes(esquemas: dict, crudas: dict, hallazgos: list, periodo: Periodo) -> frozenset:
    """Keys of the findings the month's own rows bring (absent from data/ without them)."""
    from . import capitulos

    tablas, antes = validar(sin_el_mes(crudas, periodo))
    if not any(h.severidad == ERROR for h in antes):
        antes += capitulos.revisar(tablas, esquemas)
    vistos = {clave(h) for h in antes}
    return frozenset(clave(h) for h in hallazgos if clave(h) not in vistos)


def bloquea(h: Hallazgo) -> bool:
    """An error, or an identity or sum that fails: what an import of the month refuses."""
    return h.severidad == ERROR or h.consistencia


def omitidas_por_falta(omitidas: list) -> list:
    """Sections left out although their data was due this month (not annual or quarterly figures yet to come)."""
    return [o for o in omitidas if o.motivo == Motivo.SIN_DATOS]


def exigir_mes_limpio(periodo: Periodo, del_mes: list, omitidas: list) -> None:
    """--estricto: the month's errors and warnings, and sections whose data was due, stop the build.

    Notes (how data was made) and findings about earlier periods never do; nor do jumps
    against the previous month, shown at import and in the quality report to be confirmed.
    """
    problemas = [h for h in del_mes if h.severidad != NOTA]
    faltan = omitidas_por_falta(omitidas)
    if problemas or faltan:
        lineas = [f"{periodo_de(h, periodo, True)} · {h.texto()}" for h in problemas] + [
            f"{', '.join(o.meses)} · capítulo {o.capitulo}, sección «{o.seccion}»: sin datos de «{o.tabla}»"
            for o in faltan
        ]
        raise DatosError(
            f"Modo estricto: {periodo} tiene {len(lineas)} problema(s) que impiden publicar:\n  - "
            + "\n  - ".join(lineas),
            problemas,
        )


_MES = re.compile(r"\bperiodo=(\d{4}-\d{2})")
_ANIO = re.compile(r"\banio=(\d{4})(?:, trimestre=(\d))?")
_EDICION = re.compile(r"edición (\d{4})")
_ENTRE_PARENTESIS = re.compile(r"\((\d{4}(?:-\d{2})?)\)")


def periodo_de(h: Hallazgo, mes: Periodo, del_mes: bool) -> str:
    """The period a finding is about, as the report prints it: «2025-01», «2024», «2024, trimestre 2» …

    Read from where it is located (`periodo=…`, `anio=…`) or what it says; a finding that
    names no period is the month's when the month brings it, else «otro periodo».
    """
    donde = f"{h.archivo} {h.ubicacion}"
    meses = sorted(set(_MES.findall(donde)))
    if meses:
        return meses[0] if len(meses) == 1 else f"{meses[0]} a {meses[-1]}"
    anios = sorted(set(_ANIO.findall(donde)))
    if anios:
        anio, trimestre = anios[0]
        texto = f"{anio}, trimestre {trimestre}" if trimestre and len(anios) == 1 else anio
        return texto if len({a for a, _t in anios}) == 1 else f"{anios[0][0]} a {anios[-1][0]}"
    nombrado = _EDICION.search(donde) or _ENTRE_PARENTESIS.search(h.mensaje)
    if nombrado:
        return nombrado.group(1)
    return str(mes) if del_mes else "otro periodo"


def separar(hallazgos: list, de_datos: list, claves_mes: frozenset, mes: Periodo) -> tuple[list, list]:
    """(the month's findings, other periods'), each as (period, finding).

    Other periods are mostly earlier ones (2024's transcription); rebuilding a past month
    also finds the later months already loaded.

    A finding not about data/ (a template's typed figure, a text without English) is about
    this edition, so the month's.
    """
    de_datos = {clave(h) for h in de_datos}
    propios, anteriores = [], []
    for h in hallazgos:
        es_del_mes = clave(h) in claves_mes or clave(h) not in de_datos
        periodo = periodo_de(h, mes, es_del_mes) if clave(h) in de_datos else "esta edición"
        (propios if es_del_mes else anteriores).append((periodo, h))
    return propios, anteriores


def resumen(mes: Periodo, propios: list, anteriores: list, omitidas: list, revision: dict) -> dict:
    """The summary the quality report opens with and the terminal ends with."""
    hallazgos = [h for _p, h in propios]
    comparacion = revision.get("comparacion")
    return {
        "periodo": mes,
        "errores": [(p, h) for p, h in propios if bloquea(h)],
        "advertencias": [(p, h) for p, h in propios if not bloquea(h) and h.severidad == ADVERTENCIA],
        "notas": sum(1 for h in hallazgos if h.severidad == NOTA),
        "saltos": revision.get("saltos_datos", []),
        "omitidas": omitidas,
        "por_falta": omitidas_por_falta(omitidas),
        "comparacion": comparacion,
        "anteriores": len(anteriores),
    }


def linea_resumen(r: dict) -> str:
    """The summary in one Spanish line (the terminal's last)."""
    c = r["comparacion"]
    partes = [
        f"{len(r['errores'])} error(es)",
        f"{len(r['advertencias'])} advertencia(s)",
        f"{len(r['saltos'])} salto(s) frente a {r['periodo'].mas(-1)}",
        f"{len(r['omitidas'])} sección(es) sin datos"
        + (f" ({len(r['por_falta'])} por falta de datos)" if r["por_falta"] else ""),
    ]
    if c:
        partes.append(f"{len(c['cambiadas'])} cifra(s) cambiada(s) frente a {c['archivo']}")
    return (
        f"Resumen de {r['periodo']}: "
        + ", ".join(partes)
        + f"; {r['anteriores']} hallazgo(s) de otros periodos en el anexo del reporte de calidad."
    )


def ventanas(indicadores: Mapping) -> dict[str, str]:
    """Each chapter's windows (averages, sums) as text: a figure is comparable only within the same ones."""
    return {
        capitulo: "; ".join(
            f"{nombre} {v.desde}–{v.hasta}"
            for nombre, v in sorted(resultado.items())
            if isinstance(v, Ventana)
        )
        for capitulo, resultado in indicadores.items()
        if isinstance(resultado, Mapping)
    }


def revision(cfg, datos, nombre: str) -> dict:
    """Jumps against the previous month in the inputs and, with --comparar-con, against an earlier build.

    `datos` is prepare.Datos; `nombre` is the report's output name: the earlier build's figures
    file of the same name is preferred.
    """
    umbral, minimo = cfg.umbral_salto, cfg.minimo_salto
    resultado = {
        "umbral": umbral,
        "minimo": minimo,
        "comparacion": None,
        "saltos_datos": backtest.saltos_mensuales(
            datos.tablas, leer_esquemas(cfg.datos), cfg.periodo, umbral, minimo
        ),
    }
    if cfg.comparar_con:
        ruta, anterior = backtest.leer_cifras(cfg.comparar_con, f"{nombre}-cifras.json")
        actual = {"periodo": str(cfg.periodo), "ventanas": datos.ventanas, "cifras": datos.valores}
        comparacion = backtest.comparar(anterior, actual)
        comparacion["archivo"] = str(ruta)
        comparacion["saltos"] = backtest.saltos_en_cifras(comparacion["cambiadas"], umbral, minimo)
        resultado["comparacion"] = comparacion
    return resultado
