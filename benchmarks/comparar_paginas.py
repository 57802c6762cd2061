"""Two PDFs of the report compared page by page as images: does a speed change leave the look unchanged?

    .venv/bin/python benchmarks/comparar_paginas.py ANTES.pdf DESPUES.pdf [--ppp 108] [--umbral 100]

Each page is rendered (pypdfium2) in grey at --ppp and the two images subtracted. A page differs when
a pixel changes by more than --umbral of 255: anti-aliasing from a sub-point shift stays below ~80;
a moved, missing or extra glyph, line or bar does not. Prints each page's largest change and how
many pixels exceed the threshold, and exits 1 when any page differs or the page counts differ.
"""

from __future__ import annotations

import argparse
import sys

import pypdfium2
from PIL import ImageChops


def comparar(antes: str, despues: str, ppp: float, umbral: int) -> list[tuple[int, int, int]]:
    """(page, largest change, pixels over the threshold) for every page that changed at all."""
    a, b = pypdfium2.PdfDocument(antes), pypdfium2.PdfDocument(despues)
    if len(a) != len(b):
        raise SystemExit(
            f"{antes} tiene {len(a)} páginas y {despues} {len(b)}: no se comparan página a página"
        )
    cambios = []
    for i in range(len(a)):
        imagenes = [d[i].render(scale=ppp / 72).to_pil().convert("L") for d in (a, b)]
        diferencia = ImageChops.difference(*imagenes)
        maximo = diferencia.getextrema()[1]
        if maximo:
            cambios.append((i + 1, maximo, sum(diferencia.histogram()[umbral + 1 :])))
    return cambios


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("antes")
    p.add_argument("despues")
    p.add_argument("--ppp", type=float, default=108)
    p.add_argument("--umbral", type=int, default=100)
    args = p.parse_args(argv)
    cambios = comparar(args.antes, args.despues, args.ppp, args.umbral)
    distintas = [c for c in cambios if c[2]]
    for pagina, maximo, pixeles in cambios:
        print(f"página {pagina}: cambio máximo {maximo}/255, {pixeles} píxeles sobre {args.umbral}")
    print(
        f"{len(cambios)} página(s) con algún cambio; {len(distintas)} con cambios sobre {args.umbral}/255",
        file=sys.stderr,
    )
    return 1 if distintas else 0


if __name__ == "__main__":
    sys.exit(main())
