"""catpack: the coach that takes a cat from "a backpack appears" to a full-day hike.

The public API is the coach contract (docs: shared/spec/coach-contract.md):

* :func:`decide` — cat + session log + now (+ planned outing) → next decision;
* :func:`plan_trip` — readiness, packing list and heat check for a trip;
* :func:`protocol` — the whole training plan as data;
* :class:`CoachInputError` — the one exception they raise on bad input; its
  ``field`` names the offending value and ``str()`` is a one-line message.

All three take and return plain JSON-ready dicts and do no I/O.
"""

from __future__ import annotations

from typing import Any

from catpack.domain.decide import decide
from catpack.domain.errors import CoachInputError
from catpack.domain.trips import plan_trip

__version__ = "0.1.0"
__all__ = ["CoachInputError", "__version__", "decide", "plan_trip", "protocol"]


def protocol() -> dict[str, Any]:
    """The training protocol in the contract's JSON shape."""
    from catpack.domain.protocol import as_dict

    return as_dict()
