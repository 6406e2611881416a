"""Small command-line subcommands (see uschina.cli)."""
