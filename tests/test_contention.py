"""Two plans, one device: the arbiter decides by priority; both are told (issue 15).

The preview shows the plan a create makes; a caller's trigger type buys nothing;
two plans for the same climate at the same time do not take turns on it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.orchestration.core.events import EVENT_PLAN_CONFLICT
from custom_components.orchestration.core.models import PlanStatus
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.monitor import Drift, DriftKind

from .common import async_setup_orchestration
from .helpers import call, settle
from .timeline import (
    advance,
    async_setup_timeline_home,
    let_devices_finish,
    local,
    start,
)

LIGHTS_ON = "turn on the kitchen lights at 11pm"
LIGHTS_OFF = "turn off the kitchen lights at 11pm"
MIXED = (
    "close the living room window, then play the living room and run the "
    "dishwasher when power is cheapest"
)


def what(plan: dict[str, Any]) -> list[tuple[str, str | None, list[str], Any]]:
    """A plan's steps without ids or descriptions: what runs, on what, when."""
    return [
        (
            step["kind"],
            step["action"],
            step["target"].get("entity_id", []),
            step["not_before"],
        )
        for step in plan["plan"]["steps"]
    ]


def notes(plan: dict[str, Any]) -> list[str]:
    return [note for note in plan["plan"]["notes"] if "Plan " in note]


async def test_a_person_takes_the_device_from_an_automation_and_both_are_told(
    hass: HomeAssistant, demo_home: HomeAssistant, hass_admin_user: User
) -> None:
    await async_setup_orchestration(hass)
    conflicts = async_capture_events(hass, EVENT_PLAN_CONFLICT)
    automation = await call(hass, "create_plan", {"intent": LIGHTS_ON})
    assert automation["origin"] == "automation"
    assert automation["status"] == "scheduled"

    preview = await call(
        hass, "preview_plan", {"intent": LIGHTS_OFF}, user_id=hass_admin_user.id
    )
    assert conflicts == []  # a preview tells nobody
    created = await call(
        hass, "create_plan", {"intent": LIGHTS_OFF}, user_id=hass_admin_user.id
    )
    await settle(hass)
    # The preview showed exactly the plan the create made, conflict note and all.
    assert what(preview) == what(created)
    assert notes(preview) == notes(created)
    won = (
        f"Plan {automation['plan_id']} wanted Kitchen Lights at the same time; this "
        "plan has them: a person's request (high priority) comes before an "
        "automation (normal)."
    )
    assert notes(created) == [won]
    assert [event.data for event in conflicts] == [
        {
            "plan_id": created["plan_id"],
            "other_plan_id": automation["plan_id"],
            "entity_ids": ["light.kitchen_lights"],
            "winner_plan_id": created["plan_id"],
            "loser_plan_id": automation["plan_id"],
            "reason": "user_request (high priority) outranks automation (normal)",
        }
    ]
    # The automation's plan is told, and gives the lights up: nothing is left of it.
    lost = await call(hass, "get_plan", {"plan_id": automation["plan_id"]})
    assert (
        f"Plan {created['plan_id']} took Kitchen Lights from this plan: a person's "
        "request (high priority) comes before an automation (normal)."
    ) in lost["plan"]["notes"]
    assert lost["status"] == "superseded"
    assert "another plan took a device it uses" in lost["history"][-1]["reason"]
    gave_up = await call(hass, "get_plan", {"plan_id": lost["superseded_by"]})
    assert gave_up["status"] == "infeasible"
    assert gave_up["origin"] == "automation"
    assert any(
        "leaves out Kitchen Lights" in text for text in gave_up["plan"]["notes"]
    ) or ("leaves out Kitchen Lights" in gave_up["explanation"]["summary"])
    still = await call(hass, "get_plan", {"plan_id": created["plan_id"]})
    assert still["status"] == "scheduled"


async def test_priorities_come_from_the_options(
    hass: HomeAssistant, demo_home: HomeAssistant, hass_admin_user: User
) -> None:
    """Automations first: the person's plan leaves the lights out, preview and all."""
    await async_setup_orchestration(hass, priority_automation="highest")
    automation = await call(hass, "create_plan", {"intent": LIGHTS_ON})
    preview = await call(
        hass, "preview_plan", {"intent": LIGHTS_OFF}, user_id=hass_admin_user.id
    )
    created = await call(
        hass, "create_plan", {"intent": LIGHTS_OFF}, user_id=hass_admin_user.id
    )
    await settle(hass)
    assert what(preview) == what(created) == []
    assert created["status"] == "infeasible"
    lost = (
        f"Plan {automation['plan_id']} keeps Kitchen Lights at that time, so this "
        "plan leaves them out: an automation (highest priority) comes before a "
        "person's request (high)."
    )
    assert notes(preview) == notes(created) == [lost]
    kept = await call(hass, "get_plan", {"plan_id": automation["plan_id"]})
    assert kept["status"] == "scheduled"
    assert kept["plan"]["notes"][-1] == (
        f"Plan {created['plan_id']} wanted Kitchen Lights at the same time; this "
        "plan keeps them: an automation (highest priority) comes before a person's "
        "request (high)."
    )


@pytest.mark.parametrize(
    "claimed", ["user_request", "scheduled_routine", "insight_recommendation"]
)
async def test_a_trigger_type_buys_no_priority(
    hass: HomeAssistant,
    demo_home: HomeAssistant,
    hass_admin_user: User,
    claimed: str,
) -> None:
    """An automation saying it is a person, a routine or a suggestion is an automation.

    Even with routines and suggestions set above people in the options.
    """
    await async_setup_orchestration(
        hass,
        priority_scheduled_routine="highest",
        priority_insight_recommendation="highest",
    )
    person = await call(
        hass, "create_plan", {"intent": LIGHTS_OFF}, user_id=hass_admin_user.id
    )
    automation = await call(
        hass, "create_plan", {"intent": LIGHTS_ON, "trigger_type": claimed}
    )
    assert automation["task_spec"]["trigger_type"] == claimed
    assert automation["origin"] == "automation"
    assert automation["status"] == "infeasible"
    assert (await call(hass, "get_plan", {"plan_id": person["plan_id"]}))[
        "status"
    ] == "scheduled"


async def test_a_members_pending_unlock_does_not_change_the_bedtime_preview(
    hass: HomeAssistant,
    demo_home: HomeAssistant,
    hass_admin_user: User,
    hass_read_only_user: User,
) -> None:
    """A plan waiting for approval holds nothing yet: preview and create agree."""
    await async_setup_orchestration(hass)
    unlock = await call(
        hass,
        "create_plan",
        {"intent": "unlock the front door"},
        user_id=hass_read_only_user.id,
    )
    assert unlock["status"] == "pending_approval"
    preview = await call(
        hass, "preview_plan", {"intent": "good night"}, user_id=hass_admin_user.id
    )
    created = await call(
        hass, "create_plan", {"intent": "good night"}, user_id=hass_admin_user.id
    )
    assert what(preview) == what(created)
    assert ("action", "lock.lock") in [
        (kind, action) for kind, action, *_ in what(preview)
    ]
    await settle(hass)
    assert (await call(hass, "get_plan", {"plan_id": unlock["plan_id"]}))[
        "status"
    ] == "pending_approval"


async def test_two_plans_for_the_same_time_do_not_take_turns(
    hass: HomeAssistant,
    demo_home: HomeAssistant,
    hass_admin_user: User,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The later wish keeps the climate: 18 is never set after 22 (no 22 -> 18).

    Two people's plans want the same climate at the same time; the later request
    wins. The earlier plan gives the climate up and keeps the rest of what it does.
    """
    await async_setup_orchestration(hass)
    first = await call(
        hass,
        "create_plan",
        {"intent": "set all thermostats to 18 degrees in 3 hours"},
        user_id=hass_admin_user.id,
    )
    freezer.tick(timedelta(minutes=1))
    second = await call(
        hass,
        "create_plan",
        {"intent": "set the hvac to 22 degrees in 179 minutes"},
        user_id=hass_admin_user.id,
    )
    await settle(hass)
    old = await call(hass, "get_plan", {"plan_id": first["plan_id"]})
    assert old["status"] == "superseded"
    kept = await call(hass, "get_plan", {"plan_id": old["superseded_by"]})
    assert kept["status"] == "scheduled"
    assert [target for _, _, target, _ in what(kept) if target] == [
        ["climate.heatpump"]
    ]
    set_to = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: set_to.append(
            event.data["new_state"].attributes.get("temperature")
        )
        if event.data["entity_id"] == "climate.hvac" and event.data["new_state"]
        else None,
    )
    freezer.tick(timedelta(hours=3))
    async_fire_time_changed(hass)
    await settle(hass)
    assert set_to == [22]
    assert hass.states.get("climate.heatpump").attributes["temperature"] == 18
    for plan_id in (kept["plan_id"], second["plan_id"]):
        assert (await call(hass, "get_plan", {"plan_id": plan_id}))[
            "status"
        ] == "completed"


@pytest.mark.usefixtures("real_planning_clock")
async def test_a_running_plan_leaves_what_it_gave_up_to_the_later_plan(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_admin_user: User
) -> None:
    """A running plan's later step leaves a device a person's plan took over.

    The automation's plan has closed the window and waits for 03:00 to start the
    dishwasher; a person asks for the dishwasher off at 3am. The person comes first:
    at 03:00 the automation's step does not switch the dishwasher on, the person's
    change is no override of the automation's plan, and a replan keeps it out.
    """
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    automation = await call(hass, "create_plan", {"intent": MIXED})
    await let_devices_finish(hass, freezer)
    (dishwasher,) = [
        step
        for step in automation["plan"]["steps"]
        if step["action"] == "input_boolean.turn_on"
    ]
    person = await call(
        hass,
        "create_plan",
        {"intent": "turn off the dishwasher at 3am"},
        user_id=hass_admin_user.id,
    )
    assert person["status"] == "scheduled"
    running = await call(hass, "get_plan", {"plan_id": automation["plan_id"]})
    assert running["status"] == "running"
    assert running["yielded"] == {"input_boolean.dishwasher": person["plan_id"]}

    switched: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: switched.append(event.data["new_state"].state)
        if event.data["entity_id"] == "input_boolean.dishwasher"
        else None,
    )
    engine = async_get_engine(hass)
    overrides = engine.metrics.user_overrides
    await advance(hass, freezer, local(1, 3) - dt_util.utcnow() + timedelta(seconds=1))
    assert switched == []
    assert hass.states.get("input_boolean.dishwasher").state == "off"
    ended = await call(hass, "get_plan", {"plan_id": automation["plan_id"]})
    assert ended["progress"][dishwasher["step_id"]]["state"] == "skipped"
    assert ended["progress"][dishwasher["step_id"]]["error"] == (
        f"Left to plan {person['plan_id']}, which comes first: Dishwasher."
    )
    assert ended["overridden"] == []
    assert engine.metrics.user_overrides == overrides
    done = await call(hass, "get_plan", {"plan_id": person["plan_id"]})
    assert done["status"] == "completed"


async def test_a_change_to_a_device_given_up_is_no_override(
    hass: HomeAssistant, demo_home: HomeAssistant, hass_admin_user: User
) -> None:
    """The plan that took a device over changes it: not the first plan's to undo."""
    await async_setup_orchestration(hass)
    engine = async_get_engine(hass)
    plan = await call(
        hass,
        "create_plan",
        {"intent": "set the hvac to 18 degrees"},
        user_id=hass_admin_user.id,
    )
    await settle(hass)
    record = engine.get_plan(plan["plan_id"])
    # As if it still ran when a later plan took the hvac over.
    record.status = PlanStatus.RUNNING
    record.yielded = {"climate.hvac": "later"}
    overrides = engine.metrics.user_overrides
    engine._on_drift(
        Drift(record.plan_id, "climate.hvac", DriftKind.OVERRIDE, "heat_cool")
    )
    await settle(hass)
    assert engine.metrics.user_overrides == overrides
    assert record.overridden == []
    again = await call(
        hass, "replan", {"plan_id": record.plan_id}, user_id=hass_admin_user.id
    )
    # A replan keeps what was given up: it never takes the hvac back.
    assert again["yielded"] == {"climate.hvac": "later"}
    assert all(
        "climate.hvac" not in step["target"].get("entity_id", [])
        for step in again["plan"]["steps"]
    )
