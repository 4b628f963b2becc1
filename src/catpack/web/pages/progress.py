"""A cat's log as rows for the timeline, the chart and the summary.

Each row carries the session's stress score, read by the engine's own scale
(:func:`catpack.domain.observation.assess`), so the timeline and the chart
agree with the decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catpack.domain import protocol as P
from catpack.domain.contract import Session
from catpack.domain.observation import STOP_AT, assess


@dataclass(frozen=True)
class Row:
    at: datetime
    stage_id: str
    stage_title: str
    step: int
    level: int
    levels: int
    stress: int
    signs: tuple[str, ...]
    minutes: float | None
    location: str | None
    #: False when nothing about the cat was recorded: its score is the engine's
    #: cautious default, not something the owner saw.
    seen: bool = True
    #: The optional branch of a side step (the car practice beside step 6:
    #: ``step`` is the step it branches from, not a step of its own), else None.
    branch: str | None = None

    @property
    def progress(self) -> float:
        """Step plus the share of the stage's levels reached (step 3, level 2 of 4 → 3.5)."""
        return self.step + self.level / self.levels

    @property
    def stopped(self) -> bool:
        return self.stress >= STOP_AT


def rows(sessions: list[Session], profile: dict[str, Any]) -> list[Row]:
    """The log (validated sessions, any order), oldest first, as display rows
    (sessions of unknown stages are skipped)."""
    food = "food" in (profile.get("motivation") or ["food"])
    out: list[Row] = []
    for s in sessions:
        stage = P.BY_ID.get(s["stage"])
        if stage is None:
            continue
        a = assess(s, food_motivated=food)
        context = s.get("context") or {}
        out.append(
            Row(
                at=s["at"],
                stage_id=s["stage"],
                stage_title=stage.title,
                step=stage.step,
                level=s["level"],
                levels=len(stage.levels),
                stress=a.score,
                signs=tuple(a.signs),
                minutes=s.get("minutes"),
                location=context.get("location"),
                seen=a.seen,
                branch=stage.branch,
            )
        )
    out.sort(key=lambda r: r.at)
    return out


@dataclass(frozen=True)
class Summary:
    step: int
    stage_id: str
    stage_title: str
    level: int
    levels: int
    sessions: int
    days_training: int
    stops: int


def summary(decision: dict[str, Any], log: list[Row], now: datetime) -> Summary:
    days = (now.date() - log[0].at.astimezone(now.tzinfo).date()).days + 1 if log else 0
    return Summary(
        step=int(decision["step"]),
        stage_id=str(decision["stage"]["id"]),
        stage_title=str(decision["stage"]["title"]),
        level=int(decision["stage"]["level"]),
        levels=int(decision["stage"]["levels"]),
        sessions=len(log),
        days_training=days,
        stops=sum(1 for r in log if r.stopped),
    )
