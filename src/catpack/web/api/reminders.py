"""Reminders: settings, the secret calendar address, Web Push subscriptions."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response

from catpack.services import push, reminders
from catpack.services.reminder_views import (
    FeedView,
    PushKeyView,
    PushSubscriptionIn,
    PushSubscriptionView,
    ReminderSettingsIn,
    ReminderSettingsView,
)
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router

router = api_router(tags=["reminders"])


@router.get("/reminders/settings", response_model=ReminderSettingsView)
def get_settings(db: DbDep, actor: ActorDep) -> ReminderSettingsView:
    return reminders.get_settings(db, actor)


@router.patch("/reminders/settings", response_model=ReminderSettingsView)
def update_settings(body: ReminderSettingsIn, db: DbDep, actor: ActorDep) -> ReminderSettingsView:
    """Usual session time, quiet hours (no push), push on or off, time zone."""
    return reminders.update_settings(db, actor, body)


@router.post("/reminders/feed", status_code=201, response_model=FeedView)
def new_feed(request: Request, db: DbDep, actor: ActorDep, settings: SettingsDep) -> FeedView:
    """A new secret calendar address (shown once); the previous one stops working.

    The address starts with ``CATPACK_PUBLIC_URL``, or else with the address this
    request came to (behind a proxy, set the setting)."""
    base = settings.public_url or str(request.base_url)
    url = reminders.feed_url(base, reminders.new_feed(db, actor))
    return FeedView(url=url, webcal="webcal://" + url.split("://", 1)[1])


@router.delete("/reminders/feed", status_code=204)
def delete_feed(db: DbDep, actor: ActorDep) -> Response:
    reminders.delete_feed(db, actor)
    return Response(status_code=204)


Token = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "iCalendar feed"}},
)
def calendar(token: Token, db: DbDep, settings: SettingsDep) -> Response:
    """The household's reminders as an iCalendar feed; the token is the secret."""
    body = reminders.calendar(db, token, default_zone=settings.timezone)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )


@router.get("/push/key", response_model=PushKeyView)
def push_key(db: DbDep) -> PushKeyView:
    """The app's VAPID public key, for ``pushManager.subscribe``."""
    return PushKeyView(public_key=push.public_key(db))


@router.post("/push/subscriptions", status_code=201, response_model=PushSubscriptionView)
def subscribe(
    body: PushSubscriptionIn, db: DbDep, actor: ActorDep, settings: SettingsDep
) -> PushSubscriptionView:
    """Keep this browser's push subscription (its ``toJSON()``)."""
    return push.subscribe(db, actor, body, settings)


@router.get("/push/subscriptions", response_model=list[PushSubscriptionView])
def list_subscriptions(db: DbDep, actor: ActorDep) -> list[PushSubscriptionView]:
    return push.list_subscriptions(db, actor)


@router.delete("/push/subscriptions/{subscription_id}", status_code=204)
def unsubscribe(subscription_id: Id, db: DbDep, actor: ActorDep) -> Response:
    push.unsubscribe(db, actor, subscription_id)
    return Response(status_code=204)
