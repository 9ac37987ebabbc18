"""What the rules look at: the snapshot, the clock, deferrable loads and history.

The history is plain data the glue reads from the recorder's statistics:
``EnergyHistory`` is the hourly energy change of each energy statistic (long-term
statistics, period ``hour``, type ``change``), and ``grid_power`` the recent means of
the grid power sensor (short-term statistics, period ``5minute``, type ``mean``).
``energy_from_statistics`` and ``power_from_statistics`` read the rows
``recorder.statistics.statistics_during_period`` returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import math
from typing import Any

from ..models import ContextSnapshot


class LoadStatus(StrEnum):
    """Where a deferrable load stands."""

    RUNNING = "running"
    # Ready to start with no start time: programme chosen, car plugged in.
    WAITING = "waiting"
    # Will start at ``starts_at``: a delayed start, or a scheduled plan.
    SCHEDULED = "scheduled"


@dataclass(frozen=True, slots=True)
class DeferrableLoad:
    """A dishwasher, washer, EV charger… that runs, waits, or will start.

    ``entity_id`` is the entity that starts and stops it (a switch, a start button).
    ``duration`` is the run still to go and ``power_w`` its draw, when known; the
    appliance's typical figures stand in otherwise. ``plan_id`` names the
    Orchestration plan that scheduled it.
    """

    entity_id: str
    status: LoadStatus
    since: datetime
    starts_at: datetime | None = None
    duration: timedelta | None = None
    power_w: float | None = None
    deadline: datetime | None = None
    plan_id: str | None = None


@dataclass(frozen=True, slots=True)
class HourlyEnergy:
    """Energy used in the hour from ``start`` (UTC), in kWh."""

    start: datetime
    kwh: float


@dataclass(frozen=True, slots=True)
class PowerSample:
    """Mean power from ``start`` to ``end``, in watts (grid: negative is export)."""

    start: datetime
    end: datetime
    watts: float


@dataclass(frozen=True, slots=True)
class History:
    """The home's own past, as far as the rules need it."""

    # Statistic id (an energy sensor's entity id) -> its hours, oldest first.
    energy: Mapping[str, Sequence[HourlyEnergy]] = field(default_factory=dict)
    # Grid power means of the last hour or so, oldest first.
    grid_power: Sequence[PowerSample] = ()


@dataclass(frozen=True, slots=True)
class Observation:
    """Everything one pass of the rules sees, at ``now``."""

    snapshot: ContextSnapshot
    now: datetime
    loads: Sequence[DeferrableLoad] = ()
    history: History = field(default_factory=History)
    # The language of the proposed plans' intent texts.
    language: str = "en"


_FIVE_MINUTES = timedelta(minutes=5)


def _moment(value: Any) -> datetime | None:
    """A statistics row's ``start``: a timestamp, a datetime or an ISO string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return None


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def energy_from_statistics(
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, list[HourlyEnergy]]:
    """Hourly energy per statistic from rows ``{"start", "change"}``; bad rows skipped."""
    energy: dict[str, list[HourlyEnergy]] = {}
    for statistic_id, statistic_rows in rows.items():
        hours = [
            HourlyEnergy(start, kwh)
            for row in statistic_rows
            if (start := _moment(row.get("start"))) is not None
            and (kwh := _finite(row.get("change"))) is not None
        ]
        energy[statistic_id] = sorted(hours, key=lambda hour: hour.start)
    return energy


def power_from_statistics(
    rows: Sequence[Mapping[str, Any]], *, period: timedelta = _FIVE_MINUTES
) -> list[PowerSample]:
    """Power samples from rows ``{"start", "mean"}`` (``end`` when given); bad skipped."""
    samples = []
    for row in rows:
        start = _moment(row.get("start"))
        watts = _finite(row.get("mean"))
        if start is None or watts is None:
            continue
        end = _moment(row.get("end")) or start + period
        samples.append(PowerSample(start, end, watts))
    return sorted(samples, key=lambda sample: sample.start)
