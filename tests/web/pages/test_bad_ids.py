"""Ids that are not ids, in the pages' paths, forms and queries: a plain refusal
(404, 422 or a redirect), never a server error.

``str.isdigit`` takes ``²`` and ``١`` (``int`` refuses the first), and a number
beyond the database's integers reached its driver (SQLite: OverflowError;
PostgreSQL: out of range): both were 500s. Generated from the route table, so
a new page route with an id in its path is covered too.
"""

from __future__ import annotations

import re

import pytest

from catpack.web.pages.forms import MAX_ID, row_id
from tests.page_helpers import Pages, app_routes

BAD = ["99999999999999999999", str(MAX_ID + 1), "\u00b2", "1\u00b2", "0", "-1", "1.0"]


def page_routes(pages: Pages) -> list[tuple[str, str]]:
    """(method, path) of every page route with a parameter besides the cat."""
    found = []
    for route in app_routes(pages.app.routes):
        if route.path.startswith("/api") or not route.endpoint.__module__.startswith(
            "catpack.web.pages"
        ):
            continue
        if set(re.findall(r"{(\w+)}", route.path)) - {"cat_id"}:
            found += [(method, route.path) for method in sorted(route.methods - {"HEAD"})]
    return found


@pytest.mark.parametrize("bad", BAD)
def test_bad_ids_in_paths_are_refused_plainly(pages: Pages, bad: str) -> None:
    cat = pages.add_cat()
    routes = page_routes(pages)
    assert ("GET", "/cats/{cat_id}/sessions/{session_id}/pack.png") in routes
    for method, path in routes:
        url = re.sub(r"{(?!cat_id)\w+}", bad, path.replace("{cat_id}", cat))
        data = {"confirm": "yes"}
        r = (
            pages.client.post(url, data=data, follow_redirects=False)
            if method == "POST"
            else pages.client.get(url, follow_redirects=False)
        )
        assert r.status_code < 500, (method, url, r.status_code)


@pytest.mark.parametrize("bad", BAD)
def test_bad_ids_in_forms_and_queries_are_refused_plainly(pages: Pages, bad: str) -> None:
    cat = pages.add_cat()
    client = pages.client
    posts = {
        f"/cats/{cat}/backpack/use": {"backpack_id": bad},
        f"/cats/{cat}/backpack": {"backpack_id": bad, "name": "Pack"},
        f"/cats/{cat}/routine": {"per_week": bad},
    }
    for url, data in posts.items():
        r = client.post(url, data=data, follow_redirects=False)
        assert r.status_code < 500, (url, bad, r.status_code)
    r = client.get(f"/cats/{cat}/history", params={"page": bad})
    assert r.status_code == 200


def test_row_id_takes_ascii_ids_in_the_database_range() -> None:
    assert row_id("1") == 1 and row_id(str(MAX_ID)) == MAX_ID
    assert [row_id(b) for b in BAD] == [None] * len(BAD)
    assert row_id(None) is None and row_id("\u0661") is None  # Arabic-Indic one
