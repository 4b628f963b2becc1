"""``catpack cat add|list|show|edit|delete``."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from catpack.cli.context import open_ctx
from catpack.cli.errors import in_options
from catpack.cli.output import JsonOpt, emit, print_json
from catpack.domain.errors import CoachInputError
from catpack.services import cats, sessions

app = typer.Typer(help="Your cats: add, list, show, edit, delete.", no_args_is_help=True)
LB_PER_KG = 2.20462  # 1 kg = 2.20462 lb (NIST SP 811 conversion factor, rounded)
#: The cat's field paths → the options of ``cat add`` / ``cat edit``, for errors.
OPTIONS = {
    "cat.name": "NAME",
    "cat.weight_kg": "--weight",
    "cat.motivation": "--motivation",
    "cat.outdoor_experience": "--outdoor",
    "cat.carrier_history": "--carrier",
    "temp_unit": "--temp-unit",
    "weight_unit": "--weight-unit",
    "notes": "--notes",
}


def to_kg(weight: float | None, unit: str) -> float | None:
    if weight is None:
        return None
    return round(weight / LB_PER_KG, 3) if unit == "lb" else weight


def show_weight(kg: float | None, unit: str) -> str:
    if kg is None:
        return "—"
    return f"{kg * LB_PER_KG:.1f} lb" if unit == "lb" else f"{kg:g} kg"


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The cat's name (unique in your household).")],
    weight: Annotated[float | None, typer.Option(help="Weight, in --weight-unit.")] = None,
    weight_unit: Annotated[str, typer.Option(help="kg or lb.")] = "kg",
    temp_unit: Annotated[str, typer.Option(help="C or F, for showing temperatures.")] = "C",
    motivation: Annotated[
        list[str] | None, typer.Option(help="food, play or comfort (repeat for more).")
    ] = None,
    harness_trained: Annotated[
        bool | None, typer.Option("--harness-trained/--not-harness-trained")
    ] = None,
    outdoor: Annotated[str | None, typer.Option(help="none, garden or outdoor_cat.")] = None,
    carrier: Annotated[str | None, typer.Option(help="none, neutral or negative.")] = None,
    notes: Annotated[str, typer.Option(help="Free-text notes.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Add a cat."""
    profile: dict[str, Any] = {"name": name}
    if weight is not None:
        profile["weight_kg"] = to_kg(weight, weight_unit)
    optional = {
        "motivation": motivation,
        "harness_trained": harness_trained,
        "outdoor_experience": outdoor,
        "carrier_history": carrier,
    }
    profile.update({k: v for k, v in optional.items() if v is not None})
    with open_ctx() as ctx:
        try:
            made = cats.add_cat(
                ctx.db,
                ctx.actor,
                profile,
                notes=notes,
                temp_unit=temp_unit,  # type: ignore[arg-type]  # checked by the service
                weight_unit=weight_unit,  # type: ignore[arg-type]
            )
        except CoachInputError as error:
            raise in_options(error, OPTIONS) from None
    emit(as_json, made.model_dump(mode="json"), f"added {made.name} (id {made.id})")


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List your cats."""
    with open_ctx() as ctx:
        page = cats.list_cats(ctx.db, ctx.actor, limit=ctx.settings.max_page_size)
    if as_json:
        print_json([c.model_dump(mode="json") for c in page.items])
        return
    table = Table("id", "name", "weight", "sessions", "paused")
    for c in page.items:
        weight = show_weight(c.cat.get("weight_kg"), c.weight_unit)
        table.add_row(str(c.id), c.name, weight, str(c.sessions), "yes" if c.paused else "")
    Console().print(table)


@app.command()
def show(
    cat: Annotated[str, typer.Argument(help="Name or id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show a cat's profile and its latest sessions."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        recent = sessions.history(ctx.db, ctx.actor, view.id, limit=5)
        now = ctx.now()
    if as_json:
        print_json(view.model_dump(mode="json"))
        return
    from catpack.cli.render import stage_level
    from catpack.cli.when import day_and_time

    console = Console()
    console.print(f"[bold]{escape(view.name)}[/] (id {view.id}) · {view.sessions} sessions")
    for key, value in view.cat.items():
        if key == "weight_kg":
            console.print(f"  weight: {show_weight(value, view.weight_unit)}")
        elif key != "name":
            console.print(f"  {key.replace('_', ' ')}: {escape(_plain(value))}")
    console.print(f"  units: °{view.temp_unit}, {view.weight_unit}")
    if view.notes:
        console.print(f"  notes: {escape(view.notes)}")
    if view.paused:
        console.print("  [yellow]training is paused[/]")
    for item in recent.items:
        s = item.session
        when = day_and_time(s["at"], now)
        console.print(f"  · {when}  {stage_level(s['stage'], s['level'])}")


def _plain(value: object) -> str:
    """A profile value in words: lists joined, yes/no for true/false, ids tidied."""
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


@app.command()
def edit(
    cat: Annotated[str, typer.Argument(help="Name or id.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    weight: Annotated[float | None, typer.Option(help="Weight, in the cat's unit.")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    temp_unit: Annotated[str | None, typer.Option(help="C or F.")] = None,
    weight_unit: Annotated[str | None, typer.Option(help="kg or lb.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a cat's name, weight, notes or units."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        change: dict[str, Any] = {}
        if name is not None:
            change["name"] = name
        if weight is not None:
            change["weight_kg"] = to_kg(weight, weight_unit or view.weight_unit)
        try:
            done = cats.edit_cat(
                ctx.db,
                ctx.actor,
                view.id,
                cat=change or None,
                notes=notes,
                temp_unit=temp_unit,  # type: ignore[arg-type]
                weight_unit=weight_unit,  # type: ignore[arg-type]
            )
        except CoachInputError as error:
            raise in_options(error, OPTIONS) from None
    emit(as_json, done.model_dump(mode="json"), f"updated {done.name}")


@app.command()
def delete(
    cat: Annotated[str, typer.Argument(help="Name or id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete a cat with all its sessions, pauses and trips."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        if not yes:
            typer.confirm(f"Delete {view.name} and its {view.sessions} sessions?", abort=True)
        cats.delete_cat(ctx.db, ctx.actor, view.id)
    emit(
        as_json,
        {"deleted": view.id, "name": view.name, "sessions": view.sessions},
        f"deleted {view.name}",
    )
