"""The WeasyPrint shortcuts (ajustes_weasyprint.py) put every glyph where WeasyPrint itself puts it.

The same page is written twice, each in a process of its own: by WeasyPrint as installed, and with the
shortcuts installed. Every character of a dot leader (more dots than one run holds) and of SVG labels
anchored at the start, middle and end must stand at the same place, read back from the PDF.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import RAIZ

_ESCRIBIR = r"""
import json, sys
from pathlib import Path
from weasyprint import HTML
import pypdfium2
if sys.argv[1] == "con":
    from inpe_informe import ajustes_weasyprint
    ajustes_weasyprint.instalar()
fuentes = Path(sys.argv[2])
documento = f'''<html><head><style>
@font-face {{ font-family: "Lato INPE"; src: url("{(fuentes / 'Lato-Regular.ttf').as_uri()}"); }}
@font-face {{ font-family: "Lato INPE"; src: url("{(fuentes / 'Lato-Bold.ttf').as_uri()}"); font-weight: 700; }}
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "Lato INPE"; font-size: 8.8pt; }}
a::after {{ content: leader(".") " 12"; }}
</style></head><body>
<p><a>Índice de cuadros</a></p>
<p style="font-weight: 700; font-size: 10pt"><a>Capítulo I · Órgano Técnico de Tratamiento</a></p>
<p><a>Un título bastante más largo que ocupa casi toda la línea del índice</a></p>
<svg width="300" height="90" viewBox="0 0 300 90" xmlns="http://www.w3.org/2000/svg">
<text x="10" y="20" style="font-size: 9px; font-family: 'Lato INPE'">Lima - Lima 43.0% (36,883)</text>
<text x="150" y="45" style="font-size: 7.5px; font-family: 'Lato INPE'; text-anchor: middle">DIC-24 AVATAR Tovar</text>
<text transform="translate(290 70)" style="font-size: 8px; font-family: 'Lato INPE'; text-anchor: end">RCO 85,726</text>
</svg>
</body></html>'''
pdf = HTML(string=documento).write_pdf()
pagina = pypdfium2.PdfDocument(pdf)[0].get_textpage()
caracteres = []
for i in range(pagina.count_chars()):
    letra = pagina.get_text_range(i, 1)
    if letra.strip():
        izquierda, abajo, derecha, arriba = pagina.get_charbox(i)
        caracteres.append([letra, izquierda, abajo])
print(json.dumps(caracteres))
"""


def _caracteres(modo: str) -> list:
    salida = subprocess.run(
        [sys.executable, "-c", _ESCRIBIR, modo, str(RAIZ / "templates" / "fonts")],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=300,
    )
    assert salida.returncode == 0, salida.stderr[-3000:]
    return json.loads(salida.stdout)  # in the order they are written


def _por_lugar(caracteres: list) -> list:
    """Top to bottom, left to right: WeasyPrint writes a leader's dots from the right, the shortcut from the left."""
    return sorted(caracteres, key=lambda c: (-round(c[2]), c[1]))


def test_guias_y_rotulos_svg_quedan_donde_los_pone_weasyprint():
    escritos = _caracteres("con")
    propios, atajos = _por_lugar(_caracteres("sin")), _por_lugar(escritos)
    assert [c[0] for c in atajos] == [c[0] for c in propios]
    puntos = sum(c[0] == "." for c in propios)
    assert puntos > 2 * 16, f"the leaders must span several runs of dots ({puntos} dots)"
    for (letra, x, y), (_, x2, y2) in zip(propios, atajos):
        assert abs(x - x2) < 0.15 and abs(y - y2) < 0.15, (
            f"«{letra}» moved: ({x:.2f}, {y:.2f}) → ({x2:.2f}, {y2:.2f})"
        )
    texto = "".join(c[0] for c in escritos)  # each SVG label is one run of text: it reads as written
    for rotulo in ("DIC-24", "Lima-Lima43.0%(36,883)", "RCO85,726"):
        assert rotulo in texto
