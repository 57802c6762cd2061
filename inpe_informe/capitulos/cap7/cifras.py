"""Chapter VII indicators: Asistencia Post Penitenciaria (services, users, induction talks, monitoring).

Services and users are annual counts (January–December), so they are shown in December
reports only; the monthly talks and monitoring series run January..report month.
Shares follow the report's one rule: one decimal, each rounded half-up on its own (a table
whose column then misses 100 carries the rounding note), two decimals when one would read 0.0,
so a small month or service never prints 0% (INC-39).
"""

from __future__ import annotations

import pandas as pd

from ...periods import Periodo, rango
from ..aritmetica import cuotas, ordenar_desc, porcentaje, ventana_de
from ..protocolo import Motivo, Omitida, Resultado

SERVICIOS = "app_servicios"
OFICINAS = "app_servicios_oficina"
PROCEDENCIA = "app_usuarios_procedencia"
CHARLAS = "app_charlas_induccion"
MONITOREO = "app_usuarios_monitoreados"
TIPOS = ["LEGAL", "PSICOLOGICO", "SOCIAL"]
TABLAS = [
    SERVICIOS,
    OFICINAS,
    PROCEDENCIA,
    CHARLAS,
    MONITOREO,
    "app_cifras_publicadas",
    "oficinas_regionales",
]


def partes_con_cuota(partes: dict) -> list[dict]:
    """Parts of a whole, largest first, with their shares (one decimal, each rounded half-up on its own)."""
    pct = cuotas(partes)
    return [{"clave": k, "valor": int(partes[k]), "porcentaje": pct[k]} for k in ordenar_desc(partes)]


def servicios(marco: pd.DataFrame) -> dict:
    """Services by type (with shares) and every specific service in printed order, with its share of the total."""
    total = int(marco["cantidad"].sum())
    por_tipo = {t: int(marco.loc[marco["tipo_servicio"] == t, "cantidad"].sum()) for t in TIPOS}
    de_tipo = cuotas(por_tipo)
    ordenados = marco.sort_values(["tipo_servicio", "orden"])
    de_servicio = cuotas(
        {(f["tipo_servicio"], f["servicio"]): int(f["cantidad"]) for _, f in ordenados.iterrows()}
    )
    grupos = []
    for tipo in TIPOS:
        propios = marco[marco["tipo_servicio"] == tipo].sort_values("orden")
        grupos.append(
            {
                "clave": tipo,
                "valor": por_tipo[tipo],
                "porcentaje": de_tipo[tipo],
                "servicios": [
                    {
                        "clave": f["servicio"],
                        "nombre": f["nombre"],
                        "valor": int(f["cantidad"]),
                        "porcentaje": de_servicio[(tipo, f["servicio"])],
                    }
                    for _, f in propios.iterrows()
                ],
            }
        )
    principales = [max(g["servicios"], key=lambda s: s["valor"]) | {"tipo": g["clave"]} for g in grupos]
    return {
        "total": total,
        "tipos": partes_con_cuota(por_tipo),
        "grupos": grupos,
        "principales": sorted(principales, key=lambda s: -s["valor"]),
    }


def por_oficina(marco: pd.DataFrame, oficinas: pd.DataFrame) -> list[dict]:
    """Services by regional office, largest first, with their shares."""
    partes = dict(zip(marco["codigo_oficina"], marco["servicios"].astype(int)))
    ref = oficinas.set_index("codigo")
    return [
        dict(p, nombre=ref.at[p["clave"], "nombre"], etiqueta=ref.at[p["clave"], "etiqueta"])
        for p in partes_con_cuota(partes)
    ]


def mensual(marco: pd.DataFrame, columna: str, periodo: Periodo) -> dict | None:
    """January..report month of a monthly count, its total and each month's share (rounded on its own)."""
    valores = {
        p: int(marco.loc[marco["periodo"] == p, columna].sum())
        for p in rango(periodo.enero, periodo)
        if (marco["periodo"] == p).any()
    }
    if periodo not in valores:
        return None
    total = sum(valores.values())
    return {
        "meses": [{"periodo": p, "valor": v, "porcentaje": porcentaje(v, total)} for p, v in valores.items()],
        "total": total,
        "desde": min(valores),
        "hasta": periodo,
        "ventana": ventana_de(list(valores)),
        "maximo": max(({"periodo": p, "valor": v} for p, v in valores.items()), key=lambda m: m["valor"]),
    }


def _del_anio(marco: pd.DataFrame, anio: int) -> pd.DataFrame:
    return marco[marco["anio"].astype(int) == anio]


def calcular(tablas: dict[str, pd.DataFrame], periodo: Periodo, ventana: str) -> Resultado:
    """Every figure of Chapter VII for `periodo`; sections without data are listed in `omitidas`."""
    omitidas = []
    cifras = {
        "periodo": periodo,
        "anual": None,
        "charlas": mensual(tablas[CHARLAS], "personas", periodo),
        "monitoreo": mensual(tablas[MONITOREO], "usuarios", periodo),
    }
    serv = _del_anio(tablas[SERVICIOS], periodo.anio)
    if periodo.mes == 12 and not serv.empty:
        usuarios = _del_anio(tablas[PROCEDENCIA], periodo.anio)
        oficinas = _del_anio(tablas[OFICINAS], periodo.anio)
        cifras["anual"] = {
            "anio": periodo.anio,
            "servicios": servicios(serv),
            "oficinas": por_oficina(oficinas, tablas["oficinas_regionales"]) if not oficinas.empty else None,
            "oficinas_ciertas": bool((oficinas["confianza"] == "CIERTA").all()),
            "usuarios": (
                {
                    "total": int(usuarios["usuarios"].sum()),
                    "cierta": bool((usuarios["confianza"] == "CIERTA").all()),
                    "procedencia": partes_con_cuota(dict(zip(usuarios["procedencia"], usuarios["usuarios"]))),
                }
                if not usuarios.empty
                else None
            ),
        }
    else:
        omitidas.append(
            Omitida("servicios y usuarios del año", SERVICIOS, [periodo], motivo=Motivo.anual(periodo))
        )
    for clave, tabla in (("charlas", CHARLAS), ("monitoreo", MONITOREO)):
        if cifras[clave] is None:
            omitidas.append(Omitida(clave, tabla, [periodo]))
    if not any(cifras[k] for k in ("anual", "charlas", "monitoreo")):
        # the registry lists the whole chapter from `faltan`
        return Resultado(False, cifras, faltan=[(SERVICIOS, [periodo]), (CHARLAS, [periodo])])
    return Resultado(True, cifras, omitidas)
