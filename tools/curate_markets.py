"""Curate the autos and dollar/RMB keys from the reference files.

Monthly (FRED fredgraph copies): us_auto_production (IPG3361T3S), us_vehicle_sales (TOTALSA),
us_light_vehicle_sales (ALTSALES). Daily, trading days only: usd_broad_index (DTWEXBGS),
usd_cny (DEXCHUS), dxy (ICE DXY close from a Yahoo Finance mirror, with the row's origin).

Values are copied as published; nothing is filled or interpolated. The daily series are kept
from DAILY_START so that all three cover the same span and data/ stays small.
"""

from __future__ import annotations

import json

import pandas as pd

from curate import REF, write

# DTWEXBGS starts on 2006-01-02; DEXCHUS and DXY are cut there too (size budget, same span)
DAILY_START = "2006-01-01"
# newer copies that carry the daily series past the main files' ends
DEXCHUS_NEWER = "DEXCHUS_siberforge.json"
DXY_NEWER = "dxy_yahoo_ifxquantbot.csv"

MONTHLY = {
    "us_auto_production": ("us_ip_motor_vehicles_parts_monthly.csv", "ipg3361t3s_index_2017_100"),
    "us_vehicle_sales": ("us_total_vehicle_sales_saar_monthly.csv", "totalsa_mn_units_saar"),
    "us_light_vehicle_sales": (
        "us_light_vehicle_sales_saar_monthly.csv",
        "altsales_mn_units_saar",
    ),
}
DAILY = {
    "usd_broad_index": ("usd_broad_index_dtwexbgs_daily.csv", "dtwexbgs_index_jan2006_100"),
    "usd_cny": ("usd_cny_dexchus_daily.csv", "dexchus_cny_per_usd"),
}


def _read(file: str) -> pd.DataFrame:
    # dtype=str keeps the published digits exactly (no float round trip)
    return pd.read_csv(REF / file, dtype=str, keep_default_na=False, na_values=[""])


def main() -> None:
    for key, (file, col) in MONTHLY.items():
        ref = _read(file)
        write(ref[["date", col]].rename(columns={col: "value"}), key)
    for key, (file, col) in DAILY.items():
        ref = _read(file)
        ref = ref[ref["date"] >= DAILY_START][["date", col]].rename(columns={col: "value"})
        if key == "usd_cny":
            ref = pd.concat([ref, _dexchus_newer(ref)], ignore_index=True)
        write(ref, key)
    # the mirrors' origins stay visible row by row in `src`
    dxy = _read("dxy_ice_daily_close.csv")
    dxy = dxy[dxy["date"] >= DAILY_START]
    dxy = dxy[["date", "dxy_close", "src"]].rename(columns={"dxy_close": "close"})
    write(pd.concat([dxy, _dxy_newer(dxy)], ignore_index=True), "dxy")


def _dexchus_newer(have: pd.DataFrame) -> pd.DataFrame:
    """DEXCHUS after the daily file's end, from siberforge's processed FRED copy (2026 only)."""
    raw = json.loads((REF / DEXCHUS_NEWER).read_text(encoding="utf-8"))
    new = pd.DataFrame({"date": raw["d"], "value": [f"{v:.4f}" for v in raw["v"]]})
    both = have.merge(new, on="date", suffixes=("", "_new"))
    if len(both) < 100 or (both["value"].astype(float) != both["value_new"].astype(float)).any():
        raise SystemExit(f"{DEXCHUS_NEWER} does not agree with the daily file where they overlap")
    return new[new["date"] > have["date"].iloc[-1]]


def _dxy_newer(have: pd.DataFrame) -> pd.DataFrame:
    """Closes after the mirror's end from ifxquantbot/edge-data (Yahoo, 2 decimals, no header)."""
    new = pd.read_csv(REF / DXY_NEWER, header=None, names=["date", "close"], dtype=str)
    both = have.merge(new, on="date", suffixes=("", "_new"))
    gap = (both["close"].astype(float) - both["close_new"].astype(float)).abs()
    if len(both) < 800 or gap.max() > 0.06:
        raise SystemExit(f"{DXY_NEWER} does not agree with the mirror where they overlap")
    return new[new["date"] > have["date"].iloc[-1]].assign(src="ifxquantbot/edge-data")
