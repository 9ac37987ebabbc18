"""A home on a real Home Assistant for the suggestion tests, and a clock they move.

Home Assistant's demo home (tests/common.py) plus what the rules read: a window and a
motion sensor in the office (heated by the demo heat pump), two persons, an EV charger
and a dishwasher (the demo switches, renamed) with status sensors on their devices,
and a day-ahead price sensor. Everything starts calm: window closed, someone in the
office, everyone home, the charger idle, the dishwasher off. Tests answer through the
public services, as the people of the home would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall, callback
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.orchestration.config_flow import OrchestrationConfigFlow
from custom_components.orchestration.const import DOMAIN, TITLE
from custom_components.orchestration.core.events import EVENT_RECOMMENDATION

from ..common import default_options

# Monday 14 January 2030, 17:00 in the test's time zone (US/Pacific): people are home.
START = (2030, 1, 14, 17, 0)

WINDOW = "binary_sensor.office_window"
MOTION = "binary_sensor.office_motion"
HEAT_PUMP = "climate.heatpump"
OFFICE_LIGHT = "light.office_rgbw_lights"
CHARGER = "switch.ev_charger"
CHARGER_STATUS = "sensor.ev_charger_status"
DISHWASHER = "switch.dishwasher"
DISHWASHER_STATUS = "sensor.dishwasher_operation"
PRICE = "sensor.electricity_price"
PERSONS = ("person.ann", "person.bob")
PHONE = "mobile_app_phone"

# Local hour -> price in EUR/kWh: cheap at night, dear in the early evening.
PRICES = {
    **dict.fromkeys(range(6), 0.10),
    **dict.fromkeys(range(6, 17), 0.25),
    **dict.fromkeys(range(17, 21), 0.45),
    **dict.fromkeys(range(21, 24), 0.20),
}


def local(
    year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> datetime:
    """A wall-clock time in the home's time zone."""
    return datetime(
        year, month, day, hour, minute, second, tzinfo=dt_util.get_default_time_zone()
    )


def _day_prices(day: datetime) -> list[dict[str, Any]]:
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        {
            "start": (midnight + timedelta(hours=hour)).isoformat(),
            "end": (midnight + timedelta(hours=hour + 1)).isoformat(),
            "value": price,
        }
        for hour, price in PRICES.items()
    ]


@dataclass
class Home:
    """The home, its clock, and what it told people."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    entry: MockConfigEntry
    phone: list[ServiceCall]
    recommendations: list[Event[dict[str, Any]]]

    # --- The clock -----------------------------------------------------------------

    async def advance(self, minutes: float = 0, *, seconds: float = 0) -> None:
        """Move the clock on, a minute at a time, running what falls due."""
        left = timedelta(minutes=minutes, seconds=seconds)
        while left > timedelta(0):
            step = min(left, timedelta(minutes=1))
            self.freezer.tick(step)
            async_fire_time_changed(self.hass)
            await self.hass.async_block_till_done(wait_background_tasks=True)
            left -= step

    async def until(self, moment: datetime) -> None:
        """Move the clock on to ``moment``."""
        await self.advance(seconds=(moment - dt_util.now()).total_seconds())

    # --- The home ------------------------------------------------------------------

    async def set(self, entity_id: str, state: str, **attributes: Any) -> None:
        """Change a sensor's state and let the debounced pass run."""
        old = self.hass.states.get(entity_id)
        merged = {**(old.attributes if old else {}), **attributes}
        self.hass.states.async_set(entity_id, state, merged)
        # What follows from it now (a zone counting a person) happens now.
        await self.hass.async_block_till_done()
        await self.advance(seconds=15)

    def state(self, entity_id: str) -> str:
        """The state of an entity now."""
        state = self.hass.states.get(entity_id)
        assert state is not None, entity_id
        return state.state

    # --- What the home suggests, through the services --------------------------------

    async def call(
        self, service: str, data: dict[str, Any], user_id: str | None = None
    ) -> dict[str, Any]:
        """Call an Orchestration service as ``user_id``; return its response."""
        response = await self.hass.services.async_call(
            DOMAIN,
            service,
            data,
            blocking=True,
            return_response=True,
            context=Context(user_id=user_id),
        )
        await self.hass.async_block_till_done(wait_background_tasks=True)
        assert isinstance(response, dict)
        return response

    async def suggestions(self, rule: str | None = None) -> list[dict[str, Any]]:
        """The suggestions waiting for a person now (PlanResponse summaries)."""
        listed = await self.call(
            "list_plans",
            {"status": "pending_approval", "trigger_type": "insight_recommendation"},
        )
        return [
            plan
            for plan in listed["plans"]
            if plan["recommendation"] is not None
            and plan["recommendation"]["accepted_by"] is None
            and (rule is None or plan["recommendation"]["rule"] == rule)
        ]

    async def plans_of(self, rule: str) -> list[dict[str, Any]]:
        """Every plan made of a suggestion of ``rule``, newest first."""
        listed = await self.call(
            "list_plans", {"trigger_type": "insight_recommendation"}
        )
        return [
            plan
            for plan in listed["plans"]
            if plan["recommendation"] is not None
            and plan["recommendation"]["rule"] == rule
        ]

    async def the_suggestion(self, rule: str) -> dict[str, Any]:
        """The one suggestion of ``rule`` waiting now, in full."""
        (summary,) = await self.suggestions(rule)
        return await self.call("get_plan", {"plan_id": summary["plan_id"]})

    def pushed(self, plan_id: str | None = None) -> list[dict[str, Any]]:
        """The notifications the phone received (for one plan), oldest first."""
        return [
            dict(call.data)
            for call in self.phone
            if call.data.get("message") != "clear_notification"
            and (plan_id is None or call.data["data"]["tag"] == f"{DOMAIN}_{plan_id}")
        ]


async def async_make_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    entry_id: str | None = None,
    states: dict[str, str] | None = None,
    **options: Any,
) -> Home:
    """Add what the rules read to the demo home; set Orchestration up.

    A new home starts at ``START``. With ``entry_id`` it is that home again after a
    restart: the clock runs on, ``states`` are what its sensors report again, and
    the entry (same id) finds what was stored. The home has a wallbox, so its power
    limit is 11 kW unless ``options`` say.
    """
    options.setdefault("power_limit_w", 11000.0)
    options.setdefault("notify_targets", [PHONE])
    options.setdefault("price_entity", PRICE)
    if entry_id is None:
        freezer.move_to(local(*START))
    initial = {WINDOW: "off", MOTION: "on", **(states or {})}
    entities = er.async_get(hass)
    office = ar.async_get(hass).async_get_area_by_name("Office")
    assert office is not None
    for entity_id, device_class in ((WINDOW, "window"), (MOTION, "motion")):
        object_id = entity_id.partition(".")[2]
        entry = entities.async_get_or_create(
            "binary_sensor",
            "test",
            object_id,
            suggested_object_id=object_id,
            original_device_class=device_class,
        )
        entities.async_update_entity(entry.entity_id, area_id=office.id)
        hass.states.async_set(
            entry.entity_id,
            initial[entity_id],
            {
                "device_class": device_class,
                "friendly_name": object_id.replace("_", " ").capitalize(),
            },
        )
    for person in PERSONS:
        name = person.partition(".")[2].title()
        hass.states.async_set(
            person, initial.get(person, "home"), {"friendly_name": name}
        )
    for old, new, name, status, status_state in (
        ("switch.ac", CHARGER, "EV charger", CHARGER_STATUS, "idle"),
        (
            "switch.decorative_lights",
            DISHWASHER,
            "Dishwasher",
            DISHWASHER_STATUS,
            "inactive",
        ),
    ):
        if entities.async_get(new) is None:
            entities.async_update_entity(old, new_entity_id=new, name=name)
            await hass.async_block_till_done()
        device_id = entities.async_get(new).device_id  # type: ignore[union-attr]
        sensor = entities.async_get_or_create(
            "sensor",
            "test",
            status.partition(".")[2],
            suggested_object_id=status.partition(".")[2],
            device_id=device_id,
        )
        hass.states.async_set(sensor.entity_id, initial.get(status, status_state))
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": [CHARGER, DISHWASHER]}, blocking=True
    )
    await hass.services.async_call(
        "light", "turn_on", {"entity_id": OFFICE_LIGHT}, blocking=True
    )
    now = dt_util.now()
    hass.states.async_set(
        PRICE,
        str(PRICES[now.hour]),
        {
            "currency": "EUR",
            "unit_of_measurement": "EUR/kWh",
            "raw_today": _day_prices(now),
            "raw_tomorrow": _day_prices(now + timedelta(days=1)),
            "tomorrow_valid": True,
        },
    )
    phone = async_mock_service(hass, "notify", PHONE)
    recommendations: list[Event[dict[str, Any]]] = []

    @callback
    def heard(event: Event[dict[str, Any]]) -> None:
        recommendations.append(event)

    hass.bus.async_listen(EVENT_RECOMMENDATION, heard)
    # An entry of today's version: the options are what its owner chose (a 1.1 entry
    # storing 3500 W would be migrated to the home-sized default).
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        unique_id=DOMAIN,
        entry_id=entry_id,
        version=OrchestrationConfigFlow.VERSION,
        minor_version=OrchestrationConfigFlow.MINOR_VERSION,
        options=default_options(**options),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options["power_limit_w"] == options["power_limit_w"]
    return Home(hass, freezer, entry, phone, recommendations)


# --- One situation per rule: how it begins, how long it takes, how it ends ---------


@dataclass(frozen=True)
class Situation:
    """A situation one rule suggests something about.

    It begins with ``begin``, is suggested about ``minutes`` later (at the next pass),
    and ends with ``end``, whose reason the expired plan gives. ``untouched`` are
    states that only an accepted plan would change.
    """

    rule: str
    minutes: int
    untouched: dict[str, str]
    ended_because: str

    async def begin(self, home: Home) -> None:
        """Make the situation begin."""
        await _BEGIN[self.rule](home)

    async def end(self, home: Home) -> None:
        """Make the situation end."""
        await _END[self.rule](home)

    def __str__(self) -> str:
        """The rule, as the test id."""
        return self.rule


async def _window_opens(home: Home) -> None:
    await home.set(WINDOW, "on")


async def _window_closes(home: Home) -> None:
    await home.set(WINDOW, "off")


async def _office_empties(home: Home) -> None:
    await home.set(MOTION, "off")


async def _someone_in_the_office(home: Home) -> None:
    await home.set(MOTION, "on")


async def _everyone_leaves(home: Home) -> None:
    for person in PERSONS:
        await home.set(person, "not_home")


async def _ann_comes_home(home: Home) -> None:
    await home.set(PERSONS[0], "home")


async def _charger_starts(home: Home) -> None:
    await home.hass.services.async_call(
        "switch", "turn_on", {"entity_id": CHARGER}, blocking=True
    )
    await home.set(CHARGER_STATUS, "charging")


async def _charger_finishes(home: Home) -> None:
    await home.set(CHARGER_STATUS, "complete")


async def _dishwasher_ready(home: Home) -> None:
    await home.set(DISHWASHER_STATUS, "ready")


async def _dishwasher_cleared(home: Home) -> None:
    await home.set(DISHWASHER_STATUS, "inactive")


_BEGIN = {
    "window_open": _window_opens,
    "idle_area": _office_empties,
    "away": _everyone_leaves,
    "price_peak": _charger_starts,
    "cheap_window": _dishwasher_ready,
}
_END = {
    "window_open": _window_closes,
    "idle_area": _someone_in_the_office,
    "away": _ann_comes_home,
    "price_peak": _charger_finishes,
    "cheap_window": _dishwasher_cleared,
}

SITUATIONS = (
    Situation(
        "window_open",
        minutes=10,
        untouched={HEAT_PUMP: "heat"},
        ended_because=f"Closed again: {WINDOW}",
    ),
    Situation(
        "idle_area",
        minutes=30,
        untouched={OFFICE_LIGHT: "on"},
        ended_because="Someone is in the room again",
    ),
    Situation(
        "away",
        minutes=20,
        untouched={"light.kitchen_lights": "on", OFFICE_LIGHT: "on"},
        ended_because="Someone came home",
    ),
    # A charger running into the evening peak: suggested at once.
    Situation(
        "price_peak",
        minutes=0,
        untouched={CHARGER: "on"},
        ended_because="The appliance is no longer running",
    ),
    Situation(
        "cheap_window",
        minutes=30,
        untouched={DISHWASHER: "off"},
        ended_because="The appliance is no longer waiting",
    ),
)
