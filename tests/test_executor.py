"""The executor names the step that failed from the handover's map, not from aliases."""

from __future__ import annotations

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
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.executor import PlanRunner, _failed_step

from .factories import NOW


def turn_off(step_id: str, entity_id: str, *depends: str) -> ExecutionStep:
    return ExecutionStep(
        step_id,
        StepKind.ACTION,
        "light.turn_off",
        {"entity_id": [entity_id]},
        depends_on=list(depends),
        # An alias that looks like another step's must not mislead anyone.
        description=f"s9: turn off {entity_id}",
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


class FakeTrace:
    """What the executor reads of a trace: the traced actions by path, in run order."""

    def __init__(self, *paths: str) -> None:
        # A path ending in "!" is an action that raised.
        self.paths = {
            path.rstrip("!"): [
                {"path": path.rstrip("!"), "error": "boom"}
                if path.endswith("!")
                else {"path": path, "result": {"done": True}}
            ]
            for path in paths
        }

    def as_extended_dict(self) -> dict[str, Any]:
        return {"trace": self.paths}


def test_the_first_failed_step_level_action_names_the_step() -> None:
    record = record_of(
        turn_off("s1", "light.a"),
        turn_off("s2", "light.b"),
        turn_off("s3", "light.c", "s1", "s2"),
    )
    trace = FakeTrace(
        # The parallel block fails with its branch, but belongs to no step.
        "sequence/0!",
        "sequence/0/parallel/0/sequence/0",
        "sequence/0/parallel/1/sequence/0",
        "sequence/0/parallel/1/sequence/2!",
        "sequence/0/parallel/1/sequence/2/then/0!",
    )
    assert _failed_step(trace, record) == "s2"  # type: ignore[arg-type]
    assert _failed_step(FakeTrace("sequence/0!"), record) is None  # type: ignore[arg-type]


def test_a_script_of_another_handover_has_no_steps_to_name() -> None:
    record = record_of(turn_off("s1", "light.a"))
    record.script = {"sequence": [{"alias": "s1: older form", "action": "x.y"}]}
    assert _failed_step(FakeTrace("sequence/0!"), record) is None  # type: ignore[arg-type]


@pytest.mark.usefixtures("orchestration_entry")
async def test_a_step_that_does_not_take_effect_is_named(hass: HomeAssistant) -> None:
    """A verified call whose state never comes: the step-level check (no alias) fails."""
    record = record_of(
        turn_off("s1", "light.kitchen_lights"), turn_off("s2", "light.bed_light")
    )
    with (
        patch.object(DemoLight, "async_turn_off", autospec=True) as ignored,
        patch("custom_components.orchestration.core.handover.VERIFY_TIMEOUT_S", 0),
    ):
        # The bedroom light turns off; the kitchen light ignores the call.
        async def only_bedroom(light: DemoLight, **kwargs: Any) -> None:
            if light.entity_id == "light.bed_light":
                light._state = False
                light.async_write_ha_state()

        ignored.side_effect = only_bedroom
        record.script = script_config(record.plan, record.plan_id)
        outcome = await PlanRunner(hass).async_run(record, Context())
    assert not outcome.success
    assert outcome.error == (
        "Step 1 (s9: turn off light.kitchen_lights) did not respond as asked."
    )
    assert outcome.failed_step == "s1"
    assert not outcome.reported
