"""Outcome benchmark: the same virtual cats under the coach and two baseline owners.

Run: ``.venv/bin/python bench/outcomes.py [--cats 300] [--seed 2026 7] [--workers 2]``
(population variants: ``--hard-share``, ``--hard-max``, ``--severity LOW HIGH``,
``--untrainable``).

Prints, per seed and policy: share graduated within the horizon (120 days),
of all cats and of the trainable ones, trainable cats given up on (for the
coach: false referrals), median days to graduate, over-threshold exposures
per cat, and for the untrainable cats the over-threshold exposures before the
owner gives up (for the coach: before it refers). Saves a PNG of the first
seed's distributions (matplotlib, Agg) and ends each seed with the
coach/baseline ratios and the targets of issue #8. Untrainable cats the coach
has not referred within the horizon are followed on for a year and what the
coach then did is printed (the target still counts them as missed). Model and
definitions: docs/sim.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from catpack.sim import POLICIES, Result, Traits, ladder, population, simulate
from catpack.sim.cat import DEFAULT, Variant
from catpack.sim.ideal import Ideal
from catpack.sim.run import HORIZON_DAYS

ORDER = ("coach", "careful", "rushing")
#: The reference trainer that sees inside the cat (catpack.sim.ideal): not an
#: owner, it marks which cats can be trained within the horizon at all.
RUNS = (*ORDER, "ideal")
#: How long an untrainable cat the coach has not referred within the horizon is
#: followed on, to report what the coach would do with it (a year of practice).
FOLLOW_DAYS = 365
POLICY = {**POLICIES, "ideal": Ideal}
COLOURS = {"coach": "#2a7f62", "careful": "#3b6ea8", "rushing": "#c0504d"}


def _run(job: tuple[Traits, str]) -> Result:
    traits, policy = job
    result = simulate(traits, POLICY[policy])
    result.log = []
    return result


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def summarise(results: list[Result], workable: set[int]) -> dict[str, float]:
    """The figures of one owner; ``workable``: seeds of the cats the ideal trainer graduates."""
    trainable = [r for r in results if not r.untrainable]
    doable = [r for r in trainable if r.seed in workable]
    untrainable = [r for r in results if r.untrainable]
    graduates = [r for r in results if r.graduated and r.days is not None]
    stopped = [r for r in untrainable if r.gave_up]
    before = [r.over_threshold for r in stopped]
    return {
        "cats": len(results),
        "graduated": len(graduates) / len(results),
        "graduated_trainable": sum(r.graduated for r in trainable) / max(1, len(trainable)),
        "median_days": _median([r.days for r in graduates if r.days is not None]),
        "over_per_cat": statistics.fmean(r.over_threshold for r in results),
        "over_median": _median([r.over_threshold for r in results]),
        "hot_per_cat": statistics.fmean(r.hot for r in results),
        "sessions_per_cat": statistics.fmean(r.sessions for r in results),
        "untrainable": len(untrainable),
        "untrainable_stopped": len(stopped) / max(1, len(untrainable)),
        "before_median": _median(before),
        "before_max": max(before, default=float("nan")),
        "before_le3": sum(b <= 3 for b in before) / max(1, len(untrainable)),
        "days_to_stop": _median([r.gave_up_day for r in stopped if r.gave_up_day is not None]),
        "false_stops": sum(r.gave_up for r in trainable) / max(1, len(trainable)),
        "workable": len(doable),
        "graduated_workable": sum(r.graduated for r in doable) / max(1, len(doable)),
        "false_workable": sum(r.gave_up for r in doable) / max(1, len(doable)),
    }


def same_cats_days(coach: list[Result], careful: list[Result]) -> tuple[int, float, float] | None:
    """How many cats both owners graduate, and each owner's median days on them."""
    mine = {r.seed: r.days for r in coach if r.graduated and r.days is not None}
    theirs = {r.seed: r.days for r in careful if r.graduated and r.days is not None}
    shared = sorted(mine.keys() & theirs.keys())
    if not shared:
        return None
    return (
        len(shared),
        statistics.median(mine[k] for k in shared),
        statistics.median(theirs[k] for k in shared),
    )


def plot(by_policy: dict[str, list[Result]], out: Path, seed: int) -> None:
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0][0]
    top = max(r.over_threshold for rs in by_policy.values() for r in rs)
    bins = list(range(0, top + 2))
    for name in ORDER:
        ax.hist(
            [r.over_threshold for r in by_policy[name]],
            bins=bins,
            histtype="step",
            linewidth=2,
            color=COLOURS[name],
            label=name,
        )
    ax.set_title("Over-threshold exposures per cat (120 days)")
    ax.set_xlabel("exposures")
    ax.set_ylabel("cats")
    ax.legend()
    ax = axes[0][1]
    for name in ORDER:
        rs = by_policy[name]
        days = sorted(r.days for r in rs if r.graduated and r.days is not None)
        xs = list(range(HORIZON_DAYS + 1))
        ys = [sum(d <= x for d in days) / len(rs) for x in xs]
        ax.plot(xs, ys, color=COLOURS[name], linewidth=2, label=name)
    ax.set_title("Share of all cats graduated by day")
    ax.set_xlabel("day")
    ax.set_ylim(0, 1)
    ax.legend()
    ax = axes[1][0]
    data = [[r.over_threshold for r in by_policy[n] if r.untrainable] for n in ORDER]
    ax.boxplot(data, tick_labels=list(ORDER))
    ax.axhline(3, color="grey", linestyle=":", label="target for the coach: 3")
    ax.set_title("Untrainable cats: exposures until the owner stops")
    ax.set_ylabel("over-threshold exposures")
    ax.legend()
    ax = axes[1][1]
    for name in ORDER:
        days = [r.days for r in by_policy[name] if r.graduated and r.days is not None]
        if days:
            ax.hist(
                days,
                bins=range(0, HORIZON_DAYS + 5, 5),
                alpha=0.45,
                color=COLOURS[name],
                label=name,
            )
    ax.set_title("Days to graduate (graduates only)")
    ax.set_ylabel("cats")
    ax.legend()
    ax.set_xlabel("day")
    fig.suptitle(
        f"catpack virtual cats: {len(by_policy['coach'])} cats (seed {seed}), "
        "same cats under each owner"
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def run_seed(
    seed: int, n: int, variant: Variant, workers: int
) -> tuple[dict[str, list[Result]], float]:
    """The same ``n`` cats of ``seed`` under every owner; results and seconds taken."""
    cats = population(seed, n, variant)
    jobs = [(c, name) for name in RUNS for c in cats]
    started = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_run, jobs, chunksize=8))
    else:
        results = [_run(job) for job in jobs]
    elapsed = time.perf_counter() - started
    return {name: [r for r in results if r.policy == name] for name in RUNS}, elapsed


def follow_on(seed: int, n: int, variant: Variant, coach: list[Result]) -> list[Result]:
    """The untrainable cats the coach had not referred by the horizon, run on to
    ``FOLLOW_DAYS``: would it refer them, after how many exposures in all?"""
    waiting = {r.seed for r in coach if r.untrainable and not r.referred}
    return [
        simulate(t, POLICY["coach"], days=FOLLOW_DAYS)
        for t in population(seed, n, variant)
        if t.seed in waiting
    ]


def report(
    seed: int,
    by_policy: dict[str, list[Result]],
    elapsed: float,
    workers: int,
    later: Sequence[Result] = (),
) -> bool:
    """Print one seed's table, spreads, ratios and targets; True when all are met.

    ``later``: the untrainable cats not referred within the horizon, followed on
    (:func:`follow_on`); printed, while the target still counts them as missed."""
    workable = {r.seed for r in by_policy["ideal"] if r.graduated and not r.untrainable}
    stats = {name: summarise(rs, workable) for name, rs in by_policy.items()}
    c, b = stats["coach"], stats["careful"]
    n = len(by_policy["coach"])
    print(
        f"\n== seed {seed}: {n} virtual cats ({c['untrainable']:.0f} untrainable, "
        f"{c['workable']:.0f} the ideal trainer graduates), "
        f"{HORIZON_DAYS} days; {elapsed:.1f} s on {workers} worker(s)"
    )
    print(
        f"{'policy':8} {'grad':>6} {'grad*':>6} {'false':>6} {'grad+':>6} {'false+':>6} "
        f"{'med.days':>8} {'over/cat':>8} "
        f"{'over.med':>8} {'hot/cat':>7} {'untr.stop':>9} {'bef.med':>7} {'bef.max':>7} {'<=3':>5}"
    )
    for name in RUNS:
        s = stats[name]
        print(
            f"{name:8} {s['graduated']:6.1%} {s['graduated_trainable']:6.1%} "
            f"{s['false_stops']:6.1%} {s['graduated_workable']:6.1%} {s['false_workable']:6.1%} "
            f"{s['median_days']:8.1f} {s['over_per_cat']:8.2f} "
            f"{s['over_median']:8.1f} {s['hot_per_cat']:7.2f} {s['untrainable_stopped']:9.1%} "
            f"{s['before_median']:7.1f} {s['before_max']:7.0f} {s['before_le3']:5.0%}"
        )
    referred = [r for r in by_policy["coach"] if r.untrainable and r.referred]
    for label, values in (
        ("in all", [r.over_threshold for r in referred]),
        ("at the step it cannot pass", [r.over_at_wall for r in referred]),
    ):
        spread = Counter(values)
        print(
            f"coach, untrainable cats, over-threshold exposures before the referral ({label})"
            " -> cats: " + ", ".join(f"{k}: {v}" for k, v in sorted(spread.items()))
        )
    for r in later:
        outcome = (
            f"referred on day {r.gave_up_day} after {r.over_threshold} exposures in all"
            if r.referred
            else f"still not referred on day {FOLLOW_DAYS}, {r.over_threshold} exposures"
        )
        print(
            f"coach, untrainable cat {r.seed} not referred within {HORIZON_DAYS} days, "
            f"followed on: {outcome}"
        )
    for base in ("careful", "rushing"):
        o = stats[base]
        print(
            f"ratio coach/{base}: over-threshold per cat "
            f"{ratio(c['over_per_cat'], o['over_per_cat']):.2f}x, "
            f"graduated share {ratio(c['graduated'], o['graduated']):.2f}x, "
            f"median days {ratio(c['median_days'], o['median_days']):.2f}x"
        )
    # The median days above are each owner's own graduates: the coach graduates
    # more of the cats with hard steps, which take longer, so on the same cats
    # the comparison can differ. Printed as context; the target is as issued.
    both = same_cats_days(by_policy["coach"], by_policy["careful"])
    if both is not None:
        print(
            f"median days on the {both[0]} cats both coach and careful graduate: "
            f"coach {both[1]:.1f}, careful {both[2]:.1f} ({ratio(both[1], both[2]):.2f}x)"
        )
    checks = {
        ">= 90% of trainable cats graduate": c["graduated_trainable"] >= 0.9,
        "false referrals <= 5% of trainable cats": c["false_stops"] <= 0.05,
        "untrainable referred after <= 3 exposures (median)": c["before_median"] <= 3,
        "... and <= 5 for every cat": c["before_max"] <= 5 and c["untrainable_stopped"] >= 1.0,
        "over-threshold <= 0.5x careful": c["over_per_cat"] <= 0.5 * b["over_per_cat"],
        "median days <= 1.3x careful": c["median_days"] <= 1.3 * b["median_days"],
    }
    print("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in checks.items()))
    return all(checks.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cats", type=int, default=300)
    parser.add_argument("--seed", type=int, nargs="+", default=[2026, 7])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench/out/outcomes.png"))
    parser.add_argument(
        "--hard-share", type=float, default=DEFAULT.hard_share, help="share of cats with hard steps"
    )
    parser.add_argument(
        "--hard-max", type=int, default=DEFAULT.hard_max, help="most hard steps per cat"
    )
    parser.add_argument(
        "--severity",
        type=float,
        nargs=2,
        default=DEFAULT.severity,
        metavar=("LOW", "HIGH"),
        help="extra demand at the top of a hard stage",
    )
    parser.add_argument("--untrainable", type=float, default=DEFAULT.untrainable_share)
    args = parser.parse_args(argv)
    ladder()  # fail early if the protocol has a stage the simulator cannot model
    variant = Variant(
        hard_share=args.hard_share,
        hard_max=args.hard_max,
        severity=(args.severity[0], args.severity[1]),
        untrainable_share=args.untrainable,
    )
    print(
        f"population: hard steps in {variant.hard_share:.0%} of cats, 1-{variant.hard_max} "
        f"each, severity {variant.severity[0]}-{variant.severity[1]}; "
        f"untrainable share {variant.untrainable_share:.0%}"
    )
    print(
        "grad = graduated within 120 days (all cats); grad* = of trainable cats; false = "
        "trainable cats given up on (coach: referred);\ngrad+ / false+ = the same, of the "
        "cats the ideal trainer (sees the hidden cat) graduates; over = over-threshold exposures; "
        "untr.stop = untrainable cats given up on (coach: referred); bef.* = their exposures\n"
        "before that; <=3 = share of all untrainable cats stopped after <= 3."
    )
    for i, seed in enumerate(args.seed):
        by_policy, elapsed = run_seed(seed, args.cats, variant, args.workers)
        later = follow_on(seed, args.cats, variant, by_policy["coach"])
        report(seed, by_policy, elapsed, args.workers, later)
        if i == 0:
            plot(by_policy, args.out, seed)
            print(f"plot: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
