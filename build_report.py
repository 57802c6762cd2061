"""Entry point: `python build_report.py --periodo 2024-12` (see README.md)."""

import importlib.util
import sys

# What the report needs; a Python without it gets the README's command in Spanish, not a traceback.
NECESARIAS = ("yaml", "pandas", "jinja2", "openpyxl", "odf", "matplotlib", "weasyprint")
COMANDO = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/python build_report.py"


def falta() -> str:
    """What this Python lacks to run the report ('' when nothing)."""
    if sys.version_info < (3, 10):  # noqa: UP036 (this file runs under whatever python3 the user has)
        return f"es Python {sys.version_info[0]}.{sys.version_info[1]} y se necesita 3.10 o superior"
    ausentes = [m for m in NECESARIAS if importlib.util.find_spec(m) is None]
    return f"no tiene las bibliotecas del informe ({', '.join(ausentes)})" if ausentes else ""


if __name__ == "__main__":
    if falta():
        raise SystemExit(
            f"ERROR: este Python ({sys.executable}) {falta()}. Use el entorno del proyecto, "
            f"como dice README.md: {COMANDO}"
        )
    from inpe_informe.cli import main

    raise SystemExit(main())
