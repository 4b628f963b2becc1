"""The domain core imports no web, database or CLI code (architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import catpack.domain

DOMAIN = Path(catpack.domain.__file__).parent
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions", "numpy", "thermofeel"}
FORBIDDEN_INTERNAL = (
    "catpack.store",
    "catpack.services",
    "catpack.web",
    "catpack.cli",
    "catpack.sim",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_only_stdlib_pydantic_numpy_thermofeel() -> None:
    stdlib = set(sys.stdlib_module_names)
    for path in sorted(DOMAIN.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "catpack":
                assert name.startswith("catpack.domain"), f"{path.name} imports {name}"
                assert not name.startswith(FORBIDDEN_INTERNAL)
            else:
                assert top in stdlib or top in ALLOWED_THIRD_PARTY, f"{path.name} imports {name}"


def test_importing_the_public_api_loads_no_web_db_or_cli_module() -> None:
    code = (
        "import sys, catpack; catpack.decide; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'sqlalchemy', 'typer', 'click', 'rich', 'uvicorn', 'jinja2', 'alembic') "
        "or m.startswith(('catpack.web', 'catpack.store', 'catpack.cli', 'catpack.services'))]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_reads_no_clock_and_no_environment() -> None:
    for path in sorted(DOMAIN.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for banned in ("datetime.now(", "date.today(", "time.time(", "os.environ", "open("):
            assert banned not in text, f"{path.name} uses {banned}"
