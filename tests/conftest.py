"""Shared fixtures: the report is built once per session and its text read back for figure tests."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
SEED = RAIZ / "data" / "fuente" / "informe_2024_extraido.txt"


# Under pytest-xdist (the README's test command runs one worker per core) the workers share one folder of
# the run: the session's figures and layout cache, and the locks that let one worker build an edition while
# the other waits and then takes the same edition from the cache. Without xdist it is the session's basetemp.
_COMUN: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def carpeta_comun(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    _COMUN[:] = [base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base]
    return _COMUN[0]


def caches_de_la_sesion() -> dict[str, Path]:
    """The figures folder and layout cache every build of the test run shares (leer_config's keywords)."""
    return {"figuras": _COMUN[0] / "figuras-de-la-sesion", "cache": _COMUN[0] / "cache-de-la-sesion"}


@contextlib.contextmanager
def turno(*clave):
    """One worker at a time builds the edition named by `clave`; the next one finds its parts in the cache."""
    import fcntl

    nombre = hashlib.sha1(repr(clave).encode()).hexdigest()[:16]
    with open(_COMUN[0] / f"turno-{nombre}.lock", "w") as cerrojo:
        fcntl.flock(cerrojo, fcntl.LOCK_EX)
        yield


def normalizar(texto: str) -> str:
    """Collapse whitespace and unify the minus sign so figures can be searched in extracted text."""
    return re.sub(r"\s+", " ", texto.replace("\u2212", "-").replace("\u00ad", "")).strip()


@functools.lru_cache(maxsize=64)
def _paginas_de(ruta: str, version: tuple[int, int]) -> tuple[str, ...]:
    import pypdfium2 as pdfium

    documento = pdfium.PdfDocument(ruta)
    try:
        paginas = []
        for pagina in documento:
            texto = pagina.get_textpage()
            # pdfium writes \x02 where a word is hyphenated at a line's end: read it as the printed hyphen
            paginas.append(texto.get_text_range().replace("\x02", "-\n"))
            texto.close()
            pagina.close()
        return tuple(paginas)
    finally:
        documento.close()


def paginas_pdf(ruta: Path) -> list[str]:
    """Each page's extracted text, read once per version of the file in the test session.

    Read with pdfium (under 1 s for the 104 pages; pypdf took ~28 s of CPU), once per file version: every
    test reading the same PDF shares one reading (the key holds the file's mtime and size, so a rebuilt
    file is read again).
    """
    estado = Path(ruta).stat()
    return list(_paginas_de(str(ruta), (estado.st_mtime_ns, estado.st_size)))


def texto_pdf(ruta: Path) -> str:
    return normalizar(" ".join(paginas_pdf(ruta)))


def config_de_la_sesion(config: Path, salida: Path, **opciones):
    """`config` read for a test build writing to `salida`, with the run's one figures folder and one
    layout cache (caches_de_la_sesion): every build of the run, on every worker, shares them."""
    from inpe_informe.config import leer_config

    return leer_config(config, salida=salida, **caches_de_la_sesion(), **opciones)


def tipadas(tablas):
    """Hand-built tables typed as validate.py types data/'s: 'AAAA-MM' text in a periodo column becomes a
    Periodo (a table, or a dict of them). Chapter tests write months as text and compute on Periodo."""
    from inpe_informe.periods import Periodo

    if isinstance(tablas, dict):
        return {nombre: tipadas(marco) for nombre, marco in tablas.items()}
    if "periodo" not in tablas.columns:
        return tablas
    periodos = tablas["periodo"].map(lambda v: Periodo.parse(v) if isinstance(v, str) else v)
    return tablas.assign(periodo=periodos.astype(object))


def copia_del_proyecto(raiz: Path) -> Path:
    """data/, templates/ and config.yaml copied under `raiz`, for a test that changes an input table."""
    import shutil

    for nombre in ("data", "templates"):
        shutil.copytree(RAIZ / nombre, raiz / nombre)
    shutil.copy(RAIZ / "config.yaml", raiz)
    return raiz


def vista_de_capitulo(raiz: Path, capitulo: int, periodo: str = "2024-12") -> str:
    """The HTML preview of one chapter built from the project copy at `raiz` (the session's caches shared)."""
    from inpe_informe.pipeline import construir_vista

    cfg = config_de_la_sesion(raiz / "config.yaml", raiz / "output", periodo=periodo)
    return construir_vista(cfg, [capitulo], solo_html=True).read_text(encoding="utf-8")


def construir(tmp: Path, periodo: str | None = None, **extra):
    from inpe_informe.pipeline import construir as construir_informe

    with turno(periodo, sorted(extra.items())):
        return construir_informe(
            config_de_la_sesion(RAIZ / "config.yaml", tmp / "output", periodo=periodo, **extra)
        )


@pytest.fixture(scope="session")
def seed() -> str:
    return normalizar(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def publicado(seed):
    """Assert a figure is printed in the 2024 edition, and return it (expectations come from the seed)."""

    def _publicado(cifra: str) -> str:
        assert normalizar(cifra) in seed, f"«{cifra}» no figura en la edición publicada"
        return cifra

    return _publicado


def redondea_a(pct: str) -> str:
    """A regex for the one-decimal percentages an exact share rounding to a whole one may print: '39%' → 38.5%…39.5%.

    The 2024 edition printed some shares as whole percents; the report prints every share with one
    decimal, so its value is checked against the published one at the published precision (both
    ends included: 29.46 prints 29.5 and was published 29).
    """
    entero = int(pct.rstrip("%"))
    return rf"(?:{entero - 1}\.[5-9]|{entero}\.[0-5])%" if entero else r"0\.[0-5]\d?%"


@pytest.fixture(scope="session")
def publicado_pct(publicado):
    """A published whole percent (asserted in the seed) as the regex of what the report prints for it."""

    def _pct(cifra: str) -> str:
        return redondea_a(publicado(cifra))

    return _pct


@pytest.fixture(scope="session")
def informe(tmp_path_factory):
    """The default report (config.yaml's period), built once."""
    return construir(tmp_path_factory.mktemp("informe"))


@pytest.fixture(scope="session")
def texto(informe) -> str:
    return texto_pdf(informe.pdf)


@pytest.fixture(scope="session")
def informe_setiembre(tmp_path_factory):
    """A report for another month (SET-2024): no establishment detail exists for it."""
    return construir(tmp_path_factory.mktemp("setiembre"), periodo="2024-09")


@pytest.fixture(scope="session")
def informe_enero(tmp_path_factory):
    """January 2024: the only month of its year with data (plus its base, December 2023), built once."""
    return construir(tmp_path_factory.mktemp("enero"), periodo="2024-01")


@pytest.fixture(scope="session")
def informe_enero_en(tmp_path_factory):
    """The English edition of January 2024, built once."""
    return construir(tmp_path_factory.mktemp("enero_en"), periodo="2024-01", idioma="en")


def capitulo(texto: str, inicio: str) -> str:
    """Text of one chapter: from its opening heading to the next chapter's (or the end)."""
    desde = texto.index(inicio)
    siguiente = texto.find("CAPÍTULO ", desde + len(inicio))
    return texto[desde : siguiente if siguiente > 0 else None]


def texto_capitulo(ruta: Path, numero: int) -> str:
    """Text of one chapter's pages: from its anchor (#capN, a named destination) to the next chapter's."""
    from pypdf import PdfReader

    lector = PdfReader(str(ruta))
    inicios = {}
    for nombre, destino in lector.named_destinations.items():
        coincide = re.fullmatch(r"/?cap(\d+)", str(nombre))
        if coincide:
            inicios[int(coincide.group(1))] = lector.get_destination_page_number(destino)
    assert numero in inicios, f"el PDF no tiene el capítulo {numero} (anclas: {sorted(inicios)})"
    siguientes = [p for n, p in inicios.items() if n > numero]
    fin = min(siguientes) if siguientes else len(lector.pages)
    return normalizar(" ".join(paginas_pdf(ruta)[inicios[numero] : fin]))


# Spanish function words that must not survive in an English chapter (proper names aside).
PALABRAS_ESPANOL = [
    " los ",
    " las ",
    " que ",
    " con ",
    " para ",
    " según ",
    " una ",
    " se observa",
    " internos",
    " población ",
    " respecto ",
    " mientras ",
]


def restos_en_espanol(texto: str, permitidas: tuple[str, ...] = ()) -> list[str]:
    """Spanish words found in an English text, with some context, ignoring the allowed phrases."""
    limpio = texto
    for frase in permitidas:
        limpio = limpio.replace(frase, " ")
    hallados = []
    for palabra in PALABRAS_ESPANOL:
        i = limpio.lower().find(palabra)
        if i >= 0:
            hallados.append(limpio[max(0, i - 60) : i + 60])
    return hallados


@pytest.fixture(scope="session")
def informe_en(tmp_path_factory):
    """The English edition (--idioma en) of the default period, built once."""
    return construir(tmp_path_factory.mktemp("informe_en"), idioma="en")


@pytest.fixture(scope="session")
def texto_en(informe_en) -> str:
    return texto_pdf(informe_en.pdf)


def textos_del_capitulo_sin_traducir(informe_en, informe, numero: int) -> list[str]:
    """Strings of chapter N that the English build reported without English (shared by the capN_ingles tests).

    A string is the chapter's when it is in its catalog, or is the English of one of its strings
    not used elsewhere (looked up twice), or is Spanish printed in the chapter but in no catalog.
    """
    from inpe_informe.i18n import _leer_po, carpeta_catalogos

    plantillas = RAIZ / "templates"
    otros = [
        r
        for r in [*plantillas.rglob("*.html"), *plantillas.rglob("*.yaml")]
        if f"cap{numero}" not in r.relative_to(plantillas).parts
    ]
    textos_otros = [r.read_text(encoding="utf-8") for r in otros]
    catalogo = _leer_po(carpeta_catalogos(plantillas) / f"cap{numero}.po")
    propios = set(catalogo) | {
        en for es, en in catalogo.items() if en and not any(es in t for t in textos_otros)
    }
    espanol = texto_capitulo(informe.pdf, numero)
    todos = {
        x
        for ruta in carpeta_catalogos(plantillas).glob("*.po")
        for par in _leer_po(ruta).items()
        for x in par
    }
    faltan = []
    for h in informe_en.hallazgos:
        if h.tabla != "traducciones":
            continue
        texto = re.search(r"«(.*)»", h.mensaje, re.S)
        texto = texto.group(1) if texto else h.mensaje
        if texto in propios or (texto not in todos and normalizar(texto) in espanol):
            faltan.append(texto)
    return faltan


# ------------------------------------------------------------------ a year of monthly cycles (2025)

MESES_2025 = [f"2025-{m:02d}" for m in range(1, 13)]
SALTO_DE_ENERO = {"poblacion_regimen_ep": {"PIURA": {"rco_maxima": 4}}}  # a jump the QA report must show


def _cli(*argumentos) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from inpe_informe.cli import main

    salida = io.StringIO()
    with redirect_stdout(salida), redirect_stderr(salida):
        codigo = main(list(argumentos))
    return codigo, salida.getvalue()


@pytest.fixture(scope="session")
def anio_2025(carpeta_comun):
    """A project copy after twelve monthly cycles through the CLI (plantilla → tests/llenado.py → importar),
    and what each month's commands printed. January carries a jump (Piura's RCO máxima × 4).

    Made once per test run: under xdist the first worker that needs it makes it, the others read it."""
    import json
    import shutil

    from llenado import llenar

    raiz, hecho = carpeta_comun / "anio-2025", carpeta_comun / "anio-2025.json"
    with turno("anio-2025"):
        if hecho.exists():
            return raiz, json.loads(hecho.read_text(encoding="utf-8"))
        shutil.rmtree(raiz, ignore_errors=True)  # a worker stopped half-way leaves no half year behind
        for nombre in ("data", "templates"):
            shutil.copytree(RAIZ / nombre, raiz / nombre)
        for nombre in ("config.yaml", "build_report.py"):
            shutil.copy(RAIZ / nombre, raiz)
        config = str(raiz / "config.yaml")
        salidas = {}
        for mes in MESES_2025:
            codigo, plantilla = _cli("plantilla", "--periodo", mes, "--config", config)
            assert codigo == 0, plantilla
            libro = raiz / "output" / f"plantilla-{mes}.xlsx"
            llenar(libro, raiz / "data", semilla=2025, saltos=SALTO_DE_ENERO if mes == "2025-01" else None)
            codigo, importacion = _cli("importar", str(libro), "--config", config)
            assert codigo == 0, f"{mes}:\n{importacion}"
            salidas[mes] = plantilla + importacion
        hecho.write_text(json.dumps(salidas, ensure_ascii=False), encoding="utf-8")
    return raiz, salidas


def construir_del_anio(raiz: Path, periodo: str, comparar_con: Path | None = None):
    """One edition of the generated year, sharing the session's figure and layout caches."""
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import construir as construir_informe

    cfg = leer_config(
        raiz / "config.yaml", periodo=periodo, comparar_con=comparar_con, **caches_de_la_sesion()
    )
    with turno(str(raiz), periodo):
        return construir_informe(cfg)


@pytest.fixture(scope="session")
def enero_2025(anio_2025, informe):
    """January 2025, compared with the default 2024-12 build (--comparar-con)."""
    import shutil

    raiz = anio_2025[0]
    anterior = raiz / "anterior"
    anterior.mkdir(exist_ok=True)
    shutil.copy(informe.pdf.with_name(informe.pdf.stem + "-cifras.json"), anterior)
    return construir_del_anio(raiz, "2025-01", anterior)


@pytest.fixture(scope="session")
def junio_2025(anio_2025):
    return construir_del_anio(anio_2025[0], "2025-06")


@pytest.fixture(scope="session")
def diciembre_2025(anio_2025):
    return construir_del_anio(anio_2025[0], "2025-12")


@pytest.fixture(scope="session")
def capitulos_diciembre_2025(diciembre_2025) -> dict[int, str]:
    """The text of December 2025's annual chapters, read once."""
    return {n: texto_capitulo(diciembre_2025.pdf, n) for n in (3, 5, 6, 7)}
