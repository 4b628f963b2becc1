"""From a faked radio through ``catpack sensor watch`` to a real server and database.

The scanner is the only fake: decoding, the spool, HTTP to a ``catpack
serve`` process on a free loopback port and the database are real.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from catpack.cli.errors import main
from catpack.sensor import scanner
from catpack.sensor.scanner import Advertisement
from catpack.sensor.trace import encode, generate
from catpack.sensor.uplink import Api, Spool, Uplink, Watcher, run_sync
from tests.sensor.conftest import Served

ADDRESS = "A4:C1:38:8D:18:B2"


class FakeRadio:
    """What a radio near the pack hears: the sensor (each packet 3 times, as real
    sensors resend), a neighbour's sensor, and one encrypted packet."""

    def __init__(self, temps: list[float], end: datetime) -> None:
        self.temps = temps
        self.end = end

    async def advertisements(self) -> AsyncIterator[Advertisement]:
        start = self.end - timedelta(seconds=30 * (len(self.temps) - 1))
        yield Advertisement(ADDRESS, bytes.fromhex("41d2fcefe52eb212d600112233bc38c966"), start)
        for i, temp in enumerate(self.temps):
            at = start + timedelta(seconds=30 * i)
            for repeat in range(3):
                data = encode(i, temp, 45.0, 90)
                yield Advertisement(ADDRESS, data, at + timedelta(seconds=2 * repeat), "ATC")
            yield Advertisement("A4:C1:38:00:00:99", encode(i, 40.0, 20.0, 50), at, "next door")


def _cli(*args: str) -> int:
    return main(list(args))


def _pack(served: Served, token: str, cat_id: int) -> dict[str, Any]:
    r = httpx.get(
        f"{served.url}/api/v1/cats/{cat_id}/pack", headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_watch_streams_the_pack_to_the_server(
    served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli("cat", "add", "Pepper") == 0
    assert _cli("sensor", "pair", "--cat", "Pepper", "a4:c1:38:8d:18:b2") == 0
    temps = [24.0 + 0.5 * i for i in range(19)]  # 24 → 33 °C over 9 minutes
    monkeypatch.setattr(scanner, "open_scanner", lambda: FakeRadio(temps, datetime.now(UTC)))
    capsys.readouterr()
    assert _cli("sensor", "watch", "--cat", "Pepper", "--server", served.url) == 0
    out, err = capsys.readouterr()
    assert out.count("°C") == len(temps)  # one line per new reading, repeats dropped
    assert err.count("the packet is encrypted: turn encryption off") == 1
    assert "Stop and cool the cat now" in err
    assert f"Sent {len(temps)} readings (0 already there)" in err

    token = _token()
    cats = httpx.get(f"{served.url}/api/v1/cats", headers={"Authorization": f"Bearer {token}"})
    cat_id = cats.json()["items"][0]["id"]
    pack = _pack(served, token, cat_id)
    assert [r["temp_c"] for r in pack["readings"]] == temps
    assert pack["pack"]["level"] == "cool_now" and pack["pack"]["sensor"] == ADDRESS


def _token() -> str:
    from catpack.cli.context import open_ctx
    from catpack.services import users

    with open_ctx() as ctx:
        return users.mint_token(ctx.db, ctx.actor)


def test_nothing_is_lost_while_the_server_is_away(served: Served, tmp_path: Path) -> None:
    assert _cli("cat", "add", "Pepper") == 0
    token = _token()
    auth = {"Authorization": f"Bearer {token}"}
    cat_id = httpx.get(f"{served.url}/api/v1/cats", headers=auth).json()["items"][0]["id"]
    spool = Spool(tmp_path / "spool.jsonl")
    now = datetime.now(UTC)
    steps = generate("steady", minutes=2)

    class Trace:
        async def advertisements(self) -> AsyncIterator[Advertisement]:
            for s in steps:
                yield Advertisement(ADDRESS, s.data, now - timedelta(seconds=120 - s.t))

    # no server at this address: every reading stays in the spool
    away = Uplink(Api("http://127.0.0.1:9", token, timeout_s=2), cat_id, ADDRESS, spool)
    left = run_sync(Watcher(away, ADDRESS).run(Trace(), drain_for_s=None))
    assert left == len(steps) == len(spool.pending())
    # back online: the spool goes, once; sending it again stores nothing twice
    back = Uplink(Api(served.url, token), cat_id, ADDRESS, spool)
    back.flush()
    assert (back.sent, spool.pending()) == (len(steps), [])
    extra = {"at": (now + timedelta(seconds=1)).isoformat(), "temp_c": 22.0}
    spool.append([extra])
    spool.append([extra])  # the same reading twice (a crash between post and spool rewrite)
    back.flush()
    assert (back.sent, back.duplicates) == (len(steps) + 1, 1)
    assert len(_pack(served, token, cat_id)["readings"]) == len(steps) + 1


def test_watch_without_a_paired_sensor_says_how_to_pair(
    served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli("cat", "add", "Pepper") == 0
    monkeypatch.setattr(scanner, "open_scanner", lambda: FakeRadio([20.0], datetime.now(UTC)))
    assert _cli("sensor", "watch", "--cat", "Pepper", "--server", served.url) == 3
    assert "catpack sensor pair --cat Pepper ADDRESS" in capsys.readouterr().err
    assert _cli("sensor", "watch", "--cat", "Nobody", "--server", served.url) == 3


def test_without_bleak_scan_and_watch_say_what_to_install() -> None:
    code = (
        "import sys; sys.modules['bleak'] = None; "
        "from catpack.cli.errors import main; sys.exit(main(sys.argv[1:]))"
    )
    for args in (["sensor", "scan"], ["sensor", "watch", "--cat", "Pepper"]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "catpack: scanning needs Bluetooth support: pip install 'catpack[sensor]' "
            "(installs bleak)"
        )


def test_simulate_json_prints_one_reading_a_line(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert _cli("cat", "add", "Pepper") == 0
    capsys.readouterr()
    args = ["--cat", "Pepper", "--shape", "steady", "--minutes", "2", "--instant", "--json"]
    assert _cli("sensor", "simulate", *args, "--server", served.url) == 0
    lines = capsys.readouterr().out.splitlines()
    readings = [json.loads(line) for line in lines]
    assert readings and all({"at", "temp_c"} <= set(r) for r in readings)
    assert datetime.fromisoformat(readings[-1]["at"]).tzinfo is not None
