"""Drift: someone changes a device while a plan runs → override counted, replanned."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from homeassistant.core import Context, HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.orchestration.core.events import EVENT_REPLANNED
from custom_components.orchestration.core.models import ExecutionStep, StepKind
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
)
from custom_components.orchestration.plans import pipeline as pipeline_module

from .helpers import call, settle

pytestmark = pytest.mark.usefixtures("orchestration_entry")


def plan_then_wait(*args: Any, **kwargs: Any) -> PlanningResult:
    """The real plan, followed by an hour-long wait so that it keeps running."""
    result = build_plan(*args, **kwargs)
    last = result.plan.steps[-1].step_id
    result.plan.steps.append(
        ExecutionStep(
            step_id="w1",
            kind=StepKind.WAIT,
            depends_on=[last],
            not_before=dt_util.utcnow() + timedelta(hours=1),
        )
    )
    return result


async def test_override_during_a_plan_is_counted_and_replanned(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    replanned = async_capture_events(hass, EVENT_REPLANNED)
    with patch.object(pipeline_module, "build_plan", plan_then_wait):
        first = await call(
            hass, "create_plan", {"intent": "turn off the kitchen lights"}
        )
        await hass.async_block_till_done()
        assert hass.states.get("light.kitchen_lights").state == "off"
        running = await call(hass, "get_plan", {"plan_id": first["plan_id"]})
        assert running["status"] == "running"

        # Someone switches the light back on.
        await hass.services.async_call(
            "light",
            "turn_on",
            {"entity_id": "light.kitchen_lights"},
            blocking=True,
            context=Context(),
        )
        await hass.async_block_till_done()

    old = await call(hass, "get_plan", {"plan_id": first["plan_id"]})
    assert old["status"] == "superseded"
    assert "Kitchen Lights was changed by someone else" in old["history"][-1]["reason"]
    assert [event.data["old_plan_id"] for event in replanned] == [first["plan_id"]]
    new_id = replanned[0].data["new_plan_id"]
    new = await call(hass, "get_plan", {"plan_id": new_id})
    assert new["replaces"] == first["plan_id"]
    assert new["task_spec"]["trigger_type"] == "replan"
    assert new["metrics"]["user_overrides"] == 1
    assert new["metrics"]["replans"] == 1

    client = await hass_ws_client(hass)
    for plan_id in (first["plan_id"], new_id):
        await client.send_json_auto_id(
            {"type": "trace/list", "domain": "script", "item_id": plan_id}
        )
        traces = (await client.receive_json())["result"]
        assert len(traces) == 1, plan_id

    await call(hass, "cancel_plan", {"plan_id": new_id})
    await settle(hass)
    assert (await call(hass, "get_plan", {"plan_id": new_id}))["status"] == "cancelled"


async def test_override_without_replanning_is_only_counted(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        orchestration_entry,
        options={**orchestration_entry.options, "enable_replanning": False},
    )
    await hass.async_block_till_done()
    with patch.object(pipeline_module, "build_plan", plan_then_wait):
        first = await call(
            hass, "create_plan", {"intent": "turn off the kitchen lights"}
        )
        await hass.async_block_till_done()
        hass.states.async_set("light.kitchen_lights", "unavailable")
        await hass.async_block_till_done()
    plan = await call(hass, "get_plan", {"plan_id": first["plan_id"]})
    assert plan["status"] == "running"
    assert plan["metrics"]["user_overrides"] == 0
    await call(hass, "cancel_plan", {"plan_id": first["plan_id"]})
    await settle(hass)
