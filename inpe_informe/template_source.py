"""What explain.py reads about a failed template: its frames, its block structure, its lines and the names valid there.

Jinja's debug traceback has one frame per template being run (the report, the chapter it
includes, the macro the chapter called), each with the template's file, line and the names
visible at that point. Syntax errors have no frames: the template's source is scanned instead.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, Undefined
from jinja2.environment import TemplateModule
from jinja2.runtime import Macro

from .periods import Periodo

# --- frames -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marco:
    """One template frame of a traceback: where it ran and the names it could see."""

    archivo: str  # relative to templates/
    linea: int
    fuente: str
    nombres: dict


def nombre_relativo(ruta, raiz: Path) -> str:
    ruta = Path(ruta).resolve()
    return ruta.relative_to(raiz).as_posix() if ruta.is_relative_to(raiz) else ruta.name


def marcos(exc: BaseException, raiz: Path) -> list[Marco]:
    """The template frames of the error's traceback, outermost first (Jinja rewrote them to template lines)."""
    encontrados, tb = [], exc.__traceback__
    while tb is not None:
        ruta = Path(tb.tb_frame.f_code.co_filename)
        if ruta.suffix == ".html" and ruta.resolve().is_relative_to(raiz) and ruta.exists():
            nombres = {k: v for k, v in tb.tb_frame.f_locals.items() if not k.startswith("_")}
            texto = ruta.read_text(encoding="utf-8")
            encontrados.append(Marco(nombre_relativo(ruta, raiz), tb.tb_lineno, texto, nombres))
        tb = tb.tb_next
    return encontrados


def _linea(texto: str, numero: int) -> str:
    lineas = texto.splitlines()
    return lineas[numero - 1] if 0 < numero <= len(lineas) else ""


def donde_se_escribio(pila: list[Marco], patron: str) -> tuple[Marco | None, int | None]:
    """The frame and line where the editor wrote what `patron` finds.

    The innermost frame whose line has it (a name passed to a macro fails inside the macro,
    but was written in the template that called it); else, in the frames' sources, the
    nearest line before where it failed (a `{% set %}` that stored it); else the innermost frame.
    """
    for marco in reversed(pila):
        if re.search(patron, _linea(marco.fuente, marco.linea)):
            return marco, marco.linea
    for marco in reversed(pila):
        lineas = [n for n, t in enumerate(marco.fuente.splitlines(), 1) if re.search(patron, t)]
        if lineas:
            antes = [n for n in lineas if n <= marco.linea]
            return marco, (antes[-1] if antes else lineas[0])
    return (pila[-1], pila[-1].linea) if pila else (None, None)


# --- names valid at a point ---------------------------------------------------------------------

_CADENA = re.compile(r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*")
_PARTE = re.compile(r"\.\s*([A-Za-z_]\w*)|\[\s*([^\[\]]*?)\s*\]")


def _clave(texto: str, nombres: dict):
    try:
        return ast.literal_eval(texto)
    except (ValueError, SyntaxError):
        return nombres.get(texto, Undefined())


def objeto_de(marco: Marco, linea: int, nombre: str, env) -> tuple[str, object] | None:
    """(`cap1.variacion`, its value) for the object that lacks `nombre` in an expression on that line."""
    for cadena in _CADENA.finditer(_linea(marco.fuente, linea)):
        cabeza = re.match(r"[A-Za-z_]\w*", cadena.group()).group()
        valor = marco.nombres.get(cabeza, env.globals.get(cabeza, Undefined()))
        ruta = cabeza
        for parte in _PARTE.finditer(cadena.group(), len(cabeza)):
            atributo, indice = parte.groups()
            clave = atributo if atributo is not None else _clave(indice, marco.nombres)
            if isinstance(valor, Undefined) or isinstance(clave, Undefined):
                break
            siguiente = env.getattr(valor, clave) if atributo is not None else env.getitem(valor, clave)
            if str(clave) == nombre and isinstance(siguiente, Undefined):
                return ruta, valor
            valor, ruta = siguiente, ruta + (f".{atributo}" if atributo is not None else f"[{indice}]")
    return None


def nombres_de(valor) -> list[str]:
    """What can follow a dot: a Mapping's keys, a dataclass's fields (those marked for templates,
    when some are), a macro library's macros, the public data of one of the report's objects."""
    if isinstance(valor, TemplateModule):
        return [k for k in vars(valor) if not k.startswith("_")]
    claves = valor.keys() if callable(getattr(valor, "keys", None)) else ()
    nombres = [str(k) for k in claves]
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        campos = dataclasses.fields(valor)
        marcados = [c.name for c in campos if c.metadata.get("plantillas")]
        nombres += marcados or [c.name for c in campos]
    elif not isinstance(valor, Mapping) and type(valor).__module__.startswith("inpe_informe"):
        nombres += [n for n in dir(valor) if not n.startswith("_") and not callable(getattr(valor, n, None))]
    return list(dict.fromkeys(nombres))


def parametros_de_macro(marco: Marco, nombre: str) -> list[str]:
    """The parameters of macro `nombre`, found among the names (or macro libraries) visible in `marco`."""
    for valor in marco.nombres.values():
        macro = getattr(valor, nombre, None) if isinstance(valor, TemplateModule) else valor
        if isinstance(macro, Macro) and macro.name == nombre:
            return list(macro.arguments)
    return []


# --- filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiltroFallido:
    nombre: str
    valor: object


def filtro_que_fallo(exc: BaseException, env) -> FiltroFallido | None:
    """The filter a template called when the error happened inside it, with the value it received."""
    codigos = {getattr(f, "__code__", None): n for n, f in env.filters.items()}
    tb, llamado = exc.__traceback__, None
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).suffix == ".html":
            llamado = None  # a later template frame: only a filter called from the last one counts
        elif llamado is None and tb.tb_frame.f_code in codigos:
            codigo = tb.tb_frame.f_code
            primero = codigo.co_varnames[0] if codigo.co_argcount else None
            llamado = FiltroFallido(codigos[codigo], tb.tb_frame.f_locals.get(primero))
        tb = tb.tb_next
    return llamado


def describir(valor) -> str:
    """A value as an editor would name it, in Spanish."""
    if valor is None:
        return "un valor vacío"
    if isinstance(valor, str):
        return f"el texto «{valor[:40]}»"
    if isinstance(valor, bool):
        return "un sí/no"
    if isinstance(valor, (int, float, Decimal)):
        return f"el número {valor}"
    if isinstance(valor, Periodo):
        return f"el mes {valor}"
    if isinstance(valor, Mapping):
        return "un grupo de datos"
    if isinstance(valor, (list, tuple)):
        return f"una lista de {len(valor)} elementos"
    return "un valor de otro tipo"


# --- block structure ----------------------------------------------------------------------------

_LEXICO = Environment().lexer
ABREN = {"for", "if", "macro", "call", "filter", "block", "with", "autoescape", "trans", "set"}
DENTRO = {"else": {"if", "for"}, "elif": {"if"}, "pluralize": {"trans"}}
_SUELTAS = {"extends", "include", "import", "from", "print", "raw", "endraw", "do"}


def etiquetas(env) -> set[str]:
    """Every tag name Jinja accepts in these templates (with its end tags)."""
    propias = set().union(*(e.tags for e in env.extensions.values()))
    return ABREN | propias | set(DENTRO) | _SUELTAS | {f"end{t}" for t in ABREN | propias}


@dataclass(frozen=True)
class ProblemaDeBloque:
    tipo: str  # "sin_cerrar" (the tag where it opened) or "fuera_de_lugar" (the stray tag)
    etiqueta: str
    linea: int
    orden: int  # which occurrence of that tag on its line
    hallado: str = ""  # sin_cerrar: the end tag that came first (empty at the end of the file)
    linea_hallado: int | None = None
    dentro_de: frozenset = frozenset()


def _etiquetas_de(texto: str):
    """(tag name, line, tokens of the tag) of every `{% … %}`, in order (as far as the text can be read)."""
    actual, fichas = None, []
    try:
        for linea, tipo, valor in _LEXICO.tokeniter(texto, None):
            if tipo == "block_begin":
                actual, fichas = linea, []
            elif tipo == "block_end" and actual is not None:
                nombres = [v for t, v in fichas if t == "name"]
                if nombres:
                    yield nombres[0], actual, fichas
                actual = None
            elif actual is not None and tipo != "whitespace":
                fichas.append((tipo, valor))
    except TemplateSyntaxError:
        return


def revisar_bloques(texto: str) -> ProblemaDeBloque | None:
    """The first block mistake of a template: a stray end/else tag, or the innermost block left open."""
    pila, vistas = [], Counter()
    for etiqueta, linea, fichas in _etiquetas_de(texto):
        orden = vistas[(linea, etiqueta)]
        vistas[(linea, etiqueta)] += 1
        if etiqueta == "set" and ("operator", "=") in fichas:
            continue  # {% set x = … %} closes itself; {% set x %}…{% endset %} is a block
        if etiqueta in ABREN:
            pila.append((etiqueta, linea, orden))
        elif etiqueta.startswith("end") and etiqueta[3:] in ABREN:
            if pila and pila[-1][0] == etiqueta[3:]:
                pila.pop()
            elif any(abierta == etiqueta[3:] for abierta, _, _ in pila):
                return ProblemaDeBloque("sin_cerrar", *pila[-1], hallado=etiqueta, linea_hallado=linea)
            else:
                return ProblemaDeBloque("fuera_de_lugar", etiqueta, linea, orden)
        elif etiqueta in DENTRO and (not pila or pila[-1][0] not in DENTRO[etiqueta]):
            return ProblemaDeBloque(
                "fuera_de_lugar", etiqueta, linea, orden, dentro_de=frozenset(DENTRO[etiqueta])
            )
    return ProblemaDeBloque("sin_cerrar", *pila[-1]) if pila else None


def dentro_de_trans(texto: str, linea: int) -> bool:
    """Whether a `{% trans %}` block is open where line `linea`'s first `{{` begins."""
    abiertos = 0
    for etiqueta, numero, _ in _etiquetas_de(texto):
        if numero >= linea:
            break
        abiertos += (etiqueta == "trans") - (etiqueta == "endtrans")
    antes = _linea(texto, linea).split("{{")[0]
    abiertos += len(re.findall(r"\{%[-+]?\s*trans\b", antes)) - len(
        re.findall(r"\{%[-+]?\s*endtrans\b", antes)
    )
    return abiertos > 0


def comillas_sin_cerrar(texto: str, linea: int) -> int | None:
    """The line where a quoted text began, when it ran on past the end of its line up to `linea` (a missing quote)."""
    try:
        for numero, tipo, valor in _LEXICO.tokeniter(texto, None):
            if numero > linea:
                break
            if tipo == "string" and "\n" in valor and numero + valor.count("\n") >= linea:
                return numero
    except TemplateSyntaxError:
        return None
    return None


# --- the excerpt --------------------------------------------------------------------------------

_ETIQUETA = re.compile(r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)")
_ANCHO = 100


def _elegir(linea: str, patron: str, orden: int) -> tuple[int, int] | None:
    """The span to underline: the `orden`-th match of `patron`, preferring matches inside tags."""
    coincidencias = list(re.finditer(patron, linea))
    etiquetas_ = [m.span() for m in _ETIQUETA.finditer(linea)]
    en_etiqueta = [m for m in coincidencias if any(a <= m.start() < b for a, b in etiquetas_)]
    elegidas = en_etiqueta or coincidencias
    if not elegidas:
        return None
    m = elegidas[orden] if orden < len(elegidas) else elegidas[0]
    grupo = next((g for g in range(1, (m.re.groups or 0) + 1) if m.group(g) is not None), 0)
    return m.span(grupo)


def extracto(texto: str, linea: int | None, patron: str, orden: int = 0) -> str:
    """The line, numbered, with a caret under what `patron` finds (the whole line's start when nothing)."""
    original = _linea(texto, linea or 0).expandtabs(4)
    if not original.strip():
        return ""
    original = original.strip()
    inicio, fin = _elegir(original, patron, orden) or (0, 1)
    desde = max(0, inicio - 40) if len(original) > _ANCHO else 0
    visible = original[desde : desde + _ANCHO]
    if desde:
        visible, inicio, fin = "…" + visible, inicio - desde + 1, fin - desde + 1
    if desde + _ANCHO < len(original):
        visible += "…"
    margen = f"{linea:>6} | "
    marca = " " * inicio + "^" * max(1, min(fin, len(visible)) - inicio)
    return f"{margen}{visible}\n{' ' * (len(margen) - 2)}| {marca}"


def leer(env, archivo: str) -> str:
    try:
        return env.loader.get_source(env, archivo)[0]
    except Exception:  # noqa: BLE001 - no source, no excerpt; the explanation still stands
        return ""
