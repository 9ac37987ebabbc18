"""The power the home draws over time, against its limit: what a new load may add.

The model, so a person can check it:

* **The limit** is the most the home's supply may deliver at once (the option
  ``power_limit_w``: a main fuse of 3 x 25 A at 230 V is 17 250 W). Loads that run at the
  same time add up; a plan never places a load where the sum would pass the limit.
* **What runs now** counts. A device with a power sensor counts with what the sensor
  reads; an appliance running (its reading at least a quarter of its typical draw) is
  expected to finish its typical run, counted from when it was switched on. A device
  without a sensor counts when it is on and its typical draw is high (at least
  ``HIGH_POWER_W``); it runs until it is switched off (no end is known).
* **The rest of the home** counts when a grid power sensor is known: what the grid
  supplies beyond the devices above is drawn for the next ``BASE_LOAD_HORIZON``, the
  only time the reading says something about.
* **Other plans' loads** count from their scheduled start for their duration, at their
  average draw (energy over duration); a load already running is counted once, by its
  device.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from ..models import StepKind, TimeWindow
from .power import DEFERRABLE_APPLIANCES, is_running, typical_run

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..models import EntityInfo, ExecutionStep

#: Watts from which a device counts as a high-power load (power limit, trust).
HIGH_POWER_W: Final = 1000.0
#: How long a grid reading beyond the known devices is assumed to last.
BASE_LOAD_HORIZON: Final = timedelta(minutes=15)
#: A running appliance past its typical run time is assumed to need this much longer.
LEAST_REMAINING: Final = timedelta(minutes=10)
_EPSILON: Final = 1e-6
_SWITCHED_ON_STATES: Final = frozenset({"on"})


class DrawKind(StrEnum):
    """Where a draw comes from."""

    RUNNING = "running"  # a device drawing power now
    PLANNED = "planned"  # another plan's scheduled load
    BASE = "base"  # the rest of the home, from a grid power reading


@dataclass(frozen=True, slots=True)
class PowerDraw:
    """Power drawn from ``start`` until ``end`` (None: no end known)."""

    source: str  # an entity id; "" for the rest of the home
    watts: float
    start: datetime
    end: datetime | None
    kind: DrawKind
    plan_id: str | None = None

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether the draw runs at some time in [start, end)."""
        return self.start < end and (self.end is None or start < self.end)


def running_draws(
    entities: Iterable[EntityInfo], now: datetime, grid_power_w: float | None = None
) -> list[PowerDraw]:
    """What the home draws now, device by device, and the rest from the grid reading."""
    draws: list[PowerDraw] = []
    for entity in entities:
        watts = _drawn_now(entity)
        if watts is None:
            continue
        draws.append(
            PowerDraw(
                entity.entity_id,
                watts,
                now,
                _expected_end(entity, now),
                DrawKind.RUNNING,
            )
        )
    if grid_power_w is not None:
        rest = grid_power_w - sum(draw.watts for draw in draws)
        if rest > _EPSILON:
            draws.append(
                PowerDraw("", rest, now, now + BASE_LOAD_HORIZON, DrawKind.BASE)
            )
    return draws


def _drawn_now(entity: EntityInfo) -> float | None:
    """What the device draws now, or None when it draws nothing worth counting."""
    if entity.measured_power_w is not None:
        return entity.measured_power_w if entity.measured_power_w > 0 else None
    if entity.state in _SWITCHED_ON_STATES and (entity.power_w or 0.0) >= HIGH_POWER_W:
        return entity.power_w
    return None


def _expected_end(entity: EntityInfo, now: datetime) -> datetime | None:
    """When a running appliance's run should end; None for anything else."""
    appliance = entity.appliance
    if appliance is None or appliance not in DEFERRABLE_APPLIANCES:
        return None
    if entity.measured_power_w is not None and not is_running(
        appliance, entity.measured_power_w
    ):
        return None  # standby: it stays as it is
    started = entity.last_changed or now
    return max(started + typical_run(appliance), now + LEAST_REMAINING)


def planned_draws(
    plan_id: str, steps: Sequence[ExecutionStep], now: datetime
) -> list[PowerDraw]:
    """The loads a plan's steps draw from their start for their duration."""
    draws: list[PowerDraw] = []
    for step in steps:
        if step.kind is not StepKind.ACTION or step.energy_kwh <= 0:
            continue
        if step.estimated_duration_s <= 0:
            continue
        start = step.not_before or now
        end = start + timedelta(seconds=step.estimated_duration_s)
        if end <= now:
            continue
        watts = step.energy_kwh * 3_600_000 / step.estimated_duration_s
        share = watts / max(len(step.entity_ids), 1)
        draws.extend(
            PowerDraw(entity_id, share, start, end, DrawKind.PLANNED, plan_id)
            for entity_id in step.entity_ids
        )
    return draws


class PowerProfile:
    """The draws of the home over time and its limit; what a new load may add."""

    def __init__(self, limit_w: float | None, draws: Sequence[PowerDraw]) -> None:
        """Draws that overlap count together; ``limit_w`` None means no limit."""
        self.limit_w = limit_w
        self.draws = list(draws)

    def without(self, entity_ids: Iterable[str]) -> PowerProfile:
        """The profile without the draws of ``entity_ids`` (they are being replaced)."""
        dropped = set(entity_ids)
        return PowerProfile(
            self.limit_w, [draw for draw in self.draws if draw.source not in dropped]
        )

    def with_draws(self, draws: Iterable[PowerDraw]) -> PowerProfile:
        """The profile with more draws."""
        return PowerProfile(self.limit_w, [*self.draws, *draws])

    def during(self, start: datetime, end: datetime) -> list[PowerDraw]:
        """The draws that run at some time in [start, end)."""
        return [draw for draw in self.draws if draw.overlaps(start, end)]

    def peak_w(self, start: datetime, end: datetime) -> float:
        """The most drawn at once at any time in [start, end)."""
        draws = self.during(start, end)
        moments = {start, *(draw.start for draw in draws if draw.start > start)}
        return max(
            (
                sum(
                    draw.watts
                    for draw in draws
                    if draw.overlaps(moment, moment + _TICK)
                )
                for moment in moments
                if moment < end
            ),
            default=0.0,
        )

    def fits(self, watts: float, start: datetime, end: datetime) -> bool:
        """Whether ``watts`` more may run from ``start`` to ``end``."""
        if self.limit_w is None:
            return True
        return self.peak_w(start, end) + watts <= self.limit_w + _EPSILON

    def busy_windows(
        self, watts: float, start: datetime, end: datetime
    ) -> list[TimeWindow]:
        """The spans in [start, end) where ``watts`` more would pass the limit."""
        if self.limit_w is None:
            return []
        draws = self.during(start, end)
        cuts = sorted(
            {start, end}
            | {draw.start for draw in draws if start < draw.start < end}
            | {
                draw.end
                for draw in draws
                if draw.end is not None and start < draw.end < end
            }
        )
        windows: list[TimeWindow] = []
        for low, high in pairwise(cuts):
            drawn = sum(draw.watts for draw in draws if draw.overlaps(low, high))
            if drawn + watts <= self.limit_w + _EPSILON:
                continue
            if windows and windows[-1].end == low:
                windows[-1] = TimeWindow(windows[-1].start, high)
            else:
                windows.append(TimeWindow(low, high))
        return windows


_TICK: Final = timedelta(microseconds=1)
