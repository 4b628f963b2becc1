"""The pages' Jinja2 environment compiles templates its own way where that
saves Python calls on every page (:class:`catpack.web.pages.templating.PageCodeGenerator`,
:func:`~catpack.web.pages.templating.html_text`). What must not change with
it: every page is the same HTML, byte for byte, as Jinja2's own environment
makes from the same templates, and every value is escaped the same."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.templating import Jinja2Templates
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, Undefined, select_autoescape
from markupsafe import Markup, escape
from starlette.responses import Response

from catpack.web.pages import csrf, templating
from catpack.web.pages.deps import CAT_COOKIE, remember_cat
from tests.page_helpers import Pages, app_routes
from tests.web.pages.test_pages import CALM, HISS, log


def stock_templates() -> Jinja2Templates:
    """The same templates, globals and filters in Jinja2's own Environment."""
    ours = templating.templates().env
    env = Environment(
        loader=ours.loader,
        autoescape=select_autoescape(),
        auto_reload=False,
        cache_size=-1,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(ours.globals)
    env.filters.update(ours.filters)
    return Jinja2Templates(env=env)


@pytest.fixture
def both(pages: Pages, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    stock = stock_templates()

    def same(url: str) -> str:
        ours = pages.client.get(url)
        with monkeypatch.context() as patch:
            patch.setattr(templating, "templates", lambda: stock)
            theirs = pages.client.get(url)
        assert ours.status_code == theirs.status_code
        assert ours.content == theirs.content, url
        return ours.text

    yield same


def test_the_pages_are_the_same_html(pages: Pages, both: Any) -> None:
    cat = pages.add_cat("Mia <b>&'\"", harness_trained="yes")
    other = pages.add_cat("Tom")
    urls = [
        f"/cats/{cat}/today",
        f"/cats/{cat}/today?temp=31&humidity=70&sun=full&check=harness_fit",
        f"/cats/{cat}/today?temp=abc&wind=-3",
        f"/cats/{cat}/log",
        f"/cats/{cat}/plan",
        f"/cats/{cat}/history",
        f"/cats/{other}/today",
    ]
    for url in urls:
        both(url)
    pages.clock.advance(minutes=5)
    assert log(pages, cat, CALM, note='calm <3 & "quiet"')[0] == 200
    html = both(f"/cats/{cat}/today?logged=1")
    assert "Session saved" in html
    both(f"/cats/{cat}/history")
    pages.clock.advance(minutes=30)
    status, html = log(pages, cat, HISS)
    assert status == 200 and 'id="stop-banner"' in html
    both(f"/cats/{cat}/today")
    both(f"/cats/{cat}/today?temp=40&humidity=80")
    pages.clock.advance(days=3)
    both(f"/cats/{cat}/today")
    both(f"/cats/{cat}/history")
    session = re.search(r"/cats/\d+/sessions/(\d+)/edit", both(f"/cats/{cat}/history"))
    assert session is not None
    both(f"/cats/{cat}/sessions/{session.group(1)}/edit")


def test_every_page_is_the_same_html(pages: Pages, both: Any) -> None:
    """Every page the app serves with a template (GET, no token in its path)."""
    cat = pages.add_cat("Mia & <Co>", harness_trained="yes")
    pages.clock.advance(minutes=5)
    assert log(pages, cat, CALM)[0] == 200
    seen = 0
    for route in app_routes(pages.app.routes):
        path = route.path
        if "GET" not in (route.methods or ()) or path.startswith(("/api", "/static")):
            continue
        if re.search(r"\{(?!cat_id\})", path):
            continue
        html = both(path.replace("{cat_id}", cat))
        seen += "<html" in html
    assert seen > 20


VALUES = st.one_of(
    st.text(),
    st.text().map(Markup),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.sampled_from([math.inf, -math.inf, 1e-05, -0.0, Markup("<b>safe</b>")]),
)


@given(VALUES)
def test_every_value_is_escaped_the_same(value: Any) -> None:
    assert templating.html_text(value) == str(escape(value))


KEYS = st.sampled_from(["stage", "items", "get", "keys", "__class__", "__len__", "x", "", "copy"])


@given(st.dictionaries(KEYS, st.integers()), KEYS)
def test_a_dict_is_looked_into_the_same(value: dict[str, int], key: str) -> None:
    """``d.key`` in a template: the dict's method where the type has one,
    else the item, else undefined (and undefined of the same name)."""
    ours = templating.templates().env
    theirs = Environment()
    found, expected = ours.getattr(value, key), theirs.getattr(value, key)
    assert type(found) is type(expected)
    if isinstance(expected, Undefined):
        assert (found._undefined_name, found._undefined_obj) == (key, value)
    else:
        assert found == expected


@pytest.mark.parametrize("cat_id", [1, 42, 10**12])
def test_the_cat_cookie_is_starlettes(cat_id: int) -> None:
    ours, theirs = Response(), Response()
    remember_cat(ours, cat_id)
    theirs.set_cookie(CAT_COOKIE, str(cat_id), samesite="lax", httponly=True)
    assert ours.raw_headers == theirs.raw_headers


def test_today_sets_the_cat_cookie_only_when_it_names_another_cat(pages: Pages) -> None:
    """The cookie says which cat "/" goes back to: Today sets it when the
    browser sent none or another cat, and not again on each visit of the
    same cat (a header every client parses for nothing)."""
    mia, tom = pages.add_cat("Mia"), pages.add_cat("Tom")
    client = pages.client
    client.cookies.delete(CAT_COOKIE)
    assert f"{CAT_COOKIE}={mia}" in client.get(f"/cats/{mia}/today").headers["set-cookie"]
    assert "set-cookie" not in client.get(f"/cats/{mia}/today").headers
    assert f"{CAT_COOKIE}={tom}" in client.get(f"/cats/{tom}/today").headers["set-cookie"]
    assert "set-cookie" not in client.get(f"/cats/{tom}/today").headers
    home = client.get("/", follow_redirects=False)
    assert home.headers["location"] == f"/cats/{tom}/today"


def test_the_csrf_signature_is_the_same() -> None:
    key, token = b"k" * 32, csrf.new_token(b"k" * 32, "bound")
    nonce, signature = token.split(".")
    assert signature == hmac.new(key, f"{nonce}|bound".encode(), hashlib.sha256).hexdigest()


MACROS = """{% macro m(x, y='<y>') %}<b>{{ x }}{{ y }}</b>{% endmacro %}
{% autoescape false %}{{ m('<a>') | e }} {{ m('<c>', y='&') }}{% endautoescape %}
{{ m('<d>') }} {{ word('decision', 'stop') }} {{ now.isoformat() }}"""


def test_macros_and_functions_are_called_the_same() -> None:
    """A macro returns its text escaped or not as the place that calls it
    says (Jinja2 hands it the caller's evaluation context)."""
    ours = templating.templates().env
    theirs = stock_templates().env
    context = {"now": datetime(2026, 11, 30, 9, 0, tzinfo=UTC)}
    expected = theirs.from_string(MACROS).render(context)
    assert ours.from_string(MACROS).render(context) == expected
    assert "&lt;b&gt;&amp;lt;a&amp;gt;" in expected
