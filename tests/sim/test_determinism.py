"""A seed fixes everything: the cats, their days, and every policy's run."""

from __future__ import annotations

import pytest

from catpack.sim import POLICIES, population, simulate


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_same_seed_same_run(policy: str) -> None:
    cats = population(42, 2)
    again = population(42, 2)
    assert cats == again
    for a, b in zip(cats, again, strict=True):
        first = simulate(a, POLICIES[policy], days=25, keep_log=True)
        second = simulate(b, POLICIES[policy], days=25, keep_log=True)
        assert first == second
        assert first.sessions > 0


def test_other_seed_other_cats() -> None:
    assert population(42, 3) != population(43, 3)


def test_policies_meet_the_same_cat() -> None:
    # The cat's mood on a day does not depend on who trains it.
    cat = population(9, 1)[0]
    logs = {name: simulate(cat, POLICIES[name], days=3, keep_log=True).log for name in POLICIES}
    first_obs = {name: log[0]["observation"] for name, log in logs.items()}
    # Everyone starts at the first level on day 0, slot 0: the same session.
    assert len({repr(o) for o in first_obs.values()}) == 1
