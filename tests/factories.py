"""Plain factory functions for contract requests; every default can be overridden."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

TZ = timezone(timedelta(hours=1))
T0 = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)

CALM: dict[str, Any] = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "slow_blink",
    "body": "relaxed",
    "vocal": "purring",
    "signs": [],
    "took_treats": True,
    "entered_voluntarily": True,
}
UNEASY: dict[str, Any] = {
    **CALM,
    "tail": "low",
    "ears": "sideways",
    "eyes": "dilated",
    "body": "alert",
    "vocal": "silent",
}
HISSING: dict[str, Any] = {
    **CALM,
    "tail": "puffed",
    "ears": "back",
    "eyes": "dilated",
    "body": "tense",
    "vocal": "hissing",
    "took_treats": False,
}
SAFE_CHECKS: dict[str, Any] = {
    "harness_on": True,
    "tether": "harness",
    "openings_closed": True,
    "zip_clips": True,
    "leash_on": True,
}


def cat(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Meister",
        "motivation": ["food", "play"],
        "harness_trained": True,
        "outdoor_experience": "none",
        "carrier_history": "neutral",
        "weight_kg": 4.6,
    }
    base.update(overrides)
    return base


def obs(**overrides: Any) -> dict[str, Any]:
    return {**CALM, **overrides}


def _minutes(stage: str, level: int) -> float:
    """A logged session's default length: 4 minutes (a short session at home),
    or the level's own length where the length is what the level asks (the
    cat zipped in throughout: the walks and outings)."""
    from catpack.domain import protocol as P

    stages = {s.id: s for s in P.STAGES}
    levels = stages[stage].levels if stage in stages else ()
    rung = levels[level - 1] if 1 <= level <= len(levels) else None
    if rung is not None and rung.closed_s == P.THROUGHOUT:
        return rung.max_minutes
    return 4


def session(
    stage: str = "introduce",
    level: int = 1,
    at: datetime | None = None,
    *,
    calm: int | None = 5,
    reps: int | None = 5,
    observation: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    s: dict[str, Any] = {
        "at": (at or T0).isoformat(),
        "stage": stage,
        "level": level,
        "minutes": _minutes(stage, level),
        "observation": observation if observation is not None else dict(CALM),
    }
    if reps is not None:
        s["reps"] = reps
    if calm is not None:
        s["calm_reps"] = calm
    s.update(extra)
    return s


def request(
    sessions: list[dict[str, Any]] | None = None,
    now: datetime | str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    when = now or T0 + timedelta(hours=1)
    req: dict[str, Any] = {
        "version": 1,
        "now": when if isinstance(when, str) else when.isoformat(),
        "cat": cat(),
        "sessions": sessions or [],
    }
    req.update(overrides)
    return req


def series(
    steps: list[tuple[str, int]],
    start: datetime = T0,
    gap: timedelta = timedelta(hours=2),
    **kw: Any,
) -> list[dict[str, Any]]:
    """Calm sessions at the given (stage, level) positions, ``gap`` apart."""
    return [session(st, lv, start + i * gap, **kw) for i, (st, lv) in enumerate(steps)]


def graduation(at: datetime | None = None, **extra: Any) -> dict[str, Any]:
    """The calm session that completes training: the last stage's top level, in full."""
    from catpack.domain import protocol as P

    stage = P.LAST_TRAINING_STAGE
    return session(
        stage.id,
        len(stage.levels),
        at,
        minutes=stage.levels[-1].max_minutes,
        checks=SAFE_CHECKS,
        **extra,
    )
