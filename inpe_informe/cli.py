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
        epilog="Claves de config.yaml:\n" + AYUDA_CONFIG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("accion", nargs="?", default="informe", choices=["informe", "validar", "diccionario", "traducciones"],
                   help="informe (por defecto): genera el PDF; validar: sólo revisa data/; "
                        "diccionario: regenera data/README.md; traducciones: actualiza templates/locale/en/*.po")
    p.add_argument("--periodo", help="mes del informe, AAAA-MM (por defecto, el de config.yaml)")
    p.add_argument("--config", default="config.yaml", help="archivo de configuración (config.yaml)")
    p.add_argument("--salida", help="carpeta de salida (por defecto, rutas.salida de config.yaml)")
    p.add_argument("--estricto", action="store_true", default=None,
                   help="las advertencias de calidad detienen la generación")
    p.add_argument("--silencioso", action="store_true", help="no mostrar el avance")
    return p


def ejecutar(args) -> int:
    from . import pipeline
    from .dictionary import actualizar_diccionario
    from .i18n import actualizar_catalogo

    cfg = leer_config(Path(args.config), periodo=args.periodo, estricto=args.estricto)
    if args.salida:
        cfg.salida = Path(args.salida).resolve()
    if args.accion == "validar":
        _tablas, hallazgos = pipeline.cargar_y_validar(cfg)
        for h in hallazgos:
            print(f"{h.severidad.upper()}: {h.texto()}")
        print(f"Validación terminada: {len(hallazgos)} advertencia(s), 0 errores.")
        return 0
    if args.accion == "diccionario":
        print(f"Actualizado {actualizar_diccionario(cfg.datos)}")
        return 0
    if args.accion == "traducciones":
        faltan = actualizar_catalogo(cfg.plantillas)
        print(f"templates/locale/en/*.po actualizado; {len(faltan)} texto(s) sin traducir"
              + "".join(f"\n  - {m}" for m in faltan))
        return 0
    resultado = pipeline.construir(cfg, silencioso=args.silencioso)
    print(resultado.pdf)
    print(resultado.calidad)
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
