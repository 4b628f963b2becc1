"""Benchmark of the REST API on loopback, SQLite and PostgreSQL, same server settings.

1. Saturation: "log a session + get today's plan" (POST then GET) through the
   real app, against the floor (bench/floor.py: the same database work with
   the raw driver, no validation, no engine) in the same server process.
   Prints both throughputs and real/floor (target >= 0.5).
2. Steady load: a constant arrival rate (default 200 requests/s), one write per
   four reads (today's plan); latency from the scheduled send time, so a slow
   server cannot hide queueing (no coordinated omission). Target p99 < 50 ms.
3. With --large (PostgreSQL only): seed CATS x SESSIONS (default 10,000 x 300)
   with COPY into a schema of its own, then today's plan p95 over random cats
   (target < 20 ms). Seeded sessions have no audit rows (not read by the plan).

Everything runs on 127.0.0.1, bounded in count and time, and stops by itself.
The client runs on the same machine (2 shared cores here): its CPU use is part
of the figures. Usage::

    python bench/api.py [--db sqlite|postgres|both] [--seconds 8] [--rate 200] [--large]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catpack.services import cats as cat_service
from catpack.services import users
from catpack.services.setup import upgrade_database
from catpack.settings import Settings
from catpack.store.db import Database

PG_URL = os.environ.get(
    "CATPACK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BASE = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
CAT = {"name": "", "motivation": ["food"], "harness_trained": True, "weight_kg": 4.5}


def session_doc(i: int, rng: random.Random) -> dict[str, Any]:
    """A realistic, fully filled session; ``i`` makes its time unique."""
    return {
        "at": (BASE + timedelta(minutes=7 * i)).isoformat(),
        "stage": "introduce",
        "level": 1 + i % 4,
        "minutes": 5,
        "reps": 5,
        "calm_reps": rng.choice([3, 4, 5]),
        "observation": {
            "tail": "upright",
            "ears": "forward",
            "eyes": "normal",
            "body": "relaxed",
            "vocal": "silent",
            "signs": [],
            "took_treats": True,
            "entered_voluntarily": True,
        },
        "context": {"location": "home", "sun": "indoor", "temp_c": 21.0, "humidity_pct": 45},
        "checks": {"harness_on": True, "tether": "harness", "openings_closed": True},
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(args: argparse.Namespace) -> None:
    """Child process: the real app plus the floor router, on uvicorn."""
    import uvicorn
    from floor import floor_router

    from catpack.web.app import create_app

    settings = Settings(database_url=args.url, database_schema=args.schema or None)
    app = create_app(settings, routers=[floor_router(settings)])
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


class Target:
    """A prepared database, a running server, a token and cat ids."""

    def __init__(self, kind: str, cats: int) -> None:
        self.kind = kind
        self.schema = ""
        self.tmp = tempfile.TemporaryDirectory(prefix="catpack-bench-")
        if kind == "sqlite":
            self.url = f"sqlite:///{Path(self.tmp.name) / 'bench.db'}"
        else:
            self.url = PG_URL
            self.schema = f"catpack_bench_{secrets.token_hex(3)}"
        self.settings = Settings(database_url=self.url, database_schema=self.schema or None)
        upgrade_database(self.settings)
        db = Database.from_settings(self.settings)
        made = users.create_user(db, "bench@example.org", "bench", None)
        self.token = made.token
        from catpack.services.views import Actor

        actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
        self.cats = [
            cat_service.add_cat(db, actor, {**CAT, "name": f"cat{i}"}).id for i in range(2 * cats)
        ]
        db.dispose()
        self.port = free_port()
        cmd = [sys.executable, __file__, "serve", "--url", self.url, "--port", str(self.port)]
        if self.schema:
            cmd += ["--schema", self.schema]
        self.proc = subprocess.Popen(cmd)
        self.base = f"http://127.0.0.1:{self.port}"
        self.cpu_per_op: dict[str, float] = {}

    async def wait(self) -> None:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    async with http.get(f"{self.base}/api/v1/health") as r:
                        if r.status == 200:
                            return
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        raise RuntimeError("server did not start")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        if self.schema:
            from sqlalchemy import text

            admin = Database(PG_URL)
            with admin.engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            admin.dispose()
        self.tmp.cleanup()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Counter:
    def __init__(self) -> None:
        self.i = 0

    def next(self) -> int:
        self.i += 1
        return self.i


async def saturate(
    t: Target, prefix: str, cat_ids: list[int], seconds: float, workers: int, counter: Counter
) -> tuple[float, list[float]]:
    """Operations (POST + GET) per second with ``workers`` closed-loop clients."""
    headers = {"Authorization": f"Bearer {t.token}"}
    rng = random.Random(1)
    done = 0
    lat: list[float] = []
    stop = time.perf_counter() + seconds

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal done
        while time.perf_counter() < stop:
            cat = rng.choice(cat_ids)
            start = time.perf_counter()
            body = {"session": session_doc(counter.next(), rng)}
            async with http.post(f"{prefix}/cats/{cat}/sessions", json=body) as r:
                await r.read()
                assert r.status == 201, (r.status, await r.text())
            async with http.get(f"{prefix}/cats/{cat}/today") as r:
                await r.read()
                assert r.status == 200, (r.status, await r.text())
            lat.append(time.perf_counter() - start)
            done += 1

    conn = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(t.base, headers=headers, connector=conn) as http:
        began, cpu0 = time.perf_counter(), cpu_seconds(t.proc.pid)
        await asyncio.gather(*(worker(http) for _ in range(workers)))
        elapsed = time.perf_counter() - began
        t.cpu_per_op[prefix] = (cpu_seconds(t.proc.pid) - cpu0) / max(done, 1)
    return done / elapsed, lat


async def steady(
    t: Target, cat_ids: list[int], seconds: float, rate: float, counter: Counter
) -> dict[str, list[float]]:
    """Open-model load at ``rate`` requests/s; 1 write in 5 requests (1 per 4 reads)."""
    headers = {"Authorization": f"Bearer {t.token}"}
    rng = random.Random(2)
    out: dict[str, list[float]] = {"write": [], "read": [], "error": []}
    total = int(seconds * rate)
    conn = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(t.base, headers=headers, connector=conn) as http:
        t0 = time.perf_counter() + 0.05

        async def one(i: int) -> None:
            due = t0 + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            cat = rng.choice(cat_ids)
            kind = "write" if i % 5 == 0 else "read"
            try:
                if kind == "write":
                    body = {"session": session_doc(counter.next(), rng)}
                    req = http.post(f"/api/v1/cats/{cat}/sessions", json=body)
                else:
                    req = http.get(f"/api/v1/cats/{cat}/today")
                async with req as r:
                    await r.read()
                    ok = r.status in (200, 201)
            except aiohttp.ClientError:
                ok = False
            out[kind if ok else "error"].append(time.perf_counter() - due)

        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(total))), seconds + 60)
    return out


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q)) if values else float("nan")


async def run_target(kind: str, args: argparse.Namespace) -> None:
    print(f"\n=== {kind} ===", flush=True)
    t = Target(kind, args.cats)
    try:
        await t.wait()
        half = len(t.cats) // 2
        real_cats, floor_cats = t.cats[:half], t.cats[half:]
        counter = Counter()
        # Warm up both paths, then alternate real/floor twice; keep each side's best.
        await saturate(t, "/api/v1", real_cats, 1.0, args.workers, counter)
        await saturate(t, "/floor", floor_cats, 1.0, args.workers, counter)
        real, floor, real_lat, floor_lat = 0.0, 0.0, [], []
        cpu_real, cpu_floor = [], []
        for _ in range(2):
            r, rl = await saturate(t, "/api/v1", real_cats, args.seconds / 2, args.workers, counter)
            cpu_real.append(t.cpu_per_op["/api/v1"])
            f, fl = await saturate(t, "/floor", floor_cats, args.seconds / 2, args.workers, counter)
            cpu_floor.append(t.cpu_per_op["/floor"])
            if r > real:
                real, real_lat = r, rl
            if f > floor:
                floor, floor_lat = f, fl
        print(
            f"saturation ({args.workers} clients): log+today via app {real:7.1f} ops/s "
            f"(p99 {pct(real_lat, 99):.0f} ms) | floor {floor:7.1f} ops/s "
            f"(p99 {pct(floor_lat, 99):.0f} ms) | ratio app/floor {real / floor:.2f}"
        )
        app_cpu, floor_cpu = min(cpu_real) * 1000, min(cpu_floor) * 1000
        print(
            f"server CPU per op (less noisy): app {app_cpu:.2f} ms, floor {floor_cpu:.2f} ms, "
            f"ratio floor/app {floor_cpu / app_cpu:.2f}",
            flush=True,
        )
        res = await steady(t, real_cats, args.steady_seconds, args.rate, counter)
        both = res["write"] + res["read"]
        print(
            f"steady {args.rate:.0f} req/s for {args.steady_seconds:.0f} s "
            f"({len(both)} ok, {len(res['error'])} errors): "
            f"p50 {pct(both, 50):.1f} ms, p95 {pct(both, 95):.1f} ms, "
            f"p99 {pct(both, 99):.1f} ms | writes p99 {pct(res['write'], 99):.1f} ms, "
            f"reads p99 {pct(res['read'], 99):.1f} ms",
            flush=True,
        )
    finally:
        t.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd")
    s = sub.add_parser("serve")
    s.add_argument("--url", required=True)
    s.add_argument("--schema", default="")
    s.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=8.0, help="saturation time per side")
    parser.add_argument("--workers", type=int, default=16, help="closed-loop clients")
    parser.add_argument("--cats", type=int, default=100, help="cats per side")
    parser.add_argument("--rate", type=float, default=200.0, help="steady requests/s")
    parser.add_argument("--steady-seconds", type=float, default=15.0)
    parser.add_argument("--large", action="store_true", help="seed PostgreSQL and time today")
    parser.add_argument("--large-cats", type=int, default=10_000)
    parser.add_argument("--large-sessions", type=int, default=300)
    parser.add_argument("--large-requests", type=int, default=1000)
    args = parser.parse_args()
    if args.cmd == "serve":
        serve(args)
        return
    print(
        f"machine: {os.cpu_count()} cores (shared), Python {sys.version.split()[0]}; "
        "server: uvicorn, 1 process, FastAPI sync routes; client on the same machine"
    )
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        asyncio.run(run_target(kind, args))
    if args.large:
        from seed_large import run_large

        asyncio.run(run_large(args))


if __name__ == "__main__":
    main()
