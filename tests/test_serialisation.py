"""The JSON forms of the models are fixed: PlanResponse is public, stored data must load.

Each file in ``fixtures/serialisation`` was written by the hand-written ``as_dict``
methods the models had before the dataclass-driven serialiser replaced them (the
snapshots and plan records by main's, once it had added the insight and request
fields, and the plan records again once ``policy.approval`` was added, issue 13); the
values below must still produce those files byte for byte, and read back equal. ``stored_plan_before_request_fields.json`` is a plan the pipeline made (planner,
explainer and handover on ``planner_home``) as it was stored then, ``stored_plan.json``
the same plan as main stored it after reading it back: both load, and the latter
stores again unchanged.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.orchestration.core.approvals import ApprovalLedger
from custom_components.orchestration.core.metrics import MetricCounters
from custom_components.orchestration.core.models import (
    Alternative,
    Approval,
    AreaEnvironment,
    AreaInfo,
    AreaOccupancy,
    ConsentReference,
    Constraint,
    ConstraintType,
    ContextHints,
    ContextSnapshot,
    Decision,
    EntityInfo,
    Environment,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    FloorInfo,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    Occupancy,
    Origin,
    PersonInfo,
    PlanRecord,
    PlanScores,
    PlanStatus,
    PolicyDecision,
    Preferences,
    PriceSlot,
    PrivacyClass,
    QuietHours,
    StatusChange,
    StepKind,
    Strategy,
    Targets,
    Tariff,
    TaskSpec,
    TimeWindow,
    TriggerType,
    TrustTier,
)
from custom_components.orchestration.core.serialisation import JsonModel

from .factories import NOW

GOLDEN = Path(__file__).parent / "fixtures" / "serialisation"
BERLIN = ZoneInfo("Europe/Berlin")
LOCAL = NOW.astimezone(BERLIN)


def dumps(value: Any) -> str:
    """The text a golden file holds: order, types and characters all show."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def rich_task() -> TaskSpec:
    return TaskSpec(
        intent="Spül die Küche, wenn Strom günstig ist, vor 7 Uhr; then lock up",
        language="de",
        trigger_type=TriggerType.SCHEDULED_ROUTINE,
        goals=[
            Goal(
                GoalType.RUN_APPLIANCE,
                Targets(entity_ids=["switch.dishwasher"], area_ids=["kitchen"]),
                {"duration_min": 120, "energy_kwh": 1.2, "nested": {"a": [1, None]}},
            ),
            Goal(
                GoalType.SET_TEMPERATURE,
                Targets(
                    floor_ids=["ground"], domains=["climate"], device_classes=["x"]
                ),
                {"temperature": 21.5},
            ),
            Goal(GoalType.LOCK),
        ],
        constraints=[
            Constraint(
                ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
            ),
            Constraint(ConstraintType.NOT_BEFORE, {"after": "2026-11-23T22:00:00"}),
            Constraint(
                ConstraintType.TIME_WINDOW,
                {"start": "2026-11-23T23:00:00+01:00", "end": "2026-11-24T06:00:00"},
            ),
            Constraint(ConstraintType.MINIMIZE_COST),
            Constraint(ConstraintType.BUDGET, {"max_cost": 0.5, "currency": "EUR"}),
            Constraint(ConstraintType.QUIET),
            Constraint(
                ConstraintType.COMFORT_RANGE,
                {"min_temperature": 19, "max_temperature": 23.5},
            ),
            Constraint(ConstraintType.OCCUPANCY, {"when": "away"}),
            Constraint(ConstraintType.LOCAL_ONLY),
            Constraint(ConstraintType.DURATION, {"minutes": 90}),
        ],
        privacy_class=PrivacyClass.CONFIDENTIAL,
        confidence=0.875,
        unresolved=["welche Spülmaschine?", "“quoted”"],
    )


def rich_plan() -> ExecutionPlan:
    start = LOCAL + timedelta(hours=6)
    return ExecutionPlan(
        strategy=Strategy.COST,
        steps=[
            ExecutionStep(
                "s1", StepKind.WAIT, not_before=start, description="Wait for 02:00"
            ),
            ExecutionStep(
                step_id="s2",
                kind=StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.dishwasher"]},
                data={},
                depends_on=["s1"],
                not_before=start,
                fallbacks=[
                    ExecutionStep(
                        "s2.f1",
                        StepKind.NOTIFY,
                        "persistent_notification.create",
                        data={"message": "Could not start", "title": "Orchestration"},
                        description="Tell the household",
                        goal_index=0,
                    )
                ],
                guardrails=[
                    Guardrail(GuardrailKind.ENTITY_AVAILABLE),
                    Guardrail.power_limit(3500),
                    Guardrail(GuardrailKind.QUIET_HOURS),
                ],
                local=True,
                estimated_cost=0.1234,
                estimated_duration_s=7200.0,
                description="Start the dishwasher",
                goal_index=0,
                energy_kwh=1.2,
                baseline_cost=0.3,
            ),
            ExecutionStep(
                "s3",
                StepKind.CONDITION,
                data={
                    "condition": {
                        "condition": "numeric_state",
                        "entity_id": "zone.home",
                        "above": 0,
                    }
                },
                guardrails=[Guardrail(GuardrailKind.SOMEONE_HOME)],
                description="Check someone is home",
                goal_index=2,
            ),
            ExecutionStep(
                step_id="s4",
                kind=StepKind.ACTION,
                action="lock.unlock",
                target={"entity_id": ["lock.front_door", "lock.back_door"]},
                depends_on=["s2", "s3"],
                fallbacks=[
                    ExecutionStep(
                        "s4.f1",
                        StepKind.ACTION,
                        "lock.unlock",
                        {"entity_id": ["lock.side_door"]},
                        guardrails=[
                            Guardrail(GuardrailKind.ENTITY_AVAILABLE),
                            Guardrail(GuardrailKind.LOCAL_ONLY),
                        ],
                        fallbacks=[
                            ExecutionStep("s4.f1.f1", StepKind.NOTIFY, "notify.phone")
                        ],
                        local=False,
                        estimated_duration_s=6.5,
                    ),
                    ExecutionStep(
                        "s4.f2",
                        StepKind.NOTIFY,
                        "persistent_notification.create",
                        data={"message": "Could not unlock"},
                    ),
                ],
                guardrails=[
                    Guardrail(GuardrailKind.ENTITY_AVAILABLE),
                    Guardrail(GuardrailKind.LOCAL_ONLY),
                    Guardrail.approval(TrustTier.TRUSTED),
                    Guardrail(GuardrailKind.UNLOCK_EXPLICIT),
                ],
                local=False,
                estimated_duration_s=5.0,
                goal_index=2,
            ),
            ExecutionStep(
                step_id="s5",
                kind=StepKind.ACTION,
                action="climate.set_temperature",
                target={"entity_id": ["climate.living"], "area_id": []},
                data={"temperature": 21.5, "hvac_mode": None},
                guardrails=[
                    Guardrail(GuardrailKind.ENTITY_AVAILABLE),
                    Guardrail.temperature_bounds(7.0, 30.0),
                    Guardrail(GuardrailKind.CLOUD),
                    Guardrail.approval(TrustTier.VERIFIED),
                ],
                estimated_cost=0.0,
                estimated_duration_s=2.0,
                goal_index=1,
                energy_kwh=0.75,
                baseline_cost=0.0,
            ),
            ExecutionStep(
                "s6",
                StepKind.NOTIFY,
                "notify.phone",
                {"entity_id": []},
                {"message": "Done", "title": None},
                depends_on=["s4", "s5"],
            ),
        ],
        scores=PlanScores(0.8, 0.912345, 0.25, 0.9, 0.6789),
        estimated_cost=0.1234,
        privacy_score=0.8,
        notes=["Eight loads scheduled together", ""],
    )


def rich_record() -> PlanRecord:
    plan = rich_plan()
    return PlanRecord(
        plan_id="01JDXYZ",
        status=PlanStatus.FAILED,
        created=NOW,
        task_spec=rich_task(),
        policy=PolicyDecision(
            decision=Decision.REQUIRE_APPROVAL,
            trust_tier=TrustTier.VERIFIED,
            required_scopes=["device.switch.control", "security.lock.unlock"],
            approval_required=True,
            consent_refs=["c1", "c2"],
            policy_hash="9f86d081884c7d65",
            reasons=["Unlocking needs a trusted user", "Restricted: ok"],
            missing_scopes=["security.lock.unlock"],
            approval=Approval(
                by="admin",
                at=NOW + timedelta(minutes=5),
                expires_at=LOCAL + timedelta(hours=7),
                covers="5d41402abc4b2a76b9719d911017c592",
                plan_id="01JDXYW",
            ),
        ),
        plan=plan,
        alternatives=[
            Alternative(
                Strategy.LATENCY,
                PlanScores(1.0, 0.5, 0.99, 1.0, 0.75),
                0.3,
                "Starts at once; costs 0.18 EUR more",
                ExecutionPlan(
                    Strategy.LATENCY,
                    [ExecutionStep("s1", StepKind.ACTION, "switch.turn_on")],
                ),
            ),
            Alternative(Strategy.PRIVACY_FIRST, PlanScores(), 0, "Local only"),
        ],
        explanation=Explanation(
            "Plan of 5 steps, cheapest first",
            ["s1. Wait", "s2. Start the dishwasher"],
            "Everything runs locally except s4.",
            "Needs approval by a trusted user.",
            "0.12 EUR; 0.18 EUR less than now.",
            ["s2: keeps the total power under 3500 W.", "s4: safety check (…)."],
        ),
        script={
            "sequence": [
                {"alias": "s1: wait for start", "delay": "{{ 0 }}"},
                {
                    "parallel": [
                        {"sequence": [{"alias": "s2", "action": "switch.turn_on"}]},
                        {"sequence": [{"stop": "s3 did not hold", "error": True}]},
                    ]
                },
            ]
        },
        planning_time_ms=12.345,
        user_id="user-1",
        history=[
            StatusChange(None, PlanStatus.PENDING_APPROVAL, NOW, "needs approval"),
            StatusChange(
                PlanStatus.PENDING_APPROVAL,
                PlanStatus.SCHEDULED,
                NOW + timedelta(minutes=1),
            ),
            StatusChange(
                PlanStatus.SCHEDULED, PlanStatus.FAILED, LOCAL + timedelta(hours=6)
            ),
        ],
        replaces="01JDXYA",
        superseded_by="01JDXYB",
        error="s4: no alternative of lock.unlock took effect",
        run_started=LOCAL + timedelta(hours=6),
        run_finished=LOCAL + timedelta(hours=6, seconds=31),
        approved_by="admin",
        context_hints=ContextHints(area_id="kitchen"),
        preferences=Preferences(privacy_first=False, latency_budget_ms=2000.0),
        origin=Origin.SCHEDULED_ROUTINE,
        requested_at=NOW - timedelta(hours=1),
        yielded={"light.kitchen": "01JDXYC"},
    )


def minimal_record() -> PlanRecord:
    return PlanRecord(
        plan_id="p",
        status=PlanStatus.INFEASIBLE,
        created=NOW,
        task_spec=TaskSpec(intent=""),
        policy=PolicyDecision(Decision.DENY, TrustTier.UNTRUSTED),
        plan=ExecutionPlan(Strategy.BALANCED),
        explanation=Explanation(),
        script={},
        planning_time_ms=0.0,
    )


def rich_snapshot() -> ContextSnapshot:
    return ContextSnapshot(
        now=LOCAL,
        time_zone="Europe/Berlin",
        floors={
            "ground": FloorInfo("ground", "Erdgeschoss", ["EG", "unten"], 0),
            "attic": FloorInfo("attic", "Attic"),
        },
        areas={
            "kitchen": AreaInfo(
                "kitchen", "Küche", ["Kitchen"], "ground", "sensor.t", "sensor.h"
            ),
            "garden": AreaInfo("garden", "Garden"),
        },
        entities={
            "light.kitchen": EntityInfo(
                entity_id="light.kitchen",
                name="Kitchen light",
                state="on",
                aliases=["Deckenlicht"],
                area_id="kitchen",
                device_id="dev1",
                device_class=None,
                supported_features=44,
                attributes={
                    "supported_color_modes": ["color_temp", "xy"],
                    "brightness": 200,
                    "xy_color": [0.5, 0.4],
                    "effect": None,
                },
                platform="hue",
                labels=["evening", "downstairs"],
                power_w=8.5,
                last_changed=LOCAL - timedelta(minutes=40),
                measured_power_w=7.9,
            ),
            "switch.dishwasher": EntityInfo(
                "switch.dishwasher",
                "Dishwasher",
                "off",
                area_id="kitchen",
                device_class="outlet",
                available=False,
                exposed=False,
                local=False,
                unit="W",
                power_w=1800,
                appliance="dishwasher",
                measured_power_w=0,
            ),
            "sensor.t": EntityInfo("sensor.t", "Temperature", "21.5", unit="°C"),
        },
        environment=Environment(
            {
                "kitchen": AreaEnvironment(21.5, 40.0, None),
                "garden": AreaEnvironment(illuminance=1200),
            },
            4.0,
            "weather.home",
            "rainy",
        ),
        occupancy=Occupancy(
            [
                PersonInfo("person.ann", "Ann", "home", "u1", NOW - timedelta(hours=2)),
                PersonInfo("person.bob", "Bob", "not_home"),
            ],
            1,
            {
                "kitchen": AreaOccupancy(True, ["binary_sensor.motion"], LOCAL),
                "garden": AreaOccupancy(False),
            },
        ),
        tariff=Tariff(
            "nordpool",
            "EUR",
            [
                PriceSlot(NOW, NOW + timedelta(minutes=15), -0.01),
                PriceSlot(
                    LOCAL + timedelta(minutes=15), LOCAL + timedelta(hours=1), 0.2512
                ),
            ],
            0.2,
            "sensor.price",
        ),
        quiet_hours=QuietHours(
            [
                TimeWindow(NOW, NOW + timedelta(hours=8)),
                TimeWindow(
                    LOCAL + timedelta(days=1), LOCAL + timedelta(days=1, hours=8)
                ),
            ],
            True,
            ["input_boolean.dnd"],
        ),
        power_limit_w=3500.0,
        grid_power_w=-1200.5,
        temperature_unit="°F",
    )


def minimal_snapshot() -> ContextSnapshot:
    return ContextSnapshot(now=NOW)


def consents() -> list[ConsentReference]:
    return [
        ConsentReference(
            "c1",
            "security.lock.unlock",
            None,
            "admin",
            NOW,
            LOCAL + timedelta(hours=1),
            NOW + timedelta(minutes=5),
        ),
        ConsentReference("c2", "privacy.cloud", "u1", None, LOCAL),
    ]


def ledger() -> ApprovalLedger:
    ledger = ApprovalLedger()
    for plan_id, scopes in (
        ("p1", ["security.lock.unlock", "device.light.control"]),
        ("p2", []),
        ("p3", ["device.switch.control"]),
    ):
        ledger.issue(
            plan_id=plan_id,
            policy_hash=f"h{plan_id}",
            scopes=scopes,
            requested_by=None if plan_id == "p2" else "kid",
            nonce=f"n{plan_id}",
            now=LOCAL,
            ttl=timedelta(hours=1),
        )
    ledger.withdraw("p2", NOW + timedelta(minutes=10))
    return ledger


def counters() -> MetricCounters:
    return MetricCounters(
        plans_created=12,
        planning_time_total_ms=123.456,
        executions=7,
        completed=5,
        failed=2,
        approvals_requested=3,
        approvals_granted=1,
        replans=4,
        user_overrides=1,
        execution_time_total_s=93.25,
        execution_cost_total=0.4321,
        privacy_score_total=6.5,
    )


def builders() -> dict[str, Any]:
    """Each golden file's value, built afresh."""
    return {
        "task_spec": rich_task(),
        "record": rich_record(),
        "record_minimal": minimal_record(),
        "snapshot": rich_snapshot(),
        "snapshot_minimal": minimal_snapshot(),
        "ledger": ledger(),
        "counters": counters(),
    }


def golden(name: str) -> str:
    return (GOLDEN / f"{name}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(builders()))
def test_json_form_is_unchanged(name: str) -> None:
    value = builders()[name]
    assert dumps(value.as_dict()) == golden(name)


@pytest.mark.parametrize("name", sorted(builders()))
def test_golden_json_reads_back_equal(name: str) -> None:
    value = builders()[name]
    assert type(value).from_dict(json.loads(golden(name))) == value


def test_consents_are_unchanged() -> None:
    assert dumps([item.as_dict() for item in consents()]) == golden("consents")
    stored = json.loads(golden("consents"))
    assert [ConsentReference.from_dict(item) for item in stored] == consents()


@pytest.mark.parametrize("record", [rich_record, minimal_record])
def test_plan_response_and_summary_are_unchanged(record: Any) -> None:
    value = record()
    name = record.__name__.removesuffix("_record")
    assert dumps(value.as_response()) == golden(f"response_{name}")
    assert dumps(value.as_summary()) == golden(f"summary_{name}")


def test_a_stored_pipeline_plan_loads_and_stores_unchanged() -> None:
    stored = golden("stored_plan")
    record = PlanRecord.from_dict(json.loads(stored))
    assert dumps(record.as_dict()) == stored
    assert PlanRecord.from_dict(json.loads(dumps(record.as_dict()))) == record
    earlier = json.loads(golden("stored_plan_before_request_fields"))
    assert PlanRecord.from_dict(earlier) == record


# --- The serialiser on shapes the models do not have (yet) ---------------------------


@dataclass(slots=True)
class Node(JsonModel):
    name: str
    children: list[Node] = field(default_factory=list)
    weights: dict[str, tuple[int, datetime]] = field(default_factory=dict)


@dataclass(slots=True)
class Either(JsonModel):
    value: int | str


@dataclass(slots=True)
class Bag(JsonModel):
    items: set[str]


class NotADataclass(JsonModel):
    __slots__ = ()


def test_a_model_nested_in_itself_round_trips_from_many_threads() -> None:
    tree = Node("a", [Node("b", [Node("c")], {"w": (1, NOW)}), Node("d")])
    with ThreadPoolExecutor(8) as pool:
        forms = list(pool.map(lambda _: Node.as_dict(tree), range(16)))
    assert all(form == forms[0] for form in forms)
    assert forms[0]["children"][0]["weights"] == {"w": [1, NOW.isoformat()]}
    assert Node.from_dict(json.loads(json.dumps(forms[0]))) == tree


@pytest.mark.parametrize("value", [Either(1), Bag({"x"}), NotADataclass()])
def test_shapes_without_a_json_form_are_refused(value: JsonModel) -> None:
    with pytest.raises(TypeError, match="JSON form|not a dataclass"):
        value.as_dict()
    with pytest.raises(TypeError, match="JSON form|not a dataclass"):
        type(value).from_dict({})
