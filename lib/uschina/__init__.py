"""uschina: curated, cited numeric series on US-China relations, and the charts built on them."""

# eager on purpose: `uschina.meta` must be the function, not the submodule of the same name
from .datasets import catalog, keys, load, meta
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
