"""The one reader of the YAML people edit (config.yaml, schemas, labels): a Spanish line for every way it breaks.

A file that is a folder, unreadable or not UTF-8, a tab where YAML wants spaces, a key
written twice, or aliases that expand to a huge document (a «billion laughs») all end in
a message naming the file, the line and what to do — never a traceback, a silent choice
of the last duplicate, or minutes of CPU and gigabytes of memory.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# A config, a schema or a label file is a few hundred values; an expansion past this is an alias bomb.
MAXIMO_VALORES = 200_000

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 160 schemas per build


class _Lector(_BASE):
    """Safe loading that refuses a mapping with a key written twice (PyYAML keeps the last, silently)."""

    def construct_mapping(self, node, deep=False):
        vistas = {}
        for clave, _valor in node.value:
            nombre = self.construct_object(clave, deep=True)
            try:
                repetida = nombre in vistas
            except TypeError:  # an unhashable key: PyYAML's own error says it
                break
            if repetida:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"la clave «{nombre}» está escrita dos veces (líneas {vistas[nombre] + 1} y "
                    f"{clave.start_mark.line + 1}); deje una sola",
                    clave.start_mark,
                )
            vistas[nombre] = clave.start_mark.line
        return super().construct_mapping(node, deep=deep)


_Lector.add_constructor("tag:yaml.org,2002:map", _Lector.construct_yaml_map)


def _demasiado_grande(datos) -> bool:
    """Whether the document, with every alias expanded, holds more than MAXIMO_VALORES values.

    Counting stops at the limit, so a bomb costs as little to detect as a normal file to read.
    """
    pendientes, vistos = [datos], 0
    while pendientes:
        valor = pendientes.pop()
        vistos += 1
        if vistos > MAXIMO_VALORES:
            return True
        if isinstance(valor, dict):
            pendientes.extend(valor.keys())
            pendientes.extend(valor.values())
        elif isinstance(valor, (list, tuple)):
            pendientes.extend(valor)
    return False


def leer(ruta: Path, nombre: str | None = None, error: type[Exception] = ValueError):
    """The document in `ruta` (None when empty); any problem raises `error` with one Spanish message.

    `nombre` is how messages call the file (its path relative to the project).
    """
    ruta = Path(ruta)
    nombre = nombre or str(ruta)
    if ruta.is_dir():
        raise error(f"{nombre}: es una carpeta, no un archivo YAML; indique el archivo.")
    try:
        texto = ruta.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise error(f"{nombre}: no existe.") from None
    except PermissionError:
        raise error(f"{nombre}: no hay permiso para leerlo; pida acceso de lectura o cópielo.") from None
    except UnicodeDecodeError as exc:
        linea = ruta.read_bytes()[: exc.start].count(b"\n") + 1
        raise error(
            f"{nombre}, línea {linea}: el archivo no está en UTF-8 (byte {exc.start}); guárdelo con "
            "codificación UTF-8 (en el editor: «Guardar con codificación › UTF-8»)."
        ) from None
    try:
        datos = yaml.load(texto, Loader=_Lector)  # noqa: S506 (_Lector is a SafeLoader)
    except yaml.YAMLError as exc:
        raise error(f"{nombre}: {_explicar(exc)}") from None
    if _demasiado_grande(datos):
        raise error(
            f"{nombre}: sus alias (&nombre / *nombre) se expanden a más de {MAXIMO_VALORES:,} valores; "
            "escriba los valores sin alias anidados."
        )
    return datos


def _explicar(exc: yaml.YAMLError) -> str:
    """A YAML parser error as a Spanish sentence with its line and column."""
    marca = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    donde = f"línea {marca.line + 1}, columna {marca.column + 1}: " if marca else ""
    problema = str(getattr(exc, "problem", "") or exc)
    if "\t" in problema or "tab" in problema.lower():
        return (
            f"{donde}hay un tabulador donde YAML sólo admite espacios; reemplace el tabulador por espacios "
            "(la misma sangría que las líneas vecinas)."
        )
    if "escrita dos veces" in problema:
        return f"{donde}{problema}."
    return (
        f"{donde}YAML no válido ({problema}); revise la sangría, los dos puntos y las comillas de esa línea."
    )
