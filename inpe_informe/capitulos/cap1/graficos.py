"""Charts of Chapter I: población penal por régimen y etapa."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue as _bilingue
from ..graficos_comunes import color_por_clave, dona
from ..protocolo import Resultado
from .cifras import ETAPAS_RCE, ETAPAS_RCO, REGIMENES

# a regime or a stage has one colour in the lines and the donuts; an office, its institutional one
COLOR = color_por_clave(["total_general", *REGIMENES], ETAPAS_RCO, ETAPAS_RCE)


def _serie(traductor, etiquetas, clave, filas):
    return {
        "etiqueta": _bilingue(traductor, etiquetas["poblacion"][clave]),
        "valores": [f[clave] for f in filas],
        "color": COLOR({"clave": clave}),
    }


def _dona(
    gid, traductor, etiquetas, partes, centro_clave, centro_valor, porcentaje, nombre=None, color=COLOR
):
    nombre = nombre or (lambda p: _bilingue(traductor, etiquetas["poblacion"][p["clave"]]))
    centro = traductor.gettext(etiquetas["centros"][centro_clave])
    return dona(gid, partes, nombre, centro, centro_valor, porcentaje, color)


def graficos(cap1: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Charts of Chapter I (elements I-03, I-06/07, I-12, I-13, I-15, I-16, I-18, I-21, I-22)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    serie, pct = cap1["serie"], filtros["porcentaje"]
    meses = [filtros["mes"](f["periodo"], "corto") for f in serie]
    eje = _bilingue(traductor, etiquetas["ejes"]["internos"])

    def lineas(gid, claves):
        return Grafico(
            gid,
            "linea",
            {
                "meses": meses,
                "eje_y": eje,
                "series": [_serie(traductor, etiquetas, c, serie) for c in claves],
            },
        )

    actual = cap1["actual"]
    lista = [
        lineas("cap1_evolucion_regimen", ["total_general", "total_rco", "total_rce"]),
        lineas("cap1_evolucion_rco_rce", ["total_rco", "total_rce"]),
        lineas("cap1_evolucion_etapas_rco", ["rco_maxima", "rco_mediana", "rco_minima"]),
        lineas("cap1_evolucion_etapas_rce", ["rce_a", "rce_b", "rce_c"]),
        _dona(
            "cap1_etapas_rco", traductor, etiquetas, cap1["etapas_rco"], "total_rco", actual["total_rco"], pct
        ),
        _dona(
            "cap1_etapas_rce", traductor, etiquetas, cap1["etapas_rce"], "total_rce", actual["total_rce"], pct
        ),
        _dona(
            "cap1_regimenes",
            traductor,
            etiquetas,
            cap1["regimenes"],
            "total_general",
            actual["total_general"],
            pct,
        ),
    ]
    oficinas = cap1.get("oficinas")
    if oficinas:
        por_etiqueta = lambda p: p["etiqueta"]  # noqa: E731 - office names need no translation
        color_oficina = color_por_clave([o["codigo"] for o in oficinas["institucional"]], campo="codigo")
        lista += [
            _dona(
                "cap1_oficinas_rco",
                traductor,
                etiquetas,
                oficinas["cuotas_rco"],
                "total_rco",
                oficinas["total"]["total_rco"],
                pct,
                por_etiqueta,
                color_oficina,
            ),
            _dona(
                "cap1_oficinas_rce",
                traductor,
                etiquetas,
                oficinas["cuotas_rce"],
                "total_rce",
                oficinas["total"]["total_rce"],
                pct,
                por_etiqueta,
                color_oficina,
            ),
            Grafico(
                "cap1_comparacion_oficinas",
                "barras",
                {
                    "categorias": [o["etiqueta"].replace(" - ", "\n") for o in oficinas["institucional"]],
                    "eje_y": eje,
                    "series": [
                        _serie(traductor, etiquetas, c, oficinas["institucional"])
                        for c in ("total_rco", "total_rce")
                    ],
                },
                alto=3.2,
            ),
        ]
    return lista
