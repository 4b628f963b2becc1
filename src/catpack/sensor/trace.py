"""Traces for ``catpack sensor simulate``: recorded advertisements, or generated ones.

A trace file is JSON lines, one advertisement each:
``{"t": <seconds from the start>, "address": "A4:C1:...", "data": "<hex service data>"}``
(``catpack sensor watch --record FILE`` writes one). Generated traces encode
real BTHome v2 packets, so a simulation goes through the same decoder as
a sensor would.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, TypeAlias

from catpack.sensor.scanner import Advertisement

Shape: TypeAlias = Literal["heat", "steady", "cold"]
SIM_ADDRESS = "A4:C1:38:00:CA:75"


@dataclass(frozen=True, slots=True)
class Step:
    t: float  # seconds from the start of the trace
    address: str
    data: bytes


def encode(packet_id: int, temp_c: float, humidity_pct: float, battery_pct: int) -> bytes:
    """A plain BTHome v2 packet: packet id, battery, temperature x0.01, humidity x0.01."""
    return bytes([0x40, 0x00, packet_id % 256, 0x01, battery_pct]) + struct.pack(
        "<BhBH", 0x02, round(temp_c * 100), 0x03, round(humidity_pct * 100)
    )


def generate(shape: Shape, minutes: float, every_s: float = 10.0) -> list[Step]:
    """A made-up session: ``heat`` warms a pack in the sun from 24 °C to about 33 °C,
    ``steady`` stays near 22 °C, ``cold`` sits near 5 °C."""
    steps: list[Step] = []
    n = int(minutes * 60 // every_s) + 1
    for i in range(n):
        t = i * every_s
        f = t / max(minutes * 60, 1)
        wobble = 0.1 * math.sin(i / 3)
        temp = {"heat": 24 + 9 * f, "steady": 22 + wobble, "cold": 5 + wobble}[shape]
        humidity = 45 + 10 * f if shape == "heat" else 50.0
        steps.append(Step(t, SIM_ADDRESS, encode(i, temp, humidity, 90)))
    return steps


def load(path: Path) -> list[Step]:
    """Read a trace file; ValueError names the line that is wrong."""
    steps: list[Step] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            steps.append(Step(float(row["t"]), str(row["address"]), bytes.fromhex(row["data"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}, line {no}: not a trace step ({exc})") from None
    if not steps:
        raise ValueError(f"{path} holds no trace steps")
    return sorted(steps, key=lambda s: s.t)


def dump(steps: Iterable[Step]) -> str:
    return "".join(
        json.dumps({"t": s.t, "address": s.address, "data": s.data.hex()}) + "\n" for s in steps
    )


class TraceSource:
    """A scanner that replays a trace: at once, ending now (``instant``), or in real time."""

    def __init__(
        self,
        steps: list[Step],
        clock: Callable[[], datetime],
        sleep: Callable[[float], object],
        *,
        instant: bool,
    ) -> None:
        self.steps = steps
        self.clock = clock
        self.sleep = sleep
        self.instant = instant

    async def advertisements(self) -> AsyncIterator[Advertisement]:
        start = self.clock()
        if self.instant:
            start -= timedelta(seconds=self.steps[-1].t)
        elapsed = 0.0
        for step in self.steps:
            if not self.instant and step.t > elapsed:
                await _maybe_await(self.sleep(step.t - elapsed))
                elapsed = step.t
            at = start + timedelta(seconds=step.t)
            yield Advertisement(address=step.address, data=step.data, at=at, name="simulated")


async def _maybe_await(value: object) -> None:
    import inspect

    if inspect.isawaitable(value):
        await value
