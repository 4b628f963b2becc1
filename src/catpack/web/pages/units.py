"""Units per owner: the engine speaks °C, kg and m/s; owners may read °F and lb.

Conversions are exact definitions: 1 lb = 0.45359237 kg (international
yard and pound agreement, 1959); °F = °C × 9/5 + 32; 1 mph = 0.44704 m/s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from catpack.domain.airlines import KG_PER_LB
from catpack.services.views import UnitSystem

UNIT_SYSTEMS: tuple[UnitSystem, ...] = get_args(UnitSystem)
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

    def show_temp(self, celsius: float | None) -> str:
        return "—" if celsius is None else f"{self.temp_out(celsius):.1f} {self.temp}"

    def show_weight(self, kg: float | None) -> str:
        return "—" if kg is None else f"{self.weight_out(kg):.1f} {self.weight}"

    def converters(self, kind: str) -> tuple[Callable[[float], float], Callable[[float], float]]:
        """(owner's → engine's, engine's → owner's) for a quantity: temp, weight,
        wind, or anything else (no conversion)."""
        pairs = {
            "temp": (self.temp_in, self.temp_out),
            "weight": (self.weight_in, self.weight_out),
            "wind": (self.wind_in, self.wind_out),
        }
        return pairs.get(kind, (float, float))

    def label(self, kind: str) -> str:
        """The unit shown after a quantity (``°F``, ``kg``, ``min``...)."""
        return {"temp": self.temp, "weight": self.weight, "wind": self.wind}.get(kind, kind)
