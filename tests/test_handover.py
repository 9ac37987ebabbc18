"""Plans become runnable Home Assistant script configs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.orchestration.core.handover import (
    script_config,
    step_actions,
    step_script,
)
from custom_components.orchestration.core.models import (
    ExecutionPlan,
    ExecutionStep,
    Guardrail,
    StepCheck,
    StepId,
    StepKind,
    Strategy,
    Wait,
    WaitKind,
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


def test_parts_sharing_no_step_run_side_by_side() -> None:
    """A step waits only for its own dependencies, even in the plan's script."""
    start = NOW + timedelta(hours=7)
    plan = ExecutionPlan(
        Strategy.BALANCED,
        [
            action("s1", "cover.blinds"),
            action("s2", "media_player.tv", "s1"),
            ExecutionStep(StepId("s3"), StepKind.WAIT, not_before=start),
            action("s4", "switch.dishwasher", "s3", not_before=start),
        ],
    )
    (parallel,) = script_config(plan)["sequence"]
    first, second = parallel["parallel"]
    assert [item.get("target") for item in first["sequence"] if "action" in item] == [
        {"entity_id": ["cover.blinds"]},
        {"entity_id": ["media_player.tv"]},
    ]
    assert "delay" in second["sequence"][0]
    assert second["sequence"][1]["delay"] == second["sequence"][0]["delay"]
    assert second["sequence"][2]["target"] == {"entity_id": ["switch.dishwasher"]}


def test_the_engine_runs_a_step_without_its_wait() -> None:
    step = action("s2", "switch.dishwasher", "s1", not_before=NOW)
    sequence = step_script(step, "p1")["sequence"]
    assert sequence[0]["action"] == "light.turn_off"
    assert not any("delay" in item for item in sequence)
    # The plan's script waits for the step's time itself.
    assert "delay" in step_actions(step, "p1")[0]


def test_a_condition_wait_waits_for_its_trigger_until_it_expires() -> None:
    expires = NOW + timedelta(hours=24)
    arrival = ExecutionStep(
        StepId("s1"),
        StepKind.WAIT,
        data={
            "wait": Wait(
                WaitKind.ARRIVAL, expires_at=expires, entity_ids=["person.ann"]
            ).as_dict()
        },
    )
    (wait,) = step_actions(arrival)
    assert wait["wait_for_trigger"] == [
        {"trigger": "state", "entity_id": ["person.ann"], "to": "home"}
    ]
    assert expires.isoformat() in wait["timeout"]
    assert wait["continue_on_timeout"] is False
    nobody = ExecutionStep(
        StepId("s1"),
        StepKind.WAIT,
        data={"wait": Wait(WaitKind.NOBODY_HOME).as_dict()},
    )
    (wait,) = step_actions(nobody)
    assert wait == {
        "alias": "s1: wait",
        "wait_template": "{{ states('zone.home') | int(0) == 0 }}",
    }


def test_guardrail_checks_come_before_the_call() -> None:
    check = StepCheck(
        Guardrail.power_limit(3500),
        {"condition": "template", "value_template": "{{ 0 + 2000 <= 3500 }}"},
    )
    step = action("s1", "switch.dishwasher", checks=[check])
    guard, call, *_ = step_actions(step, "p1")
    assert guard["alias"] == "s1: check power_limit:3500"
    assert guard["if"] == [{"condition": "not", "conditions": [check.condition]}]
    report, stop = guard["then"]
    assert report["event_data"]["guardrail"] == "power_limit:3500"
    assert stop == {
        "stop": "Step 1 (Turn off switch.dishwasher) did not run: a check before it did not hold.",
        "error": True,
    }
    assert call["action"] == "light.turn_off"


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
    wait = ExecutionStep(StepId("w1"), StepKind.WAIT, not_before=NOW)
    assert [list(item) for item in step_actions(wait)] == [["alias", "delay"]]
    assert step_actions(ExecutionStep(StepId("w2"), StepKind.WAIT)) == []


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
    several = action("s2", "light.a", fallbacks=[notify])
    several.target = {"entity_id": ["light.a", "light.b"]}
    *_, check = step_actions(several, "plan-1")
    report = check["then"][0]
    # Only the lights that did not turn off are reported, read when it fails.
    assert report["event_data"]["entity_ids"] == (
        "{{ expand(['light.a', 'light.b']) | rejectattr('state', 'in', ['off'])"
        " | map(attribute='entity_id') | list }}"
    )
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
