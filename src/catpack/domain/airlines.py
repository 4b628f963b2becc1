"""In-cabin pet rules of airlines: a dated, sourced dataset and the check of a pack.

The figures live in the packaged data file ``data/airlines.json`` (read with
:mod:`importlib.resources`, validated by the models below); none is in code.
Each figure is a list of *claims*, each claim naming its sources, and each
source carries the date catpack's research read it. Two claims that differ
are a conflict: :func:`check_airline` treats the figure as the range between
them and never picks one. A claim whose value is ``null`` says that source
found no such figure published; sizes marked ``recommended`` are advice, never
limits. These rules change: every answer tells the owner to confirm with the
airline before booking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from catpack.domain import measure
from catpack.domain.measure import CM_PER_IN, KG_PER_LB, Units

__all__ = [
    "AIRLINES",
    "CM_PER_IN",
    "KG_PER_LB",
    "TOLERANCE_CM",
    "Airline",
    "Pack",
    "check_airline",
    "dataset",
]

#: Measured sizes within this of a limit are "at the limit": measure again and
#: ask the airline, rather than a flat yes or no. Policy: a tape measure on a
#: soft bag reads to about half a centimetre, and limits given in inches land
#: between whole centimetres (11 in = 27.94 cm).
TOLERANCE_CM = 0.5


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Data):
    title: str = Field(min_length=1)
    address: str = Field(min_length=1)
    published: str | None = None
    verified: date | None = None
    read: date
    note: str = ""


class Claim(_Data):
    """One source's figure. ``value`` None: the source says none is published."""

    value: float | bool | str | None
    sources: list[str] = Field(min_length=1)
    read: date | None = None  # when read later than the sources' own date
    since: date | None = None
    until: date | None = None
    note: str = ""


class Size(_Data):
    carrier: Literal["soft", "hard", "any"]
    kind: Literal["limit", "recommended"]
    unit: Literal["cm", "in"]
    length: list[Claim] = Field(min_length=1)
    width: list[Claim] = Field(min_length=1)
    height: list[Claim] = Field(min_length=1)
    note: str = ""


class Weight(_Data):
    unit: Literal["kg", "lb"]
    max: list[Claim] = Field(min_length=1)
    includes_carrier: list[Claim]


class Note(_Data):
    text: str
    sources: list[str] = Field(min_length=1)


class Airline(_Data):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    cabin_pets: list[Claim] = Field(min_length=1)
    sizes: list[Size]
    weight: Weight | None
    soft_only: list[Claim] = Field(default_factory=list)
    aircraft_varies: list[Claim] = Field(default_factory=list)
    ventilated_sides: list[Claim] = Field(default_factory=list)
    fee: list[Claim] = Field(default_factory=list)
    notes: list[Note]

    def claims(self) -> list[Claim]:
        """Every claim of this airline (the provenance test walks them)."""
        out = [*self.cabin_pets, *self.soft_only, *self.aircraft_varies]
        out += [*self.ventilated_sides, *self.fee]
        for size in self.sizes:
            out += [*size.length, *size.width, *size.height]
        if self.weight is not None:
            out += [*self.weight.max, *self.weight.includes_carrier]
        return out


class Dataset(_Data):
    about: str
    sources: dict[str, Source]
    airlines: list[Airline]


@cache
def dataset() -> Dataset:
    """The packaged airline dataset, validated (raises if the file is malformed)."""
    text = files("catpack.domain").joinpath("data", "airlines.json").read_text("utf-8")
    return Dataset.model_validate(json.loads(text))


AIRLINES: dict[str, Airline] = {a.id: a for a in dataset().airlines}


@dataclass(frozen=True, slots=True)
class Pack:
    """What the check needs of a pack: inside size (cm), weight (kg), structure."""

    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    soft_sided: bool | None = None
    mesh_sides: int | None = None


@dataclass(slots=True)
class _Verdict:
    """Collects the check's findings; ``fits`` is False > None > True."""

    units: Units
    fits: bool | None = True
    problems: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    over: list[dict[str, str]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def fail(self, text: str) -> None:
        self.fits = False
        self.problems.append(text)

    def unsure(self, text: str) -> None:
        if self.fits is not False:
            self.fits = None
        self.cautions.append(text)


def _values(claims: list[Claim]) -> tuple[list[float], bool]:
    """Numeric values of the claims and whether one says "none published"."""
    nums = [float(c.value) for c in claims if isinstance(c.value, int | float)]
    return nums, any(c.value is None for c in claims)


def _use(v: _Verdict, claims: list[Claim]) -> None:
    for c in claims:
        v.used.update(c.sources)


def _range_text(nums: list[float], unit: str, units: Units) -> str:
    lo, hi = min(nums), max(nums)
    if lo == hi:
        return measure.as_given(lo, unit, units)
    return f"{measure.as_given(lo, unit, units)} to {measure.as_given(hi, unit, units)}"


def _dims(pack: Pack) -> dict[str, float] | None:
    if pack.length_cm is None or pack.width_cm is None or pack.height_cm is None:
        return None
    # The pack may turn round on the floor, never tip over with the cat inside:
    # the longer floor side goes against the airline's length.
    floor = sorted((pack.length_cm, pack.width_cm), reverse=True)
    return {"length": floor[0], "width": floor[1], "height": pack.height_cm}


def _check_size(v: _Verdict, airline: Airline, size: Size, dims: dict[str, float]) -> None:
    units = v.units
    for name in ("length", "width", "height"):
        claims: list[Claim] = getattr(size, name)
        _use(v, claims)
        nums, none_published = _values(claims)
        if not nums:
            continue
        lo = measure.to_cm(min(nums), size.unit)
        hi = measure.to_cm(max(nums), size.unit)
        have = dims[name]
        if have <= lo:
            continue
        said = _range_text(nums, size.unit, units)
        mine = f"The pack's {name}, {measure.length(have, units)},"
        if size.kind == "recommended":
            v.cautions.append(
                f"{mine} is over the {said} {airline.name} recommends; that is advice, not a limit."
            )
        elif have <= hi + TOLERANCE_CM and lo == hi:
            v.unsure(f"{mine} is at {airline.name}'s limit of {said}: measure again.")
        elif have <= hi or none_published:
            v.unsure(f"{mine} is over {airline.name}'s limit by one source ({said}), not another.")
            v.over.append({"dimension": name, "pack": measure.length(have, units), "limit": said})
        else:
            limit = f"limit of {said}" if lo == hi else f"limit, which sources give as {said}"
            v.fail(f"{mine} is over {airline.name}'s {limit}.")
            v.over.append({"dimension": name, "pack": measure.length(have, units), "limit": said})


def _sizes_for(airline: Airline, soft: bool | None) -> list[Size]:
    wanted = {"any", "soft"} if soft is not False else {"any", "hard"}
    return [s for s in airline.sizes if s.carrier in wanted]


def _check_structure(v: _Verdict, airline: Airline, pack: Pack, on: date) -> None:
    rule = [c for c in airline.soft_only if c.since is None or c.since <= on]
    _use(v, rule)
    says = {c.value for c in rule}
    if True not in says:
        return
    if pack.soft_sided is False:
        if says == {True}:
            v.fail(f"{airline.name} takes soft-sided carriers only, and this pack is not one.")
        else:
            v.unsure(f"Sources differ on whether {airline.name} takes hard carriers.")
    elif pack.soft_sided is None:
        v.unsure(
            f"{airline.name} takes soft-sided carriers only: record whether this pack is one "
            "(a bubble shell is semi-rigid)."
        )


def _check_weight(v: _Verdict, airline: Airline, pack: Pack, cat_kg: float | None) -> None:
    w = airline.weight
    if w is None:
        return
    _use(v, [*w.max, *w.includes_carrier])
    nums, none_published = _values(w.max)
    if not nums:
        return
    incl = {c.value for c in w.includes_carrier}
    with_carrier = incl != {False}
    if cat_kg is None or (with_carrier and pack.weight_kg is None):
        what = "the cat's and the pack's weight" if with_carrier else "the cat's weight"
        v.unsure(f"Record {what} to check {airline.name}'s weight limit.")
        return
    total = cat_kg + ((pack.weight_kg or 0.0) if with_carrier else 0.0)
    lo, hi = measure.to_kg(min(nums), w.unit), measure.to_kg(max(nums), w.unit)
    said = _range_text(nums, w.unit, v.units)
    who = "Cat and pack weigh" if with_carrier else "The cat weighs"
    if not incl:
        v.cautions.append(
            f"The sources do not say whether {airline.name}'s weight limit includes the "
            "carrier: it is counted with it here."
        )
    if total <= lo:
        return
    text = f"{who} {measure.weight(total, v.units)}, over {airline.name}'s limit of {said}"
    if total <= hi or none_published:
        v.unsure(text + " by one source, not by another.")
    else:
        v.fail(text + ".")


def _check_ventilation(v: _Verdict, airline: Airline, pack: Pack) -> None:
    nums, _ = _values(airline.ventilated_sides)
    if not nums or pack.mesh_sides is None:
        return
    _use(v, airline.ventilated_sides)
    lo, hi = min(nums), max(nums)
    if pack.mesh_sides >= hi:
        return
    said = f"{lo:g}" if lo == hi else f"{lo:g} or {hi:g} (sources differ)"
    text = f"{airline.name} asks for airflow on at least {said} sides; this pack has mesh on "
    text += f"{pack.mesh_sides}."
    if pack.mesh_sides < lo:
        v.fail(text)
    else:
        v.unsure(text)


def _cabin(v: _Verdict, airline: Airline, on: date) -> bool | None:
    """Whether pets may fly in the cabin on ``on`` (None: not known)."""
    _use(v, airline.cabin_pets)
    says = {c.value for c in airline.cabin_pets}
    if says == {"no"}:
        why = " ".join(c.note for c in airline.cabin_pets if c.note)
        v.fail(f"{airline.name} takes no pets in the cabin. {why}".strip())
        return False
    trials = [c for c in airline.cabin_pets if c.value == "trial"]
    for c in trials:
        if c.until is not None and on > c.until:
            v.unsure(
                f"{airline.name}'s pets-in-cabin trial was due to end on "
                f"{c.until.isoformat()}; whether it goes on is not known."
            )
            return None
        v.cautions.append(f"{airline.name}: {c.note or 'a trial'}".strip())
    if len(says) > 1:
        v.unsure(f"Sources differ on whether {airline.name} takes pets in the cabin.")
        return None
    return True


def check_airline(
    airline_id: str, pack: Pack | None, cat_kg: float | None, *, on: date, units: Units
) -> dict[str, Any]:
    """A pack and a cat against one airline's cabin rules, on the date ``on``.

    ``fits`` is True (within every source's limit), False (over every
    source's limit, or no pets in the cabin) or None (not known: a size or
    weight missing, sources that disagree, a figure at the limit). Every
    finding names the dimension and is given in the owner's ``units``.
    """
    airline = AIRLINES[airline_id]
    v = _Verdict(units)
    pack = pack or Pack()
    cabin = _cabin(v, airline, on)
    if cabin is not False:
        sizes = _sizes_for(airline, pack.soft_sided)
        dims = _dims(pack)
        if dims is None and any(s.kind == "limit" for s in sizes):
            v.unsure(f"Record the pack's inside size to check it against {airline.name}'s limits.")
        elif dims is not None:
            for size in sizes:
                _check_size(v, airline, size, dims)
        if not any(s.kind == "limit" for s in sizes):
            v.unsure(
                f"{airline.name} publishes no fixed size limit: the pack must fit under the "
                "seat in front."
            )
        _check_structure(v, airline, pack, on)
        _check_weight(v, airline, pack, cat_kg)
        _check_ventilation(v, airline, pack)
        if any(c.value is True for c in airline.aircraft_varies):
            _use(v, airline.aircraft_varies)
            v.cautions.append("The space under the seat varies by aircraft.")
    for note in airline.notes:
        v.used.update(note.sources)
        v.cautions.append(note.text)
    return _result(airline, v, cabin, units)


def _limits(airline: Airline, units: Units) -> list[dict[str, str]]:
    out = []
    for s in airline.sizes:
        parts = [_range_text(_values(getattr(s, d))[0], s.unit, units) for d in _DIMS]
        out.append({"carrier": s.carrier, "kind": s.kind, "size": " x ".join(parts)})
    return out


_DIMS = ("length", "width", "height")


def _result(airline: Airline, v: _Verdict, cabin: bool | None, units: Units) -> dict[str, Any]:
    data = dataset()
    sources = [
        {
            "id": sid,
            **data.sources[sid].model_dump(mode="json", include={"title", "address"}),
            "read": data.sources[sid].read.isoformat(),
        }
        for sid in sorted(v.used)
    ]
    limit = next((s for s in airline.sizes if s.kind == "limit"), None)
    limits_cm = None
    if limit is not None and all(_values(getattr(limit, d))[0] for d in _DIMS):
        limits_cm = [
            round(measure.to_cm(min(_values(getattr(limit, d))[0]), limit.unit), 1) for d in _DIMS
        ]
    limit_kg = None
    if airline.weight is not None and _values(airline.weight.max)[0]:
        limit_kg = round(measure.to_kg(min(_values(airline.weight.max)[0]), airline.weight.unit), 2)
    return {
        "id": airline.id,
        "name": airline.name,
        "cabin_pets": cabin,
        "fits": v.fits,
        "over": v.over,
        "problems": v.problems,
        "cautions": v.cautions,
        "limits": _limits(airline, units),
        "limits_cm": limits_cm,
        "limit_kg": limit_kg,
        "fee": [str(c.value) for c in airline.fee],
        "note": "These rules change and differ by route and aircraft: always confirm with "
        f"{airline.name} before booking.",
        "sources": sources,
    }
