"""Drift that respects people: a person's change wins, the plan's own changes are its own.

The plan runs for hours (a window closed now, the dishwasher at 03:00); meanwhile its
devices change. A device finishing what the plan asked is not drift; a person's change
to a device the plan already set is counted and left alone, and the plan carries on
with the rest; a device that becomes unavailable before its step gets a replan that
keeps what is done and the request's room and preferences.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.orchestration.core.events import EVENT_REPLANNED

from .helpers import call
from .timeline import (
    advance,
    async_setup_timeline_home,
    let_devices_finish,
    local,
    start,
)

pytestmark = pytest.mark.usefixtures("real_planning_clock")

MIXED = (
    "close the living room window, then play the living room and run the "
    "dishwasher when power is cheapest"
)
WINDOW = "cover.living_room_window"


async def test_a_persons_change_wins_and_the_plan_carries_on(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    replanned = async_capture_events(hass, EVENT_REPLANNED)
    calls = async_capture_events(hass, "call_service")
    plan = await call(hass, "create_plan", {"intent": MIXED})
    # The window closes over several seconds and reports it under fresh contexts:
    # the plan's own change arriving late, not someone else's.
    await let_devices_finish(hass, freezer)
    assert hass.states.get(WINDOW).state == "closed"
    running = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert running["metrics"]["user_overrides"] == 0
    assert running["overridden"] == []

    # Someone opens the window again.
    await hass.services.async_call(
        "cover",
        "open_cover",
        {"entity_id": WINDOW},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    await let_devices_finish(hass, freezer)
    running = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert running["status"] == "running"
    assert running["overridden"] == [WINDOW]
    assert running["metrics"]["user_overrides"] == 1
    assert running["plan"]["notes"][-1] == (
        "Living Room Window was changed by someone else; the plan leaves it as it is"
    )

    await advance(hass, freezer, local(1, 3) - dt_util.utcnow() + timedelta(seconds=1))
    assert hass.states.get("input_boolean.dishwasher").state == "on"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"
    assert done["metrics"]["replans"] == 0
    assert replanned == []
    # The window stays as the person left it: closed once, by the plan, only.
    assert hass.states.get(WINDOW).state == "open"
    closes = [event for event in calls if event.data["service"] == "close_cover"]
    assert len(closes) == 1


async def test_an_unavailable_device_replans_what_is_left_only(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    calls = async_capture_events(hass, "call_service")
    plan = await call(
        hass,
        "create_plan",
        {
            "intent": MIXED,
            "context_hints": {"area_id": "living_room"},
            "preferences": {"cost_budget": 2.5},
        },
    )
    await let_devices_finish(hass, freezer)
    replanned = async_capture_events(hass, EVENT_REPLANNED)
    hass.states.async_set("input_boolean.dishwasher", "unavailable")
    await hass.async_block_till_done(wait_background_tasks=True)

    old = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert old["status"] == "superseded"
    assert old["history"][-1]["reason"] == "dishwasher became unavailable"
    (event,) = replanned
    new = await call(hass, "get_plan", {"plan_id": event.data["new_plan_id"]})
    assert new["context_hints"] == {"area_id": "living_room"}
    assert new["preferences"] == {"cost_budget": 2.5}
    # What the old plan did is done in the new one, and was not done again.
    actions = {step["step_id"]: step["action"] for step in new["plan"]["steps"]}
    done = {
        actions[step_id]
        for step_id, progress in new["progress"].items()
        if progress["state"] == "done"
    }
    assert {"cover.close_cover", "media_player.media_play"} <= done
    closes = [event for event in calls if event.data["service"] == "close_cover"]
    assert len(closes) == 1
    # The dishwasher cannot run now; the new plan says why instead of trying.
    assert "input_boolean.turn_on" not in actions.values()
    assert "dishwasher is unavailable" in new["explanation"]["summary"]
    assert new["status"] == "completed"


async def test_without_replanning_an_unavailable_device_is_left_to_its_fallbacks(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass, enable_replanning=False)
    replanned = async_capture_events(hass, EVENT_REPLANNED)
    plan = await call(hass, "create_plan", {"intent": MIXED})
    await let_devices_finish(hass, freezer)
    hass.states.async_set("input_boolean.dishwasher", "unavailable")
    await hass.async_block_till_done(wait_background_tasks=True)
    running = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert running["status"] == "running"
    assert running["metrics"]["user_overrides"] == 0
    assert replanned == []
    await call(hass, "cancel_plan", {"plan_id": plan["plan_id"]})
    await hass.async_block_till_done(wait_background_tasks=True)
