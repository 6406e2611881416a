"""Every public function of the API economists explore (Shift+Tab in JupyterLab) says what it
takes, what it returns and how it is called: numpydoc "Parameters", "Returns" and "Examples"
sections, with the parameters named as in the signature."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings

import pytest
from numpydoc.docscrape import FunctionDoc

PACKAGES = ["uschina.charts", "uschina.analysis", "uschina.trend", "uschina.claims"]
MODULES = ["uschina.datasets"]


def _modules() -> list[str]:
    names = list(MODULES)
    for pkg in PACKAGES:
        names.append(pkg)
        for m in pkgutil.iter_modules(importlib.import_module(pkg).__path__):
            # trend keeps its helpers in _base
            if not m.name.startswith("_") or pkg == "uschina.trend":
                names.append(f"{pkg}.{m.name}")
    return names


def _public(module_name: str):
    module = importlib.import_module(module_name)
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            yield name, obj


CASES = [(m, n) for m in _modules() for n, _ in _public(m)]


def _documented(doc: FunctionDoc) -> set[str]:
    names: set[str] = set()
    for p in doc["Parameters"]:
        names.update(n.strip().lstrip("*") for n in p.name.split(","))
    return names


@pytest.mark.parametrize(("module", "name"), CASES, ids=[f"{m}.{n}" for m, n in CASES])
def test_public_function_is_documented(module, name):
    obj = getattr(importlib.import_module(module), name)
    assert inspect.getdoc(obj), f"{module}.{name} has no docstring"
    if inspect.isclass(obj):
        return  # a class: its summary is what Shift+Tab shows
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unknown section is a mistake, not a style
        doc = FunctionDoc(obj)
    params = inspect.signature(obj).parameters.values()
    wanted = {p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    optional = {p.name for p in params if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    problems = []
    if not doc["Summary"]:
        problems.append("no one-line summary")
    if wanted != _documented(doc) - optional:  # *args/**kwargs may be documented
        problems.append(f"Parameters document {sorted(_documented(doc))}, the signature has "
                        f"{sorted(wanted)}")
    if not doc["Returns"] and not doc["Yields"]:
        problems.append("no Returns section")
    if not doc["Examples"]:
        problems.append("no Examples section")
    assert not problems, f"{module}.{name}: " + "; ".join(problems)


def test_the_check_sees_the_api():
    # the parametrization above is not empty by accident: the chart functions are in it
    assert ("uschina.charts.cpi", "us_cpi_yoy") in CASES
    assert ("uschina.datasets", "load") in CASES
    assert len(CASES) > 100
