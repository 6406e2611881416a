"""Errors of `uschina update`: a source that cannot be reached, or a response we cannot read."""

from __future__ import annotations

from ..errors import UschinaError


class UpdateError(UschinaError):
    """Base class of update errors."""


class FetchError(UpdateError):
    """The source could not be reached or answered with an HTTP error."""


class FormatError(UpdateError):
    """The source answered, but not in the format expected of it."""
