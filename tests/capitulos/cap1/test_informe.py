"""End to end, Chapter I: build the PDF once, read its text back and find the published figures.

Every expected figure goes through `publicado()`, which asserts it is printed in
the 2024 edition (data/fuente/informe_2024_extraido.txt). Figures the 2024 edition
got wrong are checked the other way round: the wrong one is in the seed and absent
from our PDF, and the corrected one is derived in the test from published inputs.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import RAIZ, texto_pdf


def _num(texto):
    return int(texto.replace(",", ""))


def _fmt(n):
    return f"{n:,}"


def _serie_publicada(seed_lineas, primera, ultima, cantidad=13):
    """A chart-label line of the seed: `cantidad` values from `primera` to `ultima`."""
    for linea in seed_lineas:
        valores = linea.split()
        if len(valores) == cantidad and valores[0] == primera and valores[-1] == ultima:
            return [_num(v) for v in valores]
    raise AssertionError(f"serie {primera}…{ultima} no encontrada en el informe publicado")


@pytest.fixture(scope="module")
def seed_lineas():
    return (RAIZ / "data/fuente/informe_2024_extraido.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("regimen, cifra", [("Ordinario", "4.0% (3,336)"), ("Especial", "12.1% (1,422)")])
def test_variacion_regimen(texto, publicado, regimen, cifra):
    assert f"incremento de {publicado(cifra)} de internos" in texto


@pytest.mark.parametrize(
    "sentido, pct, absoluto",
    [
        ("disminución", "0.05%", "5"),
        ("incremento", "4.2%", "1,201"),
        ("incremento", "4.9%", "2,140"),
        ("incremento", "28.6%", "776"),
        ("incremento", "12.1%", "396"),
        ("incremento", "4.3", "250"),
    ],
)
def test_variacion_por_etapa(texto, publicado, sentido, pct, absoluto):
    publicado(pct)
    publicado(f"({absoluto})" if absoluto != "5" else "(05)")  # the 2024 edition zero-padded 5 as (05)
    assert f"{sentido} de {pct.rstrip('%')}% ({absoluto}) de internos" in texto


@pytest.mark.parametrize(
    "etapa, pct, valor",
    [
        ("Mínima Seguridad", "53.1%", "45,550"),
        ("Mediana Seguridad", "34.8%", "29,845"),
        ("Máxima Seguridad", "12.1%", "10,331"),
        ("Etapa «C»", "45.9%", "6,061"),
        ("Etapa «B»", "27.7%", "3,659"),
        ("Etapa «A»", "26.4%", "3,489"),
    ],
)
def test_cuotas_por_etapa(texto, publicado, etapa, pct, valor):
    publicado(valor)
    publicado(pct) if pct in ("53.1%", "45.9%") else publicado(pct.replace(".", ","))
    assert f"{etapa} con el {pct} ({valor})" in texto


def test_periodo_de_observacion(texto, publicado):
    assert f"se registran {publicado('508')} personas privadas de libertad en período de observación" in texto


def test_promedios_misma_ventana_y_nombrada(texto, publicado, seed_lineas):
    """The 2024 edition averaged RCO over ENE–DIC (84,614) and RCE over DIC–DIC (12,422): INC-10."""
    assert "Entre enero 2024 y diciembre 2024 (12 meses)" in texto
    assert f"promedio mensual de {publicado('84,614')} internos" in texto
    rce = _serie_publicada(seed_lineas, "11,787", "13,209")[1:]  # ENE–DIC 2024, as published
    esperado = int((Decimal(sum(rce)) / 12).quantize(Decimal(1), ROUND_HALF_UP))
    assert f"promedio de {_fmt(esperado)} internos" in texto
    assert publicado("12,422") not in texto


def test_cuotas_por_oficina(texto, publicado):
    """Office rows of the I-08 table: published shares that the data supports, corrected ones otherwise."""
    filas = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(
            r"((?:[A-ZÁÉÍÓÚ][a-záéíóú]+ ){1,2}- (?:[A-ZÁÉÍÓÚ][a-záéíóú]+ ?){1,2}) (?:[\d,]+ ){10}(\d+\.\d)% (\d+\.\d)%",
            texto,
        )
    }
    assert len(filas) == 8, filas
    publicados_rco = {
        "Lima - Lima": "43,0%",
        "Centro - Huancayo": "8,0%",
        "Oriente - Huánuco": "7,3%",
        "Sur Oriente - Cusco": "7,2%",
        "Nor Oriente - San Martín": "6,7%",
        "Altiplano - Puno": "2,9%",
    }
    for oficina, pct in publicados_rco.items():
        assert filas[oficina][0] == publicado(pct).replace(",", ".").rstrip("%")
    publicados_rce = {
        "Lima - Lima": "68,8%",
        "Norte - Chiclayo": "14,2%",  # each share rounded on its own (the largest remainder printed 14.1)
        "Oriente - Huánuco": "4,8%",
        "Nor Oriente - San Martín": "3,2%",
        "Sur - Arequipa": "2,6%",
        "Centro - Huancayo": "2,2%",
        "Altiplano - Puno": "2,2%",
    }
    for oficina, pct in publicados_rce.items():
        assert filas[oficina][1] == publicado(pct).replace(",", ".").rstrip("%")
    # INC-21 / INC-22: the 2024 edition forced 20,2% (Norte, RCO) and 2,0% (Cusco, RCE).
    assert publicado("20,2%") and filas["Norte - Chiclayo"][0] == "20.1"
    assert publicado("2,0%") and filas["Sur Oriente - Cusco"][1] == "2.1"
    # Each share rounded on its own: a column may miss 100.0 by at most half a tenth per office
    # (the table then carries the rounding note, test_cuota_norte_rce_redondeada_por_si_sola).
    for columna in (0, 1):
        assert abs(sum(Decimal(f[columna]) for f in filas.values()) - 100) <= Decimal("0.05") * len(filas)


def test_totales_y_establecimientos(texto, publicado):
    assert "Total general" in texto and publicado("99,443") in texto
    for fila in (
        "E.P. de Ancón I 2,209 54 51 1 2 2,149 743 761 645 6",
        "E.P. de Challapalca 178 11 11 0 0 167 33 68 66 0",
    ):
        assert publicado(fila) in texto


def test_errores_de_redaccion_no_se_repiten(texto, publicado):
    """INC-11, INC-12, INC-13, INC-15: wrong regime named, wrong years, stale date."""
    assert (
        publicado("del 2022 al 2023") and "2022" not in texto.split("CAPÍTULO II")[0]
    )  # Chapter I only: later chapters print year series
    assert publicado("Lima, agosto 2024") and "agosto 2024" not in texto
    assert "Lima, enero 2025" in texto
    assert "Especial que abarca a la mayor parte" not in texto
    assert "El Régimen Cerrado Especial agrupa al 13.3% (13,209)" in texto


def test_otro_periodo_setiembre(informe_setiembre, seed_lineas):
    texto = texto_pdf(informe_setiembre.pdf)
    rco = _serie_publicada(seed_lineas, "82,390", "85,726")  # DIC-23 … DIC-24 as published
    cambio = rco[9] - rco[0]  # SET-24 vs DIC-23
    pct = (Decimal(cambio) * 100 / rco[0]).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert f"de diciembre 2023 a setiembre 2024 se observa un incremento de {pct}% ({_fmt(cambio)})" in texto
    assert "Entre enero 2024 y setiembre 2024 (9 meses)" in texto
    assert "Nota: sin desagregación por oficina regional y establecimiento para este mes." in texto
    calidad = informe_setiembre.calidad.read_text(encoding="utf-8")
    assert "poblacion_regimen_ep" in calidad and "2024-09" in calidad


def test_cuota_norte_rce_redondeada_por_si_sola(texto, publicado):
    """Each office's share is rounded half-up on its own, as published: Norte's 1,870 of the RCE's
    13,209 is 14.157% → 14.2% (the largest-remainder method forced it to 14.1%). The shares of the
    column then add up to 100.1, and the table says so in the rounding note."""
    norte, rce = (
        _num(publicado("1,870")),
        _num(publicado("Total General 99,443 85,726 10,331 29,845 45,550 13,209").split()[-1]),
    )
    pct = (Decimal(norte) * 100 / rce).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert publicado(f"{pct}%".replace(".", ",")) == "14,2%"  # the 2024 donut label, decimal comma
    assert f"Norte - Chiclayo {pct}% ({_fmt(norte)})" in texto  # donut and sentence
    tabla = texto[
        texto.rindex("Población penal por régimen y etapas según oficinas regionales") :
    ]  # not the list
    fila = re.search(r"Norte - Chiclayo [\d,\s]+ [\d.]+% ([\d.]+)%", tabla)
    assert fila and fila.group(1) == str(pct)
    assert "Nota: las sumas pueden no coincidir por redondeo." in tabla[: tabla.index("Fuente")]
