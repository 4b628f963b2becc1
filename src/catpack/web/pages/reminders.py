"""Reminder settings (usual time, quiet hours), the calendar address and push on a phone.

The calendar address is secret and shown once, on the page that makes it
(only its hash is stored). Push: ``static/push.js`` registers the service
worker (``static/sw.js``), subscribes with the app's VAPID public key (given
in the page) and posts the subscription here, with the page's anti-forgery
token; the answer is JSON for that script.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, RedirectResponse, Response

from catpack.domain.errors import CoachInputError, ConflictError
from catpack.services import push, reminders
from catpack.web.pages.deps import POSTED, Page, PageDep
from catpack.web.pages.gear_forms import REMINDERS, problems_to_fields, read_reminders
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _page(
    page: Page,
    errors: dict[str, str],
    status: int = 200,
    values: dict[str, Any] | None = None,
    feed: dict[str, str] | None = None,
) -> Response:
    chosen = page.cat(page.request.cookies.get("catpack_cat", ""))
    current = reminders.get_settings(page.db, page.actor)
    context = page.frame(chosen or (page.home.cats[0] if page.home.cats else None), "reminders")
    context.update(
        settings=current,
        values=values or current.model_dump(),
        errors=errors,
        feed=feed,
        vapid_key=push.public_key(page.db),
    )
    params = page.request.query_params
    if params.get("saved"):
        context["flash"] = "Reminder settings saved."
    elif params.get("feed") == "off":
        context["flash"] = "The calendar address is turned off: it no longer works."
    return render(page.request, "reminders.html", context, status_code=status)


@router.get("/reminders")
def reminder_settings(page: PageDep) -> Response:
    return _page(page, {})


@router.post("/reminders", dependencies=POSTED)
def save_reminders(page: PageDep) -> Response:
    form = page.form
    change = read_reminders(form)
    try:
        reminders.update_settings(page.db, page.actor, change)
    except CoachInputError as exc:
        errors = problems_to_fields(exc.problems, REMINDERS, page.units)
        values = {**change, "push_enabled": change["push_enabled"]}
        return _page(page, errors, 422, values)
    return see_other("/reminders?saved=1")


@router.post("/reminders/feed", dependencies=POSTED)
def new_feed(page: PageDep) -> Response:
    """A new secret calendar address, shown on this page once; the old one dies now."""
    base = page.settings.public_url or str(page.request.base_url)
    url = reminders.feed_url(base, reminders.new_feed(page.db, page.actor))
    feed = {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}
    return _page(page, {}, feed=feed)


@router.post("/reminders/feed/off", dependencies=POSTED)
def feed_off(page: PageDep) -> Response:
    reminders.delete_feed(page.db, page.actor)
    return see_other("/reminders?feed=off")


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.post("/reminders/push", dependencies=POSTED)
def push_on(page: PageDep) -> Response:
    """Keep this browser's push subscription (posted by static/push.js)."""
    form = page.form
    subscription = {
        "endpoint": _field(form, "endpoint"),
        "keys": {"p256dh": _field(form, "p256dh"), "auth": _field(form, "auth")},
    }
    try:
        push.subscribe(page.db, page.actor, subscription, page.settings)
    except CoachInputError:
        return JSONResponse(
            {"message": "This browser's push service is not one catpack can use."},
            status_code=422,
        )
    except ConflictError:
        said = "This phone gets reminders for another account: turn them off there first."
        return JSONResponse({"message": said}, status_code=409)
    devices = reminders.get_settings(page.db, page.actor).push_devices
    return JSONResponse({"message": "This phone will get reminders.", "devices": devices})


@router.post("/reminders/push/off", dependencies=POSTED)
def push_off(page: PageDep) -> Response:
    """Forget this browser's subscription (it unsubscribed itself first)."""
    form = page.form
    push.forget_endpoint(page.db, page.actor, _field(form, "endpoint"))
    return JSONResponse({"message": "This phone will get no more reminders."})
