"""Plans that grow: sweeps, the SQLite state (a row per job), per-module code hashes, and the
gallery showing a sweep as one card to step through."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from test_render_run import frozen_lib as frozen_lib  # noqa: F401 - the fixture
from test_render_run import render, write_nb

from uschina.render import plan as plan_mod
from uschina.render.deps import Deps, imported_names
from uschina.render.state import STATE_NAME, Hasher, State, read_jobs

# a real PNG whose colour depends on as_of, and a figure description naming it
SWEPT = '''\
from pathlib import Path
import json
from PIL import Image
out = Path(fig_dir); out.mkdir(parents=True, exist_ok=True)
month = int(as_of[5:7])
Image.new("RGB", (40, 20), (month * 20, 0, 0)).save(out / "s.png")
(out / "s.json").write_text(json.dumps({"name": "s", "title": "s",
    "titles": {"zh": "扫描", "en": "swept"}, "files": {"png": "s.png"},
    "highlights": [{"label": "month", "value": str(month)}]}))
'''


def _plan(folder: Path, sweep: str) -> Path:
    plan = folder / "render.yaml"
    plan.write_text("notebooks: ['*.ipynb']\nviews:\n"
                    "  today: {params: {as_of: null}, langs: [zh]}\n"
                    f"  monthly: {{sweep: {sweep}, langs: [zh],\n"
                    "            label: {zh: 按月, en: Monthly}}\n", encoding="utf-8")
    return plan


def test_a_date_sweep_expands_to_one_view_per_value():
    views = plan_mod._views({"m": {"sweep": {"as_of": {
        "from": "2021-01-31", "to": "2021-06-01", "every": "month"}}, "langs": ["zh", "en"]}},
        "plan")
    assert [v.params["as_of"] for v in views] == [
        "2021-01-31", "2021-02-28", "2021-03-31", "2021-04-30", "2021-05-31"]
    assert [v.name for v in views][:2] == ["m-2021-01-31", "m-2021-02-28"]
    assert views[2].sweep == ("m", "as_of", "2021-03-31", 2)
    assert views[0].langs == ("zh", "en")
    assert plan_mod._date_steps({"from": "2020-02-29", "to": "2023-03-01", "every": "year"},
                                "w") == ["2020-02-29", "2021-02-28", "2022-02-28", "2023-02-28"]
    assert plan_mod._date_steps({"from": "2021-01-01", "to": "2021-01-15", "every": "week"},
                                "w") == ["2021-01-01", "2021-01-08", "2021-01-15"]
    values = plan_mod._views({"v": {"sweep": {"start": {"values": ["2000-01-01", None]}}}}, "p")
    assert [v.params for v in values] == [{"start": "2000-01-01"}, {"start": None}]


@pytest.mark.parametrize("sweep, message", [
    ({"as_of": {"from": "2021-06-01", "to": "2021-01-01", "every": "month"}},
     "'to' (2021-01-01) is before 'from' (2021-06-01)"),
    ({"as_of": {"from": "2021-01-01", "to": "2021-06-01", "every": "fortnight"}},
     "'every' must be one of day, week, month, quarter, year, got 'fortnight'"),
    ({"as_of": {"from": "soon", "to": "2021-06-01", "every": "month"}},
     "'from' and 'to' must be dates"),
    ({"as_of": {"from": "1900-01-01", "to": "2021-06-01", "every": "day"}},
     "values; at most 2000"),
    ({"as_of": {"values": ["a", "a"]}}, "repeats a value"),
    ({"as_of": {}, "start": {}}, "'sweep' must map ONE parameter"),
])
def test_a_bad_sweep_is_named(sweep, message):
    with pytest.raises(plan_mod.PlanError, match=re.escape(message)):
        plan_mod._views({"m": {"sweep": sweep}}, "render plan x.yaml")


def test_the_duplicate_check_is_linear_and_names_the_job(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_nb(tmp_path / name / "same.ipynb", "pass")
    plan = {"notebooks": ["*/*.ipynb"], "exclude": [], "overrides": {},
            "views": {"v": {"langs": ["zh"]}}}
    nbs = plan_mod.select_notebooks(plan, tmp_path / "render.yaml", [])
    with pytest.raises(plan_mod.PlanError, match="same outputs: same/v_zh"):
        plan_mod.expand(plan, tmp_path / "render.yaml", nbs, {})


def test_code_hashes_follow_the_modules_a_notebook_imports(tmp_path):
    pkg = tmp_path / "uschina"
    (pkg / "charts").mkdir(parents=True)
    (pkg / "__init__.py").write_text("def load():\n    from . import datasets\n")
    (pkg / "datasets.py").write_text("from .errors import E\n")
    (pkg / "errors.py").write_text("class E(Exception): pass\n")
    (pkg / "charts" / "__init__.py").write_text("")
    (pkg / "charts" / "cpi.py").write_text("from ..datasets import x\nimport numpy\n")
    (pkg / "charts" / "fx.py").write_text("")
    (pkg / "render.py").write_text("")
    assert imported_names("from . import a, b\nfrom ..c import d", "uschina.charts") == [
        "uschina.c", "uschina.c.d", "uschina.charts", "uschina.charts.a", "uschina.charts.b"]
    deps = Deps(pkg, Hasher())
    files = deps.closure(["uschina.charts.cpi"])
    assert sorted(p.relative_to(pkg).as_posix() for p in files) == [
        "__init__.py", "charts/__init__.py", "charts/cpi.py", "datasets.py", "errors.py"]

    nb = write_nb(tmp_path / "n.ipynb", "%matplotlib inline\nfrom uschina.charts import cpi")
    first = deps.notebook_hash(nb)
    (pkg / "charts" / "fx.py").write_text("x = 1\n")  # not imported by the notebook
    (pkg / "render.py").write_text("x = 1\n")
    assert Deps(pkg, Hasher(), deps.pruned()).notebook_hash(nb) == first
    (pkg / "errors.py").write_text("class E(ValueError): pass\n")  # imported two levels down
    assert Deps(pkg, Hasher(), deps.pruned()).notebook_hash(nb) != first


def test_the_state_writes_one_row_per_job(tmp_path):
    state = State(tmp_path)
    for i in range(50):
        state.jobs[f"nb/v{i}_zh"] = {"status": "ok", "n": i}
    state.save()
    state.jobs["nb/v7_zh"] = {"status": "failed", "n": -7}
    db = state._connect()
    before = db.total_changes
    state.save_job("nb/v7_zh")
    assert db.total_changes - before == 1  # one row, not the whole state again
    state.close()
    assert read_jobs(tmp_path)["nb/v7_zh"] == {"status": "failed", "n": -7}
    assert len(read_jobs(tmp_path)) == 50
    with sqlite3.connect(tmp_path / STATE_NAME) as db:
        assert db.execute("SELECT count(*) FROM jobs").fetchone() == (50,)

    (tmp_path / STATE_NAME).write_bytes(b"not a database at all" * 100)
    assert State(tmp_path).jobs == {}  # a damaged state means a full render, not a crash


@pytest.mark.usefixtures("frozen_lib")
def test_a_sweep_renders_one_job_per_value_and_shows_as_one_card(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "sw.ipynb", SWEPT.replace("int(as_of[5:7])",
                                             "int(as_of[5:7]) if as_of else 12"))
    plan = _plan(nbs, '{as_of: {from: "2021-01-01", to: "2021-03-01", every: month}}')
    site = tmp_path / "site"
    assert render(plan, site) == 0
    assert "4 jobs: 0 up to date, 4 to render" in capsys.readouterr().out
    jobs = read_jobs(site)
    assert sorted(jobs) == ["sw/monthly-2021-01-01_zh", "sw/monthly-2021-02-01_zh",
                            "sw/monthly-2021-03-01_zh", "sw/today_zh"]
    assert jobs["sw/monthly-2021-02-01_zh"]["sweep"] == {
        "group": "monthly", "param": "as_of", "value": "2021-02-01", "index": 1}
    assert jobs["sw/monthly-2021-02-01_zh"]["params"]["as_of"] == "2021-02-01"

    html = (site / "index.html").read_text(encoding="utf-8")
    sweeps = re.findall(r'<figure class="us-view us-sweep" id="([^"]+)" data-sweep>', html)
    assert sweeps == ["sw--monthly--zh"]  # one figure for the three values
    fig = html[html.index('id="sw--monthly--zh"'):]
    fig = fig[:fig.index("</figure>")]
    assert re.findall(r'data-value="([^"]+)"', fig) == ["2021-01-01", "2021-02-01", "2021-03-01"]
    assert fig.count(" hidden>") == 3  # two steps and the slider until the script shows it
    assert 'max="2"' in fig and "<output>2021-01-01</output>" in fig
    strip = re.findall(r'<a href="([^"]+)" hreflang="zh" data-i="(\d)"', fig)
    assert strip == [(f"sw/monthly-2021-0{m}-01_zh.html", str(m - 1)) for m in (1, 2, 3)]
    for href, _ in strip:
        assert (site / href).is_file()
    # each value has its own thumbnail of its own figure
    thumbs = re.findall(r'<img src="(thumbs/sw/monthly-[^"]+/s.png)"', fig)
    assert len(thumbs) == 3 and len({(site / t).read_bytes() for t in thumbs}) == 3
    # the card's page list names the plain view, not every value of the sweep
    nav = html[html.index('class="us-pages"'):]
    nav = nav[:nav.index("</nav>")]
    assert "today_zh.html" in nav and "monthly" not in nav

    assert render(plan, site) == 0
    assert "4 jobs: 4 up to date, 0 to render" in capsys.readouterr().out
    _step_through_in_a_browser(site / "index.html")


CHROMIUM = Path("/usr/bin/chromium")


def _step_through_in_a_browser(index: Path) -> None:
    """The slider and the strip show one value's chart at a time (offline, from disk)."""
    if not CHROMIUM.exists():
        return
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        try:
            page = browser.new_page()
            remote = []
            page.on("request", lambda r: remote.append(r.url)
                    if not r.url.startswith(("file:", "data:")) else None)
            page.goto(index.as_uri())
            fig = page.locator("#sw--monthly--zh")
            slider = fig.locator("input.us-slider")
            assert slider.is_visible()  # the script showed it

            def shown() -> list[str]:
                return [s.get_attribute("data-value")
                        for s in fig.locator(".us-step").all() if s.is_visible()]

            assert shown() == ["2021-01-01"]
            slider.fill("2")  # sets the value and fires "input"
            assert shown() == ["2021-03-01"]
            assert fig.locator("output").inner_text() == "2021-03-01"
            fig.locator(".us-strip a").nth(1).hover()
            assert shown() == ["2021-02-01"] and slider.input_value() == "1"
            assert fig.locator(".us-strip a[aria-current]").inner_text() == "2021-02-01"
            img = fig.locator(".us-step:visible img")
            assert img.evaluate("i => i.complete && i.naturalWidth") > 0  # the thumbnail loads
            assert remote == []
        finally:
            browser.close()


def test_a_card_with_many_views_folds_all_but_six_away(tmp_path):
    from uschina.render.site import build_index

    site = tmp_path / "site"
    records = {}
    for i in range(10):
        slot = f"v{i}_zh"
        (site / "nb").mkdir(parents=True, exist_ok=True)
        (site / "nb" / f"{slot}.html").write_text("<html></html>")
        records[f"nb/{slot}"] = {
            "stem": "nb", "slot": slot, "view": f"v{i}", "lang": "zh", "status": "ok",
            "view_label": {"zh": f"视图{i}", "en": f"view {i}"}, "view_order": i,
            "notebook": str(tmp_path / "nb.ipynb"), "params": {}, "figures": []}
    build_index(site, records)
    html = (site / "index.html").read_text(encoding="utf-8")
    card = html[html.index('id="nb"'):]
    shown, folded = card.split('<details class="us-more"><summary>+4</summary>')
    assert shown.count('<figure class="us-view">') == 6
    assert folded[:folded.index("</details>")].count('<figure class="us-view">') == 4
    assert "视图9" in folded and "视图5" in shown

    for i in range(3, 10):  # few views: nothing folded
        del records[f"nb/v{i}_zh"]
    build_index(site, records)
    assert "us-more" not in (site / "index.html").read_text(encoding="utf-8")
