"""Pruebas de los datos transcritos del Capítulo V (programas estructurados intramuros).

Sólo usan pandas, yaml y la biblioteca estándar: cargan los CSV de data/cap5, comprueban los esquemas
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
    "intramuros_atendidos_mes",
    "intramuros_atendidos_ep",
    "intramuros_poblacion_objetivo",
    "intramuros_cifras_publicadas",
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
    assert e["capitulo"] in (0, 5)
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
    for t in ("intramuros_cifras_publicadas",):
        amb = set(tabla(t)["ambito"])
        assert amb <= {"NACIONAL"} | oficinas | eps | codigos, (
            t,
            amb - ({"NACIONAL"} | oficinas | eps | codigos),
        )


def test_cifras_publicadas_aparecen_en_el_informe():
    """Cada cifra guardada como 'publicada' se imprime en el informe (con o sin separador)."""
    for t in ("intramuros_cifras_publicadas",):
        for v in tabla(t)["valor"]:
            formas = {str(v), f"{v:,}", f"{v:,}".replace(",", "."), f"{v:02d}"}
            assert any(published(f) for f in formas), (t, v)


# ---------------------------------------------------------------- Capítulo V


def test_cap5_atendidos_programas_estructurados():
    est = tabla("intramuros_atendidos_ep")
    por_prog = est.groupby("programa")["atendidos"].sum()
    assert por_prog["DEVIDA"] == num("359")
    assert por_prog["CREO"] == num("1,037") == num("1.037")
    assert por_prog["TAS"] == num("204")
    assert por_prog.sum() == num("1,600") == num("1.600")
    # TAS sólo en Lurigancho; CREO en seis oficinas
    eps = pd.read_csv(DATA / "referencia" / "establecimientos.csv").set_index("codigo")["oficina"]
    est["oficina"] = est["codigo_ep"].map(eps)
    creo = est[(est.programa == "CREO") & (est.atendidos > 0)]
    assert creo["oficina"].nunique() == 6 and published("seis O")
    # subtotales impresos por oficina (V-05) = suma de sus E.P.
    cif = tabla("intramuros_cifras_publicadas")
    v05 = cif[(cif.elemento == "V-05") & (cif.ambito.isin(eps.unique()))]
    for _, r in v05.iterrows():
        prog = r["indicador"].replace("atendidos_", "").upper()
        sub = est[est.oficina == r["ambito"]]
        val = sub["atendidos"].sum() if prog == "TOTAL" else sub[sub.programa == prog]["atendidos"].sum()
        assert val == r["valor"], r.to_dict()
    # V-11: CREO por oficina
    v11 = cif[(cif.elemento == "V-11") & (cif.ambito != "NACIONAL")]
    creo_of = est[est.programa == "CREO"].groupby("oficina")["atendidos"].sum()
    for _, r in v11.iterrows():
        assert creo_of[r["ambito"]] == r["valor"]
    assert creo_of["LIMA"] == num("303") and creo_of["NOR_ORIENTE"] == num("56")


def test_cap5_serie_mensual_y_promedios():
    mes = tabla("intramuros_atendidos_mes")
    piv = mes.pivot(index="periodo", columns="programa", values="atendidos").loc[MESES]
    total = piv.sum(axis=1)
    cif = tabla("intramuros_cifras_publicadas")
    impreso = cif[(cif.elemento == "V-03")].set_index("corte")["valor"]
    assert (total == impreso.loc[MESES]).all()
    assert half_up(total.mean()) == num("1,265")
    assert half_up(piv["CREO"].mean()) == num("776")
    assert half_up(piv["DEVIDA"].mean()) == num("312")
    assert half_up(piv["TAS"].mean()) == num("177")
    # diciembre (INC-03, INC-04)
    assert piv.loc["2024-12", "CREO"] == num("752") and piv.loc["2024-12", "TAS"] == num("170")


def test_cap5_evaluacion_favorable():
    est = tabla("intramuros_atendidos_ep")
    assert (est["evaluacion_favorable"] <= est["atendidos"]).all()
    fav = est.groupby("programa")["evaluacion_favorable"].sum()
    assert fav["DEVIDA"] == num("162") and fav["CREO"] == num("543") and fav["TAS"] == num("32")
    assert fav.sum() == num("737")
    # INC-01: la columna TOTAL impresa por E.P. repite DEVIDA
    cif = tabla("intramuros_cifras_publicadas")
    tot_ep = cif[
        (cif.elemento == "V-06")
        & (cif.indicador == "evaluacion_favorable_total")
        & cif.ambito.isin(set(est.codigo_ep))
    ].set_index("ambito")["valor"]
    dev = est[est.programa == "DEVIDA"].set_index("codigo_ep")["evaluacion_favorable"]
    assert (tot_ep == dev.loc[tot_ep.index]).all()
    assert tot_ep.sum() == num("162") != num("737")


def test_cap5_poblacion_objetivo_y_cobertura():
    po = tabla("intramuros_poblacion_objetivo")
    creo = po[(po.programa == "CREO") & (po.universo == "OBJETIVO")]
    assert creo["poblacion"].sum() == num("11,034")
    assert creo[creo.rango_edad == "DE_18_A_24"]["poblacion"].sum() == num("4,642")
    assert creo[creo.rango_edad == "DE_25_A_29"]["poblacion"].sum() == num("6,392")
    assert creo[creo.situacion_juridica == "PROCESADO"]["poblacion"].sum() == num("5,553")
    assert creo[creo.situacion_juridica == "SENTENCIADO"]["poblacion"].sum() == num("5,481")
    atend = tabla("intramuros_atendidos_ep")
    creo_at = atend[atend.programa == "CREO"]["atendidos"].sum()
    # INC-02: la cobertura correcta es 9.4%, no el 6.8% impreso
    assert published("6.8%") and published("795") and published("10,832")
    assert half_up(100 * creo_at / creo["poblacion"].sum(), 1) == Decimal("9.4")
    assert num("795") + num("10,832") != creo["poblacion"].sum()
    tas = po[(po.programa == "TAS") & (po.universo == "OBJETIVO")]["poblacion"].sum()
    tas_at = atend[atend.programa == "TAS"]["atendidos"].sum()
    assert tas == num("612") and tas - tas_at == num("408")
    assert f"{half_up(100 * tas_at / tas, 1)}%" == "33.3%" and published("33.3%")
    ref = po[po.universo == "REFERENCIA"]["poblacion"].sum()
    assert ref == num("10,353")
    assert f"{half_up(100 * ref / num('99,443'), 1)}%" == "10.4%" and published("10.4% (10,353)")


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
    df = pd.read_csv(DATA / "erratas" / "cap5.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == cols
    assert (df["capitulo"] == "5").all()
    assert df["severidad"].isin(["alta", "media", "baja"]).all()
    assert (df["figura"].eq("") | df["figura"].str.startswith("cap5.")).all()
    assert df["id"].str.startswith("ch5_7/INC-").all()
    ids = list(df["id"])
    assert len(ids) == len(set(ids))
    # ch5_7/INC- numbers the errata of Chapters V–VII together: no id of this chapter names another's
    otras = [r for r in (DATA / "erratas").glob("cap*.csv") if r.name != "cap5.csv"]
    ajenos = {i for r in otras for i in pd.read_csv(r, dtype=str, keep_default_na=False)["id"]}
    assert not set(ids) & ajenos
