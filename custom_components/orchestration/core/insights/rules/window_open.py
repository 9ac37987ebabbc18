"""A window or door open for a while in an area that is being heated or cooled.

Proposes closing motorised windows, and pausing the area's heating or cooling while
anything else stays open (turning the climate off, or setting it to its lowest heat
or highest cool set point when it cannot be turned off). Ends when everything is
closed again or the climate stops heating or cooling.
"""

from __future__ import annotations

from ...models import EntityInfo, Goal, GoalType, Targets
from ...planning.actions import can_do
from ...planning.steps import as_number
from ..devices import conditioning, is_open, is_opening
from ..observation import Observation
from ..options import InsightOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, lasted, names, observed, proposal, whole_minutes

RULE = "window_open"


def _pause(climate: EntityInfo, mode: str) -> Goal | None:
    """Turn the climate off, or set it to the set point that works least."""
    if can_do(GoalType.TURN_OFF, climate, {}):
        return Goal(GoalType.TURN_OFF, Targets(entity_ids=[climate.entity_id]))
    limit = climate.attributes.get("min_temp" if mode == "heat" else "max_temp")
    temperature = as_number(limit)
    params = {"temperature": temperature}
    if temperature is None or not can_do(GoalType.SET_TEMPERATURE, climate, params):
        return None
    return Goal(
        GoalType.SET_TEMPERATURE, Targets(entity_ids=[climate.entity_id]), params
    )


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """Suggestions for every area aired while heated or cooled."""
    settings = options.window_open
    snapshot = observation.snapshot
    now = observation.now
    open_by_area: dict[str, list[EntityInfo]] = {}
    climates_by_area: dict[str, list[EntityInfo]] = {}
    for entity in sorted(snapshot.entities.values(), key=lambda e: e.entity_id):
        if entity.area_id is None:
            continue
        if (
            is_opening(entity)
            and observed(entity, options)
            and is_open(entity)
            and lasted(entity.last_changed, now, settings.minutes)
        ):
            open_by_area.setdefault(entity.area_id, []).append(entity)
        elif entity.domain == "climate" and allowed(entity, options):
            climates_by_area.setdefault(entity.area_id, []).append(entity)
    suggestions = []
    for area_id, openings in sorted(open_by_area.items()):
        working = [
            (climate, state)
            for climate in climates_by_area.get(area_id, [])
            if (state := conditioning(climate, snapshot)) is not None
        ]
        if not working:
            continue
        mode = working[0][1].mode
        closable = [
            opening
            for opening in openings
            if opening.domain == "cover"
            and allowed(opening, options)
            and can_do(GoalType.CLOSE, opening, {})
        ]
        goals = []
        if closable:
            goals.append(
                Goal(
                    GoalType.CLOSE,
                    Targets(entity_ids=[item.entity_id for item in closable]),
                )
            )
        paused: list[EntityInfo] = []
        if len(closable) < len(openings):
            for climate, state in working:
                if (goal := _pause(climate, state.mode)) is not None:
                    goals.append(goal)
                    paused.append(climate)
        if not goals:
            continue
        since = min(item.last_changed for item in openings if item.last_changed)
        first = working[0][1]
        area = snapshot.areas.get(area_id)
        figures = Figures().add(
            area=area.name if area else area_id,
            openings=names(openings),
            open_minutes=whole_minutes(since, now),
            mode=mode,
            set_point=first.set_point,
            current=first.current,
            outdoor=snapshot.environment.outdoor_temperature,
            unit=snapshot.temperature_unit,
            climates=names(climate for climate, _ in working),
            closes=names(closable) or None,
            pauses=names(paused) or None,
        )
        climate_ids = tuple(climate.entity_id for climate, _ in working)
        opening_ids = tuple(item.entity_id for item in openings)
        suggestions.append(
            Suggestion(
                rule=RULE,
                subject=area_id,
                targets=[*opening_ids, *climate_ids],
                task=proposal(RULE, figures.values, goals, observation.language),
                figures=figures.values,
                ends_when=[
                    EndCondition(EndKind.CLOSED, entity_ids=opening_ids),
                    EndCondition(EndKind.CLIMATE_IDLE, entity_ids=climate_ids),
                ],
                since=since,
                expires_at=now + options.delivery.lifetime,
            )
        )
    return suggestions
