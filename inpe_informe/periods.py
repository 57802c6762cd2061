"""Report periods (AAAA-MM) and their Spanish/English labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ConfigError

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
MESES_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ABREV = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SET", "OCT", "NOV", "DIC"]
_PATRON = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Periodo:
    """A calendar month; the unit of every monthly table.

    One type from the edge inward: config, CLI and the typed tables (validate.py) hold
    Periodo values, never 'AAAA-MM' text; text is parsed once on the way in (`parse`) and
    written once on the way out (`str`). Hashable and totally ordered, so a pandas object
    column of Periodo supports ==, <=, isin, sort_values, groupby and drop_duplicates.

    Comparing with text is refused: `==`/`!=` with a str raise TypeError (as `<` does), so
    a leftover 'AAAA-MM' string in the computation layer fails loudly instead of matching
    nothing. Any other type compares unequal.
    """

    anio: int
    mes: int

    def __eq__(self, otro):
        if isinstance(otro, Periodo):
            return (self.anio, self.mes) == (otro.anio, otro.mes)
        if isinstance(otro, str):
            raise TypeError(f"Periodo {self} comparado con el texto {otro!r}: use Periodo.parse en el borde")
        return NotImplemented

    def __ne__(self, otro):
        igual = self.__eq__(otro)
        return igual if igual is NotImplemented else not igual

    def __hash__(self):
        return hash((Periodo, self.anio, self.mes))

    @classmethod
    def parse(cls, texto) -> Periodo:
        m = _PATRON.match(str(texto).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ConfigError(f"Periodo «{texto}» no válido: se espera AAAA-MM, por ejemplo 2024-12.")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self):
        return f"{self.anio:04d}-{self.mes:02d}"

    def mas(self, meses: int) -> Periodo:
        indice = self.anio * 12 + self.mes - 1 + meses
        return Periodo(indice // 12, indice % 12 + 1)

    @property
    def base_anual(self) -> Periodo:
        """December of the previous year: the base month for stocks (Chapter I)."""
        return Periodo(self.anio - 1, 12)

    @property
    def enero(self) -> Periodo:
        return Periodo(self.anio, 1)

    @property
    def nombre_mes(self) -> str:
        return MESES[self.mes - 1]

    @property
    def nombre_mes_en(self) -> str:
        return MESES_EN[self.mes - 1]

    @property
    def abreviado(self) -> str:
        """Axis label as printed in the report: DIC-24."""
        return f"{ABREV[self.mes - 1]}-{self.anio % 100:02d}"

    @property
    def abreviado_en(self) -> str:
        """English axis label: DEC-24."""
        return f"{MESES_EN[self.mes - 1][:3].upper()}-{self.anio % 100:02d}"

    def corto(self, idioma: str = "es") -> str:
        """Axis label in the edition's language (DIC-24 / DEC-24)."""
        return self.abreviado_en if idioma == "en" else self.abreviado


def rango(desde: Periodo, hasta: Periodo) -> list[Periodo]:
    """Every month from `desde` to `hasta`, both included."""
    meses, actual = [], desde
    while actual <= hasta:
        meses.append(actual)
        actual = actual.mas(1)
    return meses
