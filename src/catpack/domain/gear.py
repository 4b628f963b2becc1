"""Backpack fit and the pack's own safety flags.

**Fit rule.** One rule, from veterinary advice: the carrier is about one and a
half times the cat's length (nose to the base of the tail) long, and as wide
as the cat is long, so that the cat can stand, turn round and lie down (Pet
Care Clinic of Kokomo, "The Purr-fect Cat Carrier", 2019-12-05; vets quoted
by The Dodo say the same 1.5 times, shared/data/gear-research.md [F5]). The
page asks for room to stand but gives no height figure; we ask for the cat's
standing height (floor to the top of its head) inside, no more (policy). The
pack's floor is its length x width (the longer side is its length); its
height is as it stands when worn.

**Margin (policy).** A dimension that reaches the rule's figure *fits*; one
short of it by at most a third is *tight*; shorter still is *too small*. The
third is chosen so that a pack exactly as long as the cat is tight, not too
small (1.5 x 2/3 = 1): the cat can lie down curled but has less room to turn
than the vets advise. Many cat backpacks are smaller than the rule (the cat
sits or curls up in them), so the verdict is advice, never a block.

**Flags** (the safety ids the engine reports):

* ``over_weight_rating`` (blocking): the cat weighs more than the maker's
  rating; blocks every session that uses the pack.
* ``near_weight_rating`` (warning): the rating is less than the cat's weight
  plus 20 % (a weak source suggests that margin, gear-research.md: policy).
* ``no_inner_tether`` (blocking): the pack has no inner tether; blocks the
  stages that move the pack (``Stage.moves_pack``, protocol rule 8).
* ``tether_high`` (warning): the tether is not low down (rule 8: clip it
  low, to the harness). ``no_zip_clips`` (warning): cats can push zips open.
* ``bubble_window_heat`` / ``no_mesh_heat`` (warnings, sunny outings): a
  veterinary hospital reports cats arriving with open-mouth breathing after
  trips in bubble backpacks, one bag "extremely hot when unzipped" (Sai Kung
  Animal Hospital, "Bin the bubble backpack", gear-research.md [F7]); a bubble
  is a view, not airflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from catpack.domain import measure
from catpack.domain.contract import Backpack, Cat, Location, Sun
from catpack.domain.measure import Units
from catpack.domain.protocol import Stage

FitVerdict = Literal["fits", "tight", "too_small"]

#: Carrier length per cat length, and width per cat length (the vets' rule).
LENGTH_PER_CAT_LENGTH = 1.5
WIDTH_PER_CAT_LENGTH = 1.0
#: Inside height per standing height (policy: room to stand, no more).
HEIGHT_PER_CAT_HEIGHT = 1.0
#: Policy: within a third below the rule's figure is "tight".
TIGHT_FROM = 2 / 3
#: Policy (weak source): a rating under the cat's weight + 20 % is a warning.
RATING_MARGIN = 1.2
RULE = (
    "About 1.5 times the cat's length (nose to the base of the tail) long, as wide as the cat "
    "is long, and as high as the cat stands: room to stand, turn round and lie down."
)
_RANK: dict[FitVerdict, int] = {"fits": 0, "tight": 1, "too_small": 2}
SUNNY: frozenset[str] = frozenset({"full", "partial"})
OUTDOORS: frozenset[str] = frozenset({"quiet_outdoors", "busy_outdoors", "doorway", "car"})


def _grade(have: float, need: float) -> FitVerdict:
    if have >= need:
        return "fits"
    return "tight" if have >= need * TIGHT_FROM else "too_small"


def fit(pack: Backpack, cat: Cat, units: Units = "metric") -> dict[str, Any]:
    """The pack against the cat: verdict, one entry per dimension, and what is missing.

    ``verdict`` is None when nothing could be checked (sizes not recorded).
    """
    name = cat.name
    checks: list[dict[str, Any]] = []
    missing: list[str] = []
    floor = [d for d in (pack.length_cm, pack.width_cm) if d is not None]
    if len(floor) < 2 or pack.height_cm is None:
        missing.append("the pack's inside length, width and height")
    if cat.length_cm is None:
        missing.append(f"{name}'s length, nose to the base of the tail")
    if cat.height_cm is None:
        missing.append(f"{name}'s standing height, floor to the top of the head")
    if len(floor) == 2 and cat.length_cm is not None:
        long_side, short_side = max(floor), min(floor)
        checks.append(
            _check(
                "length",
                long_side,
                cat.length_cm * LENGTH_PER_CAT_LENGTH,
                units,
                f"1.5 times {name}'s length",
            )
        )
        checks.append(
            _check(
                "width", short_side, cat.length_cm * WIDTH_PER_CAT_LENGTH, units, f"{name}'s length"
            )
        )
    if pack.height_cm is not None and cat.height_cm is not None:
        checks.append(
            _check(
                "height",
                pack.height_cm,
                cat.height_cm * HEIGHT_PER_CAT_HEIGHT,
                units,
                f"{name}'s standing height",
            )
        )
    verdict: FitVerdict | None = None
    if checks:
        grades: list[FitVerdict] = [c["verdict"] for c in checks]
        worst: FitVerdict = max(grades, key=_RANK.__getitem__)
        verdict = worst
    reasons = [c["reason"] for c in checks if c["verdict"] != "fits"]
    if verdict == "fits":
        reasons.append(f"Room for {name} to stand, turn round and lie down.")
    if pack.openings == ["top"]:
        reasons.append("A front or side opening makes the first steps easier than a top one.")
    weight = _rating(pack, cat, units)
    if weight is not None and weight["verdict"] != "ok":
        reasons.append(weight["reason"])
    return {
        "verdict": verdict,
        "rule": RULE,
        "checks": checks,
        "weight": weight,
        "missing": missing,
        "reasons": reasons,
    }


def _check(dimension: str, have: float, need: float, units: Units, basis: str) -> dict[str, Any]:
    verdict = _grade(have, need)
    shown, wanted = measure.length(have, units), measure.length(need, units)
    if verdict == "fits":
        reason = f"Inside {dimension} {shown}: at least {basis} ({wanted})."
    else:
        word = "a little short" if verdict == "tight" else "too small"
        reason = f"Inside {dimension} {shown} is {word}: about {basis} ({wanted}) is advised."
    return {
        "dimension": dimension,
        "pack": shown,
        "needs": wanted,
        "verdict": verdict,
        "reason": reason,
    }


def _rating(pack: Backpack, cat: Cat, units: Units) -> dict[str, Any] | None:
    if pack.max_cat_kg is None or cat.weight_kg is None:
        return None
    cat_w, rated = measure.weight(cat.weight_kg, units), measure.weight(pack.max_cat_kg, units)
    if cat.weight_kg > pack.max_cat_kg:
        return {
            "verdict": "over",
            "reason": f"{cat.name} weighs {cat_w}, over the {rated} the maker rates this pack "
            "for: use a pack rated for more.",
        }
    if cat.weight_kg * RATING_MARGIN > pack.max_cat_kg:
        return {
            "verdict": "near",
            "reason": f"{cat.name} weighs {cat_w}, close to the pack's {rated} rating: "
            "a pack rated for more leaves a margin.",
        }
    return {"verdict": "ok", "reason": f"Rated for {rated}; {cat.name} weighs {cat_w}."}


@dataclass(slots=True)
class Flags:
    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def sunny(sun: Sun | None, location: Location | None) -> bool:
    """A sunny outing: sun full or partial, or not given for a place outside."""
    if sun is not None:
        return sun in SUNNY
    return location in OUTDOORS


def pack_flags(
    pack: Backpack | None, cat: Cat, stage: Stage | None, *, is_sunny: bool, units: Units = "metric"
) -> Flags:
    """The pack's flags for a session at ``stage`` (None: a trip, which carries the pack)."""
    flags = Flags()
    if pack is None:
        return flags
    uses_pack = stage is None or stage.track != "harness"
    moves = stage is None or stage.moves_pack
    rating = _rating(pack, cat, units)
    if uses_pack and rating is not None and rating["verdict"] == "over":
        flags.blocking.append("over_weight_rating")
        flags.reasons.append(rating["reason"])
    elif uses_pack and rating is not None and rating["verdict"] == "near":
        flags.warnings.append("near_weight_rating")
    if moves and pack.inner_tether is False:
        flags.blocking.append("no_inner_tether")
        flags.reasons.append(
            "This pack has no inner tether: from the first lift on, the cat's harness must be "
            "clipped inside the pack. Fit a tether or use another pack."
        )
    elif moves and pack.inner_tether and pack.tether_low is False:
        flags.warnings.append("tether_high")
    if moves and pack.zip_clips is False:
        flags.warnings.append("no_zip_clips")
    if uses_pack and is_sunny and pack.bubble_window:
        flags.warnings.append("bubble_window_heat")
        flags.reasons.append(
            "A bubble window traps heat in the sun and lets little air through: keep the pack "
            "in shade, open it often, and swap the bubble for mesh if the pack allows."
        )
    if uses_pack and is_sunny and pack.mesh_sides == 0:
        flags.warnings.append("no_mesh_heat")
        flags.reasons.append(
            "This pack has no mesh sides for air: in the sun it heats up fast. "
            "Keep to shade and check the cat often."
        )
    return flags
