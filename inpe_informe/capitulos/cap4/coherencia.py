"""Chapter IV: a check shared by its figures and its rules (pure)."""

from __future__ import annotations

import pandas as pd


def aportantes_copian_ingresos(edad: pd.DataFrame, ingresos: pd.DataFrame) -> bool:
    """Aportantes equal to the work registrations with a single entry (INC-39): two unrelated
    classifications that coincide to the unit mean one field was filled from the other, so the
    aportantes / no aportantes split is not printed (the quality report says why)."""
    if edad.empty or ingresos.empty:
        return False
    primera = ingresos.loc[ingresos["numero_ingresos"] == "1", "inscritos_trabajo"]
    return not primera.empty and int(primera.iloc[0]) == int(edad["aportantes"].sum())
