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
        partes += [f"* Identidad: `{i}`" for i in esquema.identidades]
        if esquema.suma_de:
            partes.append(f"* Debe igualar la suma de `{esquema.suma_de['tabla']}`")
        partes += ["", "| columna | tipo | vacíos | descripción |", "|---|---|---|---|"]
        partes += [
            f"| `{c.nombre}` | {c.tipo}{' (' + ', '.join(map(str, c.valores)) + ')' if c.valores else ''} "
            f"| {'sí' if c.nulos else 'no'} | {c.descripcion} |"
            for c in esquema.columnas
        ]
        if esquema.notas:
            partes += ["", esquema.notas]
        partes.append("")
    return "\n".join(partes)


def actualizar_diccionario(carpeta_datos: Path) -> Path:
    """Rewrite the dictionary section of data/README.md between its markers."""
    ruta = Path(carpeta_datos) / "README.md"
    texto = ruta.read_text(encoding="utf-8")
    cabeza, resto = texto.split(INICIO, 1)
    _viejo, cola = resto.split(FIN, 1)
    ruta.write_text(f"{cabeza}{INICIO}\n{texto_diccionario(carpeta_datos)}\n{FIN}{cola}", encoding="utf-8")
    return ruta
