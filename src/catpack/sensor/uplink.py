"""From advertisements to the server: decode, drop repeats, spool, post in batches, retry.

Nothing is lost: every reading is appended to a spool file (JSON lines) before
it is posted, and leaves the spool only once the server has stored it. A
network error or a server that is down keeps the spool and retries with
growing pauses (``RETRY_S``); a watcher stopped or killed sends the rest
next time it starts for that cat. Posting twice is harmless: the server
stores a reading once per cat, sensor and instant.

HTTP goes through the standard library (``urllib``): one JSON POST needs no
more, and a Raspberry Pi gets no extra package for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from catpack.sensor.bthome import DecodeError, Packet, decode
from catpack.sensor.scanner import Scanner

T = TypeVar("T")

#: Readings per POST (the server's limit).
BATCH_MAX = 500
#: Seconds between posts while readings come in.
FLUSH_EVERY_S = 10.0
#: Pauses after failed posts, in seconds; the last repeats.
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
#: A repeat of the same packet id within this many seconds is the same reading
#: (sensors resend each packet several times; the id changes with new values).
REPEAT_S = 60.0


class UplinkError(Exception):
    """The server refused (bad token, unknown cat, a reading it will never take)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"the server refused ({status}): {detail}")
        self.status = status
        self.detail = detail


class Retry(Exception):
    """The server could not be reached or answered 5xx/429: try again later."""


@dataclass
class Api:
    """A tiny JSON client for catpack's REST API."""

    server: str
    token: str
    timeout_s: float = 10.0

    def call(self, method: str, path: str, body: Any = None) -> Any:
        url = self.server.rstrip("/") + "/api/v1" + path
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as exc:
            detail = _detail(exc)
            if exc.code >= 500 or exc.code == 429:
                raise Retry(f"the server answered {exc.code}: {detail}") from None
            raise UplinkError(exc.code, detail) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Retry(f"cannot reach {self.server}: {reason}") from None
        return json.loads(text) if text else None


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read().decode())["detail"])
    except (ValueError, KeyError, TypeError, OSError):
        return exc.reason if isinstance(exc.reason, str) else "error"


@dataclass
class Spool:
    """Pending readings on disk, one JSON object a line."""

    path: Path

    def append(self, rows: list[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
            f.flush()
            os.fsync(f.fileno())

    def pending(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        rows = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue  # a line cut by a crash mid-write: its reading was never acknowledged
        return rows

    def keep(self, rows: list[dict[str, Any]]) -> None:
        """Replace the spool's content with ``rows`` (atomically)."""
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        os.replace(tmp, self.path)


@dataclass
class Uplink:
    api: Api
    cat_id: int
    sensor: str
    spool: Spool
    on_pack: Callable[[dict[str, Any] | None], None] = lambda pack: None
    on_problem: Callable[[str], None] = lambda message: None
    sent: int = 0
    duplicates: int = 0
    rejected: int = 0

    def flush(self) -> None:
        """Post everything pending. Raises Retry (network, 5xx) or UplinkError (401, 404).

        A batch the server refuses as bad input (422) can never be taken: it
        moves to a ``.rejected`` file beside the spool, with the server's
        reason said once, so one bad reading cannot hold up the rest."""
        rows = self.spool.pending()
        while rows:
            chunk, rest = rows[:BATCH_MAX], rows[BATCH_MAX:]
            body = {"sensor": self.sensor, "readings": chunk}
            try:
                answer = self.api.call("POST", f"/cats/{self.cat_id}/readings", body)
            except UplinkError as exc:
                if exc.status != 422:
                    raise
                Spool(self.spool.path.with_suffix(".rejected")).append(chunk)
                self.rejected += len(chunk)
                self.on_problem(f"{len(chunk)} readings refused by the server: {exc.detail}")
                answer = None
            self.spool.keep(rest)
            rows = rest
            if answer is not None:
                self.sent += int(answer["accepted"])
                self.duplicates += int(answer["duplicates"])
                self.on_pack(answer.get("pack"))


@dataclass
class Watcher:
    """Advertisements of one sensor → readings → the uplink, flushed every few seconds."""

    uplink: Uplink
    address: str
    on_reading: Callable[[datetime, Packet], None] = lambda at, packet: None
    on_problem: Callable[[str], None] = lambda message: None
    flush_every_s: float = FLUSH_EVERY_S
    monotonic: Callable[[], float] = time.monotonic
    record: Path | None = None  # also append what is heard here, as a trace
    _first: datetime | None = None
    _last: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    _said: set[str] = field(default_factory=set)
    _retry: int = 0
    _next_flush: float = 0.0

    def take(self, address: str, data: bytes, at: datetime) -> dict[str, Any] | None:
        """One advertisement → a reading to send, or None (other sensor, repeat, no value)."""
        if _same_address(address) != _same_address(self.address):
            return None
        if self.record is not None:
            self._first = self._first or at
            step = {"t": (at - self._first).total_seconds(), "address": address, "data": data.hex()}
            with self.record.open("a", encoding="utf-8") as f:
                f.write(json.dumps(step) + "\n")
        try:
            packet = decode(data)
        except DecodeError as exc:
            if str(exc) not in self._said:  # say each problem once, not every 2 seconds
                self._said.add(str(exc))
                self.on_problem(f"sensor {address}: {exc}")
            return None
        if packet.temp_c is None:
            return None
        if packet.packet_id is not None:
            seen = self._last.get(address)
            if seen and seen[0] == packet.packet_id and (at - seen[1]).total_seconds() < REPEAT_S:
                return None
            self._last[address] = (packet.packet_id, at)
        self.on_reading(at, packet)
        row = {"at": at.isoformat(), "temp_c": packet.temp_c}
        for key in ("humidity_pct", "battery_pct", "packet_id"):
            value = getattr(packet, key)
            if value is not None:
                row[key] = value
        return row

    async def run(self, source: Scanner, *, drain_for_s: float | None = None) -> int:
        """Watch until the source ends (a trace) or the task is cancelled (Ctrl-C).

        At the end, keep retrying to send what is pending for up to
        ``drain_for_s`` seconds (None: try once). Returns the readings left unsent.
        """
        try:
            async for adv in source.advertisements():
                row = self.take(adv.address, adv.data, adv.at)
                if row is not None:
                    self.uplink.spool.append([row])
                if self.monotonic() >= self._next_flush:
                    await self._try_flush()
        finally:
            left = await self._drain(drain_for_s)
        return left

    async def _try_flush(self) -> bool:
        try:
            await asyncio.to_thread(self.uplink.flush)
        except Retry as exc:
            pause = RETRY_S[min(self._retry, len(RETRY_S) - 1)]
            self._retry += 1
            self.on_problem(f"{exc}; the readings are kept and sent again in {pause:g} s")
            self._next_flush = self.monotonic() + pause
            return False
        self._retry = 0
        self._next_flush = self.monotonic() + self.flush_every_s
        return True

    async def _drain(self, drain_for_s: float | None) -> int:
        deadline = self.monotonic() + (drain_for_s or 0.0)
        while self.uplink.spool.pending():
            if await self._try_flush():
                break
            if drain_for_s is None or self.monotonic() >= deadline:
                break
            await asyncio.sleep(max(0.0, min(self._next_flush, deadline) - self.monotonic()))
        return len(self.uplink.spool.pending())


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end from synchronous code, even where this thread
    already runs an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _same_address(address: str) -> str:
    return address.strip().upper().replace("-", ":")
