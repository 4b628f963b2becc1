"""Small owner-facing words a new user met walking through the web app on a
phone (2026-11-30, second walk): each page as its HTTP answer."""

from __future__ import annotations

from markupsafe import escape

from catpack import words
from catpack.settings import Settings
from tests.page_helpers import FormClient
from tests.web.pages.test_login_pages import PASSWORD, accounts_app


def test_a_dead_invite_link_has_nothing_to_fix(db_settings: Settings) -> None:
    """Finding: a used or expired invite link's page said "Please fix this:"
    above "This invite link was used already ...", though there is nothing
    the visitor can fix there. The line stands alone, then the way on."""
    with FormClient(accounts_app(db_settings)) as visitor:
        opened = visitor.get("/join/not-a-known-link")
        sent = visitor.post(
            "/join/not-a-known-link",
            data={"name": "Bob", "email": "bob@example.org", "password": PASSWORD},
        )
    for page in (opened, sent):
        assert page.status_code == 404
        assert "Please fix" not in page.text and 'id="form-errors"' not in page.text
        dead = page.text.index(f'<p id="dead-link" role="alert">{escape(words.JOIN_DEAD_LINK)}</p>')
        assert dead < page.text.index(f'<p id="ask-again">{escape(words.JOIN_ASK_AGAIN)}</p>')
        assert 'name="password"' not in page.text
