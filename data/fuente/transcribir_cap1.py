"""Transcribe Chapter I tables from the 2024 text extraction (one-off provenance script).

The establishment table (I-20, lines 1251–1491) comes out one whole row per line,
so it is parsed directly. The national series (I-02) comes out column by column;
its values were read from the I-03/I-15/I-18 chart label lines and the I-02 blocks
and are checked here against the seed before writing.
"""

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent
SEED = (HERE / "informe_2024_extraido.txt").read_text(encoding="utf-8").splitlines()
COLS = [
    "total_general",
    "total_rco",
    "rco_maxima",
    "rco_mediana",
    "rco_minima",
    "total_rce",
    "rce_a",
    "rce_b",
    "rce_c",
    "periodo_observacion",
]
ROW = re.compile(r"^(E\.P\..*?|Oficina Regional .*?|Total General) ((?:[\d,]+ ){9}[\d,]+)\s*$")

# National series DIC-23 … DIC-24 (I-02), columns as COLS.
NACIONAL = {
    "2023-12": "94753 82390 10336 28644 43410 11787 2713 3263 5811 576",
    "2024-01": "94905 82520 10695 28590 43235 11946 2768 3385 5793 439",
    "2024-02": "95670 83075 10755 28642 43678 12108 2794 3434 5880 487",
    "2024-03": "96352 83658 10837 28864 43957 12204 2823 3462 5919 490",
    "2024-04": "96799 84054 10894 28993 44167 12254 2833 3473 5948 491",
    "2024-05": "97229 84476 10943 29131 44402 12258 2831 3461 5966 495",
    "2024-06": "97599 84492 10328 29299 44865 12531 3112 3485 5934 576",
    "2024-07": "98029 84889 10350 29426 45113 12562 3118 3492 5952 578",
    "2024-08": "98121 84977 10346 29457 45174 12563 3118 3491 5954 581",
    "2024-09": "98730 85477 10402 29605 45470 12666 3137 3524 6005 587",
    "2024-10": "99158 85865 10437 29753 45675 12717 3153 3537 6027 576",
    "2024-11": "99422 86162 10471 29856 45835 12678 3142 3519 6017 582",
    "2024-12": "99443 85726 10331 29845 45550 13209 3489 3659 6061 508",
}


def _key(name):
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", name.replace("e.p.", "").replace(" de ", " "))


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    block = " ".join(SEED[227:600])
    for periodo, values in NACIONAL.items():
        for v in values.split():
            printed = f"{int(v):,}"
            if printed not in block and printed.replace(",", ", ") not in block:
                sys.exit(f"{periodo}: {printed} not found in the I-02 lines")
    _write(
        DATA / "cap1/poblacion_regimen_nacional.csv",
        ["periodo", *COLS],
        [[p, *v.split()] for p, v in NACIONAL.items()],
    )

    eps = list(csv.DictReader(open(DATA / "referencia/establecimientos.csv", encoding="utf-8")))
    ofis = list(csv.DictReader(open(DATA / "referencia/oficinas_regionales.csv", encoding="utf-8")))
    alias = {_key(e["nombre"]): e["codigo"] for e in eps}
    alias.update(
        {
            "puertomaldonado": "PUERTO_MALDONADO",
            "pampassanaguillo": "PAMPAS_SANAGUILLO",
            "laoroya": "LA_OROYA",
        }
    )
    ofi_by_name = {f"Oficina Regional {o['nombre']}": o["codigo"] for o in ofis}
    est_rows, ofi_rows = [], []
    for line in SEED[1250:1491]:
        m = ROW.match(line.strip())
        if not m:
            continue
        name, nums = m.group(1), [n.replace(",", "") for n in m.group(2).split()]
        if name in ofi_by_name:
            ofi_rows.append(["2024-12", ofi_by_name[name], *nums])
        elif name.startswith("E.P."):
            code = alias.get(_key(name))
            if code is None:
                sys.exit(f"unknown establishment {name!r}")
            est_rows.append(["2024-12", code, *nums])
    assert len(est_rows) == 68 and len(ofi_rows) == 8, (len(est_rows), len(ofi_rows))
    _write(DATA / "cap1/poblacion_regimen_ep.csv", ["periodo", "codigo_ep", *COLS], est_rows)
    _write(DATA / "cap1/poblacion_regimen_oficina.csv", ["periodo", "codigo_oficina", *COLS], ofi_rows)


if __name__ == "__main__":
    main()
