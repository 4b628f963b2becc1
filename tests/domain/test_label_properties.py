"""The decision's label means what the coach contract says, for any cat and log
(hypothesis).

The contract judges each label "on the most recent session": the next
session's stage and level against that session's (the level it counted as:
an upkeep session of a cat in training counts at its ladder level, and its
reasons say so):

* ``push``: same stage, one level up (calm practice below a plan that stays
  higher on the same stage is the one exception, see below);
* ``stick``: same level again;
* ``drop``: an easier level than the last session (the contract's "a level
  down, or the last level of the previous stage"; see below);
* ``advance``: a later stage than the last session's (the harness track of
  step 0 comes before the whole backpack ladder);
* ``stop``: real stress in the last session; an easier stage/level than it
  (or, at the very first level of its track, where nothing is easier, that
  level again, shorter); ``not_before`` on a later calendar day in the time
  zone of ``now`` and at least 12 hours after it;
* ``start``: no sessions; ``blocked``: a safety gate unmet (named in
  ``safety.blocking``); ``refer``: no next session; ``maintain``: the
  maintenance routine; ``refresh``: the refresher. These say nothing about
  the last session's level, so nothing more is asserted for them.

Between the backpack ladder and a trained cat's upkeep stages (the
refresher, the routine trip) easier is what a level asks: no more on any
axis (the upkeep ranks above the ladder, but a long hike asks more than the
refresher's short walk).

Two things the contract's words do not fit, kept (there is no label that
does): calm practice below a plan that stays several levels up on the same
stage is a ``push`` (higher, same stage; ``stick`` and ``drop`` would say
the wrong direction), and a ``drop`` may go more than one level down (the
rest after a stop, a lapse from a plan already below the last session, a
busy level skipped on the way down): ``drop`` is the contract's only label
for "easier" without real stress in the last session. Found histories are
rows in tests/domain/test_labels_agree.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given

from catpack import decide
from catpack.domain import protocol as P
from catpack.domain.contract import parse_coach_request
from catpack.domain.decide import fold_request
from catpack.domain.evidence import key_of, track_of
from catpack.domain.moves import Position, covers, easier
from tests.domain import test_fold_properties as walks
from tests.domain import test_properties as anything

PROPS = walks.PROPS


def direction(done: Position, nxt: Position) -> str:
    """``nxt`` against ``done``: "same", "up", "down" (or "apart": two upkeep
    and ladder levels neither of which asks as much as the other on every axis)."""
    if done == nxt:
        return "same"
    a, b = track_of(done.stage), track_of(nxt.stage)
    if a == b:
        return "up" if key_of(nxt.stage, nxt.level) > key_of(done.stage, done.level) else "down"
    if a == "harness":
        return "up"
    if b == "harness":
        return "down"
    if covers(done.rung, nxt.rung):  # between the ladder and the upkeep: what it asks
        return "down"
    return "up" if covers(nxt.rung, done.rung) else "apart"


def check_label(req: dict[str, Any]) -> None:
    d = decide(req)
    decision = d["decision"]
    if not req["sessions"]:
        assert decision == "start", decision
        return
    assert decision != "start"
    state = fold_request(parse_coach_request(req))
    last = state.last
    assert last is not None
    done = last.done
    nxt = Position(P.BY_ID[d["stage"]["id"]], d["stage"]["level"])
    way = direction(done, nxt)
    why = (decision, done.stage.id, done.level, nxt.stage.id, nxt.level, way, d["reasons"])
    if decision == "push":
        assert nxt.stage is done.stage and way == "up", why
        # One level up, but for calm practice below a plan that stays higher.
        assert nxt.level == done.level + 1 or state.practised, why
    elif decision == "stick":
        assert way == "same", why
    elif decision == "drop":
        assert way == "down", why
    elif decision == "advance":
        assert way == "up" and nxt.stage is not done.stage, why
    elif decision == "stop":
        assert last.outcome == "stop", why
        bottom = all(easier(done, car) == done for car in (True, False))
        assert way == "down" or (way == "same" and bottom), why
        not_before = datetime.fromisoformat(d["next_session"]["not_before"])
        at = last.session["at"]
        zone = ZoneInfo(req["timezone"]) if req.get("timezone") else None
        here = datetime.fromisoformat(req["now"]).tzinfo if zone is None else zone
        assert not_before - at >= timedelta(hours=12), why
        assert not_before.astimezone(here).date() > at.astimezone(here).date(), why
    elif decision == "blocked":
        assert d["safety"]["blocking"], why
    elif decision == "refer":
        assert d["next_session"] is None, why
    elif decision == "maintain":
        assert nxt.stage is P.MAINTENANCE, why
    elif decision == "refresh":
        assert nxt.stage is P.REFRESHER, why


@PROPS
@given(walks.walk_requests())
def test_the_label_says_where_the_next_session_is_on_a_walk_up_and_down_the_plan(
    req: dict[str, Any] | None,
) -> None:
    if req is not None:
        check_label(req)


@PROPS
@given(anything.requests())
def test_the_label_says_where_the_next_session_is_on_any_log(req: dict[str, Any]) -> None:
    check_label(req)
