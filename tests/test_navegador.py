"""The HTML edition in a real browser: headless Chromium takes screenshots and runs axe-core.

Chromium is Debian's `chromium`; axe-core is the npm package pinned in tests/navegador/
(package.json + package-lock.json), installed by `npm ci` the first time this module runs, so a
clean clone needs nothing installed by hand. Chromium is driven with `--dump-dom` and
`--screenshot` only (no driver, no extra package): a script injected into a copy of the page
runs axe and writes its verdict into the DOM, which `--dump-dom` prints once the page's
virtual time has run out.

The screenshots are kept in the test's tmp dir (printed with -s) for a person to look at.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

NAVEGADOR = shutil.which("chromium") or shutil.which("chromium-browser")
NPM = shutil.which("npm")
CARPETA_NPM = Path(__file__).parent / "navegador"
AXE = CARPETA_NPM / "node_modules" / "axe-core" / "axe.min.js"
# What a reader must never meet: axe's two highest impacts.
GRAVES = {"serious", "critical"}
# The rules the issue names, checked to have run (a rule that never ran cannot fail); td-has-header is
# experimental in axe, so it is switched on for this run.
REGLAS_PEDIDAS = {"heading-order", "td-has-header", "th-has-data-cells", "image-alt", "color-contrast"}
BANDERAS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    NAVEGADOR is None, reason="Debian's chromium is not installed (apt-get install chromium)"
)

_CORRER_AXE = """<script id="prueba-axe">
axe.run(document, {resultTypes: ["violations", "passes"], rules: {"td-has-header": {enabled: true}}}).then(function (r) {
  var salida = {
    violaciones: r.violations.map(function (v) {
      return {id: v.id, impacto: v.impact, ayuda: v.help, nodos: v.nodes.length,
              ejemplos: v.nodes.slice(0, 4).map(function (n) { return n.target.join(" ") + " — " + n.failureSummary; })};
    }),
    aprobadas: r.passes.map(function (v) { return v.id; })
  };
  var pre = document.createElement("pre"); pre.id = "resultado-axe"; pre.textContent = JSON.stringify(salida);
  document.body.appendChild(pre);
}, function (e) {
  var pre = document.createElement("pre"); pre.id = "resultado-axe"; pre.textContent = JSON.stringify({error: String(e)});
  document.body.appendChild(pre);
});
</script>"""

# Shows one section alone (the one named by the URL's #fragment), so a screenshot starts at it.
_SOLO_SECCION = """<script>(function () {
  var t = document.getElementById(location.hash.slice(1)); if (!t) return;
  var n = t; while (n.parentElement && n.parentElement !== document.body) n = n.parentElement;
  Array.prototype.forEach.call(document.body.children, function (c) { if (c !== n && c.tagName !== "SCRIPT") c.style.display = "none"; });
  if (n !== t) Array.prototype.forEach.call(n.children, function (c) { if (c !== t) c.style.display = "none"; });
  window.scrollTo(0, 0);
})();</script>"""


def _con_guion(pagina: str, guion: str) -> str:
    """The page with `guion` just before </body>."""
    i = pagina.rfind("</body>")
    assert i > 0, "la edición HTML no tiene </body>"
    return pagina[:i] + guion + pagina[i:]


def _chromium(*argumentos: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NAVEGADOR, *BANDERAS, *argumentos], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def axe_core() -> str:
    """axe.min.js from the pinned npm package (installed with `npm ci` when missing)."""
    if not AXE.exists():
        if NPM is None:
            pytest.fail(
                "npm is needed to install axe-core (tests/navegador/package.json): apt-get install npm"
            )
        r = subprocess.run(
            [NPM, "ci", "--no-audit", "--no-fund", "--prefix", str(CARPETA_NPM)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert r.returncode == 0 and AXE.exists(), f"npm ci de axe-core falló:\n{r.stdout}\n{r.stderr}"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def edicion_html(informe) -> str:
    ruta = informe.pdf.with_suffix(".html")
    assert ruta.exists(), ruta
    return ruta.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def resultado_axe(edicion_html, axe_core, tmp_path_factory) -> dict:
    """axe-core's verdict on the whole HTML edition of 2024-12, run inside Chromium."""
    carpeta = tmp_path_factory.mktemp("axe")
    pagina = carpeta / "informe-con-axe.html"
    pagina.write_text(_con_guion(edicion_html, f"<script>{axe_core}</script>{_CORRER_AXE}"), encoding="utf-8")
    r = _chromium("--virtual-time-budget=120000", "--dump-dom", pagina.as_uri())
    encontrado = re.search(r'<pre id="resultado-axe">(.*?)</pre>', r.stdout, re.S)
    assert encontrado, (
        f"Chromium no devolvió el resultado de axe (código {r.returncode}):\n{r.stderr[-2000:]}"
    )
    resultado = json.loads(html.unescape(encontrado.group(1)))
    assert "error" not in resultado, resultado
    return resultado


def test_axe_sin_violaciones_graves_ni_criticas(resultado_axe):
    graves = [v for v in resultado_axe["violaciones"] if v["impacto"] in GRAVES]
    detalle = "\n".join(
        f"{v['impacto']} {v['id']} ({v['nodos']} elementos): {v['ayuda']}\n  " + "\n  ".join(v["ejemplos"])
        for v in graves
    )
    assert not graves, f"la edición HTML tiene violaciones de accesibilidad graves o críticas:\n{detalle}"


def test_axe_evaluo_las_reglas_pedidas(resultado_axe):
    """Headings in order, tables with header cells, images with alt text and contrast were all checked."""
    evaluadas = set(resultado_axe["aprobadas"]) | {v["id"] for v in resultado_axe["violaciones"]}
    assert REGLAS_PEDIDAS <= evaluadas, f"axe no evaluó: {sorted(REGLAS_PEDIDAS - evaluadas)}"


@pytest.mark.parametrize("seccion", ["", "cap1", "cap3", "cap4"])
def test_capturas_de_la_edicion_html(edicion_html, seccion, tmp_path_factory):
    """Screenshots of the cover and of three chapters; each must show something besides the background."""
    carpeta = tmp_path_factory.mktemp("capturas")
    pagina = carpeta / "informe.html"
    pagina.write_text(_con_guion(edicion_html, _SOLO_SECCION), encoding="utf-8")
    captura = carpeta / f"{seccion or 'portada'}.png"
    url = pagina.as_uri() + (f"#{seccion}" if seccion else "")
    r = _chromium("--window-size=1280,1600", "--virtual-time-budget=5000", f"--screenshot={captura}", url)
    assert captura.exists(), f"Chromium no tomó la captura (código {r.returncode}):\n{r.stderr[-2000:]}"
    print(f"captura: {captura}")
    colores = _colores_distintos(captura)
    assert colores > 50, f"{captura}: la captura está casi vacía ({colores} colores)"


def _colores_distintos(png: Path) -> int:
    """How many distinct colours a screenshot has (a blank page has one or two)."""
    from PIL import Image

    with Image.open(png) as imagen:
        return len(imagen.convert("RGB").getcolors(maxcolors=1 << 20) or [])
