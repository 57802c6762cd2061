"""Validate stage, Chapter II: rules across the Asistencia Penitenciaria tables.

Row rules (atendidos ≤ atenciones) and printed monthly totals against their detail
(women + men, PIM crime groups, PTI procesados + sentenciados) are in the schemas.
Here: the printed annual totals against twelve months, the staff counts against each
other, and the December population breakdowns against the monthly national figure.
"""

from __future__ import annotations

from ...validate import ADVERTENCIA, hallazgo_de
from ..reglas import nota_de_edicion, transcrita

TABLAS = [
    "asistencia_mensual",
    "asistencia_anual_total_impreso",
    "personal_asistencia_regimen",
    "personal_asistencia_funcion",
    "profesionales_oficina",
    "poblacion_intramuros_mensual",
    "poblacion_intramuros_sexo",
    "poblacion_intramuros_oficina",
    "pti_mensual",
]
MEDIDAS = ["atendidos", "atenciones"]


def totales_anuales(mensual, anual, esquema) -> list:
    """A printed annual total must be the sum of the twelve months of its service (INC-01)."""
    hallazgos = []
    anio = mensual["periodo"].map(lambda p: p.anio, na_action="ignore")
    for _, fila in anual.iterrows():
        propios = mensual[(anio == int(fila["anio"])) & (mensual["servicio"] == fila["servicio"])]
        meses = propios["periodo"].nunique()
        for m in MEDIDAS:
            suma = int(propios[m].sum())
            if meses == 12 and int(fila[m]) != suma:
                hallazgos.append(
                    hallazgo_de(
                        esquema,
                        ADVERTENCIA,
                        f"anio={fila['anio']}, servicio={fila['servicio']}",
                        f"{m} = {int(fila[m]):,} no es la suma de los 12 meses de «asistencia_mensual» "
                        f"({suma:,}; diferencia {int(fila[m]) - suma:+,d})",
                    )
                )
    return hallazgos


def personal(regimen, funcion, oficinas, esquemas) -> list:
    """Staff by office + apoyo administrativo = staff by labour regime, per service and month."""
    hallazgos = []
    por_regimen = regimen.groupby(["periodo", "servicio"])["personal"].sum()
    por_funcion = funcion.set_index(["periodo", "servicio", "funcion"])["personal"]
    por_oficina = oficinas.groupby(["periodo", "servicio"])["profesionales"].sum()
    for (periodo, servicio), total in por_regimen.items():
        donde = f"periodo={periodo}, servicio={servicio}"
        cumple = int(por_funcion.get((periodo, servicio, "CUMPLE_FUNCION"), 0))
        apoyo = int(por_funcion.get((periodo, servicio, "APOYO_ADMINISTRATIVO"), 0))
        en_oficinas = int(por_oficina.get((periodo, servicio), 0))
        if cumple + apoyo != int(total):
            hallazgos.append(
                hallazgo_de(
                    esquemas["personal_asistencia_funcion"],
                    ADVERTENCIA,
                    donde,
                    f"cumple función + apoyo administrativo = {cumple + apoyo}, pero el "
                    f"personal por régimen laboral suma {int(total)}",
                    consistencia=True,
                )
            )
        if en_oficinas + apoyo != int(total):
            hallazgos.append(
                hallazgo_de(
                    esquemas["profesionales_oficina"],
                    ADVERTENCIA,
                    donde,
                    f"profesionales por oficina ({en_oficinas}) + apoyo administrativo ({apoyo}) "
                    f"= {en_oficinas + apoyo}, pero el personal por régimen laboral suma {int(total)}",
                    consistencia=True,
                )
            )
    return hallazgos


def poblacion(mensual, desglose, nombre, esquema) -> list:
    """A December population breakdown (by sex, by office) must add up to the national month."""
    nacional = dict(zip(mensual["periodo"], mensual["poblacion"].astype(int)))
    hallazgos = []
    for periodo, suma in desglose.groupby("periodo")["poblacion"].sum().items():
        if periodo in nacional and int(suma) != nacional[periodo]:
            hallazgos.append(
                hallazgo_de(
                    esquema,
                    ADVERTENCIA,
                    f"periodo={periodo}",
                    f"la población de «{nombre}» suma {int(suma)}, pero la nacional del mes "
                    f"es {nacional[periodo]} (diferencia {int(suma) - nacional[periodo]:+d})",
                    consistencia=True,
                )
            )
    return hallazgos


def revisar(tablas: dict, esquemas: dict) -> list:
    """Every Chapter II cross-table rule (warnings for the QA report)."""
    hallazgos = totales_anuales(
        tablas["asistencia_mensual"],
        tablas["asistencia_anual_total_impreso"],
        esquemas["asistencia_anual_total_impreso"],
    )
    hallazgos += personal(
        tablas["personal_asistencia_regimen"],
        tablas["personal_asistencia_funcion"],
        tablas["profesionales_oficina"],
        esquemas,
    )
    for nombre in ("poblacion_intramuros_sexo", "poblacion_intramuros_oficina"):
        hallazgos += poblacion(
            tablas["poblacion_intramuros_mensual"], tablas[nombre], nombre, esquemas[nombre]
        )
    if transcrita(tablas["pti_mensual"]):
        hallazgos.append(
            nota_de_edicion(
                esquemas["pti_mensual"],
                "cuadros del P.T.I. (II-42, II-43)",
                "la asignación de las filas de los cuadros publicados a cada servicio es probable pero no "
                "está confirmada (ver data/cap2/TRANSCRIPCION.md); el informe ya no lo dice al lector",
            )
        )
    return hallazgos
