"""The orchestration engine: turns requests into plans and takes them through their life.

The engine owns the lifecycle (DESIGN §4 statuses): what happens after the gate, who
may approve, reject, cancel or replan, what a run's end, a timer, a drift or a revoked
consent does to a plan. Its parts each do one job (``plans``): the pipeline makes a
plan record, the store keeps the plans, the scheduler arms their timers, the consent
registry and the metrics keep their records, and every event is fired in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
import logging
from typing import TYPE_CHECKING, Any, cast

from homeassistant.auth.models import User
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .callers import async_tier_of, caller_of
from .consent import ApprovalNotifier
from .const import DOMAIN
from .core import approvals, reports
from .core.approvals import Answer
from .core.explainer import Reader, checked_guardrails, restate
from .core.insights.memory import Closed, InsightMemory, Offered
from .core.insights.suggestion import Suggestion
from .core.lifecycle import ACTIVE, IllegalTransitionError, transition
from .core.metrics import Metrics
from .core.models import (
    ConsentReference,
    ContextSnapshot,
    Decision,
    PlanRecord,
    PlanStatus,
    Recommendation,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from .core.permissions import PlanAction, is_requester, may
from .core.planning.arbiter import PlanConflict, conflict_notes
from .core.planning.planner import plan_signature
from .core.planning.reoptimise import Incumbent, Trigger
from .core.policy import can_answer_suggestion, trust_tier_for
from .core.progress import acted_on, carry_over, failures, left_over, still_to_act_on
from .core.run_checks import RUN_VARIABLES
from .core.texts import Term, humanized, localized, step_numbers
from .core.verification import expected_states
from .executor import PlanRunner
from .monitor import Drift, DriftKind, PlanMonitor
from .plans import reasons
from .plans.consents import ConsentRegistry
from .plans.errors import refusal
from .plans.events import PlanEvents
from .plans.execution import ExecutionHooks, PlanExecution
from .plans.metrics import PlanMetrics
from .plans.pipeline import PlanPipeline
from .plans.scheduler import PlanScheduler, start_time
from .plans.store import PlanListener, PlanStore
from .plans.suggestions import SuggestionMemory
from .request import PlanRequest

if TYPE_CHECKING:
    from .context import ContextPuller
    from .core.intake import IntentTranslator
    from .options import Options
    from .runtime import OrchestrationConfigEntry

_LOGGER = logging.getLogger(__name__)

# The plan store's file keeps these beside the plans (the keys are the stored form).
CONSENTS_KEY = "consents"
COUNTERS_KEY = "counters"
SUGGESTIONS_KEY = "suggestions"
# A reject_plan reason that puts a suggestion off instead of dismissing it (DESIGN §8).
SNOOZED = "snoozed"

# What a caller hears when the permission table says no. Reading, and replanning
# (which reads the plan), another's plan is refused as if there were no such plan.
_REFUSALS = {
    PlanAction.READ: "plan_not_found",
    PlanAction.READ_THROUGH_LLM: "plan_not_found",
    PlanAction.REPLAN_FINISHED: "plan_not_found",
    PlanAction.APPROVE: "approval_not_allowed",
    PlanAction.REJECT: "reject_not_allowed",
    PlanAction.CANCEL: "cancel_not_allowed",
    PlanAction.REPLAN_ACTIVE: "replan_not_allowed",
}


@callback
def async_get_engine(hass: HomeAssistant) -> OrchestrationEngine:
    """Return the engine of the loaded config entry."""
    entries: list[OrchestrationConfigEntry] = hass.config_entries.async_loaded_entries(
        DOMAIN
    )
    if not entries:
        raise refusal("not_loaded")
    return entries[0].runtime_data.engine


class OrchestrationEngine:
    """Owns every plan and consent; turns requests into plans and runs them."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OrchestrationConfigEntry,
        options: Options,
        context: ContextPuller,
        translator: IntentTranslator,
    ) -> None:
        """Plan with ``options`` in the home ``context`` reads."""
        self._hass = hass
        self._entry = entry
        self._options = options
        self._pipeline = PlanPipeline(hass, options, context, translator)
        self.plans = PlanStore(hass)
        self._consents = ConsentRegistry()
        self._metrics = PlanMetrics()
        self._suggestions = SuggestionMemory()
        self.plans.add_part(CONSENTS_KEY, self._consents)
        self.plans.add_part(COUNTERS_KEY, self._metrics)
        self.plans.add_part(SUGGESTIONS_KEY, self._suggestions)
        self._events = PlanEvents(hass)
        self._scheduler = PlanScheduler(
            hass,
            approval_timeout=options.approval_timeout,
            on_approval_expired=self._on_approval_expired,
        )
        self._runner = PlanRunner(hass)
        self._execution = PlanExecution(
            hass,
            entry,
            self._scheduler,
            self._runner,
            ExecutionHooks(
                begin=self._begin,
                changed=self.plans.changed,
                finished=self._finish,
                expired=self._on_wait_expired,
                step_failed=self._events.step_failed,
                run_as=self._async_run_as,
            ),
        )
        self._monitor = PlanMonitor(hass, self._on_drift)
        self._notifier = ApprovalNotifier(
            hass, options, on_decision=self._async_notification_decision
        )
        self._unsub_notifier: CALLBACK_TYPE | None = None
        # Plans whose start is being checked (the consent gate, again at the start).
        self._starting: dict[str, asyncio.Task[None]] = {}

    # --- set-up and tear-down ---------------------------------------------------

    async def async_load(self) -> None:
        """Load stored plans and consents; re-arm what waits, settle what was cut off."""
        await self.plans.async_load()
        # Loaded before any plan moves, so a request is withdrawn at once (sync).
        await self._notifier.async_load()
        self._unsub_notifier = self._notifier.async_start()
        now = dt_util.utcnow()
        for orphan in self._suggestions.reconcile(self.plans):
            self._set_status(orphan, PlanStatus.EXPIRED, reasons.NO_LONGER_ON_OFFER)
        for record in self.plans:
            self._resume(record, now)

    def _resume(self, record: PlanRecord, now: datetime) -> None:
        if self._suggestions.key_of(record) is not None:
            # On offer: the recommender ends it when its situation ends.
            return
        if record.status is PlanStatus.RUNNING and not record.progress:
            # Stored before steps kept their progress: what ran is not known.
            self._set_status(record, PlanStatus.FAILED, reasons.INTERRUPTED_BY_RESTART)
            self._metrics.ran(record, success=False, duration_s=0.0, cost=0.0)
            return
        if record.status is PlanStatus.RUNNING:
            self._monitor.watch(record, self._execution.is_own(record.plan_id))
        if record.status is PlanStatus.PENDING_APPROVAL:
            passed = self._scheduler.resume(record, now)
        else:
            passed = self._execution.resume(record, now)
        if passed is not None:
            self._set_status(record, PlanStatus.EXPIRED, passed)

    @callback
    def async_cancel_timers(self) -> None:
        """Drop pending timers; they are armed again from storage at the next start."""
        self._execution.stop_all()

    async def async_unload(self) -> None:
        """Stop timers and running plans; write what is pending."""
        self._scheduler.cancel_all()
        if self._unsub_notifier is not None:
            self._unsub_notifier()
            self._unsub_notifier = None
        self._monitor.unwatch_all()
        await self._runner.async_stop_all()
        await self.plans.async_save()

    # --- queries ----------------------------------------------------------------

    @callback
    def get_plan(self, plan_id: str) -> PlanRecord:
        """Return a plan; ServiceValidationError when there is none with this id."""
        if (record := self.plans.get(plan_id)) is None:
            raise refusal("plan_not_found", plan_id=plan_id)
        return record

    @callback
    def list_plans(
        self,
        status: PlanStatus | None = None,
        trigger_type: TriggerType | None = None,
    ) -> list[PlanRecord]:
        """Plans, newest first, optionally only those of one status and trigger."""
        records = self.plans.newest_first(status)
        if trigger_type is None:
            return records
        return [
            record
            for record in records
            if record.task_spec.trigger_type is trigger_type
        ]

    @callback
    def consents(self) -> list[ConsentReference]:
        """Every consent record, granted first first."""
        return self._consents.all()

    @property
    def metrics(self) -> Metrics:
        """The figures of SEED.md "Metrics and Monitoring"."""
        return self._metrics.figures(self.plans)

    def by_priority(self, records: Iterable[PlanRecord]) -> list[PlanRecord]:
        """Plans in the order they come first: priority, then who asked first."""
        return sorted(
            records,
            key=lambda record: (
                -self._options.priority(record.claim_origin).rank,
                record.request_time,
            ),
        )

    @callback
    def async_add_listener(self, listener: PlanListener) -> CALLBACK_TYPE:
        """Call ``listener`` after every plan creation and status change."""
        return self.plans.async_add_listener(listener)

    # --- who may do what (core.permissions) --------------------------------------

    async def async_tier(self, user_id: str | None) -> TrustTier:
        """The trust tier of the caller with ``user_id`` now (None: no user)."""
        return await async_tier_of(self._hass, user_id, self._options.trust_overrides)

    @callback
    def allows(self, action: PlanAction, record: PlanRecord, user: User) -> bool:
        """Whether ``user`` may do ``action`` to the plan now (for the card).

        Approve needs a plan that waits for approval; reject one that waits too;
        cancel an active plan.
        """
        if not _in_status_for(action, record):
            return False
        tier = trust_tier_for(caller_of(user, user.id), self._options.trust_overrides)
        return _permits(action, record, user.id, tier)

    @callback
    def can_approve(self, plan_id: str, user: User | None) -> bool:
        """Whether ``user`` may approve the plan now (for the card's buttons)."""
        record = self.plans.get(plan_id)
        if record is None or user is None:
            return False
        return self.allows(PlanAction.APPROVE, record, user)

    async def async_can_approve(self, plan_id: str, user_id: str | None) -> bool:
        """Whether the user with ``user_id`` may approve the plan now."""
        record = self.plans.get(plan_id)
        if record is None or not _in_status_for(PlanAction.APPROVE, record):
            return False
        tier = await self.async_tier(user_id)
        return _permits(PlanAction.APPROVE, record, user_id, tier)

    async def _async_authorize(
        self, action: PlanAction, record: PlanRecord, user_id: str | None
    ) -> TrustTier:
        """The caller's tier, when the permission table lets them do ``action``."""
        tier = await self.async_tier(user_id)
        if _permits(action, record, user_id, tier):
            return tier
        if action is PlanAction.APPROVE and is_requester(user_id, record.user_id):
            raise refusal("own_plan_approval", plan_id=record.plan_id)
        raise refusal(_REFUSALS[action], plan_id=record.plan_id, tier=str(tier))

    async def async_read_plan(
        self, plan_id: str, user_id: str | None, *, through_llm: bool = False
    ) -> PlanRecord:
        """A plan the caller may read; another's is refused as an unknown one."""
        record = self.get_plan(plan_id)
        action = PlanAction.READ_THROUGH_LLM if through_llm else PlanAction.READ
        await self._async_authorize(action, record, user_id)
        return record

    async def async_readable_plans(
        self,
        user_id: str | None,
        status: PlanStatus | None = None,
        *,
        through_llm: bool = False,
    ) -> list[PlanRecord]:
        """The plans the caller may read, newest first, optionally of one status."""
        action = PlanAction.READ_THROUGH_LLM if through_llm else PlanAction.READ
        tier = await self.async_tier(user_id)
        return [
            record
            for record in self.plans.newest_first(status)
            if _permits(action, record, user_id, tier)
        ]

    @callback
    def reader(self, user: User | None) -> Reader:
        """Who reads a plan: the user and their trust tier (nobody: anyone)."""
        if user is None:
            return Reader()
        return Reader(
            user.id,
            trust_tier_for(caller_of(user, user.id), self._options.trust_overrides),
        )

    async def async_reader(self, user_id: str | None) -> Reader:
        """Who reads a plan, by user id (None: anyone)."""
        if user_id is None:
            return Reader()
        return Reader(user_id, await self.async_tier(user_id))

    def response(self, record: PlanRecord, reader: Reader) -> dict[str, Any]:
        """The PlanResponse of ``record`` as ``reader`` reads it."""
        response = record.as_response()
        response["explanation"] = restate(record, reader).as_dict()
        return response

    # --- new plans --------------------------------------------------------------

    async def async_preview_plan(self, request: PlanRequest) -> PlanRecord:
        """Plan without running or notifying anything."""
        if not self._options.enable_preview_mode:
            raise refusal("preview_disabled")
        record, _ = await self._async_make(request, preview=True)
        self._add(record)
        return record

    async def async_create_plan(self, request: PlanRequest) -> PlanRecord:
        """Plan, gate and, where policy allows, run or schedule."""
        if request.preview:
            return await self.async_preview_plan(request)
        record, conflicts = await self._async_make(request, preview=False)
        self._add(record)
        losers = self._settle_conflicts(record, conflicts)
        await self._async_after_gate(record)
        await self._async_make_way(losers)
        return record

    async def _async_make(
        self,
        request: PlanRequest,
        *,
        preview: bool,
        replaces: PlanRecord | None = None,
        task: TaskSpec | None = None,
        incumbent: Incumbent | None = None,
    ) -> tuple[PlanRecord, list[PlanConflict]]:
        approval = None if replaces is None else replaces.policy.approval
        return await self._pipeline.async_make(
            request,
            preview=preview,
            caller_tier=await self.async_tier(request.user_id),
            active=self.plans.active(exclude=replaces),
            consents=self._consents.all(),
            replaces=replaces,
            task=task,
            incumbent=incumbent,
            approver_tier=TrustTier.UNTRUSTED
            if approval is None
            else await self.async_tier(approval.by),
        )

    # --- after the gate ---------------------------------------------------------

    async def _async_after_gate(self, record: PlanRecord) -> None:
        if record.status is PlanStatus.PENDING_APPROVAL:
            if record.is_suggestion:
                # Nobody is asked to approve it: the recommender offers it.
                return
            await self._async_request_approval(record)
        elif record.status is PlanStatus.SCHEDULED:
            await self._async_advance(record)

    async def _async_request_approval(self, record: PlanRecord) -> None:
        self._metrics.approval_requested()
        self._events.approval_requested(record)
        self._scheduler.arm_approval_expiry(record)
        self.plans.save()
        await self._notifier.async_request(record)

    @callback
    def _on_approval_expired(self, record: PlanRecord) -> None:
        if record.status is PlanStatus.PENDING_APPROVAL:
            self._set_status(record, PlanStatus.EXPIRED, reasons.APPROVAL_TIMED_OUT)

    @callback
    def _begin(self, record: PlanRecord) -> bool:
        """The first step that acts is due: check the plan again before it starts.

        The start waits for the consent gate (:meth:`async_start_due`), which runs
        in the executor; the execution advances the plan again once it has started.
        """
        if (
            record.status is PlanStatus.SCHEDULED
            and record.plan_id not in self._starting
        ):
            self._starting[record.plan_id] = self._entry.async_create_background_task(
                self._hass,
                self.async_start_due(record),
                f"{DOMAIN} start {record.plan_id}",
            )
        return False

    async def _async_advance(self, record: PlanRecord) -> None:
        """Move a scheduled plan along; if it may start now, until it has."""
        self._execution.advance(record)
        if (starting := self._starting.get(record.plan_id)) is not None:
            await starting

    async def async_start_due(self, record: PlanRecord) -> None:
        """Start a scheduled plan whose time has come, if policy allows it now.

        The one check before any plan runs: whatever starts a plan (a new plan that
        may run at once, an approval, a timer, a wait that ends) comes here. The gate
        judges the plan again for its requester as they are now (a deactivated user
        is untrusted), with the consents and the home as they are now; a plan that
        needs approval runs only on an approval that still covers it
        (``approvals.lapse``: this plan version, in time, by someone who may still
        approve it). A plan the gate now denies is cancelled; one whose approval
        lapsed asks for approval again.
        """
        try:
            await self._async_check_and_start(record)
        finally:
            self._starting.pop(record.plan_id, None)

    async def _async_check_and_start(self, record: PlanRecord) -> None:
        now = dt_util.utcnow()
        approval = record.policy.approval
        approver_tier = (
            TrustTier.UNTRUSTED
            if approval is None
            else await self.async_tier(approval.by)
        )
        decision = await self._pipeline.async_judge_again(
            record,
            caller_tier=await self.async_tier(record.user_id),
            consents=self._consents.all(),
            now=now,
        )
        if record.status is not PlanStatus.SCHEDULED:
            return  # not (or no longer) due: cancelled or replanned meanwhile
        if decision.decision is Decision.DENY:
            record.policy = decision
            self._set_status(
                record, PlanStatus.CANCELLED, reasons.denied_at_start(decision.reasons)
            )
            return
        if decision.decision is Decision.REQUIRE_APPROVAL:
            lapsed = approvals.lapse(
                approval,
                plan=record.plan,
                scopes=decision.required_scopes,
                requester=record.user_id,
                approver_tier=approver_tier,
                now=now,
            )
            if lapsed is not None:
                record.policy = decision
                record.approved_by = None
                self._set_status(
                    record,
                    PlanStatus.PENDING_APPROVAL,
                    reasons.approval_lapsed(lapsed),
                )
                await self._async_request_approval(record)
                return
        self._start(record)

    def _start(self, record: PlanRecord) -> None:
        """The plan may run: it is running from now, and its due steps run."""
        self._set_status(record, PlanStatus.RUNNING, reasons.STARTED)
        record.run_started = dt_util.utcnow()
        # What the plan reads, it reads now that it may.
        reports.read(record.plan, self._state_of)
        self._monitor.watch(record, self._execution.is_own(record.plan_id))
        self._execution.advance(record)

    def _state_of(self, entity_id: str) -> str | None:
        state = self._hass.states.get(entity_id)
        return None if state is None else state.state

    async def _async_run_as(self, record: PlanRecord) -> tuple[Context, dict[str, Any]]:
        """The context and variables a step of the plan runs with.

        An approved plan acts with the approver's rights: its requester may not have
        the right to call these actions at all (that is why it was approved). The
        trust level is read now, so a step's trust check sees today's settings.
        """
        user_id = record.approved_by or record.user_id
        tier = await self.async_tier(user_id)
        variables = {
            RUN_VARIABLES: {
                "plan_id": record.plan_id,
                "tier": tier.value,
                "approved": record.approved_by is not None,
            }
        }
        return Context(user_id=user_id), variables

    @callback
    def _on_wait_expired(self, record: PlanRecord, reason: str) -> None:
        if record.status is PlanStatus.SCHEDULED:
            self._set_status(record, PlanStatus.EXPIRED, reason)

    @callback
    def _on_drift(self, drift: Drift) -> None:
        """Someone else changed a device of an active plan, or it became unavailable.

        A person's change wins: when the plan had already acted on the device and
        the device now is not as the plan left it, the plan leaves it be (its
        remaining steps act on the other devices) instead of replanning over it.
        A device that became unavailable before its step ran gets a replan (when
        replanning is on) that keeps what is done.
        """
        record = self.plans.get(drift.plan_id)
        if record is not None and drift.entity_id in record.yielded:
            # The plan gave the device up to a plan that came first: that plan's
            # change is not the plan's to undo, nor a person's override.
            return
        if record is None or record.status is not PlanStatus.RUNNING:
            return
        entity_id = drift.entity_id
        if drift.kind is DriftKind.UNAVAILABLE:
            if self._options.enable_replanning and still_to_act_on(record, entity_id):
                self._entry.async_create_task(
                    self._hass,
                    self._async_replan(
                        record,
                        reasons.became_unavailable(self._entity_name(entity_id)),
                        requester=record.user_id,
                    ),
                    f"{DOMAIN} replan {record.plan_id}",
                )
            return
        acted = acted_on(record, entity_id)
        if not acted or entity_id in record.overridden:
            return
        if any(drift.state in expected_states(step.action) for step in acted):
            # The device finishing what the plan asked (a cover closing), late.
            return
        self._metrics.user_override()
        record.overridden.append(entity_id)
        record.plan.notes.append(
            reasons.overridden(self._entity_name(entity_id)).localized(
                record.task_spec.language
            )
        )
        self.plans.changed(record)

    def _finish(self, record: PlanRecord) -> None:
        """Every step of a running plan has ended: completed, or failed and why."""
        self._monitor.unwatch(record.plan_id)
        record.run_finished = dt_util.utcnow()
        errors = [
            progress.error or reasons.STEP_FAILED.render(record.task_spec.language)
            for progress in failures(record)
        ]
        started = record.run_started or record.run_finished
        self._metrics.ran(
            record,
            success=not errors,
            duration_s=(record.run_finished - started).total_seconds(),
            cost=0.0 if errors else record.plan.estimated_cost,
        )
        self._refresh_checks(record)
        if record.status is not PlanStatus.RUNNING:
            self.plans.save()
            return
        if not errors:
            self._set_status(record, PlanStatus.COMPLETED, reasons.ALL_STEPS_DONE)
            return
        numbers = step_numbers(record.plan)
        record.error = localized(
            reasons.finished_with_failures(
                errors, [numbers[step_id] for step_id in left_over(record)]
            ),
            record.task_spec.language,
        )
        self._set_status(record, PlanStatus.FAILED, record.error)

    def _refresh_checks(self, record: PlanRecord) -> None:
        """Make the explanation's guardrails say how the checks went as steps ran."""
        record.explanation.guardrails = checked_guardrails(
            record,
            ContextSnapshot(
                now=dt_util.utcnow(),
                time_zone=str(self._hass.config.time_zone),
                temperature_unit=self._hass.config.units.temperature_unit,
            ),
        )

    # --- user decisions ---------------------------------------------------------

    async def async_approve(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Approve a pending plan (the permission table: never one's own).

        The approval covers this plan version (``approvals.approve``); it is refused,
        and the plan expires, once the request's time is up by the wall clock,
        whether or not the expiry timer has run yet. Approving a suggestion of the
        home accepts it (``_async_accept``).
        """
        record = self.get_plan(plan_id)
        if (key := self._suggestions.key_of(record)) is not None:
            return await self._async_accept(record, key, user_id)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise refusal("plan_not_pending", plan_id=plan_id, status=record.status)
        await self._async_authorize(PlanAction.APPROVE, record, user_id)
        approver = cast("str", user_id)  # the table lets only a user approve
        now = dt_util.utcnow()
        expired_at = self._scheduler.approval_expiry(record)
        if now >= expired_at:
            self._scheduler.cancel(plan_id)
            self._set_status(record, PlanStatus.EXPIRED, reasons.APPROVAL_TIMED_OUT)
            raise refusal(
                "approval_expired", plan_id=plan_id, expired=expired_at.isoformat()
            )
        self._scheduler.cancel(plan_id)
        self._metrics.approval_granted()
        approval = approvals.approve(
            record,
            by=approver,
            at=now,
            starts_at=start_time(record, now),
            ttl=self._options.approval_timeout,
        )
        record.policy.approval = approval
        record.approved_by = approval.by
        self._set_status(
            record,
            PlanStatus.SCHEDULED,
            reasons.approved_by(await self._async_name(user_id)),
        )
        await self._async_advance(record)
        return record

    async def async_reject(
        self, plan_id: str, user_id: str | None, reason: str | None = None
    ) -> PlanRecord:
        """Reject a pending plan: its requester, or a user who could approve it.

        Rejecting a suggestion of the home dismisses or snoozes it (``_async_answer``).
        """
        record = self.get_plan(plan_id)
        if (key := self._suggestions.key_of(record)) is not None:
            return await self._async_answer(record, key, user_id, reason)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise refusal("plan_not_pending", plan_id=plan_id, status=record.status)
        await self._async_authorize(PlanAction.REJECT, record, user_id)
        self._scheduler.cancel(plan_id)
        self._set_status(
            record,
            PlanStatus.REJECTED,
            reason or reasons.rejected_by(await self._async_name(user_id)),
        )
        return record

    async def async_cancel(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Cancel an active plan: its requester, or a user who could approve it."""
        record = self.get_plan(plan_id)
        if record.status not in ACTIVE:
            raise refusal("plan_not_active", plan_id=plan_id, status=record.status)
        await self._async_authorize(PlanAction.CANCEL, record, user_id)
        self._scheduler.cancel(plan_id)
        if (key := self._suggestions.key_of(record)) is not None:
            self._suggestions.memory.withdraw(key)
        self._set_status(
            record,
            PlanStatus.CANCELLED,
            reasons.cancelled_by(await self._async_name(user_id)),
        )
        self._monitor.unwatch(plan_id)
        await self._execution.async_stop(plan_id)
        return record

    async def async_replan(
        self, plan_id: str, reason: str | None, user_id: str | None
    ) -> PlanRecord:
        """Plan the same intent again, as a new request by the caller.

        The caller's own rights decide (never the old requester's or approver's).
        Replanning an active plan supersedes it, so it needs the right to cancel
        it; a finished plan is only read. The old approval carries over only from
        an active plan and only where it still covers the new one
        (``approvals.carry``).
        """
        old = self.get_plan(plan_id)
        if old.status is PlanStatus.PREVIEW:
            raise refusal("plan_not_active", plan_id=plan_id, status=old.status)
        action = (
            PlanAction.REPLAN_ACTIVE
            if old.status in ACTIVE
            else PlanAction.REPLAN_FINISHED
        )
        await self._async_authorize(action, old, user_id)
        return await self._async_replan(old, reason, requester=user_id)

    async def _async_replan(
        self, old: PlanRecord, reason: str | None, *, requester: str | None
    ) -> PlanRecord:
        """Replan ``old`` as a request of ``requester``; supersede it if active.

        A drift or a revoked consent replans for the plan's own requester; a
        suggestion on offer stays the home's own, waiting for a person.
        """
        key = self._suggestions.key_of(old)
        if key is not None:
            # A suggestion on offer stays the home's own, waiting for a person.
            request = PlanRequest.again(
                old, trigger_type=TriggerType.INSIGHT_RECOMMENDATION, user_id=None
            )
        else:
            request = PlanRequest.again(
                old, trigger_type=TriggerType.REPLAN, user_id=requester
            ).claim_of(old)
        new, conflicts = await self._async_make(request, preview=False, replaces=old)
        if key is not None:
            self._suggestions.moved(key, new)
        self._metrics.replanned()
        await self._async_supersede(old, new, conflicts, reason or reasons.REPLANNED)
        return new

    async def async_reoptimise(
        self, plan_id: str, trigger: Trigger
    ) -> PlanRecord | None:
        """Plan a waiting plan's stored task again; move it only when that is worth it.

        The home does this itself (rolling re-optimisation, a device taken by a plan
        that comes first): the new plan is the system's, asked by no user and so with
        no user's rights (an automation's tier; an approval carries over only by the
        rules for replans). It keeps who asked first and when (its priority), and the
        task as it was understood, times and all. Whether moving is worth it is the
        planner's (``core.planning.reoptimise``); a plan that would not change, or
        that would become infeasible (unless it gave everything up to another plan),
        stays as it is. Return the new plan, if any.
        """
        old = self.plans.get(plan_id)
        if old is None or old.status not in (
            PlanStatus.SCHEDULED,
            PlanStatus.PENDING_APPROVAL,
        ):
            return None
        if self._suggestions.key_of(old) is not None:
            return None  # a suggestion on offer is the recommender's to renew
        request = PlanRequest.again(
            old, trigger_type=TriggerType.REPLAN, user_id=None
        ).claim_of(old)
        new, conflicts = await self._async_make(
            request,
            preview=False,
            replaces=old,
            task=replace(old.task_spec, trigger_type=TriggerType.REPLAN),
            incumbent=Incumbent(old.plan, trigger),
        )
        if plan_signature(new.plan) == plan_signature(old.plan):
            return None
        if new.status is PlanStatus.INFEASIBLE and trigger is not Trigger.CONFLICT:
            # Nothing better: the plan keeps its time (its guardrails still hold
            # when it starts). A plan that gave everything up to another ends.
            return None
        if old.status not in (PlanStatus.SCHEDULED, PlanStatus.PENDING_APPROVAL):
            return None  # it started or ended while the new plan was made
        await self._async_supersede(
            old,
            new,
            conflicts,
            reasons.reoptimised(trigger.value),
            trigger=trigger,
        )
        return new

    async def _async_supersede(
        self,
        old: PlanRecord,
        new: PlanRecord,
        conflicts: list[PlanConflict],
        reason: str,
        *,
        trigger: Trigger | None = None,
    ) -> None:
        """Put ``new`` in the place of ``old`` (superseded if active, linked)."""
        if old.status is PlanStatus.RUNNING and new.status is PlanStatus.SCHEDULED:
            # What the old plan did is not done again, nor what a person changed undone.
            carry_over(old, new, dt_util.utcnow())
        if old.status in ACTIVE:
            self._scheduler.cancel(old.plan_id)
            old.superseded_by = new.plan_id
            # Status first: the run that ends when stopped must find it superseded.
            self._set_status(old, PlanStatus.SUPERSEDED, reason)
            self._monitor.unwatch(old.plan_id)
            await self._execution.async_stop(old.plan_id)
        self._add(new)
        # A plan that gave way to another is not news to the plan that took over.
        losers = self._settle_conflicts(
            new, conflicts, tell_winners=trigger is not Trigger.CONFLICT
        )
        self._events.replanned(
            old.plan_id,
            new.plan_id,
            reason,
            None if trigger is None else trigger.value,
        )
        await self._async_after_gate(new)
        await self._async_make_way(losers)

    async def _async_notification_decision(
        self, plan_id: str, answer: Answer, user_id: str | None
    ) -> bool:
        """A button tapped on a notification: same checks as the services.

        Approve (Accept), Reject (Dismiss) or, on a suggestion, Snooze.
        """
        try:
            if answer is Answer.APPROVE:
                await self.async_approve(plan_id, user_id)
            elif answer is Answer.SNOOZE:
                await self.async_reject(plan_id, user_id, SNOOZED)
            else:
                await self.async_reject(
                    plan_id, user_id, reasons.REJECTED_FROM_NOTIFICATION
                )
        except ServiceValidationError as err:
            _LOGGER.warning(
                "Ignored a notification answer for plan %s: %s",
                plan_id,
                err.translation_key,
            )
            return False
        return True

    # --- suggestions of the home (issue 16, DESIGN §8) ---------------------------

    @property
    def suggestion_memory(self) -> InsightMemory:
        """What the recommender remembers: offers, answers, limits, counts."""
        return self._suggestions.memory

    @callback
    def suggestions(self) -> list[PlanRecord]:
        """The plans of the suggestions on offer now, newest first."""
        return [
            record
            for record in self.plans.newest_first(PlanStatus.PENDING_APPROVAL)
            if self._suggestions.key_of(record) is not None
        ]

    async def async_offer(
        self, suggestion: Suggestion, recommendation: Recommendation
    ) -> PlanRecord | None:
        """Make the plan of a suggestion just admitted to the memory.

        It goes through the one request path as nobody's request and waits for a
        person to accept it. One that cannot be planned, or that policy denies, is
        withdrawn and never shown: None.
        """
        key = suggestion.key
        record, _ = await self._async_make(
            PlanRequest.suggested(suggestion.task, recommendation), preview=False
        )
        if record.status is not PlanStatus.PENDING_APPROVAL:
            self._suggestions.memory.withdraw(key)
            self.plans.save()
            return None
        self._add(record)
        self._events.recommendation(record, recommendation)
        self._suggestions.memory.attach_plan(key, record.plan_id)
        self.plans.save()
        return record

    @callback
    def end_suggestion(self, closed: Closed) -> None:
        """A suggestion's situation ended (or its rule was turned off): expire it."""
        plan_id = closed.offered.plan_id
        record = None if plan_id is None else self.plans.get(plan_id)
        if record is None or record.status is not PlanStatus.PENDING_APPROVAL:
            return
        self._set_status(
            record, PlanStatus.EXPIRED, reasons.suggestion_ended(closed.condition)
        )

    async def async_deliver(self, offered: Offered, now: datetime) -> None:
        """Notify the people who may answer a suggestion; the memory notes it."""
        plan_id = offered.plan_id
        record = None if plan_id is None else self.plans.get(plan_id)
        if (
            record is None
            or record.recommendation is None
            or self._suggestions.key_of(record) is None
        ):
            return
        await self._notifier.async_offer(record, record.recommendation)
        self._suggestions.memory.delivered(offered.suggestion.key, now)
        self.plans.save()

    async def _check_may_answer(self, record: PlanRecord, user_id: str | None) -> None:
        tier = await self.async_tier(user_id)
        if not can_answer_suggestion(tier):
            raise refusal("suggestion_not_allowed", plan_id=record.plan_id, tier=tier)

    async def _async_accept(
        self, record: PlanRecord, key: str, user_id: str | None
    ) -> PlanRecord:
        """Accept a suggestion: plan it again as the accepting user's own request.

        The new plan replaces the suggestion's and goes through the gate as that
        user's: it runs when their tier allows it, and waits for approval like any
        plan otherwise (it is now their request, so they cannot approve it).
        """
        await self._check_may_answer(record, user_id)
        offered = self._suggestions.memory.active[key]
        asked = PlanRequest.again(
            record, user_id=user_id, trigger_type=TriggerType.INSIGHT_RECOMMENDATION
        )
        if asked.recommendation is not None:
            asked = replace(
                asked,
                recommendation=replace(asked.recommendation, accepted_by=user_id),
            )
        new, conflicts = await self._async_make(asked, preview=False, replaces=record)
        self._suggestions.memory.accept(key)
        record.superseded_by = new.plan_id
        self._set_status(
            record,
            PlanStatus.SUPERSEDED,
            reasons.accepted(await self._async_name(user_id)),
        )
        self._add(new)
        losers = self._settle_conflicts(new, conflicts)
        if new.status in ACTIVE and offered.suggestion.replaces is not None:
            await self._async_retire_moved(offered.suggestion.replaces, new)
        await self._async_after_gate(new)
        await self._async_make_way(losers)
        self.plans.save()
        return new

    async def _async_retire_moved(self, plan_id: str, by: PlanRecord) -> None:
        """Retire the scheduled plan an accepted suggestion moves (or it runs twice)."""
        old = self.plans.get(plan_id)
        if old is None or old.status not in (
            PlanStatus.SCHEDULED,
            PlanStatus.PENDING_APPROVAL,
        ):
            return
        self._scheduler.cancel(plan_id)
        old.superseded_by = by.plan_id
        self._set_status(old, PlanStatus.SUPERSEDED, reasons.REPLACED_BY_SUGGESTION)

    async def _async_answer(
        self, record: PlanRecord, key: str, user_id: str | None, reason: str | None
    ) -> PlanRecord:
        """Dismiss a suggestion (this rule, this target), or snooze it."""
        await self._check_may_answer(record, user_id)
        now = dt_util.utcnow()
        delivery = self._options.insights.delivery
        memory = self._suggestions.memory
        if reason == SNOOZED:
            memory.snooze(key, now, delivery.snooze_for)
            why = reasons.snoozed(
                await self._async_name(user_id), delivery.snooze_minutes
            )
        else:
            memory.dismiss(key, now, delivery.dismiss_for)
            why = reasons.dismissed(await self._async_name(user_id))
        self._set_status(record, PlanStatus.REJECTED, why)
        return record

    # --- consents ---------------------------------------------------------------

    async def async_grant_consent(
        self,
        scope: str,
        *,
        user_id: str | None,
        expires: datetime | None,
        granted_by: str | None,
    ) -> ConsentReference:
        """Record a consent; only trusted or privileged users may grant one."""
        consent = self._consents.grant(
            scope,
            user_id=user_id,
            expires=expires,
            granted_by=granted_by,
            granter_tier=await self.async_tier(granted_by),
            now=dt_util.utcnow(),
        )
        self.plans.save()
        return consent

    async def async_revoke_consent(
        self, scope: str, *, user_id: str | None, revoked_by: str | None
    ) -> tuple[list[ConsentReference], list[PlanRecord]]:
        """Revoke matching consents and replan or cancel every plan that used them."""
        revoked = self._consents.revoke(
            scope,
            user_id=user_id,
            revoker_tier=await self.async_tier(revoked_by),
            now=dt_util.utcnow(),
        )
        ids = {consent.consent_id for consent in revoked}
        affected = [
            record
            for record in self.plans.active()
            if ids & set(record.policy.consent_refs)
        ]
        results: list[PlanRecord] = []
        for record in affected:
            if self._options.enable_replanning:
                results.append(
                    await self._async_replan(
                        record, reasons.CONSENT_REVOKED, requester=record.user_id
                    )
                )
            else:
                self._scheduler.cancel(record.plan_id)
                self._set_status(record, PlanStatus.CANCELLED, reasons.CONSENT_REVOKED)
                self._monitor.unwatch(record.plan_id)
                await self._execution.async_stop(record.plan_id)
                results.append(record)
        self.plans.save()
        return revoked, results

    # --- bookkeeping ------------------------------------------------------------

    def _settle_conflicts(
        self,
        record: PlanRecord,
        conflicts: list[PlanConflict],
        *,
        tell_winners: bool = True,
    ) -> list[PlanRecord]:
        """Tell both plans of each conflict; the new plan's losers give way.

        The new plan's own note was written by the planner (a preview says it too).
        A running loser gives the devices up (their changes are no longer its to
        undo); a waiting or scheduled one is returned to be planned again.
        """
        losers: list[PlanRecord] = []
        for conflict in conflicts:
            if conflict.winner == "active" and not tell_winners:
                continue
            self._events.conflict(record.plan_id, conflict)
            other = self.plans.get(conflict.plan_id)
            if other is None:
                continue
            note = conflict_notes(
                conflict, record.plan_id, self._names(conflict.entity_ids)
            )[1]
            other.plan.notes.append(note.render(other.task_spec.language))
            if conflict.winner == "new":
                if other.status is PlanStatus.RUNNING:
                    other.yielded.update(
                        dict.fromkeys(conflict.entity_ids, record.plan_id)
                    )
                elif other.status in ACTIVE and other not in losers:
                    losers.append(other)
            self.plans.changed(other)
        return losers

    async def _async_make_way(self, losers: Iterable[PlanRecord]) -> None:
        """Plan again the waiting plans that lost a device to a new plan."""
        for loser in losers:
            await self.async_reoptimise(loser.plan_id, Trigger.CONFLICT)

    def _names(self, entity_ids: Iterable[str]) -> str:
        """Entities by their friendly names, for notes."""
        return ", ".join(
            state.name if (state := self._hass.states.get(entity_id)) else entity_id
            for entity_id in entity_ids
        )

    def _add(self, record: PlanRecord) -> None:
        self.plans.add(record)
        self._metrics.planned(record)
        self._events.plan_created(record)
        self.plans.changed(record)

    def _set_status(self, record: PlanRecord, new: PlanStatus, reason: str) -> None:
        old = record.status
        reason = localized(reason, record.task_spec.language)
        try:
            transition(record, new, dt_util.utcnow(), reason)
        except IllegalTransitionError as err:
            raise refusal("illegal_transition", old=str(old), new=str(new)) from err
        if old is PlanStatus.PENDING_APPROVAL and new is not old:
            self._withdraw_approval_request(record.plan_id)
        # What the explanation says about approval follows the plan's state.
        record.explanation = restate(record)
        self._events.status_changed(record, old, reason)
        self.plans.changed(record)

    def _withdraw_approval_request(self, plan_id: str) -> None:
        """A plan stopped waiting: its buttons die now, its pushes are taken back."""
        if targets := self._notifier.withdraw(plan_id):
            self._entry.async_create_background_task(
                self._hass,
                self._notifier.async_send_clear(plan_id, targets),
                f"{DOMAIN} clear approval {plan_id}",
            )

    async def _async_name(self, user_id: str | None) -> str | Term:
        """What a person calls the user ``user_id``: their name (no user: automation)."""
        if user_id is None:
            return reasons.AUTOMATION
        user = await self._hass.auth.async_get_user(user_id)
        return user.name if user is not None and user.name else Term("words.someone")

    def _entity_name(self, entity_id: str) -> str:
        """The friendly name of an entity, as its state has it now."""
        state = self._hass.states.get(entity_id)
        return state.name if state is not None else humanized(entity_id)


def _in_status_for(action: PlanAction, record: PlanRecord) -> bool:
    """Whether the plan's status leaves room for ``action`` at all."""
    if action in (PlanAction.APPROVE, PlanAction.REJECT):
        return record.status is PlanStatus.PENDING_APPROVAL
    if action is PlanAction.CANCEL:
        return record.status in ACTIVE
    return True


def _permits(
    action: PlanAction, record: PlanRecord, user_id: str | None, tier: TrustTier
) -> bool:
    """The permission table's answer for this caller and plan.

    Answering a suggestion of the home commits to nothing: an accepted one is planned
    again as the accepting person's own request and gated then, so it needs no
    permission of its own.
    """
    return may(
        action,
        tier=tier,
        caller_id=user_id,
        requester_id=record.user_id,
        scopes=() if record.is_suggestion else record.policy.required_scopes,
    )
