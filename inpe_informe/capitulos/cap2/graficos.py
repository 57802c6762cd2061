"""Charts of Chapter II: Asistencia Penitenciaria. The same charts are drawn for each service."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue, color_por_clave, dona
from ..protocolo import Resultado

# atenciones, atendidos and the population keep one colour in every monthly chart of the chapter
COLOR_SERIE = color_por_clave(["atenciones", "atendidos", "poblacion"])


def _nombre(traductor, grupo: dict):
    """Slice namer: the part's key looked up in one group of labels, bilingual."""
    return lambda p: bilingue(traductor, grupo[p["clave"]])


def cobertura(gid, cob: dict, et: dict, traductor, pct, centro: str, ancho=4.0, alto=2.0) -> Grafico:
    """Donut of atendidos / no atendidos over a population (whole or one sex); a small one."""
    partes = [
        {"clave": "atendidos", "valor": cob["atendidos"], "porcentaje": cob["porcentaje"]},
        {"clave": "no_atendidos", "valor": cob["no_atendidos"], "porcentaje": cob["porcentaje_no"]},
    ]
    return dona(
        gid,
        partes,
        _nombre(traductor, et["cobertura"]),
        traductor.gettext(et["centros"][centro]),
        cob["poblacion"],
        pct,
        ancho=ancho,
        alto=alto,
    )


def mensual(gid, s: dict, et: dict, traductor, mes) -> Grafico:
    """Monthly atenciones and atendidos, with the population in a panel of its own below
    (II-08, II-18, II-28): a count ten times larger on its own axis from zero."""
    serie = s["serie"]
    linea = lambda c, **x: {
        "etiqueta": bilingue(traductor, et["series"][c]),  # noqa: E731
        "valores": [f[c] for f in serie],
        "color": COLOR_SERIE({"clave": c}),
        **x,
    }
    return Grafico(
        gid,
        "linea",
        {
            "meses": [mes(f["periodo"], "corto") for f in serie],
            "eje_y": bilingue(traductor, et["ejes"]["atenciones"]),
            "eje_y_secundario": bilingue(traductor, et["ejes"]["poblacion"]),
            "series": [
                linea("atenciones"),
                linea("atendidos"),
                linea("poblacion", eje="secundario"),
            ],
        },
        alto=3.9,
    )


def cobertura_mensual(gid, s: dict, et: dict, traductor, pct, mes) -> Grafico:
    """Monthly atendidos as a line labelled with their share of the month's population (II-34)."""
    serie = s["serie"]
    return Grafico(
        gid,
        "linea",
        {
            "meses": [mes(f["periodo"], "corto") for f in serie],
            "eje_y": bilingue(traductor, et["ejes"]["atendidos"]),
            "series": [
                {
                    "etiqueta": bilingue(traductor, et["series"]["atendidos_pct"]),
                    "valores": [f["atendidos"] for f in serie],
                    "textos": [pct(f["cobertura"]) for f in serie],
                    "color": COLOR_SERIE({"clave": "atendidos"}),
                }
            ],
        },
        alto=2.3,
    )


def carga(gid, oficinas: dict, et: dict, traductor) -> Grafico:
    """Internos per professional by office, highest load on top (II-12, II-22, II-32)."""
    filas = oficinas["por_carga"]
    return Grafico(
        gid,
        "barras_h",
        {
            "categorias": [f["etiqueta"] for f in filas],
            "valores": [f["ratio"] for f in filas],
            "eje_x": bilingue(traductor, et["ejes"]["internos_profesional"]),
        },
        alto=2.4,
    )


def servicio(s: dict, et: dict, edicion: Edicion) -> list[Grafico]:
    """Every chart of one service section; those whose data is missing for the month are left out."""
    traductor, f = edicion.traductor, edicion.filtros
    pct, mes = f["porcentaje"], f["mes"]
    c = s["clave"]
    lista = [
        cobertura(f"cap2_{c}_cobertura", s["cobertura"], et, traductor, pct, "poblacion"),
        mensual(f"cap2_{c}_mensual", s, et, traductor, mes),
        cobertura_mensual(f"cap2_{c}_cobertura_mensual", s, et, traductor, pct, mes),
    ]
    if s["pim"]:
        lista.append(
            dona(
                f"cap2_{c}_pim",
                s["pim"]["partes"],
                _nombre(traductor, et["delitos_grafico"]),
                traductor.gettext(et["centros"]["pim"]),
                s["pim"]["total"],
                pct,
                color_por_clave(list(et["delitos_grafico"])),
            )
        )
    if s["personal"]:
        lista.append(
            dona(
                f"cap2_{c}_regimen",
                s["personal"]["regimen"],
                _nombre(traductor, et["regimen"]),
                traductor.gettext(et["centros"]["personal"]),
                s["personal"]["total"],
                pct,
                ancho=4.2,
                alto=2.0,
            )
        )
    if s["oficinas"]:
        o = s["oficinas"]
        lista.append(
            dona(
                f"cap2_{c}_oficinas",
                o["por_valor"],
                lambda p: p["etiqueta"],
                traductor.gettext(et["centros"]["profesionales"]),
                o["total"],
                pct,
                color_por_clave([f["codigo"] for f in o["institucional"]], campo="codigo"),
                ancho=4.2,
                alto=2.0,
            )
        )
        lista.append(carga(f"cap2_{c}_carga", o, et, traductor))
    if s["sexo"]:
        for sexo in ("mujer", "hombre"):
            # a cell of the synthesis grid (41% of the text width)
            lista.append(
                cobertura(f"cap2_sintesis_{c}_{sexo}", s["sexo"][sexo], et, traductor, pct, sexo, 2.7, 1.37)
            )
    return lista


def trimestres(cuadro: dict, traductor, mes) -> list[tuple[str, dict]]:
    """(label, quarter row) of a quarter table: «Trimestre N», with its months when the quarter is not whole."""
    lista, meses = [], []
    for fila in cuadro["filas"]:
        if fila["tipo"] == "mes":
            meses.append(fila["periodo"])
            continue
        etiqueta = "\n".join(
            f"{linea} {fila['numero']}" for linea in bilingue(traductor, "Trimestre").split("\n")
        )
        if len(meses) < 3:
            rango = mes(meses[0], "corto") + (f"–{mes(meses[-1], 'corto')}" if len(meses) > 1 else "")
            etiqueta += f"\n({rango})"
        lista.append((etiqueta, fila))
        meses = []
    return lista


def programa_trimestral(gid, cuadro: dict, series: list[tuple[str, str]], eje: str, traductor, numero, mes):
    """Quarterly bars of a programme (PIM by service, PTI by legal situation): one group per quarter."""
    filas = trimestres(cuadro, traductor, mes)
    return Grafico(
        gid,
        "barras_leyenda_abajo",
        {
            "categorias": [e for e, _f in filas],
            "eje_y": eje,
            "series": [
                {
                    "etiqueta": etiqueta,
                    "valores": [f["valores"][columna] for _e, f in filas],
                    "textos": [numero(f["valores"][columna]) for _e, f in filas],
                }
                for columna, etiqueta in series
            ],
        },
        alto=3.1,
    )


def programas(cap2: Resultado, et: dict, edicion: Edicion) -> list[Grafico]:
    """The PIM and PTI quarterly charts (atenciones), drawn whenever their monthly table has rows."""
    traductor, f = edicion.traductor, edicion.filtros
    b = lambda texto: bilingue(traductor, texto)  # noqa: E731
    lista = []
    eje = b(et["series"]["atenciones"])
    if cap2["pim"]:
        series = [(c, b(et["servicios"][c]["corto"])) for c in cap2["servicios"]]
        lista.append(
            programa_trimestral(
                "cap2_pim_trimestral",
                cap2["pim"]["atenciones"],
                series,
                eje,
                traductor,
                f["numero"],
                f["mes"],
            )
        )
    if cap2["pti"]:
        totales = cap2["pti"]["atenciones"]
        suma = {
            "filas": [
                dict(
                    fila,
                    valores={
                        s: sum(v for k, v in fila["valores"].items() if k.endswith(f"_{s}"))
                        for s in et["situacion"]
                    },
                )
                for fila in totales["filas"]
            ]
        }
        series = [(s, b(et["situacion"][s])) for s in et["situacion"]]
        lista.append(
            programa_trimestral("cap2_pti_trimestral", suma, series, eje, traductor, f["numero"], f["mes"])
        )
    return lista


def graficos(cap2: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Charts of Chapter II (II-05/08/09/10/11/12 and their twins, II-33, II-34; PIM and PTI by quarter)."""
    et = etiquetas["cap2"]
    return [g for s in cap2["servicios"].values() for g in servicio(s, et, edicion)] + programas(
        cap2, et, edicion
    )
