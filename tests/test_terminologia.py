"""One English vocabulary: every catalog translates each termbase entry (templates/terminos.yaml) its way.

The check reads the catalogs (templates/locale/en/*.po), which also hold the English of every
label of templates/etiquetas*.yaml, so charts, tables and text are covered alike.
"""

import pytest
from conftest import RAIZ

from inpe_informe.i18n import leer_catalogo, leer_etiquetas
from inpe_informe.terminologia import (
    leer_siglas,
    leer_terminos,
    patron_palabra,
    revisar,
    revisar_catalogos,
    terminos_en,
)

PLANTILLAS = RAIZ / "templates"


@pytest.fixture(scope="module")
def terminos():
    return leer_terminos(PLANTILLAS)


def test_catalogos_siguen_la_terminologia():
    discrepancias = revisar_catalogos(PLANTILLAS)
    assert not discrepancias, "\n".join(map(str, discrepancias))


def test_las_etiquetas_estan_en_los_catalogos_revisados(terminos):
    """Labels reach charts through the catalogs: a label using a term is checked there."""
    from inpe_informe.i18n import _textos_etiquetas

    catalogo = leer_catalogo(PLANTILLAS)
    con_termino = {t for t in _textos_etiquetas(leer_etiquetas(PLANTILLAS)) if terminos_en(t, terminos)}
    assert con_termino and con_termino <= set(catalogo), sorted(con_termino - set(catalogo))


# Translations the catalogs carried before the termbase: each must be rejected, naming its entry.
ANTES = [
    ("Atendidos", "Patients seen", "atendidos"),
    ("Internos atendidos", "Inmates attended", "atendidos"),
    ("Población atendida", "People attended", "atendidos"),
    ("Promedio mensual de atenciones", "Monthly average of services provided", "atenciones"),
    ("Beneficiados", "Persons served", "beneficiados"),
    ("Procesados", "Awaiting trial", "procesados"),
    ("% del RCO", "% of COR", "rco"),
    ("Total RCE", "Total CSR", "rce"),
    (
        "El régimen cerrado comprende el Régimen Cerrado Ordinario y el Régimen Cerrado Especial",
        "The closed regime comprises the Ordinary Closed Regime and the Closed Special Regime",
        "regimen_cerrado_ordinario",
    ),
    ("Dirección de Medio Libre", "Directorate of Community Corrections", "direccion_medio_libre"),
    ("Tratamiento en el Medio Libre", "Treatment in Community Corrections", "medio_libre"),
    ("Medio libre: campañas locales", "Open environment: local campaigns", "medio_libre"),
    ("Establecimiento de Medio Libre", "Community-based establishment", "establecimiento_medio_libre"),
    (
        "Egresados de establecimiento penitenciario",
        "Released from a prison establishment",
        "establecimiento_penitenciario",
    ),
    ("Salud penitenciaria", "Penitentiary health", "salud_penitenciaria"),
    (
        "Programa Construyendo Rutas de Esperanza y Oportunidades (CREO)",
        "Building Routes of Hope and Opportunities Programme (CREO)",
        "creo",
    ),
    ("CREO", "CREO (young first offenders)", "creo"),
    ("Otros E.M.L. (sin desagregar)", "Other establishments (not broken down)", "eml"),
]


@pytest.mark.parametrize("msgid, msgstr, clave", ANTES, ids=[a[2] + ":" + a[1] for a in ANTES])
def test_la_revision_rechaza_las_traducciones_de_antes(terminos, msgid, msgstr, clave):
    assert any(p.endswith(f"[{clave}]") for p in revisar(msgid, msgstr, terminos)), revisar(
        msgid, msgstr, terminos
    )


def test_la_revision_acepta_la_terminologia(terminos):
    assert not revisar("Atendidos", "People served", terminos)
    assert not revisar("% del RCO", "% of RCO", terminos)
    assert not revisar("Internos por profesional", "Inmates per professional", terminos)


def test_un_catalogo_de_antes_falla(tmp_path):
    """The whole check, on a catalog folder holding translations of before: it reports each one."""
    (tmp_path / "cap9.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Atendidos"\nmsgstr "Patients seen"\n\n'
        'msgid "Dirección de Medio Libre"\nmsgstr "Directorate of Community Corrections"\n\n'
        'msgid "Fuente"\nmsgstr "Source"\n',
        encoding="utf-8",
    )
    discrepancias = revisar_catalogos(PLANTILLAS, tmp_path)
    assert {d.msgid for d in discrepancias} == {"Atendidos", "Dirección de Medio Libre"}


def test_manda_la_forma_mas_larga(terminos):
    claves = [t.clave for t in terminos_en("La Dirección de Medio Libre y el medio libre", terminos)]
    assert claves == ["direccion_medio_libre", "medio_libre"]
    assert [t.clave for t in terminos_en("El régimen penitenciario interno", terminos)] == [
        "regimen_penitenciario_interno"
    ]
    assert [t.clave for t in terminos_en("Atendidos en consulta externa", terminos)] == [
        "atendidos_consulta_externa"
    ]


def test_marcadores_y_etiquetas_no_son_texto(terminos):
    assert not terminos_en("En el %(etapa)s se registra %(atendidos)s", terminos)
    assert not terminos_en('<span class="internos">x</span>', terminos)


def test_la_terminologia_es_coherente(terminos):
    """No rejected variant hides inside an accepted English form; every entry names its English."""
    aceptadas = [(t.clave, f) for t in terminos for f in (t.en, *t.formas, t.glosa) if f]
    choques = [
        (t.clave, v, clave, f)
        for t in terminos
        for v in t.no_usar
        for clave, f in aceptadas
        if patron_palabra(v).search(f)
    ]
    assert not choques, choques
    assert all(t.es and t.en for t in terminos)


def test_el_glosario_usa_la_terminologia(terminos):
    """A glossary entry linked to a termbase entry expands to that entry's English."""
    por_clave = {t.clave: t for t in terminos}
    siglas = leer_siglas(PLANTILLAS)
    sin_termino = [s["sigla"] for s in siglas if s["termino"] and s["termino"] not in por_clave]
    assert not sin_termino, sin_termino
    distintas = [
        (s["sigla"], s["en"])
        for s in siglas
        if s["termino"]
        and not any(
            patron_palabra(f).search(s["en"])
            for f in (por_clave[s["termino"]].en, *por_clave[s["termino"]].formas)
        )
    ]
    assert not distintas, distintas
