"""What the pack-thermometer services take and give (the API's schemas for them)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from catpack.domain.contract import NO_NUL, Instant, Number, Whole
from catpack.domain.validation import CLOCK_SKEW

#: Readings per POST: a watcher sends every few seconds to 30 s, or a backlog
#: in chunks of this size; bigger batches are refused (422).
MAX_BATCH = 500

_MAC = re.compile(r"^[0-9A-F]{12}$")
_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
#: What an address may look like as given, for the OpenAPI document and the
#: parser alike: twelve hex digits with any of ``: - .`` and spaces between
#: them, or a device UUID; blanks around either (spelt out: ``\s`` means other
#: characters in Python than in JSON Schema).
ADDRESS_PATTERN = (
    r"^[ \t\n\r\f\v]*"
    r"(([:. -]*[0-9A-Fa-f]){12}[:. -]*"
    r"|[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})"
    r"[ \t\n\r\f\v]*$"
)
_GIVEN = re.compile(ADDRESS_PATTERN)


def normal_address(value: str) -> str:
    """A sensor address as stored: ``A4:C1:38:8D:18:B2``, or the upper-case UUID that
    macOS reports instead of a MAC. Raises ValueError with a plain message."""
    if _GIVEN.fullmatch(value):
        text = value.strip(" \t\n\r\f\v").upper()
        if _UUID.match(text):
            return text
        bare = re.sub(r"[:\-. ]", "", text)
        if _MAC.match(bare):
            return ":".join(bare[i : i + 2] for i in range(0, 12, 2))
    raise ValueError(
        f"{value!r} is not a Bluetooth address (like A4:C1:38:8D:18:B2) or a device UUID"
    )


Address = Annotated[
    str,
    Field(max_length=64, json_schema_extra={"pattern": ADDRESS_PATTERN}),
    AfterValidator(normal_address),
]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReadingIn(BaseModel):
    """One reading of the pack's air, as the watcher decoded it."""

    model_config = ConfigDict(extra="forbid")
    at: Instant = Field(
        description="When the sensor sent it (the watcher's clock): at most "
        f"{CLOCK_SKEW.total_seconds() / 60:.0f} minutes after the server's clock "
        "(a later one is refused, naming it)."
    )
    temp_c: Number = Field(ge=-40, le=85, description="Air temperature, °C.")
    humidity_pct: Number | None = Field(default=None, ge=0, le=100)
    battery_pct: Whole | None = Field(default=None, ge=0, le=100)
    packet_id: Whole | None = Field(default=None, ge=0, le=255)


class ReadingsIn(BaseModel):
    """A batch from one sensor. Posting the same batch again adds nothing."""

    model_config = ConfigDict(extra="forbid")
    sensor: Address = Field(description="The sensor's address.")
    readings: list[ReadingIn] = Field(min_length=1, max_length=MAX_BATCH)


class ExportSensor(BaseModel):
    """A thermometer whose readings a cat's export carries (its pairing is not carried)."""

    model_config = ConfigDict(extra="forbid")
    address: Address = Field(description="The sensor's address.")
    name: str = Field(default="", max_length=100, pattern=NO_NUL)


class ExportReading(ReadingIn):
    """One reading in a cat's export: its thermometer and the session it belongs to."""

    sensor: Address = Field(description="The address of the sensor that took it.")
    session: Whole | None = Field(
        default=None,
        ge=0,
        description="The session it belongs to, as its index in the export's `sessions` "
        "(0 is the first); null while it belongs to none.",
    )


class PairIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    address: Address
    name: str = Field(default="", max_length=100, pattern=NO_NUL)


class SensorView(_View):
    id: int
    address: str
    name: str
    cat_id: int | None
    paired_at: datetime | None


class ReadingView(_View):
    at: datetime
    temp_c: float
    humidity_pct: float | None
    battery_pct: int | None
    session_id: int | None


Level = Literal["ok", "caution", "alert", "cool_now"]


class PackView(_View):
    """The pack's air during the running session, with what to do about it."""

    level: Level
    temp_c: float
    humidity_pct: float | None
    heat_index_c: float
    rate_c_per_min: float | None = Field(description="Rise (+) or fall (-) over the last minutes.")
    at: datetime = Field(description="Time of the latest reading.")
    silent_min: float | None = Field(description="Minutes without a reading, when too long.")
    why: list[str] = Field(description="Ids of the rules that fired (docs/sensor.md).")
    advice: str = Field(description="What to do, in plain words.")
    peak_c: float = Field(description="Hottest air of the running session so far.")
    battery_pct: int | None
    sensor: str


class PackNow(_View):
    """``pack`` is null when no session is running (no fresh reading since the last log)."""

    pack: PackView | None
    readings: list[ReadingView] = Field(description="The running session's readings, oldest first.")


class ReadingsPosted(_View):
    accepted: int = Field(description="Readings stored by this request.")
    duplicates: int = Field(description="Readings already stored (a replayed batch).")
    pack: PackView | None


class SessionAir(_View):
    """A logged session's in-pack readings (``at`` is the session's time)."""

    session_id: int
    at: datetime
    readings: list[ReadingView] = Field(description="Oldest first.")

    @property
    def peak(self) -> ReadingView | None:
        """The hottest reading (the latest of equals), or None."""
        return max(self.readings, key=lambda r: (r.temp_c, r.at), default=None)
