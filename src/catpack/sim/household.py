"""A demo household from the simulator: a quick learner, a slow one, one referred.

Pure: picks three virtual cats from a seeded population, trains each under
the coach and returns their session logs, re-dated so that the last session
of each cat was the day before ``today``. ``catpack demo`` stores them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from catpack.sim.cat import Traits, population
from catpack.sim.demand import ladder
from catpack.sim.owners import Coached
from catpack.sim.run import Result, simulate

#: How many simulated days the slow learner has been training for.
SLOW_DAYS = 30
CANDIDATES = 80
#: Every demo cat's notes start with this, so the demo can tell them apart.
NOTE_MARK = "Simulated by catpack demo"


@dataclass(frozen=True, slots=True)
class DemoCat:
    name: str
    role: str  # "quick", "slow" or "referred"
    profile: dict[str, Any]
    sessions: list[dict[str, Any]]
    note: str


ROLES: tuple[tuple[str, str, str], ...] = (
    ("Miso", "quick", f"{NOTE_MARK}: a quick learner that finished the whole ladder."),
    ("Pepper", "slow", f"{NOTE_MARK}: a slow learner, {SLOW_DAYS} days in, still training."),
    ("Biscuit", "referred", f"{NOTE_MARK}: a cat that will not take to a backpack."),
)


def _quick(t: Traits, r: Result) -> bool:
    return r.graduated and r.days is not None and r.days <= 40


def _slow(t: Traits, r: Result) -> bool:
    return not t.untrainable and r.policy == "coach" and not r.gave_up and not r.graduated


def _referred(t: Traits, r: Result) -> bool:
    return t.untrainable and r.referred


def redate(sessions: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The same log moved by whole days so its last session falls on ``today - 1``."""
    if not sessions:
        return []
    last = datetime.fromisoformat(sessions[-1]["at"]).date()
    shift = timedelta(days=(today - last).days - 1)
    out = []
    for s in sessions:
        moved = dict(s)
        moved["at"] = (datetime.fromisoformat(s["at"]) + shift).isoformat()
        out.append(moved)
    return out


def demo_household(today: date, seed: int = 2026) -> list[DemoCat]:
    """Three cats for the demo, deterministic for ``seed`` (dates follow ``today``)."""
    steps = ladder()
    cats = population(seed, CANDIDATES)
    tests: dict[str, tuple[Callable[[Traits, Result], bool], int]] = {
        "quick": (_quick, 120),
        "slow": (_slow, SLOW_DAYS),
        "referred": (_referred, 120),
    }
    order = {
        "quick": sorted(cats, key=lambda t: -t.learn_rate),
        "slow": sorted(cats, key=lambda t: t.learn_rate),
        "referred": [t for t in cats if t.untrainable],
    }
    found: list[DemoCat] = []
    used: set[int] = set()
    for name, role, note in ROLES:
        test, days = tests[role]
        for traits in order[role]:
            if traits.seed in used or (role != "referred" and traits.untrainable):
                continue
            result = simulate(traits, Coached, days=days, steps=steps, keep_log=True)
            if test(traits, result):
                used.add(traits.seed)
                found.append(
                    DemoCat(
                        name=name,
                        role=role,
                        profile=traits.profile(name),
                        sessions=redate(result.log, today),
                        note=note,
                    )
                )
                break
        else:
            raise RuntimeError(f"no {role} cat among {CANDIDATES} of seed {seed}")
    return found
