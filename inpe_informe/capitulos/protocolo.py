"""The chapter contract, written once: what a chapter declares and what its figures return.

A chapter is one folder `capitulos/capN/` whose `__init__.py` declares `CAPITULO = Capitulo(…)`.
Frozen dataclasses replace the old implicit protocol (module attributes NUMERO/TABLAS and
result dicts with agreed keys), so a chapter that breaks the contract fails when it is
declared or computed, not in a template three stages later.

Pure: imported by the compute layer, so it imports no loading, chart or rendering module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any


class Motivo(str, Enum):
    """Why figures are missing from an edition: the template picks the reader's note from it.

    A str, so templates compare it with its value (`motivo == "anual"`).
    """

    SIN_DATOS = "sin_datos"  # the month's data has not been received
    ANUAL = "anual"  # an annual figure, due in the December edition
    TRIMESTRAL = "trimestral"  # a quarterly figure, due when the quarter closes
    SERIE = "serie"  # a series chart whose input table lacks the earlier years it needs

    @classmethod
    def anual(cls, periodo) -> Motivo:
        """An annual table missing for `periodo`: not yet due before December, missing in December."""
        return cls.ANUAL if periodo.mes != 12 else cls.SIN_DATOS

    @classmethod
    def trimestral(cls, periodo) -> Motivo:
        """A quarterly table missing for `periodo`: not yet due before the first quarter closes (March)."""
        return cls.TRIMESTRAL if periodo.mes < 3 else cls.SIN_DATOS


@dataclass(frozen=True)
class Omitida:
    """A section left out of the report for want of data: the QA report names the table and months.

    `capitulo` is set by the registry (a chapter does not repeat its own number). `motivo`
    follows from the table's frequency and the period, so it does not tell two omissions apart.
    """

    seccion: str
    tabla: str
    meses: tuple[str, ...]
    capitulo: int | None = None
    motivo: Motivo = field(default=Motivo.SIN_DATOS, compare=False)

    def __post_init__(self):
        if isinstance(self.meses, str):
            raise TypeError(f"Omitida.meses: a list of months, not the string {self.meses!r}")
        object.__setattr__(self, "meses", tuple(str(m) for m in self.meses))


@dataclass(frozen=True)
class Resultado(Mapping):
    """What a chapter's `calcular` returns: its figures and what it could not compute.

    It reads like its figures (`resultado["consulta"]`, and `cap3.consulta` in a template), so
    templates receive the same objects as before; the contract's own fields are attributes
    (`cap3.disponible`, `cap3.omitidas`). Fields marked `plantillas` are part of what templates
    may read (documented in templates/); `faltan` only feeds the QA report. A chapter without
    data for the month still returns a Resultado: its headings are printed with a note chosen
    by `motivo`.
    """

    disponible: bool = field(metadata={"plantillas": True})
    cifras: Mapping[str, Any] = field(default_factory=dict)
    omitidas: tuple[Omitida, ...] = field(default=(), metadata={"plantillas": True})
    # tables and months without which the whole chapter is left out: ((tabla, (mes, …)), …)
    faltan: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # why the whole chapter has no figures for the month (when it is not `disponible`)
    motivo: Motivo = field(default=Motivo.SIN_DATOS, metadata={"plantillas": True})

    def __post_init__(self):
        choques = sorted(set(self.cifras) & _NOMBRES_PROPIOS)
        if choques:
            raise ValueError(f"figures named like a field of Resultado would be hidden: {choques}")
        object.__setattr__(self, "cifras", dict(self.cifras))
        object.__setattr__(self, "omitidas", tuple(self.omitidas))
        faltan = tuple((tabla, tuple(str(m) for m in meses)) for tabla, meses in self.faltan)
        object.__setattr__(self, "faltan", faltan)

    def __getitem__(self, clave: str):
        return self.cifras[clave]

    def motivo_de(self, tabla: str) -> Motivo:
        """Why `tabla` has no figures for the month (its omission's motivo; else the chapter's)."""
        return next((o.motivo for o in self.omitidas if o.tabla == tabla), self.motivo)

    def __iter__(self):
        return iter(self.cifras)

    def __len__(self) -> int:
        return len(self.cifras)


_NOMBRES_PROPIOS = {n for n in dir(Resultado) if not n.startswith("_")} | {f.name for f in fields(Resultado)}


def campos_de_plantilla() -> list[str]:
    """Fields of Resultado that templates read besides the figures (`capN.disponible`, …)."""
    return [f.name for f in fields(Resultado) if f.metadata.get("plantillas")]


@dataclass(frozen=True)
class Capitulo:
    """One chapter of the report, declared once in its folder's `__init__.py`.

    numero    order in the report, in findings and in the QA report; the folder is `cap{numero}`.
    tablas    the data tables `calcular` reads (a report loads only the tables its chapters read).
    calcular(tablas, periodo, ventana) -> Resultado
              every figure of the chapter for `periodo`; pure, no I/O.
    graficos(resultado, etiquetas, edicion) -> list[charts.Grafico]  (edicion.Edicion: language, wording, formats)
              chart specs of an available chapter; ids start with `nombre`.
    extracto(resultado, codigo) -> dict | None
              one oficina regional's figures, picked from the national results (never recomputed).
    revisar(tablas, esquemas) -> list[validate.Hallazgo]
              cross-table consistency rules (None: the schemas' row rules say it all); run only
              when every table of `tablas_revisadas` loaded cleanly.
    """

    numero: int
    tablas: tuple[str, ...]
    calcular: Callable[..., Resultado]
    graficos: Callable[..., list]
    extracto: Callable[[Resultado, str], dict | None]
    revisar: Callable[[dict, dict], list] | None = None
    tablas_revisadas: tuple[str, ...] = ()

    def __post_init__(self):
        if not isinstance(self.numero, int) or self.numero < 1:
            raise ValueError(f"Capitulo.numero must be a positive int, not {self.numero!r}")
        object.__setattr__(self, "tablas", tuple(self.tablas))
        object.__setattr__(self, "tablas_revisadas", tuple(self.tablas_revisadas))
        funciones = {"calcular": self.calcular, "graficos": self.graficos, "extracto": self.extracto}
        if self.revisar is not None:
            funciones["revisar"] = self.revisar
        no_llamables = [n for n, f in funciones.items() if not callable(f)]
        if no_llamables:
            raise TypeError(f"{self.nombre}: {', '.join(no_llamables)} must be callable")

    @property
    def nombre(self) -> str:
        """'cap3': the chapter's key in the results, the templates' context and chart ids."""
        return f"cap{self.numero}"
