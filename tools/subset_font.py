"""Build the shipped CJK font: a subset of Noto Sans CJK SC (SIL OFL 1.1).

The subset covers GB2312 (6,763 hanzi and its symbols), Latin-1, general and CJK punctuation,
full-width forms, and every non-ASCII character the suite can draw (the Chinese strings of
lib/, notebooks/, seeds/ and data/; tests/test_fonts.py checks that nothing is missing).
Re-run it when a new character appears, with the full font from any source:

    .venv/bin/python tools/subset_font.py /path/to/NotoSansCJKsc-Regular.otf

(the full font ships, for example, with the ``mplfonts`` package on PyPI: install it in a
scratch environment, not in the project's dependencies).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "lib" / "uschina" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
SCANNED = ("lib/**/*.py", "lib/**/*.yaml", "notebooks/*.ipynb", "seeds/*.yaml",
           "data/*.yaml", "data/*.csv")
RANGES = [
    (0x20, 0x7E), (0xA0, 0xFF),  # ASCII, Latin-1
    (0x2000, 0x206F),  # general punctuation (dashes, quotes, ellipsis)
    (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF),  # letterlike, arrows, maths
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),  # circled, box, shapes
    (0x3000, 0x303F), (0x3200, 0x32FF),  # CJK punctuation, enclosed CJK
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312() -> set[int]:
    """Every character of GB2312: rows 0xA1-0xF7, cells 0xA1-0xFE, decoded."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def suite_characters(repo: Path = REPO) -> set[int]:
    """Non-ASCII characters in the suite's source, notebook, seed and data files."""
    chars: set[int] = set()
    for pattern in SCANNED:
        for path in repo.glob(pattern):
            if "fonts" in path.parts:
                continue
            chars |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E}
    return chars


def wanted() -> set[int]:
    codes = gb2312() | suite_characters()
    for lo, hi in RANGES:
        codes |= set(range(lo, hi + 1))
    return codes


def build(full_font: Path, out: Path = OUT) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning, vertical forms, locl
    options.name_IDs = ["*"]  # keep the copyright and licence strings
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(full_font), options)
    sub = subset.Subsetter(options)
    codes = wanted() & set(font.getBestCmap())
    sub.populate(unicodes=codes)
    sub.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(out), options)
    print(f"{out.relative_to(REPO)}: {len(codes)} characters, {out.stat().st_size / 1e6:.2f} MB")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("font", type=Path, help="the full NotoSansCJKsc-Regular.otf")
    build(ap.parse_args(argv).font)


if __name__ == "__main__":
    main(sys.argv[1:])
