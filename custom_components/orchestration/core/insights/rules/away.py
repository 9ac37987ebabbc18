"""Devices left on after everyone left: lights, media and fans anywhere in the home.

Fires once everyone has been away for the set time (every person's last change is
known); devices switched on since everyone left are left alone (someone switched
them on on purpose, e.g. a lamp on a timer). Ends when someone comes home or
everything is off.
"""

from __future__ import annotations

from ..devices import switch_off_goals, wasting
from ..observation import Observation
from ..options import InsightOptions
from ..suggestion import EndCondition, EndKind, Figures, Suggestion
from .common import allowed, hourly_cost, lasted, names, proposal, whole_minutes
from .idle_area import away_since

RULE = "away"
SUBJECT = "home"


def evaluate(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """One suggestion for the whole home, or none."""
    settings = options.away
    snapshot = observation.snapshot
    now = observation.now
    since = away_since(snapshot)
    if since is None or not lasted(since, now, settings.minutes):
        return []
    devices = [
        entity
        for entity in wasting(
            entity for entity in snapshot.entities.values() if allowed(entity, options)
        )
        if entity.last_changed is not None and entity.last_changed <= since
    ]
    if not devices:
        return []
    watts = sum(device.power_w or 0.0 for device in devices)
    cost, currency = hourly_cost(snapshot, now, watts)
    figures = Figures().add(
        away_minutes=whole_minutes(since, now),
        devices=names(devices),
        power_w=watts,
        cost_per_hour=cost,
        currency=currency,
    )
    device_ids = tuple(device.entity_id for device in devices)
    return [
        Suggestion(
            rule=RULE,
            subject=SUBJECT,
            targets=list(device_ids),
            task=proposal(
                RULE, figures.values, switch_off_goals(devices), observation.language
            ),
            figures=figures.values,
            ends_when=[
                EndCondition(EndKind.SOMEONE_HOME),
                EndCondition(EndKind.SWITCHED_OFF, entity_ids=device_ids),
            ],
            since=since,
            expires_at=now + options.delivery.lifetime,
            saving=cost,
            currency=currency,
        )
    ]
