"""The edition's language, chosen once per run: its wording (English catalog) and its number and month formats.

`cfg.idioma` says which edition is built; everything downstream that depends on the
language (templates' gettext and bilingual headings, number and month filters, chart
labels and text alternatives, the context's `informe.idioma`) reads it from the one
Edicion the pipeline builds per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .filters import hacer_filtros
from .i18n import Traductor
from .yaml_seguro import leer


@dataclass(frozen=True)
class Edicion:
    idioma: str  # "es" (Spanish narrative, English titles beneath) or "en" (all in English)
    traductor: Traductor
    filtros: dict

    @classmethod
    def de(cls, plantillas: Path, idioma: str) -> Edicion:
        """The edition in `idioma`, its catalog read from `plantillas` (each run: editors change it)."""
        ruta = plantillas / "nombres_propios.yaml"
        nombres = leer(ruta, "templates/nombres_propios.yaml") if ruta.exists() else None
        return cls(idioma, Traductor(plantillas, idioma), hacer_filtros(idioma, nombres))
