"""GET /today's query read as one model (catpack.web.api.query.QueryModel)
instead of FastAPI's field-by-field query model: the same answers, the same
422 bodies (checked against those FastAPI's own reading gave), and the same
OpenAPI parameters as FastAPI writes for the model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient

from catpack.settings import Settings
from catpack.web.api.plans import TodayQuery
from catpack.web.api.query import QueryModel
from catpack.web.app import create_app
from tests.web.test_accounts import API, fast, sign_up


@pytest.fixture
def api(db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(fast(db_settings))) as c:
        yield c


def _cat(api: TestClient, owner: dict[str, str]) -> int:
    made = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


#: Each query's 422 errors as FastAPI's own query model gave them (recorded
#: from the code before QueryModel): the query, the cat (None: the real one),
#: and the errors' fields and messages, in order.
BAD: list[tuple[str, int | None, list[tuple[str, str]]]] = [
    ("temp_c=999", None, [("temp_c", "Input should be less than or equal to 60 (got '999')")]),
    (
        "temp_c=abc",
        None,
        [
            (
                "temp_c",
                "Input should be a valid number, unable to parse string as a number (got 'abc')",
            )
        ],
    ),
    (
        "location=moon&sun=dark",
        None,
        [
            (
                "location",
                "'moon' is not one of 'home', 'doorway', 'car', 'quiet_outdoors'"
                " or 'busy_outdoors'",
            ),
            ("sun", "'dark' is not one of 'indoor', 'shade', 'partial' or 'full'"),
        ],
    ),
    (
        "now=yesterday&minutes=-1",
        None,
        [
            ("minutes", "Input should be greater than or equal to 0 (got '-1')"),
            (
                "now",
                "'yesterday' is not a date and time with its offset,"
                " like 2026-11-26T09:30:00+01:00",
            ),
        ],
    ),
    (  # a bad path and a bad query: both, the path's first
        "temp_c=999",
        0,
        [
            ("cat_id", "Input should be greater than or equal to 1 (got '0')"),
            ("temp_c", "Input should be less than or equal to 60 (got '999')"),
        ],
    ),
]


def test_bad_queries_give_the_same_422_bodies(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    for query, cat_id, errors in BAD:
        r = api.get(f"{API}/cats/{cat if cat_id is None else cat_id}/today?{query}", headers=owner)
        assert r.status_code == 422, (query, r.text)
        assert r.json() == {
            "detail": "; ".join(f"{field}: {message}" for field, message in errors),
            "errors": [{"field": field, "message": message} for field, message in errors],
        }


def test_refusals_still_come_before_a_bad_query(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    revoked = sign_up(api, "bo@example.org")
    assert api.delete(f"{API}/tokens/current", headers=revoked).status_code == 204
    url = f"{API}/cats/{cat}/today?temp_c=999"
    assert api.get(url, headers=owner).status_code == 422
    for headers in (revoked, {"Authorization": "Bearer not-a-token"}, {}):
        assert api.get(url, headers=headers).status_code == 401
    # Another household's cat: not found, not a complaint about the query.
    other = sign_up(api, "cy@example.org")
    assert api.get(f"{API}/cats/{cat}/today?temp_c=20", headers=other).status_code == 404


def test_good_queries_are_read_and_other_names_ignored(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    query = "temp_c=31&humidity_pct=80&location=quiet_outdoors&sun=full&minutes=20&x=1"
    hot = api.get(f"{API}/cats/{cat}/today?{query}", headers=owner)
    plain = api.get(f"{API}/cats/{cat}/today?x=1", headers=owner)
    assert hot.status_code == plain.status_code == 200
    assert hot.json() != plain.json()  # the weather and place were read
    now = api.get(f"{API}/cats/{cat}/today?now=2026-11-26T09:30:00%2B01:00", headers=owner)
    assert now.status_code == 200
    assert (
        now.json()
        == api.get(
            f"{API}/cats/{cat}/today", params={"now": "2026-11-26T09:30:00+01:00"}, headers=owner
        ).json()
    )


def test_the_openapi_parameters_are_fastapi_s_own() -> None:
    """The parameters QueryModel documents are those FastAPI writes for the
    same model read with Query(), in the same order."""
    plain = FastAPI()

    @plain.get("/today")
    def today(query: Annotated[TodayQuery, Query()]) -> None:
        del query

    expected = plain.openapi()["paths"]["/today"]["get"]["parameters"]
    assert QueryModel(TodayQuery).openapi_extra == {"parameters": expected}
    assert len(expected) == len(TodayQuery.model_fields)
