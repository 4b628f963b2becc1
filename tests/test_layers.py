"""The interfaces reach storage only through the services (architecture.md:
``web``/``cli`` -> ``services`` -> ``domain`` <- ``store``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import catpack

SRC = Path(catpack.__file__).parent
INTERFACES = [
    *sorted((SRC / "cli").glob("*.py")),
    *sorted((SRC / "web" / "api").glob("*.py")),
    *sorted((SRC / "web" / "pages").glob("*.py")),
    SRC / "web" / "app.py",
    SRC / "web" / "errors.py",
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", INTERFACES, ids=lambda p: str(p.relative_to(SRC)))
def test_interfaces_do_not_import_the_store(path: Path) -> None:
    assert not any(n.startswith(("catpack.store", "sqlalchemy")) for n in _imports(path))


def test_services_import_no_interface() -> None:
    for path in sorted((SRC / "services").glob("*.py")):
        bad = [n for n in _imports(path) if n.startswith(("catpack.web", "catpack.cli", "fastapi"))]
        assert bad == [], f"{path.name} imports {bad}"
