"""The shipped CJK font subset covers GB2312 and every character the suite can draw."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from fontTools.ttLib import TTFont

from uschina import style
from uschina.paths import REPO_DIR

sys.path.insert(0, str(REPO_DIR / "tools"))
import subset_font  # noqa: E402


@pytest.fixture(scope="module")
def cmap() -> set[int]:
    return set(TTFont(style.cjk_font_path()).getBestCmap())


def _names(codes) -> list[str]:
    return [f"{chr(c)} U+{c:04X} {unicodedata.name(chr(c), '?')}" for c in sorted(codes)][:20]


def test_subset_covers_gb2312(cmap):
    gb = subset_font.gb2312()
    assert len(gb) > 7400  # 6,763 hanzi plus 682 symbols
    missing = gb - cmap
    assert not missing, _names(missing)


def test_subset_covers_every_character_of_the_suite(cmap):
    """Chinese text in lib/, notebooks/, seeds/ and data/; re-run tools/subset_font.py if not."""
    suite = subset_font.suite_characters()
    assert ord("图") in suite and ord("：") in suite  # the scan does read the Chinese sources
    missing = suite - cmap
    assert not missing, (
        f"characters missing from the shipped font: {_names(missing)}; rebuild it with "
        "`tools/subset_font.py FULL.otf` (the full NotoSansCJKsc-Regular.otf, e.g. from the "
        "mplfonts wheel on PyPI)")


def test_shipped_font_is_a_subset_with_its_licence():
    path = style.cjk_font_path()
    assert 1_000_000 < (REPO_DIR / "lib/uschina/fonts" / path.rsplit("/", 1)[1]).stat().st_size \
        < 6_000_000
    licence = (REPO_DIR / "lib/uschina/fonts/OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Adobe" in licence
    name = {r.nameID: r.toUnicode() for r in TTFont(path)["name"].names if r.platformID == 3}
    assert name[1].startswith("Noto Sans CJK SC")
    assert "Open Font License" in name[13]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_heavy_charts_draw_without_missing_glyphs(lang, tmp_path):
    """The report's table of exchanges (names, places, fields) and the claims of the 2026 text."""
    import warnings

    from uschina.charts import exchanges, rare_earths

    for chart in (exchanges.exchanges_table(lang=lang), rare_earths.rare_earth_claims(lang=lang)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
            chart.fig.savefig(tmp_path / f"{chart.name}.png")
            chart.fig.savefig(tmp_path / f"{chart.name}.svg")
