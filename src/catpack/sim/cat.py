"""A virtual cat: hidden traits, a tolerance that learns, and what an owner would see.

The model (all parameters are assumptions of this simulator, chosen to span
quick and slow learners; none is a measured figure about real cats):

* **Tolerance per kind of demand** (:data:`catpack.sim.demand.KINDS`). A
  session's *margin* on a kind is its demand minus the cat's effective
  tolerance (tolerance + the day's mood + a little session noise); the
  session's margin is the worst kind's.
* **Desensitisation.** A calm exposure *near the edge* of tolerance (margin
  between ``-EDGE`` and 0) raises that kind's tolerance by up to
  ``learn_rate``, most right at the edge; exposures far below the edge teach
  little. This follows the DS/CC principle of working just below the fear
  threshold (science-research.md §3, WikiVet; ASPCA/Anti-Cruelty Society).
* **Over-threshold exposure** (the benchmark's stress count): a session
  whose margin exceeds ``STRESS_MARGIN``. It is defined on this hidden state,
  never on the engine's reading of the observation.
* **Sensitisation.** In an over-threshold session, each kind over the line
  loses ``sensitivity x margin`` of tolerance ("most failures come from
  training while the animal is over threshold", same sources). Mild unease
  (margin in ``(0, STRESS_MARGIN]``) teaches nothing either way.
* **Day-to-day variation**: a mood offset per day, normal with ``day_sd``.
* **Heat tolerance**: a session in a pack hotter than the cat's
  ``heat_tolerance_c`` makes it pant, and sours the pack a little.
* **Untrainable cats** (``UNTRAINABLE_SHARE``): one kind's tolerance has a
  ceiling well below what the last steps ask, so no policy can finish them.
* **Hard steps** (:class:`Variant`): every cat has one to three stages much
  harder for it than for other cats, unknown to anyone. There the stage's
  own kind of challenge (:data:`catpack.sim.demand.FOCUS`) asks
  ``severity x level / levels`` more, so the stage's ladder is steeper for
  this cat. Where the guide ties a difficulty to the cat's past they follow
  it: an indoor-only cat (``outdoor_experience: none``) draws them among the
  steps out of the home, a cat with bad carrier memories
  (``carrier_history: negative``) among the closed and moving ones; the
  others anywhere on the ladder. A hard step stays learnable: tolerance
  still grows with calm exposure near its edge.

Randomness is keyed by (cat seed, day, slot), never by what a policy did, so
every policy meets the same cat on the same day in the same mood.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from catpack.sim.demand import CLOSED_MOVING, FOCUS, KINDS, OUT_OF_HOME, TRAINING, Kind, Rung

#: Margin above which a session is an over-threshold exposure (real stress).
STRESS_MARGIN = 0.6
#: How far below tolerance a calm exposure still teaches something.
EDGE = 1.0
#: Share of cats with a hard ceiling on one kind of demand.
UNTRAINABLE_SHARE = 0.15
#: Noise of one session around the day's tolerance, and of one repetition.
SESSION_SD = 0.1
REP_SD = 0.25
REPS = 5
#: Tolerance lost on the enclosure kind after panting in a hot pack.
HEAT_SOURING = 0.3
#: Extra pack temperature over the air from the sun (°C, model assumption:
#: a closed pack in sun is a small greenhouse; science-research.md §5).
SUN_GAIN_C = {"indoor": 0.0, "shade": 0.0, "partial": 4.2, "full": 8.3}
#: Highest demand the ladder asks per kind (the ceiling is placed below it).
TOP_DEMAND: dict[Kind, float] = {"enclosure": 6.6, "motion": 5.3, "outdoors": 7.2, "noise": 4.6}
#: Head start (or handicap) from the cat's past, on the kind it concerns.
CARRIER_BONUS = {"none": 0.0, "neutral": 0.3, "negative": -0.8}
OUTDOOR_BONUS = {"none": 0.0, "garden": 1.0, "outdoor_cat": 2.0}
OUTSIDE = frozenset({"quiet_outdoors", "busy_outdoors", "car"})

Reading = Literal["calm", "uneasy", "stressed"]


@dataclass(frozen=True, slots=True)
class Variant:
    """How a population is bred: change these to check that a result holds."""

    #: Share of cats with hard steps, and how many each (at most) has.
    hard_share: float = 1.0
    hard_max: int = 3
    #: Extra demand at the top level of a hard stage, drawn uniformly.
    severity: tuple[float, float] = (1.0, 2.0)
    untrainable_share: float = UNTRAINABLE_SHARE


DEFAULT = Variant()


@dataclass(frozen=True, slots=True)
class Traits:
    """A cat's hidden make-up, fixed at birth of the simulation."""

    seed: int
    tolerance: dict[Kind, float]
    learn_rate: float
    sensitivity: float
    day_sd: float
    heat_tolerance_c: float
    ceiling: tuple[Kind, float] | None
    motivation: tuple[str, ...]
    outdoor_experience: str
    carrier_history: str
    weight_kg: float
    #: Stage id → extra demand at its top level (hard steps, hidden).
    hard: tuple[tuple[str, float], ...] = ()

    @property
    def untrainable(self) -> bool:
        return self.ceiling is not None

    def profile(self, name: str) -> dict[str, Any]:
        """The cat as an owner would describe it in the coach contract."""
        return {
            "name": name,
            "motivation": list(self.motivation),
            "harness_trained": True,
            "outdoor_experience": self.outdoor_experience,
            "carrier_history": self.carrier_history,
            "weight_kg": self.weight_kg,
        }


def draw_traits(seed: int, variant: Variant = DEFAULT) -> Traits:
    """One cat's traits from its own seed (numpy PCG64)."""
    rng = np.random.default_rng(seed)
    outdoor = str(rng.choice(["none", "garden", "outdoor_cat"], p=[0.5, 0.35, 0.15]))
    carrier = str(rng.choice(["none", "neutral", "negative"], p=[0.3, 0.45, 0.25]))
    tol: dict[Kind, float] = {
        "enclosure": rng.normal(2.0, 0.7) + CARRIER_BONUS[carrier],
        "motion": rng.normal(1.0, 0.5),
        "outdoors": rng.normal(0.8, 0.5) + OUTDOOR_BONUS[outdoor],
        "noise": rng.normal(1.5, 0.6),
    }
    ceiling: tuple[Kind, float] | None = None
    if rng.random() < variant.untrainable_share:
        kind: Kind = KINDS[int(rng.integers(len(KINDS)))]
        ceiling = (kind, float(rng.uniform(1.5, TOP_DEMAND[kind] - 1.5)))
    if ceiling is not None:
        tol[ceiling[0]] = min(tol[ceiling[0]], ceiling[1])
    motives = ["food", "play", "comfort"]
    chosen = [m for m in motives if rng.random() < 0.6] or ["food"]
    return Traits(
        seed=seed,
        tolerance={k: round(max(0.0, float(v)), 3) for k, v in tol.items()},
        learn_rate=float(np.clip(rng.lognormal(np.log(0.35), 0.45), 0.08, 1.0)),
        sensitivity=float(rng.uniform(0.2, 0.5)),
        day_sd=float(rng.uniform(0.15, 0.4)),
        heat_tolerance_c=float(rng.normal(32.0, 1.5)),
        ceiling=ceiling,
        motivation=tuple(chosen),
        outdoor_experience=outdoor,
        carrier_history=carrier,
        weight_kg=round(float(rng.uniform(3.0, 6.5)), 1),
        hard=draw_hard(seed, outdoor, carrier, variant),
    )


def draw_hard(
    seed: int, outdoor: str, carrier: str, variant: Variant = DEFAULT
) -> tuple[tuple[str, float], ...]:
    """The cat's hard stages and their severity (own stream: other traits stay put)."""
    rng = np.random.default_rng([seed, 1])
    if rng.random() >= variant.hard_share or variant.hard_max < 1:
        return ()
    pool: tuple[str, ...] = ()
    if outdoor == "none":
        pool += OUT_OF_HOME
    if carrier == "negative":
        pool += CLOSED_MOVING
    pool = pool or TRAINING
    n = min(len(pool), int(rng.integers(1, variant.hard_max + 1)))
    chosen = sorted(rng.choice(len(pool), size=n, replace=False))
    lo, hi = variant.severity
    return tuple((pool[i], round(float(rng.uniform(lo, hi)), 3)) for i in chosen)


def population(seed: int, n: int, variant: Variant = DEFAULT) -> list[Traits]:
    """``n`` cats, reproducible from ``seed`` (one spawned seed per cat)."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [draw_traits(int(c.generate_state(1)[0]), variant) for c in children]


@dataclass(frozen=True, slots=True)
class Weather:
    temp_c: float
    humidity_pct: float
    sun: str
    wind_ms: float


def weather(seed: int, day: int) -> Weather:
    """The day's weather at the cat's home (a mild season with some hot days)."""
    rng = random.Random(f"{seed}:weather:{day}")
    return Weather(
        temp_c=round(min(38.0, max(2.0, rng.gauss(19.0, 5.5))), 1),
        humidity_pct=round(rng.uniform(35, 85)),
        sun=rng.choices(["shade", "partial", "full"], weights=[3, 3, 4])[0],
        wind_ms=round(rng.uniform(0.0, 6.0), 1),
    )


@dataclass(slots=True)
class Exposure:
    """One session as it happened: the hidden truth and what the owner saw."""

    margin: float
    over_threshold: bool
    hot: bool
    calm_reps: int
    observation: dict[str, Any]


@dataclass(slots=True)
class VirtualCat:
    traits: Traits
    tolerance: dict[Kind, float] = field(init=False)
    hard: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        self.tolerance = dict(self.traits.tolerance)
        self.hard = dict(self.traits.hard)

    def mood(self, day: int) -> float:
        return random.Random(f"{self.traits.seed}:mood:{day}").gauss(0.0, self.traits.day_sd)

    def margins(self, rung: Rung, day: int, slot: int) -> dict[Kind, float]:
        shift = self.mood(day) + random.Random(f"{self.traits.seed}:s:{day}:{slot}").gauss(
            0.0, SESSION_SD
        )
        demand = self.demand(rung)
        return {k: d - (self.tolerance[k] + shift) for k, d in demand.items()}

    def demand(self, rung: Rung) -> dict[Kind, float]:
        """What the session asks of this cat: more on a stage it finds hard, less
        when it is shorter than the level's own length (part-way to the level below)."""
        full = self.full_demand(rung)
        share = rung.share
        if share >= 1.0:
            return full
        low = self.full_demand(rung.below) if rung.below is not None else {}
        return {k: d - (d - min(low.get(k, 0.0), d)) * (1.0 - share) for k, d in full.items()}

    def full_demand(self, rung: Rung) -> dict[Kind, float]:
        """What the level asks of this cat at its full length."""
        severity = self.hard.get(rung.stage)
        if severity is None:
            return rung.demand
        focus = FOCUS[rung.stage]
        demand = dict(rung.demand)
        demand[focus] = demand.get(focus, 0.0) + severity * rung.level / rung.levels
        return demand

    def too_hot(self, rung: Rung, w: Weather) -> bool:
        """The pack would be hotter than this cat can stand."""
        if rung.location not in OUTSIDE:
            return False
        pack_c = w.temp_c + SUN_GAIN_C[w.sun] + 0.08 * (w.humidity_pct - 50)
        return pack_c > self.traits.heat_tolerance_c

    def expose(self, rung: Rung, day: int, slot: int, w: Weather) -> Exposure:
        """Run one session at ``rung``; the cat learns (or sours) from it."""
        rng = random.Random(f"{self.traits.seed}:obs:{day}:{slot}")
        margins = self.margins(rung, day, slot)
        margin = max(margins.values(), default=-EDGE)
        over = margin > STRESS_MARGIN
        hot = self.too_hot(rung, w)
        calm = sum(1 for _ in range(REPS) if margin + rng.gauss(0.0, REP_SD) <= 0)
        obs = observe(rng, margin, hot, food="food" in self.traits.motivation)
        self._learn(margins)
        if hot:
            self.tolerance["enclosure"] -= HEAT_SOURING
        return Exposure(
            margin=margin, over_threshold=over, hot=hot, calm_reps=calm, observation=obs
        )

    def _learn(self, margins: dict[Kind, float]) -> None:
        t = self.traits
        for kind, m in margins.items():
            if m > STRESS_MARGIN:
                self.tolerance[kind] = max(0.0, self.tolerance[kind] - t.sensitivity * m)
            elif -EDGE <= m <= 0:
                self.tolerance[kind] += t.learn_rate * (1.0 + 0.5 * m / EDGE)
            if t.ceiling is not None and t.ceiling[0] == kind:
                self.tolerance[kind] = min(self.tolerance[kind], t.ceiling[1])


def observe(rng: random.Random, margin: float, hot: bool, food: bool) -> dict[str, Any]:
    """Body language for a margin, in the contract's vocabulary (graded, a little noisy)."""
    shown = margin + rng.gauss(0.0, SESSION_SD)
    signs: list[str] = []
    took = True
    if shown > STRESS_MARGIN:
        tail = rng.choice(["tucked", "puffed", "low"])
        ears = rng.choice(["back", "flat"])
        eyes = "dilated"
        body = rng.choice(["crouched", "tense", "trembling"])
        vocal = rng.choice(["hissing", "growling", "meowing_excessive", "silent"])
        signs = rng.sample(["escape_attempt", "freezing", "aggression", "excessive_grooming"], 1)
        took = rng.random() < 0.3 or not food
    elif shown > 0:
        tail = rng.choice(["low", "relaxed"])
        ears = rng.choice(["sideways", "flat", "neutral"])
        eyes = rng.choice(["dilated", "normal"])
        body = rng.choice(["tense", "alert"])
        vocal = rng.choice(["silent", "meowing"])
    elif shown > -0.5:
        tail = rng.choice(["relaxed", "upright"])
        ears = rng.choice(["neutral", "forward"])
        eyes = "normal"
        body = rng.choice(["relaxed", "alert"])
        vocal = rng.choice(["silent", "purring"])
    else:
        tail, ears, body = "upright", "forward", "relaxed"
        eyes = rng.choice(["slow_blink", "normal"])
        vocal = rng.choice(["purring", "silent"])
    if hot:
        signs.append("panting")
    return {
        "tail": tail,
        "ears": ears,
        "eyes": eyes,
        "body": body,
        "vocal": vocal,
        "signs": signs,
        "took_treats": took,
        "entered_voluntarily": shown <= 0,
    }


def read(observation: dict[str, Any], reps: int, calm_reps: int) -> Reading:
    """How a plain owner reads a session: the guide's signs, no stress scale."""
    o = observation
    if (
        o["signs"]
        or o["vocal"] in ("hissing", "growling", "yowling", "meowing_excessive")
        or o["ears"] == "back"
        or o["tail"] in ("tucked", "puffed")
        or o["body"] in ("crouched", "trembling")
        or not o["took_treats"]
    ):
        return "stressed"
    uneasy = (
        o["tail"] == "low"
        or o["ears"] in ("sideways", "flat")
        or o["body"] == "tense"
        or not o["entered_voluntarily"]
        or calm_reps < 0.8 * reps
    )
    return "uneasy" if uneasy else "calm"
