"""Readable Rich renderings of decisions, trip plans and the protocol."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

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


def render_decision(d: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    stage = d["stage"]
    head = (
        f"[{STYLE.get(d['decision'], 'bold')}] {d['decision'].upper()} [/] "
        f"step {d['step']} · {stage['title']} · level {stage['level']} of {stage['levels']}"
    )
    lines = [head, ""]
    lines += [f"• {r}" for r in d["reasons"]]
    nxt = d.get("next_session")
    if nxt:
        lines += [
            "",
            f"Next: not before {nxt['not_before']}, at {nxt['location']}, "
            f"at most {nxt['max_minutes']:g} min; reward with {', '.join(nxt['rewards'])}.",
        ]
        lines += [f"  - {i}" for i in nxt["instructions"]]
        if nxt["checklist"]:
            lines.append("  Check first: " + ", ".join(nxt["checklist"]))
    stress = d.get("stress")
    if stress:
        lines.append(
            f"\nLast session: stress {stress['score']}/7 ({stress['label']})"
            f" on the {stress['scale']}."
        )
    safety = d["safety"]
    if safety["blocking"]:
        lines.append("[bold red]Blocked by: " + ", ".join(safety["blocking"]) + "[/]")
    if safety["warnings"]:
        lines.append("[yellow]Warnings: " + ", ".join(safety["warnings"]) + "[/]")
    heat = safety.get("heat")
    if heat:
        lines.append(f"Heat: {heat['risk']} ({heat['index']}: {heat['value']} °C)")
    console.print(Panel("\n".join(lines), title="catpack coach", expand=False))


def render_trip(t: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    verdict = "[bold green]READY[/]" if t["ready"] else "[bold red]NOT READY[/]"
    table = Table("item", "why", title="Packing list")
    for entry in t["packing"]:
        table.add_row(entry["item"], entry["why"])
    console.print(verdict)
    for r in t["reasons"]:
        console.print(f"• {r}")
    console.print(f"Stop every {t['stops_every_min']} minutes to check on the cat.")
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
    table = Table("step", "stage", "levels", "gates", title=f"catpack protocol v{p['version']}")
    for s in p["stages"]:
        levels = "\n".join(f"{i + 1}. {lv['does']}" for i, lv in enumerate(s["level_details"]))
        table.add_row(
            str(s["step"]), f"{s['title']}\n[dim]{s['id']}[/]", levels, ", ".join(s["gates"])
        )
    console.print(table)
