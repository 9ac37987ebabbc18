"""Price figures the load rules share, computed as the planner will plan the run.

The cheapest start comes from the planner's own exact search
(:func:`..energy.scheduling.cheapest_start`), with quiet hours forbidden for noisy
appliances as the planner forbids them, so the saving a suggestion promises is the
saving of the plan it proposes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ...energy.scheduling import PriceCurve, ScheduleResult, cheapest_start
from ...models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    Goal,
    GoalType,
    Targets,
    Tariff,
    TimeWindow,
)
from ...planning.devices import is_noisy
from ..loads import Run
from ..observation import DeferrableLoad


def covered(curve: PriceCurve, start: datetime, end: datetime) -> bool:
    """Whether every moment from ``start`` to ``end`` has a price."""
    return any(
        low <= start.timestamp() and end.timestamp() <= high
        for low, high in curve.covered()
    )


def run_cost(curve: PriceCurve, start: datetime, run: Run) -> float | None:
    """What the run costs started at ``start`` (None when not all of it is priced)."""
    end = start + run.duration
    if not covered(curve, start, end):
        return None
    return curve.energy_cost(start.timestamp(), end.timestamp(), run.power_kw)


def mean_price(curve: PriceCurve, start: datetime, end: datetime) -> float | None:
    """The time-weighted mean price from ``start`` to ``end`` (None when unpriced)."""
    hours = (end - start).total_seconds() / 3600
    if hours <= 0 or not covered(curve, start, end):
        return None
    return curve.energy_cost(start.timestamp(), end.timestamp(), 1.0) / hours


def horizon_end(
    tariff: Tariff, load: DeferrableLoad, now: datetime, hours: int
) -> datetime:
    """The latest a run may end: the horizon, the last price, the load's deadline."""
    ends = [now + timedelta(hours=hours), max(slot.end for slot in tariff.slots)]
    if load.deadline is not None:
        ends.append(load.deadline)
    return min(ends)


def forbidden_for(entity: EntityInfo, snapshot: ContextSnapshot) -> list[TimeWindow]:
    """Times the planner will not run this appliance: quiet hours, if it is noisy."""
    return list(snapshot.quiet_hours.windows) if is_noisy(entity) else []


def cheapest(
    tariff: Tariff,
    entity: EntityInfo,
    snapshot: ContextSnapshot,
    run: Run,
    *,
    earliest: datetime,
    latest_end: datetime,
) -> ScheduleResult | None:
    """The cheapest allowed run between ``earliest`` and ``latest_end``."""
    return cheapest_start(
        tariff.slots,
        duration=run.duration,
        power_kw=run.power_kw,
        earliest=earliest,
        latest_end=latest_end,
        forbidden=forbidden_for(entity, snapshot),
    )


def run_goal(entity: EntityInfo, run: Run) -> Goal:
    """A run_appliance goal carrying the run the figures assume."""
    return Goal(
        GoalType.RUN_APPLIANCE,
        Targets(entity_ids=[entity.entity_id]),
        {
            "duration_min": round(run.duration.total_seconds() / 60, 3),
            "energy_kwh": round(run.energy_kwh, 6),
        },
    )


def deadline(before: datetime) -> Constraint:
    """A deadline constraint in the ISO form the planner reads."""
    return Constraint(ConstraintType.DEADLINE, {"before": before.isoformat()})
