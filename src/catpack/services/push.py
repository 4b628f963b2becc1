"""Web Push: the app's VAPID keys, browser subscriptions, sending, ``remind``.

The app makes its VAPID key pair (P-256, with ``py_vapid``) the first time it
needs it and keeps the private key (raw, base64url) in the database
(``app_keys``, name ``vapid``), so every
process and every restart signs with the same key and existing subscriptions
stay valid. Pushes are encrypted and sent with ``pywebpush`` (RFC 8291
``aes128gcm``, RFC 8292 VAPID). A subscription the push service calls gone
(404 or 410) is deleted.

Endpoints must be on one of the push services named in the settings
(``CATPACK_PUSH_SERVICES``), over https: the server posts to no other address.

``remind`` is what ``catpack remind`` runs from cron: for each household with
push on and a subscribed browser, the time-critical reminders due now
(:func:`catpack.domain.reminders.due`) are sent once each: a row in
``sent_reminders`` (unique per cat, kind and key) is claimed before sending,
so a second run, or a run racing this one, sends nothing twice. A reminder no
device could be reached for (network trouble, not "gone") gives its claim
back, to be tried again on the next run.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.domain.reminders import Reminder
from catpack.services import reminders
from catpack.services._common import validate
from catpack.services.keys import stored_key
from catpack.services.reminder_views import PushSubscriptionIn, PushSubscriptionView, SentView
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database

VAPID_KEY = "vapid"
#: How long a push service keeps an undelivered reminder (seconds): a reminder
#: for today's session is useless tomorrow.
TTL_S = 6 * 3600
TIMEOUT_S = 10.0
GONE = frozenset({404, 410})


def _raw(key: Vapid02) -> str:
    """The private key as its 32 raw bytes, base64url (what ``Vapid02.from_raw`` reads)."""
    value = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def vapid(db: Database) -> Vapid02:
    """The app's VAPID key pair, made and stored on first use."""
    memo = db.memo.setdefault("keys", {})
    if VAPID_KEY not in memo:
        memo[VAPID_KEY] = stored_key(db, VAPID_KEY, _new_key)
    raw: str = memo[VAPID_KEY]
    return Vapid02.from_raw(raw.encode())


def _new_key() -> str:
    made = Vapid02()
    made.generate_keys()
    return _raw(made)


def public_key(db: Database) -> str:
    """The VAPID public key as browsers want it (``applicationServerKey``)."""
    raw = vapid(db).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


#: An endpoint as browsers make them: the scheme, a plain host name (or an IP
#: address), perhaps a port, then the path. No user part, backslash or blank:
#: URL parsers read those differently, so the host checked here and the host
#: ``requests`` (under pywebpush) connects to could differ, e.g.
#: ``https://10.0.0.1\\@fcm.googleapis.com/`` is fcm.googleapis.com to
#: ``urllib.parse`` but 10.0.0.1 to urllib3.
_PLAIN = re.compile(r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?][^\s\\]*)?")


def check_endpoint(endpoint: str, settings: Settings) -> str:
    """The endpoint, if it is on an allowed push service; CoachInputError otherwise."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower() if _PLAIN.fullmatch(endpoint) else ""
    allowed = [h.strip().lower() for h in settings.push_services.split(",") if h.strip()]
    if parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in allowed):
        return endpoint
    if settings.push_allow_loopback and parts.scheme in ("http", "https"):
        try:
            if ipaddress.ip_address(host).is_loopback:
                return endpoint
        except ValueError:
            pass
    raise CoachInputError(
        "endpoint", f"{host or endpoint!r} is not a known browser push service (https only)"
    )


def subscribe(
    db: Database,
    actor: Actor,
    subscription: Mapping[str, Any] | PushSubscriptionIn,
    settings: Settings,
) -> PushSubscriptionView:
    """Keep a browser's subscription for the actor's household (again: updated).

    An endpoint another account registered moves to this one only with the
    keys stored for it (the browser that holds the subscription, a shared
    phone); the endpoint alone is no proof (it passes through push services
    and logs), so without them: ConflictError, and the stored one stays.
    """
    data = validate(PushSubscriptionIn, subscription, "subscription")
    endpoint = check_endpoint(data.endpoint, settings)
    with db.write() as s:
        row = s.scalar(select(t.PushSubscription).where(t.PushSubscription.endpoint == endpoint))
        if row is None:
            row = t.PushSubscription(endpoint=endpoint)
            s.add(row)
        elif (row.household_id, row.user_id) != (actor.household_id, actor.user_id) and not (
            _same(row.p256dh, data.keys.p256dh) and _same(row.auth, data.keys.auth)
        ):
            raise ConflictError(
                "this browser's push address is registered to another account; "
                "turn its reminders off there first"
            )
        row.household_id = actor.household_id
        row.user_id = actor.user_id
        row.p256dh = data.keys.p256dh
        row.auth = data.keys.auth
        s.flush()
        return PushSubscriptionView(id=row.id, endpoint=row.endpoint, created_at=row.created_at)


def _same(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored.encode(), given.encode())


def list_subscriptions(db: Database, actor: Actor) -> list[PushSubscriptionView]:
    with db.read() as s:
        rows = s.scalars(
            select(t.PushSubscription)
            .where(t.PushSubscription.household_id == actor.household_id)
            .order_by(t.PushSubscription.id)
        ).all()
        return [
            PushSubscriptionView(id=r.id, endpoint=r.endpoint, created_at=r.created_at)
            for r in rows
        ]


def forget_endpoint(db: Database, actor: Actor, endpoint: str) -> bool:
    """Drop the household's subscription for this browser (its endpoint); False
    when there was none."""
    with db.write() as s:
        gone = s.execute(
            delete(t.PushSubscription).where(
                t.PushSubscription.household_id == actor.household_id,
                t.PushSubscription.endpoint == endpoint,
            )
        )
        return bool(getattr(gone, "rowcount", 0))


def unsubscribe(db: Database, actor: Actor, subscription_id: int) -> None:
    with db.write() as s:
        row = s.get(t.PushSubscription, subscription_id)
        if row is None or row.household_id != actor.household_id:
            raise NotFoundError(f"push subscription {subscription_id} not found")
        s.delete(row)


def _contact(settings: Settings) -> str:
    return settings.push_contact or f"mailto:{settings.cli_user}"


def send(
    db: Database, settings: Settings, household_id: int, payload: dict[str, Any]
) -> tuple[int, int, int]:
    """Push ``payload`` to every browser of a household: (delivered, removed, failed)."""
    with db.read() as s:
        subs = s.execute(
            select(
                t.PushSubscription.id,
                t.PushSubscription.endpoint,
                t.PushSubscription.p256dh,
                t.PushSubscription.auth,
            ).where(t.PushSubscription.household_id == household_id)
        ).all()
    key = vapid(db)
    data = json.dumps(payload, ensure_ascii=False)
    delivered = failed = 0
    gone: list[int] = []
    for sub_id, endpoint, p256dh, auth in subs:
        try:  # one stored before the checks were what they are now: never sent to
            check_endpoint(endpoint, settings)
        except CoachInputError:
            gone.append(sub_id)
            continue
        info = {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}
        try:
            webpush(
                info,
                data,
                vapid_private_key=key,
                vapid_claims={"sub": _contact(settings)},
                ttl=TTL_S,
                timeout=TIMEOUT_S,
            )
            delivered += 1
        except WebPushException as exc:
            if exc.status_code in GONE:
                gone.append(sub_id)
            else:
                failed += 1
        except Exception:  # network trouble (requests' errors): try again next run
            failed += 1
    if gone:
        with db.write() as s:
            s.execute(delete(t.PushSubscription).where(t.PushSubscription.id.in_(gone)))
    return delivered, len(gone), failed


def _claim(
    db: Database, household_id: int, cat_id: int, kind: str, key: str, title: str
) -> int | None:
    try:
        with db.write() as s:
            row = t.SentReminder(
                household_id=household_id, cat_id=cat_id, kind=kind, key=key, title=title
            )
            s.add(row)
            s.flush()
            return row.id
    except IntegrityError:
        return None


def remind(
    db: Database, settings: Settings, *, now: datetime | None = None, dry_run: bool = False
) -> list[SentView]:
    """Send every time-critical reminder due now, once; returns what was sent."""
    with db.read() as s:
        households = s.scalars(
            select(t.PushSubscription.household_id)
            .distinct()
            .order_by(t.PushSubscription.household_id)
        ).all()
    out: list[SentView] = []
    for household_id in households:
        plan = reminders.household_next(db, household_id, now=now, default_zone=settings.timezone)
        if not plan.push_enabled:
            continue
        for cat, reminder in plan.due():
            if dry_run:
                out.append(_sent(household_id, cat.cat_id, reminder, 0, 0, 0))
                continue
            claim = _claim(
                db, household_id, cat.cat_id, reminder.kind, reminder.key, reminder.title
            )
            if claim is None:
                continue  # sent already
            payload = {
                "title": reminder.title,
                "body": reminder.body,
                "tag": f"{reminder.kind}-{cat.cat_id}",
                "url": "/",
            }
            delivered, removed, failed = send(db, settings, household_id, payload)
            with db.write() as s:
                row = s.get(t.SentReminder, claim)
                if row is not None and delivered == 0 and failed > 0:
                    s.delete(row)  # nobody reached: give the claim back for the next run
                elif row is not None:
                    row.delivered = delivered
            out.append(_sent(household_id, cat.cat_id, reminder, delivered, removed, failed))
    return out


def _sent(household_id: int, cat_id: int, r: Reminder, d: int, g: int, f: int) -> SentView:
    return SentView(
        household_id=household_id,
        cat_id=cat_id,
        kind=r.kind,
        title=r.title,
        body=r.body,
        delivered=d,
        removed=g,
        failed=f,
    )
