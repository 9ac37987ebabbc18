"""Model values shared by tests: a task, a plan and a stored plan record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.orchestration.core.models import (
    Alternative,
    Constraint,
    ConstraintType,
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    PlanRecord,
    PlanScores,
    PlanStatus,
    PolicyDecision,
    PrivacyClass,
    StatusChange,
    StepKind,
    Strategy,
    Targets,
    TaskSpec,
    TriggerType,
    TrustTier,
)

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def make_task() -> TaskSpec:
    return TaskSpec(
        intent="run the dishwasher when power is cheapest before 7am",
        language="en",
        trigger_type=TriggerType.USER_REQUEST,
        goals=[
            Goal(
                GoalType.RUN_APPLIANCE,
                Targets(entity_ids=["switch.dishwasher"]),
                {"duration_min": 120, "energy_kwh": 1.2},
            )
        ],
        constraints=[
            Constraint(ConstraintType.MINIMIZE_COST),
            Constraint(
                ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
            ),
        ],
        privacy_class=PrivacyClass.INTERNAL,
        confidence=0.92,
        unresolved=["which dishwasher"],
    )


def make_plan() -> ExecutionPlan:
    fallback = ExecutionStep(
        step_id="s1f1",
        kind=StepKind.NOTIFY,
        action="persistent_notification.create",
        data={"message": "No dishwasher available"},
    )
    return ExecutionPlan(
        strategy=Strategy.COST,
        steps=[
            ExecutionStep(
                step_id="s1",
                kind=StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.dishwasher"]},
                data={},
                not_before=NOW + timedelta(hours=6),
                fallbacks=[fallback],
                guardrails=[Guardrail(GuardrailKind.QUIET_HOURS)],
                local=True,
                estimated_cost=0.1234,
                estimated_duration_s=7200.0,
                description="Start the dishwasher",
                goal_index=0,
            ),
            ExecutionStep(step_id="s2", kind=StepKind.WAIT, depends_on=["s1"]),
        ],
        scores=PlanScores(0.9, 0.8, 0.5, 0.6, 0.75),
        estimated_cost=0.1234,
        privacy_score=1.0,
        notes=["cheapest window"],
    )


def make_record() -> PlanRecord:
    plan = make_plan()
    return PlanRecord(
        plan_id="01JD",
        status=PlanStatus.SCHEDULED,
        created=NOW,
        task_spec=make_task(),
        policy=PolicyDecision(
            decision=Decision.ALLOW,
            trust_tier=TrustTier.TRUSTED,
            required_scopes=["device.switch.control"],
            consent_refs=["c1"],
            policy_hash="abc",
            reasons=["allowed"],
        ),
        plan=plan,
        alternatives=[Alternative(Strategy.LATENCY, PlanScores(), 0.5, "now", plan)],
        explanation=Explanation("Runs at 02:00", ["step"], "local", "none", "0.12", []),
        script={"sequence": [{"action": "switch.turn_on"}]},
        planning_time_ms=3.5,
        user_id="u1",
        history=[StatusChange(None, PlanStatus.SCHEDULED, NOW, "planned")],
        replaces="01JC",
        run_started=NOW,
        approved_by="u2",
    )
