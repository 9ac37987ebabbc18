"""Deferrable loads as the rules see them: from the snapshot and from scheduled plans.

A load runs when its appliance's power reading says so, or a status sensor on the
same device says it runs or waits (Home Connect's operation state ``ready``, Miele's
``programmed``, a charger's ``awaiting_start``…). A load a scheduled plan starts is
scheduled at the plan's time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from ..energy.power import INTERRUPTIBLE_APPLIANCES, is_running
from ..models import (
    ContextSnapshot,
    EntityInfo,
    GoalType,
    PlanRecord,
    PlanStatus,
    StepKind,
)
from ..planning.actions import can_do
from ..planning.goals import appliance_defaults
from .observation import DeferrableLoad, LoadStatus

#: Status sensor states, normalised (last dotted part, lower case, no separators).
_STATUS_WORDS: Final[dict[str, LoadStatus]] = {
    "run": LoadStatus.RUNNING,
    "running": LoadStatus.RUNNING,
    "inuse": LoadStatus.RUNNING,
    "washing": LoadStatus.RUNNING,
    "drying": LoadStatus.RUNNING,
    "rinsing": LoadStatus.RUNNING,
    "spinning": LoadStatus.RUNNING,
    "charging": LoadStatus.RUNNING,
    "ready": LoadStatus.WAITING,
    "programmed": LoadStatus.WAITING,
    "waitingtostart": LoadStatus.WAITING,
    "awaitingstart": LoadStatus.WAITING,
    "readytocharge": LoadStatus.WAITING,
    "readytostart": LoadStatus.WAITING,
}
# Where several sources name one load, the most telling status wins.
_PRECEDENCE: Final = (LoadStatus.RUNNING, LoadStatus.SCHEDULED, LoadStatus.WAITING)


def status_word(state: str) -> LoadStatus | None:
    """The load status a status sensor's state names, if any."""
    word = state.rpartition(".")[2].lower()
    return _STATUS_WORDS.get(word.replace("_", "").replace(" ", "").replace("-", ""))


def _status_sensor(
    entity: EntityInfo, by_device: dict[str, list[EntityInfo]]
) -> tuple[LoadStatus, EntityInfo] | None:
    for sibling in by_device.get(entity.device_id or "", ()):
        if sibling.domain != "sensor" or not sibling.available:
            continue
        if (status := status_word(sibling.state)) is not None:
            return status, sibling
    return None


def loads_in_snapshot(snapshot: ContextSnapshot) -> list[DeferrableLoad]:
    """Loads the snapshot shows running or waiting, by entity id."""
    by_device: dict[str, list[EntityInfo]] = {}
    for entity in sorted(snapshot.entities.values(), key=lambda item: item.entity_id):
        if entity.device_id is not None:
            by_device.setdefault(entity.device_id, []).append(entity)
    loads = []
    for entity in sorted(snapshot.entities.values(), key=lambda item: item.entity_id):
        if entity.appliance is None or not entity.available:
            continue
        found = _status_sensor(entity, by_device)
        if found is not None:
            status, sensor = found
            since = sensor.last_changed or snapshot.now
        elif is_running(entity.appliance, entity.measured_power_w):
            status, since = LoadStatus.RUNNING, entity.last_changed or snapshot.now
        else:
            continue
        loads.append(DeferrableLoad(entity.entity_id, status, since))
    return loads


def loads_from_plans(
    records: Iterable[PlanRecord], now: datetime
) -> list[DeferrableLoad]:
    """Loads that scheduled plans will start after ``now``."""
    loads = []
    for record in records:
        if record.status is not PlanStatus.SCHEDULED:
            continue
        for step in record.plan.steps:
            if (
                step.kind is not StepKind.ACTION
                or step.energy_kwh <= 0
                or step.not_before is None
                or step.not_before <= now
                or step.estimated_duration_s <= 0
                or not step.entity_ids
            ):
                continue
            hours = step.estimated_duration_s / 3600
            loads.append(
                DeferrableLoad(
                    entity_id=step.entity_ids[0],
                    status=LoadStatus.SCHEDULED,
                    since=record.created,
                    starts_at=step.not_before,
                    duration=timedelta(seconds=step.estimated_duration_s),
                    power_w=step.energy_kwh / hours * 1000,
                    plan_id=record.plan_id,
                )
            )
    return loads


def combine_loads(*sources: Iterable[DeferrableLoad]) -> list[DeferrableLoad]:
    """One load per entity; running beats scheduled beats waiting."""
    best: dict[str, DeferrableLoad] = {}
    for load in (load for source in sources for load in source):
        known = best.get(load.entity_id)
        if known is None or _PRECEDENCE.index(load.status) < _PRECEDENCE.index(
            known.status
        ):
            best[load.entity_id] = load
    return [best[entity_id] for entity_id in sorted(best)]


@dataclass(frozen=True, slots=True)
class Run:
    """How long a load runs and what it draws, as the planner will assume."""

    duration: timedelta
    power_kw: float

    @property
    def energy_kwh(self) -> float:
        """Energy of the whole run."""
        return self.power_kw * self.duration.total_seconds() / 3600


def run_of(load: DeferrableLoad, entity: EntityInfo) -> Run:
    """The load's run: its own figures, else the entity's, else typical ones."""
    minutes, power_kw = appliance_defaults(entity)
    duration = load.duration or timedelta(minutes=minutes)
    watts = load.power_w or entity.power_w
    return Run(duration, watts / 1000 if watts else power_kw)


def startable(entity: EntityInfo) -> bool:
    """Whether a plan can start the load (switch it on, press its start button)."""
    return entity.available and can_do(GoalType.TURN_ON, entity, {})


def interruptible(entity: EntityInfo) -> bool:
    """Whether the load may be paused and resumed (a charger, not a wash)."""
    return entity.appliance in INTERRUPTIBLE_APPLIANCES
