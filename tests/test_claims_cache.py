"""claims.check keeps its results for the process: a re-run is fast, an edited input is seen."""

from __future__ import annotations

import importlib
import os
import shutil

import pandas as pd
import pytest

from uschina.paths import REPO_DIR

check_module = importlib.import_module("uschina.claims.check")  # claims.check is the function
CLAIM = "cpi_oct_2021_6_2"  # value_at us_cpi_yoy 2021-10-01: 6.2, stated 6.2


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setenv("USCHINA_CACHE", "1")
    check_module._RESULTS.clear()
    yield
    check_module._RESULTS.clear()


@pytest.fixture
def seeds(tmp_path):
    dst = tmp_path / "seeds"
    shutil.copytree(REPO_DIR / "seeds", dst)
    return dst


def _verdict(table: pd.DataFrame) -> str:
    return table.loc[table["id"] == CLAIM, "verdict"].iloc[0]


def _bump(path) -> None:
    """A later modification time, whatever the file system's clock granularity."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_second_call_is_served_from_the_cache(seeds):
    first = check_module.check("2021-11-16", seeds_dir=seeds)
    hits = check_module.stats["hits"]
    second = check_module.check("2021-11-16", seeds_dir=seeds)
    assert check_module.stats["hits"] == hits + 1
    pd.testing.assert_frame_equal(first, second)
    # another as_of is another result
    check_module.check(None, seeds_dir=seeds)
    assert check_module.stats["hits"] == hits + 1


def test_a_caller_cannot_mutate_the_cache(seeds):
    first = check_module.check(seeds_dir=seeds)
    want = first.copy(deep=True)
    first.loc[:, "verdict"] = "tampered"
    pd.testing.assert_frame_equal(check_module.check(seeds_dir=seeds), want)


def test_an_edited_seed_file_is_picked_up(seeds):
    assert _verdict(check_module.check(seeds_dir=seeds)) == "consistent"
    path = seeds / "000_941802ea72d19463.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    value: 6.2\n") == 1
    path.write_text(text.replace("    value: 6.2\n", "    value: 7.25\n"), encoding="utf-8")
    _bump(path)
    assert _verdict(check_module.check(seeds_dir=seeds)) == "inconsistent"


def test_a_touched_seed_file_is_checked_again(seeds):
    before = check_module.check(seeds_dir=seeds)
    misses = check_module.stats["misses"]
    _bump(seeds / "004_2b99488587da8757.yaml")
    pd.testing.assert_frame_equal(check_module.check(seeds_dir=seeds), before)
    assert check_module.stats["misses"] == misses + 1


def test_an_edited_data_file_is_picked_up(data_copy):
    assert _verdict(check_module.check()) == "consistent"
    path = data_copy / "us_cpi_yoy.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("2021-10-01,6.2\n") == 1
    path.write_text(text.replace("2021-10-01,6.2\n", "2021-10-01,7.0\n"), encoding="utf-8")
    _bump(path)
    assert _verdict(check_module.check()) == "inconsistent"


def test_off_switch(seeds, monkeypatch):
    monkeypatch.setenv("USCHINA_CACHE", "0")
    check_module.check(seeds_dir=seeds)
    assert not check_module._RESULTS


def test_clearing_the_caches_clears_the_claim_results():
    from uschina import cache

    check_module.check("2021-11-16")
    assert check_module._RESULTS
    cache.clear()
    assert not check_module._RESULTS
