"""The simulator talks to the engine only through the coach contract."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest

import catpack.sim

SIM = Path(catpack.sim.__file__).parent
ROOT = Path(__file__).resolve().parents[2]


def test_sim_uses_only_the_public_api() -> None:
    for path in sorted(SIM.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("catpack"):
                    assert name == "catpack" or name.startswith("catpack.sim"), (path.name, name)


def test_bench_runs_on_a_tiny_population(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "outcomes.png"
    bench = runpy.run_path(str(ROOT / "bench" / "outcomes.py"), run_name="bench_outcomes")
    argv = ["--cats", "6", "--workers", "1", "--out", str(out), "--seed", "3", "4"]
    assert bench["main"](argv) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    printed = capsys.readouterr().out
    # One table per seed, each with the false-referral column and the targets.
    assert printed.count("== seed") == 2
    assert printed.count(" false  grad+ false+ ") == 2
    assert printed.count("\nideal ") == 2
    assert printed.count("false referrals <= 5% of trainable cats") == 2


def test_untrainable_cats_not_referred_in_time_are_followed_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bench follows an untrainable cat the coach has not referred within the
    horizon on, and prints what the coach then did, while the target still
    counts the cat as missed."""
    bench = runpy.run_path(str(ROOT / "bench" / "outcomes.py"), run_name="bench_outcomes")
    variant = bench["DEFAULT"]
    cat = next(t for t in bench["population"](2026, 40, variant) if t.untrainable)
    early = bench["simulate"](cat, bench["POLICY"]["coach"], days=3)
    assert early.untrainable and not early.referred
    later = bench["follow_on"](2026, 40, variant, [early])
    assert [r.seed for r in later] == [cat.seed]
    assert later[0].referred, "a year of practice ends in a referral for a capped cat"
    by_policy = {name: [early] for name in bench["RUNS"]}
    assert bench["report"](2026, by_policy, 0.0, 1, later) is False
    printed = capsys.readouterr().out
    assert (
        f"untrainable cat {cat.seed} not referred within 120 days, followed on: referred" in printed
    )
    assert "... and <= 5 for every cat: MISSED" in printed


def test_days_on_the_same_cats_count_only_cats_both_graduate() -> None:
    """The bench's context line: each owner's median days over the cats both
    graduate, not over each owner's own graduates (the coach graduates more
    of the slow cats, which lifts its own median)."""
    bench = runpy.run_path(str(ROOT / "bench" / "outcomes.py"), run_name="bench_outcomes")
    variant = bench["DEFAULT"]
    cats = bench["population"](2026, 3, variant)
    coach = [bench["simulate"](t, bench["POLICY"]["coach"], days=1) for t in cats]
    careful = [bench["simulate"](t, bench["POLICY"]["careful"], days=1) for t in cats]
    for r, days in zip(coach, (10, 30, 90), strict=True):
        r.graduated, r.days = True, days
    for r, days in zip(careful, (12, 20, None), strict=True):
        r.graduated, r.days = days is not None, days
    assert bench["same_cats_days"](coach, careful) == (2, 20.0, 16.0)
    careful[0].graduated = careful[1].graduated = False
    assert bench["same_cats_days"](coach, careful) is None
