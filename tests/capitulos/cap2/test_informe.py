"""End to end, Chapter II: the published figures of Asistencia Penitenciaria read back from the PDF.

Expected figures go through `publicado()` (they are printed in the 2024 edition). For the
edition's errors the corrected value is derived here from published inputs and must be in
the PDF, and the wrong one must not.
"""

import re

import pytest
from conftest import texto_pdf


@pytest.fixture(scope="module")
def cap2(texto):
    """Text of Chapter II only (from its opening to the next chapter or the end)."""
    inicio = texto.index("CAPÍTULO II ")
    fin = texto.find("CAPÍTULO III", inicio)
    return texto[inicio : fin if fin > 0 else None]


def _seccion(cap2, numero, siguiente):
    return cap2[cap2.index(f"{numero} Servicio de Asistencia") : cap2.index(siguiente)]


@pytest.fixture(scope="module")
def secciones(cap2):
    return {
        "psicologia": _seccion(cap2, "2.1", "2.2 Servicio"),
        "social": _seccion(cap2, "2.2", "2.3 Servicio"),
        "legal": _seccion(cap2, "2.3", "2.4 Síntesis"),
    }


@pytest.mark.parametrize(
    "servicio, atd, atc",
    [
        ("psicologia", "16.0% (968)", "23.5% (2,021)"),
        ("social", "6.3% (424)", "6.9% (550)"),
        ("legal", "10.6% (432)", "13.3% (627)"),
    ],
)
def test_variacion_enero_diciembre_con_su_base(cap2, secciones, publicado, servicio, atd, atc):
    """INC-19: the chapter compares with January; each sentence names its base, the chapter box says why once."""
    s = secciones[servicio]
    assert f"de enero 2024 a diciembre 2024, disminuye en {publicado(atd)} en el número de atendidos" in s
    assert f"una disminución de {publicado(atc)} en el número de atenciones" in s
    assert cap2.count("(no con diciembre del año anterior, como en el Capítulo I)") == 1


@pytest.mark.parametrize(
    "servicio, atd, pct, no_atd, pct_no",
    [
        ("psicologia", "5,095", "5.1%", "94,353", "94.9%"),
        ("social", "6,359", "6.4%", "93,089", "93.6%"),
    ],
)
def test_cobertura_diciembre(secciones, publicado, servicio, atd, pct, no_atd, pct_no):
    s = secciones[servicio]
    assert (
        f"atendió a {publicado(atd)} de las {publicado('99,448')} personas privadas de libertad intramuros, "
        f"es decir, una cobertura de {publicado(pct)}; {publicado(no_atd)} internos ({publicado(pct_no)})"
    ) in s


@pytest.mark.parametrize(
    "servicio, m, pm, h, ph",
    [
        ("psicologia", "644", "12.4%", "4,451", "4.7%"),
        ("social", "905", "17.5%", "5,454", "5.8%"),
        ("legal", "521", "10.0%", "3,120", "3.3%"),
    ],
)
def test_mujeres_y_hombres(secciones, publicado, servicio, m, pm, h, ph):
    s = secciones[servicio]
    assert f"De las {publicado('5,186')} mujeres" in s
    assert f"fueron atendidas {publicado(m)}, el {publicado(pm)}" in s
    assert (
        f"los hombres atendidos fueron {publicado(h)}, el {publicado(ph)} del total de {publicado('94,262')} varones"
        in s
    )
    assert "La cobertura es mayor entre las mujeres" in s


@pytest.mark.parametrize(
    "servicio, prom, pct, atc",
    [
        ("psicologia", "5,688", "5.8%", "7,520"),
        ("social", "6,400", "6.6%", "7,567"),
        ("legal", "4,085", "4.2%", "4,763"),
    ],
)
def test_promedios(secciones, cap2, publicado, servicio, prom, pct, atc):
    assert (
        # from «promedio»: a page break may fall before it, and a chart's labels read back in between
        f"promedio mensual es de {publicado(prom)} atendidos, un porcentaje promedio de {publicado(pct)} "
        f"de la población penitenciaria, y de {publicado(atc)} atenciones"
    ) in secciones[servicio]
    assert f"el porcentaje promedio de atendidos es de {pct}, es decir, {prom} internos al mes" in cap2


def test_total_anual_legal_corregido_inc01(secciones, publicado):
    """The 2024 edition printed 49,073 Legal atendidos; the twelve months add up to 49,016."""
    publicado("49,073")
    assert "suma 49,016 atendidos y 57,152 atenciones" in secciones["legal"]
    assert "49,073" not in secciones["legal"]


@pytest.mark.parametrize(
    "servicio, total, frases",
    [
        (
            "psicologia",
            "175",
            ["79.4% (139) son nombrados", "11.4% (20) es personal contratado", "9.1% (16) pertenece"],
        ),
        (
            "social",
            "149",
            ["75.8% (113) son nombrados", "13.4% (20) es personal contratado", "10.7% (16) pertenece"],
        ),
        (
            "legal",
            "165",
            ["87.3% (144) son nombrados", "7.3% (12) es personal contratado", "5.5% (9) pertenece"],
        ),
    ],
)
def test_personal_por_regimen(secciones, publicado, servicio, total, frases):
    """Shares n/total, each rounded half-up: psicología CAS 11.4% (INC-23, printed 11.5%), legal otros 5.5% (INC-24)."""
    s = secciones[servicio]
    assert f"un total de {publicado(total)} servidores" in s
    for frase in frases:
        cifra = " ".join(frase.split()[:2])
        if cifra not in ("11.4% (20)", "5.5% (9)"):  # the corrected ones are not in the edition
            publicado(cifra)
        assert frase in s
    publicado("el 11.5% (20)"), publicado("otros el 5.4% (09)")
    assert "11.5% (20) es personal" not in s and "5.4% (9)" not in s


@pytest.mark.parametrize(
    "servicio, cumple, apoyo", [("psicologia", "174", "1"), ("social", "146", "3"), ("legal", "164", "1")]
)
def test_profesionales_que_cumplen_funcion(secciones, publicado, servicio, cumple, apoyo):
    publicado(f"cumplen función son {cumple}")
    assert f"cumplen función son {cumple};" in secciones[servicio]
    assert f"{cumple} Profesionales que cumplen función" in secciones[servicio]
    assert f"{apoyo} Apoyo administrativo" in secciones[servicio]


@pytest.mark.parametrize(
    "servicio, mayor, r_mayor, menor, r_menor, profesional",
    [
        ("psicologia", "Norte", "962", "Sur", "318", "psicólogo"),
        ("social", "Norte", "1,013", "Sur", "222", "trabajador social"),
        ("legal", "Sur Oriente", "921", "Altiplano", "307", "abogado"),
    ],
)
def test_mayor_y_menor_carga_calculadas(
    secciones, publicado, servicio, mayor, r_mayor, menor, r_menor, profesional
):
    """INC-06/INC-07: the published callouts (1,205 / 300; 875) are not the computed extremes."""
    publicado(r_mayor), publicado(r_menor)
    assert (
        f"La Oficina Regional {mayor} tiene la mayor carga, con {r_mayor} internos por cada {profesional}, "
        f"y la Oficina Regional {menor} la menor, con {r_menor}"
    ) in secciones[servicio]


def test_nor_oriente_social_885_no_700(secciones, publicado):
    """INC-05: 6,198 internos / 7 trabajadores sociales = 885, printed as 700."""
    publicado("700")
    s = secciones["social"]
    assert re.search(r"Nor Oriente - San Martín 6,198 7 4\.8% 885", s)
    assert " 700" not in s


def test_poblacion_base_con_cerec_y_capitulo_i(cap2, publicado):
    """INC-09: both bases explicit; Chapter II's includes the CEREC."""
    assert (
        f"que incluye a los internos del CEREC: al cierre de diciembre 2024 son {publicado('99,448')} internos"
        in cap2
    )
    assert f"la población del Capítulo I (sin el CEREC) es de {publicado('99,443')}" in cap2


def test_pim_diciembre(secciones, publicado):
    s = secciones["psicologia"]
    assert f"Multidisciplinaria a {publicado('639')} privados de libertad" in s
    assert "con el 32.7% (209)" in s and publicado("32.7%")
    assert f"Multidisciplinaria a {publicado('786')} privados de libertad" in secciones["social"]
    assert f"Multidisciplinaria a {publicado('623')} privados de libertad" in secciones["legal"]


def test_sintesis_y_cuadros(cap2, publicado):
    sintesis = cap2[cap2.index("2.4 Síntesis") :]
    assert (
        "Asistencia Social es el servicio con mayor cobertura tanto entre las mujeres (17.5%, 905 atendidas)"
        " como entre los hombres (5.8%, 5,454 atendidos)" in sintesis
    )
    # Table II-35, December row: Psicología H M T | Social H M T | Legal H M T
    assert (
        f"Diciembre 4,451 644 5,095 5,454 905 6,359 {publicado('3,120')} {publicado('521')} 3,641" in sintesis
    )
    # PIM annual totals, never printed (INC-18 printed 81,475): atendidos then atenciones
    assert "Total Total 8,993 8,392 8,382 11,186 10,814 9,855" in sintesis
    assert "81,475" not in cap2


def test_pti_totales_calculados(cap2, publicado):
    """INC-02…04: month totals are procesados + sentenciados, never the printed inconsistent ones."""
    pti = cap2[cap2.index("2.6 Programa") :]
    assert re.search(r"Noviembre 1,088 1,716 2,804 \S+ \S+ \S+ 658 1,184 1,842", pti)
    assert "Total Total 9,413 15,867 25,280 10,100 17,111 27,211 5,772 11,688 17,460" in pti
    publicado("1,943")
    assert "1,943" not in pti


def test_setiembre_omite_lo_que_solo_existe_en_diciembre(informe_setiembre):
    texto = texto_pdf(informe_setiembre.pdf)
    cap2 = texto[texto.index("CAPÍTULO II ") :]
    assert "de enero 2024 a setiembre 2024" in cap2
    assert "98,736" in cap2 and "99,448" not in cap2
    # the tables without September data are named in the quality report; print carries reader's notes
    assert "Nota: sin desagregación por sexo para este mes." in cap2
    assert "Sin información para este mes." in cap2  # staff (2.x.4): no data received for September
    calidad = informe_setiembre.calidad.read_text(encoding="utf-8")
    for tabla in ("poblacion_intramuros_sexo", "personal_asistencia_regimen", "profesionales_oficina"):
        assert tabla not in cap2 and tabla in calidad


def test_calidad_lista_las_incoherencias_del_capitulo(informe):
    html = informe.calidad.read_text(encoding="utf-8")
    assert "49,073 no es la suma de los 12 meses" in html
    for mensaje in (
        "atendidos = 1,943 no es la suma",
        "atendidos = 2,178 no es la suma",
        "atenciones = 1,992 no es la suma",
    ):
        assert mensaje in html


def test_cuadro_de_atendidos_y_atenciones_ii03(cap2, publicado):
    """II-03 with its total row computed from the months (Legal 49,016, not the printed 49,073)."""
    sintesis = cap2[cap2.index("2.4 Síntesis") :]
    assert (
        f"Diciembre {publicado('5,095')} {publicado('6,592')} 5.1% {publicado('6,359')} {publicado('7,410')} 6.4% "
        f"{publicado('3,641')} {publicado('4,105')} 3.7%"
    ) in sintesis
    assert (
        f"Total Total {publicado('68,261')} {publicado('90,243')} {publicado('76,802')} {publicado('90,809')} "
        f"49,016 {publicado('57,152')}"
    ) in sintesis
    assert "Asistencia Social es el servicio con mayor porcentaje promedio de atendidos (6.6%" in sintesis
    assert "Asistencia Legal el de menor (4.2%)" in sintesis


def test_oficinas_empatadas_en_la_menor_proporcion(secciones, publicado):
    """Four offices share the smallest share of social workers (published 4,8% four times): the sentence
    names all of them, not the one that sorts last."""
    publicado("4,8% 4,8%")
    s = secciones["social"]
    assert (
        "y las oficinas regionales Oriente, Sur Oriente, Nor Oriente y Altiplano, la menor proporción, " in s
    )
    assert "el 4.8% (7) cada una" in s and "y la Oficina Regional Altiplano el 4.8%" not in s
