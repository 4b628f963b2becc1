"""Put one virtual cat through training under one owner, day by day.

Each day the owner may use each of its time slots. A session longer than an
hour (the long outings of step 10) takes the rest of the day. The run ends
when the owner graduates the cat, gives up (or the coach refers), or after
``days`` days. Everything is a pure function of the cat's seed and the
owner's rules, so a run replays exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from catpack.sim.cat import REPS, Traits, VirtualCat, Weather, read, weather
from catpack.sim.demand import Kind, Ladder, Rung, ladder
from catpack.sim.owners import PACK_CHECKS, Owner

TZ = timezone(timedelta(hours=1))
START = date(2026, 3, 2)
HORIZON_DAYS = 120


@dataclass(slots=True)
class Result:
    """How one cat fared under one owner."""

    policy: str
    seed: int
    untrainable: bool
    graduated: bool
    days: int | None  # calendar day (1-based) of the last session, if graduated
    gave_up: bool
    referred: bool
    gave_up_day: int | None
    over_threshold: int  # over-threshold exposures in the whole run
    over_at_wall: int  # of which at levels asking more than an untrainable cat's ceiling
    over_at_hard: int  # of which on a stage the cat finds hard
    hot: int  # sessions in a pack hotter than the cat could stand
    sessions: int
    furthest: int  # highest ladder index at which the cat was calm
    log: list[dict[str, Any]]


def session_record(
    rung: Rung, at: datetime, w: Weather, obs: dict[str, Any], calm: int
) -> dict[str, Any]:
    """The session in the coach contract's shape, as a diligent owner logs it."""
    outside = rung.location not in ("home", "doorway")
    record: dict[str, Any] = {
        "at": at.isoformat(),
        "stage": rung.stage,
        "level": rung.level,
        "minutes": rung.max_minutes if obs["entered_voluntarily"] else min(2.0, rung.max_minutes),
        "reps": REPS,
        "calm_reps": calm,
        "observation": obs,
        "context": {
            "location": rung.location,
            "in_backpack": True,
            "after_exertion": False,
            "sun": w.sun if outside else "indoor",
            "temp_c": w.temp_c if outside else 21.0,
            "humidity_pct": w.humidity_pct if outside else 45,
            "wind_ms": w.wind_ms if outside else 0.0,
        },
    }
    if rung.gates:
        record["checks"] = dict(PACK_CHECKS)
    return record


def beyond_ceiling(traits: Traits, demand: dict[Kind, float]) -> bool:
    """The level asks more of the cat's capped kind than it can ever tolerate."""
    if traits.ceiling is None:
        return False
    kind, cap = traits.ceiling
    return demand.get(kind, 0.0) > cap


def simulate(
    traits: Traits,
    policy: type[Owner],
    days: int = HORIZON_DAYS,
    steps: Ladder | None = None,
    keep_log: bool = False,
) -> Result:
    steps = steps or ladder()
    cat = VirtualCat(traits)
    owner = policy(steps, traits.profile(f"cat-{traits.seed % 100000}"))
    owner.see(cat)
    over = hot = count = wall = at_hard = 0
    hard = dict(traits.hard)
    furthest = -1
    last_day: int | None = None
    gave_up_day: int | None = None
    log: list[dict[str, Any]] = []
    for day in range(days):
        today = START + timedelta(days=day)
        owner.new_day(today)
        w = weather(traits.seed, day)
        for slot, hour in enumerate(owner.slots):
            now = datetime(today.year, today.month, today.day, hour, tzinfo=TZ)
            rung = owner.plan(now, w)
            if owner.status != "training":
                break
            if rung is None:
                continue
            exposure = cat.expose(rung, day, slot, w)
            record = session_record(rung, now, w, exposure.observation, exposure.calm_reps)
            reading = read(exposure.observation, REPS, exposure.calm_reps)
            owner.record(record, reading)
            if keep_log:
                log.append(record)
            count += 1
            over += exposure.over_threshold
            wall += exposure.over_threshold and beyond_ceiling(traits, cat.demand(rung))
            at_hard += exposure.over_threshold and rung.stage in hard
            hot += exposure.hot
            last_day = day
            if reading != "stressed" and (rung.stage, rung.level) in steps.by_key:
                known = steps.by_key[(rung.stage, rung.level)]
                idx = steps.rungs.index(known) if known in steps.rungs else -1
                furthest = max(furthest, idx)
            if rung.max_minutes > 60 or owner.status != "training":
                break
        if owner.status != "training":
            if owner.status == "gave_up":
                gave_up_day = day + 1
            break
    else:
        end = START + timedelta(days=days)
        owner.finish(datetime(end.year, end.month, end.day, 8, tzinfo=TZ))
    graduated = owner.status == "graduated"
    return Result(
        policy=owner.name,
        seed=traits.seed,
        untrainable=traits.untrainable,
        graduated=graduated,
        days=(last_day + 1) if graduated and last_day is not None else None,
        gave_up=owner.status == "gave_up",
        referred=owner.referred,
        gave_up_day=gave_up_day,
        over_threshold=over,
        over_at_wall=wall,
        over_at_hard=at_hard,
        hot=hot,
        sessions=count,
        furthest=furthest,
        log=log,
    )
