"""The whole plan on one page: the harness, steps 1-10 and keeping it up, as a path.

Each stage is a stop on the path (done, here, next, later, or optional) with
what it asks, how long it takes, why it is there, what calm looks like and
what to do if the cat is not calm: the protocol's own data
(:mod:`catpack.domain.protocol`) and its explanations
(:mod:`catpack.domain.protocol.explain`). Where the cat is comes from the
engine: its decision (the stage and level of the next session) and the fold
over the log (whether the harness is done, how far the ladder was reached).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from starlette.responses import Response

from catpack.domain import protocol as P
from catpack.domain.decide import stop_place
from catpack.domain.history import fold
from catpack.domain.protocol.explain import EXPLAINED, Explained
from catpack.services import plans
from catpack.services.views import CatBrief
from catpack.web.pages.deps import Page, PageDep
from catpack.web.pages.labels import stage_label
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

Status = Literal["done", "here", "next", "later", "optional", "skipped"]

#: What each status says on the path (words, so colour is never the only cue).
STATUS_WORDS: dict[Status, str] = {
    "done": "Done",
    "here": "You are here",
    "next": "Next",
    "later": "Later",
    "optional": "Optional",
    "skipped": "Skipped",
}


@dataclass(frozen=True)
class Stop:
    """One stage on the path."""

    anchor: str
    label: str  # "Step 5", "Harness", "Side step", "Keeping it up" (labels.stage_label)
    stage: P.Stage
    status: Status
    explained: Explained
    level: int = 0  # the current level, on the stage the cat is at
    extra: tuple[P.Stage, ...] = ()  # the refresher, shown with keeping it up

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def how_long(self) -> str:
        """Levels, session length and calm sessions needed, in words."""
        levels = self.stage.levels
        lengths = sorted({lv.max_minutes for lv in levels})
        span = duration(lengths[0])
        if len(lengths) > 1:
            span = f"{span} to {duration(lengths[-1])}"
        count = len(levels)
        where = f"{count} level{'s' if count > 1 else ''}"
        calm = max(lv.calm_sessions for lv in levels)
        needs = (
            "one calm session moves a level up"
            if calm == 1
            else f"up to {calm} calm sessions before each level up"
        )
        return f"{where}, sessions of {span}; {needs}."


def duration(minutes: float) -> str:
    """'5 minutes', 'an hour', '8 hours'."""
    if minutes < 60:
        return f"{minutes:g} minutes"
    hours = minutes / 60
    return "an hour" if hours == 1 else f"{hours:g} hours"


def path(
    stage_id: str, level: int, *, harness_done: bool, furthest: int, car_chosen: bool
) -> list[Stop]:
    """The stops of the plan for a cat at ``stage_id``/``level``.

    ``furthest`` is the highest ladder index the log reached (-1: none);
    ``harness_done``: the harness track is finished or was never needed.
    """
    here = P.BY_ID[stage_id]
    stops: list[Stop] = []
    harness = P.HARNESS_STAGE
    if here is harness:
        h_status: Status = "here"
    elif harness_done:
        h_status = "done"
    else:
        h_status = "next" if here.step >= 4 else "later"
    stops.append(
        Stop(
            "harness",
            "Harness",
            harness,
            h_status,
            EXPLAINED[harness.id],
            level if here is harness else 0,
        )
    )
    if here.upkeep:
        at = len(P.TRAINING_LADDER)
    elif here is harness:
        at = max(furthest, 0)
    else:
        at = P.LADDER_INDEX[here.id]
    upcoming = True  # the first stage after the cat's is "next"
    for i, stage in enumerate(P.TRAINING_LADDER):
        status: Status
        if stage.optional and not car_chosen:
            status = "skipped" if i < at else "optional"
        elif stage is here:
            status = "here"
        elif i < at:
            status = "done"
        elif here is harness and i == at:
            status = "next"
        elif upcoming and i > at and here is not harness:
            status = "next"
            upcoming = False
        else:
            status = "later"
        stops.append(
            Stop(
                f"step-{stage.step}" + (f"-{stage.about}" if stage.optional else ""),
                stage_label(stage.id),
                stage,
                status,
                EXPLAINED[stage.id],
                level if stage is here else 0,
            )
        )
    keep: Status = "here" if here.upkeep else "later"
    stops.append(
        Stop(
            "keeping-it-up",
            "Keeping it up",
            P.MAINTENANCE,
            keep,
            EXPLAINED[P.MAINTENANCE.id],
            level if here is P.MAINTENANCE else 0,
            extra=(P.REFRESHER,),
        )
    )
    return stops


Gear = Literal["shut", "open", "harness", "outside"]


def stop_gear(page: Page, cat: CatBrief) -> Gear:
    """What the cat was in at the session that ended in a stop, for the
    banner's first steps: ``shut`` when shut in or carried at home (open the
    pack), ``open`` at the first steps (the pack stands open and still, nothing
    to unzip), ``harness`` on the harness track (no pack at all), ``outside``
    away from home (keep the leash, leave; never open up and let the cat go)."""
    log = plans.cat_log(page.db, page.actor, cat.id, now=page.home.now)["sessions"]
    if not log:
        return "open"
    last = log[-1]
    return gear_of(last["stage"], last["level"], (last.get("context") or {}).get("location"))


def gear_of(stage_id: object, level: object, logged: object = None) -> Gear:
    """What the cat is in at that step and level (see :func:`stop_gear`),
    ``logged`` the place the owner logged (as the coach's first instruction
    reads it: a home level practised outdoors is away from home); ``shut``
    for a step not known (the cautious words: open the pack)."""
    stage = P.BY_ID.get(str(stage_id))
    if stage is None:
        return "shut"
    if stage.track == "harness":
        return "harness"
    try:
        number = max(int(str(level)), 1)
        at = stage.levels[number - 1]
    except (ValueError, IndexError):
        return "shut"
    if stop_place(stage, number, str(logged) if logged else None) == "away":
        return "outside"
    return "shut" if at.closed_s > 0 or at.movement != "still" else "open"


@router.get("/cats/{cat_id}/plan")
def plan_page(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    now = page.home.now
    inputs = plans.cat_log(
        page.db, page.actor, cat.id, now=now, default_zone=page.settings.timezone
    )
    decision = plans.today_plan(
        page.db, page.actor, cat.id, now=now, default_zone=page.settings.timezone
    )
    state = fold(inputs["cat"], inputs["sessions"], page.home.zone, inputs["pauses"])
    profile = inputs["cat"]
    stops = path(
        decision["stage"]["id"],
        int(decision["stage"]["level"]),
        harness_done=profile.harness_trained is True or state.harness_done,
        furthest=state.furthest,
        car_chosen=bool(profile.car_training) or state.car_seen,
    )
    context = page.frame(cat, "plan")
    context.update(stops=stops, d=decision)
    return render(page.request, "plan.html", context)
