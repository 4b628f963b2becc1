"""``catpack today``, ``history``, ``undo``, ``pause``, ``resume``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from catpack.cli.context import open_ctx
from catpack.cli.errors import in_options
from catpack.cli.logbook import f_to_c
from catpack.cli.output import JsonOpt, emit, print_json
from catpack.cli.render import stage_level, stage_title
from catpack.cli.when import day_and_time, in_words
from catpack.domain.errors import CoachInputError
from catpack.services import plans, sessions

app = typer.Typer()
CatArg = Annotated[str, typer.Argument(help="Name or id of the cat.")]

#: The services' field names → this module's options, for error messages.
OPTIONS = {
    "since": "--since",
    "until": "--until",
    "to": "--until",
    "limit": "--limit",
    "reason": "--reason",
}


@app.command()
def today(
    cat: CatArg,
    location: Annotated[str | None, typer.Option(help="Where the session will be.")] = None,
    sun: Annotated[str | None, typer.Option(help="indoor, shade, partial or full.")] = None,
    temp: Annotated[float | None, typer.Option(help="Forecast, in the cat's unit.")] = None,
    humidity: Annotated[float | None, typer.Option(help="Relative humidity, %.")] = None,
    wind: Annotated[float | None, typer.Option(help="Wind, m/s.")] = None,
    minutes: Annotated[float | None, typer.Option(help="Planned length.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """What to do in the next session, from the cat's log and the planned weather."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        given: dict[str, Any] = {
            "location": location,
            "sun": sun,
            "temp_c": f_to_c(temp, view.temp_unit) if temp is not None else None,
            "humidity_pct": humidity,
            "wind_ms": wind,
            "minutes": minutes,
        }
        planned = {k: v for k, v in given.items() if v is not None} or None
        decision = plans.today_plan(
            ctx.db, ctx.actor, view.id, planned=planned, default_zone=ctx.settings.timezone
        )
        now = ctx.now()
    if as_json:
        print_json(decision)
    else:
        from catpack.cli.render import render_decision

        render_decision(decision, now=now, temp_unit=view.temp_unit)


@app.command()
def history(
    cat: CatArg,
    since: Annotated[str | None, typer.Option(help="From this time on (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this time (ISO 8601).")] = None,
    stage: Annotated[str | None, typer.Option(help="Only this stage.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many sessions.")] = 20,
    offset: Annotated[int, typer.Option(min=0, max=2_000_000_000, help="Skip this many.")] = 0,
    deleted: Annotated[bool, typer.Option("--deleted", help="Include deleted.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """The cat's sessions, newest first."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        try:
            page = sessions.history(
                ctx.db,
                ctx.actor,
                view.id,
                since=ctx.when(since, "--since"),
                until=ctx.when(until, "--until"),
                stage=stage,
                include_deleted=deleted,
                limit=min(limit, ctx.settings.max_page_size),
                offset=offset,
            )
        except CoachInputError as error:
            raise in_options(error, OPTIONS) from None
        now = ctx.now()
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    table = Table(
        "id",
        "when",
        "stage",
        "level",
        "calm",
        "note",
        title=f"{view.name}: {len(page.items)} of {page.total} sessions",
        caption=f"times in {zone_name(now)}",
    )
    for item in page.items:
        s = item.session
        calm = f"{s['calm_reps']} of {s['reps']}" if "calm_reps" in s and "reps" in s else ""
        mark = " (deleted)" if item.deleted_at else ""
        table.add_row(
            str(item.id),
            day_and_time(s["at"], now),
            stage_title(s["stage"]),
            str(s["level"]),
            calm,
            item.note + mark,
        )
    Console().print(table)


def zone_name(now: datetime) -> str:
    """The household's zone as people know it ('Europe/Berlin'), else its abbreviation."""
    return str(getattr(now.tzinfo, "key", None) or now.tzname() or "UTC")


@app.command()
def undo(cat: CatArg, as_json: JsonOpt = False) -> None:
    """Remove the session logged last (it stays in the audit trail)."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        gone = sessions.undo_last_session(ctx.db, ctx.actor, view.id)
        now = ctx.now()
    s = gone.session
    emit(
        as_json,
        gone.model_dump(mode="json"),
        f"removed {view.name}'s session of {in_words(s['at'], now)}: "
        f"{stage_level(s['stage'], s['level'])} (it stays in the audit trail)",
    )


@app.command()
def pause(
    cat: CatArg,
    reason: Annotated[str, typer.Option(help="Holiday, illness, ...")] = "",
    until: Annotated[
        str | None,
        typer.Option(help="End (ISO 8601; no zone: the household's clock; default: until resume)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Pause training: the time away will not count as a lapse."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        try:
            end = ctx.when(until, "--until")
            made = plans.pause(ctx.db, ctx.actor, view.id, end=end, reason=reason)
        except CoachInputError as error:
            raise in_options(error, OPTIONS) from None
        now = ctx.now()
    lasts = f"until {in_words(end, now)}" if end is not None else "until you resume"
    emit(
        as_json,
        made.model_dump(mode="json"),
        f"paused {view.name}'s training {lasts}",
    )


@app.command()
def resume(cat: CatArg, as_json: JsonOpt = False) -> None:
    """End the running pause."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        ended = plans.resume(ctx.db, ctx.actor, view.id)
    emit(
        as_json,
        ended.model_dump(mode="json"),
        f"resumed {view.name}'s training",
    )
