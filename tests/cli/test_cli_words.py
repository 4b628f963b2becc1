"""The CLI speaks to people: times on the household's clock and in words,
safety checks by name, ``--json`` on every command, ``log`` without a terminal.

The clock is frozen with time-machine so "tomorrow 00:00 (in 6 hours)" is exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
import typer

from catpack.cli.app import app
from catpack.cli.errors import main
from catpack.settings import Settings

STRESSED = [
    "--tail", "puffed", "--ears", "back", "--eyes", "dilated", "--body", "tense",
    "--vocal", "hissing", "--no-treats", "--reps", "5", "--calm", "1",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def frozen() -> Iterator[None]:
    # 2026-11-26 02:00 UTC: 03:00 in Berlin, 18:00 the day before in Los Angeles.
    with time_machine.travel("2026-11-26T02:00:00+00:00", tick=False):
        yield


@pytest.mark.parametrize(
    ("zone", "logged", "next_session", "history"),
    [
        (
            "Europe/Berlin",
            "logged Meister's session of yesterday 18:00 (9 hours ago)",
            "Next session: not before today 06:00 (in 3 hours)",
            "yesterday 18:00",
        ),
        (
            "America/Los_Angeles",
            "logged Meister's session of today 09:00 (9 hours ago)",
            "Next session: not before tomorrow 00:00 (in 6 hours)",
            "today 09:00",
        ),
    ],
)
def test_times_in_the_household_zone_and_in_words(
    cli_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    frozen: None,
    zone: str,
    logged: str,
    next_session: str,
    history: str,
) -> None:
    monkeypatch.setenv("CATPACK_TIMEZONE", zone)  # the household is created in this zone
    run(capsys, "cat", "add", "Meister", "--harness-trained")
    # A stressed session at 17:00 UTC: the coach says stop and rest at least
    # 12 hours and until the next day, on the household's calendar.
    out = run(
        capsys, "log", "Meister", "--stage", "introduce", "--level", "1", "--no-ask",
        "--at", "2026-11-25T17:00:00+00:00", *STRESSED,
    )  # fmt: skip
    assert out.strip() == f"{logged}: Introduce the backpack, level 1 of 4"
    out = run(capsys, "today", "Meister")
    assert next_session in out
    assert "2026-11" not in out and "+00:00" not in out  # no raw ISO times
    out = run(capsys, "history", "Meister")
    assert history in out and f"times in {zone}" in out
    assert "Introduce the backpack" in out
    out = run(capsys, "cat", "show", "Meister")
    assert f"· {history}  Introduce the backpack, level 1 of 4" in out
    # Scripts still get the contract's ISO time with its offset.
    plan = json.loads(run(capsys, "today", "Meister", "--json"))
    assert plan["decision"] == "stop"
    assert plan["next_session"]["not_before"].endswith(("+01:00", "-08:00"))


def test_safety_checks_and_warnings_in_words(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "cat", "add", "Meister", "--harness-trained")
    run(
        capsys, "log", "Meister", "--stage", "movement", "--level", "1", "--no-ask",
        "--at", "2026-11-20T18:00:00+01:00", "--reps", "5", "--calm", "5", "--tail", "upright",
        "--no-harness", "--tether", "collar",
    )  # fmt: skip
    out = run(capsys, "today", "Meister")
    assert "Harness on and snug" in out
    assert "Inner tether clipped to the harness, not the collar" in out
    for raw in ("harness_on", "tether_to_harness", "openings_closed", "harness_off"):
        assert raw not in out
    plan = json.loads(run(capsys, "today", "Meister", "--json"))
    assert "harness_on" in plan["next_session"]["checklist"]  # ids stay in the JSON
    # The tag names what blocks, as the pages do (not one line for every block).
    assert plan["decision"] == "blocked"
    assert "Not yet: tick the safety checks" in out
    hot = run(capsys, "today", "Meister", "--temp", "40", "--humidity", "60", "--sun", "full",
              "--location", "quiet_outdoors")  # fmt: skip
    assert "Not yet: too hot" in hot
    assert "fix the safety checks" not in out + hot


def test_log_without_a_terminal_takes_todays_plan(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--help`` says the stage and level default to today's plan: so they do,
    with no terminal to ask at (pytest's stdin is not one)."""
    run(capsys, "cat", "add", "Meister", "--harness-trained")
    plan = json.loads(run(capsys, "today", "Meister", "--json"))
    out = run(capsys, "log", "Meister", "--tail", "relaxed", "--reps", "5", "--calm", "5")
    assert out.startswith("logged Meister's session of today ")
    assert "Introduce the backpack, level 1 of 4" in out
    logged = json.loads(run(capsys, "history", "Meister", "--json"))["items"][0]["session"]
    assert (logged["stage"], logged["level"]) == (plan["stage"]["id"], plan["stage"]["level"])
    assert logged["observation"] == {"tail": "relaxed"}


def _commands(group: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_has_json() -> None:
    names = dict(_commands(typer.main.get_command(app)))
    assert {"log", "today", "serve", "where", "db upgrade", "cat add"} <= set(names)
    missing = [
        name
        for name, command in names.items()
        if not any("--json" in getattr(p, "opts", []) for p in command.params)
    ]
    assert missing == []


def test_json_output_of_writing_commands(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    added = json.loads(run(capsys, "cat", "add", "Meister", "--json"))
    assert added["name"] == "Meister" and isinstance(added["id"], int)
    logged = json.loads(
        run(
            capsys, "log", "Meister", "--json", "--at", "2026-11-20T18:00:00+01:00", "--tail", "low"
        )
    )
    assert logged["session"]["at"] == "2026-11-20T18:00:00+01:00"
    paused = json.loads(run(capsys, "pause", "Meister", "--reason", "holiday", "--json"))
    assert paused["reason"] == "holiday"
    assert json.loads(run(capsys, "resume", "Meister", "--json"))["reason"] == "holiday"
    assert json.loads(run(capsys, "undo", "Meister", "--json"))["id"] == logged["id"]
    assert json.loads(run(capsys, "db", "status", "--json"))["up_to_date"] is True
    assert json.loads(run(capsys, "cat", "delete", "Meister", "--yes", "--json"))["name"] == (
        "Meister"
    )


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        ("2026-11-26T03:00:30+01:00", "today 03:00 (now)"),
        ("2026-11-26T06:05:00+01:00", "today 06:05 (in 3 hours)"),
        ("2026-11-27T07:05:00+01:00", "tomorrow 07:05 (in a day)"),
        ("2026-11-25T18:00:00+01:00", "yesterday 18:00 (9 hours ago)"),
        ("2026-11-29T09:00:00+01:00", "Sunday 09:00 (in 3 days)"),
        ("2026-12-03T09:00:00+01:00", "3 Dec 09:00 (in 7 days)"),
        ("2027-01-02T09:00:00+01:00", "2 Jan 2027 09:00 (in a month)"),
        ("2026-11-26T02:00:00+00:00", "today 03:00 (now)"),  # another offset, same clock
    ],
)
def test_in_words_on_the_household_clock(moment: str, words: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from catpack.cli.when import in_words

    now = datetime(2026, 11, 26, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert in_words(moment, now) == words


def test_a_time_typed_without_a_zone_is_on_the_household_clock(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CATPACK_TIMEZONE", "America/Los_Angeles")
    run(capsys, "cat", "add", "Meister")
    run(capsys, "log", "Meister", "--no-ask", "--at", "2026-07-01T09:00:00", "--tail", "low")
    logged = json.loads(run(capsys, "history", "Meister", "--json"))["items"][0]["session"]
    assert logged["at"] == "2026-07-01T09:00:00-07:00"  # summer time in Los Angeles
