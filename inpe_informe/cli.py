"""Command line (Spanish): arguments → one call to the pipeline; errors → one Spanish message, exit 1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import CLAVES, leer_config
from .errors import InformeError

AYUDA_CONFIG = "\n".join(f"  {k:26s} {v}" for k, v in CLAVES.items())


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
    from . import pipeline
    from .dictionary import actualizar_diccionario
    from .i18n import actualizar_catalogo

    cfg = leer_config(Path(args.config), periodo=args.periodo, estricto=args.estricto, idioma=args.idioma)
    if args.salida:
        cfg.salida = Path(args.salida).resolve()
    if args.accion == "validar":
        _tablas, hallazgos = pipeline.cargar_y_validar(cfg)
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
        from .vigilancia import vigilar

        try:
            vigilar(cfg, avisar=lambda m: print(f"· {m}", file=sys.stderr, flush=True))
        except KeyboardInterrupt:
            print("Vigilancia terminada.", file=sys.stderr)
        return 0
    if args.capitulo:
        print(pipeline.construir_vista(cfg, args.capitulo, args.solo_html, silencioso=args.silencioso))
        return 0
    if args.oficina or args.todas_las_oficinas:
        codigos = None if args.todas_las_oficinas else [c.upper() for c in args.oficina]
        for ruta in pipeline.construir_extractos(cfg, codigos, silencioso=args.silencioso):
            print(ruta)
        return 0
    if args.comparar_con:
        cfg.comparar_con = Path(args.comparar_con).resolve()
    resultado = pipeline.construir(cfg, silencioso=args.silencioso)
    print(resultado.pdf)
    print(resultado.calidad)
    comparacion = resultado.revision.get("comparacion")
    if comparacion:
        print(
            f"Comparación con {comparacion['archivo']}: {len(comparacion['cambiadas'])} cifra(s) cambiada(s), "
            f"{len(comparacion['saltos'])} salto(s) sobre el umbral (detalle en el reporte de calidad)."
        )
    return 0


def _ruta(ruta: Path) -> str:
    """A path as typed from the current folder (relative under it, absolute elsewhere)."""
    ruta = Path(ruta).resolve()
    return str(ruta.relative_to(Path.cwd())) if ruta.is_relative_to(Path.cwd()) else str(ruta)


def _orden(cfg, *argumentos: str) -> str:
    """A next-step command that works as printed: this Python (.venv/bin/python, as in the README)."""
    python = Path(sys.executable)
    python = str(python.relative_to(Path.cwd())) if python.is_relative_to(Path.cwd()) else str(python)
    return " ".join([python, _ruta(cfg.raiz / "build_report.py"), *argumentos])


def _plantilla(cfg, args) -> int:
    from .periods import Periodo
    from .plantilla import escribir_plantilla

    periodo = Periodo.parse(args.periodo) if args.periodo else cfg.periodo.mas(1)
    destino = (Path(args.salida).resolve() if args.salida else cfg.salida) / f"plantilla-{periodo}.xlsx"
    importar = _orden(cfg, "importar", _ruta(destino))
    print(f"Libro para {periodo}: {_ruta(escribir_plantilla(cfg.datos, periodo, destino, importar))}")
    print(f"Llénelo (Excel o LibreOffice; se acepta .xlsx u .ods) y luego: {importar}")
    return 0


def _importar(cfg, args) -> int:
    from .errors import DatosError
    from .intake import importar

    if not args.archivo:
        raise DatosError(
            "importar: indique el libro, p. ej. " + _orden(cfg, "importar", "output/plantilla-2025-01.xlsx")
        )
    r = importar(
        cfg.datos, Path(args.archivo), args.reemplazar, umbral=cfg.umbral_salto, minimo=cfg.minimo_salto
    )
    if r.sin_cambios:
        print(
            f"{r.periodo}: sin cambios; el libro es igual a lo que ya había en data/ (no se escribió nada)."
        )
    else:
        print(f"Importado {r.periodo}: {len(r.tablas)} tabla(s), {sum(r.filas.values())} fila(s) en data/.")
    if r.cambios:
        print(f"Cambios frente a lo que había ({len(r.cambios)}):" + "".join(f"\n  - {c}" for c in r.cambios))
    if r.grupos:
        print(f"Advertencias ({len(r.advertencias)}); no impiden la importación, revíselas:")
    for grupo, lineas in r.grupos.items():
        print(f"  {grupo} ({len(lineas)}):" + "".join(f"\n    - {linea}" for linea in lineas))
    print(f"Siguiente paso: {_orden(cfg, '--periodo', r.periodo)}")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return ejecutar(args)
    except InformeError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrumpido: no se modificó output/.", file=sys.stderr)
        return 130
