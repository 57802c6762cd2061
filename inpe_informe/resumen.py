"""The main points in the templates' context: the chosen points, their sections' anchors, their sparklines
and the table of headline indicators (puntos.py chooses; this module draws and hands over).

Sparklines are tiny matplotlib SVGs drawn through charts.py (same content-addressed cache in
figures/<periodo>/, same style); the drawing kind «chispa» is registered in charts.TIPOS here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import charts, puntos
from .validate import ADVERTENCIA, Hallazgo

TIPO = "chispa"


def chispa(ax, datos):
    """A sparkline: the series as a thin line, no axes, the last point marked."""
    valores = datos["valores"]
    x = list(range(len(valores)))
    ax.plot(x, valores, color=charts.PALETA[0], linewidth=1.1)
    ax.plot([x[-1]], [valores[-1]], marker="o", markersize=2.6, color=charts.PALETA[1])
    ax.set_axis_off()
    ax.margins(x=0.04, y=0.25)


charts.TIPOS[TIPO] = chispa
_CODIGO = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # redraw when this code changes


def especificaciones(lista: list[puntos.Punto]) -> list[charts.Grafico]:
    """One sparkline per point whose monthly series has at least two months."""
    return [
        charts.Grafico(
            f"puntos_{p.indicador.clave}",
            TIPO,
            {"valores": [float(v) for _m, v in p.serie], "codigo": _CODIGO},
            ancho=1.0,
            alto=0.28,
        )
        for p in lista
        if len(p.serie) >= 2
    ]


def seccion(secciones: dict, ruta: str):
    """`cap2.psicologia.cobertura` → that heading in this edition (its anchor s2-1-2 and number 2.1.2)."""
    capitulo, *pasos = ruta.split(".")
    nodo = secciones[capitulo]
    for paso in pasos:
        nodo = nodo[paso]
    return nodo


def avisos(declaracion: puntos.Declaracion | None, valores: dict, periodo) -> list[Hallazgo]:
    """Headline indicators whose figure is not among December's results (when every figure is due, so a
    missing one is a mistyped id): a warning for the quality report."""
    if declaracion is None or periodo.mes != 12:
        return []
    return [
        Hallazgo(
            ADVERTENCIA,
            "puntos_principales",
            f"templates/{declaracion.archivo}",
            f"indicador «{i.clave}»",
            f"la cifra «{i.cifra}» no existe en los resultados de {periodo}: el indicador no sale en los "
            "puntos principales de este mes (¿un id mal escrito, o una cifra que se publica en otro mes?)",
            0,
        )
        for i in puntos.sin_cifra(puntos.con_mes(declaracion, periodo), valores)
    ]


def contexto(
    declaracion: puntos.Declaracion | None,
    valores: dict,
    periodo,
    secciones: dict,
    carpeta: Path,
    cache: bool,
) -> dict:
    """What partes/puntos_principales.html and resumen.html read: `puntos.lista`, `.chispas`, `.tabla`, `.secciones`."""
    if declaracion is None:
        return {"lista": [], "chispas": {}, "tabla": [], "secciones": {}, "declaracion": None}
    declaracion = puntos.con_mes(declaracion, periodo)
    lista = puntos.seleccionar(declaracion, valores, periodo)
    graficos = especificaciones(lista)
    rutas, _dibujados = charts.dibujar_todos(graficos, carpeta, cache, 1) if graficos else ({}, 0)
    return {
        "lista": lista,
        "chispas": {g.id.removeprefix("puntos_"): rutas[g.id].resolve().as_uri() for g in graficos},
        "tabla": puntos.tabla(declaracion, valores, periodo),
        "secciones": {i.clave: seccion(secciones, i.seccion) for i in declaracion.indicadores},
        "declaracion": declaracion,
    }


def tabla_de_oficina(declaracion: puntos.Declaracion | None, valores: dict, periodo, extracto: dict) -> list:
    """The headline table with the office's own figures (`extracto`: the office's figures, flattened)."""
    if declaracion is None:
        return []
    return puntos.tabla(puntos.con_mes(declaracion, periodo), valores, periodo, extracto)
