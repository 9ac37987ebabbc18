"""The runner runs one step as a traced script and says how it ended."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

from homeassistant.components.demo.light import DemoLight
from homeassistant.core import Context, HomeAssistant
import pytest

from custom_components.orchestration.core.handover import script_config
from custom_components.orchestration.core.models import (
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    Guardrail,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StepCheck,
    StepId,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.executor import PlanRunner

from .factories import NOW

pytestmark = pytest.mark.usefixtures("orchestration_entry")


def turn_off(step_id: str, entity_id: str, *checks: StepCheck) -> ExecutionStep:
    return ExecutionStep(
        StepId(step_id),
        StepKind.ACTION,
        "light.turn_off",
        {"entity_id": [entity_id]},
        description=f"turn off {entity_id}",
        checks=list(checks),
    )


def record_of(*steps: ExecutionStep) -> PlanRecord:
    plan = ExecutionPlan(Strategy.BALANCED, list(steps))
    return PlanRecord(
        plan_id="p1",
        status=PlanStatus.RUNNING,
        created=NOW,
        task_spec=TaskSpec("turn off the lights"),
        policy=PolicyDecision(Decision.ALLOW, TrustTier.TRUSTED),
        plan=plan,
        explanation=Explanation(),
        script=script_config(plan, "p1"),
        planning_time_ms=1.0,
    )


async def test_a_step_that_does_not_take_effect_fails(hass: HomeAssistant) -> None:
    record = record_of(turn_off("s1", "light.kitchen_lights"))
    with (
        patch.object(DemoLight, "async_turn_off", autospec=True),
        patch("custom_components.orchestration.core.handover.VERIFY_TIMEOUT_S", 0),
    ):
        outcome = await PlanRunner(hass).async_run_step(
            record, record.plan.steps[0], Context(), {}
        )
    assert not outcome.success
    assert outcome.error == (
        "Step 1 (turn off light.kitchen_lights) did not respond as asked."
    )
    assert not outcome.reported
    assert outcome.guardrail is None
    assert outcome.checked is None


async def test_a_guardrail_that_does_not_hold_stops_the_step(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    never = StepCheck(
        Guardrail.power_limit(100),
        {"condition": "template", "value_template": "{{ false }}"},
    )
    record = record_of(turn_off("s1", "light.kitchen_lights", never))
    outcome = await PlanRunner(hass).async_run_step(
        record, record.plan.steps[0], Context(), {}
    )
    assert not outcome.success
    assert outcome.guardrail == "power_limit:100"
    assert outcome.reported
    assert outcome.checked is not None
    assert outcome.error == (
        "Step 1 (turn off light.kitchen_lights) did not run: a check before it did "
        "not hold."
    )
    assert hass.states.get("light.kitchen_lights").state == "on"

    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "trace/list", "domain": "script", "item_id": "p1"}
    )
    (trace,) = (await client.receive_json())["result"]
    await client.send_json_auto_id(
        {
            "type": "trace/get",
            "domain": "script",
            "item_id": "p1",
            "run_id": trace["run_id"],
        }
    )
    details = (await client.receive_json())["result"]
    check = details["trace"]["sequence/0"][0]
    assert check["result"] == {"choice": "then"}
    assert details["config"]["sequence"][0]["alias"] == "s1: check power_limit:100"


async def test_stopping_a_plan_cancels_its_running_step(hass: HomeAssistant) -> None:
    waiting = StepCheck(
        Guardrail.power_limit(100),
        {"condition": "template", "value_template": "{{ true }}"},
    )
    step = turn_off("s1", "light.kitchen_lights", waiting)
    record = record_of(step)
    runner = PlanRunner(hass)
    with patch.object(DemoLight, "async_turn_off", autospec=True):
        # The light never turns off: the step waits for it until it is stopped.
        run = asyncio.ensure_future(runner.async_run_step(record, step, Context(), {}))
        for _ in range(50):
            if runner.is_running("p1"):
                break
            await asyncio.sleep(0)
        assert runner.is_running("p1")
        await runner.async_stop("p1")
        outcome = await run
    assert outcome.cancelled
    assert not runner.is_running("p1")
