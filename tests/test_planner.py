"""Tests of the planner: DAG construction, fallbacks, reasons, scores."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from hypothesis import given, settings, strategies as st
import networkx as nx
import pytest

from custom_components.orchestration.core.handover import script_config
from custom_components.orchestration.core.models import (
    AreaOccupancy,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    PrivacyClass,
    StepKind,
    Strategy,
    Targets,
    TrustTier,
)
from custom_components.orchestration.core.planning.devices import (
    SOMEONE_HOME_CONDITION,
)
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
    plan_graph,
    topological_steps,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions
from custom_components.orchestration.core.texts import Reason

from .planner_home import NOW, area_goal, goal, snapshot, task
from .synthetic_home import synthetic_home

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
    assert Guardrail(GuardrailKind.ENTITY_AVAILABLE) in step.guardrails
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
    result = plan_for(
        area_goal(GoalType.TURN_ON, "kitchen"), snap=snapshot(power_limit_w=None)
    )
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
        isinstance(reason, Reason) and reason.key == "reasons.substituted"
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
    codes = [reason.key for reason in result.reasons if isinstance(reason, Reason)]
    assert codes == ["reasons.unavailable", "reasons.nothing_to_do"]
    assert result.reasons[0] == (
        "Front Door is unavailable, and nothing else in its room can do it."
    )


def test_nothing_selected_is_reported() -> None:
    """A target that selects nothing is a reason, not a silent drop."""
    result = plan_for(
        area_goal(GoalType.TURN_OFF, "garage", "light"),
        goal(GoalType.TURN_OFF, "light.kitchen_spot"),
    )
    assert result.feasible
    assert [step.goal_index for step in result.plan.steps] == [1]
    assert result.reasons == [
        "Goal 1 (turn off): Nothing in the home matches the lights in Garage."
    ]


def test_incapable_entity_is_reported() -> None:
    """A named entity that cannot do the goal is reported; capable ones still act."""
    result = plan_for(
        goal(GoalType.SET_BRIGHTNESS, "light.kitchen_spot", "light.kitchen_ceiling",
             brightness_pct=50),
    )  # fmt: skip
    assert result.feasible
    assert result.plan.steps[0].entity_ids == ["light.kitchen_ceiling"]
    assert result.reasons == ["Kitchen Spot cannot be dimmed."]


def test_area_with_nothing_capable_is_reported() -> None:
    """An area whose entities cannot do the goal at all gets one reason."""
    result = plan_for(area_goal(GoalType.MEDIA_PAUSE, "kitchen"))
    assert not result.feasible
    assert result.reasons[0] == "Nothing selected can pause."


def test_local_only_refuses_cloud_entities() -> None:
    """Under a local_only constraint a cloud entity is not used."""
    result = plan_for(
        area_goal(GoalType.TURN_ON, "living_room", "light"),
        constraints=[Constraint(ConstraintType.LOCAL_ONLY)],
    )
    assert result.plan.steps[0].entity_ids == ["light.living_lamp"]
    assert result.reasons == [
        "Living Cloud Strip needs a cloud service, but this request must stay local."
    ]


def test_unknown_routine_is_reported() -> None:
    """A routine the home does not have is reported, never dropped."""
    for name in ("", "party"):
        result = plan_for(Goal(GoalType.ROUTINE, params={"name": name}))
        assert not result.feasible
        assert result.reasons[0] == (
            f"There is no routine, scene or script called {name}."
        )


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
    latency = 0.5 * 5 / (5 + 2.5) + 0.5 * (1 - 2.5 / 86400)
    assert result.plan.scores.latency == pytest.approx(latency, abs=1e-6)
    # The privacy weight is scaled by the local execution preference (0.8).
    assert result.plan.scores.total == pytest.approx(
        0.25 * (1.6 * 0.5 + 1.0 + latency + 1.0), abs=1e-6
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
    assert result.reasons[-1] == (
        "Goal 2 (lock): Planning time ran out before this goal; the plan is the best "
        "found so far."
    )


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


# --- Goal-level goals, guardrails, strategies, conflicts ------------------------------

DEADLINE_7AM = Constraint(
    ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
)
CHEAPEST = Constraint(ConstraintType.MINIMIZE_COST)


def actions_of(result: PlanningResult) -> list[tuple[str | None, list[str]]]:
    """(action, entities) of every step."""
    return [(step.action, step.entity_ids) for step in result.plan.steps]


def test_run_appliance_when_cheapest_before_the_deadline() -> None:
    """ "Run the dishwasher when power is cheapest before 7am": a wait, then the run
    in the two cheapest hours, with the saving against starting now."""
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=[CHEAPEST, DEADLINE_7AM],
    )
    assert result.feasible
    wait, run = result.plan.steps
    assert wait.kind is StepKind.WAIT
    assert wait.not_before == NOW + timedelta(hours=7)
    assert (run.action, run.depends_on, run.not_before) == (
        "switch.turn_on",
        ["s1"],
        NOW + timedelta(hours=7),
    )
    assert run.estimated_duration_s == 7200
    assert run.energy_kwh == pytest.approx(3.6)
    assert run.estimated_cost == pytest.approx(3.6 * 0.08)
    assert run.baseline_cost == pytest.approx(1.8 * (0.30 + 0.32))
    assert result.plan.estimated_cost == pytest.approx(0.288)
    assert Guardrail.power_limit(3500) in run.guardrails
    assert Guardrail.approval(TrustTier.VERIFIED) in run.guardrails
    # Every strategy honours minimize_cost; starting now is offered as an alternative.
    for strategy in Strategy:
        assert plan_for(
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
            constraints=[CHEAPEST, DEADLINE_7AM],
            strategy=strategy,
        ).plan.steps[-1].not_before == NOW + timedelta(hours=7)
    (alternative,) = result.alternatives
    assert alternative.plan is not None
    assert alternative.plan.steps[0].not_before is None
    assert alternative.summary == ("Start now: 0.83 € more, done 7 hours sooner")


def test_strategies_choose_differently_for_a_deferrable_load() -> None:
    """Without a cost constraint the cost strategy defers, the others run now."""
    chosen = {
        strategy: plan_for(
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"), strategy=strategy
        )
        for strategy in Strategy
    }
    assert chosen[Strategy.COST].plan.steps[-1].not_before == NOW + timedelta(hours=7)
    for strategy in (Strategy.LATENCY, Strategy.COMFORT, Strategy.BALANCED):
        assert chosen[strategy].plan.steps[0].not_before is None
    cost_plan = chosen[Strategy.COST].plan
    latency_plan = chosen[Strategy.LATENCY].plan
    assert cost_plan.scores.cost > latency_plan.scores.cost
    assert cost_plan.scores.latency < latency_plan.scores.latency
    assert cost_plan.scores.comfort == 0.9
    # Each strategy's alternative is the other way, with its trade-off.
    summaries = [item.summary for item in chosen[Strategy.BALANCED].alternatives]
    assert summaries == [
        "Start at 04:00: 0.83 € less, done 7 hours later, less comfortable"
    ]


def test_noisy_appliance_respects_quiet_hours_and_budget() -> None:
    """The washer may not run in quiet hours; a budget below its cost is infeasible
    with the cheapest run offered as a degraded alternative."""
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.washer", duration_min=60),
        constraints=[CHEAPEST],
    )
    run = result.plan.steps[-1]
    assert run.not_before == NOW + timedelta(hours=9)  # 05:00 UTC, after quiet hours
    assert Guardrail(GuardrailKind.QUIET_HOURS) in run.guardrails
    over = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.washer", duration_min=60),
        constraints=[CHEAPEST, Constraint(ConstraintType.BUDGET, {"max_cost": 0.1})],
    )
    assert not over.feasible
    assert (
        "The cheapest run costs 0.26 €, more than the budget of 0.10 €."
        in over.reasons[0]
    )
    assert over.alternatives[0].summary == (
        "Start at 06:00 (over the budget): costs 0.26 €"
    )
    assert over.alternatives[0].plan is not None
    assert over.alternatives[0].plan.estimated_cost == pytest.approx(0.264)


def test_loads_share_the_power_limit() -> None:
    """Two loads that would both want the cheap hours are placed within 3.5 kW."""
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        goal(GoalType.RUN_APPLIANCE, "switch.kitchen_kettle", duration_min=120),
        constraints=[CHEAPEST, DEADLINE_7AM],
    )
    runs = [step for step in result.plan.steps if step.kind is StepKind.ACTION]
    assert len(runs) == 2
    first, second = sorted(runs, key=lambda step: step.not_before or NOW)
    assert first.not_before is not None
    assert second.not_before is not None
    assert first.not_before + timedelta(hours=2) <= second.not_before
    assert any("least total cost" in note for note in result.plan.notes)
    # Run now, the second waits for the first: the cap holds either way.
    now_plan = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        goal(GoalType.RUN_APPLIANCE, "switch.kitchen_kettle", duration_min=120),
        strategy=Strategy.LATENCY,
    )
    starts = [
        step.not_before for step in now_plan.plan.steps if step.kind is StepKind.ACTION
    ]
    assert starts == [None, NOW + timedelta(hours=2)]


def test_power_limit_refuses_a_load_above_it() -> None:
    """A load drawing more than the limit cannot run."""
    snap = snapshot()
    snap.entities["switch.washer"].power_w = 4000.0
    result = plan_for(goal(GoalType.RUN_APPLIANCE, "switch.washer"), snap=snap)
    assert not result.feasible
    assert (
        "Washer draws 4 kW, more than the home's power limit of 3.5 kW"
        in result.reasons[0]
    )


def test_precondition_starts_in_time_from_the_thermal_estimate() -> None:
    """Warm the living room to 27° by 7am: comfort starts now, cost at the cheapest
    start that still makes it; the thermal note is in the plan."""
    heat = area_goal(GoalType.PRECONDITION, "living_room", temperature=27)
    comfort = plan_for(heat, constraints=[DEADLINE_7AM], strategy=Strategy.COMFORT)
    (step,) = comfort.plan.steps
    assert (step.action, step.data) == ("climate.set_temperature", {"temperature": 27})
    assert step.not_before is None
    assert step.estimated_cost > 0
    cost = plan_for(heat, constraints=[DEADLINE_7AM], strategy=Strategy.COST)
    wait, timed = cost.plan.steps
    assert timed.not_before is not None
    assert timed.not_before > NOW
    # 3 °C at 1.5 °C/h slowed by 22 % loss to 5° outside, plus 15 % margin.
    lead = timedelta(hours=3 / (1.5 * (1 - 0.22)) * 1.15)
    assert timed.not_before + lead <= NOW + timedelta(hours=10)
    assert timed.estimated_cost < step.estimated_cost
    assert timed.baseline_cost == pytest.approx(step.estimated_cost)
    assert any("simple thermal estimate" in note for note in cost.plan.notes)


def test_precondition_edge_cases() -> None:
    """No deadline: set now. Too late: starts now with a reason. Nothing to heat."""
    heat = area_goal(GoalType.PRECONDITION, "living_room", temperature=22)
    assert plan_for(heat).plan.steps[0].not_before is None
    soon = Constraint(ConstraintType.DEADLINE, {"before": "2026-11-23T21:05:00+01:00"})
    late = plan_for(area_goal(GoalType.PRECONDITION, "living_room", temperature=30),
                    constraints=[soon])  # fmt: skip
    assert late.feasible
    assert "cannot be reached in time" in late.reasons[0]
    kitchen = plan_for(area_goal(GoalType.PRECONDITION, "kitchen", temperature=22))
    assert not kitchen.feasible
    assert "Nothing can heat or cool that room." in kitchen.reasons[0]
    no_target = plan_for(area_goal(GoalType.PRECONDITION, "living_room"))
    assert "No target temperature was given." in no_target.reasons[0]
    comfort = plan_for(
        area_goal(GoalType.PRECONDITION, "living_room"),
        constraints=[Constraint(ConstraintType.COMFORT_RANGE, {"min_temperature": 20})],
    )
    assert comfort.plan.steps[0].data == {"temperature": 20}


def test_temperature_bounds_guardrail() -> None:
    """A setpoint outside the safe range is clamped, with the guardrail and a reason."""
    result = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=35)
    )
    (step,) = result.plan.steps
    assert step.data == {"temperature": 30}
    assert Guardrail.temperature_bounds(7, 30) in step.guardrails
    assert "set to 30 °C instead of 35 °C" in result.reasons[0]
    ranged = plan_for(
        goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=26),
        constraints=[Constraint(ConstraintType.COMFORT_RANGE, {"max_temperature": 23})],
    )
    assert ranged.plan.steps[0].data == {"temperature": 23}


def test_no_unlocking_when_nobody_is_home_unless_asked() -> None:
    """An explicit unlock with nobody home runs, guarded; an implied one is refused;
    with someone home an implied one checks first."""
    away = snapshot(anyone_home=False)
    explicit = plan_for(goal(GoalType.UNLOCK, "lock.front_door"), snap=away)
    (step,) = explicit.plan.steps
    assert step.action == "lock.unlock"
    assert Guardrail(GuardrailKind.UNLOCK_EXPLICIT) in step.guardrails
    assert Guardrail(GuardrailKind.LOCAL_ONLY) in step.guardrails
    assert Guardrail.approval(TrustTier.TRUSTED) in step.guardrails
    implied = plan_for(area_goal(GoalType.TURN_OFF, "hallway", "lock"), snap=away)
    assert not implied.feasible
    assert "nobody is home" in implied.reasons[0]
    home = plan_for(area_goal(GoalType.TURN_OFF, "hallway", "lock"))
    check, unlock = home.plan.steps
    assert check.kind is StepKind.CONDITION
    assert check.data == {"condition": SOMEONE_HOME_CONDITION}
    assert unlock.depends_on == ["s1"]
    trusted = build_plan(
        task(goal(GoalType.UNLOCK, "lock.front_door")),
        snapshot(),
        strategy=Strategy.BALANCED,
        options=OPTIONS,
        caller_tier=TrustTier.TRUSTED,
    )
    assert not any(
        g.kind is GuardrailKind.APPROVAL_REQUIRED
        for g in trusted.plan.steps[0].guardrails
    )


def test_privacy_guardrail_keeps_sensitive_steps_local() -> None:
    """A cloud lock is refused under privacy first, allowed but flagged otherwise."""
    snap = snapshot()
    snap.entities["lock.front_door"].local = False
    refused = plan_for(goal(GoalType.LOCK, "lock.front_door"), snap=snap)
    assert not refused.feasible
    assert "sensitive steps stay local" in refused.reasons[0]
    allowed = plan_for(
        goal(GoalType.LOCK, "lock.front_door"),
        snap=snap,
        options=PlannerOptions(privacy_first=False),
    )
    assert Guardrail(GuardrailKind.CLOUD) in allowed.plan.steps[0].guardrails
    confidential = plan_for(
        goal(GoalType.TURN_ON, "light.living_cloud_strip"),
        privacy_class=PrivacyClass.CONFIDENTIAL,
    )
    assert not confidential.feasible


def test_quiet_hours_cap_volume_and_defer_noisy_devices() -> None:
    """In quiet hours the volume stays low and the vacuum waits for the morning."""
    snap = snapshot()
    snap.now = NOW + timedelta(hours=2)  # 22:00 UTC, inside quiet hours
    loud = plan_for(goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=80),
                    snap=snap)  # fmt: skip
    assert loud.plan.steps[0].data == {"volume_level": 0.3}
    assert Guardrail(GuardrailKind.QUIET_HOURS) in loud.plan.steps[0].guardrails
    assert "The volume stays at 30 % during quiet hours." in loud.reasons[0]
    soft = plan_for(goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=20),
                    snap=snap)  # fmt: skip
    assert soft.plan.steps[0].data == {"volume_level": 0.2}
    vacuum = plan_for(goal(GoalType.VACUUM_START, "vacuum.robot"), snap=snap)
    wait, start = vacuum.plan.steps
    assert wait.not_before == NOW.replace(hour=5) + timedelta(days=1)
    assert start.action == "vacuum.start"
    assert vacuum.alternatives[0].plan is not None
    assert vacuum.alternatives[0].plan.steps[0].action == "vacuum.start"


def test_optimize_energy_gentle_or_deep() -> None:
    """Empty rooms: comfort turns off lights, cost also media and sets back the AC."""
    snap = snapshot(anyone_home=False)
    snap.entities["light.kitchen_ceiling"].state = "on"
    snap.entities["media_player.living_tv"].state = "playing"
    snap.entities["climate.living_ac"].state = "heat"
    snap.entities["climate.living_ac"].attributes["temperature"] = 22
    goal_ = Goal(GoalType.OPTIMIZE_ENERGY)
    gentle = plan_for(goal_, snap=snap, strategy=Strategy.COMFORT)
    assert actions_of(gentle) == [("light.turn_off", ["light.kitchen_ceiling"])]
    deep = plan_for(goal_, snap=snap, strategy=Strategy.COST)
    assert actions_of(deep) == [
        ("light.turn_off", ["light.kitchen_ceiling"]),
        ("media_player.turn_off", ["media_player.living_tv"]),
        ("climate.set_temperature", ["climate.living_ac"]),
    ]
    assert deep.plan.steps[2].data == {"temperature": 20}
    assert deep.plan.estimated_cost < gentle.plan.estimated_cost
    assert deep.plan.scores.comfort < gentle.plan.scores.comfort
    nothing = plan_for(goal_, snap=snapshot())
    assert not nothing.feasible
    assert "Nothing is wasting energy right now." in nothing.reasons[0]


def test_secure_home_and_routines() -> None:
    """secure_home locks and, when away, switches off; routines expand to goals."""
    away = snapshot(anyone_home=False)
    secure = plan_for(Goal(GoalType.SECURE_HOME), snap=away)
    assert [step.action for step in secure.plan.steps] == [
        "lock.lock",
        "light.turn_off",
        "media_player.turn_off",
    ]
    assert {step.goal_index for step in secure.plan.steps} == {0}
    movie = plan_for(Goal(GoalType.ROUTINE, params={"name": "movie"}))
    assert actions_of(movie) == [("scene.turn_on", ["scene.movie"])]
    snap = snapshot()
    del snap.entities["scene.movie"]
    staged = plan_for(Goal(GoalType.ROUTINE, params={"name": "movie"}), snap=snap)
    steps = staged.plan.steps
    assert [step.action for step in steps] == [
        "cover.close_cover",
        "light.turn_on",
        "media_player.turn_on",
    ]
    assert steps[2].depends_on == ["s1", "s2"]
    bedtime = plan_for(Goal(GoalType.ROUTINE, params={"name": "bedtime"}))
    assert "lock.lock" in [step.action for step in bedtime.plan.steps]
    morning = plan_for(Goal(GoalType.ROUTINE, params={"name": "morning"}))
    assert [step.action for step in morning.plan.steps] == [
        "cover.open_cover",
        "climate.set_temperature",
    ]
    arrival = plan_for(Goal(GoalType.ROUTINE, params={"name": "arrival"}))
    assert [step.action for step in arrival.plan.steps] == ["climate.set_temperature"]
    away_routine = plan_for(Goal(GoalType.ROUTINE, params={"name": "away"}), snap=away)
    assert "vacuum.start" in [step.action for step in away_routine.plan.steps]
    user = plan_for(Goal(GoalType.ROUTINE, params={"name": "good night"}))
    assert actions_of(user) == [("script.turn_on", ["script.good_night"])]


def test_notify_and_query_state() -> None:
    """Notify uses a notify entity or a persistent notification; query reports."""
    push = plan_for(goal(GoalType.NOTIFY, "notify.phone", message="Door open"))
    (step,) = push.plan.steps
    assert (step.kind, step.action, step.data) == (
        StepKind.NOTIFY,
        "notify.send_message",
        {"message": "Door open"},
    )
    assert not step.local
    local = plan_for(Goal(GoalType.NOTIFY, params={"message": "Hi"}), intent="tell me")
    assert local.plan.steps[0].action == "persistent_notification.create"
    query = plan_for(area_goal(GoalType.QUERY_STATE, "kitchen", "sensor"))
    (report,) = query.plan.steps
    assert report.kind is StepKind.CONDITION
    assert report.action is None
    assert report.data == {"report": {"sensor.kitchen_temperature": "unknown"}}
    assert query.feasible
    nothing = plan_for(area_goal(GoalType.QUERY_STATE, "garage"))
    assert not nothing.feasible


def test_goal_level_intents_on_a_synthetic_home() -> None:
    """Every goal-level intent plans on a 500-entity home: feasible, acyclic, local
    steps only where required, deterministic."""
    home = synthetic_home(500, 3)
    deadline = Constraint(
        ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
    )
    goals = [
        Goal(GoalType.OPTIMIZE_ENERGY),
        Goal(GoalType.ROUTINE, params={"name": "bedtime"}),
        Goal(GoalType.SECURE_HOME),
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        Goal(GoalType.PRECONDITION, Targets(area_ids=["area_1"]), {"temperature": 22}),
    ]
    for item in goals:
        first = plan_for(item, snap=home, constraints=[deadline, CHEAPEST])
        assert first.feasible, (item.type, first.reasons)
        plan_graph(first.plan)
        again = plan_for(item, snap=home, constraints=[deadline, CHEAPEST])
        assert again.plan.as_dict() == first.plan.as_dict()


def test_time_constraints_shape_an_appliance_run() -> None:
    """not_before, time windows (naive times in the home's zone), durations, energy."""
    after = Constraint(ConstraintType.NOT_BEFORE, {"after": "2026-11-24T04:00:00"})
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher", energy_kwh=1.2),
        constraints=[
            after,
            CHEAPEST,
            Constraint(ConstraintType.DURATION, {"minutes": 60}),
        ],
    )
    run = result.plan.steps[-1]
    assert run.not_before == NOW + timedelta(hours=7)  # 04:00 Berlin is 03:00 UTC
    assert run.estimated_duration_s == 3600
    assert run.energy_kwh == pytest.approx(1.2)
    window = Constraint(
        ConstraintType.TIME_WINDOW,
        {"start": "2026-11-23T22:00:00+01:00", "end": "2026-11-23T23:30:00+01:00"},
    )
    windowed = plan_for(goal(GoalType.RUN_APPLIANCE, "switch.dishwasher", duration_min=60),
                        constraints=[window, CHEAPEST])  # fmt: skip
    assert windowed.plan.steps[-1].not_before == NOW + timedelta(hours=1)
    broken = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=[Constraint(ConstraintType.DEADLINE, {"before": "soon"})],
    )
    assert broken.feasible  # an unreadable deadline is no deadline
    too_short = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=[window],
    )
    assert not too_short.feasible
    assert too_short.reasons[0] == (
        "Dishwasher needs 2 hours, and no allowed time of that length is left "
        "before 23:30."
    )


def test_quiet_constraint_keeps_any_load_out_of_quiet_hours() -> None:
    """With `quiet`, even a quiet dishwasher waits for the end of quiet hours."""
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher", duration_min=60),
        constraints=[CHEAPEST, Constraint(ConstraintType.QUIET)],
    )
    assert result.plan.steps[-1].not_before == NOW + timedelta(hours=9)


def test_appliance_targets_are_checked() -> None:
    """No target, a sensor, an unavailable appliance: each reported."""
    snap = snapshot()
    snap.entities["switch.washer"].available = False
    result = plan_for(
        area_goal(GoalType.RUN_APPLIANCE, "garage"),
        goal(GoalType.RUN_APPLIANCE, "sensor.kitchen_temperature"),
        goal(GoalType.RUN_APPLIANCE, "switch.washer"),
        snap=snap,
    )
    assert not result.feasible
    assert [reason.key for reason in result.reasons if isinstance(reason, Reason)] == [
        "reasons.no_targets",
        "reasons.not_appliance",
        "reasons.unavailable",
        "reasons.nothing_to_do",
    ]


def test_appliance_without_prices_runs_now_at_the_current_price() -> None:
    """Without slots there is nothing to optimise: the run starts now."""
    snap = snapshot()
    assert snap.tariff is not None
    snap.tariff.slots = []
    snap.tariff.current_price = 0.5
    result = plan_for(goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"), snap=snap)
    (run,) = result.plan.steps
    assert run.not_before is None
    assert run.estimated_cost == pytest.approx(0.5 * 3.6)
    snap.tariff = None
    snap.power_limit_w = None
    free = plan_for(goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"), snap=snap)
    assert free.plan.steps[0].estimated_cost == 0
    assert not any(
        g.kind is GuardrailKind.POWER_LIMIT for g in free.plan.steps[0].guardrails
    )


def test_quiet_hours_flag_without_windows() -> None:
    """An override entity can switch quiet on with no window: volume still capped."""
    snap = snapshot()
    snap.quiet_hours.windows = []
    snap.quiet_hours.active = True
    result = plan_for(goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=90),
                      snap=snap)  # fmt: skip
    assert result.plan.steps[0].data == {"volume_level": 0.3}


def test_trust_tiers_per_action() -> None:
    """Garage doors open only with trust; scripts and climate need verified."""
    snap = snapshot()
    snap.entities["cover.garage"] = EntityInfo(
        "cover.garage", "Garage", area_id="hallway", device_class="garage",
        supported_features=3,
    )  # fmt: skip
    snap.entities["script.good_night"].area_id = "hallway"
    result = plan_for(
        goal(GoalType.OPEN, "cover.garage"),
        goal(GoalType.CLOSE, "cover.garage"),
        goal(GoalType.RUN_SCRIPT, "script.good_night"),
        goal(GoalType.TURN_ON, "light.kitchen_spot"),
        snap=snap,
    )
    trust = [
        [str(g) for g in step.guardrails if g.kind is GuardrailKind.APPROVAL_REQUIRED]
        for step in result.plan.steps
    ]
    assert trust == [
        ["trust:approval_required:trusted"],
        [],
        ["trust:approval_required:verified"],
        [],
    ]
    assert Guardrail(GuardrailKind.LOCAL_ONLY) in result.plan.steps[0].guardrails


def test_no_time_left_for_alternatives() -> None:
    """A spent budget before the alternatives still returns the plan, flagged."""
    result = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        options=PlannerOptions(max_planning_time_ms=0),
    )
    assert result.feasible
    assert result.timed_out
    assert result.alternatives == []


def test_precondition_without_prices_starts_just_in_time() -> None:
    """No prices: heating starts as late as the estimate allows (holding costs)."""
    snap = snapshot()
    assert snap.tariff is not None
    snap.tariff.slots = []
    snap.tariff.current_price = 0.3
    snap.environment.areas["living_room"].temperature = 18.0
    result = plan_for(
        area_goal(GoalType.PRECONDITION, "living_room", temperature=21),
        constraints=[DEADLINE_7AM],
        snap=snap,
        strategy=Strategy.COST,
    )
    assert result.plan.steps[-1].not_before is not None
    named = plan_for(
        goal(GoalType.PRECONDITION, "climate.living_ac", temperature=21),
        snap=snap,
    )
    assert named.plan.steps[0].entity_ids == ["climate.living_ac"]
    unavailable = snapshot()
    unavailable.entities["climate.living_ac"].available = False
    heat = plan_for(
        area_goal(GoalType.PRECONDITION, "living_room", temperature=26),
        snap=unavailable,
    )
    assert not heat.feasible
    assert "Nothing can heat or cool that room." in heat.reasons[-2]


def test_optimize_energy_in_named_areas() -> None:
    """Targets narrow the scope; occupied areas are left alone."""
    snap = snapshot()
    snap.occupancy.areas = {
        "kitchen": AreaOccupancy(occupied=False),
        "living_room": AreaOccupancy(occupied=True),
    }
    snap.entities["light.kitchen_ceiling"].state = "on"
    snap.entities["light.living_lamp"].state = "on"
    result = plan_for(Goal(GoalType.OPTIMIZE_ENERGY, Targets(area_ids=["kitchen", "living_room"], domains=["light"])), snap=snap)  # fmt: skip
    assert actions_of(result) == [("light.turn_off", ["light.kitchen_ceiling"])]
    named = plan_for(Goal(GoalType.OPTIMIZE_ENERGY, Targets(entity_ids=["light.kitchen_ceiling"])), snap=snap)  # fmt: skip
    assert actions_of(named) == actions_of(result)


def test_user_routine_by_scene_name_and_empty_composite() -> None:
    """A routine named after a scene runs it; a secure_home with nothing to do is
    reported."""
    movie = plan_for(Goal(GoalType.ROUTINE, params={"name": "Movie"}))
    assert actions_of(movie) == [("scene.turn_on", ["scene.movie"])]
    snap = snapshot()
    snap.entities["lock.front_door"].available = False
    nothing = plan_for(Goal(GoalType.SECURE_HOME), snap=snap)
    assert not nothing.feasible
    assert "Nothing selected can secure the home." in nothing.reasons[-2]


def test_plans_hand_over_as_script_configs() -> None:
    """Every kind of step the planner makes becomes a runnable script action."""
    home = plan_for(
        area_goal(GoalType.TURN_OFF, "hallway", "lock"),
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        area_goal(GoalType.QUERY_STATE, "kitchen", "sensor"),
        Goal(GoalType.NOTIFY, params={"message": "Done"}),
        constraints=[CHEAPEST, DEADLINE_7AM],
    )
    script = script_config(home.plan)
    text_form = repr(script)
    assert "zone.home" in text_form  # the someone-home guardrail
    assert "switch.turn_on" in text_form
    assert "persistent_notification.create" in text_form
    assert "as_datetime" in text_form  # the wait until the cheapest window


def test_high_power_devices_stay_under_the_limit_together() -> None:
    """Switching on the kettle and the dishwasher at once would pass 3.5 kW."""
    result = plan_for(area_goal(GoalType.TURN_ON, "kitchen", "switch"))
    assert actions_of(result) == [("switch.turn_on", ["switch.dishwasher"])]
    assert result.reasons == [
        "Kitchen Kettle (2 kW) is not switched on: with Dishwasher (1.8 kW) drawing "
        "power, the home would pass its power limit of 3.5 kW."
    ]
    snap = snapshot()
    snap.entities["switch.washer"].state = "on"  # 2.2 kW already running
    running = plan_for(goal(GoalType.TURN_ON, "switch.kitchen_kettle"), snap=snap)
    assert not running.feasible
    later = plan_for(
        goal(GoalType.TURN_ON, "switch.dishwasher"),
        goal(GoalType.TURN_ON, "switch.kitchen_kettle"),
    )
    assert [step.entity_ids for step in later.plan.steps] == [["switch.dishwasher"]]


def test_soft_budgets_are_reported() -> None:
    """Beyond the configured cost or latency budget the plan says so."""
    slow = plan_for(goal(GoalType.CLOSE, "cover.living_blinds"))
    assert slow.plan.notes == [
        "It takes about 30 seconds, longer than the usual 5 seconds."
    ]
    dear = plan_for(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        options=PlannerOptions(cost_budget=0.5),
        strategy=Strategy.LATENCY,
    )
    assert dear.plan.notes == ["It costs 1.12 €, more than the usual budget of 0.50 €."]
    quick = plan_for(goal(GoalType.TURN_ON, "light.kitchen_spot"))
    assert quick.plan.notes == []


ENTITY_IDS = sorted(snapshot().entities)
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "brightness_pct": st.one_of(st.integers(0, 100), st.just("bright")),
        "temperature": st.one_of(st.floats(-10, 60), st.just("warm"), st.none()),
        "position": st.integers(0, 100),
        "volume_pct": st.integers(0, 100),
        "color_name": st.sampled_from(["red", "blue"]),
        "name": st.sampled_from(
            ["morning", "bedtime", "away", "arrival", "movie", "x"]
        ),
        "duration_min": st.integers(1, 600),
        "sequential": st.booleans(),
    },
)
GOALS = st.builds(
    Goal,
    type=st.sampled_from(list(GoalType)),
    targets=st.one_of(
        st.builds(
            Targets, entity_ids=st.lists(st.sampled_from(ENTITY_IDS), max_size=3)
        ),
        st.builds(
            Targets,
            area_ids=st.lists(
                st.sampled_from(["kitchen", "living_room", "hallway", "utility", "x"]),
                max_size=2,
            ),
            domains=st.lists(st.sampled_from(["light", "switch", "cover"]), max_size=1),
        ),
    ),
    params=PARAMS,
)


@settings(max_examples=150, deadline=None)
@given(
    goals=st.lists(GOALS, min_size=0, max_size=4),
    strategy=st.sampled_from(list(Strategy)),
    anyone_home=st.booleans(),
    constraints=st.lists(
        st.sampled_from(
            [CHEAPEST, DEADLINE_7AM, Constraint(ConstraintType.QUIET),
             Constraint(ConstraintType.LOCAL_ONLY),
             Constraint(ConstraintType.BUDGET, {"max_cost": 0.2})]
        ),
        max_size=3,
    ),
)  # fmt: skip
def test_any_task_gives_a_valid_deterministic_plan(
    goals: list[Goal],
    strategy: Strategy,
    anyone_home: bool,
    constraints: list[Constraint],
) -> None:
    """Whatever is asked: no exception, unique ids, an acyclic graph, reasons when
    infeasible, and the same plan twice."""
    snap = snapshot(anyone_home=anyone_home)
    # Only the wall-clock planning budget may make two plans differ; keep it out of
    # reach so that a loaded machine does not cut one search short.
    unhurried = PlannerOptions(max_planning_time_ms=10_000_000)
    first = plan_for(
        *goals, strategy=strategy, snap=snap, constraints=constraints, options=unhurried
    )
    ids = [step.step_id for step in first.plan.steps]
    assert len(ids) == len(set(ids))
    plan_graph(first.plan)
    assert first.feasible or first.reasons
    for alternative in first.alternatives:
        assert alternative.plan is not None
        plan_graph(alternative.plan)
    second = plan_for(
        *goals, strategy=strategy, snap=snap, constraints=constraints, options=unhurried
    )
    assert second.plan.as_dict() == first.plan.as_dict()
    assert second.reasons == first.reasons


_FOR_HALF_AN_HOUR = [Constraint(ConstraintType.DURATION, {"minutes": 30})]


def test_switched_on_for_a_while_is_switched_off_after_it() -> None:
    """On, a wait of 30 minutes, off: the off depends on the wait, the wait on the on."""
    result = plan_for(
        goal(GoalType.TURN_ON, "fan.living_fan"), constraints=_FOR_HALF_AN_HOUR
    )
    on, wait, off = result.plan.steps
    assert (on.action, wait.kind, off.action) == (
        "fan.turn_on",
        StepKind.WAIT,
        "fan.turn_off",
    )
    assert wait.depends_on == [on.step_id]
    assert off.depends_on == [wait.step_id]
    assert wait.not_before == off.not_before == NOW + timedelta(minutes=30)


def test_what_was_already_on_is_not_switched_off_after_the_while() -> None:
    """ "Turn on heater for 30 minutes" (a real user's) switched the heating off after
    it; what was on before stays on, and the plan says so."""
    snap = snapshot()
    snap.entities["fan.living_fan"].state = "on"
    result = plan_for(
        goal(GoalType.TURN_ON, "fan.living_fan"),
        constraints=_FOR_HALF_AN_HOUR,
        snap=snap,
    )
    (on,) = result.plan.steps
    assert on.action == "fan.turn_on"
    notes = [note for note in result.plan.notes if isinstance(note, Reason)]
    assert any(note.key == "reasons.stays_on" for note in notes), result.plan.notes


@pytest.mark.parametrize("entity_id", ["lock.front_door", "cover.living_blinds"])
def test_no_way_back_is_planned_that_nobody_asked_for(entity_id: str) -> None:
    """ "Turn on" a lock for 30 minutes from any caller (an LLM's TaskSpec) locks it, and
    the way back would unlock it unasked: nothing is planned, and the reason says so."""
    result = plan_for(goal(GoalType.TURN_ON, entity_id), constraints=_FOR_HALF_AN_HOUR)
    assert result.plan.steps == []
    assert any(
        isinstance(reason, Reason) and reason.key == "reasons.duration_not_kept"
        for reason in result.reasons
    )


def _with_alarm(state: str, **attributes: object) -> ContextSnapshot:
    snap = snapshot()
    snap.entities["alarm_control_panel.home"] = EntityInfo(
        "alarm_control_panel.home",
        "Home alarm",
        state=state,
        area_id="hallway",
        supported_features=3,  # arm home, arm away
        attributes=dict(attributes),
    )
    return snap


def test_arming_the_alarm_arms_it_away() -> None:
    """'Arm the alarm' had run the secure-home routine and left the alarm alone."""
    result = plan_for(
        goal(GoalType.TURN_ON, "alarm_control_panel.home"), snap=_with_alarm("disarmed")
    )
    (step,) = result.plan.steps
    assert step.action == "alarm_control_panel.alarm_arm_away"
    assert step.target == {"entity_id": ["alarm_control_panel.home"]}


def test_an_alarm_that_wants_a_code_to_arm_is_not_armed_by_a_plan() -> None:
    result = plan_for(
        goal(GoalType.TURN_ON, "alarm_control_panel.home"),
        snap=_with_alarm("disarmed", code_arm_required=True),
    )
    assert not result.feasible
    assert "needs its code to be armed" in " ".join(map(str, result.reasons))
