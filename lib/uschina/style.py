"""The house chart style: the report's look (numbered title, source line), zh/en, CJK fonts.

Chinese glyphs come from a subset of Noto Sans CJK SC shipped in ``uschina/fonts`` (SIL OFL 1.1,
licence beside it; GB2312 plus every character the suite draws, see tools/subset_font.py).
It is registered with ``font_manager.addfont`` once, so no system font or font cache is needed.
"""

from __future__ import annotations

import functools
import threading
from importlib import resources

import matplotlib as mpl
from matplotlib import artist as martist
from matplotlib import font_manager
from matplotlib.figure import Figure

from .errors import ParameterError

LANGS = ("zh", "en")
CJK_FONT_FILE = "NotoSansCJKsc-Regular-subset.otf"

# The report's palette: deep red first (the report's house colour), then muted contrasts.
PALETTE = {
    "main": "#B22222",
    "second": "#1F4E79",
    "third": "#C9A227",
    "fourth": "#5B8C5A",
    "grey": "#8C8C8C",
    "light": "#D9D9D9",
    "shade": "#E8E8E8",
    "highlight": "#E06C00",
}
CYCLE = [PALETTE[k] for k in ("main", "second", "third", "fourth", "grey")]

_lock = threading.Lock()  # tight_layout swaps a matplotlib function for the time of a layout


@functools.cache
def cjk_font_path() -> str:
    """The shipped CJK font file (a package-data file, so it works from an installed wheel)."""
    path = resources.files("uschina") / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"the CJK font {CJK_FONT_FILE} is missing from the uschina package ({path}); "
            "rebuild it with tools/subset_font.py and reinstall with `make install`"
        )
    return str(path)


@functools.cache
def _register_font() -> str:
    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def apply() -> None:
    """Set the house rcParams (idempotent). Called by every chart function."""
    family = _register_font()
    mpl.rcParams.update(
        {
            "font.family": [family, "DejaVu Sans"],
            "axes.unicode_minus": True,  # Noto Sans CJK has U+2212
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#E5E5E5",
            "grid.linewidth": 0.8,
            "axes.edgecolor": "#555555",
            "axes.labelcolor": "#333333",
            "xtick.color": "#333333",
            "ytick.color": "#333333",
            "axes.prop_cycle": mpl.cycler(color=CYCLE),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "legend.frameon": False,
            "font.size": 10,
            # deterministic SVG: no timestamp, fixed ids
            "svg.hashsalt": "uschina",
            "svg.fonttype": "path",
        }
    )


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ParameterError(f"parameter 'lang' must be one of {LANGS}, got {lang!r}")
    return lang


def chart_title(number: int | str | None, text: str, lang: str) -> str:
    """The report's title form: 图表3：… / Chart 3: …"""
    if number is None:
        return text
    return f"图表{number}：{text}" if lang == "zh" else f"Chart {number}: {text}"


def source_line(credits: list[str], lang: str, note: str | None = None,
                through: str | None = None) -> str:
    """The report's source line: credits, uschina, the data-through stamp, then a note.

    Example: ``source_line(["BLS"], "en", through="Data through May 2026")`` ->
    ``"Source: BLS; uschina. Data through May 2026"``.
    """
    credits = list(dict.fromkeys(credits))  # keep order, drop repeats
    if lang == "zh":
        line = "资料来源：" + "、".join([*credits, "uschina 整理"])
        line += f"；{through}" if through else ""
        return line + (f"；注：{note}" if note else "")
    line = "Source: " + ", ".join(credits) + "; uschina"
    line += f". {through}" if through else ""
    return line + (f". Note: {note}" if note else "")


def new_figure(figsize=(9.0, 5.0), nrows: int = 1, ncols: int = 1, **kw):
    apply()
    fig = Figure(figsize=figsize)  # not pyplot: no global state, no leaked figures
    axes = fig.subplots(nrows, ncols, **kw)
    return fig, axes


def wrap(text: str, width_px: float, fontsize: float) -> str:
    """Break ``text`` into lines that fit ``width_px`` at 100 dpi in the house font, at spaces
    or between CJK characters (widths measured with Agg, not guessed).

    Remembered per (text, width, size, font): re-running a notebook measures nothing again.

    Parameters
    ----------
    text : str
        One paragraph (a title or a source line).
    width_px : float
        The widest a line may be, in pixels at 100 dpi.
    fontsize : float
        Font size in points.

    Returns
    -------
    str
        The text with line breaks (``"\\n"``); lines are balanced, with no one-character
        widow on the last.

    Examples
    --------
    >>> wrap("Source: Bureau of Labor Statistics; uschina", 150, 8).count("\\n")  # doctest: +SKIP
    1
    """
    apply()  # measure in the house font (CJK included), whoever calls
    return _wrap(text, float(width_px), float(fontsize), tuple(mpl.rcParams["font.family"]))


@functools.lru_cache(maxsize=1024)
def _wrap(text: str, width_px: float, fontsize: float, family: tuple[str, ...]) -> str:
    renderer = _measurer()
    prop = font_manager.FontProperties(family=list(family), size=fontsize)
    words = _words(text)

    @functools.cache
    def width(s: str) -> float:
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    def greedy(limit: float) -> list[str]:
        # Fill each line with as many words as fit. A line's width only grows as words are
        # added (glyphs are laid out left to right), so the last word that fits is found by
        # galloping and bisection: the same breaks as trying one word after another, in
        # log(n) measurements of strings at most twice a line long.
        lines, i = [], 0
        while i < len(words):
            head = words[i] if not lines else words[i].lstrip()
            i += 1
            while not head and i < len(words):  # an empty line takes the next word regardless
                head += words[i]
                i += 1
            def fits(k: int, head=head, i=i) -> bool:
                return width((head + "".join(words[i:k])).rstrip()) <= limit

            # words[i:k] join the line for the largest k that fits: gallop, then bisect
            lo, step = i, 1  # fits(lo) holds (no word added)
            hi = min(lo + step, len(words))
            while hi > lo and fits(hi):
                lo, step = hi, step * 2
                hi = min(lo + step, len(words))
            hi -= 1  # fits(hi + 1) failed (or hi + 1 is past the end)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if fits(mid):
                    lo = mid
                else:
                    hi = mid - 1
            lines.append((head + "".join(words[i:lo])).rstrip())
            i = lo
        return lines or [""]

    lines = greedy(width_px)
    if len(lines) > 1:  # balance the lines: no one-character widow on the last
        balanced = greedy(min(width_px, width(text) / len(lines) * 1.08))  # never wider
        if len(balanced) == len(lines):
            lines = balanced
    return "\n".join(lines)


@functools.cache
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(100, 100, 100)


# Chinese line-breaking rules (禁则): a line never starts with closing punctuation, and never
# ends with opening punctuation
_NO_LINE_START = set("，。、；：！？）》」』】〉”’％,.;:!?)%")
_NO_LINE_END = set("（《「『【〈“‘(")


def _words(text: str) -> list[str]:
    """Break points: after a space, and between any two CJK characters, except before closing
    punctuation and after opening punctuation."""
    out, cur = [], ""
    for c in text:
        if c in _NO_LINE_START and not cur and out:
            out[-1] += c  # "；" stays with the character before it
            continue
        cur += c
        if (c == " " or ord(c) > 0x2E80) and c not in _NO_LINE_END:
            out.append(cur)
            cur = ""
    return [*out, cur] if cur else out


def finish(fig: Figure, title: str, source: str) -> Figure:
    """Title at the top left and source line at the bottom left, as in the report.

    Both wrap to the figure's width; the axes are laid out in the space left between them.

    Example: ``finish(fig, chart_title(3, "...", "zh"), source_line(["BLS"], "zh"))``.
    """
    # a margin for font hinting: rendered widths vary a few percent with the dpi
    width = fig.get_figwidth() * 100 * 0.95
    # "$683bn ... $633bn" would be read as mathtext between the two dollar signs
    title = wrap(title, width, 14).replace("$", r"\$")
    source = wrap(source, width, 8).replace("$", r"\$")
    # the CJK font ships one weight only, so the title stands out by size, not bold
    fig.suptitle(title, x=0.01, ha="left", fontsize=14, color="#111111")
    fig.text(0.01, 0.01, source, ha="left", va="bottom", fontsize=8, color="#555555")
    h = fig.get_figheight() * 100
    bottom = (source.count("\n") + 1) * 12 / h + 0.015
    top = 1 - ((title.count("\n") + 1) * 21 / h + 0.02)
    tight_layout(fig, rect=(0, bottom, 1, top))
    return fig


def tight_layout(fig: Figure, rect: tuple[float, float, float, float]) -> None:
    """``fig.tight_layout(rect=rect)``, measuring each axes' extent once instead of twice.

    With a ``rect``, matplotlib runs its layout pass twice on the same, unmoved axes; the
    second pass measures the same boxes again (tick labels and all). Here the measurements of
    the first pass are reused by the second, so the result is the same, in about half the time.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to lay out.
    rect : tuple of 4 floats
        (left, bottom, right, top) in figure fractions: where the axes and their labels go.

    Returns
    -------
    None
        The figure's subplot parameters are set.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> tight_layout(fig, rect=(0, 0.05, 1, 0.9))
    """
    measure = getattr(martist, "_get_tightbbox_for_layout_only", None)
    if measure is None:  # another matplotlib: its own two passes
        fig.tight_layout(rect=rect)
        return
    seen: dict[tuple[int, int], object] = {}

    def once(obj, *args, **kwargs):
        key = (id(obj), id(args[0]) if args else None)
        if kwargs or key not in seen:
            seen[key] = measure(obj, *args, **kwargs)
        return seen[key]

    with _lock:
        martist._get_tightbbox_for_layout_only = once
        try:
            fig.tight_layout(rect=rect)
        finally:
            martist._get_tightbbox_for_layout_only = measure


def credit(meta_attrs: dict, lang: str) -> str:
    """The short source credit of a loaded series (from its metadata in ``.attrs``)."""
    return meta_attrs["source"]["credit"][lang]
