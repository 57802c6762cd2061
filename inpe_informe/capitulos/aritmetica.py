"""Arithmetic shared by every chapter: half-up rounding, variations, shares, averages, windows.

Percentages are returned as `Decimal` already rounded the official way (half-up),
so templates only format them and never round again. Windows and comparisons say
what the months support (one month, no earlier month), so templates pick a sentence
instead of counting months.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..periods import Periodo


def redondear(valor, decimales: int = 1) -> Decimal:
    """Round half away from zero (4.05 → 4.1, 12.5 → 13), unlike Python's round and Babel (half-even).

    Floats are taken by their printed value (4.05, not its binary neighbour).
    """
    exacto = Fraction(str(valor)) if isinstance(valor, float) else Fraction(valor)
    escalado = abs(exacto) * 10**decimales
    entero = (escalado + Fraction(1, 2)).__floor__()
    return (Decimal(entero if exacto >= 0 else -entero)).scaleb(-decimales)


def porcentaje(parte, todo, decimales: int = 1) -> Decimal | None:
    """100·parte/todo rounded half-up; shown with two decimals when one would print 0.0."""
    if not todo:
        return None
    return _cuota(Fraction(int(parte) * 100, int(todo)), decimales)


def _cuota(exacto: Fraction, decimales: int) -> Decimal:
    """The report's one rule for a percentage: `decimales` (one) half-up, two when one would read 0.0."""
    pct = redondear(exacto, decimales)
    if pct == 0 and exacto != 0 and decimales == 1:
        pct = redondear(exacto, 2)
    return pct


@dataclass(frozen=True)
class Variacion:
    """Change of a quantity between a base month and the report month."""

    base: int
    actual: int
    absoluta: int
    porcentaje: Decimal | None

    @property
    def sentido(self) -> str:
        """'incremento', 'disminucion' or 'sin_cambio': the template picks its words from this."""
        return "incremento" if self.absoluta > 0 else "disminucion" if self.absoluta < 0 else "sin_cambio"


def variacion(base, actual) -> Variacion:
    """Absolute and % change from `base` to `actual` (% over the base)."""
    base, actual = int(base), int(actual)
    return Variacion(base, actual, actual - base, porcentaje(actual - base, base))


@dataclass(frozen=True)
class Ventana:
    """The months a figure covers (an average, a sum, a series): `meses` months with data, `desde`..`hasta`.

    A window of one month has no average to state: `es_un_mes` lets the template state the month's value.
    `faltan` lists the months of the requested window that have no data.
    """

    desde: Periodo
    hasta: Periodo
    meses: int
    faltan: tuple[Periodo, ...] = ()

    @property
    def es_un_mes(self) -> bool:
        return self.meses == 1

    def __getitem__(self, clave: str):
        """Read like the dict it replaced (`ventana["meses"]`)."""
        return getattr(self, clave)


def ventana_de(presentes: list[Periodo], faltan=()) -> Ventana:
    """The window of the months with data (in order), and the requested months without."""
    return Ventana(presentes[0], presentes[-1], len(presentes), tuple(faltan))


def tramos(meses: list[Periodo]) -> list[Ventana]:
    """Consecutive runs of months, in order: [ene, feb, abr] → ene–feb, abr (for «de enero a febrero y en abril»)."""
    corridas: list[list[Periodo]] = []
    for p in sorted(meses):
        if corridas and corridas[-1][-1].mas(1) == p:
            corridas[-1].append(p)
        else:
            corridas.append([p])
    return [ventana_de(c) for c in corridas]


@dataclass(frozen=True)
class Comparacion:
    """Which month the report month is compared with; `tipo` says what the data supports.

    'anio'      the base is January of the report's year (the chapter's convention);
    'diciembre' the report is a January: the base is December of the previous year;
    'sin_base'  no earlier month has data: the template states the month's value, not a change.
    """

    base: Periodo | None
    actual: Periodo

    @property
    def comparable(self) -> bool:
        return self.base is not None

    @property
    def esperada(self) -> Periodo:
        """The month the comparison needs: January of the year, or the previous December for a January."""
        return self.actual.enero if self.actual.mes > 1 else self.actual.base_anual

    @property
    def tipo(self) -> str:
        if self.base is None:
            return "sin_base"
        return "diciembre" if self.base == self.actual.base_anual else "anio"


def comparacion_anual(periodo: Periodo, con_datos) -> Comparacion:
    """Compare with January of the year, or, in January, with the previous December; only a month with data."""
    esperada = Comparacion(None, periodo).esperada
    return Comparacion(esperada if esperada in con_datos else None, periodo)


def promedio(valores) -> int | Decimal:
    """Mean of monthly counts, rounded half-up to a whole person; one decimal when that would read 0.

    Five sentences served in twelve months average 0.4 a month, not "0" (a KPI of zero would say none).
    """
    valores = [int(v) for v in valores]
    exacto = Fraction(sum(valores), len(valores))
    entero = int(redondear(exacto, 0))
    return redondear(exacto, 1) if entero == 0 and exacto != 0 else entero


class Cuota(Decimal):
    """A share of a whole (%), rounded half-up on its own, as statistical offices print it.

    `descuadre` is True when the shares of its whole, each rounded, do not add up to 100: the
    table that prints them then carries the rounding note (macro `cuadro`), so no template
    decides it and no share is nudged to force the sum.
    """

    descuadre = False

    def __new__(cls, valor, descuadre: bool = False):
        cuota = super().__new__(cls, valor)
        cuota.descuadre = descuadre
        return cuota

    def __reduce__(self):
        return (type(self), (str(self), self.descuadre))


CIEN = Decimal("100.0")


def cuotas(partes: dict, decimales: int = 1) -> dict:
    """Shares of a whole (in %), each rounded half-up on its own (`Cuota`, None when the whole is 0).

    They may add up to 99.9 or 100.1: then every share says so (`descuadre`) and the
    table states it in a note, as published statistics do.
    """
    total = sum(int(v) for v in partes.values())
    if total == 0:
        return {k: None for k in partes}
    redondeadas = {k: _cuota(Fraction(int(v) * 100, total), decimales) for k, v in partes.items()}
    descuadre = sum(redondeadas.values()) != 100
    return {k: Cuota(v, descuadre) for k, v in redondeadas.items()}


def cuota_total(partes) -> Cuota | None:
    """The share of the whole in a column of shares: 100 (at the column's decimals), None for an empty whole."""
    valores = [p for p in partes if p is not None]
    if not valores:
        return None
    decimales = max(0, -max(Decimal(v).as_tuple().exponent for v in valores))  # a 0.03 share keeps 100.0
    return Cuota(
        CIEN.quantize(Decimal(1).scaleb(-decimales)), any(getattr(v, "descuadre", False) for v in valores)
    )


def ordenar_desc(partes: dict) -> list:
    """Keys from largest to smallest value (ties keep their given order)."""
    return sorted(partes, key=lambda k: -int(partes[k]))
