"""Rules shared by every chapter: quality-report notes on how the data was made (what print no longer says).

The printed report speaks to readers only. What the statistician must know about the
transcription of the published 2024 edition — a category assigned with low confidence, a
value rebuilt by subtraction, years that edition did not let recover, an element of it this
report does not reproduce — is listed in the quality report as a note (severity `nota`:
it never stops a build, strict or not). Notes come from the tables' own columns
(`confianza`, `certeza_*`, `reconstruido`, `origen`), or, for an element no table holds,
from the chapter that would print it (`nota_de_edicion`).
"""

from __future__ import annotations

import pandas as pd

from ..validate import Hallazgo, hallazgo_de

NOTA = "nota"
# The year transcribed from the published edition (data/fuente): notes about its transcription apply to it.
ANIO_TRANSCRITO = 2024
_DUDOSAS = {"BAJA", "MEDIA", "PROBABLE", "CONJETURA"}
_ORIGEN = {
    "NO_RECUPERABLE": "sin dato: la edición publicada no permite recuperarlos, y el informe no grafica esos años",
    "DERIVADO_TEXTO": "deducidos del texto de la edición publicada, no de un cuadro",
}


def _claves(marco: pd.DataFrame, filas: pd.DataFrame, esquema) -> str:
    """The rows named by their key columns (periodo=2024-12, programa=AREE …), at most five."""
    claves = [c for c in getattr(esquema, "clave", []) if c in marco.columns] or list(marco.columns[:1])
    nombres = [", ".join(f"{c}={f[c]}" for c in claves) for _, f in filas.head(5).iterrows()]
    return "; ".join(nombres) + (f" y {len(filas) - 5} más" if len(filas) > 5 else "")


def _de_confianza(marco: pd.DataFrame, esquema) -> list[Hallazgo]:
    hallazgos = []
    for columna in [c for c in marco.columns if c == "confianza" or c.startswith("certeza")]:
        dudosas = marco[marco[columna].isin(_DUDOSAS)]
        if not dudosas.empty:
            valores = "/".join(sorted(set(dudosas[columna])))
            hallazgos.append(
                hallazgo_de(
                    esquema,
                    NOTA,
                    f"columna {columna}: {_claves(marco, dudosas, esquema)}",
                    f"{len(dudosas)} fila(s) con {columna} {valores}: la cifra es la publicada, pero su "
                    "asignación (mes, categoría, barra u oficina) se reconstruyó al transcribir la edición "
                    "publicada; confírmela con la fuente",
                )
            )
    return hallazgos


def _de_reconstruccion(marco: pd.DataFrame, esquema) -> list[Hallazgo]:
    hallazgos = []
    if "reconstruido" in marco.columns:
        filas = marco[marco["reconstruido"].astype(bool)]
        if not filas.empty:
            hallazgos.append(
                hallazgo_de(
                    esquema,
                    NOTA,
                    f"columna reconstruido: {_claves(marco, filas, esquema)}",
                    f"{len(filas)} fila(s) calculadas como el total menos las demás partes: la edición "
                    "publicada no permitía leerlas",
                )
            )
    if "origen" in marco.columns:
        for origen, explicacion in _ORIGEN.items():
            filas = marco[marco["origen"] == origen]
            if not filas.empty:
                hallazgos.append(
                    hallazgo_de(
                        esquema, NOTA, f"columna origen: {_claves(marco, filas, esquema)}", explicacion
                    )
                )
    return hallazgos


def notas(tablas: dict[str, pd.DataFrame], esquemas: dict) -> list[Hallazgo]:
    """Notes on every loaded table whose rows say they were reconstructed or are uncertain."""
    hallazgos = []
    for nombre in sorted(tablas):
        esquema = esquemas.get(nombre)
        if esquema is not None:
            hallazgos += _de_confianza(tablas[nombre], esquema)
            hallazgos += _de_reconstruccion(tablas[nombre], esquema)
    return hallazgos


def transcrita(marco: pd.DataFrame) -> bool:
    """Whether a table holds rows of the transcribed year (notes about that transcription apply)."""
    if "periodo" in marco.columns:
        return (marco["periodo"].map(lambda p: p.anio, na_action="ignore") == ANIO_TRANSCRITO).any()
    if "anio" in marco.columns:
        return (marco["anio"].astype(int) == ANIO_TRANSCRITO).any()
    return False


def nota_de_edicion(esquema, elemento: str, texto: str) -> Hallazgo:
    """A note on one element of the published edition: not reproduced, or reproduced with a doubt."""
    return hallazgo_de(esquema, NOTA, f"edición {ANIO_TRANSCRITO}: {elemento}", texto)
