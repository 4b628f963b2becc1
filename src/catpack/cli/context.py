"""What CLI commands share: settings → migrated database → the acting account."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.services import cats, users
from catpack.services.setup import Database, open_database
from catpack.services.views import Actor, CatView
from catpack.settings import Settings, load_settings


@dataclass(frozen=True)
class Ctx:
    settings: Settings
    db: Database
    actor: Actor

    def cat(self, ref: str) -> CatView:
        """A cat by name, or by id when no cat has that name."""
        try:
            return cats.find_cat(self.db, self.actor, ref)
        except NotFoundError:
            if ref.isascii() and ref.isdigit() and int(ref) < 2**31:
                return cats.get_cat(self.db, self.actor, int(ref))
            raise

    def now(self) -> datetime:
        """The time now in the household's zone: the CLI shows every time on this clock."""
        return datetime.now(users.household_zone(self.db, self.actor, self.settings.timezone))

    def on_clock(self, value: datetime | None) -> datetime | None:
        """A time typed without a zone is on the household's clock; with one, as given."""
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=self.now().tzinfo)

    def when(self, text: str | None, option: str) -> datetime | None:
        """A date and time typed on the command line (ISO 8601, a zone optional:
        without one it is on the household's clock), or CoachInputError naming
        the option. The services check the years (2000 to 2099)."""
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            raise CoachInputError(
                option, f"{text!r} is not a date and time like 2026-11-26T09:30 or 2026-11-26"
            ) from None
        return self.on_clock(value)


@contextmanager
def open_ctx() -> Iterator[Ctx]:
    """Settings from the environment, the database (refused if unmigrated), the CLI user."""
    settings = load_settings()
    db = open_database(settings)
    try:
        yield Ctx(settings, db, users.local_actor(db, settings.cli_user, settings.timezone))
    finally:
        db.dispose()
