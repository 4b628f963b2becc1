"""The pack thermometer on the pages: Today's live in-pack reading and its banners,
and the in-pack air of a logged session (the history's small chart).

Today renders an empty slot (no extra statement for a cat without a sensor);
``static/app.js`` fills it from :func:`today_pack` at once, and asks again every
:data:`POLL_S` seconds while a session runs: the timer is running, or the
server has fresh readings (``data-live``). Without JavaScript the same panel
is a page of its own (the route without ``part=1``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from starlette.responses import Response

from catpack.domain import pack_air
from catpack.domain.errors import NotFoundError
from catpack.services import pack_history, readings
from catpack.services.pack_views import PackView, ReadingView, SensorView, SessionAir
from catpack.web.pages.chart import pack_png
from catpack.web.pages.deps import Page, PageDep
from catpack.web.pages.forms import row_id
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render
from catpack.web.pages.units import Units

router = page_router()

#: Policy: Today asks for the pack's air this often while a session runs. The
#: watcher posts every 10 s, so a new batch shows within 5 s of arriving.
POLL_S = 5
#: Policy: a change slower than this many °C a minute reads as "steady" (0.25 °C
#: in 5 minutes: about twice the common sensors' 0.1 °C steps).
STEADY_C_PER_MIN = 0.05
#: Policy: a sensor battery at or below this share is worth replacing before a walk.
LOW_BATTERY_PCT = 15
#: Rows of a session's in-pack table in the history: the hottest reading of each
#: step, the step a whole number of minutes so the table stays short.
TABLE_ROWS = 12
#: The longest timer a page may report (a day): anything above is not a timer.
MAX_TIMER_S = 24 * 3600

Kind = Literal["none", "idle", "waiting", "unheard", "air"]
HEAT_HEADINGS = {
    "alert": "The pack is hot: cool the cat now",
    "cool_now": "Stop and cool the cat now",
}


@dataclass(frozen=True)
class PackPanel:
    """What Today's pack slot shows.

    ``kind``: ``none`` (no sensor paired, nothing heard: the slot stays empty),
    ``idle`` (paired, no session running), ``waiting`` (the timer runs, no
    reading yet), ``unheard`` (the timer has run past the silence limit with no
    reading at all), ``air`` (the running session's readings)."""

    kind: Kind
    sensor: SensorView | None
    pack: PackView | None
    now: datetime
    units: Units
    timer_s: int | None = None  # how long the page's timer has run, when it runs

    @property
    def live(self) -> bool:
        """Whether the server sees a session running (fresh readings)."""
        return self.pack is not None

    @property
    def cold(self) -> bool:
        return self.pack is not None and any(
            w in ("cold", "cold_too_long", "freezing") for w in self.pack.why
        )

    @property
    def level_advice(self) -> str:
        """What the air's level asks for, without the silence alarm."""
        if self.pack is None:
            return ""
        return readings.ADVICE["cold" if self.cold else self.pack.level]

    @property
    def banner(self) -> str:
        """'heat', 'cold', 'silent' or '' (no banner)."""
        if self.kind == "unheard":
            return "silent"
        if self.pack is None:
            return ""
        if self.pack.level in ("alert", "cool_now"):
            return "cold" if self.cold else "heat"
        return "silent" if self.pack.silent_min is not None else ""

    @property
    def silent_min(self) -> int | None:
        """Whole minutes without a reading, when that is an alarm."""
        if self.kind == "unheard":
            return (self.timer_s or 0) // 60
        if self.pack is None or self.pack.silent_min is None:
            return None
        return int(self.pack.silent_min)

    @property
    def heading(self) -> str:
        if self.banner == "heat":
            assert self.pack is not None
            return HEAT_HEADINGS[self.pack.level]
        if self.banner == "cold":
            return "The pack is too cold: warm the cat now"
        if self.banner == "silent":
            return f"No reading for {self.silent_min} minutes"
        return ""

    @property
    def state(self) -> str:
        """Changes only when what the owner must know changes (app.js announces it)."""
        level = self.pack.level if self.pack else ""
        return f"{self.kind}:{level}:{self.banner}:{self.cold}"

    @property
    def say(self) -> str:
        """The words a screen reader hears when the state changes."""
        if self.heading:
            return self.heading
        if self.pack is not None:
            return f"In the pack {self.temp}. {self.pack.advice}"
        if self.kind == "waiting":
            return "Waiting for the pack thermometer's first reading."
        return ""

    @property
    def temp(self) -> str:
        return self.units.show_temp(self.pack.temp_c if self.pack else None)

    @property
    def trend(self) -> str:
        rate = self.pack.rate_c_per_min if self.pack else None
        if rate is None:
            return ""
        if abs(rate) < STEADY_C_PER_MIN:
            return "steady"
        way = "rising" if rate > 0 else "falling"
        return f"{way} {self.units.show_temp_change(abs(rate))} a minute"

    @property
    def age(self) -> str:
        """How fresh the latest reading is, in words."""
        if self.pack is None:
            return ""
        seconds = int((self.now - self.pack.at).total_seconds())
        if seconds < 5:
            return "just now"
        if seconds < 60:
            return f"{seconds} s ago"
        if seconds < 3600:
            return f"{seconds // 60} min ago"
        return f"{seconds // 3600} h ago"

    @property
    def details(self) -> str:
        """Humidity, trend and freshness of the latest reading, in one line."""
        if self.pack is None:
            return ""
        parts = (
            [] if self.pack.humidity_pct is None else [f"{self.pack.humidity_pct:.0f} % humidity"]
        )
        parts += [self.trend] if self.trend else []
        return ", ".join([*parts, self.age])

    @property
    def low_battery(self) -> bool:
        battery = self.pack.battery_pct if self.pack else None
        return battery is not None and battery <= LOW_BATTERY_PCT


def panel(
    page_now: datetime,
    units: Units,
    sensor: SensorView | None,
    pack: PackView | None,
    timer_s: int | None,
) -> PackPanel:
    """Which panel to show for a sensor, the running session's air and the timer."""
    kind: Kind
    if pack is not None:
        kind = "air"
    elif timer_s is not None and sensor is not None:
        kind = "unheard" if timer_s >= pack_air.SILENT_AFTER_MIN * 60 else "waiting"
    else:
        kind = "idle" if sensor is not None else "none"
    return PackPanel(kind, sensor, pack, page_now, units, timer_s)


def _timer_seconds(raw: str | None) -> int | None:
    """Seconds the page's timer has run, as app.js reports them while it runs;
    None without one (anything but a whole number counts as none)."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return None
    return min(int(raw), MAX_TIMER_S)


@router.get("/cats/{cat_id}/today/pack")
def today_pack(cat_id: str, page: PageDep) -> Response:
    """Today's pack slot (``part=1``: the bare panel app.js swaps in; else a page)."""
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    params = page.request.query_params
    now = page.home.now
    sensor = readings.cat_sensor(page.db, page.actor, cat.id)
    pack = readings.pack_now(page.db, page.actor, cat.id, now).pack
    shown = panel(now, page.units, sensor, pack, _timer_seconds(params.get("timer")))
    context = page.frame(cat, "today")
    context.update(pack_panel=shown, poll_s=POLL_S)
    name = "components/pack_panel.html" if params.get("part") == "1" else "pack.html"
    response = render(page.request, name, context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/cats/{cat_id}/sessions/{session_id}/pack.png")
def session_pack_chart(cat_id: str, session_id: str, page: PageDep) -> Response:
    """The small chart of a logged session's in-pack air, in the owner's units."""
    cat, number = page.cat(cat_id), row_id(session_id)
    if cat is None or number is None:
        return Response(status_code=404)
    try:
        air = pack_history.session_air(page.db, page.actor, cat.id, number)
    except NotFoundError:
        return Response(status_code=404)
    png = pack_png(air.readings, page.units, page.home.zone)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class SessionAirShown:
    """A logged session's in-pack air as the history shows it."""

    session_id: int
    count: int
    first: ReadingView
    last: ReadingView
    peak: ReadingView
    step_min: int  # minutes per row of the table; 0: every reading has its row
    rows: list[ReadingView]


def shown_air(air: SessionAir, max_rows: int = TABLE_ROWS) -> SessionAirShown | None:
    """The summary and the short table of a session's readings: all of them when
    they are at most ``max_rows``, else the hottest reading of each step of whole
    minutes (at most ``max_rows`` + 1 rows). None without readings."""
    if not air.readings or air.peak is None:
        return None
    first, last = air.readings[0], air.readings[-1]
    if len(air.readings) <= max_rows:  # few enough to show them all (step 0)
        rows = list(air.readings)
        return SessionAirShown(air.session_id, len(rows), first, last, air.peak, 0, rows)
    span_min = (last.at - first.at).total_seconds() / 60
    step = max(1, math.ceil(span_min / max_rows))
    hottest: dict[int, ReadingView] = {}
    for r in air.readings:  # steps on the clock's minutes, so each row has its own time
        bucket = int(r.at.timestamp() // (step * 60))
        if bucket not in hottest or r.temp_c > hottest[bucket].temp_c:
            hottest[bucket] = r
    rows = [hottest[b] for b in sorted(hottest)]
    return SessionAirShown(air.session_id, len(air.readings), first, last, air.peak, step, rows)


def history_air(page: Page, cat_id: int, since: datetime | None) -> dict[datetime, SessionAirShown]:
    """The in-pack air of the cat's sessions logged since ``since``, by session time."""
    found = pack_history.sessions_air(page.db, page.actor, cat_id, since=since)
    return {a.at: shown for a in found if (shown := shown_air(a)) is not None}
