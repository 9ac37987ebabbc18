"""Plain-language explanations of plans (DESIGN §4 ``explanation``).

The explanation of a plan says what it does (summary and numbered steps), why
something asked for is not done, what stays local, who has to agree, what it costs,
and what each step checks first. Its words come from the text catalogue
(:mod:`.texts`); the same inputs always give the same text.

What depends on the plan's state and on who reads it — whether it waits for
approval, and whose — is the ``consent`` line: :func:`restate` renders it again for
the plan as it is now and for a reader (the requester, a member who may approve, or
anyone else). Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
import re
from typing import TYPE_CHECKING, Final

from .models import (
    Alternative,
    ContextSnapshot,
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    Guardrail,
    GuardrailKind,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StepKind,
    StepProgress,
    StepState,
    TaskSpec,
    TrustTier,
    WaitKind,
)
from .policy import can_approve, rule_for, scopes_text
from .texts import (
    Money,
    Power,
    Price,
    Temperature,
    clock,
    describe_step,
    listing,
    names,
    render,
    step_numbers,
    text,
    tier_term,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: Plan notes said in the summary rather than under cost: how long the plan takes,
#: and what a re-plan changed.
_TIMING_NOTES: Final = frozenset(
    {
        "reasons.over_latency_budget",
        "reasons.reoptimised",
        "reasons.reoptimised_needed",
    }
)

#: The reason said when nothing more specific is known.
_NOTHING_TO_DO: Final = "reasons.nothing_to_do"

#: A plan not yet decided on: its approval is still to come.
_UNDECIDED: Final = frozenset({PlanStatus.PREVIEW, PlanStatus.PENDING_APPROVAL})

#: A plan that got to run (or to be scheduled) after its approval.
_APPROVED: Final = frozenset(
    {
        PlanStatus.SCHEDULED,
        PlanStatus.RUNNING,
        PlanStatus.COMPLETED,
        PlanStatus.FAILED,
    }
)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads an explanation: a user and their trust tier (None: not known)."""

    user_id: str | None = None
    tier: TrustTier | None = None


#: A reader nothing is known about: the explanation speaks of everyone in the third
#: person.
ANYONE: Final = Reader()


def _key(note: str) -> str | None:
    return getattr(note, "key", None)


def _currency(snapshot: ContextSnapshot) -> str | None:
    if snapshot.tariff is not None and snapshot.tariff.currency:
        return snapshot.tariff.currency
    return snapshot.currency


def _numbered(
    plan: ExecutionPlan, snapshot: ContextSnapshot, language: str
) -> list[str]:
    return [
        text(
            "steps.numbered",
            language,
            number=number,
            text=describe_step(step, snapshot, language),
        )
        for number, step in enumerate(plan.steps, start=1)
    ]


def _summary(
    task: TaskSpec,
    plan: ExecutionPlan,
    decision: PolicyDecision,
    snapshot: ContextSnapshot,
    language: str,
    reasons: Sequence[str],
    alternatives: Sequence[Alternative],
) -> str:
    """What the plan does, or why nothing is done; what stood in the way."""
    doing = [
        describe_step(step, snapshot, language)
        for step in plan.steps
        if step.kind is not StepKind.WAIT
    ]
    said = [render(note, language) for note in task.unresolved]
    said += [
        render(reason, language) for reason in reasons if _key(reason) != _NOTHING_TO_DO
    ]
    if doing:
        parts = [
            text(
                "explanation.summary",
                language,
                count=len(doing),
                steps="; ".join(doing),
            )
        ]
        if (wait := _first_wait(plan)) is not None:
            parts.append(
                text(
                    "explanation.first",
                    language,
                    wait=describe_step(wait, snapshot, language),
                )
            )
        if decision.decision is Decision.DENY:
            denial = " ".join(render(reason, language) for reason in decision.reasons)
            parts.append(text("explanation.not_allowed", language, reasons=denial))
        parts += said
    elif said:
        parts = [text("explanation.nothing_planned", language, reasons=" ".join(said))]
    else:
        parts = [text(_NOTHING_TO_DO, language)]
    if task.proposed_by is not None:
        parts.append(text("explanation.proposed", language, name=task.proposed_by.name))
    parts += [
        render(note, language) for note in plan.notes if _key(note) in _TIMING_NOTES
    ]
    if alternatives:
        parts.append(
            text(
                "explanation.alternatives",
                language,
                items="; ".join(item.summary for item in alternatives),
            )
        )
    return " ".join(parts)


def _first_wait(plan: ExecutionPlan) -> ExecutionStep | None:
    """The condition the plan waits for before anything else, if any."""
    return next(
        (
            step
            for step in plan.steps
            if step.kind is StepKind.WAIT
            and not step.depends_on
            and step.wait is not None
            and step.wait.kind is not WaitKind.TIME
        ),
        None,
    )


def _privacy(
    task: TaskSpec, plan: ExecutionPlan, snapshot: ContextSnapshot, language: str
) -> str:
    """Where the steps run, and where the request went to be understood."""
    proposer = task.proposed_by
    # "Nothing leaves your home" is not true of a request a cloud model read.
    sent = proposer is not None and not proposer.local
    line = _steps_privacy(plan, snapshot, language, sent=sent)
    if proposer is not None and sent:
        line += " " + text("privacy.model_cloud", language, name=proposer.name)
    return line


def _steps_privacy(
    plan: ExecutionPlan, snapshot: ContextSnapshot, language: str, *, sent: bool
) -> str:
    numbers = step_numbers(plan)
    acting = [
        step for step in plan.steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)
    ]
    if not acting:
        return text("privacy.no_steps" if sent else "privacy.none", language)
    cloud = [step for step in acting if not step.local]
    if not cloud:
        return text("privacy.steps_local" if sent else "privacy.all_local", language)
    return text(
        "privacy.some_cloud",
        language,
        count=len(cloud),
        steps=_numbers([numbers[step.step_id] for step in cloud], language),
        names=names(_cloud_entities(cloud, snapshot), snapshot),
    )


def _cloud_entities(
    steps: Sequence[ExecutionStep], snapshot: ContextSnapshot
) -> list[str]:
    """The entities of ``steps`` that use a cloud service (all, where none is known)."""
    found: dict[str, None] = {}
    for step in steps:
        remote = [
            entity_id
            for entity_id in step.entity_ids
            if entity_id in snapshot.entities and not snapshot.entities[entity_id].local
        ]
        found.update(dict.fromkeys(remote or step.entity_ids))
    return list(found)


def _numbers(numbers: Sequence[int], language: str) -> str:
    return listing([str(number) for number in numbers], language)


def _approver(decision: PolicyDecision) -> TrustTier:
    """The least tier whose approval covers what the plan lacks."""
    scopes = decision.missing_scopes or decision.required_scopes
    return max(
        (rule_for(scope).approve_tier for scope in scopes),
        key=lambda tier: tier.rank,
        default=TrustTier.VERIFIED,
    )


def consent_text(
    decision: PolicyDecision,
    *,
    status: PlanStatus,
    requester: str | None,
    approved_by: str | None,
    reader: Reader,
    language: str,
) -> str:
    """Who decides whether the plan runs, for the plan's state and its reader."""
    is_requester = reader.user_id is not None and reader.user_id == requester
    needs = scopes_text(decision.missing_scopes or decision.required_scopes)
    if status is PlanStatus.INFEASIBLE:
        return text("consent.nothing_planned", language)
    if decision.decision is Decision.DENY:
        refused = " ".join(render(reason, language) for reason in decision.reasons)
        result = text("consent.denied", language, reasons=refused)
    elif approved_by is not None and status not in _UNDECIDED:
        if status not in _APPROVED:
            result = text("consent.approved_earlier", language)
        elif reader.user_id is not None and reader.user_id == approved_by:
            result = text("consent.approved_by_you", language)
        elif decision.decision is Decision.ALLOW:
            result = text("consent.covered", language)
        else:
            result = text("consent.approved", language)
    elif decision.decision is Decision.REQUIRE_APPROVAL:
        approver = tier_term(_approver(decision))
        may_approve = (
            reader.tier is not None
            and not is_requester
            and can_approve(reader.tier, decision.required_scopes)
        )
        if status is PlanStatus.PREVIEW:
            result = text(
                "consent.would_need", language, approver=approver, needs=needs
            )
        elif status is PlanStatus.PENDING_APPROVAL and may_approve:
            result = text("consent.waits_for_you", language, needs=needs)
        elif status is PlanStatus.PENDING_APPROVAL:
            result = text("consent.waits", language, approver=approver, needs=needs)
        elif status is PlanStatus.EXPIRED:
            result = text("consent.expired", language)
        elif status is PlanStatus.REJECTED:
            result = text("consent.rejected", language)
        else:
            result = text("consent.ended_unapproved", language)
    elif is_requester:
        result = text(
            "consent.allowed_you", language, tier=tier_term(decision.trust_tier)
        )
    elif requester is None:
        result = text("consent.allowed_automation", language)
    else:
        result = text("consent.allowed", language, tier=tier_term(decision.trust_tier))
    if decision.consent_refs:
        result += text(
            "consent.consent_refs", language, count=len(decision.consent_refs)
        )
    wanting = [
        scope for scope in decision.missing_scopes if rule_for(scope).needs_consent
    ]
    if wanting and decision.decision is Decision.REQUIRE_APPROVAL:
        result += text("consent.consent_missing", language, needs=scopes_text(wanting))
    return result


def _cost(plan: ExecutionPlan, snapshot: ContextSnapshot, language: str) -> str:
    currency = _currency(snapshot)
    if plan.estimated_cost <= 0:
        parts = [text("cost.none", language)]
    elif plan.estimated_cost < 0.005:
        parts = [text("cost.below", language, cost=Money(0.01, currency))]
    else:
        parts = [
            text("cost.total", language, cost=Money(plan.estimated_cost, currency))
        ]
    for step in plan.steps:
        if step.kind is not StepKind.ACTION or step.energy_kwh <= 0:
            continue
        start = step.not_before or snapshot.now
        end = start + timedelta(seconds=step.estimated_duration_s)
        figures = {
            "name": names(step.entity_ids, snapshot),
            "start": clock(start, snapshot.time_zone),
            "end": clock(end, snapshot.time_zone),
        }
        if step.estimated_cost <= 0:
            parts.append(text("cost.load_free", language, **figures) + ".")
            continue
        price = Price(step.estimated_cost / step.energy_kwh, currency)
        cost = Money(step.estimated_cost, currency)
        if figures["start"] == figures["end"]:
            line = text(
                "cost.load_at_once",
                language,
                name=figures["name"],
                cost=cost,
                price=price,
            )
        else:
            line = text("cost.load", language, price=price, cost=cost, **figures)
        if step.baseline_cost is not None:
            saving = step.baseline_cost - step.estimated_cost
            if abs(saving) >= 0.005:
                key = "cost.saving" if saving > 0 else "cost.dearer"
                line += text(key, language, saving=Money(abs(saving), currency))
        parts.append(line + ".")
    parts.extend(
        render(note, language) for note in plan.notes if _key(note) not in _TIMING_NOTES
    )
    return " ".join(parts)


_BOUNDS: Final = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")

#: The text of each guardrail kind that needs no detail.
_GUARD_TEXTS: Final[dict[GuardrailKind, str]] = {
    GuardrailKind.ENTITY_AVAILABLE: "guardrails.available",
    GuardrailKind.LOCAL_ONLY: "guardrails.local_only",
    GuardrailKind.CLOUD: "guardrails.cloud",
    GuardrailKind.UNLOCK_EXPLICIT: "guardrails.unlock_explicit",
    GuardrailKind.SOMEONE_HOME: "guardrails.someone_home",
    GuardrailKind.QUIET_HOURS: "guardrails.quiet_hours",
}


def _guardrail(
    number: int, guardrail: Guardrail, unit: str, language: str
) -> str | None:
    """One guardrail in words; None for the approval a step needs.

    Whether the plan waits for approval is the consent line's to say: it follows the
    plan's state and the policy gate, which the planner's guess at a tier does not.
    """
    kind = guardrail.kind
    if kind in _GUARD_TEXTS:
        return text(_GUARD_TEXTS[kind], language, step=number)
    if kind is GuardrailKind.TEMPERATURE_BOUNDS and (
        found := _BOUNDS.match(guardrail.detail)
    ):
        return text(
            "guardrails.temperature_bounds",
            language,
            step=number,
            low=Temperature(float(found[1]), unit),
            high=Temperature(float(found[2]), unit),
        )
    if kind is GuardrailKind.POWER_LIMIT:
        return text(
            "guardrails.power_limit",
            language,
            step=number,
            limit=Power(float(guardrail.detail or 0)),
        )
    return None


def _fallback_text(
    step: ExecutionStep, snapshot: ContextSnapshot, language: str
) -> str:
    if step.kind is StepKind.NOTIFY and not step.entity_ids:
        message = str(step.data.get("message", ""))
        return text("guardrails.notice", language, message=message)
    return step.description or describe_step(step, snapshot, language)


def _guardrails(
    plan: ExecutionPlan,
    snapshot: ContextSnapshot,
    language: str,
    progress: Mapping[str, StepProgress] | None = None,
) -> list[str]:
    """One line per guardrail and fallback set; with ``progress``, how checks went.

    A step whose guardrails were checked when it was about to run says when, and
    whether they held; the guardrail that did not hold says so.
    """
    lines: list[str] = []
    for number, step in enumerate(plan.steps, start=1):
        found = None if progress is None else progress.get(step.step_id)
        checked = {check.guardrail.text for check in step.checks}
        for item in step.guardrails:
            line = _guardrail(number, item, snapshot.temperature_unit, language)
            if line is None:
                continue
            if found is not None and found.checked and item.text in checked:
                broken = (
                    found.state is StepState.FAILED and found.guardrail == item.text
                )
                line += " " + text(
                    "guardrails.broken" if broken else "guardrails.held",
                    language,
                    time=clock(found.checked, snapshot.time_zone),
                )
            lines.append(line)
        if step.fallbacks:
            lines.append(
                text(
                    "guardrails.fallbacks",
                    language,
                    step=number,
                    count=len(step.fallbacks),
                    fallbacks="; ".join(
                        _fallback_text(fallback, snapshot, language)
                        for fallback in step.fallbacks
                    ),
                )
            )
    return lines


def checked_guardrails(record: PlanRecord, snapshot: ContextSnapshot) -> list[str]:
    """The plan's guardrail lines with how each check went when its step ran.

    ``snapshot`` gives the home's time zone and temperature unit.
    """
    return _guardrails(
        record.plan,
        snapshot,
        record.task_spec.language,
        record.progress,
    )


def explain(
    task: TaskSpec,
    plan: ExecutionPlan,
    decision: PolicyDecision,
    *,
    snapshot: ContextSnapshot,
    language: str = "en",
    alternatives: Sequence[Alternative] = (),
    infeasible_reasons: Sequence[str] = (),
    status: PlanStatus = PlanStatus.PREVIEW,
    requester: str | None = None,
    approved_by: str | None = None,
) -> Explanation:
    """Explain ``plan`` for ``task`` under ``decision`` in ``language``.

    ``infeasible_reasons`` are what the planner could not do; ``status``,
    ``requester`` and ``approved_by`` are the new plan's, and the consent line
    speaks to no one in particular (see :func:`restate`).
    """
    return Explanation(
        summary=_summary(
            task, plan, decision, snapshot, language, infeasible_reasons, alternatives
        ),
        steps=_numbered(plan, snapshot, language),
        privacy=_privacy(task, plan, snapshot, language),
        consent=consent_text(
            decision,
            status=status,
            requester=requester,
            approved_by=approved_by,
            reader=ANYONE,
            language=language,
        ),
        cost=_cost(plan, snapshot, language),
        guardrails=_guardrails(plan, snapshot, language),
    )


def restate(record: PlanRecord, reader: Reader = ANYONE) -> Explanation:
    """The plan's explanation as it reads now, for ``reader``."""
    return replace(
        record.explanation,
        consent=consent_text(
            record.policy,
            status=record.status,
            requester=record.user_id,
            approved_by=record.approved_by,
            reader=reader,
            language=record.task_spec.language,
        ),
    )
