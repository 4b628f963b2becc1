"""The public API is declared in __all__ and locked here."""

from __future__ import annotations

import inspect

import catpack


def test_exported_members() -> None:
    assert sorted(catpack.__all__) == sorted(
        ["CoachInputError", "__version__", "decide", "plan_trip", "protocol"]
    )
    for name in catpack.__all__:
        assert hasattr(catpack, name)


def test_entry_points_take_and_give_dicts() -> None:
    for fn in (catpack.decide, catpack.plan_trip):
        params = list(inspect.signature(fn).parameters)
        assert params == ["request"]
    assert catpack.protocol()["version"] == 1


def test_one_documented_exception_type() -> None:
    assert issubclass(catpack.CoachInputError, ValueError)
    assert "field" in (catpack.CoachInputError.__doc__ or "")
