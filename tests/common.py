"""A demo home for tests: Home Assistant's demo entities placed in areas and floors."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    entity_registry as er,
    floor_registry as fr,
)
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.orchestration.const import DOMAIN, TITLE
from custom_components.orchestration.options import DEFAULT_OPTIONS

DEMO_PLATFORMS = [
    Platform.CLIMATE,
    Platform.COVER,
    Platform.LIGHT,
    Platform.LOCK,
    Platform.MEDIA_PLAYER,
    Platform.SWITCH,
]

# floor -> areas -> entities
HOME: dict[str, dict[str, list[str]]] = {
    "ground_floor": {
        "kitchen": [
            "light.kitchen_lights",
            "cover.kitchen_window",
            "lock.kitchen_door",
            "media_player.kitchen",
        ],
        "living_room": [
            "light.living_room_rgbww_lights",
            "light.ceiling_lights",
            "cover.living_room_window",
            "media_player.living_room",
            "climate.hvac",
        ],
        "hallway": [
            "light.entrance_color_white_lights",
            "lock.front_door",
            "cover.hall_window",
        ],
        "garage": ["cover.garage_door", "switch.ac"],
    },
    "first_floor": {
        "bedroom": ["light.bed_light", "media_player.bedroom", "climate.ecobee"],
        "office": ["light.office_rgbw_lights", "climate.heatpump"],
    },
}

AREA_NAMES = {
    "kitchen": "Kitchen",
    "living_room": "Living Room",
    "hallway": "Hallway",
    "garage": "Garage",
    "bedroom": "Bedroom",
    "office": "Office",
}


async def async_setup_demo_home(hass: HomeAssistant) -> None:
    """Set up demo lights, covers, locks, climate, media players and switches in areas."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        DEMO_PLATFORMS,
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()
    floors = fr.async_get(hass)
    areas = ar.async_get(hass)
    entities = er.async_get(hass)
    for level, (floor_id, floor_areas) in enumerate(HOME.items()):
        floor = floors.async_get_floor(floor_id) or floors.async_create(
            floor_id.replace("_", " ").title(), level=level
        )
        for area_id, entity_ids in floor_areas.items():
            area = areas.async_get_area_by_name(AREA_NAMES[area_id])
            if area is None:
                area = areas.async_create(AREA_NAMES[area_id])
            areas.async_update(area.id, floor_id=floor.floor_id)
            for entity_id in entity_ids:
                assert hass.states.get(entity_id) is not None, entity_id
                # Demo locks have no unique id, so no registry entry and no area.
                if entities.async_get(entity_id) is not None:
                    entities.async_update_entity(entity_id, area_id=area.id)
    # Like Assist, Orchestration only understands exposed entities; Home Assistant does
    # not expose locks by default.
    for entity_id in hass.states.async_entity_ids("lock"):
        async_expose_entity(hass, "conversation", entity_id, True)
    await hass.async_block_till_done()


def default_options(**overrides: Any) -> dict[str, Any]:
    """Options of a freshly configured entry."""
    return {**DEFAULT_OPTIONS, **overrides}


async def async_setup_orchestration(
    hass: HomeAssistant, **options: Any
) -> MockConfigEntry:
    """Add and set up the integration's config entry."""
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, unique_id=DOMAIN, options=default_options(**options)
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
