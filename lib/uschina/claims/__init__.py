"""Every quantitative claim of the source texts, registered in seeds/ and checked against data."""

from .check import CONSISTENT, INCONSISTENT, NOT_CHECKABLE, NOT_PUBLISHED, check
from .registry import registries

__all__ = ["check", "registries", "CONSISTENT", "INCONSISTENT", "NOT_CHECKABLE", "NOT_PUBLISHED"]
