"""run.al_lado: a part of the build computed in a forked process while the build goes on (real processes)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from inpe_informe import run
from inpe_informe.errors import DatosError, InformeError


def _pid_y_doble(x):
    return os.getpid(), 2 * x


def test_el_resultado_llega_de_otro_proceso_y_sin_paralelo_se_calcula_aqui():
    with run.al_lado(_pid_y_doble, 21) as resultado:
        pid, valor = resultado()
    assert valor == 42 and pid != os.getpid()
    with run.al_lado(_pid_y_doble, 21, paralelo=False) as resultado:
        assert resultado() == (os.getpid(), 42)


def _falla_con_datos():
    raise DatosError("falta la tabla «x»", ["hallazgo"])


def test_el_error_del_otro_proceso_llega_entero():
    with (
        pytest.raises(DatosError, match="falta la tabla «x»") as error,
        run.al_lado(_falla_con_datos) as resultado,
    ):
        resultado()
    assert error.value.hallazgos == ["hallazgo"]


class _NoViaja(Exception):
    def __init__(self):
        super().__init__("no viaja")
        self.cerrojo = threading.Lock()  # cannot be pickled


def _falla_sin_poder_viajar():
    raise _NoViaja()


def test_un_error_que_no_puede_viajar_llega_como_fallo_inesperado_con_su_mensaje():
    with (
        pytest.raises(RuntimeError, match="_NoViaja: no viaja"),
        run.al_lado(_falla_sin_poder_viajar) as resultado,
    ):
        resultado()


def _muere():
    os._exit(3)


def test_un_proceso_que_muere_sin_responder_da_un_error_en_espanol():
    with pytest.raises(InformeError, match="terminó sin terminar su parte"), run.al_lado(_muere) as resultado:
        resultado()


def _espera_mucho():
    import time

    time.sleep(60)


def test_si_el_bloque_falla_el_otro_proceso_no_sigue_vivo():
    with pytest.raises(ValueError), run.al_lado(_espera_mucho) as resultado:
        hijos = [int(p) for p in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()]
        raise ValueError("la maquetación falló")
    del resultado
    vivos = [
        pid
        for pid in hijos
        if Path(f"/proc/{pid}").exists()
        and Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    ]
    assert hijos and not vivos
