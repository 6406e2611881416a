"""The 2026 commentary's and Phase One's data: spot checks, quirks, release lags, fidelity."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REFERENCE_DIR, SEEDS_DIR, needs_reference, needs_seeds
from uschina import datasets, fidelity
from uschina.errors import DataFileError

KEYS = ["china_ust_holdings", "japan_ust_holdings", "foreign_ust_holdings", "us_public_debt",
        "us_federal_debt_quarterly", "phase_one_purchases", "rare_earth_claims"]
BREAKS = ["2000-03-01"] + [f"{y}-06-01" for y in range(2002, 2012)]


@pytest.mark.parametrize("key", KEYS)
def test_catalog_metadata_complete(key):
    m = datasets.meta(key)
    assert m.source.url and m.source.license and m.source.attribution and m.source.curated_from
    assert m.notes, f"{key}: notes should state quirks and coverage"
    assert key in datasets.catalog().index


def test_china_holdings_spot_checks():
    c = datasets.load("china_ust_holdings")
    assert c.loc["2013-11-01", "value"] == 1316.7
    assert c["value"].idxmax() == pd.Timestamp("2013-11-01")
    assert c.loc["2021-11-01", "value"] == 1052.9
    assert c.loc["2025-11-01", "value"] == 683.9
    assert c.loc["2025-12-01", "value"] == 683.5
    assert (c.index[0], c.index[-1], len(c)) == (pd.Timestamp("2000-03-01"),
                                                 pd.Timestamp("2026-07-01"), 317)
    # 2026 from the secondary copy (SOURCES-3.md spot values), flagged in the metadata
    assert c.loc["2026-01-01", "value"] == 695.3
    assert c.loc["2026-06-01", "value"] == 633.4
    assert c.loc["2026-07-01", "value"] == 618.0
    copies = datasets.meta("china_ust_holdings").source.copies
    assert [(x.kind, x.end.isoformat()) for x in copies] == [("official", "2025-12-01"),
                                                             ("transcribed", "2026-07-01")]


def test_series_breaks_stay_visible():
    c = datasets.load("china_ust_holdings")
    assert list(c.index[c["prior_series"].notna()]) == [pd.Timestamp(d) for d in BREAKS]
    assert c.loc["2010-06-01", "value"] == 1112.1
    assert c.loc["2010-06-01", "prior_series"] == 843.7
    total = datasets.load("foreign_ust_holdings")
    assert total.loc["2000-03-01"].tolist() == [1085.0, 1252.1]
    assert total.loc["2025-12-01", "value"] == 9271.0
    assert datasets.load("japan_ust_holdings")["2025-12-01"] == 1185.5


def test_tic_release_lag():
    # December 2025 was released on 18 February 2026
    assert datasets.load("china_ust_holdings", as_of="2026-02-17").index[-1] == pd.Timestamp(
        "2025-11-01")
    assert datasets.load("china_ust_holdings", as_of="2026-02-18").index[-1] == pd.Timestamp(
        "2025-12-01")
    assert datasets.load("china_ust_holdings", as_of="2021-11-16").index[-1] == pd.Timestamp(
        "2021-08-01")


def test_public_debt_exact_cents_and_crossings():
    d = datasets.load("us_public_debt")
    assert d.loc["2025-10-21", "total"] == 38019813354700.26
    assert d.loc["2026-08-20", "total"] == 40033256786764.37
    first = {n: d.index[d["total"] >= n * 1e12][0] for n in (37, 38, 40)}
    assert first == {37: pd.Timestamp("2025-08-11"), 38: pd.Timestamp("2025-10-21"),
                     40: pd.Timestamp("2026-08-18")}
    assert d.loc["2021-11-15"].notna().all()
    assert d.loc[:"2005-03-31", "held_by_public"].isna().mean() > 0.9  # sparse before 2005-04


def test_public_debt_quirk_kept():
    d = datasets.load("us_public_debt").dropna()
    diff = d["held_by_public"] + d["intragovernmental"] - d["total"]
    odd = diff[diff.abs() > 1]
    assert list(odd.index) == [pd.Timestamp("2025-08-04")]
    assert odd.iloc[0] == pytest.approx(10.0e9, abs=1)
    assert any("2025-08-04" in n for n in datasets.meta("us_public_debt").notes)


def test_public_debt_as_of_next_business_day():
    assert datasets.load("us_public_debt", as_of="2021-11-16").index[-1] == pd.Timestamp(
        "2021-11-15")


def test_gfdebtn_matches_daily_quarter_end():
    q = datasets.load("us_federal_debt_quarterly")
    assert q["2021-07-01"] == 28428919
    assert q["2025-10-01"] == 38514009
    assert q["2026-01-01"] == 39065421
    d = datasets.load("us_public_debt")["total"]
    assert round(d["2021-09-30"] / 1e6) == q["2021-07-01"]


def test_phase_one_is_a_checkpoint_table():
    t = datasets.load("phase_one_purchases")
    assert datasets.meta("phase_one_purchases").kind == "table"
    assert len(t) == 27
    inc = t[t["record_type"] == "agreement_target_increment"]
    assert inc["target_bn_usd"].sum() == pytest.approx(200.0)
    assert not (t["period_end"] == pd.Timestamp("2021-09-30")).any()  # no Sep-2021 checkpoint
    oct21 = t[(t["period_end"] == "2021-10-31") & (t["category"] == "total_goods")]
    assert dict(zip(oct21["measure"], oct21["pct_of_target"], strict=True)) == {
        "china_imports": 62.2, "us_exports": 59.9}


def test_phase_one_as_of_report_date():
    t = datasets.load("phase_one_purchases", as_of="2021-11-16")
    assert len(t) == 21
    actual = t[t["actual_bn_usd"].notna()]
    assert actual["period_end"].max() == pd.Timestamp("2020-12-31")  # the 2020 checkpoints only


def test_rare_earth_claims_values():
    t = datasets.load("rare_earth_claims").set_index("claim")
    assert t.at["us_heavy_ree_reserve_share", "comparator"] == "<"
    assert t.at["us_heavy_ree_reserve_share", "value"] == 1
    assert t.at["china_refining_purity", "value"] == 99.9999
    assert t.loc["us_refining_purity", ["value", "value_high"]].tolist() == [99.0, 99.9]
    assert t.at["china_separation_cost_vs_us", "value"] == 0.25
    assert t.at["mountain_pass_light_ree_share", "value"] == 75
    assert t.at["china_ree_patents", "value"] == 38000
    assert t.loc["china_links_covered", ["value", "of_total"]].tolist() == [15, 17]
    assert t.at["china_magnet_patent_share", "value"] == 82
    assert datasets.meta("rare_earth_claims").reference is None


@needs_seeds
def test_rare_earth_claims_match_the_seed_lines():
    lines = (SEEDS_DIR / "004_2b99488587da8757.txt").read_text(encoding="utf-8").splitlines()
    wording = {
        "us_heavy_ree_reserve_share": "重稀土储量占全球不足1%",
        "china_refining_purity": "99.9999%(6N级别)",
        "us_refining_purity": "99%-99.9%(2N-3N级别)",
        "china_separation_cost_vs_us": "分离成本仅为美国的1/4",
        "mountain_pass_light_ree_share": "国内75%的轻稀土需求",
        "china_ree_patents": "3.8万件稀土相关专利",
        "china_links_covered": "17个关键环节中的15个",
        "china_magnet_patent_share": "专利占比达82%",
    }
    t = datasets.load("rare_earth_claims").set_index("claim")
    assert set(wording) == set(t.index)
    for claim, words in wording.items():
        assert words in lines[int(t.at[claim, "seed_line"]) - 1], claim


@needs_reference
@pytest.mark.parametrize("key", [k for k in KEYS if datasets.meta(k).reference is not None])
def test_fidelity_exact(key):
    f = fidelity.compare(key, REFERENCE_DIR)
    assert f.ok, f.mismatches
    assert f.tolerance == 0 and f.max_abs_diff == 0
    assert f.rows == len(datasets.load(key))


@needs_reference
def test_phase_one_fidelity_row_by_row():
    ref = pd.read_csv(REFERENCE_DIR / "us_china_phase_one_purchases.csv", dtype=str,
                      keep_default_na=False)
    ours = pd.read_csv(datasets.data_dir() / "phase_one_purchases.csv", dtype=str,
                       keep_default_na=False)
    assert list(ours.drop(columns="published_by").columns) == list(ref.columns)
    pd.testing.assert_frame_equal(ours.drop(columns="published_by"), ref)
    assert (pd.to_datetime(ours["published_by"]) > pd.to_datetime(ours["period_end"])).sum() == (
        ours["record_type"] != "agreement_target_increment").sum()


def test_duplicate_date_is_named(data_copy):
    path = data_copy / "china_ust_holdings.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:3], lines[2], *lines[3:]]) + "\n")
    with pytest.raises(DataFileError, match=r"china_ust_holdings\.csv.*duplicate date 2000-04-01"):
        datasets.load("china_ust_holdings")


def test_debt_gap_beyond_max_gap_days_is_named(data_copy):
    path = data_copy / "us_public_debt.csv"
    lines = path.read_text().splitlines()
    # drop two weeks of business days in 2021
    kept = [ln for ln in lines if not ("2021-03-01" <= ln[:10] <= "2021-03-12")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataFileError, match=r"us_public_debt\.csv.*max_gap_days=5"):
        datasets.load("us_public_debt")


def test_non_numeric_holding_is_named(data_copy):
    path = data_copy / "japan_ust_holdings.csv"
    path.write_text(path.read_text().replace("2000-04-01,322.4", "2000-04-01,n/a"))
    with pytest.raises(DataFileError, match=r"japan_ust_holdings\.csv.*'value'.*'n/a'"):
        datasets.load("japan_ust_holdings")
