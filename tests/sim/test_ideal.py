"""The ideal reference trainer: sees the hidden cat, never pushes it over on purpose."""

from __future__ import annotations

from catpack.sim import population, simulate
from catpack.sim.ideal import Ideal

CATS = population(2026, 40)


def test_the_ideal_trainer_graduates_most_trainable_cats_with_almost_no_stress() -> None:
    trainable = [c for c in CATS if not c.untrainable][:12]
    runs = [simulate(c, Ideal) for c in trainable]
    assert sum(r.graduated for r in runs) >= 10
    # Over threshold only by bad luck (session noise, or no level calm enough to start).
    assert sum(r.over_threshold for r in runs) <= len(runs)
    assert all(r.hot == 0 for r in runs)
    assert not any(r.referred or r.gave_up for r in runs)


def test_no_trainer_finishes_a_cat_with_a_ceiling() -> None:
    walled = [c for c in CATS if c.untrainable][:3]
    assert walled
    assert not any(simulate(c, Ideal).graduated for c in walled)
