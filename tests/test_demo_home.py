"""The demo home of scripts/develop: its registry data loads in this Home Assistant.

The files in scripts/demo/storage are written at old minor versions so that each
release migrates them itself; loading them here with the registries' own code, on
every release the suite runs against, shows the migration still takes them. (The
test harness's own registries never read storage, so each test loads fresh ones.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import ExposedEntities
from homeassistant.config_entries import ConfigEntries
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)
import pytest

from custom_components.orchestration.const import DOMAIN

DEMO_STORAGE = Path(__file__).parent.parent / "scripts" / "demo" / "storage"


@pytest.fixture
def hass_storage(hass_storage: dict[str, Any]) -> dict[str, Any]:
    """Home Assistant's storage, holding the demo home's registries before start."""
    for path in DEMO_STORAGE.iterdir():
        hass_storage[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return hass_storage


async def test_floors_and_areas(hass: HomeAssistant) -> None:
    """Two floors; kitchen, living room, hallway, garage, bedroom and office on them."""
    floors = fr.FloorRegistry(hass)
    await floors.async_load()
    areas_registry = ar.AreaRegistry(hass)
    await areas_registry.async_load()
    assert {floor.floor_id: floor.level for floor in floors.async_list_floors()} == {
        "ground_floor": 0,
        "first_floor": 1,
    }
    areas = {area.id: area for area in areas_registry.async_list_areas()}
    assert {area_id: area.floor_id for area_id, area in areas.items()} == {
        "kitchen": "ground_floor",
        "living_room": "ground_floor",
        "hallway": "ground_floor",
        "garage": "ground_floor",
        "bedroom": "first_floor",
        "office": "first_floor",
    }
    assert areas["living_room"].name == "Living room"
    # The German names a household would give, for the README's German examples.
    assert {area_id: area.aliases for area_id, area in areas.items()} == {
        "kitchen": {"Küche"},
        "living_room": {"Wohnzimmer"},
        "hallway": {"Flur"},
        "garage": set(),
        "bedroom": {"Schlafzimmer"},
        "office": {"Büro"},
    }
    assert areas["kitchen"].labels == set()


async def test_entities_are_in_their_areas(hass: HomeAssistant) -> None:
    """Demo and template entities keep the entity ids and areas of the demo home."""
    entities = er.EntityRegistry(hass)
    await entities.async_load()
    expected = {
        "light.kitchen_lights": ("demo", "kitchen"),
        "light.bed_light": ("demo", "bedroom"),
        "climate.hvac": ("demo", "living_room"),
        "cover.garage_door": ("demo", "garage"),
        "light.entrance_color_white_lights": ("demo", "hallway"),
        "sensor.kitchen_temperature": ("template", "kitchen"),
        "binary_sensor.bedroom_occupancy": ("template", "bedroom"),
        "sensor.electricity_price": ("template", None),
    }
    for entity_id, (platform, area_id) in expected.items():
        entry = entities.async_get(entity_id)
        assert entry is not None, entity_id
        assert (entry.platform, entry.area_id) == (platform, area_id), entity_id


async def test_appliances_share_a_device_with_their_power_sensor(
    hass: HomeAssistant,
) -> None:
    """Each appliance switch and its power sensor are one device, placed in an area."""
    entities = er.EntityRegistry(hass)
    await entities.async_load()
    devices = dr.DeviceRegistry(hass)
    await devices.async_load()
    for switch, sensor, area_id in (
        ("switch.dishwasher", "sensor.dishwasher_power", "kitchen"),
        ("switch.washing_machine", "sensor.washing_machine_power", "garage"),
    ):
        switch_entry = entities.async_get(switch)
        sensor_entry = entities.async_get(sensor)
        assert switch_entry is not None
        assert sensor_entry is not None
        assert switch_entry.device_id is not None
        assert switch_entry.device_id == sensor_entry.device_id
        device = devices.async_get(switch_entry.device_id)
        assert device is not None
        assert device.area_id == area_id
        assert device.config_entries == {
            switch_entry.config_entry_id,
            sensor_entry.config_entry_id,
        }


async def test_config_entries(hass: HomeAssistant) -> None:
    """Demo, the four appliance templates and Orchestration are set up already."""
    config_entries = ConfigEntries(hass, {})
    await config_entries.async_initialize()
    domains = sorted(entry.domain for entry in config_entries.async_entries())
    assert domains == ["demo", DOMAIN, "template", "template", "template", "template"]
    (entry,) = config_entries.async_entries(DOMAIN)
    assert entry.unique_id == DOMAIN
    assert entry.options["price_entity"] == "sensor.electricity_price"
    assert entry.options["quiet_hours_schedule"] == "schedule.quiet_hours"
    templates = {
        entry.options["name"]: entry.options["template_type"]
        for entry in config_entries.async_entries("template")
    }
    assert templates == {
        "Dishwasher": "switch",
        "Dishwasher power": "sensor",
        "Washing machine": "switch",
        "Washing machine power": "sensor",
    }


async def test_the_front_door_is_exposed_to_assist(hass: HomeAssistant) -> None:
    """The README's lock examples work: the front door lock is exposed.

    Home Assistant exposes no lock by default. The demo's locks have no unique id, so
    their setting is kept by entity id, and they can have no alias: the front door is
    the only lock exposed, so "die Haustür" names it and no other.
    """
    exposed = ExposedEntities(hass)
    await exposed.async_initialize()
    assert {
        entity_id: exposed.async_should_expose("conversation", entity_id)
        for entity_id in (
            "lock.front_door",
            "lock.kitchen_door",
            "lock.openable_lock",
            "lock.poorly_installed_door",
        )
    } == {
        "lock.front_door": True,
        "lock.kitchen_door": False,
        "lock.openable_lock": False,
        "lock.poorly_installed_door": False,
    }
