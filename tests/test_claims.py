"""The claim registry and its check: every rule type, honest verdicts, and verdicts that flip."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import SEEDS_DIR, needs_seeds
from uschina import claims
from uschina.claims.check import compare
from uschina.claims.registry import Expect, registries
from uschina.claims.rules import RULES, Context, NotCheckable


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return claims.check().set_index("id")


def ctx(as_of=None, **stated):
    return Context(as_of=as_of, stated=stated, value=None)


def test_registry_covers_both_texts(table):
    docs = {r.document.seed_file for r in registries()}
    assert docs == {"000_941802ea72d19463.txt", "004_2b99488587da8757.txt"}
    assert len(table) >= 30
    checked = table[table["verdict"] != claims.NOT_CHECKABLE]
    assert len(checked) >= 15
    assert set(table["verdict"]) <= {claims.CONSISTENT, claims.INCONSISTENT,
                                     claims.NOT_CHECKABLE, claims.NOT_COMPARABLE}


def test_known_verdicts(table):
    v = table["verdict"]
    assert v["cpi_oct_2021_6_2"] == claims.CONSISTENT
    assert v["covid_nov_over_80k"] == claims.CONSISTENT
    # month to date on the report's date (1-15 Nov), not the whole of November
    assert table.loc["covid_nov_over_80k", "measured"] == pytest.approx(83421.33, abs=0.01)
    # 538's low in the week to 15 Nov was 42.54 (11-11); on the 15th itself 42.91: shown
    assert v["biden_approval_42_5"] == claims.CONSISTENT
    assert "11-15 42.91" in table.loc["biden_approval_42_5", "detail"]
    # the report's own chart 1 has Liu He-Yellen calls on 06-02 and 10-26 only
    assert v["liu_he_treasury_september"] == claims.INCONSISTENT
    assert "06-02, 10-26" in table.loc["liu_he_treasury_september", "detail"]
    assert v["bbb_figures_agree"] == claims.INCONSISTENT  # 1.75 vs 1.7 in the same text
    assert v["phase_one_manufacturing_higher"] == claims.NOT_COMPARABLE
    assert table.loc["ust_not_largest_holder", "measured"] == 3  # after Japan and the UK
    assert v["ust_left_leading_holders"] == claims.INCONSISTENT
    assert v["ust_mass_selling"] == claims.INCONSISTENT
    assert v["ust_no_mass_selling"] == claims.CONSISTENT
    # no September 2021 Phase One checkpoint exists: the claim cannot be settled
    assert v["phase_one_60pct_sep_2021"] == claims.NOT_CHECKABLE
    assert "through 2021-10: 62.2%" in table.loc["phase_one_60pct_sep_2021", "detail"]
    assert v["ree_patents_38000"] == claims.NOT_CHECKABLE
    assert table.loc["ust_lowest_since_2008", "measured"] == 2008
    assert table.loc["federal_debt_38tn_crossed_before_text", "measured"] == "2025-10-21"


@needs_seeds
def test_each_claim_line_holds_its_number():
    for reg in registries():
        lines = (SEEDS_DIR / reg.document.seed_file).read_text(encoding="utf-8").splitlines()
        for c in reg.claims:
            line = re.sub(r"\s+", "", lines[c.line - 1])
            assert c.number.replace(" ", "") in line, (
                f"{reg.document.seed_file}:{c.line} does not contain {c.number!r} ({c.id})")


# --- each rule type on the real data, with known answers ------------------------------------


def test_value_at_and_monthly_mean():
    m = RULES["value_at"]({"key": "us_cpi_yoy", "date": "2022-06-01"}, ctx())
    assert m.value == 9.1
    m = RULES["value_at"]({"key": "us_covid_new_cases", "agg": "mean",
                           "start": "2021-10-01", "end": "2021-10-31"}, ctx())
    assert m.value == pytest.approx(79873.1, abs=0.1)


def test_value_at_respects_as_of():
    m = RULES["value_at"]({"key": "us_cpi_yoy", "date": "latest"}, ctx(as_of="2021-11-16"))
    assert m.value == 6.2 and "2021-10-01" in m.detail


def test_extreme_and_record_since():
    m = RULES["extreme"]({"key": "china_ust_holdings", "kind": "max"}, ctx())
    assert m.value == pytest.approx(1316.7)
    m = RULES["record_since"]({"key": "us_cpi_yoy", "date": "2021-10-01",
                               "direction": "high", "express": "year"}, ctx())
    assert m.value == 1990
    with pytest.raises(NotCheckable, match="record for the whole series"):
        RULES["record_since"]({"key": "china_ust_holdings", "date": "2013-11-01",
                               "direction": "high"}, ctx())


def test_change_and_rise_from_low():
    m = RULES["change"]({"key": "us_cpi_yoy", "start": "2021-10-01", "end": "2022-06-01"},
                        ctx())
    assert m.value == pytest.approx(2.9)
    m = RULES["rise_from_low"]({"key": "us_covid_new_cases_7d",
                                "low_window": ["2021-10-20", "2021-11-05"],
                                "date": "2021-11-15"}, ctx())
    assert m.value == pytest.approx(23.9, abs=0.05)


def test_counts_of_events():
    m = RULES["min_per_month"]({"start": "2021-09", "end": "2021-11"}, ctx())
    assert m.value == 3 and "2021-10 4" in m.detail
    m = RULES["min_per_month"]({"start": "2021-06", "end": "2021-08"}, ctx())
    assert m.value == 1  # July 2021 had a single exchange
    assert RULES["count_events"]({"kind": "经贸", "start": "2021-01-01",
                                  "end": "2021-12-31"}, ctx()).value == 5
    assert RULES["event_on"]({"date": "2021-02-12"}, ctx()).value == 0


def test_approval_rank_and_neighbours():
    assert RULES["approval_rank"]({"president": "Donald Trump", "day": 299}, ctx()).value == 14
    m = RULES["approval_closest_above"]({"president": "Joe Biden", "day": 299, "n": 3}, ctx())
    assert m.value == ["Clinton", "Ford", "Obama"] or "Reagan" in m.value


def test_compare_keys_first_crossing_checkpoint_arithmetic():
    m = RULES["compare_keys"]({"key": "china_ust_holdings", "other": "japan_ust_holdings",
                               "date": "2013-11-01"}, ctx())
    assert m.value > 0  # China was the largest holder at its peak
    m = RULES["first_crossing"]({"key": "us_public_debt", "column": "total",
                                 "threshold": 37e12}, ctx())
    assert m.value == "2025-08-11"
    m = RULES["checkpoint"]({"measure": "china_imports", "category": "total_goods",
                             "period_end": "2021-10-31"}, ctx())
    assert m.value == pytest.approx(62.2)
    m = RULES["arithmetic"]({"expr": "a * 1000 - b"}, ctx(a=1.3, b=683))
    assert m.value == pytest.approx(617)


def test_compare_operators():
    assert compare(6.24, Expect(op="≈", tolerance=0.05), 6.2)
    assert not compare(6.26, Expect(op="≈", tolerance=0.05), 6.2)
    assert compare(-48, Expect(op="between", value=-50, upper=-40), None)
    assert not compare(-51, Expect(op="between", value=-50, upper=-40), None)
    assert compare(["Clinton", "Ford"], Expect(op="=="), ["Clinton", "Ford"])
    assert not compare(5, Expect(op=">"), 5)


# --- editing a curated value flips the verdict that depends on it ---------------------------


def test_editing_cpi_flips_the_6_2_claim(data_copy):
    path = data_copy / "us_cpi_yoy.csv"
    path.write_text(path.read_text().replace("2021-10-01,6.2", "2021-10-01,6.4", 1))
    t = claims.check().set_index("id")
    assert t.loc["cpi_oct_2021_6_2", "verdict"] == claims.INCONSISTENT
    assert t.loc["cpi_oct_2021_6_2", "measured"] == 6.4


def test_editing_holdings_flips_lowest_since_2008(data_copy):
    path = data_copy / "china_ust_holdings.csv"
    text = path.read_text()
    row = next(line for line in text.splitlines() if line.startswith("2025-12-01,"))
    path.write_text(text.replace(row, "2025-12-01,400.0,", 1))
    t = claims.check().set_index("id")
    assert t.loc["ust_lowest_since_2008", "verdict"] != claims.CONSISTENT
    assert t.loc["ust_holdings_683bn", "verdict"] == claims.INCONSISTENT


def test_as_of_before_the_data_is_not_called_consistent():
    t = claims.check(as_of="2021-11-16").set_index("id")
    # the Dec 2025 holdings were not published by 2021: cannot be settled then, and says so
    assert t.loc["ust_holdings_683bn", "verdict"] == claims.NOT_PUBLISHED
    assert t.loc["ust_holdings_683bn", "detail"].startswith("not yet published at as_of")
    # the 2026 text did not exist in 2021: a view of that date can leave its claims out
    w = claims.check(as_of="2021-11-16", written_by_as_of=True).set_index("id")
    assert "ust_holdings_683bn" not in w.index
    assert set(w["document"]) == {"000_941802ea72d19463.txt"}
    assert t.loc["cpi_oct_2021_6_2", "verdict"] == claims.CONSISTENT
    # as of the 2026 text's date, its claims are there and checked
    t = claims.check(as_of="2026-03-01").set_index("id")
    assert t.loc["ust_holdings_683bn", "verdict"] == claims.CONSISTENT


def test_cli_strict_exits_1_on_inconsistent(capsys):
    from uschina.cli import main

    assert main(["check-claims"]) == 0
    assert main(["check-claims", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "liu_he_treasury_september" in out and "not checkable" in out


@pytest.mark.parametrize("as_of", ["1900-01-01", "2019-01-01", "2020-01-15", "2021-11-16",
                                   "2026-03-01", None, "2030-01-01"])
def test_any_as_of_gives_verdicts_never_an_exception(as_of, capsys):
    from uschina.cli import main

    t = claims.check(as_of=as_of).set_index("id")
    assert len(t) == 89 and t["verdict"].notna().all()
    if as_of == "1900-01-01":
        # nothing had been published: every claim on data waits; the ones left are the
        # texts' own arithmetic (or have no data at all)
        data_claims = t[t["rule"].notna() & ~t["rule"].isin(["arithmetic"])]
        assert (data_claims["verdict"].isin([claims.NOT_PUBLISHED, claims.NOT_COMPARABLE,
                                             claims.NOT_CHECKABLE])).all()
        assert t.loc["cpi_oct_2021_6_2", "verdict"] == claims.NOT_PUBLISHED
    side = claims.side_by_side("zh", today=as_of)
    assert len(side) == 89
    args = ["check-claims"] + ([] if as_of is None else ["--as-of", as_of])
    assert main(args) == 0
    assert "89 claims" in capsys.readouterr().out
