"""Configuration and command line: Spanish messages, all problems at once, exit codes."""

import dataclasses

import pytest
import yaml
from conftest import RAIZ

from inpe_informe.cli import main
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
