"""Files a reader never sees half-written: one file replaced atomically, or several replaced together.

Every temporary file or folder this tool makes is named after its destination, the tool
and its process (`.<nombre>.<pid>-<azar>.inpe.tmp`). It is created with the mode the
umask gives (never mkstemp's 0600), removed by its own process on any error, and, when a
process was killed, recognised by that name (and its dead pid) and removed by the next
run. Nobody else's files are ever removed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from . import faults
from .errors import EscrituraError

_TEMPORAL = re.compile(r"^\..*\.(\d+)-[0-9a-f]{8}\.inpe\.tmp$")
DIARIO = ".importacion.inpe-diario.json"  # data/'s journal: the commit point of a set of replacements

_CAUSAS = {
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EDQUOT: "se agotó la cuota de disco",
    errno.EROFS: "el disco es de sólo lectura",
    errno.EACCES: "no hay permiso de escritura",
    errno.EPERM: "no hay permiso de escritura",
}


def temporal_para(destino: Path) -> Path:
    """A fresh temporary name beside `destino`, recognisable as this tool's and this process's."""
    return destino.with_name(f".{destino.name}.{os.getpid()}-{secrets.token_hex(4)}.inpe.tmp")


def es_auxiliar(ruta: Path) -> bool:
    """A temporary file, lock or journal of this tool (never an input or an output)."""
    nombre = Path(ruta).name
    return bool(_TEMPORAL.match(nombre)) or nombre == DIARIO or nombre.endswith(".lock")


def _vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def limpiar_restos(carpeta: Path, recursivo: bool = False) -> list[Path]:
    """Remove what killed runs of this tool left in `carpeta`: its own temporary names, of dead processes."""
    quitados = []
    candidatos = Path(carpeta).rglob("*.inpe.tmp") if recursivo else Path(carpeta).glob(".*.inpe.tmp")
    for ruta in list(candidatos):
        coincide = _TEMPORAL.match(ruta.name)
        if not coincide or int(coincide.group(1)) == os.getpid() or _vivo(int(coincide.group(1))):
            continue
        quitar(ruta)
        quitados.append(ruta)
    return quitados


def quitar(ruta: Path) -> None:
    """Remove a file or folder of ours, whatever state it is in."""
    if ruta.is_dir() and not ruta.is_symlink():
        shutil.rmtree(ruta, ignore_errors=True)
    else:
        ruta.unlink(missing_ok=True)


def crear_carpeta(carpeta: Path) -> list[Path]:
    """mkdir -p, returning the folders it created (outermost first) so a failed run can take them back."""
    carpeta = Path(carpeta)
    faltan = [p for p in [carpeta, *carpeta.parents] if not p.exists()][::-1]
    carpeta.mkdir(parents=True, exist_ok=True)
    return faltan


def quitar_vacias(carpetas: list[Path]) -> None:
    """Remove the folders a failed run created, innermost first, if nothing else was put in them."""
    for carpeta in reversed(carpetas):
        with contextlib.suppress(OSError):
            carpeta.rmdir()


def sincronizar_carpeta(carpeta: Path) -> None:
    """Make renames in `carpeta` durable (a power cut after the call keeps them)."""
    with contextlib.suppress(OSError):
        fd = os.open(carpeta, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _heredar(fd: int, previo: os.stat_result) -> None:
    """Give a replacement the replaced file's owner, group and mode (as far as this user may)."""
    for dueno in (previo.st_uid, -1):
        try:
            os.fchown(fd, dueno, previo.st_gid)
            break
        except PermissionError:
            continue
    os.fchmod(fd, previo.st_mode & 0o7777)


def escribir_nuevo(ruta: Path, contenido, durable: bool = True, heredar: os.stat_result | None = None):
    """Create `ruta` (it must not exist) with the umask's mode, or the mode of `heredar`, and fill it.

    `contenido` is bytes or a function that writes to the open file.
    """
    fd = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            if heredar is not None:
                _heredar(fh.fileno(), heredar)
            contenido(fh) if callable(contenido) else fh.write(contenido)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
    except BaseException:
        ruta.unlink(missing_ok=True)
        raise


def escribir_atomico(
    destino: Path, contenido: bytes | Callable, durable: bool = True, conservar_modo: bool = False
) -> Path:
    """Write through a temporary file in the same folder, then rename: never a half-written file.

    A new file gets the umask's mode; with `conservar_modo` a replaced file keeps its mode,
    owner and group (data/ files the team shares). `durable=False` skips fsync (caches).
    """
    destino = Path(destino)
    destino.parent.mkdir(parents=True, exist_ok=True)
    previo = _stat(destino) if conservar_modo else None
    temporal = temporal_para(destino)
    try:
        escribir_nuevo(temporal, contenido, durable, previo)
        os.replace(temporal, destino)
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise
    return destino


def _stat(ruta: Path) -> os.stat_result | None:
    try:
        return os.stat(ruta)
    except FileNotFoundError:
        return None


def reemplazar_juntos(carpeta: Path, archivos: dict[Path, bytes]) -> None:
    """Replace several files under `carpeta` so that all change or none, even if the process is killed.

    Each new content goes to a temporary file beside its destination (keeping the old file's
    mode and group); a journal listing the renames is then committed (itself atomically) and
    the renames follow. Before the journal exists a failure or a kill changes nothing; after
    it, `recuperar` (the next import) finishes the renames.
    """
    carpeta = Path(carpeta)
    temporales: dict[Path, Path] = {}
    try:
        for destino, contenido in archivos.items():
            destino.parent.mkdir(parents=True, exist_ok=True)
            temporales[destino] = temporal_para(destino)
            escribir_nuevo(temporales[destino], contenido, heredar=_stat(destino))
            faults.punto("datos.temporal")
        pares = {str(t.relative_to(carpeta)): str(d.relative_to(carpeta)) for d, t in temporales.items()}
        escribir_atomico(carpeta / DIARIO, json.dumps(pares, indent=1).encode("utf-8"))
    except BaseException:
        for temporal in temporales.values():
            temporal.unlink(missing_ok=True)
        raise
    faults.punto("datos.diario")
    _aplicar_diario(carpeta)


def _aplicar_diario(carpeta: Path) -> None:
    diario = carpeta / DIARIO
    pares = json.loads(diario.read_text(encoding="utf-8"))
    for temporal, destino in pares.items():
        if (carpeta / temporal).exists():
            os.replace(carpeta / temporal, carpeta / destino)
            faults.punto("datos.renombrado")
    for padre in {(carpeta / d).parent for d in pares.values()}:
        sincronizar_carpeta(padre)
    diario.unlink()
    sincronizar_carpeta(carpeta)


def recuperar(carpeta: Path) -> bool:
    """Finish a replacement a killed process had committed; remove its uncommitted temporary files.

    Returns True when an interrupted replacement was completed.
    """
    completada = (Path(carpeta) / DIARIO).exists()
    if completada:
        _aplicar_diario(Path(carpeta))
    limpiar_restos(carpeta, recursivo=True)
    return completada


def a_medias(carpeta: Path) -> bool:
    """True when a replacement was committed but not finished (data/ would be read half old, half new)."""
    return (Path(carpeta) / DIARIO).exists()


def error_de_escritura(exc: OSError, donde: Path, queda: str) -> EscrituraError:
    """The Spanish message for a write that failed: where, why, and what was left as it was."""
    causa = _CAUSAS.get(exc.errno, exc.strerror or str(exc))
    return EscrituraError(f"No se pudo escribir en {donde}: {causa}. {queda}")
