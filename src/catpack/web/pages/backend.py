"""What the pages need from the rest of catpack, as one small interface.

The pages never touch the database: they call a :class:`PageBackend`, and
the app factory hands them one built on :mod:`catpack.services`. Keeping the
interface this narrow is what lets the page tests and the browser tests run
the real pages against the real services on a fresh SQLite file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from catpack.web.pages.units import UnitSystem


@dataclass(frozen=True)
class CatCard:
    """A cat as the pages show it: the id to link to plus the contract's cat object."""

    id: str
    name: str
    profile: dict[str, Any]
    backpack: dict[str, Any] = field(default_factory=dict)


class PageBackend(Protocol):
    def list_cats(self) -> list[CatCard]: ...

    def get_cat(self, cat_id: str) -> CatCard:
        """The cat, or :class:`~catpack.domain.errors.NotFoundError`."""
        ...

    def add_cat(self, profile: dict[str, Any], backpack: dict[str, Any]) -> CatCard:
        """Store a new cat (the contract's cat object); ConflictError on a taken name."""
        ...

    def sessions(self, cat_id: str) -> list[dict[str, Any]]:
        """The cat's live session log, as contract session objects, oldest first."""
        ...

    def log_session(
        self, cat_id: str, session: dict[str, Any], now: datetime | None = None
    ) -> None:
        """Store one contract session; CoachInputError if it is invalid or dated
        after ``now`` (the page clock)."""
        ...

    def undo_last(self, cat_id: str) -> None:
        """Remove the most recently logged session (kept in the audit trail); NotFoundError."""
        ...

    def decide(self, cat_id: str, now: datetime, planned: dict[str, Any] | None) -> dict[str, Any]:
        """The engine's decision for the cat's next session."""
        ...

    def plan_trip(self, cat_id: str, now: datetime, trip: dict[str, Any]) -> dict[str, Any]: ...

    def units(self) -> UnitSystem: ...

    def set_units(self, system: UnitSystem) -> None: ...
