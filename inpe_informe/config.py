"""Configuration stage: config.yaml plus command-line values, every problem reported at once.

Each setting is declared once, as a field of `Config` made by `clave(...)`: where it is
written in config.yaml, how its value is read and checked (a Spanish message when it is
wrong), its default and its help. Parsing, the `--help` list and the check that
config.yaml documents every key all come from those declarations.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import yaml_seguro
from .errors import ConfigError
from .periods import Periodo

IDIOMAS = ("es", "en")
VENTANAS = ("anio", "desde_base")

# --- how a value is read: (value, folder of config.yaml) → value, or ValueError with what was expected ---


def mes(valor, _raiz) -> Periodo:
    try:
        return Periodo.parse(valor)
    except ConfigError:
        raise ValueError("se espera un mes AAAA-MM, por ejemplo 2024-12") from None


def uno_de(*validos: str) -> Callable:
    def leer(valor, _raiz):
        if valor not in validos:
            raise ValueError(f"valores posibles: {', '.join(validos)}")
        return valor

    return leer


def si_o_no(valor, _raiz) -> bool:
    if not isinstance(valor, bool):
        raise ValueError("se espera true o false")
    return valor


def numero(valor, _raiz):
    if (
        isinstance(valor, bool)
        or not isinstance(valor, (int, float))
        or not math.isfinite(valor)
        or valor < 0
    ):
        raise ValueError("se espera un número finito mayor o igual que 0 (no .nan ni .inf)")
    return valor


def procesos(valor, raiz) -> int:
    """0 (one per core) up to the machine's cores: more processes than cores only slow the run down."""
    valor = entero(valor, raiz)
    nucleos = os.cpu_count() or 1
    if valor > nucleos:
        raise ValueError(
            f"esta máquina tiene {nucleos} núcleo(s); use 0 (uno por núcleo) o un número de 1 a {nucleos}"
        )
    return valor


def entero(valor, _raiz) -> int:
    if isinstance(valor, bool) or not isinstance(valor, int) or valor < 0:
        raise ValueError("se espera un número entero mayor o igual que 0")
    return valor


def texto(valor, _raiz) -> str:
    return str(valor)


def carpeta(existente: bool = False) -> Callable:
    """A folder relative to config.yaml (or absolute, as the command line gives it)."""

    def leer(valor, raiz) -> Path:
        ruta = (raiz / str(valor)).resolve()
        if existente and not ruta.is_dir():
            raise ValueError(f"no existe la carpeta {ruta}")
        return ruta

    return leer


@dataclass(frozen=True)
class Clave:
    """One setting: its dotted name in config.yaml (None: command line only), reader, default, help."""

    nombre: str | None
    leer: Callable
    defecto: object
    ayuda: str
    obligatoria: bool = False


def clave(nombre, leer, defecto, ayuda, obligatoria=False):
    """Declare a setting as a Config field."""
    return field(default=defecto, metadata={"clave": Clave(nombre, leer, defecto, ayuda, obligatoria)})


@dataclass(frozen=True)
class Config:
    """The resolved settings of one batch run; immutable once validated."""

    raiz: Path  # the folder of config.yaml: relative paths start there
    periodo: Periodo = clave("periodo", mes, None, "Mes del informe, AAAA-MM.", obligatoria=True)
    idioma: str = clave(
        "idioma",
        uno_de(*IDIOMAS),
        "es",
        "Idioma de la edición: es (narrativa en español, títulos también en inglés) o en (todo en inglés).",
    )
    datos: Path = clave("rutas.datos", carpeta(existente=True), "data", "Carpeta de las tablas de entrada.")
    plantillas: Path = clave(
        "rutas.plantillas",
        carpeta(existente=True),
        "templates",
        "Carpeta de plantillas, estilos, fuentes y traducciones.",
    )
    figuras: Path = clave("rutas.figuras", carpeta(), "figures", "Carpeta donde se dibujan los gráficos.")
    salida: Path = clave("rutas.salida", carpeta(), "output", "Carpeta del PDF y del informe de calidad.")
    cache: Path = clave(
        "rutas.cache",
        carpeta(),
        ".cache",
        "Carpeta de las partes ya maquetadas del informe y de los cálculos del periodo (se puede borrar: "
        "sólo acelera).",
    )
    lugar_edicion: str = clave("edicion.lugar", texto, "Lima", "Lugar que firma la presentación.")
    fecha_edicion: Periodo = clave(
        "edicion.fecha", mes, None, "Mes de la firma, AAAA-MM; vacío = mes siguiente al periodo."
    )
    ventana_promedio: str = clave(
        "calculo.ventana_promedio",
        uno_de(*VENTANAS),
        "anio",
        "anio (enero..mes) o desde_base (diciembre anterior..mes).",
    )
    estricto: bool = clave(
        "estricto",
        si_o_no,
        False,
        "true = un error o una advertencia del mes que se publica detiene la generación.",
    )
    umbral_salto: float = clave(
        "calidad.umbral_salto",
        numero,
        0.30,
        "Cambio relativo (0.30 = 30%) a partir del cual un valor se marca como salto "
        "frente al mes anterior o a la generación comparada.",
    )
    minimo_salto: float = clave(
        "calidad.minimo_salto",
        numero,
        50,
        "Valor anterior mínimo para juzgar un salto (los conteos pequeños varían mucho).",
    )
    cache_graficos: bool = clave(
        "rendimiento.cache_graficos",
        si_o_no,
        True,
        "true = un gráfico sólo se vuelve a dibujar si cambian sus datos, su estilo o el código.",
    )
    cache_maquetacion: bool = clave(
        "rendimiento.cache_maquetacion",
        si_o_no,
        True,
        "true = una parte del informe (preliminares, cada capítulo) sólo se vuelve a "
        "maquetar si cambia su texto, sus estilos, sus fuentes o sus gráficos.",
    )
    cache_datos: bool = clave(
        "rendimiento.cache_datos",
        si_o_no,
        True,
        "true = si data/ no cambió, la validación y el cálculo del periodo se toman de la generación anterior.",
    )
    procesos: int = clave(
        "rendimiento.procesos",
        procesos,
        0,
        "Procesos para dibujar gráficos y maquetar en paralelo: 0 = uno por núcleo, 1 = sin paralelismo.",
    )
    confirmar_periodo: bool = clave(
        None,
        si_o_no,
        False,
        "Acepta un mes del informe posterior al mes siguiente a hoy (--confirmar-periodo).",
    )
    comparar_con: Path | None = clave(
        None, carpeta(), None, "Carpeta de una generación anterior cuyas cifras se comparan (--comparar-con)."
    )


CLAVES: dict[str, Clave] = {f.name: f.metadata["clave"] for f in fields(Config) if "clave" in f.metadata}
EN_YAML: dict[str, str] = {c.nombre: campo for campo, c in CLAVES.items() if c.nombre}


def ayuda_claves() -> str:
    """The keys of config.yaml with their help, one per line (shown by `--help`)."""
    ancho = max(len(nombre) for nombre in EN_YAML) + 1
    return "\n".join(f"  {c.nombre:{ancho}s} {c.ayuda}" for c in CLAVES.values() if c.nombre)


def plano(datos, prefijo="") -> dict:
    """Flatten nested mappings to dotted keys."""
    resultado = {}
    for nombre, valor in (datos or {}).items():
        if isinstance(valor, dict):
            resultado.update(plano(valor, f"{prefijo}{nombre}."))
        else:
            resultado[f"{prefijo}{nombre}"] = valor
    return resultado


def _leer_yaml(ruta: Path) -> dict:
    if not ruta.exists():
        raise ConfigError(f"No existe el archivo de configuración {ruta}.")
    datos = yaml_seguro.leer(ruta, str(ruta), ConfigError) or {}
    if not isinstance(datos, dict):
        raise ConfigError(
            f"{ruta}: se esperaban claves con sus valores (como «periodo: 2024-12»), no "
            f"{'una lista' if isinstance(datos, list) else 'un valor suelto'}; vea el config.yaml del proyecto."
        )
    return datos


def _valor(campo: str, crudo, raiz: Path, problemas: list):
    """One setting read and checked; a problem is recorded (not raised) so all are reported together."""
    c = CLAVES[campo]
    nombre = c.nombre or f"--{campo.replace('_', '-')}"
    valor = c.defecto if crudo is None else crudo
    if valor is None:
        if c.obligatoria:
            problemas.append(f"falta «{nombre}» ({c.ayuda.rstrip('.')})")
        return None
    try:
        return c.leer(valor, raiz)
    except ValueError as exc:
        problemas.append(f"«{nombre}» = {valor!r}; {exc}")
        return None


def _mes_futuro(periodo: Periodo | None, confirmado: bool) -> str:
    """Why a report month later than next month (by the calendar) needs confirming ('' when it does not)."""
    import datetime as dt

    hoy = dt.date.today()
    siguiente = Periodo(hoy.year, hoy.month).mas(1)
    if periodo is None or confirmado or periodo <= siguiente:
        return ""
    return (
        f"es posterior al mes siguiente a hoy ({siguiente}); ¿error de tipeo? si es correcto, "
        "repita la orden con --confirmar-periodo"
    )


def leer_config(ruta: Path, **sobrescribir) -> Config:
    """Read config.yaml, apply command-line values (by field name: periodo=, salida=…), check all, return a Config.

    A value given as None is not given (the command line's unset options).
    """
    ruta = Path(ruta)
    raiz = ruta.resolve().parent
    escritos = plano(_leer_yaml(ruta))
    problemas = [
        f"clave desconocida «{k}» (claves válidas: {', '.join(EN_YAML)})"
        for k in escritos
        if k not in EN_YAML
    ]
    crudos = {campo: escritos.get(c.nombre) for campo, c in CLAVES.items()}
    for campo, valor in sobrescribir.items():
        if campo not in CLAVES:
            problemas.append(f"opción desconocida «{campo}»")
        elif valor is not None:
            crudos[campo] = valor
    valores = {campo: _valor(campo, crudo, raiz, problemas) for campo, crudo in crudos.items()}
    futuro = _mes_futuro(valores["periodo"], valores["confirmar_periodo"])
    if futuro:
        de_linea = sobrescribir.get("periodo") is not None
        problemas.append(f"«{'--periodo' if de_linea else 'periodo'}» = {valores['periodo']}: {futuro}")
    if problemas:
        raise ConfigError(f"{ruta}: " + "; ".join(problemas) + ".")
    valores["fecha_edicion"] = valores["fecha_edicion"] or valores["periodo"].mas(1)
    return Config(raiz=raiz, **valores)
