"""Websocket API behind the dashboard card: a live plan list, preview, create, decide.

Every plan sent to a connection carries ``can_approve`` and ``can_cancel`` for that
connection's user, so the card shows only the buttons the user may press.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_HOME_ASSISTANT_ERROR,
)
from homeassistant.components.websocket_api.decorators import (
    async_response,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import homeassistant.helpers.config_validation as cv
import voluptuous as vol

from .const import DOMAIN
from .core.lifecycle import ACTIVE
from .core.models import PlanRecord
from .core.permissions import PlanAction
from .engine import OrchestrationEngine, async_get_engine
from .request import (
    INTENT,
    LIST_FIELDS,
    PREFERENCES,
    STRATEGY,
    PlanQuery,
    PlanRequest,
)

if TYPE_CHECKING:
    from homeassistant.auth.models import User
    from homeassistant.helpers.typing import VolDictType

    from .runtime import OrchestrationConfigEntry

ERR_INVALID_REQUEST = "invalid_request"

type _Handler = Callable[
    [HomeAssistant, ActiveConnection, dict[str, Any]], Awaitable[None]
]

# The request fields of the services (same limits), with the area of the card flat.
_INTENT_SCHEMA: VolDictType = {
    vol.Required("intent"): INTENT,
    vol.Optional("language"): cv.string,
    vol.Optional("strategy"): STRATEGY,
    vol.Optional("preferences"): PREFERENCES,
    vol.Optional("area_id"): cv.string,
}
_PLAN_ID_SCHEMA: VolDictType = {vol.Required("plan_id"): cv.string}


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the ``orchestration/plans/*`` websocket commands."""
    for command in (
        ws_subscribe_plans,
        ws_list_plans,
        ws_get_plan,
        ws_preview_plan,
        ws_create_plan,
        ws_approve_plan,
        ws_reject_plan,
        ws_cancel_plan,
    ):
        async_register_command(hass, command)


def plan_for_user(
    engine: OrchestrationEngine, record: PlanRecord, user: User
) -> dict[str, Any]:
    """Return the PlanResponse as ``user`` reads it, with what they may do with it.

    The buttons follow the engine's permission table (``core.permissions``); the
    engine decides again when one is pressed.
    """
    response = engine.response(record, engine.reader(user))
    response["can_approve"] = engine.allows(PlanAction.APPROVE, record, user)
    response["can_cancel"] = engine.allows(PlanAction.CANCEL, record, user)
    return response


def _readable(
    engine: OrchestrationEngine, records: list[PlanRecord], user: User
) -> list[PlanRecord]:
    return [
        record for record in records if engine.allows(PlanAction.READ, record, user)
    ]


def _send_error(
    connection: ActiveConnection,
    msg_id: int,
    err: HomeAssistantError,
    default_code: str,
) -> None:
    """Send an engine error: its translation key is the code the card can act on."""
    connection.send_error(
        msg_id,
        err.translation_key or default_code,
        str(err) or default_code,
        translation_key=err.translation_key,
        translation_domain=err.translation_domain,
        translation_placeholders=err.translation_placeholders,
    )


def _report_errors(handler: _Handler) -> _Handler:
    """Turn the engine's errors into websocket error messages with a code."""

    @wraps(handler)
    async def report(
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        try:
            await handler(hass, connection, msg)
        except ServiceValidationError as err:
            _send_error(connection, msg["id"], err, ERR_INVALID_REQUEST)
        except HomeAssistantError as err:
            _send_error(connection, msg["id"], err, ERR_HOME_ASSISTANT_ERROR)

    return report


class _PlanFeed:
    """One connection's live plan list; it follows the entry through reloads.

    Changing the options reloads the entry, which brings a new engine: the feed moves
    its listener there and sends the whole list again, so an open card stays live.
    """

    def __init__(
        self,
        connection: ActiveConnection,
        msg_id: int,
        entry: OrchestrationConfigEntry,
        query: PlanQuery,
    ) -> None:
        self._connection = connection
        self._msg_id = msg_id
        self._entry = entry
        self._query = query
        self._remove_listener: CALLBACK_TYPE | None = None
        self._remove_state_listener = entry.async_on_state_change(self._entry_changed)

    @callback
    def attach(self) -> None:
        """Listen to the entry's engine and send the plans the query selects.

        The limit cuts finished plans only: every plan that waits for approval, is
        scheduled or runs is sent, since someone may have to act on it.
        """
        self._detach()
        engine = self._entry.runtime_data.engine
        user = self._connection.user
        query = self._query

        @callback
        def forward(record: PlanRecord) -> None:
            if query.matches(record) and engine.allows(PlanAction.READ, record, user):
                self._send(
                    {"type": "plan", "plan": plan_for_user(engine, record, user)}
                )

        self._remove_listener = engine.async_add_listener(forward)
        records = _readable(engine, engine.list_plans(), user)
        selected = query.select(records)
        selected += [
            record
            for record in records
            if record.status in ACTIVE
            and query.matches(record)
            and record not in selected
        ]
        plans = [plan_for_user(engine, record, user) for record in selected]
        self._send({"type": "plans", "plans": plans})

    @callback
    def close(self) -> None:
        """Stop listening: the connection closed or unsubscribed."""
        self._detach()
        self._remove_state_listener()

    @callback
    def _detach(self) -> None:
        if self._remove_listener is not None:
            self._remove_listener()
            self._remove_listener = None

    @callback
    def _entry_changed(self) -> None:
        if self._entry.state is ConfigEntryState.LOADED:
            self.attach()
        else:
            self._detach()

    def _send(self, event: dict[str, Any]) -> None:
        self._connection.send_message(event_message(self._msg_id, event))


@websocket_command(
    {vol.Required("type"): "orchestration/plans/subscribe", **LIST_FIELDS}
)
@async_response
@_report_errors
async def ws_subscribe_plans(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send the plans asked for, then one event per created or changed one of them."""
    async_get_engine(hass)  # the error to send when the entry is not loaded
    loaded = hass.config_entries.async_loaded_entries(DOMAIN)
    feed = _PlanFeed(connection, msg["id"], loaded[0], PlanQuery.from_fields(msg))
    connection.subscriptions[msg["id"]] = feed.close
    connection.send_result(msg["id"])
    feed.attach()


@websocket_command({vol.Required("type"): "orchestration/plans/list", **LIST_FIELDS})
@async_response
@_report_errors
async def ws_list_plans(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send the plans asked for, newest first (previews only when asked for)."""
    engine = async_get_engine(hass)
    records = PlanQuery.from_fields(msg).select(
        _readable(engine, engine.list_plans(), connection.user)
    )
    connection.send_result(
        msg["id"],
        {"plans": [plan_for_user(engine, r, connection.user) for r in records]},
    )


@websocket_command({vol.Required("type"): "orchestration/plans/get", **_PLAN_ID_SCHEMA})
@async_response
@_report_errors
async def ws_get_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send one plan."""
    engine = async_get_engine(hass)
    record = await engine.async_read_plan(msg["plan_id"], connection.user.id)
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))


def _plan_request(msg: dict[str, Any], user: User, *, preview: bool) -> PlanRequest:
    """Build the engine's request from a preview or create message."""
    return PlanRequest.from_fields(
        msg, user_id=user.id, preview=preview, area_id=msg.get("area_id")
    )


@websocket_command(
    {vol.Required("type"): "orchestration/plans/preview", **_INTENT_SCHEMA}
)
@async_response
@_report_errors
async def ws_preview_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Plan an intent and send what would happen; nothing runs, nobody is notified."""
    engine = async_get_engine(hass)
    record = await engine.async_preview_plan(
        _plan_request(msg, connection.user, preview=True)
    )
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))


@websocket_command(
    {vol.Required("type"): "orchestration/plans/create", **_INTENT_SCHEMA}
)
@async_response
@_report_errors
async def ws_create_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Create a plan for the connection's user; it runs when policy allows."""
    engine = async_get_engine(hass)
    record = await engine.async_create_plan(
        _plan_request(msg, connection.user, preview=False)
    )
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))


@websocket_command(
    {vol.Required("type"): "orchestration/plans/approve", **_PLAN_ID_SCHEMA}
)
@async_response
@_report_errors
async def ws_approve_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Approve a plan that waits for approval, as the connection's user."""
    engine = async_get_engine(hass)
    record = await engine.async_approve(msg["plan_id"], connection.user.id)
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))


@websocket_command(
    {
        vol.Required("type"): "orchestration/plans/reject",
        **_PLAN_ID_SCHEMA,
        vol.Optional("reason"): cv.string,
    }
)
@async_response
@_report_errors
async def ws_reject_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Reject a plan that waits for approval, as the connection's user."""
    engine = async_get_engine(hass)
    record = await engine.async_reject(
        msg["plan_id"], connection.user.id, msg.get("reason")
    )
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))


@websocket_command(
    {vol.Required("type"): "orchestration/plans/cancel", **_PLAN_ID_SCHEMA}
)
@async_response
@_report_errors
async def ws_cancel_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Cancel a plan that has not finished, as the connection's user."""
    engine = async_get_engine(hass)
    record = await engine.async_cancel(msg["plan_id"], connection.user.id)
    connection.send_result(msg["id"], plan_for_user(engine, record, connection.user))
