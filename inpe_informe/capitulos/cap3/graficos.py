"""Charts of Chapter III: salud penitenciaria."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue, dona
from ..protocolo import Resultado


def _nombre_ep(nombre: str) -> str:
    """Short E.P. name for axis labels ('E.P. de Lurigancho' → 'Lurigancho')."""
    for prefijo in ("E.P. de ", "E.P. ", "E. P. "):
        if nombre.startswith(prefijo):
            return nombre[len(prefijo) :]
    return nombre


def _top(gid, filas, campo, eje):
    return Grafico(
        gid,
        "barras_h",
        {
            "categorias": [_nombre_ep(f["nombre"]) for f in filas],
            "valores": [f[campo] for f in filas],
            "eje_x": eje,
        },
        alto=2.0,
    )


def _consulta(cap3, t, e):
    consulta = cap3["consulta"]
    grupos = e["grupos_consulta"]
    series = []
    for clave in grupos:
        filas = [next(g for g in q["grupos"] if g["clave"] == clave) for q in consulta]
        series.append(
            {"etiqueta": bilingue(t, grupos[clave]), "valores": [f["atendidos_total"] for f in filas]}
        )
    return Grafico(
        "cap3_consulta_edades",
        "barras_leyenda_abajo",
        {
            "categorias": [bilingue(t, e["trimestres"][q["trimestre"]]) for q in consulta],
            "eje_y": bilingue(t, e["ejes"]["personas"]),
            "series": series,
        },
        alto=2.8,
    )


def _sobrepoblacion(sobre, t, e):
    serie = sobre["serie"]
    return Grafico(
        "cap3_poblacion_capacidad",
        "linea",
        {
            "meses": [str(p["anio"]) for p in serie],
            "eje_y": bilingue(t, e["ejes"]["personas"]),
            "series": [
                {"etiqueta": bilingue(t, e["series"][c]), "valores": [p[c] for p in serie]}
                for c in ("poblacion", "capacidad")
            ],
        },
        alto=3.0,
    )


TOP_SOBREPOBLACION = 15  # E.P. in the overcrowding chart (the table lists them all)


def _serie_anual(gid, serie, columnas, eje, t, e, numero):
    """An annual series (TB cases, PVVS): one line per measure that has every year of the run."""
    return Grafico(
        gid,
        "linea",
        {
            "meses": [str(p["anio"]) for p in serie],
            "eje_y": bilingue(t, e["ejes"][eje]),
            "series": [
                {
                    "etiqueta": bilingue(t, e["series"][c]),
                    "valores": [p[c] for p in serie],
                    "textos": [numero(p[c]) for p in serie],
                }
                for c in columnas
                if all(p[c] is not None for p in serie)
            ],
        },
        alto=2.8,
    )


def _sobrepoblacion_barras(gid, filas, nombre, t, e, pct):
    """Overcrowding (% of capacity) by office or E.P., highest on top; the label carries the sign."""
    filas = sorted(filas, key=lambda f: -f["porcentaje"])
    return Grafico(
        gid,
        "barras_h",
        {
            "categorias": [nombre(f) for f in filas],
            "valores": [float(f["porcentaje"]) for f in filas],
            "textos": [pct(f["porcentaje"], signo=True) for f in filas],
            "eje_x": bilingue(t, e["ejes"]["sobrepoblacion"]),
        },
        alto=0.5 + 0.24 * len(filas),
    )


def _sis(sis, t, e, pct):
    serie = sis["serie"]
    return Grafico(
        "cap3_sis",
        "barras_leyenda_abajo",
        {
            "categorias": [str(p["anio"]) for p in serie],
            "eje_y": bilingue(t, e["ejes"]["personas"]),
            "series": [
                {
                    "etiqueta": bilingue(t, e["series"]["poblacion"]),
                    "valores": [p["poblacion"] for p in serie],
                    "textos": ["" for _ in serie],
                },
                {
                    "etiqueta": bilingue(t, e["series"]["afiliados"]),
                    "valores": [p["afiliados"] for p in serie],
                    "textos": [pct(p["cobertura"]) for p in serie],
                },
            ],
        },
        alto=3.0,
    )


def _especialidades(gid, datos, eje, t):
    filas = datos["especialidades"]
    return Grafico(
        gid,
        "barras_h",
        {
            "categorias": [t.gettext(f["nombre"]) for f in filas],
            "valores": [f["valor"] for f in filas],
            "eje_x": eje,
        },
        alto=0.5 + 0.22 * len(filas),
    )


def graficos(cap3: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Charts of Chapter III (elements III-01…08, III-11, III-14, III-23, III-28, III-35, III-41, III-49, III-51/52)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    t, e, pct = traductor, etiquetas["cap3"], filtros["porcentaje"]
    lista = []
    if cap3["consulta"]:
        lista.append(_consulta(cap3, t, e))
    if cap3["sobrepoblacion"]:
        lista.append(_sobrepoblacion(cap3["sobrepoblacion"], t, e))
        por_ep = cap3["sobrepoblacion"].get("por_ep")
        if por_ep and por_ep["oficinas"]:
            lista.append(
                _sobrepoblacion_barras(
                    "cap3_sobrepoblacion_oficinas", por_ep["oficinas"], lambda f: f["nombre"], t, e, pct
                )
            )
        if por_ep and por_ep["establecimientos"]:
            mayores = sorted(por_ep["establecimientos"], key=lambda f: -f["porcentaje"])
            lista.append(
                _sobrepoblacion_barras(
                    "cap3_sobrepoblacion_ep",
                    mayores[:TOP_SOBREPOBLACION],
                    lambda f: _nombre_ep(f["nombre"]),
                    t,
                    e,
                    pct,
                )
            )
    for seccion, columnas, eje in (
        ("tuberculosis", ["total_casos", "casos_sensible"], "casos"),
        ("vih", ["pvvs", "targa"], "personas"),
    ):
        if cap3.get(seccion) and cap3[seccion]["serie"]:
            serie = cap3[seccion]["serie"]
            lista.append(_serie_anual(f"cap3_{seccion}_serie", serie, columnas, eje, t, e, filtros["numero"]))
    if cap3.get("tuberculosis"):
        lista.append(
            _top("cap3_tb_top5", cap3["tuberculosis"]["top5"], "total_casos", bilingue(t, e["ejes"]["casos"]))
        )
    if cap3.get("vih"):
        lista.append(_top("cap3_vih_top5", cap3["vih"]["top5"], "pvvs", bilingue(t, e["ejes"]["casos"])))
    if cap3.get("ipress"):
        ip = cap3["ipress"]
        lista.append(
            dona(
                "cap3_ipress",
                ip["estados"],
                lambda p: bilingue(t, e["estados_ipress"][p["clave"]]),
                t.gettext(e["centros"]["ipress"]),
                ip["total"],
                pct,
            )
        )
    if cap3.get("sis"):
        lista.append(_sis(cap3["sis"], t, e, pct))
    if cap3.get("morbilidad"):
        causas = cap3["morbilidad"]["causas"]
        lista.append(
            Grafico(
                "cap3_morbilidad",
                "barras_h",
                {
                    "categorias": [t.gettext(c["nombre"]) for c in causas],
                    "valores": [c["valor"] for c in causas],
                    "eje_x": bilingue(t, e["ejes"]["casos"]),
                },
                alto=3.0,
            )
        )
    tele = cap3.get("teleinterconsultas")
    if tele:
        lista.append(
            dona(
                "cap3_tele_edades",
                tele["edades"]["grupos"],
                lambda p: bilingue(t, e["grupos_tele"][p["clave"]]),
                t.gettext(e["centros"]["beneficiados"]),
                tele["edades"]["total"]["total"],
                pct,
            )
        )
        esp = tele["especialidades"]
        lista.append(
            _especialidades(
                "cap3_tele_esp_atenciones", esp["atenciones"], bilingue(t, e["ejes"]["atenciones"]), t
            )
        )
        lista.append(
            _especialidades(
                "cap3_tele_esp_beneficiados", esp["beneficiados"], bilingue(t, e["ejes"]["beneficiados"]), t
            )
        )
    return lista
