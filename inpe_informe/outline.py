"""Template side of the chapters: one folder per chapter, and the headings it declares once.

A chapter's folder is found by its name (`cap3` → templates/capitulos/cap3/), so adding a
chapter adds a folder and edits no shared file. Inside, every chapter uses the same names:
capitulo.html, extracto.html, macros.html, etiquetas.yaml, estilos.css, variables.md and
secciones.yaml — the chapter's title and its sections, in order. Numbers (3.2) and anchors
(s3-2) follow from the chapter's number and each section's place; the body's headings, the
contents, the PDF bookmarks (drawn from the headings) and the office extract's heading are
all made from it, so a heading is typed once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import yaml_seguro
from .errors import RenderError

CARPETA = "capitulos"
ETIQUETAS = "etiquetas.yaml"
ESTILOS = "estilos.css"
SECCIONES = "secciones.yaml"
_NOMBRE = re.compile(r"^cap(\d+)$")
_CLAVE = re.compile(r"^[a-z][a-z0-9_]*$")
_CLAVES_CAPITULO = {"titulo", "extracto", "secciones"}
_OPCIONES = {  # what a section written as a group may say, and what each must be
    "titulo": (str, "un texto"),
    "numerada": (bool, "sí o no"),
    "subsecciones": (dict, "una lista «clave: Título»"),
    "por_cada": (str, "una ruta de cifras del capítulo (p. ej. programas)"),
    "titulos": (dict, "una lista «código: Título»"),
}
# Section keys are read in templates as attributes (secciones.cap3.tuberculosis): not these names.
_RESERVADAS = {"nombre", "numero", "romano", "ancla", "titulo", "extracto", "secciones", "nivel"}
_RESERVADAS |= {"clave", "subsecciones", "por_clave", "archivo"}


def numero(nombre: str) -> int | None:
    """'cap3' → 3; None for a name that is not a chapter's."""
    coincide = _NOMBRE.match(nombre)
    return int(coincide.group(1)) if coincide else None


def romano(n: int) -> str:
    """3 → 'III': the chapter's number as the report prints it."""
    cifras = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    cifras += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    texto = ""
    for valor, letras in cifras:
        veces, n = divmod(n, valor)
        texto += letras * veces
    return texto


def carpetas(plantillas: Path) -> dict[str, Path]:
    """Chapter folders in report order (by number: cap2 before cap10), keyed by name."""
    raiz = Path(plantillas) / CARPETA
    if not raiz.is_dir():
        return {}
    encontradas = [c for c in raiz.iterdir() if c.is_dir() and numero(c.name) is not None]
    return {c.name: c for c in sorted(encontradas, key=lambda c: numero(c.name))}


def archivos(plantillas: Path, nombre_archivo: str) -> list[Path]:
    """The chapters' files called `nombre_archivo` (those that have one), in report order."""
    return [c / nombre_archivo for c in carpetas(plantillas).values() if (c / nombre_archivo).is_file()]


def hojas_de_estilo(plantillas: Path) -> list[str]:
    """Each chapter's estilos.css, relative to templates/ (the href the report links after informe.css)."""
    return [r.relative_to(plantillas).as_posix() for r in archivos(plantillas, ESTILOS)]


# --- the declaration (secciones.yaml) ----------------------------------------------------------


def _problemas_seccion(clave: str, valor) -> list[str]:
    """What is wrong with one entry of `secciones:` (empty when it is well formed)."""
    if not _CLAVE.match(str(clave)) or clave in _RESERVADAS:
        reservadas = ", ".join(sorted(_RESERVADAS))
        return [f"«{clave}» no sirve como nombre de sección (minúsculas, cifras y _; ni {reservadas})"]
    if isinstance(valor, str):
        return []
    if not isinstance(valor, dict):
        return [f"la sección «{clave}» debe ser un título o un grupo con «titulo:»"]
    problemas = [
        f"la sección «{clave}» tiene «{k}», que no se conoce (se admiten: {', '.join(_OPCIONES)})"
        for k in valor
        if k not in _OPCIONES
    ]
    problemas += [
        f"en la sección «{clave}», «{k}» debe ser {_OPCIONES[k][1]}"
        for k in valor
        if k in _OPCIONES and not isinstance(valor[k], _OPCIONES[k][0])
    ]
    if "por_cada" in valor and "titulos" not in valor:
        problemas.append(
            f"la sección «{clave}» se repite por «{valor['por_cada']}»: falta «titulos:» (uno por código)"
        )
    if "por_cada" not in valor and "titulo" not in valor:
        problemas.append(f"a la sección «{clave}» le falta «titulo:»")
    subsecciones = valor.get("subsecciones")
    for sub, titulo in subsecciones.items() if isinstance(subsecciones, dict) else []:
        problemas += [f"{p} (subsección de «{clave}»)" for p in _problemas_seccion(sub, titulo)]
    return problemas


def _validar(datos, archivo: str) -> dict:
    if not isinstance(datos, dict):
        raise RenderError(f"{archivo}: se esperaba «titulo:» y «secciones:» (ver templates/README.md)")
    problemas = [
        f"«{k}» no se conoce (se admiten: titulo, extracto, secciones)"
        for k in datos
        if k not in _CLAVES_CAPITULO
    ]
    if not isinstance(datos.get("titulo"), str):
        problemas.append("falta «titulo:», el título del capítulo")
    if not isinstance(datos.get("extracto", ""), str):
        problemas.append("«extracto:» debe ser el título de la parte del capítulo en el extracto por oficina")
    if not isinstance(datos.get("secciones") or {}, dict):
        problemas.append("«secciones:» debe listar una sección por línea («clave: Título»)")
    else:
        for clave, valor in (datos.get("secciones") or {}).items():
            problemas += _problemas_seccion(clave, valor)
    if problemas:
        raise RenderError(f"{archivo}: " + "; ".join(problemas) + ".")
    return dict(datos, secciones=datos.get("secciones") or {}, archivo=archivo)


def leer_secciones(plantillas: Path) -> dict[str, dict]:
    """Each chapter's secciones.yaml, checked (every problem of a file reported together), by chapter name."""
    declaraciones = {}
    for nombre, carpeta in carpetas(plantillas).items():
        ruta = carpeta / SECCIONES
        if ruta.is_file():
            archivo = ruta.relative_to(plantillas).as_posix()
            datos = yaml_seguro.leer(ruta, archivo, RenderError)
            declaraciones[nombre] = _validar(datos, archivo)
    return declaraciones


def textos(declaracion: dict) -> list[str]:
    """The Spanish titles of one declaration: what the English catalog must translate."""
    titulos = [declaracion["titulo"], *([declaracion["extracto"]] if declaracion.get("extracto") else [])]

    def de(secciones: dict):
        for valor in secciones.values():
            if isinstance(valor, str):
                titulos.append(valor)
                continue
            titulos.extend([valor["titulo"]] if "titulo" in valor else valor["titulos"].values())
            de(valor.get("subsecciones") or {})

    de(declaracion["secciones"])
    return titulos


# --- the headings of one edition (declaration + the period's figures) --------------------------


@dataclass(frozen=True)
class Seccion:
    """One heading: `numero` and `ancla` follow from its place; `titulo` is Spanish (templates use _())."""

    clave: str
    numero: str  # "3.2"; "" for a section declared with `numerada: no`
    ancla: str  # "s3-2"
    titulo: str
    nivel: int = 2
    subsecciones: dict = field(default_factory=dict)

    def __getitem__(self, clave: str) -> Seccion:
        """A subsection by its key: `seccion.evolucion` in a template."""
        return self.subsecciones[clave]

    def keys(self):
        """Its subsections' keys: what an editor's error message may suggest after the dot."""
        return self.subsecciones.keys()


@dataclass(frozen=True)
class Encabezados:
    """A chapter's headings as its templates see them: its own (title, number, Roman numeral) and its sections'.

    `encabezados.tuberculosis` is a section; a section repeated per item (`por_cada`) is a mapping
    code → section (`encabezados.programas["FOCOS"]`); iterating gives every section in order.
    """

    nombre: str  # "cap3"
    numero: int
    romano: str
    ancla: str
    titulo: str
    extracto: Seccion | None  # the heading of the chapter's part of an office extract
    secciones: tuple = ()
    por_clave: dict = field(default_factory=dict)

    def __getitem__(self, clave: str):
        return self.por_clave[clave]

    def keys(self):
        """Its sections' keys: what an editor's error message may suggest after the dot."""
        return self.por_clave.keys()

    def __iter__(self):
        return iter(self.secciones)


def _valor(datos, ruta: str):
    """`anual.usuarios` read in the chapter's figures; None when a step is missing or empty."""
    for paso in ruta.split("."):
        if not datos:
            return None
        datos = datos.get(paso) if isinstance(datos, Mapping) else getattr(datos, paso, None)
    return datos


def _seccion(clave: str, valor, numero: str, ancla: str, nivel: int = 2) -> Seccion:
    titulo = valor if isinstance(valor, str) else valor["titulo"]
    declaradas = {} if isinstance(valor, str) else valor.get("subsecciones") or {}
    subsecciones = {
        k: _seccion(k, v, f"{numero}.{i}" if numero else "", f"{ancla}-{i}", nivel + 1)
        for i, (k, v) in enumerate(declaradas.items(), 1)
    }
    return Seccion(clave, numero, ancla, titulo, nivel, subsecciones)


def _repetidas(clave: str, opciones: dict, datos, n: int, posicion: int, archivo: str) -> dict[str, Seccion]:
    """One section per code of `titulos:`, in that order, numbered from `posicion`.

    Every declared item keeps its number whether or not the month has its figures (the
    template prints a note for an item without them); an item of `por_cada` without a
    declared title is an error.
    """
    sin_titulo = [
        item["codigo"]
        for item in _valor(datos, opciones["por_cada"]) or []
        if item["codigo"] not in opciones["titulos"]
    ]
    if sin_titulo:
        raise RenderError(
            f"{archivo}: la sección «{clave}» no tiene título para «{sin_titulo[0]}»; añádalo en «titulos:»."
        )
    return {
        codigo: _seccion(clave, titulo, f"{n}.{posicion + i}", f"s{n}-{posicion + i}")
        for i, (codigo, titulo) in enumerate(opciones["titulos"].items(), 1)
    }


def encabezados(nombre: str, declaracion: dict, datos) -> Encabezados:
    """Number a chapter's declared sections: every one, with or without figures for the period.

    A numbered section is «N.posición» with anchor «sN-posición»: numbers never jump and do not
    change from month to month (a section without figures is printed with a note). Sections
    with `numerada: no` have no number and the anchor «sN-0» («sN-0-2» …).
    """
    n, posicion, sin_numero = numero(nombre), 0, 0
    secciones, por_clave = [], {}
    for clave, valor in declaracion["secciones"].items():
        opciones = valor if isinstance(valor, dict) else {}
        if "por_cada" in opciones:
            por_clave[clave] = _repetidas(clave, opciones, datos, n, posicion, declaracion["archivo"])
            secciones += por_clave[clave].values()
            posicion += len(por_clave[clave])
            continue
        if opciones.get("numerada", True):
            posicion += 1
            numero_, ancla = f"{n}.{posicion}", f"s{n}-{posicion}"
        else:
            sin_numero += 1
            numero_, ancla = "", f"s{n}-0" + (f"-{sin_numero}" if sin_numero > 1 else "")
        por_clave[clave] = _seccion(clave, valor, numero_, ancla)
        secciones.append(por_clave[clave])
    extracto = declaracion.get("extracto")
    extracto = Seccion("extracto", romano(n), f"x-{nombre}", extracto) if extracto else None
    return Encabezados(
        nombre, n, romano(n), nombre, declaracion["titulo"], extracto, tuple(secciones), por_clave
    )


def resolver(declaraciones: dict[str, dict], indicadores: dict) -> dict[str, Encabezados]:
    """Every chapter's headings for this period (the `secciones` the templates receive)."""
    return {
        nombre: encabezados(nombre, d, indicadores.get(nombre) or {}) for nombre, d in declaraciones.items()
    }
