"""Curate the CPI keys (us_cpi_index, us_cpi_yoy) from the reference files."""

from __future__ import annotations

import pandas as pd

from curate import REF, write


def main() -> None:
    ref = pd.read_csv(REF / "us_cpi_u_nsa_monthly.csv", dtype={"date": str})
    idx = ref[["date", "cpi_u_nsa_index_1982_84_100"]].rename(
        columns={"cpi_u_nsa_index_1982_84_100": "value"}
    )
    write(idx, "us_cpi_index")
    # YoY exists from the 13th month on; the Oct 2025 gap stays as an empty value
    yoy = ref[["date", "yoy_pct"]].rename(columns={"yoy_pct": "value"}).iloc[12:]
    write(yoy, "us_cpi_yoy")


