"""The Makefile on a fresh machine (the new user's walk of 2026-11-30)."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A Python whose venv module fails after making bin/python, as Debian's and
#: Ubuntu's do without the python3-venv package (ensurepip missing).
HALF_VENV = """#!/bin/sh
mkdir -p .venv/bin && touch .venv/bin/python
echo "The virtual environment was not created successfully because ensurepip is not available." >&2
exit 1
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_half_made_venv_is_not_left_behind(tmp_path: Path) -> None:
    """Finding: after a failed `python3 -m venv`, .venv/bin/python stayed, so
    the next `make run` (python3-venv installed by then) skipped the venv and
    failed on "No module named pip" with nothing saying to delete .venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    fake = tmp_path / "python3-without-venv"
    fake.write_text(HALF_VENV)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    made = subprocess.run(
        ["make", ".venv/bin/python", f"PYTHON={fake}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode != 0
    assert "ensurepip is not available" in made.stderr
    assert not (tmp_path / ".venv").exists()
