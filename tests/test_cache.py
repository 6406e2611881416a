"""Model fits are cached on the value of their inputs and invalidated by data or code changes."""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd
import pytest

from uschina import cache, trend


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("USCHINA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("USCHINA_CACHE", raising=False)
    cache.clear()
    for k in cache.stats:
        cache.stats[k] = 0
    yield tmp_path / "cache"
    cache.clear()


def _series(seed: int = 0, n: int = 120) -> pd.Series:
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2010-01-01", periods=n, freq="MS")
    return pd.Series(np.cumsum(rng.normal(0.2, 1.0, n)), index=idx, name="x")


def test_fingerprint_is_by_value():
    a = _series()
    assert cache.fingerprint(a) == cache.fingerprint(a.copy())
    b = a.copy()
    b.iloc[50] += 0.1  # one value
    assert cache.fingerprint(a) != cache.fingerprint(b)
    c = a.copy()
    c.index = c.index + pd.offsets.MonthBegin(1)  # same values, other dates
    assert cache.fingerprint(a) != cache.fingerprint(c)
    assert cache.fingerprint(a.rename("y")) != cache.fingerprint(a)
    assert cache.fingerprint((1, 1, 0)) != cache.fingerprint((1, 0, 1))
    assert cache.fingerprint({"h": 12}) != cache.fingerprint({"h": 13})


def test_forecast_is_cached_in_memory_and_on_disk(fresh_cache):
    s = _series()
    first = trend.forecast(s, horizon=6, order="auto")
    assert cache.stats["misses"] == 1
    again = trend.forecast(s, horizon=6, order="auto")
    assert cache.stats["hits_memory"] == 1
    pd.testing.assert_frame_equal(first.table, again.table)
    assert again.spec == first.spec
    again.table.iloc[0, 0] = -999.0  # a caller mutating its copy does not touch the cache
    assert trend.forecast(s, horizon=6, order="auto").table.iloc[0, 0] != -999.0

    assert list(fresh_cache.rglob("*.pkl")), "an ARIMA search is slow enough for the disk"
    cache.clear()  # a new kernel: memory empty, disk kept
    from_disk = trend.forecast(s, horizon=6, order="auto")
    assert cache.stats["hits_disk"] == 1
    pd.testing.assert_frame_equal(first.table, from_disk.table)


def test_changed_data_or_arguments_refit(fresh_cache):
    s = _series()
    base = trend.forecast(s, horizon=6)
    changed = s.copy()
    changed.iloc[-1] += 5.0
    assert trend.forecast(changed, horizon=6).table["forecast"].iloc[0] != pytest.approx(
        base.table["forecast"].iloc[0])
    trend.forecast(s, horizon=7)
    assert cache.stats["misses"] == 3 and cache.stats["hits_memory"] == 0


def test_code_change_invalidates(fresh_cache, tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    mod = pkg / "m.py"
    mod.write_text("X = 1\n")
    v1 = cache.code_version(str(mod))
    time.sleep(0.01)
    mod.write_text("X = 2\n")
    os.utime(mod, ns=(time.time_ns(), time.time_ns()))
    assert cache.code_version(str(mod)) != v1


def test_cache_can_be_turned_off(fresh_cache, monkeypatch):
    monkeypatch.setenv("USCHINA_CACHE", "0")
    s = _series()
    trend.forecast(s, horizon=3)
    trend.forecast(s, horizon=3)
    assert cache.stats == {"hits_memory": 0, "hits_disk": 0, "misses": 0}
    assert not fresh_cache.exists()


def test_errors_are_not_cached(fresh_cache):
    with pytest.raises(trend.AnalysisError, match="horizon"):
        trend.forecast(_series(), horizon=0)
    with pytest.raises(trend.AnalysisError, match="horizon"):
        trend.forecast(_series(), horizon=0)


def test_an_edited_data_file_reaches_the_fit_in_the_same_process(fresh_cache, data_copy):
    # a notebook re-run after a data edit: the loader re-reads the file (its key is the file's
    # path, modification time and size), and the fit's key (the values) changes with it
    import uschina

    def fit():
        s = uschina.load("us_cpi_yoy", start="2015-01-01", end="2019-12-01")
        return s, trend.stl(s)

    s1, d1 = fit()
    s2, _ = fit()
    assert cache.stats == {"hits_memory": 1, "hits_disk": 0, "misses": 1}
    assert s2.equals(s1)  # the file was not re-validated: same values, from memory
    path = data_copy / "us_cpi_yoy.csv"
    text = path.read_text()
    row = "2017-06-01,1.6"
    assert row in text
    path.write_text(text.replace(row, "2017-06-01,9.6"))
    later = time.time_ns() + 10**9
    os.utime(path, ns=(later, later))
    s3, d3 = fit()
    assert s3.loc["2017-06-01"] == 9.6
    assert cache.stats["misses"] == 2  # refitted on the new values
    assert not d3.table.equals(d1.table)


def test_a_code_edit_refits(fresh_cache, tmp_path, monkeypatch):
    # autoreload picks up an edit; the memoised function's key covers its package's code
    pkg = tmp_path / "editedpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "fit.py").write_text(
        "from uschina.cache import memoize\n\n"
        "@memoize\n"
        "def slow(x):\n"
        "    return x * 2\n")
    (pkg / "helpers.py").write_text("SCALE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    try:
        fit = importlib.import_module("editedpkg.fit")
        assert fit.slow(3) == 6 and fit.slow(3) == 6
        assert cache.stats["misses"] == 1 and cache.stats["hits_memory"] == 1
        (pkg / "helpers.py").write_text("SCALE = 3  # a helper beside it changed\n")
        later = time.time_ns() + 10**9
        os.utime(pkg / "helpers.py", ns=(later, later))
        fit.slow(3)
        assert cache.stats["misses"] == 2
    finally:
        for name in ("editedpkg.fit", "editedpkg"):
            sys.modules.pop(name, None)
