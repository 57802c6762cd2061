"""Entry point: `python build_report.py --periodo 2024-12` (see README.md)."""

from inpe_informe.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
