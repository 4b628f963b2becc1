"""The pages read a browser's urlencoded form post themselves
(:func:`catpack.web.pages.deps.urlencoded_fields`) instead of through
python-multipart's streaming parser, whose callbacks cost about 150 Python
calls per logged session. What must not change with it: every body gives the
same fields as Starlette's ``Request.form()``, and the same 400 for too many
fields or a field too large."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.formparsers import FormParser, MultiPartException

from catpack.web.pages import csrf
from catpack.web.pages.deps import MAX_FIELD_BYTES, MAX_FIELDS, URLENCODED, urlencoded_fields
from tests.page_helpers import Pages


def starlettes(body: bytes, chunk: int = 0) -> list[tuple[str, str]]:
    """The fields as Starlette reads them (in chunks of ``chunk`` bytes, 0: one)."""

    async def stream() -> AsyncGenerator[bytes, None]:
        size = chunk or max(len(body), 1)
        for start in range(0, len(body), size):
            yield body[start : start + size]
        yield b""

    parser = FormParser(Headers({"content-type": URLENCODED}), stream())
    # In a thread of its own: a browser test's Playwright (same pytest process)
    # leaves an event loop running in this one, where asyncio.run() refuses.
    with ThreadPoolExecutor(1) as pool:
        form = pool.submit(asyncio.run, parser.parse()).result()
    return [(k, str(v)) for k, v in form.multi_items()]


PIECES = st.sampled_from(
    [b"a", b"b", b"=", b"&", b"&&", b"+", b"%", b"%2", b"%20", b"%26", b"%3D", b"%E2%82%AC",
     b"%ff", b"\xc3\xa9", b"\xff", b";", b" ", b"csrf_token", b"note", b"x.y", b"%zz", b"\x00"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map(b"".join), st.integers(0, 7))
def test_the_fields_are_starlettes(body: bytes, chunk: int) -> None:
    assert urlencoded_fields(body) == starlettes(body, chunk)


@pytest.mark.parametrize(
    "body",
    [b"", b"&", b"a", b"a=", b"=b", b"=", b"a=1&a=2", b"a=b=c", b"&&a=1&&b&", b"n=%E2%82%AC+x%2"],
)
def test_edge_bodies(body: bytes) -> None:
    assert urlencoded_fields(body) == starlettes(body)


def test_the_same_limits() -> None:
    many = b"&".join(b"f=1" for _ in range(MAX_FIELDS))
    assert len(urlencoded_fields(many)) == len(starlettes(many)) == MAX_FIELDS
    large = b"a=" + b"x" * (MAX_FIELD_BYTES - 1) + b"&b=" + b"y" * MAX_FIELD_BYTES
    for body in (many + b"&g", large):
        with pytest.raises(MultiPartException) as theirs:
            starlettes(body)
        with pytest.raises(HTTPException) as ours:
            urlencoded_fields(body)
        assert (ours.value.status_code, ours.value.detail) == (400, theirs.value.message)
    edge = b"a=" + b"x" * (MAX_FIELD_BYTES - 1)
    assert urlencoded_fields(edge) == starlettes(edge)


def test_a_form_with_too_many_fields_is_refused_before_any_work(pages: Pages) -> None:
    """The 400 comes from the guards' own read of the form, as before."""
    cat_id = pages.add_cat()
    token = pages.client.cookies.get(csrf.COOKIE)
    body = "&".join(["csrf_token=" + token, *("f=1" for _ in range(MAX_FIELDS))])
    answer = pages.client.post(
        f"/cats/{cat_id}/sessions",
        content=body.encode(),
        headers={"content-type": URLENCODED, "accept": "text/html"},
    )
    assert answer.status_code == 400
