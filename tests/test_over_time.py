"""Plans over time on a real Home Assistant, the clock moved along (issue 15).

The EV request with the default options; scheduled loads that follow revised prices,
presence and the power headroom (rolling re-optimisation), and what they say.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.orchestration.core.events import EVENT_REPLANNED
from custom_components.orchestration.plans.reoptimiser import REOPTIMISE_DELAY

from .common import async_setup_orchestration
from .helpers import call, settle
from .scenario_home import (
    EVENING,
    PRICE_ENTITY,
    TODAY,
    TOMORROW,
    ZONE,
    async_setup_appliances,
    set_prices,
)

EV = "charge the car for 3 hours before 8 tomorrow morning as cheaply as possible"
DISHWASHER = "run the dishwasher when power is cheapest before 7am"
APPLIANCES = {
    "ev_charger": ("EV Charger", 7400.0, "garage"),
    "dishwasher": ("Dishwasher", 1800.0, "kitchen"),
}


@pytest.fixture
async def home(
    hass: HomeAssistant, demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> HomeAssistant:
    """The demo home at 20:00 with appliances and today's and tomorrow's prices."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(EVENING)
    await async_setup_appliances(hass, APPLIANCES)
    set_prices(hass, TODAY, TOMORROW)
    return hass


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, by: timedelta
) -> None:
    freezer.tick(by)
    async_fire_time_changed(hass)
    await settle(hass)


def load_step(plan: dict[str, Any], entity_id: str) -> dict[str, Any]:
    return next(
        step
        for step in plan["plan"]["steps"]
        if step["action"] == "switch.turn_on"
        and step["target"]["entity_id"] == [entity_id]
    )


def start_of(plan: dict[str, Any], entity_id: str) -> datetime:
    moment = dt_util.parse_datetime(load_step(plan, entity_id)["not_before"])
    assert moment is not None
    return moment.astimezone(ZONE)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """``hour`` o'clock on the scenario's first day (0) or the next (1)."""
    return EVENING.replace(hour=hour, minute=minute) + timedelta(days=day)


async def test_the_ev_charges_at_its_cheapest_window_with_default_options(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """7.4 kW no longer passes a 3.5 kW limit: the home's supply is the limit.

    The charger waits for 03:00 (its own timer), starts then and the plan ends.
    """
    entry = await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    assert entry.options["power_limit_w"] == 17250.0
    plan = await call(home, "create_plan", {"intent": EV}, user_id=hass_admin_user.id)
    assert plan["status"] == "scheduled", plan["explanation"]["summary"]
    # Tomorrow 03:00-06:00 (0.12, 0.11, 0.16 EUR/kWh) is the cheapest three hours
    # that end by 08:00.
    assert start_of(plan, "switch.ev_charger") == local(1, 3)
    assert load_step(plan, "switch.ev_charger")["estimated_duration_s"] == 3 * 3600
    assert "EV Charger runs 03:00\u201306:00" in plan["explanation"]["cost"]
    await advance(home, freezer, local(1, 2, 59) - dt_util.now())
    assert home.states.get("switch.ev_charger").state == "off"
    await advance(home, freezer, timedelta(minutes=1, seconds=1))
    assert home.states.get("switch.ev_charger").state == "on"
    started = await call(home, "get_plan", {"plan_id": plan["plan_id"]})
    assert started["status"] == "completed"
    assert [change["new"] for change in started["history"]] == [
        "scheduled",
        "running",
        "completed",
    ]


async def test_revised_prices_move_a_scheduled_load(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """Tomorrow's prices are revised: the dishwasher follows the new cheapest time."""
    await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    replanned = async_capture_events(home, EVENT_REPLANNED)
    first = await call(
        home, "create_plan", {"intent": DISHWASHER}, user_id=hass_admin_user.id
    )
    assert start_of(first, "switch.dishwasher") == local(1, 3)
    await advance(home, freezer, timedelta(hours=1))
    # The night gets far cheaper just after midnight.
    revised = [0.05, 0.04, *TOMORROW[2:]]
    set_prices(home, TODAY, revised, now=dt_util.utcnow())
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))

    old = await call(home, "get_plan", {"plan_id": first["plan_id"]})
    assert old["status"] == "superseded"
    assert old["history"][-1]["reason"].startswith(
        "Re-planned by the home because the energy prices were published or revised"
    )
    new = await call(home, "get_plan", {"plan_id": old["superseded_by"]})
    assert new["replaces"] == first["plan_id"]
    assert new["status"] == "scheduled"
    assert start_of(new, "switch.dishwasher") == local(1, 0)
    # Never past the deadline: the run ends by 07:00.
    assert start_of(new, "switch.dishwasher") + timedelta(hours=2) <= local(1, 7)
    assert (
        "Re-planned because the energy prices were published or revised: Dishwasher "
        "moves from 03:00 to 00:00, 0.25 € cheaper at the current prices."
    ) in new["explanation"]["summary"]
    # The home did it: no user's name, no user's rights, the request's own claim.
    assert new["user_id"] is None
    assert new["task_spec"]["trigger_type"] == "replan"
    assert new["origin"] == "user_request"
    assert new["requested_at"] == first["requested_at"]
    assert new["task_spec"]["constraints"] == first["task_spec"]["constraints"]
    assert [event.data["trigger"] for event in replanned] == ["prices"]
    # At its new time, the new plan runs the dishwasher.
    await advance(home, freezer, local(1, 0) - dt_util.now() + timedelta(seconds=1))
    assert home.states.get("switch.dishwasher").state == "on"


async def test_a_small_revision_or_a_load_about_to_start_stays(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """Cents do not move a load; nor does anything once it is about to start."""
    await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    plan = await call(
        home, "create_plan", {"intent": DISHWASHER}, user_id=hass_admin_user.id
    )
    # 01:00-03:00 becomes 0.01 EUR cheaper than 03:00-05:00: less than the threshold.
    slightly = [*TOMORROW[:1], 0.115, 0.11, *TOMORROW[3:]]
    set_prices(home, TODAY, slightly)
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))
    assert (await call(home, "get_plan", {"plan_id": plan["plan_id"]}))[
        "status"
    ] == "scheduled"
    # Four minutes before its start, a far cheaper hour is too late to move to.
    await advance(home, freezer, local(1, 2, 56) - dt_util.now())
    set_prices(
        home, TODAY, [*TOMORROW[:5], 0.01, 0.01, *TOMORROW[7:]], now=local(1, 2, 56)
    )
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))
    again = await call(home, "get_plan", {"plan_id": plan["plan_id"]})
    assert again["status"] in ("scheduled", "running")
    assert again["superseded_by"] is None


async def test_the_freed_headroom_takes_a_load_back_to_its_cheapest_time(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """The power limit bites, says so; when it stops biting, the load moves back."""
    await async_setup_orchestration(
        home, price_entity=PRICE_ENTITY, power_limit_w=9000.0
    )
    dishes = await call(
        home, "create_plan", {"intent": DISHWASHER}, user_id=hass_admin_user.id
    )
    assert start_of(dishes, "switch.dishwasher") == local(1, 3)
    ev = await call(home, "create_plan", {"intent": EV}, user_id=hass_admin_user.id)
    # 1800 W + 7400 W would pass 9000 W while the dishwasher runs (03:00-05:00).
    pushed = start_of(ev, "switch.ev_charger")
    assert pushed == local(1, 0)
    assert (
        "EV Charger (7.4 kW) runs 00:00\u201303:00 instead of at the cheapest time, "
        "03:00: then Dishwasher (1.8 kW) draw power, and together they would pass "
        "the home's power limit of 9 kW"
    ) in ev["explanation"]["cost"]

    await call(
        home, "cancel_plan", {"plan_id": dishes["plan_id"]}, user_id=hass_admin_user.id
    )
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))
    old = await call(home, "get_plan", {"plan_id": ev["plan_id"]})
    assert old["status"] == "superseded"
    moved = await call(home, "get_plan", {"plan_id": old["superseded_by"]})
    assert start_of(moved, "switch.ev_charger") == local(1, 3)
    assert (
        "Re-planned because the power available changed: EV Charger moves from "
        "00:00 to 03:00"
    ) in moved["explanation"]["summary"]


async def test_an_appliance_switched_on_by_hand_pushes_a_scheduled_load(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """What already runs counts: a load that no longer fits moves, and says why."""
    await async_setup_orchestration(
        home, price_entity=PRICE_ENTITY, power_limit_w=9000.0
    )
    ev = await call(home, "create_plan", {"intent": EV}, user_id=hass_admin_user.id)
    assert start_of(ev, "switch.ev_charger") == local(1, 3)
    await advance(home, freezer, local(1, 2, 40) - dt_util.now())
    # Someone starts the dishwasher: a typical run lasts two hours, until 04:40.
    await home.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.dishwasher"},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    await settle(home)
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))
    old = await call(home, "get_plan", {"plan_id": ev["plan_id"]})
    assert old["status"] == "superseded"
    moved = await call(home, "get_plan", {"plan_id": old["superseded_by"]})
    assert start_of(moved, "switch.ev_charger") >= local(1, 4, 40)
    assert start_of(moved, "switch.ev_charger") + timedelta(hours=3) <= local(1, 8)
    assert (
        "Re-planned because the power available changed: EV Charger can no longer "
        "start at 03:00 (with what draws power then, the home would pass its power "
        "limit of 9 kW)"
    ) in moved["explanation"]["summary"]


async def test_someone_coming_home_starts_the_heating_now(
    home: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """With nobody home, warming waits for the cheapest start; an arrival starts it."""
    registry = er.async_get(home)
    sensor = registry.async_get_or_create(
        "sensor", "test", "living_room_temperature", original_device_class="temperature"
    )
    registry.async_update_entity(sensor.entity_id, area_id="living_room")
    home.states.async_set(
        sensor.entity_id,
        "17",
        {"device_class": "temperature", "unit_of_measurement": "°C"},
    )
    home.states.async_set("zone.home", "0")
    freezer.move_to(local(1, 12) - timedelta(days=1))
    set_prices(home, TODAY, TOMORROW, day=local(1, 12) - timedelta(days=1))
    await async_setup_orchestration(home, price_entity=PRICE_ENTITY)
    plan = await call(
        home,
        "create_plan",
        {"intent": "heat the living room to 21 degrees by 6pm"},
        user_id=hass_admin_user.id,
    )
    assert plan["status"] == "scheduled", plan["explanation"]["summary"]
    waits_until = dt_util.parse_datetime(plan["plan"]["steps"][0]["not_before"])
    assert waits_until is not None
    assert waits_until > dt_util.utcnow() + timedelta(hours=1)

    await advance(home, freezer, timedelta(minutes=30))
    home.states.async_set("zone.home", "1")
    await advance(home, freezer, REOPTIMISE_DELAY + timedelta(seconds=1))
    old = await call(home, "get_plan", {"plan_id": plan["plan_id"]})
    assert old["status"] == "superseded"
    assert "who is home changed" in old["history"][-1]["reason"]
    now_plan = await call(home, "get_plan", {"plan_id": old["superseded_by"]})
    assert now_plan["status"] == "completed"
    summary = now_plan["explanation"]["summary"]
    assert "Re-planned because who is home changed: Hvac moves from " in summary
    assert " to now, " in summary
    assert home.states.get("climate.hvac").attributes["temperature"] == 21
