"""Every quantitative claim of the source texts, registered in seeds/ and checked against data."""

from .check import (
    CONSISTENT,
    INCONSISTENT,
    NOT_CHECKABLE,
    NOT_COMPARABLE,
    NOT_PUBLISHED,
    VERDICTS,
    check,
)
from .registry import registries
from .views import side_by_side

__all__ = ["check", "registries", "side_by_side", "CONSISTENT", "INCONSISTENT", "NOT_CHECKABLE",
           "NOT_COMPARABLE", "NOT_PUBLISHED", "VERDICTS"]
