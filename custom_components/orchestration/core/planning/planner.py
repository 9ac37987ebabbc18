"""From a TaskSpec and a ContextSnapshot to an execution plan: a DAG of steps.

The planner chooses, assembles and scores; how a plan is built:

1. Every goal, in the order the user said them, is expanded into one or more
   *variants*: ways to achieve it (run the dishwasher now, or in the cheapest window)
   (:func:`.goals.expand_task`). Device-level goals have one variant: one action step
   per distinct Home Assistant action over every selected entity that can do it
   (:mod:`.devices`, :mod:`.actions`). Goal-level goals (``run_appliance``,
   ``precondition``, ``optimize_energy``, ``secure_home``, ``routine``) expand into
   several device goals or several timed variants (:mod:`.goals`). A goal that
   selects nothing, or entities that cannot do it, is reported in ``reasons``, never
   dropped silently.
2. Variants that break a hard constraint of the task (``minimize_cost``, ``budget``,
   quiet hours for noisy appliances) are kept only for alternatives. Under each
   strategy every goal takes the allowed variant with the best weighted score.
3. The chosen drafts get ids ``s1``, ``s2``, … in goal order and dependency edges (see
   ``_depends``). The plan under the requested strategy is returned; plans under the
   other strategies (constraints relaxed) that really differ are the alternatives, and
   when the task is infeasible a degraded plan comes first.

Scores, each 0..1, higher is better (``PlanScores``):

* ``privacy`` - share of action and notify steps that run locally (``privacy_score``).
* ``cost`` - ``B / (B + cost)`` with ``B`` the cost budget: 1 when free, 0.5 at budget.
* ``latency`` - ``0.5 * L / (L + t) + 0.5 * max(0, 1 - t / 24 h)`` with ``L`` the
  latency budget and ``t`` the seconds until every step has been issued (waits
  included; a deferrable load's run time is not latency): the first half rewards
  finishing within the budget, the second keeps deferrals of hours apart.
* ``comfort`` - mean over goals of how fully and timely each is achieved as asked
  (1 as asked; 0.9 deferred to a cheaper time; 0.7 a deeper energy cut).
* ``total`` - the strategy's weighted sum of the four (``STRATEGY_WEIGHTS``), the
  privacy weight scaled by ``2 x local_execution_preference`` (the option weighs
  running locally continuously: 0.5 leaves the strategy's weight, 0 ignores where a
  step runs, 1 doubles it; see :func:`weights_for`).

Guardrails on steps (:class:`~..models.Guardrail`, whose kinds are documented in
:class:`~..models.GuardrailKind`) are conditions the executor checks before running
the step.

Step kinds beyond actions: ``wait`` steps hold until ``not_before``; ``condition``
steps carry a Home Assistant condition config in ``data["condition"]`` (e.g. someone
is home) that must hold for the run to go on, or, for ``query_state``, no action and
``data["report"]`` with the states read at planning time; ``notify`` steps tell the
user.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from ..models import (
    Alternative,
    ContextSnapshot,
    ExecutionPlan,
    ExecutionStep,
    GoalType,
    Origin,
    PlanScores,
    StepId,
    StepKind,
    Strategy,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from ..texts import (
    Duration,
    Listing,
    Money,
    Reason,
    describe_step,
    names,
    step_numbers,
    text,
    tradeoff,
)
from .arbiter import (
    DEFAULT_PRIORITIES,
    ActivePlan,
    Claimant,
    PlanConflict,
    arbitrate,
    conflict_notes,
    give_up,
)
from .conditions import condition_wait
from .devices import DEFAULT_DURATION_S
from .goals import expand_task
from .reoptimise import Incumbent, keep_or_move
from .steps import (
    Draft,
    GoalPlan,
    PlanContext,
    PlannerOptions,
    Variant,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence, Set

#: Weights of (privacy, cost, latency, comfort) in each strategy's total score.
STRATEGY_WEIGHTS: Final[dict[Strategy, tuple[float, float, float, float]]] = {
    Strategy.PRIVACY_FIRST: (0.55, 0.15, 0.10, 0.20),
    Strategy.COST: (0.15, 0.55, 0.10, 0.20),
    Strategy.LATENCY: (0.15, 0.10, 0.55, 0.20),
    Strategy.COMFORT: (0.15, 0.10, 0.20, 0.55),
    Strategy.BALANCED: (0.25, 0.25, 0.25, 0.25),
}

#: Goals whose steps set the scene for an activity (run first in the same area).
_PREPARING: Final = frozenset(
    {
        GoalType.OPEN,
        GoalType.CLOSE,
        GoalType.SET_POSITION,
        GoalType.SET_BRIGHTNESS,
        GoalType.SET_COLOR,
        GoalType.SET_TEMPERATURE,
        GoalType.TURN_ON,
        GoalType.TURN_OFF,
        GoalType.PRECONDITION,
    }
)

#: Goals that start an activity (media, scenes, scripts, robots).
_ACTIVITIES: Final = frozenset(
    {
        GoalType.MEDIA_PLAY,
        GoalType.MEDIA_NEXT,
        GoalType.MEDIA_PREVIOUS,
        GoalType.SET_VOLUME,
        GoalType.ACTIVATE_SCENE,
        GoalType.RUN_SCRIPT,
        GoalType.VACUUM_START,
    }
)

_ACTIVITY_DOMAINS: Final = frozenset({"media_player", "remote", "scene", "script"})

_DAY_S: Final = 86400.0


@dataclass(slots=True)
class PlanningResult:
    """The chosen plan, its alternatives, and what stood in the way."""

    plan: ExecutionPlan
    alternatives: list[Alternative]
    feasible: bool
    reasons: list[str]
    conflicts: list[str]
    timed_out: bool
    conflict_details: list[PlanConflict] = field(default_factory=list)
    latency_s: float = 0.0


def _depends(later: GoalPlan, earlier: GoalPlan) -> bool:
    """Whether ``later`` must wait for ``earlier`` (otherwise they run in parallel).

    A goal waits for an earlier one when they act on a shared entity, when the user
    asked for sequence (``params["sequential"]``), or when the later one starts an
    activity (media, scene, script, robot) in an area the earlier one prepares
    (covers closed before the projector starts). Parts of one routine keep the
    routine's order only through these same rules.
    """
    if later.entity_ids & earlier.entity_ids:
        return True
    if later.goal.params.get("sequential") and later.index != earlier.index:
        return True
    starts_activity = later.goal.type in _ACTIVITIES or (
        later.goal.type is GoalType.TURN_ON and bool(later.domains & _ACTIVITY_DOMAINS)
    )
    prepares = earlier.goal.type in _PREPARING and not (
        earlier.goal.type is GoalType.TURN_ON and earlier.domains <= _ACTIVITY_DOMAINS
    )
    if not (starts_activity and prepares):
        return False
    if not later.area_ids or not earlier.area_ids:
        return True
    return bool(later.area_ids & earlier.area_ids)


def _to_step(draft: Draft, step_id: StepId, goal_index: int | None) -> ExecutionStep:
    data: dict[str, Any]
    if draft.data is not None:
        data = dict(draft.data)
    else:
        data = {} if draft.call is None else dict(draft.call.data)
    return ExecutionStep(
        step_id=step_id,
        kind=draft.kind,
        action=None if draft.call is None else draft.call.action,
        target={"entity_id": list(draft.entity_ids)} if draft.entity_ids else {},
        data=data,
        not_before=draft.not_before,
        guardrails=list(draft.guardrails),
        local=draft.local,
        estimated_cost=draft.cost,
        estimated_duration_s=draft.duration_s,
        goal_index=goal_index,
        energy_kwh=draft.energy_kwh,
        baseline_cost=draft.baseline_cost,
    )


def _assemble(
    ctx: PlanContext,
    strategy: Strategy,
    chosen: Sequence[tuple[GoalPlan, Variant]],
    *,
    describe: bool = True,
) -> tuple[ExecutionPlan, float]:
    """Give the chosen drafts ids and edges; return the plan and its latency.

    ``describe=False`` skips the step descriptions (for scoring only).
    """
    steps: list[ExecutionStep] = []
    sinks: dict[int, list[StepId]] = {}
    ancestors: dict[int, set[int]] = {}
    loads: set[str] = set()
    on_time: set[str] = set()
    notes: list[str] = []
    language = ctx.task.language
    # The task's condition: a wait in front that every other step depends on.
    gate: list[StepId] = []
    if ctx.gate is not None:
        wait = _to_step(ctx.gate, StepId("s1"), None)
        if describe:
            wait.description = describe_step(wait, ctx.snapshot, language)
        steps.append(wait)
        gate = [wait.step_id]
    for position, (goal_plan, variant) in enumerate(chosen):
        ids = [
            StepId(f"s{len(steps) + offset + 1}")
            for offset in range(len(variant.drafts))
        ]
        direct = [
            earlier.key
            for earlier, _ in chosen[:position]
            if _depends(goal_plan, earlier)
        ]
        # Only the nearest goals: an edge implied through another is left out.
        implied = {key for item in direct for key in ancestors[item]}
        upstream = [
            step_id for item in direct if item not in implied for step_id in sinks[item]
        ]
        ancestors[goal_plan.key] = set(direct) | implied
        depended: set[int] = set()
        for offset, draft in enumerate(variant.drafts):
            step = _to_step(draft, ids[offset], goal_plan.index)
            step.depends_on = (
                [ids[item] for item in draft.after] or list(upstream) or list(gate)
            )
            depended.update(draft.after)
            step.fallbacks = [
                _to_step(
                    fallback, StepId(f"{ids[offset]}.f{number + 1}"), goal_plan.index
                )
                for number, fallback in enumerate(draft.fallbacks)
            ]
            if describe:
                _describe(ctx, step, draft, language)
            if draft.load:
                loads.add(step.step_id)
            if draft.on_time:
                on_time.add(step.step_id)
            steps.append(step)
        sinks[goal_plan.key] = [
            ids[offset]
            for offset in range(len(variant.drafts))
            if offset not in depended
        ]
        notes.extend(note for note in variant.notes if note not in notes)
    plan = ExecutionPlan(strategy=strategy, steps=steps, notes=notes)
    latency_s = _latency_seconds(plan, ctx.snapshot.now, loads, on_time)
    plan.estimated_cost = round(sum(step.estimated_cost for step in steps), 6)
    plan.privacy_score = _privacy_share(steps)
    comfort = (
        sum(variant.comfort for _, variant in chosen) / len(chosen) if chosen else 0.0
    )
    plan.scores = _scores(ctx, strategy, plan, latency_s, comfort)
    return plan, latency_s


def _describe(
    ctx: PlanContext, step: ExecutionStep, draft: Draft, language: str
) -> None:
    """Fill in what a step and its fallbacks do, in the task's language."""
    for fallback, source in zip(step.fallbacks, draft.fallbacks, strict=True):
        fallback.description = source.description or describe_step(
            fallback, ctx.snapshot, language
        )
    step.description = draft.description or describe_step(step, ctx.snapshot, language)
    if draft.replaced:
        step.description += text(
            "steps.instead_of", language, names=names(draft.replaced, ctx.snapshot)
        )


def _privacy_share(steps: Sequence[ExecutionStep]) -> float:
    acting = [step for step in steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)]
    if not acting:
        return 1.0
    return sum(1 for step in acting if step.local) / len(acting)


def _latency_seconds(
    plan: ExecutionPlan,
    now: datetime,
    loads: set[str],
    on_time: Set[str] = frozenset(),
) -> float:
    """Seconds until every step has been issued and its call done (longest path).

    A deferrable load's run time is not latency: it counts as a call. Nor is the
    wait of a step timed to be done just by the task's deadline (``on_time``): it
    starts as late as the result was asked for.
    """
    finish: dict[str, float] = {}
    for step in topological_steps(plan):
        start = max((finish[item] for item in step.depends_on), default=0.0)
        if step.not_before is not None and step.step_id not in on_time:
            start = max(start, (step.not_before - now).total_seconds())
        length = (
            DEFAULT_DURATION_S if step.step_id in loads else step.estimated_duration_s
        )
        finish[step.step_id] = start + length
    return max(finish.values(), default=0.0)


def _scores(
    ctx: PlanContext,
    strategy: Strategy,
    plan: ExecutionPlan,
    latency_s: float,
    comfort: float,
) -> PlanScores:
    budget = ctx.limits.budget or ctx.options.cost_budget or 1.0
    cost = 1.0 if plan.estimated_cost <= 0 else budget / (budget + plan.estimated_cost)
    latency_budget_s = ctx.options.latency_budget_ms / 1000
    latency = 0.5 * latency_budget_s / (latency_budget_s + latency_s) + 0.5 * max(
        0.0, 1 - latency_s / _DAY_S
    )
    privacy = plan.privacy_score
    weights = weights_for(strategy, ctx.options)
    total = (
        weights[0] * privacy
        + weights[1] * cost
        + weights[2] * latency
        + weights[3] * comfort
    )
    return PlanScores(
        privacy=round(privacy, 6),
        cost=round(cost, 6),
        latency=round(latency, 6),
        comfort=round(comfort, 6),
        total=round(total, 6),
    )


def plan_signature(plan: ExecutionPlan) -> tuple[Any, ...]:
    """What a plan does and when: equal signatures are the same plan."""
    return _signature(plan)


def weights_for(
    strategy: Strategy, options: PlannerOptions
) -> tuple[float, float, float, float]:
    """The weights of (privacy, cost, latency, comfort) under ``strategy``.

    ``local_execution_preference`` scales the privacy weight: how much running in
    the home is worth next to the strategy's other aims.
    """
    privacy, cost, latency, comfort = STRATEGY_WEIGHTS[strategy]
    return privacy * 2 * options.local_execution_preference, cost, latency, comfort


def _signature(plan: ExecutionPlan) -> tuple[Any, ...]:
    return tuple(_step_signature(step) for step in plan.steps)


def _step_signature(step: ExecutionStep) -> tuple[Any, ...]:
    return (
        step.kind,
        step.action,
        tuple(step.entity_ids),
        repr(sorted(step.data.items())),
        step.not_before,
    )


def plan_graph(plan: ExecutionPlan) -> nx.DiGraph:
    """Return the plan as a DAG: steps as nodes (``step``), ``depends_on`` as edges.

    Raises ValueError when a dependency names no step or the edges form a cycle.
    """
    graph = nx.DiGraph()
    for step in plan.steps:
        graph.add_node(step.step_id, step=step)
    for step in plan.steps:
        for upstream in step.depends_on:
            if upstream not in graph:
                raise ValueError(f"{step.step_id} depends on unknown step {upstream}")
            graph.add_edge(upstream, step.step_id)
    if not nx.is_directed_acyclic_graph(graph):
        raise ValueError("plan steps depend on each other in a cycle")
    return graph


def topological_steps(plan: ExecutionPlan) -> list[ExecutionStep]:
    """Return the steps in dependency order, ties in plan order."""
    graph = plan_graph(plan)
    order = {step.step_id: position for position, step in enumerate(plan.steps)}
    return [
        graph.nodes[step_id]["step"]
        for step_id in nx.lexicographical_topological_sort(graph, key=order.__getitem__)
    ]


def _variant_score(
    ctx: PlanContext, strategy: Strategy, goal_plan: GoalPlan, variant: Variant
) -> float:
    """Score one variant alone under ``strategy`` (its metrics are computed once)."""
    scores = ctx.variant_scores.get(id(variant))
    if scores is None:
        plan, _ = _assemble(ctx, strategy, [(goal_plan, variant)], describe=False)
        scores = plan.scores
        ctx.variant_scores[id(variant)] = scores
    weights = weights_for(strategy, ctx.options)
    return (
        weights[0] * scores.privacy
        + weights[1] * scores.cost
        + weights[2] * scores.latency
        + weights[3] * scores.comfort
    )


def _choose(
    ctx: PlanContext,
    strategy: Strategy,
    goal_plans: Sequence[GoalPlan],
    *,
    relaxed: bool = False,
    degraded: bool = False,
) -> list[tuple[GoalPlan, Variant]]:
    """Per goal, the best variant under ``strategy``.

    Only variants within the hard limits count, unless ``relaxed``: then every
    variant counts, or with ``degraded`` those breaking the fewest limits.
    """
    chosen: list[tuple[GoalPlan, Variant]] = []
    for goal_plan in goal_plans:
        if ctx.incumbent is not None and not relaxed:
            kept = keep_or_move(
                goal_plan.variants,
                partial(_variant_score, ctx, strategy, goal_plan),
                ctx.incumbent.trigger,
            )
            if kept is not None:
                chosen.append((goal_plan, kept))
                continue
        variants = [v for v in goal_plan.variants if relaxed or v.allowed]
        if degraded and goal_plan.variants:
            fewest = min(len(v.breaks) for v in goal_plan.variants)
            variants = [v for v in goal_plan.variants if len(v.breaks) == fewest]
        if not variants:
            continue
        if len(variants) == 1:
            chosen.append((goal_plan, variants[0]))
            continue
        scored = [
            (_variant_score(ctx, strategy, goal_plan, variant), -position, variant)
            for position, variant in enumerate(variants)
        ]
        chosen.append((goal_plan, max(scored, key=lambda item: item[:2])[2]))
    return chosen


def build_plan(
    task: TaskSpec,
    snapshot: ContextSnapshot,
    *,
    strategy: Strategy,
    options: PlannerOptions,
    caller_tier: TrustTier = TrustTier.BASIC,
    active_plans: Sequence[ActivePlan] = (),
    claimant: Claimant | None = None,
    incumbent: Incumbent | None = None,
    given_up: Mapping[str, str] | None = None,
) -> PlanningResult:
    """Plan ``task`` in ``snapshot`` under ``strategy``; deterministic.

    ``claimant`` is who asks (for the arbiter; by default the task's trigger type
    with its default priority, asked now); ``active_plans`` are the plans that hold
    devices and power. ``incumbent`` is the scheduled plan a re-optimisation keeps
    unless moving it is worth it (:mod:`.reoptimise`). ``given_up`` are the devices
    the plan being replaced gave up to another plan (by entity id: that plan's id);
    the new plan leaves them out too, so it never takes back what a later wish set.
    """
    ours = claimant or default_claimant(task, snapshot.now)
    ctx = PlanContext(
        task, snapshot, options, caller_tier, ours, active_plans, incumbent
    )
    condition = condition_wait(
        task.constraints,
        snapshot,
        deadline=ctx.limits.deadline,
        timeout_h=options.wait_timeout_h,
    )
    ctx.gate = condition.draft
    ctx.limits.starts_after = condition.starts_after
    expansion = expand_task(ctx)
    goal_plans, reasons = expansion.goal_plans, expansion.reasons
    reasons.extend(condition.reasons)
    chosen = _choose(ctx, strategy, goal_plans)
    plan, latency_s = _assemble(ctx, strategy, chosen)
    arbitration = arbitrate(plan, ours, ctx.active_plans, snapshot.now)
    _keep_given_up(plan, given_up or {}, arbitration.yielded)
    details = arbitration.conflicts
    for conflict in details:
        plan.notes.append(
            conflict_notes(conflict, "", names(conflict.entity_ids, snapshot))[0]
        )
    if arbitration.yielded:
        # Numbered as the plan was, before steps left with no device are dropped.
        numbers = step_numbers(plan)
        dropped = give_up(plan, arbitration.yielded)
        for step in plan.steps:
            if step.step_id in arbitration.yielded:
                step.description = describe_step(step, snapshot, task.language)
        reasons.append(
            Reason(
                "reasons.yielded",
                count=len(arbitration.yielded),
                steps=Listing(
                    tuple(
                        str(number)
                        for number in sorted(
                            numbers[step_id] for step_id in arbitration.yielded
                        )
                    )
                ),
                devices=names(
                    sorted({e for lost in arbitration.yielded.values() for e in lost}),
                    snapshot,
                ),
            )
        )
        if dropped:
            plan.estimated_cost = round(
                sum(step.estimated_cost for step in plan.steps), 6
            )
        plan.privacy_score = _privacy_share(plan.steps)
    feasible = not condition.blocks and any(
        step.kind in (StepKind.ACTION, StepKind.NOTIFY, StepKind.CONDITION)
        for step in plan.steps
    )
    if not feasible and not condition.blocks:
        reasons.append(Reason("reasons.nothing_to_do"))
    plan.notes.extend(condition.notes)
    plan.notes.extend(_budget_notes(ctx, plan, latency_s))
    alternatives, cut_short = _alternatives(
        ctx, strategy, goal_plans, plan, latency_s, feasible
    )
    timed_out = expansion.timed_out or cut_short
    return PlanningResult(
        plan=plan,
        alternatives=alternatives,
        feasible=feasible,
        reasons=list(reasons),
        conflicts=[str(item) for item in details],
        timed_out=timed_out,
        conflict_details=details,
        latency_s=latency_s,
    )


def _keep_given_up(
    plan: ExecutionPlan,
    given_up: Mapping[str, str],
    yielded: dict[StepId, set[str]],
) -> None:
    """Leave out the devices the replaced plan gave up (on top of ``yielded``)."""
    for step in plan.steps:
        if step.kind is not StepKind.ACTION:
            continue
        lost = {entity_id for entity_id in step.entity_ids if entity_id in given_up}
        if lost:
            yielded.setdefault(step.step_id, set()).update(lost)


def default_claimant(task: TaskSpec, now: datetime) -> Claimant:
    """Who asks when the caller does not say: the task's trigger type, asked now."""
    origin = {
        TriggerType.SCHEDULED_ROUTINE: Origin.SCHEDULED_ROUTINE,
        TriggerType.INSIGHT_RECOMMENDATION: Origin.INSIGHT_RECOMMENDATION,
    }.get(task.trigger_type, Origin.USER_REQUEST)
    return Claimant(origin, DEFAULT_PRIORITIES[origin], now)


def _budget_notes(ctx: PlanContext, plan: ExecutionPlan, latency_s: float) -> list[str]:
    """Say when the plan goes beyond the configured cost or latency budget.

    These budgets are soft (a task's own ``budget`` constraint is hard); the latency
    budget concerns plans that run at once, not deliberately scheduled ones.
    """
    notes: list[str] = []
    currency = _currency(ctx.snapshot)
    if ctx.limits.budget is None and plan.estimated_cost > ctx.options.cost_budget:
        notes.append(
            Reason(
                "reasons.over_cost_budget",
                cost=Money(plan.estimated_cost, currency),
                budget=Money(ctx.options.cost_budget, currency),
            )
        )
    deferred = any(step.not_before is not None for step in plan.steps)
    if not deferred and latency_s * 1000 > ctx.options.latency_budget_ms:
        notes.append(
            Reason(
                "reasons.over_latency_budget",
                duration=Duration(latency_s),
                budget=Duration(ctx.options.latency_budget_ms / 1000),
            )
        )
    return notes


def _currency(snapshot: ContextSnapshot) -> str | None:
    """The currency of the home's prices (the home's own when the tariff names none)."""
    tariff = snapshot.tariff
    return (tariff.currency if tariff else None) or snapshot.currency


def _has_choices(goal_plans: Sequence[GoalPlan]) -> bool:
    return any(len(goal_plan.variants) > 1 for goal_plan in goal_plans)


def _alternatives(
    ctx: PlanContext,
    strategy: Strategy,
    goal_plans: Sequence[GoalPlan],
    plan: ExecutionPlan,
    latency_s: float,
    feasible: bool,
) -> tuple[list[Alternative], bool]:
    """Find plans that really differ; the flag says the time budget cut them short.

    A degraded plan (hard limits relaxed) comes first when the task is infeasible or
    a variant was ruled out, then the other strategies, hard limits relaxed.
    """
    options = ctx.options
    currency = _currency(ctx.snapshot)
    seen = {_signature(plan)}
    candidates: list[tuple[Strategy, bool]] = []
    if not feasible or any(
        not variant.allowed
        for goal_plan in goal_plans
        for variant in goal_plan.variants
    ):
        candidates.append((strategy, True))
    candidates += [(other, False) for other in Strategy if other is not strategy]
    alternatives: list[Alternative] = []
    for other, degraded in candidates:
        if len(alternatives) >= options.max_plan_alternatives:
            break
        if not _has_choices(goal_plans) and other is not strategy:
            break
        if ctx.out_of_time():
            return alternatives, True
        picked = _choose(ctx, other, goal_plans, relaxed=True, degraded=degraded)
        candidate, candidate_latency = _assemble(ctx, other, picked)
        signature = _signature(candidate)
        if signature in seen or not candidate.steps:
            continue
        seen.add(signature)
        summary = tradeoff(
            plan,
            candidate,
            chosen_latency_s=latency_s,
            other_latency_s=candidate_latency,
            currency=currency,
            language=ctx.task.language,
            snapshot=ctx.snapshot,
            broken=[item for _, variant in picked for item in variant.breaks],
        )
        alternatives.append(
            Alternative(
                strategy=other,
                scores=candidate.scores,
                estimated_cost=candidate.estimated_cost,
                summary=summary,
                plan=candidate,
            )
        )
    return alternatives, False
