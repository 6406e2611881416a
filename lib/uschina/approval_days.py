"""Presidential approval by day in office, for any president including the current one.

Pure functions over the Gallup poll tables (``presidential_approval_polls``, Truman to Biden,
and ``trump2_approval_gallup``, Trump's second term) and the daily polling averages. A
*presidency* is a run of consecutive terms: Trump's second term (from 2025-01-20) starts a new
presidency, so its day 0 is 2025-01-20, not 2017-01-20. Day 0 is the first day in office.
"""

from __future__ import annotations

import pandas as pd

from . import datasets
from .errors import ParameterError

POLL_KEYS = ("presidential_approval_polls", "trump2_approval_gallup")
# daily averages per presidency (president, first day): key and its source name
AVERAGES = {
    ("Donald Trump", "2017-01-20"): [("trump_approval_538", "FiveThirtyEight")],
    ("Joe Biden", "2021-01-20"): [("biden_approval_538", "FiveThirtyEight")],
    ("Donald Trump", "2025-01-20"): [("trump2_approval_nyt", "New York Times"),
                                     ("trump2_approval_silver", "Silver Bulletin")],
}
# an average a day or two short of the day still stands for it in the chart (Silver
# Bulletin's file ends a day before the NYT's); more than that would compare another day
AVERAGE_SLACK_DAYS = 3
COLUMNS = ["president", "first_day", "last_day", "day_in_office", "date", "in_office",
           "gallup_approve", "gallup_poll_end", "gallup_days_before", "gallup_high",
           "gallup_low", "gallup_n"]


def gallup_polls(as_of=None) -> pd.DataFrame:
    """Every Gallup poll, Truman to the current president, with its presidency's first day."""
    frames = [datasets.load(k, as_of=as_of) for k in POLL_KEYS]
    polls = pd.concat([f.drop(columns=[c for c in f.columns if c == "url"]) for f in frames],
                      ignore_index=True)
    return with_presidency(polls)


def with_presidency(polls: pd.DataFrame) -> pd.DataFrame:
    """Add ``first_day``/``last_day`` (the presidency: consecutive terms of one president) and
    ``day`` (poll_end minus first_day)."""
    terms = (polls[["president", "term_start", "term_end"]].drop_duplicates()
             .sort_values("term_start").reset_index(drop=True))
    first, last = [], []
    for i, row in terms.iterrows():
        prev = terms.iloc[i - 1] if i else None
        if prev is not None and prev["president"] == row["president"] and \
                prev["term_end"] == row["term_start"]:
            first.append(first[-1])
        else:
            first.append(row["term_start"])
        last.append(row["term_end"])
    terms["first_day"] = first
    ends = terms.groupby(["president", "first_day"])["term_end"].transform("max")
    terms["last_day"] = ends
    out = polls.merge(terms, on=["president", "term_start", "term_end"], how="left")
    out["day"] = (out["poll_end"] - out["first_day"]).dt.days
    return out.sort_values(["first_day", "poll_end"], kind="stable").reset_index(drop=True)


def day_in_office(first_day, on) -> int:
    """Days since ``first_day`` (day 0) on the date ``on``."""
    day = (pd.Timestamp(on) - pd.Timestamp(first_day)).days
    if day < 0:
        raise ParameterError(f"{pd.Timestamp(on).date()} is before the first day in office "
                             f"({pd.Timestamp(first_day).date()}): no day in office")
    return day


def current_presidency(polls: pd.DataFrame) -> tuple[str, pd.Timestamp]:
    """The latest presidency in the poll tables: (president, first day)."""
    last = polls.sort_values("first_day").iloc[-1]
    return last["president"], last["first_day"]


def approval_on_day(polls: pd.DataFrame, day: int, today=None) -> pd.DataFrame:
    """One row per presidency (chronological): Gallup approval at ``day`` in office.

    The one poll-selection rule (the chart and the claims both use it):
    ``gallup_approve`` is the last poll ending on or before the day (``gallup_days_before``
    says how stale it is); high and low run over the presidency's polls up to ``today`` (all
    when None). A presidency shorter than ``day`` days (or, for the current one, not yet at
    that day on ``today``) has ``in_office`` False and no value.
    """
    if day < 0:
        raise ParameterError(f"day in office must be 0 or more, got {day}")
    t = pd.Timestamp(today) if today is not None else None
    if t is not None:
        polls = polls[polls["poll_end"] <= t]
    rows = []
    for (name, first), mine in polls.groupby(["president", "first_day"], sort=False):
        last = mine["last_day"].iloc[0]
        if t is not None:
            last = min(last, t)
        date = first + pd.Timedelta(days=day)
        in_office = bool(date <= last)
        before = mine[mine["poll_end"] <= date] if in_office else mine.iloc[0:0]
        poll = before.iloc[-1] if len(before) else None
        rows.append({
            "president": name, "first_day": first, "last_day": mine["last_day"].iloc[0],
            "day_in_office": day, "date": date, "in_office": in_office,
            "gallup_approve": float(poll["approve"]) if poll is not None else float("nan"),
            "gallup_poll_end": poll["poll_end"] if poll is not None else pd.NaT,
            "gallup_days_before": (date - poll["poll_end"]).days if poll is not None else pd.NA,
            "gallup_high": float(mine["approve"].max()),
            "gallup_low": float(mine["approve"].min()),
            "gallup_n": len(mine),
        })
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("first_day").reset_index(drop=True)


def average_on_day(president: str, first_day, day: int, as_of=None,
                   slack_days: int = 0) -> dict[str, float]:
    """The daily polling averages of a presidency at ``day``: {source name: approve}.

    Each average's last value on or before that date, if at most ``slack_days`` old (0: only
    a value on that exact date; the chart passes ``AVERAGE_SLACK_DAYS``).
    """
    date = pd.Timestamp(first_day) + pd.Timedelta(days=day)
    out = {}
    for key, source in AVERAGES.get((president, str(pd.Timestamp(first_day).date())), []):
        values = datasets.load(key, as_of=as_of)["approve"].dropna()
        values = values[values.index <= date]
        if len(values) and (date - values.index[-1]).days <= slack_days:
            out[source] = float(values.iloc[-1])
    return out


def today_comparison(today=None, day: int | None = None,
                     basis: str = "average") -> tuple[pd.DataFrame, dict]:
    """The current president at his latest day with data against every predecessor.

    ``day`` defaults, with ``basis="average"``, to the current presidency's day on the last
    date its polling averages cover (as of ``today``); with ``basis="gallup"``, to the day of
    its last Gallup poll, so that every president is compared on Gallup readings of the same
    day (Gallup's 2025 readings of Trump end on day 329, 2025-12-15). Returns the table and a
    dict with the president, first day, day, date and the averages on that day (sources named).
    """
    if basis not in ("average", "gallup"):
        raise ParameterError(f"parameter 'basis' must be 'average' or 'gallup', got {basis!r}")
    polls = gallup_polls(as_of=today)
    name, first = current_presidency(polls)
    mine = polls.loc[polls["first_day"] == first, "poll_end"]
    if day is None:
        ends = []
        if basis == "average":
            for key, _ in AVERAGES.get((name, str(first.date())), []):
                frame = datasets.load(key, as_of=today)["approve"].dropna()
                if len(frame):
                    ends.append(frame.index[-1])
        day = day_in_office(first, max(ends) if ends else mine.max())
    table = approval_on_day(polls, day, today=today)
    info = {"president": name, "first_day": first, "day": day,
            "date": first + pd.Timedelta(days=day), "basis": basis,
            "averages": average_on_day(name, first, day, as_of=today)}
    return table, info
