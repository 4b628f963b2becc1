"""A pytest plugin: skipped tests summarised in one line per reason.

pytest's ``-rs`` lists every skipped test on its own line (66 lines when
PostgreSQL is not configured); the reason is what a reader needs, once, with
how many tests it skipped.
"""

from __future__ import annotations

from collections import Counter

import pytest


def skip_reasons(reports: list[pytest.TestReport]) -> Counter[str]:
    """How many skipped tests each reason accounts for."""
    reasons: Counter[str] = Counter()
    for report in reports:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    return reasons


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reasons = skip_reasons(terminalreporter.stats.get("skipped", []))
    if reasons:
        terminalreporter.section("skipped, by reason", sep="-", bold=False)
        for reason, count in reasons.most_common():
            tests = "test" if count == 1 else "tests"
            terminalreporter.write_line(f"SKIPPED {count} {tests}: {reason}")
