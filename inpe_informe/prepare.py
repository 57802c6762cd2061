"""The first half of every build: load → validate → compute → chart → context (pipeline.py goes on from here).

What every output shares is prepared here once: the validated tables and their
findings, every chapter's figures, the drawn charts and the templates' context, in
the edition's language. Nothing is written to output/.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    atomic,
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
        return *_tablas_crudas(cfg, solo), run.huellas_de_entradas(cfg.datos, cfg.raiz)

    return locks.leer_datos(cfg.datos, leer_una_vez)


def _tablas_crudas(cfg, solo: set[str] | None) -> tuple[dict, dict]:
    """Schemas and raw tables of data/ (all, or `solo`); the caller holds data/'s read lock."""
    esquemas = leer_esquemas(cfg.datos)
    if solo is not None:
        esquemas = {k: v for k, v in esquemas.items() if k in solo}
    return esquemas, cargar_carpeta(cfg.datos, esquemas, cfg.raiz)


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
    """Load, validate and compute (independent of templates/: the live mode keeps it while data/ is unchanged).

    With rendimiento.cache_datos, a run whose data/ files, period, window and code are those of an earlier
    run takes that run's tables, findings and figures instead of validating (twice) and computing again.
    """
    registro.info(
        f"periodo {cfg.periodo}, idioma {cfg.idioma}, datos {cfg.datos}, plantillas {cfg.plantillas}"
    )
    with registro.etapa("carga y validación"):
        log.info("Cargando y validando data/ …")
        esquemas, crudas, entradas, datos = _leer_o_recordar(cfg)
        if datos is None:
            tablas, hallazgos = validar_tablas(esquemas, crudas)
            del_mes = quality.claves_del_mes(esquemas, crudas, hallazgos, cfg.periodo)
        else:
            tablas, hallazgos, del_mes = datos.tablas, datos.hallazgos, datos.del_mes
            registro.info("data/ no cambió desde una generación anterior del periodo: se toman sus cálculos")
        registro.info(
            f"tablas leídas: {', '.join(sorted(tablas))}; hallazgos: {len(hallazgos)}, "
            f"{len(del_mes)} de {cfg.periodo}"
        )
    with registro.etapa("cálculo"):
        if datos is None:
            log.info("Calculando indicadores …")
            indicadores, omitidas = calcular(cfg, tablas)
            datos = Datos(
                tablas,
                hallazgos,
                indicadores,
                omitidas,
                quality.cifras(indicadores),
                entradas,
                del_mes,
                quality.ventanas(indicadores),
            )
            _recordar(cfg, entradas, datos)
        registro.info(
            f"capítulos: {', '.join(datos.indicadores)}; cifras calculadas: {len(datos.valores)}; "
            f"omitidas: {len(datos.omitidas)}"
        )
    if cfg.estricto:
        propios = [h for h in datos.hallazgos if quality.clave(h) in datos.del_mes]
        quality.exigir_mes_limpio(cfg.periodo, propios, datos.omitidas)
    return datos


# --- the computed period kept between runs (rendimiento.cache_datos) ---------------------------

DATOS_GUARDADOS = 8  # periods kept in rutas.cache/datos (the month, its English edition shares it, others)


def _leer_o_recordar(cfg) -> tuple[dict | None, dict | None, dict[str, str], Datos | None]:
    """(schemas, raw tables, data/ hashes, None), or (None, None, hashes, Datos) when an earlier run
    computed this period from the same files. Both under data/'s read lock: hashes and tables agree."""

    def leer_una_vez():
        entradas = run.huellas_de_entradas(cfg.datos, cfg.raiz)
        recordados = _recordados(cfg, entradas)
        if recordados is not None:
            return None, None, entradas, recordados
        return *_tablas_crudas(cfg, capitulos.tablas_del_informe()), entradas, None

    return locks.leer_datos(cfg.datos, leer_una_vez)


def _huella_del_codigo() -> str:
    """Every source file that validates or computes: this package and each registered chapter's folder."""
    carpetas = {Path(__file__).parent} | {
        Path(sys.modules[c.calcular.__module__].__file__).parent for c in capitulos.capitulos()
    }
    h = hashlib.sha256()
    for carpeta in sorted(carpetas):
        for fuente in sorted(carpeta.rglob("*.py")):
            h.update(f"\0{fuente}\0".encode() + fuente.read_bytes())
    return h.hexdigest()


def _archivo_guardado(cfg, entradas: dict[str, str]) -> Path | None:
    if not cfg.cache_datos:
        return None
    import numpy
    import pandas

    clave = json.dumps(
        {
            "entradas": entradas,
            "periodo": str(cfg.periodo),
            "ventana": cfg.ventana_promedio,
            "datos": str(cfg.datos),
            "raiz": str(cfg.raiz),
            "codigo": _huella_del_codigo(),
            "versiones": [sys.version, pandas.__version__, numpy.__version__],
        },
        sort_keys=True,
    )
    return cfg.cache / "datos" / f"{hashlib.sha256(clave.encode()).hexdigest()}.pickle"


def _recordados(cfg, entradas: dict[str, str]) -> Datos | None:
    archivo = _archivo_guardado(cfg, entradas)
    if archivo is None or not archivo.exists():
        return None
    try:
        datos = pickle.loads(archivo.read_bytes())  # written by _recordar below, in the project's own cache
    except Exception:  # a damaged or foreign entry is computed again
        return None
    if not isinstance(datos, Datos) or datos.entradas != entradas:
        return None
    with contextlib.suppress(OSError):
        os.utime(archivo)
    return datos


def _usado(archivo: Path) -> float:
    try:
        return archivo.stat().st_mtime
    except FileNotFoundError:  # removed meanwhile by another run's pruning
        return 0.0


def _recordar(cfg, entradas: dict[str, str], datos: Datos) -> None:
    archivo = _archivo_guardado(cfg, entradas)
    if archivo is None:
        return
    try:
        archivo.parent.mkdir(parents=True, exist_ok=True)
        atomic.escribir_atomico(archivo, pickle.dumps(datos, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        viejos = sorted(archivo.parent.glob("*.pickle"), key=_usado, reverse=True)
        for viejo in viejos[DATOS_GUARDADOS:]:
            viejo.unlink(missing_ok=True)
    except OSError as e:  # a cache that cannot be written only costs speed next time
        log.warning("No se guardaron los cálculos para la próxima generación (%s).", e)


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
