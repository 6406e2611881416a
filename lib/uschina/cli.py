"""The ``uschina`` command line: render the site, list the catalog, check fidelity and claims."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module with add_arguments(parser) and run(args) -> int; imported lazily so that
# `uschina --help` stays fast and one broken subcommand does not break the others
COMMANDS = {
    "render": ("uschina.render.command", "render notebooks to the HTML site (build/site)"),
    "catalog": ("uschina.commands.catalog", "list every data key with its source and coverage"),
    "fidelity": ("uschina.commands.fidelity",
                 "compare data/ with the reference files, one row per key"),
    "check-claims": ("uschina.commands.claims",
                     "check every numeric claim of the source texts against the data"),
    "update": ("uschina.commands.update",
               "refresh series from their official sources, keeping each fetch as a vintage"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chosen = argv[0] if argv else None
    parser = argparse.ArgumentParser(prog="uschina", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        if name == chosen:  # only the chosen subcommand's module is imported
            importlib.import_module(module).add_arguments(p)
    args = parser.parse_args(argv)
    from .errors import UschinaError

    try:
        return int(importlib.import_module(args._module).run(args) or 0)
    except UschinaError as exc:  # bad input: one line naming it, no traceback
        print(f"uschina {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
