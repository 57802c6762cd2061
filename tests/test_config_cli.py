"""Configuration and command line: Spanish messages, all problems at once, exit codes."""

import dataclasses
import re

import pytest
import yaml
from conftest import RAIZ

from inpe_informe.cli import ACCIONES, interpretar, main
from inpe_informe.config import EN_YAML, leer_config, plano
from inpe_informe.errors import ConfigError


def test_config_por_defecto():
    cfg = leer_config(RAIZ / "config.yaml")
    assert str(cfg.periodo) == "2024-12" and str(cfg.fecha_edicion) == "2025-01"
    assert cfg.ventana_promedio == "anio"


def test_config_reporta_todos_los_problemas(tmp_path):
    ruta = tmp_path / "config.yaml"
    ruta.write_text(
        "periodo: 2024-13\nidioma: fr\nclave_rara: 1\ncalculo:\n  ventana_promedio: semanal\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        leer_config(ruta)
    mensaje = str(exc.value)
    for parte in (
        "clave desconocida «clave_rara»",
        "«periodo»",
        "«idioma» = 'fr'",
        "«calculo.ventana_promedio» = 'semanal'",
    ):
        assert parte in mensaje


def test_config_yaml_documenta_cada_clave_declarada():
    escritas = plano(yaml.safe_load((RAIZ / "config.yaml").read_text(encoding="utf-8")))
    assert sorted(escritas) == sorted(EN_YAML)


def test_config_inmutable_y_valores_de_la_linea_de_comandos_validados(tmp_path):
    cfg = leer_config(RAIZ / "config.yaml", salida=tmp_path, estricto=True)
    assert cfg.salida == tmp_path and cfg.estricto is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.salida = RAIZ
    with pytest.raises(ConfigError) as exc:
        leer_config(RAIZ / "config.yaml", idioma="fr", periodo="2024-13", procesos=-1)
    mensaje = str(exc.value)
    assert "«idioma» = 'fr'" in mensaje and "«periodo» = '2024-13'" in mensaje
    assert "«rendimiento.procesos» = -1" in mensaje


def test_cli_error_en_espanol_sin_traceback(capsys):
    assert main(["--periodo", "diciembre", "--config", str(RAIZ / "config.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ERROR:") and "AAAA-MM" in err and "Traceback" not in err


def test_cli_ayuda_en_espanol(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    salida = capsys.readouterr().out
    assert "--periodo" in salida and "--estricto" in salida and "mes del informe" in salida


def test_cli_validar(capsys):
    assert main(["validar", "--config", str(RAIZ / "config.yaml")]) == 0
    assert "Validación terminada" in capsys.readouterr().out


def _invocaciones() -> set[str]:
    """Every `build_report.py …` spelling the docs, the data guide and the package's messages show users."""
    textos = [p for p in RAIZ.rglob("*.md") if not {".venv", "output"} & set(p.parts)]
    textos += list((RAIZ / "inpe_informe").rglob("*.py"))
    patron = re.compile(
        r"build_report\.py((?:[ \t]+[-\w./={}]+)*+)(?!\))"
    )  # not a hint: «(build_report.py importar)»
    encontradas = {
        m.group(1).strip() for ruta in textos for m in patron.finditer(ruta.read_text(encoding="utf-8"))
    }
    return {
        i for i in encontradas if "{" not in i
    }  # a command the code fills in (f-string) is not a spelling


def test_cada_invocacion_documentada_se_interpreta():
    invocaciones = _invocaciones()
    # today's spellings, documented or not, keep their meaning
    invocaciones |= {"--capitulo 3 --solo-html", "--config config.yaml validar", "--silencioso --idioma en"}
    assert len(invocaciones) > 15, invocaciones
    for linea in sorted(i for i in invocaciones if "--help" not in i):  # help: test_cada_accion_tiene…
        accion, _op = interpretar(linea.split())
        esperada = next((a for a in ACCIONES if a in linea.split()), "informe")
        assert accion == esperada, linea


@pytest.mark.parametrize(
    ("argv", "accion", "opciones"),
    [
        ([], "informe", {"periodo": None, "config": "config.yaml"}),
        (["--periodo", "2024-09", "--idioma", "en"], "informe", {"periodo": "2024-09", "idioma": "en"}),
        (["informe", "--periodo", "2024-09"], "informe", {"periodo": "2024-09"}),
        (["--oficina", "NORTE", "--oficina", "sur"], "informe", {"oficina": ["NORTE", "sur"]}),
        (
            ["--capitulo", "3", "--capitulo", "5", "--solo-html"],
            "informe",
            {"capitulo": [3, 5], "solo_html": True},
        ),
        (
            ["importar", "libro.xlsx", "--reemplazar"],
            "importar",
            {"archivo": "libro.xlsx", "reemplazar": True},
        ),
        (["plantilla", "--periodo", "2025-01"], "plantilla", {"periodo": "2025-01"}),
        (
            ["--config", "otro.yaml", "validar", "--silencioso"],
            "validar",
            {"config": "otro.yaml", "silencioso": True},
        ),
        (
            ["--estricto", "--comparar-con", "output/anterior", "--salida", "o"],
            "informe",
            {"estricto": True, "salida": "o"},
        ),
    ],
)
def test_acciones_y_sus_opciones(argv, accion, opciones):
    obtenida, op = interpretar(argv)
    assert obtenida == accion and {k: getattr(op, k) for k in opciones} == opciones


@pytest.mark.parametrize("accion", list(ACCIONES))
def test_cada_accion_tiene_su_ayuda_en_espanol(accion, capsys):
    with pytest.raises(SystemExit) as salida:
        main([accion, "--help"])
    ayuda = capsys.readouterr().out
    assert salida.value.code == 0
    assert (
        ayuda.startswith(f"uso: build_report.py {accion}")
        and "opciones:" in ayuda
        and "show this" not in ayuda
    )
    assert ("--periodo" in ayuda) == (accion in ("informe", "plantilla"))


@pytest.mark.parametrize(
    ("argv", "mensaje"),
    [
        (["importar"], "falta indicar: LIBRO.xlsx"),
        (["--idioma", "fr"], "--idioma: valor no válido: 'fr'"),
        (["resumir"], "ACCIÓN: valor no válido: 'resumir'"),
        (["--periodo", "2024-09", "validar"], "--periodo: no es una opción de «validar»"),
        (["--opcion-rara"], "argumentos no reconocidos: --opcion-rara"),
    ],
)
def test_error_de_uso_una_linea_en_espanol_y_codigo_1(argv, mensaje, capsys):
    with pytest.raises(SystemExit) as salida:
        main(argv)
    err = capsys.readouterr().err
    assert salida.value.code == 1 and err.startswith("ERROR: ") and mensaje in err and err.count("\n") == 1


@pytest.mark.parametrize("silencioso", [False, True])
def test_avance_en_la_terminal_y_detalle_en_el_registro(tmp_path, capsys, silencioso):
    """Progress (· …) on stderr unless --silencioso; the run's details and its error only in the run log."""
    argv = ["--periodo", "2025-03", "--salida", str(tmp_path), "--config", str(RAIZ / "config.yaml")]
    assert main(argv + ["--silencioso"] * silencioso) == 1
    err = capsys.readouterr().err
    lineas = err.splitlines()
    assert lineas[-1].startswith("ERROR: No hay datos para el periodo 2025-03")
    assert ("· Cargando y validando data/ …" in lineas) != silencioso
    assert "tablas leídas" not in err and all(linea.startswith(("· ", "ERROR: ")) for linea in lineas)
    [registro] = (tmp_path / "registros").glob("*.log")
    texto = registro.read_text(encoding="utf-8")
    assert "tablas leídas: " in texto and "Cargando" not in texto
    assert "ERROR generación interrumpida: DatosError: No hay datos para el periodo 2025-03" in texto
