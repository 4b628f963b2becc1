"""``catpack remind`` (cron), ``catpack reminders ...``, ``habit``, ``trips ...``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from catpack.cli.context import open_ctx
from catpack.cli.logbook import OBSERVATION, f_to_c
from catpack.cli.output import JsonOpt, emit, print_json
from catpack.cli.render import stage_level
from catpack.domain.errors import CoachInputError
from catpack.services import gear, outings, push, reminders
from catpack.services.setup import open_database
from catpack.settings import load_settings

top = typer.Typer()
app = typer.Typer(help="Reminder time, quiet hours, calendar address.", no_args_is_help=True)
trips = typer.Typer(help="Saved trips and how they went.", no_args_is_help=True)
CatArg = Annotated[str, typer.Argument(help="Name or id of the cat.")]


def _aware(value: datetime | None) -> datetime | None:
    return value.astimezone() if value is not None and value.tzinfo is None else value


@top.command("remind")
def remind(
    now: Annotated[datetime | None, typer.Option(help="Pretend it is this time.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show, do not send.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Send the push reminders due now, each once (run it from cron every few minutes)."""
    settings = load_settings()
    db = open_database(settings)
    try:
        sent = push.remind(db, settings, now=_aware(now), dry_run=dry_run)
    finally:
        db.dispose()
    if as_json:
        print_json([s.model_dump(mode="json") for s in sent])
        return
    if not sent:
        typer.echo("nothing due")
    for s in sent:
        if dry_run:
            typer.echo(f"would send: {s.title}")
            continue
        devices = f"{s.delivered} device{'s' if s.delivered != 1 else ''}"
        extra = f", {s.failed} unreachable (will retry)" if s.failed else ""
        extra += f", {s.removed} unsubscribed" if s.removed else ""
        typer.echo(f"sent to {devices}: {s.title}{extra}")


@app.command("show")
def show(as_json: JsonOpt = False) -> None:
    """The household's reminder settings."""
    with open_ctx() as ctx:
        view = reminders.get_settings(ctx.db, ctx.actor)
    if as_json:
        print_json(view.model_dump(mode="json"))
        return
    typer.echo(f"usual session time: {view.remind_at} ({view.timezone or 'local time'})")
    typer.echo(f"quiet hours (no push): {view.quiet_from} to {view.quiet_until}")
    typer.echo(f"push: {'on' if view.push_enabled else 'off'}, {view.push_devices} device(s)")
    typer.echo(f"calendar address: {'made' if view.feed else 'none yet (catpack reminders feed)'}")


@app.command("set")
def set_(
    at: Annotated[str | None, typer.Option("--at", help="Usual session time, HH:MM.")] = None,
    quiet: Annotated[str | None, typer.Option(help="Quiet hours, HH:MM-HH:MM.")] = None,
    push_on: Annotated[bool | None, typer.Option("--push/--no-push")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA zone, e.g. Europe/Berlin.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change the reminder time, quiet hours, push or time zone."""
    change: dict[str, Any] = {"remind_at": at, "push_enabled": push_on, "timezone": timezone}
    if quiet is not None:
        parts = quiet.split("-")
        if len(parts) != 2:
            raise CoachInputError("--quiet", f"{quiet!r} is not HH:MM-HH:MM")
        change["quiet_from"], change["quiet_until"] = parts
    with open_ctx() as ctx:
        reminders.update_settings(
            ctx.db, ctx.actor, {k: v for k, v in change.items() if v is not None}
        )
    show(as_json)


@app.command("feed")
def feed(as_json: JsonOpt = False) -> None:
    """Make a new secret calendar address (the old one stops working) and print it."""
    with open_ctx() as ctx:
        token = reminders.new_feed(ctx.db, ctx.actor)
        url = reminders.feed_url(ctx.settings.base_url(), token)
    emit(
        as_json,
        {"url": url},
        f"{url}\nSubscribe to it in your calendar app; keep it private. Shown only now.",
    )


@app.command("feed-off")
def feed_off(as_json: JsonOpt = False) -> None:
    """Turn the calendar address off."""
    with open_ctx() as ctx:
        reminders.delete_feed(ctx.db, ctx.actor)
    emit(as_json, {"feed": False}, "calendar address turned off")


@top.command("habit")
def habit(
    cat: CatArg,
    per_week: Annotated[int | None, typer.Option(help="Set the weekly target (1-7).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """After training: the weekly routine, the streak and what to do next."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        if per_week is not None:
            outings.set_routine(ctx.db, ctx.actor, view.id, per_week)
        state = outings.habit(ctx.db, ctx.actor, view.id, default_zone=ctx.settings.timezone)
    if as_json:
        print_json(state)
        return
    if state["graduated"]:
        typer.echo(
            f"{view.name}: {state['this_week']} of {state['per_week']} short outings this week; "
            f"streak {state['streak_weeks']} week{'s' if state['streak_weeks'] != 1 else ''}."
        )
    for nudge in state["nudges"]:
        typer.echo(f"• {nudge}")


@trips.command("add")
def add_trip(
    cat: CatArg,
    kind: Annotated[str, typer.Option(help="walk, hike, hotel, road_trip or flight.")],
    hours: Annotated[float, typer.Option(help="How long.")],
    starts: Annotated[datetime | None, typer.Option(help="When it starts.")] = None,
    airline: Annotated[str | None, typer.Option(help="Airline id (flights).")] = None,
    sun: Annotated[str | None, typer.Option(help="indoor, shade, partial or full.")] = None,
    temp: Annotated[float | None, typer.Option(help="Forecast, in the cat's unit.")] = None,
    notes: Annotated[str, typer.Option()] = "",
    as_json: JsonOpt = False,
) -> None:
    """Save a planned trip."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        trip: dict[str, Any] = {"kind": kind, "hours": hours}
        temp_c = f_to_c(temp, view.temp_unit) if temp is not None else None
        optional = {"airline": airline, "sun": sun, "temp_c": temp_c}
        trip.update({k: v for k, v in optional.items() if v is not None})
        made = gear.add_trip(
            ctx.db, ctx.actor, view.id, trip, starts_at=_aware(starts), notes=notes
        )
    emit(as_json, made.model_dump(mode="json"), f"saved trip {made.id} for {view.name}")


@trips.command("list")
def list_trips(cat: CatArg, as_json: JsonOpt = False) -> None:
    """A cat's saved trips."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        found = gear.list_trips(ctx.db, ctx.actor, view.id)
    if as_json:
        print_json([tr.model_dump(mode="json") for tr in found])
        return
    table = Table("id", "kind", "hours", "starts", "how it went", title=view.name)
    for tr in found:
        starts = tr.starts_at.isoformat() if tr.starts_at else ""
        done = "logged" if tr.outcome_session_id else ""
        table.add_row(str(tr.id), tr.trip["kind"], f"{tr.trip['hours']:g}", starts, done)
    Console().print(table)


@trips.command("outcome")
def outcome(
    cat: CatArg,
    trip_id: Annotated[int, typer.Argument(help="The trip's id (catpack trips list).")],
    tail: Annotated[str | None, typer.Option()] = None,
    ears: Annotated[str | None, typer.Option()] = None,
    eyes: Annotated[str | None, typer.Option()] = None,
    body: Annotated[str | None, typer.Option()] = None,
    vocal: Annotated[str | None, typer.Option()] = None,
    sign: Annotated[list[str] | None, typer.Option(help="Stress sign (repeatable).")] = None,
    treats: Annotated[bool | None, typer.Option("--treats/--no-treats")] = None,
    minutes: Annotated[float | None, typer.Option(help="Default: the trip's length.")] = None,
    note: Annotated[str, typer.Option()] = "",
    as_json: JsonOpt = False,
) -> None:
    """Log how the cat did on a trip: the coach reads it as a session."""
    given = {"tail": tail, "ears": ears, "eyes": eyes, "body": body}
    obs: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not obs:
        raise CoachInputError("--tail", f"say how the cat looked: {', '.join(OBSERVATION)}")
    extras = {"vocal": vocal, "signs": sign, "took_treats": treats}
    obs.update({k: v for k, v in extras.items() if v is not None})
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        logged = outings.record_trip_outcome(
            ctx.db,
            ctx.actor,
            view.id,
            trip_id,
            obs,
            minutes=minutes,
            note=note,
            default_zone=ctx.settings.timezone,
        )
    s = logged.session
    words = f"logged trip {trip_id} as session {logged.id}: {stage_level(s['stage'], s['level'])}"
    emit(as_json, logged.model_dump(mode="json"), words)
