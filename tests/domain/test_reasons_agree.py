"""The reasons agree with the decision: rows through ``decide``.

Owners do what the coach says, so no plain reason may contradict the
decision beside it. A reason may say "raise one level" only where the
decision goes one level up from the last session (the coach contract:
"`push`: same stage, one level up"; "`advance`: the stage is done; `stage`
is the next one"), and "The next level starts with a short first try" only
where the next session is at that new level.

Calm practice below the plan ("Calm at an easier level than the plan: the
plan stays at X, level N") keeps the plan, so the reading of that easier
session is told without its "raise one level" (wrong before: "raise one
level" beside "the plan stays", where the plan was several levels or stages
up), unless the plan is the level right above it, where both are true.
Its short first try at the plan's level, where it gives one, names the
plan's level, not "the next level" (wrong before).

Likewise "repeat this level" (and the other ways of saying it), "next time,
a longer one" and "make it easier" are the last session's own next step:
told only where the next session is that level, never after a break (the
first session back is short, a level easier), beside a referral (no
session is planned), in a rest's easier plan or beside harness training
first (wrong before: each of them). A calm-enough session during the rest
after a stop, at a level above the rest's plan, now says why the next
session is the easier one, as a calm one there already did.

Decided, and kept: calm practice below a plan at a later stage is an
``advance``, and below a plan at the same stage a ``push``. Judged against
the last session, as the contract judges every decision: the next session
is at a later stage than the session just logged, and that session's stage
is done (the plan is past it), which is ``advance`` ("the stage is done;
`stage` is the next one (possibly a later step)"); ``push`` says "same
stage", which would be false. At the same stage the next session is higher
on the same stage: ``push`` is the only decision that says so (``stick`` is
"same level again", false), though it may be more than one level up; the
reasons then say where the plan stays and no "raise one level". Neither
says "Stage done": the stage was done before this session.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide
from tests.factories import HISSING, SAFE_CHECKS, T0, UNEASY, cat, graduation, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
RAISE = "raise one level"
REPEAT = "repeat this level"
LONGER = "next time, a longer one"


def stressed(stage: str, level: int, at: datetime, **extra: Any) -> dict[str, Any]:
    return session(stage, level, at, observation=HISSING, reps=None, calm=None, **extra)


# (id, log, the cat, later, decision, stage, level, words said, words not said)
Row = tuple[
    str, list[dict[str, Any]], dict[str, Any], timedelta, str, str, int, list[str], list[str]
]
ROWS: list[Row] = [
    ("calm at associations 1, the plan at door-closed 7: advance, the plan stays, no raise "
     "(wrong before: 'raise one level')",
     [session("door-closed", 6, T0), session("associations", 1, T0 + H)], cat(), H,
     "advance", "door-closed", 7, ["the plan stays at Door closed (step 4), level 7"],
     [RAISE, "Stage done"]),
    ("calm at time-inside 1, the plan at time-inside 4: push, no raise (wrong before: 'raise "
     "one level')",
     [session("time-inside", 3, T0), session("time-inside", 1, T0 + H)], cat(), H,
     "push", "time-inside", 4, ["the plan stays at Time inside, door open (step 3), level 4"],
     [RAISE]),
    ("calm but not fully relaxed at time-inside 1, the plan at time-inside 4: the plan's level "
     "starts short (wrong before: 'raise one level', 'The next level starts')",
     [session("time-inside", 3, T0), session("time-inside", 1, T0 + H, calm=4)], cat(), H,
     "push", "time-inside", 4, ["The plan's level starts with a short first try"],
     [RAISE, "The next level"]),
    ("calm at associations 1 (4 of 5), the plan at door-closed 7: advance, the plan's level "
     "short (wrong before: 'raise one level', 'The next level starts')",
     [session("door-closed", 6, T0), session("associations", 1, T0 + H, calm=4)], cat(), H,
     "advance", "door-closed", 7, ["The plan's level starts with a short first try"],
     [RAISE, "The next level", "Stage done"]),
    ("the car's top level below the plan at first-walk 3: advance, no raise (wrong before: "
     "'raise one level', 'The next level starts')",
     [session("first-walk", 2, T0, checks=SAFE_CHECKS),
      session("car", 1, T0 + 2 * H, checks=SAFE_CHECKS),
      session("car", 2, T0 + 3 * H, checks=SAFE_CHECKS)], cat(), H,
     "advance", "first-walk", 3, ["the plan stays at Taking a walk (step 8), level 3"],
     [RAISE, "The next level"]),
    ("calm at time-inside 3 again, the plan right above it: push, 'raise one level' is true",
     [session("time-inside", 3, T0), session("time-inside", 3, T0 + H)], cat(), H,
     "push", "time-inside", 4, [RAISE, "the plan stays at Time inside, door open (step 3), "
                                "level 4"], []),
    ("the harness track done: advance to the backpack ladder, no raise (wrong before: 'raise "
     "one level' beside 'back to the backpack ladder')",
     [session("harness-leash", 4, T0)], cat(harness_trained=False), H,
     "advance", "introduce", 1, ["Harness training is complete"], [RAISE]),
    ("an ordinary raise keeps its words",
     [session("time-inside", 2, T0)], cat(), H, "push", "time-inside", 3, [RAISE], []),
    ("an ordinary stage done keeps its words",
     [session("time-inside", 5, T0)], cat(), H, "advance", "door-closed", 1,
     [RAISE, "Stage done: on to Door closed"], []),
    ("21 days after a calm-but-not-relaxed raise to movement 4: a level easier, no short "
     "first try at the level above (wrong before: 'The next level starts with a short first "
     "try')",
     [session("movement", 3, T0, calm=4)], cat(), 21 * D, "drop", "movement", 2,
     ["21 days without practice"], [RAISE, "short first try"]),
    # "This level again" and "longer next time" only where the next session is
    # that level: not after a break, beside a referral, in the rest's easier
    # plan, or beside harness training first.
    ("21 days after 3 of 5 calm: a level easier, no 'repeat this level' (wrong before)",
     [session("time-inside", 4, T0, calm=3)], cat(), 21 * D, "drop", "time-inside", 3,
     ["Calm in 3 of 5 repetitions.", "21 days without practice"], [REPEAT]),
    ("21 days after a calm shorter try: a level easier, no 'next time, a longer one' "
     "(wrong before)",
     [session("door-closed", 5, T0, calm=2), session("door-closed", 4, T0 + H),
      session("door-closed", 5, T0 + 2 * H, minutes=1)], cat(), 21 * D, "drop",
     "door-closed", 4, ["Calm in a shorter try at a level that made the cat uneasy before."],
     [LONGER]),
    ("the same calm shorter try an hour later: that level again, longer (kept)",
     [session("door-closed", 5, T0, calm=2), session("door-closed", 4, T0 + H),
      session("door-closed", 5, T0 + 2 * H, minutes=1)], cat(), H, "stick", "door-closed", 5,
     [LONGER], []),
    ("referred after 3 of 5 calm: no 'repeat this level' beside 'pause the plan' (wrong "
     "before)",
     [session("door-closed", 3, T0), stressed("door-closed", 4, T0 + H),
      session("door-closed", 2, T0 + D), session("door-closed", 3, T0 + D + H),
      stressed("door-closed", 4, T0 + 2 * D), session("door-closed", 2, T0 + 3 * D),
      session("door-closed", 3, T0 + 3 * D + H), stressed("door-closed", 4, T0 + 4 * D),
      session("door-closed", 2, T0 + 5 * D, calm=3)], cat(), H, "refer", "door-closed", 2,
     ["Calm in 3 of 5 repetitions.", "Pause the plan"], [REPEAT]),
    ("a trained cat uneasy on a routine trip, 30 days ago: the refresher, not 'holding this "
     "level' (wrong before)",
     [graduation(T0), session("maintenance", 1, T0 + D, observation=UNEASY, minutes=30,
                              checks=SAFE_CHECKS)], cat(), 30 * D, "refresh", "refresher", 1,
     ["Signs of unease (tail low, ears sideways, pupils dilated).", "30 days since"],
     ["holding this level"]),
    ("3 of 5 calm at the stopped level during the rest: the rest's easier level, said why "
     "(wrong before: 'repeat this level' and door-closed 3; a drop, two levels below it: "
     "tests/domain/test_labels_agree.py)",
     [session("door-closed", 4, T0), stressed("door-closed", 5, T0 + H),
      session("door-closed", 5, T0 + 2 * H, calm=3)], cat(), H, "drop", "door-closed", 3,
     ["This session came during the rest after real stress: the next session stays the "
      "easier one."], [REPEAT]),
    ("a walk before harness training: the harness first, no 'keep going before raising' "
     "(wrong before)",
     [session("local-walks", 1, T0, checks=SAFE_CHECKS)], cat(harness_trained=False), H,
     "blocked", "harness-leash", 1, ["1 of 3 calm outings at this level."],
     ["keep going before raising"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("log", "the_cat", "later", "decision", "stage", "level", "said", "unsaid"),
    [r[1:] for r in ROWS],
    ids=[r[0] for r in ROWS],
)
def test_the_reasons_say_what_the_decision_does(
    log: list[dict[str, Any]],
    the_cat: dict[str, Any],
    later: timedelta,
    decision: str,
    stage: str,
    level: int,
    said: list[str],
    unsaid: list[str],
) -> None:
    last = max(datetime.fromisoformat(s["at"]) for s in log)
    d = decide(request(log, now=last + later, cat=the_cat))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level), d[
        "reasons"
    ]
    text = " ".join(d["reasons"])
    for words in said:
        assert words in text, (words, d["reasons"])
    for words in unsaid:
        assert words not in text, (words, d["reasons"])
