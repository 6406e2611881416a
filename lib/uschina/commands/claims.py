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
    parser.add_argument("--side-by-side", action="store_true",
                        help="per claim, the verdict on the data published by the text's date "
                        "and on the data of --as-of (default: all data)")


def run(args) -> int:
    from ..claims import INCONSISTENT, check
    from ..params import parse_date

    if args.side_by_side:
        from ..claims import side_by_side

        view = side_by_side(args.lang, today=parse_date("as_of", args.as_of))
        with pd.option_context("display.width", 250, "display.max_colwidth", 60,
                               "display.max_rows", 500):
            print(view.drop(columns=view.columns[[0, 5]]).to_string(index=False))
        return 0
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
