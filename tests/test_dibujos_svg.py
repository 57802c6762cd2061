"""A chart's kept drawing (dibujos_svg.py) writes the bytes its drawing would have written.

Documents with a chart like matplotlib's (clipped paths, labels anchored at the start, middle and end, a
rotated label) are written three ways: with no kept drawings, drawing and keeping them, and replaying
what was kept. The PDFs must be identical byte for byte, also when the chart sits elsewhere on the page
than where it was drawn, and a damaged entry must be drawn again.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import RAIZ

_ESCRIBIR = r"""
import json, sys
from pathlib import Path
from inpe_informe import dibujos_svg, layout

carpeta, parrafos, cache = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
fuentes = (Path.cwd() / "templates" / "fonts").as_uri()
grafico = '''<svg xmlns="http://www.w3.org/2000/svg" width="360" height="200" viewBox="0 0 360 200">
<defs><clipPath id="p1"><rect x="40" y="10" width="300" height="150"/></clipPath></defs>
<path d="M 40 160 L 340 160" style="fill: none; stroke: #444; stroke-width: 0.8"/>
<g clip-path="url(#p1)">
<path d="M 60 160 L 60 60 L 100 60 L 100 160 z" style="fill: #3b5b8c"/>
<path d="M 140 160 L 140 20 L 180 20 L 180 160 z" style="fill: #3b5b8c"/>
<path d="M 30 100 L 350 40" style="fill: none; stroke: #c0392b; stroke-width: 1.5"/>
</g>
<text x="80" y="175" style="font-size: 8px; font-family: 'Lato INPE'; text-anchor: middle">ENE-24</text>
<text x="160" y="175" style="font-size: 8px; font-family: 'Lato INPE'; text-anchor: middle">FEB-24</text>
<text x="36" y="64" style="font-size: 8px; font-family: 'Lato INPE'; text-anchor: end">1,250</text>
<text x="80" y="55" style="font-size: 7.5px; font-family: 'Lato INPE'; text-anchor: middle">14.0% (479)</text>
<text transform="translate(12 90) rotate(-90)" style="font-size: 8px; font-family: 'Lato INPE'; text-anchor: middle">Internos</text>
<text x="200" y="195" style="font-size: 8px; font-family: 'Lato INPE'">Fuente: INPE</text>
</svg>'''
(carpeta / "grafico.svg").write_text(grafico, encoding="utf-8")
texto = "<p>Se observa un incremento de 4.0% (3,336) de internos frente a diciembre.</p>" * parrafos
documento = f'''<html><head><meta name="dcterms.created" content="2025-01-15T00:00:00Z"><style>
@font-face {{ font-family: "Lato INPE"; src: url("{fuentes}/Lato-Regular.ttf"); }}
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "Lato INPE"; font-size: 10pt; }}
</style></head><body>{texto}
<figure><img src="{(carpeta / 'grafico.svg').as_uri()}" alt="Internos por mes" style="width: 120mm"></figure>
</body></html>'''
trabajo = layout.Trabajo(documento, Path.cwd(), [Path.cwd(), carpeta], "prueba")
guardados = carpeta / "dibujos" if cache == "si" else None
with dibujos_svg.guardados_en(guardados):
    maqueta = layout._maquetar_y_escribir(trabajo)
entradas = sorted(p.name for p in guardados.glob("*.pkl")) if guardados else []
(carpeta / f"{parrafos}-{cache}.pdf").write_bytes(maqueta.pdf)
print(json.dumps(entradas))
"""


def _escribir(carpeta, parrafos: int, cache: str) -> tuple[bytes, list]:
    """Write the document in a process of its own (every WeasyPrint state starts empty, as in a build)."""
    salida = subprocess.run(
        [sys.executable, "-c", _ESCRIBIR, str(carpeta), str(parrafos), cache],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=300,
    )
    assert salida.returncode == 0, salida.stderr[-3000:]
    return (carpeta / f"{parrafos}-{cache}.pdf").read_bytes(), json.loads(salida.stdout)


def test_el_dibujo_guardado_escribe_los_mismos_bytes_en_cualquier_lugar(tmp_path):
    sin_cache, _ = _escribir(tmp_path, 2, "no")
    dibujado, entradas = _escribir(tmp_path, 2, "si")
    assert len(entradas) == 1, f"the chart must be kept: {entradas}"
    entrada = tmp_path / "dibujos" / entradas[0]
    guardada = entrada.stat().st_ino  # a drawing kept again replaces the file (another inode)
    reproducido, despues = _escribir(tmp_path, 2, "si")
    assert despues == entradas and entrada.stat().st_ino == guardada, "the kept chart must be replayed"
    assert dibujado == sin_cache and reproducido == sin_cache

    # the same chart lower on the page: replayed where it was not drawn, the bytes of drawing it there
    mas_abajo, _ = _escribir(tmp_path, 9, "no")
    reproducido_abajo, mas = _escribir(tmp_path, 9, "si")
    assert mas == entradas and entrada.stat().st_ino == guardada, (
        "the chart lower on the page must be replayed"
    )
    assert reproducido_abajo == mas_abajo


def test_una_entrada_danada_se_vuelve_a_dibujar(tmp_path):
    sin_cache, _ = _escribir(tmp_path, 2, "no")
    _, entradas = _escribir(tmp_path, 2, "si")
    (tmp_path / "dibujos" / entradas[0]).write_bytes(b"\x80\x04 truncado")
    reparado, despues = _escribir(tmp_path, 2, "si")
    assert reparado == sin_cache and despues == entradas
    assert len((tmp_path / "dibujos" / entradas[0]).read_bytes()) > 1000, "the damaged entry is kept again"
