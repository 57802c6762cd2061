"""Scale test: the report on synthetic data 1×, 3× and 10× the embedded establishments, with 10 years of months.

    .venv/bin/python benchmarks/escala.py [--factores 1 3 10] [--salida benchmarks/ESCALA.md]

The synthetic project copies every establishment k times (codes «<EP>_Kn», same office)
with its December 2024 counts, scales the office and national totals to match, and
extends the national monthly series back to January 2015. Every other table is kept.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import correr, proyecto  # noqa: E402


def _leer(ruta: Path) -> tuple[list[str], list[dict]]:
    lector = csv.DictReader(io.StringIO(ruta.read_text(encoding="utf-8-sig")))
    return lector.fieldnames, list(lector)


def _escribir(ruta: Path, columnas: list[str], filas: list[dict]):
    salida = io.StringIO()
    escritor = csv.DictWriter(salida, columnas, lineterminator="\n")
    escritor.writeheader()
    escritor.writerows(filas)
    ruta.write_text(salida.getvalue(), encoding="utf-8")


def ampliar(raiz: Path, factor: int):
    """Multiply the establishments by `factor` and give the national series 10 years of months."""
    datos = raiz / "data"
    cols_ref, establecimientos = _leer(datos / "referencia/establecimientos.csv")
    cols_ep, poblacion = _leer(datos / "cap1/poblacion_regimen_ep.csv")
    numericas = [c for c in cols_ep if c not in ("periodo", "codigo_ep")]
    nuevas_ref, nuevas_ep = list(establecimientos), list(poblacion)
    for k in range(2, factor + 1):
        for e in establecimientos:
            nuevas_ref.append(
                {
                    **e,
                    "codigo": f"{e['codigo']}_K{k}",
                    "nombre": f"{e['nombre']} ({k})",
                    "orden": str(int(e["orden"]) * 1000 + k),
                }
            )
        for f in poblacion:
            nuevas_ep.append({**f, "codigo_ep": f"{f['codigo_ep']}_K{k}"})
    _escribir(datos / "referencia/establecimientos.csv", cols_ref, nuevas_ref)
    _escribir(datos / "cap1/poblacion_regimen_ep.csv", cols_ep, nuevas_ep)
    for tabla in ("poblacion_regimen_oficina", "poblacion_regimen_nacional"):
        columnas, filas = _leer(datos / f"cap1/{tabla}.csv")
        for f in filas:
            for c in numericas:
                if c in f:
                    f[c] = str(int(f[c]) * factor)
        if tabla == "poblacion_regimen_nacional":
            presentes = {f["periodo"] for f in filas}
            modelo = next(f for f in filas if f["periodo"] == "2024-01")
            for anio in range(2015, 2024):
                for mes in range(1, 13):
                    periodo = f"{anio}-{mes:02d}"
                    if periodo not in presentes:
                        filas.append({**modelo, "periodo": periodo})
            filas.sort(key=lambda f: f["periodo"])
        _escribir(datos / f"cap1/{tabla}.csv", columnas, filas)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--factores", type=int, nargs="*", default=[1, 3, 10])
    p.add_argument("--salida", default=str(Path(__file__).resolve().parent / "ESCALA.md"))
    args = p.parse_args(argv)
    filas = []
    for factor in args.factores:
        with tempfile.TemporaryDirectory() as tmp:
            raiz = proyecto(Path(tmp))
            ampliar(raiz, factor)
            print(f"· factor {factor} …", file=sys.stderr, flush=True)
            r = correr(raiz, "informe", "es", cache=True, procesos=0)
            filas.append((factor, r))
    base = filas[0][1]
    lineas = [
        "# Escala: datos 1×, 3× y 10×",
        "",
        f"Comando: `.venv/bin/python benchmarks/escala.py --factores {' '.join(map(str, args.factores))}`; "
        f"fecha {time.strftime('%Y-%m-%d %H:%M')}. Cada factor multiplica los establecimientos (68 → 68·k) y la "
        "serie nacional tiene 10 años de meses (2015–2024).",
        "",
        "| factor | establecimientos | páginas | segundos | s/página | memoria pico | tiempo relativo | páginas relativas |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for factor, r in filas:
        lineas.append(
            f"| {factor}× | {68 * factor} | {r['paginas']} | {r['segundos']:.1f} | "
            f"{r['segundos'] / r['paginas']:.2f} | {r['memoria_mb']:.0f} MB | {r['segundos'] / base['segundos']:.2f} | "
            f"{r['paginas'] / base['paginas']:.2f} |"
        )
    lineas += [
        "",
        "Tiempo por etapa:",
        "",
        "| factor | " + " | ".join(base["tiempos"]) + " |",
        "|---|" + "---|" * len(base["tiempos"]),
    ]
    for factor, r in filas:
        lineas.append(
            f"| {factor}× | " + " | ".join(f"{r['tiempos'].get(k, 0):.2f} s" for k in base["tiempos"]) + " |"
        )
    texto = "\n".join(lineas) + "\n"
    Path(args.salida).write_text(texto, encoding="utf-8")
    print(texto)


if __name__ == "__main__":
    main()
