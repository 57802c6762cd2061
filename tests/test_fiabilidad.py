"""Nothing lost, nothing mixed: locks, all-or-nothing output sets and data/, permissions — with real processes.

Every case runs the command (or the library) in separate processes: two imports at once,
two editions at once, a SIGKILL at each stage of publishing, a full disk on a small tmpfs.
The moment of a kill or a pause is named by INPE_PRUEBA_FALLO (inpe_informe/faults.py):
the process stops itself there with a real signal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import RAIZ, caches_de_la_sesion, texto_pdf

from inpe_informe.faults import VARIABLE as FALLO
from inpe_informe.libro import tablas_del_mes
from inpe_informe.periods import Periodo
from inpe_informe.plantilla import escribir_plantilla
from inpe_informe.schema import leer_esquemas

SUFIJOS = [
    ".pdf",
    "-calidad.html",
    ".html",
    "-resumen.pdf",
    "-cifras.json",
    "-anexo.xlsx",
    "-anexo-csv.zip",
    "-manifiesto.json",
]
NOMBRE = "informe-tratamiento-2024-12"


# --- helpers -------------------------------------------------------------------------------------


def _config(destino: Path, **rutas) -> Path:
    """A config.yaml for a test: the project's settings, its folders replaced by `rutas` (absolute)."""
    config = yaml.safe_load((RAIZ / "config.yaml").read_text(encoding="utf-8"))
    config["rutas"] = {k: str(RAIZ / v) for k, v in config["rutas"].items()} | {
        k: str(v) for k, v in rutas.items()
    }
    destino.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return destino


def _orden(*argumentos) -> list[str]:
    return [sys.executable, str(RAIZ / "build_report.py"), *map(str, argumentos)]


def _entorno(tmp: Path, fallo: str | None = None) -> dict:
    entorno = {**os.environ, "MPLCONFIGDIR": str(tmp / "mpl")}
    entorno.pop(FALLO, None)
    return entorno | ({FALLO: fallo} if fallo else {})


def _correr(argumentos, tmp: Path, fallo: str | None = None, umask: int = 0o022, **extra):
    """Run the command to its end (a real process); returns the CompletedProcess."""
    return subprocess.run(
        _orden(*argumentos),
        capture_output=True,
        text=True,
        env=_entorno(tmp, fallo),
        preexec_fn=lambda: os.umask(umask),
        timeout=600,
        **extra,
    )


_LANZADOS: list[subprocess.Popen] = []


def _lanzar(argumentos, tmp: Path, errores: Path, fallo: str | None = None):
    """Start the command in the background; its stderr goes to `errores` (read while it runs)."""
    proceso = subprocess.Popen(
        _orden(*argumentos),
        stdout=subprocess.DEVNULL,
        stderr=errores.open("w"),
        env=_entorno(tmp, fallo),
    )
    _LANZADOS.append(proceso)
    return proceso


@pytest.fixture(autouse=True)
def _sin_procesos_sueltos():
    """A failed test must not leave a paused build or import behind."""
    yield
    while _LANZADOS:
        proceso = _LANZADOS.pop()
        if proceso.poll() is None:
            proceso.kill()
            proceso.wait(timeout=60)


def _esperar(condicion, proceso=None, limite: float = 300, que: str = ""):
    fin = time.monotonic() + limite
    while not condicion():
        assert proceso is None or proceso.poll() is None, f"el proceso terminó antes de {que}"
        assert time.monotonic() < fin, f"no ocurrió: {que}"
        time.sleep(0.1)


def _detenido(proceso) -> bool:
    """The process stopped itself (SIGSTOP at a fault point)."""
    estado = Path(f"/proc/{proceso.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return estado == "T"


def _restos(carpeta: Path) -> list[str]:
    """This tool's temporary files or folders, and journals, anywhere under `carpeta`."""
    return sorted(
        str(p.relative_to(carpeta))
        for p in carpeta.rglob("*")
        if p.name.endswith(".tmp") or "inpe-diario" in p.name
    )


def _huella(carpeta: Path) -> str:
    h = hashlib.sha256()
    for ruta in sorted(carpeta.rglob("*")):
        if ruta.is_file():
            h.update(str(ruta.relative_to(carpeta)).encode() + ruta.read_bytes())
    return h.hexdigest()


@contextlib.contextmanager
def _disco_pequeno(carpeta: Path, tamano: str):
    """A tmpfs of `tamano` mounted on `carpeta` (root on Linux); the test is skipped where mounting is impossible."""
    carpeta.mkdir()
    montaje = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={tamano}", "tmpfs", str(carpeta)],
        capture_output=True,
        text=True,
    )
    if montaje.returncode != 0:
        pytest.skip(f"no se puede montar un tmpfs aquí (hace falta root en Linux): {montaje.stderr.strip()}")
    try:
        yield carpeta
    finally:
        subprocess.run(["umount", "-l", str(carpeta)], check=False)


def _llenar(carpeta: Path, libres: int) -> None:
    """Fill the disk of `carpeta` until only about `libres` bytes are free."""
    disco = os.statvfs(carpeta)
    (carpeta / "relleno").write_bytes(b"\0" * max(0, disco.f_bavail * disco.f_frsize - libres))


def libro_del_mes(datos: Path, mes: str, destino: Path) -> Path:
    """A month's workbook as the analyst gets it (plantilla), filled by the tests' generator: a consistent month."""
    from llenado import llenar

    escribir_plantilla(datos, Periodo.parse(mes), destino)
    return llenar(destino, datos, semilla=2025)


def _meses(datos: Path) -> dict[str, set[str]]:
    """Months on file in each monthly input table."""
    return {
        e.tabla: set(pd.read_csv(datos / e.archivo, dtype=str)["periodo"])
        for e in tablas_del_mes(leer_esquemas(datos), Periodo(2025, 1))
        if e.frecuencia == "mensual" and not e.opcional  # an optional table stays blank in a generated month
    }


@pytest.fixture
def proyecto(tmp_path) -> Path:
    """A private data/ and a config.yaml that points to it (the rest is the project's)."""
    shutil.copytree(RAIZ / "data", tmp_path / "data", ignore=shutil.ignore_patterns("fuente"))
    _config(tmp_path / "config.yaml", datos=tmp_path / "data", salida=tmp_path / "output")
    return tmp_path


@pytest.fixture(scope="session")
def cache_de_la_sesion(carpeta_comun) -> dict:
    """The session's chart and layout caches (conftest's builds fill them): a build here reuses them."""
    return caches_de_la_sesion()


# --- locks: data/ -----------------------------------------------------------------------------------


_RENDIRSE = """
import sys
from pathlib import Path
from inpe_informe.errors import InformeError
from inpe_informe.locks import importacion_exclusiva
try:
    with importacion_exclusiva(Path(sys.argv[1]), espera=1):
        print("importó", flush=True)
except InformeError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
"""


def test_dos_importaciones_a_la_vez_conservan_los_dos_meses(proyecto, tmp_path):
    """The second import waits for the first (which is paused holding data/), then both months are on file."""
    datos = proyecto / "data"
    enero, febrero = (libro_del_mes(datos, m, tmp_path / f"{m}.xlsx") for m in ("2025-01", "2025-02"))
    compartido = datos / "cap1" / "poblacion_regimen_ep.csv"
    compartido.chmod(0o664)
    grupo = 4321 if os.geteuid() == 0 else os.getegid()
    os.chown(compartido, -1, grupo)
    config = proyecto / "config.yaml"
    primera = _lanzar(
        ["importar", enero, "--config", config], tmp_path, tmp_path / "1.err", "datos.diario=pausar"
    )
    _esperar(lambda: _detenido(primera), primera, que="la pausa de la primera importación")
    segunda = _lanzar(["importar", febrero, "--config", config], tmp_path, tmp_path / "2.err")
    espera = "Esperando a que termine otra importación"
    _esperar(lambda: espera in (tmp_path / "2.err").read_text(), segunda, que="el aviso de espera")
    # a third that will not wait long refuses, in Spanish, and changes nothing
    rendida = subprocess.run(
        [sys.executable, "-c", _RENDIRSE, str(datos)], capture_output=True, text=True, timeout=60
    )
    assert rendida.returncode == 1 and "Otra importación sigue escribiendo" in rendida.stderr
    assert "importó" not in rendida.stdout
    os.kill(primera.pid, signal.SIGCONT)
    assert primera.wait(timeout=300) == 0, (tmp_path / "1.err").read_text()
    assert segunda.wait(timeout=300) == 0, (tmp_path / "2.err").read_text()
    assert all({"2025-01", "2025-02"} <= meses for meses in _meses(datos).values()), _meses(datos)
    # a rewritten data file keeps its mode and group; new files follow the umask; nothing left behind
    assert (compartido.stat().st_mode & 0o777, compartido.stat().st_gid) == (0o664, grupo)
    assert not _restos(datos) and not (datos / ".importar.lock").exists()


def test_importacion_matada_a_mitad_de_escribir_se_completa_y_nadie_lee_data_a_medias(proyecto, tmp_path):
    """Killed between two renames: a build refuses the half-written data/; the next import completes it."""
    datos, config = proyecto / "data", proyecto / "config.yaml"
    enero = libro_del_mes(datos, "2025-01", tmp_path / "enero.xlsx")
    matada = _correr(["importar", enero, "--config", config], tmp_path, "datos.renombrado=matar")
    assert matada.returncode == -signal.SIGKILL
    assert len({frozenset(m) for m in _meses(datos).values()}) > 1  # some tables have January, some not
    lectura = _correr(["validar", "--config", config], tmp_path)
    assert lectura.returncode == 1 and "se interrumpió mientras escribía" in lectura.stderr
    otra = _correr(["importar", enero, "--config", config], tmp_path)
    assert "Se completó una importación anterior" in otra.stderr and "Traceback" not in otra.stderr
    assert all("2025-01" in meses for meses in _meses(datos).values())
    assert not _restos(datos) and not (datos / ".importar.lock").exists()


def test_importar_con_el_disco_de_data_lleno_no_toca_data(tmp_path):
    with _disco_pequeno(tmp_path / "disco", "4m") as disco:
        datos = disco / "data"
        shutil.copytree(RAIZ / "data", datos, ignore=shutil.ignore_patterns("fuente", "*.md"))
        config = _config(tmp_path / "config.yaml", datos=datos, salida=tmp_path / "output")
        enero = libro_del_mes(datos, "2025-01", tmp_path / "enero.xlsx")
        antes = _huella(datos)
        _llenar(disco, 16 * 1024)
        r = _correr(["importar", enero, "--config", config], tmp_path)
        assert r.returncode == 1, r.stderr
        assert "no queda espacio en el disco" in r.stderr and "No se modificó data/" in r.stderr
        assert "Traceback" not in r.stderr
        assert _huella(datos) == antes and not _restos(datos)


# --- locks: the shared chart cache --------------------------------------------------------------------


def test_dos_ediciones_a_la_vez_con_la_misma_carpeta_de_graficos(tmp_path, cache_de_la_sesion):
    """Spanish pauses after drawing; English draws the same charts meanwhile; each PDF keeps its own labels."""
    config = _config(tmp_path / "config.yaml", **cache_de_la_sesion)
    vista = ["--capitulo", "1", "--config", config]
    es = _lanzar(
        [*vista, "--salida", tmp_path / "es"], tmp_path, tmp_path / "es.err", "graficos.dibujados=pausar"
    )
    _esperar(lambda: _detenido(es), es, que="la pausa de la edición en español")
    en = _correr([*vista, "--idioma", "en", "--salida", tmp_path / "en"], tmp_path)
    assert en.returncode == 0, en.stderr
    os.kill(es.pid, signal.SIGCONT)
    assert es.wait(timeout=300) == 0, (tmp_path / "es.err").read_text()
    espanol = texto_pdf(next((tmp_path / "es").glob("*.pdf")))
    ingles = texto_pdf(next((tmp_path / "en").glob("*.pdf")))
    assert "DIC-24" in espanol and "DEC-24" not in espanol
    assert "DEC-24" in ingles and "DIC-24" not in ingles


# --- all-or-nothing output sets -------------------------------------------------------------------------


_PUBLICAR = """
import sys
from pathlib import Path
from inpe_informe.publish import publicar
salida, etiqueta = Path(sys.argv[1]), sys.argv[2]
publicar(salida, "informe", {n: f"{etiqueta} {n}".encode() for n in sys.argv[3:]})
"""
_NOMBRES = [f"informe{s}" for s in SUFIJOS]


def _publicar(
    salida: Path, etiqueta: str, tmp: Path, fallo: str | None = None, nombres=_NOMBRES, umask=0o022
):
    return subprocess.run(
        [sys.executable, "-c", _PUBLICAR, str(salida), etiqueta, *nombres],
        capture_output=True,
        text=True,
        env=_entorno(tmp, fallo),
        preexec_fn=lambda: os.umask(umask),
        timeout=120,
    )


def _visible(salida: Path, nombres=_NOMBRES) -> set[str]:
    """Which set each file a reader opens belongs to (one label for a consistent set)."""
    return {(salida / n).read_bytes().decode().split()[0] for n in nombres}


@pytest.mark.parametrize(
    "punto, queda",
    [
        ("publicacion.archivo", "anterior"),
        ("publicacion.generacion", "anterior"),
        ("publicacion.apuntado", "nuevo"),
        ("publicacion.enlazado", "nuevo"),
    ],
)
def test_publicacion_matada_en_cada_etapa_deja_un_conjunto_completo(tmp_path, punto, queda):
    salida = tmp_path / "output"
    assert _publicar(salida, "anterior", tmp_path).returncode == 0
    assert _publicar(salida, "nuevo", tmp_path, f"{punto}=matar").returncode == -signal.SIGKILL
    assert _visible(salida) == {queda}
    assert not [p for p in salida.iterdir() if p.name.endswith(".tmp")]  # nothing stray beside the outputs
    # the next publication tidies what the killed one left: one generation, no temporary file
    assert _publicar(salida, "siguiente", tmp_path).returncode == 0
    assert _visible(salida) == {"siguiente"} and not _restos(salida)
    generaciones = [p for p in (salida / ".conjuntos" / "informe").iterdir() if not p.is_symlink()]
    assert len(generaciones) == 1


def test_salidas_de_una_version_anterior_se_adoptan_sin_mezclar(tmp_path):
    """Plain files written by an earlier version become the previous set: a kill then still shows one set."""
    salida = tmp_path / "output"
    salida.mkdir()
    for nombre in _NOMBRES[:3]:  # an earlier version that wrote only some of today's outputs
        (salida / nombre).write_bytes(f"vieja {nombre}".encode())
    assert _publicar(salida, "nuevo", tmp_path, "publicacion.generacion=matar").returncode == -signal.SIGKILL
    assert _visible(salida, _NOMBRES[:3]) == {"vieja"} and not (salida / _NOMBRES[3]).exists()
    assert _publicar(salida, "nuevo", tmp_path).returncode == 0
    assert _visible(salida) == {"nuevo"}


@pytest.mark.parametrize("umask, modo", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_salidas_siguen_la_umask(tmp_path, umask, modo):
    salida = tmp_path / "output"
    assert _publicar(salida, "nuevo", tmp_path, umask=umask).returncode == 0
    assert {(salida / n).stat().st_mode & 0o777 for n in _NOMBRES} == {modo}


@pytest.mark.parametrize(
    "punto, queda", [("publicacion.archivo", "anterior"), ("publicacion.apuntado", "nuevo")]
)
def test_informe_matado_al_publicar_deja_un_conjunto_completo(
    informe, tmp_path, cache_de_la_sesion, punto, queda
):
    """The real build, killed before and after the commit: the previous set or the new one, manifest matching."""
    salida = tmp_path / "output"
    nombres = [f"{NOMBRE}{s}" for s in SUFIJOS]
    publicado = subprocess.run(
        [
            sys.executable,
            "-c",
            _PUBLICAR.replace('"informe"', f'"{NOMBRE}"'),
            str(salida),
            "anterior",
            *nombres,
        ],
        env=_entorno(tmp_path),
        timeout=120,
    )
    assert publicado.returncode == 0
    config = _config(tmp_path / "config.yaml", **cache_de_la_sesion)
    matada = _correr(["--salida", salida, "--config", config], tmp_path, f"{punto}=matar")
    assert matada.returncode == -signal.SIGKILL, matada.stderr
    visibles = {n: (salida / n).read_bytes() for n in nombres}
    if queda == "anterior":
        assert all(contenido == f"anterior {n}".encode() for n, contenido in visibles.items())
    else:
        manifiesto_visible = visibles.pop(f"{NOMBRE}-manifiesto.json")
        manifiesto = json.loads(manifiesto_visible)
        assert manifiesto["salidas"] == {n: hashlib.sha256(c).hexdigest() for n, c in visibles.items()}
        assert visibles[f"{NOMBRE}.pdf"] == informe.pdf.read_bytes()
    # the next run (here one that fails: no data for 2031-01, confirmed as intended) tidies the killed one's leftovers
    siguiente = _correr(
        ["--periodo", "2031-01", "--confirmar-periodo", "--salida", salida, "--config", config], tmp_path
    )
    assert siguiente.returncode == 1 and "Traceback" not in siguiente.stderr
    assert not _restos(salida) and not (salida / ".informe.lock").exists()
    assert {n: (salida / n).read_bytes() for n in nombres} == visibles | (
        {} if queda == "anterior" else {f"{NOMBRE}-manifiesto.json": manifiesto_visible}
    )


def test_disco_lleno_deja_el_conjunto_anterior_completo(informe, tmp_path, cache_de_la_sesion):
    """--salida on a small tmpfs: the first set fits (0644 under umask 022); the second does not, cleanly."""
    with _disco_pequeno(tmp_path / "disco", "8m") as salida:
        config = _config(tmp_path / "config.yaml", **cache_de_la_sesion)
        primera = _correr(["--salida", salida, "--config", config], tmp_path, umask=0o022)
        assert primera.returncode == 0, primera.stderr
        nombres = [f"{NOMBRE}{s}" for s in SUFIJOS]
        assert {(salida / n).stat().st_mode & 0o777 for n in nombres} == {0o644}
        antes = {n: (salida / n).read_bytes() for n in nombres}
        segunda = _correr(["--salida", salida, "--config", config], tmp_path)
        assert segunda.returncode == 1
        assert "no queda espacio en el disco" in segunda.stderr and "Traceback" not in segunda.stderr
        assert "las salidas anteriores siguen completas" in segunda.stderr
        assert {n: (salida / n).read_bytes() for n in nombres} == antes
        assert not _restos(salida)


# --- what a run leaves: only its own files, only where it writes ------------------------------------


def test_corrida_fallida_no_deja_nada_en_una_carpeta_ajena_ni_borra_temporales_ajenos(tmp_path):
    """A failed run leaves no lock or registros/ in a folder that is not the tool's, and never removes others' files."""
    ajena = tmp_path / "ajena"
    ajena.mkdir()
    (ajena / "documento.odt").write_text("de otra persona")
    otros = [".documento.odt.tmp", ".~lock.documento.odt#", f".{NOMBRE}.pdf.tmp", ".abc.12345-0badcafe.tmp"]
    for nombre in otros:
        (ajena / nombre).write_text("de otra persona")
    antes = sorted(p.name for p in ajena.iterdir())
    fallida = _correr(
        ["--periodo", "2031-01", "--confirmar-periodo", "--salida", ajena, "--config", RAIZ / "config.yaml"],
        tmp_path,
    )
    assert fallida.returncode == 1 and "No hay datos para el periodo 2031-01" in fallida.stderr
    assert sorted(p.name for p in ajena.iterdir()) == antes


@pytest.mark.skipif(not os.access("/", os.W_OK), reason="/ no es escribible: nada que comprobar")
def test_corrida_fallida_con_salida_en_la_raiz_no_deja_nada_en_la_raiz(tmp_path):
    if Path("/registros").exists() or Path("/.informe.lock").exists():
        pytest.skip("/ ya tiene registros/ o .informe.lock de antes")
    fallida = _correr(
        ["--periodo", "2031-01", "--confirmar-periodo", "--salida", "/", "--config", RAIZ / "config.yaml"],
        tmp_path,
    )
    assert fallida.returncode == 1
    assert not Path("/registros").exists() and not Path("/.informe.lock").exists()


def test_plantilla_sigue_la_umask(tmp_path):
    orden = ["plantilla", "--periodo", "2025-01", "--salida", tmp_path, "--config", RAIZ / "config.yaml"]
    r = _correr(orden, tmp_path, umask=0o022)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "plantilla-2025-01.xlsx").stat().st_mode & 0o777 == 0o644
    assert not _restos(tmp_path)


def test_cache_de_graficos_acotada_sin_borrar_lo_recien_usado(tmp_path):
    """figures/<periodo>/ keeps, per chart, its current version and the three most recently used others;
    nothing used within the last hour (another build may be laying it out) is removed."""
    from inpe_informe import charts

    charts.configurar_estilo(RAIZ / "templates/fonts", lambda v: f"{v:,.0f}")

    def version(i):
        return [charts.Grafico("prueba", "barras_h", {"categorias": ["a"], "valores": [i + 1]})]

    for i in range(6):
        charts.dibujar_todos(version(i), tmp_path, procesos=1)
    assert len(list(tmp_path.glob("prueba-*.svg"))) == 6  # all recent: none removed
    hace_dos_horas = time.time() - 7200
    for ruta in tmp_path.iterdir():
        os.utime(ruta, (hace_dos_horas, hace_dos_horas))
    rutas, _ = charts.dibujar_todos(version(0), tmp_path, procesos=1)
    assert rutas["prueba"].exists() and len(list(tmp_path.glob("prueba-*.svg"))) == 1 + charts.CONSERVAR
