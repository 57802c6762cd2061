"""Shared fixtures: the report is built once per session and its text read back for figure tests."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
SEED = RAIZ / "data" / "fuente" / "informe_2024_extraido.txt"


def normalizar(texto: str) -> str:
    """Collapse whitespace and unify the minus sign so figures can be searched in extracted text."""
    return re.sub(r"\s+", " ", texto.replace("\u2212", "-").replace("\u00ad", "")).strip()


def texto_pdf(ruta: Path) -> str:
    from pypdf import PdfReader

    return normalizar(" ".join(p.extract_text() or "" for p in PdfReader(str(ruta)).pages))


def construir(tmp: Path, periodo: str | None = None, **extra):
    from inpe_informe.config import leer_config
    from inpe_informe.pipeline import construir as construir_informe

    cfg = leer_config(RAIZ / "config.yaml", periodo=periodo, **extra)
    cfg.salida, cfg.figuras = tmp / "output", tmp / "figures"
    return construir_informe(cfg, silencioso=True)


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
