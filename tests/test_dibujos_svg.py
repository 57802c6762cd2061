"""A chart's kept drawing (dibujos_svg.py) and a kept font subset (subconjuntos_fuentes.py) write the bytes
that drawing and subsetting would have written.

Documents with a chart like matplotlib's (clipped paths, labels anchored at the start, middle and end, a
rotated label) are written three ways: with no kept drawings, drawing and keeping them, and replaying
what was kept. The PDFs must be identical byte for byte, also when the chart sits elsewhere on the page
than where it was drawn, and a damaged entry must be made again.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import RAIZ

_ESCRIBIR = r"""
import json, sys
from pathlib import Path
from inpe_informe import layout

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
maqueta = layout._maquetar(trabajo, carpeta / "guardados" if cache == "si" else None)
(carpeta / f"{parrafos}-{cache}.pdf").write_bytes(maqueta.pdf)
print(json.dumps(sorted(str(p.relative_to(carpeta)) for p in carpeta.glob("guardados/*/*"))))
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
    dibujos = [e for e in entradas if e.startswith("guardados/dibujos/")]
    fuentes = [e for e in entradas if e.startswith("guardados/fuentes/")]
    assert len(dibujos) == 1 and fuentes, f"the chart and the font subset must be kept: {entradas}"
    guardadas = {e: (tmp_path / e).stat().st_ino for e in entradas}  # kept again: replaced (another inode)
    reproducido, despues = _escribir(tmp_path, 2, "si")
    assert despues == entradas, "a replayed chart or subset must not be kept again under another key"
    assert {e: (tmp_path / e).stat().st_ino for e in entradas} == guardadas, "what was kept must be reused"
    assert dibujado == sin_cache and reproducido == sin_cache

    # the same chart lower on the page: replayed where it was not drawn, the bytes of drawing it there
    mas_abajo, _ = _escribir(tmp_path, 9, "no")
    reproducido_abajo, mas = _escribir(tmp_path, 9, "si")
    assert mas == entradas and (tmp_path / dibujos[0]).stat().st_ino == guardadas[dibujos[0]], (
        "the chart lower on the page must be replayed"
    )
    assert reproducido_abajo == mas_abajo


def test_una_entrada_danada_se_vuelve_a_hacer(tmp_path):
    sin_cache, _ = _escribir(tmp_path, 2, "no")
    _, entradas = _escribir(tmp_path, 2, "si")
    for entrada in entradas:
        completa = (tmp_path / entrada).read_bytes()
        (tmp_path / entrada).write_bytes(completa[: len(completa) // 2])  # cut short
    reparado, despues = _escribir(tmp_path, 2, "si")
    assert reparado == sin_cache and despues == entradas
    assert all(len((tmp_path / e).read_bytes()) > 1000 for e in entradas), "damaged entries are kept again"
