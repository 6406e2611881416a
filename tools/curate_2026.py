"""Curate the keys behind the 2026 commentary and Phase One from the reference files.

Writes china_ust_holdings, japan_ust_holdings, foreign_ust_holdings (TIC Major Foreign Holders),
us_public_debt (Debt to the Penny), us_federal_debt_quarterly (FRED GFDEBTN),
phase_one_purchases (the checkpoint table) and rare_earth_claims (typed from seed 004).
"""

from __future__ import annotations

import json

import pandas as pd

from curate import REF, write
from uschina.update.tic import holder, parse_mfh

TIC_NEWER = "tic_holdings_gsy1005_research-workbench.json"

# When each Phase One row was first public. The reference file names the page that quotes each
# figure; where that page gives only a month, the month's last day is used (an upper bound).
# Keyed by (record_type, period_end).
PHASE_ONE_PUBLISHED = {
    ("agreement_target_increment", "2020-12-31"): "2020-01-15",  # agreement signed
    ("agreement_target_increment", "2021-12-31"): "2020-01-15",
    ("github_data", "2020-12-31"): "2021-01-27",  # the tracker's commit date
    ("published_checkpoint_PIIE", "2020-03-31"): "2020-05-18",  # PIIE chart of that date
    ("published_checkpoint_PIIE", "2020-04-30"): "2020-06-29",  # quoting article
    ("published_checkpoint_PIIE", "2020-10-31"): "2020-11-30",
    ("published_checkpoint_PIIE", "2020-12-31"): "2021-01-31",  # FT, January 2021
    ("published_checkpoint_PIIE", "2021-10-31"): "2021-12-31",  # article of December 2021
    ("published_checkpoint_PIIE", "2021-11-30"): "2021-12-30",
}
# the final goods-and-services tally (period_end 2021-12-31) came in Bown's post of 2022-02-08
PHASE_ONE_FINAL = ("total_goods_and_services", "2022-02-08")

# The 2026 text's rare-earth figures, typed from seed 004 (line numbers of that file).
# Columns: claim, comparator, value, value_high, of_total, unit, seed_line, what_zh, what_en.
RARE_EARTH_CLAIMS = [
    ("us_heavy_ree_reserve_share", "<", 1.0, None, None, "% of world", 14,
     "美国重稀土储量占全球的比重", "US share of the world's heavy rare-earth reserves"),
    ("china_refining_purity", "=", 99.9999, None, None, "% purity (6N)", 15,
     "中国稀土提炼可达的纯度", "purity China's rare-earth refining reaches"),
    ("us_refining_purity", "range", 99.0, 99.9, None, "% purity (2N-3N)", 15,
     "美国企业通常达到的纯度", "purity US refiners typically reach"),
    ("china_separation_cost_vs_us", "=", 0.25, None, None, "ratio (China / US)", 15,
     "中国分离成本相对美国的倍数", "China's separation cost as a fraction of the US cost"),
    ("mountain_pass_light_ree_share", "=", 75.0, None, None, "% of US demand", 16,
     "芒廷帕斯矿可满足的美国轻稀土需求比重",
     "share of US light rare-earth demand Mountain Pass meets"),
    ("china_ree_patents", "=", 38000.0, None, None, "patents", 17,
     "中国持有的稀土相关专利数", "rare-earth patents held in China"),
    ("china_links_covered", "=", 15.0, None, 17.0, "links (of 17)", 17,
     "中国专利覆盖的产业链关键环节数", "key links of the chain covered by China's patents"),
    ("china_magnet_patent_share", "=", 82.0, None, None, "% of patents", 17,
     "中国在永磁材料专利中的占比", "China's share of permanent-magnet patents"),
]


def _tic() -> None:
    # Treasury's own file, unmodified: parsed with the same code `uschina update` uses, and
    # checked against the independent parse in china_holdings_us_treasuries_monthly.csv
    table = parse_mfh((REF / "mfhhis01.txt").read_text(encoding="utf-8"))
    rows = {"china_ust_holdings": "China, Mainland", "japan_ust_holdings": "Japan",
            "uk_ust_holdings": "United Kingdom", "foreign_ust_holdings": "Grand Total"}
    frames = {key: holder(table, name) for key, name in rows.items()}
    check = pd.read_csv(REF / "china_holdings_us_treasuries_monthly.csv")
    for key, col in (("china_ust_holdings", "china_mainland_bn_usd"),
                     ("japan_ust_holdings", "japan_bn_usd"),
                     ("foreign_ust_holdings", "grand_total_bn_usd")):
        if frames[key]["value"].tolist() != check[col].tolist():
            raise SystemExit(f"mfhhis01.txt parse disagrees with the reference parse for {key}")
    # the months after the file's end (2026-01 on) from the secondary JSON; it has no
    # grand total (only foreign official), so foreign_ust_holdings stops at the file's end
    newer = json.loads((REF / TIC_NEWER).read_text(encoding="utf-8"))
    for key, field in (("china_ust_holdings", "CN_UST_HOLD"), ("japan_ust_holdings", "JP_UST_HOLD"),
                       ("uk_ust_holdings", "UK_UST_HOLD")):
        have = frames[key]
        extra = pd.Series(newer[field]).sort_index()
        extra.index = pd.to_datetime(extra.index).to_period("M").to_timestamp().strftime("%Y-%m-%d")
        extra = extra[extra.index > have["date"].iloc[-1]]
        frames[key] = pd.concat([have, pd.DataFrame({"date": extra.index, "value": extra.values})],
                                ignore_index=True)
    for key, frame in frames.items():
        if key == "japan_ust_holdings":  # a plain series: Japan's prior values were never kept
            frame = frame[["date", "value"]]
        write(frame, key)


def _debt() -> None:
    # read as text so the published cents are copied exactly, not through a float
    ref = pd.read_csv(REF / "us_debt_to_the_penny_daily.csv", dtype=str, keep_default_na=False)
    ref.columns = ["date", "total", "held_by_public", "intragovernmental"]
    write(ref, "us_public_debt")
    q = pd.read_csv(REF / "us_federal_debt_gfdebtn_quarterly.csv", dtype=str)
    write(q.set_axis(["date", "value"], axis=1), "us_federal_debt_quarterly")


def _phase_one() -> None:
    ref = pd.read_csv(REF / "us_china_phase_one_purchases.csv", dtype=str, keep_default_na=False)

    def published(row) -> str:
        if row["category"] == PHASE_ONE_FINAL[0]:
            return PHASE_ONE_FINAL[1]
        return PHASE_ONE_PUBLISHED[(row["record_type"], row["period_end"])]

    ref.insert(2, "published_by", ref.apply(published, axis=1))
    write(ref, "phase_one_purchases")


def _rare_earths() -> None:
    cols = ["claim", "comparator", "value", "value_high", "of_total", "unit", "seed_line",
            "what_zh", "what_en"]
    write(pd.DataFrame(RARE_EARTH_CLAIMS, columns=cols), "rare_earth_claims", float_format="%g")


def main() -> None:
    _tic()
    _debt()
    _phase_one()
    _rare_earths()
