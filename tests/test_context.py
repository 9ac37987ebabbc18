"""Tests of the context puller against a real Home Assistant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, Mock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    issue_registry as ir,
    label_registry as lr,
)
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.orchestration.const import (
    CONF_PRICE_ENTITY,
    CONF_QUIET_HOURS_END,
    CONF_QUIET_HOURS_OVERRIDES,
    CONF_QUIET_HOURS_SCHEDULE,
    CONF_QUIET_HOURS_START,
    DOMAIN,
)
from custom_components.orchestration.context import ContextPuller
from custom_components.orchestration.core.models import Targets, TimeWindow
from custom_components.orchestration.options import Options

TARIFFS = Path(__file__).parent / "fixtures" / "tariffs"


@pytest.fixture
async def home(hass: HomeAssistant) -> HomeAssistant:
    """A small home: two floors, a kitchen with a light and a cover, a climate."""
    floor_registry = fr.async_get(hass)
    ground = floor_registry.async_create("Ground floor", level=0)
    upstairs = floor_registry.async_create("First floor", level=1, aliases={"up"})
    area_registry = ar.async_get(hass)
    kitchen = area_registry.async_create("Kitchen", floor_id=ground.floor_id)
    area_registry.async_create("Bedroom", floor_id=upstairs.floor_id)
    MockConfigEntry(domain="demo").add_to_hass(hass)
    entity_registry = er.async_get(hass)
    for domain, unique_id in (
        ("light", "kitchen_lights"),
        ("cover", "kitchen_window"),
        ("climate", "hvac"),
    ):
        entry = entity_registry.async_get_or_create(
            domain, "demo", unique_id, suggested_object_id=unique_id
        )
        if unique_id.startswith("kitchen"):
            entity_registry.async_update_entity(entry.entity_id, area_id=kitchen.id)
    hass.states.async_set(
        "light.kitchen_lights",
        "on",
        {
            "friendly_name": "Kitchen Lights",
            "supported_color_modes": {"color_temp", "hs"},
            "min_color_temp_kelvin": 2000,
            "max_color_temp_kelvin": 6500,
            "brightness": 180,
            "supported_features": 4,
            "icon": "mdi:lightbulb",
        },
    )
    hass.states.async_set(
        "cover.kitchen_window",
        "open",
        {"current_position": 70, "device_class": "window", "supported_features": 15},
    )
    hass.states.async_set(
        "climate.hvac",
        "cool",
        {"hvac_modes": ["off", "heat", "cool"], "min_temp": 7, "max_temp": 35},
    )
    await hass.async_block_till_done()
    return hass


async def test_snapshot_reads_the_device_graph(home: HomeAssistant) -> None:
    """Floors, areas and entities come from the registries, names from the states."""
    puller = ContextPuller(home, Options())
    snapshot = puller.async_snapshot()

    assert set(snapshot.floors) == {"ground_floor", "first_floor"}
    assert snapshot.floors["first_floor"].level == 1
    assert snapshot.floors["first_floor"].aliases == ["up"]
    kitchen = snapshot.areas["kitchen"]
    assert kitchen.name == "Kitchen"
    assert kitchen.floor_id == "ground_floor"

    light = snapshot.entities["light.kitchen_lights"]
    assert light.name == "Kitchen Lights"
    assert light.area_id == "kitchen"
    assert light.platform == "demo"
    assert light.available
    assert light.state == "on"
    assert light.supported_features == 4
    assert light.attributes == {
        "supported_color_modes": ["color_temp", "hs"],
        "min_color_temp_kelvin": 2000,
        "max_color_temp_kelvin": 6500,
        "brightness": 180,
    }
    assert light.power_w == 10.0
    assert snapshot.floor_of(light) == "ground_floor"

    cover = snapshot.entities["cover.kitchen_window"]
    assert cover.device_class == "window"
    assert cover.attributes == {"current_position": 70}
    climate = snapshot.entities["climate.hvac"]
    assert climate.attributes["hvac_modes"] == ["off", "heat", "cool"]
    assert climate.area_id is None

    kitchen_lights = snapshot.select(Targets(area_ids=["kitchen"], domains=["light"]))
    assert [entity.entity_id for entity in kitchen_lights] == ["light.kitchen_lights"]
    assert snapshot.time_zone == home.config.time_zone
    assert snapshot.power_limit_w == 17250.0


async def test_area_of_entity_falls_back_to_its_device(hass: HomeAssistant) -> None:
    """An entity without its own area is in its device's area; its own area wins."""
    entry = MockConfigEntry(domain="demo")
    entry.add_to_hass(hass)
    area_registry = ar.async_get(hass)
    garage = area_registry.async_create("Garage")
    office = area_registry.async_create("Office", aliases={"study"})
    device_registry = dr.async_get(hass)
    labels = lr.async_get(hass)
    energy_label = labels.async_create("Energy")
    device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={("demo", "charger")},
        name="Car charger",
    )
    device_registry.async_update_device(
        device.id, area_id=garage.id, labels={energy_label.label_id}
    )
    entity_registry = er.async_get(hass)
    switch = entity_registry.async_get_or_create(
        "switch", "demo", "charger", device_id=device.id, has_entity_name=True
    )
    entity_registry.async_update_entity(switch.entity_id, aliases={"wallbox"})
    sensor = entity_registry.async_get_or_create(
        "sensor",
        "demo",
        "charger_power",
        device_id=device.id,
        original_device_class="power",
        unit_of_measurement="kW",
    )
    moved = entity_registry.async_get_or_create(
        "sensor", "demo", "charger_temp", device_id=device.id
    )
    entity_registry.async_update_entity(moved.entity_id, area_id=office.id)
    hass.states.async_set(switch.entity_id, "on", {"friendly_name": "Car charger"})
    hass.states.async_set(
        sensor.entity_id, "2.5", {"unit_of_measurement": "kW", "device_class": "power"}
    )
    hass.states.async_set(moved.entity_id, "21")

    snapshot = ContextPuller(hass, Options(power_limit_w=11000)).async_snapshot()

    info = snapshot.entities[switch.entity_id]
    assert info.area_id == garage.id
    assert info.device_id == device.id
    assert info.aliases == ["wallbox"]
    assert info.labels == [energy_label.label_id]
    assert info.power_w == 2500.0
    assert snapshot.entities[moved.entity_id].area_id == office.id
    assert snapshot.areas[office.id].aliases == ["study"]
    assert snapshot.power_limit_w == 11000.0


async def test_exposure_and_locality(hass: HomeAssistant) -> None:
    """Assist exposure comes from the expose settings; cloud integrations are not local."""
    assert await async_setup_component(hass, "homeassistant", {})
    entity_registry = er.async_get(hass)
    entry = MockConfigEntry(domain="demo")
    entry.add_to_hass(hass)
    hidden = entity_registry.async_get_or_create("light", "demo", "hidden")
    shown = entity_registry.async_get_or_create("light", "demo", "shown")
    hass.states.async_set(hidden.entity_id, "off")
    hass.states.async_set(shown.entity_id, "off")
    async_expose_entity(hass, "conversation", hidden.entity_id, False)
    await hass.async_block_till_done()

    puller = ContextPuller(hass, Options())
    puller.async_start()
    snapshot = puller.async_snapshot()
    assert snapshot.entities[hidden.entity_id].exposed is False
    assert snapshot.entities[shown.entity_id].exposed is True

    async_expose_entity(hass, "conversation", hidden.entity_id, True)
    await hass.async_block_till_done()
    assert puller.async_snapshot().entities[hidden.entity_id].exposed is True

    # Locality comes from the owning integration's manifest (iot_class).
    for platform in ("tuya", "hue"):
        await async_get_integration(hass, platform)
        MockConfigEntry(domain=platform).add_to_hass(hass)
    cloud = entity_registry.async_get_or_create("switch", "tuya", "plug")
    local = entity_registry.async_get_or_create("light", "hue", "bulb")
    hass.states.async_set(cloud.entity_id, "on")
    hass.states.async_set(local.entity_id, "on")
    hass.states.async_set("light.from_a_script", "on")
    await hass.async_block_till_done()
    snapshot = puller.async_snapshot()
    assert snapshot.entities[cloud.entity_id].local is False
    assert snapshot.entities[cloud.entity_id].platform == "tuya"
    assert snapshot.entities[local.entity_id].local is True
    assert snapshot.entities["light.from_a_script"].local is True
    assert snapshot.entities["light.from_a_script"].platform is None


async def test_cache_follows_state_and_registry_changes(
    home: HomeAssistant,
) -> None:
    """Repeated requests reuse the snapshot; changes show up on the next request."""
    puller = ContextPuller(home, Options())
    stop = puller.async_start()
    first = puller.async_snapshot()
    assert puller.async_snapshot().entities is first.entities

    home.states.async_set("light.kitchen_lights", "off")
    await home.async_block_till_done()
    second = puller.async_snapshot()
    assert second.entities["light.kitchen_lights"].state == "off"
    # The earlier snapshot is untouched: a planner may still be reading it.
    assert first.entities["light.kitchen_lights"].state == "on"
    assert (
        second.entities["cover.kitchen_window"]
        is first.entities["cover.kitchen_window"]
    )

    er.async_get(home).async_update_entity(
        "light.kitchen_lights", aliases={"counter light"}
    )
    await home.async_block_till_done()
    third = puller.async_snapshot()
    assert third.entities["light.kitchen_lights"].aliases == ["counter light"]
    # Only the updated entity was re-read.
    assert third.entities["climate.hvac"] is second.entities["climate.hvac"]

    er.async_get(home).async_update_entity("climate.hvac", area_id="kitchen")
    await home.async_block_till_done()
    assert puller.async_snapshot().entities["climate.hvac"].area_id == "kitchen"
    er.async_get(home).async_update_entity(
        "climate.hvac", new_entity_id="climate.heat_pump"
    )
    await home.async_block_till_done()
    # A rename re-reads everything: the old id's state no longer has a registry entry.
    assert puller.async_snapshot().entities["climate.hvac"].platform is None

    home.states.async_set("light.new_lamp", "on")
    await home.async_block_till_done()
    assert "light.new_lamp" in puller.async_snapshot().entities
    home.states.async_remove("light.new_lamp")
    await home.async_block_till_done()
    assert "light.new_lamp" not in puller.async_snapshot().entities

    stop()
    home.states.async_set("light.kitchen_lights", "on")
    await home.async_block_till_done()
    assert puller.async_snapshot().entities["light.kitchen_lights"].state == "off"


async def test_snapshot_moves_to_the_requested_time(home: HomeAssistant) -> None:
    """A cached snapshot is returned at the time asked for."""
    puller = ContextPuller(home, Options())
    now = dt_util.utcnow()
    later = now + timedelta(minutes=5)
    assert puller.async_snapshot(now).now == now
    assert puller.async_snapshot(later).now == later


async def test_environment_and_occupancy(hass: HomeAssistant) -> None:
    """Area climate from area sensors, the weather outside, persons and presence."""
    area_registry = ar.async_get(hass)
    lounge = area_registry.async_create("Lounge")
    entity_registry = er.async_get(hass)
    MockConfigEntry(domain="demo").add_to_hass(hass)

    def place(domain: str, unique_id: str, device_class: str) -> str:
        entry = entity_registry.async_get_or_create(
            domain, "demo", unique_id, original_device_class=device_class
        )
        entity_registry.async_update_entity(entry.entity_id, area_id=lounge.id)
        return entry.entity_id

    temperature_a = place("sensor", "temp_a", "temperature")
    temperature_b = place("sensor", "temp_b", "temperature")
    humidity = place("sensor", "humidity", "humidity")
    lux = place("sensor", "lux", "illuminance")
    motion = place("binary_sensor", "motion", "motion")
    door = place("binary_sensor", "door", "door")
    hass.states.async_set(temperature_a, "20.0", {"device_class": "temperature"})
    hass.states.async_set(temperature_b, "21.0", {"device_class": "temperature"})
    hass.states.async_set(humidity, "unavailable", {"device_class": "humidity"})
    hass.states.async_set(lux, "300", {"device_class": "illuminance"})
    hass.states.async_set(motion, "on", {"device_class": "motion"})
    hass.states.async_set(door, "on", {"device_class": "door"})
    hass.states.async_set("weather.home", "unavailable")
    hass.states.async_set("weather.outside", "sunny", {"temperature": 12.5})
    hass.states.async_set(
        "person.ann", "home", {"friendly_name": "Ann", "user_id": "u1"}
    )
    hass.states.async_set("person.bob", "work", {"friendly_name": "Bob"})
    hass.states.async_set("zone.home", "1")
    hass.states.async_set("light.lounge", "off")

    puller = ContextPuller(hass, Options())
    puller.async_start()
    snapshot = puller.async_snapshot()

    environment = snapshot.environment.areas[lounge.id]
    assert environment.temperature == 20.5
    assert environment.humidity is None
    assert environment.illuminance == 300.0
    assert snapshot.environment.weather_entity_id == "weather.outside"
    assert snapshot.environment.weather_condition == "sunny"
    assert snapshot.environment.outdoor_temperature == 12.5

    occupancy = snapshot.occupancy
    assert [person.entity_id for person in occupancy.persons] == [
        "person.ann",
        "person.bob",
    ]
    assert occupancy.persons[0].user_id == "u1"
    assert occupancy.home_count == 1
    assert occupancy.areas[lounge.id].occupied
    assert occupancy.areas[lounge.id].entity_ids == [motion]

    # A change that feeds neither keeps both as they were.
    hass.states.async_set("light.lounge", "on")
    await hass.async_block_till_done()
    unrelated = puller.async_snapshot()
    assert unrelated.environment is snapshot.environment
    assert unrelated.occupancy is snapshot.occupancy

    hass.states.async_set(motion, "off", {"device_class": "motion"})
    hass.states.async_set("zone.home", "2")
    hass.states.async_set(temperature_b, "23.0", {"device_class": "temperature"})
    hass.states.async_set("weather.outside", "rainy", {"temperature": 9.0})
    await hass.async_block_till_done()
    snapshot = puller.async_snapshot()
    assert not snapshot.occupancy.areas[lounge.id].occupied
    assert snapshot.occupancy.home_count == 2
    assert snapshot.environment.areas[lounge.id].temperature == 21.5
    assert snapshot.environment.outdoor_temperature == 9.0

    hass.states.async_set(temperature_a, "unknown", {"device_class": "temperature"})
    hass.states.async_set(temperature_b, "unknown", {"device_class": "temperature"})
    hass.states.async_set(lux, "unknown", {"device_class": "illuminance"})
    await hass.async_block_till_done()
    assert lounge.id not in puller.async_snapshot().environment.areas


async def test_options_update_rebuilds(home: HomeAssistant) -> None:
    """New options take effect on the next snapshot."""
    puller = ContextPuller(home, Options())
    assert puller.async_snapshot().power_limit_w == 17250.0
    puller.async_update_options(Options(power_limit_w=5000))
    assert puller.async_snapshot().power_limit_w == 5000.0


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TARIFFS / f"{name}.json").read_text())
    return data


def _set_fixture_state(hass: HomeAssistant, name: str) -> str:
    fixture = _fixture(name)
    hass.states.async_set(fixture["entity_id"], fixture["state"], fixture["attributes"])
    return str(fixture["entity_id"])


async def test_tariff_from_the_price_entity(hass: HomeAssistant) -> None:
    """The configured price entity's list becomes the snapshot's tariff, at ``now``."""
    entity_id = _set_fixture_state(hass, "hacs_nordpool")
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()

    now = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    tariff = puller.async_snapshot(now).tariff
    assert tariff is not None
    assert tariff.source == "nordpool_hacs"
    assert tariff.currency == "SEK"
    assert tariff.slots[0].start == datetime(2026, 11, 23, 5, tzinfo=UTC)
    assert tariff.current_price == 0.11
    later = puller.async_snapshot(now + timedelta(hours=2)).tariff
    assert later is not None
    assert later.current_price == 0.13
    assert len(later.slots) == len(tariff.slots) - 2

    hass.states.async_set(entity_id, "0.5", {"unit_of_measurement": "SEK/kWh"})
    await hass.async_block_till_done()
    fallback = puller.async_snapshot(now).tariff
    assert fallback is not None
    assert fallback.source == "current_price"
    assert fallback.current_price == 0.5
    stop()


async def test_octopus_next_day_rates_join_once_published(hass: HomeAssistant) -> None:
    """Tomorrow's Octopus rates come from the sibling next-day entity."""
    entity_id = _set_fixture_state(hass, "octopus_current_day_rates")
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    tariff = puller.async_snapshot(now).tariff
    assert tariff is not None
    assert len(tariff.slots) == 24

    _set_fixture_state(hass, "octopus_next_day_rates")
    await hass.async_block_till_done()
    tariff = puller.async_snapshot(now).tariff
    assert tariff is not None
    assert len(tariff.slots) == 24 + 48
    assert tariff.currency == "GBP"
    stop()


async def test_no_price_entity_means_no_tariff(hass: HomeAssistant) -> None:
    """Without a configured price entity there is no tariff."""
    puller = ContextPuller(hass, Options())
    stop = puller.async_start()
    assert puller.async_snapshot().tariff is None
    stop()


async def test_unusable_price_entity_raises_and_clears_a_repair_issue(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """An issue appears once the entity stays unusable, and goes when it recovers."""
    entity_id = "sensor.electricity_price"
    hass.states.async_set(entity_id, "unavailable")
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()
    issues = ir.async_get(hass)
    assert puller.async_snapshot().tariff is not None
    assert puller.async_snapshot().tariff.current_price is None  # type: ignore[union-attr]

    freezer.tick(timedelta(minutes=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, "price_entity_unusable") is None

    freezer.tick(timedelta(minutes=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    issue = issues.async_get_issue(DOMAIN, "price_entity_unusable")
    assert issue is not None
    assert issue.translation_placeholders == {"entity_id": entity_id}

    hass.states.async_set(entity_id, "0.31", {"unit_of_measurement": "EUR/kWh"})
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, "price_entity_unusable") is None
    stop()


async def test_brief_outage_raises_no_issue(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A price entity that recovers within the grace period raises nothing."""
    entity_id = "sensor.electricity_price"
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()
    assert puller.async_snapshot().tariff is None
    hass.states.async_set(entity_id, "0.31", {"unit_of_measurement": "EUR/kWh"})
    await hass.async_block_till_done()
    freezer.tick(timedelta(minutes=20))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, "price_entity_unusable") is None
    stop()


def _register_price_entity(
    hass: HomeAssistant, platform: str, unique_id: str, state: str, unit: str
) -> tuple[str, str]:
    entry = MockConfigEntry(domain=platform)
    entry.add_to_hass(hass)
    registered = er.async_get(hass).async_get_or_create(
        "sensor", platform, unique_id, config_entry=entry, original_name="Home price"
    )
    hass.states.async_set(registered.entity_id, state, {"unit_of_measurement": unit})
    return registered.entity_id, entry.entry_id


@pytest.mark.parametrize(
    ("platform", "service", "fixture", "unit", "first_price", "count"),
    [
        (
            "nordpool",
            "get_prices_for_date",
            "nordpool_get_prices_for_date",
            "SEK/kWh",
            0.39015,
            96,
        ),
        ("tibber", "get_prices", "tibber_get_prices", "SEK/kWh", 0.4611, 96),
        (
            "energyzero",
            "get_energy_prices",
            "energyzero_get_energy_prices",
            "€/kWh",
            0.21,
            24,
        ),
        (
            "easyenergy",
            "get_energy_usage_prices",
            "easyenergy_get_energy_usage_prices",
            "€/kWh",
            0.2541,
            24,
        ),
    ],
)
async def test_service_only_price_lists_are_fetched(
    hass: HomeAssistant,
    platform: str,
    service: str,
    fixture: str,
    unit: str,
    first_price: float,
    count: int,
) -> None:
    """Sources that publish prices only through a service are fetched in the background."""
    entity_id, entry_id = _register_price_entity(
        hass, platform, "SE3-current_price", "0.42", unit
    )
    calls: list[ServiceCall] = []

    async def respond(call: ServiceCall) -> ServiceResponse:
        calls.append(call)
        if len(calls) > 1 and platform == "nordpool":
            raise ServiceValidationError("tomorrow is not published yet")
        return _fixture(fixture)

    hass.services.async_register(
        platform, service, respond, supports_response=SupportsResponse.ONLY
    )
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()
    await hass.async_block_till_done()

    tariff = puller.async_snapshot(datetime(2026, 11, 22, 23, tzinfo=UTC)).tariff
    assert tariff is not None
    assert tariff.source == platform
    assert len(tariff.slots) == count
    assert tariff.slots[0].price == pytest.approx(first_price)
    assert tariff.current_price == 0.42
    if platform in ("nordpool", "energyzero", "easyenergy"):
        assert calls[0].data["config_entry"] == entry_id
    stop()


async def test_failed_price_fetch_keeps_the_current_price(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing service leaves the current-price fallback and logs a warning."""
    entity_id, _ = _register_price_entity(hass, "tibber", "home", "0.42", "NOK/kWh")

    async def fail(call: ServiceCall) -> ServiceResponse:
        raise HomeAssistantError("Tibber is down")

    hass.services.async_register(
        "tibber", "get_prices", fail, supports_response=SupportsResponse.ONLY
    )
    puller = ContextPuller(hass, Options(price_entity=entity_id))
    stop = puller.async_start()
    await hass.async_block_till_done()
    tariff = puller.async_snapshot().tariff
    assert tariff is not None
    assert tariff.source == "current_price"
    assert tariff.currency == "NOK"
    assert "Could not fetch prices" in caplog.text
    stop()


async def test_quiet_hours_from_a_start_end_pair(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A daily pair wrapping midnight, in the home's time zone, with a DND override."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    options = {
        CONF_QUIET_HOURS_START: "22:00",
        CONF_QUIET_HOURS_END: "07:00:00",
        CONF_QUIET_HOURS_OVERRIDES: "input_boolean.dnd",
    }
    puller = ContextPuller(hass, Options.from_mapping(options))
    puller.async_start()
    night = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    quiet = puller.async_snapshot(night).quiet_hours
    assert quiet.active
    assert quiet.windows[0].start == datetime(2026, 11, 23, 21, tzinfo=UTC)
    assert quiet.windows[0].end == datetime(2026, 11, 24, 6, tzinfo=UTC)

    noon = datetime(2026, 11, 24, 11, tzinfo=UTC)
    assert not puller.async_snapshot(noon).quiet_hours.active
    hass.states.async_set("input_boolean.dnd", "on")
    await hass.async_block_till_done()
    quiet = puller.async_snapshot(noon).quiet_hours
    assert quiet.active
    assert quiet.override_entity_ids == ["input_boolean.dnd"]


@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_quiet_hours_from_a_schedule_helper(hass: HomeAssistant) -> None:
    """The schedule helper's weekly blocks are read through its service."""
    await hass.config.async_set_time_zone("UTC")
    every_night = [{"from": "22:00:00", "to": "24:00:00"}]
    early = [{"from": "00:00:00", "to": "06:00:00"}]
    config = dict.fromkeys(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        every_night + early,
    )
    assert await async_setup_component(
        hass, "schedule", {"schedule": {"quiet": {"name": "Quiet", **config}}}
    )
    await hass.async_block_till_done()
    puller = ContextPuller(hass, Options(quiet_hours_schedule="schedule.quiet"))
    stop = puller.async_start()
    await hass.async_block_till_done()

    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    quiet = puller.async_snapshot(now).quiet_hours
    assert not quiet.active
    assert quiet.windows[0].start == datetime(2026, 11, 23, 22, tzinfo=UTC)
    assert quiet.windows[0].end == datetime(2026, 11, 24, 6, tzinfo=UTC)
    stop()


async def test_quiet_hours_from_schedule_state_until_blocks_are_read(
    hass: HomeAssistant,
) -> None:
    """Before its blocks are read, a schedule that is on is quiet until next_event."""
    now = datetime(2026, 11, 23, 23, tzinfo=UTC)
    hass.states.async_set(
        "schedule.quiet", "on", {"next_event": "2026-11-24T06:00:00+00:00"}
    )
    puller = ContextPuller(hass, Options(quiet_hours_schedule="schedule.quiet"))
    quiet = puller.async_snapshot(now).quiet_hours
    assert quiet.active
    assert quiet.windows == [
        TimeWindow(start=now, end=datetime(2026, 11, 24, 6, tzinfo=UTC))
    ]
    hass.states.async_set("schedule.quiet", "off", {})
    assert puller.async_snapshot(now).quiet_hours.windows == []


async def test_area_sensors_configured_in_the_area_registry(
    hass: HomeAssistant,
) -> None:
    """An area's own temperature and humidity entities win over its other sensors."""
    area_registry = ar.async_get(hass)
    study = area_registry.async_create("Study")
    MockConfigEntry(domain="demo").add_to_hass(hass)
    entity_registry = er.async_get(hass)
    ids = {}
    for unique_id, device_class in (
        ("study_temp", "temperature"),
        ("study_temp_2", "temperature"),
        ("study_humidity", "humidity"),
    ):
        entry = entity_registry.async_get_or_create(
            "sensor", "demo", unique_id, original_device_class=device_class
        )
        entity_registry.async_update_entity(entry.entity_id, area_id=study.id)
        ids[unique_id] = entry.entity_id
    hass.states.async_set(ids["study_temp"], "19.0", {"device_class": "temperature"})
    hass.states.async_set(
        ids["study_temp_2"], "not a number", {"device_class": "temperature"}
    )
    hass.states.async_set(ids["study_humidity"], "inf", {"device_class": "humidity"})
    hass.states.async_set("sensor.elsewhere", "55", {"device_class": "humidity"})
    hass.states.async_set("weather.home", "rainy", {"temperature": "cold"})
    if hasattr(study, "temperature_entity_id"):
        area_registry.async_update(
            study.id,
            temperature_entity_id=ids["study_temp_2"],
            humidity_entity_id="sensor.elsewhere",
        )

    snapshot = ContextPuller(hass, Options()).async_snapshot()

    study_info = snapshot.areas[study.id]
    assert study_info.temperature_entity_id == ids["study_temp_2"]
    assert study_info.humidity_entity_id == "sensor.elsewhere"
    environment = snapshot.environment.areas[study.id]
    # The configured temperature sensor is not a number: the area's others count.
    assert environment.temperature == 19.0
    assert environment.humidity == 55.0
    assert snapshot.environment.outdoor_temperature is None
    assert snapshot.environment.weather_condition == "rainy"


async def test_appliances_and_power_readings(hass: HomeAssistant) -> None:
    """Appliances are recognised by name or the energy dashboard; readings refine."""
    entry = MockConfigEntry(domain="demo")
    entry.add_to_hass(hass)
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)

    def device_with(name: str, *kinds: tuple[str, str, str | None]) -> list[str]:
        device = device_registry.async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={("demo", name)}, name=name
        )
        return [
            entity_registry.async_get_or_create(
                domain,
                "demo",
                f"{name}_{unique}",
                device_id=device.id,
                original_device_class=device_class,
            ).entity_id
            for domain, unique, device_class in kinds
        ]

    dishwasher, dishwasher_power = device_with(
        "Dishwasher", ("switch", "switch", None), ("sensor", "power", "power")
    )
    (heater,) = device_with("Plug 7", ("switch", "relay", None))
    energy_sensor = entity_registry.async_get_or_create(
        "sensor",
        "demo",
        "plug_7_energy",
        device_id=entity_registry.async_get(heater).device_id,  # type: ignore[union-attr]
    ).entity_id
    hass.states.async_set(dishwasher, "off")
    hass.states.async_set(dishwasher_power, "2.0", {"unit_of_measurement": "W"})
    hass.states.async_set(heater, "on", {"icon": ("mdi:radiator",)})
    hass.states.async_set(energy_sensor, "12.5", {"unit_of_measurement": "kWh"})

    manager = Mock(data={"device_consumption": [{"stat_consumption": energy_sensor}]})
    hass.config.components.add("energy")
    with patch(
        "homeassistant.components.energy.data.async_get_manager",
        AsyncMock(return_value=manager),
    ):
        puller = ContextPuller(hass, Options())
        stop = puller.async_start()
        await hass.async_block_till_done()

    snapshot = puller.async_snapshot()
    assert snapshot.entities[dishwasher].appliance == "dishwasher"
    assert snapshot.entities[dishwasher].power_w == 1800.0  # standby reading ignored
    assert snapshot.entities[heater].appliance == "appliance"
    assert snapshot.entities[heater].power_w == 1000.0

    hass.states.async_set(dishwasher_power, "2.2", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    running = puller.async_snapshot()
    assert running.entities[dishwasher].power_w == 2200.0
    assert snapshot.entities[dishwasher].power_w == 1800.0
    stop()


async def test_refresh_rebuilds_when_an_entity_changes_class(
    hass: HomeAssistant,
) -> None:
    """A state change that moves an entity to another aggregate rebuilds everything."""
    area = ar.async_get(hass).async_create("Hall")
    MockConfigEntry(domain="demo").add_to_hass(hass)
    entity_registry = er.async_get(hass)
    sensor = entity_registry.async_get_or_create("binary_sensor", "demo", "hall")
    entity_registry.async_update_entity(sensor.entity_id, area_id=area.id)
    hass.states.async_set(sensor.entity_id, "on", {"device_class": "door"})
    puller = ContextPuller(hass, Options())
    stop = puller.async_start()
    assert area.id not in puller.async_snapshot().occupancy.areas

    hass.states.async_set(sensor.entity_id, "on", {"device_class": "occupancy"})
    hass.states.async_set("light.gone_before_read", "on")
    hass.states.async_remove("light.gone_before_read")
    await hass.async_block_till_done()
    snapshot = puller.async_snapshot()
    assert snapshot.occupancy.areas[area.id].occupied
    assert "light.gone_before_read" not in snapshot.entities
    stop()


async def test_labels_of_entity_and_device(hass: HomeAssistant) -> None:
    """An entity carries its own labels and its device's."""
    entry = MockConfigEntry(domain="demo")
    entry.add_to_hass(hass)
    labels = lr.async_get(hass)
    night = labels.async_create("Night").label_id
    kids = labels.async_create("Kids").label_id
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("demo", "lamp")}, name="Lamp"
    )
    dr.async_get(hass).async_update_device(device.id, labels={kids})
    entity_registry = er.async_get(hass)
    lamp = entity_registry.async_get_or_create(
        "light", "demo", "lamp", device_id=device.id
    )
    entity_registry.async_update_entity(lamp.entity_id, labels={night})
    hass.states.async_set(lamp.entity_id, "off")
    info = ContextPuller(hass, Options()).async_snapshot().entities[lamp.entity_id]
    assert info.labels == sorted([night, kids])


async def test_options_update_restarts_the_price_tracker(hass: HomeAssistant) -> None:
    """A new price entity is followed at once; the old one no longer is."""
    first = _set_fixture_state(hass, "nordpool_current_price")
    second = _set_fixture_state(hass, "amber_general_forecast")
    puller = ContextPuller(hass, Options(price_entity=first))
    stop = puller.async_start()
    tariff = puller.async_snapshot().tariff
    assert tariff is not None
    assert tariff.entity_id == first

    puller.async_update_options(
        Options.from_mapping(
            {CONF_PRICE_ENTITY: second, CONF_QUIET_HOURS_SCHEDULE: "schedule.missing"}
        )
    )
    await hass.async_block_till_done()
    tariff = puller.async_snapshot().tariff
    assert tariff is not None
    assert tariff.source == "amberelectric"
    stop()


async def test_unreadable_schedule_helper(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A schedule that cannot be read gives no windows and a warning."""
    hass.states.async_set(
        "schedule.quiet", "on", {"next_event": "2020-01-01T00:00:00+00:00"}
    )
    puller = ContextPuller(hass, Options(quiet_hours_schedule="schedule.quiet"))
    stop = puller.async_start()
    await hass.async_block_till_done()
    assert "Could not read quiet hours from schedule.quiet" in caplog.text
    assert puller.async_snapshot().quiet_hours.windows == []
    hass.states.async_set("schedule.quiet", "off")
    await hass.async_block_till_done()
    assert not puller.async_snapshot().quiet_hours.active
    stop()


async def test_what_the_insights_read_follows_every_state_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """When states last changed, measured power, persons' changes and the unit.

    The incremental refresh carries them as the full build does.
    """
    freezer.move_to(datetime(2026, 1, 12, 16, 0, tzinfo=UTC))
    entry = MockConfigEntry(domain="demo")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("demo", "dw")}, name="Dishwasher"
    )
    entity_registry = er.async_get(hass)
    switch = entity_registry.async_get_or_create(
        "switch", "demo", "dw", device_id=device.id
    ).entity_id
    power = entity_registry.async_get_or_create(
        "sensor", "demo", "dw_power", device_id=device.id, original_device_class="power"
    ).entity_id
    hass.states.async_set(switch, "off")
    hass.states.async_set(power, "3", {"unit_of_measurement": "W"})
    hass.states.async_set("person.ann", "home", {"friendly_name": "Ann"})
    puller = ContextPuller(hass, Options())
    stop = puller.async_start()

    built = puller.async_snapshot()
    started = dt_util.utcnow()
    assert built.entities[switch].last_changed == started
    assert built.entities[switch].measured_power_w == 3.0
    assert built.occupancy.persons[0].last_changed == started
    assert built.temperature_unit == "°C"

    freezer.tick(timedelta(minutes=7))
    hass.states.async_set(power, "2.1", {"unit_of_measurement": "kW"})
    hass.states.async_set("person.ann", "not_home", {"friendly_name": "Ann"})
    hass.states.async_set(switch, "on")
    await hass.async_block_till_done()
    refreshed = puller.async_snapshot()
    assert refreshed.entities[switch].last_changed == dt_util.utcnow()
    assert refreshed.entities[switch].measured_power_w == 2100.0
    assert refreshed.entities[power].last_changed == dt_util.utcnow()
    assert refreshed.occupancy.persons[0].last_changed == dt_util.utcnow()
    # The earlier snapshot is left as it was.
    assert built.entities[switch].measured_power_w == 3.0
    stop()


async def test_a_home_in_fahrenheit_says_so(hass: HomeAssistant) -> None:
    """The snapshot's temperature unit is the home's."""
    await hass.config.async_update(unit_system="us_customary")
    puller = ContextPuller(hass, Options())
    assert puller.async_snapshot().temperature_unit == "°F"


async def test_grid_power_from_the_option(hass: HomeAssistant) -> None:
    """The grid sensor of the options, in W or kW; export is negative."""
    hass.states.async_set("sensor.grid", "-1.5", {"unit_of_measurement": "kW"})
    puller = ContextPuller(hass, Options(grid_power_entity="sensor.grid"))
    stop = puller.async_start()
    assert puller.grid_power_entity_id == "sensor.grid"
    assert puller.async_snapshot().grid_power_w == -1500.0

    hass.states.async_set("sensor.grid", "420", {"unit_of_measurement": "W"})
    await hass.async_block_till_done()
    assert puller.async_snapshot().grid_power_w == 420.0

    hass.states.async_set("sensor.grid", "unavailable")
    await hass.async_block_till_done()
    assert puller.async_snapshot().grid_power_w is None
    stop()

    assert ContextPuller(hass, Options()).async_snapshot().grid_power_w is None


async def test_grid_power_and_statistics_from_the_energy_dashboard(
    hass: HomeAssistant,
) -> None:
    """Without the option, the energy dashboard's grid power sensor counts.

    The devices' energy statistics are what the consumption history is read from.
    """
    hass.states.async_set("sensor.grid_power", "-800", {"unit_of_measurement": "W"})
    manager = Mock(
        data={
            "device_consumption": [{"stat_consumption": "sensor.dryer_energy"}],
            "energy_sources": [
                {"type": "solar", "stat_energy_from": "sensor.pv"},
                {"type": "grid", "flow_from": [], "power": [{}]},
                {
                    "type": "grid",
                    "flow_from": [],
                    "power": [{"stat_rate": "sensor.grid_power"}],
                },
            ],
        }
    )
    hass.config.components.add("energy")
    puller = ContextPuller(hass, Options())
    assert puller.async_snapshot().grid_power_w is None
    with patch(
        "homeassistant.components.energy.data.async_get_manager",
        AsyncMock(return_value=manager),
    ):
        stop = puller.async_start()
        await hass.async_block_till_done()
    assert puller.grid_power_entity_id == "sensor.grid_power"
    assert puller.energy_statistic_ids == {"sensor.dryer_energy"}
    assert puller.async_snapshot().grid_power_w == -800.0
    stop()

    # The option comes first.
    hass.states.async_set("sensor.meter", "100", {"unit_of_measurement": "W"})
    puller.async_update_options(Options(grid_power_entity="sensor.meter"))
    assert puller.async_snapshot().grid_power_w == 100.0
