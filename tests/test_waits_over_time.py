"""Conditions as first-class waits, followed over time through the services.

"When someone gets home", "when the washing machine finishes", "at sunset": the plan
is ``scheduled`` with its wait in ``PlanResponse.wait``, explained, armed as Home
Assistant state or time tracking; it runs when the condition comes, expires with its
window, and survives a restart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.sun import get_astral_event_next
from homeassistant.util import dt as dt_util
import pytest

from .helpers import call
from .timeline import (
    PERSONS,
    advance,
    arrive,
    async_setup_timeline_home,
    restart,
    start,
)

pytestmark = pytest.mark.usefixtures("real_planning_clock")

LIGHTS = "light.kitchen_lights"


@dataclass(frozen=True, slots=True)
class Case:
    """A wait: what is said, what the wait looks like, what ends it."""

    intent: str
    wait: Callable[[HomeAssistant], dict[str, object]]
    come: Callable[[HomeAssistant, FrozenDateTimeFactory], Awaitable[None]]
    described: Callable[[HomeAssistant], str]


def _sunset(hass: HomeAssistant) -> datetime:
    return get_astral_event_next(hass, "sunset", start())


async def _finish_washing(hass: HomeAssistant, _: FrozenDateTimeFactory) -> None:
    await hass.services.async_call(
        "input_boolean",
        "turn_off",
        {"entity_id": "input_boolean.washing_machine"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def _anna_arrives(hass: HomeAssistant, _: FrozenDateTimeFactory) -> None:
    await arrive(hass)


async def _sun_sets(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    await advance(
        hass, freezer, _sunset(hass) - dt_util.utcnow() + timedelta(seconds=1)
    )


def _sunset_wait(hass: HomeAssistant) -> dict[str, Any]:
    return {
        "kind": "sun",
        "at": _sunset(hass).isoformat(),
        "event": "sunset",
        "offset": 0,
        "expires_at": (_sunset(hass) + timedelta(minutes=15)).isoformat(),
    }


def _until_sunset(hass: HomeAssistant) -> str:
    return f"Wait until sunset ({dt_util.as_local(_sunset(hass)):%Y-%m-%d %H:%M})"


def _expires() -> str:
    return (start() + timedelta(hours=24)).isoformat()


CASES = {
    "arrival": Case(
        "turn on the kitchen lights when someone gets home",
        lambda _: {
            "kind": "arrival",
            "entity_ids": list(PERSONS),
            "expires_at": _expires(),
        },
        _anna_arrives,
        lambda _: "Wait until someone gets home (at most until 2026-03-11 20:00)",
    ),
    "state": Case(
        "turn on the kitchen lights when the washing machine finishes",
        lambda _: {
            "kind": "state",
            "entity_id": "input_boolean.washing_machine",
            "to": "off",
            "expires_at": _expires(),
        },
        _finish_washing,
        lambda _: (
            "Wait until Washing Machine changes to off (at most until 2026-03-11 20:00)"
        ),
    ),
    "sun": Case(
        "turn on the kitchen lights at sunset", _sunset_wait, _sun_sets, _until_sunset
    ),
    "sun said as people do": Case(
        "when it gets dark, turn on the kitchen lights",
        _sunset_wait,
        _sun_sets,
        _until_sunset,
    ),
}


async def _lights_off(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "light", "turn_off", {"entity_id": LIGHTS}, blocking=True
    )


@pytest.mark.parametrize("name", list(CASES))
async def test_a_wait_holds_the_plan_until_its_condition_comes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, name: str
) -> None:
    case = CASES[name]
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(hass, "create_plan", {"intent": case.intent})
    assert plan["status"] == "scheduled"
    assert plan["wait"] == case.wait(hass)
    described = case.described(hass)
    assert plan["explanation"]["steps"][0] == f"1. {described}"
    assert plan["explanation"]["summary"].endswith(f"First: {described}.")

    await advance(hass, freezer, timedelta(minutes=30))
    assert hass.states.get(LIGHTS).state == "off"
    waiting = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert waiting["status"] == "scheduled"
    assert waiting["progress"]["s1"]["state"] == "waiting"

    await case.come(hass, freezer)
    assert hass.states.get(LIGHTS).state == "on"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"
    assert done["wait"] is None


@pytest.mark.parametrize("name", list(CASES))
async def test_a_wait_survives_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, name: str
) -> None:
    case = CASES[name]
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(hass, "create_plan", {"intent": case.intent})

    async with restart(hass, freezer, down_for=timedelta(minutes=30)) as again:
        await _lights_off(again)
        waiting = await call(again, "get_plan", {"plan_id": plan["plan_id"]})
        assert waiting["status"] == "scheduled"
        assert waiting["wait"] == case.wait(again)
        await case.come(again, freezer)
        assert again.states.get(LIGHTS).state == "on"
        done = await call(again, "get_plan", {"plan_id": plan["plan_id"]})
        assert done["status"] == "completed"


@pytest.mark.parametrize("name", ["arrival", "state"])
async def test_a_wait_expires_with_its_window(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, name: str
) -> None:
    case = CASES[name]
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(hass, "create_plan", {"intent": case.intent})
    await advance(hass, freezer, timedelta(hours=23, minutes=59))
    assert (await call(hass, "get_plan", {"plan_id": plan["plan_id"]}))[
        "status"
    ] == "scheduled"
    await advance(hass, freezer, timedelta(minutes=1, seconds=1))
    expired = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert expired["status"] == "expired"
    assert expired["history"][-1]["reason"].startswith("The wait for ")
    assert expired["history"][-1]["reason"].endswith(" ran out")
    await case.come(hass, freezer)
    assert hass.states.get(LIGHTS).state == "off"


@pytest.mark.parametrize(
    ("name", "down_for"),
    [
        ("arrival", timedelta(hours=25)),
        ("state", timedelta(hours=25)),
        # Tomorrow's sunset is 18:53: 19:30 is past it and its grace.
        ("sun", timedelta(hours=23, minutes=30)),
    ],
)
async def test_a_wait_that_ran_out_while_down_expires_at_the_start(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    name: str,
    down_for: timedelta,
) -> None:
    case = CASES[name]
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(hass, "create_plan", {"intent": case.intent})
    async with restart(hass, freezer, down_for=down_for) as again:
        await _lights_off(again)
        expired = await call(again, "get_plan", {"plan_id": plan["plan_id"]})
        assert expired["status"] == "expired"
        assert (
            "while Home Assistant was not running" in (expired["history"][-1]["reason"])
        )
        await case.come(again, freezer)
        assert again.states.get(LIGHTS).state == "off"


async def test_a_deadline_and_the_option_bound_the_wait(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass, wait_timeout_h=2)
    plan = await call(
        hass,
        "create_plan",
        {"intent": "turn on the kitchen lights when someone gets home"},
    )
    assert dt_util.parse_datetime(plan["wait"]["expires_at"]) == start() + timedelta(
        hours=2
    )
    before = await call(
        hass,
        "create_plan",
        {"intent": "turn on the kitchen lights when someone gets home before 11pm"},
    )
    assert dt_util.parse_datetime(before["wait"]["expires_at"]) == start() + timedelta(
        hours=3
    )


async def test_waiting_for_the_home_to_be_empty(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A wait for a state of the home ends at once when the home already is so."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    at_once = await call(
        hass,
        "create_plan",
        {"intent": "turn off the kitchen lights when nobody is home"},
    )
    assert at_once["wait"] is None
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "off"

    await arrive(hass)
    await hass.services.async_call(
        "light", "turn_on", {"entity_id": LIGHTS}, blocking=True
    )
    plan = await call(
        hass,
        "create_plan",
        {"intent": "turn off the kitchen lights when nobody is home"},
    )
    assert plan["status"] == "scheduled"
    assert plan["wait"]["kind"] == "nobody_home"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "on"
    hass.states.async_set(PERSONS[0], "not_home", {"friendly_name": "Anna"})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "off"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"


async def test_a_wait_is_explained_in_german(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    plan = await call(
        hass,
        "create_plan",
        {
            "intent": "schalte Kitchen Lights ein, wenn jemand nach Hause kommt",
            "language": "de",
        },
    )
    assert plan["wait"]["kind"] == "arrival"
    assert plan["explanation"]["steps"][0] == (
        "1. Warten, bis jemand nach Hause kommt (höchstens bis 2026-03-11 20:00)"
    )


async def test_a_wait_that_cannot_be_watched_makes_the_plan_infeasible(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Nobody's presence is known: running at once would do what was not asked."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    for person in PERSONS:
        hass.states.async_remove(person)
    await hass.async_block_till_done()
    plan = await call(
        hass,
        "create_plan",
        {"intent": "turn off the kitchen lights when someone gets home"},
    )
    assert plan["status"] == "infeasible"
    assert "no person is set up" in plan["explanation"]["summary"]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "on"


async def test_waiting_for_someone_to_leave(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A departure is a person leaving, not a home already empty, nor an arrival."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await arrive(hass)
    plan = await call(
        hass,
        "create_plan",
        {"intent": "turn off the kitchen lights when somebody leaves"},
    )
    assert plan["status"] == "scheduled"
    assert plan["wait"] == {
        "kind": "departure",
        "entity_ids": list(PERSONS),
        "expires_at": _expires(),
    }
    assert plan["explanation"]["steps"][0].startswith("1. Wait until someone leaves")

    await advance(hass, freezer, timedelta(hours=1))
    await arrive(hass, PERSONS[1])
    assert hass.states.get(LIGHTS).state == "on"
    hass.states.async_set(PERSONS[0], "not_home", {"friendly_name": "Anna"})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "off"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"


async def test_waiting_for_someone_to_be_home(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """ "While someone is home" waits for the first person back, then runs."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(
        hass,
        "create_plan",
        {"intent": "turn on the kitchen lights when someone is home"},
    )
    assert plan["status"] == "scheduled"
    assert plan["wait"]["kind"] == "someone_home"
    await advance(hass, freezer, timedelta(hours=2))
    assert hass.states.get(LIGHTS).state == "off"
    await arrive(hass, PERSONS[1])
    assert hass.states.get(LIGHTS).state == "on"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"


async def test_switched_on_for_a_while_then_off_again(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """On now and off 30 minutes later ("for 30 minutes"), also across a restart."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await _lights_off(hass)
    plan = await call(
        hass, "create_plan", {"intent": "turn on the kitchen lights for 30 minutes"}
    )
    assert [step["action"] for step in plan["plan"]["steps"]] == [
        "light.turn_on",
        None,
        "light.turn_off",
    ]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LIGHTS).state == "on"

    async with restart(hass, freezer, down_for=timedelta(minutes=10)) as again:
        assert again.states.get(LIGHTS).state == "on"
        await advance(again, freezer, timedelta(minutes=19))
        assert again.states.get(LIGHTS).state == "on"
        await advance(again, freezer, timedelta(minutes=2))
        assert again.states.get(LIGHTS).state == "off"
        done = await call(again, "get_plan", {"plan_id": plan["plan_id"]})
        assert done["status"] == "completed"
