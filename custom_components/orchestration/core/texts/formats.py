"""Figures as a person reads them: money, prices, durations, power, times, names.

Each figure type renders itself in a language (``render``), so a message keeps its
figures and can be rendered again in another language; the functions give the text
at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .catalogue import language_of, number, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import ContextSnapshot

_SYMBOLS: Final = {"EUR": "€", "GBP": "£", "USD": "$"}


def _symbol(currency: str | None) -> str:
    return _SYMBOLS.get(currency or "", currency or "")


def money(amount: float, currency: str | None, language: str) -> str:
    """An amount of money, e.g. ``0.42 €`` (``0,42 €``)."""
    shown = f"{amount:.2f}"
    if language_of(language) == "de":
        shown = shown.replace(".", ",")
    return f"{shown} {_symbol(currency)}".strip()


def price(value: float, currency: str | None, language: str) -> str:
    """A price per kWh: three decimals, or two when the third is zero."""
    shown = f"{float(value):.3f}"
    if shown.endswith("0"):
        shown = shown[:-1]
    if language_of(language) == "de":
        shown = shown.replace(".", ",")
    symbol = _symbol(currency)
    return f"{shown} {symbol}/kWh" if symbol else f"{shown}/kWh"


def duration(seconds: float, language: str) -> str:
    """A duration in units, e.g. ``2 h 30 min`` or ``45 s``."""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def spoken_duration(seconds: float, language: str) -> str:
    """A duration in words, e.g. ``2 hours and 30 minutes`` or ``45 seconds``."""
    seconds = abs(seconds)
    if round(seconds) < 60:
        return text("units.seconds", language, count=round(seconds))
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return text("units.minutes", language, count=minutes)
    spoken_hours = text("units.hours", language, count=hours)
    if not minutes:
        return spoken_hours
    return text(
        "units.hours_and_minutes",
        language,
        hours=spoken_hours,
        minutes=text("units.minutes", language, count=minutes),
    )


def power(watts: float, language: str) -> str:
    """Power in W, or kW from 1000 W: ``800 W``, ``3.5 kW`` (``3,5 kW``)."""
    if abs(watts) >= 1000:
        return f"{number(watts / 1000, language, 1)} kW"
    return f"{number(watts, language, 0)} W"


def energy(kwh: float, language: str) -> str:
    """Energy in kWh, two decimals below 1 kWh and one above."""
    return f"{number(kwh, language, 2 if abs(kwh) < 1 else 1)} kWh"


def temperature(value: float, unit: str, language: str) -> str:
    """A temperature with its unit, e.g. ``21.5 °C``."""
    return f"{number(value, language, 1)} {unit}"


def percent(value: float, language: str) -> str:
    """A share, e.g. ``30 %``."""
    return f"{number(value, language, 0)} %"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in a currency (None: unknown)."""

    amount: float
    currency: str | None

    def render(self, language: str) -> str:
        """The amount in ``language``."""
        return money(self.amount, self.currency, language)


@dataclass(frozen=True, slots=True)
class Price:
    """A price per kWh."""

    value: float
    currency: str | None

    def render(self, language: str) -> str:
        """The price in ``language``."""
        return price(self.value, self.currency, language)


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration, read in words."""

    seconds: float

    def render(self, language: str) -> str:
        """The duration in words in ``language``."""
        return spoken_duration(self.seconds, language)


@dataclass(frozen=True, slots=True)
class Power:
    """Power in watts."""

    watts: float

    def render(self, language: str) -> str:
        """The power in ``language``."""
        return power(self.watts, language)


@dataclass(frozen=True, slots=True)
class Temperature:
    """A temperature in a unit."""

    value: float
    unit: str = "°C"

    def render(self, language: str) -> str:
        """The temperature in ``language``."""
        return temperature(self.value, self.unit, language)


@dataclass(frozen=True, slots=True)
class Percent:
    """A share in percent."""

    value: float

    def render(self, language: str) -> str:
        """The share in ``language``."""
        return percent(self.value, language)


def local_time(moment: datetime, time_zone: str) -> datetime:
    """``moment`` in the home's time zone (UTC when the zone is unknown)."""
    zone: tzinfo
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone)


def clock(moment: datetime, time_zone: str) -> str:
    """A time of day as the home sees it, e.g. ``02:00``."""
    return local_time(moment, time_zone).strftime("%H:%M")


def humanized(entity_id: str) -> str:
    """A name for an entity the home does not know: ``lock.back_door`` → ``Back door``."""
    object_id = entity_id.partition(".")[2] or entity_id
    words = object_id.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def name_of(entity_id: str, snapshot: ContextSnapshot) -> str:
    """The friendly name of an entity, or a name made from its id."""
    entity = snapshot.entities.get(entity_id)
    return entity.name if entity is not None else humanized(entity_id)


def names(entity_ids: Sequence[str], snapshot: ContextSnapshot) -> str:
    """Friendly names of entities, comma-separated."""
    return ", ".join(name_of(entity_id, snapshot) for entity_id in entity_ids)
