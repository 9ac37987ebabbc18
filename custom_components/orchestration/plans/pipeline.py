"""One request through the pipeline: intake, context, planner, policy gate, explainer.

The stages are pure (``core``); this module feeds them the live home and runs the
CPU-bound ones in the executor, a bounded number at a time, and returns the new plan
record with its status straight out of the gate. Nothing here changes a stored plan.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
import time
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util, ulid as ulid_util

from ..core import approvals, reports
from ..core.explainer import explain
from ..core.handover import script_config
from ..core.models import (
    Alternative,
    ConsentReference,
    Decision,
    ExecutionPlan,
    Origin,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StatusChange,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from ..core.planning.arbiter import ActivePlan, Claimant, PlanConflict
from ..core.planning.planner import build_plan
from ..core.planning.reoptimise import Incumbent
from ..core.policy import evaluate, permission_burden, plan_privacy
from ..core.run_checks import attach_checks
from ..core.texts import localized
from ..language_model import LanguageModelFallback
from ..request import MAX_INTENT_LENGTH
from . import reasons
from .errors import refusal

if TYPE_CHECKING:
    from ..context import ContextPuller
    from ..core.intake import IntentTranslator
    from ..options import Options
    from ..request import PlanRequest

# Translation and planning are CPU-bound Python: more of them at once than there are
# cores only adds contention, and a burst of requests (an automation firing 200
# plans) would otherwise fill Home Assistant's shared executor with dozens of threads
# that every other integration's I/O then waits behind.
PLANNING_CONCURRENCY = 2


def _judge(task: TaskSpec, plan: ExecutionPlan, **context: Any) -> PolicyDecision:
    """The policy gate's decision on one plan for this task and caller."""
    return evaluate(task, plan, **context)


def offer_lighter_alternative(
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
        decision.reasons.append(reasons.lighter_alternative(best[1].summary))


def waits_for_a_person(decision: PolicyDecision) -> None:
    """Hold a suggestion of the home until a person accepts it (DESIGN §8).

    Whatever the gate said for the home itself, nothing it proposes runs on its own;
    a denial stands.
    """
    if decision.decision is Decision.DENY:
        return
    decision.decision = Decision.REQUIRE_APPROVAL
    decision.approval_required = True
    decision.reasons.append(reasons.WAITS_FOR_ACCEPTANCE)


def _status(preview: bool, feasible: bool, decision: Decision) -> PlanStatus:
    """Where a new plan starts in the lifecycle."""
    if preview:
        return PlanStatus.PREVIEW
    if not feasible:
        return PlanStatus.INFEASIBLE
    if decision is Decision.DENY:
        return PlanStatus.REJECTED
    if decision is Decision.REQUIRE_APPROVAL:
        return PlanStatus.PENDING_APPROVAL
    return PlanStatus.SCHEDULED


class PlanPipeline:
    """Makes plan records from requests against the home as it is now."""

    def __init__(
        self,
        hass: HomeAssistant,
        options: Options,
        context: ContextPuller,
        translator: IntentTranslator,
    ) -> None:
        """Plan in ``hass`` with ``options``, reading the home through ``context``."""
        self._hass = hass
        self._options = options
        self._context = context
        self._translator = translator
        self._language_model = LanguageModelFallback(hass, options, translator)
        self._slots = asyncio.Semaphore(PLANNING_CONCURRENCY)

    async def async_make(
        self,
        request: PlanRequest,
        *,
        preview: bool,
        caller_tier: TrustTier,
        active: Iterable[PlanRecord],
        consents: list[ConsentReference],
        replaces: PlanRecord | None = None,
        task: TaskSpec | None = None,
        incumbent: Incumbent | None = None,
        approver_tier: TrustTier = TrustTier.UNTRUSTED,
    ) -> tuple[PlanRecord, list[PlanConflict]]:
        """The new plan, and the active plans it conflicts with.

        ``active`` are the plans that hold devices and power now (for the arbiter);
        ``replaces`` is the plan a replan supersedes, whose approval may cover the
        new plan (``approvals.carry``; ``approver_tier`` is its approver's tier now).
        ``task`` is a task already understood (a re-optimisation plans the stored
        task again: its times stay as they were resolved), and ``incumbent`` the
        scheduled plan it keeps unless moving it is worth it.
        """
        if not request.intent.strip():
            raise refusal("empty_intent")
        if len(request.intent) > MAX_INTENT_LENGTH:
            raise refusal("intent_too_long", max=str(MAX_INTENT_LENGTH))
        started = time.perf_counter()
        now = dt_util.utcnow()
        snapshot = self._context.async_snapshot(now)
        language = request.language or self._hass.config.language
        trigger = request.trigger_type
        if preview and trigger is TriggerType.USER_REQUEST:
            trigger = TriggerType.PREVIEW_REQUEST
        if task is None and request.task is not None:
            # Understood already (a suggestion of the home); the record gets a copy.
            task = TaskSpec.from_dict(request.task.as_dict())
            task.trigger_type = trigger
        if task is None:
            task = await self._async_compute(
                partial(
                    self._translator.translate,
                    request.intent,
                    language=language,
                    snapshot=snapshot,
                    now=now,
                    trigger_type=trigger,
                    context_area_id=request.context_hints.area_id,
                )
            )
            # Understood by neither layer: the language model, where the options
            # allow.
            task = await self._language_model.async_understand(
                task,
                user_id=request.user_id,
                snapshot=snapshot,
                now=now,
                replaces=replaces,
            )
        claimant = self._claimant(request.claim_origin, request.requested_at or now)
        result = await self._async_compute(
            partial(
                build_plan,
                task,
                snapshot,
                strategy=request.strategy or self._options.default_strategy,
                options=self._options.planner_options(request.preferences),
                caller_tier=caller_tier,
                active_plans=[self._active(record) for record in active],
                claimant=claimant,
                incumbent=incumbent,
                given_up=None if replaces is None else replaces.yielded,
            )
        )
        task.privacy_class = plan_privacy(task, result.plan, snapshot)
        judge = partial(
            _judge,
            task,
            caller_tier=caller_tier,
            snapshot=snapshot,
            consents=consents,
            user_id=request.user_id,
            now=now,
        )
        # Guardrails become conditions checked again when each step runs.
        attach_checks(result.plan, snapshot)
        decision = judge(result.plan)
        if replaces is not None and decision.decision is Decision.REQUIRE_APPROVAL:
            carried = approvals.carry(
                replaces,
                result.plan,
                decision.required_scopes,
                requester=request.user_id,
                approver_tier=approver_tier,
                now=now,
            )
            if not isinstance(carried, approvals.Lapse):
                decision.decision = Decision.ALLOW
                decision.approval_required = False
                decision.approval = carried
                decision.reasons.append(reasons.APPROVAL_COVERS)
        approved_by = None if decision.approval is None else decision.approval.by
        feasible = result.feasible
        if (
            request.recommendation is not None
            and request.recommendation.accepted_by is None
        ):
            waits_for_a_person(decision)
            # The home proposes all of it or nothing: no half plan (a charger paused
            # and never resumed) is offered.
            feasible = feasible and not result.reasons
        elif decision.decision is not Decision.ALLOW:
            offer_lighter_alternative(decision, result.alternatives, judge)
        if decision.decision is not Decision.ALLOW:
            # Not allowed to read yet: what it would read stays unread until it runs.
            reports.withhold(
                [
                    result.plan,
                    *(item.plan for item in result.alternatives if item.plan),
                ],
                snapshot,
            )
        decision.reasons = [localized(reason, language) for reason in decision.reasons]
        status = _status(preview, feasible, decision.decision)
        explanation = explain(
            task,
            result.plan,
            decision,
            snapshot=snapshot,
            language=language,
            alternatives=result.alternatives,
            infeasible_reasons=result.reasons,
            status=status,
            requester=request.user_id,
            approved_by=approved_by,
        )
        result.plan.notes = [localized(note, language) for note in result.plan.notes]
        plan_id = ulid_util.ulid_now()
        why = (
            explanation.summary
            if status is PlanStatus.INFEASIBLE
            else " ".join(decision.reasons)
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
            script=script_config(result.plan, plan_id, language),
            planning_time_ms=0.0,
            user_id=request.user_id,
            history=[StatusChange(old=None, new=status, at=now, reason=why)],
            replaces=None if replaces is None else replaces.plan_id,
            approved_by=approved_by,
            context_hints=request.context_hints,
            preferences=request.preferences,
            recommendation=request.recommendation,
            origin=claimant.origin,
            requested_at=claimant.requested_at,
            yielded={} if replaces is None else dict(replaces.yielded),
        )
        record.planning_time_ms = round((time.perf_counter() - started) * 1000.0, 3)
        return record, list(result.conflict_details)

    def _claimant(self, origin: Origin, requested_at: datetime) -> Claimant:
        """Who asks, with the priority the options give their origin."""
        return Claimant(origin, self._options.priority(origin), requested_at)

    def _active(self, record: PlanRecord) -> ActivePlan:
        """An active plan as the arbiter sees it: its claims, with today's priority."""
        return ActivePlan(
            plan_id=record.plan_id,
            claimant=self._claimant(record.claim_origin, record.request_time),
            steps=record.plan.steps,
            status=record.status,
            yielded=frozenset(record.yielded),
        )

    async def async_judge_again(
        self,
        record: PlanRecord,
        *,
        caller_tier: TrustTier,
        consents: list[ConsentReference],
        now: datetime,
    ) -> PolicyDecision:
        """The gate's decision on a stored plan for its requester, in the home now."""
        return await self._async_compute(
            partial(
                _judge,
                record.task_spec,
                record.plan,
                caller_tier=caller_tier,
                snapshot=self._context.async_snapshot(now),
                consents=consents,
                user_id=record.user_id,
                now=now,
            )
        )

    async def _async_compute[T](self, job: Callable[[], T]) -> T:
        """Run CPU-bound pipeline work in the executor, a bounded number at a time."""
        async with self._slots:
            return await self._hass.async_add_executor_job(job)
