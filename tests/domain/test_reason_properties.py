"""The reasons agree with the decision, for any cat and log (hypothesis).

Owners do what the coach says: a plain reason must never contradict the
decision beside it. Judged, as the coach contract judges every decision,
against the last session (the level it counted as: an upkeep session of a
cat in training counts at its ladder level, and its reasons say so):

* "raise one level" only beside ``push`` or ``advance``, and only where the
  next session is the level right above the last one on the same track (no
  level of the main ladder in between);
* "Stage done: on to X" only beside ``advance``, X being the decision's
  stage; a block says "Stage done: X comes next, once the problem below is
  put right" instead (a block never erases progress);
* "The next level starts with a short first try" only beside a raise to the
  level right above; "The plan's level starts ..." only beside calm practice
  below the plan, whose words name the decision's stage and level;
* nothing that says raise ("raise", "on to", a short first try at a new
  level, the harness track "complete") beside stop, drop, stick, refer,
  blocked, maintain or refresh;
* "repeat this level" (and "the level is repeated", "holding this level",
  "repeat before raising", "keep going before raising") only where the next
  session is that level, never beside a referral (there is no next session);
* "next time, a longer one" (or the full length, or half of it) only where
  the next session is that level, never after a break (the first session back
  is short again) or beside a referral;
* "make it easier" never beside a raise or a referral.

The generators are the ones tests/domain/test_fold_properties.py (a walk over
the protocol's levels) and tests/domain/test_properties.py (any valid log)
already use. Histories these checks found are rows in
tests/domain/test_reasons_agree.py.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given

from catpack import decide
from catpack.domain import protocol as P
from catpack.domain.contract import parse_coach_request
from catpack.domain.decide import fold_request
from catpack.domain.evidence import key_of, track_of
from tests.domain import test_fold_properties as walks
from tests.domain import test_properties as anything

PROPS = walks.PROPS
#: Every level of the main ladder (the optional side step may be skipped).
MAIN = [(s, lv) for s in P.STAGES if not s.optional for lv in range(1, len(s.levels) + 1)]
RAISE_WORDS = ("raise one level", "Stage done: on to", "level starts with a short first try")
REPEAT_WORDS = (
    "repeat this level",
    "the level is repeated",
    "holding this level",
    "repeat before raising",
    "keep going before raising",
)
LONGER_WORDS = ("next time, a longer one", "next time, the level's full length", "Next time about")
NOT_RAISING = ("stop", "drop", "stick", "refer", "blocked", "maintain", "refresh", "start")


def rank(stage: P.Stage, level: int) -> tuple[int, int, int]:
    return (1 if track_of(stage) == "upkeep" else 0, *key_of(stage, level))


def one_up(done: tuple[P.Stage, int], nxt: tuple[P.Stage, int]) -> bool:
    """``nxt`` is the level right above ``done`` on its track: above it, and no
    level of the main ladder in between (the upkeep follows the ladder's top)."""
    if track_of(done[0]) == "harness" or track_of(nxt[0]) == "harness":
        if track_of(done[0]) != track_of(nxt[0]):
            return False
    a, b = rank(*done), rank(*nxt)
    if b <= a:
        return False
    between = [p for p in MAIN if track_of(p[0]) == track_of(done[0]) and a < rank(*p) < b]
    return not between


def check_reasons(req: dict[str, Any]) -> None:
    d = decide(req)
    if not req["sessions"]:
        return
    last = fold_request(parse_coach_request(req)).last
    assert last is not None
    done = (last.done.stage, last.done.level)
    nxt = (P.BY_ID[d["stage"]["id"]], d["stage"]["level"])
    decision, reasons = d["decision"], d["reasons"]
    why = (decision, done[0].id, done[1], nxt[0].id, nxt[1], reasons)

    def said(*words: str) -> bool:
        return any(w in r for r in reasons for w in words)

    if decision in NOT_RAISING:
        assert not said(*RAISE_WORDS, "Harness training is complete"), why
    if said("raise one level"):
        assert decision in ("push", "advance") and one_up(done, nxt), why
    if said("Stage done"):
        assert decision in ("advance", "blocked"), why
        if decision == "advance":
            assert said(f"Stage done: on to {nxt[0].named}."), why
        else:
            assert not said("Stage done: on to"), why
    if said("The next level starts with a short first try"):
        assert decision in ("push", "advance", "blocked") and one_up(done, nxt), why
    if said("The plan's level starts with a short first try"):
        assert decision in ("push", "advance", "blocked"), why
        assert said("Calm at an easier level than the plan"), why
    if said("Calm at an easier level than the plan"):
        plan = f"the plan stays at {nxt[0].named}, level {nxt[1]}."
        assert said(plan), why
    if said(*REPEAT_WORDS):
        assert nxt == done and decision != "refer", why
    if said(*LONGER_WORDS):
        assert nxt == done and decision != "refer", why
        assert not said("days without practice", "days since the last outing"), why
    if said("make it easier"):
        assert decision not in ("push", "advance", "refer"), why
    if said("start again a level easier"):  # a lapse's drop, never beside a move up
        assert decision not in ("push", "advance"), why
    if said("the next session is the rest's easier one"):  # it names that session
        assert said(f"the rest's easier one, {nxt[0].named}, level {nxt[1]}."), why


@PROPS
@given(walks.walk_requests())
def test_the_reasons_agree_with_the_decision_on_a_walk_up_and_down_the_plan(
    req: dict[str, Any] | None,
) -> None:
    if req is not None:
        check_reasons(req)


@PROPS
@given(anything.requests())
def test_the_reasons_agree_with_the_decision_on_any_log(req: dict[str, Any]) -> None:
    check_reasons(req)
