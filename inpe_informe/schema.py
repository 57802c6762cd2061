"""Table schemas (data/esquemas/*.yaml): the single description of every input table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DatosError

TIPOS = (
    "periodo",
    "anio",
    "entero",
    "decimal",
    "texto",
    "categoria",
    "codigo_ep",
    "codigo_oficina",
    "booleano",
)


@dataclass(frozen=True)
class Columna:
    nombre: str
    tipo: str
    descripcion: str = ""
    nulos: bool = False
    valores: tuple = ()


@dataclass(frozen=True)
class Esquema:
    tabla: str
    archivo: str
    capitulo: int
    columnas: tuple
    clave: tuple = ()
    identidades: tuple = ()
    suma_de: dict = field(default_factory=dict, hash=False, compare=False)
    descripcion: str = ""
    grano: str = ""
    fuente: str = ""
    notas: str = ""

    @property
    def nombres(self) -> list[str]:
        return [c.nombre for c in self.columnas]

    def columna(self, nombre) -> Columna:
        return next(c for c in self.columnas if c.nombre == nombre)


def _esquema(ruta: Path, crudo: dict) -> Esquema:
    problemas = [f"falta «{k}»" for k in ("tabla", "archivo", "columnas") if k not in crudo]
    if len(str(crudo.get("tabla", ""))) > 31:
        problemas.append(
            f"el nombre de tabla «{crudo['tabla']}» tiene más de 31 caracteres "
            "(límite de Excel para el nombre de hoja)"
        )
    columnas = []
    for i, col in enumerate(crudo.get("columnas") or [], start=1):
        tipo = col.get("tipo")
        if tipo not in TIPOS:
            problemas.append(
                f"columna {i} ({col.get('nombre')}): tipo «{tipo}» desconocido; "
                f"tipos válidos: {', '.join(TIPOS)}"
            )
        columnas.append(
            Columna(
                str(col.get("nombre")),
                tipo,
                str(col.get("descripcion", "")),
                bool(col.get("nulos", False)),
                tuple(col.get("valores") or ()),
            )
        )
    if problemas:
        raise DatosError(f"Esquema {ruta}: " + "; ".join(problemas) + ".")
    return Esquema(
        tabla=crudo["tabla"],
        archivo=crudo["archivo"],
        capitulo=int(crudo.get("capitulo", 0)),
        columnas=tuple(columnas),
        clave=tuple(crudo.get("clave") or ()),
        identidades=tuple(crudo.get("identidades") or ()),
        suma_de=crudo.get("suma_de") or {},
        descripcion=str(crudo.get("descripcion", "")).strip(),
        grano=str(crudo.get("grano", "")),
        fuente=str(crudo.get("fuente", "")),
        notas=str(crudo.get("notas") or "").strip(),
    )


_LECTOR = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 160 schemas per build


def leer_esquemas(carpeta_datos: Path) -> dict[str, Esquema]:
    """Read every data/esquemas/*.yaml, keyed by table name."""
    esquemas = {}
    for ruta in sorted((Path(carpeta_datos) / "esquemas").glob("*.yaml")):
        try:
            crudo = yaml.load(ruta.read_text(encoding="utf-8"), Loader=_LECTOR)
        except yaml.YAMLError as exc:
            raise DatosError(f"Esquema {ruta}: YAML no válido ({exc}).") from exc
        esquema = _esquema(ruta, crudo or {})
        if esquema.tabla in esquemas:
            raise DatosError(f"Esquema {ruta}: la tabla «{esquema.tabla}» ya está definida en otro esquema.")
        esquemas[esquema.tabla] = esquema
    return esquemas
