"""Chapter VI cross-table rules: programme totals, December results, reinsertion and campaign totals.

Every rule compares figures that the 2024 edition printed in different places;
a mismatch is a warning for the QA report, never a stop.
"""

from __future__ import annotations

import pandas as pd

from ...validate import ADVERTENCIA, hallazgo_de

TABLAS = [
    "medio_libre_atendidos",
    "medio_libre_atendidos_publicado",
    "medio_libre_logro",
    "reinsercion_laboral_eml",
    "reinsercion_laboral_modalidad",
    "megacampanas",
    "campanas_locales",
    "medio_libre_cifras_publicadas",
    "megacampanas_actividades",
]


def _aviso(esquemas, tabla, ubicacion, mensaje, consistencia=False):
    return hallazgo_de(esquemas[tabla], ADVERTENCIA, ubicacion, mensaje, consistencia=consistencia)


def totales_programas(atendidos: pd.DataFrame, publicado: pd.DataFrame, esquemas) -> list:
    """Programme total per month = sum of its establishments in the total; rows outside it and RESTO flagged."""
    hallazgos = []
    incluido = atendidos["incluido_en_total"].astype(bool)
    dentro = atendidos[incluido]
    sumas = dentro.groupby(["programa", "periodo"])["atendidos"].sum()
    for _, f in publicado.iterrows():
        suma = sumas.get((f["programa"], f["periodo"]))
        if suma is not None and suma != f["atendidos"]:
            hallazgos.append(
                _aviso(
                    esquemas,
                    "medio_libre_atendidos_publicado",
                    f"programa={f['programa']}, periodo={f['periodo']}",
                    f"el total publicado {int(f['atendidos']):,} no es la suma de los E.M.L. ({int(suma):,})",
                )
            )
    for (programa, eml), g in atendidos[~incluido].groupby(["programa", "codigo_eml"]):
        hallazgos.append(
            _aviso(
                esquemas,
                "medio_libre_atendidos",
                f"programa={programa}, codigo_eml={eml}",
                f"fila impresa fuera del total en {len(g)} meses (suma {int(g['atendidos'].sum())}): "
                "el total publicado no la incluye",
            )
        )
    for programa, g in atendidos[atendidos["codigo_eml"] == "RESTO"].groupby("programa"):
        hallazgos.append(
            _aviso(
                esquemas,
                "medio_libre_atendidos",
                f"programa={programa}, codigo_eml=RESTO",
                f"{len(g)} meses con celdas por E.M.L. no recuperables; se guarda el resto para conservar el total",
            )
        )
    return hallazgos


def resultados_mes(logro: pd.DataFrame, atendidos: pd.DataFrame, esquemas) -> list:
    """Achievers never exceed the attended, and the etapas add up to the month's attended."""
    hallazgos = []
    for _, f in logro[logro["con_logro"] > logro["atendidos"]].iterrows():
        hallazgos.append(
            _aviso(
                esquemas,
                "medio_libre_logro",
                f"programa={f['programa']}, etapa={f['etapa']}",
                f"con_logro {f['con_logro']} mayor que atendidos {f['atendidos']}",
                consistencia=True,
            )
        )
    mes = (
        atendidos[atendidos["incluido_en_total"].astype(bool)]
        .groupby(["programa", "periodo"])["atendidos"]
        .sum()
    )
    for (programa, periodo), g in logro.groupby(["programa", "periodo"]):
        total = mes.get((programa, periodo))
        if total is not None and int(g["atendidos"].sum()) != total:
            hallazgos.append(
                _aviso(
                    esquemas,
                    "medio_libre_logro",
                    f"programa={programa}, periodo={periodo}",
                    f"las etapas suman {int(g['atendidos'].sum())} atendidos frente a {total} del mes; "
                    "el informe retiene el logro por etapa",
                    consistencia=True,
                )
            )
    return hallazgos


def reinsercion(metas: pd.DataFrame, modalidad: pd.DataFrame, esquemas) -> list:
    """Inserted above target (allowed, but worth a look) and the modalidad split against the total."""
    hallazgos = []
    por_eml = metas.groupby(["anio", "codigo_eml"])[["meta_programada", "insertados"]].sum()
    for (anio, eml), f in por_eml[por_eml["insertados"] > por_eml["meta_programada"]].iterrows():
        hallazgos.append(
            _aviso(
                esquemas,
                "reinsercion_laboral_eml",
                f"anio={anio}, codigo_eml={eml}",
                f"insertados {f['insertados']} superan la meta programada {f['meta_programada']}",
            )
        )
    totales = metas.groupby("anio")["insertados"].sum()
    for anio, g in modalidad.groupby("anio"):
        if anio in totales and int(g["insertados"].sum()) != totales[anio]:
            hallazgos.append(
                _aviso(
                    esquemas,
                    "reinsercion_laboral_modalidad",
                    f"anio={anio}",
                    f"independientes + dependientes = {int(g['insertados'].sum())} frente a {totales[anio]} insertados",
                    consistencia=True,
                )
            )
    return hallazgos


def _publicado(cifras: pd.DataFrame, indicador: str):
    fila = cifras[(cifras["indicador"] == indicador) & (cifras["ambito"] == "NACIONAL")]
    return None if fila.empty else (int(fila["valor"].iloc[0]), fila["lineas"].iloc[0])


def _del_anio_publicado(marco: pd.DataFrame, cifras: pd.DataFrame) -> pd.DataFrame:
    """Rows of the published edition's year(s): later years' campaigns are not in it."""
    if "anio" not in marco.columns or "corte" not in cifras.columns:
        return marco
    return marco[marco["anio"].astype(str).isin(set(cifras["corte"].astype(str).str[:4]))]


def campanas(mega: pd.DataFrame, locales: pd.DataFrame, cifras: pd.DataFrame, esquemas) -> list:
    """Printed campaign and participant totals against the sum of their cells."""
    mega, locales = _del_anio_publicado(mega, cifras), _del_anio_publicado(locales, cifras)
    comparar = [
        ("campanas_locales", int(locales["campanas"].sum()), "campanas_locales"),
        ("participantes_campanas_locales", int(locales["participantes"].sum()), "campanas_locales"),
        ("participantes_megacampanas", int(mega["participantes"].sum()), "megacampanas"),
    ]
    for numero, g in mega.groupby("campana"):
        comparar += [
            (f"participantes_campana_{numero}", int(g["participantes"].sum()), "megacampanas"),
            (f"actividades_campana_{numero}", int(g["actividades"].sum()), "megacampanas"),
        ]
    hallazgos = []
    for indicador, suma, tabla in comparar:
        impreso = _publicado(cifras, indicador)
        if impreso and impreso[0] != suma:
            hallazgos.append(
                _aviso(
                    esquemas,
                    tabla,
                    f"{indicador} (líneas {impreso[1]})",
                    f"el informe publicado imprime {impreso[0]} pero las celdas suman {suma}; se publica la suma",
                )
            )
    return hallazgos


def actividades(mega: pd.DataFrame, detalle: pd.DataFrame, esquemas) -> list:
    """Activities counted in the campaign table against the activities the text lists (when all have a count)."""
    hallazgos = []
    campana = ["anio", "campana"] if "anio" in mega.columns and "anio" in detalle.columns else ["campana"]
    por_tabla = mega.groupby(campana)["actividades"].sum()
    for numero, g in detalle.groupby(campana if len(campana) > 1 else "campana"):
        if g["cantidad"].isna().any() or numero not in por_tabla:
            continue
        if int(g["cantidad"].sum()) != por_tabla[numero]:
            donde = ", ".join(f"{c}={v}" for c, v in zip(campana, numero if len(campana) > 1 else [numero]))
            hallazgos.append(
                _aviso(
                    esquemas,
                    "megacampanas_actividades",
                    donde,
                    f"el texto detalla {int(g['cantidad'].sum())} actividades y el cuadro suma {por_tabla[numero]}",
                    consistencia=True,
                )
            )
    return hallazgos


def revisar(tablas: dict, esquemas: dict) -> list:
    """Every Chapter VI cross-table rule."""
    return (
        totales_programas(
            tablas["medio_libre_atendidos"], tablas["medio_libre_atendidos_publicado"], esquemas
        )
        + resultados_mes(tablas["medio_libre_logro"], tablas["medio_libre_atendidos"], esquemas)
        + reinsercion(tablas["reinsercion_laboral_eml"], tablas["reinsercion_laboral_modalidad"], esquemas)
        + campanas(
            tablas["megacampanas"],
            tablas["campanas_locales"],
            tablas["medio_libre_cifras_publicadas"],
            esquemas,
        )
        + actividades(tablas["megacampanas"], tablas["megacampanas_actividades"], esquemas)
    )
