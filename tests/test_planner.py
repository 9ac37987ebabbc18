"""Tests of the planner: DAG construction, fallbacks, reasons, scores."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx
import pytest

from custom_components.orchestration.explainer import Reason
from custom_components.orchestration.models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    ExecutionPlan,
    ExecutionStep,
    Goal,
    GoalType,
    StepKind,
    Strategy,
)
from custom_components.orchestration.planner import (
    GUARD_ENTITY_AVAILABLE,
    PlannerOptions,
    PlanningResult,
    build_plan,
    plan_graph,
    topological_steps,
)

from .planner_home import area_goal, goal, snapshot, task

OPTIONS = PlannerOptions()


def plan_for(
    *goals: Goal,
    strategy: Strategy = Strategy.BALANCED,
    snap: ContextSnapshot | None = None,
    options: PlannerOptions = OPTIONS,
    **kw: Any,
) -> PlanningResult:
    """Plan ``goals`` in the test home."""
    return build_plan(
        task(*goals, **kw),
        snap or snapshot(),
        strategy=strategy,
        options=options,
    )


def test_area_goal_is_one_step_on_every_capable_entity() -> None:
    """ "Turn off the kitchen lights" is one step on both kitchen lights."""
    result = plan_for(area_goal(GoalType.TURN_OFF, "kitchen", "light"))
    assert result.feasible
    assert result.reasons == []
    (step,) = result.plan.steps
    assert step.step_id == "s1"
    assert step.kind is StepKind.ACTION
    assert step.action == "light.turn_off"
    assert step.target == {"entity_id": ["light.kitchen_ceiling", "light.kitchen_spot"]}
    assert step.depends_on == []
    assert step.local
    assert step.goal_index == 0
    assert GUARD_ENTITY_AVAILABLE in step.guardrails
    assert step.description == "Turn off Kitchen Ceiling, Kitchen Spot"
    # The last fallback always tells the user.
    assert step.fallbacks[-1].action == "persistent_notification.create"
    assert step.fallbacks[-1].kind is StepKind.NOTIFY
    assert result.plan.privacy_score == 1.0
    assert result.plan.scores.privacy == 1.0
    assert result.conflicts == []
    assert not result.timed_out


def test_mixed_domains_give_one_step_per_action() -> None:
    """An area-wide turn_on splits into one step per distinct action, irrelevant
    entities (the temperature sensor) are skipped without a reason."""
    result = plan_for(area_goal(GoalType.TURN_ON, "kitchen"))
    actions = [(step.action, step.entity_ids) for step in result.plan.steps]
    assert actions == [
        ("light.turn_on", ["light.kitchen_ceiling", "light.kitchen_spot"]),
        ("switch.turn_on", ["switch.dishwasher", "switch.kitchen_kettle"]),
    ]
    assert [step.step_id for step in result.plan.steps] == ["s1", "s2"]
    assert result.reasons == []


def test_unrelated_goals_run_in_parallel() -> None:
    """Goals in different areas with no ordering need do not depend on each other."""
    result = plan_for(
        area_goal(GoalType.TURN_OFF, "kitchen", "light"),
        goal(GoalType.LOCK, "lock.front_door"),
    )
    assert [step.depends_on for step in result.plan.steps] == [[], []]


def test_covers_close_before_the_projector_starts() -> None:
    """An activity waits for the goals that prepare its area."""
    result = plan_for(
        goal(GoalType.CLOSE, "cover.living_blinds"),
        goal(GoalType.SET_BRIGHTNESS, "light.living_lamp", brightness_pct=20),
        goal(GoalType.TURN_ON, "light.kitchen_ceiling"),
        goal(GoalType.MEDIA_PLAY, "media_player.living_tv"),
    )
    steps = {step.step_id: step for step in result.plan.steps}
    assert steps["s1"].action == "cover.close_cover"
    assert steps["s2"].depends_on == []
    assert steps["s4"].action == "media_player.media_play"
    assert steps["s4"].depends_on == ["s1", "s2"]
    order = [step.step_id for step in topological_steps(result.plan)]
    assert order.index("s4") > order.index("s1")
    assert order.index("s4") > order.index("s2")


def test_activity_without_area_waits_for_every_preparation() -> None:
    """A scene or script with no area waits for all preparing goals said before it."""
    result = plan_for(
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
        goal(GoalType.RUN_SCRIPT, "script.good_night"),
        goal(GoalType.TURN_ON, "media_player.living_tv"),
    )
    assert result.plan.steps[1].depends_on == ["s1"]
    # The TV is in the living room: the kitchen light does not prepare it.
    assert result.plan.steps[2].depends_on == []


def test_goals_on_the_same_entity_are_ordered() -> None:
    """Two goals on one entity run in the order said."""
    result = plan_for(
        goal(GoalType.TURN_ON, "light.living_lamp"),
        goal(GoalType.SET_COLOR, "light.living_lamp", color_name="blue"),
        goal(GoalType.LOCK, "lock.front_door", sequential=True),
    )
    assert [step.depends_on for step in result.plan.steps] == [[], ["s1"], ["s2"]]
    graph = plan_graph(result.plan)
    assert nx.is_directed_acyclic_graph(graph)
    assert sorted(graph.edges) == [("s1", "s2"), ("s2", "s3")]
    assert graph.nodes["s2"]["step"].data == {"color_name": "blue"}


def test_unavailable_entity_falls_back_to_a_capable_one_in_the_area() -> None:
    """The primary light is unavailable: the other living-room light does the job."""
    snap = snapshot()
    snap.entities["light.living_lamp"].available = False
    result = plan_for(
        goal(GoalType.SET_BRIGHTNESS, "light.living_lamp", brightness_pct=30),
        snap=snap,
    )
    assert result.feasible
    (step,) = result.plan.steps
    assert step.entity_ids == ["light.living_cloud_strip"]
    assert step.data == {"brightness_pct": 30}
    assert not step.local
    assert "instead of Living Lamp" in step.description
    assert any(
        isinstance(reason, Reason) and reason.code == "substituted"
        for reason in result.reasons
    )
    assert result.plan.privacy_score == 0.0


def test_runtime_fallbacks_are_other_capable_entities_then_a_notification() -> None:
    """Fallbacks name other capable entities in the area before notifying."""
    result = plan_for(goal(GoalType.TURN_ON, "light.living_lamp"))
    (step,) = result.plan.steps
    assert [
        (item.step_id, item.action, item.entity_ids) for item in step.fallbacks
    ] == [
        ("s1.f1", "light.turn_on", ["light.living_cloud_strip"]),
        ("s1.f2", "persistent_notification.create", []),
    ]
    assert "Living Lamp" in step.fallbacks[-1].data["message"]


def test_unavailable_without_substitute_is_infeasible() -> None:
    """Nothing else can lock: the goal is reported and nothing remains."""
    snap = snapshot()
    snap.entities["lock.front_door"].available = False
    result = plan_for(goal(GoalType.LOCK, "lock.front_door"), snap=snap)
    assert not result.feasible
    assert result.plan.steps == []
    codes = [reason.code for reason in result.reasons if isinstance(reason, Reason)]
    assert codes == ["unavailable", "nothing_to_do"]
    assert "lock.front_door is unavailable" in result.reasons[0]


def test_nothing_selected_is_reported() -> None:
    """A target that selects nothing is a reason, not a silent drop."""
    result = plan_for(
        area_goal(GoalType.TURN_OFF, "garage", "light"),
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
    )
    assert result.feasible
    assert [step.goal_index for step in result.plan.steps] == [1]
    assert result.reasons == [
        "Goal 1 (turn_off): nothing in the home matches area_ids=garage; domains=light."
    ]


def test_incapable_entity_is_reported() -> None:
    """A named entity that cannot do the goal is reported; capable ones still act."""
    result = plan_for(
        goal(GoalType.SET_BRIGHTNESS, "light.kitchen_spot", "light.kitchen_ceiling",
             brightness_pct=50),
    )  # fmt: skip
    assert result.feasible
    assert result.plan.steps[0].entity_ids == ["light.kitchen_ceiling"]
    assert result.reasons == [
        "Goal 1 (set_brightness): light.kitchen_spot cannot be dimmed."
    ]


def test_area_with_nothing_capable_is_reported() -> None:
    """An area whose entities cannot do the goal at all gets one reason."""
    result = plan_for(area_goal(GoalType.MEDIA_PAUSE, "kitchen"))
    assert not result.feasible
    assert (
        result.reasons[0] == "Goal 1 (media_pause): nothing selected can media pause."
    )


def test_local_only_refuses_cloud_entities() -> None:
    """Under a local_only constraint a cloud entity is not used."""
    result = plan_for(
        area_goal(GoalType.TURN_ON, "living_room", "light"),
        constraints=[Constraint(ConstraintType.LOCAL_ONLY)],
    )
    assert result.plan.steps[0].entity_ids == ["light.living_lamp"]
    assert result.reasons == [
        "Goal 1 (turn_on): light.living_cloud_strip needs a cloud service, but this "
        "task must stay local."
    ]


def test_goal_level_goal_not_yet_supported_is_reported() -> None:
    """A goal type the planner cannot handle is reported, never dropped."""
    result = plan_for(area_goal(GoalType.ROUTINE, "kitchen"))
    assert not result.feasible
    assert result.reasons[0].startswith("Goal 1 (routine)")


def test_privacy_score_counts_local_steps() -> None:
    """privacy_score is the share of acting steps that run locally."""
    result = plan_for(
        goal(GoalType.TURN_ON, "light.living_cloud_strip"),
        goal(GoalType.TURN_ON, "light.kitchen_spot"),
    )
    assert result.plan.privacy_score == 0.5
    assert result.plan.scores.privacy == 0.5
    assert result.plan.steps[0].estimated_duration_s == 2.5
    assert result.plan.scores.cost == 1.0
    latency_s = 2.5
    assert result.plan.scores.latency == pytest.approx(5 / (5 + latency_s), abs=1e-6)
    assert result.plan.scores.total == pytest.approx(
        0.25 * (0.5 + 1.0 + 5 / 7.5 + 1.0), abs=1e-6
    )


def test_same_inputs_same_plan() -> None:
    """Planning is deterministic."""
    goals = (
        area_goal(GoalType.TURN_ON, "kitchen"),
        goal(GoalType.MEDIA_PLAY, "media_player.living_tv"),
    )
    first = plan_for(*goals)
    second = plan_for(*goals)
    assert first.plan.as_dict() == second.plan.as_dict()
    assert first.reasons == second.reasons


def test_planning_time_budget_keeps_the_best_so_far() -> None:
    """When the budget is spent the goals planned so far are the plan, flagged."""
    result = plan_for(
        goal(GoalType.TURN_ON, "light.kitchen_spot"),
        goal(GoalType.LOCK, "lock.front_door"),
        options=PlannerOptions(max_planning_time_ms=0),
    )
    assert result.timed_out
    assert result.feasible
    assert [step.action for step in result.plan.steps] == ["light.turn_on"]
    assert result.reasons[-1].startswith("Planning time ran out before goal 2")


def test_device_goals_have_no_alternatives() -> None:
    """Every strategy does a plain device goal the same way: no fake alternatives."""
    result = plan_for(goal(GoalType.TURN_ON, "light.kitchen_spot"))
    assert result.alternatives == []


def test_plan_graph_rejects_bad_edges() -> None:
    """Unknown dependencies and cycles are refused."""
    unknown = ExecutionPlan(
        Strategy.BALANCED,
        [ExecutionStep("s1", StepKind.ACTION, depends_on=["s9"])],
    )
    with pytest.raises(ValueError, match="unknown step s9"):
        plan_graph(unknown)
    first = ExecutionStep("s1", StepKind.ACTION, depends_on=["s2"])
    second = replace(first, step_id="s2", depends_on=["s1"])
    with pytest.raises(ValueError, match="cycle"):
        topological_steps(ExecutionPlan(Strategy.BALANCED, [first, second]))


def test_topological_order_keeps_plan_order_for_ties() -> None:
    """Independent steps keep the order the user said them."""
    steps = [
        ExecutionStep("s1", StepKind.ACTION),
        ExecutionStep("s2", StepKind.ACTION, depends_on=["s3"]),
        ExecutionStep("s3", StepKind.ACTION),
    ]
    order = topological_steps(ExecutionPlan(Strategy.BALANCED, steps))
    assert [step.step_id for step in order] == ["s1", "s3", "s2"]


def test_unavailable_ac_falls_back_to_a_fan_when_cooling() -> None:
    """Another action with the same effect: the fan cools when the AC is gone."""
    snap = snapshot()
    snap.entities["climate.living_ac"].available = False
    result = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=20), snap=snap
    )
    (step,) = result.plan.steps
    assert (step.action, step.entity_ids) == ("fan.turn_on", ["fan.living_fan"])
    # Heating cannot be replaced by a fan.
    heating = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=26), snap=snap
    )
    assert not heating.feasible


def test_available_ac_keeps_the_fan_as_fallback() -> None:
    """The fan is the AC's runtime fallback when cooling, before the notification."""
    result = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=20)
    )
    (step,) = result.plan.steps
    assert [item.action for item in step.fallbacks] == [
        "fan.turn_on",
        "persistent_notification.create",
    ]
    snap = snapshot()
    snap.entities["climate.living_ac"].state = "cool"
    snap.entities["fan.living_fan"].supported_features = 0
    result = plan_for(goal(GoalType.TURN_ON, "climate.living_ac"), snap=snap)
    assert [item.action for item in result.plan.steps[0].fallbacks] == [
        "persistent_notification.create"
    ]
    snap.environment.areas.clear()
    result = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=20), snap=snap
    )
    assert len(result.plan.steps[0].fallbacks) == 1
