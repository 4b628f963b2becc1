"""Hard steps: stages much harder for one cat than for others, tied to its past."""

from __future__ import annotations

import dataclasses

import pytest

from catpack.sim import ladder
from catpack.sim.cat import DEFAULT, Traits, Variant, VirtualCat, draw_traits, population
from catpack.sim.demand import CLOSED_MOVING, FOCUS, OUT_OF_HOME, TRAINING

CATS = population(31, 400)


def test_every_cat_has_one_to_three_hard_training_stages() -> None:
    for cat in CATS:
        stages = [s for s, _ in cat.hard]
        assert 1 <= len(stages) <= 3
        assert len(set(stages)) == len(stages)
        assert set(stages) <= set(TRAINING)
        lo, hi = DEFAULT.severity
        assert all(lo <= v <= hi for _, v in cat.hard)


def test_the_cats_past_says_where_the_hard_steps_are() -> None:
    def past(indoor: bool, bad_carrier: bool) -> list[Traits]:
        return [
            c
            for c in CATS
            if (c.outdoor_experience == "none") == indoor
            and (c.carrier_history == "negative") == bad_carrier
        ]

    indoor, carrier, others = past(True, False), past(False, True), past(False, False)
    assert indoor and carrier and others
    assert all(s in OUT_OF_HOME for c in indoor for s, _ in c.hard)
    assert all(s in CLOSED_MOVING for c in carrier for s, _ in c.hard)
    # The other cats' hard steps fall anywhere, early steps included.
    assert {s for c in others for s, _ in c.hard} == set(TRAINING)


def test_hard_steps_do_not_change_the_other_traits() -> None:
    seed = CATS[0].seed
    plain = draw_traits(seed, Variant(hard_share=0.0))
    assert plain.hard == ()
    assert dataclasses.replace(plain, hard=CATS[0].hard) == CATS[0]


def test_variants_change_the_share_and_the_severity() -> None:
    half = population(31, 400, Variant(hard_share=0.5, severity=(3.0, 4.0)))
    share = sum(bool(c.hard) for c in half) / len(half)
    assert 0.4 < share < 0.6
    assert all(3.0 <= v <= 4.0 for c in half for _, v in c.hard)
    assert all(len(c.hard) <= 1 for c in population(31, 100, Variant(hard_max=1)))


@pytest.mark.parametrize("stage", ["door-closed", "doorway", "local-walks"])
def test_a_hard_stage_asks_more_of_that_cat_and_more_at_each_level(stage: str) -> None:
    base = draw_traits(CATS[0].seed, Variant(hard_share=0.0))
    easy = VirtualCat(base)
    hard = VirtualCat(dataclasses.replace(base, hard=((stage, 1.5),)))
    steps = ladder()
    focus = FOCUS[stage]
    extras = []
    for rung in steps.rungs:
        if rung.stage != stage:
            assert hard.demand(rung) == easy.demand(rung)
            continue
        extra = hard.demand(rung)[focus] - easy.demand(rung).get(focus, 0.0)
        extras.append(extra)
        others = {k: v for k, v in hard.demand(rung).items() if k != focus}
        assert others == {k: v for k, v in rung.demand.items() if k != focus}
    assert extras == sorted(extras) and extras[0] > 0
    assert extras[-1] == pytest.approx(1.5)
