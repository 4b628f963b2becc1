"""The progress chart: step and level over days, stress overlaid (matplotlib, PNG).

Drawn server-side with matplotlib's Agg backend, so the page needs no
JavaScript to show it; the same numbers are in a table under the picture
for screen readers.
"""

from __future__ import annotations

import io
from datetime import tzinfo

# A bare Figure renders with the Agg canvas: no pyplot, no GUI backend, thread-safe.
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from catpack.domain.observation import STOP_AT
from catpack.web.pages.progress import Row

# Colours chosen for contrast on white (WCAG AA for graphics, 3:1).
PROGRESS_COLOUR = "#0b5cad"
STRESS_COLOUR = "#b3261e"
CALM_COLOUR = "#5f6b7a"


def progress_png(rows: list[Row], title: str, zone: tzinfo | None = None) -> bytes:
    """A PNG of progress (left axis) and stress (right axis) per session, dates
    on the household's clock (``zone``)."""
    fig = Figure(figsize=(7.2, 4.0), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    # The title holds the cat's name as typed: never parsed as mathtext ("$...$"
    # in a name used to crash the chart) nor handed to TeX.
    ax.set_title(title, loc="left", fontsize=12, parse_math=False, usetex=False)
    if not rows:
        ax.text(0.5, 0.5, "No sessions yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        times = [float(date2num(r.at)) for r in rows]  # type: ignore[no-untyped-call]
        ax.step(
            times,
            [r.progress for r in rows],
            where="post",
            color=PROGRESS_COLOUR,
            linewidth=2.2,
            label="Step and level",
        )
        ax.plot(times, [r.progress for r in rows], "o", color=PROGRESS_COLOUR, markersize=4)
        ax.set_ylabel("Training step (+ share of its levels)")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max(r.progress for r in rows)
        ax.set_ylim(0, max(2.0, top + 0.5))
        zone = zone or rows[-1].at.tzinfo  # show the owner's clock, not UTC
        locator = AutoDateLocator(tz=zone)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=zone))  # type: ignore[no-untyped-call]
        span = times[-1] - times[0]
        pad = max(span * 0.05, 1 / 24)  # at least an hour either side
        ax.set_xlim(times[0] - pad, times[-1] + pad)
        ax.grid(axis="y", alpha=0.3)
        stress = ax.twinx()
        colours = [STRESS_COLOUR if r.stress >= STOP_AT else CALM_COLOUR for r in rows]
        # Stems, not bars: a bar's width in days would swamp sessions an hour apart.
        stress.vlines(times, 0, [r.stress for r in rows], colors=colours, linewidth=3, alpha=0.7)
        stress.scatter(
            times,
            [r.stress for r in rows],
            c=colours,
            marker="s",
            s=30,
            zorder=3,
            label="Stress (1-7)",
        )
        stress.axhline(STOP_AT, color=STRESS_COLOUR, linestyle=":", linewidth=1)
        stress.set_ylim(0, 7.5)
        stress.set_ylabel("Stress score (1 calm - 7 terrified)")
        lines, names = ax.get_legend_handles_labels()
        more, more_names = stress.get_legend_handles_labels()
        ax.legend(lines + more, names + more_names, loc="upper left", fontsize=9)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
