"""A figure is rasterised once per state: the inline PNG a notebook shows is the PNG exported,
while the figure is unchanged; a changed figure is rendered again."""

from __future__ import annotations

import io
from unittest import mock

import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from uschina import export, style
from uschina.charts import base
from uschina.charts.base import Chart


def _chart(title: str = "美国 CPI 同比") -> Chart:
    fig, ax = style.new_figure()
    ax.plot([1, 2, 3], [2.0, -1.0, 3.5], label="CPI")
    ax.legend()
    style.finish(fig, style.chart_title(3, title, "zh"), style.source_line(["BLS"], "zh"))
    data = pd.DataFrame({"v": [2.0, -1.0, 3.5]}, index=pd.Index([1, 2, 3], name="x"))
    return Chart(name="fig9_test", title=title, titles={"zh": title, "en": "CPI"}, fig=fig,
                 data=data, key_figures={"last": 3.5})


@pytest.fixture
def png_renders():
    """Counts the figure's PNG renderings (savefig calls with format png)."""
    calls = []
    real = Figure.savefig

    def counting(self, fname, *args, **kwargs):
        if kwargs.get("format", str(fname).rsplit(".", 1)[-1]) == "png":
            calls.append(kwargs.get("dpi"))
        return real(self, fname, *args, **kwargs)

    with mock.patch.object(Figure, "savefig", counting):
        yield calls


def test_inline_png_is_the_exported_png_rendered_once(tmp_path, png_renders):
    chart = _chart()
    shown, md = chart._repr_png_()
    assert md == {"width": 900, "height": 500}  # displayed at the layout size
    files = export.save(chart, tmp_path, "zh")
    assert files["png"].read_bytes() == shown
    assert png_renders == [base.png_dpi(chart.fig)]  # one rendering, at export resolution
    with Image.open(files["png"]) as im:
        assert im.width >= export.PNG_MIN_WIDTH and im.width == 2 * 900 + 126  # 214 dpi
    assert "<text" in files["svg"].read_text(encoding="utf-8")  # the SVG keeps text as text
    assert chart._repr_png_()[0] is shown  # the SVG export did not invalidate it
    assert len(png_renders) == 1


def test_the_rendering_is_what_savefig_draws():
    a, b = _chart(), _chart()
    buf = io.BytesIO()
    b.fig.savefig(buf, format="png", dpi=100)  # as the inline display did before
    buf = io.BytesIO()
    b.fig.savefig(buf, format="png", dpi=base.png_dpi(b.fig))
    assert base.png_bytes(a.fig) == buf.getvalue()


def test_a_changed_figure_is_rendered_again(tmp_path, png_renders):
    chart = _chart()
    shown, _ = chart._repr_png_()
    chart.fig.axes[0].set_title("a subtitle added after the display")
    files = export.save(chart, tmp_path, "zh")
    exported = files["png"].read_bytes()
    assert exported != shown and len(png_renders) == 2
    fresh = _chart()
    fresh.fig.axes[0].set_title("a subtitle added after the display")
    assert base.png_bytes(fresh.fig) == exported  # the file shows the figure as it is now

    chart.fig.axes[0].lines[0].set_ydata([0.0, 0.0, 0.0])  # a data change, too
    assert chart._repr_png_()[0] != exported and len(png_renders) == 4  # 3: `fresh`


def test_a_figure_resized_or_saved_elsewhere_is_not_served_stale(tmp_path):
    chart = _chart()
    first = base.png_bytes(chart.fig)
    chart.fig.set_size_inches(12, 5)
    with Image.open(io.BytesIO(base.png_bytes(chart.fig))) as im:
        assert im.width == 2 * 1200  # a new rendering at the new size
    assert base.png_bytes(chart.fig) != first
    assert chart._repr_png_()[1] == {"width": 1200, "height": 500}


def test_an_analysis_shows_and_exports_the_same_bytes(tmp_path):
    from uschina.analysis.base import Analysis

    c = _chart()
    a = Analysis(name="fig9_trend", title=c.title, titles=c.titles, fig=c.fig, data=c.data)
    shown, _ = a._repr_png_()
    assert export.save(a, tmp_path, "en")["png"].read_bytes() == shown
