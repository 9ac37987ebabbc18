"""Plans become runnable Home Assistant script configs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.orchestration.core.handover import (
    plan_script,
    script_config,
    step_actions,
)
from custom_components.orchestration.core.models import (
    ExecutionPlan,
    ExecutionStep,
    StepKind,
    Strategy,
)

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def action(
    step_id: str, entity_id: str, *depends: str, **extra: object
) -> ExecutionStep:
    return ExecutionStep(
        step_id=step_id,
        kind=StepKind.ACTION,
        action="light.turn_off",
        target={"entity_id": [entity_id]},
        depends_on=list(depends),
        description=f"Turn off {entity_id}",
        **extra,  # type: ignore[arg-type]
    )


def test_independent_steps_run_in_parallel_dependent_after() -> None:
    plan = ExecutionPlan(
        Strategy.BALANCED,
        steps=[
            action("s1", "light.a"),
            action("s2", "light.b"),
            action("s3", "light.c", "s1", "s2"),
        ],
    )
    sequence = script_config(plan)["sequence"]
    assert len(sequence) == 4
    branches = sequence[0]["parallel"]
    assert [branch["sequence"][0]["target"] for branch in branches] == [
        {"entity_id": ["light.a"]},
        {"entity_id": ["light.b"]},
    ]
    assert sequence[1] == {
        "alias": "s3: Turn off light.c",
        "action": "light.turn_off",
        "target": {"entity_id": ["light.c"]},
    }


def test_the_handover_maps_each_action_path_to_its_step() -> None:
    handed_over = plan_script(
        ExecutionPlan(
            Strategy.BALANCED,
            [
                action("s1", "light.a"),
                action("s2", "light.b"),
                action("s3", "light.c", "s1", "s2"),
            ],
        )
    )
    parallel, *after = handed_over.config["sequence"]
    assert len(parallel["parallel"]) == 2
    assert handed_over.steps == {
        "sequence/0/parallel/0/sequence/0": "s1",
        "sequence/0/parallel/0/sequence/1": "s1",
        "sequence/0/parallel/0/sequence/2": "s1",
        "sequence/0/parallel/1/sequence/0": "s2",
        "sequence/0/parallel/1/sequence/1": "s2",
        "sequence/0/parallel/1/sequence/2": "s2",
        "sequence/1": "s3",
        "sequence/2": "s3",
        "sequence/3": "s3",
    }
    assert len(after) == 3


def test_each_action_is_verified() -> None:
    call, wait, check = step_actions(action("s1", "light.a"))
    assert call["action"] == "light.turn_off"
    assert wait["wait_template"] == "{{ states('light.a') in ['off'] }}"
    assert wait["continue_on_timeout"] is True
    assert check["if"] == "{{ not wait.completed }}"
    assert check["then"] == [
        {"stop": "Step 1 (Turn off light.a) did not respond as asked.", "error": True}
    ]
    scene = ExecutionStep(
        "s2", StepKind.ACTION, action="scene.turn_on", target={"entity_id": ["scene.x"]}
    )
    assert step_actions(scene) == [
        {"alias": "s2", "action": "scene.turn_on", "target": {"entity_id": ["scene.x"]}}
    ]


def test_not_before_becomes_a_delay_until_that_moment() -> None:
    start = NOW + timedelta(hours=3)
    actions = step_actions(action("s1", "switch.dishwasher", not_before=start))
    delay = actions[0]["delay"]
    assert start.isoformat() in delay
    assert delay.startswith("{{ [0, (as_datetime(")
    assert actions[1]["action"] == "light.turn_off"
    assert len(actions) == 4


def test_wait_step_is_only_a_delay() -> None:
    wait = ExecutionStep("w1", StepKind.WAIT, not_before=NOW)
    assert [list(item) for item in step_actions(wait)] == [["alias", "delay"]]
    assert step_actions(ExecutionStep("w2", StepKind.WAIT)) == []


def test_fallbacks_are_tried_in_turn_until_one_takes_effect() -> None:
    fallback = action("s1f1", "light.b")
    notify = ExecutionStep(
        "s1f2",
        StepKind.NOTIFY,
        action="persistent_notification.create",
        data={"message": "No light could be turned off"},
    )
    step = action("s1", "light.a", fallbacks=[fallback, notify])
    first, second, check = step_actions(step, "plan-1")
    assert first["if"] == [
        {
            "condition": "not",
            "conditions": [
                {"condition": "state", "entity_id": "light.a", "state": "unavailable"}
            ],
        }
    ]
    call, wait = first["then"]
    assert call["continue_on_error"] is True
    assert call["target"] == {"entity_id": ["light.a"]}
    assert wait["wait_template"] == "{{ states('light.a') in ['off'] }}"
    assert second["if"][1] == {
        "condition": "template",
        "value_template": "{{ not ((states('light.a') in ['off'])) }}",
    }
    assert second["then"][0]["target"] == {"entity_id": ["light.b"]}
    assert check["if"] == [
        {
            "condition": "template",
            "value_template": (
                "{{ not ((states('light.a') in ['off']) or "
                "(states('light.b') in ['off'])) }}"
            ),
        }
    ]
    report, last_resort, stop = check["then"]
    assert report["event"] == "orchestration_step_failed"
    assert report["event_data"] == {
        "plan_id": "plan-1",
        "step_id": "s1",
        "entity_ids": ["light.a"],
        "error": "Step 1 (Turn off light.a) took no effect.",
    }
    assert last_resort["action"] == "persistent_notification.create"
    assert stop == {
        "stop": "Step 1 (Turn off light.a) took no effect.",
        "error": True,
    }


def test_unverifiable_fallbacks_take_the_first_available() -> None:
    scene = ExecutionStep(
        "s1",
        StepKind.ACTION,
        action="scene.turn_on",
        target={"entity_id": ["scene.a"]},
        fallbacks=[
            ExecutionStep(
                "s1f1",
                StepKind.ACTION,
                action="scene.turn_on",
                target={"entity_id": ["scene.b"]},
            )
        ],
    )
    (choose,) = step_actions(scene)
    assert [option["sequence"][0]["target"] for option in choose["choose"]] == [
        {"entity_id": ["scene.a"]},
        {"entity_id": ["scene.b"]},
    ]
    assert choose["default"][-1] == {
        "stop": "Step 1 (scene.turn_on) took no effect.",
        "error": True,
    }


def test_guardrail_condition_stops_run_when_false() -> None:
    condition = {"condition": "state", "entity_id": "person.ann", "state": "home"}
    step = ExecutionStep(
        "g1",
        StepKind.CONDITION,
        data={"condition": condition},
        description="someone home",
    )
    (guard,) = step_actions(step)
    assert guard["if"] == [{"condition": "not", "conditions": [condition]}]
    assert guard["then"][0]["error"] is True
    assert step_actions(ExecutionStep("g2", StepKind.CONDITION)) == []
