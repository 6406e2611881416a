"""uschina: curated, cited numeric series on US-China relations, and the charts built on them."""

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


def __getattr__(name):  # PEP 562: pandas and pandera load on first use, not for `uschina --help`
    if name in ("catalog", "keys", "load", "meta"):
        from . import datasets

        return getattr(datasets, name)
    raise AttributeError(f"module 'uschina' has no attribute {name!r}")
