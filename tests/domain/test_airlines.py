"""The airline dataset: provenance of every figure, and the check of a pack against it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catpack.domain.airlines import AIRLINES, Claim, Dataset, Pack, check_airline, dataset

ON = date(2026, 11, 29)
GEAR_RESEARCH_AIRLINES = {
    "delta",
    "united",
    "american",
    "southwest",
    "alaska",
    "jetblue",
    "air_canada",
    "lufthansa",
    "air_france",
    "klm",
    "british_airways",
    "qantas",
    "westjet",
    "emirates",
    "virgin_australia",
    "porter",
    "air_transat",
    "flair",
}


def provenance_problems(data: Dataset) -> list[str]:
    """Every claim needs a known source, and every source a title, an address and a read date."""
    problems = []
    for sid, src in data.sources.items():
        if not (src.title.strip() and src.address.strip()):
            problems.append(f"source {sid} has no title or address")
        if src.read > date.today():
            problems.append(f"source {sid} was read in the future")
    for airline in data.airlines:
        for claim in airline.claims():
            if not claim.sources:
                problems.append(f"{airline.id}: a claim without a source")
            for sid in claim.sources:
                if sid not in data.sources:
                    problems.append(f"{airline.id}: unknown source {sid}")
        for note in airline.notes:
            unknown = [s for s in note.sources if s not in data.sources]
            problems += [f"{airline.id}: note cites {s}" for s in unknown]
    return problems


def test_every_value_has_a_source_and_a_read_date() -> None:
    data = dataset()
    assert provenance_problems(data) == []
    for airline in data.airlines:
        for claim in airline.claims():
            read = claim.read or min(data.sources[s].read for s in claim.sources)
            assert isinstance(read, date)


def test_the_provenance_check_catches_a_missing_source() -> None:
    data = dataset()
    bad = data.airlines[0].model_copy(update={"cabin_pets": [Claim(value="yes", sources=["NOPE"])]})
    broken = data.model_copy(update={"airlines": [bad, *data.airlines[1:]]})
    assert provenance_problems(broken) == [f"{bad.id}: unknown source NOPE"]
    with pytest.raises(ValueError, match="sources"):
        Claim.model_validate({"value": 1, "sources": []})
    with pytest.raises(ValueError, match="read"):
        Dataset.model_validate(
            {"about": "", "sources": {"X": {"title": "t", "address": "a"}}, "airlines": []}
        )


def test_the_research_airlines_are_all_there() -> None:
    assert set(AIRLINES) >= GEAR_RESEARCH_AIRLINES


def _values(claims: list[Claim]) -> list[Any]:
    return [c.value for c in claims]


def test_the_issue_figures() -> None:
    ac = AIRLINES["air_canada"]
    soft = next(s for s in ac.sizes if s.carrier == "soft")
    first = [_values(getattr(soft, d))[0] for d in ("length", "width", "height")]
    assert (soft.unit, first) == ("cm", [55, 40, 27])
    assert [(c.value, c.since) for c in ac.soft_only] == [(True, date(2025, 6, 1))]
    assert ac.weight is not None and _values(ac.weight.max) == [10]
    lh = AIRLINES["lufthansa"]
    assert _values(lh.sizes[0].height) == [23] and lh.sizes[0].carrier == "soft"
    assert lh.weight is not None and _values(lh.weight.max) == [8]
    assert _values(lh.weight.includes_carrier) == [True]
    for no_pets in ("british_airways", "qantas", "emirates"):
        assert _values(AIRLINES[no_pets].cabin_pets) == ["no"]
        out = check_airline(no_pets, Pack(40, 25, 20, 1, True), 4, on=ON, units="metric")
        assert out["fits"] is False and out["cabin_pets"] is False
        assert "no pets in the cabin" in out["problems"][0]


def check(
    airline: str, dims: tuple[float, float, float] | None = None, **kw: Any
) -> dict[str, Any]:
    pack_kw = {"soft_sided": True, "weight_kg": 1.0, **kw.pop("pack", {})}
    pack = Pack(*(dims or (None, None, None)), **pack_kw)
    return check_airline(
        airline, pack, kw.pop("cat_kg", 4.0), on=kw.pop("on", ON), units=kw.pop("units", "metric")
    )


def test_a_recommended_size_is_never_a_limit() -> None:
    out = check("delta", (45, 28, 28))
    assert out["fits"] is None  # Delta publishes no limit: unknown, not "over"
    assert out["problems"] == [] and out["over"] == []
    big = check("delta", (60, 40, 40))
    assert big["fits"] is None and big["problems"] == []
    assert any("recommends; that is advice, not a limit" in c for c in big["cautions"])
    assert any("varies by aircraft" in c for c in out["cautions"])


def test_the_dimension_over_is_named_in_the_owners_units() -> None:
    metric = check("lufthansa", (43, 30, 25))
    assert metric["fits"] is False
    assert metric["over"] == [{"dimension": "height", "pack": "25 cm", "limit": "23 cm"}]
    imperial = check("lufthansa", (43, 30, 25), units="imperial")
    assert imperial["problems"] == [
        "The pack's height, 9.8 in, is over Lufthansa group (Lufthansa, Austrian, SWISS)'s "
        "limit of 9.1 in (23 cm)."
    ]


def test_conflicting_sources_are_a_range_not_a_choice() -> None:
    between = check("southwest", (45, 30, 2.54 * 9))  # 9 in: over 8.5, under 9.5
    assert between["fits"] is None
    assert "8.5 in (" not in between["cautions"][0]  # metric owner: cm first
    assert "by one source" in between["cautions"][0]
    assert check("southwest", (45, 30, 2.54 * 10))["fits"] is False
    assert check("southwest", (45, 30, 2.54 * 8))["fits"] is True
    wide = check("alaska", (40, 2.54 * 11.5, 20))  # width 11 vs 12 in
    assert wide["fits"] is None and wide["over"][0]["dimension"] == "width"
    # Air France: one source gives 46 x 28 x 24 cm, another says none is published.
    assert check("air_france", (50, 28, 24))["fits"] is None


def test_at_the_limit_is_measure_again_not_over() -> None:
    assert check("klm", (46.3, 28, 24))["fits"] is None
    assert check("klm", (46, 28, 24))["fits"] is True
    assert check("klm", (47, 28, 24))["fits"] is False


def test_the_floor_may_turn_but_the_pack_never_tips_over() -> None:
    assert check("klm", (28, 46, 24))["fits"] is True  # length and width swapped
    assert check("klm", (24, 28, 46))["fits"] is False  # a tall pack does not lie down


def test_soft_only_rules() -> None:
    assert check("air_canada", (40, 30, 20), pack={"soft_sided": False})["fits"] is False
    unknown = check("air_canada", (40, 30, 20), pack={"soft_sided": None})
    assert unknown["fits"] is None
    assert any("soft-sided carriers only" in c for c in unknown["cautions"])
    # JetBlue: sources disagree on hard carriers.
    assert check("jetblue", (40, 30, 20), pack={"soft_sided": False})["fits"] is None


def test_weight_limits() -> None:
    assert check("lufthansa", (43, 30, 20), cat_kg=7.5)["fits"] is False  # 7.5 + 1 > 8
    assert check("lufthansa", (43, 30, 20), cat_kg=6.5)["fits"] is True
    jet = check("jetblue", (40, 30, 20), cat_kg=9.0, units="imperial")  # 10 kg = 22 lb > 20 lb
    assert jet["fits"] is False and "22 lb, over JetBlue's limit of 20 lb." in jet["problems"][0]
    porter = check("porter", (40, 30, 20), cat_kg=4)
    assert any("do not say whether" in c for c in porter["cautions"])
    # American: an old 20 lb figure against "no single figure published".
    assert check("american", (40, 25, 25), cat_kg=9.5)["fits"] is None
    assert check("lufthansa", (43, 30, 20), cat_kg=None)["fits"] is None


def test_a_trial_is_dated() -> None:
    during = check("virgin_australia", (40, 25, 25), on=date(2026, 3, 1))
    assert during["fits"] is True and during["cabin_pets"] is True
    after = check("virgin_australia", (40, 25, 25), on=ON)
    assert after["fits"] is None and after["cabin_pets"] is None
    assert "2026-06-30" in after["cautions"][0]


def test_ventilation_rules() -> None:
    assert check("american", (40, 25, 25), pack={"mesh_sides": 1})["fits"] is False
    assert check("delta", (40, 25, 25), pack={"mesh_sides": 2})["cautions"]


@pytest.mark.parametrize("airline", sorted(AIRLINES))
def test_every_answer_says_to_confirm_and_cites_dated_sources(airline: str) -> None:
    out = check(airline, (40, 25, 20))
    assert "confirm with" in out["note"]
    assert out["sources"] and all(s["read"] and s["address"] for s in out["sources"])


_RANK = {True: 0, None: 1, False: 2}
SIZES = st.floats(min_value=5, max_value=80, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    airline=st.sampled_from(sorted(AIRLINES)),
    dims=st.tuples(SIZES, SIZES, SIZES),
    shrink=st.tuples(*[st.floats(min_value=0, max_value=10)] * 3),
    cat_kg=st.floats(min_value=1, max_value=12),
    soft=st.sampled_from([True, False, None]),
)
def test_a_smaller_pack_never_does_worse_and_units_change_only_words(
    airline: str,
    dims: tuple[float, float, float],
    shrink: tuple[float, float, float],
    cat_kg: float,
    soft: bool | None,
) -> None:
    def run(d: tuple[float, ...], units: str = "metric") -> dict[str, Any]:
        return check_airline(
            airline,
            Pack(*d, weight_kg=1.0, soft_sided=soft),
            cat_kg,
            on=ON,
            units=units,  # type: ignore[arg-type]
        )

    big = run(dims)
    small = run(tuple(max(1.0, d - s) for d, s in zip(dims, shrink, strict=True)))
    assert _RANK[small["fits"]] <= _RANK[big["fits"]]
    imperial = run(dims, "imperial")
    assert imperial["fits"] is big["fits"]
    assert [o["dimension"] for o in imperial["over"]] == [o["dimension"] for o in big["over"]]
    assert all(" in" in o["pack"] for o in imperial["over"])
    assert big["fits"] is not True or not big["over"]
