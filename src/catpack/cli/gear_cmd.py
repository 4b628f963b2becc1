"""``catpack pack add|list|show|edit|delete|use``, ``catpack measure`` and ``catpack fit``.

Sizes are typed in the unit given with ``--unit`` (cm or in) and weights with
``--weight-unit`` (kg or lb); the app stores cm and kg and shows the pack back
in the unit it was measured in.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

import typer
from rich.console import Console
from rich.table import Table

from catpack.cli.context import Ctx, open_ctx
from catpack.cli.output import JsonOpt, emit, print_json
from catpack.domain import measure
from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.services import cats, gear
from catpack.services.views import BackpackView, LengthUnit, WeightUnit

app = typer.Typer(help="Backpacks: their size, build and fit.", no_args_is_help=True)
top = typer.Typer()

PackArg = Annotated[str, typer.Argument(help="Name or id of the backpack.")]
Num = float | None
Flag = bool | None
LENGTH_UNITS: tuple[str, ...] = get_args(LengthUnit)
WEIGHT_UNITS: tuple[str, ...] = get_args(WeightUnit)


def _unit(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise CoachInputError(option, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def find_pack(ctx: Ctx, ref: str) -> BackpackView:
    packs = gear.list_backpacks(ctx.db, ctx.actor)
    for p in packs:
        if p.name == ref or (ref.isascii() and ref.isdigit() and p.id == int(ref)):
            return p
    raise NotFoundError(f"no backpack named {ref!r}")


#: CLI option → profile field, for the options that are not sizes or weights.
_BUILD = {
    "mesh_sides": "mesh_sides",
    "bubble": "bubble_window",
    "tether": "inner_tether",
    "tether_low": "tether_low",
    "zip_clips": "zip_clips",
    "soft": "soft_sided",
}


def _profile(unit: str, weight_unit: str, options: dict[str, Any]) -> dict[str, Any]:
    """The profile fields given among a command's ``options`` (its locals()), in cm and kg."""
    _unit(unit, LENGTH_UNITS, "--unit")
    _unit(weight_unit, WEIGHT_UNITS, "--weight-unit")
    out: dict[str, Any] = {}
    for key in ("length", "width", "height"):
        if options[key] is not None:
            out[f"{key}_cm"] = round(measure.to_cm(options[key], unit), 2)
    for key in ("weight", "max_cat"):
        if options[key] is not None:
            out[f"{key}_kg"] = round(measure.to_kg(options[key], weight_unit), 3)
    if options["openings"] is not None:
        out["openings"] = [o.strip() for o in options["openings"].split(",") if o.strip()]
    out.update({field: options[opt] for opt, field in _BUILD.items() if options[opt] is not None})
    return out


SizeOpt = Annotated[Num, typer.Option(help="Inside size, in --unit.")]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the pack.")],
    length: SizeOpt = None,
    width: SizeOpt = None,
    height: SizeOpt = None,
    unit: Annotated[str, typer.Option(help="cm or in.")] = "cm",
    weight: Annotated[Num, typer.Option(help="The empty pack, in --weight-unit.")] = None,
    max_cat: Annotated[Num, typer.Option(help="The maker's weight rating.")] = None,
    weight_unit: Annotated[str, typer.Option(help="kg or lb.")] = "kg",
    openings: Annotated[
        str | None, typer.Option(help="front, top, side (comma-separated).")
    ] = None,
    mesh_sides: Annotated[int | None, typer.Option(help="Sides with mesh for airflow.")] = None,
    bubble: Annotated[Flag, typer.Option("--bubble/--no-bubble")] = None,
    tether: Annotated[Flag, typer.Option("--tether/--no-tether", help="Inner tether.")] = None,
    tether_low: Annotated[Flag, typer.Option("--tether-low/--tether-high")] = None,
    zip_clips: Annotated[Flag, typer.Option("--zip-clips/--no-zip-clips")] = None,
    soft: Annotated[Flag, typer.Option("--soft/--hard", help="Soft-sided bag?")] = None,
    notes: Annotated[str, typer.Option()] = "",
    as_json: JsonOpt = False,
) -> None:
    """Add a backpack (sizes inside, as it stands when worn)."""
    data = _profile(unit, weight_unit, locals())
    with open_ctx() as ctx:
        made = gear.add_backpack(
            ctx.db, ctx.actor, {"name": name, "length_unit": unit, "notes": notes, **data}
        )
    emit(as_json, made.model_dump(mode="json"), f"added backpack {made.name} (id {made.id})")


@app.command("edit")
def edit(
    pack: PackArg,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    length: SizeOpt = None,
    width: SizeOpt = None,
    height: SizeOpt = None,
    unit: Annotated[str | None, typer.Option(help="cm or in (default: the pack's).")] = None,
    weight: Annotated[Num, typer.Option()] = None,
    max_cat: Annotated[Num, typer.Option()] = None,
    weight_unit: Annotated[str, typer.Option(help="kg or lb.")] = "kg",
    openings: Annotated[str | None, typer.Option()] = None,
    mesh_sides: Annotated[int | None, typer.Option()] = None,
    bubble: Annotated[Flag, typer.Option("--bubble/--no-bubble")] = None,
    tether: Annotated[Flag, typer.Option("--tether/--no-tether")] = None,
    tether_low: Annotated[Flag, typer.Option("--tether-low/--tether-high")] = None,
    zip_clips: Annotated[Flag, typer.Option("--zip-clips/--no-zip-clips")] = None,
    soft: Annotated[Flag, typer.Option("--soft/--hard")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change what is given; everything else stays."""
    with open_ctx() as ctx:
        view = find_pack(ctx, pack)
        change = _profile(unit or view.length_unit, weight_unit, locals())
        if name is not None:
            change["name"] = name
        if notes is not None:
            change["notes"] = notes
        if unit is not None:
            change["length_unit"] = unit
        done = gear.edit_backpack(ctx.db, ctx.actor, view.id, change)
    emit(as_json, done.model_dump(mode="json"), f"updated backpack {done.name}")


def _yes(value: bool | None) -> str:
    return "not recorded" if value is None else ("yes" if value else "no")


def describe(p: BackpackView, weight_unit: str = "kg") -> list[tuple[str, str]]:
    units: measure.Units = "imperial" if p.length_unit == "in" else "metric"
    dims = [p.length_cm, p.width_cm, p.height_cm]
    size = " x ".join(measure.length(d, units) for d in dims if d is not None) or "not recorded"
    wu: measure.Units = "imperial" if weight_unit == "lb" else "metric"
    rows = [
        ("inside (L x W x H)", size),
        ("weight", measure.weight(p.weight_kg, wu) if p.weight_kg else "not recorded"),
        ("rated for", measure.weight(p.max_cat_kg, wu) if p.max_cat_kg else "not recorded"),
        ("openings", ", ".join(p.openings) if p.openings else "not recorded"),
        ("mesh sides", "not recorded" if p.mesh_sides is None else str(p.mesh_sides)),
        ("bubble window", _yes(p.bubble_window)),
        ("inner tether", _yes(p.inner_tether)),
        ("tether low down", _yes(p.tether_low)),
        ("zip clips", _yes(p.zip_clips)),
        ("soft-sided", _yes(p.soft_sided)),
    ]
    return rows + ([("notes", p.notes)] if p.notes else [])


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """Your backpacks."""
    with open_ctx() as ctx:
        packs = gear.list_backpacks(ctx.db, ctx.actor)
    if as_json:
        print_json([p.model_dump(mode="json") for p in packs])
        return
    table = Table("id", "name", "inside", "rated for")
    for p in packs:
        found = dict(describe(p))
        table.add_row(str(p.id), p.name, found["inside (L x W x H)"], found["rated for"])
    Console().print(table)


@app.command("show")
def show(pack: PackArg, as_json: JsonOpt = False) -> None:
    """A backpack's profile."""
    with open_ctx() as ctx:
        view = find_pack(ctx, pack)
    if as_json:
        print_json(view.model_dump(mode="json"))
        return
    console = Console()
    console.print(f"[bold]{view.name}[/] (id {view.id})")
    for label, value in describe(view):
        console.print(f"  {label}: {value}")


@app.command("delete")
def delete(pack: PackArg, as_json: JsonOpt = False) -> None:
    """Delete a backpack (cats that used it lose the link, nothing else)."""
    with open_ctx() as ctx:
        view = find_pack(ctx, pack)
        gear.delete_backpack(ctx.db, ctx.actor, view.id)
    emit(as_json, {"deleted": view.id, "name": view.name}, f"deleted backpack {view.name}")


@app.command("use")
def use(
    cat: Annotated[str, typer.Argument(help="Name or id of the cat.")],
    pack: PackArg,
    as_json: JsonOpt = False,
) -> None:
    """Make this the cat's backpack (the coach then checks its tether, rating, airflow)."""
    with open_ctx() as ctx:
        view, chosen = ctx.cat(cat), find_pack(ctx, pack)
        cats.edit_cat(ctx.db, ctx.actor, view.id, backpack_id=chosen.id)
    emit(
        as_json,
        {"cat_id": view.id, "backpack_id": chosen.id},
        f"{view.name} now uses {chosen.name}",
    )


@top.command("measure")
def measure_cat(
    cat: Annotated[str, typer.Argument(help="Name or id of the cat.")],
    length: Annotated[Num, typer.Option(help="Nose to the base of the tail.")] = None,
    height: Annotated[Num, typer.Option(help="Standing, floor to the top of the head.")] = None,
    unit: Annotated[str, typer.Option(help="cm or in.")] = "cm",
    as_json: JsonOpt = False,
) -> None:
    """Record the cat's length and height (for the backpack fit)."""
    _unit(unit, LENGTH_UNITS, "--unit")
    change = {
        f"{k}_cm": round(measure.to_cm(v, unit), 1)
        for k, v in (("length", length), ("height", height))
        if v is not None
    }
    if not change:
        raise CoachInputError("--length", "give --length, --height or both")
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        done = cats.edit_cat(ctx.db, ctx.actor, view.id, cat=change)
    emit(as_json, done.model_dump(mode="json"), f"measured {view.name}")


@top.command("fit")
def fit(
    cat: Annotated[str, typer.Argument(help="Name or id of the cat.")],
    pack: Annotated[str | None, typer.Option(help="Another backpack to try.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Does the backpack fit the cat? With the pack's safety flags."""
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        pack_id = find_pack(ctx, pack).id if pack is not None else None
        result = gear.cat_fit(ctx.db, ctx.actor, view.id, pack_id)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    verdict = {
        "fits": "[green]fits[/]",
        "tight": "[yellow]tight[/]",
        "too_small": "[red]too small[/]",
        None: "cannot tell yet",
    }
    console = Console()
    console.print(f"{result.backpack.name} for {view.name}: {verdict[result.fit['verdict']]}")
    for line in result.fit["reasons"]:
        console.print(f"• {line}")
    for what in result.fit["missing"]:
        console.print(f"• Record {what}.")
    for line in result.reasons:
        console.print(f"• {line}")
    if result.blocking:
        console.print("[bold red]Fix this first: the coach holds back sessions with this pack.[/]")
    console.print(f"[dim]Rule: {result.fit['rule']}[/]")
