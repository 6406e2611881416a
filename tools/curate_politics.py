"""Curate the politics keys from the reference files.

- ``biden_approval_538``, ``trump_approval_538``: FiveThirtyEight's daily approval average;
- ``presidential_approval_polls``: Gallup polls, Truman to Biden, one row per poll;
- ``us_covid_new_cases`` and its trailing 7-day mean ``us_covid_new_cases_7d`` (NYT).

``us_china_exchanges.csv`` is typed by hand from the 2021 report (图表1); this script only
checks that it still has its 20 rows.
"""

from __future__ import annotations

import pandas as pd

from curate import DATA, REF, write

_538_COLUMNS = {
    "date": "date",
    "approve_estimate": "approve",
    "approve_lo": "approve_lo",
    "approve_hi": "approve_hi",
    "disapprove_estimate": "disapprove",
    "disapprove_lo": "disapprove_lo",
    "disapprove_hi": "disapprove_hi",
}
_POLL_COLUMNS = {
    "president": "president",
    "party": "party",
    "term_number": "term_number",
    "term_start": "term_start",
    "term_end": "term_end",
    "poll_start": "poll_start",
    "poll_end": "poll_end",
    "days_in_office": "days_in_office",
    "pollster_label": "pollster",
    "approve_pct": "approve",
    "disapprove_pct": "disapprove",
    "no_opinion_pct": "no_opinion",
    "sample_size": "sample_size",
}


def approval_538(file: str, key: str) -> None:
    # read as text so the published 4-decimal values are copied, not re-rounded
    ref = pd.read_csv(REF / file, dtype=str)
    write(ref[list(_538_COLUMNS)].rename(columns=_538_COLUMNS), key)


def gallup_polls() -> None:
    ref = pd.read_csv(REF / "us_presidential_approval_gallup_polls.csv", dtype=str)
    polls = ref[list(_POLL_COLUMNS)].rename(columns=_POLL_COLUMNS)
    # percentages are whole numbers stored as "87.0"; sample sizes as "1001.0"
    for col in ("approve", "disapprove", "no_opinion", "sample_size"):
        polls[col] = pd.to_numeric(polls[col]).astype("Int64")
    # poll_end is not unique (several polls can close the same day): order by it, keep all
    polls = polls.sort_values(["poll_end", "poll_start", "president"], kind="stable")
    write(polls, "presidential_approval_polls")


def covid_cases() -> None:
    # the whole pandemic from one late NYT vintage: cumulative national counts, differenced
    ref = pd.read_csv(REF / "nyt_us.csv", dtype={"date": str})
    if pd.date_range(ref["date"].iloc[0], ref["date"].iloc[-1]).size != len(ref):
        raise SystemExit("nyt_us.csv: days are missing; first differences would span them")
    new = ref["cases"].diff().fillna(ref["cases"]).astype(int)  # day 1: the count itself
    cases = pd.DataFrame({"date": ref["date"], "value": new})
    write(cases, "us_covid_new_cases")
    # derived: trailing 7-day mean, from the 7th day on (no partial windows)
    mean7 = cases["value"].rolling(7).mean().round(1)
    avg = pd.DataFrame({"date": cases["date"], "value": mean7}).iloc[6:]
    write(avg, "us_covid_new_cases_7d", float_format="%.1f")


def check_exchanges() -> None:
    rows = pd.read_csv(DATA / "us_china_exchanges.csv")
    if len(rows) != 20:
        raise SystemExit(f"data/us_china_exchanges.csv: expected the report's 20 rows, "
                         f"found {len(rows)}")
    print("checked data/us_china_exchanges.csv: 20 rows (hand-typed, not rewritten)")


def main() -> None:
    approval_538("fivethirtyeight_biden_approval_topline_2021.csv", "biden_approval_538")
    approval_538("fivethirtyeight_trump_approval_topline_2017_2021.csv", "trump_approval_538")
    gallup_polls()
    covid_cases()
    check_exchanges()
