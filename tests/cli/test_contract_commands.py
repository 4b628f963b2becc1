"""catpack coach | trip | protocol | schema: JSON out, exit 2 with one line on bad input."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from catpack.cli.errors import main
from tests.factories import HISSING, SAFE_CHECKS, T0, request, session


def run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    stdin: str = "",
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_coach_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "req.json"
    f.write_text(json.dumps(request([session("door-closed", 3, observation=HISSING)])))
    code, out, err = run(["coach", str(f)], capsys)
    assert code == 0 and err == ""
    assert json.loads(out)["decision"] == "stop"


def test_coach_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["coach", "-"], capsys, json.dumps(request()), monkeypatch)
    assert code == 0 and json.loads(out)["decision"] == "start"


def test_coach_pretty(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["coach", "--pretty"], capsys, json.dumps(request()), monkeypatch)
    assert code == 0 and "Let's begin" in out and "Introduce the backpack" in out


@pytest.mark.parametrize(
    ("stdin", "message", "lines"),
    [
        ("not json", "catpack: request: stdin is not JSON (line 1, column 1", 1),
        ("{}", "catpack: version: is required", 4),  # version, now, cat, sessions
        (
            json.dumps({**request(), "now": "2026-11-26T09:30:00"}),
            "catpack: now: '2026-11-26T09:30:00' has no time zone",
            1,
        ),
        (
            json.dumps(request([session("introduce", 1, minutes=-1)])),
            "catpack: sessions[0].minutes: ",
            1,
        ),
        (
            json.dumps(request([session("introduce", 1, T0 + timedelta(days=2))], now=T0)),
            "catpack: sessions[0].at: 2026-11-22T18:00:00+01:00 is after now",
            1,
        ),
        (
            json.dumps({**request(), "timezone": "Mars/Base"}),
            "catpack: timezone: 'Mars/Base' is not a known IANA time zone",
            1,
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(
    stdin: str,
    message: str,
    lines: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = run(["coach"], capsys, stdin, monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == lines
    assert all(line.startswith("catpack: ") for line in err.splitlines())


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["coach", "/nonexistent/req.json"], capsys)
    assert code == 2 and "FILE: '/nonexistent/req.json' is not a readable file" in err


def test_trip(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    req = {
        **request([session("adventure", 4, checks=SAFE_CHECKS, minutes=480)]),
        "trip": {"kind": "hike", "hours": 6},
    }
    code, out, _ = run(["trip"], capsys, json.dumps(req), monkeypatch)
    plan = json.loads(out)
    assert code == 0 and plan["ready"] is True
    assert {"food", "spare_harness"} <= {p["item"] for p in plan["packing"]}


@pytest.mark.parametrize(("kind", "says"), [("flight", "Look in on the cat"), ("hike", "Stop")])
def test_trip_pretty_says_look_in_on_a_flight(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kind: str, says: str
) -> None:
    """``catpack trip --pretty`` said "Stop every ... minutes" for a flight too."""
    req = {
        **request([session("adventure", 4, checks=SAFE_CHECKS, minutes=480)]),
        "trip": {"kind": kind, "hours": 5},
    }
    code, out, _ = run(["trip", "--pretty"], capsys, json.dumps(req), monkeypatch)
    line = next(x for x in out.splitlines() if "every" in x and "minutes" in x)
    assert code == 0 and line.startswith(says), line


def test_protocol_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["protocol"], capsys)
    stages = [s["id"] for s in json.loads(out)["stages"]]
    assert code == 0 and stages[0] == "harness-leash"
    # in the engine's order: the refresher chains below the routine trip
    assert stages[-2:] == ["refresher", "maintenance"], stages
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and "coach_request" in json.loads(out)


def test_installed_script_never_shows_a_traceback() -> None:
    exe = shutil.which("catpack", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "catpack"]
    bad = json.dumps(request([session("introduce", 1, observation={"ears": "sideway"})]))
    done = subprocess.run(
        [*cmd, "coach", "-"], input=bad, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith("catpack: sessions[0].observation.ears: 'sideway' is not one of")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["coach", "--bogus"], capsys)
    assert code == 2 and "No such option" in err and "Traceback" not in err


def test_help_lists_the_contract_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for command in ("coach", "trip", "protocol", "schema"):
        assert command in out
