"""Command-line grammar: each action's options, the default action, argparse speaking Spanish (cli.py runs them).

Without an action the report is built (`informe`): its options are also the main
parser's, so `build_report.py --periodo 2024-09` keeps working. `--config` and
`--silencioso` go before or after the action. A usage error is one Spanish line, exit 1.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import NamedTuple

from .config import IDIOMAS, ayuda_claves

PROG = "build_report.py"
DEFECTOS = {
    "config": "config.yaml",
    "silencioso": False,
    "periodo": None,
    "idioma": None,
    "estricto": None,
    "salida": None,
    "comparar_con": None,
    "oficina": None,
    "todas_las_oficinas": False,
    "capitulo": None,
    "solo_html": False,
    "vigilar": False,
    "archivo": None,
    "reemplazar": False,
    "confirmar_periodo": False,
    "depurar": False,
}

# argparse's own messages (it calls gettext at run time): the ones a user of this command can meet
_ESPANOL = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "the following arguments are required: %s": "falta indicar: %s",
    "expected one argument": "falta su valor",
    "expected at most one argument": "admite a lo sumo un valor",
    "expected at least one argument": "requiere al menos un valor",
    "expected %s argument": "requiere %s valor",
    "expected %s arguments": "requiere %s valores",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "valor no válido: %(value)r (posibles: %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se admite junto con %s",
    "ignored explicit argument %r": "no admite valor: %r",
    "one of the arguments %s is required": "indique una de estas opciones: %s",
}


@contextlib.contextmanager
def _argparse_en_espanol():
    anteriores = argparse._, argparse.ngettext
    argparse._ = lambda texto: _ESPANOL.get(texto, texto)
    argparse.ngettext = lambda uno, varios, n: argparse._(uno if n == 1 else varios)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = anteriores


class _Parser(argparse.ArgumentParser):
    """A usage error is one Spanish line and exit code 1, like every other error of the command."""

    def error(self, message):
        self.exit(1, f"ERROR: {message} (ayuda: {self.prog} --help)\n")


def comunes(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="ARCHIVO", help="archivo de configuración (por defecto, config.yaml)")
    p.add_argument("--silencioso", action="store_true", help="no mostrar el avance (sólo los problemas)")
    p.add_argument(
        "--depurar",
        action="store_true",
        help="ante un error, muestra además la traza de Python (para quien mantiene el programa)",
    )


def _confirmar_periodo(p) -> None:
    p.add_argument(
        "--confirmar-periodo",
        action="store_true",
        help="acepta un --periodo posterior al mes siguiente a hoy (sin ella, se rechaza como error de tipeo)",
    )


def de_informe(p: argparse.ArgumentParser, titulo: str | None = None) -> None:
    principal = p.add_argument_group(titulo) if titulo else p
    principal.add_argument(
        "--periodo", metavar="AAAA-MM", help="mes del informe, AAAA-MM (por defecto, el de config.yaml)"
    )
    _confirmar_periodo(principal)
    principal.add_argument(
        "--idioma",
        choices=IDIOMAS,
        help="edición: es (por defecto; títulos también en inglés) o en (todo en inglés)",
    )
    principal.add_argument(
        "--salida", metavar="CARPETA", help="carpeta de salida (por defecto, rutas.salida de config.yaml)"
    )
    principal.add_argument(
        "--estricto",
        action="store_true",
        help="un error o una advertencia del mes que se publica detiene la generación (revisión antes de publicar)",
    )
    principal.add_argument(
        "--comparar-con",
        metavar="CARPETA",
        help="compara las cifras con las de una generación anterior guardada en CARPETA",
    )
    otras = p.add_argument_group("otras salidas (en lugar del informe completo)")
    otras.add_argument(
        "--oficina",
        metavar="CODIGO",
        action="append",
        help="genera el extracto de una oficina regional (p. ej. NORTE); se puede repetir",
    )
    otras.add_argument(
        "--todas-las-oficinas",
        action="store_true",
        help="genera los extractos de las ocho oficinas regionales",
    )
    otras.add_argument(
        "--capitulo",
        type=int,
        action="append",
        metavar="N",
        help="vista previa rápida de un capítulo (se puede repetir): sólo sus páginas",
    )
    otras.add_argument(
        "--solo-html",
        action="store_true",
        help="con --capitulo: actualiza sólo la edición HTML (sin PDF), para ver un cambio de redacción al instante",
    )
    otras.add_argument(
        "--vigilar",
        action="store_true",
        help="modo en vivo para editores: rehace un borrador del PDF (…-borrador.pdf) cada vez que se "
        "guarda una plantilla o un dato; sólo se vuelven a maquetar los capítulos que cambiaron",
    )
    comunes(principal)


def de_plantilla(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--periodo", metavar="AAAA-MM", help="mes del libro (por defecto, el siguiente al de config.yaml)"
    )
    _confirmar_periodo(p)
    p.add_argument("--salida", metavar="CARPETA", help="carpeta donde se escribe (por defecto, rutas.salida)")
    comunes(p)


def de_importar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "archivo", metavar="LIBRO.xlsx", help="libro mensual lleno (de «build_report.py plantilla»)"
    )
    p.add_argument(
        "--reemplazar",
        action="store_true",
        help="reemplaza un mes que ya está en data/ (muestra los cambios)",
    )
    comunes(p)


CLAVES_CONFIG = "Claves de config.yaml:\n" + ayuda_claves()


class Accion(NamedTuple):
    linea: str  # in the main help's list of actions
    descripcion: str  # at the top of the action's own help
    opciones: Callable  # adds the action's options to its parser
    ejecutar: Callable  # options → exit code


def _parser(acciones: dict[str, Accion]) -> tuple[argparse.ArgumentParser, dict[str, set[str]]]:
    """The main parser (the report's options, as `informe` is the default) and each action's option names."""
    formato = dict(formatter_class=argparse.RawDescriptionHelpFormatter, argument_default=argparse.SUPPRESS)
    p = _Parser(
        prog=PROG,
        usage=f"{PROG} [ACCIÓN] [opciones …]",
        description="Genera el Informe Estadístico de Tratamiento Penitenciario (PDF y reporte de calidad).\n"
        f"Sin ACCIÓN, genera el informe: «{PROG} --periodo 2024-09» = «{PROG} informe --periodo 2024-09».",
        epilog=f"Ayuda de cada acción: {PROG} ACCIÓN --help\n\n{CLAVES_CONFIG}",
        **formato,
    )
    subparsers = p.add_subparsers(title="acciones", metavar="ACCIÓN", dest="accion")
    propias = {}
    for nombre, accion in acciones.items():
        sub = subparsers.add_parser(
            nombre,
            prog=f"{PROG} {nombre}",
            help=accion.linea,
            description=accion.descripcion,
            epilog=CLAVES_CONFIG if nombre == "informe" else None,
            **formato,
        )
        accion.opciones(sub)
        propias[nombre] = {a.dest for a in sub._actions}  # noqa: SLF001 (argparse has no public list)
    de_informe(p, "opciones de «informe», la acción por defecto")
    return p, propias


def interpretar(argv: list[str], acciones: dict[str, Accion]) -> tuple[str, SimpleNamespace]:
    """(action, options) from the command line; an option of the report given before another action is an error."""
    with _argparse_en_espanol():
        parser, propias = _parser(acciones)
        dadas = vars(parser.parse_args(argv))
    accion = dadas.pop("accion", None) or "informe"
    ajenas = sorted(set(dadas) - propias[accion])
    if ajenas:
        opciones = ", ".join("--" + o.replace("_", "-") for o in ajenas)
        parser.error(f"{opciones}: no es una opción de «{accion}»")
    return accion, SimpleNamespace(**{**DEFECTOS, **dadas})
