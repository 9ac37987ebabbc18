"""Services of DESIGN §3, registered once in ``async_setup``.

Each service is registered with its voluptuous schema, so Home Assistant checks the
data before the handler runs: bad input is a ``vol.Invalid`` naming the field (an
HTTP 400 for a REST caller, ``invalid_format`` on the websocket, the error of a
failed script step), and nothing is planned or stored. Every other refusal is a
``ServiceValidationError`` with this integration's translation key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from .const import DOMAIN
from .core.models import PlanRecord
from .engine import OrchestrationEngine, async_get_engine
from .request import LIST_FIELDS, REQUEST_FIELDS, PlanQuery, PlanRequest

SERVICE_CREATE_PLAN = "create_plan"
SERVICE_PREVIEW_PLAN = "preview_plan"
SERVICE_APPROVE_PLAN = "approve_plan"
SERVICE_REJECT_PLAN = "reject_plan"
SERVICE_CANCEL_PLAN = "cancel_plan"
SERVICE_REPLAN = "replan"
SERVICE_GET_PLAN = "get_plan"
SERVICE_LIST_PLANS = "list_plans"
SERVICE_GRANT_CONSENT = "grant_consent"
SERVICE_REVOKE_CONSENT = "revoke_consent"

CREATE_PLAN_SCHEMA = vol.Schema(
    {**REQUEST_FIELDS, vol.Optional("preview", default=False): cv.boolean}
)
PREVIEW_PLAN_SCHEMA = vol.Schema(REQUEST_FIELDS)
PLAN_ID_SCHEMA = vol.Schema({vol.Required("plan_id"): cv.string})
PLAN_REASON_SCHEMA = vol.Schema(
    {vol.Required("plan_id"): cv.string, vol.Optional("reason"): cv.string}
)
LIST_PLANS_SCHEMA = vol.Schema(LIST_FIELDS)
GRANT_CONSENT_SCHEMA = vol.Schema(
    {
        vol.Required("scope"): vol.All(cv.string, vol.Length(min=1, max=200)),
        vol.Optional("user_id"): cv.string,
        vol.Optional("expires"): cv.datetime,
    }
)
REVOKE_CONSENT_SCHEMA = vol.Schema(
    {
        vol.Required("scope"): vol.All(cv.string, vol.Length(min=1, max=200)),
        vol.Optional("user_id"): cv.string,
    }
)

type Handler = Callable[
    [OrchestrationEngine, ServiceCall, dict[str, Any]], Awaitable[Any]
]


async def _response(
    record: PlanRecord, engine: OrchestrationEngine, call: ServiceCall
) -> dict[str, Any]:
    """The PlanResponse as the caller reads it, with the metrics."""
    response = engine.response(record, await engine.async_reader(call.context.user_id))
    response["metrics"] = engine.metrics.as_dict()
    return response


async def _create_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    request = PlanRequest.from_fields(
        data, user_id=call.context.user_id, preview=data["preview"]
    )
    return await _response(await engine.async_create_plan(request), engine, call)


async def _preview_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    request = PlanRequest.from_fields(data, user_id=call.context.user_id, preview=True)
    return await _response(await engine.async_preview_plan(request), engine, call)


async def _approve_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    record = await engine.async_approve(data["plan_id"], call.context.user_id)
    return await _response(record, engine, call)


async def _reject_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    record = await engine.async_reject(
        data["plan_id"], call.context.user_id, data.get("reason")
    )
    return await _response(record, engine, call)


async def _cancel_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    record = await engine.async_cancel(data["plan_id"], call.context.user_id)
    return await _response(record, engine, call)


async def _replan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    record = await engine.async_replan(
        data["plan_id"], data.get("reason"), call.context.user_id
    )
    return await _response(record, engine, call)


async def _get_plan(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    record = await engine.async_read_plan(data["plan_id"], call.context.user_id)
    return await _response(record, engine, call)


async def _list_plans(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    records = PlanQuery.from_fields(data).select(
        await engine.async_readable_plans(call.context.user_id)
    )
    return {
        "plans": [record.as_summary() for record in records],
        "metrics": engine.metrics.as_dict(),
    }


async def _grant_consent(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    consent = await engine.async_grant_consent(
        data["scope"],
        user_id=data.get("user_id"),
        expires=data.get("expires"),
        granted_by=call.context.user_id,
    )
    return consent.as_dict()


async def _revoke_consent(
    engine: OrchestrationEngine, call: ServiceCall, data: dict[str, Any]
) -> dict[str, Any]:
    revoked, affected = await engine.async_revoke_consent(
        data["scope"], user_id=data.get("user_id"), revoked_by=call.context.user_id
    )
    return {
        "revoked": [consent.as_dict() for consent in revoked],
        "affected_plans": [record.as_summary() for record in affected],
    }


SERVICES: dict[str, tuple[vol.Schema, Handler, SupportsResponse]] = {
    SERVICE_CREATE_PLAN: (CREATE_PLAN_SCHEMA, _create_plan, SupportsResponse.OPTIONAL),
    SERVICE_PREVIEW_PLAN: (PREVIEW_PLAN_SCHEMA, _preview_plan, SupportsResponse.ONLY),
    SERVICE_APPROVE_PLAN: (PLAN_ID_SCHEMA, _approve_plan, SupportsResponse.OPTIONAL),
    SERVICE_REJECT_PLAN: (PLAN_REASON_SCHEMA, _reject_plan, SupportsResponse.OPTIONAL),
    SERVICE_CANCEL_PLAN: (PLAN_ID_SCHEMA, _cancel_plan, SupportsResponse.OPTIONAL),
    SERVICE_REPLAN: (PLAN_REASON_SCHEMA, _replan, SupportsResponse.OPTIONAL),
    SERVICE_GET_PLAN: (PLAN_ID_SCHEMA, _get_plan, SupportsResponse.ONLY),
    SERVICE_LIST_PLANS: (LIST_PLANS_SCHEMA, _list_plans, SupportsResponse.ONLY),
    SERVICE_GRANT_CONSENT: (
        GRANT_CONSENT_SCHEMA,
        _grant_consent,
        SupportsResponse.OPTIONAL,
    ),
    SERVICE_REVOKE_CONSENT: (
        REVOKE_CONSENT_SCHEMA,
        _revoke_consent,
        SupportsResponse.OPTIONAL,
    ),
}


def _make_handler(
    hass: HomeAssistant, handler: Handler
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    async def handle(call: ServiceCall) -> ServiceResponse:
        engine = async_get_engine(hass)
        result: ServiceResponse = await handler(engine, call, dict(call.data))
        return result if call.return_response else None

    return handle


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every service of the integration."""
    for name, (schema, handler, supports_response) in SERVICES.items():
        hass.services.async_register(
            DOMAIN,
            name,
            _make_handler(hass, handler),
            schema=schema,
            supports_response=supports_response,
        )
