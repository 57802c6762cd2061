"""Chart drawing time: every chart of a period drawn once to SVG, single process, no cache; median of 3 (CPU s).

    .venv/bin/python benchmarks/graficos.py [--periodo 2024-12] [--codigo CARPETA]

--codigo: a folder holding another inpe_informe/ (e.g. `git archive <commit> inpe_informe | tar -x -C CARPETA`)
whose drawing code is measured on this checkout's data and templates: the baseline of the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def graficos_del_periodo(periodo: str) -> list:
    """Every chart spec of `periodo` (this checkout's data and templates, Spanish), with the charts' style set.

    Imports inpe_informe when called: from the folder put first on sys.path (--codigo)."""
    from inpe_informe import capitulos, charts, prepare
    from inpe_informe.config import leer_config
    from inpe_informe.edition import Edicion
    from inpe_informe.i18n import leer_etiquetas

    cfg = leer_config(RAIZ / "config.yaml", periodo=periodo)
    esquemas, crudas, _ = prepare.leer(cfg, capitulos.tablas_del_informe())
    tablas, _ = prepare.validar_tablas(esquemas, crudas)
    indicadores, _ = prepare.calcular(cfg, tablas)
    edicion = Edicion.de(cfg.plantillas, "es")
    graficos = capitulos.especificaciones(indicadores, leer_etiquetas(cfg.plantillas), edicion)
    charts.configurar_estilo(cfg.plantillas / "fonts", edicion.filtros["numero"])
    return graficos


def main() -> None:
    argumentos = argparse.ArgumentParser()
    argumentos.add_argument("--periodo", default="2024-12")
    argumentos.add_argument("--codigo", type=Path, default=RAIZ)
    opciones = argumentos.parse_args()
    sys.path.insert(0, str(opciones.codigo.resolve()))
    from inpe_informe import charts

    graficos = graficos_del_periodo(opciones.periodo)
    tiempos = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as carpeta:
            inicio = time.process_time()
            for g in graficos:
                charts.dibujar(g, Path(carpeta))
            tiempos.append(time.process_time() - inicio)
    mediana = statistics.median(tiempos)
    print(
        f"{charts.__file__}: {len(graficos)} charts, CPU {[round(t, 2) for t in tiempos]} s, "
        f"median {mediana:.2f} s ({1000 * mediana / len(graficos):.0f} ms per chart)"
    )


if __name__ == "__main__":
    main()
