"""Main points: the month's headline figures, chosen by the editors' rules in templates/puntos_principales.yaml.

The file lists headline indicators in order of importance. Each names figures already
computed (ids of the flattened results, `quality.cifras`: the ids of …-cifras.json), the
Spanish sentence that states them (English through the catalog), the section it points
to, and the rule that makes it news: a change beyond a threshold, the highest or lowest
value of the last 13 months, or a threshold crossed (or exceeded). `seleccionar` is pure:
it reads the flat figures of one month and returns the points to print, in file order,
between `minimo` and `maximo`; no number comes from the file but the rules' thresholds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from . import yaml_seguro
from .capitulos.aritmetica import variacion
from .errors import RenderError
from .periods import Periodo

ARCHIVO = "puntos_principales.yaml"
VENTANA = 13  # months of a record («el más alto de los últimos 13 meses») and of the sparkline
MARCAS = {"valor", "cambio", "base", "mes", "anio"}  # what every sentence may use besides `datos`
UNIDADES = {"personas", "casos", "porcentaje"}
_CLAVES = {"minimo", "maximo", "indicadores"}
_CLAVES_INDICADOR = {
    "etiqueta": "el nombre corto del indicador, para el cuadro del resumen",
    "cifra": "el id de la cifra del mes (p. ej. cap1.actual.total_general)",
    "unidad": f"una de: {', '.join(sorted(UNIDADES))}",
    "variacion": "el id de una variación ya calculada (con .absoluta y .porcentaje)",
    "base": "el id del mes (o año) con que compara la variación (p. ej. cap1.base)",
    "serie": "el id de la serie mensual, con {mes} en lugar del mes (p. ej. cap1.serie.{mes}.total_general)",
    "oficina": "el id de la cifra en el extracto de una oficina (p. ej. cap1.oficina.total_general)",
    "datos": "otras cifras que la frase nombra («nombre: id»)",
    "seccion": "la sección a la que remite (capN.clave, de secciones.yaml)",
    "frase": "la frase en español, con {valor}, {cambio}, {base}, {mes}, {anio} o un nombre de «datos»",
    "frase_sin_cambio": "la frase cuando el mes no tiene con qué compararse",
    "regla": "lo que lo hace noticia: siempre, cambio, extremo, umbrales",
}
_OBLIGATORIAS = ("etiqueta", "cifra", "unidad", "seccion", "frase", "regla")
_CLAVES_REGLA = {"siempre", "cambio", "extremo", "umbrales"}
_CLAVES_UMBRAL = {"valor", "frase", "mientras_supere"}
_MARCA = re.compile(r"\{([a-z_]+)\}")
_ID = re.compile(r"^cap\d+(\.[A-Za-z0-9_{}]+)+$")


@dataclass(frozen=True)
class Umbral:
    valor: object  # a number, or the id of a computed figure (cap3.sobrepoblacion.umbral_critico)
    frase: str
    mientras_supere: bool = False  # news every month it is exceeded, not only when crossed


@dataclass(frozen=True)
class Regla:
    siempre: bool = False
    cambio: Decimal | None = None  # % for counts, points for percentages
    extremo: bool = False
    umbrales: tuple[Umbral, ...] = ()


@dataclass(frozen=True)
class Indicador:
    clave: str
    etiqueta: str
    cifra: str
    unidad: str
    seccion: str
    frase: str
    regla: Regla
    frase_sin_cambio: str | None = None
    variacion: str | None = None
    base: str | None = None
    serie: str | None = None
    oficina: str | None = None
    datos: dict = field(default_factory=dict)

    @property
    def capitulo(self) -> str:
        return self.cifra.split(".")[0]

    def textos(self) -> list[str]:
        """The Spanish texts the English catalog must translate."""
        return [self.etiqueta, self.frase, *([self.frase_sin_cambio] if self.frase_sin_cambio else [])] + [
            u.frase for u in self.regla.umbrales
        ]


@dataclass(frozen=True)
class Declaracion:
    minimo: int
    maximo: int
    indicadores: tuple[Indicador, ...]
    archivo: str = ARCHIVO

    def textos(self) -> list[str]:
        return [t for i in self.indicadores for t in i.textos()]


# --- the editors' file ---------------------------------------------------------------------------


def _si_no(valor) -> bool | None:
    """YAML's yes/no, and the editors' «sí» (which YAML reads as text)."""
    if isinstance(valor, bool):
        return valor
    texto = str(valor).strip().lower() if isinstance(valor, str) else None
    return True if texto in ("sí", "si") else False if texto == "no" else None


def _problemas_frase(donde: str, texto, permitidas: set[str]) -> list[str]:
    if not isinstance(texto, str) or not texto.strip():
        return [f"{donde} debe ser un texto"]
    if "%" in texto:
        return [f"{donde} no puede llevar «%» (escriba «por ciento»; los porcentajes los pone {{valor}})"]
    desconocidas = sorted(set(_MARCA.findall(texto)) - permitidas)
    return [
        f"{donde} usa {{{m}}}, que no se conoce (se admiten: {', '.join('{' + p + '}' for p in sorted(permitidas))})"
        for m in desconocidas
    ]


def _es_id(valor) -> bool:
    return isinstance(valor, str) and bool(_ID.match(valor))


def _umbral(donde: str, u, permitidas: set[str]) -> tuple[Umbral | None, list[str]]:
    if not isinstance(u, dict):
        return None, [f"{donde} debe ser un grupo con «valor:» y «frase:»"]
    problemas = [
        f"{donde} tiene «{k}», que no se conoce (se admiten: valor, frase, mientras_supere)"
        for k in u
        if k not in _CLAVES_UMBRAL
    ]
    valor = u.get("valor")
    if isinstance(valor, bool) or not (isinstance(valor, (int, float)) or _es_id(valor)):
        problemas.append(f"{donde}, «valor» debe ser un número o el id de una cifra calculada")
    problemas += _problemas_frase(f"{donde}, «frase»", u.get("frase"), permitidas)
    supere = _si_no(u.get("mientras_supere", False))
    if supere is None:
        problemas.append(f"{donde}, «mientras_supere» debe ser sí o no")
    if problemas:
        return None, problemas
    valor = Decimal(str(valor)) if isinstance(valor, (int, float)) else valor
    return Umbral(valor, u["frase"], bool(supere)), []


def _regla(donde: str, r, permitidas: set[str]) -> tuple[Regla | None, list[str]]:
    if not isinstance(r, dict) or not r:
        return None, [f"{donde} debe decir al menos una de: {', '.join(sorted(_CLAVES_REGLA))}"]
    problemas = [
        f"{donde} tiene «{k}», que no se conoce (se admiten: {', '.join(sorted(_CLAVES_REGLA))})"
        for k in r
        if k not in _CLAVES_REGLA
    ]
    for k in ("siempre", "extremo"):
        if k in r and _si_no(r[k]) is None:
            problemas.append(f"{donde}, «{k}» debe ser sí o no")
    cambio = r.get("cambio")
    if cambio is not None and (
        isinstance(cambio, bool) or not isinstance(cambio, (int, float)) or cambio < 0
    ):
        problemas.append(f"{donde}, «cambio» debe ser un número positivo (% o puntos porcentuales)")
    umbrales = []
    lista = r.get("umbrales", [])
    if not isinstance(lista, list):
        problemas.append(f"{donde}, «umbrales» debe ser una lista (una línea «- valor: …» por umbral)")
        lista = []
    for i, u in enumerate(lista, 1):
        umbral, mal = _umbral(f"{donde}, umbral {i}", u, permitidas | {"umbral"})
        problemas += mal
        umbrales += [umbral] if umbral else []
    if problemas:
        return None, problemas
    return Regla(
        bool(_si_no(r.get("siempre", False))),
        None if cambio is None else Decimal(str(cambio)),
        bool(_si_no(r.get("extremo", False))),
        tuple(umbrales),
    ), []


def _indicador(clave: str, d, secciones: dict) -> tuple[Indicador | None, list[str]]:
    donde = f"indicador «{clave}»"
    if not re.match(r"^[a-z][a-z0-9_]*$", str(clave)):
        return None, [f"«{clave}» no sirve como nombre de indicador (minúsculas, cifras y _)"]
    if not isinstance(d, dict):
        return None, [f"{donde} debe ser un grupo de líneas «clave: valor»"]
    problemas = [
        f"{donde} tiene «{k}», que no se conoce (se admiten: {', '.join(_CLAVES_INDICADOR)})"
        for k in d
        if k not in _CLAVES_INDICADOR
    ]
    problemas += [f"{donde}: falta «{k}» ({_CLAVES_INDICADOR[k]})" for k in _OBLIGATORIAS if k not in d]
    for k in ("cifra", "variacion", "base", "oficina"):
        if k in d and not _es_id(d[k]):
            problemas.append(f"{donde}, «{k}» debe ser {_CLAVES_INDICADOR[k]}, y dice «{d[k]}»")
    if "serie" in d and (not _es_id(d["serie"]) or "{mes}" not in d["serie"]):
        problemas.append(f"{donde}, «serie» debe ser {_CLAVES_INDICADOR['serie']}, y dice «{d['serie']}»")
    if "unidad" in d and d["unidad"] not in UNIDADES:
        problemas.append(f"{donde}, «unidad» debe ser {_CLAVES_INDICADOR['unidad']}, y dice «{d['unidad']}»")
    datos = d.get("datos") or {}
    if not isinstance(datos, dict) or not all(_es_id(v) for v in datos.values()):
        problemas.append(f"{donde}, «datos» debe listar «nombre: id de una cifra»")
        datos = {}
    permitidas = MARCAS | set(datos)
    if "etiqueta" in d:
        problemas += _problemas_frase(f"{donde}, «etiqueta»", d["etiqueta"], set())
    for k in ("frase", "frase_sin_cambio"):
        if k in d:
            problemas += _problemas_frase(f"{donde}, «{k}»", d[k], permitidas)
    if "frase_sin_cambio" in d and "{cambio}" in str(d["frase_sin_cambio"]):
        problemas.append(f"{donde}, «frase_sin_cambio» no puede usar {{cambio}}")
    seccion = d.get("seccion")
    if seccion is not None and not _seccion_existe(str(seccion), secciones):
        problemas.append(
            f"{donde}, «seccion»: «{seccion}» no es una sección de secciones.yaml (se escribe capN.clave)"
        )
    regla, mal = _regla(f"{donde}, «regla»", d.get("regla"), permitidas) if "regla" in d else (None, [])
    problemas += mal
    if problemas:
        return None, problemas
    return Indicador(
        clave=clave,
        etiqueta=d["etiqueta"],
        cifra=d["cifra"],
        unidad=d["unidad"],
        seccion=d["seccion"],
        frase=d["frase"],
        regla=regla,
        frase_sin_cambio=d.get("frase_sin_cambio"),
        variacion=d.get("variacion"),
        base=d.get("base"),
        serie=d.get("serie"),
        oficina=d.get("oficina"),
        datos=dict(datos),
    ), []


def _seccion_existe(ruta: str, secciones: dict) -> bool:
    """`cap2.psicologia.cobertura` names a declared section (or subsection) of that chapter's secciones.yaml."""
    capitulo, _, resto = ruta.partition(".")
    nivel = (secciones.get(capitulo) or {}).get("secciones")
    for paso in resto.split(".") if resto else []:
        if not isinstance(nivel, dict) or paso not in nivel:
            return False
        valor = nivel[paso]
        nivel = valor.get("subsecciones") if isinstance(valor, dict) else None
    return bool(resto)


def validar(datos, secciones: dict, archivo: str = ARCHIVO) -> Declaracion:
    """The file's content checked: every problem named together (entry and key), in Spanish."""
    if not isinstance(datos, dict):
        raise RenderError(
            f"{archivo}: se esperaba «minimo:», «maximo:» e «indicadores:» (ver templates/README.md)."
        )
    problemas = [
        f"«{k}» no se conoce (se admiten: minimo, maximo, indicadores)" for k in datos if k not in _CLAVES
    ]
    minimo, maximo = datos.get("minimo", 5), datos.get("maximo", 10)
    for nombre, valor in (("minimo", minimo), ("maximo", maximo)):
        if isinstance(valor, bool) or not isinstance(valor, int) or valor < (1 if nombre == "maximo" else 0):
            problemas.append(f"«{nombre}» debe ser un número entero de puntos, y dice «{valor}»")
    if not problemas and minimo > maximo:
        problemas.append(f"«minimo» ({minimo}) no puede ser mayor que «maximo» ({maximo})")
    lista = datos.get("indicadores")
    if not isinstance(lista, dict) or not lista:
        problemas.append("«indicadores:» debe listar los indicadores, uno por clave, en orden de importancia")
        lista = {}
    indicadores = []
    for clave, d in lista.items():
        indicador, mal = _indicador(clave, d, secciones)
        problemas += mal
        indicadores += [indicador] if indicador else []
    if problemas:
        raise RenderError(f"{archivo}: " + "; ".join(problemas) + ".")
    return Declaracion(minimo, maximo, tuple(indicadores), archivo)


def leer(plantillas: Path, secciones: dict) -> Declaracion | None:
    """templates/puntos_principales.yaml checked against the chapters' secciones.yaml (None when absent)."""
    ruta = Path(plantillas) / ARCHIVO
    if not ruta.is_file():
        return None
    datos = yaml_seguro.leer(ruta, ARCHIVO, RenderError)  # tabs, duplicate keys, alias bombs: one message
    return validar(datos, secciones)


# --- the month's points (pure) -------------------------------------------------------------------


@dataclass(frozen=True)
class Cambio:
    """The change a point states: against `base` (a Periodo, or a year), in % (counts) or points."""

    absoluta: object
    porcentaje: Decimal | None
    base: object
    puntos: bool = False  # a percentage's change, in percentage points

    @property
    def sentido(self) -> str:
        return "incremento" if self.absoluta > 0 else "disminucion" if self.absoluta < 0 else "sin_cambio"

    @property
    def magnitud(self) -> Decimal:
        """What the rule's threshold is compared with: |%| for counts, |points| for percentages."""
        return abs(Decimal(str(self.absoluta if self.puntos else (self.porcentaje or 0))))


@dataclass(frozen=True)
class Punto:
    """One bullet: the indicator, the month's figure, its change and why it is news (`motivos`)."""

    indicador: Indicador
    valor: object
    cambio: Cambio | None
    motivos: tuple[tuple[str, object], ...]  # ("umbral", Umbral), ("maximo", None), ("cambio", None) …
    serie: tuple[tuple[Periodo, object], ...]  # the last months (≤ VENTANA) up to the report month
    datos: dict
    anterior: object = None  # previous month's figure (for the table), when the series has it
    hace_un_anio: object = None  # the same month a year earlier, when the series has it

    @property
    def noticia(self) -> bool:
        return bool(self.motivos)

    def motivo(self, tipo: str):
        return next((m for t, m in self.motivos if t == tipo), None)

    @property
    def umbrales(self) -> list[tuple[str, Umbral, object]]:
        """(kind, threshold, its value): kind «cruce» (crossed up), «baja» (crossed down) or «supera»."""
        return [m for t, m in self.motivos if t == "umbral"]


def _periodo(valores: dict, ruta: str):
    """A Periodo flattened as ruta.anio / ruta.mes, a year (an int), or None."""
    if f"{ruta}.anio" in valores and f"{ruta}.mes" in valores:
        return Periodo(int(valores[f"{ruta}.anio"]), int(valores[f"{ruta}.mes"]))
    valor = valores.get(ruta)
    return int(valor) if isinstance(valor, int) else None


def serie(valores: dict, patron: str | None, periodo: Periodo) -> dict[Periodo, object]:
    """The monthly series of `patron` (…{mes}…) from the flat figures, months up to `periodo`, in order."""
    if not patron:
        return {}
    antes, _, despues = patron.partition("{mes}")
    forma = re.compile(re.escape(antes) + r"(\d{4}-\d{2})" + re.escape(despues) + "$")
    puntos = {}
    for clave, valor in valores.items():
        coincide = forma.match(clave)
        if coincide:
            mes = Periodo.parse(coincide.group(1))
            if mes <= periodo:
                puntos[mes] = valor
    return dict(sorted(puntos.items()))


def _cambio(ind: Indicador, valores: dict, meses: dict, periodo: Periodo) -> Cambio | None:
    """The declared variation (against its base), else the change on the previous month of the series."""
    if ind.variacion and f"{ind.variacion}.absoluta" in valores:
        base = _periodo(valores, ind.base) if ind.base else None
        return Cambio(valores[f"{ind.variacion}.absoluta"], valores.get(f"{ind.variacion}.porcentaje"), base)
    previo = periodo.mas(-1)
    if previo in meses and periodo in meses:
        antes, ahora = meses[previo], meses[periodo]
        if ind.unidad == "porcentaje":
            return Cambio(Decimal(str(ahora)) - Decimal(str(antes)), None, previo, puntos=True)
        v = variacion(antes, ahora)
        return Cambio(v.absoluta, v.porcentaje, previo)
    return None


def _valor_umbral(umbral: Umbral, valores: dict):
    return valores.get(umbral.valor) if isinstance(umbral.valor, str) else umbral.valor


def evaluar(ind: Indicador, valores: dict, periodo: Periodo) -> Punto | None:
    """One indicator's point for the month (None when its figure does not exist this month)."""
    valor = valores.get(ind.cifra)
    if valor is None:
        return None
    meses = serie(valores, ind.serie, periodo)
    ventana = [(p, v) for p, v in meses.items() if p > periodo.mas(-VENTANA)]
    cambio = _cambio(ind, valores, meses, periodo)
    motivos = []
    for umbral in ind.regla.umbrales:
        limite = _valor_umbral(umbral, valores)
        if limite is None:
            continue
        limite = Decimal(str(limite))
        previo = meses.get(periodo.mas(-1))
        if previo is None and cambio is not None and not cambio.puntos and ind.variacion:
            previo = valores.get(f"{ind.variacion}.base")
        ahora = Decimal(str(valor))
        if previo is not None and Decimal(str(previo)) <= limite < ahora:
            motivos.append(("umbral", ("cruce", umbral, limite)))
        elif previo is not None and ahora <= limite < Decimal(str(previo)):
            motivos.append(("umbral", ("baja", umbral, limite)))
        elif ahora > limite and umbral.mientras_supere:
            motivos.append(("umbral", ("supera", umbral, limite)))
    if ind.regla.extremo and len(ventana) == VENTANA and ventana[-1][0] == periodo:
        otros = [v for p, v in ventana[:-1]]
        if valor > max(otros):
            motivos.append(("maximo", len(ventana)))
        elif valor < min(otros):
            motivos.append(("minimo", len(ventana)))
    if ind.regla.cambio is not None and cambio is not None and cambio.magnitud >= ind.regla.cambio:
        motivos.append(("cambio", ind.regla.cambio))
    if ind.regla.siempre:
        motivos.append(("siempre", None))
    if cambio is None and "{cambio}" in ind.frase and not ind.frase_sin_cambio:
        return None  # the sentence cannot be said this month
    datos = {k: valores.get(v) for k, v in ind.datos.items()}
    if any(v is None for k, v in datos.items() if "{" + k + "}" in ind.frase):
        return None
    return Punto(
        ind,
        valor,
        cambio,
        tuple(motivos),
        tuple(ventana),
        datos,
        anterior=meses.get(periodo.mas(-1)),
        hace_un_anio=meses.get(periodo.mas(-12)),
    )


def seleccionar(declaracion: Declaracion, valores: dict, periodo: Periodo) -> list[Punto]:
    """The month's main points: the news (a rule fired), completed up to `minimo` with the other
    indicators that have a figure, at most `maximo`; always in the file's order (its importance)."""
    todos = [p for ind in declaracion.indicadores if (p := evaluar(ind, valores, periodo))]
    noticias = [p for p in todos if p.noticia][: declaracion.maximo]
    faltan = max(0, declaracion.minimo - len(noticias))
    relleno = {id(p) for p in [p for p in todos if not p.noticia][:faltan]}
    elegidos = {id(p) for p in noticias} | relleno
    return [p for p in todos if id(p) in elegidos]


def tabla(
    declaracion: Declaracion, valores: dict, periodo: Periodo, extracto: dict | None = None
) -> list[dict]:
    """Every headline indicator with a figure this month: this month, the previous month, the same month a
    year earlier (where the series has them) and the stated change; with an office's own figure."""
    filas = []
    for ind in declaracion.indicadores:
        punto = evaluar(ind, valores, periodo)
        if punto is None and valores.get(ind.cifra) is None:
            continue
        filas.append(
            {
                "indicador": ind,
                "valor": valores.get(ind.cifra),
                "anterior": punto.anterior if punto else None,
                "hace_un_anio": punto.hace_un_anio if punto else None,
                "cambio": punto.cambio if punto else None,
                "oficina": (extracto or {}).get(ind.oficina) if ind.oficina else None,
            }
        )
    return filas


def con_mes(declaracion: Declaracion, periodo: Periodo) -> Declaracion:
    """The declaration with {mes} in figure ids (not in series) replaced by the report month (2024-12)."""

    def del_mes(ruta):
        return ruta.replace("{mes}", str(periodo)) if ruta else ruta

    return replace(
        declaracion,
        indicadores=tuple(
            replace(
                i,
                cifra=del_mes(i.cifra),
                variacion=del_mes(i.variacion),
                base=del_mes(i.base),
                oficina=del_mes(i.oficina),
                datos={k: del_mes(v) for k, v in i.datos.items()},
            )
            for i in declaracion.indicadores
        ),
    )


def sin_cifra(declaracion: Declaracion, valores: dict) -> list[Indicador]:
    """Indicators whose figure id is in none of the month's results (a typo, or a figure not due)."""
    return [i for i in declaracion.indicadores if i.cifra not in valores]
