"""Every rule type can fail: perturbing its data past the tolerance flips the verdict.

Also: claims on the same number agree, the registry is complete, every as_of works, and the
side-by-side view (the report's view and today)."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import claims, datasets
from uschina.claims.check import check_claim
from uschina.claims.registry import registries
from uschina.claims.rules import RULES, Context
from uschina.errors import ParameterError

CLAIMS = {c.id: (c, reg) for reg in registries() for c in reg.claims}


def verdict(claim_id: str, as_of=None) -> str:
    claim, reg = CLAIMS[claim_id]
    stated = {c.id: c.value for c in reg.claims}
    ctx = Context(as_of=pd.Timestamp(as_of) if as_of else None, stated=stated, value=claim.value)
    return check_claim(claim, ctx)["verdict"]


def perturb(monkeypatch, key: str, fn) -> None:
    """``datasets.load(key)`` returns ``fn(data)`` for the rest of the test."""
    real = datasets.load

    def fake(k, *args, **kwargs):
        out = real(k, *args, **kwargs)
        if k != key:
            return out
        attrs = out.attrs
        out = fn(out.copy())
        out.attrs = attrs
        return out

    monkeypatch.setattr(datasets, "load", fake)


def _set(when, value, column=None):
    def fn(d):
        if column is None:
            d.loc[pd.Timestamp(when)] = value
        else:
            d.loc[pd.Timestamp(when), column] = value
        return d
    return fn


def _scale(start, end, factor, column=None):
    def fn(d):
        if column is None:
            d = d.astype(float)
            d.loc[pd.Timestamp(start):pd.Timestamp(end)] *= factor
        else:
            d.loc[pd.Timestamp(start):pd.Timestamp(end), column] *= factor
        return d
    return fn


def _calm(start, end):
    """Halve the daily moves of a window (around its mean): less volatile."""
    def fn(d):
        w = d.loc[pd.Timestamp(start):pd.Timestamp(end)]
        d.loc[w.index] = w.mean() + (w - w.mean()) * 0.5
        return d
    return fn


def _drop_event(date):
    return lambda t: t[t["date"] != pd.Timestamp(date)]


def _move_event(date, to):
    def fn(t):
        t.loc[t["date"] == pd.Timestamp(date), "date"] = pd.Timestamp(to)
        return t
    return fn


def _poll(who, approve):
    def fn(t):
        t.loc[t["president"] == who, "approve"] = approve
        return t
    return fn


def _checkpoint(measure, category, pct):
    def fn(t):
        t.loc[(t["measure"] == measure) & (t["category"] == category), "pct_of_target"] = pct
        return t
    return fn


FLIPS = [  # rule, claim, key, perturbation, verdict before, after
    ("value_at", "cpi_oct_2021_6_2", "us_cpi_yoy", _set("2021-10-01", 6.3), "consistent",
     "inconsistent"),
    ("value_at mean", "covid_nov_over_80k", "us_covid_new_cases",
     _scale("2021-11-01", "2021-11-15", 0.9), "consistent", "inconsistent"),
    ("value_at min", "biden_approval_42_5", "biden_approval_538",
     _scale("2021-11-09", "2021-11-15", 1.01, "approve"), "consistent", "inconsistent"),
    ("extreme", "biden_approval_term_low", "biden_approval_538",
     _set("2021-06-01", 41.0, "approve"), "consistent", "inconsistent"),
    ("record_since", "cpi_30_year_high", "us_cpi_yoy", _set("1995-01-01", 7.0), "consistent",
     "inconsistent"),
    ("change", "rmb_appreciated_2021", "usd_cny", _set("2021-11-15", 6.7), "consistent",
     "inconsistent"),
    ("rise_from_low", "covid_rebound_late_october", "us_covid_new_cases_7d",
     _set("2021-11-15", 60000.0), "consistent", "inconsistent"),
    ("compare_means", "covid_nov_up_on_oct", "us_covid_new_cases",
     _scale("2021-11-01", "2021-11-15", 0.9), "consistent", "inconsistent"),
    ("first_crossing", "federal_debt_38tn_crossed_before_text", "us_public_debt",
     _set("2025-10-20", 38.1e12, "total"), "consistent", "inconsistent"),
    ("count_events", "third_leaders_dialogue", "us_china_exchanges", _drop_event("2021-09-10"),
     "consistent", "inconsistent"),
    ("count_events who", "liu_he_treasury_september", "us_china_exchanges",
     _move_event("2021-10-26", "2021-09-26"), "inconsistent", "consistent"),
    ("min_per_month", "exchanges_3_per_month", "us_china_exchanges",
     _drop_event("2021-09-15"), "consistent", "inconsistent"),
    ("event_on", "first_call_feb_11", "us_china_exchanges",
     _move_event("2021-02-11", "2021-02-12"), "consistent", "inconsistent"),
    ("months_since_previous", "second_to_third_call_2_months", "us_china_exchanges",
     _move_event("2021-09-10", "2021-06-10"), "consistent", "inconsistent"),
    ("approval_rank", "biden_rank_above_trump_only", "presidential_approval_polls",
     _poll("Joe Biden", 70.0), "consistent", "inconsistent"),
    ("approval_closest_above", "biden_close_to_ford_clinton", "presidential_approval_polls",
     _poll("Gerald Ford", 30.0), "consistent", "inconsistent"),
    ("checkpoint", "phase_one_agriculture_higher", "phase_one_purchases",
     _checkpoint("china_imports", "agriculture", 55.0), "consistent", "inconsistent"),
    ("holder_rank", "ust_not_largest_holder", "china_ust_holdings",
     _set("2025-12-01", 2000.0, "value"), "consistent", "inconsistent"),
    ("monthly_changes falls", "ust_continuous_cuts", "china_ust_holdings",
     _set("2025-12-01", 690.0, "value"), "consistent", "inconsistent"),
    ("volatility_ratio", "dollar_volatility_up", "dxy", _calm("2025-03-01", "2026-02-28"),
     "consistent", "inconsistent"),
    ("record_since", "ust_lowest_since_2008", "china_ust_holdings",
     _set("2025-11-01", 680.0, "value"), "consistent", "inconsistent"),
    ("monthly_changes largest fall", "ust_mass_selling", "china_ust_holdings",
     _set("2025-07-01", 600.0, "value"), "inconsistent", "consistent"),
]


@pytest.mark.parametrize("rule,claim_id,key,fn,before,after", FLIPS,
                         ids=[f"{f[0]}-{f[1]}" for f in FLIPS])
def test_perturbing_the_data_flips_the_verdict(monkeypatch, rule, claim_id, key, fn, before,
                                               after):
    assert CLAIMS[claim_id][0].check.rule == rule.split()[0]
    assert verdict(claim_id) == before
    perturb(monkeypatch, key, fn)
    assert verdict(claim_id) == after


def test_every_rule_type_is_perturbed_or_tested_directly():
    covered = {f[0].split()[0] for f in FLIPS} | {"compare_keys", "arithmetic", "checkpoint_gap"}
    assert set(RULES) <= covered


def test_compare_keys_arithmetic_and_checkpoint_gap_flip(monkeypatch):
    ctx = Context(as_of=None, stated={}, value=None)
    p = {"key": "china_ust_holdings", "other": "japan_ust_holdings", "date": "2025-12-01"}
    assert RULES["compare_keys"](p, ctx).value < 0
    perturb(monkeypatch, "china_ust_holdings", _set("2025-12-01", 2000.0, "value"))
    assert RULES["compare_keys"](p, ctx).value > 0
    assert RULES["arithmetic"]({"expr": "a - b"}, Context(None, {"a": 1.75, "b": 1.7}, None)
                               ).value == pytest.approx(0.05)
    assert RULES["arithmetic"]({"expr": "a - b"}, Context(None, {"a": 1.7, "b": 1.7}, None)
                               ).value == 0
    gap = {"measure": "us_exports_census", "category": "energy", "period_end": "2020-12-31"}
    assert RULES["checkpoint_gap"](gap, ctx).value == pytest.approx(-28.4)
    perturb(monkeypatch, "phase_one_purchases", _checkpoint("us_exports_census", "energy", 70.0))
    assert RULES["checkpoint_gap"](gap, ctx).value == pytest.approx(8.0)


def test_claims_on_the_same_number_agree():
    t = claims.check()
    t = t[t["verdict"].isin([claims.CONSISTENT, claims.INCONSISTENT])]
    ops = {c.id: c.check.expect.op for c, _ in CLAIMS.values()}
    nums = {c.id: c.number for c, _ in CLAIMS.values()}
    t = t.assign(op=t["id"].map(ops), number=t["number"] if "number" in t else t["id"].map(nums),
                 stated_s=t["stated"].astype(str))
    for _, group in t.groupby(["document", "number", "stated_s", "unit", "op"]):
        assert group["verdict"].nunique() == 1, group[["id", "verdict"]].to_string()
    v = t.set_index("id")["verdict"]
    assert v["biden_approval_42_5"] == v["biden_approval_term_low"] == claims.CONSISTENT


def test_registry_is_complete_and_each_claim_has_its_line():
    assert len(CLAIMS) >= 80
    docs = {reg.document.seed_file: sum(1 for _ in reg.claims) for reg in registries()}
    assert docs["000_941802ea72d19463.txt"] >= 54 and docs["004_2b99488587da8757.txt"] >= 29


@pytest.mark.parametrize("as_of", ["1990-01-01", "2019-06-30", "2021-09-13", "2021-11-16",
                                   "2025-12-17", "2026-03-01", None])
def test_check_works_for_any_as_of(as_of):
    t = claims.check(as_of=as_of)
    assert len(t) == len(CLAIMS)
    assert set(t["verdict"]) <= set(claims.VERDICTS)
    if as_of == "1990-01-01":
        checked = t[~t["rule"].isin(["not_checkable", "arithmetic", "not_comparable"])]
        assert (checked["verdict"] == claims.NOT_PUBLISHED).all(), checked[
            checked["verdict"] != claims.NOT_PUBLISHED][["id", "verdict"]]


def test_report_view_uses_what_was_published_then():
    # October 2021 CPI came out on 2021-11-10: in the report's view (2021-11-16) it is there
    assert verdict("cpi_oct_2021_6_2", "2021-11-16") == claims.CONSISTENT
    assert verdict("cpi_oct_2021_6_2", "2021-11-09") == claims.NOT_PUBLISHED
    # the 2026 text saw TIC first prints: Dec 2025 rose 0.9 on Nov's first print of 682.6
    assert verdict("ust_continuous_cuts", "2026-03-01") == claims.INCONSISTENT
    assert verdict("ust_continuous_cuts") == claims.CONSISTENT


def test_side_by_side_in_both_languages():
    en = claims.side_by_side("en")
    assert len(en) == len(CLAIMS)
    row = en.set_index("id").loc["ust_continuous_cuts"]
    assert row["verdict when written"] == "inconsistent" and row["verdict today"] == "consistent"
    assert bool(row["changed"]) and row["measured when written"] == 8
    zh = claims.side_by_side("zh")
    assert {"成文时结论", "今日结论", "所指时期"} <= set(zh.columns)
    assert zh.set_index("编号").loc["cpi_oct_2021_6_2", "成文时结论"] == "一致"
    with pytest.raises(ParameterError, match="lang must be one of"):
        claims.side_by_side("fr")


def test_cli_side_by_side(capsys):
    from uschina.cli import main

    assert main(["check-claims", "--side-by-side"]) == 0
    out = capsys.readouterr().out
    assert "verdict when written" in out and "ust_continuous_cuts" in out
    assert main(["check-claims", "--side-by-side", "--lang", "zh", "--as-of", "2021-11-16"]) == 0
    assert "成文时结论" in capsys.readouterr().out


def test_not_comparable_is_a_property_of_the_measure_not_the_date():
    for as_of in (None, "2021-11-16", "1990-01-01"):
        assert verdict("phase_one_manufacturing_higher", as_of) == claims.NOT_COMPARABLE
    t = claims.check(as_of="2021-11-16").set_index("id")
    assert "not yet published at as_of" in t.loc["phase_one_manufacturing_higher", "detail"]
    assert t.loc["phase_one_manufacturing_higher", "measured"] is None
    t = claims.check().set_index("id")
    assert t.loc["phase_one_manufacturing_higher", "measured"] == pytest.approx(59.2)


def test_side_by_side_html_colours_both_verdicts():
    from uschina.claims import present

    html = present.side_by_side_html("en")
    assert html.count("<tr>") == len(CLAIMS) + 2  # a heading row per document
    row = next(r for r in html.split("<tr>") if "falls in at least 9 of the 12 months" in r)
    assert "#F6D5D1" in row and "#DCEFD8" in row  # inconsistent then, consistent today
    zh = present.side_by_side_html("zh")
    assert "成文时结论" in zh and "不一致" in zh
