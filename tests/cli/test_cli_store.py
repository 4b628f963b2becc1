"""``catpack cat|log|today|history|undo|pause|export|import|db`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from catpack.cli.app import app
from catpack.cli.errors import main
from catpack.domain.errors import CoachInputError
from catpack.settings import Settings
from tests.store_factories import session as session_doc


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cat_log_today_history(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "cat",
        "add",
        "Meister",
        "--weight",
        "10",
        "--weight-unit",
        "lb",
        "--harness-trained",
        "--temp-unit",
        "F",
        "--motivation",
        "food",
    )
    assert code == 0 and "added Meister" in out
    code, out, _ = run(capsys, "cat", "show", "Meister", "--json")
    shown = json.loads(out)
    assert shown["cat"]["weight_kg"] == pytest.approx(4.536, abs=0.001)
    assert shown["temp_unit"] == "F"
    code, out, _ = run(
        capsys,
        "log",
        "Meister",
        "--stage",
        "introduce",
        "--level",
        "1",
        "--reps",
        "5",
        "--calm",
        "5",
        "--tail",
        "upright",
        "--temp",
        "68",
        "--at",
        "2026-11-20T18:00:00+01:00",
        "--note",
        "easy",
        "--no-ask",
    )
    assert code == 0, out
    code, out, _ = run(capsys, "history", "Meister", "--json")
    page = json.loads(out)
    assert page["total"] == 1
    logged = page["items"][0]
    assert logged["session"]["context"]["temp_c"] == 20.0 and logged["note"] == "easy"
    code, out, _ = run(capsys, "today", "Meister", "--json")
    assert code == 0 and json.loads(out)["decision"] == "push"
    code, out, _ = run(capsys, "undo", "Meister")
    assert code == 0 and "removed Meister's session of 20 Nov 18:00" in out
    code, out, _ = run(capsys, "history", "Meister", "--json")
    assert json.loads(out)["total"] == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("log", "Meister", "--stage", "door-closed", "--no-ask"),
            2,
            "catpack: --level: is required with --stage door-closed (today's plan is harness-leash",
        ),
        (
            (
                "log",
                "Meister",
                "--stage",
                "introduce",
                "--level",
                "1",
                "--ears",
                "sideway",
                "--no-ask",
            ),
            2,
            "catpack: --ears: 'sideway' is not one of",
        ),
        (
            (
                "log",
                "Meister",
                "--stage",
                "introduce",
                "--level",
                "1",
                "--at",
                "2099-01-01T10:00:00+01:00",
                "--no-ask",
            ),
            2,
            "catpack: --at: 2099-01-01T10:00:00+01:00 is after now",
        ),
        (("today", "Nobody"), 3, "catpack: no cat named 'Nobody'"),
        # isdigit() takes "²", int() does not: once an unexpected error.
        (("today", "\u00b2"), 3, "catpack: no cat named '\u00b2'"),
        (("cat", "add", "Meister"), 4, "catpack: there is already a cat named 'Meister'"),
        (("cat", "add", "X", "--weight", "-2"), 2, "catpack: --weight: "),
        (("resume", "Meister"), 4, "catpack: Meister is not paused"),
        (
            ("sensor", "pair", "kitchen", "--cat", "Meister"),
            2,
            "catpack: ADDRESS: 'kitchen' is not a Bluetooth address",
        ),
        (
            ("sensor", "pair", "A4:C1:38:8D:18:B2", "--cat", "Meister", "--name", "x" * 101),
            2,
            "catpack: --name: ",
        ),
    ],
)
def test_errors_are_one_line_with_exit_codes(
    cli_env: Settings,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    assert run(capsys, "cat", "add", "Meister")[0] == 0
    got, _, err = run(capsys, *args)
    assert got == code
    assert err.startswith(message) and err.count("\n") == 1


def test_log_prompts_for_missing_values(cli_env: Settings) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["cat", "add", "Meister", "--harness-trained"]).exit_code == 0
    # stage, level (defaults from today's plan), tail, ears, eyes, body, reps, calm reps
    answers = "\n\nrelaxed\nforward\n\n\n5\n4\n"
    result = runner.invoke(app, ["log", "Meister", "--ask", "--note", "prompted"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Stage [introduce]" in result.output
    out = runner.invoke(app, ["history", "Meister", "--json"]).output
    session = json.loads(out)["items"][0]["session"]
    assert session["stage"] == "introduce" and session["level"] == 1
    assert session["observation"] == {
        "tail": "relaxed",
        "ears": "forward",
        "eyes": "unseen",
        "body": "unseen",
    }
    assert (session["reps"], session["calm_reps"]) == (5, 4)


def test_enter_through_the_prompts_records_nothing_as_calm(cli_env: Settings) -> None:
    """Enter at every prompt: nothing seen, nothing counted; the coach repeats the level."""
    runner = CliRunner()
    assert runner.invoke(app, ["cat", "add", "Meister"]).exit_code == 0
    result = runner.invoke(app, ["log", "Meister", "--ask"], input="\n" * 8)
    assert result.exit_code == 0, result.output
    out = runner.invoke(app, ["history", "Meister", "--json"]).output
    session = json.loads(out)["items"][0]["session"]
    assert session["observation"] == dict.fromkeys(("tail", "ears", "eyes", "body"), "unseen")
    assert "reps" not in session and "calm_reps" not in session
    plan = json.loads(runner.invoke(app, ["today", "Meister", "--json"]).output)
    assert plan["decision"] == "stick" and plan["stage"]["level"] == 1
    # Counting calm tries while nothing was seen is refused, on the option.
    result = runner.invoke(app, ["log", "Meister", "--ask"], input="\n" * 6 + "5\n5\n")
    assert isinstance(result.exception, CoachInputError)
    assert str(result.exception).startswith("--calm: 5 calm tries, but nothing about the cat")
    assert (
        len(json.loads(runner.invoke(app, ["history", "Meister", "--json"]).output)["items"]) == 1
    )


def test_without_a_terminal_a_log_needs_a_word_about_the_cat(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "cat", "add", "Meister")[0] == 0
    code, _, err = run(capsys, "log", "Meister", "--minutes", "5", "--no-ask")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("catpack: --tail: nothing about the cat was given")
    for seen in ((), ("--tail", "unseen")):
        code, _, err = run(capsys, "log", "Meister", *seen, "--calm", "5", "--reps", "5")
        assert code == 2
        assert err.startswith("catpack: --calm: 5 calm tries, but nothing about the cat")
    code, _, _ = run(capsys, "log", "Meister", "--tail", "unseen", "--no-ask")
    assert code == 0  # a session in which nothing was seen, said so: kept, never calm
    assert json.loads(run(capsys, "history", "Meister", "--json")[1])["total"] == 1


def test_export_import_pause(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "cat", "add", "Meister", "--notes", "likes tuna")
    run(
        capsys,
        "log",
        "Meister",
        "--stage",
        "introduce",
        "--level",
        "1",
        "--no-ask",
        "--at",
        "2026-11-20T18:00:00+01:00",
        "--tail",
        "upright",
    )
    assert run(capsys, "pause", "Meister", "--reason", "holiday")[0] == 0
    assert run(capsys, "resume", "Meister")[0] == 0
    out_file = tmp_path / "m.json"
    assert run(capsys, "export", "Meister", "-o", str(out_file))[0] == 0
    code, out, _ = run(capsys, "import", str(out_file), "--rename", "Copy")
    assert code == 0 and "imported Copy" in out and "1 sessions" in out
    code, out, _ = run(capsys, "export", "Copy")
    copy = json.loads(out)
    original = json.loads(out_file.read_text())
    assert copy["sessions"] == original["sessions"] and copy["cat"]["notes"] == "likes tuna"
    code, out, _ = run(capsys, "export", "Meister", "--format", "csv")
    assert out.startswith("when (with UTC offset),stage,level")
    code, out, _ = run(capsys, "cat", "delete", "Copy", "--yes")
    assert code == 0
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "is not a readable file" in err


def test_unmigrated_database_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CATPACK_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    code, _, err = run(capsys, "cat", "list")
    assert code == 2 and "run `catpack db upgrade` first" in err
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "at revision" in out
    assert run(capsys, "cat", "list")[0] == 0
    assert run(capsys, "db", "status")[0] == 0


def test_cat_list_edit_show(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "cat", "add", "Meister", "--weight", "4.5")
    run(capsys, "cat", "add", "Anton")
    code, out, _ = run(capsys, "cat", "list")
    assert code == 0 and "Meister" in out and "4.5 kg" in out and "Anton" in out
    code, out, _ = run(
        capsys,
        "cat",
        "edit",
        "Meister",
        "--weight-unit",
        "lb",
        "--weight",
        "11",
        "--notes",
        "naps a lot",
        "--name",
        "Meisterin",
    )
    assert code == 0 and "updated Meisterin" in out
    code, out, _ = run(capsys, "cat", "show", "Meisterin")
    assert "weight: 11.0 lb" in out and "naps a lot" in out
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Anton", "Meisterin"]
    code, _, err = run(capsys, "cat", "edit", "Anton", "--name", "Meisterin")
    assert code == 4 and "already a cat" in err


def test_every_bad_option_is_named_on_its_own_line(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """The session is checked once (by the service); each problem comes back
    named after the option the user typed, one line each, exit 2."""
    assert run(capsys, "cat", "add", "Meister")[0] == 0
    args = ("--stage", "introduce", "--level", "9", "--tail", "wag", "--ears", "sideway")
    code, _, err = run(capsys, "log", "Meister", *args, "--reps", "2", "--calm", "3", "--no-ask")
    assert code == 2
    lines = err.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "--tail",
        "--ears",
        "--level",
        "--calm",
    ]
    assert all(line.startswith("catpack: --") for line in lines)


LOG = ("log", "Meister", "--stage", "introduce", "--level", "1", "--no-ask")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "Meister", "--level", "abc", "--no-ask"), "catpack: Invalid value for '--level'"),
        ((*LOG, "--at", "0001-01-01T00:30:00+05:00"), "catpack: --at: '0001-01-01T00:30:00+05:00'"),
        ((*LOG, "--at", "yesterday"), "catpack: --at: 'yesterday' is not a date and time"),
        (("history", "Meister", "--since", "9999-12-31T23:00:00-05:00"), "catpack: --since: "),
        (("pause", "Meister", "--until", "soon"), "catpack: --until: 'soon'"),
        (("export", "Meister", "-o", "/nonexistent/folder/m.json"), "catpack: --output: "),
        (("log",), "catpack: Missing argument 'cat'."),
        (("nonsense",), "catpack: No such command 'nonsense'."),
    ],
)
def test_every_bad_input_exits_2_with_one_clear_line(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert run(capsys, "cat", "add", "Meister")[0] == 0
    code, _, err = run(capsys, *args)
    assert code == 2, err
    assert err.startswith(message) and err.count("\n") == 1, err
    assert "Traceback" not in err and "Usage:" not in err


def test_an_import_file_with_bad_values_names_each(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    nul = {"version": 1, "cat": {"name": "Nul", "notes": "a\x00b"}}
    path.write_text(json.dumps(nul), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path))
    assert (code, err) == (2, "catpack: cat.notes: must not contain NUL characters\n")
    sessions = [session_doc(0, at="0001-01-01T00:30:00+05:00"), session_doc(1, stage="moon")]
    path.write_text(json.dumps({"version": 1, "cat": {"name": "Far"}, "sessions": sessions}))
    code, _, err = run(capsys, "import", str(path))
    assert code == 2
    assert [line.split(":")[1] for line in err.splitlines()] == [
        " sessions[0].at",
        " sessions[1].stage",
    ]
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert json.loads(out) == []


def test_import_and_export_carry_pack_readings(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A version 2 file with readings: imported (the summary counts them) and
    exported again the same; a bad reading exits 2 naming it, storing nothing."""
    at = "2026-11-20T17:00:00Z"
    reading = {"temp_c": 26.5, "humidity_pct": 50.0, "battery_pct": 80, "packet_id": 3}
    data = {
        "version": 2,
        "cat": {"name": "Pepper", "notes": "", "units": {"temperature": "C", "weight": "kg"}},
        "sessions": [session_doc(0, at=at, context={"pack_temp_c": 27.5})],
        "pauses": [],
        "trips": [],
        "sensors": [{"address": "A4:C1:38:8D:18:B2", "name": "pocket"}],
        "readings": [
            {**reading, "at": "2026-11-20T16:57:00Z", "sensor": "A4:C1:38:8D:18:B2", "session": 0},
            {
                **reading,
                "temp_c": 27.5,
                "at": "2026-11-20T16:59:00Z",
                "sensor": "A4:C1:38:8D:18:B2",
                "session": 0,
            },
        ],
    }
    path = tmp_path / "pepper.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert out.startswith("imported Pepper (id 1) with 1 sessions and 2 pack readings")
    code, out, _ = run(capsys, "export", "Pepper")
    assert json.loads(out) == data
    data["readings"][1]["temp_c"] = 99
    data["readings"][0]["at"] = "2026-11-20T16:57:00"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--rename", "Copy")
    assert code == 2
    assert [line.split(":")[1] for line in err.splitlines()] == [
        " readings[0].at",
        " readings[1].temp_c",
    ]
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Pepper"]


def test_nul_in_free_text_is_refused_naming_the_option(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A NUL (possible from a script calling ``main``, not from a shell) was
    stored on SQLite and a traceback-free but unexplained failure on PostgreSQL."""
    assert run(capsys, "cat", "add", "Meister")[0] == 0
    log = ("log", "Meister", "--no-ask", "--tail", "upright")
    for args, option in (
        (("cat", "add", "Anton", "--notes", "a\x00b"), "--notes"),
        (("cat", "edit", "Meister", "--notes", "a\x00b"), "--notes"),
        ((*log, "--note", "a\x00b"), "--note"),
        (("pause", "Meister", "--reason", "a\x00b"), "--reason"),
    ):
        code, _, err = run(capsys, *args)
        assert (code, err) == (2, f"catpack: {option}: must not contain NUL characters\n"), args
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Meister"]
    assert json.loads(run(capsys, "cat", "show", "Meister", "--json")[1])["notes"] == ""
    assert json.loads(run(capsys, "history", "Meister", "--json")[1])["total"] == 0
    assert run(capsys, "resume", "Meister")[0] == 4  # never paused
