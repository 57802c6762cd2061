"""Data dictionary: data/README.md's dictionary section, generated from data/esquemas/."""

from __future__ import annotations

from pathlib import Path

from .schema import leer_esquemas

INICIO, FIN = "<!-- DICCIONARIO:INICIO -->", "<!-- DICCIONARIO:FIN -->"


def texto_diccionario(carpeta_datos: Path) -> str:
    """Markdown: per table its file, grain, source, key, identities and columns."""
    partes = []
    for esquema in sorted(leer_esquemas(carpeta_datos).values(), key=lambda e: (e.capitulo, e.tabla)):
        partes += [
            f"### `{esquema.tabla}` (capítulo {esquema.capitulo})",
            "",
            esquema.descripcion,
            "",
            f"* Archivo: `data/{esquema.archivo}`",
            f"* Grano: {esquema.grano}",
            f"* Procedencia: {esquema.fuente}",
        ]
        if esquema.clave:
            partes.append(f"* Clave: {', '.join(esquema.clave)}")
        partes.append(f"* Frecuencia: {_frecuencia(esquema)}")
        partes += [f"* Identidad: `{i}`" for i in esquema.identidades]
        if esquema.suma_de:
            partes.append(f"* Debe igualar la suma de `{esquema.suma_de['tabla']}`")
        partes += [
            "",
            "| columna | tipo | vacíos | en el libro del mes | descripción |",
            "|---|---|---|---|---|",
        ]
        partes += [
            f"| `{c.nombre}` | {c.tipo}{' (' + ', '.join(map(str, c.valores)) + ')' if c.valores else ''} "
            f"| {'sí' if c.nulos else 'no'} | {_en_el_libro(esquema, c)} | {c.descripcion} |"
            for c in esquema.columnas
        ]
        if esquema.notas:
            partes += ["", esquema.notas]
        partes.append("")
    return "\n".join(partes)


def _frecuencia(esquema) -> str:
    """When the table is loaded through the month's workbook (or that it is not)."""
    if not esquema.frecuencia:
        return "no se carga por libro (referencia o copia de la edición publicada)"
    cuando = {
        "mensual": "cada mes",
        "trimestral": "en el libro del mes que cierra el trimestre",
        "anual": f"en el libro del mes {esquema.entrega}",
    }[esquema.frecuencia]
    return f"{esquema.frecuencia} ({', '.join(esquema.tiempo)}; {cuando})" + (
        ", opcional" if esquema.opcional else ""
    )


def _en_el_libro(esquema, columna) -> str:
    if not esquema.frecuencia:
        return "—"
    if columna.se_pide or columna.nombre in esquema.clave:
        return "se pide"
    return f"se completa: {columna.como_se_completa}"


def actualizar_diccionario(carpeta_datos: Path) -> Path:
    """Rewrite the dictionary section of data/README.md between its markers."""
    ruta = Path(carpeta_datos) / "README.md"
    texto = ruta.read_text(encoding="utf-8")
    cabeza, resto = texto.split(INICIO, 1)
    _viejo, cola = resto.split(FIN, 1)
    ruta.write_text(f"{cabeza}{INICIO}\n{texto_diccionario(carpeta_datos)}\n{FIN}{cola}", encoding="utf-8")
    return ruta
