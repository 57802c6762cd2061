"""Pruebas de los datos transcritos del Capítulo VII (Asistencia Post Penitenciaria).

Sólo usan pandas, yaml y la biblioteca estándar: cargan los CSV de data/cap7, comprueban los esquemas
y reproducen por aritmética las cifras que imprime el informe 2024. Cada cifra esperada se comprueba
además contra el texto extraído del informe (`published("1,037")`). Los Capítulos V–VII se
transcribieron juntos: sus erratas comparten la numeración ch5_7/INC-.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
ESQ = DATA / "esquemas"
SEED_TEXT = (DATA / "fuente" / "informe_2024_extraido.txt").read_text(encoding="utf-8")

TABLAS = [
    "app_servicios",
    "app_servicios_oficina",
    "app_usuarios_procedencia",
    "app_charlas_induccion",
    "app_usuarios_monitoreados",
    "app_cifras_publicadas",
]
MESES = [f"2024-{m:02d}" for m in range(1, 13)]


def published(s: str) -> bool:
    """La cifra tal como se imprime aparece en el texto extraído del informe."""
    return s in SEED_TEXT


def num(s: str) -> int:
    """'1,037' / '1.037' / '09' -> int, tras comprobar que el informe la imprime."""
    assert published(s), f"{s!r} no aparece en el informe"
    return int(s.replace(",", "").replace(".", ""))


def half_up(x, nd=0) -> Decimal:
    q = Decimal(1).scaleb(-nd)
    return Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)


def esquema(t):
    return yaml.safe_load((ESQ / f"{t}.yaml").read_text(encoding="utf-8"))


def carga(t):
    e = esquema(t)
    return pd.read_csv(DATA / e["archivo"], dtype=str, keep_default_na=False)


def tabla(t):
    """DataFrame con columnas enteras convertidas según el esquema."""
    e = esquema(t)
    df = carga(t)
    for c in e["columnas"]:
        if c["tipo"] in ("entero", "anio") and c["nombre"] in df:
            df[c["nombre"]] = df[c["nombre"]].map(lambda v: int(v) if v != "" else None)
    return df


# ---------------------------------------------------------------- esquemas


@pytest.mark.parametrize("t", TABLAS)
def test_esquema_coincide_con_csv(t):
    e = esquema(t)
    assert e["tabla"] == t
    assert e["archivo"].endswith(f"{t}.csv")
    assert e["capitulo"] in (0, 7)
    for k in ("descripcion", "grano", "fuente", "clave", "columnas", "notas"):
        assert k in e, k
    assert "identidades" in e
    df = carga(t)
    assert list(df.columns) == [c["nombre"] for c in e["columnas"]]
    assert len(df) > 0


@pytest.mark.parametrize("t", TABLAS)
def test_clave_unica_y_tipos(t):
    e = esquema(t)
    df = carga(t)
    assert not df.duplicated(e["clave"]).any()
    oficinas = set(pd.read_csv(DATA / "referencia" / "oficinas_regionales.csv")["codigo"])
    eps = set(pd.read_csv(DATA / "referencia" / "establecimientos.csv")["codigo"])
    for c in e["columnas"]:
        col = df[c["nombre"]]
        if not c.get("nulos"):
            assert (col != "").all(), f"{t}.{c['nombre']} tiene vacíos"
        v = col[col != ""]
        tipo = c["tipo"]
        if tipo == "entero":
            assert v.str.fullmatch(r"\d+").all(), f"{t}.{c['nombre']}"
        elif tipo == "anio":
            assert v.str.fullmatch(r"\d{4}").all()
        elif tipo == "periodo":
            assert v.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all()
        elif tipo == "booleano":
            assert v.isin(["si", "no"]).all()
        elif tipo == "categoria":
            assert set(v) <= set(c["valores"]), f"{t}.{c['nombre']}: {set(v) - set(c['valores'])}"
        elif tipo == "codigo_oficina":
            assert set(v) <= oficinas
        elif tipo == "codigo_ep":
            assert set(v) <= eps


def test_identidades_fila_a_fila():
    """Las identidades declaradas (si las hay) se cumplen fila por fila."""
    for t in TABLAS:
        e = esquema(t)
        df = tabla(t)
        for ident in e.get("identidades") or []:
            izq, der = [s.strip() for s in ident.split("=")]
            suma = sum(df[x.strip()] for x in der.split("+"))
            assert (df[izq] == suma).all(), (t, ident)


def test_ambitos_de_cifras_publicadas():
    """Cada cifra publicada es de un ámbito conocido: nacional, oficina, E.P. o establecimiento de Medio Libre."""
    codigos = set(tabla("establecimientos_medio_libre")["codigo"])
    oficinas = set(pd.read_csv(DATA / "referencia" / "oficinas_regionales.csv")["codigo"])
    eps = set(pd.read_csv(DATA / "referencia" / "establecimientos.csv")["codigo"])
    for t in ("app_cifras_publicadas",):
        amb = set(tabla(t)["ambito"])
        assert amb <= {"NACIONAL"} | oficinas | eps | codigos, (
            t,
            amb - ({"NACIONAL"} | oficinas | eps | codigos),
        )


def test_cifras_publicadas_aparecen_en_el_informe():
    """Cada cifra guardada como 'publicada' se imprime en el informe (con o sin separador)."""
    for t in ("app_cifras_publicadas",):
        for v in tabla(t)["valor"]:
            formas = {str(v), f"{v:,}", f"{v:,}".replace(",", "."), f"{v:02d}"}
            assert any(published(f) for f in formas), (t, v)


# ---------------------------------------------------------------- Capítulo VII


def test_cap7_servicios():
    s = tabla("app_servicios")
    assert s["cantidad"].sum() == num("3,618")
    g = s.groupby("tipo_servicio")["cantidad"].sum()
    assert (
        g["LEGAL"] == num("1,395")
        and g["PSICOLOGICO"] == 1172
        and published("1,172")
        and g["SOCIAL"] == num("1,051")
    )
    assert published("1,17229%")  # 1,172 fusionado con 29%
    top = s.set_index("servicio")["cantidad"]
    assert top["ANULACION_ANTECEDENTES"] == num("1,043")
    assert top["ORIENTACION_CONSEJERIA_PSICOLOGICA"] == num("1,015")
    assert top["ORIENTACION_CONSEJERIA_SOCIAL_FAMILIAR"] == num("732")
    assert f"{half_up(100 * 1043 / 3618)}%" == "29%" and published("1043 29%")
    assert (
        s.groupby("tipo_servicio")["cantidad"].max() == s.groupby("tipo_servicio")["cantidad"].first()
    ).all()
    of = tabla("app_servicios_oficina")
    assert of["servicios"].sum() == 3618
    assert sorted(of["servicios"]) == sorted(
        [num("1,066"), num("648"), num("606"), num("555"), num("424"), 172, 147]
    )


def test_cap7_usuarios_charlas_monitoreo():
    u = tabla("app_usuarios_procedencia")
    assert u["usuarios"].sum() == num("1,686")
    assert sorted(u["usuarios"]) == [num("655"), num("1,031")]
    ch = tabla("app_charlas_induccion")
    assert list(ch["periodo"]) == MESES and ch["personas"].sum() == num("3,422")
    mo = tabla("app_usuarios_monitoreados")
    assert list(mo["periodo"]) == MESES and mo["usuarios"].sum() == num("1,009")
    pct = [f"{half_up(100 * v / 1009)}%" for v in mo["usuarios"]]
    assert pct[2] == "14%" and pct[9] == "16%" and published("14%") and published("16%")


# ---------------------------------------------------------------- erratas


def test_erratas_formato():
    cols = [
        "id",
        "capitulo",
        "elemento",
        "severidad",
        "publicado",
        "figura",
        "descripcion",
        "evidencia",
        "lineas",
    ]
    df = pd.read_csv(DATA / "erratas" / "cap7.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == cols
    assert (df["capitulo"] == "7").all()
    assert df["severidad"].isin(["alta", "media", "baja"]).all()
    assert (df["figura"].eq("") | df["figura"].str.startswith("cap7.")).all()
    assert df["id"].str.startswith("ch5_7/INC-").all()
    ids = list(df["id"])
    assert len(ids) == len(set(ids))
    # ch5_7/INC- numbers the errata of Chapters V–VII together: no id of this chapter names another's
    otras = [r for r in (DATA / "erratas").glob("cap*.csv") if r.name != "cap7.csv"]
    ajenos = {i for r in otras for i in pd.read_csv(r, dtype=str, keep_default_na=False)["id"]}
    assert not set(ids) & ajenos
