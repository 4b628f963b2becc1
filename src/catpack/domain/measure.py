"""Units for people: lengths and weights shown in the owner's system.

The engine and the stored data speak centimetres and kilograms; an owner who
chose imperial units (pounds) reads inches and pounds. Conversion factors are
the exact definitions (international yard and pound agreement, 1959).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

Units: TypeAlias = Literal["metric", "imperial"]

CM_PER_IN = 2.54
KG_PER_LB = 0.45359237


def to_cm(value: float, unit: str) -> float:
    return value * CM_PER_IN if unit == "in" else value


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def num(value: float) -> str:
    """A measure with at most one decimal and no trailing zero: 23, 9.1, 10.4."""
    return f"{round(value, 1):g}"


def length(cm: float, units: Units) -> str:
    """``cm`` in the owner's unit: '23 cm' or '9.1 in'."""
    return f"{num(cm / CM_PER_IN)} in" if units == "imperial" else f"{num(cm)} cm"


def weight(kg: float, units: Units) -> str:
    return f"{num(kg / KG_PER_LB)} lb" if units == "imperial" else f"{num(kg)} kg"


def as_given(value: float, unit: str, units: Units) -> str:
    """A source's figure in the owner's unit, with the source's own figure when
    it differs: '9.1 in (23 cm)', '18 in', '45.7 cm (18 in)'."""
    owner = "in" if units == "imperial" else "cm"
    if unit in ("kg", "lb"):
        owner = "lb" if units == "imperial" else "kg"
        shown = weight(to_kg(value, unit), units)
    else:
        shown = length(to_cm(value, unit), units)
    return shown if unit == owner else f"{shown} ({num(value)} {unit})"
