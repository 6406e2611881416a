"""Chinese renders with the bundled font: no missing glyphs, the minus sign included."""

from __future__ import annotations

import warnings
from unittest import mock

import matplotlib
import pytest
from matplotlib import artist as martist
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


def _wrap_word_by_word(text: str, width_px: float, fontsize: float) -> str:
    """The reference: try one word after another (what style.wrap did before bisecting)."""
    style.apply()
    renderer = style._measurer()
    prop = font_manager.FontProperties(family=matplotlib.rcParams["font.family"], size=fontsize)

    def width(s: str) -> float:
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    def greedy(limit: float) -> list[str]:
        lines, line = [], ""
        for word in style._words(text):
            if line and width((line + word).rstrip()) > limit:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        return [*lines, line.rstrip()]

    lines = greedy(width_px)
    if len(lines) > 1:
        balanced = greedy(min(width_px, width(text) / len(lines) * 1.08))
        if len(balanced) == len(lines):
            lines = balanced
    return "\n".join(lines)


WRAP_TEXTS = [
    "资料来源：盖洛普（Gallup）、FiveThirtyEight、《纽约时报》民调平均、Silver Bulletin、"
    "uschina 整理；数据截至 2026年11月20日；注：民调平均为各机构发布的最近一期",
    "Source: Gallup, FiveThirtyEight, New York Times polling average, Silver Bulletin; "
    "uschina. Data through 20 Nov 2026. Note: averages are each publisher's latest",
    "图表2：特朗普第二任期第 610 天的支持率为 37.8–38.6%（民调平均）",
    "", " ", "x", "  two  spaces  ", "W" * 60, "Chart 3: $683bn and $633bn",
]


@pytest.mark.parametrize("text", WRAP_TEXTS)
def test_wrap_breaks_where_trying_word_by_word_does(text):
    import random

    rng = random.Random(len(text))
    alphabet = list("abcdefghij klmnop 美国中国数据来源， ;.-–%0123456789WAVi")
    noise = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200)))
    for t in (text, noise):
        for width_px in (40, 150, 400, 855):
            for size in (8, 14):
                assert style.wrap(t, width_px, size) == _wrap_word_by_word(t, width_px, size)


def test_wrap_is_remembered():
    text = "Source: US Bureau of Labor Statistics, CPI-U 12-month change; uschina"
    first = style.wrap(text, 300, 8)
    with mock.patch.object(style, "_measurer", side_effect=AssertionError("measured again")):
        assert style.wrap(text, 300, 8) == first
    assert style.wrap(text, 600, 8) != first or "\n" not in first  # the width is in the key


def test_tight_layout_is_matplotlibs_with_each_axes_measured_once():
    def figure():
        fig, axes = style.new_figure(figsize=(9.0, 6.5), nrows=3, sharex=True,
                                     gridspec_kw={"height_ratios": [2, 1, 1]})
        for i, ax in enumerate(axes):
            ax.plot(range(40), [v * 10 ** i for v in range(40)])
            ax.set_ylabel(f"第 {i} 行")
        twin = axes[0].twinx()
        twin.plot(range(40), range(40, 0, -1))
        twin.set_ylabel("右轴")
        fig.suptitle("标题")
        return fig

    ours, theirs = figure(), figure()
    rect = (0, 0.06, 1, 0.9)
    calls = []
    measure = martist._get_tightbbox_for_layout_only

    def counting(obj, *args, **kwargs):
        calls.append(obj)
        return measure(obj, *args, **kwargs)

    with mock.patch.object(martist, "_get_tightbbox_for_layout_only", counting):
        theirs.tight_layout(rect=rect)
        n_theirs = len(calls)
        calls.clear()
        style.tight_layout(ours, rect=rect)
    assert vars(ours.subplotpars) == vars(theirs.subplotpars)
    assert 0 < len(calls) < n_theirs  # matplotlib's two passes measure everything twice
    assert martist._get_tightbbox_for_layout_only is measure  # put back


@pytest.mark.parametrize("width", range(180, 700, 37))
def test_wrap_keeps_chinese_punctuation_with_its_words(width):
    # 禁则: no line of a wrapped Chinese source line starts with "；" or "）", none ends with "（"
    text = ("资料来源：美国财政部（TIC，mfhhis01）；数据截至2025年12月；注：2026年数据为二手转录，"
            "已标注；数值为最新修订值。另见（第12行）与（第23行）：中国持仓排名第三。")
    lines = style.wrap(text, width, 8).split("\n")
    assert len(lines) > 1
    assert "".join(lines) == text.replace(" ", "")
    assert not [ln for ln in lines[1:] if ln[0] in "，。、；：）》」"], lines
    assert not [ln for ln in lines[:-1] if ln[-1] in "（《「"], lines
