"""Schemathesis with every check against the app's own OpenAPI document.

Run by ``tests/web/test_schemathesis.py`` in a Python process of its own:
Hypothesis and schemathesis seed some draws from what the process has loaded
(constants found in imported modules), so the same run in a process shared
with the other tests drew different cases depending on which tests ran first.

Each operation gets a few generated requests in both modes: *positive* (data
the schema allows: the API must accept it) and *negative* (data the schema
forbids: the API must refuse it). Every check runs: no server error, status
codes, content types, headers and bodies as documented, valid data accepted,
invalid data rejected. Runs in-process on a fresh SQLite database, bounded
(a few examples per operation and mode, derandomized), so ``make test`` stays
fast.

Some rules of the API cannot be written in JSON Schema, and the schema says
them in words: a session's level is at most its stage's levels, its calm
repetitions at most its repetitions, a pause ends after it starts (its start
is now when not given), an import's sessions differ in time, a session or
a pack reading is not dated after now (the request's ``now``, else the
server's clock), and a push subscription's endpoint is on a push service the
server accepts (a setting). A body generated as valid is repaired for those rules before
it is sent (:func:`keep_the_rules`); one generated as invalid goes as it is.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

import catpack
from catpack.domain.validation import unseen_calm_problems
from catpack.settings import Settings
from catpack.web.app import create_app

HEADERS: dict[str, str] = {}
LEVELS = {s["id"]: int(s["levels"]) for s in catpack.protocol()["stages"]}
#: Generated requests per operation and mode (two modes), in every run.
EXAMPLES = 3
#: The same cases in every run (a fixed seed; see the module docstring).
SEED = 2026
#: Operations run after all others, in this order (see the test).
LAST = (
    "DELETE /api/v1/cats/{cat_id}",
    "DELETE /api/v1/tokens/{token_id}",
    "DELETE /api/v1/tokens/current",
    "DELETE /api/v1/tokens",
)


@pytest.fixture(scope="module")
def api_schema(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("schemathesis")
    shutil.copy(sqlite_template, folder / "catpack.db")
    app = create_app(
        Settings(
            database_url=f"sqlite:///{folder / 'catpack.db'}",
            allowed_hosts=["testserver", "localhost"],
            argon2_memory_kib=1024,  # cheap hashing for the generated sign-ups and log-ins
        )
    )
    with TestClient(app) as client:
        token = client.post(
            "/api/v1/users", json={"email": "s@example.org", "name": "S", "password": "pw-123456"}
        ).json()["token"]
        HEADERS["Authorization"] = f"Bearer {token}"
        cat = client.post("/api/v1/cats", json={"cat": {"name": "Meister"}}, headers=HEADERS)
        assert cat.status_code == 201
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _instant(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _number(value: object) -> bool:  # JSON's integers include 7.0
    return isinstance(value, int | float) and not isinstance(value, bool)


#: Instants as written run from 2000 to 2099 in any offset: as absolute times,
#: from a day before the first to a day after the last.
EARLIEST = datetime(2000, 1, 2, tzinfo=UTC)
LATEST = datetime(2100, 1, 2, tzinfo=UTC)


def _not_after(at: datetime, now: datetime) -> str:
    """An instant moved into [EARLIEST, now], keeping the order of instants
    (``now`` itself when it is earlier still)."""
    if now <= EARLIEST:
        return now.isoformat()
    share = (now - EARLIEST) / (LATEST - EARLIEST)
    return (EARLIEST + (at - EARLIEST) * share).isoformat()


def _unseen(session: dict[str, Any]) -> bool:
    """Calm tries on a session with nothing about the cat recorded (refused
    when logged; a body the domain cannot read is left to the other checks)."""
    try:
        return bool(unseen_calm_problems(session, "session"))  # type: ignore[arg-type]
    except Exception:
        return False


def keep_the_rules(value: Any, now: datetime | None = None) -> Any:
    """Repair the rules JSON Schema cannot state, anywhere in a body (``now``:
    the body's own, else the clock)."""
    given = _instant(value.get("now")) if isinstance(value, dict) else None
    if given is not None and given.tzinfo is not None:
        now = given
    now = now or datetime.now(UTC)
    if isinstance(value, list):
        items = [keep_the_rules(v, now) for v in value]
        if items and all(isinstance(i, dict) and "observation" in i for i in items):
            seen: set[object] = set()  # sessions of one cat differ in time
            items = [i for i in items if not (i.get("at") in seen or seen.add(i.get("at")))]
        return items
    if not isinstance(value, dict):
        return value
    out = {k: keep_the_rules(v, now) for k, v in value.items()}
    endpoint = out.get("endpoint")
    if "keys" in out and isinstance(endpoint, str) and "://" in endpoint:
        # A push subscription: on a push service the server accepts (https).
        path = endpoint.split("://", 1)[1].partition("/")[2]
        out["endpoint"] = f"https://fcm.googleapis.com/{path}"
    at = _instant(out.get("at"))
    dated = "observation" in out or "temp_c" in out  # a session, a pack reading
    if dated and at is not None and at.tzinfo is not None and at > now:
        out["at"] = _not_after(at, now)
    stage, level = out.get("stage"), out.get("level")
    # Only a session's stage is a stage name (a generated body may hold a
    # "stage" of another type elsewhere: a list is no key of LEVELS).
    if isinstance(stage, str) and stage in LEVELS and _number(level) and level > LEVELS[stage]:
        out["level"] = LEVELS[str(stage)]
    reps, calm = out.get("reps"), out.get("calm_reps")
    if _number(reps) and _number(calm) and calm > reps:
        out["calm_reps"] = reps
    if "observation" in out and _number(out.get("calm_reps")) and _unseen(out):
        out["calm_reps"] = 0  # calm tries need something seen (a logged session)
    start, end = _instant(out.get("from")), _instant(out.get("to"))
    if end and "from" not in out:  # a pause's start defaults to now: start it at its end
        out["from"], start = out.pop("to"), None
    if start and end:  # a pause ends after it starts
        if end < start:
            out["from"], out["to"], start, end = out["to"], out["from"], end, start
        if end == start:
            earlier = start - timedelta(seconds=1)
            if earlier.year >= 2000:
                out["from"] = earlier.isoformat()
            else:
                out["to"] = (end + timedelta(seconds=1)).isoformat()
    return out


def test_api_follows_its_openapi_with_every_check(api_schema: Any) -> None:
    random.seed(2026)  # the same cases whatever ran before (schemathesis draws from it too)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30
    # Deleting the cat and logging out (revoking the token every request
    # carries, or all of them) go last: every other operation meets the cat
    # and an account.
    operations.sort(key=lambda op: LAST.index(op.label) + 1 if op.label in LAST else 0)
    failed: dict[str, str] = {}
    called: set[str] = set()
    # Each operation and mode on its own (one draw from all of them at once
    # left operations out): every one of them is exercised in every run.
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _check(op, mode, called)
            except Unsatisfiable:
                # No invalid request exists for an operation without
                # parameters or body (GET /health): nothing to send.
                if mode is GenerationMode.POSITIVE or op.body or _has_parameters(op):
                    raise
            except Exception as error:  # every failing operation is reported
                failed[f"{op.label} ({mode.value})"] = str(error)[:3000]
    assert not failed, "\n\n".join(f"{k}: {v}" for k, v in failed.items())
    # Every operation was exercised (the pack thermometer's routes included).
    assert called == {op.label for op in operations}, {op.label for op in operations} - called


def _has_parameters(op: Any) -> bool:
    return any(True for _ in op.iter_parameters())


def _check(op: Any, mode: GenerationMode, called: set[str]) -> None:
    strategy = op.as_strategy(generation_mode=mode)

    @seed(SEED)
    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(strategy)
        # Values schemathesis overlays from its pools (constants seen in the
        # loaded code, "semantic" samples) are not drawn from the schema and
        # may break its bounds; whether they come depends on what ran before.
        meta = case.meta
        assume(meta is None or not (meta.constants_draws or meta.semantic_draws))
        if case.meta is None or not case.meta.is_negative_at(ParameterLocation.BODY):
            case.body = keep_the_rules(case.body)
        called.add(case.operation.label)
        case.call_and_validate(headers=HEADERS)

    run()
