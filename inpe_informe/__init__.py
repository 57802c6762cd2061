"""Informe Estadístico de Tratamiento Penitenciario: load → validate → compute → chart → render."""

__version__ = "0.1.0"
