"""Refresh curated series from their official sources, keeping every fetch as a vintage.

See :mod:`uschina.update.core` for the steps and :mod:`uschina.update.vintages` for the layout
of ``data/vintages/``.
"""

from .core import Endpoints, Session, commit, describe, listing, plan, prepare
from .errors import FetchError, FormatError, UpdateError

__all__ = ["Endpoints", "FetchError", "FormatError", "Session", "UpdateError", "commit",
           "describe", "listing", "plan", "prepare"]
