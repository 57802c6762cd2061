"""The only place that knows the order of stages: load → validate → compute → chart → render."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import annex, backtest, charts, context, graficos, layout, quality, reglas, render, run
from .errors import DatosError
from .filters import hacer_filtros
from .i18n import Traductor, leer_etiquetas
from .indicators import capitulos, extracto
from .load import cargar_carpeta
from .schema import leer_esquemas
from .validate import ADVERTENCIA, ERROR, Hallazgo, resumir, validar

CAPITULOS = capitulos()


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


def _progreso(mensaje: str, silencioso: bool):
    if not silencioso:
        print(f"· {mensaje}", file=sys.stderr, flush=True)  # noqa: T201 (progress moves to logging in the restructure)


def tablas_del_informe() -> set[str]:
    """Tables the built chapters read (plus the reference tables they all share)."""
    return {t for modulo in CAPITULOS.values() for t in modulo.TABLAS}


def cargar_y_validar(cfg, solo: set[str] | None = None):
    """Read and check the tables of data/ (all, or `solo`); blocking errors stop here, all listed together."""
    esquemas = leer_esquemas(cfg.datos)
    if solo is not None:
        esquemas = {k: v for k, v in esquemas.items() if k in solo}
    crudas = cargar_carpeta(cfg.datos, esquemas, cfg.raiz)
    tablas, hallazgos = validar(crudas)
    errores = [h for h in hallazgos if h.severidad == ERROR]
    if errores:
        raise DatosError(
            f"Los datos tienen {len(errores)} problema(s) que impiden continuar:\n  - "
            + "\n  - ".join(resumir(errores)),
            hallazgos,
        )
    hallazgos += reglas.revisar(tablas, esquemas)
    return tablas, hallazgos


def _omitidas_como_hallazgos(omitidas: list, periodo) -> list[Hallazgo]:
    return [
        Hallazgo(
            ADVERTENCIA,
            o["tabla"],
            f"data ({o['tabla']})",
            f"sección «{o['seccion']}»",
            f"sin datos para {', '.join(o['meses'])}: la sección se omite en el informe de {periodo}",
            o.get("capitulo", 1),
        )
        for o in omitidas
    ]


def calcular(cfg, tablas) -> tuple[dict, list]:
    """Compute every chapter; fail when the period has no Chapter I data at all.

    A later chapter without data for the period is left out of the report and
    listed as omitted (the QA report says which table and months are missing).
    """
    indicadores, omitidas = {}, []
    for nombre, modulo in CAPITULOS.items():
        resultado = modulo.calcular(tablas, cfg.periodo, cfg.ventana_promedio)
        if not resultado["disponible"] and modulo.NUMERO == 1:
            faltan = "; ".join(f"tabla «{t}», meses {', '.join(m)}" for t, m in resultado["faltan"])
            raise DatosError(
                f"No hay datos para el periodo {cfg.periodo}: falta {faltan}. "
                f"Cargue el mes (build_report.py importar) o elija otro --periodo."
            )
        if not resultado["disponible"]:
            omitidas += [
                {
                    "seccion": f"capítulo {modulo.NUMERO}",
                    "tabla": t,
                    "meses": list(m),
                    "capitulo": modulo.NUMERO,
                }
                for t, m in resultado.get("faltan", [])
            ]
        omitidas += [dict(o, capitulo=modulo.NUMERO) for o in resultado.get("omitidas", [])]
        indicadores[nombre] = resultado
    return indicadores, omitidas


def _revision(cfg, tablas, valores) -> dict:
    """Jumps against the previous month in the inputs and, with --comparar-con, against an earlier build."""
    esquemas = leer_esquemas(cfg.datos)
    revision = {
        "umbral": cfg.umbral_salto,
        "minimo": cfg.minimo_salto,
        "comparacion": None,
        "saltos_datos": backtest.saltos_mensuales(
            tablas, esquemas, cfg.periodo, cfg.umbral_salto, cfg.minimo_salto
        ),
    }
    if cfg.comparar_con:
        ruta, anteriores = backtest.leer_cifras(cfg.comparar_con, f"{nombre_salida(cfg)}-cifras.json")
        comparacion = backtest.comparar(anteriores, valores)
        comparacion["archivo"] = str(ruta)
        comparacion["saltos"] = backtest.saltos_en_cifras(
            comparacion["cambiadas"], cfg.umbral_salto, cfg.minimo_salto
        )
        revision["comparacion"] = comparacion
    return revision


def nombre_salida(cfg) -> str:
    """informe-tratamiento-2024-12 (Spanish edition), informe-tratamiento-2024-12-en (English)."""
    return f"informe-tratamiento-{cfg.periodo}" + ("" if cfg.idioma == "es" else f"-{cfg.idioma}")


def construir(cfg, silencioso: bool = False) -> Resultado:
    """Build the PDF, its quality report, figures JSON and manifest; one build per output folder at a time."""
    avisar = lambda m: _progreso(m, silencioso)  # noqa: E731
    with run.turno(cfg.salida, avisar):
        registro = run.Registro(cfg.salida / "registros", nombre_salida(cfg))
        try:
            resultado = _construir(cfg, avisar, registro)
            registro.info(
                "tiempos por etapa: " + ", ".join(f"{k} {v:.2f} s" for k, v in registro.tiempos.items())
            )
            resultado.tiempos, resultado.registro = registro.tiempos, registro.ruta
            return resultado
        except BaseException as exc:
            registro.logger.error(f"generación interrumpida: {type(exc).__name__}: {exc}")
            raise
        finally:
            registro.cerrar()


@dataclass
class Preparado:
    """Everything computed before any template is rendered (shared by the report and its office extracts)."""

    tablas: dict
    hallazgos: list
    indicadores: dict
    omitidas: list
    valores: dict
    filtros: dict
    traductor: object
    especificaciones: list
    carpeta_figuras: Path
    ctx: dict
    env: object


@dataclass
class Datos:
    """What data/ gives for the period: tables, findings and every computed figure."""

    tablas: dict
    hallazgos: list
    indicadores: dict
    omitidas: list
    valores: dict


def _datos(cfg, avisar, registro) -> Datos:
    """Load, validate and compute (independent of templates/: the live mode keeps it while data/ is unchanged)."""
    registro.info(
        f"periodo {cfg.periodo}, idioma {cfg.idioma}, datos {cfg.datos}, plantillas {cfg.plantillas}"
    )
    with registro.etapa("carga y validación"):
        avisar("Cargando y validando data/ …")
        tablas, hallazgos = cargar_y_validar(cfg, tablas_del_informe())
        registro.info(f"tablas leídas: {', '.join(sorted(tablas))}; hallazgos: {len(hallazgos)}")
    with registro.etapa("cálculo"):
        avisar("Calculando indicadores …")
        indicadores, omitidas = calcular(cfg, tablas)
        valores = quality.cifras(indicadores)
        registro.info(
            f"capítulos: {', '.join(indicadores)}; cifras calculadas: {len(valores)}; omitidas: {len(omitidas)}"
        )
    hallazgos += _omitidas_como_hallazgos(omitidas, cfg.periodo)
    advertencias = [h for h in hallazgos if h.severidad == ADVERTENCIA]
    if cfg.estricto and advertencias:
        raise DatosError(
            f"Modo estricto: {len(advertencias)} advertencia(s) de calidad:\n  - "
            + "\n  - ".join(resumir(advertencias)),
            hallazgos,
        )
    return Datos(tablas, hallazgos, indicadores, omitidas, valores)


def _preparar(cfg, avisar, registro, datos: Datos | None = None) -> Preparado:
    """Load, validate, compute (unless `datos` is given) and draw: the common part of every output."""
    datos = datos or _datos(cfg, avisar, registro)
    tablas, indicadores, omitidas, valores = datos.tablas, datos.indicadores, datos.omitidas, datos.valores
    hallazgos = list(datos.hallazgos)
    filtros = hacer_filtros(cfg.idioma)
    traductor = Traductor(cfg.plantillas, cfg.idioma)
    etiquetas = leer_etiquetas(cfg.plantillas)
    with registro.etapa("gráficos"):
        especificaciones = graficos.especificaciones(indicadores, etiquetas, traductor, filtros)
        avisar(f"Dibujando {len(especificaciones)} gráficos …")
        charts.configurar_estilo(cfg.plantillas / "fonts", filtros["numero"])
        carpeta_figuras = cfg.figuras / str(cfg.periodo)
        archivos, dibujados = charts.dibujar_todos(
            especificaciones, carpeta_figuras, cfg.cache_graficos, cfg.procesos
        )
        rutas = {i: r.resolve().as_uri() for i, r in archivos.items()}
        alternativas = {
            g.id: graficos.alternativa(g, filtros["numero"], cfg.idioma) for g in especificaciones
        }
        registro.info(
            f"gráficos: {len(rutas)} en {carpeta_figuras} ({dibujados} dibujados, "
            f"{len(rutas) - dibujados} reutilizados de la caché)"
        )
    referencia = {
        "oficinas": tablas["oficinas_regionales"].sort_values("orden").to_dict("records"),
        "estilos": sorted(f"styles/{h.name}" for h in (cfg.plantillas / "styles").glob("cap*.css")),
    }
    ctx = context.construir(cfg, indicadores, rutas, etiquetas, referencia, alternativas)
    env = render.entorno(
        cfg.plantillas, traductor, filtros, cfg.cache / "jinja" if cfg.cache_maquetacion else None
    )
    return Preparado(
        tablas,
        hallazgos,
        indicadores,
        omitidas,
        valores,
        filtros,
        traductor,
        especificaciones,
        carpeta_figuras,
        ctx,
        env,
    )


def _identidad(prep: Preparado, documento: str) -> str:
    """The document without this machine's paths: what the PDF /ID is derived from."""
    return documento.replace(prep.carpeta_figuras.resolve().as_uri(), "figures")


def _maquetar(cfg, prep: Preparado, documento: str) -> bytes:
    """One document laid out at once (office extracts, chapter preview)."""
    return render.pdf(documento, cfg.plantillas, [cfg.plantillas, cfg.figuras], _identidad(prep, documento))


def _maquetar_informe(cfg, prep: Preparado, documento: str, avisar, registro) -> bytes:
    """The full report: laid out by parts, in parallel, reusing unchanged parts (layout.py)."""
    cache = layout.Cache(cfg.cache / "maquetas" if cfg.cache_maquetacion else None, cfg.plantillas)
    contenido, cifras = layout.maquetar_informe(
        documento,
        cfg.plantillas,
        [cfg.plantillas, cfg.figuras],
        _identidad(prep, documento),
        cache,
        cfg.procesos,
        avisar,
    )
    registro.info(
        f"maquetación: {cifras['paginas']} páginas en {cifras['partes']} partes; "
        f"{cifras['maquetadas']} maquetadas, {cifras['reutilizadas']} reutilizadas de la caché"
    )
    return contenido


def _construir(cfg, avisar, registro) -> Resultado:
    """Everything is computed and laid out first; outputs are written last, each atomically."""
    t0 = time.perf_counter()
    prep = _preparar(cfg, avisar, registro)
    hallazgos, traductor, filtros = prep.hallazgos, prep.traductor, prep.filtros
    with registro.etapa("HTML"):
        avisar("Componiendo el PDF …")
        documento = render.html(prep.env, "informe.html", prep.ctx)
    hallazgos += _sin_traducir(traductor)
    with registro.etapa("maquetación PDF"):
        contenido_pdf = _maquetar_informe(cfg, prep, documento, avisar, registro)
    erratas = quality.erratas_con_cifra(quality.leer_erratas(cfg.datos), prep.valores)
    revision = _revision(cfg, prep.tablas, prep.valores)
    ctx_calidad = context.contexto_calidad(
        cfg,
        quality.por_capitulo(hallazgos),
        prep.omitidas,
        erratas,
        cfg.salida / f"{nombre_salida(cfg)}.pdf",
        revision,
    )
    calidad_html = render.html(prep.env, "calidad.html", ctx_calidad)
    tablas_anexo, titulos_graficos = annex.cuadros_del_html(documento)
    tablas_anexo += annex.series_de_graficos(prep.especificaciones, titulos_graficos)
    titulo = traductor.gettext("Informe Estadístico de Tratamiento Penitenciario")
    titulo_anexo = f"{titulo} – {filtros['mes'](cfg.periodo)}"
    with registro.etapa("escritura"):
        salidas = _escribir_salidas(
            cfg,
            {
                ".pdf": contenido_pdf,
                "-calidad.html": calidad_html.encode("utf-8"),
                ".html": render.html_autonomo(documento, cfg.plantillas, [cfg.figuras]).encode("utf-8"),
                "-cifras.json": backtest.como_json(prep.valores).encode("utf-8"),
                "-anexo.xlsx": annex.libro(tablas_anexo, titulo_anexo, str(cfg.periodo)),
                "-anexo-csv.zip": annex.csv_ordenados(tablas_anexo),
            },
        )
        for ruta in salidas:
            registro.info(f"escrito {ruta} ({ruta.stat().st_size:,} bytes)")
    pdf, calidad, web = salidas[0], salidas[1], salidas[2]
    avisar(
        f"Listo en {time.perf_counter() - t0:.1f} s: "
        f"{pdf.relative_to(cfg.raiz) if pdf.is_relative_to(cfg.raiz) else pdf}"
    )
    return Resultado(pdf, calidad, hallazgos, prep.omitidas, revision, web=web)


def _sin_traducir(traductor) -> list[Hallazgo]:
    return [
        Hallazgo(
            ADVERTENCIA,
            "traducciones",
            "templates/locale/en/*.po",
            "",
            f"texto sin inglés: «{t}» (ejecute build_report.py traducciones y complete msgstr)",
        )
        for t in sorted(traductor.faltantes)
    ]


def construir_vista(cfg, numeros: list[int], solo_html: bool = False, silencioso: bool = False) -> Path:
    """Editor preview: only the chosen chapters (no cover, no quality report), as PDF or just HTML.

    Everything is computed as for the full report (same figures); only the layout is
    limited, which is where the time goes. With solo_html the PDF step is skipped and the
    HTML edition (one self-contained file) is refreshed instead.
    """
    avisar = lambda m: _progreso(m, silencioso)  # noqa: E731
    with run.turno(cfg.salida, avisar):
        registro = run.Registro(cfg.salida / "registros", f"{nombre_salida(cfg)}-vista")
        try:
            prep = _preparar(cfg, avisar, registro)
            pedidos = [f"cap{n}" for n in numeros]
            faltan = [p for p in pedidos if p not in prep.ctx["capitulos"]]
            if faltan:
                raise DatosError(
                    f"--capitulo: {', '.join(faltan)} no existe o no tiene datos para {cfg.periodo} "
                    f"(capítulos disponibles: {', '.join(prep.ctx['capitulos'])})."
                )
            ctx = dict(prep.ctx, capitulos=pedidos)
            documento = render.html(prep.env, "vista.html", ctx)
            sufijo = "-capitulo-" + "-".join(str(n) for n in numeros)
            if solo_html:
                contenido, extension = (
                    render.html_autonomo(documento, cfg.plantillas, [cfg.figuras]).encode("utf-8"),
                    ".html",
                )
            else:
                with registro.etapa("maquetación PDF"):
                    contenido, extension = _maquetar(cfg, prep, documento), ".pdf"
            ruta = render.escribir_atomico(
                cfg.salida / f"{nombre_salida(cfg)}{sufijo}{extension}", lambda fh: fh.write(contenido)
            )
            registro.info(f"escrito {ruta}")
            return ruta
        finally:
            registro.cerrar()


RECARGA_BORRADOR_HTML = 2  # seconds between the browser's reloads of …-borrador.html


def construir_borrador(cfg, registro, avisar, datos: Datos | None = None) -> tuple[Path, Datos]:
    """Live mode: …-borrador.html first (seconds after a save), then …-borrador.pdf.

    The report's official outputs stay as they were. Reuses `datos` when data/ has not
    changed, and the chart and layout caches always, so a template edit relays only the
    parts whose HTML changed. The HTML draft reloads itself in the browser that shows it.
    """
    with run.turno(cfg.salida, avisar):
        datos = datos or _datos(cfg, avisar, registro)
        prep = _preparar(cfg, avisar, registro, datos)
        with registro.etapa("HTML"):
            documento = render.html(prep.env, "informe.html", prep.ctx)
            web = render.html_autonomo(
                documento, cfg.plantillas, [cfg.figuras], recarga=RECARGA_BORRADOR_HTML
            )
            ruta_web = render.escribir_atomico(
                cfg.salida / f"{nombre_salida(cfg)}-borrador.html", lambda fh: fh.write(web.encode("utf-8"))
            )
        avisar(f"Borrador HTML listo: {ruta_web} (el navegador lo recarga solo); maquetando el PDF …")
        with registro.etapa("maquetación PDF"):
            contenido = _maquetar_informe(cfg, prep, documento, avisar, registro)
        ruta = render.escribir_atomico(
            cfg.salida / f"{nombre_salida(cfg)}-borrador.pdf", lambda fh: fh.write(contenido)
        )
        registro.info(f"escrito {ruta} ({len(contenido):,} bytes)")
        return ruta, datos


def nombre_extracto(cfg, codigo: str) -> str:
    return f"{nombre_salida(cfg)}-oficina-{codigo.lower().replace('_', '-')}"


_EXTRACTOS_EN_CURSO: tuple = ()


def _maquetar_extracto(indice: int) -> bytes:
    """Worker: lay out extract `indice`; forked workers inherit the job (filters are closures, not picklable)."""
    cfg, prep, documentos = _EXTRACTOS_EN_CURSO
    return _maquetar(cfg, prep, documentos[indice])


def construir_extractos(cfg, codigos: list[str] | None = None, silencioso: bool = False) -> list[Path]:
    """One short PDF per oficina regional (all when `codigos` is None), from one computation.

    The extracts are laid out in parallel processes (rendimiento.procesos).
    """
    avisar = lambda m: _progreso(m, silencioso)  # noqa: E731
    with run.turno(cfg.salida, avisar):
        registro = run.Registro(cfg.salida / "registros", f"{nombre_salida(cfg)}-oficinas")
        try:
            prep = _preparar(cfg, avisar, registro)
            oficinas = {o["codigo"]: o for o in prep.ctx["oficinas"]}
            desconocidas = [c for c in (codigos or []) if c not in oficinas]
            if desconocidas:
                raise DatosError(
                    f"Oficina regional desconocida: {', '.join(desconocidas)} "
                    f"(códigos válidos: {', '.join(oficinas)})."
                )
            elegidas = codigos or list(oficinas)
            documentos = []
            with registro.etapa("HTML"):
                for codigo in elegidas:
                    ctx = dict(
                        prep.ctx,
                        oficina=oficinas[codigo],
                        extracto=extracto.extraer(prep.indicadores, codigo),
                    )
                    documentos.append(render.html(prep.env, "extracto.html", ctx))
            avisar(f"Componiendo {len(elegidas)} extracto(s) por oficina …")
            with registro.etapa("maquetación PDF"):
                procesos = min(cfg.procesos or os.cpu_count() or 1, len(documentos))
                if procesos > 1 and "fork" in multiprocessing.get_all_start_methods():
                    global _EXTRACTOS_EN_CURSO
                    _EXTRACTOS_EN_CURSO = (cfg, prep, documentos)
                    try:
                        with run.grupo_de_procesos(procesos) as grupo:
                            pdfs = list(grupo.map(_maquetar_extracto, range(len(documentos))))
                    finally:
                        _EXTRACTOS_EN_CURSO = ()
                else:
                    pdfs = [_maquetar(cfg, prep, d) for d in documentos]
            with registro.etapa("escritura"):
                rutas = [
                    render.escribir_atomico(
                        cfg.salida / f"{nombre_extracto(cfg, c)}.pdf", lambda fh, b=b: fh.write(b)
                    )
                    for c, b in zip(elegidas, pdfs)
                ]
                for ruta in rutas:
                    registro.info(f"escrito {ruta} ({ruta.stat().st_size:,} bytes)")
            registro.info(
                "tiempos por etapa: " + ", ".join(f"{k} {v:.2f} s" for k, v in registro.tiempos.items())
            )
            return rutas
        finally:
            registro.cerrar()


def _escribir_salidas(cfg, contenidos: dict[str, bytes]) -> list[Path]:
    """Write each output atomically, then the manifest that records them all."""
    salidas = [
        render.escribir_atomico(cfg.salida / f"{nombre_salida(cfg)}{sufijo}", lambda fh, c=c: fh.write(c))
        for sufijo, c in contenidos.items()
    ]
    entradas = [p for p in sorted(cfg.datos.rglob("*")) if p.is_file() and not p.name.endswith(".tmp")]
    manifiesto = run.manifiesto(cfg, entradas, salidas)
    salidas.append(
        render.escribir_atomico(
            cfg.salida / f"{nombre_salida(cfg)}-manifiesto.json",
            lambda fh: fh.write(manifiesto.encode("utf-8")),
        )
    )
    return salidas
