"""Plain factory functions for contract objects, with overridable defaults."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.factories import TZ, cat

__all__ = ["CALM", "START", "cat", "session"]

START = datetime(2026, 11, 1, 18, 0, tzinfo=TZ)
CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "slow_blink",
    "body": "relaxed",
    "took_treats": True,
    "entered_voluntarily": True,
}


def session(day: int = 0, **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "at": (START + timedelta(days=day)).isoformat(),
        "stage": "introduce",
        "level": 1,
        "minutes": 4,
        "reps": 5,
        "calm_reps": 5,
        "observation": dict(CALM),
    }
    return {**base, **over}
