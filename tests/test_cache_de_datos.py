"""The computed period kept between runs (rendimiento.cache_datos): reused only while data/ is unchanged."""

from __future__ import annotations

from conftest import copia_del_proyecto

from inpe_informe import run
from inpe_informe.config import leer_config
from inpe_informe.prepare import cargar_y_calcular

TABLA = "data/cap1/poblacion_regimen_ep.csv"


def _calcular(raiz, nombre):
    cfg = leer_config(raiz / "config.yaml", salida=raiz / "output")
    with run.Registro(cfg.salida / "registros", nombre) as registro:
        datos = cargar_y_calcular(cfg, registro)
    reusado = "se toman sus cálculos" in registro.ruta.read_text(encoding="utf-8")
    return datos, reusado


def test_los_calculos_se_reusan_solo_mientras_data_no_cambia(tmp_path):
    raiz = copia_del_proyecto(tmp_path)
    primero, reusado = _calcular(raiz, "primero")
    assert not reusado
    segundo, reusado = _calcular(raiz, "segundo")
    assert reusado and segundo.valores == primero.valores and segundo.hallazgos == primero.hallazgos

    # Tumbes' December gains 10 internos in RCO mínima: totals and the national figures move with it
    tabla = raiz / TABLA
    filas = tabla.read_text(encoding="utf-8").splitlines()
    columnas = filas[0].split(",")
    for i, fila in enumerate(filas):
        celdas = fila.split(",")
        if celdas[:2] == ["2024-12", "TUMBES"]:
            for columna in ("total_general", "total_rco", "rco_minima"):
                celdas[columnas.index(columna)] = str(int(celdas[columnas.index(columna)]) + 10)
            filas[i] = ",".join(celdas)
    tabla.write_text("\n".join(filas) + "\n", encoding="utf-8")
    tercero, reusado = _calcular(raiz, "tercero")
    assert not reusado
    cambiadas = {k for k in primero.valores if tercero.valores.get(k) != primero.valores[k]}
    assert cambiadas and tercero.entradas[TABLA] != primero.entradas[TABLA]

    # a damaged entry is computed again, never read as data
    for guardado in (raiz / ".cache" / "datos").glob("*.pickle"):
        guardado.write_bytes(b"no es un pickle")
    cuarto, reusado = _calcular(raiz, "cuarto")
    assert not reusado and cuarto.valores == tercero.valores


def test_sin_cache_de_datos_siempre_se_calcula(tmp_path):
    raiz = copia_del_proyecto(tmp_path)
    (raiz / "config.yaml").write_text(
        (raiz / "config.yaml").read_text(encoding="utf-8").replace("cache_datos: true", "cache_datos: false"),
        encoding="utf-8",
    )
    _calcular(raiz, "primero")
    _datos, reusado = _calcular(raiz, "segundo")
    assert not reusado and not (raiz / ".cache" / "datos").exists()
