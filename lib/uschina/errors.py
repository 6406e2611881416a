"""Errors that name the thing that is wrong and what was expected."""


class UschinaError(Exception):
    """Base class of the package's own errors."""


class ParameterError(UschinaError, ValueError):
    """A notebook or function parameter has a value outside what is allowed."""


class UnknownKeyError(UschinaError, KeyError):
    """A data key that the catalog does not hold."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class MetadataError(UschinaError, ValueError):
    """A metadata sidecar is malformed or disagrees with its data file."""


class DataFileError(UschinaError, ValueError):
    """A data file breaks its schema: the message names the file, the line and the problem."""


class NotPublishedError(ParameterError):
    """``as_of`` lies before the first publication of a data set: nothing was public yet."""


class RenderError(UschinaError):
    """``uschina render`` cannot go on: the message names the file or folder and the cause."""
