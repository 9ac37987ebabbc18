"""JSON round trips of the data model are exact."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
import json
from types import NoneType, UnionType
from typing import Any, NewType, get_args, get_origin, get_type_hints

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.orchestration.core.approvals import (
    ApprovalLedger,
    ApprovalRequest,
)
from custom_components.orchestration.core.metrics import MetricCounters
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
    Guardrail,
    GuardrailKind,
    Occupancy,
    PersonInfo,
    PlanRecord,
    PolicyDecision,
    PriceSlot,
    PrivacyClass,
    ProposedBy,
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


def test_task_spec_a_language_model_proposed() -> None:
    """Who proposed it is kept; a TaskSpec stored before the field loads as ours."""
    task = make_task()
    task.proposed_by = ProposedBy(agent_id="conversation.o", name="Ollama", local=True)
    stored = _json(task.as_dict())
    assert stored["proposed_by"] == {
        "agent_id": "conversation.o",
        "name": "Ollama",
        "local": True,
    }
    assert TaskSpec.from_dict(stored) == task
    del stored["proposed_by"]
    assert TaskSpec.from_dict(stored).proposed_by is None


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


# --- Any value of any model survives JSON ------------------------------------------

# Fixed offsets only: an aware datetime in a zone's DST fold compares unequal to the
# same instant at a fixed offset, which is what ISO-8601 text reads back as.
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=1)), timezone(-timedelta(hours=5, minutes=30))]
    ),
)
numbers = st.floats(allow_nan=False, allow_infinity=False)


def values_of(hint: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Any value of a field's type hint; models nest at most two deep."""
    if hint is Any:
        return json_values
    if isinstance(hint, NewType):
        return values_of(hint.__supertype__, depth)
    if hint in (str, int, float, bool, datetime):
        return {
            str: st.text(max_size=6),
            int: st.integers(),
            float: numbers,
            bool: st.booleans(),
            datetime: moments,
        }[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return models(hint, depth + 1)
    origin, args = get_origin(hint), get_args(hint)
    if origin is UnionType:
        (inner,) = (arg for arg in args if arg is not NoneType)
        return st.none() | values_of(inner, depth)
    if origin is tuple and args[-1] is not Ellipsis:
        return st.tuples(*(values_of(arg, depth) for arg in args))
    if depth > 2 and origin in (list, tuple, dict):
        return st.builds(origin)
    if origin is tuple:
        return st.lists(values_of(args[0], depth), max_size=3).map(tuple)
    if origin is list:
        return st.lists(values_of(args[0], depth), max_size=3)
    if origin is dict:
        return st.dictionaries(
            st.text(max_size=5), values_of(args[1], depth), max_size=3
        )
    raise TypeError(hint)


def models(cls: type, depth: int = 0) -> st.SearchStrategy[Any]:
    """Any instance of a model, every field drawn from its type hint."""
    hints = get_type_hints(cls)
    fields = {
        item.name: values_of(hints[item.name], depth)
        for item in dataclasses.fields(cls)
        if item.init
    }
    if cls is Constraint:
        # The type sits next to the fields in the JSON form: no field may be called so.
        fields["fields"] = st.dictionaries(
            st.text(max_size=5).filter(lambda key: key != "type"),
            json_values,
            max_size=3,
        )
    if cls is ApprovalLedger:
        # Pending requests are stored as a list: each is filed under its own plan.
        fields["pending"] = st.lists(
            models(ApprovalRequest, depth + 1), max_size=3
        ).map(lambda requests: {request.plan_id: request for request in requests})
    return st.builds(cls, **fields)


@pytest.mark.parametrize(
    "cls",
    [
        TaskSpec,
        PolicyDecision,
        ExecutionStep,
        PlanRecord,
        ContextSnapshot,
        ConsentReference,
        ApprovalLedger,
        MetricCounters,
    ],
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_model_value_round_trips(cls: type, data: st.DataObject) -> None:
    value = data.draw(models(cls))
    stored = _json(value.as_dict())
    assert type(value).from_dict(stored) == value
    assert type(value).from_dict(stored).as_dict() == stored


def test_forms_are_copies_not_the_models_own_containers() -> None:
    record = make_record()
    stored = record.as_dict()
    stored["plan"]["steps"][0]["target"]["entity_id"].append("light.other")
    stored["task_spec"]["goals"][0]["params"]["extra"] = 1
    stored["script"]["extra"] = []
    assert record == make_record()
    again = PlanRecord.from_dict(stored)
    stored["plan"]["steps"][0]["depends_on"].append("s9")
    assert again.plan.steps[0].depends_on == []


def test_missing_keys_read_as_defaults_and_unknown_keys_are_ignored() -> None:
    step = ExecutionStep.from_dict({"step_id": "s1", "kind": "wait", "future": 1})
    assert step == ExecutionStep("s1", StepKind.WAIT)
    consent = ConsentReference.from_dict(
        {"consent_id": "c", "scope": "s", "granted_at": "2026-11-23T20:00:00+00:00"}
    )
    assert consent.user_id is None
    assert consent.granted_by is None
    with pytest.raises(KeyError, match="kind"):
        ExecutionStep.from_dict({"step_id": "s1"})


def test_guardrails_are_text_in_json_and_typed_in_the_model() -> None:
    step = ExecutionStep(
        "s1",
        StepKind.ACTION,
        guardrails=[
            Guardrail(GuardrailKind.ENTITY_AVAILABLE),
            Guardrail.approval(TrustTier.TRUSTED),
            Guardrail.temperature_bounds(7, 30.5),
            Guardrail.power_limit(3500.0),
        ],
    )
    stored = step.as_dict()["guardrails"]
    assert stored == [
        "entity_available",
        "trust:approval_required:trusted",
        "safety:temperature_bounds:7-30.5",
        "power_limit:3500",
    ]
    assert [Guardrail.parse(text) for text in stored] == step.guardrails
    assert Guardrail.parse("privacy:local_only").kind is GuardrailKind.LOCAL_ONLY
    with pytest.raises(ValueError, match="not a guardrail"):
        Guardrail.parse("quiet hours respected")
    with pytest.raises(ValueError, match="not a guardrail"):
        ExecutionStep.from_dict(
            {"step_id": "s1", "kind": "action", "guardrails": ["x"]}
        )
