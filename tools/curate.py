"""Curate data/ from a folder of reference files (a developer's tool).

The product never runs this: it reads only data/. Each tools/curate_<domain>.py has a main()
that writes data/<key>.csv files; the metadata sidecars (data/<key>.yaml) are written by hand
and carry the provenance. Re-run after the reference files change, then review the diff:

    USCHINA_REFERENCE_DIR=DIR .venv/bin/python tools/curate.py [DOMAIN ...]   # or: make curate
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
# the folder is given, never assumed: the Makefile's `curate` target passes the project's
REF = Path(os.environ.get("USCHINA_REFERENCE_DIR", "")).resolve()
DATA = REPO / "data"


def write(df: pd.DataFrame, key: str, float_format: str | None = None) -> None:
    path = DATA / f"{key}.csv"
    df.to_csv(path, index=False, float_format=float_format, lineterminator="\n")
    print(f"wrote {path.relative_to(REPO)}: {len(df)} rows")


def main(argv: list[str]) -> None:
    if not os.environ.get("USCHINA_REFERENCE_DIR") or not REF.is_dir():
        sys.exit("set USCHINA_REFERENCE_DIR to the folder of reference CSV files "
                 f"(got {os.environ.get('USCHINA_REFERENCE_DIR')!r}); `make curate` does")
    sys.path.insert(0, str(Path(__file__).parent))
    domains = argv or sorted(p.stem.removeprefix("curate_")
                             for p in Path(__file__).parent.glob("curate_*.py"))
    for d in domains:
        importlib.import_module(f"curate_{d}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
