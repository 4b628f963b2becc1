"""Part 3 of bench/api.py: seed CATS x SESSIONS in PostgreSQL with COPY, then time
today's plan over HTTP on random cats (p50/p95/p99; target p95 < 20 ms).

Sessions are written with COPY (psycopg's copy protocol) after the schema is
migrated; the live-log index is built by the migration, so COPY maintains it.
Seeded sessions get no audit rows (today's plan never reads them).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import timedelta

import aiohttp
import psycopg

from catpack.services.views import Actor


async def run_large(args: argparse.Namespace) -> None:
    from api import BASE, CAT, PG_URL, Target, pct, session_doc

    from catpack.services import cats as cat_service

    n_cats, n_sessions = args.large_cats, args.large_sessions
    print(f"\n=== postgres, {n_cats} cats x {n_sessions} sessions ===", flush=True)
    t = Target("postgres", 0)
    try:
        dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        began = time.perf_counter()
        rng = random.Random(3)
        with psycopg.connect(dsn, options=f"-csearch_path={t.schema}") as conn:
            user_id, household = conn.execute("SELECT id, household_id FROM users").fetchone()
            profile = json.dumps({**CAT, "name": "x"})
            with conn.cursor().copy(
                "COPY cats (household_id, name, profile, notes, temp_unit, weight_unit,"
                " log_version, created_at, updated_at) FROM STDIN"
            ) as copy:
                for i in range(n_cats):
                    copy.write_row(
                        (
                            household,
                            f"big{i}",
                            profile.replace('"x"', f'"big{i}"'),
                            "",
                            "C",
                            "kg",
                            n_sessions,
                            BASE,
                            BASE,
                        )
                    )
            ids = [r[0] for r in conn.execute("SELECT id FROM cats ORDER BY id")]
            docs = [
                json.dumps(session_doc(j, rng), separators=(",", ":")) for j in range(n_sessions)
            ]
            meta = [
                (BASE + timedelta(minutes=7 * j), "introduce", 1 + j % 4) for j in range(n_sessions)
            ]
            with conn.cursor().copy(
                "COPY sessions (cat_id, at, stage, level, location, doc, note, revision,"
                " logged_by, logged_at) FROM STDIN"
            ) as copy:
                for cat_id in ids:
                    for (at, stage, level), doc in zip(meta, docs, strict=True):
                        copy.write_row(
                            (cat_id, at, stage, level, "home", doc, "", 1, user_id, BASE)
                        )
            conn.commit()
        # After a bulk load: set hint bits and statistics, and flush, so the
        # timed reads below do not pay for the load (standard practice).
        with psycopg.connect(dsn, options=f"-csearch_path={t.schema}", autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE) sessions")
            conn.execute("VACUUM (ANALYZE) cats")
            conn.execute("CHECKPOINT")
        seeded = time.perf_counter() - began
        rows = len(ids) * n_sessions
        print(
            f"seeded {rows:,} sessions in {seeded:.0f} s ({rows / seeded:,.0f} rows/s, COPY)",
            flush=True,
        )
        actor = Actor(user_id=user_id, household_id=household)
        del cat_service, actor  # the service layer is exercised through HTTP below
        await t.wait()
        headers = {"Authorization": f"Bearer {t.token}"}
        async with aiohttp.ClientSession(t.base, headers=headers) as http:
            picks = rng.sample(ids, min(args.large_requests, len(ids)))
            for cat_id in rng.sample(ids, 20):  # warm-up: connections, statement caches
                async with http.get(f"/api/v1/cats/{cat_id}/today") as r:
                    await r.read()
            for label in (
                "first visit of each cat (parsed-log cache cold)",
                "same cats again (parsed-log cache warm)",
            ):
                lat: list[float] = []
                for cat_id in picks:
                    start = time.perf_counter()
                    async with http.get(f"/api/v1/cats/{cat_id}/today") as r:
                        await r.read()
                        assert r.status == 200, await r.text()
                    lat.append(time.perf_counter() - start)
                print(
                    f"today's plan, {len(lat)} sequential requests, {label}: "
                    f"p50 {pct(lat, 50):.1f} ms, p95 {pct(lat, 95):.1f} ms, "
                    f"p99 {pct(lat, 99):.1f} ms",
                    flush=True,
                )
    finally:
        t.close()
