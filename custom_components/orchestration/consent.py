"""Approval requests through Home Assistant notifications.

A plan that needs approval gets an actionable notification (Approve / Reject) on each
configured notify target, typically ``notify.mobile_app_<phone>``; the phone answers
with a ``mobile_app_notification_action`` event. Each request carries a fresh nonce in
its action ids, so only a tap on the current notification of that plan counts, and only
once (see ``approvals``). When no target takes the message, a persistent notification
in Home Assistant asks for the approval instead.

Push notifications leave the home, so their text is redacted by the plan's privacy
class; the persistent notification stays in Home Assistant and says everything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging
import secrets
from typing import TYPE_CHECKING, Any

from homeassistant.components import persistent_notification
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .callers import async_tier_of
from .const import DOMAIN, STORAGE_SAVE_DELAY_S, STORAGE_VERSION
from .core.approvals import (
    ApprovalAttempt,
    ApprovalLedger,
    ApprovalOutcome,
    action_id,
    parse_action,
)
from .core.policy import redact_for_notification, scopes_text
from .core.texts import text, tier_term
from .options import Options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .core.models import PlanRecord, TrustTier

_LOGGER = logging.getLogger(__name__)

EVENT_MOBILE_APP_NOTIFICATION_ACTION = "mobile_app_notification_action"
NOTIFY_DOMAIN = "notify"
CLEAR_NOTIFICATION = "clear_notification"
# Pending requests and spent nonces survive a restart, so a tap on a notification sent
# before it still works, and a replay of one answered before it is still refused.
APPROVALS_STORAGE_KEY = f"{DOMAIN}.approvals"

type DecisionCallback = Callable[[str, bool, str | None], Awaitable[bool]]


def notification_tag(plan_id: str) -> str:
    """Return the tag that groups (and later clears) a plan's push notifications."""
    return f"{DOMAIN}_{plan_id}"


def persistent_notification_id(plan_id: str) -> str:
    """Return the id of a plan's persistent notification."""
    return f"{DOMAIN}_approval_{plan_id}"


def approval_title(record: PlanRecord) -> str:
    """Title of an approval request, in the plan's language."""
    return text("notify.approval_title", record.task_spec.language)


def answer_titles(record: PlanRecord) -> tuple[str, str]:
    """The titles of a push notification's Approve and Reject buttons."""
    language = record.task_spec.language
    return text("notify.approve", language), text("notify.reject", language)


def push_message(record: PlanRecord) -> str:
    """Text of a push notification: summary and missing permissions, redacted."""
    language = record.task_spec.language
    scopes = record.policy.missing_scopes or record.policy.required_scopes
    message = record.explanation.summary or record.task_spec.intent
    if record.policy.missing_scopes:
        needs = scopes_text(record.policy.missing_scopes)
        message = f"{message}\n{text('notify.push_needs', language, actions=needs)}"
    return redact_for_notification(
        message, record.task_spec.privacy_class, scopes=scopes, language=language
    )


def local_message(record: PlanRecord) -> str:
    """Text of the persistent notification: everything, it stays in the home."""
    language = record.task_spec.language
    lines = [
        f"**{record.explanation.summary or record.task_spec.intent}**",
        "",
        text(
            "notify.local_asked",
            language,
            intent=record.task_spec.intent,
            tier=tier_term(record.policy.trust_tier),
        ),
    ]
    if record.policy.missing_scopes:
        needs = scopes_text(record.policy.missing_scopes)
        lines.append(text("notify.local_missing", language, actions=needs))
    lines += [f"- {reason}" for reason in record.policy.reasons]
    lines += ["", text("notify.local_how", language)]
    return "\n".join(lines)


class ApprovalNotifier:
    """Ask for approvals on phones (or in Home Assistant) and relay the answers."""

    def __init__(
        self,
        hass: HomeAssistant,
        options: Options,
        *,
        on_decision: DecisionCallback,
    ) -> None:
        """Set up the notifier with the options the engine uses.

        The options' notify targets are notify services (``notify.mobile_app_phone``
        or ``mobile_app_phone``); their trust overrides and approval timeout judge
        answers as the engine does. ``on_decision(plan_id, approved, user_id)`` runs
        for an answer the ledger accepts and says whether the decision was taken
        (the engine refuses what its permission table does not allow); only a taken
        decision spends the request, so a refused tap leaves the buttons to others.
        """
        self._hass = hass
        self._targets = [
            target.removeprefix(f"{NOTIFY_DOMAIN}.")
            for target in options.notify_targets
        ]
        self._on_decision = on_decision
        self._trust_overrides = options.trust_overrides
        self._timeout = options.approval_timeout
        self._ledger = ApprovalLedger()
        self._delivered: dict[str, list[str]] = {}
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, APPROVALS_STORAGE_KEY
        )
        self._load_lock = asyncio.Lock()
        self._loaded = False

    @property
    def ledger(self) -> ApprovalLedger:
        """The pending requests and spent nonces."""
        return self._ledger

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Listen for notification answers; return the function that stops it."""
        return self._hass.bus.async_listen(
            EVENT_MOBILE_APP_NOTIFICATION_ACTION,
            self._async_handle_action,
            event_filter=_is_ours,
        )

    async def async_load(self) -> None:
        """Load pending requests from storage (once; every entry point calls it)."""
        async with self._load_lock:
            if self._loaded:
                return
            if stored := await self._store.async_load():
                self._ledger = ApprovalLedger.from_dict(stored.get("ledger") or {})
                self._delivered = {
                    str(plan_id): [str(target) for target in targets]
                    for plan_id, targets in (stored.get("delivered") or {}).items()
                }
            self._loaded = True

    @callback
    def _async_schedule_save(self) -> None:
        self._store.async_delay_save(
            lambda: {"ledger": self._ledger.as_dict(), "delivered": self._delivered},
            STORAGE_SAVE_DELAY_S,
        )

    async def async_request(self, record: PlanRecord) -> None:
        """Ask for approval of a plan; a repeated request replaces the earlier one."""
        await self.async_load()
        plan_id = record.plan_id
        request = self._ledger.issue(
            plan_id=plan_id,
            policy_hash=record.policy.policy_hash,
            scopes=record.policy.required_scopes,
            requested_by=record.user_id,
            nonce=secrets.token_hex(8),
            now=dt_util.utcnow(),
            ttl=self._timeout,
        )
        approve, reject = answer_titles(record)
        payload = {
            "title": approval_title(record),
            "message": push_message(record),
            "data": {
                "tag": notification_tag(plan_id),
                "group": DOMAIN,
                "actions": [
                    {
                        "action": action_id(plan_id, request.nonce, approve=True),
                        "title": approve,
                        "authenticationRequired": True,
                    },
                    {
                        "action": action_id(plan_id, request.nonce, approve=False),
                        "title": reject,
                        "destructive": True,
                    },
                ],
            },
        }
        delivered = [
            target
            for target in self._targets
            if await self._async_send(target, payload)
        ]
        self._delivered[plan_id] = delivered
        self._async_schedule_save()
        if delivered:
            persistent_notification.async_dismiss(
                self._hass, persistent_notification_id(plan_id)
            )
            return
        persistent_notification.async_create(
            self._hass,
            local_message(record),
            title=approval_title(record),
            notification_id=persistent_notification_id(plan_id),
        )

    async def async_clear(self, plan_id: str) -> None:
        """Withdraw a plan's request: dead buttons, notifications cleared."""
        await self.async_load()
        await self.async_send_clear(plan_id, self.withdraw(plan_id))

    @callback
    def withdraw(self, plan_id: str) -> list[str]:
        """Withdraw a plan's request at once; return the targets still to clear.

        Its buttons are dead and its persistent notification is gone when this
        returns; ``async_send_clear`` takes the pushes off the phones. Needs the
        ledger loaded (``async_load``).
        """
        self._ledger.withdraw(plan_id, dt_util.utcnow())
        delivered = self._delivered.pop(plan_id, [])
        self._async_schedule_save()
        persistent_notification.async_dismiss(
            self._hass, persistent_notification_id(plan_id)
        )
        return delivered

    async def async_send_clear(self, plan_id: str, delivered: list[str]) -> None:
        """Take a withdrawn request's pushes off the phones it went to."""
        for target in delivered:
            await self._async_send(
                target,
                {
                    "message": CLEAR_NOTIFICATION,
                    "data": {"tag": notification_tag(plan_id)},
                },
            )

    async def async_tier_of(self, user_id: str | None) -> TrustTier:
        """Trust tier of a Home Assistant user id, with the configured overrides."""
        return await async_tier_of(self._hass, user_id, self._trust_overrides)

    async def _async_send(self, target: str, payload: dict[str, Any]) -> bool:
        """Call one notify service; whether it took the message."""
        if not self._hass.services.has_service(NOTIFY_DOMAIN, target):
            _LOGGER.warning("Approval notify target notify.%s does not exist", target)
            return False
        try:
            await self._hass.services.async_call(
                NOTIFY_DOMAIN, target, payload, blocking=True
            )
        except (HomeAssistantError, vol.Invalid) as err:
            _LOGGER.warning(
                "Approval notification to notify.%s failed: %s", target, err
            )
            return False
        return True

    async def _async_handle_action(self, event: Event[dict[str, Any]]) -> None:
        """Check a tapped Approve/Reject and pass an accepted one on."""
        parsed = parse_action(event.data.get("action"))
        if parsed is None:  # pragma: no cover - the event filter lets only ours through
            return
        approve, plan_id, nonce = parsed
        user_id = event.context.user_id
        await self.async_load()
        tier = await self.async_tier_of(user_id)
        request = self._ledger.pending.get(plan_id)
        # Checked, not yet spent: the engine decides whether this user may.
        outcome: ApprovalOutcome = self._ledger.check(
            ApprovalAttempt(
                plan_id=plan_id,
                user_id=user_id,
                tier=tier,
                at=dt_util.utcnow(),
                # The engine withdraws or re-issues a request whenever the plan's
                # policy changes, so the request's own hash is the current one.
                policy_hash=request.policy_hash if request else "",
                nonce=nonce,
                approve=approve,
            )
        )
        if not outcome.accepted:
            _LOGGER.warning(
                "Refused a notification answer for plan %s from user %s: %s",
                plan_id,
                user_id,
                outcome.reason,
            )
            return
        if not await self._on_decision(plan_id, approve, user_id):
            return
        current = self._ledger.pending.get(plan_id)
        if current is not None and current.nonce == nonce:
            # Spent here unless the decision withdrew it already (or asked anew).
            self._ledger.withdraw(plan_id, dt_util.utcnow())
            self._async_schedule_save()


@callback
def _is_ours(event_data: Mapping[str, Any]) -> bool:
    """Whether a notification action belongs to this integration."""
    return parse_action(event_data.get("action")) is not None
