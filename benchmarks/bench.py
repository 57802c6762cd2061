"""Benchmark of the monthly batch: medians of several runs, each scenario against a no-cache, no-parallel baseline.

    .venv/bin/python benchmarks/bench.py [--repeticiones 3] [--salida benchmarks/RESULTS.md]

Every run is a fresh process on a private copy of the project (data/, templates/,
config.yaml), so caches, output and memory are measured as a statistician would meet
them. Absolute seconds drift on shared machines; the ratio against the baseline
measured in the same invocation does not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent

# Runs inside the child process: one build, then its timings, pages and peak memory as JSON.
_HIJO = r"""
import json, resource, sys, time
from pathlib import Path
from inpe_informe.config import leer_config
from inpe_informe import pipeline
raiz, modo, idioma, cache, procesos = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "1", int(sys.argv[5])
import dataclasses
from inpe_informe.config import Config
caches = {c: cache for c in ("cache_graficos", "cache_maquetacion", "cache_datos")  # a reference may lack one
          if c in {f.name for f in dataclasses.fields(Config)}}
cfg = leer_config(raiz / "config.yaml", idioma=idioma, procesos=procesos, **caches)
def cpu():  # user+sys of this process and of its finished workers (forked pools are waited for)
    return sum(getattr(resource.getrusage(q), c) for q in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for c in ("ru_utime", "ru_stime"))
t0, c0, extra = time.perf_counter(), cpu(), {}
from pypdf import PdfReader
if modo == "extractos":
    rutas = pipeline.construir_extractos(cfg)
    tiempos, paginas = {}, sum(len(PdfReader(str(r)).pages) for r in rutas)
elif modo == "vivo":     # --vigilar: a warm process rebuilds the draft after a template edit; the rebuild is timed
    from inpe_informe import run
    registro = run.Registro(cfg.salida / "registros", "bench-vivo")
    _ruta, datos = pipeline.construir_borrador(cfg, registro)
    plantilla = raiz / "templates/capitulos/cap4/capitulo.html"
    marca = "  <p>{% trans trimmed %}El Instituto Nacional Penitenciario (INPE)"
    plantilla.write_text(plantilla.read_text(encoding="utf-8").replace(marca, "  <p>Frase en vivo.</p>\n" + marca, 1),
                         encoding="utf-8")
    registro.tiempos.clear()
    t0, c0, reloj = time.perf_counter(), cpu(), time.time()
    ruta, _ = pipeline.construir_borrador(cfg, registro, datos)
    tiempos, paginas = dict(registro.tiempos), len(PdfReader(str(ruta)).pages)
    extra["hasta_html"] = ruta.with_suffix(".html").stat().st_mtime - reloj    # the self-reloading HTML draft
else:
    r = pipeline.construir(cfg)
    tiempos, paginas = r.tiempos, len(PdfReader(str(r.pdf)).pages)
total, cpu_total = time.perf_counter() - t0, cpu() - c0
pico = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"segundos": total, "cpu": cpu_total, "tiempos": tiempos, "paginas": paginas, "memoria_mb": pico / 1024, **extra}))
"""


def proyecto(destino: Path) -> Path:
    """A private copy of what a build reads (data, templates, config)."""
    for nombre in ("data", "templates"):
        shutil.copytree(RAIZ / nombre, destino / nombre)
    shutil.copy(RAIZ / "config.yaml", destino)
    return destino


def correr(raiz: Path, modo="informe", idioma="es", cache=True, procesos=0) -> dict:
    salida = subprocess.run(
        [sys.executable, "-c", _HIJO, str(raiz), modo, idioma, "1" if cache else "0", str(procesos)],
        capture_output=True,
        text=True,
        cwd=raiz,
        env={**os.environ, "MPLCONFIGDIR": str(raiz / ".mpl")},
    )
    if salida.returncode:
        raise SystemExit(f"fallo la corrida {modo}: {salida.stderr[-2000:]}")
    return json.loads(salida.stdout.strip().splitlines()[-1])


def cpu_del_cli(checkout: Path) -> dict:
    """A cold build of the default period by `build_report.py` from `checkout` (its own code, data and
    templates, on a private copy), then the same build after a sentence is added to Chapter IV: wall and CPU
    (user+sys of the process and every worker it waited for) of each."""
    with tempfile.TemporaryDirectory() as tmp:
        raiz = Path(tmp)
        for nombre in ("data", "templates"):
            shutil.copytree(checkout / nombre, raiz / nombre)
        for nombre in ("config.yaml", "build_report.py"):
            shutil.copy(checkout / nombre, raiz)
        frio = _cli(raiz, checkout)
        editar_plantilla(raiz, 0)
        return {**frio, "edicion": _cli(raiz, checkout)}


def _cli(raiz: Path, checkout: Path) -> dict:
    entorno = {**os.environ, "MPLCONFIGDIR": str(raiz / ".mpl"), "PYTHONPATH": str(checkout)}
    t0 = time.perf_counter()
    proceso = subprocess.Popen(
        [sys.executable, "build_report.py"],
        cwd=raiz,
        env=entorno,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, estado, uso = os.wait4(proceso.pid, 0)
    segundos = time.perf_counter() - t0
    if estado:
        raise SystemExit(f"fallo el informe de {checkout}: {proceso.stderr.read()[-2000:]!r}")
    return {"segundos": segundos, "cpu": uso.ru_utime + uso.ru_stime, "memoria_mb": uso.ru_maxrss / 1024}


def frente_a_referencia(referencia: Path, repeticiones: int) -> dict:
    """This checkout's cold build against `referencia`'s, alternated in the same run so both meet the same machine."""
    filas = {"este": [], "referencia": []}
    for _ in range(repeticiones):
        filas["referencia"].append(cpu_del_cli(referencia))
        filas["este"].append(cpu_del_cli(RAIZ))
    commit = subprocess.run(
        ["git", "-C", str(referencia), "log", "-1", "--format=%h %cs"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "commit": commit or str(referencia),
        **{
            lado: {
                "cpu": statistics.median(c["cpu"] for c in corridas),
                "segundos": statistics.median(c["segundos"] for c in corridas),
                "memoria_mb": max(c["memoria_mb"] for c in corridas),
                "cpus": [round(c["cpu"], 1) for c in corridas],
                "edicion": statistics.median(c["edicion"]["segundos"] for c in corridas),
                "edicion_cpu": statistics.median(c["edicion"]["cpu"] for c in corridas),
                "ediciones": [round(c["edicion"]["segundos"], 1) for c in corridas],
            }
            for lado, corridas in filas.items()
        },
    }


def editar_plantilla(raiz: Path, n: int):
    """A template-only edit an editor makes: a sentence added to Chapter IV's introduction (17 pages)."""
    ruta = raiz / "templates/capitulos/cap4/capitulo.html"
    if not ruta.exists():  # a checkout from before the chapter packages (b14c14f): one file per chapter
        ruta = raiz / "templates/capitulos/cap4.html"
    texto = ruta.read_text(encoding="utf-8")
    marca = "  <p>{% trans trimmed %}El Instituto Nacional Penitenciario (INPE)"
    assert marca in texto, "benchmark: the edited sentence moved; update editar_plantilla"
    ruta.write_text(
        texto.replace(marca, f"  <p>Frase añadida por el editor ({n + 1}).</p>\n" + marca, 1),
        encoding="utf-8",
    )


def editar_tabla(raiz: Path, n: int):
    """One input table changes: the count of one establishment's observation period."""
    ruta = raiz / "data/cap1/poblacion_regimen_ep.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    campos = lineas[1].split(",")
    campos[-1] = str(int(campos[-1]) + n + 1)  # periodo_observacion
    campos[2] = str(int(campos[2]) + n + 1)  # total_general keeps its identity
    lineas[1] = ",".join(campos)
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")


ESCENARIOS = {
    # name: (mode, language, preparation before each measured run, language of the previous build whose
    # caches the optimised run reuses, or None for a cold start)
    "informe en frío": ("informe", "es", None, None),
    "tras editar una plantilla (una frase del capítulo IV)": ("informe", "es", editar_plantilla, "es"),
    "tras cambiar una tabla": ("informe", "es", editar_tabla, "es"),
    "edición en inglés, tras la española": ("informe", "en", None, "es"),
    "ocho extractos por oficina": ("extractos", "es", None, "es"),
    "en vivo (--vigilar): borrador tras editar una frase": ("vivo", "es", None, None),
}


def medir(nombre, repeticiones, optimizado: bool) -> list[dict]:
    modo, idioma, preparar, previo = ESCENARIOS[nombre]
    resultados = []
    for n in range(repeticiones):
        with tempfile.TemporaryDirectory() as tmp:
            raiz = proyecto(Path(tmp))
            if previo and optimizado:
                correr(raiz, "informe", previo, cache=True)  # the previous build whose caches we reuse
            if preparar:
                preparar(raiz, n)
            resultados.append(correr(raiz, modo, idioma, cache=optimizado, procesos=0 if optimizado else 1))
    return resultados


def resumen(corridas: list[dict]) -> dict:
    segundos = [c["segundos"] for c in corridas]
    return {
        "mediana": statistics.median(segundos),
        "cpu": statistics.median(c["cpu"] for c in corridas),
        "min": min(segundos),
        "max": max(segundos),
        "memoria_mb": max(c["memoria_mb"] for c in corridas),
        "paginas": corridas[0]["paginas"],
        "tiempos": {
            k: statistics.median(c["tiempos"].get(k, 0) for c in corridas) for k in corridas[0]["tiempos"]
        },
        "hasta_html": statistics.median(c["hasta_html"] for c in corridas)
        if all("hasta_html" in c for c in corridas)
        else None,
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeticiones", type=int, default=3)
    p.add_argument("--salida", default=str(RAIZ / "benchmarks/RESULTS.md"))
    p.add_argument("--escenarios", nargs="*", default=list(ESCENARIOS))
    p.add_argument(
        "--referencia",
        type=Path,
        help="otra copia del proyecto (p. ej. `git worktree add /tmp/ref <commit>`): su informe en frío y el "
        "de después de editar una frase se miden en la misma corrida, alternados con los de esta copia",
    )
    args = p.parse_args(argv)
    filas, parcial = [], Path(args.salida).with_suffix(".parcial.json")
    referencia = None
    if args.referencia:
        print(
            f"· informe en frío y tras editar una frase, frente a {args.referencia} …",
            file=sys.stderr,
            flush=True,
        )
        referencia = frente_a_referencia(args.referencia.resolve(), args.repeticiones)
        print(
            f"  CPU {referencia['este']['cpu']:.1f} s frente a {referencia['referencia']['cpu']:.1f} s; tras editar: "
            f"{referencia['este']['edicion']:.1f} s frente a {referencia['referencia']['edicion']:.1f} s",
            file=sys.stderr,
        )
    for nombre in args.escenarios:
        print(f"· {nombre} …", file=sys.stderr, flush=True)
        optimizado = resumen(medir(nombre, args.repeticiones, True))
        base = resumen(medir(nombre, args.repeticiones, False))
        filas.append((nombre, optimizado, base))
        parcial.write_text(
            json.dumps(filas, ensure_ascii=False, indent=1), encoding="utf-8"
        )  # kept if a later scenario fails
        print(
            f"  {optimizado['mediana']:.1f} s frente a {base['mediana']:.1f} s de la línea base",
            file=sys.stderr,
        )
    texto = informe(filas, args.repeticiones, referencia)
    Path(args.salida).write_text(texto, encoding="utf-8")
    parcial.unlink(missing_ok=True)
    print(texto)


def informe(filas, repeticiones, referencia=None) -> str:
    maquina = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} núcleos, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lineas = [
        "# Benchmark del lote mensual",
        "",
        f"Comando: `.venv/bin/python benchmarks/bench.py --repeticiones {repeticiones}"
        + (" --referencia <copia de la referencia>" if referencia else "")
        + f"`. Máquina: {maquina}. "
        f"Fecha: {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "Cada escenario corre en un proceso nuevo sobre una copia del proyecto. **Optimizado** = cachés de gráficos y "
        "de maquetación y procesos en paralelo (valores por defecto de `config.yaml`); **línea base** = sin cachés y "
        "un solo proceso, "
        "medida en la misma invocación. La razón es línea base / optimizado (más alto = mejor).",
        "",
        "| escenario | optimizado: mediana (mín–máx) | línea base: mediana (mín–máx) | razón | CPU optimizado | "
        "CPU línea base | páginas | páginas/s | memoria pico |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for nombre, o, b in filas:
        lineas.append(
            f"| {nombre} | {o['mediana']:.1f} s ({o['min']:.1f}–{o['max']:.1f}) | {b['mediana']:.1f} s "
            f"({b['min']:.1f}–{b['max']:.1f}) | {b['mediana'] / o['mediana']:.2f}× | {o['cpu']:.1f} s | {b['cpu']:.1f} s | "
            f"{o['paginas']} | "
            f"{o['paginas'] / o['mediana']:.1f} | {o['memoria_mb']:.0f} MB |"
        )
    if referencia:
        e, r = referencia["este"], referencia["referencia"]
        lineas += [
            "",
            f"## CPU de un informe en frío frente a {referencia['commit']}",
            "",
            "`build_report.py` del periodo por defecto, en frío, con el código, los datos y las plantillas de cada "
            "copia; las corridas se alternan. CPU = user+sys del proceso y de sus procesos hijos.",
            "",
            "| copia | CPU: mediana (corridas) | tiempo: mediana | memoria pico |",
            "|---|---|---|---|",
            f"| {referencia['commit']} (referencia) | {r['cpu']:.1f} s ({', '.join(map(str, r['cpus']))}) | "
            f"{r['segundos']:.1f} s | {r['memoria_mb']:.0f} MB |",
            f"| esta copia | {e['cpu']:.1f} s ({', '.join(map(str, e['cpus']))}) | {e['segundos']:.1f} s | "
            f"{e['memoria_mb']:.0f} MB |",
            "",
            f"Razón de CPU: esta copia usa el {100 * e['cpu'] / r['cpu']:.0f}% de la CPU de la referencia "
            f"(meta: ≤ 50%).",
            "",
            "Después de cada informe en frío, en la misma copia, se agrega una frase al capítulo IV y se genera de nuevo:",
            "",
            "| copia | tras editar una frase: mediana (corridas) | CPU: mediana |",
            "|---|---|---|",
            f"| {referencia['commit']} (referencia) | {r['edicion']:.1f} s ({', '.join(map(str, r['ediciones']))}) | "
            f"{r['edicion_cpu']:.1f} s |",
            f"| esta copia | {e['edicion']:.1f} s ({', '.join(map(str, e['ediciones']))}) | {e['edicion_cpu']:.1f} s |",
        ]
    if not filas:
        return "\n".join(lineas) + "\n"
    lineas += [
        "",
        "## Tiempo por etapa (mediana, optimizado)",
        "",
        "| escenario | " + " | ".join(filas[0][1]["tiempos"]) + " |",
        "|---|" + "---|" * len(filas[0][1]["tiempos"]),
    ]
    for nombre, o, _b in filas:
        if o["tiempos"]:
            lineas.append(
                f"| {nombre} | "
                + " | ".join(
                    f"{o['tiempos'][k]:.2f} s" if k in o["tiempos"] else "—" for k in filas[0][1]["tiempos"]
                )
                + " |"
            )
    vivos = [(nombre, o) for nombre, o, _b in filas if o.get("hasta_html") is not None]
    if vivos:
        lineas += [
            "",
            "## Vista previa en el navegador (modo en vivo)",
            "",
            "`--vigilar` escribe `…-borrador.html` (se recarga solo en el navegador) antes de maquetar el PDF.",
            "",
        ]
        lineas += [
            f"- {nombre}: borrador HTML listo {o['hasta_html']:.1f} s después de guardar (mediana); "
            f"PDF a los {o['mediana']:.1f} s."
            for nombre, o in vivos
        ]
    return "\n".join(lineas) + "\n"


if __name__ == "__main__":
    main()
