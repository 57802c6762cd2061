"""Office extracts: one oficina's own figures, from the same computation as the national report."""

import pytest
from conftest import RAIZ, texto_pdf

from inpe_informe.capitulos import extraer
from inpe_informe.capitulos.protocolo import Resultado
from inpe_informe.errors import DatosError


@pytest.fixture(scope="module")
def extracto_norte(tmp_path_factory):
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import construir_extractos

    tmp = tmp_path_factory.mktemp("extracto")
    # two extracts laid out in parallel worker processes
    cfg = leer_config(RAIZ / "config.yaml", salida=tmp / "output", figuras=tmp / "figures", procesos=2)
    rutas = construir_extractos(cfg, ["NORTE", "SUR"])
    assert [r.name for r in rutas] == [
        "informe-tratamiento-2024-12-oficina-norte.pdf",
        "informe-tratamiento-2024-12-oficina-norte-resumen.pdf",
        "informe-tratamiento-2024-12-oficina-sur.pdf",
        "informe-tratamiento-2024-12-oficina-sur-resumen.pdf",
    ]
    assert all(r.exists() for r in rutas)
    return rutas[0]


def test_extracto_de_una_oficina(extracto_norte, texto, publicado):
    assert extracto_norte.name == "informe-tratamiento-2024-12-oficina-norte.pdf"
    propio = texto_pdf(extracto_norte)
    assert "Oficina Regional Norte" in propio
    # the office's figures are the national report's figures for that office
    for cifra in ("19,249", publicado("962"), "E.P. de Chiclayo"):
        assert cifra in propio and cifra in texto
    assert "E.P. Ancón" not in propio and "E.P. de Lurigancho" not in propio, (
        "only the office's establishments"
    )
    assert "Total nacional" in propio and "99,443" in propio


def test_resumen_de_una_oficina(extracto_norte, texto):
    """The office's summary: the national main points and the office's headline figures beside the national."""
    resumen = texto_pdf(extracto_norte.with_name(extracto_norte.stem + "-resumen.pdf"))
    assert "Puntos principales" in resumen and "Oficina Regional Norte" in resumen
    assert "19,249" in resumen and "19,249" in texto  # the office's population, as the report prints it
    assert "99,443" in resumen


def test_oficina_desconocida(tmp_path):
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import construir_extractos

    cfg = leer_config(RAIZ / "config.yaml", salida=tmp_path / "o", figuras=tmp_path / "f")
    with pytest.raises(DatosError, match="Oficina regional desconocida: NORTEE"):
        construir_extractos(cfg, ["NORTEE"])


def test_extraer_toma_la_oficina_de_cada_capitulo():
    indicadores = {
        "cap1": Resultado(
            True,
            {
                "oficinas": {
                    "institucional": [
                        {"codigo": "A", "total_general": 30, "cuota_total_rce": 1},
                        {"codigo": "B", "total_general": 70},
                    ],
                    "por_total": [{"codigo": "B"}, {"codigo": "A"}],
                    "total": {"total_general": 100},
                },
            },
        ),
        "cap7": Resultado(
            True, {"anual": {"anio": 2024, "oficinas": [{"clave": "A", "valor": 5, "porcentaje": 50}]}}
        ),
        "cap5": Resultado(False),
    }
    x = extraer(indicadores, "A")
    assert x["cap1"]["cuota_total"] == 30 and x["cap1"]["puesto"] == 2
    assert x["cap7"]["oficina"]["valor"] == 5 and x["cap5"] is None and x["cap2"] is None


def test_vista_previa_de_un_capitulo_sin_pdf(tmp_path):
    """--capitulo N --solo-html: the chapter's pages as HTML, for an editor, with the report's figures."""
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import construir_vista

    cfg = leer_config(RAIZ / "config.yaml", salida=tmp_path / "o", figuras=tmp_path / "f")
    ruta = construir_vista(cfg, [1], solo_html=True)
    html = ruta.read_text(encoding="utf-8")
    assert ruta.name == "informe-tratamiento-2024-12-capitulo-1.html"
    assert 'id="cap1"' in html and 'id="cap2"' not in html and "99,443" in html
    with pytest.raises(DatosError, match="cap9 no existe"):
        construir_vista(cfg, [9], solo_html=True)
