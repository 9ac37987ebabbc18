"""One request builder for every entry point; replans ask what the request asked."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
import voluptuous as vol

from custom_components.orchestration.core.models import (
    ContextHints,
    PlanRecord,
    Preferences,
    Strategy,
    TriggerType,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.plans import pipeline
from custom_components.orchestration.request import (
    MAX_INTENT_LENGTH,
    PREFERENCES,
    REQUEST_FIELDS,
    PlanRequest,
)

from .factories import make_record
from .helpers import call, settle

REQUEST_SCHEMA = vol.Schema(REQUEST_FIELDS)


def test_fields_become_a_typed_request() -> None:
    request = PlanRequest.from_fields(
        REQUEST_SCHEMA(
            {
                "intent": "turn on the lights here",
                "strategy": "cost",
                "trigger_type": "scheduled_routine",
                "context_hints": {"area_id": "kitchen", "source": "tablet"},
                "preferences": {"privacy_first": "off", "cost_budget": "0.5"},
                "language": "de",
            }
        ),
        user_id="u1",
    )
    assert request == PlanRequest(
        intent="turn on the lights here",
        trigger_type=TriggerType.SCHEDULED_ROUTINE,
        strategy=Strategy.COST,
        context_hints=ContextHints(area_id="kitchen"),
        preferences=Preferences(privacy_first=False, cost_budget=0.5),
        language="de",
        user_id="u1",
    )


def test_the_callers_area_is_a_hint_the_fields_come_before() -> None:
    fields = REQUEST_SCHEMA({"intent": "x"})
    assert PlanRequest.from_fields(
        fields, user_id=None, area_id="office"
    ).context_hints == ContextHints(area_id="office")
    given = REQUEST_SCHEMA({"intent": "x", "context_hints": {"area_id": "kitchen"}})
    assert PlanRequest.from_fields(
        given, user_id=None, area_id="office"
    ).context_hints == ContextHints(area_id="kitchen")


def test_a_preview_is_a_preview_request_unless_the_caller_says_otherwise() -> None:
    fields = REQUEST_SCHEMA({"intent": "x"})
    assert (
        PlanRequest.from_fields(fields, user_id=None, preview=True).trigger_type
        is TriggerType.PREVIEW_REQUEST
    )
    assert (
        PlanRequest.from_fields(fields, user_id=None).trigger_type
        is TriggerType.USER_REQUEST
    )


def test_asking_again_keeps_what_the_request_said() -> None:
    record = make_record()
    record.context_hints = ContextHints(area_id="kitchen")
    record.preferences = Preferences(latency_budget_ms=100.0)
    again = PlanRequest.again(record, user_id="u9", trigger_type=TriggerType.REPLAN)
    assert again == PlanRequest(
        intent=record.task_spec.intent,
        trigger_type=TriggerType.REPLAN,
        strategy=record.plan.strategy,
        context_hints=ContextHints(area_id="kitchen"),
        preferences=Preferences(latency_budget_ms=100.0),
        language=record.task_spec.language,
        user_id="u9",
    )


def test_a_plan_stored_before_hints_and_preferences_were_kept_loads() -> None:
    stored = make_record().as_dict()
    del stored["context_hints"], stored["preferences"]
    record = PlanRecord.from_dict(stored)
    assert record.context_hints == ContextHints()
    assert record.preferences == Preferences()


def test_hints_and_preferences_round_trip() -> None:
    record = make_record()
    record.context_hints = ContextHints(area_id="kitchen")
    record.preferences = Preferences(privacy_first=False, cost_budget=0.0)
    stored = record.as_dict()
    assert stored["preferences"] == {"privacy_first": False, "cost_budget": 0.0}
    assert PlanRecord.from_dict(stored) == record


@pytest.mark.parametrize(
    ("preferences", "field"),
    [
        ({"cost_budget": "abc"}, "cost_budget"),
        ({"cost_budget": -1}, "cost_budget"),
        ({"cost_budget": "nan"}, "cost_budget"),
        ({"latency_budget_ms": None}, "latency_budget_ms"),
        ({"latency_budget_ms": "inf"}, "latency_budget_ms"),
        ({"privacy_first": "maybe"}, "privacy_first"),
        ([1], None),
        ("cheap", None),
    ],
)
def test_bad_preferences_are_refused_naming_the_field(
    preferences: Any, field: str | None
) -> None:
    with pytest.raises(vol.Invalid) as err:
        REQUEST_SCHEMA({"intent": "x", "preferences": preferences})
    assert err.value.path[0] == "preferences"
    if field is not None:
        assert err.value.path[1] == field


def test_unknown_preferences_are_ignored() -> None:
    assert PREFERENCES({"quiet": True, "cost_budget": 2}) == {
        "quiet": True,
        "cost_budget": 2.0,
    }
    fields = REQUEST_SCHEMA({"intent": "x", "preferences": {"quiet": True}})
    assert PlanRequest.from_fields(fields, user_id=None).preferences == Preferences()


def test_intent_length_is_limited() -> None:
    REQUEST_SCHEMA({"intent": "x" * MAX_INTENT_LENGTH})
    with pytest.raises(vol.Invalid):
        REQUEST_SCHEMA({"intent": "x" * (MAX_INTENT_LENGTH + 1)})


@pytest.mark.usefixtures("orchestration_entry")
async def test_preferences_reach_the_planner(hass: HomeAssistant) -> None:
    with patch.object(pipeline, "build_plan", wraps=build_plan) as planner:
        response = await call(
            hass,
            "preview_plan",
            {
                "intent": "turn on the kitchen lights",
                "preferences": {"privacy_first": False, "cost_budget": 0.25},
            },
        )
    options = planner.call_args.kwargs["options"]
    assert options.privacy_first is False
    assert options.cost_budget == 0.25
    assert response["preferences"] == {"privacy_first": False, "cost_budget": 0.25}


@pytest.mark.usefixtures("orchestration_entry")
async def test_a_replan_asks_what_the_request_asked(hass: HomeAssistant) -> None:
    """Regression: a replan used to drop the request's area and preferences."""
    first = await call(
        hass,
        "create_plan",
        {
            "intent": "turn on the lights",
            "context_hints": {"area_id": "kitchen"},
            "preferences": {"cost_budget": 0.5},
        },
    )
    await settle(hass)
    assert first["task_spec"]["goals"][0]["targets"]["area_ids"] == ["kitchen"]
    with patch.object(pipeline, "build_plan", wraps=build_plan) as planner:
        again = await call(hass, "replan", {"plan_id": first["plan_id"]})
    await settle(hass)
    assert planner.call_args.kwargs["options"].cost_budget == 0.5
    assert again["task_spec"]["trigger_type"] == "replan"
    assert again["task_spec"]["goals"] == first["task_spec"]["goals"]
    assert again["plan"]["steps"][0]["target"] == first["plan"]["steps"][0]["target"]
    record = async_get_engine(hass).get_plan(again["plan_id"])
    assert record.context_hints == ContextHints(area_id="kitchen")
    assert record.preferences == Preferences(cost_budget=0.5)


@pytest.mark.usefixtures("orchestration_entry")
async def test_whitespace_intent_is_still_refused_by_the_engine(
    hass: HomeAssistant,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "create_plan", {"intent": "   "})
    assert err.value.translation_key == "empty_intent"
