"""An expert review, fourth round: histories → decisions through ``decide``.

Rows marked *wrong before* failed before the change that came with them:

* a calm session whose next session is blocked by a safety gate still said
  "raise one level" (or "Stage done: on to ...") beside the block.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide
from tests.factories import CALM, SAFE_CHECKS, T0, request, session

H = timedelta(hours=1)
D = timedelta(days=1)

# ------------------------------------------- a block never also says "raise"
#
# coach-contract.md: "`blocked`: a safety gate for the next session is unmet
# ... `safety.blocking` names each. A block never erases progress." The next
# session is blocked, so the owner is not told to raise: the stage and level
# keep the progress, the reasons do not give the go-ahead.

NO_COUNTS = {"reps": None, "calm": None}
HOT = {"location": "quiet_outdoors", "sun": "full", "temp_c": 36, "humidity_pct": 60}

# (id, last session, planned, the gate that blocks)
BLOCKED: list[tuple[str, dict[str, Any], dict[str, Any] | None, str]] = [
    ("5 of 5 calm, no harness (wrong before: 'raise one level')",
     session("movement", 2, T0, checks={**SAFE_CHECKS, "harness_on": False}), None, "harness_off"),
    ("calm, no counts, extreme heat outdoors (wrong before: 'The cat was calm: raise one level')",
     session("outdoors", 2, T0, checks=SAFE_CHECKS, **NO_COUNTS), HOT, "heat_extreme"),
    ("a stage done, tether on the collar (wrong before: 'Stage done: on to Heading outside')",
     session("movement", 6, T0, checks={**SAFE_CHECKS, "tether": "collar"}), None,
     "tether_not_on_harness"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("last", "planned", "gate"), [c[1:] for c in BLOCKED], ids=[c[0] for c in BLOCKED]
)
def test_a_blocked_session_does_not_also_say_raise(
    last: dict[str, Any], planned: dict[str, Any] | None, gate: str
) -> None:
    assert last["observation"] == CALM
    d = decide(request([last], planned=planned) if planned else request([last]))
    assert d["decision"] == "blocked" and gate in d["safety"]["blocking"], d
    said = " ".join(d["reasons"])
    for go in ("raise one level", "on to "):
        assert go not in said, (go, d["reasons"])
