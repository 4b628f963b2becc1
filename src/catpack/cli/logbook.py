"""``catpack log``: log a session, from flags (scripts) or prompts (people).

Missing values are asked for when the terminal is interactive (or ``--ask``);
nothing about the cat is assumed: Enter at a prompt records "not seen" or
"not counted", and calm repetitions with nothing seen are refused (the
domain's check). Without a terminal at least one observation option is needed.
Without a terminal (or with ``--no-ask``) a missing stage and level are
today's plan, as ``--help`` says; a ``--stage`` other than the plan's needs
its ``--level``. The stage and level offered at the prompts are the plan's too.

The session is checked once, by the service (the domain's session check);
its problems come back named after this command's options, one line each.
The offered choices are the contract's own (``typing.get_args`` of its types).
"""

from __future__ import annotations

import sys
from typing import Annotated, Any, get_args

import click
import typer

from catpack.cli.context import open_ctx
from catpack.cli.errors import in_options
from catpack.cli.output import JsonOpt, emit
from catpack.domain.contract import Body, Ears, Eyes, Location, Sign, Sun, Tail, Tether, Vocal
from catpack.domain.errors import CoachInputError
from catpack.services import plans, sessions
from catpack.words import LOG_NOTHING_SEEN

app = typer.Typer()

OBSERVATION: dict[str, tuple[str, ...]] = {
    "tail": get_args(Tail),
    "ears": get_args(Ears),
    "eyes": get_args(Eyes),
    "body": get_args(Body),
}
#: The session's field paths → this command's options, for error messages.
OPTIONS = {
    "session.stage": "--stage",
    "session.level": "--level",
    "session.at": "--at",
    "session.minutes": "--minutes",
    "session.reps": "--reps",
    "session.calm_reps": "--calm",
    **{f"session.observation.{k}": f"--{k}" for k in (*OBSERVATION, "vocal")},
    "session.observation.signs": "--sign",
    "session.observation.took_treats": "--treats",
    "session.observation.entered_voluntarily": "--entered",
    "session.context.location": "--location",
    "session.context.sun": "--sun",
    "session.context.temp_c": "--temp",
    "session.context.humidity_pct": "--humidity",
    "session.context.wind_ms": "--wind",
    "session.checks.harness_on": "--harness",
    "session.checks.tether": "--tether",
    "note": "--note",
}


def _one_of(kind: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in get_args(kind)) + "."


def f_to_c(value: float, unit: str) -> float:
    """°F → °C when the cat's unit is F (°C = (°F − 32) × 5/9)."""
    return round((value - 32) * 5 / 9, 2) if unit == "F" else value


def _ask_count(label: str) -> int | None:
    """A count, or None when Enter is pressed (not counted)."""
    answer = click.prompt(label, default="", show_default=False, type=str).strip()
    if not answer:
        return None
    try:
        return int(answer)
    except ValueError:
        raise CoachInputError(label.split(" (")[0], f"{answer!r} is not a whole number") from None


def _ask_choice(label: str, choices: tuple[str, ...], default: str) -> str:
    return str(click.prompt(label, default=default, type=click.Choice(choices)))


@app.command("log")
def log(
    cat: Annotated[str, typer.Argument(help="Name or id of the cat.")],
    stage: Annotated[str | None, typer.Option(help="Stage id (default: today's plan).")] = None,
    level: Annotated[int | None, typer.Option(help="Level within the stage.")] = None,
    at: Annotated[
        str | None,
        typer.Option(help="When (ISO 8601; no zone: the household's clock; default now)."),
    ] = None,
    minutes: Annotated[float | None, typer.Option()] = None,
    reps: Annotated[int | None, typer.Option(help="Repetitions tried.")] = None,
    calm: Annotated[
        int | None, typer.Option(help="Repetitions the cat stayed calm through.")
    ] = None,
    tail: Annotated[str | None, typer.Option(help=_one_of(Tail))] = None,
    ears: Annotated[str | None, typer.Option(help=_one_of(Ears))] = None,
    eyes: Annotated[str | None, typer.Option(help=_one_of(Eyes))] = None,
    body: Annotated[str | None, typer.Option(help=_one_of(Body))] = None,
    vocal: Annotated[str | None, typer.Option(help=_one_of(Vocal))] = None,
    sign: Annotated[
        list[str] | None, typer.Option(help="Stress sign (repeatable). " + _one_of(Sign))
    ] = None,
    treats: Annotated[bool | None, typer.Option("--treats/--no-treats")] = None,
    entered: Annotated[bool | None, typer.Option("--entered/--not-entered")] = None,
    location: Annotated[str | None, typer.Option(help=_one_of(Location))] = None,
    sun: Annotated[str | None, typer.Option(help=_one_of(Sun))] = None,
    temp: Annotated[float | None, typer.Option(help="Temperature, in the cat's unit.")] = None,
    humidity: Annotated[float | None, typer.Option(help="Relative humidity, %.")] = None,
    wind: Annotated[float | None, typer.Option(help="Wind, m/s.")] = None,
    harness: Annotated[bool | None, typer.Option("--harness/--no-harness")] = None,
    tether: Annotated[str | None, typer.Option(help=_one_of(Tether))] = None,
    note: Annotated[str, typer.Option(help="A note for this session.")] = "",
    ask: Annotated[
        bool | None, typer.Option("--ask/--no-ask", help="Prompt for missing values.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Log a training session for a cat."""
    interactive = sys.stdin.isatty() if ask is None else ask
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        if stage is None or level is None:
            plan = plans.today_plan(ctx.db, ctx.actor, view.id, default_zone=ctx.settings.timezone)
            planned_stage, planned_level = plan["stage"]["id"], int(plan["stage"]["level"])
            if interactive:
                stage = stage or str(click.prompt("Stage", default=planned_stage))
                level = level or int(click.prompt("Level", default=planned_level, type=int))
            elif stage in (None, planned_stage):
                stage, level = planned_stage, planned_level if level is None else level
            else:
                raise CoachInputError(
                    "--level",
                    f"is required with --stage {stage} (today's plan is {planned_stage} "
                    f"level {planned_level}; leave out --stage to log that)",
                )
        obs: dict[str, Any] = {}
        given = {"tail": tail, "ears": ears, "eyes": eyes, "body": body}
        extras = {
            "vocal": vocal,
            "signs": sign,
            "took_treats": treats,
            "entered_voluntarily": entered,
        }
        for key, choices in OBSERVATION.items():
            value = given[key]
            if value is None and interactive:
                value = _ask_choice(key.capitalize(), choices, "unseen")
            if value is not None:
                obs[key] = value
        if calm is None and interactive:
            # Nothing offered as a default: Enter leaves the counts unrecorded
            # (a default of "5 of 5 calm" would log calm tries nobody counted).
            reps = reps if reps is not None else _ask_count("Repetitions (Enter: not counted)")
            if reps is not None:
                calm = _ask_count("Calm repetitions (Enter: not counted)")
        obs.update({k: v for k, v in extras.items() if v is not None})
        when = ctx.when(at, "--at") or ctx.now().replace(microsecond=0)
        session: dict[str, Any] = {
            "at": when.isoformat(),
            "stage": stage,
            "level": level,
            "observation": obs,
        }
        counts = {"minutes": minutes, "reps": reps, "calm_reps": calm}
        session.update({k: v for k, v in counts.items() if v is not None})
        context = {
            "location": location,
            "sun": sun,
            "temp_c": f_to_c(temp, view.temp_unit) if temp is not None else None,
            "humidity_pct": humidity,
            "wind_ms": wind,
        }
        if any(v is not None for v in context.values()):
            session["context"] = {k: v for k, v in context.items() if v is not None}
        checks = {"harness_on": harness, "tether": tether}
        if any(v is not None for v in checks.values()):
            session["checks"] = {k: v for k, v in checks.items() if v is not None}
        try:
            if not interactive and not [v for v in obs.values() if v not in (None, [])]:
                # Nothing said about the cat and no one to ask: the session's own
                # problems first (all of them), then this one.
                sessions.check_session(session)
                raise CoachInputError("--tail", LOG_NOTHING_SEEN)
            logged = sessions.log_session(ctx.db, ctx.actor, view.id, session, note=note)
        except CoachInputError as error:
            raise in_options(error, OPTIONS) from None
        now = ctx.now()
    from catpack.cli.render import stage_level
    from catpack.cli.when import in_words

    emit(
        as_json,
        logged.model_dump(mode="json"),
        f"logged {view.name}'s session of {in_words(session['at'], now)}: "
        f"{stage_level(stage, level)}",
    )
