"""The site: reader pages, gallery and catalog.

First on notebooks built here (no kernel: one language per page, code hidden, nothing local
published, the gallery's cards), then one real render of 图表3 (three jobs) to a tmp site.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from uschina.paths import REPO_DIR
from uschina.render import htmlexport, pages, reader
from uschina.render.pages import HTML_LANG
from uschina.render.site import build_index
from uschina.render.titles import FALLBACK

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


def body(html: str) -> str:
    """The page without its inline stylesheets (which name every class)."""
    return re.sub(r"(?s)<style.*?</style>", "", html)


def h1s(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶", "", h).strip()
            for h in re.findall(r"(?s)<h1[^>]*>(.*?)</h1>", body(html))]


def header(html: str) -> str:
    return html[html.index(pages.HEADER_START):html.index(pages.HEADER_END)]


# ---------------------------------------------------------------- a bilingual notebook

ZH_PROSE = "美国十月消费者价格同比上涨百分之六点二，创三十年来新高。"
EN_PROSE = "US consumer prices rose 6.2% in the year to October, a thirty-year high."


def md(text: str, *tags: str):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = list(tags)
    return cell


def code(text: str, *tags: str, outputs=()):
    cell = nbformat.v4.new_code_cell(text)
    cell.metadata["tags"] = list(tags)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def bilingual_cells(figure_code: str = "show_chart()") -> list:
    """The cells of a notebook written as the contract says (nb helper's format)."""
    return [
        md("# 图表9：测试图表", "lang-zh"),
        md("# Figure 9: a test chart", "lang-en"),
        md(ZH_PROSE, "lang-zh"),
        md(EN_PROSE, "lang-en"),
        code('lang = "zh"\nfig_dir = None\nas_of = None', "parameters"),
        code("%load_ext autoreload\n%autoreload 2", "remove-cell"),
        code(figure_code),
        code("files = export_all()", "remove-output"),
        md("## 要点", "lang-zh"),
        md("## Key figures", "lang-en"),
        code("import warnings; warnings.warn('noise')"),
    ]


def executed(lang: str) -> nbformat.NotebookNode:
    """A notebook as papermill leaves it, outputs included (made by hand: no kernel)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = bilingual_cells()
    nb.cells.insert(5, code(f'# Parameters\nlang = "{lang}"\nfig_dir = "../../tmp/x/.staging/'
                            f'fig9__today_{lang}/today_{lang}"\n', "injected-parameters"))
    png = {"output_type": "display_data", "metadata": {},
           "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}
    nb.cells[7].outputs = [nbformat.from_dict(png)]
    nb.cells[8].outputs = [nbformat.from_dict(
        {"output_type": "stream", "name": "stdout", "text": "['fig9.png', 'fig9.csv']\n"})]
    nb.cells[11].outputs = [nbformat.from_dict(
        {"output_type": "stream", "name": "stderr",
         "text": f"{sys.prefix}/lib/python3/site-packages/x.py:1: UserWarning: noise\n"})]
    nb.metadata["papermill"] = {
        "input_path": str(REPO_DIR / "notebooks" / "fig9_test.ipynb"),
        "output_path": f"/tmp/site/.staging/fig9__today_{lang}/today_{lang}.ipynb",
        "parameters": {"lang": lang, "fig_dir": f"../../tmp/x/today_{lang}"}}
    nb.metadata["uschina"] = {"title": {"zh": "图表9：测试图表", "en": "Figure 9: a test chart"},
                              "order": 9}
    return nb


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reader_page_has_one_language_and_no_code(lang):
    nb = reader.for_publication(executed(lang), f"today_{lang}")
    html = htmlexport.to_html(nb, "t", f"today_{lang}.ipynb",
                              htmlexport.titles_of(executed(lang)))
    other = "en" if lang == "zh" else "zh"
    assert f'<html lang="{HTML_LANG[lang]}">' in html
    assert h1s(html) == [{"zh": "图表9：测试图表", "en": "Figure 9: a test chart"}[lang]]
    text = {"zh": ZH_PROSE, "en": EN_PROSE}
    assert text[lang] in html and text[other] not in html
    assert ("要点" in html) == (lang == "zh") and ("Key figures" in html) == (lang == "en")
    page = body(html)
    # nbconvert's exclude_input and tag removal: no input, no parameters, no tagged cells
    assert "jp-InputArea-editor" not in page and "jp-InputPrompt" not in page
    for hidden in ("autoreload", "show_chart", "lang = ", "fig_dir", "fig9.csv", "warnings",
                   "noise", "UserWarning"):
        assert hidden not in page, hidden
    assert "data:image/png;base64,iVBORw0KGgo=" in page  # the chart stays
    head = header(html)
    assert f'href="../{pages.INDEX[lang]}"' in head and f'href="today_{lang}.ipynb"' in head


def test_an_untranslated_notebook_still_gets_a_title_in_the_page_language():
    nb = executed("en")
    nb.cells = [md("# 图表3：美国 CPI 同比创下 30 年以来的新高\n*US CPI*"),
                code("x", outputs=[{"output_type": "stream", "name": "stdout", "text": "1"}]),
                md("# 第二个一级标题")]
    nb.metadata["papermill"]["input_path"] = "/x/notebooks/fig3_us_cpi.ipynb"
    del nb.metadata["uschina"]
    out = reader.for_reader(nb, "en")
    assert out.cells[0].source.splitlines()[0] == f"# {FALLBACK['fig3_us_cpi'][2]}"
    assert out.cells[-1].source == "## 第二个一级标题"  # one H1 per page
    zh = reader.for_reader(nb, "zh")
    assert zh.cells[0].source.startswith("# 图表3：美国 CPI")


def test_a_published_notebook_names_no_local_path():
    nb = executed("zh")
    nb.cells[11].outputs[0]["text"] += (f"see {REPO_DIR}/data/x.csv and /tmp/pytest-9/site/a/b.png"
                                        " or https://fred.stlouisfed.org/series/CPIAUCSL\n")
    out = reader.for_publication(nb, "today_zh")
    text = json.dumps(out, ensure_ascii=False)
    for local in (str(REPO_DIR), sys.prefix, "/tmp/", "staging"):
        assert local not in text, local
    assert "https://fred.stlouisfed.org/series/CPIAUCSL" in text  # URLs are not paths
    assert "<repo>/data/x.csv" in text and "…/b.png" in text
    assert out.metadata["papermill"] == {"parameters": {"lang": "zh", "fig_dir": "today_zh"}}
    assert "fig_dir = 'today_zh'" in out.cells[5].source
    assert nb.metadata["papermill"]["input_path"]  # the executed notebook is left alone


# ---------------------------------------------------------------- gallery, from files


def _png(path: Path, colour: str, size=(1210, 660)) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def _figure(folder: Path, name: str, colour: str, lang: str, **extra) -> None:
    _png(folder / f"{name}.png", colour)
    (folder / f"{name}.csv").write_text("date,v\n2021-09-01,1\n2021-10-01,2\n")
    (folder / f"{name}.meta.json").write_text(json.dumps({"name": name, "series": []}))
    info = {"name": name, "lang": lang, "title": name,
            "titles": {"zh": f"{name} 图", "en": f"{name} chart"},
            "key_figures": {"trend slope s.e. (HAC)": "0.0808"},
            "files": {"png": f"{name}.png", "csv": f"{name}.csv",
                      "meta": f"{name}.meta.json"}, **extra}
    (folder / f"{name}.json").write_text(json.dumps(info, ensure_ascii=False))


def _record(stem: str, view: str, lang: str, order: int, label: str) -> dict:
    return {"stem": stem, "slot": f"{view}_{lang}", "view": view, "lang": lang,
            "view_label": {"zh": label, "en": label + " (en)"}, "view_order": order,
            "notebook": f"/nowhere/{stem}.ipynb", "status": "ok", "figures": []}


def _page(site: Path, rec: dict) -> None:
    path = site / rec["stem"] / f"{rec['slot']}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{pages.HEADER_START}{pages.HEADER_END}<h1>x</h1></body>"
                    "</html>", encoding="utf-8")


CLAIMS_CSV = """document,id,claim_zh,claim_en,stated,unit,measured,verdict
000.txt,a,十月 CPI 6.2%,Oct CPI 6.2%,6.2,%,6.2,consistent
000.txt,b,日均新增超 8 万,over 80k a day,80000.0,cases per day,86220.0,inconsistent
000.txt,c,稀土储量,rare-earth reserves,1,%,,not checkable
"""


def test_gallery_orders_cards_collapses_identical_views_and_shows_highlights(tmp_path):
    site = tmp_path
    hl = [{"label": "2021年10月同比", "value": "6.2%"}, {"label": "峰值", "value": "9.1%"}]
    through = [{"key": "us_cpi_yoy", "date": "2021-10-01", "label": "2021年10月",
                "source": "BLS CUUR0000SA0"}]
    recs = {}
    views = (("report", "zh", 0, "报告时点"), ("today", "zh", 1, "今日数据"),
             ("today", "en", 1, "今日数据"))
    for stem in ("fig3_us_cpi", "zzz_extra", "claims"):
        for view, lang, vo, label in views:
            rec = _record(stem, view, lang, vo, label)
            recs[f"{stem}/{rec['slot']}"] = rec
            _page(site, rec)
            folder = site / stem / rec["slot"]
            folder.mkdir(parents=True, exist_ok=True)
            if stem == "claims":
                (folder / "claims.csv").write_text(CLAIMS_CSV, encoding="utf-8")
            else:  # same chart in both zh views: the gallery shows it once
                _figure(folder, stem, "white" if lang == "zh" else "grey", lang,
                        highlights=hl, data_through=through)
    build_index(site, recs)
    html = (site / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<article class="us-card[^"]*" id="([^"]+)"', html)
    assert order == ["claims", "fig3_us_cpi", "zzz_extra"]
    card = html[html.index('id="fig3_us_cpi"'):html.index('id="zzz_extra"')]
    assert card.count("<img ") == 1 and "报告时点 · 今日数据" in card
    assert "两个视图的图表相同" in card
    assert "2021年10月同比" in card and "6.2%" in card and "数据截至" in card
    assert "trend slope" not in html and "0.0808" not in html
    assert f"<h2><a href=\"fig3_us_cpi/today_zh.html\">{FALLBACK['fig3_us_cpi'][1]}</a>" in card
    assert "zzz_extra 图" in html  # a notebook nobody titled: its figure's title
    thumb = site / "thumbs" / "fig3_us_cpi" / "report_zh" / "fig3_us_cpi.png"
    from PIL import Image

    with Image.open(thumb) as im:
        assert im.size == (480, 262)
    claims = html[html.index('id="claims"'):html.index('id="fig3_us_cpi"')]
    assert re.search(r"<b>1</b> 一致.*<b>1</b> 不一致.*<b>1</b> 无法核验.*<b>3</b> 合计",
                     claims, re.S)
    assert "日均新增超 8 万" in claims and "86,220" in claims and "e+04" not in claims
    assert "cases per day" not in claims  # English units stay off the Chinese page
    english = (site / "index.en.html").read_text(encoding="utf-8")
    assert "over 80k a day" in english and "cases per day" in english
    assert english.count('<img ') == 2  # en views only: one per chart notebook
    # every notebook page got its full header: home, siblings, downloads, data-through
    head = header((site / "fig3_us_cpi" / "today_en.html").read_text(encoding="utf-8"))
    assert 'href="../index.en.html"' in head
    assert 'href="report_zh.html"' in head and 'href="today_zh.html"' in head
    assert 'href="today_en/fig3_us_cpi.png"' in head and 'href="today_en/fig3_us_cpi.csv"' in head
    assert "2021年10月 (BLS CUUR0000SA0)" in head
    assert 'href="today_en/fig3_us_cpi.meta.json"' in head and "CSV metadata (JSON)" in head
    assert head.count('class="us-fig"') == 1  # the metadata sidecar is not a figure
    # a table exported without a figure is offered too
    head = header((site / "claims" / "today_zh.html").read_text(encoding="utf-8"))
    assert 'href="today_zh/claims.csv"' in head
    # a second build with nothing changed rewrites no page
    stamp = {p: p.stat().st_mtime_ns for p in site.glob("*/*.html")}
    build_index(site, recs)
    assert stamp == {p: p.stat().st_mtime_ns for p in site.glob("*/*.html")}


def test_a_figure_without_data_through_falls_back_to_its_csv(tmp_path):
    _figure(tmp_path, "old", "white", "zh")
    infos = pages.figures(tmp_path, "old")
    assert pages.data_through(tmp_path, infos, "zh") == [
        {"series": "old 图", "label": "2021-10-01", "source": ""}]
    assert pages.highlights(infos[0]) == []  # raw key figures are never shown


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
    assert {"index.html", "index.en.html", "catalog.html", "catalog.en.html",
            "fig3_us_cpi/report_zh.html", "fig3_us_cpi/today_zh.html",
            "fig3_us_cpi/today_en.html"} <= names
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert offline_problems(html) == [], page
        assert "require.js" not in html and "MathJax.js" not in html, page
    css = (site / "site.css").read_text(encoding="utf-8")
    assert not CSS_URL.search(css) and "@import" not in css


def test_notebook_pages_are_standalone_and_small(site):
    for page in (site / "fig3_us_cpi").glob("*.html"):
        size = page.stat().st_size
        assert 50_000 < size < 600_000, (page, size)  # 0.85 MB with the 2x PNGs inline
        html = page.read_text(encoding="utf-8")
        # the figures shown are the exported PNGs, linked from the view's folder, not a
        # second base64 copy; their alt text is the figure's title in the page's language
        imgs = re.findall(r'<img alt="([^"]*)"[^>]*src="([^"]+)"', html)
        slot = page.name.split(".")[0]
        assert [src for _, src in imgs] == [f"{slot}/fig3_us_cpi.png",
                                            f"{slot}/fig3_us_cpi_trend.png"], page
        assert all((page.parent / src).is_file() for _, src in imgs)
        assert '<img alt="No description' not in html and 'src="data:image/png' not in html
        lang = "en" if slot.endswith("_en") else "zh"
        assert imgs[0][0].startswith("Chart 3: " if lang == "en" else "图表3："), imgs
    assert "2021-11-16" in (site / "fig3_us_cpi" / "report_zh.html").read_text(encoding="utf-8")


def test_notebook_pages_are_for_readers(site):
    folder = site / "fig3_us_cpi"
    for slot, lang in (("report_zh", "zh"), ("today_zh", "zh"), ("today_en", "en")):
        html = (folder / f"{slot}.html").read_text(encoding="utf-8")
        assert f'<html lang="{HTML_LANG[lang]}">' in html
        # no code: not one input area of a code cell, no prompts, no parameters cell
        assert "jp-InputArea-editor" not in body(html) and "jp-InputPrompt" not in body(html)
        assert "%autoreload" not in html and "fig_dir = " not in html
        assert "NBVAL_CHECK_OUTPUT" not in html
        h1 = h1s(html)
        assert len(h1) == 1, h1
        title = FALLBACK["fig3_us_cpi"][1 if lang == "zh" else 2]
        assert h1 == [title]
        # the header: home, the other views and languages, downloads, the code, data-through
        head = header(html)
        home = "../index.html" if lang == "zh" else "../index.en.html"
        assert f'href="{home}"' in head
        for other in {"report_zh", "today_zh", "today_en"} - {slot}:
            assert f'href="{other}.html"' in head, (slot, other)
        assert 'aria-current="page"' in head
        for ext in ("png", "svg", "csv"):
            assert f'href="{slot}/fig3_us_cpi.{ext}"' in head
        assert f'href="{slot}.ipynb"' in head
        assert ("数据截至" if lang == "zh" else "Data through") in head
        for href in re.findall(r'(?:href|src)="([^"#]+)"', head):
            assert (folder / unquote(href)).resolve().is_file(), (slot, href)
    # the report's view ends with October 2021 (published by its as_of)
    head = header((folder / "report_zh.html").read_text(encoding="utf-8"))
    assert "2021年10月" in head and "2026年" not in head


def test_published_notebooks_carry_no_local_paths(site):
    for nb_file in site.rglob("*.ipynb"):
        text = nb_file.read_text(encoding="utf-8")
        for root in (str(REPO_DIR), str(site), sys.prefix, "/tmp/"):
            assert root not in text, (nb_file, root)
        pm = json.loads(text)["metadata"]["papermill"]
        assert "input_path" not in pm and "output_path" not in pm
        assert pm["parameters"]["fig_dir"] == nb_file.stem  # the folder beside it
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert str(REPO_DIR) not in text and str(site) not in text, page


def test_executed_notebooks_are_papermill_output_with_the_plan_parameters(site):
    nb = nbformat.read(site / "fig3_us_cpi" / "report_zh.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["as_of"] == "2021-11-16"
    assert nb.metadata["papermill"]["parameters"]["lang"] == "zh"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'as_of = "2021-11-16"' in injected[0].source
    assert "fig_dir = 'report_zh'" in injected[0].source
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
    zh, en = FALLBACK["fig3_us_cpi"][1:]
    assert f"<h2><a href=\"fig3_us_cpi/today_zh.html\">{zh}</a></h2>" in html
    assert en in html  # the other language as the subtitle
    # report's view and today's view side by side, each with a real small thumbnail
    assert html.index("报告时点") < html.index("今日数据")
    for slot in ("report_zh", "today_zh"):
        src = f"thumbs/fig3_us_cpi/{slot}/fig3_us_cpi.png"
        assert f'src="{src}" width="480"' in html
        from PIL import Image

        with Image.open(site / src) as thumb, \
                Image.open(site / "fig3_us_cpi" / slot / "fig3_us_cpi.png") as full:
            assert thumb.width == 480 < full.width
            assert abs(thumb.height / thumb.width - full.height / full.width) < 0.01
    assert "trend slope" not in html and "window peak" not in html  # no raw key figures
    assert 'href="fig3_us_cpi/today_en.html"' in html
    assert 'href="index.en.html"' in html
    english = (site / "index.en.html").read_text(encoding="utf-8")
    assert f">{en}</a></h2>" in english and 'src="thumbs/fig3_us_cpi/today_en/' in english
    assert 'src="thumbs/fig3_us_cpi/report_zh/' not in english  # the zh-only view stays zh
    for name in ("index.html", "index.en.html", "catalog.html", "catalog.en.html"):
        refs = Refs()
        refs.feed((site / name).read_text(encoding="utf-8"))
        local = [h for h in refs.links + [f.split("=", 1)[1].rstrip(">") for f in refs.fetched]
                 if not EXTERNAL.search(h) and not h.startswith("#")]
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


def test_only_exported_figures_are_linked_and_other_images_stay_inline(tmp_path):
    from uschina.render.htmlexport import link_figures

    folder = tmp_path / "today_zh"
    folder.mkdir()
    exported, other = b"\x89PNG exported", b"\x89PNG other"
    (folder / "fig.png").write_bytes(exported)
    (folder / "fig.json").write_text('{"title": "图表3：标题"}', encoding="utf-8")
    default_alt = 'alt="No description has been provided for this image"'
    src_exported = "data:image/png;base64," + base64.b64encode(exported).decode()
    src_other = "data:image/png;base64," + base64.b64encode(other).decode()
    page = (f'<img {default_alt} src="{src_exported}" width="900"/>'
            f'<img {default_alt} src="{src_other}"/>')
    out = link_figures(page, folder, "页面标题")
    assert '<img alt="图表3：标题" src="today_zh/fig.png" width="900"/>' in out
    assert f'<img alt="页面标题" src="{src_other}"/>' in out
    assert link_figures(page, tmp_path / "missing", "t").count("data:image/png") == 2


def test_a_past_views_data_through_line_says_what_the_values_are(site):
    def through_line(slot: str) -> str:
        page = (site / "fig3_us_cpi" / f"{slot}.html").read_text(encoding="utf-8")
        m = re.search(r'class="us-through">(.*?)</p>', page, re.S)
        return re.sub(r"<[^>]+>", "", m.group(1))

    assert "美国 CPI 同比：2021年10月，最新修订值" in through_line("report_zh")
    assert "修订" not in through_line("today_zh") and "revision" not in through_line("today_en")
