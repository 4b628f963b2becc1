"""From what the owner saw to a stress level on the Cat Stress Score.

Scale: the 7-level Cat Stress Score (CSS) of Kessler MR & Turner DC (1997),
"Stress and adaptation of cats (Felis silvestris catus) housed singly, in
pairs and in groups in boarding catteries", *Animal Welfare* 6:243-254.
Levels 1-7 and their names as reproduced in Vet Rec Open 2014;1:e000056,
Table 2 (see ``shared/data/science-research.md`` §1).

What each observation maps to, and on what authority:

* ``body`` and ``tail`` follow the CSS table's verified Body and Tail columns:
  crouched on all paws is level 6, crouched *and shaking* level 7 (the
  contract's ``trembling``: in the table shaking appears only with the crouch,
  "may shake" at 6 and "shaking" at 7, and an owner who logs trembling saw the
  cat shake); a tail close to the body, curled forward (``tucked``) is 5.
* ``ears``, ``eyes``, ``vocal`` and the stress ``signs`` are *not* taken from
  the CSS table: those columns could not be verified in any copy, so they are
  placed by the training guide's own reading of body language (protocol.md,
  rules 3-5): ears sideways or flat and a low tail are unease (hold or lower,
  CSS 4); hissing, growling, excessive meowing, aggression, escape attempts,
  ears pulled hard back, panting, excessive grooming, refusing treats are
  real stress (stop, CSS >= 5).
* Toileting is not scored: the guide lists it among no stress signs and plans
  for accidents (a blanket "in case they have a toilet accident", pee pads
  for outings over an hour or two). With other readings, those decide.
* A still, silent cat is not thereby relaxed: McCobb et al. 2005, *JAVMA*
  226:548, found the CSS missed highly stressed cats feigning sleep. So
  ``freezing`` scores 6, silence never lowers a score, and a session where
  nothing was seen is "unknown", never "calm".
* Panting together with heavy grooming, out of the pack, in shade, after
  exertion, with no other sign, and in weather below the heat index's
  caution band is the cat cooling itself (the guide, "Identifying Signs of
  Stress"; protocol.md rule 7): flagged ``thermoregulation`` and not scored
  as stress. Panting alone, or in caution-or-worse heat, is never cooling.

The combined level is the worst single reading (max), floored at 2: level 1
needs positive evidence (relaxed body *and* slow blink, nothing above 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catpack.domain.contract import Observation, Session
from catpack.domain.safety import heat_risk

SCALE = "Cat Stress Score (Kessler & Turner 1997)"

LABELS: dict[int, str] = {
    1: "Fully relaxed",
    2: "Weakly relaxed",
    3: "Weakly tense",
    4: "Very tense",
    5: "Fearful, stiff",
    6: "Very fearful",
    7: "Terrorised",
}

#: The level's meaning where no body or tail reading logged reaches it (the
#: score came from a sign, the voice, the ears or refused treats): the CSS
#: names describe the cat's posture ("fearful, stiff"), which would say more
#: than the owner logged of a relaxed cat that was only panting.
SIGN_LABELS: dict[int, str] = {4: "Uneasy", 5: "Stressed", 6: "Very stressed"}

#: Score at or above which a session is "real stress": stop now (rule 5).
STOP_AT = 5
#: Score at or above which a session is "mild unease": hold or lower (rule 4).
UNEASE_AT = 4
#: Score reported when too little was seen to judge (cautious: never "calm").
UNKNOWN_SCORE = 3

# CSS Body column (verified): relaxed/level back = 2, alert exploring = 3,
# rear lower than front = 4, crouched on all paws = 6, crouched and shaking = 7.
BODY = {"relaxed": 2, "alert": 3, "tense": 4, "crouched": 6, "trembling": 7}
# CSS Tail column (verified) and the guide: up = 2; tense down / low = 4
# (guide: low tail = fear); close, curled forward (tucked) = 5; puffed is the
# guide's fear-or-aggression sign, Fear Free's "bottle-brush" flight sign: 6.
TAIL = {"upright": 2, "relaxed": 2, "lashing": 4, "low": 4, "tucked": 5, "puffed": 6}
# Guide (rules 3-5): forward = interested; sideways or flat = unease; pulled
# hard back = "had enough", real stress.
EARS = {"forward": 2, "neutral": 2, "sideways": 4, "flat": 4, "back": 5}
# Guide: slow blink = trust; dilated = excitement *or* anxiety, "read with the
# rest" (protocol.md): unease is dilated pupils *together with* other signs
# (rule 4). So with every other reading seen calm it is excitement (2, as
# normal eyes); with nothing else seen, or anything else above calm, it is no
# more than weakly tense (3) and the other readings decide.
DILATED = 3
EYES = {"slow_blink": 1, "normal": 2, "dilated": DILATED}
# Guide: hissing, growling, excessive meowing = distress (stop). A single meow
# is weakly tense. Silence is not scored (McCobb 2005).
VOCAL = {
    "purring": 2,
    "meowing": 3,
    "meowing_excessive": 5,
    "hissing": 6,
    "growling": 6,
    "yowling": 6,
}
# Guide's stress signs (rule 5) and behaviour-science additions. Toileting
# is 0: recorded, never scored (see the module docstring).
SIGNS = {
    "panting": 5,
    "excessive_grooming": 5,
    "escape_attempt": 5,
    "toileting": 0,
    "aggression": 6,
    "freezing": 6,  # McCobb 2005; Fear Free "freeze" response
    "hiding": 4,
}
COOLING_SIGNS = frozenset({"panting", "excessive_grooming"})
REFUSED_TREATS = 5  # rule 5 "refusing treats", for a cat that works for food


@dataclass(frozen=True, slots=True)
class Assessment:
    """The stress reading of one session."""

    score: int
    signs: tuple[str, ...]
    thermoregulation: bool
    seen: bool  # False when nothing about the cat was recorded
    posture: int = 0  # the worst body or tail reading logged (the CSS's own columns), 0: none

    @property
    def label(self) -> str:
        if self.posture < self.score and self.score in SIGN_LABELS:
            return SIGN_LABELS[self.score]
        return LABELS[self.score]

    @property
    def real_stress(self) -> bool:
        return self.score >= STOP_AT

    @property
    def unease(self) -> bool:
        return UNEASE_AT <= self.score < STOP_AT


def is_cooling(obs: Observation, session: Session, food_motivated: bool = False) -> bool:
    """Panting with heavy grooming read as the cat cooling itself (protocol rule 7).

    All must hold: the signs are exactly panting and heavy grooming, out of
    the pack, in shade, after exertion, in weather below the heat index's
    caution band, and nothing else about the cat above weakly tense. Unknown
    context (no temperature either) is not assumed favourable.
    """
    if set(obs.get("signs") or ()) != COOLING_SIGNS:
        return False
    ctx = session.get("context")
    if not ctx or ctx.get("sun") != "shade" or ctx.get("after_exertion") is not True:
        return False
    if ctx.get("in_backpack") is not False:
        return False
    reading = heat_risk(ctx.get("temp_c"), ctx.get("humidity_pct"), "shade")
    if reading is None or reading.risk != "low":
        return False
    # A thermometer in the pack that read caution-or-worse: the cat came out
    # of a hot pack, and its panting is heat, not cooling after exertion.
    pack = heat_risk(ctx.get("pack_temp_c"), ctx.get("pack_humidity_pct"), "indoor")
    if pack is not None and pack.risk != "low":
        return False
    return component_scores(obs, food_motivated) <= 3


def component_scores(obs: Observation, food_motivated: bool) -> int:
    """Worst reading among body, tail, ears, eyes, voice and treats (0: none seen)."""
    return _worst(*_readings(obs, food_motivated))


Readings = tuple[str, str, str, str, str | None, bool]


def _readings(obs: Observation, food_motivated: bool) -> Readings:
    """What a score is made of: body, tail, ears, eyes, voice, and whether
    refused treats count (a cat that works for food refused them)."""
    return (
        obs.get("body", "unseen"),
        obs.get("tail", "unseen"),
        obs.get("ears", "unseen"),
        obs.get("eyes", "unseen"),
        obs.get("vocal"),
        food_motivated and obs.get("took_treats") is False,
    )


def _worst(
    body: str, tail: str, ears: str, eyes: str, vocal: str | None, refused_treats: bool
) -> int:
    """:func:`component_scores` on the readings themselves."""
    body_score = BODY.get(body, 0)
    tail_score = TAIL.get(tail, 0)
    ears_score = EARS.get(ears, 0)
    vocal_score = VOCAL.get(vocal or "silent", 0)
    worst = max(body_score, tail_score, ears_score, EYES.get(eyes, 0), vocal_score)
    if refused_treats:
        worst = max(worst, REFUSED_TREATS)
    if worst == DILATED and eyes == "dilated":
        rest = max(body_score, tail_score, ears_score, vocal_score)
        if 0 < rest <= 2:  # excitement: every other reading seen is calm (read with the rest)
            return 2
    return worst


def assess(session: Session, food_motivated: bool = True) -> Assessment:
    """Score one session on the CSS (1-7), see the module docstring for sources."""
    obs = session["observation"]
    signs = tuple(obs.get("signs") or ())
    cooling = len(signs) == 2 and is_cooling(obs, session, food_motivated)
    return _assessed(*_readings(obs, food_motivated), signs, cooling)


# The reading depends on these values only (the context only through
# ``cooling``), and a long log repeats a few observations many times: each
# distinct one is scored once (an Assessment is immutable, so sharing it is
# safe). Bounded, as the signs can come in any combination.
@lru_cache(maxsize=4096)
def _assessed(
    body: str,
    tail: str,
    ears: str,
    eyes: str,
    vocal: str | None,
    refused_treats: bool,
    signs: tuple[str, ...],
    cooling: bool,
) -> Assessment:
    worst = _worst(body, tail, ears, eyes, vocal, refused_treats)
    if not cooling:
        for sign in signs:
            worst = max(worst, SIGNS[sign])
    seen = worst > 0 or cooling
    if not worst:
        score = UNKNOWN_SCORE if not cooling else 2
    elif worst <= 2 and body == "relaxed" and eyes == "slow_blink":
        score = 1
    else:
        score = max(2, worst)
    shown: list[str] = list(signs)
    if vocal in ("meowing_excessive", "hissing", "growling", "yowling"):
        shown.append(str(vocal))
    if refused_treats:
        shown.append("refused_treats")
    # Read only where the label can depend on it (a score with a sign's own label).
    posture = max(BODY.get(body, 0), TAIL.get(tail, 0)) if score in SIGN_LABELS else 0
    return Assessment(
        score=score, signs=tuple(shown), thermoregulation=cooling, seen=seen, posture=posture
    )


#: Plain words for the readings a reason may name (owner-facing).
WORDS: dict[str, str] = {
    "panting": "panting",
    "excessive_grooming": "heavy grooming",
    "escape_attempt": "trying to escape",
    "aggression": "swiping or biting",
    "freezing": "freezing",
    "hiding": "hiding",
    "toileting": "an accident in the pack",
    "meowing_excessive": "meowing a lot",
    "hissing": "hissing",
    "growling": "growling",
    "yowling": "yowling",
    "crouched": "crouching",
    "trembling": "trembling",
    "tucked": "tail tucked",
    "puffed": "tail puffed up",
    "back": "ears pinned back",
    "refused_treats": "refusing treats",
    "low": "tail low",
    "lashing": "tail lashing",
    "sideways": "ears sideways",
    "flat": "ears flat",
    "tense": "body tense",
    "dilated": "pupils dilated",
}


def stress_words(obs: Observation, food_motivated: bool = True) -> list[str]:
    """Plain words for each logged reading at real-stress level (CSS >= 5)."""
    found: list[str] = [s for s in obs.get("signs") or () if SIGNS[s] >= STOP_AT]
    vocal = obs.get("vocal")
    if vocal and VOCAL.get(vocal, 0) >= STOP_AT:
        found.append(vocal)
    for table, key in ((BODY, "body"), (TAIL, "tail"), (EARS, "ears")):
        value = obs.get(key)
        if isinstance(value, str) and table.get(value, 0) >= STOP_AT:
            found.append(value)
    if food_motivated and obs.get("took_treats") is False:
        found.append("refused_treats")
    return [WORDS[f] for f in dict.fromkeys(found)]


def unease_words(obs: Observation) -> list[str]:
    """Plain words for each logged reading of mild unease (CSS 4): what a
    reason names beside the real-stress readings, or alone (hiding, a low tail)."""
    found: list[str] = [s for s in obs.get("signs") or () if UNEASE_AT <= SIGNS[s] < STOP_AT]
    for table, key in ((BODY, "body"), (TAIL, "tail"), (EARS, "ears")):
        value = obs.get(key)
        if isinstance(value, str) and UNEASE_AT <= table.get(value, 0) < STOP_AT:
            found.append(value)
    if found and obs.get("eyes") == "dilated":  # read with the rest: anxiety, beside them
        found.append("dilated")
    return [WORDS[f] for f in dict.fromkeys(found)]


def works_for_food(motivation: list[str] | tuple[str, ...] | None) -> bool:
    """A cat whose refused treat is a stress sign: food motivates it (or nobody said)."""
    return motivation is None or "food" in motivation


def stop_readings(food_motivated: bool = True) -> dict[str, list[str | bool]]:
    """Every single reading that by itself is real stress (CSS >= :data:`STOP_AT`),
    by observation field: what the pages publish, so a phone with no signal can
    show the stop guidance for a session it could not send.

    A session is real stress exactly when one of its readings is listed (the
    score is the worst reading). The one exception goes the cautious way:
    panting with heavy grooming that :func:`is_cooling` reads as the cat cooling
    itself (it needs a context the log form does not record) is listed here.
    """

    def at_stop(table: dict[str, int]) -> list[str | bool]:
        return [value for value, score in table.items() if score >= STOP_AT]

    return {
        "body": at_stop(BODY),
        "tail": at_stop(TAIL),
        "ears": at_stop(EARS),
        "eyes": at_stop(EYES),
        "vocal": at_stop(VOCAL),
        "signs": at_stop(SIGNS),
        "took_treats": [False] if food_motivated and REFUSED_TREATS >= STOP_AT else [],
    }
