"""FX: the rolling 60-day correlation of the dollar index and USD/CNY, and the 2021
divergence: the RMB's move against what the dollar index alone would have predicted."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .. import datasets, style, trend
from ..charts.common import day_label, end_label, highlight, last_drawn, pct, through_text
from ..params import check_choice
from .base import Analysis, check_common, signed, titles

NAME = "fig6_usd_cny_trend"
TEXT = {"zh": "美元指数与人民币汇率的滚动相关性，以及 2021 年的背离",
        "en": "rolling correlation of the dollar index and the yuan, and the 2021 divergence"}
DOLLAR_KEYS = {"dxy": "dxy", "broad": "usd_broad_index"}
WINDOW = 60
SHOW_FROM = "2018-01-01"
ESTIMATION = ("2019-01-01", "2020-12-31")  # the two years before the divergence
DIVERGENCE = ("2021-01-01", "2021-12-31")


def fx_trend(as_of=None, lang: str = "zh", dollar_index: str = "dxy",
             window: int = WINDOW) -> Analysis:
    """Rolling correlation of the dollar index and USD/CNY, and the yuan's 2021 divergence.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of every word in the figure.
    dollar_index : {"dxy", "broad"}
        ICE's DXY or the Fed's broad dollar index.
    window : int
        Trading days in the rolling window.

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> fx_trend(as_of="2021-11-16").key_figures["dollar index"]
    'dxy'
    """
    a = check_common(lang, as_of)
    check_choice("dollar_index", dollar_index, tuple(DOLLAR_KEYS))
    key = DOLLAR_KEYS[dollar_index]
    dollar = datasets.load(key, start="2017-06-01", as_of=a).rename(key)
    cny = datasets.load("usd_cny", start="2017-06-01", as_of=a).rename("usd_cny")
    rel = trend.rolling_relation(cny, dollar, window=window)
    est = trend.rolling_relation(cny[ESTIMATION[0]:ESTIMATION[1]],
                                 dollar[ESTIMATION[0]:ESTIMATION[1]], window=window)
    path = divergence_path(cny, dollar, est.full_beta)
    figures: dict[str, object] = {
        "dollar index": key,
        f"beta of USD/CNY on {key}, {ESTIMATION[0][:4]}–{ESTIMATION[1][:4]}": est.full_beta,
        "beta s.e. (HAC)": est.full_beta_se,
        f"correlation {ESTIMATION[0][:4]}–{ESTIMATION[1][:4]}": est.full_corr,
    }
    corr = rel.table["corr"].dropna()
    figures[f"{window}-day correlation, latest ({corr.index[-1].date()})"] = float(corr.iloc[-1])
    c21 = corr[DIVERGENCE[0]:DIVERGENCE[1]]
    if not c21.empty:
        figures[f"{window}-day correlation, 2021 mean"] = float(c21.mean())
        figures[f"{window}-day correlation, 2021 low"] = f"{c21.min():.2f} on {c21.idxmin().date()}"
    if not path.empty:
        end = path.iloc[-1]
        figures["divergence window"] = f"{path.index[0].date()} to {path.index[-1].date()}"
        figures[f"{key} change %"] = float(end["dollar_pct"])
        figures["USD/CNY change %"] = float(end["cny_pct"])
        figures["USD/CNY change predicted by the dollar %"] = float(end["predicted_pct"])
        figures["RMB divergence (actual − predicted), pp"] = float(end["gap_pp"])
    through = last_drawn(**{key: dollar, "usd_cny": cny})
    heads = titles({k: finding(figures, path, k) for k in TEXT})
    fig = _draw(rel, path, est.full_beta, key, lang,
                [style.credit(dollar.attrs, lang), style.credit(cny.attrs, lang)],
                heads[lang], through_text(through, lang))
    w = WORDS[lang]
    hl = [highlight(w["h_corr"].format(d=day_label(corr.index[-1], lang)),
                    f"{float(corr.iloc[-1]):.2f}"),
          highlight(w["h_beta"], f"{est.full_beta:.2f}")]
    if not path.empty:
        hl.append(highlight(w["h_cny"], pct(float(path.iloc[-1]["cny_pct"]), signed=True)))
        hl.append(highlight(w["h_gap"], signed(float(path.iloc[-1]["gap_pp"]))))
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig,
                    data=rel.table, key_figures=figures, sources=[key, "usd_cny"],
                    tables={"rolling": rel.table, "divergence_2021": path},
                    results={"rolling": rel, "estimation": est}, lang=lang, highlights=hl,
                    through=through)


WORDS = {
    "zh": {"finding": "2021 年美元兑人民币实际{c}，按美元指数应为{p}，背离 {g} 个百分点",
           "h_corr": "{d} 60 日相关系数", "h_beta": "β（2019–2020）",
           "h_cny": "2021 年美元兑人民币",
           "h_gap": "背离（百分点）",
           "corr": "{n} 日滚动相关系数（日对数变动）", "year": "2021 年",
           "names": {"dxy": "美元指数", "usd_broad_index": "美元广义指数"},
           "short": {"dxy": "美元指数", "usd_broad_index": "美元广义指数"},
           "a": "(a) {n}与美元兑人民币的滚动相关",
           "implied": "按美元指数推算的美元兑人民币（β={b:.2f}）",
           "actual": "美元兑人民币（实际）", "gap": "背离 {g} 个百分点",
           "since": "自 2020 年末累计变动（%）",
           "b": "(b) 2021 年：人民币实际走势 vs 美元指数所隐含的走势",
           "note": "β 为 {y} 年日对数变动回归系数；美元兑人民币上行 = 人民币贬值"},
    "en": {"finding": "In 2021 USD/CNY moved {c} where the dollar implied {p}: "
                      "a {g} pp divergence",
           "h_corr": "60-day correlation ({d})", "h_beta": "β (2019–2020)",
           "h_cny": "USD/CNY in 2021", "h_gap": "Divergence (pp)",
           "corr": "{n}-day rolling correlation (daily log changes)", "year": "2021",
           "names": {"dxy": "DXY", "usd_broad_index": "broad dollar index"},
           "short": {"dxy": "DXY", "usd_broad_index": "Broad dollar"},
           "a": "(a) {n} and USD/CNY: rolling correlation",
           "implied": "USD/CNY implied by the dollar (β={b:.2f})", "actual": "USD/CNY (actual)",
           "gap": "divergence {g} pp", "since": "% change since end-2020",
           "b": "(b) 2021: the yuan against what the dollar implied",
           "note": "β from daily log changes {y}; USD/CNY up = yuan weaker"},
}


def finding(figures: dict, path: pd.DataFrame, lang: str) -> str:
    """The headline finding: the yuan's 2021 move against what the dollar implied.

    Parameters
    ----------
    figures : dict
        The analysis' key figures (not read: the finding comes from ``path``).
    path : pd.DataFrame
        :func:`divergence_path` (its last row is the year's outcome).
    lang : {"zh", "en"}
        The finding's language.

    Returns
    -------
    str
        One sentence; the analysis' description when ``path`` is empty.

    Examples
    --------
    >>> path = pd.DataFrame({"cny_pct": [-2.34], "predicted_pct": [1.33], "gap_pp": [-3.67]})
    >>> finding({}, path, "en")
    'In 2021 USD/CNY moved −2.3% where the dollar implied +1.3%: a −3.7 pp divergence'
    """
    if path.empty:
        return TEXT[lang]
    end = path.iloc[-1]
    return WORDS[lang]["finding"].format(c=pct(float(end["cny_pct"]), signed=True),
                                         p=pct(float(end["predicted_pct"]), signed=True),
                                         g=signed(float(end["gap_pp"])))


def divergence_path(cny: pd.Series, dollar: pd.Series, beta: float,
                    window=DIVERGENCE) -> pd.DataFrame:
    """Cumulative % changes over ``window`` from the last common close before it: the yuan,
    the dollar index, and the yuan's change predicted as beta × the dollar's (log) change.

    Parameters
    ----------
    cny : pd.Series
        USD/CNY, daily.
    dollar : pd.Series
        The dollar index, daily.
    beta : float
        The yuan's log change per log change of the dollar index.
    window : tuple of str
        First and last day of the period (default 2021).

    Returns
    -------
    pd.DataFrame
        By date: cny_pct, dollar_pct, predicted_pct and gap_pp (actual minus predicted);
        empty when there is no close before the window or none in it.

    Examples
    --------
    >>> i = pd.to_datetime(["2020-12-31", "2021-12-31"])
    >>> p = divergence_path(pd.Series([6.5, 6.5], i), pd.Series([90.0, 99.0], i), 0.5)
    >>> round(float(p["gap_pp"].iloc[-1]), 2)
    -4.88
    """
    both = pd.concat({"cny": cny, "dollar": dollar}, axis=1, join="inner").dropna()
    base = both[both.index < pd.Timestamp(window[0])]
    part = both[pd.Timestamp(window[0]):pd.Timestamp(window[1])]
    if base.empty or part.empty:
        return pd.DataFrame(columns=["cny_pct", "dollar_pct", "predicted_pct", "gap_pp"])
    logs = np.log(part / base.iloc[-1]) * 100  # log points ≈ %
    out = pd.DataFrame({"cny_pct": np.expm1(logs["cny"] / 100) * 100,
                        "dollar_pct": np.expm1(logs["dollar"] / 100) * 100,
                        "predicted_pct": np.expm1(beta * logs["dollar"] / 100) * 100})
    out["gap_pp"] = out["cny_pct"] - out["predicted_pct"]
    out.index.name = "date"
    return out


def _draw(rel, path, beta, key, lang, credits, head, stamp):
    w = WORDS[lang]
    fig, (ax1, ax2) = style.new_figure(figsize=(11.0, 4.8), ncols=2)
    t = rel.table[SHOW_FROM:]
    ax1.plot(t.index, t["corr"], color=style.PALETTE["main"], lw=1.2,
             label=w["corr"].format(n=rel.window))
    ax1.axhline(0, color="#777777", lw=0.8)
    ax1.axvspan(pd.Timestamp(DIVERGENCE[0]), pd.Timestamp(DIVERGENCE[1]),
                color=style.PALETTE["shade"], lw=0, zorder=0, label=w["year"])
    ax1.set_ylim(-0.6, 1.0)
    name = w["names"][key]
    ax1.set_title(w["a"].format(n=w["short"][key]), fontsize=10, loc="left")
    ax1.legend(loc="lower left", fontsize=8)
    ax1.tick_params(axis="x", labelsize=8)
    if not path.empty:
        ax2.plot(path.index, path["dollar_pct"], color=style.PALETTE["grey"], lw=1.2,
                 label=name)
        ax2.plot(path.index, path["predicted_pct"], color=style.PALETTE["second"], lw=1.3,
                 ls="--", label=w["implied"].format(b=beta))
        ax2.plot(path.index, path["cny_pct"], color=style.PALETTE["main"], lw=1.5,
                 label=w["actual"])
        ax2.axhline(0, color="#777777", lw=0.8)
        end = path.index[-1]
        last = path.iloc[-1]
        ax2.annotate("", (end, last["cny_pct"]), xytext=(end, last["predicted_pct"]),
                     arrowprops={"arrowstyle": "<->", "color": style.PALETTE["highlight"]})
        ax2.annotate(w["gap"].format(g=signed(last["gap_pp"])),
                     (end, (last["cny_pct"] + last["predicted_pct"]) / 2), xytext=(6, 0),
                     textcoords="offset points", ha="left", va="center", fontsize=9,
                     color=style.PALETTE["highlight"], annotation_clip=False)
        # right of the lines' ends, where no data are
        end_label(ax2, end, float(last["dollar_pct"]), f"{signed(last['dollar_pct'])}%",
                  style.PALETTE["grey"])
        ax2.set_ylabel(w["since"])
        ax2.legend(loc="upper left", fontsize=8)
        ax2.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
        ax2.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax2.tick_params(axis="x", labelsize=8)
    ax2.set_title(w["b"], fontsize=10, loc="left")
    years = f"{ESTIMATION[0][:4]}–{ESTIMATION[1][:4]}"
    note = w["note"].format(y=years)
    return style.finish(fig, head, style.source_line(credits, lang, note, stamp))
