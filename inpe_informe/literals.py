"""Figures typed by hand into templates: the one rule, applied by every build and preview and by the test suite.

Every figure, percentage or year the report prints comes from data/ through the computation
layer; a number typed into a template's wording would print the same whatever the month.
The rule is the project's (the before-stop hook's check): a figure with thousands separators,
a decimal percentage or a year 20xx, outside `{{ }}`, `{% %}` and `{# #}`, on a line that is
not a legal citation (Ley, Decreto, Resolución, N°).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import outline
from .errors import RenderError
from .validate import ADVERTENCIA, Hallazgo

log = logging.getLogger(__name__)

CIFRA = re.compile(r"([0-9]{1,3}(,[0-9]{3})+|[0-9]+[.,][0-9]+ ?%|\b20[0-9]{2}\b)")
CITA_LEGAL = re.compile(r"Ley |Decreto|Resoluci|N°|Nº")
_CODIGO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
EXTENSIONES = (".html", ".j2", ".jinja", ".txt")


@dataclass(frozen=True)
class CifraEscrita:
    archivo: str  # relative to templates/
    linea: int
    cifra: str

    def mensaje(self) -> str:
        return (
            f"cifra escrita a mano «{self.cifra}»: las cifras, porcentajes y años salen de los datos "
            "(use la variable con su filtro, p. ej. `{{ cap1.actual.total_general|numero }}` o "
            '`{{ informe.periodo|mes("anio") }}`; vea templates/README.md)'
        )

    def texto(self) -> str:
        return f"{self.archivo}, línea {self.linea}: {self.mensaje()}"


def en_texto(texto: str) -> list[tuple[int, str]]:
    """(line, figure) of every figure typed in a template's text (code and comments left out, lines kept)."""
    sin_codigo = _CODIGO.sub(lambda m: "\n" * m.group().count("\n") or " ", texto)
    originales = texto.splitlines()
    hallados = []
    for n, linea in enumerate(sin_codigo.splitlines(), 1):
        cifra = CIFRA.search(linea)
        if cifra and not CITA_LEGAL.search(originales[n - 1]):
            hallados.append((n, cifra.group()))
    return hallados


def buscar(plantillas: Path) -> list[CifraEscrita]:
    """Every figure typed by hand in the templates, by file and line."""
    plantillas = Path(plantillas)
    return [
        CifraEscrita(ruta.relative_to(plantillas).as_posix(), n, cifra)
        for ruta in sorted(p for p in plantillas.rglob("*") if p.suffix in EXTENSIONES)
        for n, cifra in en_texto(ruta.read_text(encoding="utf-8"))
    ]


def revisar(plantillas: Path, estricto: bool) -> list[Hallazgo]:
    """Warn (in Spanish, with file and line) on each typed figure; with --estricto, stop the build.

    Returns them as findings for the quality report.
    """
    escritas = buscar(plantillas)
    if escritas and estricto:
        raise RenderError(
            f"Modo estricto: {len(escritas)} cifra(s) escrita(s) a mano en las plantillas:\n  - "
            + "\n  - ".join(c.texto() for c in escritas)
        )
    for c in escritas:
        log.warning(f"templates/{c.texto()}")
    return [
        Hallazgo(
            ADVERTENCIA,
            "plantillas",
            f"templates/{c.archivo}",
            f"línea {c.linea}",
            c.mensaje(),
            next((n for n in map(outline.numero, Path(c.archivo).parts) if n), 0),
        )
        for c in escritas
    ]
