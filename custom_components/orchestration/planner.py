"""From a TaskSpec and a ContextSnapshot to an execution plan: a DAG of steps.

How a plan is built:

1. Every goal, in the order the user said them, is expanded into one or more
   *variants*: ways to achieve it (e.g. run the dishwasher now, or in the cheapest
   window). Device-level goals have one variant: one action step per distinct Home
   Assistant action, targeting every selected entity that can do it
   (:mod:`.actions`). A goal that selects nothing, or entities that cannot do it, is
   reported in ``reasons``, never dropped silently.
2. Under each strategy every goal takes the variant with the best weighted score
   (weights in ``STRATEGY_WEIGHTS``); the variants' steps get ids ``s1``, ``s2``, … in
   goal order and dependency edges (see ``_depends``).
3. The plan under the requested strategy is returned; plans under the other strategies
   that really differ from it (different steps or times) are the alternatives.

Scores, each 0..1, higher is better (``PlanScores``):

* ``privacy`` - share of action and notify steps that run locally (``privacy_score``).
* ``cost`` - ``B / (B + cost)`` with ``B`` the cost budget: 1 when free, 0.5 at budget.
* ``latency`` - ``L / (L + t)`` with ``L`` the latency budget and ``t`` the time
  until the plan's last step is done (waits included): 1 when instant, 0.5 at budget.
* ``comfort`` - mean over goals of how fully and timely each is achieved as asked.
* ``total`` - the strategy's weighted sum of the four.

Guardrails on steps (strings ``name`` or ``name:detail``) are conditions the executor
checks before running the step:

* ``entity_available`` - the targeted entities are available, otherwise fallbacks run.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import time
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from .actions import (
    DEVICE_GOALS,
    ServiceCall,
    UnsupportedActionError,
    domains_for,
    notification,
    resolve,
)
from .explainer import Reason, describe_step, names as _names, text, tradeoff
from .models import (
    Alternative,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    Goal,
    GoalType,
    PlanScores,
    StepKind,
    Strategy,
    TaskSpec,
    TriggerType,
    TrustTier,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

#: Weights of (privacy, cost, latency, comfort) in each strategy's total score.
STRATEGY_WEIGHTS: Final[dict[Strategy, tuple[float, float, float, float]]] = {
    Strategy.PRIVACY_FIRST: (0.55, 0.15, 0.10, 0.20),
    Strategy.COST: (0.15, 0.55, 0.10, 0.20),
    Strategy.LATENCY: (0.15, 0.10, 0.55, 0.20),
    Strategy.COMFORT: (0.15, 0.10, 0.20, 0.55),
    Strategy.BALANCED: (0.25, 0.25, 0.25, 0.25),
}

#: Seconds an action usually takes to complete, by domain (cloud adds CLOUD_DELAY_S).
_DURATION_S: Final[dict[str, float]] = {
    "cover": 30.0,
    "valve": 10.0,
    "lock": 5.0,
    "vacuum": 5.0,
    "lawn_mower": 5.0,
    "media_player": 2.0,
    "climate": 2.0,
    "water_heater": 2.0,
}
_DEFAULT_DURATION_S: Final = 1.0
CLOUD_DELAY_S: Final = 1.5

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
_MAX_FALLBACKS: Final = 3

GUARD_ENTITY_AVAILABLE: Final = "entity_available"


@dataclass(slots=True)
class PlannerOptions:
    """The OrchestrationConfig values the planner honours."""

    max_planning_time_ms: float = 5000
    max_plan_alternatives: int = 3
    privacy_first: bool = True
    local_execution_preference: float = 0.8
    cost_budget: float = 1.0
    latency_budget_ms: float = 5000
    power_limit_w: float | None = None


@dataclass(slots=True)
class ActivePlan:
    """A plan already scheduled or running, for conflict detection."""

    plan_id: str
    priority_trigger: TriggerType
    steps: list[ExecutionStep]


@dataclass(slots=True)
class PlanningResult:
    """The chosen plan, its alternatives, and what stood in the way."""

    plan: ExecutionPlan
    alternatives: list[Alternative]
    feasible: bool
    reasons: list[str]
    conflicts: list[str]
    timed_out: bool


# --- Internal building blocks -------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """A step before it gets an id; ``after`` indexes drafts of the same variant."""

    kind: StepKind
    call: ServiceCall | None
    entity_ids: list[str]
    local: bool = True
    cost: float = 0.0
    duration_s: float = 0.0
    not_before: datetime | None = None
    fallbacks: list[_Draft] = field(default_factory=list)
    guardrails: list[str] = field(default_factory=list)
    after: list[int] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Variant:
    """One way to achieve a goal."""

    label: str
    drafts: list[_Draft]
    comfort: float = 1.0
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _GoalPlan:
    """The ways to achieve one goal, and what could not be done."""

    goal: Goal
    index: int
    variants: list[_Variant]
    reasons: list[Reason]
    entity_ids: frozenset[str] = frozenset()
    area_ids: frozenset[str] = frozenset()


class _Context:
    """What every expansion needs: the snapshot, options, the clock and lazy indexes."""

    def __init__(
        self,
        task: TaskSpec,
        snapshot: ContextSnapshot,
        options: PlannerOptions,
        caller_tier: TrustTier,
    ) -> None:
        self.task = task
        self.snapshot = snapshot
        self.options = options
        self.caller_tier = caller_tier
        self.started = time.perf_counter()
        self._by_area: dict[str, list[EntityInfo]] | None = None

    def out_of_time(self) -> bool:
        """Whether the planning budget is spent."""
        elapsed_ms = (time.perf_counter() - self.started) * 1000
        return elapsed_ms >= self.options.max_planning_time_ms

    def in_area(self, area_id: str | None) -> list[EntityInfo]:
        """Entities of an area, in entity-id order."""
        if self._by_area is None:
            by_area: dict[str, list[EntityInfo]] = {}
            for entity in sorted(
                self.snapshot.entities.values(), key=lambda item: item.entity_id
            ):
                if entity.area_id is not None:
                    by_area.setdefault(entity.area_id, []).append(entity)
            self._by_area = by_area
        return self._by_area.get(area_id or "", [])


def _goal_label(goal: Goal, index: int) -> str:
    return f"{index + 1} ({goal.type.value})"


def _targets_text(goal: Goal) -> str:
    parts = [
        f"{name}={','.join(values)}"
        for name, values in goal.targets.as_dict().items()
        if values
    ]
    return "; ".join(parts) or "no target"


def _duration(entity: EntityInfo) -> float:
    base = _DURATION_S.get(entity.domain, _DEFAULT_DURATION_S)
    return base if entity.local else base + CLOUD_DELAY_S


def _capable_substitute(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str]
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another available entity of the same domain and area that achieves the goal."""
    for other in ctx.in_area(entity.area_id):
        if (
            other.domain != entity.domain
            or not other.available
            or other.entity_id in taken
        ):
            continue
        try:
            return other, resolve(goal.type, other, goal.params)
        except UnsupportedActionError:
            continue
    return None


def _cools(ctx: _Context, goal: Goal, entity: EntityInfo) -> bool:
    """Whether a climate goal is about cooling the entity's area down."""
    if entity.domain != "climate":
        return False
    if goal.type is GoalType.SET_TEMPERATURE:
        area = ctx.snapshot.environment.areas.get(entity.area_id or "")
        target = goal.params.get("temperature")
        if area is None or area.temperature is None or target is None:
            return False
        return float(target) < area.temperature
    return goal.type is GoalType.TURN_ON and entity.state == "cool"


def _same_effect(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str]
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another action with the same effect: a fan in the area when the AC would cool."""
    if not _cools(ctx, goal, entity):
        return None
    for other in ctx.in_area(entity.area_id):
        if other.domain == "fan" and other.available and other.entity_id not in taken:
            try:
                return other, resolve(GoalType.TURN_ON, other, {})
            except UnsupportedActionError:
                continue
    return None


def _substitute(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str]
) -> tuple[EntityInfo, ServiceCall] | None:
    """Find the same action on another entity, else one with the same effect."""
    return _capable_substitute(ctx, goal, entity, taken) or _same_effect(
        ctx, goal, entity, taken
    )


def _action_draft(
    call: ServiceCall, entities: Sequence[EntityInfo], replaced: list[str]
) -> _Draft:
    return _Draft(
        kind=StepKind.NOTIFY if call.action.startswith("notify.") else StepKind.ACTION,
        call=call,
        entity_ids=[entity.entity_id for entity in entities],
        local=all(entity.local for entity in entities),
        duration_s=max(_duration(entity) for entity in entities),
        guardrails=[GUARD_ENTITY_AVAILABLE],
        replaced=replaced,
    )


def _fallbacks(
    ctx: _Context, goal: Goal, entities: Sequence[EntityInfo], label: str
) -> list[_Draft]:
    """Other capable entities in the same areas, then a notification."""
    taken = {entity.entity_id for entity in entities}
    drafts: list[_Draft] = []
    for entity in entities:
        while len(drafts) < _MAX_FALLBACKS - 1:
            found = _substitute(ctx, goal, entity, taken)
            if found is None:
                break
            other, call = found
            taken.add(other.entity_id)
            drafts.append(_action_draft(call, [other], []))
    message = f"Could not {goal.type.value.replace('_', ' ')}: {label}"
    drafts.append(
        _Draft(
            kind=StepKind.NOTIFY,
            call=notification(message, "Orchestration"),
            entity_ids=[],
        )
    )
    return drafts


def _expand_device_goal(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """One action step per distinct action, over every capable selected entity."""
    name = _goal_label(goal, index)
    selected = ctx.snapshot.select(goal.targets)
    reasons: list[Reason] = []
    if not selected:
        reasons.append(Reason("no_targets", goal=name, targets=_targets_text(goal)))
        return _GoalPlan(goal, index, [], reasons)
    explicit = bool(goal.targets.entity_ids)
    relevant = domains_for(goal.type)
    groups: dict[tuple[Any, ...], tuple[ServiceCall, list[EntityInfo], list[str]]] = {}
    taken = {entity.entity_id for entity in selected}
    local_only = _local_only(ctx)
    for entity in selected:
        if not explicit and entity.domain not in relevant:
            continue
        try:
            call = resolve(goal.type, entity, goal.params)
        except UnsupportedActionError as err:
            reasons.append(Reason("not_capable", goal=name, detail=str(err)))
            continue
        acting, replaced = entity, []
        if not entity.available:
            found = _substitute(ctx, goal, entity, taken)
            if found is None:
                reasons.append(
                    Reason("unavailable", goal=name, entity=entity.entity_id)
                )
                continue
            acting, call = found
            replaced = [entity.entity_id]
            taken.add(acting.entity_id)
            reasons.append(
                Reason(
                    "substituted",
                    goal=name,
                    entity=entity.entity_id,
                    substitute=acting.entity_id,
                )
            )
        if local_only and not acting.local:
            reasons.append(Reason("not_local", goal=name, entity=acting.entity_id))
            continue
        group = groups.setdefault(call.key, (call, [], []))
        if acting.entity_id not in {item.entity_id for item in group[1]}:
            group[1].append(acting)
        group[2].extend(replaced)
    if not groups:
        if not reasons:
            reasons.append(
                Reason(
                    "nothing_capable",
                    goal=name,
                    goal_type=goal.type.value.replace("_", " "),
                )
            )
        return _GoalPlan(goal, index, [], reasons)
    drafts = []
    for call, entities, replaced in groups.values():
        draft = _action_draft(call, entities, replaced)
        label = ", ".join(entity.name for entity in entities)
        draft.fallbacks = _fallbacks(ctx, goal, entities, label)
        drafts.append(draft)
    acted = [entity for _, entities, _ in groups.values() for entity in entities]
    return _GoalPlan(
        goal,
        index,
        [_Variant("direct", drafts)],
        reasons,
        entity_ids=frozenset(entity.entity_id for entity in acted),
        area_ids=frozenset(entity.area_id for entity in acted if entity.area_id),
    )


def _local_only(ctx: _Context) -> bool:
    return ctx.task.constraint(ConstraintType.LOCAL_ONLY) is not None


def _expand(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    if goal.type in DEVICE_GOALS:
        return _expand_device_goal(ctx, goal, index)
    name = _goal_label(goal, index)
    return _GoalPlan(
        goal,
        index,
        [],
        [Reason("unsupported_goal", goal=name, goal_type=goal.type.value)],
    )


# --- Assembly ---------------------------------------------------------------------


def _depends(later: _GoalPlan, earlier: _GoalPlan) -> bool:
    """Whether ``later`` must wait for ``earlier`` (otherwise they run in parallel).

    A goal waits for an earlier one when they act on a shared entity, when the user
    asked for sequence (``params["sequential"]``), or when the later one starts an
    activity (media, scene, script, robot) in an area the earlier one prepares
    (covers closed before the projector starts).
    """
    if later.entity_ids & earlier.entity_ids:
        return True
    if later.goal.params.get("sequential"):
        return True
    starts_activity = later.goal.type in _ACTIVITIES or (
        later.goal.type is GoalType.TURN_ON
        and any(
            entity_id.partition(".")[0] in _ACTIVITY_DOMAINS
            for entity_id in later.entity_ids
        )
    )
    prepares = earlier.goal.type in _PREPARING and not (
        earlier.goal.type is GoalType.TURN_ON
        and all(
            entity_id.partition(".")[0] in _ACTIVITY_DOMAINS
            for entity_id in earlier.entity_ids
        )
    )
    if not (starts_activity and prepares):
        return False
    if not later.area_ids or not earlier.area_ids:
        return True
    return bool(later.area_ids & earlier.area_ids)


def _to_step(draft: _Draft, step_id: str, goal_index: int | None) -> ExecutionStep:
    return ExecutionStep(
        step_id=step_id,
        kind=draft.kind,
        action=None if draft.call is None else draft.call.action,
        target={"entity_id": list(draft.entity_ids)} if draft.entity_ids else {},
        data={} if draft.call is None else dict(draft.call.data),
        not_before=draft.not_before,
        guardrails=list(draft.guardrails),
        local=draft.local,
        estimated_cost=draft.cost,
        estimated_duration_s=draft.duration_s,
        goal_index=goal_index,
    )


def _assemble(
    ctx: _Context,
    strategy: Strategy,
    chosen: Sequence[tuple[_GoalPlan, _Variant]],
) -> tuple[ExecutionPlan, float]:
    """Give the chosen drafts ids and edges; return the plan and its latency."""
    steps: list[ExecutionStep] = []
    sinks: dict[int, list[str]] = {}
    ancestors: dict[int, set[int]] = {}
    notes: list[str] = []
    language = ctx.task.language
    for position, (goal_plan, variant) in enumerate(chosen):
        ids = [f"s{len(steps) + offset + 1}" for offset in range(len(variant.drafts))]
        direct = [
            earlier.index
            for earlier, _ in chosen[:position]
            if _depends(goal_plan, earlier)
        ]
        # Only the nearest goals: an edge implied through another is left out.
        implied = {index for item in direct for index in ancestors[item]}
        upstream = [
            step_id for item in direct if item not in implied for step_id in sinks[item]
        ]
        ancestors[goal_plan.index] = set(direct) | implied
        depended: set[int] = set()
        for offset, draft in enumerate(variant.drafts):
            step = _to_step(draft, ids[offset], goal_plan.index)
            step.depends_on = [ids[item] for item in draft.after] or list(upstream)
            depended.update(draft.after)
            step.fallbacks = [
                _to_step(fallback, f"{ids[offset]}.f{number + 1}", goal_plan.index)
                for number, fallback in enumerate(draft.fallbacks)
            ]
            for fallback in step.fallbacks:
                fallback.description = describe_step(fallback, ctx.snapshot, language)
            step.description = describe_step(step, ctx.snapshot, language)
            if draft.replaced:
                step.description += text(
                    "instead_of",
                    language,
                    names=_names(draft.replaced, ctx.snapshot),
                )
            steps.append(step)
        sinks[goal_plan.index] = [
            ids[offset]
            for offset in range(len(variant.drafts))
            if offset not in depended
        ]
        notes.extend(variant.notes)
    plan = ExecutionPlan(strategy=strategy, steps=steps, notes=notes)
    latency_s = _finish_seconds(plan, ctx.snapshot.now)
    plan.estimated_cost = round(sum(step.estimated_cost for step in steps), 6)
    plan.privacy_score = _privacy_share(steps)
    comfort = (
        sum(variant.comfort for _, variant in chosen) / len(chosen) if chosen else 0.0
    )
    plan.scores = _scores(ctx, strategy, plan, latency_s, comfort)
    return plan, latency_s


def _privacy_share(steps: Sequence[ExecutionStep]) -> float:
    acting = [step for step in steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)]
    if not acting:
        return 1.0
    return sum(1 for step in acting if step.local) / len(acting)


def _finish_seconds(plan: ExecutionPlan, now: datetime) -> float:
    """Seconds from now until the last step is done (longest path, waits included)."""
    finish: dict[str, float] = {}
    for step in topological_steps(plan):
        start = max((finish[item] for item in step.depends_on), default=0.0)
        if step.not_before is not None:
            start = max(start, (step.not_before - now).total_seconds())
        finish[step.step_id] = start + step.estimated_duration_s
    return max(finish.values(), default=0.0)


def _scores(
    ctx: _Context,
    strategy: Strategy,
    plan: ExecutionPlan,
    latency_s: float,
    comfort: float,
) -> PlanScores:
    budget = ctx.options.cost_budget
    cost = 1.0 if plan.estimated_cost <= 0 else budget / (budget + plan.estimated_cost)
    latency_budget_s = ctx.options.latency_budget_ms / 1000
    latency = (
        latency_budget_s / (latency_budget_s + latency_s) if latency_s > 0 else 1.0
    )
    privacy = plan.privacy_score
    weights = STRATEGY_WEIGHTS[strategy]
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


def _signature(plan: ExecutionPlan) -> tuple[Any, ...]:
    return tuple(
        (
            step.kind,
            step.action,
            tuple(step.entity_ids),
            repr(sorted(step.data.items())),
            step.not_before,
        )
        for step in plan.steps
    )


# --- Public API -------------------------------------------------------------------


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
    ctx: _Context, strategy: Strategy, goal_plan: _GoalPlan, variant: _Variant
) -> float:
    plan, latency_s = _assemble(ctx, strategy, [(goal_plan, variant)])
    return plan.scores.total


def _choose(
    ctx: _Context, strategy: Strategy, goal_plans: Sequence[_GoalPlan]
) -> list[tuple[_GoalPlan, _Variant]]:
    chosen: list[tuple[_GoalPlan, _Variant]] = []
    for goal_plan in goal_plans:
        if not goal_plan.variants:
            continue
        if len(goal_plan.variants) == 1:
            chosen.append((goal_plan, goal_plan.variants[0]))
            continue
        best = max(
            goal_plan.variants,
            key=lambda variant: _variant_score(ctx, strategy, goal_plan, variant),
        )
        chosen.append((goal_plan, best))
    return chosen


def build_plan(
    task: TaskSpec,
    snapshot: ContextSnapshot,
    *,
    strategy: Strategy,
    options: PlannerOptions,
    caller_tier: TrustTier = TrustTier.BASIC,
    active_plans: Sequence[ActivePlan] = (),
) -> PlanningResult:
    """Plan ``task`` in ``snapshot`` under ``strategy``; deterministic."""
    ctx = _Context(task, snapshot, options, caller_tier)
    reasons: list[str] = []
    goal_plans: list[_GoalPlan] = []
    timed_out = False
    for index, goal in enumerate(task.goals):
        if goal_plans and ctx.out_of_time():
            timed_out = True
            reasons.append(Reason("timed_out", goal=_goal_label(goal, index)))
            break
        goal_plan = _expand(ctx, goal, index)
        reasons.extend(goal_plan.reasons)
        goal_plans.append(goal_plan)
    plan, latency_s = _assemble(ctx, strategy, _choose(ctx, strategy, goal_plans))
    feasible = any(
        step.kind in (StepKind.ACTION, StepKind.NOTIFY, StepKind.CONDITION)
        for step in plan.steps
    )
    if not feasible:
        reasons.append(Reason("nothing_to_do"))
    alternatives: list[Alternative] = []
    seen = {_signature(plan)}
    currency = snapshot.tariff.currency if snapshot.tariff else None
    for other in Strategy:
        if len(alternatives) >= options.max_plan_alternatives:
            break
        if other is strategy:
            continue
        if ctx.out_of_time():
            timed_out = True
            break
        candidate, candidate_latency = _assemble(
            ctx, other, _choose(ctx, other, goal_plans)
        )
        signature = _signature(candidate)
        if signature in seen:
            continue
        seen.add(signature)
        alternatives.append(
            Alternative(
                strategy=other,
                scores=candidate.scores,
                estimated_cost=candidate.estimated_cost,
                summary=tradeoff(
                    plan,
                    candidate,
                    chosen_latency_s=latency_s,
                    other_latency_s=candidate_latency,
                    currency=currency,
                    language=task.language,
                ),
                plan=candidate,
            )
        )
    return PlanningResult(
        plan=plan,
        alternatives=alternatives,
        feasible=feasible,
        reasons=list(reasons),
        conflicts=[],
        timed_out=timed_out,
    )
