"""Context stage: the documented objects templates receive (see templates/README.md)."""
from __future__ import annotations


def construir(cfg, indicadores: dict, graficos: dict, etiquetas: dict, referencia: dict) -> dict:
    """Everything a template may read; nothing else reaches the templates.

    Each chapter's indicators arrive under its own name (`cap1`, `cap2`, …);
    `capitulos` lists the chapters with data for the period, in order.
    """
    return {
        "informe": {
            "periodo": cfg.periodo,
            "base": cfg.periodo.base_anual,
            "lugar": cfg.lugar_edicion,
            "fecha_edicion": cfg.fecha_edicion,
            "idioma": cfg.idioma,
            "ventana_promedio": cfg.ventana_promedio,
        },
        **indicadores,
        "capitulos": [nombre for nombre, datos in indicadores.items() if datos.get("disponible")],
        "estilos": referencia["estilos"],
        "graficos": graficos,
        "etiquetas": etiquetas,
        "oficinas": referencia["oficinas"],
    }


def contexto_calidad(cfg, hallazgos_por_capitulo: dict, omitidas: list, erratas: list, salida_pdf,
                     revision: dict | None = None) -> dict:
    """Objects of the quality report template (calidad.html)."""
    return {
        "informe": {"periodo": cfg.periodo, "idioma": cfg.idioma, "estricto": cfg.estricto},
        "hallazgos": hallazgos_por_capitulo,
        "omitidas": omitidas,
        "erratas": erratas,
        "pdf": salida_pdf.name if salida_pdf else None,
        "revision": revision or {"umbral": cfg.umbral_salto, "minimo": cfg.minimo_salto,
                                 "saltos_datos": [], "comparacion": None},
    }
