"""Readable Rich renderings of decisions, trip plans and the protocol.

Owners read words: decisions, safety checks and warnings come from
:mod:`catpack.words`, times are on the household's clock and in words
(:mod:`catpack.cli.when`). ``--json`` gives scripts the contract's ids.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from catpack.cli.when import in_words, moment
from catpack.words import (
    HEAT_WORDS,
    REWARD_WORDS,
    check_words,
    decision_tag,
    packing_item,
    safety_words,
    trip_stops,
)

STYLE = {
    "stop": "bold white on red",
    "refer": "bold white on magenta",
    "blocked": "bold black on yellow",
    "drop": "yellow",
    "stick": "cyan",
    "push": "green",
    "advance": "bold green",
    "start": "bold",
    "maintain": "green",
    "refresh": "cyan",
}


@cache
def _stage_titles() -> dict[str, str]:
    from catpack import protocol

    return {stage["id"]: stage["title"] for stage in protocol()["stages"]}


def stage_title(stage_id: str) -> str:
    """A stage's title ('Introduce the backpack'); an unknown id is shown as itself."""
    return _stage_titles().get(stage_id, stage_id)


@cache
def _stage_levels() -> dict[str, int]:
    from catpack import protocol

    return {stage["id"]: int(stage["levels"]) for stage in protocol()["stages"]}


def stage_level(stage_id: str, level: object) -> str:
    """'Introduce the backpack, level 2 of 4', as the pages say a place in the
    plan (an unknown stage: its id and 'level 2')."""
    levels = _stage_levels().get(stage_id)
    return f"{stage_title(stage_id)}, level {level}{f' of {levels}' if levels else ''}"


def next_session_words(not_before: datetime | str, now: datetime) -> str:
    """'any time now' or 'not before tomorrow 07:05 (in 11 hours)'."""
    if moment(not_before) <= now:
        return "any time now"
    return f"not before {in_words(not_before, now)}"


def temperature(celsius: float, unit: str) -> str:
    """°C (the contract's unit) shown in the owner's unit: '31 °C' or '87.8 °F'."""
    if unit == "F":
        return f"{celsius * 9 / 5 + 32:.1f} °F"  # °F = °C × 9/5 + 32
    return f"{celsius:g} °C"


def render_decision(
    d: dict[str, Any],
    console: Console | None = None,
    *,
    now: datetime | None = None,
    temp_unit: str = "C",
) -> None:
    """The decision in words; times relative to ``now`` (its zone is the clock shown),
    temperatures in ``temp_unit`` (C or F)."""
    console = console or Console()
    stage = d["stage"]
    kind = d["decision"]
    head = (
        f"[{STYLE.get(kind, 'bold')}] {escape(decision_tag(d))} [/] "
        f"step {d['step']} · {escape(stage['title'])} · "
        f"level {stage['level']} of {stage['levels']}"
    )
    lines = [head, ""]
    lines += [f"• {escape(r)}" for r in d["reasons"]]
    nxt = d.get("next_session")
    if nxt:
        when = nxt["not_before"]
        said = next_session_words(when, now) if now is not None else f"not before {when}"
        rewards = ", ".join(REWARD_WORDS.get(r, r).lower() for r in nxt["rewards"])
        lines += [
            "",
            f"Next session: {said}",
            f"  where: {nxt['location'].replace('_', ' ')} · at most {nxt['max_minutes']:g} min"
            f" · reward: {escape(rewards)}",
        ]
        lines += [f"  - {escape(i)}" for i in nxt["instructions"]]
        if nxt["checklist"]:
            lines.append("  Check first:")
            lines += [f"  [ ] {escape(check_words(c))}" for c in nxt["checklist"]]
    stress = d.get("stress")
    if stress:
        lines.append(f"\nLast session: stress {stress['score']} of 7 ({escape(stress['label'])}).")
    safety = d["safety"]
    if safety["blocking"]:
        lines.append("[bold red]Not safe yet:[/]")
        lines += [f"[red]  ✗ {escape(safety_words(b))}[/]" for b in safety["blocking"]]
    if safety["warnings"]:
        lines.append("[yellow]Take care:[/]")
        lines += [f"[yellow]  ! {escape(safety_words(w))}[/]" for w in safety["warnings"]]
    heat = safety.get("heat")
    if heat:
        risk = HEAT_WORDS.get(heat["risk"], heat["risk"])
        lines.append(f"Heat: {risk} (feels like {temperature(heat['value'], temp_unit)})")
    console.print(Panel("\n".join(lines), title="catpack coach", expand=False))


def render_trip(t: dict[str, Any], console: Console | None = None, kind: str | None = None) -> None:
    console = console or Console()
    verdict = "[bold green]READY[/]" if t["ready"] else "[bold red]NOT READY[/]"
    table = Table("item", "why", title="Packing list")
    for entry in t["packing"]:
        item = packing_item(entry["item"])
        table.add_row(escape(item), escape(entry["why"]))
    console.print(verdict)
    for r in t["reasons"]:
        console.print(f"• {escape(r)}")
    console.print(escape(trip_stops(kind, t["stops_every_min"], "the cat")))
    airline = t.get("airline")
    if airline:
        says = {True: "within the limits", False: "not allowed as it is", None: "not sure"}
        console.print(f"{airline['name']}: {says[airline['fits']]}.")
        for limit in airline.get("limits", []):
            kind = "recommended" if limit["kind"] == "recommended" else "limit"
            console.print(f"  {limit['carrier']} carrier {kind}: {limit['size']}")
    fit = t.get("fit")
    if fit and fit.get("verdict"):
        console.print(f"The pack for this cat: {fit['verdict'].replace('_', ' ')}.")
        for line in fit["reasons"]:
            console.print(f"  {line}")
    console.print(table)


def render_protocol(p: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(
        "step", "stage", "levels", "safety checks", title=f"catpack protocol v{p['version']}"
    )
    for s in p["stages"]:
        levels = "\n".join(f"{i + 1}. {lv['does']}" for i, lv in enumerate(s["level_details"]))
        checks = "\n".join(check_words(g) for g in s["gates"])
        table.add_row(
            str(s["step"]), f"{s['title']}\n[dim]{s['id']}[/]", escape(levels), escape(checks)
        )
    console.print(table)
