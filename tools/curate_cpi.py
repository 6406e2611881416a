"""Curate the CPI keys (us_cpi_index, us_cpi_yoy) from the reference files.

To 2026-05: the BLS series via datasets/cpi-us (us_cpi_u_nsa_monthly.csv). From 2026-06: FRED
CPIAUCNS as re-saved from the FRED API by gauravsultania2/cpi-data (CPIAUCNS_gauravsultania2.csv),
which must agree with the first file on every month they share.
"""

from __future__ import annotations

import pandas as pd

from curate import REF, write
from uschina.fidelity import bls_round

NEWER = "CPIAUCNS_gauravsultania2.csv"


def main() -> None:
    ref = pd.read_csv(REF / "us_cpi_u_nsa_monthly.csv", dtype={"date": str})
    idx = ref[["date", "cpi_u_nsa_index_1982_84_100"]].rename(
        columns={"cpi_u_nsa_index_1982_84_100": "value"}
    )
    # FRED's "." marks the shutdown month; the text values keep FRED's published digits
    newer = pd.read_csv(REF / NEWER, dtype=str, na_values=["."], keep_default_na=False)
    both = idx.merge(newer, on="date", suffixes=("", "_fred"))
    differ = both[both["value"] != pd.to_numeric(both["value_fred"])].dropna(subset=["value"])
    if len(differ):
        raise SystemExit(f"{NEWER} disagrees with the BLS copy on {len(differ)} months, "
                         f"e.g. {differ.iloc[0].to_dict()}")
    tail = newer[newer["date"] > idx["date"].iloc[-1]].astype({"value": float})
    idx = pd.concat([idx, tail], ignore_index=True)
    write(idx, "us_cpi_index")
    # YoY exists from the 13th month on; the Oct 2025 gap stays as an empty value. Computed here
    # (the first file's yoy_pct column is reproduced exactly by the same rounding)
    yoy = idx.assign(value=bls_round((idx["value"] / idx["value"].shift(12) - 1) * 100))
    check = yoy.merge(ref[["date", "yoy_pct"]], on="date").dropna(subset=["yoy_pct"])
    assert (check["value"] == check["yoy_pct"]).all(), "YoY rounding differs from the reference"
    write(yoy.iloc[12:], "us_cpi_yoy", float_format="%.1f")
