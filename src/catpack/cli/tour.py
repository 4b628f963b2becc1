"""A one-minute guided tour of the engine (``make run`` until the web app lands)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rich.console import Console

from catpack import decide
from catpack.cli.output import print_json
from catpack.cli.render import render_decision
from catpack.domain import protocol as P

TZ = timezone(timedelta(hours=1))
CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "slow_blink",
    "body": "relaxed",
    "took_treats": True,
    "entered_voluntarily": True,
}
HISS = {
    "tail": "puffed",
    "ears": "back",
    "eyes": "dilated",
    "body": "tense",
    "vocal": "hissing",
    "took_treats": False,
}


def _session(
    at: datetime, stage: str, level: int, obs: dict[str, Any], calm: int = 5
) -> dict[str, Any]:
    return {
        "at": at.isoformat(),
        "stage": stage,
        "level": level,
        "minutes": 4,
        "reps": 5,
        "calm_reps": calm,
        "observation": obs,
    }


def tour(console: Console | None = None, *, as_json: bool = False) -> None:
    """Show the coach's decisions for a short story; ``as_json``: the requests and
    decisions as one JSON list instead."""
    console = console or Console()
    steps: list[dict[str, Any]] = []
    start = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
    cat = {
        "name": "Meister",
        "motivation": ["food", "play"],
        "harness_trained": True,
        "outdoor_experience": "none",
        "carrier_history": "neutral",
        "weight_kg": 4.6,
    }
    sessions: list[dict[str, Any]] = []
    first = P.FIRST_BACKPACK_STAGE.id
    (closed,) = P.about("closed")

    def show(title: str, now: datetime) -> None:
        request = {"version": 1, "now": now.isoformat(), "cat": cat, "sessions": list(sessions)}
        decision = decide(request)
        if as_json:
            steps.append({"title": title, "request": request, "decision": decision})
            return
        console.rule(f"[bold]{title}")
        render_decision(decision, console, now=now)

    if not as_json:
        console.print(
            "[bold]catpack[/] decides each next step from the cat's session log.\n"
            "Meet Meister, harness-trained, new to backpacks.\n"
        )
    show("Day 1: no sessions yet", start)
    sessions.append(_session(start, first, 1, CALM))
    show("He sniffed the pack, calm in 5 of 5 tries", start + timedelta(minutes=10))
    day = start + timedelta(days=3)
    sessions.append(_session(day, closed.id, 4, CALM, calm=3))
    show("Day 4: door closed 30 s, calm in only 3 of 5", day + timedelta(minutes=5))
    sessions.append(_session(day + timedelta(hours=1), closed.id, 4, HISS, calm=1))
    show("An hour later he hissed: stop now", day + timedelta(hours=1, minutes=2))
    if as_json:
        print_json(steps)
        return
    console.print(
        "\nTry it yourself: [bold]catpack protocol --pretty[/], "
        "[bold]catpack coach request.json --pretty[/], [bold]catpack schema[/]."
    )
