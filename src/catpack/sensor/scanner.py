"""The radio: BTHome advertisements from nearby sensors (bleak, active scanning).

This is the one seam the tests fake: everything after an
:class:`Advertisement` (decoding, batching, HTTP, the server, the database,
the page) is real in them. bleak is an optional dependency (the ``[sensor]``
extra); without it :func:`open_scanner` raises :class:`SensorUnavailable`
with the command to run.

Active scanning is the default: passive scanning needs BlueZ 5.55+ with
experimental features on Linux and is not offered by macOS (bleak docs).
On macOS, bleak gives a device UUID instead of the MAC address; both work
as a sensor's address in catpack.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from catpack.sensor.bthome import SERVICE_UUID

INSTALL_HINT = "scanning needs Bluetooth support: pip install 'catpack[sensor]' (installs bleak)"


class SensorUnavailable(RuntimeError):
    """The radio cannot be used (bleak missing, no adapter, no permission)."""


@dataclass(frozen=True, slots=True)
class Advertisement:
    """BTHome service data heard from one device at one time."""

    address: str
    data: bytes
    at: datetime
    name: str | None = None
    rssi: int | None = None


class Scanner(Protocol):
    def advertisements(self) -> AsyncIterator[Advertisement]:
        """BTHome advertisements as they are heard, until the caller stops."""
        ...


class BleakSource:
    """Advertisements from bleak's scanner, BTHome ones only."""

    def __init__(self, bleak: Any) -> None:
        self._bleak = bleak

    async def advertisements(self) -> AsyncIterator[Advertisement]:
        queue: asyncio.Queue[Advertisement] = asyncio.Queue(maxsize=1000)

        def heard(device: Any, adv: Any) -> None:
            data = (adv.service_data or {}).get(SERVICE_UUID)
            if data is None or queue.full():
                return
            queue.put_nowait(
                Advertisement(
                    address=str(device.address),
                    data=bytes(data),
                    at=datetime.now(UTC),
                    name=adv.local_name or device.name,
                    rssi=adv.rssi,
                )
            )

        try:
            scanner = self._bleak.BleakScanner(detection_callback=heard, scanning_mode="active")
            await scanner.start()
        except Exception as exc:  # bleak raises platform-specific errors here
            raise SensorUnavailable(f"cannot start Bluetooth scanning: {exc}") from None
        try:
            while True:
                yield await queue.get()
        finally:
            await scanner.stop()


def open_scanner() -> Scanner:
    """The real radio, or SensorUnavailable saying what to install."""
    try:
        import bleak
    except ImportError:
        raise SensorUnavailable(INSTALL_HINT) from None
    return BleakSource(bleak)
