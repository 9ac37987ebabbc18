"""A home to follow plans over time in: the demo home, appliances, people, prices.

The clock is frozen at ``START`` (an evening in the home's zone, US/Pacific in tests)
and moved along with :func:`advance`; :func:`restart` stops Home Assistant and starts
a second one on the same storage.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.orchestration.const import DOMAIN, TITLE

from .common import async_setup_demo_home, default_options

#: The evening the tests start on: 20:00 in the home's zone.
START_LOCAL = (2026, 3, 10, 20, 0)
PERSONS = ("person.anna", "person.ben")
#: Cheapest tomorrow 03:00-05:00 local, dear otherwise.
CHEAP_HOURS = (3, 4)
PRICE_ENTITY = "sensor.electricity_price"


def start() -> datetime:
    """The test's start, UTC (the home's zone must be set already)."""
    return datetime(*START_LOCAL, tzinfo=dt_util.get_default_time_zone()).astimezone(
        dt_util.UTC
    )


def local(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time ``day_offset`` days after the start day, UTC."""
    day = datetime(*START_LOCAL[:3], tzinfo=dt_util.get_default_time_zone())
    moment = day + timedelta(days=day_offset)
    return moment.replace(hour=hour, minute=minute).astimezone(dt_util.UTC)


def _prices() -> dict[str, Any]:
    slots = []
    for hour in range(48):
        begin = local(0, 0) + timedelta(hours=hour)
        cheap = hour >= 24 and hour - 24 in CHEAP_HOURS
        slots.append(
            {
                "start": begin.isoformat(),
                "end": (begin + timedelta(hours=1)).isoformat(),
                "value": 0.05 if cheap else 0.30,
            }
        )
    return {
        "raw_today": slots[:24],
        "raw_tomorrow": slots[24:],
        "currency": "EUR",
        "unit_of_measurement": "EUR/kWh",
    }


async def async_setup_timeline_home(
    hass: HomeAssistant, **options: Any
) -> MockConfigEntry:
    """The demo home with appliances, two persons away, prices; the integration on it."""
    await async_setup_demo_home(hass)
    assert await async_setup_component(
        hass,
        "input_boolean",
        {
            "input_boolean": {
                "dishwasher": {"name": "Dishwasher"},
                "washing_machine": {"name": "Washing Machine", "initial": True},
                "do_not_disturb": {"name": "Do not disturb"},
            }
        },
    )
    for entity_id in ("input_boolean.dishwasher", "input_boolean.washing_machine"):
        async_expose_entity(hass, "conversation", entity_id, True)
    for entity_id in PERSONS:
        name = entity_id.partition(".")[2].title()
        hass.states.async_set(entity_id, "not_home", {"friendly_name": name})
    hass.states.async_set(PRICE_ENTITY, "0.30", _prices())
    await hass.async_block_till_done()
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        unique_id=DOMAIN,
        entry_id="timeline",
        options=default_options(price_entity=PRICE_ENTITY, **options),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, by: timedelta
) -> None:
    """Move the clock on by ``by``, firing what falls due, and let it all run."""
    freezer.tick(by)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def let_devices_finish(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: int = 15
) -> None:
    """Give moving devices (covers, locks: a few seconds) time to arrive.

    The loop's clock stands still under the frozen clock: a step waiting for its
    device (with a timeout) ends only as the clock moves on, so the clock is moved
    a second at a time, without waiting for those steps in between.
    """
    for _ in range(seconds):
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        for _ in range(20):
            await asyncio.sleep(0)
    await hass.async_block_till_done(wait_background_tasks=True)


async def arrive(hass: HomeAssistant, person: str = PERSONS[0]) -> None:
    """A person comes home."""
    hass.states.async_set(person, "home", {"friendly_name": "Anna"})
    await hass.async_block_till_done(wait_background_tasks=True)


@asynccontextmanager
async def restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    down_for: timedelta = timedelta(0),
    **options: Any,
) -> AsyncIterator[HomeAssistant]:
    """Stop ``hass``, let ``down_for`` pass, start a second one on the same storage."""
    await hass.async_stop(force=True)
    freezer.tick(down_for)
    async with async_test_home_assistant() as again:
        again.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await again.config.async_set_time_zone(hass.config.time_zone)
        try:
            await async_setup_timeline_home(again, **options)
            await again.async_block_till_done(wait_background_tasks=True)
            yield again
        finally:
            await again.async_stop(force=True)
