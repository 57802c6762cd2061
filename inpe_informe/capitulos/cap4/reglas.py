"""Chapter IV cross-table rules: chapter totals against their parts, and work + education against population.

Every table of the chapter restates the month's totals (work registrations,
education enrolment, population); a difference between two of them is a
transcription or source problem the statistician must see. Warnings only.
"""

from __future__ import annotations

import pandas as pd

from ...validate import ADVERTENCIA, hallazgo_de
from ..reglas import NOTA, nota_de_edicion, transcrita
from .coherencia import aportantes_copian_ingresos

MENSUAL = "trabajo_educacion_mensual"
TABLAS = [
    MENSUAL,
    "educacion_matriculados_programa",
    "trabajo_inscritos_actividad",
    "trabajo_educacion_sexo",
    "trabajo_educacion_oficina",
    "trabajo_educacion_ep",
    "trabajo_educacion_ingresos",
    "trabajo_delito_ingresos",
    "educacion_delito_ingresos",
    "trabajo_condicion_edad",
    "poblacion_regimen_ep",
]
# (table, column in that table, column of the monthly table it must equal once summed per month)
PARTES = [
    ("educacion_matriculados_programa", "matriculados", "matriculados_educacion"),
    ("trabajo_inscritos_actividad", "inscritos", "inscritos_trabajo"),
    ("trabajo_educacion_sexo", "poblacion", "poblacion"),
    ("trabajo_educacion_sexo", "inscritos_trabajo", "inscritos_trabajo"),
    ("trabajo_educacion_sexo", "matriculados_educacion", "matriculados_educacion"),
    ("trabajo_educacion_oficina", "poblacion", "poblacion"),
    ("trabajo_educacion_ep", "inscritos_trabajo", "inscritos_trabajo"),
    ("trabajo_educacion_ep", "matriculados_educacion", "matriculados_educacion"),
    ("trabajo_educacion_ingresos", "inscritos_trabajo", "inscritos_trabajo"),
    ("trabajo_educacion_ingresos", "matriculados_educacion", "matriculados_educacion"),
    ("trabajo_delito_ingresos", "total", "inscritos_trabajo"),
    ("educacion_delito_ingresos", "total", "matriculados_educacion"),
    ("trabajo_condicion_edad", "poblacion", "poblacion"),
    ("trabajo_condicion_edad", "pea", "inscritos_trabajo"),
    ("trabajo_condicion_edad", "estudiantes", "matriculados_educacion"),
]
# Crime tables: each printed entry column must equal the national distribution by number of entries.
COLUMNAS_DELITO = {
    "trabajo_delito_ingresos": "inscritos_trabajo",
    "educacion_delito_ingresos": "matriculados_educacion",
}


def totales_contra_partes(tablas: dict, esquemas: dict) -> list:
    """Each detail table, summed per month, must give the month's national total."""
    mensual = tablas[MENSUAL].set_index("periodo")
    hallazgos = []
    for tabla, columna, total in PARTES:
        sumas = tablas[tabla].groupby("periodo")[columna].sum()
        for periodo, suma in sumas.items():
            if periodo in mensual.index and int(suma) != int(mensual.at[periodo, total]):
                esperado = int(mensual.at[periodo, total])
                hallazgos.append(
                    hallazgo_de(
                        esquemas[tabla],
                        ADVERTENCIA,
                        f"periodo={periodo}, columna {columna}",
                        f"la suma es {int(suma):,} y el total del mes ({MENSUAL}.{total}) es "
                        f"{esperado:,} (diferencia {int(suma) - esperado:+,d})",
                        consistencia=True,
                    )
                )
    return hallazgos


def delitos_contra_ingresos(tablas: dict, esquemas: dict) -> list:
    """Columns «1 ingreso», «2 ingresos»… of the crime tables must add up to the distribution by entries."""
    ingresos = tablas["trabajo_educacion_ingresos"]
    hallazgos = []
    for tabla, columna in COLUMNAS_DELITO.items():
        marco = tablas[tabla]
        for col in [c for c in marco.columns if c.startswith("ingresos_")]:
            numero = col.removeprefix("ingresos_")
            for periodo, suma in marco.groupby("periodo")[col].sum().items():
                fila = ingresos[(ingresos["periodo"] == periodo) & (ingresos["numero_ingresos"] == numero)]
                if not fila.empty and int(fila[columna].iloc[0]) != int(suma):
                    hallazgos.append(
                        hallazgo_de(
                            esquemas[tabla],
                            ADVERTENCIA,
                            f"periodo={periodo}, columna {col}",
                            f"suma {int(suma):,} frente a {int(fila[columna].iloc[0]):,} de "
                            f"trabajo_educacion_ingresos ({numero} ingreso(s))",
                            consistencia=True,
                        )
                    )
    return hallazgos


def trabajo_mas_educacion_contra_poblacion(tablas: dict, esquemas: dict) -> list:
    """An E.P. where work + education exceeds its population proves the two sets overlap (INC-35).

    A note, not a warning: it says how the figures read (the report already treats the two
    registers as overlapping), so it does not stop a month under --estricto.
    """
    ep, poblacion = tablas["trabajo_educacion_ep"], tablas["poblacion_regimen_ep"]
    unido = ep.merge(
        poblacion[["periodo", "codigo_ep", "total_general"]], on=["periodo", "codigo_ep"], how="inner"
    )
    excede = unido[unido["inscritos_trabajo"] + unido["matriculados_educacion"] > unido["total_general"]]
    return [
        hallazgo_de(
            esquemas["trabajo_educacion_ep"],
            NOTA,
            f"periodo={f['periodo']}, codigo_ep={f['codigo_ep']}",
            f"trabajo + educación = {int(f['inscritos_trabajo'] + f['matriculados_educacion']):,} supera la "
            f"población del E.P. ({int(f['total_general']):,}): hay personas que trabajan y estudian, así que "
            "la suma no es un número de personas y «ni trabaja ni estudia» = población − suma es sólo un mínimo",
        )
        for _, f in excede.iterrows()
    ]


def coincidencias_sospechosas(tablas: dict, esquemas: dict) -> list:
    """Aportantes / no aportantes equal to 1 ingreso / 2+ ingresos: one field filled from the other (INC-39);
    the report leaves that split out of print (cifras.por_edad)."""
    edad, ingresos = tablas["trabajo_condicion_edad"], tablas["trabajo_educacion_ingresos"]
    hallazgos = []
    for periodo, del_mes in edad.groupby("periodo"):
        if aportantes_copian_ingresos(del_mes, ingresos[ingresos["periodo"] == periodo]):
            hallazgos.append(
                hallazgo_de(
                    esquemas["trabajo_condicion_edad"],
                    ADVERTENCIA,
                    f"periodo={periodo}, columna aportantes",
                    f"los aportantes ({int(del_mes['aportantes'].sum()):,}) son exactamente los inscritos en "
                    "trabajo con un solo ingreso: dos clasificaciones sin relación no suelen coincidir; el informe "
                    "no imprime el desglose aportantes / no aportantes; verifique la fuente",
                )
            )
    return hallazgos


# Elements of the published edition this chapter prints differently or not at all (table, element, why).
NO_REPRODUCIDOS = [
    (
        "trabajo_educacion_sexo",
        "gráficos de sectores «trabaja / estudia / ni trabaja ni estudia» (total y por sexo)",
        "no se reproducen: trataban como excluyentes dos registros que se solapan; el informe da las "
        "tasas de trabajo y de educación y los rangos de la sección 4.3",
    ),
    (
        "trabajo_delito_ingresos",
        "cuadro de inscritos en trabajo por delito específico y número de ingresos",
        "sólo se recuperaron las columnas de los primeros ingresos; la última columna es el total menos ellas",
    ),
    (
        "educacion_delito_ingresos",
        "cuadro de matriculados en educación por delito específico y número de ingresos",
        "sólo se recuperaron las columnas de los primeros ingresos; la última columna es el total menos ellas",
    ),
    (
        "trabajo_condicion_edad",
        "edad máxima de la población y reglas de distribución de la remuneración del trabajo",
        "no se incluyen: la edad máxima requiere microdatos y las reglas son normas, no estadísticas del periodo",
    ),
]


def revisar(tablas: dict[str, pd.DataFrame], esquemas: dict) -> list:
    """All Chapter IV cross-table findings, and the notes on what it does not reproduce."""
    return (
        totales_contra_partes(tablas, esquemas)
        + delitos_contra_ingresos(tablas, esquemas)
        + trabajo_mas_educacion_contra_poblacion(tablas, esquemas)
        + coincidencias_sospechosas(tablas, esquemas)
        + [
            nota_de_edicion(esquemas[tabla], elemento, texto)
            for tabla, elemento, texto in NO_REPRODUCIDOS
            if transcrita(tablas[tabla])
        ]
    )
