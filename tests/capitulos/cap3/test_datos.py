"""Pruebas de los datos de entrada del Capítulo III (Salud Penitenciaria).

Sólo usan pandas, yaml y la biblioteca estándar (no el paquete del proyecto).
Cada cifra esperada se comprueba también contra el texto publicado (published()),
para que la expectativa provenga demostrablemente del informe 2024.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

RAIZ = Path(__file__).resolve().parents[3]
DATOS = RAIZ / "data"
SEED = DATOS / "fuente" / "informe_2024_extraido.txt"
LINEAS = SEED.read_text(encoding="utf-8").splitlines()
SEED_TEXT = "\n".join(LINEAS)
CAP3_INI, CAP3_FIN = 4078, 6212


def _colapsar(texto: str) -> str:
    return re.sub(r"\s+", " ", texto)


SEED_CAP3 = "\n".join(LINEAS[CAP3_INI - 1 : CAP3_FIN])


def published(cadena: str, lineas: tuple[int, int] | None = None) -> bool:
    """True si `cadena` está impresa en el informe (Cap. III o el rango de líneas dado)."""
    assert cadena in SEED_TEXT, f"«{cadena}» no aparece en el informe publicado"
    if lineas:
        tramo = "\n".join(LINEAS[lineas[0] - 1 : lineas[1]])
        assert cadena in tramo, f"«{cadena}» no aparece en las líneas {lineas[0]}–{lineas[1]}"
    else:
        assert cadena in SEED_CAP3, f"«{cadena}» no aparece en el Capítulo III"
    return True


def fmt(n: int) -> str:
    return f"{n:,}"


def pct(a, b, dec=1) -> str:
    return f"{100 * a / b:.{dec}f}%"


# --------------------------------------------------------------------------- carga
ESQUEMAS = {}
for ruta in sorted((DATOS / "esquemas").glob("*.yaml")):
    crudo = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    if crudo and crudo.get("capitulo") == 3:
        ESQUEMAS[crudo["tabla"]] = crudo

REF_EP = pd.read_csv(DATOS / "referencia" / "establecimientos.csv", dtype=str)
REF_OF = pd.read_csv(DATOS / "referencia" / "oficinas_regionales.csv", dtype=str)
OFICINA_DE_EP = dict(zip(REF_EP["codigo"], REF_EP["oficina"]))


def crudo(tabla: str) -> pd.DataFrame:
    return pd.read_csv(DATOS / ESQUEMAS[tabla]["archivo"], dtype=str, keep_default_na=False)


def t(tabla: str) -> pd.DataFrame:
    """Tabla tipada según su esquema (enteros como Int64, vacíos como NA)."""
    df = crudo(tabla)
    for c in ESQUEMAS[tabla]["columnas"]:
        if c["tipo"] in ("entero", "anio"):
            df[c["nombre"]] = pd.to_numeric(df[c["nombre"]].replace("", None)).astype("Int64")
        else:
            df[c["nombre"]] = df[c["nombre"]].replace("", None)
    return df


# Tables that may hold only their header until INPE supplies the data (used when present).
OPCIONALES = {"salud_capacidad_ep"}


def test_hay_esquemas_y_archivos():
    assert len(ESQUEMAS) >= 20
    archivos = {Path(e["archivo"]).name for e in ESQUEMAS.values()}
    en_disco = {p.name for p in (DATOS / "cap3").glob("*.csv")}
    assert archivos == en_disco, "cada CSV de cap3 necesita su esquema y viceversa"
    for nombre, e in ESQUEMAS.items():
        assert e["archivo"] == f"cap3/{nombre}.csv"
        assert nombre.startswith("salud_")
        for k in ("descripcion", "grano", "fuente", "clave", "columnas", "notas"):
            assert e.get(k), f"{nombre}: falta «{k}»"
        assert re.search(r"líneas? \d{4}", e["fuente"]), f"{nombre}: la fuente debe citar líneas"


@pytest.mark.parametrize("tabla", sorted(ESQUEMAS))
def test_columnas_tipos_y_clave(tabla):
    e = ESQUEMAS[tabla]
    ruta = DATOS / e["archivo"]
    texto = ruta.read_bytes()
    assert not texto.startswith(b"\xef\xbb\xbf"), "sin BOM"
    with ruta.open(encoding="utf-8", newline="") as f:
        filas = list(csv.reader(f))
    encabezado = filas[0]
    assert encabezado == [c["nombre"] for c in e["columnas"]]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", h) for h in encabezado)
    if tabla in OPCIONALES:
        return
    assert len(filas) > 1
    df = crudo(tabla)
    for c in e["columnas"]:
        serie = df[c["nombre"]]
        vacias = serie == ""
        if not c.get("nulos"):
            assert not vacias.any(), f"{tabla}.{c['nombre']}: celdas vacías no permitidas"
        v = serie[~vacias]
        tipo = c["tipo"]
        if tipo in ("entero", "anio"):
            assert v.str.fullmatch(r"\d+").all(), f"{tabla}.{c['nombre']}: enteros sin separador"
        if tipo == "anio":
            assert v.astype(int).between(2000, 2100).all()
        if tipo == "codigo_ep":
            assert set(v) <= set(REF_EP["codigo"]), f"{tabla}.{c['nombre']}: código E.P. desconocido"
        if tipo == "codigo_oficina":
            assert set(v) <= set(REF_OF["codigo"]), f"{tabla}.{c['nombre']}: oficina desconocida"
        if tipo == "booleano":
            assert set(v) <= {"si", "no"}
        if tipo == "categoria":
            assert c.get("valores"), f"{tabla}.{c['nombre']}: categoría sin valores"
            assert set(v) <= set(c["valores"]), f"{tabla}.{c['nombre']}: {set(v) - set(c['valores'])}"
            assert all(re.fullmatch(r"[A-Z0-9_\-]+", x) for x in c["valores"])
        if c["nombre"] == "trimestre":
            assert set(v.astype(int)) <= {1, 2, 3, 4}
    assert not df.duplicated(e["clave"]).any(), f"{tabla}: clave repetida"


@pytest.mark.parametrize("tabla", sorted(k for k, e in ESQUEMAS.items() if e.get("identidades")))
def test_identidades(tabla):
    df = t(tabla)
    for identidad in ESQUEMAS[tabla]["identidades"]:
        izq, der = (p.strip() for p in identidad.split("="))
        suma = sum(df[c.strip()] for c in der.split("+"))
        malas = df[df[izq] != suma]
        assert malas.empty, f"{tabla}: no cuadra {identidad} en {malas.index.tolist()}"


@pytest.mark.parametrize(
    "tabla",
    sorted(
        k
        for k, e in ESQUEMAS.items()
        if any(c["nombre"] == "codigo_ep" for c in e["columnas"])
        and any(c["nombre"] == "codigo_oficina" for c in e["columnas"])
    ),
)
def test_oficina_coincide_con_maestro(tabla):
    df = t(tabla)
    con_codigo = df[df["codigo_ep"].notna()]
    assert (con_codigo["codigo_ep"].map(OFICINA_DE_EP) == con_codigo["codigo_oficina"]).all()
    if "orden_publicado" in df:
        assert sorted(df["orden_publicado"]) == list(range(1, len(df) + 1))


def test_ep_sin_codigo_solo_satipo():
    sin = []
    for tabla, e in ESQUEMAS.items():
        if tabla not in OPCIONALES and any(c["nombre"] == "codigo_ep" for c in e["columnas"]):
            df = t(tabla)
            nombre = "nombre_publicado" if "nombre_publicado" in df else "establecimiento_publicado"
            sin += df.loc[df["codigo_ep"].isna(), nombre].tolist()
    assert sin == ["E. P. Satipo"]
    published("E. P. Satipo 4 4 0", (5110, 5110))


# ------------------------------------------------------------ 3.1 consulta externa
def test_consulta_externa():
    ce, tot = t("salud_consulta_externa"), t("salud_consulta_total_impreso")
    sumas = ce.groupby("trimestre")[[c for c in tot.columns if c not in ("anio", "trimestre")]].sum()
    for _, fila in tot.iterrows():
        for col in sumas.columns:
            assert sumas.at[fila["trimestre"], col] == fila[col], (fila["trimestre"], col)
    esperado = {1: 18200, 2: 13952, 3: 15166, 4: 13346}
    lineas = {1: (4086, 4086), 2: (4233, 4233), 3: (4305, 4305), 4: (4377, 4377)}
    for q, n in esperado.items():
        assert sumas.at[q, "atendidos_total"] == n
        published(fmt(n), lineas[q])
    assert sumas.at[1, "atenciones_total"] == 106404 and published("106,404")
    assert published("TOTAL 18,200 17,251   949   106,404  82,456  23,948")
    # 59% / 33% / 8% en los cuatro trimestres
    for q in esperado:
        g = ce[ce["trimestre"] == q].set_index("grupo_edad")["atendidos_total"]
        total = g.sum()
        assert round(100 * g["EDAD_30_59"] / total) == 59
        assert round(100 * g["EDAD_18_29"] / total) == 33
        assert round(100 * g["EDAD_60_MAS"] / total) == 8
    published("30-59 años con un 59 %, seguido de 18-29 años con 33% y adulto mayor (+ 60 años)")


def test_consulta_externa_trimestres_reescalados():
    """INC-01: II–IV = round(I × razón) con error pequeño (se guarda tal como se imprimió)."""
    ce = t("salud_consulta_externa").set_index(["trimestre", "grupo_edad"])
    q1 = ce.loc[1]
    for q in (2, 3, 4):
        r = ce.loc[q, "atendidos_total"].sum() / q1["atendidos_total"].sum()
        for col in ("atendidos_hombre", "atendidos_mujer", "atendidos_total"):
            assert ((q1[col] * r).round() - ce.loc[q][col]).abs().max() <= 1
        for col in ("atenciones_hombre", "atenciones_mujer", "atenciones_total"):
            assert ((q1[col] * r).round() - ce.loc[q][col]).abs().max() <= 9


# ------------------------------------------------- 3.2 población, capacidad y TB
def test_sobrepoblacion_2024():
    pc = t("salud_poblacion_capacidad_anual").set_index("anio")
    pob, cap = pc.at[2024, "poblacion_penitenciaria"], pc.at[2024, "capacidad_albergue"]
    assert pob == 99448 and published("99,448", (4462, 4462))
    assert cap == 41764 and published("41,764", (4462, 4462))
    assert pob - cap == 57684 and published("57,684", (4468, 4471))
    assert f"{round(100 * (pob - cap) / cap)}%" == "138%" and published("138%", (4468, 4471))
    published("41,764 99,448 57,684 138%")


def test_crecimiento_2013_2024():
    pc = t("salud_poblacion_capacidad_anual").set_index("anio")
    assert list(pc.index) == list(range(2013, 2025))
    dp = pc.at[2024, "poblacion_penitenciaria"] - pc.at[2013, "poblacion_penitenciaria"]
    dc = pc.at[2024, "capacidad_albergue"] - pc.at[2013, "capacidad_albergue"]
    assert dp == 31851 and published("31,851", (4500, 4501))
    assert pct(dp, pc.at[2013, "poblacion_penitenciaria"]) == "47.1%" and published("47.1%", (4501, 4501))
    assert dc == 10312 and published("10,312", (4502, 4502))
    assert pct(dc, pc.at[2013, "capacidad_albergue"]) == "32.8%" and published("32.8%", (4502, 4502))
    published("31,452 32,190 32,986 35,126 39,156 39,156 40,137 40,827 41,123 41,018 41,019 41,764")


def test_tb_nacional_y_tipos():
    ep = t("salud_tb_ep")
    assert ep["total_casos"].sum() == 4052 and published("4,052", (4419, 4419))
    assert ep["casos_sensible"].sum() == 3508 and published("3,508 544 0", (4556, 4556))
    assert ep["casos_tb_dr"].sum() == 544
    published("3,508 544 4,052", (4812, 4812))
    anual = t("salud_tb_anual").set_index("anio")
    assert list(anual.index) == list(range(2013, 2025))
    a24 = anual.loc[2024]
    assert (a24["casos_sensible"], a24["casos_tb_dr"], a24["casos_tb_xdr"], a24["total_casos"]) == (
        3508,
        544,
        0,
        4052,
    )
    assert a24["casos_sensible"] + a24["casos_tb_dr"] + a24["casos_tb_xdr"] == a24["total_casos"]
    # 570 nuevos casos de TB sensible 2023→2024
    assert a24["casos_sensible"] - anual.at[2023, "casos_sensible"] == 570 and published("con 570 nuevos")
    # años no recuperables: vacíos
    assert (
        anual.loc[2013:2022, ["casos_sensible", "casos_tb_dr", "casos_tb_xdr", "total_casos"]]
        .isna()
        .all()
        .all()
    )


def test_tb_lima_y_oficinas():
    ep, tri = t("salud_tb_ep"), t("salud_tb_oficina_trimestre")
    tot_of = t("salud_tb_oficina_total_impreso").set_index("codigo_oficina")["casos"]
    por_of_ep = ep.groupby("codigo_oficina")["total_casos"].sum()
    por_of_tri = tri.groupby("codigo_oficina")["casos"].sum()
    for of, n in tot_of.items():
        assert por_of_tri[of] == n
        assert por_of_ep.get(of, 0) == n
    lima = por_of_ep["LIMA"]
    assert lima == 2868 and published("2,868 casos de TBC", (4424, 4424))
    # el 77.8% publicado es una errata: el cálculo da 70.8%
    assert pct(lima, 4052) == "70.8%"
    assert published("77.8%", (4424, 4424)) and pct(lima, 4052) != "77.8%"
    assert por_of_tri["ALTIPLANO"] == 0 and published("0% ( 0 casos de TBC)")
    tot_q = t("salud_tb_trim_total_impreso").set_index("trimestre")["casos"]
    sum_q = tri.groupby("trimestre")["casos"].sum()
    for q, n in tot_q.items():
        assert sum_q[q] == n
        published(fmt(n), (4736, 4736))
    assert tot_q.sum() == 4052
    # % trimestrales impresos recomputan (p. ej. Lima T1 70.9%)
    assert pct(1003, sum_q[1]) == "70.9%" and published("70.9%", (4624, 4624))


def test_tb_top5():
    ep = t("salud_tb_ep").sort_values("total_casos", ascending=False)
    top = ep.head(5)
    assert top["total_casos"].tolist() == [770, 403, 320, 278, 263]
    assert top["codigo_ep"].tolist() == ["LURIGANCHO", "ICA", "TRUJILLO", "CHINCHA", "CASTRO_CASTRO"]
    published("770 403 320 278 263", (4521, 4521))


# ----------------------------------------------------------------------- 3.3 VIH
def test_vih():
    ep = t("salud_vih_ep")
    assert ep["pvvs"].sum() == 1066 and published("1,066", (4904, 4904))
    assert ep["targa"].sum() == 1040
    assert ep["coinfeccion_tb_casos_nuevos"].sum() == 54
    published("1,066 1,040 54", (5018, 5018))
    published("1,066 1,040 54", (5069, 5069))
    assert (ep["targa"] <= ep["pvvs"]).all()
    por_of = ep.groupby("codigo_oficina")[["pvvs", "targa"]].sum()
    tot = t("salud_vih_oficina_total_impreso").set_index("codigo_oficina")
    for of, fila in tot.iterrows():
        assert por_of.at[of, "pvvs"] == fila["pvvs"] and por_of.at[of, "targa"] == fila["targa"]
    lima = por_of.at["LIMA", "pvvs"]
    assert lima == 634 and pct(lima, 1066) == "59.5%"
    published("Regional Lima con 634 (59.5%) casos.", (4906, 4906))
    top = ep.sort_values("pvvs", ascending=False).head(5)
    assert top["pvvs"].tolist() == [178, 74, 68, 62, 56] and published("178 74 68 62 56", (4997, 4997))
    anual = t("salud_vih_anual").set_index("anio")
    assert list(anual.index) == list(range(2016, 2025))
    assert anual.at[2024, "targa"] - anual.at[2023, "targa"] == 224 and published("224 casos más")
    assert pct(anual.at[2024, "pvvs"] - anual.at[2023, "pvvs"], anual.at[2023, "pvvs"]) == "20.6%"
    published("20.6%", (5023, 5023))


# --------------------------------------------------------------- 3.4 categorización
def test_ipress():
    ip, est = t("salud_ipress_categorizacion"), t("salud_ipress_estado").set_index("estado")
    n = ip["estado"].value_counts()
    assert n["CATEGORIZADO_ACTIVO"] == est.at["CATEGORIZADO_ACTIVO", "establecimientos"] == 15
    assert n["LICENCIA_VENCIDA"] == est.at["LICENCIA_VENCIDA", "establecimientos"] == 41
    published("15 Establecimientos Peniten-", (5187, 5187))
    published("41 Establecimientos con licencia", (5190, 5190))
    published("10 Establecimientos en proceso", (5191, 5191))
    published("03 Establecimientos", (5188, 5188))
    total = t("salud_ipress_total_impreso").at[0, "establecimientos"]
    assert est["establecimientos"].sum() == total == 69 and published("69", (5198, 5198))
    assert ip["fecha_categorizacion"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    for _, fila in ip.iterrows():  # cada fecha impresa en su fila (dd/mm/aaaa)
        a, m, d = fila["fecha_categorizacion"].split("-")
        ini = int(fila["linea_fuente"])
        published(f"{d}/{m}/{a}", (ini, ini + 8))
    assert pct(41, 69, 0) == "59%" and published("59%", (5209, 5209))


# ------------------------------------------------------------------------ 3.5 SIS
def test_sis():
    sis = t("salud_sis_afiliacion_anual").set_index("anio")
    assert list(sis.index) == list(range(2015, 2025))
    af, pob = sis.at[2024, "afiliados_sis"], sis.at[2024, "poblacion_penitenciaria"]
    assert af == 96470 and published("96,470", (5494, 5494))
    assert f"{round(100 * af / pob)}%" == "97%" and published("97%  (96,470)")
    inc = af - sis.at[2023, "afiliados_sis"]
    assert inc == 4554 and published("5%  (4,554)")
    assert f"{round(100 * inc / sis.at[2023, 'afiliados_sis'])}%" == "5%"
    pc = t("salud_poblacion_capacidad_anual").set_index("anio")
    for y in range(2016, 2025):
        assert sis.at[y, "poblacion_penitenciaria"] == pc.at[y, "poblacion_penitenciaria"]
    # INC-16: la población de 2015 difiere entre los dos gráficos (se guarda tal cual)
    assert sis.at[2015, "poblacion_penitenciaria"] == 74552 and published("74,552", (5567, 5567))
    assert pc.at[2015, "poblacion_penitenciaria"] == 77242 and published("77,242", (4490, 4490))
    assert round(100 * sis.at[2015, "afiliados_sis"] / 74552) == 72 and published("72%", (5548, 5548))


# ---------------------------------------------------------------- 3.6 salud mental
def test_salud_mental_e_inimputables():
    sm, tot = t("salud_mental_oficina"), t("salud_mental_total_impreso").set_index("tipo_caso")
    s = sm.groupby("tipo_caso")[["hombre", "mujer", "total"]].sum()
    for tipo, fila in tot.iterrows():
        for c in ("hombre", "mujer", "total"):
            assert s.at[tipo, c] == fila[c]
    assert s.at["PROBLEMA_SALUD_MENTAL", "total"] == 4696 and published("4,696 casos con diag-", (5770, 5770))
    published("4,302                        394                     4,696", (5747, 5747))
    assert s.at["INIMPUTABLE", "total"] == 91
    published("88                        03                 91", (5694, 5694))
    assert sm["codigo_oficina"].value_counts().eq(2).all()


# -------------------------------------------------------- 3.7 morbilidad y 3.8 RNT
def test_morbilidad_y_rnt():
    mb = t("salud_morbilidad_causas").sort_values("casos", ascending=False)
    assert mb.head(3)["causa"].tolist() == ["FARINGITIS_AGUDA", "GASTRITIS", "LUMBAGO"]
    published("faringitis aguda, \ngastritis y lumbago", (5819, 5820))
    assert mb["casos"].tolist() == sorted(mb["casos"], reverse=True)
    for v in mb["casos"]:
        published(fmt(int(v)), (5821, 5881))
    assert (mb.set_index("causa").at["DOLOR_ABDOMINAL", "casos"]) == 975 and published("Dolor abdominal 975")
    rnt = t("salud_telesalud_rnt")
    assert rnt.at[0, "establecimientos_integrados_rnt"] == 48 and published("integrar a estos 48 servicios")
    assert rnt.at[0, "establecimientos_acondicionados"] == 48 and published("acondicionar 48")
    assert len(t("salud_tele_ep")) <= 48


# --------------------------------------------------------------- 3.9 teleinterconsultas
def test_teleinterconsultas():
    ep = t("salud_tele_ep")
    tot = t("salud_tele_total_impreso").iloc[0]
    for c in ("beneficiados_hombre", "beneficiados_mujer", "total_beneficiados", "total_atenciones"):
        assert ep[c].sum() == tot[c]
    assert ep["total_atenciones"].sum() == 5758
    assert ep["total_beneficiados"].sum() == 2410
    published("5,758 2,410", (5935, 5935))
    published("2,006 404 2,410 5,758", (6027, 6027))
    assert (ep["total_atenciones"] >= ep["total_beneficiados"]).all()
    of = ep.groupby("codigo_oficina")[["total_atenciones", "total_beneficiados"]].sum()
    assert of.at["LIMA", "total_atenciones"] == 1544 and published("(1,544)", (5938, 5938))
    assert of.at["LIMA", "total_beneficiados"] == 599 and published("(599)", (5939, 5939))
    assert of.at["ALTIPLANO", "total_atenciones"] == 25 and published("(25)", (5941, 5941))
    assert of.at["ALTIPLANO", "total_beneficiados"] == 12 and published("(12)", (5942, 5942))
    assert of["total_atenciones"].idxmax() == "LIMA" and of["total_atenciones"].idxmin() == "ALTIPLANO"
    assert of["total_beneficiados"].idxmax() == "LIMA" and of["total_beneficiados"].idxmin() == "ALTIPLANO"
    top3 = of["total_beneficiados"].nlargest(3)
    assert set(top3.index) == {"LIMA", "NORTE", "NOR_ORIENTE"} and top3.sum() == 1740
    published("(1,740)", (5950, 5950))
    # INC-22: se imprimió 72.3%, el cálculo da 72.2%
    assert pct(1740, 2410) == "72.2%" and published("72.3%", (5950, 5950))


def test_teleinterconsultas_edad():
    ed = t("salud_tele_edad_oficina")
    tot = t("salud_tele_edad_total_impreso").set_index("grupo_edad")["beneficiados"]
    s = ed.groupby("grupo_edad")["beneficiados"].sum()
    for g, n in tot.items():
        assert s[g] == n
    published("384                   1,534                     492", (6003, 6003))
    assert s.sum() == 2410
    assert s["ADULTO_30_50"] == 1534 and pct(1534, 2410) == "63.7%" and published("63.7% (1,534)")
    # por oficina, la suma de grupos = beneficiados del cuadro por E.P.
    ep = t("salud_tele_ep").groupby("codigo_oficina")["total_beneficiados"].sum()
    por_of = ed.groupby("codigo_oficina")["beneficiados"].sum()
    assert (por_of.sort_index() == ep.sort_index()).all()
    visibles = ed[ed["reconstruido"] == "no"]
    for v in visibles.loc[visibles["grupo_edad"] == "ADULTO_30_50", "beneficiados"]:
        published(str(int(v)), (5995, 5997))


def test_teleinterconsultas_especialidad():
    es = t("salud_tele_especialidad").set_index("especialidad")
    tot = t("salud_tele_espec_total_impreso").iloc[0]
    assert tot["total_atenciones"] == 5758 and published("5,758\n\nTotal de atenciones")
    assert tot["total_beneficiados"] == 2427 and published("2,427\n\nTotal de beneficiados")
    assert es.at["PSIQUIATRIA", "atenciones"] == 1385 and published("1,385", (6108, 6108))
    assert es.at["OTROS", "atenciones"] == 66 and published("Otros 66")
    assert es.at["MEDICINA_INTERNA", "beneficiados"] == 594 and published("Otros 46")
    # atenciones perdidas: las 11 especialidades sin valor suman 1,892
    assert tot["total_atenciones"] - es["atenciones"].sum() == 1892
    assert es["atenciones"].isna().sum() == 11
    # beneficiados: faltan tres barras que suman 93; el gráfico no cuadra con 2,410 (INC-23)
    assert tot["total_beneficiados"] - es["beneficiados"].sum() == 93
    assert es["beneficiados"].isna().sum() == 3
    assert tot["total_beneficiados"] - 2410 == 17
    assert es["certeza_atenciones"].isna().equals(es["atenciones"].isna())
    assert es["certeza_beneficiados"].isna().equals(es["beneficiados"].isna())


# --------------------------------------------------------------------- erratas
def test_erratas_cap3():
    ruta = DATOS / "erratas" / "cap3.csv"
    df = pd.read_csv(ruta, dtype=str, keep_default_na=False)
    assert list(df.columns) == [
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
    assert df["id"].is_unique
    assert df["id"].str.fullmatch(r"ch3_4/(INC-\d{2}|CAP3-N\d{2})").all()
    assert (df["capitulo"] == "3").all()
    assert df["severidad"].isin(["alta", "media", "baja"]).all()
    # `figura` names the computed figure that replaces the published one (inpe_informe/quality.py `cifras`).
    assert df["figura"].str.fullmatch(r"(cap3\.[A-Za-z0-9_.]+)?").all()
    assert df.set_index("id").at["ch3_4/INC-04", "figura"] == "cap3.tuberculosis.oficinas.LIMA.porcentaje"
    colapsado = _colapsar(SEED_CAP3)
    for _, fila in df.iterrows():
        for parte in filter(None, fila["publicado"].split("; ")):
            assert _colapsar(parte) in colapsado, f"{fila['id']}: «{parte}» no está en el Cap. III"
        for tramo in fila["lineas"].split("; "):
            for n in re.findall(r"\d+", tramo):
                assert CAP3_INI <= int(n) <= CAP3_FIN, f"{fila['id']}: línea {n} fuera del Cap. III"
    assert {"ch3_4/INC-01", "ch3_4/INC-04", "ch3_4/INC-16", "ch3_4/INC-21", "ch3_4/INC-23"} <= set(df["id"])
