"""A load that has been waiting, and a cheap window ahead or solar surplus now.

Solar first: when more than the load draws has flowed into the grid for the set
time (the grid power history says since when), the plan runs it now. Otherwise the
cheapest run before the horizon (or the load's deadline) is compared with the mean
price over that span; when it saves at least ``min_saving`` the plan runs it at the
cheapest time. Ends when the load stops waiting, the surplus falls under half the
load's draw, or the cheap window has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from ...energy.scheduling import PriceCurve
from ...energy.tariffs import price_at
from ...models import Constraint, ConstraintType, EntityInfo
from ..loads import Run, run_of, startable
from ..observation import DeferrableLoad, LoadStatus, Observation, PowerSample
from ..options import InsightOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, lasted, proposal, whole_minutes
from .pricing import cheapest, deadline, horizon_end, mean_price, run_goal

RULE = "cheap_window"

#: A cheapest start this close to now is "now".
_NOW_SLACK: Final = timedelta(minutes=5)
#: Samples further apart than this are not one stretch of surplus.
_GAP: Final = timedelta(minutes=1)
#: The newest 5-minute mean the recorder has compiled ends up to one period, and the
#: few seconds compiling takes, before now; the reading now stands for the time since.
_LAG: Final = timedelta(minutes=6)
#: The surplus ends for good when the export falls under this share of the draw.
_SURPLUS_HYSTERESIS: Final = 0.5


def surplus_since(
    samples: Sequence[PowerSample],
    grid_now: float | None,
    needed_w: float,
    now: datetime,
) -> datetime | None:
    """Since when at least ``needed_w`` has flowed into the grid without a break.

    ``grid_now`` (negative when exporting) must show the surplus; the history's
    unbroken run of surplus samples up to now (the newest may end a statistics
    period before now) says since when.
    """
    if grid_now is None or -grid_now < needed_w:
        return None
    since = now
    gap = _LAG
    for sample in sorted(samples, key=lambda item: item.start, reverse=True):
        if sample.start >= since:
            continue
        if -sample.watts < needed_w or sample.end < since - gap:
            break
        since = sample.start
        gap = _GAP
    return since


def _solar(
    observation: Observation,
    options: InsightOptions,
    load: DeferrableLoad,
    entity: EntityInfo,
    run: Run,
) -> Suggestion | None:
    snapshot = observation.snapshot
    now = observation.now
    needed_w = run.power_kw * 1000
    since = surplus_since(
        observation.history.grid_power, snapshot.grid_power_w, needed_w, now
    )
    if since is None or snapshot.grid_power_w is None:
        return None
    if not lasted(since, now, options.cheap_window.surplus_minutes):
        return None
    surplus_w = -snapshot.grid_power_w
    hours = run.duration.total_seconds() / 3600
    figures = Figures().add(
        appliance=entity.name,
        source="solar",
        waiting_minutes=whole_minutes(load.since, now),
        surplus_w=surplus_w,
        surplus_minutes=whole_minutes(since, now),
        power_w=needed_w,
        solar_kwh=min(surplus_w, needed_w) / 1000 * hours,
    )
    # Start within a few minutes, whatever the tariff says about later.
    constraints = [deadline(now + run.duration + _NOW_SLACK)]
    return Suggestion(
        rule=RULE,
        subject=entity.entity_id,
        targets=[entity.entity_id],
        task=proposal(
            RULE,
            figures.values,
            [run_goal(entity, run)],
            observation.language,
            constraints,
        ),
        figures=figures.values,
        ends_when=[
            EndCondition(
                EndKind.LOAD_CHANGED,
                entity_ids=(entity.entity_id,),
                status=LoadStatus.WAITING.value,
            ),
            EndCondition(EndKind.SURPLUS_GONE, watts=needed_w * _SURPLUS_HYSTERESIS),
        ],
        since=max(since, load.since),
        expires_at=now + options.delivery.lifetime,
        replaces=load.plan_id,
    )


def _tariff(
    observation: Observation,
    options: InsightOptions,
    load: DeferrableLoad,
    entity: EntityInfo,
    run: Run,
) -> Suggestion | None:
    settings = options.cheap_window
    snapshot = observation.snapshot
    now = observation.now
    tariff = snapshot.tariff
    if tariff is None or not tariff.slots:
        return None
    curve = PriceCurve(tariff.slots)
    until = horizon_end(tariff, load, now, settings.horizon_hours)
    average = mean_price(curve, now, until)
    best = cheapest(tariff, entity, snapshot, run, earliest=now, latest_end=until)
    if average is None or best is None:
        return None
    saving = average * run.energy_kwh - best.cost
    if saving < settings.min_saving:
        return None
    figures = Figures().add(
        appliance=entity.name,
        source="tariff",
        waiting_minutes=whole_minutes(load.since, now),
        price_now=price_at(tariff, now),
        cheap_start=best.start,
        cheap_end=best.end,
        cheap_price=best.average_price,
        average_price=average,
        until=until,
        starts_now=best.start - now <= _NOW_SLACK,
        saving=saving,
        currency=tariff.currency,
    )
    constraints = [Constraint(ConstraintType.MINIMIZE_COST), deadline(until)]
    return Suggestion(
        rule=RULE,
        subject=entity.entity_id,
        targets=[entity.entity_id],
        task=proposal(
            RULE,
            figures.values,
            [run_goal(entity, run)],
            observation.language,
            constraints,
        ),
        figures=figures.values,
        ends_when=[
            EndCondition(
                EndKind.LOAD_CHANGED,
                entity_ids=(entity.entity_id,),
                status=LoadStatus.WAITING.value,
            ),
            EndCondition(EndKind.TIME, at=best.end),
        ],
        since=load.since,
        expires_at=min(best.end, now + options.delivery.lifetime),
        saving=saving,
        currency=tariff.currency,
        replaces=load.plan_id,
    )


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """Suggestions for every load that has waited long enough for a good time."""
    settings = options.cheap_window
    snapshot = observation.snapshot
    now = observation.now
    suggestions = []
    for load in observation.loads:
        if load.status is not LoadStatus.WAITING:
            continue
        entity = snapshot.entities.get(load.entity_id)
        if entity is None or not allowed(entity, options) or not startable(entity):
            continue
        if not lasted(load.since, now, settings.waiting_minutes):
            continue
        run = run_of(load, entity)
        found = _solar(observation, options, load, entity, run) or _tariff(
            observation, options, load, entity, run
        )
        if found is not None:
            suggestions.append(found)
    return suggestions
