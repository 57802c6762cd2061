"""Charts of Chapter VII: Asistencia Post Penitenciaria."""

from __future__ import annotations

from ...charts import Grafico
from ...edition import Edicion
from ..graficos_comunes import bilingue_sin_repetir as bilingue
from ..graficos_comunes import color_por_clave, dona
from ..protocolo import Resultado

# a type of service has the colour of its assistance service in Chapter II (psicología, social, legal)
COLOR_TIPO = color_por_clave(["PSICOLOGICO", "SOCIAL", "LEGAL"])


def _columnas(gid, datos, eje, traductor, filtros) -> Grafico:
    """Monthly columns labelled with count and share (VII-07, VII-08)."""
    return Grafico(
        gid,
        "columnas",
        {
            "categorias": [filtros["mes"](m["periodo"], "corto") for m in datos["meses"]],
            "eje_y": bilingue(traductor, eje),
            "valores": [m["valor"] for m in datos["meses"]],
            "textos": [
                f"{filtros['numero'](m['valor'])}\n{filtros['porcentaje'](m['porcentaje'])}"
                for m in datos["meses"]
            ],
        },
        alto=2.6,
    )


def graficos(cap7: Resultado, etiquetas: dict, edicion: Edicion) -> list[Grafico]:
    """Services by type (VII-02) and office (VII-03), users by origin (VII-06), talks and monitoring (VII-07/08)."""
    traductor, filtros = edicion.traductor, edicion.filtros
    et, pct, num = etiquetas["cap7"], filtros["porcentaje"], filtros["numero"]
    lista = []
    anual = cap7.get("anual")
    if anual:
        serv = anual["servicios"]
        lista.append(
            dona(
                "cap7_servicios_tipo",
                serv["tipos"],
                lambda p: bilingue(traductor, et["tipos"][p["clave"]]),
                traductor.gettext(et["centros"]["servicios"]),
                serv["total"],
                pct,
                COLOR_TIPO,
            )
        )
        if anual["oficinas"]:
            lista.append(
                Grafico(
                    "cap7_servicios_oficina",
                    "barras_h",
                    {
                        "categorias": [o["etiqueta"] for o in anual["oficinas"]],
                        "valores": [o["valor"] for o in anual["oficinas"]],
                        "textos": [f"{num(o['valor'])} ({pct(o['porcentaje'])})" for o in anual["oficinas"]],
                        "eje_x": bilingue(traductor, et["ejes"]["servicios"]),
                    },
                    alto=2.6,
                )
            )
        if anual["usuarios"]:
            lista.append(
                dona(
                    "cap7_usuarios_procedencia",
                    anual["usuarios"]["procedencia"],
                    lambda p: bilingue(traductor, et["procedencia"][p["clave"]]),
                    traductor.gettext(et["centros"]["usuarios"]),
                    anual["usuarios"]["total"],
                    pct,
                )
            )
    if cap7.get("charlas"):
        lista.append(_columnas("cap7_charlas", cap7["charlas"], et["ejes"]["personas"], traductor, filtros))
    if cap7.get("monitoreo"):
        lista.append(
            _columnas("cap7_monitoreo", cap7["monitoreo"], et["ejes"]["usuarios"], traductor, filtros)
        )
    return lista
