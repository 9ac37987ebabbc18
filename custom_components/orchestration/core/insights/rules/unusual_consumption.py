"""Consumption far above the home's own history at the same time of day.

For each energy statistic the last ``window_hours`` complete hours are compared with
the same hours of each of the previous ``baseline_days`` days (only complete days
count; at least ``min_days`` are needed). It fires when the recent energy exceeds
every one of those days, is ``ratio`` times their median and at least
``min_excess_kwh`` more. Days are 24 hours apart, so around a daylight-saving change
the compared hours are off by one for a day.

The plan switches off lights, media and fans of the same device that are on; with
none, it reports the device's state (nothing else is safe to switch off blindly: a
freezer using too much must not be turned off). Ends when the compared window has
slid past or the devices are off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
import statistics

from ...energy.tariffs import price_at
from ...models import EntityInfo, Goal, GoalType, Targets
from ..devices import switch_off_goals, wasting
from ..observation import HourlyEnergy, Observation
from ..options import InsightOptions, UnusualConsumptionOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, proposal

RULE = "unusual_consumption"

_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)


def _sum(
    by_start: Mapping[datetime, float], start: datetime, hours: int
) -> float | None:
    """Energy of ``hours`` whole hours from ``start``; None when one is missing."""
    total = 0.0
    for offset in range(hours):
        kwh = by_start.get(start + offset * _HOUR)
        if kwh is None:
            return None
        total += kwh
    return total


def compare(
    hours: Sequence[HourlyEnergy], now: datetime, settings: UnusualConsumptionOptions
) -> tuple[float, list[float], datetime, datetime] | None:
    """The recent energy, the same window on earlier days, and the window's span."""
    by_start = {hour.start.astimezone(UTC): hour.kwh for hour in hours}
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    start = end - settings.window_hours * _HOUR
    recent = _sum(by_start, start, settings.window_hours)
    if recent is None:
        return None
    baseline = [
        total
        for day in range(1, settings.baseline_days + 1)
        if (total := _sum(by_start, start - day * _DAY, settings.window_hours))
        is not None
    ]
    return recent, baseline, start, end


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """Suggestions for every statistic far above its own usual."""
    settings = options.unusual_consumption
    snapshot = observation.snapshot
    now = observation.now
    suggestions = []
    for statistic_id, hours in sorted(observation.history.energy.items()):
        meter = snapshot.entities.get(statistic_id)
        # The plan may report the meter's state: it must be fit to be named.
        if meter is None or not allowed(meter, options):
            continue
        compared = compare(hours, now, settings)
        if compared is None:
            continue
        recent, baseline, start, end = compared
        if len(baseline) < settings.min_days:
            continue
        usual = statistics.median(baseline)
        highest = max(baseline)
        if (
            recent <= highest
            or recent - usual < settings.min_excess_kwh
            or recent < settings.ratio * usual
        ):
            continue
        siblings: list[EntityInfo] = []
        if meter.device_id is not None:
            siblings = wasting(
                entity
                for entity in snapshot.entities.values()
                if entity.device_id == meter.device_id
                and entity.appliance is None
                and allowed(entity, options)
            )
        goals = switch_off_goals(siblings) or [
            Goal(GoalType.QUERY_STATE, Targets(entity_ids=[statistic_id]))
        ]
        price = price_at(snapshot.tariff, now)
        currency = snapshot.tariff.currency if snapshot.tariff else None
        extra = None if price is None else (recent - usual) * price
        figures = Figures().add(
            name=meter.name,
            kwh=recent,
            usual_kwh=usual,
            highest_kwh=highest,
            ratio=recent / usual if usual > 0 else None,
            days=len(baseline),
            start=start,
            end=end,
            extra_cost=extra,
            currency=currency if extra is not None else None,
        )
        window_passed = end + settings.window_hours * _HOUR
        ends_when = [EndCondition(EndKind.TIME, at=window_passed)]
        if siblings:
            ends_when.append(
                EndCondition(
                    EndKind.SWITCHED_OFF,
                    entity_ids=tuple(entity.entity_id for entity in siblings),
                )
            )
        suggestions.append(
            Suggestion(
                rule=RULE,
                subject=statistic_id,
                targets=[statistic_id, *(entity.entity_id for entity in siblings)],
                task=proposal(RULE, figures.values, goals, observation.language),
                figures=figures.values,
                ends_when=ends_when,
                since=start,
                expires_at=min(window_passed, now + options.delivery.lifetime),
                saving=extra,
                currency=currency if extra is not None else None,
            )
        )
    return suggestions
