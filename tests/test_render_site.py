"""One real render of 图表3 (three jobs) to a tmp site: offline pages, gallery, catalog, sizes."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from uschina.paths import REPO_DIR

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_IMPORT = re.compile(r"@import\s+(url\()?\s*['\"]?(?!data:)([^'\")\s;]+)", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(https?:)?//", re.I)


class Refs(HTMLParser):
    """Collects what a browser would fetch (src, stylesheet href, CSS) and the plain links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("src"):
            self.fetched.append(f"<{tag} src={a['src']}>")
        if tag == "link" and a.get("href"):
            self.fetched.append(f"<link href={a['href']}>")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("style"):
            self.css.append(a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


def offline_problems(html: str) -> list[str]:
    refs = Refs()
    refs.feed(html)
    bad = [f for f in refs.fetched if EXTERNAL.search(f.split("=", 1)[1])]
    for css in refs.css:
        bad += [f"@import {m.group(2)}" for m in CSS_IMPORT.finditer(css)]
        bad += [f"css url({m.group(0)})" for m in CSS_URL.finditer(css)]
    return bad


def test_the_checker_catches_cdn_scripts_styles_and_fonts():
    page = ('<html><head><script src="https://cdn.x/require.js"></script>'
            '<link rel="stylesheet" href="//fonts.example/css">'
            '<style>@import url("https://x/y.css"); @font-face{src:url(https://f/a.woff)}</style>'
            '</head><body><a href="https://fred.stlouisfed.org/">source</a>'
            '<img src="a/b.png"></body></html>')
    found = " | ".join(offline_problems(page))
    for piece in ("require.js", "//fonts.example", "@import https://x/y.css", "url(https://"):
        assert piece in found
    assert "fred" not in found and "b.png" not in found  # a source link, a local image: fine


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "uschina"), "render", "fig3_us_cpi",
         "--out", str(out), "--jobs", "2"],
        capture_output=True, text=True, timeout=600, cwd=REPO_DIR)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 jobs: 0 up to date, 3 to render on 2 workers" in proc.stdout
    return out


def test_every_html_file_of_the_site_works_offline(site):
    pages = sorted(site.rglob("*.html"))
    names = {p.relative_to(site).as_posix() for p in pages}
    assert {"index.html", "catalog.html", "fig3_us_cpi/report_zh.html",
            "fig3_us_cpi/today_zh.html", "fig3_us_cpi/today_en.html"} <= names
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert offline_problems(html) == [], page
        assert "require.js" not in html and "MathJax.js" not in html, page


def test_notebook_pages_are_standalone_and_small(site):
    for page in (site / "fig3_us_cpi").glob("*.html"):
        size = page.stat().st_size
        assert 50_000 < size < 3 * 1024 * 1024, (page, size)
        html = page.read_text(encoding="utf-8")
        assert "data:image/png;base64," in html  # the chart is inside the page
    assert "2021-11-16" in (site / "fig3_us_cpi" / "report_zh.html").read_text(encoding="utf-8")


def test_executed_notebooks_are_papermill_output_with_the_plan_parameters(site):
    nb = nbformat.read(site / "fig3_us_cpi" / "report_zh.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["as_of"] == "2021-11-16"
    assert nb.metadata["papermill"]["parameters"]["lang"] == "zh"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'as_of = "2021-11-16"' in injected[0].source
    en = nbformat.read(site / "fig3_us_cpi" / "today_en.ipynb", as_version=4)
    assert en.metadata["papermill"]["parameters"] == {
        **en.metadata["papermill"]["parameters"], "as_of": None, "lang": "en"}


def test_figures_land_in_the_site_folder_per_view(site):
    for slot in ("report_zh", "today_zh", "today_en"):
        folder = site / "fig3_us_cpi" / slot
        assert {p.suffix for p in folder.iterdir()} == {".png", ".svg", ".csv", ".json"}
    # the report's view stops at what was published by 2021-11-16: October 2021 (6.2%)
    report = (site / "fig3_us_cpi" / "report_zh" / "fig3_us_cpi.csv").read_text()
    assert "2021-10-01" in report and "2021-11-01" not in report
    today = (site / "fig3_us_cpi" / "today_zh" / "fig3_us_cpi.csv").read_text()
    assert "2022-06-01" in today


def test_gallery_shows_both_views_titles_and_working_links(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "图表3：美国 CPI 同比创下 30 年以来的新高" in html
    assert "Chart 3" in html  # the English title next to the Chinese one
    # report's view and today's view side by side, each with its thumbnail
    assert html.index("报告时点") < html.index("今日数据")
    assert 'src="fig3_us_cpi/report_zh/fig3_us_cpi.png"' in html
    assert 'src="fig3_us_cpi/today_zh/fig3_us_cpi.png"' in html
    for ext in ("png", "svg", "csv"):
        assert f'href="fig3_us_cpi/today_en/fig3_us_cpi.{ext}"' in html
    assert 'href="fig3_us_cpi/today_en.html"' in html
    for name in ("index.html", "catalog.html"):
        refs = Refs()
        refs.feed((site / name).read_text(encoding="utf-8"))
        local = [h for h in refs.links if not EXTERNAL.search(h) and not h.startswith("#")]
        assert local, name
        for href in local:
            assert (site / unquote(href.split("#")[0])).is_file(), (name, href)


def test_catalog_lists_every_series_with_a_csv_download(site):
    from uschina import datasets

    html = (site / "catalog.html").read_text(encoding="utf-8")
    for key in datasets.keys():
        assert f'id="{key}"' in html
    assert 'href="data/us_cpi_yoy.csv"' in html
    assert "1914-01-01 – " in html  # us_cpi_yoy starts in January 1914
    assert (site / "data" / "us_cpi_yoy.csv").read_bytes() == (
        REPO_DIR / "data" / "us_cpi_yoy.csv").read_bytes()


def test_a_second_run_with_nothing_changed_is_quick(site):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "uschina"), "render", "fig3_us_cpi",
         "--out", str(site)], capture_output=True, text=True, timeout=60, cwd=REPO_DIR)
    assert proc.returncode == 0, proc.stderr
    if "library code changed" in proc.stdout:
        pytest.skip("someone edited lib/uschina during the test")
    assert "3 jobs: 3 up to date, 0 to render" in proc.stdout
    # the render's own work, after the imports: reading the plan, hashing, no kernels
    assert float(re.search(r"done in ([\d.]+)s", proc.stdout).group(1)) < 0.5
