"""An import writes its sessions a chunk at a time: other writes go in between,
and a failure part-way takes the whole import back (both databases)."""

from __future__ import annotations

import threading

import pytest

from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.services import cats, sessions, transfer
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import cat, session


def _export(n: int) -> dict[str, object]:
    return {"version": 1, "cat": cat(name="Imported"), "sessions": [session(d) for d in range(n)]}


def test_other_writes_go_in_between_chunks(db: Database, actor: Actor) -> None:
    """100,000 sessions in one transaction kept other users' writes waiting 21 s.
    Here, after each chunk, another thread logs a session for another cat; it
    must get through while the import is still going (a guard, not a timing:
    had the import kept the write lock, that thread could not finish)."""
    busy = cats.add_cat(db, actor, cat(name="Busy")).id
    between: list[int] = []

    def other_write(written: int) -> None:
        worker = threading.Thread(
            target=lambda: sessions.log_session(db, actor, busy, session(written))
        )
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "another write waited for the whole import"
        between.append(written)

    cat_id = transfer.import_json(db, actor, _export(7), chunk=3, after_chunk=other_write)
    assert between == [3, 6, 7]
    assert sessions.history(db, actor, busy).total == 3
    assert sessions.history(db, actor, cat_id).total == 7
    assert transfer.export_json(db, actor, cat_id)["sessions"] == _export(7)["sessions"]


def test_a_failed_chunk_takes_the_import_back(db: Database, actor: Actor) -> None:
    def fail(written: int) -> None:
        if written == 4:
            raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        transfer.import_json(db, actor, _export(9), chunk=2, after_chunk=fail)
    with pytest.raises(NotFoundError):
        cats.find_cat(db, actor, "Imported")
    assert transfer.import_json(db, actor, _export(3), chunk=2) > 0  # the name is free again


def test_an_import_has_at_most_max_sessions(db: Database, actor: Actor) -> None:
    with pytest.raises(CoachInputError, match=r"^sessions: 5 sessions: at most 4 per import"):
        transfer.import_json(db, actor, _export(5), max_sessions=4)
    with pytest.raises(NotFoundError):
        cats.find_cat(db, actor, "Imported")
