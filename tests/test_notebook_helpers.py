"""uschina.notebook: the sources table of the Data & sources sections, refused parameters."""

from __future__ import annotations

import pandas as pd
import pytest

import uschina
from uschina import notebook
from uschina.errors import ParameterError


def test_sources_frame_shows_each_key_metadata_in_the_page_language():
    through = {"us_cpi_yoy": pd.Timestamp("2026-05-01")}
    zh = notebook.sources_frame(["us_cpi_yoy", "nber_recessions", "us_cpi_yoy"], "zh", through)
    assert list(zh.index) == ["us_cpi_yoy", "nber_recessions"]  # order kept, repeat dropped
    meta = uschina.meta("us_cpi_yoy")
    row = zh.loc["us_cpi_yoy"]
    assert row["序列"] == meta.title.zh and row["单位"] == meta.unit.zh
    assert row["序列代码"] == meta.source.series_id and row["网址"] == meta.source.url
    assert row["频率"] == "月" and row["数据截至"] == "2026-05-01"
    assert zh.loc["nber_recessions", "数据截至"] == ""
    assert row["发布机构"] == "美国劳工统计局（BLS）"  # the publisher as a Chinese reader names it
    en = notebook.sources_frame(["us_cpi_yoy"], "en")
    assert en.index.name == "key" and en.loc["us_cpi_yoy", "series"] == meta.title.en
    assert en.loc["us_cpi_yoy", "frequency"] == "monthly"
    assert en.loc["us_cpi_yoy", "publisher"] == "U.S. Bureau of Labor Statistics (BLS)"
    assert "data through" not in en.columns  # no chart.through given


def test_unknown_source_key_is_named():
    with pytest.raises(uschina.UnknownKeyError, match="no_such_key"):
        notebook.sources_frame(["no_such_key"], "en")


def test_refuse_parameters_names_the_parameter_and_the_reason():
    notebook.refuse_parameters({"start": None, "lang": "zh"}, ["start", "end"], "why")
    with pytest.raises(ParameterError, match=r"parameter 'end' does not apply to this notebook "
                                             r"\(not a time series\), got '2020-01-01'"):
        notebook.refuse_parameters({"end": "2020-01-01"}, ["start", "end"], "not a time series")


def test_autoreload_skips_installed_modules_and_still_reloads_edited_ones(tmp_path,
                                                                        monkeypatch):
    import json
    import os
    import sys
    import time

    from IPython.core.interactiveshell import InteractiveShell

    mod = tmp_path / "my_helpers.py"
    mod.write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    ip = InteractiveShell.instance()
    try:
        assert ip.run_cell("from uschina import notebook\nnotebook.setup()").success
        assert ip.run_cell("import my_helpers, colorsys").success  # colorsys: stdlib
        skipped = ip.magics_manager.registry["AutoreloadMagics"]._reloader.skip_modules
        assert {"json", "pandas", "pandas.core.frame", "colorsys"} <= skipped.keys()
        assert json.__name__ in notebook.installed_modules(["json", "uschina.style"])
        assert not {"uschina", "uschina.style", "my_helpers"} & skipped.keys()

        time.sleep(0.01)
        mod.write_text("VALUE = 2\n")  # an edit is picked up on the next cell
        later = time.time_ns() + 10**9
        os.utime(mod, ns=(later, later))
        assert ip.run_cell("seen = my_helpers.VALUE").success
        assert ip.user_ns["seen"] == 2
        assert ip.run_cell("notebook.setup()").success  # again: one hook, not two
        hooks = [cb for cb in ip.events.callbacks["post_run_cell"]
                 if "_watch_only_editable_modules" in getattr(cb, "__qualname__", "")]
        assert len(hooks) == 1
    finally:
        ip.set_custom_exc((), None)
        InteractiveShell.clear_instance()
        sys.modules.pop("my_helpers", None)
