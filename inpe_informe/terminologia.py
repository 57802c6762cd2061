"""Vocabulary: the termbase (templates/terminos.yaml) and the glossary of abbreviations (templates/siglas.yaml).

Why: one concept, one English name in every chapter. The termbase says which English each
institutional term takes; `revisar_catalogos` lists the catalog entries that stray from it
(the tests fail on any). The glossary is one data file that both editions and the HTML
edition render as the «Siglas / Abbreviations» page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .i18n import _leer_po, carpeta_catalogos


@dataclass(frozen=True)
class Termino:
    clave: str
    es: tuple[str, ...]  # Spanish forms looked for in a msgid
    en: str  # the English term the msgstr must use
    formas: tuple[str, ...] = ()  # other accepted English forms (plural, possessive…)
    glosa: str = ""  # English gloss that follows a programme's Spanish name
    no_usar: tuple[str, ...] = ()  # rejected English variants, absent from every msgstr
    nota: str = ""


@dataclass(frozen=True)
class Discrepancia:
    catalogo: str
    msgid: str
    msgstr: str
    problema: str

    def __str__(self) -> str:
        return f"{self.catalogo}.po: «{self.msgid[:70]}» → «{self.msgstr[:70]}»: {self.problema}"


def patron_palabra(texto: str) -> re.Pattern:
    """A whole-word, case-insensitive pattern (works for «E.M.L.» and «VIH/SIDA» too)."""
    return re.compile(r"(?<!\w)" + re.escape(texto) + r"(?!\w)", re.IGNORECASE)


def _leer_yaml(ruta: Path) -> dict:
    from .errors import RenderError
    from .yaml_seguro import leer

    return leer(ruta, f"templates/{Path(ruta).name}", RenderError) or {}


def leer_terminos(plantillas: Path) -> list[Termino]:
    """The termbase; a key defined twice is an error (two English names for one concept)."""
    ruta = Path(plantillas) / "terminos.yaml"
    terminos, vistas = [], set()
    for e in _leer_yaml(ruta).get("terminos", []):
        if e["clave"] in vistas:
            raise ValueError(f"{ruta.name}: la clave «{e['clave']}» está repetida")
        vistas.add(e["clave"])
        terminos.append(
            Termino(
                clave=e["clave"],
                es=tuple(e["es"]),
                en=e["en"],
                formas=tuple(e.get("formas", ())),
                glosa=e.get("glosa", ""),
                no_usar=tuple(e.get("no_usar", ())),
                nota=e.get("nota", ""),
            )
        )
    return terminos


_MARCADOR = re.compile(r"%\(\w+\)s|<[^>]+>")  # placeholders and tags are not wording


def terminos_en(texto: str, terminos: list[Termino]) -> list[Termino]:
    """Termbase entries a Spanish text uses; a longer form wins over a shorter one inside it."""
    texto = _MARCADOR.sub(" ", texto)
    hallazgos = [
        (m.start(), m.end(), t)
        for t in terminos
        for forma in t.es
        for m in patron_palabra(forma).finditer(texto)
    ]
    tomados: list[tuple[int, int, Termino]] = []
    for inicio, fin, termino in sorted(hallazgos, key=lambda h: h[0] - h[1]):
        if all(fin <= a or inicio >= b for a, b, _ in tomados):
            tomados.append((inicio, fin, termino))
    return list(dict.fromkeys(t for _, _, t in sorted(tomados, key=lambda h: h[0])))


def _usa(traduccion: str, termino: Termino) -> bool:
    return any(patron_palabra(f).search(traduccion) for f in (termino.en, *termino.formas))


def revisar(msgid: str, msgstr: str, terminos: list[Termino]) -> list[str]:
    """What is wrong with one translation: a term rendered otherwise, a missing gloss, a rejected variant."""
    problemas = []
    for t in terminos_en(msgid, terminos):
        if not _usa(msgstr, t):
            problemas.append(f"«{t.es[0]}» debe traducirse «{t.en}» [{t.clave}]")
        elif t.glosa and t.glosa.lower() not in msgstr.lower():
            problemas.append(f"«{t.en}» va con su glosa «({t.glosa})» [{t.clave}]")
    for t in terminos:
        for variante in t.no_usar:
            if patron_palabra(variante).search(msgstr):
                problemas.append(f"«{variante}» está descartado: use «{t.en}» [{t.clave}]")
    return problemas


def revisar_catalogos(plantillas: Path, catalogos: Path | None = None) -> list[Discrepancia]:
    """Every catalog entry whose English strays from the termbase (empty translations are left to
    the completeness test)."""
    terminos = leer_terminos(plantillas)
    carpeta = Path(catalogos) if catalogos else carpeta_catalogos(plantillas)
    return [
        Discrepancia(ruta.stem, msgid, msgstr, problema)
        for ruta in sorted(carpeta.glob("*.po"))
        for msgid, msgstr in _leer_po(ruta).items()
        if msgstr
        for problema in revisar(msgid, msgstr, terminos)
    ]


def leer_siglas(plantillas: Path) -> list[dict]:
    """The glossary, each entry completed from the termbase when it names a `termino`.

    Each entry: sigla (as printed in Spanish), es (its Spanish expansion), en (English
    expansion), sigla_en (as printed in the English edition; the Spanish one unless an
    international English abbreviation replaces it), variantes (other printed forms).
    """
    plantillas = Path(plantillas)
    terminos = {t.clave: t for t in leer_terminos(plantillas)}
    siglas = []
    for e in _leer_yaml(plantillas / "siglas.yaml").get("siglas", []):
        if e.get("termino") and e["termino"] not in terminos:
            raise ValueError(
                f"siglas.yaml: «{e['sigla']}» nombra el término «{e['termino']}», que no está en terminos.yaml"
            )
        termino = terminos[e["termino"]] if e.get("termino") else None
        en = e.get("en") or (termino.en + (f" ({termino.glosa})" if termino.glosa else ""))
        siglas.append(
            {
                "sigla": e["sigla"],
                "sigla_en": e.get("sigla_en", e["sigla"]),
                "es": e["es"],
                "en": en,
                "variantes": list(e.get("variantes", [])),
                "termino": e.get("termino", ""),
            }
        )
    return siglas
