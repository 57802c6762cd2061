"""End to end, Chapter IV: read the PDF text back and find the published figures (or their honest replacement).

Expected figures go through `publicado()` (they must be printed in the 2024 edition).
Where the 2024 edition was wrong, the corrected value is derived here from published
inputs and the wrong one is checked to be absent from the chapter.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest


def _num(texto: str) -> int:
    return int(texto.replace(",", ""))


def _pct(parte, todo) -> str:
    """Half-up to one decimal, as the report rounds (computed from published counts)."""
    return f"{(Decimal(parte) * 100 / Decimal(todo)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def cap4(texto) -> str:
    """The text of Chapter IV (from its opening box to the end of the report)."""
    inicio = texto.find("Reinsertar social y positivamente a la población penitenciaria")
    assert inicio > 0, "el Capítulo IV no está en el PDF"
    return texto[inicio:].replace("/ ", "/")  # a line broken after a slash is extracted with a space


def test_matriculados_y_su_regla_de_redondeo(cap4, publicado):
    """INC-36: the 2024 edition printed 17% (forced by largest remainder); half-up to one decimal gives 16.5%."""
    assert publicado("16,387 17%")
    pct = _pct(_num("16,387"), _num(publicado("99,448")))
    assert pct == "16.5%"
    assert f"{publicado('16,387')} matriculadas en educación ({pct})" in cap4


def test_aportantes_copiados_de_los_ingresos_no_se_imprimen(cap4, informe, publicado):
    """INC-39: the published aportantes / no aportantes (23,963 / 4,138) are the work registrations with
    one entry and with more: the split is left out of print and the quality report says why."""
    assert publicado("23,963") and "Aportantes" not in cap4 and "No aportantes" not in cap4
    assert any("aportantes" in h.mensaje and "no imprime" in h.mensaje for h in informe.hallazgos)


def test_inscritos_en_trabajo(cap4, publicado):
    publicado("28,101 28%")
    pct = _pct(28101, 99448)
    assert Decimal(pct.rstrip("%")).quantize(Decimal("1"), ROUND_HALF_UP) == 28  # the published 28%
    assert f"{publicado('28,101')} están inscritas en trabajo ({pct})" in cap4
    assert f"es {publicado('28,101')}; de ellas, {publicado('12,912')}" in cap4


@pytest.mark.parametrize("sexo, suma, pct", [("mujeres", "3,994", "77.0%"), ("hombres", "40,494", "43.0%")])
def test_suma_por_sexo_como_inscripciones_no_personas(cap4, publicado, sexo, suma, pct):
    """INC-35: the published ratios are kept, but named as registrations (a person may be in both)."""
    publicado(f"{pct.replace('.0', '')} ({suma})")
    assert publicado(suma) in cap4 and publicado(pct) in cap4
    assert "estas sumas no son personas" in cap4
    assert f"suman {suma}, equivalentes al {pct}" in cap4 or f"suman {suma}, el {pct}" in cap4


def test_ni_trabaja_ni_estudia_como_rango(cap4, publicado):
    minimo = _num(publicado("54,960"))  # population − (work + education)
    maximo = 99448 - 28101  # population − the larger of the two
    assert (
        f"al menos {minimo:,} ({_pct(minimo, 99448)}) y a lo sumo {maximo:,} ({_pct(maximo, 99448)})" in cap4
    )


def test_cetpro_ciclos_y_especialidades(cap4, publicado):
    assert f"cursan estudios técnicos {publicado('7,560')} personas" in cap4
    assert (
        f"En el ciclo básico cursan estudios {publicado('7,418')} personas. La especialidad con mayor número de "
        f"estudiantes es textil y confección ({publicado('1,571')}; {_pct(1571, 7418)}), seguida por artesanía y "
        f"manualidades "
        f"({publicado('1,144')}; {_pct(1144, 7418)}) y construcciones ({publicado('982')}; {_pct(982, 7418)})"
    ) in cap4


def test_cetpro_intermedio_nombra_a_la_mayor(cap4, publicado):
    """INC-27: the 2024 text named textil (52) the largest; hostelería (60) is."""
    publicado("mayor cantidad de estudiantes (52)")
    assert f"es hostelería y turismo ({publicado('60')}; " in cap4
    assert "es textil y confección (52)" not in cap4


@pytest.mark.parametrize(
    "actividad, grafico, narrativa",
    [
        ("carpintería en madera", "2,612", "2,737"),
        ("confección/costura y/o sastrería", "661", "618"),
        ("manualidades/bisutería/juguetería", "4,163", "3,567"),
        ("economato", "914", "966"),
    ],
)
def test_grupos_de_trabajo_usan_los_valores_del_grafico(cap4, publicado, actividad, grafico, narrativa):
    """INC-30…33: the 2024 narratives quoted stale figures; text and chart now share one value."""
    publicado(grafico), publicado(narrativa)
    assert f"es {actividad} ({grafico};" in cap4
    assert f"({narrativa})" not in cap4 and f"({narrativa};" not in cap4


def test_grupos_ordenados_por_inscritos(cap4, publicado):
    assert (
        f"en actividades en talleres ({publicado('10,573')}; {_pct(10573, 28101)}), seguida por otras actividades "
        f"individuales y grupales ({publicado('6,138')}"
    ) in cap4


def test_oficinas_lima(cap4, publicado):
    publicado("28,1%"), publicado("47,1%")
    assert (
        f"La Oficina Regional Lima concentra el 28.1% ({publicado('7,902')}) de los inscritos en trabajo"
        in cap4
    )
    assert f"Lima reúne el 47.1% ({publicado('7,716')}) de los matriculados" in cap4


def test_primer_ingreso(cap4, publicado):
    """85.3% as published; education 79.9% as its chart (the 2024 text rounded it to 80%, NUEVA-C4-02)."""
    publicado("79,9%")
    assert (
        f"El {publicado('85.3%')} ({publicado('23,963')}) de la población inscrita en trabajo y el "
        f"79.9% ({publicado('13,091')}) de los matriculados en educación ingresaron por primera vez"
    ) in cap4


def test_distribucion_de_ingresos_que_no_cierra(cap4, publicado):
    """INC-38: the published bars add up to 28,096, five fewer than 28,101: the reader is told that five
    have no recorded number of entries, and the offence table's last column says it holds them."""
    barras = [23963, 2899, 707, 275, 112, 67, 40, 17, 7, 9]
    publicado("23,963 2,899 707 275 112 67 40 17 7 9")
    faltan = 28101 - sum(barras)
    assert (
        f"en trabajo, {faltan} de las {publicado('28,101')} personas no tienen registrado su número" in cap4
    )
    assert "4 a más o sin dato" in cap4


def test_delitos_educacion_segundo_es_violacion_de_menor(cap4, publicado):
    """INC-40: for education the second crime is violación sexual de menor de edad, not TID."""
    assert (
        f"Entre los matriculados en educación, el delito específico más frecuente es robo agravado "
        f"({publicado('3,362')}), seguido por violación sexual de menor de edad ({publicado('1,750')})"
    ) in cap4


def test_establecimientos_donde_la_suma_supera_la_poblacion(cap4):
    assert "Sicuani: 294 frente a 236" in cap4 and "Virgen de Fátima: 298 frente a 284" in cap4


def test_jovenes(cap4, publicado):
    publicado("25% (25,150)"), publicado("21% (5,383)")
    assert (
        f"El {_pct(25150, 99448)} ({publicado('25,150')}) de la población penitenciaria son jóvenes de 18 a 29 años"
        in cap4
    )
    assert f"el {_pct(5383, 25150)} ({publicado('5,383')}) está inscrito en trabajo" in cap4


def test_variacion_desde_diciembre(cap4, publicado):
    base, actual = _num(publicado("27,042")), _num(publicado("28,101"))
    assert (
        f"los inscritos en trabajo registran un incremento de {_pct(actual - base, base)} ({actual - base:,})"
        in cap4
    )


def test_setiembre_sin_detalle_omite_secciones(informe_setiembre, publicado):
    from conftest import texto_pdf

    texto = texto_pdf(informe_setiembre.pdf)
    base, setiembre = _num(publicado("27,042")), _num(publicado("27,368"))
    assert (
        f"De diciembre 2023 a setiembre 2024, los inscritos en trabajo registran un incremento de "
        f"{_pct(setiembre - base, base)} ({setiembre - base:,})"
    ) in texto
    # the sections keep their headings with a reader's note; the tables are named in the quality report
    assert "Sin información para este mes." in texto
    calidad = informe_setiembre.calidad.read_text(encoding="utf-8")
    for tabla in ("trabajo_inscritos_actividad", "educacion_matriculados_programa"):
        assert tabla not in texto and tabla in calidad
    assert "trabajo_condicion_edad" in calidad and "2024-09" in calidad


def test_reporte_de_calidad_lista_el_capitulo(informe):
    calidad = informe.calidad.read_text(encoding="utf-8")
    for esperado in ("codigo_ep=SICUANI", "28,096", "INC-35", "INC-38", "NUEVA-C4-01"):
        assert esperado in calidad, esperado


def test_cada_errata_con_figura_apunta_a_una_cifra_calculada():
    """The `figura` column of data/erratas/cap4.csv names figures the report computes (shown in the QA report)."""
    import csv

    from conftest import RAIZ

    from inpe_informe import quality as qa
    from inpe_informe.capitulos import tablas_del_informe
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import calcular, cargar_y_validar

    cfg = leer_config(RAIZ / "config.yaml")
    indicadores, _ = calcular(cfg, cargar_y_validar(cfg, tablas_del_informe())[0])
    valores = qa.cifras(indicadores)
    with open(RAIZ / "data/erratas/cap4.csv", encoding="utf-8") as fh:
        figuras = {f["id"]: f["figura"] for f in csv.DictReader(fh) if f["figura"]}
    assert len(figuras) >= 10
    faltan = {i: f for i, f in figuras.items() if f not in valores}
    assert not faltan, faltan
    assert valores[figuras["ch3_4/INC-36"]] == Decimal("16.5")
    assert valores[figuras["ch3_4/INC-38"]] == 28101 - 28096
    assert valores[figuras["ch3_4/INC-27"]] == 60


def test_promedio_y_receso_escolar(cap4, publicado):
    """Education averages ENE–DIC 2024 from the published monthly series; January is the school-holiday low."""
    educacion = [393, 737, 13643, 16339, 16486, 16651, 16691, 16613, 16665, 16757, 16376, 16387]
    publicado("393"), publicado("13,643")
    media = int((Decimal(sum(educacion)) / 12).quantize(Decimal("1"), ROUND_HALF_UP))
    assert f"{media:,} matriculados en educación" in cap4
    assert (
        "El mes con menos matriculados es enero 2024 (393), que coincide con el receso del año escolar"
        in cap4
    )


def test_titulos_y_encabezados_tienen_ingles(informe):
    """Titles built at render time (chart titles, table headers) must also be in the English catalogue."""
    sin_ingles = [h.mensaje for h in informe.hallazgos if h.tabla == "traducciones"]
    assert not sin_ingles, sin_ingles


def test_cuota_nor_oriente_educacion_redondeada_por_si_sola(cap4, publicado):
    """Nor Oriente's 1,451 of the 16,387 enrolled is 8.855% → 8.9% on its own, as published (the
    largest-remainder method printed 8.8%)."""
    nor_oriente, total = _num(publicado("1,451")), _num(publicado("16,387"))
    pct = _pct(nor_oriente, total)
    assert publicado(pct.replace(".", ",")) == "8,9%"
    assert f"Nor Oriente - San Martín {pct} ({publicado('1,451')})" in cap4
