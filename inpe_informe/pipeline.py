"""The only place that knows the order of stages: load → validate → compute → chart → render → lay out → write.

Every entry point (the report, the chapter preview, the live draft, the office
extracts) runs inside one run frame (`run.corrida`: turn, log, timings, errors) and
reads as the data's way through: `preparar` (prepare.py: load, validate, compute,
chart, context), then render, lay out and write. Nothing reaches output/ until every
figure, chart and page exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import annex, backtest, capitulos, context, layout, quality, render, resumen, run
from .errors import DatosError
from .prepare import Datos, Preparado, preparar

log = logging.getLogger(__name__)

RECARGA_BORRADOR_HTML = 2  # seconds between the browser's reloads of …-borrador.html


@dataclass
class Resultado:
    pdf: Path | None
    calidad: Path | None
    hallazgos: list = field(default_factory=list)
    omitidas: list = field(default_factory=list)
    revision: dict = field(default_factory=dict)
    tiempos: dict = field(default_factory=dict)
    registro: Path | None = None
    web: Path | None = None
    resumen: str = ""  # the quality report's summary of the month, in one line (the terminal's last)


def nombre_salida(cfg) -> str:
    """informe-tratamiento-2024-12 (Spanish edition), informe-tratamiento-2024-12-en (English)."""
    return f"informe-tratamiento-{cfg.periodo}" + ("" if cfg.idioma == "es" else f"-{cfg.idioma}")


def nombre_borrador(cfg) -> str:
    """The live mode's draft (…-borrador.html and .pdf): never the official outputs."""
    return f"{nombre_salida(cfg)}-borrador"


def nombre_extracto(cfg, codigo: str) -> str:
    return f"{nombre_salida(cfg)}-oficina-{codigo.lower().replace('_', '-')}"


SUFIJO_RESUMEN = "-resumen"  # the main points on their own: …-resumen.pdf, beside the report and each extract


# --- lay out -----------------------------------------------------------------------------------


def _trabajo(cfg, prep: Preparado, documento: str) -> layout.Trabajo:
    """A whole document to lay out; its PDF /ID comes from the document without this machine's paths."""
    identidad = documento.replace(prep.dibujo.carpeta.resolve().as_uri(), "figures")
    return layout.Trabajo(documento, cfg.plantillas, [cfg.plantillas, cfg.figuras], identidad)


def cache_de_maquetas(cfg) -> layout.Cache:
    """The layouts kept between runs (rutas.cache), or none when rendimiento.cache_maquetacion is false."""
    return layout.Cache(cfg.cache / "maquetas" if cfg.cache_maquetacion else None, cfg.plantillas)


def maquetar_informe(cfg, prep: Preparado, documento: str, registro: run.Registro) -> bytes:
    """The full report: laid out by parts, in parallel, reusing unchanged parts (layout.py)."""
    cache = cache_de_maquetas(cfg)
    trabajo = _trabajo(cfg, prep, documento)
    contenido, cifras = layout.maquetar_informe(
        documento, trabajo.base, trabajo.permitidas, trabajo.identidad, cache, cfg.procesos
    )
    registro.info(
        f"maquetación: {cifras['paginas']} páginas en {cifras['partes']} partes; "
        f"{cifras['maquetadas']} maquetadas, {cifras['reutilizadas']} reutilizadas de la caché"
    )
    return contenido


# --- entry points ------------------------------------------------------------------------------


def construir(cfg) -> Resultado:
    """The report: PDF, quality report, HTML edition, figures JSON, annex and manifest, written last."""
    nombre = nombre_salida(cfg)
    with (
        run.corrida(cfg.salida, nombre) as registro,
        layout.maquetador_anticipado(cfg.procesos != 1),  # imports WeasyPrint while the data load
    ):
        prep = preparar(cfg, registro)
        with registro.etapa("HTML"):
            log.info("Componiendo el PDF …")
            documento = render.html(prep.env, "informe.html", prep.ctx)
        with registro.etapa("maquetación PDF"):
            # the other outputs need the document, not its layout: composed meanwhile on another core
            with run.al_lado(
                _las_demas_salidas, cfg, prep, documento, nombre, paralelo=cfg.procesos != 1
            ) as demas:
                contenido_pdf = maquetar_informe(cfg, prep, documento, registro)
                otras, hallazgos, revision = demas()
        with registro.etapa("escritura"):
            pdf, calidad, web, *_ = run.publicar(
                cfg, nombre, {".pdf": contenido_pdf} | otras, prep.datos.entradas, registro
            )
        mostrada = pdf.relative_to(cfg.raiz) if pdf.is_relative_to(cfg.raiz) else pdf
        log.info(f"Listo en {registro.transcurrido():.1f} s: {mostrada}")
        return Resultado(
            pdf,
            calidad,
            hallazgos,
            prep.datos.omitidas,
            revision,
            registro.tiempos,
            registro.ruta,
            web,
            quality.linea_resumen(_resumen(cfg, prep, hallazgos, revision)[0]),
        )


def _las_demas_salidas(
    cfg, prep: Preparado, documento: str, nombre: str
) -> tuple[dict[str, bytes], list, dict]:
    """Every output but the PDF, by file suffix in writing order (quality report, HTML edition, summary,
    figures JSON, annex), with the report's findings and the comparison with the previous edition."""
    web, documento_del_resumen = documento_web(prep), documento_resumen(prep)
    [resumen_pdf] = layout.maquetar_documentos(
        [_trabajo(cfg, prep, documento_del_resumen)], 1, cache_de_maquetas(cfg)
    )
    hallazgos = hallazgos_del_informe(prep)  # after every rendering: the English missing is known then
    revision = quality.revision(cfg, prep.datos, nombre)
    calidad_html = _reporte_de_calidad(cfg, prep, hallazgos, revision, nombre)
    return _contenidos(cfg, prep, documento, calidad_html, web, resumen_pdf), hallazgos, revision


def hallazgos_del_informe(prep: Preparado) -> list:
    """The quality report's findings: the data's, the templates' (typed figures), the English missing or to review.

    Read after the HTML is rendered: the edition learns which texts lacked English while printing them.
    """
    traductor = prep.edicion.traductor
    return (
        prep.datos.hallazgos
        + prep.avisos
        + quality.sin_traducir(traductor.faltantes)
        + quality.por_revisar(traductor.dudosas)
    )


def documento_web(prep: Preparado) -> str:
    """The HTML edition's document: the PDF's, with the main points first after the cover."""
    return render.html(prep.env, "informe.html", dict(prep.ctx, edicion_web=True))


def documento_resumen(prep: Preparado, oficina: dict | None = None) -> str:
    """…-resumen.pdf's document: the main points and the headline table (with an office's own figures)."""
    ctx = dict(prep.ctx, oficina=oficina, tabla_oficina=[])
    if oficina is not None:
        propias = quality.cifras(capitulos.extraer(prep.datos.indicadores, oficina["codigo"]))
        ctx["tabla_oficina"] = resumen.tabla_de_oficina(
            prep.ctx["puntos"]["declaracion"], prep.datos.valores, prep.ctx["informe"]["periodo"], propias
        )
    return render.html(prep.env, "resumen.html", ctx)


def _contenidos(
    cfg, prep: Preparado, documento: str, calidad: bytes, web: str, resumen_pdf: bytes
) -> dict[str, bytes]:
    """The outputs beside the PDF by file suffix, in the order they are written (quality, HTML first)."""
    titulo = prep.edicion.traductor.gettext("Informe Estadístico de Tratamiento Penitenciario")
    titulo_anexo = f"{titulo} – {prep.edicion.filtros['mes'](cfg.periodo)}"
    xlsx, csvs = annex.del_informe(documento, prep.dibujo.especificaciones, titulo_anexo, cfg.periodo)
    return {
        "-calidad.html": calidad,
        ".html": render.html_autonomo(web, cfg.plantillas, [cfg.figuras]).encode("utf-8"),
        f"{SUFIJO_RESUMEN}.pdf": resumen_pdf,
        "-cifras.json": backtest.como_json(prep.datos.valores, cfg.periodo, prep.datos.ventanas).encode(
            "utf-8"
        ),
        "-anexo.xlsx": xlsx,
        "-anexo-csv.zip": csvs,
    }


def _resumen(cfg, prep: Preparado, hallazgos: list, revision: dict) -> tuple[dict, list, list]:
    propios, anteriores = quality.separar(hallazgos, prep.datos.hallazgos, prep.datos.del_mes, cfg.periodo)
    return (
        quality.resumen(cfg.periodo, propios, anteriores, prep.datos.omitidas, revision),
        propios,
        anteriores,
    )


def _reporte_de_calidad(cfg, prep: Preparado, hallazgos: list, revision: dict, nombre: str) -> bytes:
    """The month first (summary, its findings, jumps, sections left out, comparison); earlier periods last."""
    resumen, propios, anteriores = _resumen(cfg, prep, hallazgos, revision)
    erratas = quality.erratas_con_cifra(quality.leer_erratas(cfg.datos), prep.datos.valores)
    ctx = context.contexto_calidad(
        cfg,
        prep.edicion,
        resumen,
        quality.por_capitulo(propios),
        quality.por_capitulo(anteriores),
        erratas,
        cfg.salida / f"{nombre}.pdf",
        revision,
    )
    return render.html(prep.env, "calidad.html", ctx).encode("utf-8")


def construir_vista(cfg, numeros: list[int], solo_html: bool = False) -> Path:
    """Editor preview: only the chosen chapters (no cover, no quality report), as PDF or just HTML.

    Everything is computed as for the full report (same figures); only the layout is
    limited, which is where the time goes. With solo_html the PDF step is skipped and the
    HTML edition (one self-contained file) is refreshed instead.
    """
    with run.corrida(cfg.salida, f"{nombre_salida(cfg)}-vista") as registro:
        prep = preparar(cfg, registro)
        pedidos = [f"cap{n}" for n in numeros]
        faltan = [p for p in pedidos if p not in prep.ctx["capitulos"]]
        if faltan:
            raise DatosError(
                f"--capitulo: {', '.join(faltan)} no existe o no tiene datos para {cfg.periodo} "
                f"(capítulos disponibles: {', '.join(prep.ctx['capitulos'])})."
            )
        documento = render.html(prep.env, "vista.html", dict(prep.ctx, capitulos=pedidos))
        destino = f"{nombre_salida(cfg)}-capitulo-{'-'.join(str(n) for n in numeros)}"
        if solo_html:
            web = render.html_autonomo(documento, cfg.plantillas, [cfg.figuras])
            return run.escribir(registro, cfg.salida / f"{destino}.html", web.encode("utf-8"))
        with registro.etapa("maquetación PDF"):
            [pdf] = layout.maquetar_documentos([_trabajo(cfg, prep, documento)], 1, cache_de_maquetas(cfg))
        return run.escribir(registro, cfg.salida / f"{destino}.pdf", pdf)


def construir_borrador(cfg, registro: run.Registro, datos: Datos | None = None) -> tuple[Path, Datos]:
    """Live mode: …-borrador.html first (seconds after a save), then …-borrador.pdf.

    The report's official outputs stay as they were. Reuses `datos` when data/ has not
    changed, and the chart and layout caches always, so a template edit relays only the
    parts whose HTML changed. The HTML draft reloads itself in the browser that shows it.
    The run log (`registro`) is the watch's, kept open between drafts.
    """
    nombre = nombre_borrador(cfg)
    with run.turno(cfg.salida):
        prep = preparar(cfg, registro, datos)
        with registro.etapa("HTML"):
            documento = render.html(prep.env, "informe.html", prep.ctx)
            web = render.html_autonomo(
                documento_web(prep), cfg.plantillas, [cfg.figuras], recarga=RECARGA_BORRADOR_HTML
            )
            ruta_web = run.escribir(registro, cfg.salida / f"{nombre}.html", web.encode("utf-8"))
        log.info(f"Borrador HTML listo: {ruta_web} (el navegador lo recarga solo); maquetando el PDF …")
        with registro.etapa("maquetación PDF"):
            pdf = maquetar_informe(cfg, prep, documento, registro)
        return run.escribir(registro, cfg.salida / f"{nombre}.pdf", pdf), prep.datos


def construir_extractos(cfg, codigos: list[str] | None = None) -> list[Path]:
    """One short PDF per oficina regional (all when `codigos` is None), each followed by its summary
    (…-oficina-norte-resumen.pdf: the main points, the office's headline figures beside the national ones),
    from one computation.

    The extracts are laid out in parallel processes (rendimiento.procesos).
    """
    with run.corrida(cfg.salida, f"{nombre_salida(cfg)}-oficinas") as registro:
        prep = preparar(cfg, registro)
        oficinas = _oficinas(prep, codigos)
        with registro.etapa("HTML"):
            documentos = [
                render.html(prep.env, "extracto.html", _contexto_extracto(prep, o)) for o in oficinas
            ]
            resumenes = [documento_resumen(prep, o) for o in oficinas]
        log.info(f"Componiendo {len(oficinas)} extracto(s) por oficina, cada uno con su resumen …")
        with registro.etapa("maquetación PDF"):
            trabajos = [_trabajo(cfg, prep, d) for d in documentos + resumenes]
            pdfs = layout.maquetar_documentos(trabajos, cfg.procesos, cache_de_maquetas(cfg))
        nombres = [nombre_extracto(cfg, o["codigo"]) for o in oficinas]
        nombres += [f"{n}{SUFIJO_RESUMEN}" for n in nombres]
        with registro.etapa("escritura"):
            escritos = dict(
                (n, run.escribir(registro, cfg.salida / f"{n}.pdf", pdf)) for n, pdf in zip(nombres, pdfs)
            )
        return [escritos[n] for o in nombres[: len(oficinas)] for n in (o, f"{o}{SUFIJO_RESUMEN}")]


def _oficinas(prep: Preparado, codigos: list[str] | None) -> list[dict]:
    """The oficinas regionales asked for, in that order (all, in the report's order, when None)."""
    oficinas = {o["codigo"]: o for o in prep.ctx["oficinas"]}
    desconocidas = [c for c in (codigos or []) if c not in oficinas]
    if desconocidas:
        raise DatosError(
            f"Oficina regional desconocida: {', '.join(desconocidas)} "
            f"(códigos válidos: {', '.join(oficinas)})."
        )
    return [oficinas[c] for c in (codigos or oficinas)]


def _contexto_extracto(prep: Preparado, oficina: dict) -> dict:
    return dict(
        prep.ctx, oficina=oficina, extracto=capitulos.extraer(prep.datos.indicadores, oficina["codigo"])
    )
