"""The connection pool keeps the connections it opens: a steady load of as many
requests at once as the pool holds opens no new connection (on PostgreSQL each
one is a new server process), and it never opens more than ``pool_size``."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event, text

from catpack.store.db import Database


def _burst(db: Database, at_once: int) -> None:
    """``at_once`` threads, each holding a connection until all hold one."""
    all_in = threading.Barrier(at_once, timeout=30)
    failed: list[BaseException] = []

    def use() -> None:
        try:
            with db.read_conn() as conn:
                conn.execute(text("SELECT 1"))
                all_in.wait()
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=use) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed, failed


def test_a_full_pool_keeps_its_connections(db: Database) -> None:
    opened: list[Any] = []
    event.listen(db.root_engine, "connect", lambda *_: opened.append(1))
    size = db.root_engine.pool.size()  # type: ignore[attr-defined]
    assert size >= 16  # bench/api.py's 16 clients at once, on one server process
    for _ in range(3):
        _burst(db, size)
    # The first burst opened them; the next two found them all kept.
    assert len(opened) == size, len(opened)


def test_the_pool_opens_no_more_than_its_size(db: Database) -> None:
    size = 4
    small = Database(db.url, schema=db.schema, pool_size=size)
    try:
        opened: list[Any] = []
        event.listen(small.root_engine, "connect", lambda *_: opened.append(1))
        held = [small.root_engine.connect() for _ in range(size)]
        try:
            assert small.root_engine.pool.checkedout() == size  # type: ignore[attr-defined]
            waited = threading.Event()

            def one_more() -> None:
                with small.read_conn() as conn:
                    conn.execute(text("SELECT 1"))
                waited.set()

            late = threading.Thread(target=one_more)
            late.start()
            assert not waited.wait(0.5)  # it waits for a connection rather than opening one
        finally:
            for conn in held:
                conn.close()
        late.join(30)
        assert waited.is_set() and len(opened) == size
    finally:
        small.dispose()
