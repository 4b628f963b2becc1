"""The API's interactive docs in a real browser: Swagger UI from this app only,
under the app's Content-Security-Policy (the ``phone`` fixture fails on any
blocked script or style), and no page of the app can be framed."""

from __future__ import annotations

from typing import Any

from tests.browser.browser_helpers import LiveApp


def test_docs_render_from_vendored_files_only(live_app: LiveApp, phone: Any) -> None:
    requested: list[str] = []
    phone.on("request", lambda r: requested.append(r.url))
    phone.goto(live_app.url + "/docs")
    phone.get_by_text("POST/api/v1/coach", exact=False).first.wait_for()
    assert phone.locator(".opblock").count() > 25
    foreign = [u for u in requested if not u.startswith(live_app.url) and u.startswith("http")]
    assert foreign == []


def test_pages_refuse_to_be_framed(live_app: LiveApp, browser: Any) -> None:
    """Clickjacking: another page cannot put the log form in a frame."""
    context = browser.new_context()
    try:
        page = context.new_page()
        frame_url = live_app.url + "/cats/new"
        with page.expect_console_message(lambda m: "Framing" in m.text) as refused:
            page.set_content(f'<iframe id="f" src="{frame_url}"></iframe>')
        assert "frame-ancestors 'none'" in refused.value.text
        assert page.frame_locator("#f").locator("form").count() == 0
    finally:
        context.close()
