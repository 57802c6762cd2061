"""Join the PDFs of the report's parts into one tagged PDF (pikepdf/qpdf), as if laid out at once.

Each part is a complete PDF/UA document from WeasyPrint. Joined here:
- pages in order, with the page-number "folio" of the same index overlaid as an artifact;
- the structure trees: one Document element holding every part's sections, the parent
  tree renumbered (pages' /StructParents, annotations' /StructParent);
- bookmarks (the parts' top-level outline chains linked one after another);
- named destinations (one sorted name tree), and links to another part
  (ENLACE_EXTERNO, written by layout.py) turned into links to those destinations;
- the first part's catalog entries (language, XMP metadata, viewer preferences) and info.
Written with object streams (as WeasyPrint does) and an /ID derived from the content.
"""

from __future__ import annotations

import io
import warnings

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .errors import RenderError

_RAIZ_COPIADA = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")
ENLACE_EXTERNO = "inpe-parte:"  # a link to another part while parts are laid out alone (layout.py)


def _copiar(pdf, fuente, objeto):
    """Copy an object of another PDF (direct ones through an indirect handle there): page references follow."""
    if objeto.is_indirect or isinstance(objeto, (Array, Dictionary, pikepdf.Stream)):
        return pdf.copy_foreign(objeto if objeto.is_indirect else fuente.make_indirect(objeto))
    return objeto


def _estructura(pdf, fuente, paginas: list, desplazamiento: int, documento, nums: list) -> int:
    """Move one part's tagged content under `documento`; returns the part's number of parent-tree keys."""
    if "/StructTreeRoot" not in fuente.Root:
        return 0
    arbol = pdf.copy_foreign(fuente.Root.StructTreeRoot)
    propios = arbol.ParentTree.Nums
    claves = [int(propios[i]) for i in range(0, len(propios), 2)]
    for i in range(0, len(propios), 2):
        nums += [int(propios[i]) + desplazamiento, propios[i + 1]]
    for pagina in paginas:
        if "/StructParents" in pagina.obj:
            pagina.obj.StructParents = int(pagina.obj.StructParents) + desplazamiento
        for anotacion in pagina.obj.get("/Annots", []):
            if "/StructParent" in anotacion:
                anotacion.StructParent = int(anotacion.StructParent) + desplazamiento
    elementos = arbol.K if isinstance(arbol.K, Array) else [arbol.K]
    for elemento in elementos:
        hijos = elemento.get("/K", Array())
        for hijo in hijos if isinstance(hijos, Array) else [hijos]:
            if isinstance(hijo, Dictionary):
                hijo.P = documento
                documento.K.append(hijo)
    return int(arbol.get("/ParentTreeNextKey", max(claves, default=-1) + 1))


def _marcadores(pdf, fuente, cadena: list) -> int:
    """Append the part's top-level bookmarks (copied) to `cadena`; returns their /Count."""
    if "/Outlines" not in fuente.Root or "/First" not in fuente.Root.Outlines:
        return 0
    item = pdf.copy_foreign(fuente.Root.Outlines.First)
    while True:
        cadena.append(item)
        if "/Next" not in item:
            break
        item = item.Next
    return int(fuente.Root.Outlines.get("/Count", 0))


def _enlazar_marcadores(pdf, cadena: list, total: int):
    if not cadena:
        return
    esquema = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=total))
    for anterior, item in zip([None] + cadena[:-1], cadena):
        item.Parent = esquema
        if anterior is None:
            if "/Prev" in item:
                del item.Prev
        else:
            item.Prev, anterior.Next = anterior, item
    if "/Next" in cadena[-1]:
        del cadena[-1].Next
    esquema.First, esquema.Last = cadena[0], cadena[-1]
    pdf.Root.Outlines = esquema


def _destinos(pdf, fuente, destinos: dict):
    nombres = fuente.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get("/Names", Array())
    for i in range(0, len(nombres), 2):
        if str(nombres[i]) not in destinos:
            destinos[str(nombres[i])] = _copiar(pdf, fuente, nombres[i + 1])


def _enlaces_entre_partes(paginas: list, destinos: dict):
    """Links laid out as ENLACE_EXTERNO<id> become links to the named destination <id>."""
    for pagina in paginas:
        for anotacion in pagina.obj.get("/Annots", []):
            uri = str(anotacion.get("/A", Dictionary()).get("/URI", ""))
            if uri.startswith(ENLACE_EXTERNO):
                nombre = uri[len(ENLACE_EXTERNO) :]
                if nombre not in destinos:
                    raise RenderError(f"Enlace a #{nombre}: ninguna parte del informe tiene ese id.")
                del anotacion.A
                anotacion.Dest = String(nombre)
                anotacion.Contents = String(nombre)


def _folios(pdf, paginas: list, folio: bytes):
    """Overlay page i of the folio PDF on page i, as a form XObject marked as an artifact."""
    hojas = pikepdf.Pdf.open(io.BytesIO(folio))
    if len(hojas.pages) != len(paginas):
        raise RenderError(f"Numeración de páginas: {len(hojas.pages)} folios para {len(paginas)} páginas.")
    antes = pdf.make_stream(b"q\n")
    for numero, (pagina, hoja) in enumerate(zip(paginas, hojas.pages), start=1):
        forma = pdf.copy_foreign(hoja.as_form_xobject())
        # one name per page (pages may share a resource dictionary), never a random one: same bytes every build
        nombre = pagina.add_resource(forma, Name.XObject, Name(f"/FolioINPE{numero}"))
        pagina.contents_add(antes, prepend=True)
        pagina.contents_add(pdf.make_stream(b"\nQ\n/Artifact BMC q " + str(nombre).encode() + b" Do Q EMC\n"))


def unir(partes: list[bytes], folio: bytes | None) -> bytes:
    """One PDF from the parts' PDFs (in order), numbered by `folio`; same input, same bytes."""
    fuentes = [pikepdf.Pdf.open(io.BytesIO(p)) for p in partes]
    pdf = pikepdf.Pdf.new()
    documento = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    nums, desplazamiento, cadena, cuenta, destinos, todas = [], 0, [], 0, {}, []
    for fuente in fuentes:
        inicio = len(pdf.pages)
        with warnings.catch_warnings():
            # named destinations are rebuilt by _destinos below; the warning would only alarm the user
            warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
            pdf.pages.extend(fuente.pages)
        paginas = list(pdf.pages)[inicio:]
        todas += paginas
        desplazamiento += _estructura(pdf, fuente, paginas, desplazamiento, documento, nums)
        cuenta += _marcadores(pdf, fuente, cadena)
        _destinos(pdf, fuente, destinos)
    _enlaces_entre_partes(todas, destinos)
    arbol = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([documento]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=desplazamiento,
        )
    )
    documento.P = arbol
    pdf.Root.StructTreeRoot = arbol
    _enlazar_marcadores(pdf, cadena, cuenta)
    if destinos:
        plano = Array()
        for nombre in sorted(destinos):
            plano.extend([String(nombre), destinos[nombre]])
        pdf.Root.Names = Dictionary(Dests=Dictionary(Names=plano))
    for clave in _RAIZ_COPIADA:
        if clave in fuentes[0].Root:
            pdf.Root[clave] = _copiar(pdf, fuentes[0], fuentes[0].Root[clave])
    if folio is not None:
        _folios(pdf, todas, folio)
    for clave, valor in fuentes[0].docinfo.items():
        pdf.docinfo[clave] = valor
    salida = io.BytesIO()
    pdf.save(
        salida,
        min_version=fuentes[0].pdf_version,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
        compress_streams=True,
    )
    return salida.getvalue()
