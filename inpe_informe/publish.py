"""Publishing a build's output set all at once: each set is a generation folder, made current by one rename.

    output/
      informe-tratamiento-2024-12.pdf  → .conjuntos/informe-tratamiento-2024-12/actual/informe-tratamiento-2024-12.pdf
      … one link per file of the set (PDF, HTML, quality report, figures JSON, annex, CSV zip, manifest)
      .conjuntos/informe-tratamiento-2024-12/
        actual → g0007      the pointer, replaced by one rename: the commit
        g0007/              the published set

A reader opens output/<file>, which resolves through `actual` at that moment, so every
file it reads belongs to the previous set or to the new one, never a mix, and the manifest
always describes the PDF beside it. The new set is staged in a temporary folder beside
the generations; a kill or a full disk before the pointer moves leaves the previous set,
after it the new one. Leftovers (a staging folder, a generation never pointed to, the
replaced one) are removed under the output folder's lock (run.turno) by the next run.
Files an earlier version wrote as plain files become generation g0000 first (hard links,
so nothing visible changes), then links.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from . import atomic, faults

CONJUNTOS = ".conjuntos"
PUNTERO = "actual"
_GENERACION = re.compile(r"^g(\d{4,})$")


def publicar(salida: Path, conjunto: str, archivos: dict[str, bytes]) -> list[Path]:
    """Publish `archivos` (file name → content) as the set `conjunto` of `salida`, all or nothing.

    Call it holding the output folder's lock. Returns the paths readers open.
    """
    raiz = Path(salida) / CONJUNTOS / conjunto
    creadas = atomic.crear_carpeta(raiz)
    preparada = atomic.temporal_para(raiz / "g")
    try:
        _adoptar_sueltos(salida, raiz, archivos)
        preparada.mkdir()
        for nombre, contenido in archivos.items():
            atomic.escribir_nuevo(preparada / nombre, contenido)
            faults.punto("publicacion.archivo")
        atomic.sincronizar_carpeta(preparada)
        generacion = raiz / f"g{_ultima(raiz) + 1:04d}"
        os.rename(preparada, generacion)
        faults.punto("publicacion.generacion")
        _apuntar(raiz, generacion.name)
    except BaseException as exc:
        atomic.quitar(preparada)
        atomic.quitar_vacias(creadas)
        if isinstance(exc, OSError):
            queda = (
                "las salidas anteriores siguen completas, como estaban."
                if (raiz / PUNTERO).is_symlink()
                else "no quedó ninguna salida a medias."
            )
            raise atomic.error_de_escritura(exc, salida, f"No se publicó nada: {queda}") from exc
        raise
    faults.punto("publicacion.apuntado")
    _enlazar(Path(salida), conjunto, archivos)
    faults.punto("publicacion.enlazado")
    _podar(raiz)
    return [Path(salida) / nombre for nombre in archivos]


def _ultima(raiz: Path) -> int:
    numeros = [int(m.group(1)) for p in raiz.iterdir() if (m := _GENERACION.match(p.name))]
    return max(numeros, default=-1)


def _enlace(destino: Path, objetivo: str) -> None:
    """Make `destino` a symbolic link to `objetivo`, replacing whatever is there in one rename."""
    if destino.is_symlink() and os.readlink(destino) == objetivo:
        return
    temporal = atomic.temporal_para(destino)
    os.symlink(objetivo, temporal)
    try:
        os.replace(temporal, destino)
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise


def _apuntar(raiz: Path, generacion: str) -> None:
    """The commit: `actual` points to the new generation (one rename, made durable)."""
    _enlace(raiz / PUNTERO, generacion)
    atomic.sincronizar_carpeta(raiz)


def _objetivo(conjunto: str, nombre: str) -> str:
    return os.path.join(CONJUNTOS, conjunto, PUNTERO, nombre)


def _enlazar(salida: Path, conjunto: str, archivos: dict[str, bytes]) -> None:
    """output/<file> → the current generation's file, for every file of the set (made once, then kept)."""
    for nombre in archivos:
        _enlace(salida / nombre, _objetivo(conjunto, nombre))
    prefijo = _objetivo(conjunto, "")
    for ruta in salida.iterdir():  # files the set no longer has
        if ruta.is_symlink() and os.readlink(ruta).startswith(prefijo) and not ruta.exists():
            ruta.unlink()
    atomic.sincronizar_carpeta(salida)


def _adoptar_sueltos(salida: Path, raiz: Path, archivos: dict[str, bytes]) -> None:
    """Plain files of the set (from an earlier version) become generation g0000, then links: no visible change."""
    sueltos = [n for n in archivos if (salida / n).is_file() and not (salida / n).is_symlink()]
    if not sueltos or (raiz / PUNTERO).is_symlink():
        return
    preparada = atomic.temporal_para(raiz / "g")
    preparada.mkdir()
    for nombre in sueltos:
        try:
            os.link(salida / nombre, preparada / nombre)
        except OSError:
            shutil.copy2(salida / nombre, preparada / nombre)
    os.rename(preparada, raiz / "g0000")
    _apuntar(raiz, "g0000")
    _enlazar(salida, raiz.name, dict.fromkeys(sueltos, b""))


def _podar(raiz: Path) -> None:
    """Remove this set's generations other than the current one (all, if none is), and staging leftovers."""
    actual = os.readlink(raiz / PUNTERO) if (raiz / PUNTERO).is_symlink() else None
    for ruta in raiz.iterdir():
        if _GENERACION.match(ruta.name) and ruta.name != actual:
            shutil.rmtree(ruta, ignore_errors=True)
    atomic.limpiar_restos(raiz)


def recuperar(salida: Path) -> None:
    """Tidy every set of the output folder after a killed run (call holding the folder's lock)."""
    with contextlib.suppress(FileNotFoundError):
        for raiz in (Path(salida) / CONJUNTOS).iterdir():
            if raiz.is_dir() and not raiz.is_symlink():
                _podar(raiz)
