"""A folder of results kept between layouts (chart drawings, font subsets): set around a layout, bounded.

Why one piece: both kinds are looked up by a content key inside a worker process, touched when used and
pruned to the most recently used, and None means "make everything, keep nothing".
"""

from __future__ import annotations

import contextlib
from pathlib import Path


class Guardados:
    """Where a kind of kept result goes during a layout (`carpeta`, None outside one or when not kept)."""

    def __init__(self, extension: str, conservar: int):
        self.extension, self.conservar = extension, conservar
        self.carpeta: Path | None = None

    @contextlib.contextmanager
    def en(self, carpeta: Path | None):
        """Results made inside the block are kept in / taken from `carpeta` (None: not kept)."""
        anterior, self.carpeta = self.carpeta, carpeta
        try:
            yield
        finally:
            self.carpeta = anterior

    def ruta(self, clave: str) -> Path | None:
        """The entry of `clave` in the folder set by en() (None outside it)."""
        return self.carpeta / f"{clave}{self.extension}" if self.carpeta is not None else None

    def podar(self, carpeta: Path | None) -> None:
        """Keep the most recently used entries (a hit touches its file): a bounded folder."""
        if carpeta is None or not carpeta.is_dir():
            return
        entradas = []
        for ruta in carpeta.glob(f"*{self.extension}"):
            with contextlib.suppress(OSError):  # removed meanwhile by a concurrent build
                entradas.append((ruta.stat().st_mtime, ruta))
        for _, vieja in sorted(entradas, reverse=True)[self.conservar :]:
            vieja.unlink(missing_ok=True)
