"""``catpack demo``: fill your household with three simulated cats.

A quick learner that finished training, a slow one still on its way, and
one the coach referred to a vet or behaviourist — each with the full session
log the simulator produced under the coach, re-dated to end yesterday — so
that ``catpack today``, ``history`` and the web app have something to show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from catpack.cli.output import JsonOpt, print_json
from catpack.domain.errors import ConflictError, NotFoundError

app = typer.Typer()


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the simulated cats.")] = 2026,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Replace demo cats that are already there.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add three simulated cats (quick, slow, referred) with their logs to your household."""
    from catpack.cli.context import open_ctx
    from catpack.services import cats, plans, sessions
    from catpack.services.setup import upgrade_database
    from catpack.settings import load_settings
    from catpack.sim.household import NOTE_MARK, demo_household
    from catpack.words import decision_tag

    upgrade_database(load_settings())  # a newcomer may not have created the database yet
    console = Console()
    table = Table(title="Demo household (simulated cats)")
    for column in ("cat", "kind", "sessions", "coach says", "stage"):
        table.add_column(column)
    added: list[dict[str, object]] = []
    with open_ctx() as ctx:
        today = datetime.now().astimezone().date()
        household = demo_household(today, seed)
        # Check every name before writing anything: a cat of the owner's own is
        # never replaced, and a half-filled demo is never left behind.
        replace: list[int] = []
        for cat in household:
            try:
                existing = cats.find_cat(ctx.db, ctx.actor, cat.name)
            except NotFoundError:
                continue
            if not existing.notes.startswith(NOTE_MARK):
                raise ConflictError(
                    f"you have a cat of your own named {cat.name!r}; the demo leaves it alone "
                    "and adds nothing"
                )
            if not fresh:
                raise ConflictError(
                    f"the demo cat {cat.name!r} is already there; "
                    "run 'catpack demo --fresh' to replace the demo cats"
                )
            replace.append(existing.id)
        for cat_id in replace:
            cats.delete_cat(ctx.db, ctx.actor, cat_id)
        for cat in household:
            view = cats.add_cat(ctx.db, ctx.actor, cat.profile, notes=cat.note)
            for session in cat.sessions:
                sessions.log_session(ctx.db, ctx.actor, view.id, session, note="simulated")
            decision = plans.today_plan(
                ctx.db, ctx.actor, view.id, default_zone=ctx.settings.timezone
            )
            stage = decision["stage"]
            added.append(
                {"id": view.id, "name": cat.name, "kind": cat.role, "sessions": len(cat.sessions),
                 "decision": decision["decision"], "stage": stage["id"], "level": stage["level"]}
            )  # fmt: skip
            table.add_row(
                cat.name,
                cat.role,
                str(len(cat.sessions)),
                decision_tag(decision),
                f"{stage['title']} (step {decision['step']}, "
                f"level {stage['level']} of {stage['levels']})",
            )
    if as_json:
        print_json(added)
        return
    console.print(table)
    console.print(
        "Try: [bold]catpack today Pepper[/bold] · [bold]catpack history Biscuit[/bold] · "
        "[bold]catpack serve[/bold] for the web app."
    )
