"""Schemathesis with every check, in a process of its own (see schemathesis_run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).with_name("schemathesis_run.py")


def test_api_follows_its_openapi_with_every_check() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(RUN)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=RUN.parents[2],
    )
    tail = (done.stdout + done.stderr)[-6000:]
    assert done.returncode == 0, tail
    assert "1 passed" in done.stdout, tail
