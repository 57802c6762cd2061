"""Locks on the folders runs share: one writer at a time (output folder, data/), readers wait for data/'s writer.

A lock is `fcntl.flock` on a file in the folder it protects. The kernel releases it when
the process ends however it ends (a kill included), so a lock is never left held. The
file exists only while it is held: it is removed on release (a waiter that then holds
the removed file notices and takes the new one), so a run leaves no lock behind unless
it was killed, and a killed run's lock file is simply taken by the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from pathlib import Path

from . import atomic
from .errors import DatosError, OcupadoError

log = logging.getLogger(__name__)

ESPERA_MAXIMA = 30 * 60  # seconds a run waits for another before giving up
CANDADO_DATOS = ".importar.lock"
_SONDEO = 0.2


def _mismo_archivo(fd: int, ruta: Path) -> bool:
    try:
        actual = os.stat(ruta)
    except FileNotFoundError:
        return False
    propio = os.fstat(fd)
    return (actual.st_dev, actual.st_ino) == (propio.st_dev, propio.st_ino)


def _tomar(ruta: Path, modo: int, esperando: str, ocupado: str, espera: float, crear: bool) -> int | None:
    """The fd holding the lock; None when `crear` is False and nobody holds it (no file)."""
    limite, avisado = time.monotonic() + espera, False
    while True:
        try:
            fd = os.open(ruta, (os.O_RDWR | os.O_CREAT if crear else os.O_RDONLY) | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            if crear:
                raise atomic.error_de_escritura(exc, ruta.parent, "No se modificó nada.") from exc
            return None  # no writer (no file), or one we may not read: nothing to wait for
        try:
            while True:
                try:
                    fcntl.flock(fd, modo | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not avisado:
                        log.info(esperando)
                        avisado = True
                    if time.monotonic() > limite:
                        raise OcupadoError(ocupado) from None
                    time.sleep(_SONDEO)
            if _mismo_archivo(fd, ruta):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed it as we waited: take the current one


@contextlib.contextmanager
def exclusivo(ruta: Path, esperando: str, ocupado: str, espera: float = ESPERA_MAXIMA):
    """Hold the exclusive lock `ruta` (created if missing, removed on release); log `esperando` while waiting.

    Gives up with OcupadoError(`ocupado`) after `espera` seconds.
    """
    fd = _tomar(Path(ruta), fcntl.LOCK_EX, esperando, ocupado, espera, crear=True)
    try:
        yield
    finally:
        Path(ruta).unlink(missing_ok=True)  # still held: nobody can take this file in between
        os.close(fd)


@contextlib.contextmanager
def compartido_si_existe(ruta: Path, esperando: str, ocupado: str, espera: float = ESPERA_MAXIMA):
    """Wait for the writer holding `ruta`, then hold it shared (readers never create the file).

    Yields whether there was a lock file to hold (none: no writer at the time).
    """
    fd = _tomar(Path(ruta), fcntl.LOCK_SH, esperando, ocupado, espera, crear=False)
    try:
        yield fd is not None
    finally:
        if fd is not None:
            os.close(fd)


@contextlib.contextmanager
def importacion_exclusiva(datos: Path, espera: float = ESPERA_MAXIMA):
    """data/ for one import at a time; a second waits («Esperando a que termine otra importación …»).

    Once held, an import a killed process had committed is finished (atomic.recuperar).
    """
    with exclusivo(
        Path(datos) / CANDADO_DATOS,
        "Esperando a que termine otra importación en data/ …",
        f"Otra importación sigue escribiendo en {datos} después de {espera / 60:g} minuto(s); "
        "no se modificó nada. Vuelva a importar cuando termine (o revise si quedó un proceso detenido).",
        espera,
    ):
        if atomic.recuperar(datos):
            log.warning("Se completó una importación anterior que se había interrumpido mientras escribía.")
        yield


def leer_datos(datos: Path, leer):
    """Run `leer()` (a build reading data/) while no import is writing data/, and return its result.

    With no import running there is no lock file to hold: if one appeared while we read,
    an import began meanwhile and may have renamed files under us, so read again under it.
    """
    datos = Path(datos)
    tenido, resultado = _leer_compartido(datos, leer)
    if tenido or not (datos / CANDADO_DATOS).exists():
        return resultado
    return _leer_compartido(datos, leer)[1]


def _leer_compartido(datos: Path, leer) -> tuple[bool, object]:
    ocupado = f"Una importación sigue escribiendo en {datos}; no se generó nada. Vuelva a intentarlo."
    esperando = "Esperando a que termine una importación en data/ …"
    with compartido_si_existe(datos / CANDADO_DATOS, esperando, ocupado) as tenido:
        if atomic.a_medias(datos):
            raise DatosError(
                f"{datos}: una importación se interrumpió mientras escribía (queda {atomic.DIARIO}); "
                "data/ no se lee a medias. Vuelva a importar su libro («build_report.py importar LIBRO.xlsx»): "
                "primero se completa la importación interrumpida."
            )
        return tenido, leer()
