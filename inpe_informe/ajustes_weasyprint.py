"""Shortcuts for WeasyPrint, same pages: what the report has hundreds of is written in runs, and
compressed at the usual level.

WeasyPrint writes each dot of a leader and each letter of an SVG text as a text object of its own;
the contents' leaders and the charts' labels made a fifth of a build's PDF writing. Both shortcuts
keep every glyph where WeasyPrint puts it (checked page by page as images) and step aside for any
case they do not cover.
"""

from __future__ import annotations

NIVEL_DE_COMPRESION = 6  # zlib's default; pydyf uses 9
TRAMO_DE_GUIA = 16  # dots drawn as one run: short enough that the run's glyph advances cannot drift visibly


def guias_en_tramos() -> None:
    """Draw each dot leader (contents, lists of tables and charts) in runs of dots, not one text object per dot.

    WeasyPrint fills a leader with a copy of its text box per dot, each written as a text object of
    its own: the lists' ~200 leaders cost more to write than all their other text. The dots stay
    where WeasyPrint put them (contiguous, aligned on the line's end): each run of TRAMO_DE_GUIA dots
    starts at its first dot, so the written glyph advances (rounded to thousandths of an em) cannot
    drift by more than a tenth of a point; a single run across the line drifted by almost a point.
    """
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import split_first_line

    original = inline.handle_leader
    if getattr(original, "en_tramos", False):
        return

    def handle_leader(context, line, containing_block):
        original(context, line, containing_block)
        _indice, guia = leader_index(line)
        if guia is None or len(guia.children) < 2:
            return
        puntos = sorted(guia.children, key=lambda caja: caja.position_x)
        disposiciones, tramos = {}, []
        for inicio in range(0, len(puntos), TRAMO_DE_GUIA):
            grupo = puntos[inicio : inicio + TRAMO_DE_GUIA]
            texto = grupo[0].text * len(grupo)
            if texto not in disposiciones:
                disposiciones[texto] = split_first_line(texto, grupo[0].style, context, None, 0)[0]
            tramo = grupo[0].copy_with_text(texto)
            tramo.pango_layout = disposiciones[texto]
            tramo.width = sum(punto.width for punto in grupo)
            tramos.append(tramo)
        guia.children = tuple(tramos)

    handle_leader.en_tramos = True
    inline.handle_leader = handle_leader


def texto_svg_en_palabras() -> None:
    """An SVG <text> with one position (what matplotlib writes) laid out and drawn as one run, not letter by letter.

    WeasyPrint lays out and draws SVG text one letter at a time, so without kerning or ligatures:
    the run is shaped with both turned off, which puts each glyph at the same advance. Text with
    per-letter positions, rotations, letter-spacing or textLength is left to WeasyPrint (a <tspan> child
    still starts where the run ends). A label anchored at its middle or end is drawn shifted by its
    width, not into a transparency group of its own (one form XObject per label: a third of a chart
    chapter's PDF); glyphs stand where the group put them.
    """
    import importlib

    modulo_svg = importlib.import_module("weasyprint.svg")
    # importlib: `from weasyprint.svg import text` gives the function, which shadows its module
    original = importlib.import_module("weasyprint.svg.text").text
    if getattr(modulo_svg.text, "en_palabras", False):
        return

    def text(svg, node, font_size):
        if not _texto_simple(node):
            return original(svg, node, font_size)
        return _dibujar_en_una_corrida(svg, node, font_size)

    text.en_palabras = True
    # draw_node recognises text elements by `TAGS.get(tag) == text` (the module's name): both are replaced
    modulo_svg.text = text
    for etiqueta, funcion in list(modulo_svg.TAGS.items()):
        if funcion is original:
            modulo_svg.TAGS[etiqueta] = text

    dibujar_nodo = modulo_svg.SVG.draw_node

    def draw_node(self, node, font_size, fill_stroke=True, context=None):
        # WeasyPrint draws a label anchored at its middle or end into a group of its own, measures the group
        # and places it shifted: one form XObject per label. A one-run label knows its width: it is drawn
        # shifted instead (_dibujar_en_una_corrida), and draw_node sees it anchored at its start.
        if node.tag == "text" and _texto_simple(node) and not len(list(node)):
            ancla = node.get("text-anchor", "start")
            if ancla in ("middle", "end") and node.get("direction", "ltr") == "ltr":
                node.attrib["text-anchor"], node.ancla_inpe = "start", ancla
        return dibujar_nodo(self, node, font_size, fill_stroke, context)

    modulo_svg.SVG.draw_node = draw_node


def _texto_simple(node) -> bool:
    atributos = node.attrib
    if not node.text or "rotate" in atributos:
        return False
    if node.get("letter-spacing") not in (None, "0", "normal") or node.get("textLength"):
        return False
    return all(len(str(atributos.get(eje, "")).split()) <= 1 for eje in ("x", "y", "dx", "dy"))


def _dibujar_en_una_corrida(svg, node, font_size) -> None:
    """WeasyPrint 70's svg.text.text for one position, with the letters' loop made one run."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = node.get("font-weight", 400)
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    if style["font_weight"] == "normal":
        style["font_weight"] = 400
    elif style["font_weight"] == "bold":
        style["font_weight"] = 700
    else:
        try:
            style["font_weight"] = int(style["font_weight"])
        except ValueError:
            style["font_weight"] = 400
    # letter by letter there is no kerning nor ligature: the run is shaped without them
    style["font_kerning"] = "none"
    style["font_variant_ligatures"] = "none"

    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, float("inf"), 0)

    def primero(nombre, medida):
        if nombre not in node.attrib:
            return None
        return size(normalize(node.attrib[nombre]).strip().split(" ")[0], font_size, medida)

    x, y = primero("x", svg.inner_width), primero("y", svg.inner_height)
    dx, dy = primero("dx", svg.inner_width), primero("dy", svg.inner_height)

    ascent, descent = font_size * 0.8, font_size * 0.2
    y_align = 0
    display_anchor = node.get("display-anchor")
    alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        y_align = -height / 2
    elif display_anchor == "top":
        pass
    elif display_anchor == "bottom":
        y_align = -height
    elif alignment_baseline in ("central", "middle"):
        y_align = (ascent + descent) / 2 - descent
    elif alignment_baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        y_align = ascent
    elif alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        y_align = -descent

    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += dx or 0
    svg.cursor_d_position[1] += dy or 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    # where WeasyPrint would move the label's group: by its width, or half of it (see draw_node above)
    desplazamiento = {"middle": width / 2, "end": width}.get(getattr(node, "ancla_inpe", None), 0)
    y_position = y + svg.cursor_d_position[1] + y_align
    puntos = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, puntos)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    caja = TextBox(layout, style)
    caja.baseline = baseline
    emojis = draw_first_line(
        svg.stream, caja, "none", "none", Matrix(a=1, d=-1, e=x_position - desplazamiento, f=y_position)
    )
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x - desplazamiento, y, emojis)


def compresion_usual() -> None:
    """Compress the PDF's streams at zlib's usual level, not at pydyf's maximum.

    Level 9 took ~1 s of a cold build's ~26 s of CPU (measured: 1.00 s for the report's 2.87 MB of
    compressed streams; level 6: 0.30 s for 2.96 MB, +3%). The content is the same, lossless.
    """
    import zlib

    import pydyf

    if pydyf.__version__ != "0.13.0" or getattr(pydyf.Stream.data.fget, "nivel", None):
        return  # another pydyf: its own Stream.data, untouched

    def data(self):  # pydyf 0.13's Stream.data, with the level
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)  # noqa: SLF001 (pydyf's own)
        extra = pydyf.Dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            compresor = zlib.compressobj(level=NIVEL_DE_COMPRESION)
            stream = compresor.compress(stream) + compresor.flush()
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    data.nivel = NIVEL_DE_COMPRESION
    pydyf.Stream.data = property(data)


def instalar() -> None:
    """Every shortcut, once per process (idempotent)."""
    guias_en_tramos()
    texto_svg_en_palabras()
    compresion_usual()
