"""uschina: curated, cited numeric series on US-China relations, and the charts built on them."""

import sys
import types

from .errors import DataFileError, MetadataError, ParameterError, UnknownKeyError

__all__ = [
    "catalog",
    "keys",
    "load",
    "meta",
    "DataFileError",
    "MetadataError",
    "ParameterError",
    "UnknownKeyError",
]
__version__ = "0.1.0"

_LAZY = ("catalog", "keys", "load", "meta")  # from .datasets (pandas, pandera: ~1.5 s)


def _lazy(name: str) -> property:
    # A property on the module's class, not a module __getattr__: importing the submodule
    # `uschina.meta` sets the attribute `meta` on the package, which must stay the function.
    def get(mod):
        over = mod.__dict__.get("_overrides", {})
        if name in over:
            return over[name]
        from . import datasets

        return getattr(datasets, name)

    def set_(mod, value):
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            return  # the import system announcing the submodule: keep the function
        mod.__dict__.setdefault("_overrides", {})[name] = value  # e.g. a test's monkeypatch

    def delete(mod):
        mod.__dict__.get("_overrides", {}).pop(name, None)

    return property(get, set_, delete)


class _Package(types.ModuleType):
    """The package module: ``uschina.load`` and friends import the data layer when first used,
    so the command line (``uschina render`` with nothing to do) starts without pandas."""


for _name in _LAZY:
    setattr(_Package, _name, _lazy(_name))
sys.modules[__name__].__class__ = _Package
del _name
