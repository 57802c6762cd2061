"""Indicators on tiny hand-built inputs with explicit expected values."""

from decimal import Decimal

import pandas as pd
import pytest

from inpe_informe.capitulos.aritmetica import cuotas, porcentaje, promedio, redondear, variacion
from inpe_informe.capitulos.cap1 import cifras as cap1
from inpe_informe.capitulos.protocolo import Omitida, Resultado
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


def test_cuotas_suman_cien_con_resto_mayor():
    # 1/3 each: half-up gives 33.3 ×3 = 99.9; the largest remainder restores 100.0.
    c = cuotas({"a": 1, "b": 1, "c": 1})
    assert sum(c.values()) == Decimal("100.0")
    assert sorted(c.values()) == [Decimal("33.3"), Decimal("33.3"), Decimal("33.4")]


def test_cuotas_igual_a_half_up_cuando_ya_suman_cien():
    c = cuotas({"a": 45550, "b": 29845, "c": 10331})
    assert c == {"a": Decimal("53.1"), "b": Decimal("34.8"), "c": Decimal("12.1")}


def _nacional(filas):
    cols = cap1.COLUMNAS
    return pd.DataFrame([{"periodo": p, **dict(zip(cols, v))} for p, v in filas])


def _tablas(filas, detalle=()):
    est = pd.DataFrame(
        [
            {"codigo": "E1", "nombre": "E.P. Uno", "oficina": "O1", "orden": 1},
            {"codigo": "E2", "nombre": "E.P. Dos", "oficina": "O2", "orden": 1},
        ]
    )
    ofi = pd.DataFrame(
        [
            {"codigo": "O1", "nombre": "Uno", "sede": "A", "etiqueta": "Uno - A", "orden": 1},
            {"codigo": "O2", "nombre": "Dos", "sede": "B", "etiqueta": "Dos - B", "orden": 2},
        ]
    )
    det = pd.DataFrame(
        [{"periodo": p, "codigo_ep": e, **dict(zip(cap1.COLUMNAS, v))} for p, e, v in detalle],
        columns=["periodo", "codigo_ep", *cap1.COLUMNAS],
    )
    return {
        cap1.NACIONAL: _nacional(filas),
        cap1.DETALLE: det,
        "establecimientos": est,
        "oficinas_regionales": ofi,
    }


BASE = (100, 80, 10, 30, 40, 15, 5, 5, 5, 5)
DIC = (120, 90, 10, 35, 45, 25, 10, 5, 10, 5)


def test_cap1_variacion_desde_diciembre_anterior():
    r = cap1.calcular(_tablas([("2023-12", BASE), ("2024-12", DIC)]), Periodo(2024, 12), "anio")
    assert r["variacion"]["total_rco"].absoluta == 10
    assert r["variacion"]["total_rce"].porcentaje == Decimal("66.7")
    assert r["variacion"]["rco_maxima"].sentido == "sin_cambio"


def test_cap1_ventanas_de_promedio():
    filas = [("2023-12", BASE), ("2024-01", BASE), ("2024-12", DIC)]
    anio = cap1.calcular(_tablas(filas), Periodo(2024, 12), "anio")
    desde_base = cap1.calcular(_tablas(filas), Periodo(2024, 12), "desde_base")
    assert anio["promedio"]["total_rco"] == 85 and anio["ventana"]["meses"] == 2
    assert desde_base["promedio"]["total_rco"] == 83 and desde_base["ventana"]["meses"] == 3


def test_cap1_composicion_ordenada_y_mayoria():
    r = cap1.calcular(_tablas([("2024-12", DIC)]), Periodo(2024, 12), "anio")
    assert [p["clave"] for p in r["etapas_rco"]] == ["rco_minima", "rco_mediana", "rco_maxima"]
    assert r["regimenes"][0]["mayoria"] and not r["regimenes"][1]["mayoria"]


def test_cap1_sin_mes_base_omite_variacion():
    r = cap1.calcular(_tablas([("2024-12", DIC)]), Periodo(2024, 12), "anio")
    assert r["variacion"] is None
    assert Omitida(seccion="variacion", tabla=cap1.NACIONAL, meses=("2023-12",)) in r.omitidas


def test_cap1_oficinas_suman_sus_establecimientos_y_ranking():
    detalle = [
        ("2024-12", "E1", (20, 15, 5, 5, 5, 5, 1, 2, 2, 0)),
        ("2024-12", "E2", (100, 75, 5, 30, 40, 20, 9, 3, 8, 5)),
    ]
    r = cap1.calcular(_tablas([("2024-12", DIC)], detalle), Periodo(2024, 12), "anio")
    assert [o["codigo"] for o in r["oficinas"]["por_total"]] == ["O2", "O1"]
    assert r["oficinas"]["total"]["total_general"] == 120
    assert r["oficinas"]["cuotas_rco"][0] == {
        "codigo": "O2",
        "nombre": "Dos",
        "etiqueta": "Dos - B",
        "valor": 75,
        "porcentaje": Decimal("83.3"),
    }


def test_cap1_periodo_sin_datos():
    r = cap1.calcular(_tablas([("2024-12", DIC)]), Periodo(2025, 3), "anio")
    assert r == Resultado(False, faltan=((cap1.NACIONAL, ("2025-03",)),))
