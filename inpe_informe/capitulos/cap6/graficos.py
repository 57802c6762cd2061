"""Charts of Chapter VI: Medio Libre programmes, labour reinsertion and campaigns."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue
from ..protocolo import Resultado


def grafico_programa(p: dict, etiquetas: dict, traductor, mes) -> Grafico:
    """Monthly attended and, when its months are reliable, penas cumplidas in a panel below."""
    nombres = etiquetas["cap6"]["series"]
    series = [
        {
            "etiqueta": bilingue(traductor, nombres["atendidos"]),
            "valores": [s["atendidos"] for s in p["serie"]],
        }
    ]
    datos = {
        "meses": [mes(s["periodo"], "corto") for s in p["serie"]],
        "eje_y": bilingue(traductor, etiquetas["cap6"]["ejes"]["personas"]),
        "series": series,
    }
    if p["penas"] and p["penas"]["mensual_confiable"]:
        series.append(
            {
                "etiqueta": bilingue(traductor, nombres["penas"]),
                "valores": p["penas"]["valores"],
                "eje": "secundario",
            }
        )
        datos["eje_y_secundario"] = bilingue(traductor, etiquetas["cap6"]["ejes"]["penas"])
    alto = 3.3 if len(series) > 1 else 2.35  # the penas get a panel of their own
    return Grafico(f"cap6_programa_{p['codigo'].lower()}", "linea_enteros", datos, alto=alto)


def grafico_reinsercion(rein: dict, etiquetas: dict, traductor) -> Grafico:
    """Target and inserted people by regional office (establishment names would not fit on the axis)."""
    oficinas: dict[str, dict] = {}
    for e in rein["establecimientos"]:
        o = oficinas.setdefault(e["oficina_nombre"], {"programada": 0, "insertados": 0})
        o["programada"] += e["programada"]["total"]
        o["insertados"] += e["insertados"]["total"]
    nombres = etiquetas["cap6"]["series"]
    return Grafico(
        "cap6_reinsercion",
        "barras",
        {
            "categorias": [n.replace(" ", "\n") for n in oficinas],
            "eje_y": bilingue(traductor, etiquetas["cap6"]["ejes"]["personas"]),
            "series": [
                {"etiqueta": bilingue(traductor, nombres[k]), "valores": [o[k] for o in oficinas.values()]}
                for k in ("programada", "insertados")
            ],
        },
        alto=2.6,
    )


def graficos(cap6: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Charts of Chapter VI (VI-01, the programme charts VI-03 … VI-38, VI-39 and VI-50)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    pct = filtros["porcentaje"]
    siglas = etiquetas["cap6"]["siglas"]
    lista = [grafico_programa(p, etiquetas, traductor, filtros["mes"]) for p in cap6["programas"]]
    r = cap6["resumen"]
    if r["programas"]:
        ordenados = sorted(r["programas"], key=lambda x: -x["valor"])
        lista.append(
            Grafico(
                "cap6_resumen",
                "barras_h",
                {
                    "categorias": [traductor.gettext(siglas[x["codigo"]]) for x in ordenados],
                    "valores": [x["valor"] for x in ordenados],
                    "textos": [
                        f"{filtros['numero'](x['valor'])} ({pct(x['porcentaje'])})" for x in ordenados
                    ],
                    "eje_x": bilingue(traductor, etiquetas["cap6"]["ejes"]["personas"]),
                },
                alto=2.2,
            )
        )
    rein = cap6.get("reinsercion")
    if rein:
        lista.append(grafico_reinsercion(rein, etiquetas, traductor))
    locales = cap6.get("campanas_locales")
    if locales:
        ordenadas = sorted(locales["oficinas"], key=lambda o: -o["participantes"])
        lista.append(
            Grafico(
                "cap6_campanas_locales",
                "barras_h",
                {
                    "categorias": [o["nombre"] for o in ordenadas],
                    "valores": [o["participantes"] for o in ordenadas],
                    "eje_x": bilingue(traductor, etiquetas["cap6"]["ejes"]["participantes"]),
                },
                alto=2.4,
            )
        )
    return lista
