"""Every committed value agrees with ../shared/reference-data within its stated tolerance."""

from __future__ import annotations

import pytest

from conftest import REFERENCE_DIR, needs_reference
from uschina import datasets, fidelity

REFERENCED = [k for k in datasets.keys() if datasets.meta(k).reference is not None]


@needs_reference
@pytest.mark.parametrize("key", REFERENCED)
def test_values_agree_with_reference(key):
    f = fidelity.compare(key, REFERENCE_DIR)
    assert f.rows > 0 and f.values > 0
    assert f.missing_in_reference == 0, f"{key}: rows absent from {f.reference}"
    assert f.mismatches == [], f"{key}: {f.mismatches}"
    assert f.max_abs_diff <= f.tolerance + 1e-9


@needs_reference
def test_an_edited_value_is_caught(data_copy):
    path = data_copy / "us_cpi_index.csv"
    path.write_text(path.read_text().replace("2021-10-01,276.589", "2021-10-01,276.6", 1))
    f = fidelity.compare("us_cpi_index", REFERENCE_DIR)
    assert not f.ok
    assert f.mismatches == ["value at 2021-10-01: ours '276.6', reference '276.589'"]
    assert f.max_abs_diff == pytest.approx(0.011)


@needs_reference
def test_a_row_missing_from_the_reference_is_caught(data_copy):
    path = data_copy / "us_cpi_index.csv"
    path.write_text(path.read_text() + "2026-09-01,330.0\n")
    assert fidelity.compare("us_cpi_index", REFERENCE_DIR).missing_in_reference == 1


@needs_reference
def test_summary_command_prints_one_row_per_key(capsys):
    from uschina.cli import main

    assert main(["fidelity", "--reference-dir", str(REFERENCE_DIR)]) == 0
    out = capsys.readouterr().out
    assert "us_cpi_yoy" in out and "us_cpi_u_nsa_monthly.csv" in out


def test_summary_without_reference_folder_says_so(tmp_path, capsys):
    from uschina.cli import main

    assert main(["fidelity", "--reference-dir", str(tmp_path / "absent")]) == 0
    assert "no reference data" in capsys.readouterr().out
