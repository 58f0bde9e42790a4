"""Domain exceptions and the record of an input that could not be used."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reject:
    """One input that was not stored: where it is and why, in words a person understands."""

    file: str
    line: int | None
    reason: str

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class WirescopeError(Exception):
    """Base class of the errors Wirescope raises on purpose."""


class StoreMissing(WirescopeError):
    """The store folder does not exist or holds no articles."""


class StoreVersionError(WirescopeError):
    """The store was written by an incompatible version of Wirescope."""


class NothingStored(WirescopeError):
    """A pipeline run ended without a single article in the store."""
