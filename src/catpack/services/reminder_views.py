"""Request and response models of reminders: settings, the calendar feed, push."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from catpack.domain.contract import Flag, Whole
from catpack.services.views import ZoneName

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
#: A push endpoint as browsers give it: an http(s) address in printable ASCII
#: (which push services the server accepts is a setting: checked by the service).
ENDPOINT = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?$"
_ENDPOINT = re.compile(ENDPOINT)


def _endpoint_form(value: str) -> str:
    if not _ENDPOINT.fullmatch(value):
        raise ValueError("is not the address of a browser push service (https://...)")
    return value


Endpoint = Annotated[
    str,
    Field(min_length=10, max_length=1000),
    AfterValidator(_endpoint_form),
    WithJsonSchema({"type": "string", "minLength": 10, "maxLength": 1000, "pattern": ENDPOINT}),
]


class ReminderSettingsView(BaseModel):
    model_config = ConfigDict(frozen=True)
    remind_at: str = Field(description="Usual session time, HH:MM in the household's zone.")
    quiet_from: str = Field(description="No push from this time (HH:MM) ...")
    quiet_until: str = Field(description="... until this time (HH:MM); may span midnight.")
    push_enabled: bool
    timezone: str | None = Field(description="The household's time zone (IANA), if set.")
    feed: bool = Field(description="Whether a calendar address exists (it is shown only once).")
    push_devices: int = Field(description="Browsers subscribed to push notifications.")


class ReminderSettingsIn(BaseModel):
    """Fields to change; absent fields stay as they are."""

    model_config = ConfigDict(extra="forbid")
    remind_at: str | None = Field(default=None, pattern=HHMM)
    quiet_from: str | None = Field(default=None, pattern=HHMM)
    quiet_until: str | None = Field(default=None, pattern=HHMM)
    push_enabled: Flag | None = None
    timezone: ZoneName = None


class FeedView(BaseModel):
    model_config = ConfigDict(frozen=True)
    url: str = Field(description="Subscribe to this address in a calendar app; shown once.")
    webcal: str = Field(description="The same address with webcal://, for one-tap subscribing.")


class PushKeys(BaseModel):
    model_config = ConfigDict(extra="forbid")
    p256dh: str = Field(min_length=80, max_length=200, pattern=r"^[A-Za-z0-9_-]+=*$")
    auth: str = Field(min_length=16, max_length=100, pattern=r"^[A-Za-z0-9_-]+=*$")


class PushSubscriptionIn(BaseModel):
    """A browser's ``PushSubscription.toJSON()``."""

    model_config = ConfigDict(extra="forbid")
    endpoint: Endpoint = Field(
        description="The push service's address for this browser: https, on one of the "
        "browsers' push services the server accepts (its CATPACK_PUSH_SERVICES).",
    )
    keys: PushKeys
    expirationTime: Whole | None = None


class PushSubscriptionView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    endpoint: str
    created_at: datetime


class PushKeyView(BaseModel):
    model_config = ConfigDict(frozen=True)
    public_key: str = Field(description="The app's VAPID public key (applicationServerKey).")


class SentView(BaseModel):
    """One reminder ``remind`` sent (or would send, in a dry run)."""

    model_config = ConfigDict(frozen=True)
    household_id: int
    cat_id: int
    kind: Literal["session", "outing", "rest_over"]
    title: str
    body: str
    delivered: int = Field(description="Devices that accepted it.")
    removed: int = Field(description="Subscriptions dropped: the push service said gone.")
    failed: int = Field(description="Devices that could not be reached (retried next run).")
