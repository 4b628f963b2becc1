"""What a new user met following the README to reach catpack from a phone
(the walk of 2026-11-30): ``serve`` on every address in accounts mode
answered the phone "Invalid host header" and nothing said why."""

from __future__ import annotations

import pytest

from catpack.settings import load_settings


def test_serve_says_a_phone_needs_the_allowed_hosts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from catpack.cli.serve import _hint_allowed_hosts

    monkeypatch.delenv("CATPACK_ALLOWED_HOSTS", raising=False)
    everywhere = load_settings(auth="accounts", host="0.0.0.0")
    _hint_allowed_hosts(everywhere)
    said = capsys.readouterr().err
    assert "CATPACK_ALLOWED_HOSTS" in said and "0.0.0.0" in said
    assert said.startswith("catpack: note: ") and said.count("\n") == 1
    # Named hosts, or listening on this machine only: nothing to say.
    _hint_allowed_hosts(everywhere.model_copy(update={"allowed_hosts": ["192.168.1.20"]}))
    _hint_allowed_hosts(load_settings(auth="accounts", host="127.0.0.1"))
    assert capsys.readouterr().err == ""
