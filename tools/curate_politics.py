"""Curate the politics keys from the reference files.

- ``biden_approval_538``, ``trump_approval_538``: FiveThirtyEight's daily approval average
  (Biden's whole old-model run, 2021-01 to 2023-06; Trump's first term);
- ``trump2_approval_nyt``, ``trump2_approval_silver``: the NYT and Silver Bulletin averages of
  Trump's second term; ``trump2_approval_gallup``: Gallup's 2025 polls of it;
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


def biden_538_whole() -> None:
    """538's old-model Biden average, 2021-01-23 to 2023-06-27, from 538's own long file.

    Six days have no estimate in 538's file; they are kept as empty rows (declared gaps), so the
    daily steps stay regular and nothing is filled in.
    """
    ref = pd.read_csv(REF / "538_joe_biden_approval_old_model.csv", dtype=str)
    wide = ref.pivot(index="date", columns="answer", values=["pct_estimate", "lo", "hi"])
    out = pd.DataFrame({
        "approve": wide[("pct_estimate", "Approve")], "approve_lo": wide[("lo", "Approve")],
        "approve_hi": wide[("hi", "Approve")],
        "disapprove": wide[("pct_estimate", "Disapprove")],
        "disapprove_lo": wide[("lo", "Disapprove")], "disapprove_hi": wide[("hi", "Disapprove")],
    })
    days = pd.date_range(out.index.min(), out.index.max()).strftime("%Y-%m-%d")
    missing = days.difference(out.index)
    print(f"biden_approval_538: no estimate on {', '.join(missing)} (declared gaps)")
    out = out.reindex(days).rename_axis("date").reset_index()
    write(out, "biden_approval_538")


def trump2_nyt() -> None:
    ref = pd.read_csv(REF / "nyt_president-averages_williteverend_nyt_avg.csv", dtype=str)
    wide = ref.pivot(index="date", columns="answer", values="pct")
    out = wide[["Approve", "Disapprove"]].set_axis(["approve", "disapprove"], axis=1)
    write(out.rename_axis("date").reset_index(), "trump2_approval_nyt")


def trump2_silver() -> None:
    ref = pd.read_csv(REF / "silver_bulletin_trump_approval_williteverend_sb.csv", dtype=str)
    ref.insert(0, "date", pd.to_datetime(ref.pop("modeldate"), format="%m/%d/%Y")
               .dt.strftime("%Y-%m-%d"))
    write(ref, "trump2_approval_silver")


TRUMP2_START, TRUMP2_END = "2025-01-20", "2029-01-20"


def trump2_gallup() -> None:
    """Gallup's readings of Trump's second term from the compiled poll list (2025)."""
    ref = pd.read_csv(REF / "trump2_approval_polls_snoutcounter.csv", dtype=str,
                      keep_default_na=False)
    g = ref[ref["pollster"] == "Gallup"]
    days = (pd.to_datetime(g["end_date"]) - pd.Timestamp(TRUMP2_START)).dt.days
    out = pd.DataFrame({
        "president": "Donald Trump", "party": "R", "term_number": 2,
        "term_start": TRUMP2_START, "term_end": TRUMP2_END,
        "poll_start": g["start_date"], "poll_end": g["end_date"], "days_in_office": days,
        "pollster": "Gallup", "approve": g["approve"], "disapprove": g["disapprove"],
        "no_opinion": g["alternate_answers"], "sample_size": g["sample_size"], "url": g["url"],
    }).sort_values("poll_end", kind="stable")
    write(out, "trump2_approval_gallup")


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
    biden_538_whole()
    trump2_nyt()
    trump2_silver()
    trump2_gallup()
    approval_538("fivethirtyeight_trump_approval_topline_2017_2021.csv", "trump_approval_538")
    gallup_polls()
    covid_cases()
    check_exchanges()
