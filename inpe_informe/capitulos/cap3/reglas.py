"""Chapter III cross-table rules: printed office totals against establishments, quarters that are
rescaled copies or prorations, and beneficiaries counted two ways."""

from __future__ import annotations

from fractions import Fraction

from ...validate import ADVERTENCIA, hallazgo_de
from ..reglas import NOTA, nota_de_edicion, transcrita
from .reescalado import celdas_consulta, es_reescalado

TABLAS = [
    "salud_consulta_externa",
    "salud_tb_ep",
    "salud_tb_oficina_trimestre",
    "salud_tb_oficina_total_impreso",
    "salud_vih_ep",
    "salud_vih_oficina_total_impreso",
    "salud_tele_total_impreso",
    "salud_tele_espec_total_impreso",
    "salud_sis_afiliacion_anual",
    "salud_poblacion_capacidad_anual",
    "salud_capacidad_ep",
    "salud_telesalud_rnt",
    "salud_mental_oficina",
]


def consulta_reescalada(marco, esquema) -> list:
    """Quarters of consulta externa whose cells are the first quarter's times one ratio."""
    hallazgos = []
    for anio, del_anio in marco.groupby("anio"):
        trimestres = {int(t): celdas_consulta(f) for t, f in del_anio.groupby("trimestre")}
        if 1 not in trimestres:
            continue
        for t, celdas in sorted(trimestres.items()):
            razon = es_reescalado(trimestres[1], celdas) if t > 1 else None
            if razon is not None:
                hallazgos.append(
                    hallazgo_de(
                        esquema,
                        ADVERTENCIA,
                        f"anio={anio}, trimestre={t}",
                        f"sospechoso: cada celda es la del trimestre 1 × {float(razon):.4f} "
                        "(±0.5%); parece un reescalamiento, no datos propios del trimestre",
                    )
                )
    return hallazgos


def tb_prorrateada(marco, esquema) -> list:
    """TB quarters by office that equal the office's annual total × the quarter's national share."""
    hallazgos = []
    for anio, del_anio in marco.groupby("anio"):
        total = int(del_anio["casos"].sum())
        por_trimestre = del_anio.groupby("trimestre")["casos"].sum()
        por_oficina = del_anio.groupby("codigo_oficina")["casos"].sum()
        if not total or len(por_trimestre) < 2:
            continue
        esperados = [
            (
                int(f["casos"]),
                Fraction(int(por_oficina[f["codigo_oficina"]]) * int(por_trimestre[f["trimestre"]]), total),
            )
            for _, f in del_anio.iterrows()
        ]
        if all(abs(c - e) <= max(2, e / 200) for c, e in esperados):
            hallazgos.append(
                hallazgo_de(
                    esquema,
                    ADVERTENCIA,
                    f"anio={anio}",
                    "sospechoso: cada celda oficina × trimestre es el total anual de la oficina "
                    "× la cuota nacional del trimestre (error ≤ 2 o 0.5%): la distribución parece prorrateada",
                )
            )
    return hallazgos


def totales_oficina(detalle, impreso, medidas: dict, esquema, origen: str) -> list:
    """Printed office totals against the sum of `detalle` by codigo_oficina (medidas: printed → detail column)."""
    hallazgos = []
    sumas = detalle.groupby(["anio", "codigo_oficina"])[list(medidas.values())].sum()
    for _, f in impreso.iterrows():
        clave = (f["anio"], f["codigo_oficina"])
        for impresa, columna in medidas.items():
            calculado = int(sumas.at[clave, columna]) if clave in sumas.index else 0
            if int(f[impresa]) != calculado:
                hallazgos.append(
                    hallazgo_de(
                        esquema,
                        ADVERTENCIA,
                        f"anio={f['anio']}, codigo_oficina={f['codigo_oficina']}",
                        f"{impresa} = {int(f[impresa]):,} no es la suma de «{origen}» ({int(calculado):,})",
                    )
                )
    return hallazgos


def beneficiados_distintos(tele, espec, esquema) -> list:
    """The specialty chart must count beneficiaries as the service total does (or say why not)."""
    hallazgos = []
    por_anio = dict(zip(tele["anio"], tele["total_beneficiados"]))
    for _, f in espec.iterrows():
        servicio = por_anio.get(f["anio"])
        if servicio is not None and int(f["total_beneficiados"]) != int(servicio):
            hallazgos.append(
                hallazgo_de(
                    esquema,
                    ADVERTENCIA,
                    f"anio={f['anio']}",
                    f"total de beneficiados por especialidad {int(f['total_beneficiados']):,} ≠ "
                    f"{int(servicio):,} beneficiados del servicio (salud_tele_total_impreso): "
                    "los beneficiados no se cuentan igual en los dos cuadros (¿una persona por especialidad?)",
                )
            )
    return hallazgos


def poblacion_distinta(sis, poblacion, esquema) -> list:
    """The population under SIS coverage must be the same year-end population as the capacity chart's."""
    otra = dict(zip(poblacion["anio"], poblacion["poblacion_penitenciaria"]))
    return [
        hallazgo_de(
            esquema,
            ADVERTENCIA,
            f"anio={f['anio']}",
            f"población {int(f['poblacion_penitenciaria']):,} ≠ {int(otra[f['anio']]):,} de "
            "salud_poblacion_capacidad_anual para el mismo año",
            consistencia=True,
        )
        for _, f in sis.iterrows()
        if f["anio"] in otra and int(f["poblacion_penitenciaria"]) != int(otra[f["anio"]])
    ]


# Elements of the published edition that no table of data/ holds (table that would hold them, element, why).
NO_REPRODUCIDOS = [
    (
        "salud_telesalud_rnt",
        "establecimientos integrados a la Red Nacional de Telesalud",
        "la edición publicada no los lista por establecimiento: el informe da sólo los totales",
    ),
    (
        "salud_sis_afiliacion_anual",
        "población indocumentada e infografía de limitaciones de la sección del SIS",
        "no hay tabla con esos datos: el informe no los reproduce",
    ),
    (
        "salud_mental_oficina",
        "salud mental por diagnóstico e inimputables judicializados y sentenciados",
        "la tabla no desagrega los casos por diagnóstico ni a los inimputables por situación jurídica",
    ),
]


def notas_de_edicion(tablas: dict, esquemas: dict) -> list:
    """What the chapter does not print for want of data (notes; the printed report carries a reader's Nota)."""
    notas = []
    poblacion = tablas["salud_poblacion_capacidad_anual"]
    capacidad = tablas["salud_capacidad_ep"]
    if not poblacion.empty:
        anio = int(poblacion["anio"].max())
        if capacidad[capacidad["anio"].astype(int) == anio].empty:
            notas.append(
                hallazgo_de(
                    esquemas["salud_capacidad_ep"],
                    NOTA,
                    f"anio={anio}",
                    "sin capacidad de albergue por establecimiento: la sobrepoblación por oficina regional y "
                    "por establecimiento no se calcula (el informe imprime «sin desagregación»); se calculará "
                    "con la misma regla cuando se cargue esta tabla",
                )
            )
    notas += [
        nota_de_edicion(esquemas[tabla], elemento, texto)
        for tabla, elemento, texto in NO_REPRODUCIDOS
        if transcrita(tablas[tabla])
    ]
    return notas


def revisar(tablas: dict, esquemas: dict) -> list:
    """Every Chapter III cross-table finding (warnings and notes for the QA report)."""
    tb_total = esquemas["salud_tb_oficina_total_impreso"]
    return [
        *consulta_reescalada(tablas["salud_consulta_externa"], esquemas["salud_consulta_externa"]),
        *tb_prorrateada(tablas["salud_tb_oficina_trimestre"], esquemas["salud_tb_oficina_trimestre"]),
        *totales_oficina(
            tablas["salud_tb_ep"],
            tablas["salud_tb_oficina_total_impreso"],
            {"casos": "total_casos"},
            tb_total,
            "salud_tb_ep",
        ),
        *totales_oficina(
            tablas["salud_tb_oficina_trimestre"],
            tablas["salud_tb_oficina_total_impreso"],
            {"casos": "casos"},
            tb_total,
            "salud_tb_oficina_trimestre",
        ),
        *totales_oficina(
            tablas["salud_vih_ep"],
            tablas["salud_vih_oficina_total_impreso"],
            {"pvvs": "pvvs", "targa": "targa"},
            esquemas["salud_vih_oficina_total_impreso"],
            "salud_vih_ep",
        ),
        *beneficiados_distintos(
            tablas["salud_tele_total_impreso"],
            tablas["salud_tele_espec_total_impreso"],
            esquemas["salud_tele_espec_total_impreso"],
        ),
        *poblacion_distinta(
            tablas["salud_sis_afiliacion_anual"],
            tablas["salud_poblacion_capacidad_anual"],
            esquemas["salud_sis_afiliacion_anual"],
        ),
        *notas_de_edicion(tablas, esquemas),
    ]
