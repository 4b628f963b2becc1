"""The app's own cost per "log a session + today's plan", in-process, against the
floor (bench/floor.py) in the same app and the same run.

bench/api.py measures throughput through a real server and client on this
shared 2-core machine, where the same code's ratio moved by up to 0.10 between
runs. This one drives the ASGI app directly (no sockets, no client), so two
figures are steady enough to judge a small change:

1. Python function calls per operation, in every thread (a profile hook that
   counts calls): deterministic, by package, for the REST API, the pages
   (logged in, with the anti-forgery token) and the floor;
2. CPU time per operation in alternating blocks (API, floor, API, ...): the
   median of floor/API over the blocks.

Usage::

    python bench/calls.py [--ops 200] [--blocks 20] [--block-ops 100]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dis
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api

from catpack.services import cats as cat_service
from catpack.services import users
from catpack.services.setup import upgrade_database
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store.db import Database

ORIGIN = {"origin": "http://127.0.0.1"}
FORM = {**ORIGIN, "content-type": "application/x-www-form-urlencoded"}
WAYS = ("/api/v1", "pages", "/floor")


class Client:
    """Calls the ASGI app directly, keeping cookies like a browser."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.jar: dict[str, str] = {}

    async def call(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        status, out, got = 0, [], []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                got.extend(message["headers"])
            else:
                out.append(message.get("body", b""))

        raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        raw.append((b"host", b"127.0.0.1"))
        if self.jar:
            raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in self.jar.items()).encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": raw,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        await self.app(scope, receive, send)
        for key, value in got:
            if key == b"set-cookie":
                name, _, rest = value.decode().partition("=")
                self.jar[name] = rest.split(";")[0]
        return status, b"".join(out)


#: The instruction a frame starts or resumes at (Python 3.11+): its argument is 0
#: when a function starts, else it resumes a generator or coroutine (after a
#: yield or an await).
RESUME = dis.opmap.get("RESUME")


class Counter:
    """Python calls in every thread, by package (a profile hook: slow, exact).

    The hook's "call" event also fires each time a suspended generator or
    coroutine resumes: every piece a template yields (through the page's,
    its layout's and its block's generators) and every frame of the
    coroutine stack after each await. Those are counted as calls too (the
    figures stay comparable with earlier runs) and, separately, as resumes:
    a resume costs far less than a call."""

    def __init__(self) -> None:
        self.calls: collections.Counter[str] = collections.Counter()
        self.resumes = 0

    def hook(self, frame: FrameType, event: str, _arg: object) -> None:
        if event != "call":
            return
        code = frame.f_code
        if (
            RESUME is not None
            and code.co_code[frame.f_lasti + 1]
            and (code.co_code[frame.f_lasti] == RESUME)
        ):
            self.resumes += 1
        name = code.co_filename
        if "site-packages/" in name:
            key = name.split("site-packages/")[1].split("/")[0]
        elif "/catpack/" in name:
            key = "catpack." + name.split("/catpack/")[-1].split("/")[0].removesuffix(".py")
        else:
            key = "python"
        self.calls[key] += 1


async def measure(args: argparse.Namespace, counter: Counter | None) -> None:
    """One app on a fresh database: count calls (``counter``) or time blocks.

    Counting needs its hook in the thread pool's threads, so it is set for new
    threads before this event loop starts any; a run that times blocks sets no
    hook at all (a hook slows every call)."""
    folder = tempfile.mkdtemp(prefix="catpack-calls-")
    url = f"sqlite:///{folder}/bench.db"
    os.environ.update(BENCH_URL=url, BENCH_SCHEMA="", BENCH_THREADS="40")
    settings = Settings(database_url=url)
    upgrade_database(settings)
    db = Database.from_settings(settings)
    made = users.create_user(db, api.EMAIL, "bench", api.PASSWORD)
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    api_cats = [cat_service.add_cat(db, actor, {**api.CAT, "name": f"c{i}"}).id for i in range(50)]
    page_user = users.create_user(db, "pages@example.org", "pages", api.PASSWORD).user
    home = Actor(user_id=page_user.id, household_id=page_user.household_id)
    page_cats = [
        cat_service.add_cat(db, home, {**api.CAT, "name": f"p{i}"}).id
        for i in range(api.HOUSEHOLD_CATS)
    ]
    db.dispose()

    counting = False

    def hook(frame: FrameType, event: str, arg: object) -> None:
        if counting and counter is not None:
            counter.hook(frame, event, arg)

    if counter is not None:
        threading.setprofile(hook)  # type: ignore[arg-type]
    app = api.bench_app()
    client = Client(app)
    token = {"authorization": f"Bearer {made.token}", "content-type": "application/json"}
    rng = random.Random(1)
    serial = iter(range(10**9))

    async with app.router.lifespan_context(app):
        _, html = await client.call("GET", "/login", {})
        csrf = re.search(rb'name="csrf_token" value="([^"]+)"', html)
        assert csrf is not None
        login = {"email": "pages@example.org", "password": api.PASSWORD}
        body = urlencode({**login, "csrf_token": csrf.group(1).decode()}).encode()
        status, _ = await client.call("POST", "/login", FORM, body)
        assert status == 303, status
        _, html = await client.call("GET", f"/cats/{page_cats[0]}/log", {})
        csrf = re.search(rb'name="csrf_token" value="([^"]+)"', html)
        assert csrf is not None
        form = urlencode({**api.PAGE_FORM, "csrf_token": csrf.group(1).decode()}).encode()

        async def once(way: str, i: int) -> None:
            if way == "pages":
                cat = page_cats[i % len(page_cats)]
                posted = await client.call("POST", f"/cats/{cat}/sessions", FORM, form)
                read = await client.call("GET", f"/cats/{cat}/today", {})
                assert (posted[0], read[0]) == (303, 200), (posted[0], read[0])
                return
            cat = api_cats[i % len(api_cats)]
            doc = json.dumps({"session": api.session_doc(next(serial), rng)}).encode()
            posted = await client.call("POST", f"{way}/cats/{cat}/sessions", token, doc)
            read = await client.call("GET", f"{way}/cats/{cat}/today", token)
            assert (posted[0], read[0]) == (201, 200), (posted[0], read[0], posted[1][:200])

        for way in WAYS:  # warm-up: caches, compiled statements, templates
            for i in range(60):
                await once(way, i)

        if counter is not None:
            print("Python calls per operation (log a session + today's plan), every thread:")
            per_way: dict[str, dict[str, float]] = {}
            resumes: dict[str, float] = {}
            for way in WAYS:
                counter.calls.clear()
                counter.resumes = 0
                sys.setprofile(hook)  # type: ignore[arg-type]
                counting = True
                for i in range(args.ops):
                    await once(way, i)
                counting = False
                sys.setprofile(None)
                per_way[way] = {k: v / args.ops for k, v in counter.calls.most_common()}
                resumes[way] = counter.resumes / args.ops
            floor_calls = sum(per_way["/floor"].values())
            for way in WAYS:
                total = sum(per_way[way].values())
                top = ", ".join(f"{k} {v:.0f}" for k, v in list(per_way[way].items())[:5])
                entries, floor_entries = total - resumes[way], floor_calls - resumes["/floor"]
                print(
                    f"  {way:8} {total:7.0f} calls/op  floor/this {floor_calls / total:.3f}"
                    f"  (resumes {resumes[way]:.0f}; without them {entries:.0f},"
                    f" floor/this {floor_entries / entries:.3f})"
                )
                print(f"           most: {top}")
            threading.setprofile(None)  # type: ignore[arg-type]
            return

        print(f"CPU time per operation, {args.blocks} alternating blocks of {args.block_ops}:")
        cpu: dict[str, list[float]] = {way: [] for way in WAYS}
        for _ in range(args.blocks):
            for way in WAYS:
                start = time.process_time()
                for i in range(args.block_ops):
                    await once(way, i)
                cpu[way].append((time.process_time() - start) / args.block_ops * 1000)
        for way in WAYS:
            ratios = [f / w for f, w in zip(cpu["/floor"], cpu[way], strict=True)]
            print(
                f"  {way:8} median {statistics.median(cpu[way]):.3f} ms/op  "
                f"floor/this median {statistics.median(ratios):.3f} "
                f"(blocks {min(ratios):.3f}-{max(ratios):.3f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", type=int, default=200, help="operations counted per way")
    parser.add_argument("--blocks", type=int, default=20, help="alternating timed blocks")
    parser.add_argument("--block-ops", type=int, default=100, help="operations per block")
    args = parser.parse_args()
    print(f"catpack in-process, SQLite; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    asyncio.run(measure(args, None))  # timing first, with no hook anywhere
    asyncio.run(measure(args, Counter()))


if __name__ == "__main__":
    main()
