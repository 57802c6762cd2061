"""Charts of Chapter V: programas estructurados intramuros (DEVIDA, CREO, TAS)."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue_sin_repetir as bilingue
from ..graficos_comunes import color_por_clave, dona
from ..protocolo import Resultado

SERIES = ["total", "DEVIDA", "CREO", "TAS"]
COLOR = color_por_clave(SERIES)  # a programme has one colour in the line and the donut


def _etiqueta_cobertura(edicion: Edicion, et, clave: str) -> str:
    """Slice label of a coverage donut. The English edition says "Served in the year" (the KPI's words):
    the slice counts the year's participants, which the bare «Atendidos» ("People served") does not say."""
    if edicion.idioma == "en" and clave == "atendidos":
        return edicion.traductor.gettext(et["kpis"]["atendidos_anio"])
    return bilingue(edicion.traductor, et["cobertura"][clave])


def _cobertura(gid, datos, et, edicion: Edicion, centro, pct) -> Grafico:
    """Donut attended / not attended within a target population."""
    partes = [
        {"clave": c, "valor": datos[c], "porcentaje": datos[p]}
        for c, p in (("atendidos", "porcentaje"), ("no_atendidos", "porcentaje_no"))
    ]
    return dona(
        gid,
        partes,
        lambda p: _etiqueta_cobertura(edicion, et, p["clave"]),
        edicion.traductor.gettext(et["centros"][centro]),
        datos["poblacion"],
        pct,
        ancho=4.2,
        alto=2.05,
    )


def graficos(cap5: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Monthly attended (V-03/V-04), annual shares (V-02), CREO and TAS coverage (V-10, V-12), CREO by office (V-11)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    et, pct, num = etiquetas["cap5"], filtros["porcentaje"], filtros["numero"]
    serie = cap5["serie"]
    lista = [
        Grafico(
            "cap5_atendidos_mensual",
            "linea",
            {
                "meses": [filtros["mes"](f["periodo"], "corto") for f in serie],
                "eje_y": bilingue(traductor, et["ejes"]["internos"]),
                "series": [
                    {
                        "etiqueta": bilingue(traductor, et["programas"][c]),
                        "valores": [f[c] for f in serie],
                        "color": COLOR({"clave": c}),
                    }
                    for c in SERIES
                ],
            },
            alto=3.4,
        )
    ]
    anual = cap5.get("anual")
    if anual:
        lista.append(
            dona(
                "cap5_programas_anual",
                anual["programas"],
                lambda p: bilingue(traductor, et["programas"][p["clave"]]),
                traductor.gettext(et["centros"]["total"]),
                anual["total"]["atendidos"]["total"],
                pct,
                COLOR,
            )
        )
    creo, tas = cap5.get("creo"), cap5.get("tas")
    if creo:
        lista += [
            _cobertura("cap5_creo_cobertura", creo["cobertura"], et, edicion, "poblacion", pct),
            Grafico(
                "cap5_creo_oficinas",
                "barras_h",
                {
                    "categorias": [o["etiqueta"] for o in creo["oficinas"]],
                    "valores": [o["valor"] for o in creo["oficinas"]],
                    "textos": [f"{num(o['valor'])} ({pct(o['porcentaje'])})" for o in creo["oficinas"]],
                    "eje_x": bilingue(traductor, et["ejes"]["internos"]),
                },
                alto=2.6,
            ),
        ]
    if tas:
        lista.append(_cobertura("cap5_tas_cobertura", tas["cobertura"], et, edicion, "poblacion", pct))
    fases = cap5.get("fases")
    if fases:
        lista.append(
            Grafico(
                "cap5_devida_fases",
                "barras_h",
                {
                    "categorias": [bilingue(traductor, et["fases"][f["clave"]]) for f in fases["fases"]],
                    "valores": [f["valor"] for f in fases["fases"]],
                    "textos": [f"{num(f['valor'])} ({pct(f['porcentaje'])})" for f in fases["fases"]],
                    "eje_x": bilingue(traductor, et["ejes"]["internos"]),
                },
                alto=2.2,
            )
        )
    return lista
