"""Template side of the chapters: one folder per chapter under templates/capitulos/.

A chapter's folder is found by its name (`cap3` → templates/capitulos/cap3/), so adding a
chapter adds a folder and edits no shared file. Inside, every chapter uses the same names:
capitulo.html, extracto.html, macros.html, etiquetas.yaml, estilos.css, variables.md.
"""

from __future__ import annotations

import re
from pathlib import Path

CARPETA = "capitulos"
ETIQUETAS = "etiquetas.yaml"
ESTILOS = "estilos.css"
_NOMBRE = re.compile(r"^cap(\d+)$")


def numero(nombre: str) -> int | None:
    """'cap3' → 3; None for a name that is not a chapter's."""
    coincide = _NOMBRE.match(nombre)
    return int(coincide.group(1)) if coincide else None


def carpetas(plantillas: Path) -> dict[str, Path]:
    """Chapter folders in report order (by number: cap2 before cap10), keyed by name."""
    raiz = Path(plantillas) / CARPETA
    if not raiz.is_dir():
        return {}
    encontradas = [c for c in raiz.iterdir() if c.is_dir() and numero(c.name) is not None]
    return {c.name: c for c in sorted(encontradas, key=lambda c: numero(c.name))}


def archivos(plantillas: Path, nombre_archivo: str) -> list[Path]:
    """The chapters' files called `nombre_archivo` (those that have one), in report order."""
    return [c / nombre_archivo for c in carpetas(plantillas).values() if (c / nombre_archivo).is_file()]


def hojas_de_estilo(plantillas: Path) -> list[str]:
    """Each chapter's estilos.css, relative to templates/ (the href the report links after informe.css)."""
    return [r.relative_to(plantillas).as_posix() for r in archivos(plantillas, ESTILOS)]
