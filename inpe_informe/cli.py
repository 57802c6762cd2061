"""Command line (Spanish): arguments → one call to the pipeline; errors → one Spanish message, exit 1."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from pathlib import Path

from .config import ayuda_claves, leer_config
from .errors import InformeError

AYUDA_CONFIG = ayuda_claves()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build_report.py",
        description="Genera el Informe Estadístico de Tratamiento Penitenciario (PDF y reporte de calidad).",
        epilog="Claves de config.yaml:\n" + AYUDA_CONFIG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "accion",
        nargs="?",
        default="informe",
        choices=["informe", "validar", "plantilla", "importar", "diccionario", "traducciones"],
        help="informe (por defecto): genera el PDF; validar: sólo revisa data/; "
        "plantilla: libro .xlsx en blanco para un mes; importar ARCHIVO.xlsx: valida el libro y "
        "lo incorpora a data/; diccionario: regenera data/README.md; "
        "traducciones: actualiza templates/locale/en/*.po",
    )
    p.add_argument("archivo", nargs="?", help="libro .xlsx a importar (acción importar)")
    p.add_argument(
        "--reemplazar",
        action="store_true",
        help="importar: reemplaza un mes que ya está en data/ (muestra los cambios)",
    )
    p.add_argument(
        "--comparar-con",
        metavar="CARPETA",
        help="compara las cifras con las de una generación anterior guardada en CARPETA",
    )
    p.add_argument("--periodo", help="mes del informe, AAAA-MM (por defecto, el de config.yaml)")
    p.add_argument(
        "--idioma",
        choices=["es", "en"],
        help="edición: es (por defecto; títulos también en inglés) o en (todo en inglés)",
    )
    p.add_argument(
        "--oficina",
        metavar="CODIGO",
        action="append",
        help="genera el extracto de una oficina regional (p. ej. NORTE); se puede repetir",
    )
    p.add_argument(
        "--todas-las-oficinas",
        action="store_true",
        help="genera los extractos de las ocho oficinas regionales",
    )
    p.add_argument(
        "--capitulo",
        type=int,
        action="append",
        metavar="N",
        help="vista previa rápida de un capítulo (se puede repetir): sólo sus páginas",
    )
    p.add_argument(
        "--solo-html",
        action="store_true",
        help="con --capitulo: actualiza sólo la edición HTML (sin PDF), para ver un cambio de redacción al instante",
    )
    p.add_argument(
        "--vigilar",
        action="store_true",
        help="modo en vivo para editores: rehace un borrador del PDF (…-borrador.pdf) cada vez que se "
        "guarda una plantilla o un dato; sólo se vuelven a maquetar los capítulos que cambiaron",
    )
    p.add_argument("--config", default="config.yaml", help="archivo de configuración (config.yaml)")
    p.add_argument("--salida", help="carpeta de salida (por defecto, rutas.salida de config.yaml)")
    p.add_argument(
        "--estricto",
        action="store_true",
        default=None,
        help="las advertencias de calidad detienen la generación",
    )
    p.add_argument("--silencioso", action="store_true", help="no mostrar el avance")
    return p


def ejecutar(args) -> int:
    from . import pipeline, prepare
    from .dictionary import actualizar_diccionario
    from .i18n import actualizar_catalogo

    cfg = leer_config(
        Path(args.config),
        periodo=args.periodo,
        estricto=args.estricto,
        idioma=args.idioma,
        salida=Path(args.salida).resolve() if args.salida else None,
        comparar_con=Path(args.comparar_con).resolve() if args.comparar_con else None,
    )
    if args.accion == "validar":
        _tablas, hallazgos = prepare.cargar_y_validar(cfg)
        for h in hallazgos:
            print(f"{h.severidad.upper()}: {h.texto()}")
        print(f"Validación terminada: {len(hallazgos)} advertencia(s), 0 errores.")
        return 0
    if args.accion == "plantilla":
        return _plantilla(cfg, args)
    if args.accion == "importar":
        return _importar(cfg, args)
    if args.accion == "diccionario":
        print(f"Actualizado {actualizar_diccionario(cfg.datos)}")
        return 0
    if args.accion == "traducciones":
        faltan = actualizar_catalogo(cfg.plantillas)
        print(
            f"templates/locale/en/*.po actualizado; {len(faltan)} texto(s) sin traducir"
            + "".join(f"\n  - {m}" for m in faltan)
        )
        return 0
    if args.vigilar:
        from .watch import vigilar

        try:
            vigilar(cfg)
        except KeyboardInterrupt:
            print("Vigilancia terminada.", file=sys.stderr)
        return 0
    if args.capitulo:
        print(pipeline.construir_vista(cfg, args.capitulo, args.solo_html))
        return 0
    if args.oficina or args.todas_las_oficinas:
        codigos = None if args.todas_las_oficinas else [c.upper() for c in args.oficina]
        for ruta in pipeline.construir_extractos(cfg, codigos):
            print(ruta)
        return 0
    resultado = pipeline.construir(cfg)
    print(resultado.pdf)
    print(resultado.calidad)
    comparacion = resultado.revision.get("comparacion")
    if comparacion:
        print(
            f"Comparación con {comparacion['archivo']}: {len(comparacion['cambiadas'])} cifra(s) cambiada(s), "
            f"{len(comparacion['saltos'])} salto(s) sobre el umbral (detalle en el reporte de calidad)."
        )
    return 0


def _plantilla(cfg, args) -> int:
    from .intake import escribir_plantilla
    from .periods import Periodo

    periodo = Periodo.parse(args.periodo) if args.periodo else cfg.periodo.mas(1)
    destino = (Path(args.salida).resolve() if args.salida else cfg.salida) / f"plantilla-{periodo}.xlsx"
    print(f"Libro para {periodo}: {escribir_plantilla(cfg.datos, periodo, destino)}")
    print("Llénelo y luego: python build_report.py importar " + destino.name)
    return 0


def _importar(cfg, args) -> int:
    from .errors import DatosError
    from .intake import importar

    if not args.archivo:
        raise DatosError("importar: indique el libro, p. ej. build_report.py importar plantilla-2025-01.xlsx")
    r = importar(cfg.datos, Path(args.archivo), reemplazar=args.reemplazar)
    print(f"Importado {r.periodo}: {len(r.tablas)} tabla(s), {sum(r.filas.values())} fila(s) en data/.")
    if r.ignoradas:
        print(f"Hojas ignoradas (no son tablas): {', '.join(r.ignoradas)}")
    if r.cambios:
        print(f"Cambios frente a lo que había ({len(r.cambios)}):" + "".join(f"\n  - {c}" for c in r.cambios))
    for a in r.advertencias:
        print(f"ADVERTENCIA: {a}")
    print(f"Siguiente paso: python build_report.py --periodo {r.periodo}")
    return 0


class _Avance(logging.Formatter):
    """Progress as «· mensaje»; problems as «ADVERTENCIA: …» or «ERROR: …» (no logger names, no dates)."""

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno >= logging.ERROR:
            return f"ERROR: {record.getMessage()}"
        if record.levelno >= logging.WARNING:
            return f"ADVERTENCIA: {record.getMessage()}"
        return f"· {record.getMessage()}"


@contextlib.contextmanager
def _avance_en_terminal(silencioso: bool):
    """Show the package's log on stderr while the command runs (only problems with --silencioso)."""
    paquete = logging.getLogger("inpe_informe")
    manejador = logging.StreamHandler(sys.stderr)
    manejador.setFormatter(_Avance())
    manejador.setLevel(logging.WARNING if silencioso else logging.INFO)
    nivel = paquete.level
    paquete.setLevel(logging.INFO)
    paquete.addHandler(manejador)
    try:
        yield
    finally:
        paquete.removeHandler(manejador)
        paquete.setLevel(nivel)


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        with _avance_en_terminal(args.silencioso):
            return ejecutar(args)
    except InformeError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrumpido: no se modificó output/.", file=sys.stderr)
        return 130
