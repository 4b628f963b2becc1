"""``catpack demo`` fills the household with three simulated cats."""

from __future__ import annotations

import json

import pytest

from catpack.cli.errors import main
from catpack.settings import Settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_populates_the_household(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "demo")
    assert code == 0, err
    for name in ("Miso", "Pepper", "Biscuit"):
        assert name in out
    assert "maintain" not in out and "refer " not in out  # the coach's words, not its ids
    assert "Trained:" in out
    code, out, _ = run(capsys, "today", "Biscuit", "--json")
    assert code == 0 and json.loads(out)["decision"] == "refer"
    code, out, _ = run(capsys, "today", "Miso", "--json")
    assert code == 0 and json.loads(out)["decision"] == "maintain"
    code, out, _ = run(capsys, "history", "Pepper", "--json")
    assert code == 0 and json.loads(out)["total"] > 10


def test_demo_twice_is_a_clear_conflict_then_fresh_replaces(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "demo")[0] == 0
    code, _, err = run(capsys, "demo")
    assert code == 4
    assert "--fresh" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert run(capsys, "demo", "--fresh")[0] == 0
    code, out, _ = run(capsys, "cat", "list", "--json")
    names = [c["name"] for c in json.loads(out)]
    assert code == 0 and sorted(names) == ["Biscuit", "Miso", "Pepper"]


def test_demo_never_touches_a_cat_of_your_own(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "cat", "add", "Pepper", "--weight", "4")[0] == 0
    for args in (("demo",), ("demo", "--fresh")):
        code, _, err = run(capsys, *args)
        assert code == 4 and "Pepper" in err and "Traceback" not in err
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert code == 0 and [c["name"] for c in json.loads(out)] == ["Pepper"]  # nothing half-added
    code, out, _ = run(capsys, "cat", "show", "Pepper", "--json")
    assert json.loads(out)["sessions"] == 0
