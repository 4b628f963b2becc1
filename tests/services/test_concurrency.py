"""Many threads logging and reading at once: no lost write, no "database is
locked", every plan consistent (the SQLite write queue, PostgreSQL row locks)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from catpack.services import cats, plans, sessions
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import START, cat, session

THREADS = 8
EACH = 15


def test_concurrent_logs_and_plans(db: Database, actor: Actor) -> None:
    ids = [cats.add_cat(db, actor, cat(name=f"c{i}")).id for i in range(2)]
    now = START + timedelta(days=400)

    def work(worker: int) -> list[str]:
        seen = []
        for i in range(EACH):
            cat_id = ids[i % 2]
            minute = worker * EACH + i
            at = (START + timedelta(minutes=minute)).isoformat()
            sessions.log_session(db, actor, cat_id, session(at=at))
            seen.append(plans.today_plan(db, actor, cat_id, now=now)["decision"])
        return seen

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    assert all(len(r) == EACH for r in results)
    counts = [sessions.history(db, actor, cat_id, limit=1).total for cat_id in ids]
    assert sum(counts) == THREADS * EACH
    # The cached logs of this process agree with a fresh read from the database.
    fresh = Database(db.url, schema=db.schema)
    try:
        for cat_id in ids:
            assert plans.today_plan(db, actor, cat_id, now=now) == plans.today_plan(
                fresh, actor, cat_id, now=now
            )
    finally:
        fresh.dispose()
