"""A home for scenarios over time: the demo home with appliances and day-ahead prices.

Each appliance is a template switch with a power sensor on one device, as a smart
plug or a wallbox integration would give them: switched on, the sensor reads its
draw. Prices are a HACS-nordpool-shaped sensor whose lists the test rewrites
(published, revised) while the clock is moved along.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

PRICE_ENTITY = "sensor.electricity_price"
ZONE = ZoneInfo("Europe/Berlin")
#: A Monday evening in the home's time zone; scenarios start here.
EVENING = datetime(2026, 1, 12, 20, 0, tzinfo=ZONE)

#: Hourly prices of today and tomorrow (EUR/kWh), cheapest 03:00-05:00 tomorrow.
TODAY = [0.30] * 17 + [0.38, 0.40, 0.36, 0.32, 0.30, 0.28, 0.26]
TOMORROW = [0.22, 0.20, 0.18, 0.12, 0.11, 0.16, 0.24, 0.30] + [0.32] * 16


async def async_setup_appliances(
    hass: HomeAssistant, appliances: dict[str, tuple[str, float, str | None]]
) -> dict[str, str]:
    """Add ``{key: (name, watts, area_id)}`` appliances; return power sensor ids.

    ``switch.<key>`` switches ``input_boolean.<key>_on``; ``sensor.<key>_power``
    reads the watts while it is on, 1 W on standby.
    """
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {f"{key}_on": {} for key in appliances}},
    )
    switches = [
        {
            "name": name,
            "unique_id": f"{key}_switch",
            "state": f"{{{{ is_state('input_boolean.{key}_on', 'on') }}}}",
            "turn_on": {
                "action": "input_boolean.turn_on",
                "target": {"entity_id": f"input_boolean.{key}_on"},
            },
            "turn_off": {
                "action": "input_boolean.turn_off",
                "target": {"entity_id": f"input_boolean.{key}_on"},
            },
        }
        for key, (name, _, _) in appliances.items()
    ]
    sensors = [
        {
            "name": f"{name} power",
            "unique_id": f"{key}_power",
            "device_class": "power",
            "unit_of_measurement": "W",
            "state": (
                f"{{{{ {watts:g} if is_state('input_boolean.{key}_on', 'on') "
                "else 1 }}"
            ),
        }
        for key, (name, watts, _) in appliances.items()
    ]
    assert await async_setup_component(
        hass, "template", {"template": [{"switch": switches, "sensor": sensors}]}
    )
    await hass.async_block_till_done()
    devices = dr.async_get(hass)
    entities = er.async_get(hass)
    owner = MockConfigEntry(domain="template")
    owner.add_to_hass(hass)
    power_ids: dict[str, str] = {}
    for key, (name, _, area_id) in appliances.items():
        device = devices.async_get_or_create(
            config_entry_id=owner.entry_id, identifiers={("test", key)}, name=name
        )
        switch_id = entities.async_get_entity_id("switch", "template", f"{key}_switch")
        power_id = entities.async_get_entity_id("sensor", "template", f"{key}_power")
        assert switch_id is not None
        assert power_id is not None
        entities.async_update_entity(switch_id, device_id=device.id, area_id=area_id)
        entities.async_update_entity(power_id, device_id=device.id)
        power_ids[key] = power_id
    await hass.async_block_till_done()
    return power_ids


def price_rows(day: datetime, prices: list[float]) -> list[dict[str, Any]]:
    """One day's hourly rows as the HACS nordpool sensor lists them."""
    start = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        {
            "start": (start + timedelta(hours=hour)).isoformat(),
            "end": (start + timedelta(hours=hour + 1)).isoformat(),
            "value": price,
        }
        for hour, price in enumerate(prices)
    ]


def set_prices(
    hass: HomeAssistant,
    today: list[float],
    tomorrow: list[float] | None,
    *,
    day: datetime = EVENING,
    now: datetime | None = None,
) -> None:
    """Publish today's (and tomorrow's, when known) prices on the price sensor."""
    moment = (now or day).astimezone(ZONE)
    current = today[moment.hour] if moment.date() == day.date() else 0.3
    hass.states.async_set(
        PRICE_ENTITY,
        str(current),
        {
            "unit_of_measurement": "EUR/kWh",
            "currency": "EUR",
            "raw_today": price_rows(day, today),
            "raw_tomorrow": []
            if tomorrow is None
            else price_rows(day + timedelta(days=1), tomorrow),
            "tomorrow_valid": tomorrow is not None,
        },
    )
