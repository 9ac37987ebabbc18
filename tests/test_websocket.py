"""Websocket commands of the dashboard card, through a real websocket connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
import importlib
import sys
import types
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.orchestration.const import DOMAIN
from custom_components.orchestration.models import (
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.typing import WebSocketGenerator


@dataclass
class _PlanRequest:
    """The engine's PlanRequest as the preamble defines it."""

    intent: str
    trigger_type: Any = None
    preview: bool = False
    strategy: Strategy | None = None
    context_hints: dict[str, Any] = field(default_factory=dict)
    preferences: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    user_id: str | None = None


def _record(plan_id: str, status: PlanStatus, user_id: str | None) -> PlanRecord:
    return PlanRecord(
        plan_id=plan_id,
        status=status,
        created=datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
        task_spec=TaskSpec(intent="unlock the front door"),
        policy=PolicyDecision(
            decision=Decision.REQUIRE_APPROVAL,
            trust_tier=TrustTier.BASIC,
            approval_required=True,
        ),
        plan=ExecutionPlan(
            strategy=Strategy.BALANCED,
            steps=[
                ExecutionStep(
                    step_id="s1",
                    kind=StepKind.ACTION,
                    action="lock.unlock",
                    target={"entity_id": ["lock.front_door"]},
                )
            ],
        ),
        explanation=Explanation(summary="Unlocks the front door."),
        script={"sequence": []},
        planning_time_ms=1.0,
        user_id=user_id,
    )


class FakeEngine:
    """Stands in for the lead's engine until engine.py lands on main."""

    def __init__(self) -> None:
        self.plans: dict[str, PlanRecord] = {}
        self.listeners: list[Callable[[PlanRecord], None]] = []
        self.requests: list[_PlanRequest] = []
        self.approvers: set[str] = set()

    def _store(self, record: PlanRecord) -> PlanRecord:
        self.plans[record.plan_id] = record
        for listener in list(self.listeners):
            listener(record)
        return record

    def _set(self, plan_id: str, status: PlanStatus) -> PlanRecord:
        record = self.get_plan(plan_id)
        record.status = status
        return self._store(record)

    async def async_create_plan(self, request: _PlanRequest) -> PlanRecord:
        self.requests.append(request)
        if request.intent == "explode":
            raise HomeAssistantError("Planner crashed")
        return self._store(
            _record(
                f"p{len(self.plans) + 1}", PlanStatus.PENDING_APPROVAL, request.user_id
            )
        )

    async def async_preview_plan(self, request: _PlanRequest) -> PlanRecord:
        self.requests.append(request)
        return self._store(_record("preview", PlanStatus.PREVIEW, request.user_id))

    async def async_approve(self, plan_id: str, user_id: str | None) -> PlanRecord:
        return self._set(plan_id, PlanStatus.RUNNING)

    async def async_reject(
        self, plan_id: str, user_id: str | None, reason: str | None = None
    ) -> PlanRecord:
        return self._set(plan_id, PlanStatus.REJECTED)

    async def async_cancel(self, plan_id: str, user_id: str | None) -> PlanRecord:
        return self._set(plan_id, PlanStatus.CANCELLED)

    def get_plan(self, plan_id: str) -> PlanRecord:
        if plan_id not in self.plans:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="plan_not_found",
                translation_placeholders={"plan_id": plan_id},
            )
        return self.plans[plan_id]

    def list_plans(self, status: PlanStatus | None = None) -> list[PlanRecord]:
        return [p for p in self.plans.values() if status is None or p.status is status]

    def can_approve(self, plan_id: str, user: Any) -> bool:
        record = self.plans.get(plan_id)
        return (
            record is not None
            and record.status is PlanStatus.PENDING_APPROVAL
            and user is not None
            and user.id in self.approvers
        )

    def async_add_listener(
        self, listener: Callable[[PlanRecord], None]
    ) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)


@pytest.fixture
async def engine(hass: HomeAssistant) -> AsyncIterator[FakeEngine]:
    """Register the websocket commands on a fake engine module."""
    fake = FakeEngine()
    module = types.ModuleType("custom_components.orchestration.engine")
    module.PlanRequest = _PlanRequest  # type: ignore[attr-defined]
    module.OrchestrationEngine = FakeEngine  # type: ignore[attr-defined]
    module.async_get_engine = lambda hass: fake  # type: ignore[attr-defined]
    with patch.dict(sys.modules, {"custom_components.orchestration.engine": module}):
        sys.modules.pop("custom_components.orchestration.websocket", None)
        websocket = importlib.import_module("custom_components.orchestration.websocket")
        websocket.async_setup_websocket(hass)
        yield fake
        sys.modules.pop("custom_components.orchestration.websocket", None)


async def test_subscribe_sends_the_list_then_changes(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    engine: FakeEngine,
    hass_admin_user: Any,
) -> None:
    client = await hass_ws_client(hass)
    engine._store(_record("old", PlanStatus.PENDING_APPROVAL, None))
    engine._store(_record("hidden", PlanStatus.PREVIEW, None))

    await client.send_json_auto_id({"type": "orchestration/plans/subscribe"})
    result = await client.receive_json()
    assert result["success"]
    snapshot = await client.receive_json()
    assert snapshot["event"]["type"] == "plans"
    assert [p["plan_id"] for p in snapshot["event"]["plans"]] == ["old"]
    plan = snapshot["event"]["plans"][0]
    assert plan["can_approve"] is False
    assert plan["can_cancel"] is True  # the test user is an admin
    assert plan["plan"]["steps"][0]["action"] == "lock.unlock"

    await client.send_json_auto_id(
        {"type": "orchestration/plans/approve", "plan_id": "old"}
    )
    event = await client.receive_json()
    assert event["type"] == "event"
    assert event["event"]["type"] == "plan"
    assert event["event"]["plan"]["status"] == "running"
    approved = await client.receive_json()
    assert approved["success"]
    assert approved["result"]["status"] == "running"

    # Previews are not broadcast.
    await client.send_json_auto_id(
        {"type": "orchestration/plans/preview", "intent": "unlock the front door"}
    )
    previewed = await client.receive_json()
    assert previewed["result"]["status"] == "preview"

    assert len(engine.listeners) == 1
    await client.close()
    await hass.async_block_till_done()
    assert engine.listeners == []


async def test_preview_and_create_pass_the_request_to_the_engine(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    engine: FakeEngine,
    hass_admin_user: Any,
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "orchestration/plans/preview",
            "intent": "unlock the front door",
            "language": "de",
            "strategy": "privacy_first",
            "area_id": "hall",
        }
    )
    preview = await client.receive_json()
    assert preview["success"], preview
    request = engine.requests[-1]
    assert request.preview is True
    assert request.trigger_type == "preview_request"
    assert request.strategy is Strategy.PRIVACY_FIRST
    assert request.language == "de"
    assert request.context_hints == {"area_id": "hall"}

    await client.send_json_auto_id(
        {"type": "orchestration/plans/create", "intent": "unlock the front door"}
    )
    created = await client.receive_json()
    assert created["result"]["status"] == "pending_approval"
    request = engine.requests[-1]
    assert request.preview is False
    assert request.trigger_type == "user_request"
    assert request.strategy is None
    assert request.context_hints == {}
    assert request.user_id == created["result"]["user_id"]
    assert request.user_id is not None

    await client.send_json_auto_id({"type": "orchestration/plans/list"})
    listed = await client.receive_json()
    assert [p["plan_id"] for p in listed["result"]["plans"]] == [
        created["result"]["plan_id"]
    ]
    await client.send_json_auto_id(
        {"type": "orchestration/plans/list", "status": "preview"}
    )
    listed = await client.receive_json()
    assert [p["plan_id"] for p in listed["result"]["plans"]] == ["preview"]

    await client.send_json_auto_id(
        {"type": "orchestration/plans/get", "plan_id": created["result"]["plan_id"]}
    )
    got = await client.receive_json()
    assert got["result"]["task_spec"]["intent"] == "unlock the front door"


async def test_can_approve_comes_from_the_engine(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    engine: FakeEngine,
    hass_admin_user: Any,
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "orchestration/plans/create", "intent": "unlock the front door"}
    )
    created = (await client.receive_json())["result"]
    assert created["can_approve"] is False
    engine.approvers.add(created["user_id"])
    await client.send_json_auto_id(
        {"type": "orchestration/plans/get", "plan_id": created["plan_id"]}
    )
    assert (await client.receive_json())["result"]["can_approve"] is True

    await client.send_json_auto_id(
        {
            "type": "orchestration/plans/reject",
            "plan_id": created["plan_id"],
            "reason": "no",
        }
    )
    rejected = (await client.receive_json())["result"]
    assert rejected["status"] == "rejected"
    assert rejected["can_approve"] is False
    assert rejected["can_cancel"] is False


async def test_errors_have_a_code_and_a_message(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, engine: FakeEngine
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "orchestration/plans/get", "plan_id": "nope"}
    )
    error = await client.receive_json()
    assert not error["success"]
    assert error["error"]["code"] == "plan_not_found"
    assert error["error"]["translation_key"] == "plan_not_found"
    assert error["error"]["message"]

    await client.send_json_auto_id(
        {"type": "orchestration/plans/create", "intent": "explode"}
    )
    error = await client.receive_json()
    assert error["error"] == {
        "code": "home_assistant_error",
        "message": "Planner crashed",
    }

    await client.send_json_auto_id(
        {"type": "orchestration/plans/preview", "intent": ""}
    )
    error = await client.receive_json()
    assert error["error"]["code"] == "invalid_format"


async def test_cancel_is_offered_to_requesters_and_decided_by_the_engine(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    engine: FakeEngine,
    hass_read_only_access_token: str,
    hass_read_only_user: Any,
) -> None:
    engine._store(_record("someone_elses", PlanStatus.SCHEDULED, "another-user"))
    engine._store(_record("mine", PlanStatus.SCHEDULED, hass_read_only_user.id))
    client = await hass_ws_client(hass, hass_read_only_access_token)

    await client.send_json_auto_id({"type": "orchestration/plans/list"})
    plans = {p["plan_id"]: p for p in (await client.receive_json())["result"]["plans"]}
    assert plans["someone_elses"]["can_cancel"] is False
    assert plans["mine"]["can_cancel"] is True

    await client.send_json_auto_id(
        {"type": "orchestration/plans/cancel", "plan_id": "mine"}
    )
    cancelled = (await client.receive_json())["result"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["can_cancel"] is False
