"""Guardrails are checked when their step runs, hours after the plan was made.

Quiet hours switched on, a heavy load started meanwhile, a thermostat's range
narrowed, an approver's trust lowered: the step does not run, its trace shows the
check, and the explanation says when the check did not hold. The explanation of a
plan that ran at once never says it waits for approval. A failure names only the
devices that failed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components.trace.util import async_get_trace, async_list_traces
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.orchestration.const import DOMAIN
from custom_components.orchestration.core.events import EVENT_STEP_FAILED

from .helpers import call, notifications
from .timeline import (
    advance,
    async_setup_timeline_home,
    let_devices_finish,
    local,
    start,
)

pytestmark = pytest.mark.usefixtures("real_planning_clock")


async def failed_check(hass: HomeAssistant, plan_id: str, step_id: str) -> list[Any]:
    """The traced check actions of the step's run, and the run's ending."""
    key = f"script.{plan_id}"
    runs = await async_list_traces(hass, "script", key)
    for run in runs:
        trace = await async_get_trace(hass, key, run["run_id"])
        aliases = [item.get("alias", "") for item in trace["config"]["sequence"]]
        if aliases and aliases[0].startswith(f"{step_id}: check"):
            return [run["script_execution"], trace["trace"]]
    raise AssertionError(f"no run of {step_id}")


async def _after(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hour: int
) -> None:
    day = 0 if hour >= 20 else 1
    await advance(
        hass, freezer, local(day, hour) - dt_util.utcnow() + timedelta(seconds=1)
    )


async def test_quiet_hours_switched_on_meanwhile_hold_the_noisy_step(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(local(0, 23))
    await async_setup_timeline_home(
        hass,
        quiet_hours_start="22:00:00",
        quiet_hours_end="07:00:00",
        quiet_hours_overrides=["input_boolean.do_not_disturb"],
    )
    await hass.services.async_call(
        "input_boolean",
        "turn_off",
        {"entity_id": "input_boolean.washing_machine"},
        blocking=True,
    )
    plan = await call(hass, "create_plan", {"intent": "turn on the washing machine"})
    step = plan["plan"]["steps"][-1]
    assert "quiet_hours" in step["guardrails"]
    assert step["not_before"] == local(1, 7).isoformat()
    assert "quiet_hours" in [check["guardrail"] for check in step["checks"]]

    # Someone switches do-not-disturb on before the night ends.
    await advance(hass, freezer, timedelta(hours=6))
    await hass.services.async_call(
        "input_boolean",
        "turn_on",
        {"entity_id": "input_boolean.do_not_disturb"},
        blocking=True,
    )
    await _after(hass, freezer, 7)
    assert hass.states.get("input_boolean.washing_machine").state == "off"
    failed = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert failed["status"] == "failed"
    progress = failed["progress"][step["step_id"]]
    assert progress["guardrail"] == "quiet_hours"
    assert failed["error"] == (
        "Step 2 (Turn on Washing Machine at 07:00) did not run: a check before it did "
        "not hold."
    )
    assert (
        "Step 2 respects quiet hours. Checked at 07:00: it did not hold, so the step "
        "did not run." in failed["explanation"]["guardrails"]
    )
    execution, trace = await failed_check(hass, plan["plan_id"], step["step_id"])
    assert execution == "aborted"
    assert trace["sequence/0"][0]["result"] == {"choice": "then"}


async def test_a_heavy_load_started_meanwhile_keeps_the_power_limit(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A charger (3700 W) starts at 02:00: with it, the pool pump (1000 W) would
    pass a limit of 4000 W at 03:00, so its step does not run."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass, power_limit_w=4000.0)
    registry = er.async_get(hass)
    registry.async_update_entity("switch.decorative_lights", name="Pool pump")
    registry.async_update_entity("switch.ac", name="Car charger")
    await hass.services.async_call(
        "switch",
        "turn_off",
        {"entity_id": ["switch.decorative_lights", "switch.ac"]},
        blocking=True,
    )
    await hass.async_block_till_done()
    plan = await call(
        hass,
        "create_plan",
        {"intent": "run the pool pump for 2 hours when power is cheapest"},
    )
    step = plan["plan"]["steps"][-1]
    assert step["not_before"] == local(1, 3).isoformat()
    assert "power_limit:4000" in step["guardrails"]

    await _after(hass, freezer, 2)
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.ac"}, blocking=True
    )
    await _after(hass, freezer, 3)
    assert hass.states.get("switch.decorative_lights").state == "off"
    failed = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert failed["progress"][step["step_id"]]["guardrail"] == "power_limit:4000"
    assert (
        "Step 2 keeps the home's total power under 4 kW. Checked at 03:00: it did "
        "not hold, so the step did not run." in failed["explanation"]["guardrails"]
    )


async def test_the_power_limit_holds_when_nothing_else_runs(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """With the default limit (the home's supply) and nothing else on, it runs."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    er.async_get(hass).async_update_entity("switch.decorative_lights", name="Pool pump")
    await hass.services.async_call(
        "switch",
        "turn_off",
        {"entity_id": ["switch.decorative_lights", "switch.ac"]},
        blocking=True,
    )
    plan = await call(
        hass,
        "create_plan",
        {"intent": "run the pool pump for 2 hours when power is cheapest"},
    )
    await _after(hass, freezer, 3)
    assert hass.states.get("switch.decorative_lights").state == "on"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"
    assert (
        "Step 2 keeps the home's total power under 17.2 kW. Checked at 03:00: it "
        "held." in done["explanation"]["guardrails"]
    )


async def test_a_narrower_thermostat_range_holds_the_setpoint(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    plan = await call(
        hass,
        "create_plan",
        {"intent": "set the living room temperature to 22 degrees at 11pm"},
    )
    step = plan["plan"]["steps"][-1]
    assert step["action"] == "climate.set_temperature"
    assert any(
        text.startswith("safety:temperature_bounds") for text in step["guardrails"]
    )
    # The thermostat's range is narrowed meanwhile (a summer mode, an installer).
    state = hass.states.get("climate.hvac")
    hass.states.async_set(
        "climate.hvac", state.state, {**state.attributes, "max_temp": 20}
    )
    await _after(hass, freezer, 23)
    failed = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert failed["status"] == "failed"
    assert failed["progress"][step["step_id"]]["guardrail"].startswith(
        "safety:temperature_bounds"
    )
    assert hass.states.get("climate.hvac").attributes["temperature"] != 22


async def test_a_plan_allowed_at_once_never_says_it_waits_for_approval(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """An automation sets the temperature: allowed, run at once, and said so."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    plan = await call(
        hass, "create_plan", {"intent": "set the living room temperature to 21 degrees"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"
    lines = done["explanation"]["guardrails"]
    assert not [line for line in lines if "approval" in line]
    assert done["explanation"]["consent"] == (
        "It may run without approval: an automation may do this."
    )


async def test_an_approver_trusted_less_by_the_start_makes_the_plan_ask_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_admin_user: User,
    hass_read_only_user: User,
) -> None:
    freezer.move_to(start())
    entry = await async_setup_timeline_home(
        hass, trust_overrides={hass_admin_user.id: "trusted"}
    )
    plan = await call(
        hass,
        "create_plan",
        {"intent": "unlock the front door at 11pm"},
        user_id=hass_read_only_user.id,
    )
    assert plan["status"] == "pending_approval"
    step = plan["plan"]["steps"][-1]
    assert step["action"] == "lock.unlock"
    assert plan["explanation"]["consent"].startswith(
        "It waits for the approval of a trusted member"
    )
    approved = await call(
        hass, "approve_plan", {"plan_id": plan["plan_id"]}, user_id=hass_admin_user.id
    )
    assert approved["status"] == "scheduled"
    assert approved["explanation"]["consent"] == (
        "You approved it; it runs with your permissions."
    )

    # The approver is trusted less before the door's time comes.
    hass.config_entries.async_update_entry(
        entry,
        options={**entry.options, "trust_overrides": {hass_admin_user.id: "basic"}},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await _after(hass, freezer, 23)
    assert hass.states.get("lock.front_door").state == "locked"
    # The consent gate at the start sees it first: the plan asks again.
    again = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert again["status"] == "pending_approval"
    assert again["history"][-1]["reason"] == (
        "Asks for approval again at its start: its approver may no longer approve it"
    )


async def test_a_failure_names_only_the_locks_that_did_not_lock(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Three of four locks lock; only the jammed one is reported."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    failures = async_capture_events(hass, EVENT_STEP_FAILED)
    with (
        # The demo locks sleep on the loop's clock, which stands still here.
        patch("homeassistant.components.demo.lock.LOCK_UNLOCK_DELAY", 0),
        patch("custom_components.orchestration.core.handover.VERIFY_TIMEOUT_S", 3),
    ):
        plan = await call(hass, "create_plan", {"intent": "lock all the locks"})
        await let_devices_finish(hass, freezer)
    assert hass.states.get("lock.poorly_installed_door").state == "jammed"
    assert hass.states.get("lock.kitchen_door").state == "locked"
    failed = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert failed["status"] == "failed"
    assert failed["error"] == "Step 1: Poorly Installed Door did not become locked."
    assert failed["progress"]["s1"]["entity_ids"] == ["lock.poorly_installed_door"]
    assert [event.data["entity_ids"] for event in failures] == [
        ["lock.poorly_installed_door"]
    ]
    messages = notifications(hass)
    assert "Could not lock: Poorly Installed Door" in messages
    assert not [message for message in messages if "Front Door" in message]
    assert DOMAIN
