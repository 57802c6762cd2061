"""Shape of the package, read from its real import graph (every import statement, parsed, not run).

No import cycles; a compute layer that reaches no file, chart or template; chapters whose
rules and charts keep to their own folder and never lean on the figures; and every
registered chapter keeping the written contract (capitulos/protocolo.py).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from conftest import RAIZ

PAQUETE = "inpe_informe"
CAPITULOS = f"{PAQUETE}.capitulos"
# What a pure module may import from outside the package: values and arithmetic, no I/O.
EXTERNOS_PUROS = {
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "itertools",
    "math",
    "numpy",
    "operator",
    "pandas",
    "re",
    "statistics",
    "types",
    "typing",
}
LLAMADAS_DE_E_S = {"open", "print", "input", "exec", "eval", "__import__"}
METODOS_DE_E_S = {
    "read_csv",
    "read_excel",
    "to_csv",
    "to_excel",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
}


def _modulos() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its __init__.py)."""
    raiz = RAIZ / PAQUETE
    modulos = {}
    for ruta in sorted(raiz.rglob("*.py")):
        partes = ruta.relative_to(RAIZ).with_suffix("").parts
        nombre = ".".join(partes[:-1] if partes[-1] == "__init__" else partes)
        modulos[nombre] = ruta
    return modulos


MODULOS = _modulos()
ARBOLES = {n: ast.parse(r.read_text(encoding="utf-8"), str(r)) for n, r in MODULOS.items()}


def _paquete_de(nombre: str) -> str:
    return nombre if MODULOS[nombre].name == "__init__.py" else nombre.rpartition(".")[0]


def _base(nodo: ast.ImportFrom, nombre: str) -> str:
    """The module named by `from X import …`, relative imports resolved."""
    if not nodo.level:
        return nodo.module or ""
    partes = _paquete_de(nombre).split(".")
    partes = partes[: len(partes) - (nodo.level - 1)]
    return ".".join(partes + ([nodo.module] if nodo.module else []))


def _importa(nombre: str) -> tuple[set[str], set[str]]:
    """(modules of the package, top-level external modules) that module `nombre` imports, anywhere in it.

    Function-level imports count: they are edges of the real graph, only deferred.
    """
    internos, externos = set(), set()
    for nodo in ast.walk(ARBOLES[nombre]):
        if isinstance(nodo, ast.Import):
            destinos = [a.name for a in nodo.names]
        elif isinstance(nodo, ast.ImportFrom):
            base = _base(nodo, nombre)
            destinos = [base, *(f"{base}.{a.name}" for a in nodo.names)]
        else:
            continue
        for destino in destinos:
            if destino in MODULOS:
                internos.add(destino)
            elif not destino.startswith(PAQUETE):
                externos.add(destino.split(".")[0])
    internos.discard(nombre)
    return internos, externos


GRAFO = {n: _importa(n)[0] for n in MODULOS}


def _alcanzables(desde: str) -> set[str]:
    vistos, pendientes = set(), [desde]
    while pendientes:
        for siguiente in GRAFO[pendientes.pop()] - vistos:
            vistos.add(siguiente)
            pendientes.append(siguiente)
    return vistos


def _ciclos() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    indice, bajo, pila, en_pila, componentes = {}, {}, [], set(), []

    def visitar(v):
        indice[v] = bajo[v] = len(indice)
        pila.append(v)
        en_pila.add(v)
        for w in sorted(GRAFO[v]):
            if w not in indice:
                visitar(w)
                bajo[v] = min(bajo[v], bajo[w])
            elif w in en_pila:
                bajo[v] = min(bajo[v], indice[w])
        if bajo[v] == indice[v]:
            componente = []
            while True:
                w = pila.pop()
                en_pila.discard(w)
                componente.append(w)
                if w == v:
                    break
            if len(componente) > 1:
                componentes.append(sorted(componente))

    for v in sorted(GRAFO):
        if v not in indice:
            visitar(v)
    return componentes


def _capitulo_de(nombre: str) -> str | None:
    """'cap3' for inpe_informe.capitulos.cap3 and its modules; None outside the chapter folders."""
    partes = nombre.split(".")
    return partes[2] if nombre.startswith(CAPITULOS + ".cap") and len(partes) > 2 else None


def _rol(nombre: str) -> str:
    """Role of a module of capitulos/: registro, declaracion, reglas, graficos or puro."""
    ultimo = nombre.rsplit(".", 1)[-1]
    if nombre == CAPITULOS:
        return "registro"
    if _capitulo_de(nombre) and MODULOS[nombre].name == "__init__.py":
        return "declaracion"
    if ultimo == "reglas":
        return "reglas"
    if ultimo.startswith("graficos"):
        return "graficos"
    return "puro"


DE_CAPITULOS = sorted(n for n in MODULOS if n.startswith(CAPITULOS))
PUROS = [n for n in DE_CAPITULOS if _rol(n) == "puro"]
REGLAS_Y_GRAFICOS = [n for n in DE_CAPITULOS if _rol(n) in ("reglas", "graficos")]
# The compute layer proper: the chapters' figures (cifras*.py) and what picks from them (extracto.py).
CIFRAS = [n for n in PUROS if _capitulo_de(n) and n.rsplit(".", 1)[-1].startswith(("cifras", "extracto"))]


def test_el_grafo_se_lee_bien():
    """The reader finds the known edges, so an empty answer below means something."""
    assert f"{CAPITULOS}.aritmetica" in GRAFO[f"{CAPITULOS}.cap1.cifras"]
    assert f"{PAQUETE}.periods" in GRAFO[f"{CAPITULOS}.cap1.cifras"]
    assert f"{CAPITULOS}.protocolo" in GRAFO[CAPITULOS]
    assert {"pandas"} <= _importa(f"{CAPITULOS}.cap1.cifras")[1]
    assert len(PUROS) >= 15 and len(REGLAS_Y_GRAFICOS) >= 13 and len(CIFRAS) >= 15


def test_sin_ciclos_de_importacion():
    ciclos = _ciclos()
    assert not ciclos, "import cycles: " + "; ".join(" ↔ ".join(c) for c in ciclos)


@pytest.mark.parametrize("modulo", PUROS)
def test_capa_de_calculo_pura(modulo):
    """Figures, arithmetic and the contract reach no loading, chart or rendering module and do no I/O.

    Checked on everything the module reaches: each module of that closure imports only pure
    external modules and calls no file or console function.
    """
    problemas = []
    for alcanzado in sorted({modulo} | _alcanzables(modulo)):
        if alcanzado.startswith(CAPITULOS) and _rol(alcanzado) != "puro":
            problemas.append(f"{alcanzado} (a {_rol(alcanzado)} module)")
        externos = _importa(alcanzado)[1] - EXTERNOS_PUROS
        if externos:
            problemas.append(f"{alcanzado} imports {sorted(externos)}")
        for nodo in ast.walk(ARBOLES[alcanzado]):
            if isinstance(nodo, ast.Call):
                funcion = nodo.func
                if isinstance(funcion, ast.Name) and funcion.id in LLAMADAS_DE_E_S:
                    problemas.append(f"{alcanzado}:{nodo.lineno} calls {funcion.id}()")
                if isinstance(funcion, ast.Attribute) and funcion.attr in METODOS_DE_E_S:
                    problemas.append(f"{alcanzado}:{nodo.lineno} calls .{funcion.attr}()")
    assert not problemas, problemas


@pytest.mark.parametrize("modulo", REGLAS_Y_GRAFICOS)
def test_reglas_y_graficos_no_usan_otro_capitulo_ni_las_cifras(modulo):
    """A chapter's rules and charts reach no other chapter's modules; rules reach none of the figures."""
    propio = _capitulo_de(modulo)
    alcanzados = _alcanzables(modulo)
    ajenos = sorted(n for n in alcanzados if _capitulo_de(n) not in (None, propio))
    assert not ajenos, f"{modulo} imports another chapter's modules: {ajenos}"
    if _rol(modulo) == "reglas":
        cifras = sorted(alcanzados & set(CIFRAS))
        assert not cifras, f"{modulo} imports the compute layer: {cifras}"


@pytest.mark.parametrize("modulo", [n for n in DE_CAPITULOS if _capitulo_de(n)])
def test_un_capitulo_no_conoce_el_registro_ni_a_otro_capitulo(modulo):
    """Chapters are found by the registry; they neither import it nor each other (adding one touches none)."""
    alcanzados = _alcanzables(modulo)
    assert CAPITULOS not in alcanzados
    assert not [n for n in alcanzados if _capitulo_de(n) not in (None, _capitulo_de(modulo))]


# ---------------------------------------------------------------- the contract


@pytest.fixture(scope="module")
def tablas():
    from inpe_informe.capitulos import tablas_del_informe
    from inpe_informe.config import leer_config
    from inpe_informe.prepare import cargar_y_validar

    return cargar_y_validar(leer_config(RAIZ / "config.yaml"), tablas_del_informe())[0]


def _registrados():
    from inpe_informe.capitulos import capitulos

    return capitulos()


def test_capitulos_registrados_en_orden():
    numeros = [c.numero for c in _registrados()]
    assert numeros == sorted(numeros) and len(set(numeros)) == len(numeros) >= 7


@pytest.mark.parametrize("capitulo", _registrados(), ids=lambda c: c.nombre)
def test_cada_capitulo_cumple_el_contrato(capitulo):
    from inpe_informe.capitulos.protocolo import Capitulo
    from inpe_informe.schema import leer_esquemas

    assert isinstance(capitulo, Capitulo)
    aridades = {"calcular": 3, "graficos": 3, "extracto": 2, "revisar": 2}
    for campo, aridad in aridades.items():
        funcion = getattr(capitulo, campo)
        if funcion is None:
            continue
        assert funcion.__module__.startswith(f"{CAPITULOS}.{capitulo.nombre}."), (campo, funcion.__module__)
        assert len(inspect.signature(funcion).parameters) == aridad, campo
    esquemas = leer_esquemas(RAIZ / "data")
    assert capitulo.tablas and set(capitulo.tablas) <= set(esquemas)
    assert set(capitulo.tablas_revisadas) <= set(capitulo.tablas)
    assert (capitulo.revisar is None) == (not capitulo.tablas_revisadas)


@pytest.mark.parametrize("periodo", ["2024-12", "2024-09", "2024-01"])
def test_calcular_devuelve_resultados_con_omitidas_tipadas(tablas, periodo):
    from inpe_informe.capitulos import calcular, omitidas
    from inpe_informe.capitulos.protocolo import Omitida, Resultado
    from inpe_informe.periods import Periodo

    resultados = calcular(tablas, Periodo.parse(periodo), "anio")
    assert list(resultados) == [c.nombre for c in _registrados()]
    assert all(isinstance(r, Resultado) for r in resultados.values())
    assert resultados["cap1"].disponible
    for r in resultados.values():
        assert all(isinstance(o, Omitida) and o.capitulo is None for o in r.omitidas)
        assert r.disponible or r.faltan
    lista = omitidas(resultados)
    assert all(isinstance(o, Omitida) and o.capitulo for o in lista)
    if periodo != "2024-12":
        assert lista, "a month before December leaves annual sections out"
