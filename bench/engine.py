"""Benchmark: decide() on histories of 1, 100 and 2,000 sessions.

Prints decide's median time and its ratio to ``json.loads`` of the same
request text, both measured in this run (the machine is shared and noisy,
so ratios are the figures to compare). Targets (issue 2, again in issue 8):
2,000 sessions <= 5 ms and <= 3x json.loads.

    python bench/engine.py [--repeat N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from catpack import decide, protocol

TZ = timezone(timedelta(hours=1))
CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "slow_blink",
    "body": "relaxed",
    "vocal": "purring",
    "signs": [],
    "took_treats": True,
    "entered_voluntarily": True,
}
UNEASY = {**CALM, "tail": "low", "ears": "sideways", "eyes": "dilated", "body": "alert"}
CHECKS = {
    "harness_on": True,
    "tether": "harness",
    "openings_closed": True,
    "zip_clips": True,
    "leash_on": True,
}


def history(n: int) -> list[dict[str, Any]]:
    """A realistic log: walk up the ladder, with some repeats, then maintenance."""
    ladder = [
        (s["id"], lv)
        for s in protocol()["stages"]
        if not s["optional"] and s["role"] != "refresher"
        for lv in range(1, s["levels"] + 1)
    ]
    start = datetime(2025, 1, 1, 18, 0, tzinfo=TZ)
    out = []
    for i in range(n):
        stage, level = ladder[min(i // 3, len(ladder) - 1)]
        calm = i % 3 == 2
        out.append(
            {
                "at": (start + timedelta(hours=5 * i)).isoformat(),
                "stage": stage,
                "level": level,
                "minutes": 4,
                "reps": 5,
                "calm_reps": 5 if calm else 3,
                "observation": CALM if calm else UNEASY,
                "context": {
                    "location": "home",
                    "in_backpack": True,
                    "sun": "indoor",
                    "temp_c": 21.0,
                    "humidity_pct": 45,
                },
                "checks": CHECKS,
            }
        )
    return out


def interleaved_medians(fns: list[Any], repeat: int) -> list[float]:
    """Median time of each function, runs interleaved so load drift hits all alike."""
    for fn in fns:
        fn()  # warm-up
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, samples, strict=True):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return [statistics.median(x) for x in samples]


def request(n: int) -> dict[str, Any]:
    return {
        "version": 1,
        "now": datetime(2026, 11, 26, 9, 30, tzinfo=TZ).isoformat(),
        "cat": {"name": "Bench", "harness_trained": True, "motivation": ["food"]},
        "sessions": history(n),
        "planned": {
            "location": "quiet_outdoors",
            "sun": "shade",
            "temp_c": 20,
            "humidity_pct": 50,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the whole table this many times; the last line per size is the "
        "median ratio over the rounds",
    )
    args = parser.parse_args()
    print(f"{'sessions':>8} {'json.loads':>12} {'decide':>12} {'ratio':>7}")
    ratios: dict[int, list[float]] = {}
    for _ in range(args.rounds):
        for n in (1, 100, 2000):
            req = request(n)
            text = json.dumps(req)
            parsed = json.loads(text)
            repeat = max(60, args.repeat // (1 + n // 200))
            t_json, t_decide = interleaved_medians(
                [lambda t=text: json.loads(t), lambda p=parsed: decide(p)], repeat
            )
            ratios.setdefault(n, []).append(t_decide / t_json)
            print(
                f"{n:>8} {t_json * 1e3:>10.3f}ms {t_decide * 1e3:>10.3f}ms "
                f"{t_decide / t_json:>6.2f}x"
            )
    if args.rounds > 1:
        for n, found in ratios.items():
            print(f"{n:>8} median ratio over {args.rounds} rounds: {statistics.median(found):.2f}x")


if __name__ == "__main__":
    main()
