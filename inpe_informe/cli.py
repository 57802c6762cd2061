"""Command line (Spanish): git-style actions, each one call to the package; errors → one Spanish line, exit 1.

    build_report.py [informe] [--periodo AAAA-MM] [--idioma en] [--oficina CODIGO …]
    build_report.py validar | plantilla [--periodo AAAA-MM] | importar LIBRO.xlsx [--reemplazar]
    build_report.py diccionario | traducciones

The grammar (options, Spanish argparse, the default action) is in arguments.py.
Progress is the package's log (`inpe_informe.*` loggers), shown here on stderr.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

from . import arguments
from .arguments import Accion, comunes, de_importar, de_informe, de_plantilla
from .config import leer_config
from .errors import ConfigError, InformeError


def _carpeta(valor: str | None) -> Path | None:
    """A folder named on the command line is relative to where the command runs."""
    return Path(valor).resolve() if valor else None


def _config(op: SimpleNamespace):
    return leer_config(
        Path(op.config),
        periodo=op.periodo,
        idioma=op.idioma,
        estricto=op.estricto,
        salida=_carpeta(op.salida),
        comparar_con=_carpeta(op.comparar_con),
        confirmar_periodo=op.confirmar_periodo or None,
    )


def _salida_escribible(cfg, op) -> None:
    """Refuse, before any work, an output folder the run could not write (a file, read-only, no permission).

    Nothing is created to find out: an existing folder is probed with a temporary file that
    disappears at once; a folder still to be created is judged by its nearest existing parent.
    """
    import errno
    import os
    import tempfile

    nombre = f"--salida {op.salida}" if op.salida else f"rutas.salida ({cfg.salida})"
    existente = cfg.salida
    while not existente.exists() and existente != existente.parent:
        existente = existente.parent
    if not existente.is_dir():
        raise ConfigError(
            f"{nombre}: {_ruta(existente)} es un archivo, no una carpeta; indique una carpeta con --salida."
        )
    try:
        if existente == cfg.salida:
            with tempfile.TemporaryFile(dir=existente, prefix=".prueba-escritura-"):
                pass
        elif not os.access(existente, os.W_OK | os.X_OK) or os.statvfs(existente).f_flag & os.ST_RDONLY:
            raise PermissionError(errno.EACCES, "sin permiso", str(existente))
    except OSError as exc:
        raise ConfigError(
            f"{nombre}: no se puede escribir en {_ruta(existente)} ({_causa(exc)}); "
            "indique con --salida una carpeta donde usted pueda escribir."
        ) from None


def informe(op) -> int:
    from . import layout

    cfg = _config(op)
    _salida_escribible(cfg, op)
    if op.vigilar or op.capitulo or op.oficina or op.todas_las_oficinas:
        return _otra_salida(cfg, op)
    # the layout process starts before the rest of the program is imported (~1 s): WeasyPrint's import
    # is then done by the time the first part is laid out
    with layout.maquetador_anticipado(cfg.procesos != 1):
        from . import pipeline

        resultado = pipeline.construir(cfg)
    print(resultado.pdf)
    print(resultado.calidad)
    print(resultado.resumen)  # the quality report's summary of the month, in one line
    return 0


def _otra_salida(cfg, op) -> int:
    """The live draft, a chapter's preview or the offices' extracts instead of the report."""
    from . import pipeline

    if op.vigilar:
        from .watch import vigilar

        try:
            vigilar(cfg)
        except KeyboardInterrupt:
            print("Vigilancia terminada.", file=sys.stderr)
        return 0
    if op.capitulo:
        print(pipeline.construir_vista(cfg, op.capitulo, op.solo_html))
        return 0
    if op.oficina or op.todas_las_oficinas:
        codigos = None if op.todas_las_oficinas else [c.upper() for c in op.oficina]
        for ruta in pipeline.construir_extractos(cfg, codigos):
            print(ruta)
    return 0


def validar(op) -> int:
    from .prepare import cargar_y_validar

    _tablas, hallazgos = cargar_y_validar(_config(op))
    for h in hallazgos:
        print(f"{h.severidad.upper()}: {h.texto()}")
    print(f"Validación terminada: {len(hallazgos)} advertencia(s), 0 errores.")
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


def plantilla(op) -> int:
    from .plantilla import escribir_plantilla

    cfg = _config(op)
    _salida_escribible(cfg, op)
    periodo = cfg.periodo if op.periodo else cfg.periodo.mas(1)
    destino = cfg.salida / f"plantilla-{periodo}.xlsx"
    orden_importar = _orden(cfg, "importar", _ruta(destino))
    print(f"Libro para {periodo}: {_ruta(escribir_plantilla(cfg.datos, periodo, destino, orden_importar))}")
    print(f"Llénelo (Excel o LibreOffice; se acepta .xlsx u .ods) y luego: {orden_importar}")
    return 0


def importar(op) -> int:
    from .intake import NOTAS
    from .intake import importar as incorporar
    from .locks import importacion_exclusiva

    cfg = _config(op)
    with importacion_exclusiva(cfg.datos):  # read, check and merge against data/ as no other import leaves it
        r = incorporar(
            cfg.datos, Path(op.archivo), op.reemplazar, umbral=cfg.umbral_salto, minimo=cfg.minimo_salto
        )
    if r.sin_cambios:
        print(
            f"{r.periodo}: sin cambios; el libro es igual a lo que ya había en data/ (no se escribió nada)."
        )
    else:
        print(f"Importado {r.periodo}: {len(r.tablas)} tabla(s), {sum(r.filas.values())} fila(s) en data/.")
    if r.cambios:
        print(f"Cambios frente a lo que había ({len(r.cambios)}):" + "".join(f"\n  - {c}" for c in r.cambios))
    if r.advertencias:
        print(f"Advertencias ({len(r.advertencias)}); no impiden la importación, revíselas:")
    for grupo, lineas in r.grupos.items():
        if grupo == NOTAS:
            print(f"Notas ({len(lineas)}), para leer los datos; no son problemas:")
            print("".join(f"  - {linea}\n" for linea in lineas), end="")
        else:
            print(f"  {grupo} ({len(lineas)}):" + "".join(f"\n    - {linea}" for linea in lineas))
    print(f"Siguiente paso: {_orden(cfg, '--periodo', str(r.periodo))}")
    return 0


def diccionario(op) -> int:
    from .dictionary import actualizar_diccionario

    print(f"Actualizado {actualizar_diccionario(_config(op).datos)}")
    return 0


def traducciones(op) -> int:
    from .i18n import actualizar_catalogo, leer_por_revisar

    plantillas = _config(op).plantillas
    faltan = actualizar_catalogo(plantillas)
    dudosas = leer_por_revisar(plantillas)
    print(
        f"templates/locale/en/*.po actualizado; {len(faltan)} texto(s) sin traducir o por revisar"
        + "".join(
            f"\n  - {m}"
            + (
                f"  (por revisar, #, fuzzy: su inglés «{dudosas[m].ingles}» era de «{dudosas[m].anterior}»)"
                if m in dudosas
                else ""
            )
            for m in faltan
        )
    )
    return 0


ACCIONES = {
    "informe": Accion(
        "genera el informe (acción por defecto)",
        "Genera el PDF del informe, su edición HTML, el reporte de calidad, las cifras, el anexo y el "
        "manifiesto; o, con una opción de «otras salidas», los extractos por oficina, la vista previa "
        "de un capítulo o el borrador en vivo.",
        de_informe,
        informe,
    ),
    "validar": Accion(
        "sólo revisa data/ (todas las reglas)",
        "Revisa todas las tablas de data/ y lista los hallazgos.",
        comunes,
        validar,
    ),
    "plantilla": Accion(
        "libro .xlsx en blanco para cargar un mes",
        "Escribe el libro en blanco de un mes (una hoja por tabla mensual, con sus listas y controles).",
        de_plantilla,
        plantilla,
    ),
    "importar": Accion(
        "valida un libro mensual y lo incorpora a data/",
        "Revisa todo el libro y, sólo si pasa, incorpora el mes a data/ de una vez.",
        de_importar,
        importar,
    ),
    "diccionario": Accion(
        "regenera data/README.md",
        "Regenera el diccionario de datos (data/README.md).",
        comunes,
        diccionario,
    ),
    "traducciones": Accion(
        "actualiza templates/locale/en/*.po",
        "Añade a los catálogos en inglés los textos nuevos de las plantillas y quita los que ya no se usan.",
        comunes,
        traducciones,
    ),
}


def interpretar(argv: list[str]) -> tuple[str, SimpleNamespace]:
    """(action, options) from the command line."""
    return arguments.interpretar(argv, ACCIONES)


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


_CAUSAS = {
    "ENOENT": "no existe",
    "EACCES": "sin permiso",
    "EPERM": "operación no permitida",
    "EROFS": "el disco es de sólo lectura",
    "ENOSPC": "el disco está lleno",
    "EDQUOT": "se agotó su cuota de disco",
    "EISDIR": "es una carpeta, no un archivo",
    "ENOTDIR": "una parte de la ruta es un archivo, no una carpeta",
    "EEXIST": "ya existe un archivo con ese nombre",
    "ENAMETOOLONG": "el nombre es demasiado largo",
    "EMFILE": "demasiados archivos abiertos",
    "EIO": "error de lectura o escritura del disco",
}


def _causa(exc: OSError) -> str:
    import errno

    return _CAUSAS.get(errno.errorcode.get(exc.errno or 0, ""), exc.strerror or type(exc).__name__)


def explicar_fallo(exc: BaseException) -> str:
    """Any failure as one Spanish line: what happened, to which file, and what to do."""
    if isinstance(exc, InformeError):
        return str(exc)
    if isinstance(exc, OSError):
        archivo = exc.filename
        donde = (
            f"{_ruta(Path(archivo)) if isinstance(archivo, (str, Path)) else archivo}: " if archivo else ""
        )
        return (
            f"{donde}{_causa(exc)}; revise que la ruta exista y que usted pueda leerla y escribirla "
            "(o indique otra con --salida o --config)."
        )
    if isinstance(exc, MemoryError):
        return (
            "la memoria no alcanzó; ¿un archivo de entrada o una plantilla produce algo enorme? "
            "Revise el último cambio (vuelva a correr con --depurar para ver dónde)."
        )
    if isinstance(exc, RecursionError):
        return "una definición se llama a sí misma sin fin (¿una macro recursiva?); revise el último cambio."
    return (
        f"fallo inesperado ({type(exc).__name__}: {str(exc)[:200]}); vuelva a correr con --depurar y "
        "envíe la traza a quien mantiene el programa."
    )


def _entorno_valido() -> None:
    """Environment variables the run reads, checked before any work."""
    import os

    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca is not None and not epoca.strip().isdigit():
        raise ConfigError(
            f"la variable de entorno SOURCE_DATE_EPOCH = {epoca!r} no es un número de segundos desde "
            "1970; corríjala (p. ej. SOURCE_DATE_EPOCH=1735689600) o quítela (unset SOURCE_DATE_EPOCH)."
        )


def main(argv=None) -> int:
    """Run one action; every failure a user can cause ends in one Spanish ERROR line and exit code 1.

    With --depurar the Python traceback follows that line (for whoever maintains the program).
    """
    accion, op = interpretar(list(sys.argv[1:] if argv is None else argv))
    try:
        with _avance_en_terminal(op.silencioso):
            _entorno_valido()
            return ACCIONES[accion].ejecutar(op)
    except KeyboardInterrupt:
        print("Interrumpido: no se modificó output/.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one guard at the top: no traceback reaches a user
        print(f"ERROR: {explicar_fallo(exc)}", file=sys.stderr)
        if op.depurar:
            import traceback

            traceback.print_exc(file=sys.stderr)
        return 1
