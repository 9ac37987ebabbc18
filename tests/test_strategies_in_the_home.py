"""Strategies that matter, asked through the services of a real Home Assistant (issue 15).

The home: the demo home at 20:00 (Europe/Berlin) with someone home, a dishwasher, an
attic at 27 °C cooled by an air conditioner of a cloud integration or by a fan of a
local one (each a real entity platform of its own config entry), and a living room
at 16 °C. Power is nearly free this hour, dear the next, cheapest 02:00-05:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import ClimateEntityFeature, HVACMode
from homeassistant.components.fan import FanEntity, FanEntityFeature
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    async_fire_time_changed,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from custom_components.orchestration.config_flow import SECTION_BUDGETS, SECTIONS
from custom_components.orchestration.const import CONF_LOCAL_EXECUTION_PREFERENCE

from .common import async_setup_orchestration
from .helpers import call, settle
from .scenario_home import (
    EVENING,
    PRICE_ENTITY,
    ZONE,
    async_setup_appliances,
    set_prices,
)

AC = "climate.attic_ac"
FAN = "fan.attic_fan"
DISHWASHER = "switch.dishwasher"
HVAC = "climate.hvac"  # the demo's living room climate, of a local integration
#: EUR/kWh by the hour: 20:00 nearly free, 21:00 dear; tomorrow 02:00-05:00 cheapest.
TONIGHT = [0.30] * 20 + [0.02, 0.9, 0.1, 0.28]
TOMORROW = [0.22, 0.15, 0.02, 0.02, 0.02, 0.12, 0.20, 0.30] + [0.35] * 16
AT_2AM = EVENING.replace(hour=2) + timedelta(days=1)
THREE_JOBS = (
    "set the attic to 22 degrees, run the dishwasher and heat the living room "
    "to 21 degrees by 6am"
)

type Action = tuple[str, str, datetime | None]


class _VendorFlow(ConfigFlow):
    """The config flow a vendor integration's config entry needs to exist."""


class _CloudAirConditioner(ClimateEntity):
    """An air conditioner reached through its maker's cloud."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_unique_id = "attic_ac"
    _attr_device_info = DeviceInfo(identifiers={("aircon", "attic")}, name="Attic AC")
    _attr_hvac_modes = [HVACMode.OFF, HVACMode.COOL]
    _attr_hvac_mode = HVACMode.COOL
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_target_temperature = 24.0
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        self._attr_target_temperature = kwargs["temperature"]
        self.async_write_ha_state()

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        self._attr_hvac_mode = hvac_mode
        self.async_write_ha_state()


class _LocalFan(FanEntity):
    """A ceiling fan its integration talks to on the home network."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_unique_id = "attic_fan"
    _attr_device_info = DeviceInfo(
        identifiers={("ceiling_fan", "attic")}, name="Attic Fan"
    )
    _attr_supported_features = (
        FanEntityFeature.SET_SPEED
        | FanEntityFeature.TURN_ON
        | FanEntityFeature.TURN_OFF
    )
    _attr_percentage = 0

    @property
    def is_on(self) -> bool:
        return bool(self._attr_percentage)

    async def async_turn_on(
        self,
        percentage: int | None = None,
        preset_mode: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._attr_percentage = percentage or 100
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self._attr_percentage = 0
        self.async_write_ha_state()


async def _async_add_integration(
    hass: HomeAssistant, domain: str, iot_class: str, platform: str, entity: Entity
) -> None:
    """Set up ``domain`` (its manifest says ``iot_class``) with one entity, in the attic."""

    async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [platform])
        return True

    async def async_setup_platform_entry(
        hass: HomeAssistant, entry: ConfigEntry, add: AddEntitiesCallback
    ) -> None:
        add([entity])

    mock_integration(
        hass,
        MockModule(
            domain,
            async_setup_entry=async_setup_entry,
            partial_manifest={"iot_class": iot_class},
        ),
    )
    mock_platform(hass, f"{domain}.config_flow")
    mock_platform(
        hass,
        f"{domain}.{platform}",
        MockPlatform(async_setup_entry=async_setup_platform_entry),
    )
    entry = MockConfigEntry(domain=domain, title=domain)
    entry.add_to_hass(hass)
    with mock_config_flow(domain, _VendorFlow):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entity.entity_id is not None
    er.async_get(hass).async_update_entity(entity.entity_id, area_id="attic")


def _measure(hass: HomeAssistant, area_id: str, degrees: float) -> None:
    """A temperature sensor in ``area_id`` reading ``degrees``."""
    registry = er.async_get(hass)
    sensor = registry.async_get_or_create(
        "sensor", "test", f"{area_id}_temperature", original_device_class="temperature"
    )
    registry.async_update_entity(sensor.entity_id, area_id=area_id)
    hass.states.async_set(
        sensor.entity_id,
        str(degrees),
        {"device_class": "temperature", "unit_of_measurement": "°C"},
    )


@pytest.fixture
async def home(
    hass: HomeAssistant,
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    real_planning_clock: None,
) -> HomeAssistant:
    """The home at 20:00 with tonight's and tomorrow's prices published."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(EVENING)
    await async_setup_appliances(
        hass, {"dishwasher": ("Dishwasher", 1800.0, "kitchen")}
    )
    ar.async_get(hass).async_create("Attic")
    await _async_add_integration(
        hass, "aircon", "cloud_polling", "climate", _CloudAirConditioner()
    )
    await _async_add_integration(hass, "ceiling_fan", "local_push", "fan", _LocalFan())
    _measure(hass, "attic", 27)
    _measure(hass, "living_room", 16)
    hass.states.async_set("zone.home", "1")
    set_prices(hass, TONIGHT, TOMORROW)
    await hass.async_block_till_done()
    return hass


async def _plan(
    hass: HomeAssistant,
    user: User,
    intent: str,
    strategy: str,
    service: str = "preview_plan",
) -> dict[str, Any]:
    return await call(
        hass, service, {"intent": intent, "strategy": strategy}, user_id=user.id
    )


def _actions(plan: dict[str, Any]) -> list[Action]:
    """What a plan does, on what and from when (local time; None: at once)."""
    return [
        (step["action"], step["target"]["entity_id"][0], _moment(step["not_before"]))
        for step in plan["plan"]["steps"]
        if step["kind"] == "action"
    ]


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None
    return state


def _moment(value: str | None) -> datetime | None:
    moment = None if value is None else dt_util.parse_datetime(value)
    return None if moment is None else moment.astimezone(ZONE)


async def _set_local_preference(
    hass: HomeAssistant, entry: MockConfigEntry, preference: float
) -> None:
    """Change the option as a person does: the options flow's budgets form."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": SECTION_BUDGETS}
    )
    assert result["type"] is FlowResultType.FORM
    form = {
        key: entry.options[key]
        for key in SECTIONS[SECTION_BUDGETS]
        if entry.options.get(key) is not None
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, CONF_LOCAL_EXECUTION_PREFERENCE: preference}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await settle(hass)
    assert entry.options[CONF_LOCAL_EXECUTION_PREFERENCE] == preference


async def test_each_strategy_picks_a_different_plan(
    home: HomeAssistant, hass_admin_user: User
) -> None:
    """Three jobs, five strategies, five plans; running locally weighs little (0.1).

    Cooling: privacy, latency (local is quicker) and balanced take the fan; cost and
    comfort the air conditioner. The dishwasher and the heating wait for 02:00 under
    privacy first and cost, run at once under latency and comfort; balanced runs the
    dishwasher now and heats at the cheap time.
    """
    await async_setup_orchestration(
        home, price_entity=PRICE_ENTITY, local_execution_preference=0.1
    )
    fan = ("fan.turn_on", FAN, None)
    ac = ("climate.set_temperature", AC, None)
    dishes_now = ("switch.turn_on", DISHWASHER, None)
    dishes_at_2 = ("switch.turn_on", DISHWASHER, AT_2AM)
    heat_now = ("climate.set_temperature", HVAC, None)
    heat_at_2 = ("climate.set_temperature", HVAC, AT_2AM)
    plans = {
        strategy: _actions(await _plan(home, hass_admin_user, THREE_JOBS, strategy))
        for strategy in ("privacy_first", "cost", "latency", "comfort", "balanced")
    }
    assert plans == {
        "privacy_first": [fan, dishes_at_2, heat_at_2],
        "cost": [ac, dishes_at_2, heat_at_2],
        "latency": [fan, dishes_now, heat_now],
        "comfort": [ac, dishes_now, heat_now],
        "balanced": [fan, dishes_now, heat_at_2],
    }


async def test_privacy_first_cools_with_the_local_fan_where_cost_takes_the_cloud(
    home: HomeAssistant, hass_admin_user: User
) -> None:
    """To cool the attic, two ways do the job; privacy first keeps it in the home.

    Cost takes the air conditioner (running locally weighs little, comfort more);
    privacy first takes the fan, says why, and running it leaves the AC alone.
    """
    await async_setup_orchestration(
        home, price_entity=PRICE_ENTITY, local_execution_preference=0.1
    )
    intent = "cool the attic to 22 degrees"
    cost = await _plan(home, hass_admin_user, intent, "cost")
    assert _actions(cost) == [("climate.set_temperature", AC, None)]
    assert cost["plan"]["privacy_score"] == 0.0
    assert [step["local"] for step in cost["plan"]["steps"]] == [False]

    private = await _plan(home, hass_admin_user, intent, "privacy_first", "create_plan")
    await settle(home)
    assert _actions(private) == [("fan.turn_on", FAN, None)]
    assert private["plan"]["privacy_score"] == 1.0
    assert [step["local"] for step in private["plan"]["steps"]] == [True]
    assert any(
        item["summary"].startswith("With Attic AC instead")
        and "uses the cloud" in item["summary"]
        for item in private["alternatives"]
    ), private["alternatives"]
    assert private["status"] == "completed"
    assert _state(home, FAN).state == "on"
    assert _state(home, AC).attributes["temperature"] == 24


async def test_the_local_preference_weighs_continuously(
    home: HomeAssistant, hass_admin_user: User
) -> None:
    """The option, set in the options flow, moves each strategy's choice on its own.

    Cooling the attic: cost leaves the cloud AC for the fan once running locally
    weighs a little; comfort only once it weighs much more. One setting, three
    plan pairs: neither a yes/no switch nor the same for every strategy.
    """
    entry = await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    intent = "set the attic to 22 degrees"
    chosen: dict[float, tuple[str, str]] = {}
    for preference in (0.0, 0.25, 0.75):
        await _set_local_preference(home, entry, preference)
        cost, comfort = [
            _actions(await _plan(home, hass_admin_user, intent, strategy))[0][1]
            for strategy in ("cost", "comfort")
        ]
        chosen[preference] = (cost, comfort)
    assert chosen == {
        0.0: (AC, AC),
        0.25: (FAN, AC),
        0.75: (FAN, FAN),
    }


async def test_preconditioning_cost_starts_at_the_cheap_hours_comfort_at_once(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """Heating the living room to 21 by 6am: cost waits for 02:00, comfort starts now.

    Both reach the temperature by the deadline; cost's plan is the cheaper one and
    its heating starts when the clock reaches 02:00, not before.
    """
    await home.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": HVAC, "temperature": 18},
        blocking=True,
    )
    await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    intent = "heat the living room to 21 degrees by 6am"
    comfort = await _plan(home, hass_admin_user, intent, "comfort")
    assert _actions(comfort) == [("climate.set_temperature", HVAC, None)]
    cost = await _plan(home, hass_admin_user, intent, "cost", "create_plan")
    assert _actions(cost) == [("climate.set_temperature", HVAC, AT_2AM)]
    assert cost["plan"]["estimated_cost"] < comfort["plan"]["estimated_cost"]
    assert cost["status"] == "scheduled"

    freezer.move_to(AT_2AM - timedelta(minutes=1))
    async_fire_time_changed(home)
    await settle(home)
    assert _state(home, HVAC).attributes["temperature"] == 18
    freezer.move_to(AT_2AM + timedelta(seconds=1))
    async_fire_time_changed(home)
    await settle(home)
    assert _state(home, HVAC).attributes["temperature"] == 21
    done = await call(home, "get_plan", {"plan_id": cost["plan_id"]})
    assert done["status"] == "completed"
