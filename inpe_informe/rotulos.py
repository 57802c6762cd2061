"""Captions of one rendering: tables and charts numbered per chapter, the lists of both, the rounding note.

Why here and not in a template: a number typed into a caption goes stale as soon as a table
is added. The caption macros of templates/macros/componentes.html ask this object for the next
number of their kind in the current chapter (the chapter comes from the heading macros), so
«Cuadro 3.2» follows from the order of the templates. The lists of tables and charts come
before the chapters: `render.html` renders once to learn every caption and again with them.

It also keeps what a table printed: a share whose whole, each share rounded on its own, does
not add up to 100 (`aritmetica.Cuota.descuadre`) makes the table carry the rounding note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from .outline import romano

_NUMERADA = re.compile(r"^(\d+)\.")
_ROMANOS = {romano(n): n for n in range(1, 40)}


@dataclass(frozen=True)
class Entrada:
    """One numbered table or chart: its kind, number, anchor and caption text (edition's language)."""

    tipo: str  # "cuadro" | "grafico"
    numero: str  # "3.2"
    ancla: str  # "cuadro-3-2"
    titulo: str


class Rotulos:
    """Numbering state of one rendering; `anteriores` are the captions of the first pass (for the lists)."""

    def __init__(self, anteriores: list[Entrada] | None = None):
        self.anteriores = anteriores
        self.entradas: list[Entrada] = []
        self.listas_pedidas = False
        self._capitulo: int | None = None
        self._cuenta: dict[tuple[str, int | None], int] = {}
        self._cuadro_abierto = False
        self._descuadre = False

    # --- chapter, from the heading macros ---

    def capitulo(self, encabezados) -> str:
        """Open a chapter (its declaration: `numero` is its Arabic number); prints nothing."""
        self._capitulo = int(encabezados.numero)
        return ""

    def seccion(self, s) -> str:
        """A heading: «3.2» or an extract's Roman numeral «III» says which chapter follows; prints nothing."""
        numerada = _NUMERADA.match(s.numero or "")
        if numerada:
            self._capitulo = int(numerada.group(1))
        elif s.numero in _ROMANOS:
            self._capitulo = _ROMANOS[s.numero]
        return ""

    # --- captions ---

    def siguiente(self, tipo: str, titulo) -> Entrada:
        """The next number of `tipo` in the current chapter, recorded with its caption."""
        clave = (tipo, self._capitulo)
        self._cuenta[clave] = self._cuenta.get(clave, 0) + 1
        n = self._cuenta[clave]
        numero = f"{self._capitulo}.{n}" if self._capitulo is not None else str(n)
        texto = Markup(" ".join(escape(titulo).split()))  # HTML as the caption prints it, on one line
        entrada = Entrada(tipo, numero, f"{tipo}-{numero.replace('.', '-')}", texto)
        self.entradas.append(entrada)
        return entrada

    def lista(self, tipo: str) -> list[Entrada]:
        """The captions of `tipo` in document order, as the first pass found them (empty in the first pass)."""
        self.listas_pedidas = True
        return [e for e in self.anteriores or [] if e.tipo == tipo]

    # --- the rounding note of a table ---

    def abrir_cuadro(self) -> str:
        self._cuadro_abierto, self._descuadre = True, False
        return ""

    def anotar(self, valor) -> None:
        """Called by the `porcentaje` filter for every value it prints."""
        if self._cuadro_abierto and getattr(valor, "descuadre", False):
            self._descuadre = True

    def cerrar_cuadro(self) -> bool:
        """Close the table; True when one of its share columns does not add up to 100 once rounded."""
        descuadre = self._descuadre
        self._cuadro_abierto, self._descuadre = False, False
        return descuadre
