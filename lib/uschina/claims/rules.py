"""The check rules. Each measures something in the curated data and explains what it found.

A rule returns a :class:`Measured` (the value and a detail sentence) or raises
:class:`NotCheckable` when the data cannot settle the claim (no data up to as_of, no
matching checkpoint); the verdict itself is decided in :mod:`uschina.claims.check`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import approval_days, datasets, measures
from ..errors import NotPublishedError


class NotCheckable(Exception):
    """The bundled data cannot settle this claim; the message says why."""


class NotPublished(NotCheckable):
    """The data that would settle the claim had not been published by ``as_of``."""


def _unpublished_or_missing(ctx: Context, text: str) -> NotCheckable:
    return NotPublished(f"{text} by as_of={_d(ctx.as_of)}") if ctx.as_of is not None \
        else NotCheckable(text)


@dataclass
class Measured:
    value: object
    detail: str


@dataclass
class Context:
    as_of: pd.Timestamp | None
    stated: dict[str, object]  # every claim's stated value, by id (for arithmetic)
    value: object  # this claim's stated value


RULES: dict[str, Callable[[dict, Context], Measured]] = {}

_RULE_SECTIONS = """\
Parameters
----------
p : dict
    The claim's ``check`` parameters from its seed file (all but ``rule``, ``expect`` and
    ``reason``: :attr:`uschina.claims.registry.Check.params`); the keys read are named above.
ctx : Context
    ``as_of`` (only data published by then; None: all data), the stated values of the
    document's claims by id, and this claim's stated value.

Returns
-------
Measured
    The measured value and a sentence saying how it was found; the verdict is decided in
    :func:`uschina.claims.check.check_claim`.

Raises
------
NotCheckable
    The data cannot settle the claim; :class:`NotPublished` when the data that would settle
    it had not been published by ``ctx.as_of``."""


def rule(fn):
    """Register a check rule under its function name (the ``rule:`` of a seed's ``check``).

    Also adds the Parameters, Returns and Raises sections all rules share to its docstring.

    Parameters
    ----------
    fn : callable
        ``fn(p, ctx) -> Measured``; its name is the one the seeds use.

    Returns
    -------
    callable
        ``fn`` itself, now in :data:`RULES`.

    Examples
    --------
    >>> RULES["value_at"] is value_at
    True
    """
    if fn.__doc__:  # python -OO strips docstrings
        head, sep, examples = inspect.cleandoc(fn.__doc__).partition("\nExamples\n--------\n")
        fn.__doc__ = f"{head.rstrip()}\n\n{_RULE_SECTIONS}\n{sep}{examples}"
    RULES[fn.__name__] = fn
    return fn


def _series(p: dict, ctx: Context, key: str | None = None) -> pd.Series:
    key = key or p["key"]
    try:
        data = datasets.load(key, as_of=ctx.as_of, require=True)
    except NotPublishedError as exc:
        raise NotPublished(str(exc)) from None
    if isinstance(data, pd.DataFrame):
        col = p.get("column", "value")
        data = data[col].rename(key if col == "value" else f"{key}.{col}")
    data = data.dropna()
    if data.empty:
        raise NotCheckable(f"{key} has no data published by as_of={_d(ctx.as_of)}")
    return data


def _d(ts) -> str:
    return "latest" if ts is None else pd.Timestamp(ts).date().isoformat()


def _fmt(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"


def _at(s: pd.Series, when: str, upto: bool = False) -> tuple[pd.Timestamp, float]:
    """The observation at ``when`` ('latest', or the last one on or before a date).

    ``upto``: the text means "as of" that day, so the last observation published by then
    will do (e.g. a daily series whose last days came out after the text's date).
    """
    if when == "latest":
        return s.index[-1], float(s.iloc[-1])
    ts = pd.Timestamp(when)
    if ts > s.index[-1] and upto:
        return s.index[-1], float(s.iloc[-1])
    if ts > s.index[-1]:  # the date lies beyond what was published (as_of): cannot settle
        raise NotPublished(f"{s.name}: no data for {ts.date()}; the data published by then "
                           f"end on {s.index[-1].date()}")
    upto = s[s.index <= ts]
    if upto.empty:
        raise NotCheckable(f"no observation on or before {ts.date()} ({s.name})")
    return upto.index[-1], float(upto.iloc[-1])


@rule
def value_at(p: dict, ctx: Context) -> Measured:
    """The value on a date (or the latest), or an aggregate over a window.

    Reads ``key`` (and ``column`` for a table), ``date`` (default ``latest``; with
    ``upto: true`` the last value published by then will do) and ``scale`` (divide by it);
    with ``agg: mean|min|max`` the aggregate over ``start``..``end`` instead (min and max
    list the daily values in the detail). ``nearby: [lo, hi]`` adds neighbouring values.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> value_at({"key": "us_cpi_yoy", "date": "2021-10-01"}, ctx).value
    6.2
    """
    s = _series(p, ctx)
    scale = float(p.get("scale", 1))
    if p.get("agg") in ("mean", "min", "max"):
        window = s[pd.Timestamp(p["start"]):pd.Timestamp(p["end"])]
        if window.empty:
            raise _unpublished_or_missing(ctx, f"{p['key']}: no data between {p['start']} and "
                                               f"{p['end']}")
        v = float(getattr(window, p["agg"])()) / scale
        detail = (f"{p['key']} {p['agg']} over {window.index[0].date()}..{window.index[-1].date()}"
                  f" ({len(window)} obs) = {_fmt(v)}")
        if p["agg"] != "mean":
            detail += "; daily: " + ", ".join(f"{d:%m-%d} {_fmt(x / scale)}"
                                              for d, x in window.items())
        return Measured(v, detail)
    when, v = _at(s, str(p.get("date", "latest")), p.get("upto", False))
    v /= scale
    detail = f"{p['key']} on {when.date()} = {_fmt(v)}"
    if "nearby" in p:  # show neighbouring values, e.g. when the text read a chart
        lo, hi = pd.Timestamp(p["nearby"][0]), pd.Timestamp(p["nearby"][1])
        near = s[lo:hi] / scale
        detail += "; nearby: " + ", ".join(f"{d:%m-%d} {_fmt(x)}" for d, x in near.items())
    return Measured(v, detail)


@rule
def extreme(p: dict, ctx: Context) -> Measured:
    """The max or min of a series between ``start`` and ``end`` (default: all of it).

    Reads ``key``, ``kind`` (``max`` or ``min``), ``start``, ``end`` and ``scale``; with
    ``measure: year`` the value is the year of the extreme instead (e.g. "the 2013 peak").

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> extreme({"key": "china_ust_holdings", "kind": "max", "scale": 1000}, ctx).value
    1.3167
    """
    s = _series(p, ctx)
    s = s[pd.Timestamp(p.get("start", s.index[0])):pd.Timestamp(p.get("end", s.index[-1]))]
    if s.empty:
        raise _unpublished_or_missing(ctx, f"{p['key']}: no data from {p.get('start')} to "
                                           f"{p.get('end', 'the latest')}")
    pt = measures.peak(s) if p["kind"] == "max" else measures.trough(s)
    scale = float(p.get("scale", 1))
    if p.get("measure") == "year":  # when the extreme happened, e.g. "the 2013 peak"
        return Measured(pt.date.year, f"{p['kind']} of {p['key']}: {_fmt(pt.value)} on "
                                      f"{pt.date.date()}")
    return Measured(pt.value / scale,
                    f"{p['kind']} of {p['key']} from {s.index[0].date()} to {s.index[-1].date()}"
                    f": {_fmt(pt.value / scale)} on {pt.date.date()}")


@rule
def record_since(p: dict, ctx: Context) -> Measured:
    """How far back one must go to find a value as high (or as low) as on ``date``.

    Reads ``key``, ``date`` (default ``latest``), ``direction`` (``high`` or ``low``) and
    ``tol`` (the text's precision: an earlier value within it is a tie, not a new record).
    The value is the whole years before ``date`` (one decimal), or the year of that earlier
    observation with ``express: year``. Raises NotCheckable when the value is a record for
    the whole series.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "us_cpi_yoy", "date": "2021-10-01", "direction": "high"}
    >>> record_since(p, ctx).value
    30.9
    """
    s = _series(p, ctx)
    when, v = _at(s, str(p.get("date", "latest")))
    earlier = s[s.index < when]
    # tol: the text's precision; an earlier value closer than that is a tie, not a record
    tol = float(p.get("tol", 0))
    if p["direction"] == "high":
        hits, ties = earlier[earlier >= v + tol], earlier[(earlier >= v) & (earlier < v + tol)]
    else:
        hits, ties = earlier[earlier <= v - tol], earlier[(earlier <= v) & (earlier > v - tol)]
    word = "as high" if p["direction"] == "high" else "as low"
    if hits.empty:
        raise NotCheckable(f"{_fmt(v)} on {when.date()} is a record for the whole series "
                           f"(from {s.index[0].date()})")
    last = hits.index[-1]
    years = (when - last).days / 365.25
    detail = (f"{p['key']} {_fmt(v)} on {when.date()}; the last value {word} was "
              f"{_fmt(float(hits.iloc[-1]))} on {last.date()} ({years:.1f} years earlier)")
    if tol and not ties.empty:
        detail += (f"; within ±{_fmt(tol)} of it (a tie at the text's precision): "
                   + ", ".join(f"{d.date()} {_fmt(x)}" for d, x in ties.items()))
    return Measured(last.year if p.get("express") == "year" else round(years, 1), detail)


@rule
def change(p: dict, ctx: Context) -> Measured:
    """The change from ``start`` to ``end``, in points or (``kind: pct``) percent.

    Reads ``key``, ``start`` (a date or ``first``), ``end`` (default ``latest``; ``upto``
    as in :func:`value_at`), ``kind`` and ``units`` (the detail's word for points).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> change({"key": "us_cpi_yoy", "start": "2021-01-01", "end": "2021-10-01"}, ctx).value
    4.8
    """
    s = _series(p, ctx)
    d0, v0 = _at(s, p["start"]) if p["start"] != "first" else (s.index[0], float(s.iloc[0]))
    d1, v1 = _at(s, str(p.get("end", "latest")), p.get("upto", False))
    if p.get("kind") == "pct":
        out, unit = (v1 / v0 - 1) * 100, "%"
    else:
        out, unit = v1 - v0, " " + p.get("units", "points")
    return Measured(round(out, 4), f"{p['key']} {_fmt(v0)} on {d0.date()} → {_fmt(v1)} on "
                                   f"{d1.date()}: {out:+.2f}{unit}")


@rule
def rise_from_low(p: dict, ctx: Context) -> Measured:
    """Percent rise from the lowest value in ``low_window`` to the value on ``date``.

    Reads ``key``, ``low_window`` (``[start, end]``) and ``date``.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "us_covid_new_cases_7d", "low_window": ["2021-10-20", "2021-11-05"],
    ...      "date": "2021-11-15"}
    >>> rise_from_low(p, ctx).value
    23.9
    """
    s = _series(p, ctx)
    window = s[pd.Timestamp(p["low_window"][0]):pd.Timestamp(p["low_window"][1])]
    if window.empty:
        raise _unpublished_or_missing(ctx, f"{p['key']}: no data in {p['low_window']}")
    low = measures.trough(window)
    when, v = _at(s, p["date"])
    rise = (v / low.value - 1) * 100
    return Measured(round(rise, 2), f"{p['key']} low {_fmt(low.value)} on {low.date.date()} → "
                                    f"{_fmt(v)} on {when.date()}: {rise:+.1f}%")


@rule
def compare_means(p: dict, ctx: Context) -> Measured:
    """Mean over period ``b`` minus mean over period ``a``.

    Reads ``key``, ``a`` and ``b`` (each ``[start, end]``).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "us_covid_new_cases", "a": ["2021-10-01", "2021-10-31"],
    ...      "b": ["2021-11-01", "2021-11-15"]}
    >>> compare_means(p, ctx).value
    3548.24
    """
    s = _series(p, ctx)
    a = s[pd.Timestamp(p["a"][0]):pd.Timestamp(p["a"][1])]
    b = s[pd.Timestamp(p["b"][0]):pd.Timestamp(p["b"][1])]
    if a.empty or b.empty:
        raise NotCheckable(f"{p['key']}: a period has no data by as_of={_d(ctx.as_of)}")
    diff = float(b.mean() - a.mean())
    return Measured(round(diff, 2), f"{p['key']} mean {_d(p['b'][0])[:7]}: "
                                    f"{_fmt(float(b.mean()))}; {_d(p['a'][0])[:7]}: "
                                    f"{_fmt(float(a.mean()))} (difference {diff:+,.0f})")


@rule
def compare_keys(p: dict, ctx: Context) -> Measured:
    """Value of ``key`` minus value of ``other`` on ``date`` (default: the latest).

    Reads ``key``, ``other`` and ``date``; ``other`` is taken on the date found for ``key``.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "japan_ust_holdings", "other": "china_ust_holdings", "date": "2025-12-01"}
    >>> compare_keys(p, ctx).value
    502.0
    """
    when, a = _at(_series(p, ctx), str(p.get("date", "latest")))
    _, b = _at(_series(p, ctx, p["other"]), when.isoformat())
    return Measured(round(a - b, 4), f"on {when.date()}: {p['key']} {_fmt(a)}, "
                                     f"{p['other']} {_fmt(b)}")


@rule
def first_crossing(p: dict, ctx: Context) -> Measured:
    """The first date the series reached ``threshold``, as an ISO date string.

    Reads ``key`` (and ``column``) and ``threshold``; NotCheckable if it never did.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "us_public_debt", "column": "total", "threshold": 38e12}
    >>> first_crossing(p, ctx).value
    '2025-10-21'
    """
    s = _series(p, ctx)
    hit = s[s >= float(p["threshold"])]
    if hit.empty:
        raise NotCheckable(f"{p['key']} never reached {p['threshold']} by {s.index[-1].date()}")
    d = hit.index[0]
    return Measured(d.date().isoformat(),
                    f"{p['key']} first ≥ {_fmt(float(p['threshold']))} on {d.date()} "
                    f"({_fmt(float(hit.iloc[0]))})")


def _events(p: dict, ctx: Context) -> pd.DataFrame:
    ev = datasets.load(p.get("key", "us_china_exchanges"), as_of=ctx.as_of, require=True)
    if "kind" in p:
        ev = ev[ev["kinds"].str.contains(p["kind"], regex=False)]
    for name in p.get("who", []):  # every named participant must take part
        ev = ev[ev["participants_zh"].str.contains(name, regex=False)]
    return ev


def _between(ev: pd.DataFrame, start, end) -> pd.DataFrame:
    return ev[(ev["date"] >= pd.Timestamp(start)) & (ev["date"] <= pd.Timestamp(end))]


@rule
def count_events(p: dict, ctx: Context) -> Measured:
    """How many exchanges (of ``kind``, with every participant in ``who``) in a span.

    Reads ``key`` (default ``us_china_exchanges``), ``start``, ``end``, ``kind`` and ``who``;
    ``context: [start, end]`` adds the matching exchanges of a wider span to the detail.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> count_events({"start": "2021-01-01", "end": "2021-11-16"}, ctx).value
    20
    """
    ev = _events(p, ctx)
    hit = _between(ev, p["start"], p["end"])
    what = f" of kind {p['kind']}" if "kind" in p else ""
    what += f" with {'+'.join(p['who'])}" if "who" in p else ""
    dates = ", ".join(f"{d:%m-%d}" for d in hit["date"])
    detail = f"{len(hit)} exchanges{what} from {p['start']} to {p['end']}: {dates or 'none'}"
    if "context" in p:
        wide = _between(ev, *p["context"])
        detail += (f"; from {p['context'][0]} to {p['context'][1]}: "
                   + (", ".join(f"{d:%m-%d}" for d in wide["date"]) or "none"))
    return Measured(len(hit), detail)


@rule
def months_since_previous(p: dict, ctx: Context) -> Measured:
    """Months (days / 30.4375) from the previous exchange of ``kind`` to the one on ``date``.

    Reads ``key``, ``kind``, ``who`` and ``date``; there must be an exchange on ``date``.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> months_since_previous({"kind": "元首对话", "date": "2021-09-10"}, ctx).value
    6.93
    """
    ev = _events(p, ctx).sort_values("date")
    when = pd.Timestamp(p["date"])
    if not (ev["date"] == when).any():
        raise _unpublished_or_missing(ctx, f"no exchange of kind {p.get('kind')} on {when.date()}")
    before = ev[ev["date"] < when]
    if before.empty:
        raise NotCheckable(f"no exchange of kind {p.get('kind')} before {when.date()}")
    prev = before["date"].iloc[-1]
    days = (when - prev).days
    return Measured(round(days / 30.4375, 2), f"{prev.date()} → {when.date()}: {days} days "
                                              f"= {days / 30.4375:.1f} months")


@rule
def min_per_month(p: dict, ctx: Context) -> Measured:
    """The smallest monthly count of exchanges over the months ``start``..``end``.

    Reads ``key``, ``kind``, ``who``, ``start`` and ``end`` (months, e.g. ``2021-09``).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> min_per_month({"start": "2021-09", "end": "2021-11"}, ctx).value
    3
    """
    ev = _events(p, ctx)
    months = pd.period_range(p["start"], p["end"], freq="M")
    counts = ev["date"].dt.to_period("M").value_counts().reindex(months, fill_value=0)
    detail = "per month: " + ", ".join(f"{m} {n}" for m, n in counts.items())
    return Measured(int(counts.min()), detail)


@rule
def event_on(p: dict, ctx: Context) -> Measured:
    """Whether there was an exchange on ``date``: 1 if so, else 0 (never raises for absence).

    Reads ``key``, ``kind``, ``who`` and ``date``.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> event_on({"kind": "元首对话", "date": "2021-02-11"}, ctx).value
    1
    """
    ev = _events(p, ctx)
    hit = ev[ev["date"] == pd.Timestamp(p["date"])]
    if hit.empty:
        return Measured(0, f"no exchange of kind {p.get('kind', 'any')} on {p['date']}")
    row = hit.iloc[0]
    return Measured(1, f"item {row['item']} on {p['date']}: {row['kind']}, "
                       f"{row['participants_en']}")


def _approval_at_day(p: dict, ctx: Context) -> pd.DataFrame:
    """Each presidency's Gallup approval at day ``day`` by the chart's own rule (the last poll
    ending on or before the day: :func:`uschina.approval_days.approval_on_day`), highest
    first; presidencies with no poll by then are left out."""
    polls = approval_days.with_presidency(
        datasets.load("presidential_approval_polls", as_of=ctx.as_of, require=True))
    table = approval_days.approval_on_day(polls, int(p["day"]), today=ctx.as_of)
    table = table.dropna(subset=["gallup_approve"]).rename(columns={"gallup_approve": "approve"})
    return table.sort_values("approve", ascending=False, kind="stable").reset_index(drop=True)


@rule
def approval_rank(p: dict, ctx: Context) -> Measured:
    """Rank of ``president``'s Gallup approval at day ``day`` in office (1 = highest).

    Reads ``president`` and ``day``; each presidency's approval is the last poll ending on
    or before that day, ranked with :func:`uschina.measures.rank` among the presidents who
    had one.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> approval_rank({"president": "Joe Biden", "day": 299}, ctx).value
    13
    """
    table = _approval_at_day(p, ctx)
    who = p["president"]
    if who not in set(table["president"]):
        raise _unpublished_or_missing(ctx, f"no Gallup poll for {who} by day {p['day']}")
    values = table.set_index("president")["approve"]
    rank = measures.rank(values, who)
    below = [n.split()[-1] for n in values.index[values < values[who]]]
    return Measured(rank, f"Gallup, last poll on or before day {p['day']} in office: "
                          f"{who} {values[who]:.0f}%, rank {rank} of "
                          f"{len(values)}; below: {', '.join(below) or 'none'}")


@rule
def approval_closest_above(p: dict, ctx: Context) -> Measured:
    """The ``n`` presidents just above ``president`` at day ``day`` (surnames, sorted).

    Reads ``president``, ``day`` and ``n`` (default 2); approval as in :func:`approval_rank`.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> approval_closest_above({"president": "Joe Biden", "day": 299, "n": 2}, ctx).value
    ['Clinton', 'Ford']
    """
    table = _approval_at_day(p, ctx)
    if p["president"] not in set(table["president"]):
        raise _unpublished_or_missing(ctx, f"no Gallup poll for {p['president']} by day "
                                           f"{p['day']}")
    values = table.set_index("president")["approve"]
    mine = values[p["president"]]
    above = values[values > mine].sort_values(kind="stable").head(int(p.get("n", 2)))
    names = sorted(n.split()[-1] for n in above.index)
    return Measured(names, "closest above: " + ", ".join(
        f"{n} {v:.0f}%" for n, v in above.sort_values(ascending=False).items()))


def _checkpoints(p: dict, as_of=None) -> pd.DataFrame:
    t = datasets.load("phase_one_purchases", as_of=as_of, require=as_of is not None)
    return t[(t["measure"] == p["measure"]) & (t["category"] == p.get("category", "total"))
             & t["pct_of_target"].notna()]


@rule
def checkpoint(p: dict, ctx: Context) -> Measured:
    """A Phase One checkpoint: % of target for ``measure`` through ``period_end``.

    Reads ``measure``, ``category`` (default ``total``) and ``period_end``; when there is no
    such checkpoint, NotCheckable names the neighbouring ones.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"measure": "china_imports", "category": "total_goods", "period_end": "2021-10-31"}
    >>> checkpoint(p, ctx).value
    62.2
    """
    t = _checkpoints(p, ctx.as_of)
    want = pd.Timestamp(p["period_end"])
    exact = t[t["period_end"] == want]
    if not exact.empty:
        r = exact.iloc[0]
        return Measured(float(r["pct_of_target"]),
                        f"{p['measure']} through {want:%Y-%m}: {r['actual_bn_usd']} of "
                        f"{r['target_bn_usd']} $bn = {r['pct_of_target']}%")
    t = t.sort_values("period_end")
    if ctx.as_of is not None and _checkpoints(p)["period_end"].eq(want).any():
        raise NotPublished(f"the checkpoint for {p['measure']} through {want:%Y-%m} had not "
                           f"been published by as_of={_d(ctx.as_of)}")
    before, after = t[t["period_end"] < want].tail(1), t[t["period_end"] > want].head(1)
    near = "; ".join(f"through {r.period_end:%Y-%m}: {r.pct_of_target}%"
                     for r in pd.concat([before, after]).itertuples())
    raise NotCheckable(f"no checkpoint for {p['measure']} through {want:%Y-%m}; "
                       f"neighbouring checkpoints: {near or 'none'}")


@rule
def arithmetic(p: dict, ctx: Context) -> Measured:
    """An expression over other claims' stated values (by id), e.g. ``ust_peak - ust_latest``.

    Reads ``expr`` and the numeric stated values in ``ctx.stated``.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={"a": 1.75, "b": 1.7}, value=0.05)
    >>> arithmetic({"expr": "a - b"}, ctx).value
    0.05
    """
    names = {k: float(v) for k, v in ctx.stated.items() if isinstance(v, int | float)}
    v = float(pd.eval(p["expr"], local_dict=names, engine="python"))
    return Measured(round(v, 4), f"{p['expr']} = {_fmt(v)} (from the stated values)")


@rule
def holder_rank(p: dict, ctx: Context) -> Measured:
    """Rank (1 = largest) of ``key`` among ``key`` and ``others`` on ``date``.

    Reads ``key``, ``others`` (a list of keys) and ``date`` (default ``latest``).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "china_ust_holdings", "others": ["japan_ust_holdings", "uk_ust_holdings"],
    ...      "date": "2025-12-01"}
    >>> holder_rank(p, ctx).value
    3
    """
    keys = [p["key"], *p["others"]]
    values = {}
    for k in keys:
        when, v = _at(_series(p, ctx, k), str(p.get("date", "latest")))
        values[k] = (when, v)
    order = sorted(keys, key=lambda k: -values[k][1])
    rank = order.index(p["key"]) + 1
    return Measured(rank, f"on {values[p['key']][0].date()}, largest first: " + ", ".join(
        f"{k} {_fmt(values[k][1])}" for k in order))


@rule
def monthly_changes(p: dict, ctx: Context) -> Measured:
    """Month-on-month changes from ``start`` to ``end``, summarised by ``stat``.

    Reads ``key``, ``start``, ``end`` and ``stat``: ``falls`` (how many months fell) or
    ``largest_fall_pct`` (the largest one-month fall, % of the holding).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "china_ust_holdings", "start": "2025-01-01", "end": "2025-12-01",
    ...      "stat": "falls"}
    >>> monthly_changes(p, ctx).value
    9
    """
    s = _series(p, ctx)
    start, end = pd.Timestamp(p["start"]), pd.Timestamp(p["end"])
    if end > s.index[-1]:
        raise NotPublished(f"{s.name}: no data for {end.date()}; the data published by then "
                           f"end on {s.index[-1].date()}")
    prior = s[s.index < start]
    window = s[start:end]
    if prior.empty or window.empty:
        raise NotCheckable(f"{p['key']}: no data before {start.date()} or in the window")
    chg = pd.concat([prior.tail(1), window]).diff().iloc[1:]
    pct = (pd.concat([prior.tail(1), window]).pct_change() * 100).iloc[1:]
    listing = ", ".join(f"{d:%Y-%m} {x:+.1f}" for d, x in chg.items())
    falls = int((chg < 0).sum())
    if p["stat"] == "falls":
        return Measured(falls, f"{p['key']} fell in {falls} of {len(chg)} months: {listing}")
    worst = pct.idxmin()
    return Measured(round(float(pct.min()), 2),
                    f"largest one-month fall: {worst:%Y-%m} {float(chg[worst]):+.1f} "
                    f"({float(pct.min()):+.1f}%); monthly changes: {listing}")


@rule
def checkpoint_gap(p: dict, ctx: Context) -> Measured:
    """A category's % of target minus the total's, same measure and period (Phase One).

    Reads what :func:`checkpoint` reads, and ``total`` (default ``total_goods``): the
    category to subtract.

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"measure": "china_imports", "category": "agriculture", "period_end": "2021-10-31"}
    >>> checkpoint_gap(p, ctx).value
    14.0
    """
    cat = checkpoint(p, ctx)
    tot = checkpoint(p | {"category": p.get("total", "total_goods")}, ctx)
    gap = round(float(cat.value) - float(tot.value), 2)
    return Measured(gap, f"{cat.detail}; {tot.detail}; gap {gap:+.1f} points")


@rule
def volatility_ratio(p: dict, ctx: Context) -> Measured:
    """Std of daily % changes over ``b`` divided by that over ``a`` (> 1: more volatile).

    Reads ``key``, ``a`` and ``b`` (each ``[start, end]``, at least 20 daily changes).

    Examples
    --------
    >>> ctx = Context(as_of=None, stated={}, value=None)
    >>> p = {"key": "dxy", "a": ["2024-03-01", "2025-02-28"], "b": ["2025-03-01", "2026-02-28"]}
    >>> volatility_ratio(p, ctx).value
    1.187
    """
    s = _series(p, ctx)
    chg = s.pct_change().dropna() * 100
    a = chg[pd.Timestamp(p["a"][0]):pd.Timestamp(p["a"][1])]
    b = chg[pd.Timestamp(p["b"][0]):pd.Timestamp(p["b"][1])]
    if len(a) < 20 or len(b) < 20:
        raise _unpublished_or_missing(ctx, f"{p['key']}: too few daily changes in a period")
    ratio = float(b.std() / a.std())
    return Measured(round(ratio, 3), f"{p['key']} std of daily changes {b.index[0].date()}.."
                                     f"{b.index[-1].date()}: {b.std():.3f}%; "
                                     f"{a.index[0].date()}..{a.index[-1].date()}: {a.std():.3f}% "
                                     f"(ratio {ratio:.2f})")
