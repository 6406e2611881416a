"""``uschina check-claims``: the verdict on every registered claim."""

from __future__ import annotations

import pandas as pd


def add_arguments(parser) -> None:
    parser.add_argument("--as-of", default=None, metavar="DATE",
                        help="use only data published by DATE (YYYY-MM-DD); default: all data")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when any claim is inconsistent")
    parser.add_argument("--lang", choices=("zh", "en"), default="en",
                        help="language of the claim text (default: %(default)s)")


def run(args) -> int:
    from ..claims import INCONSISTENT, check
    from ..params import parse_date

    table = check(as_of=parse_date("as_of", args.as_of))
    cols = ["id", "line", f"claim_{args.lang}", "stated", "measured", "verdict", "detail"]
    with pd.option_context("display.width", 250, "display.max_colwidth", 90,
                           "display.max_rows", 500):
        for doc, part in table.groupby("document", sort=False):
            print(f"== {doc}")
            print(part[cols].to_string(index=False))
            print()
    counts = table["verdict"].value_counts()
    print(", ".join(f"{n} {v}" for v, n in counts.items()), f"({len(table)} claims)")
    if args.strict and (table["verdict"] == INCONSISTENT).any():
        bad = table.loc[table["verdict"] == INCONSISTENT, "id"].tolist()
        print(f"--strict: inconsistent claims: {', '.join(bad)}")
        return 1
    return 0
