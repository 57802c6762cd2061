"""Formatting filters for templates: numbers, percentages and months in the edition's locale.

Values arrive already rounded by the computation layer; these functions only
format them (Babel, locale es_PE: 99,443 · 4.0%) and never round again.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from babel.numbers import format_decimal

from .periods import Periodo

LOCALES = {"es": "es_PE", "en": "en_US"}

# What each filter expects, in the words of an editor's error message (explain.py).
ENTRADA_DE_FILTROS = {
    "numero": "un conteo (un número entero, como `cap1.actual.total_general`)",
    "absoluto": "un cambio (un número entero, como `cap1.variacion.total_general.absoluta`)",
    "porcentaje": "un porcentaje (un número, como `cap1.variacion.total_general.porcentaje`)",
    "porcentaje_abs": "un porcentaje de cambio (un número)",
    "mes": "un mes (como `informe.periodo`)",
    "mes_en": "un mes (como `informe.periodo`)",
    "nombre_propio": "un nombre en mayúsculas (como `f.ipress`)",
}


def nombre_propio(texto, nombres: dict | None = None) -> str:
    """A name its register writes in capitals, in title case: 'AREA DE SALUD DEL EP RIO NEGRO' →
    'Área de Salud del EP Río Negro'. `nombres` (templates/nombres_propios.yaml) lists the words kept
    in lower case, kept in capitals, and given back their accents."""
    nombres = nombres or {}
    minusculas = set(nombres.get("minusculas", []))
    siglas = set(nombres.get("siglas", []))
    tildes = nombres.get("tildes", {})

    def palabra(p: str, primera: bool) -> str:
        if p in siglas or "." in p or any(c.isdigit() for c in p):
            return p  # E.P., I-1, EP, II
        bajo = p.lower()
        if bajo in minusculas and not primera:
            return bajo
        partes = [q if q in siglas else tildes.get(q.capitalize(), q.capitalize()) for q in p.split("-")]
        return "-".join(partes)  # EP-PUNO → EP-Puno

    if texto is None:
        return "–"
    palabras = str(texto).split()
    return " ".join(palabra(p, i == 0) for i, p in enumerate(palabras))


@functools.lru_cache(maxsize=100_000)
def _formato(texto: str, patron: str, locale: str) -> str:
    """Babel's formatting, once per distinct value: a report prints ~25,000 numbers, many of them alike.

    Keyed by the value's text, not the value: Decimal('4.0') == Decimal('4.00') == 4, yet each prints its own.
    """
    return format_decimal(Decimal(texto), format=patron, locale=locale, decimal_quantization=False)


def hacer_filtros(idioma: str = "es", nombres: dict | None = None) -> dict:
    """Filters bound to one edition's locale (and the editors' list of words for `nombre_propio`)."""
    locale = LOCALES[idioma]

    def numero(valor):
        """99443 → '99,443'; -5 → '−5' (the minus sign, as percentages print it); None → '–'."""
        if valor is None:
            return "–"
        if isinstance(valor, Decimal) and valor.as_tuple().exponent < 0:  # an average below one: 0.4
            decimales = -valor.as_tuple().exponent
            texto = _formato(str(valor), "#,##0." + "0" * decimales, locale)
        else:
            texto = _formato(str(int(valor)), "#,##0", locale)
        return texto.replace("-", "−")

    def absoluto(valor):
        """Magnitude of a change, for sentences that name the direction in words: -5 → '5'."""
        return numero(None if valor is None else abs(int(valor)))

    def porcentaje(valor, signo=False):
        """Decimal('4.0') → '4.0%' with the decimals it was rounded to; signo=True → '+4.0%'."""
        if valor is None:
            return "–"
        valor = Decimal(valor)
        decimales = max(0, -valor.as_tuple().exponent)
        patron = "#,##0" + ("." + "0" * decimales if decimales else "")
        texto = _formato(str(abs(valor) if not signo else valor), patron, locale)
        if signo and valor > 0:
            texto = "+" + texto
        return texto.replace("-", "−") + "%"

    def porcentaje_abs(valor):
        """Magnitude of a % change: Decimal('-0.05') → '0.05%'."""
        return porcentaje(None if valor is None else abs(Decimal(valor)))

    def mes(periodo: Periodo, formato="largo"):
        """'diciembre 2024' (largo), 'diciembre' (mes), 'DIC-24' (corto), '2024' (anio)."""
        if formato == "corto":
            return periodo.corto(idioma)
        if formato == "anio":
            return str(periodo.anio)
        nombre = periodo.nombre_mes if idioma == "es" else periodo.nombre_mes_en
        if formato == "mes":
            return nombre
        return f"{nombre} {periodo.anio}"

    def mes_en(periodo: Periodo):
        """English month for the secondary (English) line of a bilingual heading."""
        return f"{periodo.nombre_mes_en} {periodo.anio}"

    return {
        "numero": numero,
        "absoluto": absoluto,
        "porcentaje": porcentaje,
        "porcentaje_abs": porcentaje_abs,
        "mes": mes,
        "mes_en": mes_en,
        "nombre_propio": lambda texto: nombre_propio(texto, nombres),
    }
