"""The floor for bench/api.py: the same database work as "log a session" and
"today's plan", done with the raw driver (sqlite3 / psycopg) and nothing else —
no validation, no ORM, no engine. Mounted in the same server as the real app.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from catpack.settings import Settings

TOKEN_SQL = (
    "SELECT u.id, u.household_id FROM users u JOIN api_tokens t ON t.user_id = u.id "
    "WHERE t.token_hash = {p}"
)


def floor_router(settings: Settings) -> APIRouter:
    url = settings.resolved_database_url()
    local = threading.local()
    sqlite = url.startswith("sqlite")
    p = "?" if sqlite else "%s"

    def conn() -> Any:
        c = getattr(local, "conn", None)
        if c is None:
            if sqlite:
                c = sqlite3.connect(url.split("///", 1)[1], isolation_level=None, timeout=5)
                c.execute("PRAGMA journal_mode=WAL")
                c.execute("PRAGMA synchronous=NORMAL")
                c.execute("PRAGMA foreign_keys=ON")
            else:
                dsn = url.replace("postgresql+psycopg://", "postgresql://")
                options = (
                    f"-csearch_path={settings.database_schema}" if settings.database_schema else ""
                )
                c = psycopg.connect(dsn, autocommit=True, options=options)
            local.conn = c
        return c

    def transaction(c: Any, write: bool, work: Callable[[Any], Any]) -> Any:
        if sqlite:
            c.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                out = work(c)
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
            return out
        with c.transaction():
            return work(c)

    def actor(c: Any, auth: str) -> tuple[int, int] | None:
        token = auth.removeprefix("Bearer ")
        digest = hashlib.sha256(token.encode()).hexdigest()
        row = c.execute(TOKEN_SQL.format(p=p), (digest,)).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def log(cat_id: int, auth: str, body: bytes) -> tuple[int, Any]:
        c = conn()
        who = actor(c, auth)
        if who is None:
            return 401, {"detail": "token"}
        row = c.execute(f"SELECT household_id FROM cats WHERE id = {p}", (cat_id,)).fetchone()
        if row is None or row[0] != who[1]:
            return 404, {"detail": "cat"}
        doc = json.loads(body)["session"]
        at = datetime.fromisoformat(doc["at"]).astimezone(UTC)
        now = datetime.now(UTC)
        if sqlite:
            at_v: Any = at.replace(tzinfo=None).isoformat(" ")
            now_v: Any = now.replace(tzinfo=None).isoformat(" ")
        else:
            at_v, now_v = at, now
        text = json.dumps(doc, separators=(",", ":"))

        def work(c: Any) -> int:
            sid = c.execute(
                "INSERT INTO sessions (cat_id, at, stage, level, location, doc, note, revision,"
                f" logged_by, logged_at) VALUES ({p}, {p}, {p}, {p}, NULL, {p}, '', 1, {p}, {p})"
                " RETURNING id",
                (cat_id, at_v, doc["stage"], doc["level"], text, who[0], now_v),
            ).fetchone()[0]
            c.execute(
                "INSERT INTO session_revisions (session_id, revision, action, doc, note,"
                f" by_user, at) VALUES ({p}, 1, 'create', {p}, '', {p}, {p})",
                (sid, text, who[0], now_v),
            )
            return int(sid)

        return 201, {"id": transaction(c, True, work)}

    def today(cat_id: int, auth: str) -> tuple[int, Any]:
        c = conn()
        who = actor(c, auth)
        if who is None:
            return 401, {"detail": "token"}
        agg = "group_concat(doc, ',')" if sqlite else "string_agg(doc, ',')"

        def work(c: Any) -> tuple[int, Any]:
            cat = c.execute(
                f"SELECT household_id, profile FROM cats WHERE id = {p}", (cat_id,)
            ).fetchone()
            if cat is None or cat[0] != who[1]:
                return 404, {"detail": "cat"}
            c.execute(f"SELECT timezone FROM households WHERE id = {p}", (cat[0],)).fetchone()
            docs = c.execute(
                f"SELECT {agg} FROM sessions WHERE cat_id = {p} AND deleted_at IS NULL",
                (cat_id,),
            ).fetchone()[0]
            c.execute(f"SELECT starts_at, ends_at FROM pauses WHERE cat_id = {p}", (cat_id,))
            return 200, {"bytes": len(docs or "")}

        return transaction(c, False, work)  # type: ignore[no-any-return]

    router = APIRouter(prefix="/floor", include_in_schema=False)

    @router.post("/cats/{cat_id}/sessions")
    async def floor_log(cat_id: int, request: Request) -> JSONResponse:
        body = await request.body()
        auth = request.headers.get("authorization", "")
        status, data = await run_in_threadpool(log, cat_id, auth, body)
        return JSONResponse(data, status_code=status)

    @router.get("/cats/{cat_id}/today")
    async def floor_today(cat_id: int, request: Request) -> JSONResponse:
        auth = request.headers.get("authorization", "")
        status, data = await run_in_threadpool(today, cat_id, auth)
        return JSONResponse(data, status_code=status)

    return router
