"""Run bookkeeping: one build at a time per output folder, a log file per run, and the run manifest.

Not a pipeline stage: it wraps one (`corrida`). The lock makes concurrent builds take
turns (locks.py), and the report's outputs are published as one set (publish.py), so
outputs of two runs never mix; the log says what was read, checked, produced and how
long each stage took; the manifest proves which inputs made which outputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import platform
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from importlib import metadata
from pathlib import Path

from . import atomic, locks, publish
from .errors import InformeError

log = logging.getLogger(__name__)

PAQUETES = (
    "weasyprint",
    "pydyf",
    "matplotlib",
    "pandas",
    "jinja2",
    "babel",
    "pyyaml",
    "openpyxl",
    "fonttools",
)


CANDADO_SALIDA = ".informe.lock"


@contextlib.contextmanager
def turno(carpeta: Path):
    """Hold <carpeta>/.informe.lock for the whole build; a second build waits for its turn.

    Once the lock is held, what killed runs of this tool left (its own temporary files,
    staging folders, generations never published) is removed; nobody else's files.
    A run that fails takes back the folders it created (if still empty); the lock file
    goes with the lock.
    """
    creadas = atomic.crear_carpeta(carpeta)
    try:
        with locks.exclusivo(
            carpeta / CANDADO_SALIDA,
            "Otra generación está escribiendo en esta carpeta de salida; esperando su turno …",
            f"Otra generación sigue escribiendo en {carpeta} después de {locks.ESPERA_MAXIMA // 60} "
            "minutos; no se generó nada. Vuelva a intentarlo cuando termine.",
        ):
            atomic.limpiar_restos(carpeta)
            publish.recuperar(carpeta)
            yield
    except BaseException:
        atomic.quitar_vacias(creadas)
        raise


def carpeta_propia(carpeta: Path) -> bool:
    """A folder the tool may leave its run logs in: new, empty (hidden files aside), or already holding them."""
    if not carpeta.is_dir() or (carpeta / "registros").is_dir():
        return True
    try:
        return not any(not p.name.startswith(".") for p in carpeta.iterdir())
    except OSError:  # unreadable: as before, the run decides when it tries to write
        return True


class _ArchivoDeRegistro(logging.FileHandler):
    """The run log's file: a full disk must not print logging's traceback over the Spanish message."""

    def handleError(self, record):
        self.fallido = True

    def close(self):
        try:
            super().close()
        except OSError:  # what could not be flushed to a full disk
            self.fallido = True


class Registro:
    """Log file of one run (output/registros/<informe>-<fecha>.log) plus stage timings.

    Its lines go to the `inpe_informe.registro` logger, which does not propagate: the
    file has the run's details, the terminal only the progress (module loggers).
    A process writes one run log at a time (builds take turns).
    """

    logger = logging.getLogger("inpe_informe.registro")
    logger.setLevel(logging.INFO)
    logger.propagate = False

    def __init__(self, carpeta: Path, nombre: str):
        carpeta.mkdir(parents=True, exist_ok=True)
        marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.ruta = carpeta / f"{nombre}-{marca}.log"
        self._manejador = _ArchivoDeRegistro(self.ruta, encoding="utf-8")
        self._manejador.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        self.logger.addHandler(self._manejador)
        self.tiempos: dict[str, float] = {}
        self.inicio = time.perf_counter()

    def info(self, mensaje: str):
        self.logger.info(mensaje)

    def error(self, mensaje: str):
        self.logger.error(mensaje)

    @contextlib.contextmanager
    def etapa(self, nombre: str):
        """Time one stage and log its duration."""
        inicio = time.perf_counter()
        self.info(f"etapa «{nombre}»: inicio")
        try:
            yield
        finally:
            self.tiempos[nombre] = time.perf_counter() - inicio
            self.info(f"etapa «{nombre}»: {self.tiempos[nombre]:.2f} s")

    def transcurrido(self) -> float:
        """Seconds since the run log was opened."""
        return time.perf_counter() - self.inicio

    def escrito(self, ruta: Path) -> Path:
        """Record an output written by the run."""
        self.info(f"escrito {ruta} ({ruta.stat().st_size:,} bytes)")
        return ruta

    def cerrar(self):
        self.logger.removeHandler(self._manejador)
        self._manejador.close()

    def descartar(self):
        """Remove this run's log, and registros/ if it is left empty (a failed run in a foreign folder)."""
        self.cerrar()
        self.ruta.unlink(missing_ok=True)
        atomic.quitar_vacias([self.ruta.parent])

    def __enter__(self) -> Registro:
        return self

    def __exit__(self, *_exc) -> None:
        self.cerrar()


@contextlib.contextmanager
def corrida(salida: Path, nombre: str):
    """The frame of every build: the output folder's turn, the run log, stage timings, errors logged.

    Yields the Registro; on the way out the log gets the stage timings, or the error
    that interrupted the run (which then propagates). A failed run leaves its log only in
    a folder of the tool's (new, empty, or with registros/): never in someone else's, e.g. /.
    """
    propia = carpeta_propia(salida)
    with turno(salida), Registro(salida / "registros", nombre) as registro:
        try:
            yield registro
        except BaseException as exc:
            registro.error(f"generación interrumpida: {type(exc).__name__}: {exc}")
            if not propia:
                registro.descartar()
            raise
        registro.info(
            "tiempos por etapa: " + ", ".join(f"{k} {v:.2f} s" for k, v in registro.tiempos.items())
        )


def escribir(registro: Registro, destino: Path, contenido: bytes) -> Path:
    """Write one output atomically (a full disk leaves the previous file) and record it in the run log."""
    try:
        atomic.escribir_atomico(destino, contenido)
    except OSError as exc:
        raise atomic.error_de_escritura(
            exc, destino.parent, f"No se escribió {destino.name}; la versión anterior sigue completa."
        ) from exc
    return registro.escrito(destino)


def publicar(cfg, nombre: str, contenidos: dict[str, bytes], entradas: dict[str, str], registro: Registro):
    """Publish the report's outputs (`nombre` + suffix) and the manifest that records them, as one set.

    `entradas` are the hashes of data/ as it was read (locks.leer_datos). See publish.py.
    """
    archivos = {f"{nombre}{sufijo}": c for sufijo, c in contenidos.items()}
    archivos[f"{nombre}-manifiesto.json"] = manifiesto(cfg, entradas, archivos).encode("utf-8")
    return [registro.escrito(ruta) for ruta in publish.publicar(cfg.salida, nombre, archivos)]


def huellas_de_entradas(datos: Path, raiz: Path) -> dict[str, str]:
    """Hash of every file of data/ (paths relative to the project): the inputs a run read."""
    return {
        str(p.relative_to(raiz)) if p.is_relative_to(raiz) else str(p): huella(p)
        for p in sorted(Path(datos).rglob("*"))
        if p.is_file() and not atomic.es_auxiliar(p) and not p.name.endswith(".tmp")
    }


def huella(ruta: Path) -> str:
    return hashlib.sha256(Path(ruta).read_bytes()).hexdigest()


def _archivos(carpeta: Path, raiz: Path) -> dict[str, str]:
    return {
        str(p.relative_to(raiz)): huella(p)
        for p in sorted(Path(carpeta).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".tmp")
    }


def _versiones() -> dict[str, str]:
    versiones = {"python": sys.version.split()[0], "plataforma": platform.platform()}
    for paquete in PAQUETES:
        try:
            versiones[paquete] = metadata.version(paquete)
        except metadata.PackageNotFoundError:
            versiones[paquete] = "no instalado"
    try:
        versiones["inpe-informe"] = metadata.version("inpe-informe")
    except metadata.PackageNotFoundError:
        pass
    return versiones


def manifiesto(cfg, entradas: dict[str, str], salidas: dict[str, bytes]) -> str:
    """JSON record of a run: resolved config, hash of every input and template, versions, output hashes.

    No timestamps: two runs of the same inputs give the same manifest.
    """
    raiz = cfg.raiz
    config = {}
    for campo in fields(cfg):
        valor = getattr(cfg, campo.name)
        if campo.name != "raiz":
            config[campo.name] = (
                str(valor.relative_to(raiz))
                if isinstance(valor, Path) and valor.is_relative_to(raiz)
                else None
                if valor is None
                else valor
                if isinstance(valor, (bool, int, float))
                else str(valor)
            )
    registro = {
        "configuracion": config,
        "entradas": dict(sorted(entradas.items())),
        "plantillas": _archivos(
            cfg.plantillas, raiz if cfg.plantillas.is_relative_to(raiz) else cfg.plantillas
        ),
        "versiones": _versiones(),
        "salidas": {nombre: hashlib.sha256(c).hexdigest() for nombre, c in salidas.items()},
    }
    return json.dumps(registro, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def morir_con_el_padre(padre: int) -> None:
    """Worker initializer: a build killed mid-way (Ctrl+C, SIGKILL) must not leave its workers behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # other systems: best effort
    if os.getppid() != padre:  # the parent died before prctl
        os._exit(1)


def grupo_de_procesos(procesos: int) -> ProcessPoolExecutor:
    """Forked workers (they inherit the prepared job, closures included) that never outlive the build."""
    return ProcessPoolExecutor(
        procesos,
        mp_context=multiprocessing.get_context("fork"),
        initializer=morir_con_el_padre,
        initargs=(os.getpid(),),
    )


def responder(conexion, funcion, *argumentos) -> None:
    """Send (True, funcion(*argumentos)) through `conexion` to the build, or (False, the error it raised)."""
    try:
        conexion.send((True, funcion(*argumentos)))
    except BaseException as error:  # noqa: BLE001 - every error goes back to the build, which reports it
        try:
            conexion.send((False, error))
        except Exception:  # one that cannot travel travels as its message, an unexpected failure
            conexion.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


@contextlib.contextmanager
def al_lado(funcion, *argumentos, paralelo: bool = True):
    """funcion(*argumentos) computed in a forked process while the with-block runs on this one.

    The block receives a callable that waits for the result (or raises the error the process met). The
    process inherits everything prepared (no pickling of the arguments) and never outlives the build; a
    block that fails stops it. With paralelo=False (rendimiento.procesos: 1) it runs here, before the block.
    """
    if not paralelo or "fork" not in multiprocessing.get_all_start_methods():
        valor = funcion(*argumentos)
        yield lambda: valor
        return
    contexto = multiprocessing.get_context("fork")
    recibe, envia = contexto.Pipe(duplex=False)
    padre = os.getpid()

    def hijo():
        morir_con_el_padre(padre)
        responder(envia, funcion, *argumentos)

    proceso = contexto.Process(target=hijo, daemon=True)
    proceso.start()
    envia.close()
    recibido: list = []

    def resultado():
        if not recibido:
            try:
                recibido.append(recibe.recv())
            except EOFError:
                recibido.append(
                    (False, InformeError("Un proceso de la generación terminó sin terminar su parte."))
                )
            proceso.join()
        bien, valor = recibido[0]
        if not bien:
            raise valor
        return valor

    try:
        yield resultado
    finally:
        if proceso.is_alive():
            proceso.kill()
        proceso.join()
        recibe.close()
