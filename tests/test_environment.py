"""environment.yml gives conda users the same dependency set as pyproject.toml (conda-forge)."""

from __future__ import annotations

import re
import tomllib

import yaml

from uschina.paths import REPO_DIR

# pyproject (PyPI) name -> conda-forge name, where they differ
CONDA_NAMES: dict[str, str] = {}
# not on conda-forge: environment.yml installs them with pip
PIP_ONLY = {"playwright"}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text())["project"]
    wanted = {CONDA_NAMES.get(_name(d), _name(d)) + d[len(_name(d)):]
              for d in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((REPO_DIR / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pip_deps = {p.split("#")[0].strip() for p in pip if not p.startswith("-e")}
    assert {_name(p) for p in pip_deps} == PIP_ONLY
    assert not {_name(d) for d in conda} & PIP_ONLY
    listed = {d for d in conda if _name(d) not in ("python", "pip")} | pip_deps
    assert listed == wanted, (
        f"only in pyproject: {sorted(wanted - listed)}; only in environment.yml: "
        f"{sorted(listed - wanted)}"
    )
    python = next(d for d in conda if _name(d) == "python")
    assert python.replace("python", "") == project["requires-python"]
    assert pip[-1] == "-e ."  # then uschina itself


def test_lock_file_pins_every_dependency():
    """requirements.lock (`make lock`) pins each pyproject dependency to one version."""
    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text())["project"]
    lock = (REPO_DIR / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", lock, re.M))
    pins = {k.lower().replace("_", "-"): v for k, v in pins.items()}
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert _name(dep).replace("_", "-") in pins, f"{dep} is not pinned in requirements.lock"
    assert "mplfonts" not in pins  # the CJK font ships with uschina
    assert not re.search(r"^\s*(-e|--index-url|--extra-index-url|--find-links)", lock, re.M)
