"""Chapter I figures on tiny hand-built inputs with explicit expected values."""

from decimal import Decimal

import pandas as pd
from conftest import tipadas

from inpe_informe.capitulos.cap1 import cifras as cap1
from inpe_informe.capitulos.protocolo import Omitida, Resultado
from inpe_informe.periods import Periodo


def _nacional(filas):
    cols = cap1.COLUMNAS
    return tipadas(pd.DataFrame([{"periodo": p, **dict(zip(cols, v))} for p, v in filas]))


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
        cap1.DETALLE: tipadas(det),
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
