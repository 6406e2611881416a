"""``uschina fidelity``: per-series agreement of data/ with a folder of reference files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def add_arguments(parser) -> None:
    parser.add_argument("--reference-dir", type=Path, required=True,
                        help="folder of the reference CSV files the data were curated from "
                             "(`make fidelity` passes the project's)")


def run(args) -> int:
    from .. import fidelity

    if not args.reference_dir.is_dir():
        print(f"no reference data at {args.reference_dir}: nothing to compare")
        return 0
    table = fidelity.summary(args.reference_dir)
    with pd.option_context("display.width", 200, "display.max_colwidth", 50):
        print(table.to_string())
    bad = table.index[~table["ok"]].tolist()
    if bad:
        print(f"\nDISAGREE with the reference: {', '.join(bad)}")
        return 1
    print(f"\nall {len(table)} keys agree with the reference within their stated tolerance")
    return 0
