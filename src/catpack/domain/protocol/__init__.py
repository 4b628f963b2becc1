"""The backpack-training protocol as data (version 1).

Shape: training order is a list of :class:`Stage`; each stage belongs to one of
the guide's steps (0-10) and has a short ladder of :class:`Level` s, each
raising one criterion over the level before it (Pryor's 2nd law of shaping,
"one criterion at a time"). A cat's position is never stored: the engine
folds over the session log to find it.

This package is the only place that names a stage: the types and axes are in
:mod:`.model`, the stages in :mod:`.stages`, and the roles the engine looks up
(first stage, last of training, maintenance, refresher) are derived here from
the stages' fields.
"""

from __future__ import annotations

from typing import Any

from catpack.domain.protocol.model import (
    AXES,
    BLANKET_IN_PACK,
    CAR_BRANCH,
    COLD_PLACES,
    DISTANCES,
    HARNESS_ON,
    LEASH_ON,
    MOVEMENTS,
    NEVER_ALONE_IN_CAR,
    OPENINGS_CLOSED,
    OUTDOOR_GATES,
    OUTDOOR_PLACES,
    PACK_GATES,
    PLACES,
    SUPPLIES_PACKED,
    TETHER_TO_HARNESS,
    THROUGHOUT,
    ZIP_CLIPS,
    About,
    Axes,
    Level,
    Stage,
    in_outside_air,
    raised,
)
from catpack.domain.protocol.stages import STAGES

__all__ = [
    "AXES",
    "BLANKET_IN_PACK",
    "BY_ID",
    "CAR_BRANCH",
    "COLD_PLACES",
    "DISTANCES",
    "FIRST_BACKPACK_STAGE",
    "HARNESS_ON",
    "HARNESS_STAGE",
    "INDEX",
    "LADDER_INDEX",
    "LAST_TRAINING_STAGE",
    "LEASH_ON",
    "MAINTENANCE",
    "MOVEMENTS",
    "NEVER_ALONE_IN_CAR",
    "OPENINGS_CLOSED",
    "OUTDOOR_GATES",
    "OUTDOOR_PLACES",
    "PACK_GATES",
    "PLACES",
    "PROTOCOL_VERSION",
    "REFRESHER",
    "STAGES",
    "SUPPLIES_PACKED",
    "TETHER_TO_HARNESS",
    "THROUGHOUT",
    "TRAINING_LADDER",
    "ZIP_CLIPS",
    "About",
    "Axes",
    "Level",
    "Stage",
    "about",
    "as_dict",
    "in_outside_air",
    "raised",
]

PROTOCOL_VERSION = 1


def _only(stages: list[Stage], what: str) -> Stage:
    if len(stages) != 1:
        raise ValueError(f"the protocol needs exactly one {what}, found {len(stages)}")
    return stages[0]


BY_ID: dict[str, Stage] = {s.id: s for s in STAGES}
INDEX: dict[str, int] = {s.id: i for i, s in enumerate(STAGES)}
HARNESS_STAGE = _only([s for s in STAGES if s.track == "harness"], "harness stage")
MAINTENANCE = _only([s for s in STAGES if s.role == "maintenance"], "maintenance stage")
REFRESHER = _only([s for s in STAGES if s.role == "refresher"], "refresher stage")
# Stages of the main backpack ladder, in training order (graduation at the end).
TRAINING_LADDER: tuple[Stage, ...] = tuple(
    s for s in STAGES if s.track == "backpack" and not s.upkeep
)
LADDER_INDEX: dict[str, int] = {s.id: i for i, s in enumerate(TRAINING_LADDER)}
FIRST_BACKPACK_STAGE = TRAINING_LADDER[0]
LAST_TRAINING_STAGE = TRAINING_LADDER[-1]


def about(what: About) -> tuple[Stage, ...]:
    """The stages that train ``what``, in training order."""
    return tuple(s for s in STAGES if s.about == what)


def _closed(level: Level) -> float | None:
    return None if level.closed_s == THROUGHOUT else level.closed_s


def as_dict() -> dict[str, Any]:
    """The protocol in the contract's JSON shape (``catpack protocol``)."""
    return {
        "version": PROTOCOL_VERSION,
        "source": "Holly Garcia, How To Backpack Train Your Cat (2024); our wording",
        "stages": [
            {
                "id": s.id,
                "step": s.step,
                "title": s.title,
                "track": s.track,
                "optional": s.optional,
                "role": s.role,
                "about": s.about,
                "branch": s.branch,
                "prepares": sorted(s.prepares),
                "levels": len(s.levels),
                "criteria": [dict(lv.criterion) for lv in s.levels],
                "level_details": [
                    {
                        "does": lv.does,
                        "location": lv.location,
                        "max_minutes": lv.max_minutes,
                        "calm_sessions": lv.calm_sessions,
                        # Seconds the cat stays zipped in at most; null = the whole outing.
                        "closed_s": _closed(lv),
                        "movement": lv.movement,
                        "distance": lv.distance,
                    }
                    for lv in s.levels
                ],
                "gates": list(s.gates),
                "instructions": list(s.instructions),
            }
            for s in STAGES
        ],
    }
