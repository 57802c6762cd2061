"""Validate stage: pure checks of the raw tables → typed tables plus a list of findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .load import TablaCruda
from .periods import Periodo

ERROR, ADVERTENCIA = "error", "advertencia"
_ENTERO = re.compile(r"^-?\d+$")
_MILES = re.compile(r"^-?\d{1,3}([,.\s]\d{3})+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
MAXIMO_ENTERO = 2**63 - 1  # what a count column holds; beyond it no arithmetic on the table is exact
_PERIODO = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Hallazgo:
    """One problem found in the data, located for the person who can fix it."""

    severidad: str
    tabla: str
    archivo: str
    ubicacion: str
    mensaje: str
    capitulo: int = 0
    # an identity or a sum the month's figures must satisfy (blocks an import), not a plausibility check
    consistencia: bool = False

    def texto(self) -> str:
        lugar = ", ".join(p for p in (self.archivo, self.ubicacion) if p)
        return f"{lugar}: {self.mensaje}"


def resumir(hallazgos, maximo: int = 3) -> list[str]:
    """Findings as lines, the same message repeated in one file folded into one line with a count."""
    grupos: dict[tuple, list] = {}
    for h in hallazgos:
        grupos.setdefault((h.archivo, h.mensaje), []).append(h.ubicacion)
    lineas = []
    for (archivo, mensaje), lugares in grupos.items():
        if len(lugares) <= maximo:
            lineas += [Hallazgo("", "", archivo, u, mensaje).texto() for u in lugares]
        else:
            donde = ", ".join(lugares[:maximo]) + f" y {len(lugares) - maximo} más"
            lineas.append(f"{archivo}, {donde}: {mensaje} ({len(lugares)} casos)")
    return lineas


def hallazgo_de(esquema, severidad, ubicacion, mensaje, archivo=None, consistencia=False) -> Hallazgo:
    """A finding about a whole table (for cross-table rules that have no raw cell at hand).

    `ubicacion` names the rows as `columna=valor, …` (and `columna X`): an import maps them
    to the workbook's rows and cells. `consistencia` marks a rule the data must satisfy.
    """
    return Hallazgo(
        severidad,
        esquema.tabla,
        archivo or f"data/{esquema.archivo}",
        ubicacion,
        mensaje,
        esquema.capitulo,
        consistencia,
    )


def _hallazgo(tabla: TablaCruda, severidad, ubicacion, mensaje, indice=None, consistencia=False):
    return Hallazgo(
        severidad,
        tabla.esquema.tabla,
        tabla.archivo_de(indice),
        ubicacion,
        mensaje,
        tabla.esquema.capitulo,
        consistencia,
    )


def _convertir(valor: str, columna, codigos) -> tuple[object, str | None]:
    """Convert one cell; return (value, problem or None)."""
    v = valor.strip()
    if v == "":
        return (None, None) if columna.nulos else (None, "celda vacía; se esperaba un valor")
    tipo = columna.tipo
    if tipo in ("entero", "anio"):
        if _MILES.match(v):
            limpio = re.sub(r"[,.\s]", "", v)
            return None, f"valor «{v}»: escriba el número sin separador de miles ({limpio})"
        if not _ENTERO.match(v):
            return None, f"valor «{v}»: se esperaba un número entero"
        if int(v) < 0:
            return None, f"valor «{v}»: un conteo no puede ser negativo"
        if int(v) > MAXIMO_ENTERO:
            return (
                None,
                f"valor «{v}»: el número es demasiado grande (máximo {MAXIMO_ENTERO}); revise la celda",
            )
        return int(v), None
    if tipo == "decimal":
        if not _DECIMAL.match(v):
            return None, f"valor «{v}»: se esperaba un número con punto decimal (p. ej. 12.5)"
        return float(v), None
    if tipo == "periodo":  # the one place a table's month text becomes a Periodo
        return (
            (Periodo.parse(v), None)
            if _PERIODO.match(v)
            else (None, f"valor «{v}»: se esperaba un mes AAAA-MM (p. ej. 2024-12)")
        )
    if tipo == "booleano":
        return (v == "si", None) if v in ("si", "no") else (None, f"valor «{v}»: se esperaba «si» o «no»")
    if tipo == "categoria" and columna.valores and v not in columna.valores:
        return None, f"valor «{v}»: se esperaba uno de {', '.join(map(str, columna.valores))}"
    if tipo in ("codigo_ep", "codigo_oficina") and v not in codigos[tipo]:
        que = "establecimiento" if tipo == "codigo_ep" else "oficina regional"
        return None, f"código de {que} «{v}» desconocido (ver data/referencia/)"
    return v, None


def _meses_futuros(tabla: TablaCruda, marco: pd.DataFrame) -> list[Hallazgo]:
    """Rows dated after next month (by the calendar): a typing slip such as 2031-07 for 2023-07, said aloud."""
    import datetime as dt

    hoy = dt.date.today()
    limite = Periodo(hoy.year, hoy.month).mas(1)
    hallazgos = []
    for columna in (c for c in tabla.esquema.columnas if c.tipo == "periodo"):
        for i, valor in marco[columna.nombre].items():
            if valor is not None and valor > limite:
                hallazgos.append(
                    _hallazgo(
                        tabla,
                        ADVERTENCIA,
                        tabla.ubicacion(i, columna.nombre),
                        f"el mes {valor} es posterior al mes siguiente a hoy ({limite}); "
                        "¿error de tipeo? corríjalo si no es un mes previsto",
                        i,
                    )
                )
    return hallazgos


def validar_tabla(tabla: TablaCruda, codigos: dict) -> tuple[pd.DataFrame, list[Hallazgo]]:
    """Check columns, cells and keys of one table; return it typed."""
    esquema, crudo, hallazgos = tabla.esquema, tabla.datos, []
    faltan = [c for c in esquema.nombres if c not in crudo.columns]
    sobran = [c for c in crudo.columns if c not in esquema.nombres]
    if faltan:
        hallazgos.append(
            _hallazgo(
                tabla,
                ERROR,
                "encabezados",
                f"faltan las columnas {', '.join(faltan)} (se esperaban {', '.join(esquema.nombres)})",
            )
        )
    if sobran:
        hallazgos.append(
            _hallazgo(
                tabla,
                ERROR,
                "encabezados",
                f"columnas no previstas: {', '.join(sobran)} (quítelas o añádalas al esquema)",
            )
        )
    if faltan or sobran:
        return pd.DataFrame(columns=esquema.nombres), hallazgos
    tipado = {}
    for columna in esquema.columnas:
        valores = []
        for i, celda in enumerate(crudo[columna.nombre]):
            valor, problema = _convertir(celda, columna, codigos)
            if problema:
                hallazgos.append(_hallazgo(tabla, ERROR, tabla.ubicacion(i, columna.nombre), problema, i))
            valores.append(valor)
        tipado[columna.nombre] = pd.Series(
            valores, dtype="Int64" if columna.tipo in ("entero", "anio") else object
        )
    marco = pd.DataFrame(tipado)
    hallazgos += _meses_futuros(tabla, marco)
    if esquema.clave:
        repetidas = marco.duplicated(list(esquema.clave), keep="first")
        for i in marco.index[repetidas]:
            clave = ", ".join(f"{c}={marco.at[i, c]}" for c in esquema.clave)
            hallazgos.append(
                _hallazgo(
                    tabla, ERROR, tabla.ubicacion(i), f"fila duplicada: ya existe otra fila con {clave}", i
                )
            )
    return marco, hallazgos


def _lado(expresion: str) -> list[str]:
    return [t.strip() for t in expresion.split("+")]


_COMPARACION = re.compile(r"^(?P<izq>[a-z_0-9]+)\s*(?P<op><=|>=|=)\s*(?P<der>.+)$")
_COMPARAR = {"=": lambda a, b: a == b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _miles(valor) -> str:
    return f"{int(valor):,}"


def _incumplida(identidad: str, izquierda: str, op: str, terminos: list[str], valor, suma) -> str:
    """What a failed row rule found and what the cell should be: `total = 1,208 pero a + b = 1,198`."""
    derecha = " + ".join(terminos)
    if op == "=":
        return (
            f"no se cumple {identidad}: {izquierda} = {_miles(valor)} pero {derecha} = {_miles(suma)} "
            f"(diferencia {int(valor - suma):+,d})"
        )
    return (
        f"no se cumple {identidad}: {valor} frente a {suma} ({izquierda} debe ser "
        f"{'como máximo' if op == '<=' else 'al menos'} {derecha} = {_miles(suma)})"
    )


def verificar_identidades(tabla: TablaCruda, marco: pd.DataFrame) -> list[Hallazgo]:
    """Row rules such as `total = a + b + c` or `atendidos <= atenciones`.

    Warnings for the QA report; an import refuses a month that breaks one (`consistencia`).
    Rows where a term is empty (a missing value) are not judged.
    """
    hallazgos = []
    for identidad in tabla.esquema.identidades:
        partes = _COMPARACION.match(identidad.strip())
        izquierda, op = partes["izq"], partes["op"]
        terminos = _lado(partes["der"])
        completas = marco[[izquierda, *terminos]].notna().all(axis=1)
        suma = sum(marco[c].fillna(0) for c in terminos)
        falla = completas & ~_COMPARAR[op](marco[izquierda].fillna(0), suma).fillna(True)
        for i in marco.index[falla.astype(bool)]:
            hallazgos.append(
                _hallazgo(
                    tabla,
                    ADVERTENCIA,
                    tabla.ubicacion(i, izquierda),
                    _incumplida(identidad, izquierda, op, terminos, marco.at[i, izquierda], suma[i]),
                    i,
                    consistencia=True,
                )
            )
    return hallazgos


def verificar_sumas(tabla: TablaCruda, marco: pd.DataFrame, tablas: dict, referencia: dict) -> list[Hallazgo]:
    """A printed total (office, national) must equal the sum of its detail table, month by month.

    The schema's `suma_de: {tabla: detalle, agrupar: codigo_oficina}` names the detail;
    `agrupar` may be one column or a list (e.g. [servicio, sexo]); the time key
    (`periodo` or `anio`) is added when both tables have it. Establishment codes are
    mapped to their office through data/referencia.
    """
    regla = tabla.esquema.suma_de
    if not regla or regla.get("tabla") not in tablas:
        return []
    detalle = tablas[regla["tabla"]].copy()
    grupos = regla.get("agrupar") or []
    grupos = [grupos] if isinstance(grupos, str) else list(grupos)
    if "codigo_oficina" in grupos and "codigo_ep" in detalle.columns:
        detalle["codigo_oficina"] = detalle["codigo_ep"].map(referencia["oficina_de_ep"])
    tiempo = [c for c in ("periodo", "anio") if c in marco.columns and c in detalle.columns]
    claves = tiempo + grupos
    numericas = [
        c.nombre
        for c in tabla.esquema.columnas
        if c.tipo == "entero" and c.nombre in detalle.columns and c.nombre not in claves
    ]
    sumas = detalle.groupby(claves)[numericas].sum().reset_index()
    unido = marco.reset_index().merge(sumas, on=claves, how="inner", suffixes=("", "__suma"))
    hallazgos = []
    for _, fila in unido.iterrows():
        for col in numericas:
            if pd.notna(fila[col]) and fila[col] != fila[f"{col}__suma"]:
                donde = ", ".join(f"{c}={fila[c]}" for c in claves)
                i = int(fila["index"])
                if tabla.en_hoja(i):
                    donde = f"{tabla.ubicacion(i, col)} ({donde})"
                hallazgos.append(
                    _hallazgo(
                        tabla,
                        ADVERTENCIA,
                        donde,
                        f"{col} = {_miles(fila[col])} no es la suma de «{regla['tabla']}» "
                        f"({_miles(fila[f'{col}__suma'])}; diferencia {fila[col] - fila[f'{col}__suma']:+,d})",
                        i,
                        consistencia=True,
                    )
                )
    return hallazgos


def validar(crudas: dict[str, TablaCruda]) -> tuple[dict[str, pd.DataFrame], list[Hallazgo]]:
    """Run every check on every table; return typed tables and all findings together."""
    codigos = {"codigo_ep": set(), "codigo_oficina": set()}
    if "establecimientos" in crudas:
        codigos["codigo_ep"] = set(crudas["establecimientos"].datos["codigo"].str.strip())
    if "oficinas_regionales" in crudas:
        codigos["codigo_oficina"] = set(crudas["oficinas_regionales"].datos["codigo"].str.strip())
    tablas, hallazgos, con_errores = {}, [], set()
    for nombre, cruda in crudas.items():
        marco, propios = validar_tabla(cruda, codigos)
        tablas[nombre] = marco
        hallazgos += propios
        if propios:
            con_errores.add(nombre)
        else:
            hallazgos += verificar_identidades(cruda, marco)
    est = tablas.get("establecimientos")
    referencia = {"oficina_de_ep": dict(zip(est["codigo"], est["oficina"])) if est is not None else {}}
    for nombre, cruda in crudas.items():
        if nombre not in con_errores and cruda.esquema.suma_de.get("tabla") not in con_errores:
            hallazgos += verificar_sumas(cruda, tablas[nombre], tablas, referencia)
    return tablas, hallazgos
