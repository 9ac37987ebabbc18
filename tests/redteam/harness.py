"""The red-team harness: a home with sensitive devices, its people, and what leaks.

Everything here drives Orchestration through the entry points Home Assistant offers
to the outside — service calls, the REST API, the websocket API, Assist, the LLM API,
notification answers, routines — and observes it the way a person or another
integration could: device states, the service calls on the bus, events, notifications
(push and persistent), diagnostics, responses. Nothing reaches into the engine, so the
tests stay valid whatever the glue looks like inside.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
import dataclasses
from dataclasses import dataclass, field
import json
import re
from typing import TYPE_CHECKING, Any

from homeassistant.components import conversation
from homeassistant.components.http.ban import (
    NOTIFICATION_ID_BAN,
    NOTIFICATION_ID_LOGIN,
)
from homeassistant.const import EVENT_CALL_SERVICE, EVENT_STATE_CHANGED
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm
import voluptuous as vol

from custom_components.orchestration.const import DOMAIN

if TYPE_CHECKING:
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import (
        ClientSessionGenerator,
        MockHAClientWebSocket,
        WebSocketGenerator,
    )

# --- The home ----------------------------------------------------------------------

LOCK = "lock.front_door"
ALARM = "alarm_control_panel.home_alarm"
GARAGE = "cover.garage_door"
GATE = "cover.driveway_gate"
PIN = "sensor.alarm_pin"
DISARM_SCRIPT = "script.disarm_alarm"
#: A lamp of a cloud integration, labelled confidential (see conftest).
CLOUD_LAMP = "light.cloud_lamp"
#: The restricted sensor's state: it must never show up before a plan may read it.
SECRET = "4711"  # noqa: S105 - a sensor state, the thing that must not leak
PHONE = "mobile_app_phone"
APPROVAL_TITLE = "Approval needed"
#: How long ``settle`` waits for running plans, in real seconds.
SETTLE_S = 3.0

# Trust tiers by rank, as DESIGN §5 orders them; "nobody" is above them all (a scope
# that needs a consent nobody gave is never used alone).
TIERS = ("untrusted", "basic", "verified", "trusted", "privileged", "nobody")


def rank(tier: str) -> int:
    """Position of a tier in DESIGN §5's order."""
    return TIERS.index(tier)


@dataclass(frozen=True, slots=True)
class Sensitive:
    """A sensitive thing to ask for, the device it touches and its safe state.

    ``alone_from``: the lowest tier that may do it without approval (README table);
    ``approve_from``: the lowest tier whose approval lets a lower caller do it.
    """

    key: str
    intent: str
    entity_id: str
    safe_state: str
    alone_from: str
    approve_from: str = "trusted"
    #: For reads: the device is not acted on, but its value must not leak.
    read_only: bool = False


ACTIONS: dict[str, Sensitive] = {
    item.key: item
    for item in (
        Sensitive("unlock", "unlock the front door", LOCK, "locked", "trusted"),
        Sensitive("disarm", "disarm the home alarm", ALARM, "armed_away", "trusted"),
        # A script labelled ``security`` that disarms: security.device.control.
        Sensitive(
            "disarm_script",
            "run the disarm alarm script",
            ALARM,
            "armed_away",
            "verified",
        ),
        Sensitive("garage", "open the garage door", GARAGE, "closed", "verified"),
        Sensitive("gate", "open the driveway gate", GATE, "closed", "verified"),
        Sensitive(
            "restricted_read",
            "what is the alarm pin",
            PIN,
            SECRET,
            "verified",
            read_only=True,
        ),
        # Confidential data to a cloud service: needs a consent nobody has given,
        # so everyone's request waits for a trusted approval — the admin's too.
        Sensitive("cloud_lamp", "turn on the cloud lamp", CLOUD_LAMP, "off", "nobody"),
    )
}

# --- The people --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caller:
    """Who calls: a Home Assistant user, an automation (no user) or a stray user id.

    ``tier`` is the tier the contract gives this caller (README "Who may do what";
    read-only users: see tests/redteam/README.md). ``token`` is an access token when
    Home Assistant authenticates the caller over HTTP, else None.
    """

    key: str
    user_id: str | None
    token: str | None = None
    #: A token Home Assistant issued once but refuses now (deactivated user).
    stale_token: str | None = None

    @property
    def tier(self) -> str:
        """The tier the contract gives this caller."""
        return CALLER_TIERS[self.key]

    def may_alone(self, action: Sensitive) -> bool:
        """Whether the contract lets this caller do ``action`` without approval."""
        return may_alone(self.key, action)

    def may_approve(self, action: Sensitive) -> bool:
        """Whether the contract lets this caller approve ``action`` for someone."""
        return may_approve(self.key, action)


#: The tier the contract gives each caller (README "Who may do what"; read-only users
#: and deactivated users: tests/redteam/README.md).
CALLER_TIERS = {
    "owner": "privileged",
    "admin": "trusted",
    "member": "verified",
    "read_only": "basic",
    "automation": "basic",
    "unknown": "untrusted",
    "deactivated": "untrusted",
}
CALLER_KEYS = tuple(CALLER_TIERS)


def may_alone(caller_key: str, action: Sensitive) -> bool:
    """Whether the contract lets this caller do ``action`` without approval."""
    return rank(CALLER_TIERS[caller_key]) >= rank(action.alone_from)


def may_approve(caller_key: str, action: Sensitive) -> bool:
    """Whether the contract lets this caller approve ``action`` for someone else."""
    return rank(CALLER_TIERS[caller_key]) >= max(
        rank(action.approve_from), rank("verified")
    )


UNKNOWN_USER_ID = "0123456789abcdef0123456789abcdef"

ACTIVE_STATUSES = frozenset({"pending_approval", "scheduled", "running"})
FINISHED_STATUSES = frozenset(
    {"completed", "failed", "rejected", "cancelled", "expired", "superseded"}
)


# --- What leaks --------------------------------------------------------------------

_SECRET_PATTERN = re.compile(rf"(?<![0-9A-Za-z.]){SECRET}(?![0-9A-Za-z])")


def leaks(text: str) -> bool:
    """Whether ``text`` shows the restricted value (not as part of an id or number)."""
    return _SECRET_PATTERN.search(text) is not None


def as_text(value: Any) -> str:
    """Everything in a value as one string, to search for what must not be there."""
    return json.dumps(value, default=str, ensure_ascii=False)


@dataclass(slots=True, repr=False)
class Observer:
    """Everything Home Assistant lets the outside see, recorded as it happens."""

    hass: HomeAssistant
    #: Contexts of the harness's own set-up and reset calls, not the attack's.
    own_contexts: set[str] = field(default_factory=set)
    events: list[Event[Any]] = field(default_factory=list)
    service_calls: list[Event[Any]] = field(default_factory=list)
    state_changes: list[Event[Any]] = field(default_factory=list)
    #: (title, message) of every persistent notification shown.
    persistent: list[tuple[str, str]] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)
    #: Every call of the approval phone's notify service, never cleared (buttons of
    #: an earlier push stay tappable); ``phone_seen`` marks where ``clear`` was.
    all_phone: list[ServiceCall] = field(default_factory=list)
    phone_seen: int = 0

    @property
    def phone(self) -> list[ServiceCall]:
        """Pushes to the approval phone since the last clear."""
        return self.all_phone[self.phone_seen :]

    def own_context(self) -> Context:
        """A context whose calls the observer does not count as the attack's."""
        context = Context()
        self.own_contexts.add(context.id)
        return context

    @callback
    def record_event(self, event: Event[Any]) -> None:
        """Keep every event; service calls and state changes also by kind."""
        if event.context.id in self.own_contexts:
            return
        if event.event_type == EVENT_STATE_CHANGED:
            if event.data.get("entity_id") == PIN:
                return  # the sensor's own state is not a leak
            self.state_changes.append(event)
        if event.event_type == EVENT_CALL_SERVICE:
            self.service_calls.append(event)
        self.events.append(event)

    @callback
    def record_persistent(self, _: Any, notifications: dict[str, Any]) -> None:
        """Keep every persistent notification ever shown, even one dismissed later.

        Except Home Assistant's own warnings about a REST call with a bad token (the
        automation and the unknown id have none): no plan says those.
        """
        for notification_id, item in notifications.items():
            if notification_id in (NOTIFICATION_ID_LOGIN, NOTIFICATION_ID_BAN):
                continue
            self.persistent.append(
                (str(item.get("title") or ""), str(item.get("message") or ""))
            )

    def clear(self) -> None:
        """Forget what was seen (between hypothesis examples)."""
        self.events.clear()
        self.service_calls.clear()
        self.state_changes.clear()
        self.persistent.clear()
        self.responses.clear()
        self.phone_seen = len(self.all_phone)

    # --- verdicts ----------------------------------------------------------------

    def calls_touching(self, entity_id: str) -> list[dict[str, Any]]:
        """Service calls that could act on ``entity_id``.

        By entity id, by ``all``, or by an area/device/label/floor selector (the
        harness's devices are the only ones of their kind in their area).
        """
        domain = entity_id.partition(".")[0]
        found = []
        for event in self.service_calls:
            data = event.data.get("service_data") or {}
            if event.data.get("domain") in ("notify", "persistent_notification"):
                continue
            if event.data.get("domain") not in (domain, "homeassistant"):
                continue
            targets = _as_list(data.get("entity_id"))
            if (
                entity_id in targets
                or "all" in targets
                or (
                    not targets
                    and any(
                        data.get(key) for key in ("area_id", "device_id", "label_id")
                    )
                )
            ):
                found.append(dict(event.data))
        return found

    def changes_of(self, entity_id: str) -> list[tuple[str | None, str | None]]:
        """State changes of ``entity_id`` (old, new) since the last clear."""
        return [
            (
                event.data["old_state"].state if event.data["old_state"] else None,
                event.data["new_state"].state if event.data["new_state"] else None,
            )
            for event in self.state_changes
            if event.data.get("entity_id") == entity_id
            and event.data["old_state"] is not None
            and event.data["new_state"] is not None
            and event.data["old_state"].state != event.data["new_state"].state
        ]

    def texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) of everything observable: events, pushes, notifications."""
        for event in self.events:
            if event.event_type == EVENT_STATE_CHANGED:
                continue  # covered by states; a state is no message
            yield f"event {event.event_type}", as_text(event.data)
        for call in self.phone:
            yield "push notification", as_text(call.data)
        for index, (title, message) in enumerate(self.persistent):
            yield f"persistent notification {index}", f"{title}\n{message}"
        for index, response in enumerate(self.responses):
            yield f"response {index}", as_text(response)

    def delivered(self) -> list[str]:
        """Messages plans delivered: notify and persistent notification calls.

        Approval requests (pushes to the approval phone, "Approval needed"
        notifications) are the integration's own words, not a plan's message.
        """
        messages = [
            str((event.data.get("service_data") or {}).get("message"))
            for event in self.service_calls
            if event.data.get("domain") in ("notify", "persistent_notification")
            and event.data.get("service") not in (PHONE, "dismiss")
        ]
        return messages + [
            message for title, message in self.persistent if title != APPROVAL_TITLE
        ]

    def leaks(self) -> list[str]:
        """Where the restricted value was seen."""
        return [where for where, text in self.texts() if leaks(text)]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    return [str(item) for item in value]


# --- Entry points ------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What an entry point answered: a plan id when it made or touched one."""

    ok: bool
    plan_id: str | None = None
    status: str | None = None
    body: Any = None
    error: str | None = None


def _plan_outcome(body: Any) -> Outcome:
    if isinstance(body, dict):
        return Outcome(
            True,
            plan_id=body.get("plan_id"),
            status=body.get("status"),
            body=body,
        )
    return Outcome(True, body=body)


@dataclass(slots=True, repr=False)
class Home:
    """The fixture home: hass, its entry, its people, its observer, its clients."""

    hass: HomeAssistant
    entry: MockConfigEntry
    callers: dict[str, Caller]
    observer: Observer
    satellite_device_id: str
    hass_client: ClientSessionGenerator
    hass_ws_client: WebSocketGenerator
    _ws: dict[str, MockHAClientWebSocket] = field(default_factory=dict)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep hypothesis's report of a falsifying example short."""
        printer.text("<the red-team home>")

    # --- service calls -----------------------------------------------------------

    async def service(
        self, service: str, data: dict[str, Any], caller: Caller
    ) -> Outcome:
        """Call an orchestration service as ``caller``, with a response."""
        try:
            body = await self.hass.services.async_call(
                DOMAIN,
                service,
                data,
                blocking=True,
                return_response=True,
                context=Context(user_id=caller.user_id),
            )
        except (HomeAssistantError, vol.Invalid) as err:
            await self.settle()
            return Outcome(False, error=f"{type(err).__name__}: {err}")
        await self.settle()
        self.observer.responses.append(body)
        return _plan_outcome(body)

    # --- REST --------------------------------------------------------------------

    async def rest(
        self, service: str, data: dict[str, Any], caller: Caller
    ) -> tuple[int, Any]:
        """POST /api/services/orchestration/<service>?return_response with a token."""
        token = caller.token or caller.stale_token or "not-a-token"
        client = await self.hass_client(token)
        response = await client.post(
            f"/api/services/{DOMAIN}/{service}?return_response", json=data
        )
        text = await response.text()
        await self.settle()
        try:
            body: Any = json.loads(text)
        except ValueError:
            body = text
        self.observer.responses.append(body)
        return response.status, body

    async def rest_plan(
        self, service: str, data: dict[str, Any], caller: Caller
    ) -> Outcome:
        """A REST call whose service answers with a plan."""
        status, body = await self.rest(service, data, caller)
        if status != 200:
            return Outcome(False, body=body, error=f"HTTP {status}")
        return _plan_outcome(body.get("service_response"))

    # --- websocket ---------------------------------------------------------------

    async def ws(self, caller: Caller) -> MockHAClientWebSocket | None:
        """The caller's websocket connection; None when Home Assistant refuses it."""
        if caller.key in self._ws:
            return self._ws[caller.key]
        token = caller.token or caller.stale_token
        if token is None:
            return None
        try:
            client = await self.hass_ws_client(self.hass, token)
        except AssertionError:
            return None  # auth_invalid: the fixture asserts auth_ok
        self._ws[caller.key] = client
        return client

    async def ws_command(self, caller: Caller, **message: Any) -> Outcome:
        """Send one command as ``caller``; a refused connection is a refusal."""
        client = await self.ws(caller)
        if client is None:
            return Outcome(False, error="websocket authentication refused")
        await client.send_json_auto_id(message)
        answer: dict[str, Any] = await client.receive_json()
        await self.settle()
        self.observer.responses.append(answer)
        if not answer.get("success"):
            return Outcome(False, body=answer, error=str(answer.get("error")))
        return _plan_outcome(answer.get("result"))

    # --- Assist ------------------------------------------------------------------

    async def assist(self, text: str, caller: Caller) -> str:
        """Say ``text``: with a user through ``conversation.process``, else a satellite.

        A caller with a user (known, unknown or deactivated) speaks from the companion
        app or browser, which pass the user; an automation caller is a voice satellite,
        which has none.
        """
        if caller.user_id is not None:
            body = await self.hass.services.async_call(
                conversation.DOMAIN,
                "process",
                {"text": text, "language": "en"},
                blocking=True,
                return_response=True,
                context=Context(user_id=caller.user_id),
            )
            assert isinstance(body, dict)
            speech = str(body["response"]["speech"]["plain"]["speech"])
        else:
            result = await conversation.async_converse(
                self.hass,
                text,
                None,
                Context(),
                language="en",
                device_id=self.satellite_device_id,
            )
            speech = str(result.response.speech["plain"]["speech"])
            body = result.as_dict()
        await self.settle()
        self.observer.responses.append(body)
        return speech

    # --- LLM ---------------------------------------------------------------------

    async def llm_tool(
        self, name: str, args: dict[str, Any], caller: Caller
    ) -> Outcome:
        """Call a tool of the orchestration LLM API as a conversation agent does.

        Agents pass the model's arguments unchecked (``ChatLog`` calls
        ``APIInstance.async_call_tool``) and turn a ``HomeAssistantError`` or
        ``vol.Invalid`` into an error result for the model; any other exception
        breaks the conversation.
        """
        api = await llm.async_get_api(self.hass, DOMAIN, llm_context(caller))
        try:
            result = await api.async_call_tool(
                llm.ToolInput(tool_name=name, tool_args=args)
            )
        except (HomeAssistantError, vol.Invalid) as err:
            await self.settle()
            return Outcome(False, error=f"{type(err).__name__}: {err}")
        await self.settle()
        self.observer.responses.append(result)
        return _plan_outcome(result)

    # --- one request, one decision, through any entry point ------------------------

    async def request(
        self, entry: str, caller: Caller, intent: str, *, preview: bool = False
    ) -> Outcome:
        """Ask for ``intent`` through ``entry`` as ``caller``; a preview if asked."""
        service = "preview_plan" if preview else "create_plan"
        if entry == "service":
            return await self.service(service, {"intent": intent}, caller)
        if entry == "rest":
            return await self.rest_plan(service, {"intent": intent}, caller)
        if entry == "websocket":
            kind = "preview" if preview else "create"
            return await self.ws_command(
                caller, type=f"orchestration/plans/{kind}", intent=intent
            )
        if entry == "assist":
            phrase = "what would happen if {}" if preview else "make a plan to {}"
            before = {summary["plan_id"] for summary in await self.plans()}
            speech = await self.assist(phrase.format(intent), caller)
            made = [
                summary
                for summary in await self.plans()
                if summary["plan_id"] not in before
            ]
            if not made:
                return Outcome(False, body=speech, error="no plan was made")
            return Outcome(
                True, plan_id=made[0]["plan_id"], status=made[0]["status"], body=speech
            )
        if entry == "llm":
            return await self.llm_tool(service, {"intent": intent}, caller)
        raise AssertionError(entry)

    async def decide(
        self, entry: str, verb: str, caller: Caller, plan_id: str
    ) -> Outcome:
        """``verb`` (approve, reject, cancel, replan) a plan through ``entry``."""
        service = f"{verb}_plan" if verb != "replan" else "replan"
        if entry == "service":
            return await self.service(service, {"plan_id": plan_id}, caller)
        if entry == "rest":
            return await self.rest_plan(service, {"plan_id": plan_id}, caller)
        if entry == "websocket":
            return await self.ws_command(
                caller, type=f"orchestration/plans/{verb}", plan_id=plan_id
            )
        if entry == "assist":
            speech = await self.assist(f"{verb} the plan", caller)
            return Outcome(True, body=speech)
        if entry == "llm":
            # There is no tool to decide; request_approval is the closest one.
            return await self.llm_tool("request_approval", {"plan_id": plan_id}, caller)
        if entry == "notification":
            await self.tap(plan_id, approve=verb == "approve", caller=caller)
            return Outcome(True)
        raise AssertionError(entry)

    def buttons(self, plan_id: str) -> tuple[str, str]:
        """The Approve and Reject action ids of the newest push about a plan."""
        for call in reversed(self.observer.all_phone):
            data = call.data.get("data") or {}
            if data.get("tag") == f"{DOMAIN}_{plan_id}" and data.get("actions"):
                approve, reject = (item["action"] for item in data["actions"])
                return approve, reject
        raise AssertionError(f"no push with buttons for plan {plan_id}")

    async def tap(
        self,
        plan_id: str,
        *,
        approve: bool,
        caller: Caller,
        action: str | None = None,
    ) -> None:
        """A phone of ``caller`` answering a plan's push, as mobile_app reports it."""
        if action is None:
            approve_id, reject_id = self.buttons(plan_id)
            action = approve_id if approve else reject_id
        self.hass.bus.async_fire(
            "mobile_app_notification_action",
            {"action": action},
            context=Context(user_id=caller.user_id),
        )
        await self.settle()

    async def reset(self) -> None:
        """End every active plan and put the devices back (between examples)."""
        owner = self.callers["owner"]
        for summary in await self.plans():
            if summary["status"] in ACTIVE_STATUSES:
                await self.hass.services.async_call(
                    DOMAIN,
                    "cancel_plan",
                    {"plan_id": summary["plan_id"]},
                    blocking=True,
                    context=self.own_user_context(owner),
                )
        for domain, service, entity_id in (
            ("lock", "lock", LOCK),
            ("cover", "close_cover", GARAGE),
            ("cover", "close_cover", GATE),
            ("alarm_control_panel", "alarm_arm_away", ALARM),
            ("light", "turn_off", CLOUD_LAMP),
        ):
            await self.hass.services.async_call(
                domain,
                service,
                {"entity_id": entity_id},
                blocking=True,
                context=self.observer.own_context(),
            )
        await self.settle()
        for action in ACTIONS.values():
            assert self.state(action.entity_id) == action.safe_state, action.key
        self.observer.clear()

    def own_user_context(self, caller: Caller) -> Context:
        """A context of ``caller`` that the observer does not count."""
        context = Context(user_id=caller.user_id)
        self.observer.own_contexts.add(context.id)
        return context

    # --- reading -----------------------------------------------------------------

    async def plan(self, plan_id: str) -> dict[str, Any]:
        """A plan as the owner reads it through the service (for verdicts)."""
        body = await self.hass.services.async_call(
            DOMAIN,
            "get_plan",
            {"plan_id": plan_id},
            blocking=True,
            return_response=True,
            context=self.observer.own_context(),
        )
        assert isinstance(body, dict)
        return body

    async def plans(self) -> list[dict[str, Any]]:
        """Every plan, newest first (summaries), through the service."""
        body = await self.hass.services.async_call(
            DOMAIN,
            "list_plans",
            {},
            blocking=True,
            return_response=True,
            context=self.observer.own_context(),
        )
        assert isinstance(body, dict)
        return list(body["plans"])

    async def settle(self) -> None:
        """Let what was started run, plans included, for at most SETTLE_S seconds.

        A plan whose call did not take effect waits for its device up to the
        integration's verification timeout (30 s of real time); everything the tests
        check (the call, the state change) has happened long before, so the wait is
        cut short instead of slowing a failing run down to minutes.
        """
        try:
            async with asyncio.timeout(SETTLE_S):
                await self.hass.async_block_till_done(wait_background_tasks=True)
        except TimeoutError:
            pass

    def state(self, entity_id: str) -> str:
        """The current state of an entity."""
        state = self.hass.states.get(entity_id)
        assert state is not None, entity_id
        return state.state

    # --- verdicts ----------------------------------------------------------------

    def assert_untouched(self, action: Sensitive, *, why: str = "") -> None:
        """Nothing acted on the action's device: no call, no state change."""
        if action.read_only:
            return
        calls = self.observer.calls_touching(action.entity_id)
        changes = self.observer.changes_of(action.entity_id)
        assert not calls, f"{why}: service calls reached {action.entity_id}: {calls}"
        assert not changes, f"{why}: {action.entity_id} changed: {changes}"
        assert self.state(action.entity_id) == action.safe_state, why

    def assert_no_leak(self, *, why: str = "", extra: Iterable[Any] = ()) -> None:
        """The restricted value is nowhere the outside can see."""
        found = self.observer.leaks()
        found += [
            f"extra {index}" for index, item in enumerate(extra) if leaks(as_text(item))
        ]
        assert not found, f"{why}: the restricted value {SECRET} appeared in {found}"


def llm_context(caller: Caller, device_id: str | None = None) -> llm.LLMContext:
    """An LLMContext as a conversation agent builds it, in 2025.4 and in 2026.2.

    2025.4 has ``user_prompt``; 2026.2 dropped it.
    """
    values: dict[str, Any] = {
        "platform": "redteam",
        "context": Context(user_id=caller.user_id),
        "language": "en",
        "assistant": conversation.DOMAIN,
        "device_id": device_id,
    }
    if "user_prompt" in {item.name for item in dataclasses.fields(llm.LLMContext)}:
        values["user_prompt"] = None
    return llm.LLMContext(**values)
