"""Every figure of every chart and analysis, in every view and language, laid out cleanly.

After a full draw the text extents are measured (uschina.charts.layout): no two texts
overlap, no legend sits on data or text, no label is crossed by a data line.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from uschina.charts import layout

REPORT, TEXT_2026 = "2021-11-16", "2026-03-01"
# (module, function, views): the 2026 text's view only where a notebook renders it
FUNCTIONS = [
    ("charts.exchanges", "exchanges_table", (None, REPORT)),
    ("charts.exchanges", "exchanges_by_month", (None, REPORT)),
    ("charts.approval", "presidential_approval", (None, REPORT)),
    ("charts.cpi", "us_cpi_yoy", (None, REPORT)),
    ("charts.autos", "us_autos", (None, REPORT)),
    ("charts.covid", "us_covid_cases", (None, REPORT)),
    ("charts.fx", "usd_vs_cny", (None, REPORT)),
    ("charts.treasuries", "ust_holdings", (None, REPORT, TEXT_2026)),
    ("charts.debt", "federal_debt", (None, REPORT, TEXT_2026)),
    ("charts.rare_earths", "rare_earth_claims", (None, REPORT, TEXT_2026)),
    ("charts.phase_one", "phase_one_checkpoints", (None, REPORT)),
    ("charts.phase_one", "phase_one_categories", (None, REPORT)),
    ("analysis.exchanges", "exchanges_trend", (None, REPORT)),
    ("analysis.approval", "approval_trend", (None, REPORT)),
    ("analysis.cpi", "cpi_trend", (None, REPORT)),
    ("analysis.autos", "autos_trend", (None, REPORT)),
    ("analysis.covid", "covid_trend", (None, REPORT)),
    ("analysis.fx", "fx_trend", (None, REPORT)),
    ("analysis.holdings", "holdings_trend", (None, REPORT, TEXT_2026)),
    ("analysis.debt", "debt_trend", (None, REPORT, TEXT_2026)),
]
CASES = [pytest.param(mod, fn, as_of, lang, id=f"{fn}-{as_of or 'today'}-{lang}")
         for mod, fn, views in FUNCTIONS for as_of in views for lang in ("zh", "en")]
# Named exceptions: (function, as_of, lang, problem prefix) -> why it cannot be avoided.
ALLOWED: dict[tuple[str, str | None, str, str], str] = {}


def draw(mod: str, fn: str, as_of, lang: str):
    module = importlib.import_module(f"uschina.{mod}")
    return getattr(module, fn)(as_of=as_of, lang=lang)


@pytest.mark.parametrize(("mod", "fn", "as_of", "lang"), CASES)
def test_no_collisions(mod, fn, as_of, lang):
    chart = draw(mod, fn, as_of, lang)
    found = layout.measure(chart.fig)
    problems = [p for p in found.problems()
                if not any((fn, as_of, lang) == k[:3] and p.startswith(k[3]) for k in ALLOWED)]
    assert found.texts, "nothing measured: the figure was not laid out"
    assert not problems, "\n".join(problems)


# parameters the notebooks expose that change what is drawn
OTHER = [("charts.fx", "usd_vs_cny", {"dollar_index": "broad"}),
         ("analysis.fx", "fx_trend", {"dollar_index": "broad"}),
         ("charts.autos", "us_autos", {"sales": "light"}),
         ("charts.exchanges", "exchanges_by_month", {"threshold": 4}),
         ("charts.cpi", "us_cpi_yoy", {"start": "2019-01-01"})]


@pytest.mark.parametrize(("mod", "fn", "kwargs", "lang"),
                         [pytest.param(m, f, k, lang, id=f"{f}-{next(iter(k.values()))}-{lang}")
                          for m, f, k in OTHER for lang in ("zh", "en")])
def test_no_collisions_with_other_parameters(mod, fn, kwargs, lang):
    chart = getattr(importlib.import_module(f"uschina.{mod}"), fn)(lang=lang, **kwargs)
    found = layout.measure(chart.fig)
    assert not found.problems(), found.describe()


# --- the measuring itself, on figures built to collide ---------------------------------------

def _fig():
    fig = Figure(figsize=(4, 3))
    return fig, fig.subplots()


def test_overlapping_texts_are_found():
    fig, ax = _fig()
    ax.text(0.5, 0.5, "38.1", transform=ax.transAxes)
    ax.text(0.52, 0.5, "42", transform=ax.transAxes)
    ax.text(0.1, 0.1, "apart", transform=ax.transAxes)
    found = layout.measure(fig)
    assert found.text_overlaps == [("38.1", "42")]


def test_line_through_a_label_is_found_and_a_clear_one_is_not():
    fig, ax = _fig()
    ax.plot([0, 1], [0, 1], label="data")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0.45, 0.48, "crossed")
    ax.text(0.05, 0.85, "clear")
    found = layout.measure(fig)
    assert [t for t, _ in found.crossed_labels] == ["crossed"]


def test_axhline_is_not_data_but_a_legend_on_a_line_is_found():
    fig, ax = _fig()
    ax.axhline(0.5, color="k")
    ax.plot([0, 1], [0.9, 0.9], label="high line")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    found = layout.measure(fig)
    assert found.legend_overlaps == [("legend[high line]", "line 'high line'")]
    assert not found.crossed_labels


def test_tick_labels_outside_the_view_are_not_counted():
    fig, ax = _fig()
    ax.plot([0, 10], [0, 1])
    ax.set_xticks([-50, 0, 10, 50])  # -50 and 50 are laid out but not drawn
    ax.set_xlim(0, 10)
    names = [t.name for t in layout.measure(fig).texts]
    assert "0" in names and "10" in names
    assert "\N{MINUS SIGN}50" not in names and "50" not in names


def test_segments_cross_box():
    box = Bbox.from_extents(0, 0, 10, 10)
    assert layout.segments_cross_box(np.array([[-5, 5], [15, 5]]), box)
    assert not layout.segments_cross_box(np.array([[-5, 15], [15, 15]]), box)
    assert not layout.segments_cross_box(np.array([[-5, 5], [np.nan, np.nan], [15, 5]]), box)
    assert layout.segments_cross_box(np.array([[2, 2], [3, 3]]), box)  # inside
    assert not layout.segments_cross_box(np.array([[-5, 12.0], [12, 25]]), box)  # past a corner
