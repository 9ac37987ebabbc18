"""JSON round trips of the data model are exact."""

from __future__ import annotations

from datetime import timedelta
import json

from hypothesis import given, strategies as st

from custom_components.orchestration.core.models import (
    AreaEnvironment,
    AreaInfo,
    AreaOccupancy,
    ConsentReference,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    Environment,
    ExecutionStep,
    FloorInfo,
    Goal,
    GoalType,
    Occupancy,
    PersonInfo,
    PlanRecord,
    PriceSlot,
    PrivacyClass,
    QuietHours,
    StepKind,
    Targets,
    Tariff,
    TaskSpec,
    TimeWindow,
    TrustTier,
)

from .factories import NOW, make_plan, make_record, make_task


def _json(value: dict) -> dict:
    """Through real JSON text, as storage and service responses go."""
    return json.loads(json.dumps(value))


def make_snapshot() -> ContextSnapshot:
    return ContextSnapshot(
        now=NOW,
        time_zone="Europe/Berlin",
        floors={"ground": FloorInfo("ground", "Ground floor", ["EG"], 0)},
        areas={
            "kitchen": AreaInfo("kitchen", "Kitchen", ["Küche"], "ground", "sensor.t")
        },
        entities={
            "light.kitchen": EntityInfo(
                entity_id="light.kitchen",
                name="Kitchen light",
                state="on",
                area_id="kitchen",
                attributes={"supported_color_modes": ["brightness"]},
                supported_features=0,
                power_w=8.5,
                last_changed=NOW - timedelta(minutes=40),
                measured_power_w=7.9,
            ),
            "switch.dishwasher": EntityInfo(
                "switch.dishwasher", "Dishwasher", "off", area_id="kitchen", local=False
            ),
        },
        environment=Environment(
            {"kitchen": AreaEnvironment(21.5, 40.0, None)}, 4.0, "weather.home", "rainy"
        ),
        occupancy=Occupancy(
            [PersonInfo("person.ann", "Ann", "home", "u1", NOW - timedelta(hours=2))],
            1,
            {"kitchen": AreaOccupancy(True, ["binary_sensor.motion"], NOW)},
        ),
        tariff=Tariff(
            "nordpool",
            "EUR",
            [PriceSlot(NOW, NOW + timedelta(hours=1), -0.01)],
            0.2,
            "sensor.price",
        ),
        quiet_hours=QuietHours([TimeWindow(NOW, NOW + timedelta(hours=8))], True, []),
        power_limit_w=3500.0,
        grid_power_w=-1200.0,
        temperature_unit="°F",
    )


def test_task_spec_round_trip() -> None:
    task = make_task()
    assert TaskSpec.from_dict(_json(task.as_dict())) == task


def test_constraint_fields_sit_next_to_type() -> None:
    data = Constraint(
        ConstraintType.BUDGET, {"max_cost": 0.5, "currency": "EUR"}
    ).as_dict()
    assert data == {"type": "budget", "max_cost": 0.5, "currency": "EUR"}


def test_plan_record_round_trip() -> None:
    record = make_record()
    assert PlanRecord.from_dict(_json(record.as_dict())) == record


def test_response_has_the_design_keys() -> None:
    response = _json(make_record().as_response())
    assert {
        "plan_id",
        "status",
        "created",
        "task_spec",
        "policy",
        "plan",
        "alternatives",
        "explanation",
        "script",
        "planning_time_ms",
    } <= set(response)
    assert set(response["alternatives"][0]) == {
        "strategy",
        "scores",
        "estimated_cost",
        "summary",
    }
    step = response["plan"]["steps"][0]
    assert {
        "step_id",
        "kind",
        "action",
        "target",
        "data",
        "depends_on",
        "not_before",
        "fallbacks",
        "guardrails",
        "local",
        "estimated_cost",
        "estimated_duration_s",
    } <= set(step)
    assert set(response["policy"]) >= {
        "decision",
        "trust_tier",
        "required_scopes",
        "approval_required",
        "consent_refs",
        "policy_hash",
        "reasons",
    }
    assert set(response["plan"]["scores"]) == {
        "privacy",
        "cost",
        "latency",
        "comfort",
        "total",
    }


def test_snapshot_round_trip() -> None:
    snapshot = make_snapshot()
    assert ContextSnapshot.from_dict(_json(snapshot.as_dict())) == snapshot


def test_snapshot_stored_before_the_insight_fields_loads() -> None:
    """Snapshots stored without last_changed, power readings or grid power load."""
    stored = _json(make_snapshot().as_dict())
    for key in ("grid_power_w", "temperature_unit"):
        del stored[key]
    for entity in stored["entities"].values():
        del entity["last_changed"], entity["measured_power_w"]
    for person in stored["occupancy"]["persons"]:
        del person["last_changed"]
    loaded = ContextSnapshot.from_dict(stored)
    assert loaded.grid_power_w is None
    assert loaded.temperature_unit == "°C"
    light = loaded.entities["light.kitchen"]
    assert (light.last_changed, light.measured_power_w) == (None, None)
    assert light.power_w == 8.5
    assert loaded.occupancy.persons[0].last_changed is None


def test_consent_activity() -> None:
    consent = ConsentReference(
        "c1", "security.lock.unlock", None, "u1", NOW, NOW + timedelta(hours=1)
    )
    assert consent.is_active(NOW)
    assert not consent.is_active(NOW + timedelta(hours=1))
    consent.revoked_at = NOW + timedelta(minutes=5)
    assert not consent.is_active(NOW + timedelta(minutes=10))
    assert ConsentReference.from_dict(_json(consent.as_dict())) == consent


def test_select_by_area_domain_and_names() -> None:
    snapshot = make_snapshot()
    assert [
        e.entity_id
        for e in snapshot.select(Targets(area_ids=["kitchen"], domains=["light"]))
    ] == ["light.kitchen"]
    assert [e.entity_id for e in snapshot.select(Targets(floor_ids=["ground"]))] == [
        "light.kitchen",
        "switch.dishwasher",
    ]
    assert (
        snapshot.select(Targets(entity_ids=["light.none", "switch.dishwasher"]))[0].name
        == "Dishwasher"
    )
    assert snapshot.select(Targets()) == []
    assert snapshot.select(Targets(floor_ids=["attic"])) == []


def test_tiers_and_privacy_are_ordered() -> None:
    assert [tier.rank for tier in TrustTier] == [0, 1, 2, 3, 4]
    assert (
        PrivacyClass.RESTRICTED.rank
        > PrivacyClass.CONFIDENTIAL.rank
        > PrivacyClass.PUBLIC.rank
    )


def test_plan_entity_ids_once_in_order() -> None:
    plan = make_plan()
    plan.steps.append(
        ExecutionStep(
            "s3",
            StepKind.ACTION,
            "light.turn_on",
            {"entity_id": ["light.a", "switch.dishwasher"]},
        )
    )
    assert plan.entity_ids == ["switch.dishwasher", "light.a"]
    assert plan.step("s3").action == "light.turn_on"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@given(
    intent=st.text(max_size=50),
    params=st.dictionaries(st.text(max_size=5), json_values, max_size=4),
    confidence=st.floats(0, 1),
    goal=st.sampled_from(list(GoalType)),
    privacy=st.sampled_from(list(PrivacyClass)),
)
def test_task_spec_round_trip_any(intent, params, confidence, goal, privacy) -> None:
    task = TaskSpec(
        intent=intent,
        goals=[Goal(goal, Targets(domains=["light"]), params)],
        constraints=[Constraint(ConstraintType.QUIET, {"extra": params})],
        privacy_class=privacy,
        confidence=confidence,
    )
    assert TaskSpec.from_dict(_json(task.as_dict())) == task
