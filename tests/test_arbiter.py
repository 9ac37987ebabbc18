"""The arbiter: which plan holds a shared device, by priority, never by trigger type."""

from __future__ import annotations

from datetime import timedelta

from custom_components.orchestration.core.models import (
    ExecutionStep,
    GoalType,
    Origin,
    PlanStatus,
    Priority,
    StepId,
    StepKind,
    Strategy,
    TriggerType,
)
from custom_components.orchestration.core.planning.arbiter import (
    ActivePlan,
    Claimant,
    claims,
    conflict_notes,
)
from custom_components.orchestration.core.planning.planner import (
    build_plan,
    plan_graph,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .planner_home import NOW, goal, snapshot, task

OPTIONS = PlannerOptions()
EARLIER = NOW - timedelta(hours=1)
USER = Claimant(Origin.USER_REQUEST, Priority.HIGH, NOW)
ROUTINE = Claimant(Origin.SCHEDULED_ROUTINE, Priority.NORMAL, EARLIER)
INSIGHT = Claimant(Origin.INSIGHT_RECOMMENDATION, Priority.LOW, NOW)


def step(
    action: str, *entity_ids: str, step_id: str = "s1", **fields: object
) -> ExecutionStep:
    return ExecutionStep(
        StepId(step_id),
        StepKind.ACTION,
        action=action,
        target={"entity_id": list(entity_ids)},
        **fields,  # type: ignore[arg-type]
    )


def plan_with(*goals: object, claimant: Claimant, active: list[ActivePlan]):  # type: ignore[no-untyped-def]
    return build_plan(
        task(*goals),  # type: ignore[arg-type]
        snapshot(),
        strategy=Strategy.BALANCED,
        options=OPTIONS,
        active_plans=active,
        claimant=claimant,
    )


def test_a_higher_priority_takes_the_device_from_an_active_plan() -> None:
    routine = ActivePlan(
        "routine-1", ROUTINE, [step("light.turn_on", "light.kitchen_spot")]
    )
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"), claimant=USER, active=[routine]
    )
    assert result.feasible
    assert [conflict.winner for conflict in result.conflict_details] == ["new"]
    assert result.conflicts == [
        "routine-1: yields light.kitchen_spot to this plan (user_request (high "
        "priority) outranks scheduled_routine (normal))"
    ]


def test_a_lower_priority_leaves_out_only_the_contended_devices() -> None:
    """One step on two lights: it keeps the light nobody else holds."""
    user = ActivePlan("user-1", USER, [step("light.turn_on", "light.kitchen_spot")])
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot", "light.kitchen_ceiling"),
        claimant=INSIGHT,
        active=[user],
    )
    assert result.feasible
    assert [step.entity_ids for step in result.plan.steps] == [
        ["light.kitchen_ceiling"]
    ]
    assert result.plan.steps[0].description == "Turn off Kitchen Ceiling"
    assert result.conflicts == [
        "user-1: keeps light.kitchen_spot; this plan yields (user_request (high "
        "priority) outranks insight_recommendation (low))"
    ]
    assert "leaves out Kitchen Spot" in result.reasons[-1]


def test_between_equal_priorities_the_later_request_wins() -> None:
    routine = ActivePlan(
        "routine-1", ROUTINE, [step("light.turn_on", "light.kitchen_spot")]
    )
    later = Claimant(Origin.AUTOMATION, Priority.NORMAL, NOW)
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"), claimant=later, active=[routine]
    )
    assert result.conflict_details[0].winner == "new"
    assert "same priority (normal); the later request wins" in result.conflicts[0]
    earlier = Claimant(Origin.AUTOMATION, Priority.NORMAL, EARLIER - timedelta(1))
    lost = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
        claimant=earlier,
        active=[routine],
    )
    assert lost.conflict_details[0].winner == "active"
    assert not lost.feasible


def test_plans_that_want_the_same_thing_or_another_time_do_not_contend() -> None:
    same = ActivePlan("same", ROUTINE, [step("light.turn_off", "light.kitchen_spot")])
    later = ActivePlan(
        "later",
        USER,
        [
            step(
                "light.turn_on",
                "light.kitchen_spot",
                not_before=NOW + timedelta(hours=5),
            )
        ],
    )
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
        claimant=INSIGHT,
        active=[same, later],
    )
    assert result.conflicts == []
    assert result.feasible


def test_a_plan_waiting_for_approval_claims_only_its_timed_steps() -> None:
    """It may never run, and nobody knows when: its immediate steps hold nothing."""
    immediate = step("lock.unlock", "lock.front_door")
    timed = step("light.turn_on", "light.kitchen_spot", step_id="s2", not_before=NOW)
    held = claims([immediate, timed], NOW, status=PlanStatus.PENDING_APPROVAL)
    assert [claim.entity_id for claim in held] == ["light.kitchen_spot"]
    waiting = ActivePlan(
        "pending", USER, [immediate], status=PlanStatus.PENDING_APPROVAL
    )
    result = plan_with(
        goal(GoalType.LOCK, "lock.front_door"), claimant=INSIGHT, active=[waiting]
    )
    assert result.conflicts == []
    assert result.plan.steps[0].entity_ids == ["lock.front_door"]


def test_a_yielded_device_is_no_longer_claimed() -> None:
    gave_up = ActivePlan(
        "gave-up",
        USER,
        [step("light.turn_on", "light.kitchen_spot")],
        status=PlanStatus.RUNNING,
        yielded=frozenset({"light.kitchen_spot"}),
    )
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
        claimant=INSIGHT,
        active=[gave_up],
    )
    assert result.conflicts == []


def test_a_running_plan_holds_its_devices_until_its_last_step() -> None:
    """The cover closes in 30 s; the plan holds the lamp it set first until then."""
    steps = [
        step("light.turn_on", "light.living_lamp", estimated_duration_s=1.0),
        step(
            "cover.close_cover",
            "cover.living_blinds",
            step_id="s2",
            estimated_duration_s=30.0,
        ),
    ]
    held = claims(steps, NOW, status=PlanStatus.RUNNING)
    assert {claim.entity_id: claim.end for claim in held} == {
        "light.living_lamp": NOW + timedelta(seconds=30),
        "cover.living_blinds": NOW + timedelta(seconds=30),
    }


def test_yielding_keeps_dependencies_acyclic() -> None:
    """Dropping a yielded step rewires its dependents to what it waited for."""
    active = ActivePlan("user-1", USER, [step("light.turn_off", "light.living_lamp")])
    result = plan_with(
        goal(GoalType.CLOSE, "cover.living_blinds"),
        goal(GoalType.SET_BRIGHTNESS, "light.living_lamp", brightness_pct=10,
             sequential=True),
        goal(GoalType.MEDIA_PLAY, "media_player.living_tv", sequential=True),
        claimant=INSIGHT,
        active=[active],
    )  # fmt: skip
    assert [(step.step_id, step.depends_on) for step in result.plan.steps] == [
        ("s1", []),
        ("s3", ["s1"]),
    ]
    plan_graph(result.plan)


def test_without_a_claimant_the_trigger_type_gives_the_default_priority() -> None:
    """Pure callers (benchmarks, tests) plan as the task's trigger type would."""
    routine = ActivePlan(
        "routine-1", ROUTINE, [step("light.turn_on", "light.kitchen_spot")]
    )
    result = build_plan(
        task(
            goal(GoalType.TURN_OFF, "light.kitchen_spot"),
            trigger_type=TriggerType.INSIGHT_RECOMMENDATION,
        ),
        snapshot(),
        strategy=Strategy.BALANCED,
        options=OPTIONS,
        active_plans=[routine],
    )
    assert result.conflict_details[0].winner == "active"


def test_both_plans_are_told_in_their_language() -> None:
    routine = ActivePlan(
        "routine-1", ROUTINE, [step("light.turn_on", "light.kitchen_spot")]
    )
    result = plan_with(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"), claimant=USER, active=[routine]
    )
    (conflict,) = result.conflict_details
    ours, theirs = conflict_notes(conflict, "new-plan", "Kitchen Spot")
    assert ours == result.plan.notes[-1]
    assert ours.render("de") == (
        "Plan routine-1 wollte Kitchen Spot zur selben Zeit; dieser Plan bekommt "
        "sie: die Anfrage einer Person (Priorität hoch) geht vor eine geplante "
        "Routine (normal)."
    )
    assert theirs == (
        "Plan new-plan took Kitchen Spot from this plan: a person's request (high "
        "priority) comes before a scheduled routine (normal)."
    )
    assert theirs.render("de").startswith(
        "Plan new-plan hat diesem Plan Kitchen Spot abgenommen: "
    )
