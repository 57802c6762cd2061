"""One bad-input test per validation rule: the message names file, row and column in Spanish."""

import shutil
from pathlib import Path

import pytest

from inpe_informe.errors import DatosError
from inpe_informe.load import cargar_carpeta, cargar_libro
from inpe_informe.schema import leer_esquemas
from inpe_informe.validate import ADVERTENCIA, ERROR, validar

RAIZ = Path(__file__).resolve().parent.parent
TABLAS = [
    "establecimientos",
    "oficinas_regionales",
    "poblacion_regimen_nacional",
    "poblacion_regimen_oficina",
    "poblacion_regimen_ep",
]
NACIONAL = "cap1/poblacion_regimen_nacional.csv"


@pytest.fixture
def datos(tmp_path):
    """A private copy of Chapter I's tables and schemas."""
    (tmp_path / "esquemas").mkdir()
    for tabla in TABLAS:
        shutil.copy(RAIZ / "data/esquemas" / f"{tabla}.yaml", tmp_path / "esquemas")
    for carpeta in ("referencia", "cap1"):
        shutil.copytree(RAIZ / "data" / carpeta, tmp_path / carpeta)
    return tmp_path


def _hallazgos(carpeta):
    esquemas = leer_esquemas(carpeta)
    return validar(cargar_carpeta(carpeta, esquemas, carpeta))[1]


def _editar(carpeta, archivo, viejo, nuevo):
    ruta = carpeta / archivo
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto
    ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")


def _unico(hallazgos, severidad=ERROR):
    propios = [h for h in hallazgos if h.severidad == severidad]
    assert len(propios) >= 1, hallazgos
    return propios[0].texto()


def test_datos_embebidos_sin_hallazgos(datos):
    assert _hallazgos(datos) == []


def test_separador_de_miles(datos):
    _editar(datos, NACIONAL, "2024-12,99443,85726", '2024-12,99443,"85,726"')
    msg = _unico(_hallazgos(datos))
    assert "poblacion_regimen_nacional.csv" in msg and "fila 14" in msg and "columna total_rco" in msg
    assert "sin separador de miles (85726)" in msg


def test_texto_en_columna_numerica(datos):
    _editar(datos, NACIONAL, "2024-12,99443", "2024-12,noventa")
    msg = _unico(_hallazgos(datos))
    assert "fila 14, columna total_general" in msg and "«noventa»" in msg and "entero" in msg


def test_conteo_negativo(datos):
    _editar(datos, NACIONAL, ",508\n", ",-508\n")
    msg = _unico(_hallazgos(datos))
    assert "fila 14, columna periodo_observacion" in msg and "negativo" in msg


def test_columna_faltante_y_sobrante(datos):
    _editar(datos, NACIONAL, "periodo_observacion\n", "observados\n")
    msg = " | ".join(h.texto() for h in _hallazgos(datos))
    assert "poblacion_regimen_nacional.csv" in msg and "periodo_observacion" in msg and "observados" in msg


def test_establecimiento_desconocido(datos):
    _editar(datos, "cap1/poblacion_regimen_ep.csv", "2024-12,TUMBES,", "2024-12,TUMBEZ,")
    msg = _unico(_hallazgos(datos))
    assert "fila 2, columna codigo_ep" in msg and "«TUMBEZ» desconocido" in msg


def test_oficina_desconocida(datos):
    _editar(datos, "cap1/poblacion_regimen_oficina.csv", "2024-12,NORTE,", "2024-12,NORESTE,")
    msg = _unico(_hallazgos(datos))
    assert "fila 2, columna codigo_oficina" in msg and "NORESTE" in msg


def test_clave_duplicada(datos):
    _editar(datos, NACIONAL, "2024-01,", "2023-12,")
    msg = _unico(_hallazgos(datos))
    assert "fila 3" in msg and "duplicada" in msg and "periodo=2023-12" in msg


def test_periodo_mal_escrito(datos):
    _editar(datos, NACIONAL, "2024-01,", "01/2024,")
    msg = _unico(_hallazgos(datos))
    assert "fila 3, columna periodo" in msg and "AAAA-MM" in msg


@pytest.mark.parametrize(
    "viejo, nuevo, identidad",
    [
        ("2024-12,99443,", "2024-12,99444,", "total_general = total_rco + total_rce + periodo_observacion"),
        ("85726,10331,", "85726,10332,", "total_rco = rco_maxima + rco_mediana + rco_minima"),
        ("13209,3489,", "13209,3490,", "total_rce = rce_a + rce_b + rce_c"),
    ],
)
def test_identidades_son_advertencias(datos, viejo, nuevo, identidad):
    _editar(datos, NACIONAL, viejo, nuevo)
    hallazgos = _hallazgos(datos)
    assert not [h for h in hallazgos if h.severidad == ERROR]
    textos = [h.texto() for h in hallazgos if h.severidad == ADVERTENCIA]
    assert any(identidad in t and "fila 14" in t for t in textos), textos


def test_oficina_igual_a_suma_de_establecimientos(datos):
    # Tumbes +1 in every column keeps its row identities but breaks Norte = Σ establishments.
    _editar(
        datos,
        "cap1/poblacion_regimen_ep.csv",
        "2024-12,TUMBES,1198,1096,103,205,788,93,22,27,44,9",
        "2024-12,TUMBES,1199,1097,104,205,788,93,22,27,44,9",
    )
    textos = [h.texto() for h in _hallazgos(datos) if h.severidad == ADVERTENCIA]
    assert any(
        "codigo_oficina=NORTE" in t and "total_general = 19,249" in t and "19,250" in t for t in textos
    ), textos


def test_nacional_igual_a_suma_de_oficinas(datos):
    _editar(datos, "cap1/poblacion_regimen_oficina.csv", "2024-12,LIMA,46136,", "2024-12,LIMA,46137,")
    textos = [h.texto() for h in _hallazgos(datos)]
    assert any(
        "poblacion_regimen_nacional" in t and "periodo=2024-12" in t and "total_general = 99,443" in t
        for t in textos
    )


def test_archivo_que_no_es_utf8(datos):
    ruta = datos / "referencia/establecimientos.csv"
    ruta.write_bytes(ruta.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DatosError, match="establecimientos.csv: el archivo no está en UTF-8"):
        _hallazgos(datos)


def test_todos_los_problemas_juntos(datos):
    _editar(datos, NACIONAL, "2024-12,99443,85726", '2024-12,x,"85,726"')
    _editar(datos, "cap1/poblacion_regimen_ep.csv", "2024-12,TUMBES,", "2024-12,TUMBEZ,")
    assert len([h for h in _hallazgos(datos) if h.severidad == ERROR]) == 3


def test_libro_xlsx_con_referencia_de_celda(datos, tmp_path):
    from openpyxl import Workbook

    libro = Workbook()
    libro.remove(libro.active)
    for tabla in TABLAS:
        esquema = leer_esquemas(datos)[tabla]
        hoja = libro.create_sheet(tabla)
        for fila in (datos / esquema.archivo).read_text(encoding="utf-8").splitlines():
            hoja.append([int(c) if c.isdigit() else c for c in fila.split(",")])
    libro["poblacion_regimen_nacional"]["C14"] = "85.726"
    ruta = tmp_path / "mes.xlsx"
    libro.save(ruta)
    esquemas = {k: v for k, v in leer_esquemas(datos).items() if k in TABLAS}
    _tablas, hallazgos = validar(cargar_libro(ruta, esquemas))
    msg = _unico(hallazgos)
    assert "mes.xlsx (hoja «poblacion_regimen_nacional»)" in msg and "celda C14" in msg and "85726" in msg


def test_regla_menor_o_igual_y_suma_agrupada(tmp_path):
    """`a <= b` rules and `suma_de` grouped by several columns report the row and the difference."""
    (tmp_path / "esquemas").mkdir()
    (tmp_path / "esquemas/detalle.yaml").write_text(
        "tabla: detalle\narchivo: detalle.csv\ncolumnas:\n"
        "  - {nombre: periodo, tipo: periodo}\n  - {nombre: servicio, tipo: texto}\n  - {nombre: sexo, tipo: texto}\n"
        "  - {nombre: atendidos, tipo: entero}\n  - {nombre: atenciones, tipo: entero}\n"
        "identidades:\n  - atendidos <= atenciones\n",
        encoding="utf-8",
    )
    (tmp_path / "esquemas/total.yaml").write_text(
        "tabla: total\narchivo: total.csv\ncolumnas:\n"
        "  - {nombre: periodo, tipo: periodo}\n  - {nombre: servicio, tipo: texto}\n"
        "  - {nombre: atendidos, tipo: entero}\n"
        "suma_de: {tabla: detalle, agrupar: [servicio]}\n",
        encoding="utf-8",
    )
    (tmp_path / "detalle.csv").write_text(
        "periodo,servicio,sexo,atendidos,atenciones\n2024-01,legal,m,5,9\n2024-01,legal,h,8,7\n",
        encoding="utf-8",
    )
    (tmp_path / "total.csv").write_text("periodo,servicio,atendidos\n2024-01,legal,14\n", encoding="utf-8")
    hallazgos = _hallazgos(tmp_path)
    textos = [h.texto() for h in hallazgos if h.severidad == ADVERTENCIA]
    assert any("fila 3" in t and "atendidos <= atenciones" in t and "8 frente a 7" in t for t in textos), (
        textos
    )
    assert any("servicio=legal" in t and "14" in t and "13" in t and "+1" in t for t in textos), textos
    assert len(textos) == 2
