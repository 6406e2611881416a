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

    Parameters
    ----------
    result : LinearTrend, HPTrend, Decomposition, BreakTest, Forecast or RollingRelation
        What to draw (its own ``plot`` method draws it).
    title : str
        The chart title, in ``lang``.
    credits : list of str
        Source credits for the source line under the chart.
    lang : {"zh", "en"}
    number : int or str, optional
        Chart number for the report's "图表N：" / "Chart N:" title form.
    note : str, optional
        Added to the source line.
    unit : str, optional
        y-axis label.

    Returns
    -------
    matplotlib.figure.Figure
        A figure made without pyplot (no global state), in the house style.

    Other Parameters
    ----------------
    **plot_kw
        Passed to ``result.plot`` (e.g. ``what="beta"`` for a RollingRelation).

    Examples
    --------
    >>> cpi = uschina.load("us_cpi_index", start="2000-01-01")  # doctest: +SKIP
    >>> fig = figure(linear_trend(cpi, log=True), title="CPI-U 与趋势",  # doctest: +SKIP
    ...              credits=[style.credit(cpi.attrs, "zh")], lang="zh")
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
