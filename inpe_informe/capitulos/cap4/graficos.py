"""Charts of Chapter IV: educación y trabajo penitenciario.

Axis titles, series and fixed categories are bilingual (English only in the English
edition); category names that come from the data (specialities, activities) are
translated with `traductor.gettext` (Spanish as stored in the Spanish edition);
office names are proper names and stay as stored.
"""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue, color_por_clave, dona
from ..protocolo import Resultado


def _barras_h(gid, categorias, valores, textos, ancho=6.6) -> Grafico:
    """Horizontal bars; the height follows the number of bars and of label lines (bilingual labels take two)."""
    lineas = max(c.count("\n") + 1 for c in categorias)
    return Grafico(
        gid,
        "barras_h",
        {"categorias": categorias, "valores": valores, "textos": textos},
        ancho=ancho,
        alto=0.45 + (0.24 + 0.12 * (lineas - 1)) * len(categorias),
    )


def _ranking(gid, filas, nombre, fmt, pct, ancho=6.6) -> Grafico:
    """Ranked horizontal bars with "value (share)" labels."""
    return _barras_h(
        gid,
        [nombre(f) for f in filas],
        [f["valor"] for f in filas],
        [f"{fmt(f['valor'])} ({pct(f['porcentaje'])})" for f in filas],
        ancho,
    )


def _educacion(edu, et, b, t, fmt, pct) -> list[Grafico]:
    por = edu["por_clave"]
    lista = [_ranking("cap4_programas", edu["ranking"], lambda p: b(et["programas"][p["clave"]]), fmt, pct)]
    for clave in ("ALFABETIZACION", "PEBAJA"):
        if clave in por:
            grados = [(c, g) for c in por[clave]["ciclos"] for g in c["grados"]]
            lista.append(
                _barras_h(
                    f"cap4_grados_{clave.lower()}",
                    [f"{t(et['ciclos'][c['clave']])} – {t(et['grados'][g['grado']])}" for c, g in grados],
                    [g["valor"] for _c, g in grados],
                    [fmt(g["valor"]) for _c, g in grados],
                )
            )
    if "CETPRO" in por:
        for ciclo in por["CETPRO"]["ciclos"]:
            lista.append(
                _ranking(
                    f"cap4_cetpro_{ciclo['clave'].lower()}",
                    ciclo["especialidades"],
                    lambda e: t(e["etiqueta"]),
                    fmt,
                    pct,
                )
            )
    return lista


def _trabajo(tra, et, b, t, fmt, pct) -> list[Grafico]:
    lista = [_ranking("cap4_grupos", tra["grupos"], lambda g: b(et["grupos"][g["clave"]]), fmt, pct)]
    for g in tra["grupos"]:
        if g["desglosado"]:
            lista.append(
                _ranking(
                    f"cap4_actividades_{g['clave'].lower()}",
                    g["actividades"],
                    lambda a: t(a["etiqueta"]),
                    fmt,
                    pct,
                    ancho=5.5,
                )
            )
    return lista


def _evolucion(cap4, et, b, mes) -> Grafico:
    serie = cap4["serie"]
    return Grafico(
        "cap4_evolucion",
        "linea",
        {
            "meses": [mes(f["periodo"], "corto") for f in serie],
            "eje_y": b(et["ejes"]["personas"]),
            "series": [
                {"etiqueta": b(et["series"][c]), "valores": [f[c] for f in serie]}
                for c in ("poblacion", "trabajo", "educacion")
            ],
        },
        alto=3.4,
    )


def _coberturas(cap4, et, b, pct) -> Grafico:
    """Work and education rates, total and by sex: two rates, never a partition of the population (INC-35)."""
    filas = [dict(cap4["cobertura"], clave="TOTAL"), *cap4["sexo"]]
    return Grafico(
        "cap4_cobertura_sexo",
        "barras",
        {
            "categorias": [b(et["sexos"][f["clave"]]) for f in filas],
            "eje_y": b(et["ejes"]["porcentaje"]),
            "series": [
                {
                    "etiqueta": b(et["series"][f"pct_{c}"]),
                    "valores": [float(f[c]["porcentaje"]) for f in filas],
                    "textos": [pct(f[c]["porcentaje"]) for f in filas],
                }
                for c in ("trabajo", "educacion")
            ],
        },
        alto=2.8,
    )


def _actividad(cap4, et, t, pct) -> list[Grafico]:
    """Works / studies / neither, total and by sex (IV-20, IV-28): donuts over each population.

    The registers overlap (INC-35), so «neither» is the minimum (population − work − education) and
    a person who works and studies sits in two slices; a donut whose work + education exceeds its
    population cannot be drawn as parts of it and is left out.
    """
    lista = []
    for f in [dict(cap4["cobertura"], clave="TOTAL"), *cap4["sexo"]]:
        if f["suma"]["valor"] > f["poblacion"]:
            continue
        partes = [
            {"clave": "trabajo", **f["trabajo"]},
            {"clave": "educacion", **f["educacion"]},
            {"clave": "ni", **f["ni_minimo"]},
        ]
        centro = et["centros"]["poblacion"] if f["clave"] == "TOTAL" else et["sexos"][f["clave"]]
        lista.append(
            dona(
                f"cap4_actividad_{f['clave'].lower()}",
                partes,
                lambda p: bilingue(t, et["actividad"][p["clave"]]),
                t.gettext(centro),
                f["poblacion"],
                pct,
                ancho=4.4,
                alto=2.1,
            )
        )
    return lista


def _ingresos(gid, ing, et, b, t, pct) -> Grafico:
    d = ing["distribucion"]
    return Grafico(
        gid,
        "barras",
        {
            "categorias": [
                t(et["ingresos"][f["clave"]]) if f["clave"] in et["ingresos"] else f["clave"] for f in d
            ],
            "eje_y": b(et["ejes"]["personas"]),
            "eje_x": b(et["ejes"]["ingresos"]),
            "series": [
                {
                    "etiqueta": b(et["ejes"]["ingresos"]),
                    "valores": [f["valor"] for f in d],
                    "textos": [pct(f["porcentaje"]) for f in d],
                }
            ],
        },
        alto=2.5,
    )


def graficos(cap4: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Charts of Chapter IV (IV-03/05/07/09/10, IV-15…18, IV-25…27, IV-30/31, IV-34, IV-37, IV-41)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    et, fmt, pct = etiquetas["cap4"], filtros["numero"], filtros["porcentaje"]
    b = lambda texto: bilingue(traductor, texto)  # noqa: E731
    t = traductor.gettext
    lista = [_evolucion(cap4, et, b, filtros["mes"])]
    if cap4["educacion"]:
        lista += _educacion(cap4["educacion"], et, b, t, fmt, pct)
    if cap4["trabajo"]:
        lista += _trabajo(cap4["trabajo"], et, b, t, fmt, pct)
    if cap4["sexo"]:
        lista.append(_coberturas(cap4, et, b, pct))
        lista += _actividad(cap4, et, traductor, pct)
    if cap4["oficinas"]:
        o = cap4["oficinas"]
        for campo in ("trabajo", "educacion"):
            lista.append(
                dona(
                    f"cap4_oficinas_{campo}",
                    o[f"cuotas_{campo}"],
                    lambda p: p["etiqueta"],
                    b(et["centros"][campo]),
                    o["total"][campo]["valor"],
                    pct,
                    color_por_clave([f["codigo"] for f in o["institucional"]], campo="codigo"),
                )
            )
    if cap4["ingresos"]:
        for campo in ("trabajo", "educacion"):
            lista.append(_ingresos(f"cap4_ingresos_{campo}", cap4["ingresos"][campo], et, b, t, pct))
    if cap4["edad"]:
        bandas = cap4["edad"]["bandas"]
        lista.append(
            Grafico(
                "cap4_edad_pea",
                "barras",
                {
                    "categorias": [
                        f"{x['edad_min']}–{x['edad_max']}" if x["edad_max"] else f"{x['edad_min']}+"
                        for x in bandas
                    ],
                    "eje_y": b(et["ejes"]["personas"]),
                    "series": [
                        {"etiqueta": b(et["series"][c]), "valores": [x[c] for x in bandas]}
                        for c in ("pea", "no_pea")
                    ],
                },
                alto=2.8,
            )
        )
    return lista
