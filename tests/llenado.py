"""A generated, realistic fill of a month's workbook (the blank one `plantilla` writes).

Reuse it wherever a test needs months that do not exist yet — a year of imports, a second
year of series for the charts, main-points tests, two imports at once:

    from llenado import llenar
    libro = escribir_plantilla(datos, Periodo.parse("2025-01"), destino)
    llenar(libro, datos, semilla=7)          # then importar(datos, libro) or the CLI

How a month is made (the same `semilla` and data/ always give the same workbook):

1. Base: each row of a sheet starts from the row with the same key in the previous period on
   file (previous month, quarter or year: `libro.ultimo_periodo`). A row without one stays blank
   (an optional sheet, e.g. capacity by establishment, is left for the analyst).
2. Finest grain: every count is its base × (1 + ε), ε uniform in ±VARIACION, drawn per cell.
3. The schemas' rules: row identities (`total = a + b`; an inequality keeps its slack) and the
   `suma_de` aggregates (an office = the sum of its establishments, the nation = its offices).
4. The chapter rules a schema cannot declare (REGLAS below, one per rule of reglas/capN.py):
   a total that is a sum of another table (`Suma`), or a breakdown re-allocated to its total
   (`Reparto`: largest remainder, the row's own values as weights, leaves of its identities
   allocated so that every constrained column and every identity hold at once).
5. Texts are the base's (labels, dates of categorisation); a campaign date moves to the year.
   A 2024 row that stood for several (RESTO: E.M.L. not itemised) becomes one row per E.M.L.
   the sheet lacks, sharing its count — the rows an analyst adds to the workbook.

Tables are processed in dependency order (a total after its detail), so one pass is enough.
If a colleague adds a consistency rule, the year test fails until REGLAS knows it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from inpe_informe.libro import HOJA_AYUDA, tiempo_del_mes, ultimo_periodo
from inpe_informe.load import leer_csv
from inpe_informe.periods import Periodo
from inpe_informe.schema import leer_esquemas

VARIACION = 0.04  # ±4% a month: well under the 30% jump threshold of calidad.umbral_salto
_IDENTIDAD = re.compile(r"^(?P<izq>\w+)\s*(?P<op><=|>=|=)\s*(?P<der>.+)$")


@dataclass
class Suma:
    """`destino`'s columns are the sum of `origen`'s, per `agrupar` (rows of `destino` picked by `donde`)."""

    destino: str
    origen: str
    columnas: dict  # destination column → source column
    agrupar: list = field(default_factory=list)
    donde: dict = field(default_factory=dict)  # e.g. {"funcion": "CUMPLE_FUNCION"}


@dataclass
class Reparto:
    """`destino`'s columns re-allocated so that, per `agrupar`, they add up to totals of other tables."""

    destino: str
    totales: dict  # destination column → (table, column, {column: value} filter)
    agrupar: list = field(default_factory=list)


_MENSUAL4 = "trabajo_educacion_mensual"
REGLAS = [
    # cap2: staff (personal) and the December population breakdowns
    Suma("poblacion_intramuros_mensual", "poblacion_intramuros_oficina", {"poblacion": "poblacion"}),
    Reparto("poblacion_intramuros_sexo", {"poblacion": ("poblacion_intramuros_mensual", "poblacion", {})}),
    Suma(
        "personal_asistencia_funcion",
        "profesionales_oficina",
        {"personal": "profesionales"},
        ["servicio"],
        {"funcion": "CUMPLE_FUNCION"},
    ),
    Reparto(
        "personal_asistencia_regimen",
        {"personal": ("personal_asistencia_funcion", "personal", {})},
        ["servicio"],
    ),
    # cap3: one year-end population for SIS coverage and overcrowding (Base B, as December's in Chapter IV:
    # realism, not a rule — they were equal in 2024)
    Suma("salud_poblacion_capacidad_anual", _MENSUAL4, {"poblacion_penitenciaria": "poblacion"}),
    Suma(
        "salud_sis_afiliacion_anual",
        "salud_poblacion_capacidad_anual",
        {"poblacion_penitenciaria": "poblacion_penitenciaria"},
    ),
    # cap4: every breakdown of the month's totals (reglas/cap4.PARTES and the crime × entries tables)
    Suma(
        _MENSUAL4,
        "trabajo_educacion_oficina",
        {c: c for c in ("poblacion", "inscritos_trabajo", "matriculados_educacion")},
    ),
    *[
        Reparto(tabla, {c: (_MENSUAL4, c, {}) for c in columnas})
        for tabla, columnas in (
            ("trabajo_educacion_sexo", ["poblacion", "inscritos_trabajo", "matriculados_educacion"]),
            ("trabajo_educacion_ingresos", ["inscritos_trabajo", "matriculados_educacion"]),
        )
    ],
    Reparto("educacion_matriculados_programa", {"matriculados": (_MENSUAL4, "matriculados_educacion", {})}),
    Reparto("trabajo_inscritos_actividad", {"inscritos": (_MENSUAL4, "inscritos_trabajo", {})}),
    Reparto(
        "trabajo_condicion_edad",
        {
            "poblacion": (_MENSUAL4, "poblacion", {}),
            "pea": (_MENSUAL4, "inscritos_trabajo", {}),
            "estudiantes": (_MENSUAL4, "matriculados_educacion", {}),
        },
    ),
    *[
        Reparto(
            tabla,
            {
                "total": (_MENSUAL4, columna, {}),
                **{
                    f"ingresos_{k}": ("trabajo_educacion_ingresos", columna, {"numero_ingresos": str(k)})
                    for k in range(1, n + 1)
                },
            },
        )
        for tabla, columna, n in (
            ("trabajo_delito_ingresos", "inscritos_trabajo", 3),
            ("educacion_delito_ingresos", "matriculados_educacion", 2),
        )
    ],
    # cap6: December results by stage add up to the month's attended; modality split of the inserted
    Reparto("medio_libre_logro", {"atendidos": ("medio_libre_atendidos", "atendidos", {})}, ["programa"]),
    Reparto("reinsercion_laboral_modalidad", {"insertados": ("reinsercion_laboral_eml", "insertados", {})}),
]
# Row rules of the chapter rules (and of the printed tables) that the schemas do not list.
DESIGUALDADES = {
    "intramuros_atendidos_ep": ["evaluacion_favorable <= atendidos"],
    "medio_libre_logro": ["con_logro <= atendidos"],
    "reinsercion_laboral_eml": ["insertados <= meta_programada"],
    "trabajo_delito_ingresos": ["total >= ingresos_1 + ingresos_2 + ingresos_3"],
    "educacion_delito_ingresos": ["total >= ingresos_1 + ingresos_2"],
}
FECHAS_DEL_PERIODO = {"megacampanas": "fecha"}  # a campaign's date falls in the year it is reported


def repartir(total: int, pesos: list) -> list[int]:
    """`total` split in proportion to `pesos` (largest remainder; equal parts when all weights are 0)."""
    pesos = [max(0, int(p or 0)) for p in pesos] or []
    if not pesos:
        return []
    if not sum(pesos):
        pesos = [1] * len(pesos)
    exactas = [Fraction(total * p, sum(pesos)) for p in pesos]
    partes = [int(e) for e in exactas]
    orden = sorted(range(len(pesos)), key=lambda i: exactas[i] - partes[i], reverse=True)
    for i in orden[: total - sum(partes)]:
        partes[i] += 1
    return partes


def _identidades(esquema) -> list[tuple[str, str, list[str]]]:
    reglas = [*esquema.identidades, *DESIGUALDADES.get(esquema.tabla, [])]
    return [
        (m["izq"], m["op"], [t.strip() for t in m["der"].split("+")]) for m in map(_IDENTIDAD.match, reglas)
    ]


def derivar(marco: pd.DataFrame, esquema) -> None:
    """Totals from their parts (`=`), and `a <= b` lowered to b; repeated until nested totals settle."""
    for _ in range(4):
        for izq, op, der in _identidades(esquema):
            for i in marco.index:
                valores = [marco.at[i, c] for c in der]
                if any(v is None or pd.isna(v) for v in valores) or pd.isna(marco.at[i, izq]):
                    continue
                suma = int(sum(valores))
                if (
                    op == "="
                    or (op == "<=" and marco.at[i, izq] > suma)
                    or (op == ">=" and marco.at[i, izq] < suma)
                ):
                    marco.at[i, izq] = suma


def _texto(valor) -> str:
    """A cell as the text data/ keeps: blank for None/NaN, 2 for 2.0."""
    if valor is None or (isinstance(valor, float) and pd.isna(valor)):
        return ""
    return str(int(valor)) if isinstance(valor, float) and valor.is_integer() else str(valor)


def _hojas(wb, esquemas) -> dict[str, pd.DataFrame]:
    hojas = {}
    for ws in wb.worksheets:
        if ws.title in esquemas:
            filas = list(ws.iter_rows(values_only=True))
            hojas[ws.title] = pd.DataFrame(filas[1:], columns=filas[0], dtype=object)
    return hojas


def _base(marco, esquema, datos: Path, periodo: Periodo, azar: random.Random) -> pd.DataFrame:
    """Each row from the previous period's row of its key, counts moved by ±VARIACION."""
    tiempo = tiempo_del_mes(esquema, periodo)
    ruta = datos / esquema.archivo
    existente = leer_csv(ruta, esquema.archivo) if ruta.exists() else pd.DataFrame(columns=esquema.nombres)
    previas = ultimo_periodo(existente, esquema, tiempo)
    claves = [c for c in esquema.clave if c not in tiempo]
    indice = {tuple(str(f[c]) for c in claves): f for f in previas.to_dict("records")}
    for i, fila in marco.iterrows():
        previa = indice.get(tuple(_texto(fila[c]) for c in claves))
        for columna in (c for c in marco.columns if c not in esquema.clave):
            tipo = esquema.columna(columna).tipo
            valor = None if previa is None or previa[columna] == "" else previa[columna]
            if valor is not None and tipo == "entero":
                valor = max(0, round(int(valor) * (1 + azar.uniform(-VARIACION, VARIACION))))
            elif valor is not None and FECHAS_DEL_PERIODO.get(esquema.tabla) == columna:
                valor = f"{periodo.anio}{valor[4:]}"
            marco.at[i, columna] = valor
    return _sin_detalle(marco, esquema, previas, tiempo, azar)


def _sin_detalle(marco, esquema, previas, tiempo: dict, azar: random.Random) -> pd.DataFrame:
    """Rows a transcription-only key (RESTO: E.M.L. not itemised in 2024) stood for, sharing its counts.

    The workbook leaves RESTO out (`no_en_plantilla`); an analyst itemises those E.M.L., so the
    generator adds one row per code the sheet lacks for that group, as the analyst would.
    """
    nuevas = []
    for columna in (c for c in esquema.columnas if c.no_en_plantilla):
        otras = [c for c in esquema.clave if c not in tiempo and c != columna.nombre]
        numericas = [c.nombre for c in esquema.columnas if c.tipo == "entero" and c.nombre in marco.columns]
        for resto in previas[previas[columna.nombre].isin(columna.no_en_plantilla)].to_dict("records"):
            grupo = {c: resto[c] for c in otras}
            presentes = set(marco.loc[_filtro(marco, grupo), columna.nombre].map(_texto))
            codigos = [v for v in columna.valores if v not in presentes and v not in columna.no_en_plantilla]
            partes = {
                c: repartir(
                    max(0, round(int(resto[c]) * (1 + azar.uniform(-VARIACION, VARIACION)))),
                    [1] * len(codigos),
                )
                for c in numericas
                if str(resto[c]).isdigit()
            }
            nuevas += [
                {**tiempo, **grupo, columna.nombre: codigo, **{c: v[k] for c, v in partes.items()}}
                for k, codigo in enumerate(codigos)
            ]
    if not nuevas:
        return marco
    return pd.concat([marco, pd.DataFrame(nuevas, columns=marco.columns, dtype=object)], ignore_index=True)


def _filtro(marco: pd.DataFrame, donde: dict) -> pd.Series:
    eleccion = pd.Series(True, index=marco.index)
    for c, v in donde.items():
        eleccion &= marco[c].map(_texto) == _texto(v)
    return eleccion


def _sumar(regla: Suma, marcos: dict, oficina_de: dict) -> None:
    destino, origen = marcos[regla.destino], marcos[regla.origen]
    if "codigo_oficina" in regla.agrupar and "codigo_oficina" not in origen.columns:
        origen = origen.assign(codigo_oficina=origen["codigo_ep"].map(oficina_de))  # as validate.py does
    for i in destino.index[_filtro(destino, regla.donde)]:
        propias = _filtro(origen, {g: destino.at[i, g] for g in regla.agrupar})
        for columna, fuente in regla.columnas.items():
            destino.at[i, columna] = int(pd.to_numeric(origen.loc[propias, fuente]).sum())


def _hojas_de(columna: str, reglas: list) -> set[str]:
    """Leaves of a column through the table's identities (an inequality `a >= b` adds a's slack)."""
    for izq, op, der in reglas:
        if izq == columna and op in ("=", ">="):
            hojas = set().union(*(_hojas_de(t, reglas) for t in der))
            return hojas | ({f"_holgura_{izq}"} if op == ">=" else set())
    return {columna}


def _repartir(regla: Reparto, marcos: dict, esquemas: dict) -> None:
    """Allocate the constrained columns, smallest set of leaves first, each to its group's total."""
    marco, reglas = marcos[regla.destino], _identidades(esquemas[regla.destino])
    for izq, op, der in reglas:
        if op == ">=":
            marco[f"_holgura_{izq}"] = [
                int(marco.at[i, izq]) - sum(int(marco.at[i, t]) for t in der) for i in marco.index
            ]
    hechas: set[str] = set()
    for columna in sorted(regla.totales, key=lambda c: len(_hojas_de(c, reglas))):
        tabla, fuente, donde = regla.totales[columna]
        origen = marcos[tabla]
        libres = sorted(_hojas_de(columna, reglas) - hechas)
        fijas = _hojas_de(columna, reglas) & hechas
        grupos = (
            {
                tuple(g if isinstance(g, tuple) else (g,)): f
                for g, f in marco.groupby(
                    regla.agrupar[0] if len(regla.agrupar) == 1 else regla.agrupar
                ).groups.items()
            }
            if regla.agrupar
            else {(): marco.index}
        )
        for grupo, filas in grupos.items():
            propias = _filtro(origen, {**donde, **dict(zip(regla.agrupar, grupo))})
            total = int(pd.to_numeric(origen.loc[propias, fuente]).sum())
            resto = total - sum(int(marco.at[i, h] or 0) for i in filas for h in fijas)
            celdas = [(i, h) for i in filas for h in libres]
            for (i, h), valor in zip(celdas, repartir(max(resto, 0), [marco.at[i, h] for i, h in celdas])):
                marco.at[i, h] = valor
        hechas |= set(libres)
    for izq, op, der in reglas:
        if op == ">=":  # the total is its parts plus its slack
            marco[izq] = [
                sum(int(marco.at[i, t]) for t in der) + int(marco.at[i, f"_holgura_{izq}"])
                for i in marco.index
            ]
    derivar(marco, esquemas[regla.destino])
    marcos[regla.destino] = marco.drop(columns=[c for c in marco.columns if c.startswith("_holgura_")])


def _pasos(esquemas: dict, marcos: dict) -> list:
    """Schema sums and chapter rules whose tables are all in the workbook, in dependency order."""
    pasos = [
        Suma(
            n,
            e.suma_de["tabla"],
            {c: c for c in _numericas(e, marcos[e.suma_de["tabla"]])},
            [e.suma_de["agrupar"]]
            if isinstance(e.suma_de.get("agrupar"), str)
            else list(e.suma_de.get("agrupar") or []),
        )
        for n, e in esquemas.items()
        if n in marcos and e.suma_de.get("tabla") in marcos
    ]
    pasos += [r for r in REGLAS if r.destino in marcos and all(t in marcos for t in _origenes(r))]
    ordenados = []
    while pasos:
        listos = [p for p in pasos if not any(q.destino in _origenes(p) for q in pasos if q is not p)]
        listos = listos or pasos[:1]
        ordenados += listos
        pasos = [p for p in pasos if p not in listos]
    return ordenados


def _origenes(paso) -> set[str]:
    return {paso.origen} if isinstance(paso, Suma) else {t for t, _c, _d in paso.totales.values()}


def _numericas(esquema, detalle: pd.DataFrame) -> list[str]:
    return [
        c.nombre
        for c in esquema.columnas
        if c.tipo == "entero" and c.nombre in detalle.columns and c.nombre not in esquema.clave
    ]


def _escribir(wb, marcos: dict) -> None:
    for nombre, marco in marcos.items():
        ws = wb[nombre]
        for i, fila in enumerate(marco.itertuples(index=False), start=2):
            for j, valor in enumerate(fila, start=1):
                celda = ws.cell(row=i, column=j)
                celda.value = (
                    None if valor is None or (not isinstance(valor, str) and pd.isna(valor)) else valor
                )


def _saltar(marcos: dict, esquemas: dict, saltos: dict) -> None:
    """Multiply chosen cells of the finest grain: {table: {key value: {column: factor}}}."""
    for tabla, filas in (saltos or {}).items():
        marco = marcos[tabla]
        for clave, columnas in filas.items():
            elegidas = marco[list(esquemas[tabla].clave)].astype(str).eq(str(clave)).any(axis=1)
            assert elegidas.any(), f"llenar: ninguna fila de {tabla} tiene la clave {clave}"
            for columna, factor in columnas.items():
                marco.loc[elegidas, columna] = [round(v * factor) for v in marco.loc[elegidas, columna]]


def llenar(libro: Path, datos: Path, semilla: int = 0, saltos: dict | None = None) -> Path:
    """Fill the blank workbook `libro` (made by plantilla) with a consistent month derived from data/.

    `saltos` multiplies chosen cells before the totals are derived (a plausible jump that keeps
    every identity): {"poblacion_regimen_ep": {"PIURA": {"rco_maxima": 4}}}.
    """
    libro, datos = Path(libro), Path(datos)
    esquemas = leer_esquemas(datos)
    wb = load_workbook(libro)
    periodo = Periodo.parse(wb[HOJA_AYUDA]["B2"].value)
    azar = random.Random(f"{semilla}-{periodo}")
    marcos = {n: _base(m, esquemas[n], datos, periodo, azar) for n, m in _hojas(wb, esquemas).items()}
    _saltar(marcos, esquemas, saltos)
    for nombre, marco in marcos.items():
        derivar(marco, esquemas[nombre])
    establecimientos = leer_csv(datos / "referencia/establecimientos.csv", "establecimientos")
    oficina_de = dict(zip(establecimientos["codigo"], establecimientos["oficina"]))
    for paso in _pasos(esquemas, marcos):
        if isinstance(paso, Suma):
            _sumar(paso, marcos, oficina_de)
            derivar(marcos[paso.destino], esquemas[paso.destino])
        else:
            _repartir(paso, marcos, esquemas)
    _escribir(wb, marcos)
    wb.save(libro)
    return libro
