"""Diagnostics for the config entry, with personal data redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_NOTIFY_TARGETS, CONF_TRUST_OVERRIDES
from .runtime import OrchestrationConfigEntry

# User ids and who granted or approved what identify people; notify targets name
# their phones; intents may name people or places in their own words; reports hold
# what plans read from the home (a restricted value among them): diagnostics end up
# in bug reports.
TO_REDACT = {
    "user_id",
    "granted_by",
    "approved_by",
    "by",
    "report",
    "intent",
    CONF_NOTIFY_TARGETS,
    CONF_TRUST_OVERRIDES,
    "persons",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> dict[str, Any]:
    """Return what helps debugging: options, plans, consents, metrics, home size.

    The options are those in use: what the entry stores, defaults for the rest.
    """
    engine = entry.runtime_data.engine
    snapshot = entry.runtime_data.context.async_snapshot()
    return async_redact_data(
        {
            "options": entry.runtime_data.options.as_stored(),
            "metrics": engine.metrics.as_dict(),
            "plans": [record.as_dict() for record in engine.list_plans()],
            "consents": [consent.as_dict() for consent in engine.consents()],
            "snapshot": {
                "floors": len(snapshot.floors),
                "areas": len(snapshot.areas),
                "entities": len(snapshot.entities),
                "tariff": None if snapshot.tariff is None else snapshot.tariff.source,
                "price_slots": 0
                if snapshot.tariff is None
                else len(snapshot.tariff.slots),
                "quiet_hours_active": snapshot.quiet_hours.active,
                "persons": [person.as_dict() for person in snapshot.occupancy.persons],
            },
        },
        TO_REDACT,
    )
