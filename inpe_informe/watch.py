"""Live mode for editors (`--vigilar`): one warm process rebuilds a draft PDF whenever templates/ or data/ change.

Why: a new process spends seconds importing libraries and recomputing every figure before
the first page is laid out. Kept alive, a template edit costs only the HTML, the layout of
the parts whose HTML changed (layout.py's cache) and the join.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from . import atomic, pipeline, render, run
from .errors import InformeError

log = logging.getLogger(__name__)


def firma(carpeta: Path) -> tuple:
    """What changes when an editor saves a file: every file's path, modification time and size."""
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for p in Path(carpeta).rglob("*")
            if p.is_file() and not p.name.endswith(".tmp") and "__pycache__" not in p.parts
        )
    )


def mostrar_error(cfg, mensaje: str) -> Path:
    """Put the error at the top of the HTML draft the editor keeps open (over the last draft that worked)."""
    ruta = cfg.salida / f"{pipeline.nombre_borrador(cfg)}.html"
    with run.turno(cfg.salida):
        anterior = ruta.read_text(encoding="utf-8") if ruta.exists() else None
        documento = render.con_aviso(anterior, mensaje, pipeline.RECARGA_BORRADOR_HTML)
        return atomic.escribir_atomico(ruta, documento.encode("utf-8"), durable=False)


def _explicado(exc: Exception, registro: run.Registro) -> str:
    """The Spanish message of an error (a template's is already explained); anything else goes to the run log."""
    if isinstance(exc, InformeError):
        return str(exc)
    registro.error(f"error inesperado: {type(exc).__name__}: {exc}")
    return f"Error inesperado al rehacer el borrador (el detalle técnico está en {registro.ruta})."


def vigilar(cfg, intervalo: float = 0.5, ciclos: int | None = None, dormir=time.sleep) -> list[Path]:
    """Rebuild the draft at start and after every change; an error is shown (terminal and draft) and the watch goes on.

    `ciclos` and `dormir` let a test run a bounded number of checks. Returns the drafts written.
    """
    vistas, datos, escritos = None, None, []
    with run.Registro(cfg.salida / "registros", f"{pipeline.nombre_salida(cfg)}-vigilancia") as registro:
        while ciclos is None or ciclos > 0:
            actual = (firma(cfg.datos), firma(cfg.plantillas))
            if actual != vistas:
                if vistas is None or actual[0] != vistas[0]:
                    datos = None  # data/ changed: load and compute again
                vistas, inicio = actual, time.perf_counter()
                try:
                    ruta, datos = pipeline.construir_borrador(cfg, registro, datos)
                    escritos.append(ruta)
                    log.info(f"Borrador listo en {time.perf_counter() - inicio:.1f} s: {ruta}")
                except Exception as exc:  # noqa: BLE001 - no mistake of an editor ends the watch
                    mensaje = _explicado(exc, registro)
                    log.error(mensaje)
                    try:
                        mostrar_error(cfg, mensaje)
                    except Exception as otro:  # noqa: BLE001 - the banner is a courtesy; the watch goes on
                        log.error(f"No se pudo poner el aviso en el borrador: {otro}")
                log.info("Esperando cambios en templates/ y data/ (Ctrl+C para terminar) …")
            ciclos = None if ciclos is None else ciclos - 1
            dormir(intervalo)
    return escritos
