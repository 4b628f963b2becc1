"""The progress chart (SVG, drawn for a 390 px phone) and a session's in-pack air (PNG).

Both are drawn server-side with matplotlib (a bare ``Figure``: no pyplot, no
GUI backend, thread-safe), so the pages need no JavaScript to show them; the
same numbers are in a table next to each picture for screen readers.

The progress chart is an SVG whose text stays text (``svg.fonttype: none``):
it scales to the phone's width without blurring, its letters are the page's
own font at a size set for a 390 px screen, and it is a few kilobytes. Text
is never parsed as mathtext, so a cat called ``$x$`` is drawn as typed.
"""

from __future__ import annotations

import io
import textwrap
from datetime import tzinfo
from typing import Any

import matplotlib as mpl

# A bare Figure renders with the Agg canvas: no pyplot, no GUI backend, thread-safe.
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from catpack import words as shared_words
from catpack.domain.observation import STOP_AT, UNEASE_AT
from catpack.domain.pack_air import VENTILATE_AIR_C
from catpack.services.pack_views import ReadingView
from catpack.web.pages.progress import Row
from catpack.web.pages.units import Units

# Colours chosen for contrast on white (WCAG AA for graphics, 3:1).
PROGRESS_COLOUR = "#0b5cad"
STRESS_COLOUR = "#b3261e"
CALM_COLOUR = "#5f6b7a"

#: Stress bands as the chart shows them: colour *and* marker shape, so the
#: bands read without colour too. (Upper bound inclusive, words, colour, marker.)
BANDS: tuple[tuple[int, str, str, str], ...] = (
    (2, "Calm", "#1d6b32", "o"),
    (UNEASE_AT - 1, "A little tense", "#0b5cad", "s"),
    (STOP_AT - 1, "Uneasy", "#8a5a00", "^"),
    (7, "Stopped (real stress)", STRESS_COLOUR, "X"),
)
#: A session with nothing recorded about the cat: an empty ring, not the
#: engine's cautious score as if it had been seen (its own legend entry).
UNSEEN = "Nothing recorded about the cat"

#: Phone typography: the SVG is drawn 3.9 in (about 283 pt) wide and shown in
#: the history's card, 316 px wide on a 390 px phone, so 1 pt is about 1.1 px:
#: the smallest text, 11 pt, shows at about 12 px (the browser test checks it).
SMALLEST_PT = 11
PHONE_RC: Any = {  # rc_context's own key type lists every rc name
    "svg.fonttype": "none",
    "svg.hashsalt": "catpack",  # the same chart gives the same file
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.size": SMALLEST_PT,
    "axes.titlesize": 12,
    "axes.labelsize": SMALLEST_PT,
    "xtick.labelsize": SMALLEST_PT,
    "ytick.labelsize": SMALLEST_PT,
    "legend.fontsize": SMALLEST_PT,
    "legend.title_fontsize": SMALLEST_PT,
}


#: Characters of the title on one line at the phone's width (12 pt on 283 pt).
TITLE_CHARS = 36


def band(stress: int) -> tuple[str, str, str]:
    """(words, colour, marker) of a stress score."""
    for top, words, colour, marker in BANDS:
        if stress <= top:
            return words, colour, marker
    return BANDS[-1][1:]


def step_name(step: int) -> str:
    """A step's line on the chart, as the pages label the step."""
    if step == 0:
        return shared_words.STAGE_LABELS["harness"]
    return shared_words.STAGE_LABELS["step"].format(step=step)


def side_name(branch: str) -> str:
    """A side step's line on the chart: what it practises, never a number."""
    return shared_words.CHART_SIDE_STEPS.get(branch, shared_words.STAGE_LABELS["side"])


Lane = tuple[int, str | None]  # (step, None) for a step, (step, branch) for a side step


def _lanes(rows: list[Row]) -> tuple[dict[Lane, float], list[str]]:
    """The chart's lines, bottom up, and their labels: one per step from the
    lowest the sessions reached to the one above the highest, each at its
    step's number, and a side step that sessions practised (the car, which
    branches from step 6) on a line of its own just above its step, the
    steps above it one line higher: it is not a second step 6."""
    sides: dict[int, set[str]] = {}
    for r in rows:
        if r.branch is not None:
            sides.setdefault(r.step, set()).add(r.branch)
    low, high = min(r.step for r in rows), max(r.step for r in rows) + 1
    ys: dict[Lane, float] = {}
    labels: list[str] = []
    for step in range(low, high + 1):
        ys[(step, None)] = low + len(labels)
        labels.append(step_name(step))
        for branch in sorted(sides.get(step, ())):
            ys[(step, branch)] = low + len(labels)
            labels.append(side_name(branch))
    return ys, labels


def _day_slots(rows: list[Row], zone: tzinfo | None) -> tuple[list[float], list[str]]:
    """An x position for every session: one slot per training day, the day's
    sessions side by side within it (never drawn on top of one another)."""
    days: dict[Any, list[int]] = {}
    for i, r in enumerate(rows):
        day = r.at.astimezone(zone).date() if zone else r.at.date()
        days.setdefault(day, []).append(i)
    xs = [0.0] * len(rows)
    labels: list[str] = []
    for slot, (day, members) in enumerate(days.items()):
        labels.append(day.strftime("%d %b"))
        n = len(members)
        for k, i in enumerate(members):
            xs[i] = slot + (0.0 if n == 1 else (k / (n - 1) - 0.5) * 0.7)
    return xs, labels


def _ticks(count: int, most: int = 4) -> list[int]:
    """At most ``most`` slot indexes to label, evenly spaced back from the
    last day (always labelled): every day, or every second, third... day,
    so two labels never sit on neighbouring days of a crowded axis (an
    11 pt date is wider than a day's slot once there are more than four)."""
    stride = max(1, -(-count // most))
    return sorted(range(count - 1, -1, -stride))


def progress_svg(rows: list[Row], title: str, zone: tzinfo | None = None) -> bytes:
    """The progress chart as SVG: where the cat is on the plan (one axis), a
    point per session by training day, its stress as colour and shape, stops
    marked and labelled, and a legend under the plot."""
    with mpl.rc_context(PHONE_RC):
        fig = Figure(figsize=(3.9, 4.0), layout="constrained")
        ax = fig.add_subplot()
        # The title holds the cat's name as typed: never mathtext, and wrapped
        # here (matplotlib's own wrapping measures the text as mathtext).
        ax.set_title(textwrap.fill(title, TITLE_CHARS), loc="left", parse_math=False)
        if not rows:
            ax.text(0.5, 0.5, "No sessions yet", ha="center", va="center",
                    transform=ax.transAxes)  # fmt: skip
            ax.set_axis_off()
        else:
            _draw_progress(fig, ax, rows, zone)
        buffer = io.BytesIO()
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.06
        )
    return buffer.getvalue()


def _draw_progress(fig: Figure, ax: Any, rows: list[Row], zone: tzinfo | None) -> None:
    xs, days = _day_slots(rows, zone)
    # A stage's first level sits on its line, its last just below the next line.
    lanes, names = _lanes(rows)
    ys = [lanes[(r.step, r.branch)] + (r.level - 1) / r.levels for r in rows]
    ax.plot(xs, ys, color="#9aa5b1", linewidth=1.2, zorder=1)
    for x, y, r in zip(xs, ys, rows, strict=True):
        if not r.seen:
            ax.scatter([x], [y], marker="o", s=34, facecolors="white", edgecolors=CALM_COLOUR,
                       linewidths=1.4, zorder=3)  # fmt: skip
            continue
        _, colour, marker = band(r.stress)
        ax.scatter([x], [y], c=colour, marker=marker, s=46 if r.stopped else 34,
                   edgecolors="white", linewidths=0.6, zorder=3)  # fmt: skip
        if r.stopped:
            ax.annotate("stop", (x, y), xytext=(0, 7), textcoords="offset points",
                        ha="center", va="bottom", color=STRESS_COLOUR, fontsize=SMALLEST_PT,
                        fontweight="bold", parse_math=False, zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.9})  # fmt: skip
    low = min(lanes.values())
    ax.set_ylim(low - 0.3, low + len(names) - 1 + 0.1)
    ax.set_yticks([low + i for i in range(len(names))], names)
    ax.set_ylabel("Where on the plan")
    ticks = _ticks(len(days))
    ax.set_xticks(ticks, [days[i] for i in ticks])
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xlabel("Training days (each point a session)")
    ax.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Line2D([], [], linestyle="", marker=marker, color=colour, markersize=7, label=words)
        for _, words, colour, marker in BANDS  # every band: the same legend on every page
    ]
    if not all(r.seen for r in rows):
        handles.append(
            Line2D([], [], linestyle="", marker="o", markerfacecolor="white",
                   markeredgecolor=CALM_COLOUR, markeredgewidth=1.4, markersize=7, label=UNSEEN)
        )  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
               title="Stress of each session")  # fmt: skip


#: The in-pack air chart: small in inches, dense in pixels (792 x 330 px, as
#: the history's <img> says), shown about 316 px wide on a 390 px phone, so
#: 1 pt is about 1.2 px: its smallest letters (10 pt, matplotlib's default
#: size, the legend too) show at about 12 px (the browser test checks it).
PACK_INCHES = (3.6, 1.5)
PACK_DPI = 220
PACK_SMALLEST_PT = 10


def pack_png(readings: list[ReadingView], units: Units, zone: tzinfo | None = None) -> bytes:
    """A small PNG of one session's in-pack air (owner's units, household's clock),
    with the line from which the pack counts as hot."""
    fig = Figure(figsize=PACK_INCHES, dpi=PACK_DPI, layout="constrained")
    ax = fig.add_subplot()
    if not readings:
        ax.text(0.5, 0.5, "No readings", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        zone = zone or readings[-1].at.tzinfo
        times = [float(date2num(r.at)) for r in readings]  # type: ignore[no-untyped-call]
        temps = [units.temp_out(r.temp_c) for r in readings]
        hot = units.temp_out(VENTILATE_AIR_C)
        ax.plot(times, temps, color=PROGRESS_COLOUR, linewidth=2, label="Air in the pack")
        ax.axhline(hot, color=STRESS_COLOUR, linestyle=":", linewidth=1.5, label="Hot for a pack")
        low, high = min(temps), max(temps)
        ax.set_ylim(min(low, hot) - 2, max(high, hot) + 2)
        ax.set_ylabel(units.temp)
        ax.xaxis.set_major_locator(AutoDateLocator(tz=zone, minticks=3, maxticks=7))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%H:%M", tz=zone))  # type: ignore[no-untyped-call]
        if times[-1] == times[0]:
            ax.set_xlim(times[0] - 1 / 1440, times[0] + 1 / 1440)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", fontsize=PACK_SMALLEST_PT)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
