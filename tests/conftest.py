"""Shared fixtures. Reference-data tests skip cleanly when ../shared is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from uschina.paths import REPO_DIR

# the same examples on every run, so a CI result can be reproduced
settings.register_profile("uschina", derandomize=True, deadline=None)
settings.load_profile("uschina")

SHARED = REPO_DIR.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
REFERENCE_DIR = SHARED / "reference-data"

needs_reference = pytest.mark.skipif(
    not REFERENCE_DIR.is_dir(), reason="../shared/reference-data is absent"
)
needs_seeds = pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="../shared/seeds is absent")


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the loader uses (USCHINA_DATA_DIR) for this test."""
    dst = tmp_path / "data"
    shutil.copytree(REPO_DIR / "data", dst)
    monkeypatch.setenv("USCHINA_DATA_DIR", str(dst))
    return dst
