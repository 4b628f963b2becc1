"""Two cats of one household, their sessions logged interleaved: each cat's
plan is the engine's decision over its own log alone (the kept folds are per
cat: a stop, a rest or a lapse of one never shows in the other's plan)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from catpack import decide
from catpack.services import cats, plans, sessions
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import START, cat, session

HISS: dict[str, Any] = {"tail": "puffed", "ears": "back", "vocal": "hissing"}


def test_interleaved_logs_of_two_cats_do_not_mix(db: Database, actor: Actor) -> None:
    mia = cats.add_cat(db, actor, cat(name="Mia")).id
    max_ = cats.add_cat(db, actor, cat(name="Max")).id
    logs: dict[int, list[dict[str, Any]]] = {mia: [], max_: []}
    steps = [
        (mia, session(0, stage="door-closed", level=1)),
        (
            max_,
            session(0, stage="door-closed", level=1, at=(START + timedelta(hours=1)).isoformat()),
        ),
        (mia, session(1, stage="door-closed", level=2)),
        (
            max_,
            session(
                1,
                stage="door-closed",
                level=2,
                observation=HISS,
                at=(START + timedelta(days=1, hours=1)).isoformat(),
            ),
        ),
        (
            mia,
            session(
                1, stage="door-closed", level=3, at=(START + timedelta(days=1, hours=2)).isoformat()
            ),
        ),
    ]
    now = START + timedelta(days=1, hours=3)
    for cat_id, s in steps:
        sessions.log_session(db, actor, cat_id, s)
        logs[cat_id].append(s)
        for who in (mia, max_):  # read both plans after every log (the kept folds)
            got = plans.today_plan(db, actor, who, now=now)
            name = "Mia" if who == mia else "Max"
            expected = decide(
                {
                    "version": 1,
                    "now": now.astimezone(UTC).isoformat(),
                    "cat": cat(name=name),
                    "sessions": logs[who],
                }
            )
            assert got == expected, (name, got["decision"], expected["decision"])
    assert plans.today_plan(db, actor, mia, now=now)["decision"] == "push"
    assert plans.today_plan(db, actor, max_, now=now)["decision"] == "stop"
