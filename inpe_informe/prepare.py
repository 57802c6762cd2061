"""The first half of every build: load → validate → compute → chart → context (pipeline.py goes on from here).

What every output shares is prepared here once: the validated tables and their
findings, every chapter's figures, the drawn charts and the templates' context, in
the edition's language. Nothing is written to output/.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    capitulos,
    chart_text,
    charts,
    context,
    faults,
    literals,
    locks,
    puntos,
    quality,
    render,
    resumen,
    run,
)
from .edition import Edicion
from .errors import DatosError
from .i18n import leer_etiquetas
from .load import cargar_carpeta
from .outline import hojas_de_estilo, leer_secciones
from .schema import leer_esquemas
from .terminologia import leer_siglas
from .validate import ERROR, resumir, validar

log = logging.getLogger(__name__)

# --- load → validate → compute -----------------------------------------------------------------


def leer(cfg, solo: set[str] | None = None) -> tuple[dict, dict, dict[str, str]]:
    """Schemas, raw tables (all, or `solo`) and the hash of every file of data/, read while no import writes."""

    def leer_una_vez():
        esquemas = leer_esquemas(cfg.datos)
        if solo is not None:
            esquemas = {k: v for k, v in esquemas.items() if k in solo}
        crudas = cargar_carpeta(cfg.datos, esquemas, cfg.raiz)
        return esquemas, crudas, run.huellas_de_entradas(cfg.datos, cfg.raiz)

    return locks.leer_datos(cfg.datos, leer_una_vez)


def cargar_y_validar(cfg, solo: set[str] | None = None):
    """Read and check the tables of data/ (all, or `solo`); blocking errors stop here, all listed together."""
    esquemas, crudas, _entradas = leer(cfg, solo)
    return validar_tablas(esquemas, crudas)


def validar_tablas(esquemas: dict, crudas: dict):
    """Check raw tables; blocking errors stop here, all listed together; then the chapters' own rules."""
    tablas, hallazgos = validar(crudas)
    errores = [h for h in hallazgos if h.severidad == ERROR]
    if errores:
        raise DatosError(
            f"Los datos tienen {len(errores)} problema(s) que impiden continuar:\n  - "
            + "\n  - ".join(resumir(errores)),
            hallazgos,
        )
    hallazgos += capitulos.revisar(tablas, esquemas)
    return tablas, hallazgos


def calcular(cfg, tablas) -> tuple[dict, list]:
    """Compute every chapter; fail when the period has no Chapter I data at all.

    A later chapter without data for the period is left out of the report and
    listed as omitted (the QA report says which table and months are missing).
    """
    indicadores = capitulos.calcular(tablas, cfg.periodo, cfg.ventana_promedio)
    primero = indicadores["cap1"]
    if not primero.disponible:
        faltan = "; ".join(f"tabla «{t}», meses {', '.join(m)}" for t, m in primero.faltan)
        raise DatosError(
            f"No hay datos para el periodo {cfg.periodo}: falta {faltan}. "
            f"Cargue el mes (build_report.py importar) o elija otro --periodo."
        )
    return indicadores, capitulos.omitidas(indicadores)


@dataclass(frozen=True)
class Datos:
    """What data/ gives for the period: tables, findings and every computed figure."""

    tablas: dict
    hallazgos: list
    indicadores: dict
    omitidas: list
    valores: dict
    entradas: dict = field(default_factory=dict)  # data/ file → hash, as read (for the manifest)
    del_mes: frozenset = frozenset()  # keys (quality.clave) of the findings the month's own rows bring
    ventanas: dict = field(default_factory=dict)  # chapter → its windows as text (what its figures cover)


def cargar_y_calcular(cfg, registro: run.Registro) -> Datos:
    """Load, validate and compute (independent of templates/: the live mode keeps it while data/ is unchanged)."""
    registro.info(
        f"periodo {cfg.periodo}, idioma {cfg.idioma}, datos {cfg.datos}, plantillas {cfg.plantillas}"
    )
    with registro.etapa("carga y validación"):
        log.info("Cargando y validando data/ …")
        esquemas, crudas, entradas = leer(cfg, capitulos.tablas_del_informe())
        tablas, hallazgos = validar_tablas(esquemas, crudas)
        del_mes = quality.claves_del_mes(esquemas, crudas, hallazgos, cfg.periodo)
        registro.info(
            f"tablas leídas: {', '.join(sorted(tablas))}; hallazgos: {len(hallazgos)}, "
            f"{len(del_mes)} de {cfg.periodo}"
        )
    with registro.etapa("cálculo"):
        log.info("Calculando indicadores …")
        indicadores, omitidas = calcular(cfg, tablas)
        valores = quality.cifras(indicadores)
        registro.info(
            f"capítulos: {', '.join(indicadores)}; cifras calculadas: {len(valores)}; omitidas: {len(omitidas)}"
        )
    if cfg.estricto:
        propios = [h for h in hallazgos if quality.clave(h) in del_mes]
        quality.exigir_mes_limpio(cfg.periodo, propios, omitidas)
    ventanas = quality.ventanas(indicadores)
    return Datos(tablas, hallazgos, indicadores, omitidas, valores, entradas, del_mes, ventanas)


# --- chart → context ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dibujo:
    especificaciones: list  # charts.Grafico of every chapter, in report order
    rutas: dict  # chart id → file URI
    alternativas: dict  # chart id → text alternative
    carpeta: Path


def dibujar(cfg, edicion: Edicion, indicadores: dict, etiquetas: dict, registro: run.Registro) -> Dibujo:
    """Which charts show which figures (chapters' specs), drawn to figures/<periodo>/ (cached)."""
    with registro.etapa("gráficos"):
        especificaciones = capitulos.especificaciones(indicadores, etiquetas, edicion)
        log.info(f"Dibujando {len(especificaciones)} gráficos …")
        charts.configurar_estilo(cfg.plantillas / "fonts", edicion.filtros["numero"])
        carpeta = cfg.figuras / str(cfg.periodo)
        archivos, dibujados = charts.dibujar_todos(
            especificaciones, carpeta, cfg.cache_graficos, cfg.procesos
        )
        faults.punto("graficos.dibujados")
        rutas = {i: r.resolve().as_uri() for i, r in archivos.items()}
        alternativas = {g.id: chart_text.alternativa(g, edicion) for g in especificaciones}
        registro.info(
            f"gráficos: {len(rutas)} en {carpeta} ({dibujados} dibujados, "
            f"{len(rutas) - dibujados} reutilizados de la caché)"
        )
    return Dibujo(especificaciones, rutas, alternativas, carpeta)


@dataclass(frozen=True)
class Preparado:
    """Everything computed before any template is rendered (shared by every output)."""

    datos: Datos
    edicion: Edicion
    dibujo: Dibujo
    ctx: dict
    env: object
    avisos: list  # findings about the templates (figures typed by hand), for the quality report


def preparar(cfg, registro: run.Registro, datos: Datos | None = None) -> Preparado:
    """Check the templates, load, validate, compute (unless `datos` is given), draw, and build the context."""
    avisos = literals.revisar(cfg.plantillas, cfg.estricto)
    datos = datos or cargar_y_calcular(cfg, registro)
    edicion = Edicion.de(cfg.plantillas, cfg.idioma)
    etiquetas = leer_etiquetas(cfg.plantillas)
    dibujo = dibujar(cfg, edicion, datos.indicadores, etiquetas, registro)
    referencia = {
        "oficinas": datos.tablas["oficinas_regionales"].sort_values("orden").to_dict("records"),
        "estilos": hojas_de_estilo(cfg.plantillas),
        "secciones": leer_secciones(cfg.plantillas),
        "siglas": leer_siglas(cfg.plantillas),
    }
    ctx = context.construir(
        cfg, edicion, datos.indicadores, dibujo.rutas, etiquetas, referencia, dibujo.alternativas
    )
    declaracion = puntos.leer(cfg.plantillas, referencia["secciones"])
    ctx["puntos"] = resumen.contexto(
        declaracion, datos.valores, cfg.periodo, ctx["secciones"], dibujo.carpeta, cfg.cache_graficos
    )
    ctx["edicion_web"] = False  # the HTML edition renders again with True (pipeline.documento_web)
    avisos = avisos + resumen.avisos(declaracion, datos.valores, cfg.periodo)
    jinja = cfg.cache / "jinja" if cfg.cache_maquetacion else None
    env = render.entorno(cfg.plantillas, edicion.traductor, edicion.filtros, jinja)
    return Preparado(datos, edicion, dibujo, ctx, env, avisos)
