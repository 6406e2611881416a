"""Curate the autos and dollar/RMB keys from the reference files.

Monthly (FRED fredgraph copies): us_auto_production (IPG3361T3S), us_vehicle_sales (TOTALSA),
us_light_vehicle_sales (ALTSALES). Daily, trading days only: usd_broad_index (DTWEXBGS),
usd_cny (DEXCHUS), dxy (ICE DXY close from a Yahoo Finance mirror, with the row's origin).

Values are copied as published; nothing is filled or interpolated. The daily series are kept
from DAILY_START so that all three cover the same span and data/ stays small.
"""

from __future__ import annotations

import pandas as pd

from curate import REF, write

# DTWEXBGS starts on 2006-01-02; DEXCHUS and DXY are cut there too (size budget, same span)
DAILY_START = "2006-01-01"

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
        ref = ref[ref["date"] >= DAILY_START]
        write(ref[["date", col]].rename(columns={col: "value"}), key)
    # the mirror's two origins stay visible row by row in `src`
    dxy = _read("dxy_ice_daily_close.csv")
    dxy = dxy[dxy["date"] >= DAILY_START]
    write(dxy[["date", "dxy_close", "src"]].rename(columns={"dxy_close": "close"}), "dxy")
