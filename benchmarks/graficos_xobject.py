"""Charts placed as PDF form XObjects (pikepdf) instead of SVG drawn by WeasyPrint: what each way costs (CPU s).

    .venv/bin/python benchmarks/graficos_xobject.py [--periodo 2024-12] [--repeticiones 3]

Issue 20 asks to measure both ways of putting a chart in the PDF and keep the faster one that keeps the
constraints (vector, selectable text, Figure tag with alt text, byte-identical builds). Every chart of the
period, single process, median of the repetitions:

1. matplotlib drawing the chart as SVG (today) and as PDF (what the XObject way draws instead);
2. WeasyPrint drawing the report's SVG charts into a PDF, against the same boxes with an empty SVG of the
   same size (the difference is what WeasyPrint spends drawing charts when it writes the report);
3. pikepdf placing the matplotlib PDFs as form XObjects into those boxes (what the XObject way adds).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def _cpu(funcion, repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.process_time()
        funcion()
        tiempos.append(time.process_time() - inicio)
    return statistics.median(tiempos)


def main() -> None:
    argumentos = argparse.ArgumentParser()
    argumentos.add_argument("--periodo", default="2024-12")
    argumentos.add_argument("--repeticiones", type=int, default=3)
    opciones = argumentos.parse_args()
    sys.path.insert(0, str(RAIZ))
    import pikepdf
    from graficos import graficos_del_periodo
    from weasyprint import HTML

    from inpe_informe import charts

    graficos = graficos_del_periodo(opciones.periodo)
    import matplotlib

    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType text: selectable, as the SVG's text is
    n, rep = len(graficos), opciones.repeticiones

    def dibujar(formato: str) -> list[bytes]:
        salidas = []
        for g in graficos:
            b = io.BytesIO()
            charts.figura(g).savefig(b, format=formato, metadata={"Date": None} if formato == "svg" else {})
            salidas.append(b.getvalue())
        return salidas

    svg_cpu = _cpu(lambda: dibujar("svg"), rep)
    pdf_cpu = _cpu(lambda: dibujar("pdf"), rep)
    pdfs = dibujar("pdf")
    print(f"1. matplotlib, {n} charts: SVG {svg_cpu:.2f} s, PDF {pdf_cpu:.2f} s (Type 42 text)")

    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        rutas = [charts.dibujar(g, carpeta, f"{g.id}.svg") for g in graficos]
        vacios = []
        for g in graficos:
            vacio = carpeta / f"{g.id}-vacio.svg"
            ancho, alto = g.ancho * 72, g.alto * 72
            vacio.write_text(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{ancho}pt" height="{alto}pt" '
                f'viewBox="0 0 {ancho} {alto}"></svg>'
            )
            vacios.append(vacio)
        css = "@page { size: A4; margin: 2cm } img { display: block; width: auto; break-inside: avoid }"

        def documento(archivos) -> str:
            imagenes = "".join(f'<img src="{a.as_uri()}" alt="gráfico">' for a in archivos)
            return f"<html><head><style>{css}</style></head><body>{imagenes}</body></html>"

        maquetado = {}

        def escribir(clave: str, archivos) -> None:
            documento_w = HTML(string=documento(archivos), base_url=str(carpeta)).render()
            inicio = time.process_time()
            maquetado[clave] = documento_w.write_pdf(pdf_variant="pdf/ua-1")
            return time.process_time() - inicio

        con = statistics.median(escribir("svg", rutas) for _ in range(rep))
        sin = statistics.median(escribir("vacio", vacios) for _ in range(rep))
        print(
            f"2. WeasyPrint writing the {n} charts as SVG: {con:.2f} s; the same boxes empty: {sin:.2f} s "
            f"→ drawing the charts costs {con - sin:.2f} s"
        )

        def colocar() -> bytes:
            """Every chart's PDF page as a form XObject drawn on the empty-box report (a page each, in turn)."""
            destino = pikepdf.Pdf.open(io.BytesIO(maquetado["vacio"]))
            paginas = list(destino.pages)
            for i, contenido in enumerate(pdfs):
                fuente = pikepdf.Pdf.open(io.BytesIO(contenido))
                forma = destino.copy_foreign(fuente.make_indirect(fuente.pages[0].as_form_xobject()))
                pagina = paginas[i % len(paginas)]
                nombre = pagina.add_resource(forma, pikepdf.Name.XObject, prefix="Gr")
                pagina.contents_add(pikepdf.Stream(destino, f"q 1 0 0 1 56 56 cm {nombre} Do Q".encode()))
            salida = io.BytesIO()
            destino.save(salida, deterministic_id=True)
            return salida.getvalue()

        colocar_cpu = _cpu(colocar, rep)
        print(
            f"3. pikepdf placing the {n} matplotlib PDFs as form XObjects and saving: {colocar_cpu:.2f} s "
            f"({len(colocar()) // 1024} KB; the SVG way's PDF: {len(maquetado['svg']) // 1024} KB)"
        )
        ahorro = (con - sin) + svg_cpu - pdf_cpu - colocar_cpu
        print(f"→ the XObject way would change the CPU of a cold build by {-ahorro:+.2f} s")


if __name__ == "__main__":
    main()
