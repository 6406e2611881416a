"""``uschina catalog``: the data catalog as a table."""

from __future__ import annotations

import pandas as pd


def add_arguments(parser) -> None:
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a text table")


def run(args) -> int:
    from .. import datasets

    cat = datasets.catalog()
    cols = ["title_en", "frequency", "publisher", "series_id", "first", "last", "rows"]
    if args.csv:
        print(cat.to_csv(index=False), end="")
    else:
        with pd.option_context("display.width", 200, "display.max_colwidth", 40):
            print(cat[cols].to_string())
    return 0
