"""Fault tests: unavailable devices, failing services, concurrency (issue 7)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from unittest.mock import patch

from homeassistant.auth.models import User
from homeassistant.components.demo.light import DemoLight
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.orchestration.core.events import EVENT_STEP_FAILED
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.plans.pipeline import PLANNING_CONCURRENCY
from custom_components.orchestration.request import PlanRequest

from .helpers import call, notifications, settle

pytestmark = pytest.mark.usefixtures("orchestration_entry")


async def test_service_that_raises_fails_the_plan(hass: HomeAssistant) -> None:
    failed = async_capture_events(hass, EVENT_STEP_FAILED)
    with (
        patch.object(
            DemoLight, "async_turn_off", side_effect=HomeAssistantError("bulb on fire")
        ),
        # The state check after the failed call need not wait its full 30 s here.
        patch("custom_components.orchestration.core.handover.VERIFY_TIMEOUT_S", 1),
    ):
        response = await call(
            hass, "create_plan", {"intent": "turn off the kitchen lights"}
        )
        await settle(hass)
    final = await call(hass, "get_plan", {"plan_id": response["plan_id"]})
    assert final["status"] == "failed"
    assert final["error"] == "Step 1: Kitchen Lights did not become off."
    assert hass.states.get("light.kitchen_lights").state == "on"
    assert [(event.data["plan_id"], event.data["step_id"]) for event in failed] == [
        (response["plan_id"], "s1")
    ]
    assert final["metrics"]["failed_executions"] == 1
    assert final["metrics"]["success_rate"] == 0.0
    engine = async_get_engine(hass)
    stored = engine.plans.as_stored()
    assert [plan["status"] for plan in stored["plans"]] == ["failed"]
    assert stored["counters"]["failed"] == 1


async def test_unavailable_before_the_run_falls_back(hass: HomeAssistant) -> None:
    failed = async_capture_events(hass, EVENT_STEP_FAILED)
    hass.states.async_set("light.kitchen_lights", "unavailable")
    response = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights"}
    )
    await settle(hass)
    final = await call(hass, "get_plan", {"plan_id": response["plan_id"]})
    # The last resort of the plan tells the household; the plan reports the failure.
    assert final["status"] in ("failed", "infeasible"), final["status"]
    if final["status"] == "failed":
        assert failed[0].data["step_id"] == "s1"


async def test_unavailable_during_the_wait_for_approval(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    failed = async_capture_events(hass, EVENT_STEP_FAILED)
    pending = await call(hass, "create_plan", {"intent": "unlock the front door"})
    assert pending["status"] == "pending_approval"
    hass.states.async_set("lock.front_door", "unavailable")
    await call(
        hass,
        "approve_plan",
        {"plan_id": pending["plan_id"]},
        user_id=hass_admin_user.id,
    )
    await settle(hass)
    final = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert final["status"] == "failed"
    assert [event.data["step_id"] for event in failed] == ["s1"]
    assert failed[0].data["entity_ids"] == ["lock.front_door"]
    assert "Could not unlock" in " ".join(notifications(hass)) or final["error"]


def executor_threads() -> set[threading.Thread]:
    return {
        thread
        for thread in threading.enumerate()
        if thread.name.startswith("SyncWorker")
    }


async def test_200_concurrent_plans(hass: HomeAssistant) -> None:
    engine = async_get_engine(hass)
    intents = ["turn on the kitchen lights", "turn off the kitchen lights"]
    threads_before = executor_threads()
    records = await asyncio.gather(
        *(
            engine.async_create_plan(PlanRequest(intent=intents[index % 2]))
            for index in range(200)
        )
    )
    await settle(hass)
    # A burst of requests plans a bounded number at a time: it does not fill Home
    # Assistant's shared executor with a thread per request (dozens of idle threads
    # that other integrations' I/O waits behind, and that outlive the test).
    assert len(executor_threads() - threads_before) <= PLANNING_CONCURRENCY + 2
    assert len({record.plan_id for record in records}) == 200
    listed = await call(hass, "list_plans", {"limit": 500})
    assert len(listed["plans"]) == 200
    metrics = listed["metrics"]
    assert metrics["plans_created"] == 200
    statuses = [plan["status"] for plan in listed["plans"]]
    assert metrics["total_executions"] == statuses.count("completed") + statuses.count(
        "failed"
    )
    assert set(statuses) <= {"completed", "failed"}
    assert metrics["active_plans"] == 0


async def test_trace_of_a_run(hass: HomeAssistant, hass_ws_client: Any) -> None:
    response = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights"}
    )
    await settle(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "trace/list", "domain": "script", "item_id": response["plan_id"]}
    )
    traces = (await client.receive_json())["result"]
    assert len(traces) == 1
    assert traces[0]["state"] == "stopped"
    assert traces[0]["script_execution"] == "finished"
