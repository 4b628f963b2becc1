"""Units per owner: the engine speaks °C, kg, m/s and cm; owners may read °F, lb, mph and in.

Conversions are exact definitions: 1 lb = 0.45359237 kg and 1 in = 2.54 cm
(international yard and pound agreement, 1959); °F = °C × 9/5 + 32;
1 mph = 0.44704 m/s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from catpack.domain.measure import CM_PER_IN, KG_PER_LB
from catpack.services.views import UnitSystem

UNIT_SYSTEMS: tuple[UnitSystem, ...] = get_args(UnitSystem)
#: A temperature inside the engine's sentences ("index 40.1 °C").
_CELSIUS = re.compile(r"(-?\d+(?:\.\d+)?) °C")
MS_PER_MPH = 0.44704


@dataclass(frozen=True)
class Units:
    system: UnitSystem = "metric"

    @property
    def temp(self) -> str:
        return "°F" if self.system == "imperial" else "°C"

    @property
    def weight(self) -> str:
        return "lb" if self.system == "imperial" else "kg"

    @property
    def wind(self) -> str:
        return "mph" if self.system == "imperial" else "m/s"

    @property
    def length(self) -> str:
        return "in" if self.system == "imperial" else "cm"

    def temp_in(self, value: float) -> float:
        """A temperature the owner typed → °C."""
        return (value - 32.0) * 5.0 / 9.0 if self.system == "imperial" else value

    def temp_out(self, celsius: float) -> float:
        return celsius * 9.0 / 5.0 + 32.0 if self.system == "imperial" else celsius

    def weight_in(self, value: float) -> float:
        """A weight the owner typed → kg."""
        return value * KG_PER_LB if self.system == "imperial" else value

    def weight_out(self, kg: float) -> float:
        return kg / KG_PER_LB if self.system == "imperial" else kg

    def wind_in(self, value: float) -> float:
        return value * MS_PER_MPH if self.system == "imperial" else value

    def wind_out(self, ms: float) -> float:
        return ms / MS_PER_MPH if self.system == "imperial" else ms

    def length_in(self, value: float) -> float:
        """A length the owner typed → cm."""
        return value * CM_PER_IN if self.system == "imperial" else value

    def length_out(self, cm: float) -> float:
        return cm / CM_PER_IN if self.system == "imperial" else cm

    def show_length(self, cm: float | None) -> str:
        return "—" if cm is None else f"{self.length_out(cm):.1f} {self.length}"

    def show_temp(self, celsius: float | None) -> str:
        return "—" if celsius is None else f"{self.temp_out(celsius):.1f} {self.temp}"

    def show_temp_change(self, celsius: float) -> str:
        """A difference of temperatures (a rise, a rate): no offset, °F steps are 5/9 °C."""
        value = celsius * 9.0 / 5.0 if self.system == "imperial" else celsius
        return f"{value:.1f} {self.temp}"

    def say(self, sentence: str) -> str:
        """An engine sentence with its temperatures in the owner's units
        (the engine writes °C; an owner reading °F must not meet a °C figure)."""
        if self.system != "imperial" or "°C" not in sentence:
            return sentence
        return _CELSIUS.sub(lambda m: self.show_temp(float(m.group(1))), sentence)

    def show_weight(self, kg: float | None) -> str:
        return "—" if kg is None else f"{self.weight_out(kg):.1f} {self.weight}"

    def converters(self, kind: str) -> tuple[Callable[[float], float], Callable[[float], float]]:
        """(owner's → engine's, engine's → owner's) for a quantity: temp, weight,
        wind, or anything else (no conversion)."""
        pairs = {
            "temp": (self.temp_in, self.temp_out),
            "weight": (self.weight_in, self.weight_out),
            "wind": (self.wind_in, self.wind_out),
            "length": (self.length_in, self.length_out),
        }
        return pairs.get(kind, (float, float))

    def label(self, kind: str) -> str:
        """The unit shown after a quantity (``°F``, ``kg``, ``min``...)."""
        named = {"temp": self.temp, "weight": self.weight, "wind": self.wind, "length": self.length}
        return named.get(kind, kind)
