"""Chapter I: población penal por régimen y etapa.

The chapter declared once, for the registry (capitulos/__init__.py) to find.
"""

from ..protocolo import Capitulo
from . import cifras, extracto, graficos

CAPITULO = Capitulo(
    numero=1,
    tablas=cifras.TABLAS,
    calcular=cifras.calcular,
    graficos=graficos.graficos,
    extracto=extracto.extraer,
)
