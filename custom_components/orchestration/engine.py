"""The orchestration engine: pipeline, plan lifecycle, persistence and scheduling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
import logging
import time
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    HassJob,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util, ulid as ulid_util

from .consent import ApprovalNotifier
from .const import (
    CONF_APPROVAL_TIMEOUT_MIN,
    CONF_COST_BUDGET_DEFAULT,
    CONF_DEFAULT_STRATEGY,
    CONF_ENABLE_PREVIEW_MODE,
    CONF_ENABLE_REPLANNING,
    CONF_LATENCY_BUDGET_DEFAULT_MS,
    CONF_LOCAL_EXECUTION_PREFERENCE,
    CONF_MAX_PLAN_ALTERNATIVES,
    CONF_MAX_PLANNING_TIME_MS,
    CONF_NOTIFY_TARGETS,
    CONF_POWER_LIMIT_W,
    CONF_PRIVACY_FIRST,
    CONF_TRUST_OVERRIDES,
    DEFAULT_APPROVAL_TIMEOUT_MIN,
    DEFAULT_COST_BUDGET_DEFAULT,
    DEFAULT_ENABLE_PREVIEW_MODE,
    DEFAULT_ENABLE_REPLANNING,
    DEFAULT_LATENCY_BUDGET_DEFAULT_MS,
    DEFAULT_LOCAL_EXECUTION_PREFERENCE,
    DEFAULT_MAX_PLAN_ALTERNATIVES,
    DEFAULT_MAX_PLANNING_TIME_MS,
    DEFAULT_PRIVACY_FIRST,
    DEFAULT_STRATEGY,
    DOMAIN,
    MAX_FINISHED_PLANS,
    SIGNAL_PLANS_UPDATED,
    STORAGE_KEY,
    STORAGE_SAVE_DELAY_S,
    STORAGE_VERSION,
)
from .core.events import (
    EVENT_APPROVAL_REQUESTED,
    EVENT_PLAN_CREATED,
    EVENT_PLAN_STATUS_CHANGED,
    EVENT_REPLANNED,
    EVENT_STEP_FAILED,
)
from .core.explainer import explain
from .core.handover import script_config
from .core.lifecycle import ACTIVE, IllegalTransitionError, prune_finished, transition
from .core.metrics import MetricCounters, derive_metrics
from .core.models import (
    Alternative,
    ConsentReference,
    ConstraintType,
    Decision,
    ExecutionPlan,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StatusChange,
    Strategy,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from .core.planning.planner import ActivePlan, PlanConflict, build_plan
from .core.planning.steps import PlannerOptions
from .core.policy import (
    Caller,
    can_approve,
    evaluate,
    permission_burden,
    trust_tier_for,
)
from .executor import PlanRunner, RunOutcome
from .monitor import Drift, DriftKind, PlanMonitor

if TYPE_CHECKING:
    from .context import ContextPuller
    from .core.intake import IntentTranslator
    from .runtime import OrchestrationConfigEntry

_LOGGER = logging.getLogger(__name__)

# A scheduled plan whose start passed by more than this while Home Assistant was down
# is expired instead of run late.
MISSED_START_GRACE = timedelta(minutes=15)

# Translation and planning are CPU-bound Python: more of them at once than there are
# cores only adds contention, and a burst of requests (an automation firing 200
# plans) would otherwise fill Home Assistant's shared executor with dozens of threads
# that every other integration's I/O then waits behind.
PLANNING_CONCURRENCY = 2


@dataclass(slots=True)
class PlanRequest:
    """What a caller asks the engine to plan."""

    intent: str
    trigger_type: TriggerType = TriggerType.USER_REQUEST
    preview: bool = False
    strategy: Strategy | None = None
    context_hints: dict[str, Any] = field(default_factory=dict)
    preferences: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    user_id: str | None = None


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def _judge(task: TaskSpec, plan: ExecutionPlan, **context: Any) -> PolicyDecision:
    """The policy gate's decision on one plan for this task and caller."""
    return evaluate(task, plan, **context)


@callback
def async_get_engine(hass: HomeAssistant) -> OrchestrationEngine:
    """Return the engine of the loaded config entry."""
    entries: list[OrchestrationConfigEntry] = hass.config_entries.async_loaded_entries(
        DOMAIN
    )
    if not entries:
        raise _error("not_loaded")
    return entries[0].runtime_data.engine


class OrchestrationEngine:
    """Owns every plan and consent; turns requests into plans and runs them."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OrchestrationConfigEntry,
        context: ContextPuller,
        translator: IntentTranslator,
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._context = context
        self._translator = translator
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._plans: dict[str, PlanRecord] = {}
        self._consents: dict[str, ConsentReference] = {}
        self._counters = MetricCounters()
        self._timers: dict[str, CALLBACK_TYPE] = {}
        self._listeners: list[Callable[[PlanRecord], None]] = []
        self._runner = PlanRunner(hass)
        self._planning_slots = asyncio.Semaphore(PLANNING_CONCURRENCY)
        self._monitor = PlanMonitor(hass, self._on_drift)
        self._notifier = ApprovalNotifier(
            hass,
            notify_targets=list(self._options.get(CONF_NOTIFY_TARGETS, [])),
            on_decision=self._async_notification_decision,
            trust_overrides=self._options.get(CONF_TRUST_OVERRIDES, {}),
            approval_timeout=timedelta(
                minutes=int(
                    self._options.get(
                        CONF_APPROVAL_TIMEOUT_MIN, DEFAULT_APPROVAL_TIMEOUT_MIN
                    )
                )
            ),
        )
        self._unsub_notifier: CALLBACK_TYPE | None = None

    # --- set-up and tear-down ---------------------------------------------------

    @property
    def _options(self) -> Mapping[str, Any]:
        return self._entry.options

    async def async_load(self) -> None:
        """Load stored plans and consents; re-arm what waits, settle what was cut off."""
        stored = await self._store.async_load() or {}
        for item in stored.get("plans", []):
            record = PlanRecord.from_dict(item)
            self._plans[record.plan_id] = record
        for item in stored.get("consents", []):
            consent = ConsentReference.from_dict(item)
            self._consents[consent.consent_id] = consent
        self._counters = MetricCounters.from_dict(stored.get("counters", {}))
        self._unsub_notifier = self._notifier.async_start()
        now = dt_util.utcnow()
        for record in list(self._plans.values()):
            self._resume(record, now)

    def _resume(self, record: PlanRecord, now: datetime) -> None:
        if record.status is PlanStatus.RUNNING:
            self._set_status(record, PlanStatus.FAILED, "Interrupted by a restart")
            self._counters.record_execution(
                success=False,
                duration_s=0.0,
                cost=0.0,
                privacy_score=record.plan.privacy_score,
            )
        elif record.status is PlanStatus.SCHEDULED:
            start = self._start_time(record, now)
            last = max(
                (step.not_before for step in record.plan.steps if step.not_before),
                default=start,
            )
            if now - last > MISSED_START_GRACE or self._deadline_passed(record, now):
                self._set_status(
                    record,
                    PlanStatus.EXPIRED,
                    "Its time window passed while Home Assistant was not running",
                )
            else:
                self._arm_start(record, start)
        elif record.status is PlanStatus.PENDING_APPROVAL:
            expires = self._approval_expiry(record)
            if expires <= now:
                self._set_status(record, PlanStatus.EXPIRED, "Approval timed out")
            else:
                self._arm_expiry(record, expires)

    @callback
    def async_cancel_timers(self) -> None:
        """Drop pending timers; they are armed again from storage at the next start."""
        for unsub in self._timers.values():
            unsub()
        self._timers.clear()

    async def async_unload(self) -> None:
        """Stop timers and running plans; write what is pending."""
        self.async_cancel_timers()
        if self._unsub_notifier is not None:
            self._unsub_notifier()
            self._unsub_notifier = None
        self._monitor.unwatch_all()
        await self._runner.async_stop_all()
        await self._store.async_save(self._as_stored())

    # --- queries ----------------------------------------------------------------

    @callback
    def get_plan(self, plan_id: str) -> PlanRecord:
        """Return a plan; ServiceValidationError when there is none with this id."""
        if (record := self._plans.get(plan_id)) is None:
            raise _error("plan_not_found", plan_id=plan_id)
        return record

    @callback
    def list_plans(self, status: PlanStatus | None = None) -> list[PlanRecord]:
        """Plans, newest first, optionally only those of one status."""
        records = [
            record
            for record in self._plans.values()
            if status is None or record.status is status
        ]
        return sorted(records, key=lambda record: record.created, reverse=True)

    @callback
    def consents(self) -> list[ConsentReference]:
        """Every consent record, granted first first."""
        return sorted(self._consents.values(), key=lambda item: item.granted_at)

    @property
    def metrics(self) -> dict[str, float | int | None]:
        """The figures of SEED.md "Metrics and Monitoring"."""
        return derive_metrics(self._counters, self._plans.values())

    @callback
    def async_add_listener(
        self, listener: Callable[[PlanRecord], None]
    ) -> CALLBACK_TYPE:
        """Call ``listener`` after every plan creation and status change."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    @callback
    def can_approve(self, plan_id: str, user: User | None) -> bool:
        """Whether ``user`` may approve the plan now (for the card's buttons)."""
        record = self._plans.get(plan_id)
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

    # --- the pipeline -----------------------------------------------------------

    async def async_preview_plan(self, request: PlanRequest) -> PlanRecord:
        """Plan without running or notifying anything."""
        if not self._options.get(CONF_ENABLE_PREVIEW_MODE, DEFAULT_ENABLE_PREVIEW_MODE):
            raise _error("preview_disabled")
        record, _ = await self._async_make(request, preview=True)
        self._add(record)
        return record

    async def async_create_plan(self, request: PlanRequest) -> PlanRecord:
        """Plan, gate and, where policy allows, run or schedule."""
        if request.preview:
            return await self.async_preview_plan(request)
        record, conflicts = await self._async_make(request, preview=False)
        self._add(record)
        self._report_conflicts(record, conflicts)
        await self._async_after_gate(record)
        return record

    async def _async_make(
        self,
        request: PlanRequest,
        *,
        preview: bool,
        replaces: PlanRecord | None = None,
    ) -> tuple[PlanRecord, list[PlanConflict]]:
        if not request.intent.strip():
            raise _error("empty_intent")
        started = time.perf_counter()
        now = dt_util.utcnow()
        snapshot = self._context.async_snapshot(now)
        language = request.language or self._hass.config.language
        trigger = request.trigger_type
        if preview and trigger is TriggerType.USER_REQUEST:
            trigger = TriggerType.PREVIEW_REQUEST
        task = await self._async_compute(
            partial(
                self._translator.translate,
                request.intent,
                language=language,
                snapshot=snapshot,
                now=now,
                trigger_type=trigger,
                context_area_id=request.context_hints.get("area_id"),
            )
        )
        caller = await self._async_caller(request.user_id)
        tier = self._tier(caller)
        strategy = request.strategy or Strategy(
            self._options.get(CONF_DEFAULT_STRATEGY, DEFAULT_STRATEGY)
        )
        result = await self._async_compute(
            partial(
                build_plan,
                task,
                snapshot,
                strategy=strategy,
                options=self._planner_options(request),
                caller_tier=tier,
                active_plans=self._active_plans(exclude=replaces),
            )
        )
        judge = partial(
            _judge,
            task,
            caller_tier=tier,
            snapshot=snapshot,
            consents=list(self._consents.values()),
            user_id=request.user_id,
            now=now,
        )
        decision = judge(result.plan)
        if (
            replaces is not None
            and decision.decision is Decision.REQUIRE_APPROVAL
            and self._was_approved(replaces)
            and set(decision.required_scopes) <= set(replaces.policy.required_scopes)
        ):
            decision.decision = Decision.ALLOW
            decision.approval_required = False
            decision.reasons.append(
                f"Approval of plan {replaces.plan_id} covers these permissions"
            )
            approved_by = replaces.approved_by
        else:
            approved_by = None
        if decision.decision is not Decision.ALLOW:
            self._offer_lighter_alternative(decision, result.alternatives, judge)
        explanation = explain(
            task,
            result.plan,
            decision,
            snapshot=snapshot,
            language=language,
            alternatives=result.alternatives,
            infeasible_reasons=result.reasons,
        )
        if preview:
            status = PlanStatus.PREVIEW
        elif not result.feasible:
            status = PlanStatus.INFEASIBLE
        elif decision.decision is Decision.DENY:
            status = PlanStatus.REJECTED
        elif decision.decision is Decision.REQUIRE_APPROVAL:
            status = PlanStatus.PENDING_APPROVAL
        else:
            status = PlanStatus.SCHEDULED
        plan_id = ulid_util.ulid_now()
        reason = "; ".join(
            result.reasons if status is PlanStatus.INFEASIBLE else decision.reasons
        )
        record = PlanRecord(
            plan_id=plan_id,
            status=status,
            created=now,
            task_spec=task,
            policy=decision,
            plan=result.plan,
            alternatives=list(result.alternatives),
            explanation=explanation,
            script=script_config(result.plan, plan_id),
            planning_time_ms=0.0,
            user_id=request.user_id,
            history=[StatusChange(old=None, new=status, at=now, reason=reason)],
            replaces=None if replaces is None else replaces.plan_id,
            approved_by=approved_by,
        )
        record.planning_time_ms = round((time.perf_counter() - started) * 1000.0, 3)
        return record, list(result.conflict_details)

    async def _async_compute[T](self, job: Callable[[], T]) -> T:
        """Run CPU-bound pipeline work in the executor, a bounded number at a time."""
        async with self._planning_slots:
            return await self._hass.async_add_executor_job(job)

    @staticmethod
    def _offer_lighter_alternative(
        decision: PolicyDecision,
        alternatives: list[Alternative],
        judge: Callable[[ExecutionPlan], PolicyDecision],
    ) -> None:
        """Point to the alternative that needs fewer permissions, where one exists."""
        burden = permission_burden(decision)
        best: tuple[tuple[int, int, int, int], Alternative] | None = None
        for alternative in alternatives:
            if alternative.plan is None:
                continue
            key = permission_burden(judge(alternative.plan))
            if key < burden and (best is None or key < best[0]):
                best = (key, alternative)
        if best is not None:
            decision.reasons.append(
                f"The {best[1].strategy.value} alternative needs fewer permissions: "
                f"{best[1].summary}"
            )

    def _planner_options(self, request: PlanRequest) -> PlannerOptions:
        options = self._options
        preferences = request.preferences
        return PlannerOptions(
            max_planning_time_ms=float(
                options.get(CONF_MAX_PLANNING_TIME_MS, DEFAULT_MAX_PLANNING_TIME_MS)
            ),
            max_plan_alternatives=int(
                options.get(CONF_MAX_PLAN_ALTERNATIVES, DEFAULT_MAX_PLAN_ALTERNATIVES)
            ),
            privacy_first=bool(
                preferences.get(
                    "privacy_first",
                    options.get(CONF_PRIVACY_FIRST, DEFAULT_PRIVACY_FIRST),
                )
            ),
            local_execution_preference=float(
                options.get(
                    CONF_LOCAL_EXECUTION_PREFERENCE, DEFAULT_LOCAL_EXECUTION_PREFERENCE
                )
            ),
            cost_budget=float(
                preferences.get(
                    "cost_budget",
                    options.get(CONF_COST_BUDGET_DEFAULT, DEFAULT_COST_BUDGET_DEFAULT),
                )
            ),
            latency_budget_ms=float(
                preferences.get(
                    "latency_budget_ms",
                    options.get(
                        CONF_LATENCY_BUDGET_DEFAULT_MS,
                        DEFAULT_LATENCY_BUDGET_DEFAULT_MS,
                    ),
                )
            ),
            power_limit_w=options.get(CONF_POWER_LIMIT_W),
        )

    def _active_plans(self, exclude: PlanRecord | None) -> list[ActivePlan]:
        return [
            ActivePlan(
                plan_id=record.plan_id,
                priority_trigger=record.task_spec.trigger_type,
                steps=record.plan.steps,
            )
            for record in self._plans.values()
            if record.status in ACTIVE and record is not exclude
        ]

    async def _async_caller(self, user_id: str | None) -> Caller:
        if user_id is None:
            return Caller(None)
        user = await self._hass.auth.async_get_user(user_id)
        if user is None:
            return Caller(user_id, known_user=False)
        return Caller(user_id, is_owner=user.is_owner, is_admin=user.is_admin)

    def _tier(self, caller: Caller) -> TrustTier:
        return trust_tier_for(caller, self._options.get(CONF_TRUST_OVERRIDES, {}))

    @staticmethod
    def _was_approved(record: PlanRecord) -> bool:
        return any(
            change.old is PlanStatus.PENDING_APPROVAL
            and change.new in (PlanStatus.SCHEDULED, PlanStatus.RUNNING)
            for change in record.history
        )

    # --- after the gate ---------------------------------------------------------

    async def _async_after_gate(self, record: PlanRecord) -> None:
        if record.status is PlanStatus.PENDING_APPROVAL:
            await self._async_request_approval(record)
        elif record.status is PlanStatus.SCHEDULED:
            self._start_or_arm(record)

    async def _async_request_approval(self, record: PlanRecord) -> None:
        self._counters.approvals_requested += 1
        self._hass.bus.async_fire(
            EVENT_APPROVAL_REQUESTED,
            {
                "plan_id": record.plan_id,
                "required_scopes": list(record.policy.required_scopes),
                "missing_scopes": list(record.policy.missing_scopes),
                "reasons": list(record.policy.reasons),
                "summary": record.explanation.summary,
                "user_id": record.user_id,
            },
        )
        self._arm_expiry(record, self._approval_expiry(record))
        self._save()
        await self._notifier.async_request(record)

    def _approval_expiry(self, record: PlanRecord) -> datetime:
        minutes = int(
            self._options.get(CONF_APPROVAL_TIMEOUT_MIN, DEFAULT_APPROVAL_TIMEOUT_MIN)
        )
        asked = next(
            (
                change.at
                for change in reversed(record.history)
                if change.new is PlanStatus.PENDING_APPROVAL
            ),
            record.created,
        )
        return asked + timedelta(minutes=minutes)

    def _start_time(self, record: PlanRecord, now: datetime) -> datetime:
        """When the first step may start: the earliest not_before of the root steps."""
        roots = [step for step in record.plan.steps if not step.depends_on]
        starts = [step.not_before for step in roots if step.not_before is not None]
        if not roots or len(starts) < len(roots):
            return now
        return max(now, min(starts))

    @staticmethod
    def _deadline_passed(record: PlanRecord, now: datetime) -> bool:
        deadline = record.task_spec.constraint(ConstraintType.DEADLINE)
        if deadline is None or not isinstance(deadline.fields.get("before"), str):
            return False
        before = dt_util.parse_datetime(deadline.fields["before"])
        return before is not None and before <= now

    def _start_or_arm(self, record: PlanRecord) -> None:
        now = dt_util.utcnow()
        start = self._start_time(record, now)
        if start <= now:
            self._start(record)
        else:
            self._arm_start(record, start)

    def _arm_start(self, record: PlanRecord, start: datetime) -> None:
        @callback
        def fire(_: datetime) -> None:
            self._timers.pop(record.plan_id, None)
            if record.status is PlanStatus.SCHEDULED:
                self._start(record)

        self._set_timer(record.plan_id, start, fire)

    def _arm_expiry(self, record: PlanRecord, expires: datetime) -> None:
        @callback
        def fire(_: datetime) -> None:
            self._timers.pop(record.plan_id, None)
            if record.status is PlanStatus.PENDING_APPROVAL:
                self._set_status(record, PlanStatus.EXPIRED, "Approval timed out")
                self._entry.async_create_background_task(
                    self._hass,
                    self._notifier.async_clear(record.plan_id),
                    f"{DOMAIN} clear approval {record.plan_id}",
                )

        self._set_timer(record.plan_id, expires, fire)

    def _set_timer(
        self, plan_id: str, when: datetime, action: Callable[[datetime], None]
    ) -> None:
        self._cancel_timer(plan_id)
        self._timers[plan_id] = async_track_point_in_utc_time(
            self._hass,
            HassJob(action, f"{DOMAIN} plan {plan_id}", cancel_on_shutdown=True),
            when,
        )

    def _cancel_timer(self, plan_id: str) -> None:
        if (unsub := self._timers.pop(plan_id, None)) is not None:
            unsub()

    def _start(self, record: PlanRecord) -> None:
        self._set_status(record, PlanStatus.RUNNING, "Started")
        record.run_started = dt_util.utcnow()
        # An approved plan acts with the approver's rights: its requester may not
        # have the right to call these actions at all (that is why it was approved).
        context = Context(user_id=record.approved_by or record.user_id)
        self._monitor.watch(record, context.id)
        self._entry.async_create_background_task(
            self._hass,
            self._async_run(record, context),
            f"{DOMAIN} run {record.plan_id}",
        )

    async def _async_run(self, record: PlanRecord, context: Context) -> None:
        outcome = await self._runner.async_run(record, context)
        self._finish(record, outcome)

    @callback
    def _on_drift(self, drift: Drift) -> None:
        """Someone else changed a device of a running plan, or it became unavailable."""
        if drift.kind is DriftKind.OVERRIDE:
            self._counters.user_overrides += 1
        self._save()
        record = self._plans.get(drift.plan_id)
        if record is None or record.status is not PlanStatus.RUNNING:
            return
        if not self._options.get(CONF_ENABLE_REPLANNING, DEFAULT_ENABLE_REPLANNING):
            return
        what = (
            "was changed by someone else"
            if drift.kind is DriftKind.OVERRIDE
            else ("became unavailable")
        )
        # A replan is quick (planning only); the new plan's run is a background task.
        self._entry.async_create_task(
            self._hass,
            self.async_replan(drift.plan_id, f"{drift.entity_id} {what}", None),
            f"{DOMAIN} replan {drift.plan_id}",
        )

    def _finish(self, record: PlanRecord, outcome: RunOutcome) -> None:
        self._monitor.unwatch(record.plan_id)
        record.run_finished = dt_util.utcnow()
        self._counters.record_execution(
            success=outcome.success,
            duration_s=outcome.duration_s,
            cost=record.plan.estimated_cost if outcome.success else 0.0,
            privacy_score=record.plan.privacy_score,
        )
        if record.status is not PlanStatus.RUNNING:
            # Cancelled or superseded while running: that status stands.
            self._save()
            return
        if outcome.success:
            self._set_status(record, PlanStatus.COMPLETED, "All steps done")
            return
        if outcome.cancelled:
            self._set_status(record, PlanStatus.CANCELLED, "Stopped")
            return
        record.error = outcome.error
        if not outcome.reported:
            self._hass.bus.async_fire(
                EVENT_STEP_FAILED,
                {
                    "plan_id": record.plan_id,
                    "step_id": outcome.failed_step,
                    "entity_ids": [],
                    "error": outcome.error,
                },
            )
        self._set_status(record, PlanStatus.FAILED, outcome.error or "")

    # --- user decisions ---------------------------------------------------------

    async def async_approve(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Approve a pending plan; only a user whose tier allows its scopes may."""
        record = self.get_plan(plan_id)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise _error("plan_not_pending", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        if not can_approve(tier, record.policy.required_scopes):
            raise _error("approval_not_allowed", plan_id=plan_id, tier=tier)
        self._cancel_timer(plan_id)
        self._counters.approvals_granted += 1
        record.approved_by = user_id
        self._set_status(record, PlanStatus.SCHEDULED, f"Approved by {user_id}")
        self._start_or_arm(record)
        await self._notifier.async_clear(plan_id)
        return record

    async def async_reject(
        self, plan_id: str, user_id: str | None, reason: str | None = None
    ) -> PlanRecord:
        """Reject a pending plan: an approver or the plan's own requester may."""
        record = self.get_plan(plan_id)
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise _error("plan_not_pending", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        is_requester = user_id is not None and user_id == record.user_id
        if not is_requester and not can_approve(tier, record.policy.required_scopes):
            raise _error("approval_not_allowed", plan_id=plan_id, tier=tier)
        self._cancel_timer(plan_id)
        self._set_status(
            record, PlanStatus.REJECTED, reason or f"Rejected by {user_id}"
        )
        await self._notifier.async_clear(plan_id)
        return record

    async def async_cancel(self, plan_id: str, user_id: str | None) -> PlanRecord:
        """Cancel a pending, scheduled or running plan."""
        record = self.get_plan(plan_id)
        if record.status not in ACTIVE:
            raise _error("plan_not_active", plan_id=plan_id, status=record.status)
        tier = self._tier(await self._async_caller(user_id))
        is_requester = user_id is not None and user_id == record.user_id
        if tier is TrustTier.UNTRUSTED and not is_requester:
            raise _error("cancel_not_allowed", plan_id=plan_id)
        self._cancel_timer(plan_id)
        was_pending = record.status is PlanStatus.PENDING_APPROVAL
        self._set_status(record, PlanStatus.CANCELLED, f"Cancelled by {user_id}")
        await self._runner.async_stop(plan_id)
        if was_pending:
            await self._notifier.async_clear(plan_id)
        return record

    async def async_replan(
        self, plan_id: str, reason: str | None, user_id: str | None
    ) -> PlanRecord:
        """Plan the same intent again against the home as it is now."""
        old = self.get_plan(plan_id)
        if old.status is PlanStatus.PREVIEW:
            raise _error("plan_not_active", plan_id=plan_id, status=old.status)
        request = PlanRequest(
            intent=old.task_spec.intent,
            trigger_type=TriggerType.REPLAN,
            strategy=old.plan.strategy,
            language=old.task_spec.language,
            user_id=old.user_id if user_id is None else user_id,
        )
        new, conflicts = await self._async_make(request, preview=False, replaces=old)
        if old.status in ACTIVE:
            self._cancel_timer(plan_id)
            old.superseded_by = new.plan_id
            # Status first: the run that ends when stopped must find it superseded.
            self._set_status(
                old, PlanStatus.SUPERSEDED, reason or f"Replanned as {new.plan_id}"
            )
            await self._runner.async_stop(plan_id)
        self._counters.replans += 1
        self._add(new)
        self._report_conflicts(new, conflicts)
        self._hass.bus.async_fire(
            EVENT_REPLANNED,
            {
                "old_plan_id": plan_id,
                "new_plan_id": new.plan_id,
                "reason": reason or "",
            },
        )
        await self._async_after_gate(new)
        return new

    async def _async_notification_decision(
        self, plan_id: str, approved: bool, user_id: str | None
    ) -> None:
        """An Approve/Reject tapped on a notification: same checks as the services."""
        try:
            if approved:
                await self.async_approve(plan_id, user_id)
            else:
                await self.async_reject(
                    plan_id, user_id, "Rejected from a notification"
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
        tier = self._tier(await self._async_caller(granted_by))
        if tier.rank < TrustTier.TRUSTED.rank:
            raise _error("consent_not_allowed", tier=tier)
        now = dt_util.utcnow()
        if expires is not None and expires <= now:
            raise _error("consent_expiry_past")
        consent = ConsentReference(
            consent_id=ulid_util.ulid_now(),
            scope=scope,
            user_id=user_id,
            granted_by=granted_by,
            granted_at=now,
            expires=expires,
        )
        self._consents[consent.consent_id] = consent
        self._save()
        return consent

    async def async_revoke_consent(
        self, scope: str, *, user_id: str | None, revoked_by: str | None
    ) -> tuple[list[ConsentReference], list[PlanRecord]]:
        """Revoke matching consents and replan or cancel every plan that used them."""
        tier = self._tier(await self._async_caller(revoked_by))
        if tier.rank < TrustTier.TRUSTED.rank:
            raise _error("consent_not_allowed", tier=tier)
        now = dt_util.utcnow()
        revoked = [
            consent
            for consent in self._consents.values()
            if consent.scope == scope
            and consent.user_id == user_id
            and consent.is_active(now)
        ]
        if not revoked:
            raise _error("consent_not_found", scope=scope)
        for consent in revoked:
            consent.revoked_at = now
        ids = {consent.consent_id for consent in revoked}
        affected = [
            record
            for record in self._plans.values()
            if record.status in ACTIVE and ids & set(record.policy.consent_refs)
        ]
        replanning = self._options.get(
            CONF_ENABLE_REPLANNING, DEFAULT_ENABLE_REPLANNING
        )
        results: list[PlanRecord] = []
        for record in affected:
            if replanning:
                results.append(
                    await self.async_replan(record.plan_id, "Consent revoked", None)
                )
            else:
                self._cancel_timer(record.plan_id)
                self._set_status(record, PlanStatus.CANCELLED, "Consent revoked")
                await self._runner.async_stop(record.plan_id)
                results.append(record)
        self._save()
        return revoked, results

    # --- bookkeeping ------------------------------------------------------------

    def _report_conflicts(
        self, record: PlanRecord, conflicts: list[PlanConflict]
    ) -> None:
        """Say in both plans who keeps the devices they both want at the same time."""
        for conflict in conflicts:
            record.plan.notes.append(f"Conflict with plan {conflict}")
            other = self._plans.get(conflict.plan_id)
            if other is None:
                continue
            outcome = "keeps" if conflict.winner == "active" else "yields"
            other.plan.notes.append(
                f"Conflict with plan {record.plan_id} "
                f"({record.task_spec.trigger_type.value}): this plan {outcome} "
                f"{', '.join(conflict.entity_ids)}"
            )
            self._changed(other)
        if conflicts:
            self._changed(record)

    def _add(self, record: PlanRecord) -> None:
        self._plans[record.plan_id] = record
        self._counters.record_planned(record.planning_time_ms)
        self._hass.bus.async_fire(
            EVENT_PLAN_CREATED,
            {
                "plan_id": record.plan_id,
                "status": record.status.value,
                "intent": record.task_spec.intent,
                "trigger_type": record.task_spec.trigger_type.value,
                "user_id": record.user_id,
                "replaces": record.replaces,
            },
        )
        self._changed(record)

    def _set_status(self, record: PlanRecord, new: PlanStatus, reason: str) -> None:
        old = record.status
        try:
            transition(record, new, dt_util.utcnow(), reason)
        except IllegalTransitionError as err:
            raise _error("illegal_transition", old=str(old), new=str(new)) from err
        self._hass.bus.async_fire(
            EVENT_PLAN_STATUS_CHANGED,
            {
                "plan_id": record.plan_id,
                "old": old.value,
                "new": new.value,
                "reason": reason,
            },
        )
        self._changed(record)

    def _changed(self, record: PlanRecord) -> None:
        for plan_id in prune_finished(self._plans.values(), MAX_FINISHED_PLANS):
            del self._plans[plan_id]
        self._save()
        for listener in list(self._listeners):
            listener(record)
        async_dispatcher_send(self._hass, SIGNAL_PLANS_UPDATED)

    def _save(self) -> None:
        self._store.async_delay_save(self._as_stored, STORAGE_SAVE_DELAY_S)

    def _as_stored(self) -> dict[str, Any]:
        return {
            "plans": [record.as_dict() for record in self._plans.values()],
            "consents": [consent.as_dict() for consent in self._consents.values()],
            "counters": self._counters.as_dict(),
        }
