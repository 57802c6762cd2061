"""Errors of the pipeline: each carries a Spanish message for the person who can fix it."""


class InformeError(Exception):
    """Base error: its message is shown to the user as is, without a traceback."""


class ConfigError(InformeError):
    """config.yaml or the command line is wrong."""


class DatosError(InformeError):
    """The input tables cannot be read or fail a blocking check."""

    def __init__(self, message, hallazgos=()):
        super().__init__(message)
        self.hallazgos = list(hallazgos)


class RenderError(InformeError):
    """A template, a chart or WeasyPrint failed."""


class ErrorDePlantilla(RenderError):
    """A template mistake, explained for the editor (explain.Explicacion: file, line, excerpt, suggestion)."""

    def __init__(self, explicacion):
        super().__init__(explicacion.texto())
        self.explicacion = explicacion

    def __reduce__(self):  # it travels from a forked process of the build (run.al_lado) whole
        return type(self), (self.explicacion,)


class EscrituraError(InformeError):
    """An output or data/ could not be written (full disk, no permission); nothing was left half-written."""


class OcupadoError(InformeError):
    """Another run held the folder's lock for longer than a run waits."""
