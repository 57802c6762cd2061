"""Chapter III: Salud Penitenciaria.

The chapter declared once, for the registry (capitulos/__init__.py) to find.
"""

from ..protocolo import Capitulo
from . import cifras, extracto, graficos, reglas

CAPITULO = Capitulo(
    numero=3,
    tablas=cifras.TABLAS,
    calcular=cifras.calcular,
    graficos=graficos.graficos,
    extracto=extracto.extraer,
    revisar=reglas.revisar,
    tablas_revisadas=reglas.TABLAS,
)
