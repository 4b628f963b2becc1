"""Secrets the app makes once and shares between its processes.

The pages sign their anti-forgery tokens with a key. ``CATPACK_SECRET_KEY``
gives one; otherwise the first process to need it stores a random one in the
database (``app_keys``), so every process and every restart uses the same.
Web Push's VAPID key is kept the same way (:mod:`catpack.services.push`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from catpack.store import schema as t
from catpack.store.db import Database

SIGNING = "signing"


def signing_key(db: Database, configured: str | None = None) -> bytes:
    """The key that signs the pages' tokens: ``configured``, or the stored one."""
    if configured:
        return configured.encode()
    memo = db.memo.setdefault("keys", {})
    if SIGNING not in memo:
        memo[SIGNING] = stored_key(db, SIGNING, lambda: secrets.token_hex(32)).encode()
    key: bytes = memo[SIGNING]
    return key


def known_signing_key(db: Database, configured: str | None = None) -> bytes | None:
    """:func:`signing_key` when it needs no I/O (``configured``, or the stored
    key this process has read already), else None: for callers on the event loop."""
    if configured:
        return configured.encode()
    key: bytes | None = db.memo.get("keys", {}).get(SIGNING)
    return key


def stored_key(db: Database, name: str, make: Callable[[], str]) -> str:
    """The key stored under ``name``; the first process to ask stores ``make()``
    (when two race, both use the one that was stored first)."""
    with db.read() as s:
        found = s.scalar(select(t.AppKey.value).where(t.AppKey.name == name))
    if found is not None:
        return found
    try:
        with db.write() as s:
            s.add(t.AppKey(name=name, value=make()))
    except IntegrityError:  # another process stored one first: use theirs
        pass
    with db.read() as s:
        value = s.scalar(select(t.AppKey.value).where(t.AppKey.name == name))
    assert value is not None
    return value
