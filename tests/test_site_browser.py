"""A real browser over a freshly rendered site, as a reader would use it (issue 11's check).

The site: 图表3 and the claim check with the default render plan, plus a notebook written the
way the notebooks are (prose per language in cells tagged ``lang-zh`` / ``lang-en``), each in
its views and languages. Headless Chromium (the Debian package, driven by Playwright's Python
package; no browser download) opens every page at 1400 and 390 px and checks what a reader
would notice. Set USCHINA_SCREENSHOTS=<folder> to keep a full-page screenshot of each.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from uschina.paths import REPO_DIR
from uschina.render.reader import CJK, is_bilingual
from uschina.render.titles import FALLBACK

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does it)")
WIDTHS = (1400, 390)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
# the gallery's reading order (issue 11): the claim check, 图表1–6, the 2026 text's topics,
# Phase One; notebooks nobody placed come after
CANONICAL = sorted(FALLBACK, key=lambda stem: FALLBACK[stem][0])
LATIN = re.compile(r"[A-Za-z]")

FIXTURE_STEM = "fig9_bilingual"
FIGURE = '''\
import json
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display

out = Path(fig_dir)
out.mkdir(parents=True, exist_ok=True)
data = pd.DataFrame({"value": [1.0, 2.5, 2.0, 3.5]},
                    index=pd.date_range("2021-07-01", periods=4, freq="MS"))
fig, ax = plt.subplots(figsize=(11, 6))
ax.plot(data.index, data["value"])
fig.savefig(out / "fig9_bilingual.png", dpi=110)
data.to_csv(out / "fig9_bilingual.csv")
label = {"zh": "2021年10月", "en": "Oct 2021"}[lang]
(out / "fig9_bilingual.json").write_text(json.dumps({
    "name": "fig9_bilingual", "lang": lang, "title": "t",
    "titles": {"zh": "图表9：双语测试", "en": "Figure 9: bilingual test"},
    "highlights": [{"label": {"zh": "最新值", "en": "latest"}[lang], "value": "3.5"}],
    "data_through": [{"key": "us_cpi_yoy", "date": "2021-10-01", "label": label,
                      "source": "BLS CUUR0000SA0"}],
    "files": {"png": "fig9_bilingual.png", "csv": "fig9_bilingual.csv"}}, ensure_ascii=False))
display(Image(filename=str(out / "fig9_bilingual.png")))
'''


def _md(text: str, tag: str):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [tag]
    return cell


def _code(text: str, *tags: str):
    cell = nbformat.v4.new_code_cell(text)
    cell.metadata["tags"] = list(tags)
    return cell


def write_fixture(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _md("# 图表9：双语测试", "lang-zh"),
        _md("# Figure 9: bilingual test", "lang-en"),
        _md("这一页检验网站的读者页面：每页只有一种语言，代码隐藏，"
            "表格在自己的框内滚动。", "lang-zh"),
        _md("This page tests the reader pages: one language per page, code hidden, wide tables "
            "scrolling in their own box.", "lang-en"),
        _code('lang = "zh"\nfig_dir = None\nas_of = None', "parameters"),
        _code("import warnings", "remove-cell"),
        _code(FIGURE),
        _code("print(sorted(p.name for p in out.iterdir()))", "remove-output"),
        _md("## 宽表格", "lang-zh"),
        _md("## A wide table", "lang-en"),
        _code("pd.DataFrame([[1234567.891] * 40] * 3, columns=[f'column {i}' for i in range(40)])"),
        _code("warnings.warn('a warning a reader should not see')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["uschina"] = {"title": {"zh": "图表9：双语测试", "en": "Figure 9: bilingual test"},
                              "order": 50}
    nbformat.write(nb, folder / f"{FIXTURE_STEM}.ipynb")
    (folder / "render.yaml").write_text(
        "notebooks: ['*.ipynb']\nviews:\n"
        "  report: {label: {zh: 报告时点, en: Report's view}, params: {as_of: '2021-11-16'},"
        " langs: [zh]}\n"
        "  today: {label: {zh: 今日数据, en: Today's data}, params: {as_of: null},"
        " langs: [zh, en]}\n", encoding="utf-8")
    return folder / "render.yaml"


def _render(*args: str) -> None:
    proc = subprocess.run([str(Path(sys.executable).parent / "uschina"), "render", *args],
                          capture_output=True, text=True, timeout=900, cwd=REPO_DIR)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    nbs = tmp_path_factory.mktemp("nbs")
    _render("fig3_us_cpi", "claims", "--out", str(out), "--jobs", "2")
    _render("--plan", str(write_fixture(nbs)), "--out", str(out), "--jobs", "2")
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if ".failed." not in p.name and "thumbs" not in p.parts and p.parent.name
                  != "data")


PROBE = """() => {
  const shown = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const text = sel => [...document.querySelectorAll(sel)].map(e => e.innerText).join('\\n');
  return {
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    clientWidth: document.documentElement.clientWidth,
    images: [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 80),
                                            ok: i.complete && i.naturalWidth > 0})),
    codeInputs: [...document.querySelectorAll(
      '.jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .jp-InputPrompt, .jp-CodeMirrorEditor'
    )].filter(shown).length,
    h1: [...document.querySelectorAll('h1')].map(h => h.innerText.replace('¶', '').trim()),
    refs: [...document.querySelectorAll('a[href], [src], link[href]')].map(
      e => e.getAttribute('href') || e.getAttribute('src')),
    links: [...document.querySelectorAll('a[href]')].filter(shown).map(
      a => a.getAttribute('href')),
    prose: text('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .jp-RenderedMarkdown h2'),
    cards: [...document.querySelectorAll('article.us-card')].map(a => a.id),
    siteText: (() => { const m = document.querySelector('body.us-site main');
      if (!m) return ''; const c = m.cloneNode(true);
      c.querySelectorAll('[lang^=en], code').forEach(e => e.remove()); return c.textContent; })(),
    lang: document.documentElement.lang,
  };
}"""


def _local(href: str) -> bool:
    scheme = urlparse(href).scheme
    return not href.startswith("#") and scheme in ("", "file")


def _not_rendered_here(site: Path, target: Path) -> bool:
    """A page of a notebook of the project that this small site did not render (the claim
    table links every chart; the full site has them all)."""
    try:
        stem = target.relative_to(site.resolve()).parts[0]
    except ValueError:
        return False
    return (REPO_DIR / "notebooks" / f"{stem}.ipynb").is_file() and not (site / stem).exists()


def _problems(site: Path, page: Path, width: int, seen: dict, events: list[str]) -> list[str]:
    rel = page.relative_to(site).as_posix()
    where = f"{rel} @ {width}px"
    bad = [f"{where}: {e}" for e in events]
    if seen["scrollWidth"] > seen["clientWidth"] + 1:
        bad.append(f"{where}: {seen['scrollWidth'] - seen['clientWidth']} px too wide")
    bad += [f"{where}: image not loaded: {i['src']}" for i in seen["images"] if not i["ok"]]
    for ref in seen["refs"]:
        if ref.startswith("data:") or not _local(ref):
            continue
        target = (page.parent / unquote(urlparse(ref).path)).resolve()
        if not target.is_file() and not _not_rendered_here(site, target):
            bad.append(f"{where}: broken local link or src {ref}")
    lang = "en" if seen["lang"].startswith("en") else "zh"
    if lang == "en":
        bad += [f"{where}: Chinese in the <h1> of an English page: {h}"
                for h in seen["h1"] if CJK.search(h)]
    is_notebook = page.parent != site
    if not is_notebook and page.name.startswith("index") and lang == "zh":
        cjk, latin = len(CJK.findall(seen["siteText"])), len(LATIN.findall(seen["siteText"]))
        if cjk < latin:
            bad.append(f"{where}: the gallery is not mostly Chinese ({cjk} CJK, {latin} Latin)")
    if is_notebook:
        if seen["codeInputs"]:
            bad.append(f"{where}: {seen['codeInputs']} visible code inputs")
        home = "../index.en.html" if lang == "en" else "../index.html"
        if home not in seen["links"]:
            bad.append(f"{where}: no visible link home ({home})")
        siblings = {p.name for p in page.parent.glob("*.html") if ".failed." not in p.name}
        missing = siblings - {page.name} - set(seen["links"])
        if missing:
            bad.append(f"{where}: no link to the sibling views {sorted(missing)}")
        if len(seen["h1"]) != 1:
            bad.append(f"{where}: {len(seen['h1'])} <h1> elements")
        ipynb = page.with_suffix(".ipynb")
        if lang == "zh" and is_bilingual(nbformat.read(ipynb, as_version=4)):
            cjk = len(CJK.findall(seen["prose"]))
            latin = len(LATIN.findall(seen["prose"]))
            if cjk < latin:
                bad.append(f"{where}: prose is not mostly Chinese ({cjk} CJK, {latin} Latin)")
    return bad


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright's Python package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Tab:
    """One browser tab at one width, recording what a reader's console and network show."""

    def __init__(self, browser, width: int):
        self.ctx = browser.new_context(viewport={"width": width, "height": 900})
        self.tab = self.ctx.new_page()
        self.events: list[str] = []
        ev = self.events
        self.tab.on("console", lambda m: m.type == "error" and ev.append(
            f"console error: {m.text}"))
        self.tab.on("pageerror", lambda e: ev.append(f"page error: {e}"))
        self.tab.on("requestfailed", lambda r: ev.append(f"request failed: {r.url[:100]}"))
        self.tab.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                    else ev.append(f"non-file request: {r.url[:100]}"))

    def visit(self, page: Path) -> tuple[dict, list[str]]:
        self.events.clear()
        self.tab.goto(page.as_uri(), wait_until="load")
        # the web font loads when text first needs it, possibly after "load": wait for it, or
        # leaving the page would abort its request (a reader who stays never sees that)
        self.tab.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        return self.tab.evaluate(PROBE), list(self.events)

    def close(self) -> None:
        self.ctx.close()


def test_every_page_works_for_a_reader_on_a_desktop_and_a_phone(site, browser):
    shots = os.environ.get("USCHINA_SCREENSHOTS")
    pages = _pages(site)
    assert len(pages) == 4 + 3 * 3  # gallery and catalog in two languages, 3 notebooks x 3
    problems: list[str] = []
    cards: dict[str, list[str]] = {}
    for width in WIDTHS:
        tab = Tab(browser, width)
        try:
            for page in pages:
                seen, events = tab.visit(page)
                problems += _problems(site, page, width, seen, events)
                if page.parent == site and page.name.startswith("index"):
                    cards[f"{page.name}@{width}"] = seen["cards"]
                if shots:
                    name = page.relative_to(site).as_posix().replace("/", "_")
                    tab.tab.screenshot(path=str(Path(shots) / f"{name}_{width}.png"),
                                       full_page=True)
        finally:
            tab.close()
    assert problems == []
    # the gallery's order, in both languages and at both widths
    expected = ["claims", "fig3_us_cpi", FIXTURE_STEM]
    assert len(cards) == 4 and all(c == expected for c in cards.values()), cards
    assert [s for s in CANONICAL if s in expected] == expected[:2]


def test_the_checks_bite(site, browser, tmp_path):
    """A real page, damaged: code showing, no way home, a Chinese title on the English page,
    a missing image, a remote script and a too-wide box. The same checks must say so."""
    folder = tmp_path / FIXTURE_STEM
    folder.mkdir()
    for f in (site / FIXTURE_STEM).glob("*.*"):
        (folder / f.name).write_bytes(f.read_bytes())
    page = folder / "today_en.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace('href="../index.en.html"', 'href="../nowhere.html"')
    html = html.replace('href="report_zh.html"', 'href="report_zh.htm"')
    html = re.sub(r"(<h1[^>]*>)Figure 9: bilingual test", r"\1图表9：双语测试", html, count=1)
    html = html.replace("<main>", '<main><img src="missing.png"><div class="jp-CodeCell">'
                        '<div class="jp-InputArea">x = 1</div></div>'
                        '<div style="width:2000px">wide</div>'
                        '<script src="https://cdn.example/x.js"></script>', 1)
    page.write_text(html, encoding="utf-8")
    tab = Tab(browser, 390)
    try:
        seen, events = tab.visit(page)
    finally:
        tab.close()
    found = "\n".join(_problems(tmp_path, page, 390, seen, events))
    for piece in ("px too wide", "image not loaded: missing.png",
                  "broken local link or src missing.png", "Chinese in the <h1>",
                  "1 visible code inputs", "no visible link home",
                  "no link to the sibling views ['report_zh.html']",
                  "non-file request: https://cdn.example/x.js"):
        assert piece in found, (piece, found)
