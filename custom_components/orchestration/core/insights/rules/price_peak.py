"""A price peak ahead while a deferrable load runs or is about to start: shift it.

A running load is only suggested when it may be paused (a charger, a water heater,
not a wash programme); the plan turns it off and runs the rest at the cheapest time.
A scheduled load is proposed at the cheapest time instead. Fires when the run as it
stands meets prices of at least ``ratio`` times the cheaper run's average and the
shift saves at least ``min_saving``. Ends when the load's status changes or the
peak (for a scheduled load: its start) has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from ...energy.scheduling import PriceCurve
from ...energy.tariffs import price_at
from ...models import (
    Constraint,
    ConstraintType,
    EntityInfo,
    Goal,
    GoalType,
    PriceSlot,
    Targets,
)
from ...planning.actions import can_do
from ..loads import interruptible, run_of, startable
from ..observation import DeferrableLoad, LoadStatus, Observation
from ..options import InsightOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, proposal
from .pricing import cheapest, deadline, horizon_end, run_cost, run_goal

RULE = "price_peak"

#: A shift shorter than this is no shift.
_MIN_SHIFT: Final = timedelta(minutes=15)
#: The peak shown spans the slots within this share of the price gap from the top.
_PEAK_BAND: Final = 0.25


def _start(load: DeferrableLoad, entity: EntityInfo, now: datetime) -> datetime | None:
    """When the load's run starts as things stand, if the rule may move it."""
    if load.status is LoadStatus.RUNNING:
        pausable = interruptible(entity) and can_do(GoalType.TURN_OFF, entity, {})
        return now if pausable else None
    if load.status is LoadStatus.SCHEDULED and load.starts_at is not None:
        return load.starts_at if load.starts_at >= now else None
    return None


def _peak(
    slots: list[PriceSlot], start: datetime, end: datetime, cheap: float
) -> tuple[PriceSlot, datetime, datetime]:
    """The dearest slot a priced run meets, and the span of the peak around it.

    The span holds the adjoining slots priced within a quarter of the gap between
    the cheap price and the dearest.
    """
    met = [
        index
        for index, slot in enumerate(slots)
        if slot.start < end and start < slot.end
    ]
    top = max(met, key=lambda index: (slots[index].price, -index))
    threshold = slots[top].price - (slots[top].price - cheap) * _PEAK_BAND
    first = last = top
    while (
        first > 0
        and slots[first - 1].end == slots[first].start
        and slots[first - 1].price >= threshold
    ):
        first -= 1
    while (
        last + 1 < len(slots)
        and slots[last + 1].start == slots[last].end
        and slots[last + 1].price >= threshold
    ):
        last += 1
    return slots[top], slots[first].start, slots[last].end


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """Suggestions for every load that will run into a price peak."""
    settings = options.price_peak
    snapshot = observation.snapshot
    now = observation.now
    tariff = snapshot.tariff
    if tariff is None or not tariff.slots:
        return []
    curve = PriceCurve(tariff.slots)
    suggestions = []
    for load in observation.loads:
        entity = snapshot.entities.get(load.entity_id)
        if entity is None or not allowed(entity, options) or not startable(entity):
            continue
        start = _start(load, entity, now)
        if start is None:
            continue
        run = run_of(load, entity)
        latest_end = horizon_end(tariff, load, now, settings.horizon_hours)
        as_is = run_cost(curve, start, run)
        best = cheapest(
            tariff, entity, snapshot, run, earliest=now, latest_end=latest_end
        )
        if as_is is None or best is None:
            continue
        saving = as_is - best.cost
        if saving < settings.min_saving or abs(best.start - start) < _MIN_SHIFT:
            continue
        cheap = best.average_price
        peak = _peak(tariff.slots, start, start + run.duration, cheap)
        # Against a free or negative price, any dearer price is a peak.
        if peak[0].price <= cheap or peak[0].price < cheap * settings.ratio:
            continue
        dearest, peak_start, peak_end = peak
        running = load.status is LoadStatus.RUNNING
        figures = Figures().add(
            appliance=entity.name,
            status=load.status.value,
            start=None if running else start,
            price_now=price_at(tariff, now),
            peak_price=dearest.price,
            peak_start=peak_start,
            peak_end=peak_end,
            cheap_start=best.start,
            cheap_end=best.end,
            cheap_price=cheap,
            saving=saving,
            currency=tariff.currency,
        )
        goals = [run_goal(entity, run)]
        if running:
            goals.insert(
                0, Goal(GoalType.TURN_OFF, Targets(entity_ids=[entity.entity_id]))
            )
        constraints = [Constraint(ConstraintType.MINIMIZE_COST), deadline(latest_end)]
        situation_over = peak_end if running else start
        suggestions.append(
            Suggestion(
                rule=RULE,
                subject=entity.entity_id,
                targets=[entity.entity_id],
                task=proposal(
                    RULE, figures.values, goals, observation.language, constraints
                ),
                figures=figures.values,
                ends_when=[
                    EndCondition(
                        EndKind.LOAD_CHANGED,
                        entity_ids=(entity.entity_id,),
                        status=load.status.value,
                    ),
                    EndCondition(EndKind.TIME, at=situation_over),
                ],
                since=load.since,
                expires_at=min(situation_over, now + options.delivery.lifetime),
                saving=saving,
                currency=tariff.currency,
                replaces=load.plan_id,
            )
        )
    return suggestions
