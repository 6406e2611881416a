"""Curate data/ from the reference files in ../shared/reference-data (a developer's tool).

The product never runs this: it reads only data/. Each tools/curate_<domain>.py has a main()
that writes data/<key>.csv files; the metadata sidecars (data/<key>.yaml) are written by hand
and carry the provenance. Re-run after the reference files change, then review the diff:

    .venv/bin/python tools/curate.py [DOMAIN ...]     # e.g. cpi
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
REF = REPO.parent / "shared" / "reference-data"
DATA = REPO / "data"


def write(df: pd.DataFrame, key: str, float_format: str | None = None) -> None:
    path = DATA / f"{key}.csv"
    df.to_csv(path, index=False, float_format=float_format, lineterminator="\n")
    print(f"wrote {path.relative_to(REPO)}: {len(df)} rows")


def main(argv: list[str]) -> None:
    if not REF.exists():
        sys.exit(f"no reference data at {REF}")
    sys.path.insert(0, str(Path(__file__).parent))
    domains = argv or sorted(p.stem.removeprefix("curate_")
                             for p in Path(__file__).parent.glob("curate_*.py"))
    for d in domains:
        importlib.import_module(f"curate_{d}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
