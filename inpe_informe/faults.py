"""Named points where the fault tests stop a real run: a kill or a pause, asked for by one environment variable.

    INPE_PRUEBA_FALLO=publicacion.apuntado=matar     the process SIGKILLs itself there
    INPE_PRUEBA_FALLO=graficos.dibujados=pausar      the process SIGSTOPs itself (the test sends SIGCONT)

Unset (always, outside the tests) a point does nothing. The tests drive real processes
through real signals, never mocks; this only makes the moment deterministic.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "INPE_PRUEBA_FALLO"
_SENALES = {"matar": signal.SIGKILL, "pausar": signal.SIGSTOP}


def punto(nombre: str) -> None:
    """Stop here if the fault test asked for this point."""
    pedido = os.environ.get(VARIABLE)
    if not pedido:
        return
    for parte in pedido.split(","):
        lugar, _, accion = parte.partition("=")
        if lugar == nombre and accion in _SENALES:
            os.kill(os.getpid(), _SENALES[accion])
