"""Benchmark of the REST API on loopback, SQLite and PostgreSQL, same server settings.

1. Saturation: "log a session + get today's plan" (POST then GET) through the
   real app, against the floor (bench/floor.py: the same database work with
   the raw driver, no validation, no engine) in the same server process.
   Two ways through the app: the REST API (bearer token; the clients share
   --cats cats) and the pages (the log form posted with its anti-forgery token
   and log-in cookie, then the Today page's HTML; one household of three cats
   per two clients, each client logged in as its owner). Prints the
   throughputs and app/floor (target >= 0.5).
   Targets: SQLite, PostgreSQL, and PostgreSQL with two server processes
   (uvicorn workers, as `catpack serve --workers 2`); each ratio is against
   the floor measured in the same server in the same run.
2. Steady load: a constant arrival rate (default 200 requests/s), one write per
   four reads (today's plan); latency from the scheduled send time, so a slow
   server cannot hide queueing (no coordinated omission). Target p99 < 50 ms.
3. With --large (PostgreSQL only): seed CATS x SESSIONS (default 10,000 x 300)
   with COPY into a schema of its own, then today's plan p95 over random cats
   (target < 20 ms). Seeded sessions have no audit rows (not read by the plan).

Everything runs on 127.0.0.1, bounded in count and time, and stops by itself.
The client runs on the same machine (2 shared cores here): its CPU use is part
of the figures. Usage::

    python bench/api.py [--db sqlite|postgres|postgres2|all] [--seconds 8] [--rate 200] [--large]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
EMAIL, PASSWORD = "bench@example.org", "bench-password-1"
#: Cats of each household the pages are timed with (each page lists the
#: household's cats, so its size matters; three is a large household).
HOUSEHOLD_CATS = 3
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


def bench_app() -> Any:
    """The real app plus the floor router (a uvicorn factory: each worker builds one)."""
    from floor import floor_router

    from catpack.web.app import create_app

    settings = Settings(
        database_url=os.environ["BENCH_URL"],
        database_schema=os.environ.get("BENCH_SCHEMA") or None,
        worker_threads=int(os.environ["BENCH_THREADS"]),
        auth="accounts",  # the pages need a log-in: they are timed with its cookie
    )
    return create_app(settings, routers=[floor_router(settings)])


def serve(args: argparse.Namespace) -> None:
    """Child process: ``bench_app`` on uvicorn, with ``--workers`` processes."""
    import uvicorn

    os.environ.update(BENCH_URL=args.url, BENCH_SCHEMA=args.schema, BENCH_THREADS=str(args.threads))
    uvicorn.run(
        "api:bench_app",
        factory=True,
        app_dir=str(Path(__file__).resolve().parent),
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        timeout_worker_healthcheck=60,  # as `catpack serve`: slow starts on a busy machine
        log_level="warning",
        access_log=False,
    )


class Target:
    """A prepared database, a running server, a token and cat ids."""

    def __init__(
        self, kind: str, cats: int, threads: int = 40, workers: int = 1, homes: int = 1
    ) -> None:
        self.kind = kind
        self.workers = workers
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
        made = users.create_user(db, EMAIL, "bench", PASSWORD)
        self.token = made.token
        from catpack.services.views import Actor

        actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
        self.cats = [
            cat_service.add_cat(db, actor, {**CAT, "name": f"cat{i}"}).id for i in range(2 * cats)
        ]
        # The pages: ``homes`` households of HOUSEHOLD_CATS cats, each client
        # logged in as one of their owners (phones of different households, as
        # the API's clients share its cats rather than crowd onto three).
        self.page_homes: list[tuple[str, list[int]]] = []
        for h in range(homes):
            email = f"pages{h}@example.org"
            owner = users.create_user(db, email, "pages", PASSWORD).user
            household = Actor(user_id=owner.id, household_id=owner.household_id)
            ids = [
                cat_service.add_cat(db, household, {**CAT, "name": f"page{i}"}).id
                for i in range(HOUSEHOLD_CATS)
            ]
            self.page_homes.append((email, ids))
        db.dispose()
        self.port = free_port()
        cmd = [sys.executable, __file__, "serve", "--url", self.url, "--port", str(self.port)]
        cmd += ["--threads", str(threads), "--workers", str(workers)]
        if self.schema:
            cmd += ["--schema", self.schema]
        self.proc = subprocess.Popen(cmd)
        self.base = f"http://127.0.0.1:{self.port}"
        self.cpu_per_op: dict[str, float] = {}

    async def wait(self, timeout_s: float = 180.0) -> None:
        """Until the server answers (start-up takes a while on a busy machine)."""
        deadline = time.perf_counter() + timeout_s
        async with aiohttp.ClientSession() as http:
            while time.perf_counter() < deadline:
                try:
                    async with http.get(f"{self.base}/api/v1/health") as r:
                        if r.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"server did not start in {timeout_s:.0f} s")

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
    """User + system CPU time of a process and its child processes (the uvicorn
    workers), from Linux /proc, in seconds."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class Counter:
    def __init__(self) -> None:
        self.i = 0

    def next(self) -> int:
        self.i += 1
        return self.i


PAGE_FORM = {
    "stage": "introduce",
    "level": "1",
    "minutes": "5",
    "reps": "5",
    "calm_reps": "4",
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "vocal": "silent",
    "took_treats": "yes",
    "entered_voluntarily": "yes",
    "location": "home",
}


class Who:
    """One client's identity: its headers (token, or log-in cookie and Origin),
    the log form with its anti-forgery token, and the cats it uses.

    The form is encoded once, as the bytes a browser posts (it encodes a form
    in its own native code): aiohttp's encoder of a dict runs in Python, 35 us
    a post on this machine, on the same two cores as the server, where the
    REST API's and the floor's clients encode their JSON with the C encoder."""

    def __init__(self, headers: dict[str, str], cats: list[int], form: dict[str, str]) -> None:
        self.headers, self.cats, self.form = headers, cats, form
        self.form_body = urlencode(form).encode()
        self.form_headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}


class Way:
    """One way to "log a session + get today's plan": where, and how to call it."""

    def __init__(self, name: str, t: Target, cats: list[int] | None = None) -> None:
        self.name = name
        self.t = t
        self.who: list[Who] = []
        if name != "pages":
            assert cats is not None
            self.who = [Who({"Authorization": f"Bearer {t.token}"}, cats, {})]

    async def prepare(self, http: aiohttp.ClientSession) -> None:
        """Pages: each household's owner logs in as a browser does (the log-in
        form with its anti-forgery token), then opens the log form for the token
        the posts carry."""
        if self.name != "pages" or self.who:
            return
        for email, cats in self.t.page_homes:
            self.who.append(await self._log_in(http, email, cats))

    async def _log_in(self, http: aiohttp.ClientSession, email: str, cats: list[int]) -> Who:
        cookies: dict[str, str] = {}
        origin = {"Origin": self.t.base}

        async def page(path: str) -> str:
            jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
            async with http.get(path, headers={"Cookie": jar}) as r:
                html = await r.text()
                assert r.status == 200, (r.status, html[:300])
                cookies.update({k: m.value for k, m in r.cookies.items()})
            token = re.search(r'name="csrf_token" value="([^"]+)"', html)
            assert token is not None
            return token.group(1)

        login = {"email": email, "password": PASSWORD, "csrf_token": await page("/login")}
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        async with http.post(
            "/login", data=login, headers={"Cookie": jar, **origin}, allow_redirects=False
        ) as r:
            assert r.status == 303, (r.status, (await r.text())[:300])
            cookies.update({k: m.value for k, m in r.cookies.items()})
        assert "catpack_login" in cookies
        form = {**PAGE_FORM, "csrf_token": await page(f"/cats/{cats[0]}/log")}
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return Who({"Cookie": jar, **origin}, cats, form)

    async def once(
        self,
        http: aiohttp.ClientSession,
        who: Who,
        cat: int,
        counter: Counter,
        rng: random.Random,
    ) -> None:
        if self.name == "pages":
            post = http.post(
                f"/cats/{cat}/sessions",
                data=who.form_body,
                headers=who.form_headers,
                allow_redirects=False,
            )
            posted, read = (303, 200), f"/cats/{cat}/today"
        else:
            body = {"session": session_doc(counter.next(), rng)}
            post = http.post(f"{self.name}/cats/{cat}/sessions", json=body, headers=who.headers)
            posted, read = (201, 200), f"{self.name}/cats/{cat}/today"
        async with post as r:
            await r.read()
            assert r.status == posted[0], (r.status, await r.text())
        async with http.get(read, headers=who.headers) as r:
            await r.read()
            assert r.status == posted[1], (r.status, await r.text())


async def saturate(
    path: Way, seconds: float, clients: int, counter: Counter
) -> tuple[float, list[float]]:
    """Operations (POST + GET) per second with ``clients`` closed-loop clients
    (client ``i`` acts as identity ``i`` modulo their number)."""
    t = path.t
    rng = random.Random(1)
    done = 0
    lat: list[float] = []

    async def client(http: aiohttp.ClientSession, who: Who) -> None:
        nonlocal done
        while time.perf_counter() < stop:
            cat = rng.choice(who.cats)
            start = time.perf_counter()
            await path.once(http, who, cat, counter, rng)
            lat.append(time.perf_counter() - start)
            done += 1

    conn = aiohttp.TCPConnector(limit=clients)
    # Cookies are sent by hand (one client, one log-in), never from a shared jar.
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(t.base, connector=conn, cookie_jar=jar) as http:
        await path.prepare(http)
        who = [path.who[i % len(path.who)] for i in range(clients)]
        stop = time.perf_counter() + seconds
        began, cpu0 = time.perf_counter(), cpu_seconds(t.proc.pid)
        await asyncio.gather(*(client(http, w) for w in who))
        elapsed = time.perf_counter() - began
        t.cpu_per_op[path.name] = (cpu_seconds(t.proc.pid) - cpu0) / max(done, 1)
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

        tasks = [asyncio.ensure_future(one(i)) for i in range(total)]
        _, late = await asyncio.wait(tasks, timeout=seconds + 60)
        for task in late:  # an overloaded server: what did not finish counts as an error
            task.cancel()
            out["error"].append(float("nan"))
        await asyncio.gather(*late, return_exceptions=True)
    return out


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q)) if values else float("nan")


ROWS: list[str] = []


async def run_target(kind: str, processes: int, args: argparse.Namespace) -> None:
    label = kind if processes == 1 else f"{kind}, {processes} processes"
    print(f"\n=== {label} ===", flush=True)
    homes = max(1, args.workers // 2)  # two phones a household
    t = Target(kind, args.cats, args.threads, processes, homes)
    try:
        await t.wait()
        half = len(t.cats) // 2
        paths = [Way("/api/v1", t, t.cats[:half]), Way("/floor", t, t.cats[half:]), Way("pages", t)]
        counter = Counter()
        best: dict[str, tuple[float, list[float]]] = {p.name: (0.0, []) for p in paths}
        cpu: dict[str, list[float]] = {p.name: [] for p in paths}
        for path in paths:  # warm-up
            await saturate(path, 1.0, args.workers, counter)
        # Alternate the paths twice; keep each one's best.
        for _ in range(2):
            for path in paths:
                ops, lat = await saturate(path, args.seconds / 2, args.workers, counter)
                cpu[path.name].append(t.cpu_per_op[path.name])
                if ops > best[path.name][0]:
                    best[path.name] = (ops, lat)
        floor = best["/floor"][0]
        for name, words in (
            ("/api/v1", "REST API"),
            ("pages", "pages, log-in"),
            ("/floor", "floor"),
        ):
            ops, lat = best[name]
            print(
                f"saturation ({args.workers} clients), log+today via {words:13} {ops:7.1f} ops/s "
                f"(p99 {pct(lat, 99):4.0f} ms, server CPU {min(cpu[name]) * 1000:.2f} ms/op) "
                f"| ratio to floor {ops / floor:.2f}",
                flush=True,
            )
        api, pages = best["/api/v1"][0], best["pages"][0]
        ROWS.append(
            f"| {label} | {api:.0f} | {pages:.0f} | {floor:.0f} | **{api / floor:.2f}** "
            f"| **{pages / floor:.2f}** |"
        )
        res = await steady(t, t.cats[:half], args.steady_seconds, args.rate, counter)
        both = res["write"] + res["read"]
        print(
            f"steady {args.rate:.0f} req/s for {args.steady_seconds:.0f} s "
            f"({len(both)} ok, {len(res['error'])} errors): "
            f"p50 {pct(both, 50):.1f} ms, p95 {pct(both, 95):.1f} ms, "
            f"p99 {pct(both, 99):.1f} ms | writes p99 {pct(res['write'], 99):.1f} ms, "
            f"reads p99 {pct(res['read'], 99):.1f} ms",
            flush=True,
        )
        ROWS[-1] += f" {pct(both, 99):.1f} ms |"
    finally:
        t.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd")
    s = sub.add_parser("serve")
    s.add_argument("--url", required=True)
    s.add_argument("--schema", default="")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--threads", type=int, default=40)
    s.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--db", choices=["sqlite", "postgres", "postgres2", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=8.0, help="saturation time per side")
    parser.add_argument("--workers", type=int, default=16, help="closed-loop clients")
    parser.add_argument("--threads", type=int, default=40, help="server worker threads")
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
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {os.cpu_count()} cores (shared), "
        f"Python {sys.version.split()[0]}; server: uvicorn, FastAPI sync routes; "
        "client on the same machine"
    )
    targets = {"sqlite": [("sqlite", 1)], "postgres": [("postgres", 1)]}
    targets["postgres2"] = [("postgres", 2)]
    targets["all"] = targets["sqlite"] + targets["postgres"] + targets["postgres2"]
    for kind, processes in targets[args.db]:
        asyncio.run(run_target(kind, processes, args))
    print(
        "\n| server | REST API ops/s | pages (log-in + CSRF) ops/s | floor ops/s | API / floor "
        "| pages / floor | steady p99 |\n|---|---|---|---|---|---|---|"
    )
    print("\n".join(ROWS), flush=True)
    if args.large:
        from seed_large import run_large

        asyncio.run(run_large(args))


if __name__ == "__main__":
    main()
