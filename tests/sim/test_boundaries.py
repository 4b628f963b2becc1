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
