"""Choices come from the coach contract's types, never from copies kept by an interface.

Forms, the API models and the CLI used to keep their own lists of tail, ear,
... values. The values now come from ``typing.get_args`` on the contract's
Literal types; this test fails if a list of such values is written out again
anywhere outside the domain.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest

import catpack
from catpack.domain import contract
from catpack.services import views
from catpack.web.pages import labels

SRC = Path(catpack.__file__).parent
OUTSIDE_THE_DOMAIN = sorted(
    p for folder in ("web", "cli", "services") for p in (SRC / folder).rglob("*.py")
)


def _literal_sets() -> dict[str, frozenset[str]]:
    found = {}
    for module in (contract, views):
        for name, value in vars(module).items():
            if get_origin(value) is Literal:
                values = frozenset(v for v in get_args(value) if isinstance(v, str))
                if len(values) >= 2:
                    found[f"{module.__name__}.{name}"] = values
    return found


LITERALS = _literal_sets()


def _copies(path: Path) -> list[str]:
    """Literal lists/tuples/sets of strings that are all values of one contract type."""
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    definitions = {  # Literal["C", "F"] defines a type; it is not a copy of one
        id(node.slice)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal"
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.List | ast.Tuple | ast.Set) or id(node) in definitions:
            continue
        items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(items) < 2 or len(items) != len(node.elts):
            continue
        if not all(isinstance(i, str) for i in items):
            continue
        for name, values in LITERALS.items():
            if set(items) <= values and len(items) >= min(3, len(values)):
                out.append(f"line {node.lineno}: {items} copies {name}")
    return out


@pytest.mark.parametrize("path", OUTSIDE_THE_DOMAIN, ids=lambda p: str(p.relative_to(SRC)))
def test_no_interface_keeps_a_copy_of_contract_choices(path: Path) -> None:
    assert _copies(path) == []


@pytest.mark.parametrize("field", sorted(labels.TYPES))
def test_every_contract_value_has_words_and_no_more(field: str) -> None:
    kind: Any = labels.TYPES[field]
    assert labels.values(field) == get_args(kind)
    assert set(labels.WORDS[field]) == set(get_args(kind))
    assert [value for value, _, _ in labels.choices(field)] == list(get_args(kind))
