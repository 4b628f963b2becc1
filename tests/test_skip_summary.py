"""Skipped tests are summarised one line per reason, with a count."""

from __future__ import annotations

import pytest


def test_one_line_per_skip_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(5))
        def test_needs_db(n):
            pytest.skip("no database configured")

        @pytest.mark.skip(reason="no browser")
        def test_browser():
            pass

        def test_runs():
            pass
        """
    )
    result = pytester.runpytest("-p", "tests.skip_summary")
    result.assert_outcomes(passed=1, skipped=6)
    lines = [line for line in result.outlines if line.startswith("SKIPPED")]
    assert lines == [
        "SKIPPED 5 tests: no database configured",
        "SKIPPED 1 test: no browser",
    ]
