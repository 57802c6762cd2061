"""Shared arithmetic (capitulos/aritmetica.py) on tiny hand-built inputs with explicit expected values."""

from decimal import Decimal

import pytest

from inpe_informe.capitulos.aritmetica import (
    comparacion_anual,
    cuota_total,
    cuotas,
    porcentaje,
    promedio,
    redondear,
    tramos,
    variacion,
    ventana_de,
)
from inpe_informe.periods import Periodo


@pytest.mark.parametrize(
    "valor, decimales, esperado",
    [
        (4.05, 1, "4.1"),
        (4.04, 1, "4.0"),
        (12.5, 0, "13"),
        (13.5, 0, "14"),
        (-0.045, 2, "-0.05"),
        (-2.5, 0, "-3"),
    ],
)
def test_redondeo_half_up(valor, decimales, esperado):
    assert redondear(valor, decimales) == Decimal(esperado)


def test_python_round_would_differ():
    # The reason for redondear: Python rounds half to even.
    assert round(12.5) == 12 and redondear(12.5, 0) == 13


def test_porcentaje_usa_dos_decimales_si_uno_da_cero():
    assert porcentaje(-4, 10_000) == Decimal("-0.04")  # 0.0 would hide a real change
    assert porcentaje(-5, 10_000) == Decimal("-0.1")
    assert porcentaje(1, 3) == Decimal("33.3")
    assert porcentaje(0, 10) == Decimal("0.0")
    assert porcentaje(5, 0) is None


@pytest.mark.parametrize(
    "base, actual, sentido", [(100, 110, "incremento"), (100, 90, "disminucion"), (100, 100, "sin_cambio")]
)
def test_variacion_sentido_sigue_al_signo(base, actual, sentido):
    v = variacion(base, actual)
    assert v.sentido == sentido and v.absoluta == actual - base


def test_variacion_porcentaje_sobre_base():
    v = variacion(200, 250)
    assert v.porcentaje == Decimal("25.0") and v.absoluta == 50


def test_promedio_half_up():
    assert promedio([12, 13]) == 13
    assert promedio([10, 10, 11]) == 10


def test_promedio_que_seria_cero_lleva_un_decimal():
    """Five sentences served in twelve months: 0.4 a month, never a «0» that would say none."""
    assert promedio([0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 1, 0]) == Decimal("0.4")
    assert promedio([0, 0, 0]) == 0


def test_numero_escribe_el_decimal_de_un_promedio_menor_que_uno():
    from inpe_informe.filters import hacer_filtros

    numero = hacer_filtros("es")["numero"]
    assert numero(Decimal("0.4")) == "0.4" and numero(12875) == "12,875"


def test_cuotas_redondeo_independiente_y_marca_de_descuadre():
    # 1/3 each: each share rounds to 33.3 on its own (no forced 33.4); the column adds up to 99.9
    # and every share says so, for the table's rounding note.
    c = cuotas({"a": 1, "b": 1, "c": 1})
    assert list(c.values()) == [Decimal("33.3")] * 3
    assert all(v.descuadre for v in c.values())
    assert cuota_total(c.values()) == Decimal("100.0") and cuota_total(c.values()).descuadre
    # 2/3 and 1/3 → 66.7 + 33.3 = 100.0: no note.
    assert not any(v.descuadre for v in cuotas({"a": 2, "b": 1}).values())


def test_cuotas_cada_una_mitad_hacia_arriba():
    # 1/16 = 6.25% → 6.3 and 15/16 = 93.75% → 93.8: both round up, the column adds up to 100.1.
    c = cuotas({"a": 1, "b": 15})
    assert c == {"a": Decimal("6.3"), "b": Decimal("93.8")} and c["a"].descuadre


def test_cuotas_igual_a_half_up_cuando_ya_suman_cien():
    c = cuotas({"a": 45550, "b": 29845, "c": 10331})
    assert c == {"a": Decimal("53.1"), "b": Decimal("34.8"), "c": Decimal("12.1")}


def test_ventana_de_un_mes_y_de_varios():
    """A template states the month's value for a window of one month, an average for more."""
    ene, feb = Periodo(2025, 1), Periodo(2025, 2)
    uno, dos = ventana_de([ene]), ventana_de([ene, feb], [Periodo(2024, 12)])
    assert (uno.desde, uno.hasta, uno.meses, uno.es_un_mes) == (ene, ene, 1, True)
    assert (dos.meses, dos.es_un_mes, dos.faltan, dos["meses"]) == (2, False, (Periodo(2024, 12),), 2)


def test_comparacion_elige_el_mes_base():
    """January with the year's convention (January), a January with the previous December, or nothing."""
    dic, ene, feb, mar = Periodo(2024, 12), Periodo(2025, 1), Periodo(2025, 2), Periodo(2025, 3)
    assert comparacion_anual(mar, [dic, ene, feb]).base == ene
    assert comparacion_anual(mar, [dic, ene, feb]).tipo == "anio"
    enero = comparacion_anual(ene, [dic])
    assert (enero.base, enero.tipo, enero.comparable) == (dic, "diciembre", True)
    sola = comparacion_anual(ene, [])
    assert (sola.base, sola.tipo, sola.comparable, sola.esperada) == (None, "sin_base", False, dic)
    assert comparacion_anual(mar, [feb]).esperada == ene and not comparacion_anual(mar, [feb]).comparable


def test_tramos_de_meses_consecutivos():
    meses = [Periodo(2024, m) for m in (2, 3, 4, 7, 12)]
    assert [(t.desde.mes, t.hasta.mes, t.es_un_mes) for t in tramos(meses)] == [
        (2, 4, False),
        (7, 7, True),
        (12, 12, True),
    ]
    assert tramos([]) == []
