"""Template errors explained for editors: the file and line they wrote, that line with a caret, what
went wrong in Spanish, and a suggestion drawn from the names valid at that point.

One explainer for every way an editor sees an error (the command line, the previews, the live
draft). Jinja reports where an error surfaced, in English, for a Python developer: a typo in an
argument passed to a macro is blamed on the macro's line, an unclosed `{% if %}` on the end of
the file. Here the error is traced back to what the editor wrote — the template frame whose line
names the offending thing (Jinja's debug traceback carries each frame's template, line and the
names visible there) — and each kind of mistake gets its own Spanish explanation. Jinja's English
text never reaches the editor; it stays in the exception chain for developers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from jinja2 import TemplateNotFound, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.filters import FILTERS as FILTROS_DE_JINJA
from jinja2.sandbox import SecurityError

from . import template_source as fuente
from .filters import ENTRADA_DE_FILTROS


@dataclass(frozen=True)
class Explicacion:
    """One template error, as the editor reads it."""

    tipo: str  # nombre, atributo, filtro, tipo_de_filtro, bloque_sin_cerrar, etiqueta_fuera_de_lugar, …
    archivo: str  # relative to templates/ (empty when no template line is known)
    linea: int | None
    explicacion: str
    extracto: str = ""  # the line, numbered, with a caret under the offending part
    sugerencia: str = ""
    nota: str = ""  # where the error surfaced, when that is not where it was written

    def texto(self) -> str:
        """The message: where, what, the line with its caret, the suggestion."""
        donde = f"la plantilla {self.archivo}, línea {self.linea}" if self.archivo else "una plantilla"
        partes = [f"Error en {donde}: {self.explicacion}", self.extracto, self.sugerencia, self.nota]
        return "\n".join(p for p in partes if p)


def explicar(exc: BaseException, env) -> Explicacion:
    """Explain an exception raised while rendering with `env` (any exception: an unknown kind gets a generic text)."""
    raiz = Path(env.loader.searchpath[0]).resolve()
    if isinstance(exc, TemplateSyntaxError):
        return _de_sintaxis(exc, env, raiz)
    marcos = fuente.marcos(exc, raiz)
    falta = re.match(r"No (filter|test) named '(.+?)'", str(exc))  # inside an {% if %}: noticed while running
    if falta and marcos:
        return _sin_filtro(*falta.groups(), env, marcos[-1].archivo, marcos[-1].linea, marcos[-1].fuente)
    if isinstance(exc, UndefinedError):
        return _indefinido(str(exc), exc, env, marcos)
    if isinstance(exc, TemplateNotFound):
        nombre = str(exc.name)
        plantillas = env.list_templates(extensions=["html"])
        texto = f"no existe la plantilla `{nombre}` en templates/."
        return _explicacion("plantilla", marcos, texto, re.escape(nombre), _quiso_decir(nombre, plantillas))
    filtro = fuente.filtro_que_fallo(exc, env)
    if filtro and isinstance(
        filtro.valor, Undefined
    ):  # a filter that fails on an undefined without saying so
        return _indefinido(filtro.valor._undefined_message, exc, env, marcos)
    if filtro and isinstance(exc, (TypeError, ValueError, ArithmeticError, AttributeError, LookupError)):
        return _tipo_de_filtro(filtro, marcos)
    return _en_ejecucion(exc, marcos)


# --- names: unknown variable, unknown attribute -------------------------------------------------


def _indefinido(mensaje: str, exc, env, marcos) -> Explicacion:
    nombre = re.match(r"'(.+)' is undefined$", mensaje)
    atributo = re.search(r"has no (?:attribute|element) '?(.+?)'?$", mensaje)
    if nombre:
        nombre = nombre.group(1)
        patron = rf"(?<![\w.])({re.escape(nombre)})\b"
        marco, linea = fuente.donde_se_escribio(marcos, patron)
        validos = [*(marco.nombres if marco else ()), *env.globals]
        texto = f"no existe la variable `{nombre}`."
        return _explicacion("nombre", marcos, texto, patron, _quiso_decir(nombre, validos), marco, linea)
    if not atributo:
        return _en_ejecucion(exc, marcos)
    nombre = atributo.group(1)
    patron = rf"(?:\.\s*({re.escape(nombre)})\b|\[\s*['\"]?({re.escape(nombre)})['\"]?\s*\])"
    marco, linea = fuente.donde_se_escribio(marcos, patron)
    objeto = fuente.objeto_de(marco, linea, nombre, env) if marco else None
    if objeto is None:
        return _explicacion("atributo", marcos, f"no existe el dato `{nombre}`.", patron, "", marco, linea)
    ruta, valor = objeto
    opciones = fuente.nombres_de(valor)
    sugerencia = _quiso_decir(nombre, opciones, f"{ruta}.{{}}") or _lista(f"Datos de `{ruta}`", opciones)
    texto = f"`{ruta}` no tiene ningún dato llamado `{nombre}`."
    return _explicacion("atributo", marcos, texto, patron, sugerencia, marco, linea)


# --- filters ------------------------------------------------------------------------------------


def _sin_filtro(clase: str, nombre: str, env, archivo: str, linea: int, texto_fuente: str) -> Explicacion:
    """An unknown filter (with the project's filters listed) or an unknown test (`is …`)."""
    if clase == "test":
        patron = rf"\bis\s+(?:not\s+)?({re.escape(nombre)})\b"
        extracto = fuente.extracto(texto_fuente, linea, patron)
        texto = f"no existe la comprobación `is {nombre}`."
        return Explicacion(
            "prueba", archivo, linea, texto, extracto, _quiso_decir(nombre, env.tests, "is {}")
        )
    propios = ", ".join(f"`{n}`" for n in env.filters if n not in FILTROS_DE_JINJA)
    lista = f"  Filtros del informe: {propios} (vea «Filtros» en templates/README.md)."
    sugerencia = "\n".join(s for s in (_quiso_decir(nombre, env.filters), lista) if s)
    extracto = fuente.extracto(texto_fuente, linea, rf"\|\s*({re.escape(nombre)})\b")
    return Explicacion("filtro", archivo, linea, f"no existe el filtro `{nombre}`.", extracto, sugerencia)


def _tipo_de_filtro(filtro: fuente.FiltroFallido, marcos) -> Explicacion:
    espera = ENTRADA_DE_FILTROS.get(filtro.nombre, "otro tipo de valor")
    texto = f"el filtro `{filtro.nombre}` recibió {fuente.describir(filtro.valor)}, pero espera {espera}."
    opciones = fuente.nombres_de(filtro.valor) if isinstance(filtro.valor, dict) else []
    patron = rf"\|\s*({re.escape(filtro.nombre)})\b"
    return _explicacion("tipo_de_filtro", marcos, texto, patron, _lista("Elija uno de sus datos", opciones))


# --- syntax: blocks, tags, braces ---------------------------------------------------------------


def _de_sintaxis(exc: TemplateSyntaxError, env, raiz: Path) -> Explicacion:
    archivo = exc.name or (fuente.nombre_relativo(exc.filename, raiz) if exc.filename else "")
    texto_fuente = exc.source or fuente.leer(env, archivo)
    mensaje, linea = exc.message or "", exc.lineno
    falta = re.match(r"No (filter|test) named '(.+?)'", mensaje)
    if falta:
        return _sin_filtro(*falta.groups(), env, archivo, linea, texto_fuente)
    etiqueta = re.match(r"Encountered unknown tag '(.+?)'", mensaje)
    if etiqueta and etiqueta.group(1) not in fuente.etiquetas(env):
        nombre = etiqueta.group(1)
        extracto = fuente.extracto(texto_fuente, linea, rf"\{{%[-+]?\s*({re.escape(nombre)})\b")
        sugerencia = _quiso_decir(nombre, fuente.etiquetas(env), "{{% {} %}}", corte=0.5)
        texto = f"no existe la etiqueta `{{% {nombre} %}}`."
        return Explicacion("etiqueta_desconocida", archivo, linea, texto, extracto, sugerencia)
    if etiqueta or "innermost block" in mensaje or mensaje.startswith("Unexpected end of template"):
        problema = fuente.revisar_bloques(texto_fuente)
        if problema:
            return _de_bloque(problema, archivo, texto_fuente)
    return _sintaxis_general(mensaje, archivo, linea, texto_fuente)


def _de_bloque(p: fuente.ProblemaDeBloque, archivo: str, texto_fuente: str) -> Explicacion:
    extracto = fuente.extracto(texto_fuente, p.linea, rf"\{{%[-+]?\s*({re.escape(p.etiqueta)})\b", p.orden)
    if p.tipo == "sin_cerrar":
        hasta = "antes del final del archivo"
        if p.hallado:
            hasta = f"antes de `{{% {p.hallado} %}}` (línea {p.linea_hallado})"
        texto = (
            f"el bloque `{{% {p.etiqueta} %}}` que se abre en esta línea no se cierra: "
            f"falta `{{% end{p.etiqueta} %}}` {hasta}."
        )
        sugerencia = f"  Escriba `{{% end{p.etiqueta} %}}` donde termina el bloque."
        return Explicacion("bloque_sin_cerrar", archivo, p.linea, texto, extracto, sugerencia)
    if p.etiqueta.startswith("end"):
        texto = f"`{{% {p.etiqueta} %}}` cierra un bloque `{{% {p.etiqueta[3:]} %}}` que no está abierto."
        sugerencia = f"  Bórrela, o abra antes el bloque con `{{% {p.etiqueta[3:]} … %}}`."
    else:
        dentro = " o ".join(f"`{{% {e} %}}`" for e in sorted(p.dentro_de))
        texto = f"`{{% {p.etiqueta} %}}` sólo puede ir dentro de un bloque {dentro}, y aquí no hay ninguno abierto."
        sugerencia = f"  Muévala dentro del bloque {dentro} al que pertenece, o bórrela."
    return Explicacion("etiqueta_fuera_de_lugar", archivo, p.linea, texto, extracto, sugerencia)


_TOKENS = {
    "end of print statement": "el cierre `}}`",
    "end of statement block": "el cierre `%}`",
    "end of template": "el final del archivo",
    "name": "un nombre",
    "string": "un texto entre comillas",
    "integer": "un número",
}
_PARES = (
    "  Revise que cada `{{` cierre con `}}`, cada `{%` con `%}`, y que paréntesis y comillas estén en pares."
)


def _token(descripcion: str) -> str:
    return _TOKENS.get(descripcion, f"`{descripcion}`")


def _sintaxis_general(mensaje: str, archivo: str, linea: int, texto_fuente: str) -> Explicacion:
    """Braces, parentheses and quotes: Jinja's parser messages, translated."""
    comillas = fuente.comillas_sin_cerrar(texto_fuente, linea)
    if comillas:
        texto = "falta cerrar las comillas de un texto que empieza en esta línea."
        extracto = fuente.extracto(texto_fuente, comillas, r"[\"']")
        return Explicacion("sintaxis", archivo, comillas, texto, extracto, _PARES)
    traducible = _en_trans(mensaje, archivo, linea, texto_fuente)
    if traducible:
        return traducible
    sobra = re.match(r"unexpected (?:char )?'(.+?)'(?: at \d+)?(?:, expected '(.+?)')?\.?$", mensaje)
    esperaba = re.match(r"expected token '(.+?)', got '(.+?)'", mensaje)
    fin = re.match(r"unexpected end of template, expected '(.+?)'", mensaje, re.IGNORECASE)
    vacia = re.match(r"Expected an expression, got '(.+?)'", mensaje)
    patron, texto = r"(\{\{|\{%)", "esta etiqueta no se entiende."
    if vacia:
        texto = f"la etiqueta está vacía o incompleta: le falta una expresión (se encontró {_token(vacia.group(1))})."
    elif mensaje == "tag name expected":
        texto = "la etiqueta `{% %}` está vacía."
    elif sobra:
        esperado = f" (se esperaba {_token(sobra.group(2))})" if sobra.group(2) else ""
        patron, texto = re.escape(sobra.group(1)), f"sobra o está mal puesto `{sobra.group(1)}`{esperado}."
    elif esperaba:
        texto = f"en esta etiqueta se esperaba {_token(esperaba.group(1))} y apareció {_token(esperaba.group(2))}."
    elif fin:
        texto = f"el archivo termina sin {_token(fin.group(1))}."
    return Explicacion(
        "sintaxis", archivo, linea, texto, fuente.extracto(texto_fuente, linea, patron), _PARES
    )


_SIMPLES = (
    "  Dentro de `{% trans %}` sólo van nombres simples, como `{{ pct }}`: declare el valor en la etiqueta, "
    "`{% trans pct=v.porcentaje|porcentaje %}… {{ pct }} …{% endtrans %}`."
)


def _en_trans(mensaje: str, archivo: str, linea: int, texto_fuente: str) -> Explicacion | None:
    """The two rules of `{% trans %}` blocks (a sentence translated whole): no tags inside, only plain names."""
    control = re.match(r"control structures in translatable sections are not allowed; saw `(.+?)`", mensaje)
    if control:
        etiqueta = control.group(1)
        texto = f"dentro de un bloque `{{% trans %}}` no puede ir `{{% {etiqueta} %}}`."
        consejo = (
            f"  Ponga el `{{% {etiqueta} %}}` fuera, con un `{{% trans %}}…{{% endtrans %}}` completo en cada caso "
            "(como la macro `cambio` de macros/componentes.html)."
        )
        extracto = fuente.extracto(texto_fuente, linea, rf"\{{%[-+]?\s*({re.escape(etiqueta)})\b")
        return Explicacion("trans", archivo, linea, texto, extracto, consejo)
    compuesto = re.match(r"expected token 'end of print statement', got '([.|(\[])'", mensaje)
    if compuesto and fuente.dentro_de_trans(texto_fuente, linea):
        patron = rf"\{{\{{[^}}]*?({re.escape(compuesto.group(1))})"
        texto = f"dentro de un bloque `{{% trans %}}` una variable no puede llevar `{compuesto.group(1)}`."
        return Explicacion(
            "trans", archivo, linea, texto, fuente.extracto(texto_fuente, linea, patron), _SIMPLES
        )
    return None


# --- other runtime errors -----------------------------------------------------------------------


def _en_ejecucion(exc: BaseException, marcos) -> Explicacion:
    mensaje = str(exc)
    clave = re.match(r"macro '(.+?)' takes no keyword argument '(.+?)'", mensaje)
    demasiados = re.match(r"macro '(.+?)' takes not more than (\d+) argument", mensaje)
    if clave:
        macro, argumento = clave.groups()
        patron = rf"\b({re.escape(argumento)})\s*="
        marco, linea = fuente.donde_se_escribio(marcos, patron)
        validos = fuente.parametros_de_macro(marco, macro) if marco else []
        sugerencia = _quiso_decir(argumento, validos) or _lista(f"Parámetros de `{macro}`", validos)
        texto = f"la macro `{macro}` no tiene el parámetro `{argumento}`."
        return _explicacion("macro", marcos, texto, patron, sugerencia, marco, linea)
    if demasiados:
        macro, maximo = demasiados.groups()
        patron = rf"\b({re.escape(macro)})\s*\("
        marco, linea = fuente.donde_se_escribio(marcos, patron)
        texto = f"la macro `{macro}` recibe a lo sumo {maximo} valores, y aquí recibe más."
        sugerencia = "  Vea sus parámetros en templates/README.md («Macros»)."
        return _explicacion("macro", marcos, texto, patron, sugerencia, marco, linea)
    if isinstance(exc, SecurityError):
        texto = "la plantilla intenta usar algo interno de Python, que las plantillas no pueden tocar."
        return _explicacion("no_permitido", marcos, texto, r"\b_\w+")
    if isinstance(exc, ZeroDivisionError):
        consejo = "  Las plantillas no hacen cuentas: cada cifra llega ya calculada (vea variables.md del capítulo)."
        return _explicacion("division", marcos, "hay una división por cero.", r"(//?|%)", consejo)
    if re.match(r"'.+' object is not callable", mensaje):
        texto = "lleva paréntesis `( )` algo que no es una macro (sólo las macros y `_()`, `bi()`, `en()` los llevan)."
        return _explicacion("no_es_macro", marcos, texto, r"\(")
    consejo = "  Compare la expresión con las variables documentadas en templates/README.md y variables.md."
    return _explicacion("otro", marcos, "esta línea no se pudo escribir.", r"(\{\{|\{%)", consejo)


# --- pieces -------------------------------------------------------------------------------------


def _explicacion(tipo, marcos, texto, patron, sugerencia="", marco=None, linea=None) -> Explicacion:
    """An explanation at `marco`/`linea` (by default, the innermost template frame), noting where the
    error surfaced when that is elsewhere."""
    ultimo = marcos[-1] if marcos else None
    marco = marco or ultimo
    if marco is None:
        return Explicacion(tipo, "", None, texto, "", sugerencia)
    linea = linea or marco.linea
    nota = ""
    if (ultimo.archivo, ultimo.linea) != (marco.archivo, linea):
        nota = f"  (El error se notó en {ultimo.archivo}, línea {ultimo.linea}, pero viene de esta línea.)"
    extracto = fuente.extracto(marco.fuente, linea, patron)
    return Explicacion(tipo, marco.archivo, linea, texto, extracto, sugerencia, nota)


def _quiso_decir(nombre: str, opciones, formato: str = "{}", corte: float = 0.6) -> str:
    """«¿Quiso decir `x`?» for the closest valid names (difflib), or nothing."""
    parecidos = get_close_matches(nombre, sorted({str(o) for o in opciones}), n=3, cutoff=corte)
    if not parecidos:
        return ""
    return "  ¿Quiso decir " + " o ".join(f"`{formato.format(p)}`" for p in parecidos) + "?"


def _lista(titulo: str, opciones, maximo: int = 15) -> str:
    """The valid names themselves, when there is no close match and they are few enough to read."""
    opciones = [str(o) for o in opciones]
    if not opciones or len(opciones) > maximo:
        return ""
    return f"  {titulo}: " + ", ".join(f"`{o}`" for o in opciones) + "."
