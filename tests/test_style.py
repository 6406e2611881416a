"""Chinese renders with the bundled font: no missing glyphs, the minus sign included."""

from __future__ import annotations

import warnings

import matplotlib
import pytest
from matplotlib import font_manager

from uschina import style
from uschina.errors import ParameterError


def test_cjk_font_is_registered_from_the_package_file():
    style.apply()
    assert style.cjk_font_path().endswith("NotoSansCJKsc-Regular-subset.otf")
    family = matplotlib.rcParams["font.family"][0]
    assert family == "Noto Sans CJK SC"
    found = font_manager.findfont(font_manager.FontProperties(family=family),
                                  fallback_to_default=False)
    assert found == style.cjk_font_path()


def test_chinese_text_and_minus_render_without_glyph_warnings(tmp_path):
    fig, ax = style.new_figure()
    ax.plot([-2, -1, 0, 1], [-1.5, 0.5, -0.2, 2])  # negative ticks use U+2212
    style.finish(fig, style.chart_title(3, "美国 CPI 同比创下 30 年以来的新高", "zh"),
                 style.source_line(["美国劳工统计局（BLS）"], "zh", "注释：－３％"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        fig.savefig(tmp_path / "t.png")
        fig.savefig(tmp_path / "t.svg")
    assert (tmp_path / "t.png").stat().st_size > 10_000


def test_titles_and_source_lines_in_both_languages():
    assert style.chart_title(3, "标题", "zh") == "图表3：标题"
    assert style.chart_title(3, "Title", "en") == "Chart 3: Title"
    assert style.source_line(["BLS", "NBER"], "zh") == "资料来源：BLS、NBER、uschina 整理"
    assert style.source_line(["BLS"], "en", "x") == "Source: BLS; uschina. Note: x"


def test_bad_lang_is_named():
    with pytest.raises(ParameterError, match=r"parameter 'lang' must be one of \('zh', 'en'\)"):
        style.check_lang("fr")
