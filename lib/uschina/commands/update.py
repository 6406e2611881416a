"""``uschina update [KEY ...]``: refresh series from their official sources (network needed)."""

from __future__ import annotations

import sys

import pandas as pd


def add_arguments(parser) -> None:
    parser.add_argument("keys", nargs="*", metavar="KEY",
                        help="data keys to update (default: every key that can be)")
    parser.add_argument("--list", action="store_true",
                        help="list every key's source and whether it can be updated")
    parser.add_argument("--dry-run", action="store_true",
                        help="fetch and show what would change; write nothing")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for each source (default 10)")


def run(args) -> int:
    from ..errors import UschinaError
    from ..update import Session, commit, describe, listing, plan, prepare

    if args.list:
        with pd.option_context("display.width", 200, "display.max_colwidth", 70,
                               "display.max_rows", 200):
            print(listing().drop(columns="publisher").to_string())
        print("\nWith FRED_API_KEY set, FRED series are fetched with all their ALFRED vintages.")
        return 0
    if args.timeout <= 0:
        print(f"uschina update: --timeout must be more than 0 seconds, got {args.timeout:g}",
              file=sys.stderr)
        return 2
    session = Session(timeout=args.timeout)
    try:
        keys = plan(args.keys)
        changes = prepare(keys, session)
    except UschinaError as exc:  # one line, nothing written
        print(f"uschina update: {exc}; nothing was changed", file=sys.stderr)
        return 1
    for c in changes:
        print("\n".join(describe(c)))
    if args.dry_run:
        print("dry run: nothing written")
        return 0
    commit(changes, session)
    n = sum(c.changed for c in changes)
    print(f"updated {n} of {len(changes)} keys; vintages kept in data/vintages/")
    return 0
