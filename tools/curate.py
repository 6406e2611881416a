"""Curate data/ from the reference files in ../shared/reference-data (a developer's tool).

The product never runs this: it reads only data/. Re-run it when the reference files change,
then review the diff. Each curate_* function writes one or more data/<key>.csv files; the
metadata sidecars (data/<key>.yaml) are written by hand and carry the provenance.

    python tools/curate.py [KEY ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
REF = REPO.parent / "shared" / "reference-data"
DATA = REPO / "data"


def _write(df: pd.DataFrame, key: str, float_format: str | None = None) -> None:
    path = DATA / f"{key}.csv"
    df.to_csv(path, index=False, float_format=float_format, lineterminator="\n")
    print(f"wrote {path.relative_to(REPO)}: {len(df)} rows")


def curate_cpi() -> None:
    ref = pd.read_csv(REF / "us_cpi_u_nsa_monthly.csv", dtype={"date": str})
    idx = ref[["date", "cpi_u_nsa_index_1982_84_100"]].rename(
        columns={"cpi_u_nsa_index_1982_84_100": "value"}
    )
    _write(idx, "us_cpi_index")
    # YoY exists from the 13th month on; the Oct 2025 gap stays as an empty value
    yoy = ref[["date", "yoy_pct"]].rename(columns={"yoy_pct": "value"}).iloc[12:]
    _write(yoy, "us_cpi_yoy")


CURATORS = {"cpi": curate_cpi}


def main(argv: list[str]) -> None:
    if not REF.exists():
        sys.exit(f"no reference data at {REF}")
    DATA.mkdir(exist_ok=True)
    for name in argv or list(CURATORS):
        CURATORS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
