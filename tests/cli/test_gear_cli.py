"""``catpack pack|measure|fit|trips|habit|reminders|remind`` end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from catpack.cli.errors import main
from catpack.services import push, reminders, sessions, users
from catpack.settings import Settings
from catpack.store.db import Database
from tests.factories import CALM, SAFE_CHECKS, graduation
from tests.fake_push import FakePushService


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_pack_named_by_a_digit_that_is_not_ascii_is_not_found(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "pack", "add", "Bubble")[0] == 0
    code, _, err = run(capsys, "pack", "show", "\u00b2")  # isdigit(), but not for int()
    assert (code, err.strip()) == (3, "catpack: no backpack named '\u00b2'")


def test_pack_measure_fit(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "cat", "add", "Mochi", "--weight", "9", "--weight-unit", "lb")[0] == 0
    code, out, _ = run(
        capsys,
        "pack",
        "add",
        "Bubble",
        "--length",
        "13",
        "--width",
        "10",
        "--height",
        "16.5",
        "--unit",
        "in",
        "--max-cat",
        "8",
        "--weight-unit",
        "lb",
        "--openings",
        "front,top",
        "--mesh-sides",
        "0",
        "--bubble",
        "--no-tether",
        "--zip-clips",
    )
    assert code == 0 and "added backpack Bubble" in out
    code, out, _ = run(capsys, "pack", "show", "Bubble")
    assert "33 cm x 25.4 cm" not in out and "13 in x 10 in x 16.5 in" in out
    assert "rated for: 8 kg" not in out
    code, _, err = run(capsys, "fit", "Mochi")
    assert code == 3 and "has no backpack" in err
    assert run(capsys, "pack", "use", "Mochi", "Bubble")[0] == 0
    assert (
        run(capsys, "measure", "Mochi", "--length", "17", "--height", "11", "--unit", "in")[0] == 0
    )
    code, out, _ = run(capsys, "fit", "Mochi")
    assert code == 0
    assert "too small" in out and "Inside length 13 in" in out  # 1.5 x 17 in = 25.5 in
    assert out.count("weighs 9 lb, over the 8 lb") == 1
    assert "no inner tether" in out and "bubble window" in out
    code, _, err = run(capsys, "pack", "add", "X", "--unit", "ft")
    assert code == 2 and "--unit" in err
    code, _, err = run(capsys, "pack", "edit", "Bubble", "--tether-low")
    assert code == 2 and "tether_low" in err  # no tether to sit low


def _setup(db_settings: Settings) -> Database:
    db = Database.from_settings(db_settings)
    actor = users.local_actor(db, db_settings.cli_user)
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin", "remind_at": "18:00"})
    from catpack.services import cats

    cat = cats.add_cat(db, actor, {"name": "Pepper", "harness_trained": True})
    sessions.log_session(
        db,
        actor,
        cat.id,
        {
            "at": "2026-11-24T18:00:00+01:00",
            "stage": "door-closed",
            "level": 2,
            "reps": 5,
            "calm_reps": 5,
            "observation": CALM,
            "checks": SAFE_CHECKS,
        },
    )
    return db


def test_remind_run_twice_sends_once(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CATPACK_PUSH_ALLOW_LOOPBACK", "true")
    db = _setup(cli_env)
    actor = users.local_actor(db, cli_env.cli_user)
    settings = cli_env.model_copy(update={"push_allow_loopback": True})
    with FakePushService() as service:
        push.subscribe(db, actor, service.subscriber("ok").subscription(), settings)
        db.dispose()
        code, out, _ = run(capsys, "remind", "--now", "2026-11-25T17:00:00+01:00")
        assert (code, out.strip()) == (0, "nothing due")
        code, out, _ = run(capsys, "remind", "--now", "2026-11-25T18:05:00+01:00", "--dry-run")
        assert out.strip() == "would send: Pepper: time for today's session"
        assert service.received == []
        code, out, _ = run(capsys, "remind", "--now", "2026-11-25T18:05:00+01:00")
        assert (code, out.strip()) == (0, "sent to 1 device: Pepper: time for today's session")
        code, out, _ = run(capsys, "remind", "--now", "2026-11-25T18:20:00+01:00")
        assert (code, out.strip()) == (0, "nothing due")
        assert [p["title"] for p in service.delivered()] == ["Pepper: time for today's session"]
        assert service.errors == []


def test_reminder_settings_feed_and_habit(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(cli_env).dispose()
    code, out, _ = run(capsys, "reminders", "set", "--at", "07:30", "--quiet", "22:00-07:00")
    assert code == 0 and "07:30" in out and "22:00 to 07:00" in out
    code, _, err = run(capsys, "reminders", "set", "--quiet", "late")
    assert code == 2 and "--quiet" in err
    code, out, _ = run(capsys, "reminders", "feed")
    assert code == 0 and "/api/v1/calendar/" in out and out.split()[0].endswith(".ics")
    code, out, _ = run(capsys, "habit", "Pepper")
    assert code == 0 and "starts once training is complete" in out
    code, _, err = run(capsys, "habit", "Pepper", "--per-week", "0")
    assert code == 2 and "per_week" in err


def test_trips_add_list_outcome(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    db = Database.from_settings(cli_env)
    actor = users.local_actor(db, cli_env.cli_user)
    from catpack.services import cats

    cat = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True})
    sessions.log_session(db, actor, cat.id, graduation(datetime(2026, 11, 20, 12, tzinfo=UTC)))
    db.dispose()
    code, out, _ = run(capsys, "trips", "add", "Tom", "--kind", "walk", "--hours", "0.5")
    assert code == 0 and "saved trip" in out
    trip_id = out.split()[2]
    code, _, err = run(capsys, "trips", "outcome", "Tom", trip_id)
    assert code == 2 and "say how the cat looked" in err
    code, out, _ = run(
        capsys,
        "trips",
        "outcome",
        "Tom",
        trip_id,
        "--tail",
        "upright",
        "--ears",
        "forward",
        "--treats",
    )
    assert code == 0 and "Keep it going, level 1 of 1" in out
    code, out, _ = run(capsys, "trips", "list", "Tom")
    assert "logged" in out
    code, _, err = run(capsys, "trips", "outcome", "Tom", trip_id, "--tail", "upright")
    assert code == 4 and "logged already" in err
