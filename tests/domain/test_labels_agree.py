"""The decision's label says where the next session is from the last one: rows
through ``decide``.

The coach contract judges each label on the most recent session: ``push``
same stage, one level up; ``stick`` the same level again; ``drop`` easier;
``advance`` a later stage. The engine gave the last session's own verdict as
the label, but the next session is not always where that verdict goes; each
row is a history where the two parted (wrong before), found by
tests/domain/test_label_properties.py, with the next session unchanged:

* a session logged during the rest after a stop, at a level above the
  rest's easier plan: the plan stays, lower than that session, so ``drop``
  (was ``stick``: "same level again", at a level two below it);
* a lapse after a calm session: the next session is a level below the plan,
  which is the last session's own level, so ``stick`` (was ``drop``); after
  a lapse with the plan at the first level already, below the last session
  (a stop there), ``drop`` (was ``stick``);
* a session on the harness track where the next one is the backpack's plan
  (the harness done, or a backpack rest that the harness session leaves as
  it was): a later stage, ``advance`` (was ``drop`` or ``stick``, and its
  "make it easier" is not what comes next);
* a trained cat's refresher session during the rest after a stop on a long
  hike: the rest's plan asks more than that session, ``advance`` (was
  ``stick``).

The planned session itself (stage, level, length, time, place) is as it was
before for every row (bench/same_plans.py compares it over generated logs).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide
from catpack.words import DECISION_WORDS, decision_tag
from tests.domain.test_reasons_agree import Row, stressed
from tests.domain.test_reasons_agree import test_the_reasons_say_what_the_decision_does as check_row
from tests.factories import SAFE_CHECKS, T0, UNEASY, cat, graduation, request, session

H = timedelta(hours=1)
D = timedelta(days=1)

ROWS: list[Row] = [
    ("calm during the rest, above the rest's plan: drop to it (was stick)",
     [session("door-closed", 4, T0), stressed("door-closed", 5, T0 + H),
      session("door-closed", 5, T0 + 2 * H)], cat(), H, "drop", "door-closed", 3,
     ["the next session stays the easier one"], ["raise one level"]),
    ("3 of 5 calm during the rest at the stopped level: drop to the rest's plan (was stick)",
     [session("door-closed", 4, T0), stressed("door-closed", 5, T0 + H),
      session("door-closed", 5, T0 + 2 * H, calm=3)], cat(), H, "drop", "door-closed", 3,
     ["the next session stays the easier one"], ["repeat this level"]),
    ("calm during the rest at the next stage's first level: drop to the rest's plan (was "
     "stick)",
     [session("time-inside", 5, T0), stressed("door-closed", 1, T0 + H),
      session("door-closed", 1, T0 + 2 * H)], cat(), H, "drop", "time-inside", 4,
     ["the next session stays the easier one"], ["raise one level"]),
    ("a refresher session logged in training during the rest, counted as a level above the "
     "plan: drop (was stick)",
     [session("first-walk", 1, T0, checks=SAFE_CHECKS),
      stressed("first-walk", 2, T0 + H, checks=SAFE_CHECKS),
      session("refresher", 3, T0 + 2 * H, checks=SAFE_CHECKS)], cat(), H,
     "drop", "outdoors", 7, ["counts as", "the next session stays the easier one"],
     ["raise one level"]),
    ("21 days after a calm first level: a level below the plan is that level again, stick "
     "(was drop)",
     [session("introduce", 1, T0)], cat(), 21 * D,
     "stick", "introduce", 1, ["21 days without practice: not on to the level above"],
     ["start again a level easier"]),
    ("40 days after a stop on the harness track: the plan at its first level, below "
     "the stopped session, drop (was stick)",
     [session("harness-leash", 2, T0), stressed("harness-leash", 3, T0 + H)],
     cat(harness_trained=False), 40 * D, "drop", "harness-leash", 1,
     ["the plan is at the first level"], ["repeat this one"]),
    ("30 days after a harness session, the harness done: the backpack's plan a level "
     "easier, a later stage, advance (was drop)",
     [*[session("harness-leash", lv, T0 + lv * H) for lv in (1, 2, 3, 4)],
      session("introduce", 1, T0 + D), session("introduce", 2, T0 + D + H),
      session("harness-leash", 2, T0 + 2 * D)], cat(harness_trained=False), 30 * D,
     "advance", "introduce", 2, ["30 days without practice"], ["raise one level"]),
    ("an uneasy harness session during the backpack's rest: the backpack's plan, advance "
     "(was drop, with 'make it easier')",
     [session("introduce", 3, T0), stressed("introduce", 4, T0 + H),
      session("harness-leash", 3, T0 + 2 * H, calm=0)], cat(), H,
     "advance", "introduce", 2, ["Calm in 0 of 5 repetitions."], ["make it easier"]),
    ("a calm harness session during the backpack's rest: the backpack's plan, advance (was "
     "stick)",
     [session("introduce", 3, T0), stressed("introduce", 4, T0 + H),
      session("harness-leash", 1, T0 + 2 * H)], cat(), H,
     "advance", "introduce", 2, [], ["raise one level"]),
    ("a trained cat's refresher session during the rest after a stop on a long hike: the "
     "rest's plan asks more, advance (was stick)",
     [graduation(T0), stressed("adventure", 4, T0 + D, checks=SAFE_CHECKS),
      session("refresher", 1, T0 + D + 2 * H, checks=SAFE_CHECKS)], cat(), H,
     "advance", "adventure", 2, [], ["raise one level"]),
    ("unchanged: an ordinary raise, repeat, drop and stage done",
     [session("time-inside", 2, T0)], cat(), H, "push", "time-inside", 3, [], []),
    ("unchanged: 3 of 5 calm repeats the level",
     [session("time-inside", 2, T0, calm=3)], cat(), H, "stick", "time-inside", 2, [], []),
    ("unchanged: unease drops a level",
     [session("time-inside", 2, T0, observation=UNEASY, reps=None, calm=None)], cat(), H,
     "drop", "time-inside", 1,
     [], []),
    ("unchanged: a stage done",
     [session("time-inside", 5, T0)], cat(), H, "advance", "door-closed", 1, [], []),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_the_label_says_where_the_next_session_is(row: Row) -> None:
    check_row(*row[1:])


# What an owner reads for each family above: the label's heading (Today's tag,
# the CLI's head line, both from catpack.words) and the reasons beside it. The
# heading is the same for every case of a label, so it must be true for each:
# a drop to the rest's plan (or the first level after a break) is two levels
# down, not "one level easier"; an advance after a harness or refresher session
# goes to another stage, not "the next stage" as if that session's stage were
# finished (a refresher's is not). The reasons say which session comes next
# and why, and none says "start again a level easier" beside an advance.
EASIER = "An easier level next"
ANOTHER = "On to another stage"
IN_REST = "This session came during the rest after real stress"

# (id, log, the cat, later, heading, words said, words not said)
WordsRow = tuple[str, list[dict[str, Any]], dict[str, Any], timedelta, str, list[str], list[str]]
WORDS_ROWS: list[WordsRow] = [
    ("calm during the rest, two levels above the rest's plan: not 'one level easier'",
     [session("door-closed", 4, T0), stressed("door-closed", 5, T0 + H),
      session("door-closed", 5, T0 + 2 * H)], cat(), H, EASIER,
     [f"{IN_REST}: it does not count towards raising the level, and the next session stays "
      "the easier one."], ["raise one level", "one level easier"]),
    ("a refresher counted in training during the rest: the easier plan at the stage before",
     [session("first-walk", 1, T0, checks=SAFE_CHECKS),
      stressed("first-walk", 2, T0 + H, checks=SAFE_CHECKS),
      session("refresher", 3, T0 + 2 * H, checks=SAFE_CHECKS)], cat(), H, EASIER,
     ["the next session stays the easier one"], ["raise one level"]),
    ("21 days after a calm first level: this level again (the words already fit)",
     [session("introduce", 1, T0)], cat(), 21 * D, "Same level again",
     ["21 days without practice: not on to the level above, but this level again, shorter"],
     ["start again a level easier"]),
    ("40 days after a stop at harness level 3: level 1 is two levels down, not 'one level "
     "easier'",
     [session("harness-leash", 2, T0), stressed("harness-leash", 3, T0 + H)],
     cat(harness_trained=False), 40 * D, EASIER,
     ["40 days without practice: the plan is at the first level"], ["repeat this one"]),
    ("30 days after a harness session, the harness done: the backpack's plan named, no "
     "'start again a level easier' beside the advance",
     [*[session("harness-leash", lv, T0 + lv * H) for lv in (1, 2, 3, 4)],
      session("introduce", 1, T0 + D), session("introduce", 2, T0 + D + H),
      session("harness-leash", 2, T0 + 2 * D)], cat(harness_trained=False), 30 * D, ANOTHER,
     ["30 days without practice: the next session is Introduce the backpack (step 1), "
      "level 2, a level below where the plan had got to"],
     ["start again a level easier", "raise one level", "Stage done", "is complete"]),
    ("an uneasy harness session during the backpack's rest: why the backpack comes next",
     [session("introduce", 3, T0), stressed("introduce", 4, T0 + H),
      session("harness-leash", 3, T0 + 2 * H, calm=0)], cat(), H, ANOTHER,
     [f"{IN_REST}: the next session is the rest's easier one, Introduce the backpack "
      "(step 1), level 2.", "When the cat comes back to level 3 of Harness and leash, keep "
      "it shorter"], ["make it easier", "Stage done", "is complete", "this level"]),
    ("a calm harness session during the backpack's rest: the rest's plan named",
     [session("introduce", 3, T0), stressed("introduce", 4, T0 + H),
      session("harness-leash", 1, T0 + 2 * H)], cat(), H, ANOTHER,
     [f"{IN_REST}: the next session is the rest's easier one, Introduce the backpack "
      "(step 1), level 2."], ["raise one level", "stays the easier one", "Stage done"]),
    ("a trained cat's refresher during the rest after a stop on a long hike: the hike named, "
     "the refresher not told as done",
     [graduation(T0), stressed("adventure", 4, T0 + D, checks=SAFE_CHECKS),
      session("refresher", 1, T0 + D + 2 * H, checks=SAFE_CHECKS)], cat(), H, ANOTHER,
     [f"{IN_REST}: the next session is the rest's easier one, Hiking and adventure "
      "(step 10), level 2."], ["raise one level", "stays the easier one", "Stage done"]),
    ("unease: the level it comes back to shorter is named, not 'this level' beside the "
     "easier one shown",
     [session("time-inside", 2, T0, observation=UNEASY, reps=None, calm=None)], cat(), H,
     EASIER, ["When the cat comes back to level 2, keep it shorter"], ["this level"]),
    ("unease at a stage's first level: the stage it comes back to is named too",
     [session("time-inside", 5, T0), session("door-closed", 1, T0 + H, observation=UNEASY,
                                             reps=None, calm=None)], cat(), H,
     EASIER, ["When the cat comes back to level 1 of Door closed (step 4), keep it shorter"],
     ["this level"]),
    ("calm at level 1 below a plan at level 4: three levels up, not 'one level'",
     [*[session("time-inside", lv, T0 + lv * H) for lv in (1, 2, 3)],
      session("time-inside", 1, T0 + 5 * H)], cat(), H, "A step up next",
     ["the plan stays at Time inside, door open (step 3), level 4"], ["raise one level"]),
]  # fmt: skip


@pytest.mark.parametrize("row", WORDS_ROWS, ids=[r[0] for r in WORDS_ROWS])
def test_what_the_owner_reads_fits_the_label(row: WordsRow) -> None:
    _, log, the_cat, later, heading, said, unsaid = row
    last = max(datetime.fromisoformat(s["at"]) for s in log)
    d = decide(request(log, now=last + later, cat=the_cat))
    assert decision_tag(d) == heading, (d["decision"], d["reasons"])
    assert DECISION_WORDS[d["decision"]] == heading  # Today's tag is the same words
    text = " ".join(d["reasons"])
    for words in said:
        assert words in text, (words, d["reasons"])
    for words in unsaid:
        assert words not in text, (words, d["reasons"])
