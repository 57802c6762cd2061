"""End to end: Chapter III figures read back from the PDF, expectations taken from the published edition.

Published errors are checked the other way round: the wrong figure is in the seed and
absent from our PDF, and the corrected one is derived here from published inputs.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import paginas_pdf, texto_pdf


def _pct(parte, todo, decimales=1):
    return str((Decimal(parte) * 100 / Decimal(todo)).quantize(Decimal(1).scaleb(-decimales), ROUND_HALF_UP))


def _num(texto):
    return int(texto.replace(",", ""))


def capitulo3(texto: str) -> str:
    """The Chapter III part of a PDF's text (up to the next chapter, if any)."""
    inicio = texto.index("CAPÍTULO III")
    fin = texto.find("CAPÍTULO ", inicio + len("CAPÍTULO III"))
    return texto[inicio : fin if fin > 0 else None]


@pytest.fixture(scope="module")
def cap3(texto):
    return capitulo3(texto)


def test_sobrepoblacion_nacional(cap3, publicado, publicado_pct):
    """III-11/12: 99,448 − 41,764 = 57,684 (published 138% of capacity; printed with one decimal)."""
    publicado("41,764 99,448 57,684 138%")
    assert re.search(
        rf"es de {publicado('57,684')} internos, que representa el {publicado_pct('138%')} de la capacidad",
        cap3,
    )
    assert "hacinamiento crítico" in cap3


def test_crecimiento_poblacion_y_capacidad(cap3, publicado):
    """III-13: 2013→2024 growth of population and capacity."""
    assert f"población penitenciaria registra un incremento de {publicado('47.1% (31,851)')}" in cap3
    assert (
        f"capacidad de albergue registra un incremento de {publicado('32.8%')} ({publicado('10,312')}) plazas"
        in cap3
    )


def test_tuberculosis_lima_corregida(cap3, publicado):
    """III-10 / INC-04: Lima is 2,868 of 4,052 = 70.8%, not the published 77.8%."""
    total, lima = _num(publicado("4,052")), _num(publicado("2,868"))
    correcto = _pct(lima, total)
    assert correcto == "70.8"
    assert f"casos de tuberculosis suman {publicado('4,052')} a nivel nacional" in cap3
    assert f"Oficina Regional Lima, que representa el {correcto}% (2,868 casos)" in cap3
    assert publicado("77.8%") and "77.8" not in cap3


def test_tuberculosis_por_tipo(cap3, publicado):
    publicado("3,508 544 0")
    assert (
        f"{publicado('3,508')} casos son de TB sensible y {publicado('544')} de TB drogorresistente" in cap3
    )
    assert f"La tuberculosis sensible registra un incremento de 19.4% ({publicado('570')}) casos" in cap3


def test_top5_tuberculosis_y_vih(cap3, publicado):
    for cifra in ("770", "403", "320", "278", "263"):
        assert publicado(cifra) in cap3
    assert "E.P. de Lurigancho Lima 621 149 770" in cap3
    assert "E.P. de Lurigancho Lima 178 178 5" in cap3


def test_tb_cuadro_trimestral(cap3, publicado):
    """III-17: Lima row with its quarter shares (published) and the corrected total share."""
    fila = re.search(
        r"Lima - Lima ([\d,]+) (\d+\.\d)% (\d+) (\d+\.\d)% (\d+) (\d+\.\d)% (\d+) (\d+\.\d)% ([\d,]+) (\d+\.\d)%",
        cap3,
    )
    assert fila, "fila de Lima del cuadro trimestral"
    for valor in fila.groups()[:8]:
        publicado(valor)
    assert fila.group(9) == "2,868" and fila.group(10) == "70.8"
    assert "Total 1,415 1,012 975 650 4,052" in cap3


def test_vih(cap3, publicado):
    """III-19/21/24/25: PVVS, TARGA, co-infección; Lima 59.5% (634); TARGA +224."""
    publicado("1,066 1,040 54")
    assert f"se reportan {publicado('1,066')} casos de personas viviendo con VIH/SIDA" in cap3
    assert f"Oficina Regional Lima con {publicado('634 (59.5%)')} casos" in cap3
    assert f"{publicado('1,040')} personas reciben TARGA" in cap3
    assert f"{publicado('54')} casos nuevos de co-infección" in cap3
    assert f"un incremento de {publicado('20.6%')} (182) respecto del año anterior" in cap3
    assert f"Las personas en TARGA registran un incremento de 27.5% ({publicado('224')})" in cap3


def test_sis(cap3, publicado, publicado_pct):
    """III-32/33: 97% (96,470) of 99,448 (printed with one decimal); +5% (4,554) on 2023."""
    publicado("97% (96,470)")
    assert re.search(
        rf"el {publicado_pct('97%')} \(96,470\) de la población penitenciaria \({publicado('99,448')}\)", cap3
    )
    assert f"un incremento de 5.0% ({publicado('4,554')})" in cap3


def test_ipress_donut_cuotas_redondeadas_cada_una(cap3, publicado):
    """III-27/28: 15/3/41/10 of 69; each share rounded on its own, to one decimal (the 2024 edition forced 15%, INC-13)."""
    assert f"de {publicado('69')} establecimientos" in cap3
    assert "41 (59.4%)" in cap3 and "15 (21.7%)" in cap3 and "10 (14.5%)" in cap3 and "3 (4.3%)" in cap3


def test_salud_mental(cap3, publicado):
    publicado("4,302 394 4,696")
    publicado("88 03 91")
    assert f"se reportan {publicado('4,696')} casos con diagnóstico psiquiátrico" in cap3
    assert f"Se registran además {publicado('91')} inimputables" in cap3
    assert "Total Total 88 3 91 100.0%" in cap3 or "Total 88 3 91 100.0%" in cap3


def test_morbilidad(cap3, publicado):
    assert (
        f"faringitis aguda ({publicado('3,840')} casos), gastritis ({publicado('2,666')}) y lumbago ({publicado('2,524')})"
        in cap3
    )


def test_teleinterconsultas(cap3, publicado):
    """III-46/47: 5,758 atenciones to 2,410 persons; Lima the most, Altiplano the least."""
    publicado("2,006 404 2,410 5,758")
    assert f"brindó {publicado('5,758')} atenciones a {publicado('2,410')} personas" in cap3
    assert (
        f"Lima presenta el mayor número de atenciones ({publicado('1,544')}) y también el mayor número de beneficiados ({publicado('599')})"
        in cap3
    )
    assert (
        "Altiplano presenta el menor número de atenciones (25) y también el menor número de beneficiados (12)"
        in cap3
    )


def test_teleinterconsultas_tres_oficinas_corregido(cap3, publicado):
    """III-48 / INC-22: 1,740/2,410 = 72.2%, the edition printed 72.3% (sum of rounded shares)."""
    assert f"con el {publicado('63.7% (1,534)')} del total" in cap3
    correcto = _pct(_num(publicado("1,740")), 2410)
    assert correcto == "72.2"
    assert f"concentran el {correcto}% (1,740) del total nacional" in cap3
    assert publicado("72.3%") and "72.3%" not in cap3


def test_beneficiados_se_cuentan_igual(cap3, publicado):
    """INC-23: the 2,427 of the specialty chart is not printed as a beneficiary total."""
    assert publicado("2,427") and "2,427" not in cap3


def test_consulta_externa_primer_trimestre(cap3, publicado):
    """III-01/02: 18,200 atendidos; age shares from the published table (rounded to whole % they are 59/33/8)."""
    total = _num(publicado("18,200"))
    partes = {
        "30 - 59 años": _num(publicado("10,685")),
        "18 - 29 años": _num(publicado("5,982")),
        "60 años y más": _num(publicado("1,533")),
    }
    assert f"durante el I trimestre 2024 suman {publicado('18,200')} internos" in cap3
    for grupo, valor in partes.items():
        assert f"{grupo} con el {_pct(valor, total)}% ({valor:,})" in cap3
    enteros = [_pct(v, total, 0) for v in partes.values()]
    assert [publicado(f"{e}%") for e in enteros] == ["59%", "33%", "8%"]
    assert "18,200 17,251 949 106,404 82,456 23,948" in cap3


def test_tablas_largas_con_encabezado_repetido(informe):
    """The establishment tables run over pages: every continuation page repeats the header."""

    paginas = paginas_pdf(informe.pdf)
    continuadas = [
        t
        for t in paginas
        if "E.P. de" in t
        and "Capítulo III" in t
        and "Oficina regional / Establecimiento" not in t
        and "Departamento" in t
    ]
    assert not continuadas
    assert sum("Oficina regional / Establecimiento penitenciario" in t for t in paginas) >= 5


def test_reporte_de_calidad_cap3(informe):
    html = informe.calidad.read_text(encoding="utf-8")
    for errata in ("ch3_4/INC-04", "ch3_4/INC-22", "ch3_4/INC-23", "ch3_4/INC-01"):
        assert errata in html
    assert "reescalamiento" in html and "prorrateada" in html
    assert "2,427" in html and "74,552" in html


def test_setiembre_omite_anuales_y_muestra_trimestres(informe_setiembre):
    cap3 = capitulo3(texto_pdf(informe_setiembre.pdf))
    assert "III trimestre 2024" in cap3 and "IV trimestre" not in cap3
    assert "4,052" not in cap3 and "57,684" not in cap3
    assert (
        "Las cifras anuales se publican en la edición de diciembre." in cap3
    )  # once a "Sección omitida" box
    calidad = informe_setiembre.calidad.read_text(encoding="utf-8")
    assert "salud_tb_ep" in calidad
