"""Office extracts: the figures of one oficina regional, picked from every chapter's computed results.

Nothing is recomputed from data here — an extract must print exactly what the national
report prints for that office — except the office's share of a national total where a
chapter does not already carry it. Sections whose chapter has no office detail for the
period are simply absent.
"""

from __future__ import annotations

from .common import porcentaje


def _de(lista, codigo, clave="codigo"):
    """The item of `lista` whose `clave` is `codigo` (None when the chapter has no such office)."""
    return next((x for x in (lista or []) if x.get(clave) == codigo), None)


def _cap1(cap1: dict, codigo: str):
    oficinas = cap1.get("oficinas")
    if not oficinas:
        return None
    propia = _de(oficinas["institucional"], codigo)
    if propia is None:
        return None
    return {
        "oficina": propia,
        "nacional": oficinas["total"],
        "cuota_total": porcentaje(propia["total_general"], oficinas["total"]["total_general"]),
        "puesto": 1 + [o["codigo"] for o in oficinas["por_total"]].index(codigo),
        "n_oficinas": len(oficinas["por_total"]),
    }


def _cap2(cap2: dict, codigo: str):
    servicios = []
    for clave, s in (cap2.get("servicios") or {}).items():
        oficinas = s.get("oficinas") if s else None
        propia = _de(oficinas["institucional"], codigo) if oficinas else None
        if propia:
            servicios.append(
                {
                    "clave": clave,
                    "oficina": propia,
                    "nacional_ratio": oficinas["ratio"],
                    "nacional_total": oficinas["total"],
                    "mayor_carga": oficinas["mayor"]["codigo"] == codigo if oficinas.get("mayor") else False,
                    "menor_carga": oficinas["menor"]["codigo"] == codigo if oficinas.get("menor") else False,
                }
            )
    return {"servicios": servicios} if servicios else None


def _cap3(cap3: dict, codigo: str):
    partes = {}
    for clave in ("tuberculosis", "vih", "teleinterconsultas"):
        bloque = cap3.get(clave)
        propia = _de(bloque.get("oficinas"), codigo) if bloque else None
        if propia:
            partes[clave] = {
                "oficina": propia,
                "nacional": bloque["total"],
                "cobertura_nacional": bloque.get("cobertura_targa"),
            }
    mental = (cap3.get("salud_mental") or {}).get("problemas")
    propia = _de(mental.get("oficinas"), codigo) if mental else None
    if propia:
        partes["salud_mental"] = {"oficina": propia, "nacional": mental["total"]}
    return partes or None


def _cap4(cap4: dict, codigo: str):
    oficinas = cap4.get("oficinas")
    propia = _de(oficinas.get("institucional"), codigo) if oficinas else None
    if not propia:
        return None
    return {
        "oficina": propia,
        "nacional": oficinas["total"],
        "cuota_trabajo": porcentaje(propia["trabajo"]["valor"], oficinas["total"]["trabajo"]["valor"]),
        "cuota_educacion": porcentaje(propia["educacion"]["valor"], oficinas["total"]["educacion"]["valor"]),
    }


def _cap5(cap5: dict, codigo: str):
    anual = cap5.get("anual")
    propia = _de(anual.get("oficinas"), codigo) if anual else None
    if not propia:
        return None
    total = anual["total"]["atendidos"]["total"]
    return {
        "oficina": propia,
        "nacional": anual["total"],
        "anio": anual["anio"],
        "cuota": porcentaje(propia["atendidos"]["total"], total),
    }


def _cap6(cap6: dict, codigo: str):
    campanas = cap6.get("campanas_locales")
    propia = _de(campanas.get("oficinas"), codigo) if campanas else None
    if not propia:
        return None
    return {
        "oficina": propia,
        "nacional": campanas["total"],
        "cuota_participantes": porcentaje(propia["participantes"], campanas["total"]["participantes"]),
    }


def _cap7(cap7: dict, codigo: str):
    anual = cap7.get("anual")
    propia = _de(anual.get("oficinas"), codigo, "clave") if anual else None
    if not propia:
        return None
    return {"oficina": propia, "anio": anual["anio"], "certeza": anual.get("oficinas_ciertas")}


_POR_CAPITULO = {
    "cap1": _cap1,
    "cap2": _cap2,
    "cap3": _cap3,
    "cap4": _cap4,
    "cap5": _cap5,
    "cap6": _cap6,
    "cap7": _cap7,
}


def extraer(indicadores: dict, codigo: str) -> dict:
    """Every chapter's figures for office `codigo` ({capN: … or None}), from the national results."""
    return {
        nombre: funcion(indicadores[nombre], codigo)
        if indicadores.get(nombre, {}).get("disponible")
        else None
        for nombre, funcion in _POR_CAPITULO.items()
    }
