"""The planned next session, compared between two engines over generated requests.

A change of the decision's label (and of the reasons beside it) must leave
the next session as it was: stage, level, minutes, not_before, place and
everything else the decision gives. This script writes, for requests drawn
by the property tests' generators (a walk up and down the plan, and any
valid log) with fixed hypothesis seeds, each decision as one JSON line; the
``compare`` mode reads two such files and counts the requests whose
decision differs once ``decision`` and ``reasons`` are left out (it should
be none), and the label changes, by old and new label.

    .venv/bin/python bench/same_plans.py dump OUT.jsonl [examples] [seeds...]
    PYTHONPATH=/tmp/main/src .venv/bin/python bench/same_plans.py dump MAIN.jsonl ...
    .venv/bin/python bench/same_plans.py compare MAIN.jsonl OUT.jsonl
"""

from __future__ import annotations

import collections
import json
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as with_seed

sys.path.insert(1, ".")  # the tests' generators (after PYTHONPATH, so an engine given there wins)

from tests.domain import test_fold_properties as walks
from tests.domain import test_properties as anything

import catpack


def dump(out_path: str, examples: int, seeds: list[int]) -> None:
    out = open(out_path, "w")  # noqa: SIM115
    count = 0

    def write(req: dict[str, Any]) -> None:
        nonlocal count
        try:
            d: Any = catpack.decide(req)
        except Exception as e:
            d = {"error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps({"request": req, "decision": d}, sort_keys=True) + "\n")
        count += 1

    props = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @props
    @given(walks.walk_requests())
    def on_walks(req: dict[str, Any] | None) -> None:
        if req is not None:
            write(req)

    @props
    @given(anything.requests())
    def on_any(req: dict[str, Any]) -> None:
        write(req)

    for s in seeds:
        with_seed(s)(on_walks)()
        with_seed(s)(on_any)()
    out.close()
    print(f"{count} decisions written to {out_path} by {catpack.__file__}")


def compare(old_path: str, new_path: str) -> int:
    old = [json.loads(line) for line in open(old_path)]  # noqa: SIM115
    new = [json.loads(line) for line in open(new_path)]  # noqa: SIM115
    if len(old) != len(new):
        print(f"different counts: {len(old)} and {len(new)}")
        return 1
    differ = requests_differ = 0
    labels: collections.Counter[tuple[str, str]] = collections.Counter()
    reasons = 0
    for a, b in zip(old, new, strict=True):
        if a["request"] != b["request"]:
            requests_differ += 1
            continue
        da, db = a["decision"], b["decision"]
        rest_a = {k: v for k, v in da.items() if k not in ("decision", "reasons")}
        rest_b = {k: v for k, v in db.items() if k not in ("decision", "reasons")}
        if json.dumps(rest_a, sort_keys=True) != json.dumps(rest_b, sort_keys=True):
            differ += 1
        if da.get("decision") != db.get("decision"):
            labels[(da.get("decision"), db.get("decision"))] += 1
        if da.get("reasons") != db.get("reasons"):
            reasons += 1
    print(f"{len(old)} requests ({requests_differ} generated differently)")
    print(f"next session or anything else but label and reasons different: {differ}")
    print(f"label changed: {sum(labels.values())}; reasons changed: {reasons}")
    for (a, b), n in sorted(labels.items()):
        print(f"  {a} -> {b}: {n}")
    return 1 if differ or requests_differ else 0


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
        seeds = [int(s) for s in sys.argv[4:]] or [1, 2, 3]
        dump(sys.argv[2], n, seeds)
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
