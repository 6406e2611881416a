"""A finished house-style figure for any trend result: title, legend, source line."""

from __future__ import annotations

from matplotlib.figure import Figure

from .. import style
from .stl import Decomposition


def figure(result, *, title: str, credits: list[str], lang: str = "zh",
           number: int | str | None = None, note: str | None = None, unit: str | None = None,
           **plot_kw) -> Figure:
    """Draw ``result`` (any trend dataclass) on a new figure with the report's title and source.

    ``credits`` are the data credits (e.g. ``style.credit(series.attrs, lang)``).
    """
    style.check_lang(lang)
    if isinstance(result, Decomposition):
        fig, axes = style.new_figure(figsize=(9.0, 6.5), nrows=3, sharex=True,
                                     gridspec_kw={"height_ratios": [2, 1, 1]})
        result.plot(axes, lang=lang, **plot_kw)
        ax = axes[0]
    else:
        fig, ax = style.new_figure()
        result.plot(ax, lang=lang, **plot_kw)
        ax.legend(loc="best", fontsize=8)
    if unit:
        ax.set_ylabel(unit)
    return style.finish(fig, style.chart_title(number, title, lang),
                        style.source_line(credits, lang, note))
