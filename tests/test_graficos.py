"""Charts a reader can read: no label on another label, a line, a marker, a bar or the legend; nothing
cut at the edge; readable axes for flat and one-point series.

Every chart spec of the December 2024 report (both editions) and of January 2024 (one month of data)
is drawn as the build draws it, and the drawn artists' bounding boxes are measured.
"""

from __future__ import annotations

import functools
import itertools

import pytest
from conftest import RAIZ

EDICIONES = [("2024-12", "es"), ("2024-12", "en"), ("2024-01", "es")]


@functools.cache
def _especificaciones(periodo: str, idioma: str):
    """The chapters' chart specs for a period and edition (load → validate → compute; no PDF)."""
    from inpe_informe import capitulos, prepare
    from inpe_informe.config import leer_config
    from inpe_informe.edition import Edicion
    from inpe_informe.i18n import leer_etiquetas

    cfg = leer_config(RAIZ / "config.yaml", periodo=periodo, idioma=idioma)
    esquemas, crudas, _ = prepare.leer(cfg, capitulos.tablas_del_informe())
    tablas, hallazgos = prepare.validar_tablas(esquemas, crudas)
    indicadores, _ = prepare.calcular(cfg, tablas)
    edicion = Edicion.de(cfg.plantillas, idioma)
    graficos = capitulos.especificaciones(indicadores, leer_etiquetas(cfg.plantillas), edicion)
    return graficos, edicion, cfg, hallazgos


def _figuras(periodo: str, idioma: str):
    """Yield (spec, figure) for every chart of the edition, drawn at its final size."""
    import matplotlib.pyplot as plt

    from inpe_informe import charts

    graficos, edicion, cfg, _ = _especificaciones(periodo, idioma)
    charts.configurar_estilo(cfg.plantillas / "fonts", edicion.filtros["numero"])
    for g in graficos:
        fig = charts.figura(g)
        try:
            fig.canvas.draw()
            yield g, fig
        finally:
            plt.close(fig)


# --- geometry of the drawn artists (display coordinates, pixels) ---------------------------------


def _cruza(a, b, tolerancia=0.25) -> bool:
    """Two boxes overlap (by more than a hair on both axes)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tolerancia and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerancia


def _segmento_cruza(caja, p, q) -> bool:
    """The segment p–q passes through the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for borde_p, borde_q in (
        (-dx, x0 - caja.x0),
        (dx, caja.x1 - x0),
        (-dy, y0 - caja.y0),
        (dy, caja.y1 - y0),
    ):
        if borde_p == 0:
            if borde_q < 0:
                return False
            continue
        t = borde_q / borde_p
        if borde_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _encogida(caja, px=0.5):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(caja.x0 + px, caja.y0 + px, caja.x1 - px, caja.y1 - px)


def _marcas(fig, renderer):
    """Tick labels actually shown (within the view) and axis labels of every axes."""
    textos = []
    for ax in fig.axes:
        for eje, limites in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            bajo, alto = sorted(limites)
            holgura = (alto - bajo) * 1e-9
            for tick in eje.get_major_ticks():
                etiqueta = tick.label1 if tick.label1.get_visible() else tick.label2
                if (
                    etiqueta.get_visible()
                    and etiqueta.get_text()
                    and bajo - holgura <= tick.get_loc() <= alto + holgura
                ):
                    textos.append(("marca", etiqueta))
            if eje.label.get_text():
                textos.append(("titulo de eje", eje.label))
    return textos


def choques(fig) -> list[str]:
    """Every collision in a drawn figure: text on text, a data label on a line, marker, bar or ring,
    the legend on anything, and any text or the legend cut by the figure's edge."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle, Wedge

    renderer = fig.canvas.get_renderer()
    lienzo = fig.bbox
    rotulos = [("rótulo", t) for ax in fig.axes for t in ax.texts if t.get_visible() and t.get_text().strip()]
    textos = rotulos + _marcas(fig, renderer)
    cajas = [(clase, t.get_text(), _encogida(t.get_window_extent(renderer))) for clase, t in textos]
    leyendas = [lg for ax in fig.axes if (lg := ax.get_legend()) is not None]
    cajas += [("leyenda", "leyenda", _encogida(lg.get_window_extent(renderer))) for lg in leyendas]
    problemas = []

    for (c1, t1, a), (c2, t2, b) in itertools.combinations(cajas, 2):
        if _cruza(a, b):
            problemas.append(f"{c1} «{t1}» sobre {c2} «{t2}»")
    for clase, texto, caja in cajas:
        if (
            caja.x0 < lienzo.x0 - 0.5
            or caja.y0 < lienzo.y0 - 0.5
            or caja.x1 > lienzo.x1 + 0.5
            or caja.y1 > lienzo.y1 + 0.5
        ):
            problemas.append(f"{clase} «{texto}» cortado por el borde del gráfico")

    # data labels and the legend against what the data draws: lines, markers, bars, donut rings
    obstaculos = [(c, t, b) for c, t, b in cajas if c in ("rótulo", "leyenda")]
    for ax in fig.axes:
        for linea in ax.lines:
            if not isinstance(linea, Line2D) or not linea.get_visible():
                continue
            puntos = linea.get_transform().transform(linea.get_xydata())
            radio = (
                linea.get_markersize() / 72 * fig.dpi / 2
                if linea.get_marker() not in (None, "None", "")
                else 0
            )
            for clase, texto, caja in obstaculos:
                if any(_segmento_cruza(caja, p, q) for p, q in itertools.pairwise(puntos)):
                    problemas.append(f"{clase} «{texto}» tachado por la línea «{linea.get_label()}»")
                elif radio and any(
                    caja.x0 - radio < x < caja.x1 + radio and caja.y0 - radio < y < caja.y1 + radio
                    for x, y in puntos
                ):
                    problemas.append(f"{clase} «{texto}» sobre un marcador de «{linea.get_label()}»")
        for parche in ax.patches:
            if isinstance(parche, Rectangle) and parche.get_height() and parche.get_width():
                barra = parche.get_window_extent(renderer)
                for clase, texto, caja in obstaculos:
                    dentro = (
                        barra.x0 <= caja.x0
                        and caja.x1 <= barra.x1
                        and barra.y0 <= caja.y0
                        and caja.y1 <= barra.y1
                    )
                    if _cruza(caja, barra) and not (clase == "rótulo" and dentro):
                        problemas.append(f"{clase} «{texto}» sobre una barra")
            elif isinstance(parche, Wedge):
                centro = ax.transData.transform(parche.center)
                escala = ax.transData.transform((parche.center[0] + 1, parche.center[1]))[0] - centro[0]
                exterior, interior = parche.r * escala, (parche.r - (parche.width or parche.r)) * escala
                for clase, texto, caja in obstaculos:
                    cx = min(max(centro[0], caja.x0), caja.x1)
                    cy = min(max(centro[1], caja.y0), caja.y1)
                    cercana = ((cx - centro[0]) ** 2 + (cy - centro[1]) ** 2) ** 0.5
                    lejana = max(
                        ((x - centro[0]) ** 2 + (y - centro[1]) ** 2) ** 0.5
                        for x in (caja.x0, caja.x1)
                        for y in (caja.y0, caja.y1)
                    )
                    if cercana < exterior and lejana > interior:
                        problemas.append(f"{clase} «{texto}» sobre el anillo")
                break  # the slices form one ring: one check per ring
    return sorted(set(problemas))


def truncados(grafico, fig) -> list[str]:
    """Value axes that do not start at zero (a truncated axis shows a change larger than it is)."""
    if grafico.tipo == "dona":
        return []
    limites = [ax.get_xlim() for ax in fig.axes] if grafico.tipo == "barras_h" else []
    limites = limites or [ax.get_ylim() for ax in fig.axes]
    return [f"eje de {bajo:,.0f} a {alto:,.0f}" for bajo, alto in limites if bajo > 0]


@functools.cache
def _medidas(periodo: str, idioma: str) -> dict[str, tuple[list, list, list, list]]:
    """Per chart of the edition, drawn once: collisions, repeated tick labels, truncated axes, panels."""
    return {
        g.id: (choques(fig), _marcas_repetidas(fig), truncados(g, fig), _paneles(g, fig))
        for g, fig in _figuras(periodo, idioma)
    }


@pytest.mark.parametrize(("periodo", "idioma"), EDICIONES)
def test_ninguna_etiqueta_choca_ni_queda_cortada(periodo, idioma):
    """No chart of the edition has a label on another label, a line, a marker, a bar or a ring, nor a text cut."""
    fallos = {gid: p for gid, (p, *_) in _medidas(periodo, idioma).items() if p}
    assert not fallos, "\n".join(f"{gid}: {'; '.join(p)}" for gid, p in fallos.items())


def _marcas_repetidas(fig) -> list[str]:
    """Tick labels printed twice on one axis ("14 14 14 13 13"): an axis a reader cannot read."""
    repetidas = []
    for ax in fig.axes:
        for eje, limites in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            bajo, alto = sorted(limites)
            textos = [
                t.label1.get_text() or t.label2.get_text()
                for t in eje.get_major_ticks()
                if bajo <= t.get_loc() <= alto
            ]
            textos = [t for t in textos if t]
            repetidas += sorted({t for t in textos if textos.count(t) > 1})
    return repetidas


@pytest.mark.parametrize(("periodo", "idioma"), EDICIONES)
def test_ejes_legibles_sin_marcas_repetidas(periodo, idioma):
    """Every value axis of every chart, flat or one-point series included, prints each tick once."""
    fallos = {gid: r for gid, (_, r, *_) in _medidas(periodo, idioma).items() if r}
    assert not fallos, fallos


@pytest.mark.parametrize(("periodo", "idioma"), EDICIONES)
def test_ningun_eje_truncado(periodo, idioma):
    """Every value axis of every line and bar chart starts at zero; a second scale is a panel of its own."""
    medidas = _medidas(periodo, idioma)
    fallos = {gid: m[2] for gid, m in medidas.items() if m[2]}
    assert not fallos, fallos
    paneles = {gid: m[3] for gid, m in medidas.items() if m[3]}
    assert paneles, "no chart with a second scale was drawn"
    for gid, cajas in paneles.items():
        assert len(cajas) == 2 and cajas[0][1] < cajas[1][0], f"{gid}: its two scales share one plot"


def _paneles(grafico, fig) -> list[tuple[float, float]]:
    """A line chart with a second scale: the vertical extents of its axes (panels, not twin axes)."""
    if not any(s.get("eje") == "secundario" for s in grafico.datos.get("series", [])):
        return []
    return sorted((ax.bbox.y0, ax.bbox.y1) for ax in fig.axes)


def _medir(grafico) -> tuple[list[str], list[str], list]:
    """Draw one chart; its collisions, repeated ticks and every axes' (lowest value, ticks shown)."""
    import matplotlib.pyplot as plt

    from inpe_informe import charts

    charts.configurar_estilo(RAIZ / "templates" / "fonts", lambda v: f"{v:,.0f}")
    fig = charts.figura(grafico)
    try:
        fig.canvas.draw()
        ejes = [
            (ax.get_ylim()[0], [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]])
            for ax in fig.axes
        ]
        return choques(fig), _marcas_repetidas(fig), ejes
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "valores",
    [[14, 14, 14, 13, 13], [513], [513, 513], [0, 0, 0], [2, 1, 0, 1, 3]],
    ids=["casi-plana", "un-punto", "plana", "ceros", "pequena"],
)
def test_serie_plana_o_de_un_punto_se_lee(valores):
    """A flat, one-point or all-zero count series: distinct whole ticks, its labels on no line or label,
    never below zero."""
    from inpe_informe.charts import Grafico

    meses = [f"M{i}" for i in range(len(valores))]
    grafico = Grafico(
        "plana",
        "linea_enteros",
        {
            "meses": meses,
            "series": [
                {"etiqueta": "a", "valores": valores},
                {"etiqueta": "b", "valores": [v // 2 for v in valores]},
                {"etiqueta": "c", "valores": valores, "eje": "secundario"},
            ],
        },
    )
    problemas, repetidas, ejes = _medir(grafico)
    assert not problemas and not repetidas
    for bajo, marcas in ejes:
        assert len(marcas) >= 2 and min(marcas) >= 0 and bajo > -1
        assert all(float(t).is_integer() for t in marcas)


def test_la_medida_de_choques_ve_un_choque():
    """The measurement itself fails a chart whose labels sit on each other and on a line, and cut text."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1], marker="o")
    ax.text(0.5, 0.5, "sobre la línea")
    ax.text(0.5, 0.5, "otra")
    ax.text(1.2, 0.5, "fuera del lienzo, muy lejos")
    fig.canvas.draw()
    problemas = " | ".join(choques(fig))
    plt.close(fig)
    assert "sobre rótulo" in problemas and "tachado por la línea" in problemas and "cortado" in problemas


def test_morbilidad_sin_marcas_de_duda_en_el_grafico():
    """The morbidity chart prints the causes as published: a doubt about a label goes to the quality
    report (a note on the table's certeza column), never to the page."""
    graficos, _, _, hallazgos = _especificaciones("2024-12", "es")
    morbilidad = next(g for g in graficos if g.id == "cap3_morbilidad")
    assert morbilidad.datos["categorias"] and not any("*" in c for c in morbilidad.datos["categorias"])
    assert any(
        h.tabla == "salud_morbilidad_causas" and "certeza" in h.ubicacion + h.mensaje for h in hallazgos
    ), "the quality report no longer notes the morbidity labels' doubt"


def _colores(grafico) -> list[tuple[str, str]]:
    """(category, colour) of each slice or series as drawn: its own colour or the palette's by position."""
    from inpe_informe.charts import PALETA

    elementos = grafico.datos.get("partes") or grafico.datos.get("series") or []
    return [
        (e["etiqueta"].split("\n")[0], e.get("color") or PALETA[i % len(PALETA)])
        for i, e in enumerate(elementos)
    ]


@pytest.mark.parametrize(("periodo", "idioma"), [e for e in EDICIONES if e[1] == "es"])
def test_cada_categoria_conserva_su_color(periodo, idioma):
    """An office, an offence group, a regime, a stage or a programme has one colour in every chart where it
    is a slice (and in the lines that follow it); no two categories of one chart share a colour.
    Read on the Spanish label (the English edition names «Atendidos» and «N° de atendidos» alike)."""
    graficos, *_ = _especificaciones(periodo, idioma)
    vistos: dict[str, dict[str, str]] = {}
    for g in graficos:
        colores = _colores(g)
        assert len({c for _, c in colores}) == len(colores), f"{g.id}: dos categorías con un color"
        for categoria, color in colores:
            vistos.setdefault(categoria, {})[g.id] = color
    rebanadas = {
        e.split("\n")[0]
        for g in graficos
        if g.tipo == "dona"
        for e in (p["etiqueta"] for p in g.datos["partes"])
    }
    distintos = {c: v for c, v in vistos.items() if c in rebanadas and len(set(v.values())) > 1}
    assert not distintos, distintos


def test_un_informe_con_sus_graficos_ya_dibujados_no_importa_matplotlib(informe, tmp_path):
    """charts.py imports matplotlib only to draw: a rebuild whose charts are all in figures/ (a template
    edit, the same month again) starts without it (a quarter of a second). The session's default report
    drew every chart into the shared figures folder; the same build again, in a fresh process, draws none."""
    import json
    import subprocess
    import sys
    import textwrap

    from conftest import caches_de_la_sesion

    programa = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        from inpe_informe.config import leer_config
        from inpe_informe.pipeline import construir
        config, salida, figuras, cache = map(Path, sys.argv[1:])
        resultado = construir(leer_config(config, salida=salida, figuras=figuras, cache=cache))
        print(json.dumps({"matplotlib": "matplotlib" in sys.modules, "pdf": resultado.pdf.exists()}))
        """
    )
    caches = caches_de_la_sesion()
    hecho = subprocess.run(
        [sys.executable, "-c", programa, str(RAIZ / "config.yaml"), str(tmp_path / "output")]
        + [str(caches["figuras"]), str(caches["cache"])],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=600,
    )
    assert hecho.returncode == 0, hecho.stderr[-3000:]
    assert json.loads(hecho.stdout.strip().splitlines()[-1]) == {"matplotlib": False, "pdf": True}
    registro = next((tmp_path / "output" / "registros").glob("*.log")).read_text(encoding="utf-8")
    assert "(0 dibujados," in registro  # the premise: every chart was already drawn
