"""Lights or media on in an area nobody has been in for a while, or nobody home.

An area counts as empty when its occupancy sensors have shown nobody for the set
time; with nobody home, every area counts once everyone has been gone that long.
Devices switched on after the area emptied are left alone (someone switched them on
on purpose, e.g. remotely or on a timer).
Ends when someone is in the area (or home again) or everything is off.
"""

from __future__ import annotations

from datetime import datetime

from ...models import ContextSnapshot, EntityInfo
from ..devices import switch_off_goals, wasting
from ..observation import Observation
from ..options import InsightOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, hourly_cost, lasted, names, proposal, whole_minutes

RULE = "idle_area"

_MEDIA_AND_LIGHTS = frozenset({"light", "media_player"})


def away_since(snapshot: ContextSnapshot) -> datetime | None:
    """When the last person left, when nobody is home and every person says when."""
    persons = snapshot.occupancy.persons
    if snapshot.occupancy.anyone_home or not persons:
        return None
    moments = [person.last_changed for person in persons]
    if any(moment is None for moment in moments):
        return None
    return max(moment for moment in moments if moment is not None)


def _empty_since(
    snapshot: ContextSnapshot, area_id: str, away: datetime | None
) -> datetime | None:
    """Since when nobody has been in the area (None when someone is or unknown)."""
    if away is not None:
        return away
    area = snapshot.occupancy.areas.get(area_id)
    if area is None or area.occupied:
        return None
    return area.last_changed


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """Suggestions for every empty area with lights or media left on."""
    settings = options.idle_area
    snapshot = observation.snapshot
    now = observation.now
    away = away_since(snapshot)
    by_area: dict[str, list[EntityInfo]] = {}
    for entity in snapshot.entities.values():
        if entity.area_id is not None and allowed(entity, options):
            by_area.setdefault(entity.area_id, []).append(entity)
    suggestions = []
    for area_id, entities in sorted(by_area.items()):
        since = _empty_since(snapshot, area_id, away)
        if since is None or not lasted(since, now, settings.minutes):
            continue
        devices = [
            entity
            for entity in wasting(entities, domains=_MEDIA_AND_LIGHTS)
            if entity.last_changed is not None and entity.last_changed <= since
        ]
        if not devices:
            continue
        watts = sum(device.power_w or 0.0 for device in devices)
        cost, currency = hourly_cost(snapshot, now, watts)
        area = snapshot.areas.get(area_id)
        figures = Figures().add(
            area=area.name if area else area_id,
            devices=names(devices),
            idle_minutes=whole_minutes(since, now),
            nobody_home=away is not None,
            power_w=watts,
            cost_per_hour=cost,
            currency=currency,
        )
        device_ids = tuple(device.entity_id for device in devices)
        ends_when = [EndCondition(EndKind.SWITCHED_OFF, entity_ids=device_ids)]
        # With nobody home, motion in a room is the cat: only a return counts.
        if away is not None:
            ends_when.append(EndCondition(EndKind.SOMEONE_HOME))
        elif area_id in snapshot.occupancy.areas:
            ends_when.append(EndCondition(EndKind.AREA_OCCUPIED, area_id=area_id))
        suggestions.append(
            Suggestion(
                rule=RULE,
                subject=area_id,
                targets=list(device_ids),
                task=proposal(
                    RULE,
                    figures.values,
                    switch_off_goals(devices),
                    observation.language,
                ),
                figures=figures.values,
                ends_when=ends_when,
                since=since,
                expires_at=now + options.delivery.lifetime,
                saving=cost,
                currency=currency,
            )
        )
    return suggestions
