"""Chapter V indicators and cross-table rules on tiny hand-built frames with explicit expected values."""

from decimal import Decimal

import pandas as pd
from conftest import tipadas

from inpe_informe.capitulos.cap5 import cifras as cap5
from inpe_informe.capitulos.cap5 import reglas as reglas5
from inpe_informe.capitulos.protocolo import Omitida
from inpe_informe.periods import Periodo

DIC = Periodo(2024, 12)


def _mensual(filas):
    return tipadas(pd.DataFrame([{"periodo": p, "programa": g, "atendidos": a} for p, g, a in filas]))


def _anual():
    return pd.DataFrame(
        [
            {
                "anio": 2024,
                "codigo_ep": "A1",
                "programa": "DEVIDA",
                "atendidos": 10,
                "evaluacion_favorable": 4,
            },
            {
                "anio": 2024,
                "codigo_ep": "A1",
                "programa": "CREO",
                "atendidos": 30,
                "evaluacion_favorable": 15,
            },
            {"anio": 2024, "codigo_ep": "B1", "programa": "TAS", "atendidos": 20, "evaluacion_favorable": 2},
            {"anio": 2024, "codigo_ep": "B2", "programa": "CREO", "atendidos": 0, "evaluacion_favorable": 0},
        ]
    )


def _tablas(meses=("2024-01", "2024-12")):
    filas = [(p, g, a) for p in meses for g, a in (("DEVIDA", 5), ("CREO", 20), ("TAS", 10))]
    filas[-2] = (meses[-1], "CREO", 25)
    return tipadas(
        {
            "intramuros_atendidos_mes": _mensual(filas),
            "intramuros_atendidos_ep": _anual(),
            "intramuros_poblacion_objetivo": pd.DataFrame(
                [
                    {
                        "periodo": "2024-12",
                        "programa": "CREO",
                        "universo": "OBJETIVO",
                        "ambito": "NACIONAL",
                        "situacion_juridica": s,
                        "rango_edad": e,
                        "poblacion": v,
                        "criterio": "",
                    }
                    for s, e, v in (
                        ("PROCESADO", "DE_18_A_24", 100),
                        ("PROCESADO", "DE_25_A_29", 50),
                        ("SENTENCIADO", "DE_18_A_24", 25),
                        ("SENTENCIADO", "DE_25_A_29", 25),
                    )
                ]
                + [
                    {
                        "periodo": "2024-12",
                        "programa": "TAS",
                        "universo": "OBJETIVO",
                        "ambito": "B1",
                        "situacion_juridica": "SENTENCIADO",
                        "rango_edad": "TODAS",
                        "poblacion": 60,
                        "criterio": "",
                    },
                    {
                        "periodo": "2024-12",
                        "programa": "TAS",
                        "universo": "REFERENCIA",
                        "ambito": "NACIONAL",
                        "situacion_juridica": "TODAS",
                        "rango_edad": "TODAS",
                        "poblacion": 8,
                        "criterio": "",
                    },
                ]
            ),
            "poblacion_regimen_nacional": pd.DataFrame([{"periodo": "2024-12", "total_general": 80}]),
            "establecimientos": pd.DataFrame(
                [
                    {"codigo": "A1", "nombre": "E.P. A1", "oficina": "NORTE", "orden": 1},
                    {"codigo": "B1", "nombre": "E.P. B1", "oficina": "LIMA", "orden": 2},
                    {"codigo": "B2", "nombre": "E.P. B2", "oficina": "LIMA", "orden": 3},
                ]
            ),
            "oficinas_regionales": pd.DataFrame(
                [
                    {"codigo": "NORTE", "nombre": "Norte", "etiqueta": "Norte - X", "orden": 1},
                    {"codigo": "LIMA", "nombre": "Lima", "etiqueta": "Lima - Y", "orden": 2},
                    {"codigo": "SUR", "nombre": "Sur", "etiqueta": "Sur - Z", "orden": 3},
                ]
            ),
        }
    )


def test_total_mensual_se_calcula_y_trimestre():
    fila = cap5.fila_mes(
        _mensual([("2024-05", "DEVIDA", 3), ("2024-05", "CREO", 4), ("2024-05", "TAS", 5)]), Periodo(2024, 5)
    )
    assert fila["total"] == 12 and fila["trimestre"] == 2


def test_promedio_half_up_sobre_meses_presentes():
    mensual = _mensual([("2024-01", "TAS", 12), ("2024-02", "TAS", 13), ("2024-04", "TAS", 13)])
    medias, presentes = cap5.promedios(mensual, [Periodo(2024, m) for m in range(1, 5)])
    assert medias["TAS"] == 13 and len(presentes) == 3  # 38/3 = 12.67 → 13; March missing is skipped
    medias, _ = cap5.promedios(
        _mensual([("2024-01", "CREO", 12), ("2024-02", "CREO", 13)]), [Periodo(2024, 1), Periodo(2024, 2)]
    )
    assert medias["CREO"] == 13  # 12.5 → 13 (half-up, not half-even)


def test_participaciones_anuales_suman_cien():
    programas = cap5.programas_anuales(_anual())
    assert [(p["clave"], p["valor"], p["porcentaje"]) for p in programas] == [
        ("CREO", 30, Decimal("50.0")),
        ("TAS", 20, Decimal("33.3")),
        ("DEVIDA", 10, Decimal("16.7")),
    ]
    assert programas[1]["tasa_favorable"] == Decimal("10.0")


def test_oficinas_con_total_calculado_y_sin_establecimientos_vacios():
    t = _tablas()
    oficinas = cap5.por_oficina(_anual(), t["establecimientos"], t["oficinas_regionales"])
    assert [o["codigo"] for o in oficinas] == ["NORTE", "LIMA"]  # SUR runs no programme
    assert oficinas[0]["favorable"] == {"DEVIDA": 4, "CREO": 15, "TAS": 0, "total": 19}
    assert [e["codigo"] for e in oficinas[1]["establecimientos"]] == ["B1"]  # B2 attended nobody


def test_cobertura_sobre_poblacion_objetivo():
    c = cap5.cobertura(1037, 11034)
    assert (c["no_atendidos"], c["porcentaje"], c["porcentaje_no"]) == (9997, Decimal("9.4"), Decimal("90.6"))


def test_calcular_diciembre():
    r = cap5.calcular(_tablas(), DIC, "anio")
    assert r.disponible and r.omitidas == ()
    assert r["variacion"]["CREO"].absoluta == 5 and r["variacion"]["CREO"].sentido == "incremento"
    assert r["promedio"]["CREO"] == 23  # (20 + 25) / 2 = 22.5 → 23
    assert r["creo"]["poblacion"]["total"] == {"DE_18_A_24": 125, "DE_25_A_29": 75, "total": 200}
    assert r["creo"]["cobertura"]["porcentaje"] == Decimal("15.0") and r["creo"]["actual"] == 25
    assert r["tas"]["cobertura"]["no_atendidos"] == 40 and r["tas"]["referencia"]["porcentaje"] == Decimal(
        "10.0"
    )


def test_antes_de_diciembre_se_omite_lo_anual():
    r = cap5.calcular(_tablas(("2024-01", "2024-06")), Periodo(2024, 6), "anio")
    assert r.disponible and r["anual"] is None and r["creo"] is None and r["tas"] is None
    assert r.omitidas == (
        Omitida(
            seccion="atendidos en el año por establecimiento",
            tabla="intramuros_atendidos_ep",
            meses=("2024-06",),
        ),
    )


def test_sin_el_mes_no_hay_capitulo():
    r = cap5.calcular(_tablas(), Periodo(2024, 7), "anio")
    assert not r.disponible and r.faltan == (("intramuros_atendidos_mes", ("2024-07",)),)


def test_regla_reconoce_total_favorable_mal_impreso():
    t = _tablas()
    fila = {"indicador": "evaluacion_favorable_total", "ambito": "NORTE", "corte": "2024", "valor": 4}
    assert reglas5.esperado(t, fila) == 19
    assert reglas5.esperado(t, dict(fila, indicador="atendidos_tas", ambito="B1")) == 20
    assert reglas5.esperado(t, dict(fila, indicador="atendidos_creo", corte="2024-12")) == 25
    assert reglas5.esperado(t, dict(fila, indicador="no_atendidos_creo_dona")) == 170
    assert reglas5.esperado(t, dict(fila, indicador="algo_desconocido")) is None


def test_regla_favorables_no_superan_atendidos():
    anual = _anual()
    assert reglas5.favorables_excedidos(anual).empty
    anual.loc[3, "evaluacion_favorable"] = 1  # B2 attended 0 but 1 favourable
    assert list(reglas5.favorables_excedidos(anual)["codigo_ep"]) == ["B2"]


def test_erratas_nombran_la_cifra_corregida():
    """Each corrected erratum of Chapters V and VII names a figure the report really computes, with its value."""
    import csv
    import re

    from conftest import RAIZ

    from inpe_informe import quality as qa
    from inpe_informe.capitulos import tablas_del_informe
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import calcular, cargar_y_validar

    cfg = leer_config(RAIZ / "config.yaml")
    indicadores, _ = calcular(cfg, cargar_y_validar(cfg, tablas_del_informe())[0])
    valores = {**qa.cifras(indicadores["cap5"], "cap5"), **qa.cifras(indicadores["cap7"], "cap7")}
    nombradas = {}
    for cap in (5, 7):
        with open(RAIZ / f"data/erratas/cap{cap}.csv", encoding="utf-8") as fh:
            for fila in csv.DictReader(fh):
                if m := re.search(r"imprime en su lugar: (\S+)\.$", fila["evidencia"]):
                    nombradas[fila["id"]] = valores[m.group(1)]
    assert nombradas == {
        "ch5_7/INC-01": 315,
        "ch5_7/INC-02": Decimal("9.4"),
        "ch5_7/INC-03": 752,
        "ch5_7/INC-04": 170,
        "ch5_7/INC-37": 1600,
        "ch5_7/INC-39": Decimal("0.2"),
    }
