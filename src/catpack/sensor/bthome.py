"""BTHome v2 service data → readings (pure: bytes in, values out, no I/O).

The format (https://bthome.io/format/): service data under the 16-bit UUID
0xFCD2; the first byte is the device information (bit 0 encryption, bit 2
trigger-based device, bits 5-7 the version, 2 here); then objects, each an
object id followed by a little-endian value whose length and scale the id
fixes. Text (0x53), raw (0x54) and command (0x3B) objects carry their own
length. Objects come in numerical order, and a receiver stops at the first
id it does not know (its length is unknown, so nothing after it can be read).

catpack keeps temperature (0x02 sint16 x0.01, 0x45 sint16 x0.1, 0x57 sint8
x1, 0x58 sint8 x0.35 °C), humidity (0x03 uint16 x0.01, 0x2E uint8 x1 %),
battery (0x01 uint8 %), voltage (0x0C uint16 x0.001 V) and the packet id
(0x00, which a sensor increases when its readings change). Every other
object is skipped by its length (the table below, checked against the
maintained ``bthome-ble`` library in the tests).

Encrypted packets (AES-CCM with a per-device key) are refused with a message
saying how to switch encryption off: the thermometer's air temperature is
not a secret worth a key that every watcher would need.

Why not ``bthome-ble``: it pulls in 19 more packages (bleak, habluetooth,
dbus-fast, cryptography, ...; 33 MB) and 0.13 s of import time, and takes a
Home Assistant ``BluetoothServiceInfoBleak`` rather than bytes. The format
catpack needs is the table below and one loop; see docs/sensor.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: The BTHome v2 service data UUID (16-bit 0xFCD2 in the Bluetooth base UUID).
SERVICE_UUID = "0000fcd2-0000-1000-8000-00805f9b34fb"
VERSION = 2

_ENCRYPTED = 0x01
_MAC_INCLUDED = 0x02  # bthome-ble reads bit 1 as "6-byte MAC follows"; the spec reserves it
_TRIGGER_BASED = 0x04

#: Object id → value length in bytes, for every fixed-length object of the
#: BTHome v2 format (sensors 0x00-0x65, binary sensors 0x0F-0x2D, events
#: 0x3A/0x3C, device info 0xF0-0xF2).
OBJECT_LENGTHS: dict[int, int] = {
    **dict.fromkeys([0x00, 0x01, 0x09, 0x0F, 0x10, 0x11, 0x2E, 0x2F, 0x3A], 1),
    **dict.fromkeys(range(0x15, 0x2E), 1),
    **dict.fromkeys([0x46, 0x57, 0x58, 0x59, 0x60, 0x64, 0x65], 1),
    **dict.fromkeys([0x02, 0x03, 0x06, 0x07, 0x08, 0x0C, 0x0D, 0x0E, 0x12, 0x13, 0x14], 2),
    **dict.fromkeys([0x3C, 0x3D, 0x3F, 0x40, 0x41, 0x43, 0x44, 0x45, 0x47, 0x48, 0x49], 2),
    **dict.fromkeys([0x4A, 0x51, 0x52, 0x56, 0x5A, 0x5D, 0x5E, 0x5F, 0x61, 0xF0], 2),
    **dict.fromkeys([0x04, 0x05, 0x0A, 0x0B, 0x42, 0x4B, 0xF2], 3),
    **dict.fromkeys([0x3E, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x55, 0x5B, 0x5C, 0x62, 0x63, 0xF1], 4),
}
#: Objects whose first byte after the id gives their length (text, raw, command).
VARIABLE_LENGTH: frozenset[int] = frozenset({0x3B, 0x53, 0x54})

#: The objects catpack reads: id → (field, signed, scale).
READ: dict[int, tuple[str, bool, float]] = {
    0x00: ("packet_id", False, 1),
    0x01: ("battery_pct", False, 1),
    0x02: ("temp_c", True, 0.01),
    0x45: ("temp_c", True, 0.1),
    0x57: ("temp_c", True, 1),
    0x58: ("temp_c", True, 0.35),
    0x03: ("humidity_pct", False, 0.01),
    0x2E: ("humidity_pct", False, 1),
    0x0C: ("voltage_v", False, 0.001),
}
_DIGITS = {"packet_id": 0, "battery_pct": 0, "temp_c": 2, "humidity_pct": 2, "voltage_v": 3}


class DecodeError(ValueError):
    """Service data that is not readable BTHome v2; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Packet:
    """What one BTHome advertisement says (None: the sensor did not send it)."""

    packet_id: int | None = None
    temp_c: float | None = None
    humidity_pct: float | None = None
    battery_pct: int | None = None
    voltage_v: float | None = None
    trigger_based: bool = False
    skipped: tuple[int, ...] = ()  # object ids present but not read by catpack

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["skipped"] = [f"0x{i:02X}" for i in self.skipped]
        return out


def parse_hex(text: str) -> bytes:
    """Hex digits (spaces, colons and a leading 0x allowed) → bytes, or DecodeError."""
    cleaned = text.strip().lower().removeprefix("0x")
    for sep in (" ", ":", "-", "\t"):
        cleaned = cleaned.replace(sep, "")
    if not cleaned:
        raise DecodeError("no bytes given")
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise DecodeError(f"{text.strip()!r} is not hexadecimal bytes") from None


def decode(data: bytes) -> Packet:
    """Decode BTHome v2 service data (the bytes after the 0xFCD2 UUID).

    Raises DecodeError for empty data, another version, an encrypted packet,
    or a value cut short. An unknown object id ends the packet (as the spec
    says), keeping what came before it.
    """
    if not data:
        raise DecodeError("the service data is empty")
    info = data[0]
    version = info >> 5
    if version != VERSION:
        raise DecodeError(
            f"device information byte 0x{info:02X} says BTHome version {version}; "
            "only version 2 is read (set the sensor's firmware to BTHome v2)"
        )
    if info & _ENCRYPTED:
        raise DecodeError(
            "the packet is encrypted: turn encryption off in the sensor's settings "
            "(catpack reads only unencrypted BTHome)"
        )
    pos = 7 if info & _MAC_INCLUDED else 1
    if pos > len(data):
        raise DecodeError("the packet ends inside its MAC address")
    values: dict[str, float] = {}
    skipped: list[int] = []
    while pos < len(data):
        obj = data[pos]
        if obj in VARIABLE_LENGTH:
            if pos + 1 >= len(data):
                raise DecodeError(f"object 0x{obj:02X} has no length byte")
            size = data[pos + 1] & (0x1F if obj == 0x3B else 0xFF)
            start = pos + 2
            size += 1 if obj == 0x3B else 0  # a command's length counts its arguments only
        elif obj in OBJECT_LENGTHS:
            size, start = OBJECT_LENGTHS[obj], pos + 1
        else:
            break  # unknown id: its length is unknown, nothing after it can be read
        end = start + size
        if end > len(data):
            raise DecodeError(f"object 0x{obj:02X} needs {size} bytes, the packet ends first")
        if obj in READ:
            field, signed, scale = READ[obj]
            raw = int.from_bytes(data[start:end], "little", signed=signed)
            # A second object of the same kind (a second probe) does not
            # replace the first: the first is the sensor's own reading.
            values.setdefault(field, round(raw * scale, _DIGITS[field]))
        else:
            skipped.append(obj)
        pos = end
    return Packet(
        packet_id=_int(values.get("packet_id")),
        temp_c=values.get("temp_c"),
        humidity_pct=values.get("humidity_pct"),
        battery_pct=_int(values.get("battery_pct")),
        voltage_v=values.get("voltage_v"),
        trigger_based=bool(info & _TRIGGER_BASED),
        skipped=tuple(skipped),
    )


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)
