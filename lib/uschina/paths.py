"""Where the project's files live. The package is installed in editable mode from the repo."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[1]


def data_dir() -> Path:
    """The curated data folder; ``USCHINA_DATA_DIR`` overrides it (tests use a copy)."""
    override = os.environ.get("USCHINA_DATA_DIR")
    return Path(override).resolve() if override else REPO_DIR / "data"


def build_dir() -> Path:
    return REPO_DIR / "build"


def default_fig_dir(name: str) -> Path:
    return build_dir() / "figures" / name
