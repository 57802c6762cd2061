"""Font subsets made once: the subset of an embedded font kept on disk by everything that makes it.

Why: every part of the report embeds its own subset of each font, and WeasyPrint makes it with fontTools
(HarfBuzz-Subset is not installed here): ~0.1 s per font and part, half a second for a chapter laid out
again after an edited sentence, whose glyphs are almost always the ones it had. The key holds the font
file, the glyphs kept, the options and the timestamp fontTools writes (SOURCE_DATE_EPOCH), so a kept
subset is the one fontTools would make, byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from . import atomic, guardados

# set around a layout; kept: the most recently used (parts × fonts of a few editions)
GUARDADOS = guardados.Guardados(".fuente", conservar=600)
guardados_en, podar = GUARDADOS.en, GUARDADOS.podar


def instalar() -> None:
    """Wrap WeasyPrint's fontTools subsetting (idempotent, once per process)."""
    from weasyprint.pdf.fonts import Font

    if getattr(Font._fonttools_subset, "guardado", False):
        return
    original = Font._fonttools_subset

    def _fonttools_subset(self, to_unicode, hinting):
        carpeta = GUARDADOS.carpeta
        if carpeta is None:
            return original(self, to_unicode, hinting)
        ruta = GUARDADOS.ruta(_clave(self, to_unicode, hinting))
        with contextlib.suppress(OSError):
            guardado = ruta.read_bytes()
            # the entry starts with its content's digest: a damaged one is made again, never embedded
            if hashlib.sha256(guardado[32:]).digest() == guardado[:32] and len(guardado) > 32:
                os.utime(ruta)  # recently used: kept by podar()
                self.file_content = guardado[32:]
                return None
        completo = self.file_content
        original(self, to_unicode, hinting)
        if self.file_content is not completo:  # fontTools failed: WeasyPrint warned and kept the whole font
            contenido = bytes(self.file_content)
            with contextlib.suppress(OSError):  # a full or read-only cache only costs the next subset
                carpeta.mkdir(parents=True, exist_ok=True)
                atomic.escribir_atomico(ruta, hashlib.sha256(contenido).digest() + contenido, durable=False)
        return None

    _fonttools_subset.guardado = True
    Font._fonttools_subset = _fonttools_subset


_VERSION: list[bytes] = []


def _clave(fuente, to_unicode, hinting) -> str:
    if not _VERSION:
        from importlib.metadata import version

        codigo = f"fonttools {version('fonttools')}".encode() + Path(__file__).read_bytes()
        _VERSION.append(hashlib.sha256(codigo).digest())
    h = hashlib.sha256(_VERSION[0])
    h.update(hashlib.sha256(bytes(fuente.file_content)).digest())
    opciones = (fuente.index, bool(fuente.missing), bool(hinting), os.environ.get("SOURCE_DATE_EPOCH"))
    h.update(repr((opciones, sorted(to_unicode))).encode())
    return h.hexdigest()
