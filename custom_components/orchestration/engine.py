"""The orchestration engine: turns requests into plans and takes them through their life.

The engine owns the lifecycle (DESIGN §4 statuses): what happens after the gate, who
may approve, reject, cancel or replan, what a run's end, a timer, a drift or a revoked
consent does to a plan. Its parts each do one job (``plans``): the pipeline makes a
plan record, the store keeps the plans, the scheduler arms their timers, the consent
registry and the metrics keep their records, and every event is fired in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
import logging
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .consent import ApprovalNotifier
from .const import DOMAIN
from .core.explainer import consent_text, guardrail_lines, trust_state
from .core.lifecycle import ACTIVE, IllegalTransitionError, transition
from .core.metrics import Metrics
from .core.models import (
    ConsentReference,
    PlanRecord,
    PlanStatus,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from .core.planning.arbiter import PlanConflict, conflict_notes
from .core.planning.planner import plan_signature
from .core.planning.reoptimise import Incumbent, Trigger
from .core.policy import Caller, can_approve, trust_tier_for
from .core.progress import acted_on, carry_over, failures, left_over, still_to_act_on
from .core.run_checks import RUN_VARIABLES
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
from .plans.scheduler import PlanScheduler
from .plans.store import PlanListener, PlanStore
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
        self.plans.add_part(CONSENTS_KEY, self._consents)
        self.plans.add_part(COUNTERS_KEY, self._metrics)
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

    # --- set-up and tear-down ---------------------------------------------------

    async def async_load(self) -> None:
        """Load stored plans and consents; re-arm what waits, settle what was cut off."""
        await self.plans.async_load()
        self._unsub_notifier = self._notifier.async_start()
        now = dt_util.utcnow()
        for record in self.plans:
            self._resume(record, now)

    def _resume(self, record: PlanRecord, now: datetime) -> None:
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
    def list_plans(self, status: PlanStatus | None = None) -> list[PlanRecord]:
        """Plans, newest first, optionally only those of one status."""
        return self.plans.newest_first(status)

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

    @callback
    def can_approve(self, plan_id: str, user: User | None) -> bool:
        """Whether ``user`` may approve the plan now (for the card's buttons)."""
        record = self.plans.get(plan_id)
        if record is None or record.status is not PlanStatus.PENDING_APPROVAL:
            return False
        if user is None:
            return False
        tier = self._tier(
            Caller(user.id, is_owner=user.is_owner, is_admin=user.is_admin)
        )
        return can_approve(tier, record.policy.required_scopes)

    async def async_can_approve(self, plan_id: str, user_id: str | None) -> bool:
        """Whether the user with ``user_id`` may approve the plan now."""
        user = (
            None if user_id is None else await self._hass.auth.async_get_user(user_id)
        )
        return self.can_approve(plan_id, user)

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
        return await self._pipeline.async_make(
            request,
            preview=preview,
            caller_tier=self._tier(await self._async_caller(request.user_id)),
            active=self.plans.active(exclude=replaces),
            consents=self._consents.all(),
            replaces=replaces,
            task=task,
            incumbent=incumbent,
        )

    async def _async_caller(self, user_id: str | None) -> Caller:
        if user_id is None:
            return Caller(None)
        user = await self._hass.auth.async_get_user(user_id)
        if user is None:
            return Caller(user_id, known_user=False)
        return Caller(user_id, is_owner=user.is_owner, is_admin=user.is_admin)

    def _tier(self, caller: Caller) -> TrustTier:
        return trust_tier_for(caller, self._options.trust_overrides)

    # --- after the gate ---------------------------------------------------------

    async def _async_after_gate(self, record: PlanRecord) -> None:
        if record.status is PlanStatus.PENDING_APPROVAL:
            await self._async_request_approval(record)
        elif record.status is PlanStatus.SCHEDULED:
            self._execution.advance(record)

    async def _async_request_approval(self, record: PlanRecord) -> None:
        self._metrics.approval_requested()
        self._events.approval_requested(record)
        self._scheduler.arm_approval_expiry(record)
        self.plans.save()
        await self._notifier.async_request(record)

    @callback
    def _on_approval_expired(self, record: PlanRecord) -> None:
        if record.status is not PlanStatus.PENDING_APPROVAL:
            return
        self._set_status(record, PlanStatus.EXPIRED, reasons.APPROVAL_TIMED_OUT)
        self._entry.async_create_background_task(
            self._hass,
            self._notifier.async_clear(record.plan_id),
            f"{DOMAIN} clear approval {record.plan_id}",
        )

    @callback
    def _begin(self, record: PlanRecord) -> bool:
        """The first step that acts is due: the scheduled plan starts running."""
        if record.status is not PlanStatus.SCHEDULED:
            return False
        self._set_status(record, PlanStatus.RUNNING, reasons.STARTED)
        record.run_started = dt_util.utcnow()
        self._monitor.watch(record, self._execution.is_own(record.plan_id))
        return True

    async def _async_run_as(self, record: PlanRecord) -> tuple[Context, dict[str, Any]]:
        """The context and variables a step of the plan runs with.

        An approved plan acts with the approver's rights: its requester may not have
        the right to call these actions at all (that is why it was approved). The
        trust level is read now, so a step's trust check sees today's settings.
        """
        user_id = record.approved_by or record.user_id
        tier = self._tier(await self._async_caller(user_id))
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
                    self.async_replan(
                        record.plan_id, reasons.became_unavailable(entity_id), None
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
        record.plan.notes.append(reasons.overridden(entity_id))
        self.plans.changed(record)

    def _finish(self, record: PlanRecord) -> None:
        """Every step of a running plan has ended: completed, or failed and why."""
        self._monitor.unwatch(record.plan_id)
        record.run_finished = dt_util.utcnow()
        errors = [
            progress.error or reasons.STEP_FAILED for progress in failures(record)
        ]
        started = record.run_started or record.run_finished
        self._metrics.ran(
            record,
            success=not errors,
            duration_s=(record.run_finished - started).total_seconds(),
            cost=0.0 if errors else record.plan.estimated_cost,
        )
        self._refresh_explanation(record)
        if record.status is not PlanStatus.RUNNING:
            self.plans.save()
            return
        if not errors:
            self._set_status(record, PlanStatus.COMPLETED, reasons.ALL_STEPS_DONE)
            return
        record.error = reasons.finished_with_failures(errors, left_over(record))
        self._set_status(record, PlanStatus.FAILED, record.error)

    def _refresh_explanation(
        self, record: PlanRecord, approver_tier: TrustTier | None = None
    ) -> None:
        """Make the explanation say how the plan stands now.

        Its guardrails say whether the plan needed, got or did without approval and
        how the checks went when steps ran; once approved, its consent line says
        whose rights it runs with.
        """
        language = record.task_spec.language
        record.explanation.guardrails = guardrail_lines(
            record.plan,
            language,
            trust=trust_state(record.policy, approved=record.approved_by is not None),
            time_zone=str(self._hass.config.time_zone),
            progress=record.progress,
        )
        if approver_tier is not None:
            record.explanation.consent = consent_text(
                record.policy, language, approver_tier=approver_tier.value
            )

    # --- user decisions ---------------------------------------------------------

    async def async_approve(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Approve a pending plan; only a user whose tier allows its scopes may."""
        record = self.get_plan(plan_id)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise refusal("plan_not_pending", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        if not can_approve(tier, record.policy.required_scopes):
            raise refusal("approval_not_allowed", plan_id=plan_id, tier=tier)
        self._scheduler.cancel(plan_id)
        self._metrics.approval_granted()
        record.approved_by = user_id
        self._refresh_explanation(record, approver_tier=tier)
        self._set_status(record, PlanStatus.SCHEDULED, reasons.approved_by(user_id))
        self._execution.advance(record)
        await self._notifier.async_clear(plan_id)
        return record

    async def async_reject(
        self, plan_id: str, user_id: str | None, reason: str | None = None
    ) -> PlanRecord:
        """Reject a pending plan: an approver or the plan's own requester may."""
        record = self.get_plan(plan_id)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise refusal("plan_not_pending", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        is_requester = user_id is not None and user_id == record.user_id
        if not is_requester and not can_approve(tier, record.policy.required_scopes):
            raise refusal("approval_not_allowed", plan_id=plan_id, tier=tier)
        self._scheduler.cancel(plan_id)
        self._set_status(
            record, PlanStatus.REJECTED, reason or reasons.rejected_by(user_id)
        )
        await self._notifier.async_clear(plan_id)
        return record

    async def async_cancel(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Cancel a pending, scheduled or running plan."""
        record = self.get_plan(plan_id)
        if record.status not in ACTIVE:
            raise refusal("plan_not_active", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        is_requester = user_id is not None and user_id == record.user_id
        if tier is TrustTier.UNTRUSTED and not is_requester:
            raise refusal("cancel_not_allowed", plan_id=plan_id)
        self._scheduler.cancel(plan_id)
        was_pending = record.status is PlanStatus.PENDING_APPROVAL
        self._set_status(record, PlanStatus.CANCELLED, reasons.cancelled_by(user_id))
        self._monitor.unwatch(plan_id)
        await self._execution.async_stop(plan_id)
        if was_pending:
            await self._notifier.async_clear(plan_id)
        return record

    async def async_replan(
        self, plan_id: str, reason: str | None, user_id: str | None
    ) -> PlanRecord:
        """Plan the same intent again against the home as it is now."""
        old = self.get_plan(plan_id)
        if old.status is PlanStatus.PREVIEW:
            raise refusal("plan_not_active", plan_id=plan_id, status=old.status)
        request = PlanRequest.again(
            old,
            trigger_type=TriggerType.REPLAN,
            user_id=old.user_id if user_id is None else user_id,
        ).claim_of(old)
        new, conflicts = await self._async_make(request, preview=False, replaces=old)
        self._metrics.replanned()
        await self._async_supersede(
            old, new, conflicts, reason or reasons.replanned_as(new.plan_id)
        )
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
            reasons.reoptimised(trigger.value, new.plan_id),
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
            was_pending = old.status is PlanStatus.PENDING_APPROVAL
            self._scheduler.cancel(old.plan_id)
            old.superseded_by = new.plan_id
            # Status first: the run that ends when stopped must find it superseded.
            self._set_status(old, PlanStatus.SUPERSEDED, reason)
            self._monitor.unwatch(old.plan_id)
            await self._execution.async_stop(old.plan_id)
            if was_pending:
                await self._notifier.async_clear(old.plan_id)
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
        self, plan_id: str, approved: bool, user_id: str | None
    ) -> None:
        """An Approve/Reject tapped on a notification: same checks as the services."""
        try:
            if approved:
                await self.async_approve(plan_id, user_id)
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
            granter_tier=self._tier(await self._async_caller(granted_by)),
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
            revoker_tier=self._tier(await self._async_caller(revoked_by)),
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
                    await self.async_replan(
                        record.plan_id, reasons.CONSENT_REVOKED, None
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
        try:
            transition(record, new, dt_util.utcnow(), reason)
        except IllegalTransitionError as err:
            raise refusal("illegal_transition", old=str(old), new=str(new)) from err
        self._events.status_changed(record, old, reason)
        self.plans.changed(record)
