"""Pruebas de los datos transcritos del Capítulo VI (Medio Libre).

Sólo usan pandas, yaml y la biblioteca estándar: cargan los CSV de data/cap6 y
data/referencia/establecimientos_medio_libre.csv, comprueban los esquemas
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
    "establecimientos_medio_libre",
    "medio_libre_programas",
    "medio_libre_atendidos",
    "medio_libre_atendidos_publicado",
    "medio_libre_penas_cumplidas",
    "medio_libre_logro",
    "reinsercion_laboral_eml",
    "reinsercion_laboral_modalidad",
    "capacitacion_laboral_eml",
    "megacampanas",
    "campanas_locales",
    "medio_libre_cifras_publicadas",
]


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
    assert e["capitulo"] in (0, 6)
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


def test_codigos_eml_y_ambitos():
    eml = tabla("establecimientos_medio_libre")
    codigos = set(eml["codigo"])
    oficinas = set(pd.read_csv(DATA / "referencia" / "oficinas_regionales.csv")["codigo"])
    eps = set(pd.read_csv(DATA / "referencia" / "establecimientos.csv")["codigo"])
    assert set(eml["oficina"]) <= oficinas
    assert eml["orden"].is_unique
    for t in ("medio_libre_atendidos",):
        assert set(tabla(t)["codigo_eml"]) <= codigos | {"RESTO"}
    for t in ("reinsercion_laboral_eml", "capacitacion_laboral_eml", "campanas_locales"):
        assert set(tabla(t)["codigo_eml"]) <= codigos
    for t in ("medio_libre_cifras_publicadas",):
        amb = set(tabla(t)["ambito"])
        assert amb <= {"NACIONAL"} | oficinas | eps | codigos, (
            t,
            amb - ({"NACIONAL"} | oficinas | eps | codigos),
        )
    # las oficinas impresas en VI-50 y VI-39 coinciden con el catálogo
    ofi = dict(zip(eml["codigo"], eml["oficina"]))
    assert ofi["CHIMBOTE"] == "LIMA" and ofi["HUANUCO"] == "ORIENTE" and ofi["PUNO"] == "ALTIPLANO"


def test_cifras_publicadas_aparecen_en_el_informe():
    """Cada cifra guardada como 'publicada' se imprime en el informe (con o sin separador)."""
    for t in ("medio_libre_cifras_publicadas",):
        for v in tabla(t)["valor"]:
            formas = {str(v), f"{v:,}", f"{v:,}".replace(",", "."), f"{v:02d}"}
            assert any(published(f) for f in formas), (t, v)


# ---------------------------------------------------------------- Capítulo VI


def _ml():
    at = tabla("medio_libre_atendidos")
    return at[at.incluido_en_total == "si"].groupby(["programa", "periodo"])["atendidos"].sum()


def test_cap6_suma_por_eml_reproduce_total_publicado():
    suma = _ml()
    pub = tabla("medio_libre_atendidos_publicado").set_index(["programa", "periodo"])["atendidos"]
    assert len(pub) == 7 * 12
    assert (suma.loc[pub.index] == pub).all()
    # AREE: la fila Cusco está fuera del TOTAL (INC-18)
    at = tabla("medio_libre_atendidos")
    fuera = at[at.incluido_en_total == "no"]
    assert set(fuera.programa) == {"AREE"} and set(fuera.codigo_eml) == {"CUSCO"}
    ene = at[(at.programa == "AREE") & (at.periodo == "2024-01")]
    assert ene[ene.incluido_en_total == "si"]["atendidos"].sum() == num("164")
    assert ene["atendidos"].sum() == 178


def test_cap6_focos():
    s = _ml().loc["FOCOS"]
    assert s.loc["2024-12"] == num("513")
    assert half_up(s.mean()) == num("573")
    assert s.loc["2024-01"] - s.loc["2024-12"] == num("127")
    assert f"{half_up(100 * (s.loc['2024-01'] - s.loc['2024-12']) / s.loc['2024-01'], 1)}%" == "19.8%"
    at = tabla("medio_libre_atendidos")
    assert at[at.programa == "FOCOS"]["codigo_eml"].nunique() == 14 and published("Se aplican en 14")
    lg = tabla("medio_libre_logro").set_index(["programa", "etapa"])
    assert lg.loc[("FOCOS", "INTERVENCION"), "atendidos"] == num("182")
    assert lg.loc[("FOCOS", "SEGUIMIENTO"), "atendidos"] == num("331")
    assert lg.loc[("FOCOS", "INTERVENCION"), "con_logro"] == num("162")
    assert lg.loc[("FOCOS", "SEGUIMIENTO"), "con_logro"] == num("305")
    f = lg.loc["FOCOS"]
    assert f["atendidos"].sum() == num("513")
    assert f["con_logro"].sum() == num("467")
    assert f"{half_up(100 * 467 / 513, 1)}%" == "91.0%" and published("467 (91.0%)")
    assert f"{half_up(100 * 162 / 182, 1)}%" == "89.0%" and f"{half_up(100 * 305 / 331, 1)}%" == "92.1%"
    pen = tabla("medio_libre_penas_cumplidas")
    pf = pen[pen.programa == "FOCOS"]["penas_cumplidas"]
    assert pf.sum() == 150
    assert pf.mean() == 12.5 and half_up(pf.mean()) == num("13")  # half-up, no half-even
    assert round(pf.mean()) == 12


def test_cap6_total_medio_libre_diciembre():
    prog = tabla("medio_libre_programas")
    estructurados = set(prog[prog.es_programa_estructurado == "si"]["programa"])
    dic = _ml().xs("2024-12", level="periodo")
    assert dic[sorted(estructurados)].sum() == num("1,313")
    esperado = {
        "FOCOS": "513",
        "RETO": "12",
        "CAPAS": "437",
        "NO_MAS_PROBLEMAS": "179",
        "AREE": "108",
        "YUPACHAY": "64",
    }
    for p, v in esperado.items():
        assert dic[p] == num(v)
    shares = {p: half_up(100 * dic[p] / 1313, 1) for p in esperado}
    assert [f"{shares[p]}%" for p in ("FOCOS", "RETO", "CAPAS", "NO_MAS_PROBLEMAS")] == [
        "39.1%",
        "0.9%",
        "33.3%",
        "13.6%",
    ]
    assert published("39.1%  0.9%  33.3%  13.6%")


def test_cap6_promedios_y_variaciones():
    s = _ml()
    pen = tabla("medio_libre_penas_cumplidas").groupby("programa")["penas_cumplidas"].mean()
    assert (
        half_up(s.loc["RETO"].mean()) == num("21")
        and half_up(pen["RETO"]) == num("00")
        and published("00 0.4%")
    )
    assert half_up(s.loc["CAPAS"].mean()) == num("504")
    assert half_up(pen["CAPAS"]) == num("07") and published("07 2.0%")  # 78/12 = 6.5 -> 07
    assert half_up(s.loc["NO_MAS_PROBLEMAS"].mean()) == num("197") and half_up(
        pen["NO_MAS_PROBLEMAS"]
    ) == num("02")
    assert half_up(s.loc["AREE"].mean()) == num("141") and half_up(pen["AREE"]) == num("02")
    assert half_up(s.loc["YUPACHAY"].mean()) == num("66")
    assert half_up(s.loc["TIM"].mean()) == num("450")
    assert s.loc["CAPAS"].iloc[0] - s.loc["CAPAS"].iloc[-1] == num("114")
    assert s.loc["NO_MAS_PROBLEMAS"].iloc[-1] - s.loc["NO_MAS_PROBLEMAS"].iloc[0] == num("30")
    assert s.loc["AREE"].iloc[0] - s.loc["AREE"].iloc[-1] == num("56")
    assert s.loc["TIM"].iloc[-1] - s.loc["TIM"].iloc[0] == num("53")
    # INC-21: Yupachay disminuye 8, no "09"
    assert s.loc["YUPACHAY"].iloc[0] - s.loc["YUPACHAY"].iloc[-1] == 8 and published("DISMINUYE\n\n09")
    # INC-09: FOCOS decrece (tasa compuesta negativa) aunque el texto diga "crecimiento"
    f = s.loc["FOCOS"]
    assert (f.iloc[-1] / f.iloc[0]) ** (1 / 11) - 1 < 0 and published("registra un crecimiento mensual")


def test_cap6_logros_diciembre():
    lg = tabla("medio_libre_logro")
    assert (lg["con_logro"] <= lg["atendidos"]).all()
    dic = _ml().xs("2024-12", level="periodo")
    suma = lg.groupby("programa")["atendidos"].sum()
    for p in suma.index:
        if p == "AREE":  # INC-17: 65 + 77 = 142 frente a 108
            assert suma[p] == num("142") != dic[p] == num("108")
        else:
            assert suma[p] == dic[p], p
    logro = lg.groupby("programa")["con_logro"].sum()
    assert logro["CAPAS"] == num("410") and logro["NO_MAS_PROBLEMAS"] == num("175")
    assert logro["YUPACHAY"] == num("62") and logro["TIM"] == num("396") and logro["RETO"] == num("12")
    assert f"{half_up(100 * 175 / 179, 1)}%" == "97.8%" and published("175 (87.8%)")  # INC-14


def test_cap6_reinsercion_y_capacitacion():
    r = tabla("reinsercion_laboral_eml")
    assert r["meta_programada"].sum() == num("187")
    assert r["insertados"].sum() == num("137")
    g = r.groupby("condicion")[["meta_programada", "insertados"]].sum()
    assert g.loc["NUEVO", "meta_programada"] == num("76") and g.loc["SEGUIMIENTO", "meta_programada"] == num(
        "111"
    )
    assert g.loc["NUEVO", "insertados"] == num("39") and g.loc["SEGUIMIENTO", "insertados"] == num("98")
    assert published("76 111 187 98") and published("TOTAL 39 137")
    assert f"{half_up(100 * 137 / 187)}%" == "73%" and published("187 137 73%")
    m = tabla("reinsercion_laboral_modalidad").set_index("modalidad_empleo")["insertados"]
    assert m["INDEPENDIENTE"] == num("107") and m["DEPENDIENTE"] == num("30") and m.sum() == 137
    cif = tabla("medio_libre_cifras_publicadas")
    v39 = cif[(cif.elemento == "VI-39") & (cif.ambito != "NACIONAL")]
    por_eml = r.groupby("codigo_eml")[["meta_programada", "insertados"]].sum()
    for _, x in v39.iterrows():
        col = "meta_programada" if x["indicador"].startswith("meta") else "insertados"
        assert por_eml.loc[x["ambito"], col] == x["valor"]
    c = tabla("capacitacion_laboral_eml")
    t = c.groupby("tipo_capacitacion")["personas"].sum()
    assert (
        t["CURSO_TP_GESTION"],
        t["CURSO_TP_PRESUPUESTO"],
        t["CEBA"],
        t["CETPRO_INSTITUTO"],
        t["TALLER_ORIENTACION_LABORAL"],
    ) == (97, 55, 31, 51, 259)
    assert published("TOTAL 97 5531 51 259")
    assert t["CETPRO_INSTITUTO"] == num("51")
    assert t["CURSO_TP_GESTION"] + t["CURSO_TP_PRESUPUESTO"] == num("152")
    assert t["CETPRO_INSTITUTO"] + t["CURSO_TP_GESTION"] + t["CURSO_TP_PRESUPUESTO"] == num("203")
    eml = tabla("establecimientos_medio_libre").set_index("codigo")["oficina"]
    tal = c[c.tipo_capacitacion == "TALLER_ORIENTACION_LABORAL"].copy()
    tal["oficina"] = tal["codigo_eml"].map(eml)
    por_of = tal.groupby("oficina")["personas"].sum()
    assert published("Norte (60), Lima (96), Sur") and published(
        "(30), Centro (25), Pucallpa (35) y Puno (13)"
    )
    assert (
        por_of["NORTE"],
        por_of["LIMA"],
        por_of["SUR"],
        por_of["CENTRO"],
        por_of["ORIENTE"],
        por_of["ALTIPLANO"],
    ) == (60, 96, 30, 25, 35, 13)
    assert por_of.sum() == num("259")


def test_cap6_campanas():
    mc = tabla("megacampanas")
    g = mc.groupby("campana")[["actividades", "participantes"]].sum()
    assert (
        g.loc[1, "actividades"] == num("09")
        and g.loc[2, "actividades"] == 32
        and g.loc[3, "actividades"] == 29
    )
    assert published("2909") and published("1.86732")
    assert sorted(g.loc[[2, 3], "participantes"]) == [num("1.863"), 1867]
    # INC-25: celdas de la 1ra campaña = 500, impreso 600; total impreso 4,330
    assert g.loc[1, "participantes"] == 500 and published("TOTAL 600 1.863")
    assert 600 + g.loc[[2, 3], "participantes"].sum() == num("4,330")
    cl = tabla("campanas_locales")
    assert cl["participantes"].sum() == num("3,265")
    assert cl["campanas"].sum() == 65 and published("TOTAL 92 3,265")  # INC-27


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
    df = pd.read_csv(DATA / "erratas" / "cap6.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == cols
    assert (df["capitulo"] == "6").all()
    assert df["severidad"].isin(["alta", "media", "baja"]).all()
    assert (df["figura"].eq("") | df["figura"].str.startswith("cap6.")).all()
    assert df["id"].str.startswith("ch5_7/INC-").all()
    ids = list(df["id"])
    assert len(ids) == len(set(ids))
    # ch5_7/INC- numbers the errata of Chapters V–VII together: no id of this chapter names another's
    otras = [r for r in (DATA / "erratas").glob("cap*.csv") if r.name != "cap6.csv"]
    ajenos = {i for r in otras for i in pd.read_csv(r, dtype=str, keep_default_na=False)["id"]}
    assert not set(ids) & ajenos
