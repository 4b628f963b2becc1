"""Schemathesis with every check against the app's own OpenAPI document.

Each operation gets a few generated requests in both modes: *positive* (data
the schema allows: the API must accept it) and *negative* (data the schema
forbids: the API must refuse it). Every check runs: no server error, status
codes, content types, headers and bodies as documented, valid data accepted,
invalid data rejected. Runs in-process on a fresh SQLite database, bounded
(a few examples per operation and mode, derandomized), so ``make test`` stays
fast.

Three rules of the API cannot be written in JSON Schema, and the schema says
them in words: a session's level is at most its stage's levels, its calm
repetitions at most its repetitions, a pause ends after it starts (its start
is now when not given), and an import's sessions differ in time. A body generated as valid is
repaired for those rules before it is sent (:func:`keep_the_rules`); one
generated as invalid goes as it is.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

import catpack
from catpack.settings import Settings
from catpack.web.app import create_app

HEADERS: dict[str, str] = {}
LEVELS = {s["id"]: int(s["levels"]) for s in catpack.protocol()["stages"]}
#: Generated requests per operation and mode (two modes), in every run.
EXAMPLES = 3


@pytest.fixture(scope="module")
def api_schema(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("schemathesis")
    shutil.copy(sqlite_template, folder / "catpack.db")
    app = create_app(
        Settings(
            database_url=f"sqlite:///{folder / 'catpack.db'}",
            allowed_hosts=["testserver", "localhost"],
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


def keep_the_rules(value: Any) -> Any:
    """Repair the rules JSON Schema cannot state, anywhere in a body."""
    if isinstance(value, list):
        items = [keep_the_rules(v) for v in value]
        if items and all(isinstance(i, dict) and "observation" in i for i in items):
            seen: set[object] = set()  # sessions of one cat differ in time
            items = [i for i in items if not (i.get("at") in seen or seen.add(i.get("at")))]
        return items
    if not isinstance(value, dict):
        return value
    out = {k: keep_the_rules(v) for k, v in value.items()}
    stage, level = out.get("stage"), out.get("level")
    if stage in LEVELS and _number(level) and level > LEVELS[str(stage)]:
        out["level"] = LEVELS[str(stage)]
    reps, calm = out.get("reps"), out.get("calm_reps")
    if _number(reps) and _number(calm) and calm > reps:
        out["calm_reps"] = reps
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
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    strategies = [op.as_strategy(generation_mode=mode) for op in operations for mode in modes]

    @given(data=st.data())
    @settings(
        max_examples=len(strategies) * EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(st.one_of(strategies))
        if case.meta is None or not case.meta.is_negative_at(ParameterLocation.BODY):
            case.body = keep_the_rules(case.body)
        case.call_and_validate(headers=HEADERS)  # explicit auth: probes try without it

    run()
