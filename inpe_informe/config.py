"""Configuration stage: config.yaml plus command-line overrides, every problem reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError
from .periods import Periodo

# Every key of config.yaml with one line of help (also shown by `--help`).
CLAVES = {
    "periodo": "Mes del informe, AAAA-MM.",
    "idioma": "Idioma de la edición: es (narrativa en español, títulos también en inglés) o en (todo en inglés).",
    "rutas.datos": "Carpeta de las tablas de entrada.",
    "rutas.plantillas": "Carpeta de plantillas, estilos, fuentes y traducciones.",
    "rutas.figuras": "Carpeta donde se dibujan los gráficos.",
    "rutas.salida": "Carpeta del PDF y del informe de calidad.",
    "rutas.cache": "Carpeta de las partes ya maquetadas del informe (se puede borrar: sólo acelera).",
    "edicion.lugar": "Lugar que firma la presentación.",
    "edicion.fecha": "Mes de la firma, AAAA-MM; vacío = mes siguiente al periodo.",
    "calculo.ventana_promedio": "anio (enero..mes) o desde_base (diciembre anterior..mes).",
    "estricto": "true = las advertencias de calidad detienen la generación.",
    "calidad.umbral_salto": "Cambio relativo (0.30 = 30%) a partir del cual un valor se marca como salto "
    "frente al mes anterior o a la generación comparada.",
    "rendimiento.cache_graficos": "true = un gráfico sólo se vuelve a dibujar si cambian sus datos, "
    "su estilo o el código.",
    "rendimiento.cache_maquetacion": "true = una parte del informe (preliminares, cada capítulo) sólo se vuelve a "
    "maquetar si cambia su texto, sus estilos, sus fuentes o sus gráficos.",
    "rendimiento.procesos": "Procesos para dibujar gráficos y maquetar en paralelo: "
    "0 = uno por núcleo, 1 = sin paralelismo.",
    "calidad.minimo_salto": "Valor anterior mínimo para juzgar un salto (los conteos pequeños varían mucho).",
}
IDIOMAS = ("es", "en")
VENTANAS = ("anio", "desde_base")


@dataclass
class Config:
    """The resolved settings of one batch run."""

    raiz: Path
    periodo: Periodo
    idioma: str = "es"
    datos: Path = None
    plantillas: Path = None
    figuras: Path = None
    salida: Path = None
    lugar_edicion: str = "Lima"
    fecha_edicion: Periodo = None
    ventana_promedio: str = "anio"
    estricto: bool = False
    umbral_salto: float = 0.30
    minimo_salto: float = 50
    comparar_con: Path | None = None
    cache_graficos: bool = True
    cache_maquetacion: bool = True
    procesos: int = 0
    cache: Path = None


def _plano(datos, prefijo=""):
    """Flatten nested mappings to dotted keys."""
    plano = {}
    for clave, valor in (datos or {}).items():
        nombre = f"{prefijo}{clave}"
        if isinstance(valor, dict):
            plano.update(_plano(valor, nombre + "."))
        else:
            plano[nombre] = valor
    return plano


def leer_config(ruta: Path, **sobrescribir) -> Config:
    """Read config.yaml, apply command-line values, check everything, return a Config."""
    ruta = Path(ruta)
    if not ruta.exists():
        raise ConfigError(f"No existe el archivo de configuración {ruta}.")
    try:
        crudo = yaml.safe_load(ruta.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{ruta}: YAML no válido ({exc}).") from exc
    plano = _plano(crudo)
    plano.update({k: v for k, v in sobrescribir.items() if v is not None})
    problemas = [
        f"clave desconocida «{k}» (claves válidas: {', '.join(CLAVES)})" for k in plano if k not in CLAVES
    ]
    raiz = ruta.resolve().parent

    def periodo(clave, obligatorio):
        valor = plano.get(clave)
        if valor in (None, ""):
            if obligatorio:
                problemas.append(f"falta «{clave}» (AAAA-MM)")
            return None
        try:
            return Periodo.parse(valor)
        except ConfigError as exc:
            problemas.append(f"«{clave}»: {exc}")
            return None

    def elegir(clave, validos, defecto):
        valor = plano.get(clave, defecto)
        if valor not in validos:
            problemas.append(f"«{clave}» = {valor!r}; valores posibles: {', '.join(validos)}")
        return valor

    def positivo(clave, defecto):
        valor = plano.get(clave, defecto)
        if isinstance(valor, bool) or not isinstance(valor, (int, float)) or valor < 0:
            problemas.append(f"«{clave}» = {valor!r}; se esperaba un número mayor o igual que 0")
            return defecto
        return valor

    def carpeta(clave, defecto):
        return (raiz / str(plano.get(clave) or defecto)).resolve()

    cfg = Config(
        raiz=raiz,
        periodo=periodo("periodo", True),
        idioma=elegir("idioma", IDIOMAS, "es"),
        datos=carpeta("rutas.datos", "data"),
        plantillas=carpeta("rutas.plantillas", "templates"),
        figuras=carpeta("rutas.figuras", "figures"),
        salida=carpeta("rutas.salida", "output"),
        lugar_edicion=str(plano.get("edicion.lugar") or "Lima"),
        fecha_edicion=periodo("edicion.fecha", False),
        ventana_promedio=elegir("calculo.ventana_promedio", VENTANAS, "anio"),
        estricto=bool(plano.get("estricto", False)),
        umbral_salto=positivo("calidad.umbral_salto", 0.30),
        minimo_salto=positivo("calidad.minimo_salto", 50),
        cache_graficos=bool(plano.get("rendimiento.cache_graficos", True)),
        cache_maquetacion=bool(plano.get("rendimiento.cache_maquetacion", True)),
        cache=carpeta("rutas.cache", ".cache"),
        procesos=int(positivo("rendimiento.procesos", 0)),
    )
    for nombre in ("datos", "plantillas"):
        if not getattr(cfg, nombre).is_dir():
            problemas.append(f"la carpeta rutas.{nombre} no existe: {getattr(cfg, nombre)}")
    if problemas:
        raise ConfigError(f"{ruta}: " + "; ".join(problemas) + ".")
    if cfg.fecha_edicion is None:
        cfg.fecha_edicion = cfg.periodo.mas(1)
    return cfg
