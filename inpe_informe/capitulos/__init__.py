"""The one registry of chapters: each folder `capN/` declares `CAPITULO` (see protocolo.py).

Built-in chapters are found here, in number order, on first use; `registrar` adds one
from elsewhere (a test's temporary folder, say), so adding a chapter touches that
chapter's folders and no shared file. The pipeline calls the functions below; none of
them knows a chapter by name. A chapter whose import fails stops the build: nothing is
skipped silently.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import replace

from .protocolo import Capitulo, Omitida, Resultado

_CARPETA = re.compile(r"^cap(\d+)$")
_REGISTRADOS: dict[int, Capitulo] = {}
_integrados_cargados = False


def _cargar_integrados() -> None:
    """Import every built-in `capN` package and register its CAPITULO (once)."""
    global _integrados_cargados
    if _integrados_cargados:
        return
    carpetas = sorted(
        (int(m.group(1)), info.name)
        for info in pkgutil.iter_modules(__path__)
        if info.ispkg and (m := _CARPETA.match(info.name))
    )
    for numero, nombre in carpetas:
        capitulo = importlib.import_module(f"{__name__}.{nombre}").CAPITULO
        if capitulo.numero != numero:
            raise ValueError(f"capitulos/{nombre}/ declares chapter {capitulo.numero}, not {numero}")
        registrar(capitulo)
    _integrados_cargados = True


def registrar(capitulo: Capitulo) -> Capitulo:
    """Add a chapter to the report; its number must be free (registering the same one again is a no-op)."""
    if not isinstance(capitulo, Capitulo):
        raise TypeError(f"registrar expects a Capitulo, not {type(capitulo).__name__}")
    previo = _REGISTRADOS.get(capitulo.numero)
    if previo is not None and previo is not capitulo:
        raise ValueError(f"chapter {capitulo.numero} is already registered")
    _REGISTRADOS[capitulo.numero] = capitulo
    return capitulo


def retirar(capitulo: Capitulo) -> None:
    """Take a registered chapter out again (tests that register a chapter of their own)."""
    if _REGISTRADOS.get(capitulo.numero) is capitulo:
        del _REGISTRADOS[capitulo.numero]


def capitulos() -> list[Capitulo]:
    """Every registered chapter, in report order."""
    _cargar_integrados()
    return [_REGISTRADOS[n] for n in sorted(_REGISTRADOS)]


def tablas_del_informe() -> set[str]:
    """Tables the chapters read (reference tables included): all a report needs to load."""
    return {t for c in capitulos() for t in c.tablas}


def calcular(tablas: dict, periodo, ventana: str) -> dict[str, Resultado]:
    """Every chapter's figures for `periodo`, keyed by chapter name in report order."""
    resultados = {}
    for c in capitulos():
        resultado = c.calcular(tablas, periodo, ventana)
        if not isinstance(resultado, Resultado):
            raise TypeError(f"{c.nombre}.calcular returned {type(resultado).__name__}, not Resultado")
        resultados[c.nombre] = resultado
    return resultados


def omitidas(resultados: dict[str, Resultado]) -> list[Omitida]:
    """Sections left out, with their chapter: a whole chapter without data, then each chapter's own."""
    lista = []
    for c in capitulos():
        resultado = resultados.get(c.nombre)
        if resultado is None:
            continue
        if not resultado.disponible:
            lista += [
                Omitida(f"capítulo {c.numero}", t, m, c.numero, resultado.motivo) for t, m in resultado.faltan
            ]
        lista += [replace(o, capitulo=c.numero) for o in resultado.omitidas]
    return lista


def revisar(tablas: dict, esquemas: dict) -> list:
    """Every chapter's cross-table rules whose tables all loaded cleanly (validate.Hallazgo warnings),
    then the notes on how the loaded tables were transcribed (capitulos/reglas.py)."""
    from . import reglas  # shared rules read validate: not imported by the compute layer

    hallazgos = []
    for c in capitulos():
        if c.revisar is not None and all(t in tablas for t in c.tablas_revisadas):
            hallazgos += c.revisar(tablas, esquemas)
    return hallazgos + reglas.notas(tablas, esquemas)


def _disponibles(resultados: dict[str, Resultado]) -> list[tuple[Capitulo, Resultado]]:
    """The chapters with data for the period, with their results: the only ones charted or extracted."""
    return [(c, r) for c in capitulos() if (r := resultados.get(c.nombre)) is not None and r.disponible]


def especificaciones(resultados: dict[str, Resultado], etiquetas: dict, edicion) -> list:
    """Every chart (charts.Grafico) of every chapter with data, in report order; ids must be unique."""
    todas = [g for c, r in _disponibles(resultados) for g in c.graficos(r, etiquetas, edicion)]
    ids = [g.id for g in todas]
    repetidos = sorted({i for i in ids if ids.count(i) > 1})
    if repetidos:
        raise ValueError(f"chart ids repeated: {repetidos}")
    return todas


def extraer(resultados: dict[str, Resultado], codigo: str) -> dict:
    """One oficina regional's figures from every chapter ({capN: … or None}), from the national results."""
    propios = {c.nombre: c.extracto(r, codigo) for c, r in _disponibles(resultados)}
    return {c.nombre: propios.get(c.nombre) for c in capitulos()}
