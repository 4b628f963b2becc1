"""Sources true: the CSS as its table reads, toileting not stress, every number sourced.

* Readings → CSS level as the verified Kessler & Turner table says (crouched 6,
  crouched and shaking 7), toileting scored nothing on its own.
* Heat: the 9 CFR 3.16(e) figure applies to air temperature, the index
  threshold is policy.
* docs/science.md: every table row with a number names a source or says
  policy, and the engine's thresholds appear in those rows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from catpack import decide
from catpack.domain import safety
from catpack.domain.contract import parse_session
from catpack.domain.observation import assess
from catpack.domain.readiness import FULL_KIT_FROM_H, NEAR_SHARE
from catpack.domain.trips import SUPPLIES_AFTER_H
from catpack.domain.validation import CLOCK_SKEW
from tests.factories import CALM, HISSING, T0, request, session

SCIENCE = Path(__file__).resolve().parents[2] / "docs" / "science.md"

# (id, observation, CSS level)
CSS: list[tuple[str, dict[str, Any], int]] = [
    ("relaxed, slow blink: 1", CALM, 1),
    ("relaxed, back level: 2", {**CALM, "eyes": "normal"}, 2),
    ("alert, exploring: 3", {**CALM, "body": "alert", "eyes": "normal"}, 3),
    ("rear lower than front (tense): 4", {**CALM, "body": "tense"}, 4),
    ("tail close, curled forward: 5", {**CALM, "tail": "tucked"}, 5),
    ("crouched on all paws: 6, not 5", {**CALM, "body": "crouched"}, 6),
    ("crouched and shaking: 7", {**CALM, "body": "trembling"}, 7),
    ("shaking with a relaxed tail is still 7", {**CALM, "body": "trembling", "tail": "upright"}, 7),
    ("a puffed tail is not the table's 7", {**CALM, "tail": "puffed", "body": "tense"}, 6),
    ("toileting with calm readings: still calm", {**CALM, "signs": ["toileting"]}, 1),
    ("toileting with hissing: the hissing decides", {**HISSING, "signs": ["toileting"]}, 6),
]


@pytest.mark.parametrize(("obs", "level"), [c[1:] for c in CSS], ids=[c[0] for c in CSS])
def test_css_mapping_as_the_verified_table_says(obs: dict[str, Any], level: int) -> None:
    s = parse_session({"at": T0, "stage": "introduce", "level": 1, "observation": obs})
    assert assess(s).score == level


# (id, last observation, decision)
TOILETING: list[tuple[str, dict[str, Any], str]] = [
    ("an accident with a calm cat: raise as usual", {**CALM, "signs": ["toileting"]}, "push"),
    ("an accident and nothing else seen: repeat", {"signs": ["toileting"]}, "stick"),
    ("an accident with hissing: stop", {**HISSING, "signs": ["toileting"]}, "stop"),
]


@pytest.mark.parametrize(
    ("obs", "decision"), [c[1:] for c in TOILETING], ids=[c[0] for c in TOILETING]
)
def test_toileting_is_not_stress_on_its_own(obs: dict[str, Any], decision: str) -> None:
    out = decide(request([session("door-closed", 3, observation=obs, calm=None, reps=None)]))
    assert out["decision"] == decision
    assert any("pee pad" in r for r in out["reasons"])


def test_the_transport_rule_is_read_as_air_temperature() -> None:
    # Dry heat: the index stays under 85 F, the air does not.
    dry = safety.heat_risk(30.0, 10.0, "shade")
    assert dry is not None and dry.value < safety.HIGH_FROM_C and dry.risk == "high"
    # Humid warmth under 85 F air: the index decides (policy threshold).
    humid = safety.heat_risk(28.0, 80.0, "shade")
    assert humid is not None and humid.value >= safety.HIGH_FROM_C and humid.risk != "low"
    mild = safety.heat_risk(28.0, 20.0, "shade")
    assert mild is not None and mild.risk == "moderate"
    assert round(safety.VENTILATION_AIR_C, 1) == 29.4


# ---------------------------------------------------------------- the docs

SOURCES = (
    "the guide",
    "Pryor",
    "Beaver",
    "Atkinson",
    "Petcademy",
    "Donaldson",
    "CSS",
    "Fear Free",
    "McCobb",
    "NWS",
    "9 CFR",
    "AVMA",
    "McLaren",
)


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Markdown tables as (header cells, body rows of cells)."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    block: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if block:
            body = [r for r in block[1:] if not all(set(c) <= set("-: ") for c in r)]
            tables.append((block[0], body))
            block = []
    return tables


def _unsourced(text: str) -> list[str]:
    problems = []
    for header, rows in _tables(text):
        col = next((i for i, h in enumerate(header) if h.startswith("Source")), None)
        for row in rows:
            others = " ".join(c for i, c in enumerate(row) if i != col)
            if not re.search(r"\d", others):
                continue
            source = row[col] if col is not None and col < len(row) else ""
            if "policy" not in source and not any(s in source for s in SOURCES):
                problems.append(" | ".join(row))
    return problems


def test_every_number_in_the_science_tables_has_a_source_or_says_policy() -> None:
    text = SCIENCE.read_text(encoding="utf-8")
    assert len(_tables(text)) >= 6
    assert _unsourced(text) == []


def test_the_check_catches_an_unsourced_number() -> None:
    doc = (
        "| What | Value | Source |\n|---|---|---|\n"
        "| nap | 20 min | |\n| rest | 1 day | the guide |\n| walk | 3 h | **policy**: why |\n"
    )
    assert _unsourced(doc) == ["nap | 20 min | "]
    no_column = "| What | Value |\n|---|---|\n| nap | 20 min |\n"
    assert _unsourced(no_column) == ["nap | 20 min"]


def _sourced_rows() -> list[str]:
    text = SCIENCE.read_text(encoding="utf-8")
    return [" | ".join(row) for _, rows in _tables(text) for row in rows]


@pytest.mark.parametrize(
    "figure",
    [
        f"{safety.MODERATE_FROM_C:.1f} °C",
        f"{safety.HIGH_FROM_C:.1f} °C",
        f"{safety.EXTREME_FROM_C:.1f} °C",
        f"{safety.COOL_BELOW_C:g} °C",
        f"{safety.COLD_BELOW_C:.1f} °C",
        f"{safety.FREEZING_BELOW_C:g} °C",
        f"{safety.COLD_MAX_MINUTES // 60:g} hours",
        f"{safety.FREEZING_MAX_MINUTES} minutes",
        f"{NEAR_SHARE:g}",
        f"{FULL_KIT_FROM_H:g} hours",
        f"{SUPPLIES_AFTER_H:g} hour",
    ],
)
def test_the_engines_thresholds_are_in_the_sourced_tables(figure: str) -> None:
    assert any(figure in row for row in _sourced_rows()), figure


def test_the_clock_skew_is_documented() -> None:
    minutes = int(CLOCK_SKEW.total_seconds() // 60)
    assert f"{minutes} minutes" in SCIENCE.read_text(encoding="utf-8")
