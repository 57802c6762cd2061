"""Table schemas (data/esquemas/*.yaml): the single description of every input table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yaml_seguro
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


FRECUENCIAS = ("mensual", "trimestral", "anual")
# Reference tables a column can be looked up in (`deriva: establecimientos.nombre`), by the row's code column.
REFERENCIAS = {
    "establecimientos": "codigo_ep",
    "oficinas_regionales": "codigo_oficina",
    "establecimientos_medio_libre": "codigo_eml",
}


@dataclass(frozen=True)
class Columna:
    nombre: str
    tipo: str
    descripcion: str = ""
    nulos: bool = False
    valores: tuple = ()
    # Not asked in the month's workbook: derived (previous period, reference data, row position) or
    # defaulted; a value typed in the workbook still wins. Records of the 2024 transcription are these.
    deriva: tuple = ()
    por_defecto: str | None = None
    no_en_plantilla: tuple = ()  # key values of 2024 rows not offered in new workbooks (RESTO)

    @property
    def se_pide(self) -> bool:
        """Asked of the analyst in the month's workbook."""
        return not self.deriva and self.por_defecto is None

    @property
    def como_se_completa(self) -> str:
        """How a column not asked in the workbook is filled, in the analyst's words."""
        nombres = {"anterior": "del periodo anterior (misma fila)", "fila": "posición de la fila"}
        partes = [
            nombres.get(d) or f"de referencia/{d.split('.')[0]}.csv ({d.split('.')[1]})" for d in self.deriva
        ]
        if self.por_defecto is not None:
            partes.append(f"«{self.por_defecto}»" if self.por_defecto else "vacía")
        return ", si no: ".join(partes)


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
    frecuencia: str = ""  # mensual | trimestral | anual; empty: not collected each period
    entrega: int = 12  # month of the year an annual table is due
    opcional: bool = False  # its rows may be left blank in the month's workbook
    filas_libres: bool = False  # rows are events, not a fixed list of keys: the workbook pre-fills none

    @property
    def nombres(self) -> list[str]:
        return [c.nombre for c in self.columnas]

    @property
    def pedidas(self) -> list[str]:
        """Columns of the month's workbook sheet: the key and every column the analyst types."""
        return [c.nombre for c in self.columnas if c.nombre in self.clave or c.se_pide]

    @property
    def tiempo(self) -> tuple[str, ...]:
        """Key columns that say which period a row is: periodo, anio + trimestre, or anio."""
        return tuple(c for c in ("periodo", "anio", "trimestre") if c in self.clave)

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
        if not isinstance(col, dict):
            problemas.append(f"columna {i}: se esperaba {{nombre: …, tipo: …, descripcion: …}}, no «{col}»")
            continue
        tipo = col.get("tipo")
        if tipo not in TIPOS:
            problemas.append(
                f"columna {i} ({col.get('nombre')}): tipo «{tipo}» desconocido; "
                f"tipos válidos: {', '.join(TIPOS)}"
            )
        deriva = col.get("deriva") or ()
        columnas.append(
            Columna(
                str(col.get("nombre")),
                tipo,
                str(col.get("descripcion", "")),
                bool(col.get("nulos", False)),
                tuple(col.get("valores") or ()),
                (deriva,) if isinstance(deriva, str) else tuple(deriva),
                None if col.get("por_defecto") is None else str(col["por_defecto"]),
                tuple(str(v) for v in col.get("no_en_plantilla") or ()),
            )
        )
        problemas += _problemas_deriva(columnas[-1])
    problemas += _problemas_frecuencia(crudo)
    problemas += _problemas_identidades(crudo.get("identidades"), [c.nombre for c in columnas])
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
        frecuencia=str(crudo.get("frecuencia") or ""),
        entrega=int(crudo.get("entrega", 12)),
        opcional=bool(crudo.get("opcional", False)),
        filas_libres=bool(crudo.get("filas_libres", False)),
    )


def _problemas_deriva(columna: Columna) -> list[str]:
    """A derivation is `anterior`, `fila` or `<reference table>.<column>`."""
    malas = [
        d for d in columna.deriva if d not in ("anterior", "fila") and str(d).split(".")[0] not in REFERENCIAS
    ]
    return [
        f"columna {columna.nombre}: deriva «{d}» desconocida; se espera anterior, fila o "
        f"<tabla>.<columna> con tabla entre {', '.join(REFERENCIAS)}"
        for d in malas
    ]


_IDENTIDAD = re.compile(r"^\s*([a-z_0-9]+)\s*(<=|>=|=)\s*([a-z_0-9]+(?:\s*\+\s*[a-z_0-9]+)*)\s*$")


def _problemas_identidades(identidades, nombres: list[str]) -> list[str]:
    """Each identity is «columna = a + b + …» (or <=, >=) over the table's own columns."""
    if identidades is None:
        return []
    if not isinstance(identidades, list):
        return ["«identidades» debe ser una lista de textos como «total = a + b»"]
    problemas = []
    for identidad in identidades:
        partes = _IDENTIDAD.match(identidad) if isinstance(identidad, str) else None
        if partes is None:
            problemas.append(
                f"identidad «{identidad}» mal escrita; se espera «columna = a + b + …» (o <=, >=) "
                "con nombres de columnas"
            )
            continue
        desconocidas = [
            c for c in [partes[1], *(t.strip() for t in partes[3].split("+"))] if c not in nombres
        ]
        if desconocidas:
            problemas.append(f"identidad «{identidad}»: columnas desconocidas {', '.join(desconocidas)}")
    return problemas


def _problemas_frecuencia(crudo: dict) -> list[str]:
    """The declared frequency and the key columns it uses (periodo; anio + trimestre; anio or periodo)."""
    frecuencia, clave = crudo.get("frecuencia"), crudo.get("clave") or []
    if not frecuencia:
        return []
    if frecuencia not in FRECUENCIAS:
        return [f"frecuencia «{frecuencia}» desconocida; se espera {', '.join(FRECUENCIAS)}"]
    necesarias = {
        "mensual": [["periodo"]],
        "trimestral": [["anio", "trimestre"]],
        "anual": [["anio"], ["periodo"]],
    }
    if not any(all(c in clave for c in opcion) for opcion in necesarias[frecuencia]):
        opciones = " o ".join(" + ".join(o) for o in necesarias[frecuencia])
        return [f"una tabla {frecuencia} necesita {opciones} en su clave"]
    return []


def leer_esquemas(carpeta_datos: Path) -> dict[str, Esquema]:
    """Read every data/esquemas/*.yaml, keyed by table name."""
    esquemas = {}
    for ruta in sorted((Path(carpeta_datos) / "esquemas").glob("*.yaml")):
        crudo = yaml_seguro.leer(ruta, f"Esquema {ruta}", DatosError) or {}
        if not isinstance(crudo, dict):
            raise DatosError(
                f"Esquema {ruta}: se esperaban claves (tabla, archivo, columnas…), no una lista ni un valor "
                "suelto; vea data/esquemas/_formato.md."
            )
        esquema = _esquema(ruta, crudo)
        if esquema.tabla in esquemas:
            raise DatosError(f"Esquema {ruta}: la tabla «{esquema.tabla}» ya está definida en otro esquema.")
        esquemas[esquema.tabla] = esquema
    return esquemas
