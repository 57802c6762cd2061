"""Context stage: the documented objects templates receive (see templates/README.md)."""

from __future__ import annotations

import datetime as dt
import os

from .outline import resolver


def fecha_documento(cfg) -> str:
    """Creation date written into the PDF: SOURCE_DATE_EPOCH if set, else the edition month's first day.

    Never the clock: the same inputs must give the same bytes.
    """
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca and epoca.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoca), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{cfg.fecha_edicion}-01T00:00:00Z"


def construir(
    cfg,
    edicion,
    indicadores: dict,
    graficos: dict,
    etiquetas: dict,
    referencia: dict,
    alternativas: dict | None = None,
) -> dict:
    """Everything a template may read; nothing else reaches the templates.

    Each chapter's indicators arrive under its own name (`cap1`, `cap2`, …);
    `capitulos` lists every chapter of the report, in order (each keeps its headings every
    month); `sin_datos` holds the ones without data for the period, with their Resultado
    (its `motivo` picks the reader's note); `secciones` holds each chapter's headings,
    numbered from its secciones.yaml.
    """
    return {
        "informe": {
            "periodo": cfg.periodo,
            "base": cfg.periodo.base_anual,
            "lugar": cfg.lugar_edicion,
            "fecha_edicion": cfg.fecha_edicion,
            "idioma": edicion.idioma,
            "ventana_promedio": cfg.ventana_promedio,
            "fecha_documento": fecha_documento(cfg),
        },
        **indicadores,
        "capitulos": list(indicadores),
        "sin_datos": {nombre: datos for nombre, datos in indicadores.items() if not datos.disponible},
        "secciones": resolver(referencia.get("secciones", {}), indicadores),
        "estilos": referencia["estilos"],
        "graficos": graficos,
        "alternativas": alternativas or {},
        "etiquetas": etiquetas,
        "oficinas": referencia["oficinas"],
        "siglas": referencia.get("siglas", []),
    }


def contexto_calidad(
    cfg,
    edicion,
    resumen: dict,
    del_mes: dict,
    anteriores: dict,
    erratas: list,
    salida_pdf,
    revision: dict | None = None,
) -> dict:
    """Objects of the quality report template (calidad.html): the month's summary and findings, then the appendix.

    `del_mes` and `anteriores` map a chapter number to its (period, finding) pairs.
    """
    return {
        "informe": {"periodo": cfg.periodo, "idioma": edicion.idioma, "estricto": cfg.estricto},
        "resumen": resumen,
        "del_mes": del_mes,
        "anteriores": anteriores,
        "erratas": erratas,
        "pdf": salida_pdf.name if salida_pdf else None,
        "revision": revision
        or {"umbral": cfg.umbral_salto, "minimo": cfg.minimo_salto, "saltos_datos": [], "comparacion": None},
    }
