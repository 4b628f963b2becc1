"""Virtual cats and owners, to measure the coach on a population (issue #5).

Outside :mod:`catpack.domain`: the simulator talks to the engine only through
the coach contract (``catpack.protocol()`` and ``catpack.decide(request)``).
See docs/sim.md for the model and the benchmark.
"""

from __future__ import annotations

from catpack.sim.cat import STRESS_MARGIN, Traits, Variant, VirtualCat, draw_traits, population
from catpack.sim.demand import Ladder, ladder
from catpack.sim.ideal import Ideal
from catpack.sim.owners import POLICIES, Careful, Coached, Rushing
from catpack.sim.run import Result, simulate

__all__ = [
    "POLICIES",
    "STRESS_MARGIN",
    "Careful",
    "Coached",
    "Ideal",
    "Ladder",
    "Result",
    "Rushing",
    "Traits",
    "Variant",
    "VirtualCat",
    "draw_traits",
    "ladder",
    "population",
    "simulate",
]
