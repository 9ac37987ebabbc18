"""What every stage of planning shares: drafts of steps and the planning context.

The planner's options, a draft of a step before it has an id (:class:`Draft`), the
ways to achieve a goal (:class:`Variant`, :class:`GoalPlan`), the task's limits, and
:class:`PlanContext`: the snapshot, options, clock and indexes that :mod:`.goals` and
:mod:`.devices` expand goals with and :mod:`.planner` scores and assembles with. Pure:
no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
import time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..energy.headroom import (
    HIGH_POWER_W,
    PowerDraw,
    PowerProfile,
    planned_draws,
    running_draws,
)
from ..energy.scheduling import PriceCurve
from ..models import (
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    Goal,
    Guardrail,
    PlanScores,
    PrivacyClass,
    StepKind,
    TaskSpec,
    TimeWindow,
    TrustTier,
)
from ..texts import (
    GoalLabel,
    Listing,
    Localizable,
    Message,
    Power,
    Reason,
    TargetsText,
    clock,
    goal_label as _goal_label,
    targets_text as _targets_text,
)
from .actions import (
    ServiceCall,
    notification,
)
from .arbiter import ActivePlan, Claimant, claimed_windows
from .reoptimise import Incumbent

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..energy.scheduling import Load, ScheduleResult

__all__ = ["HIGH_POWER_W"]


@dataclass(slots=True)
class PlannerOptions:
    """The OrchestrationConfig values the planner honours."""

    max_planning_time_ms: float = 5000
    max_plan_alternatives: int = 3
    privacy_first: bool = True
    local_execution_preference: float = 0.8
    cost_budget: float = 1.0
    latency_budget_ms: float = 5000
    # Hours a wait for a condition lasts when the request gives no deadline.
    wait_timeout_h: float = 24.0


@dataclass(slots=True)
class Draft:
    """A step before it gets an id; ``after`` indexes drafts of the same variant."""

    kind: StepKind
    call: ServiceCall | None
    entity_ids: list[str]
    local: bool = True
    cost: float = 0.0
    duration_s: float = 0.0
    not_before: datetime | None = None
    fallbacks: list[Draft] = field(default_factory=list)
    guardrails: list[Guardrail] = field(default_factory=list)
    after: list[int] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    description: str | None = None
    load: bool = False
    #: Timed to be done just by the task's deadline: its wait is not latency.
    on_time: bool = False
    energy_kwh: float = 0.0
    baseline_cost: float | None = None


@dataclass(slots=True)
class Variant:
    """One way to achieve a goal, and the task's hard limits it breaks."""

    label: str
    drafts: list[Draft]
    comfort: float = 1.0
    breaks: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        """Whether the variant meets every hard limit."""
        return not self.breaks


@dataclass(slots=True)
class GoalPlan:
    """The ways to achieve one (sub-)goal, and what could not be done."""

    goal: Goal
    index: int
    variants: list[Variant]
    reasons: list[Reason]
    entity_ids: frozenset[str] = frozenset()
    area_ids: frozenset[str] = frozenset()
    key: int = 0
    domains: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Note the domains acted on, for ordering goals."""
        self.domains = frozenset(e.partition(".")[0] for e in self.entity_ids)


@dataclass(slots=True)
class Limits:
    """The task's constraints, parsed once."""

    deadline: datetime | None = None
    not_before: datetime | None = None
    minimize_cost: bool = False
    budget: float | None = None
    quiet: bool = False
    comfort: tuple[float | None, float | None] = (None, None)
    local_only: bool = False
    duration_min: float | None = None
    # The plan waits for this moment first (a sun event): loads start after it.
    starts_after: datetime | None = None


def parse_time(value: Any, zone: str) -> datetime | None:
    """Read an ISO-8601 time; a naive one is in the home's zone (None if unreadable)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        try:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment


def as_number(value: Any) -> float | None:
    """Return ``value`` as a float, None when it is not a number."""
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def parse_limits(task: TaskSpec, zone: str) -> Limits:
    """Read the task's constraints once."""
    limits = Limits()
    for item in task.constraints:
        fields = item.fields
        match item.type:
            case ConstraintType.DEADLINE:
                limits.deadline = parse_time(fields.get("before"), zone)
            case ConstraintType.NOT_BEFORE:
                limits.not_before = parse_time(fields.get("after"), zone)
            case ConstraintType.TIME_WINDOW:
                limits.not_before = parse_time(fields.get("start"), zone)
                limits.deadline = parse_time(fields.get("end"), zone)
            case ConstraintType.MINIMIZE_COST:
                limits.minimize_cost = True
            case ConstraintType.BUDGET:
                limits.budget = as_number(fields.get("max_cost"))
            case ConstraintType.QUIET:
                limits.quiet = True
            case ConstraintType.COMFORT_RANGE:
                limits.comfort = (
                    as_number(fields.get("min_temperature")),
                    as_number(fields.get("max_temperature")),
                )
            case ConstraintType.LOCAL_ONLY:
                limits.local_only = True
            case ConstraintType.DURATION:
                limits.duration_min = as_number(fields.get("minutes"))
            case _:
                pass
    return limits


class PlanContext:
    """What every expansion needs: the snapshot, options, the clock and lazy indexes."""

    def __init__(
        self,
        task: TaskSpec,
        snapshot: ContextSnapshot,
        options: PlannerOptions,
        caller_tier: TrustTier,
        claimant: Claimant,
        active_plans: Sequence[ActivePlan] = (),
        incumbent: Incumbent | None = None,
    ) -> None:
        self.task = task
        self.snapshot = snapshot
        self.options = options
        self.caller_tier = caller_tier
        self.limits = parse_limits(task, snapshot.time_zone)
        self.started = time.perf_counter()
        self.deadline = self.started + options.max_planning_time_ms / 1000
        self._by_area: dict[str, list[EntityInfo]] | None = None
        self.curve = PriceCurve(snapshot.tariff.slots if snapshot.tariff else [])
        self.power_limit_w = snapshot.power_limit_w
        self.loads: dict[tuple[int, str], LoadPlan] = {}
        self.keys = 0
        #: Whether the whole task handles confidential or restricted data.
        self.sensitive_task = task.privacy_class.rank >= PrivacyClass.CONFIDENTIAL.rank
        self._sorted: list[EntityInfo] | None = None
        self._by_domain: dict[str, list[EntityInfo]] | None = None
        self.variant_scores: dict[int, PlanScores] = {}
        self.claimant = claimant
        #: A re-plan's scheduled plan, and when its timed loads start.
        self.incumbent = incumbent
        self.incumbent_starts = incumbent.starts() if incumbent is not None else {}
        self.active_plans = list(active_plans)
        #: When each device is held by a plan that outranks this one.
        self.claimed = claimed_windows(claimant, self.active_plans, snapshot.now)
        #: What the home draws over time: devices running, other plans' loads.
        self.power = _power_profile(snapshot, claimant, self.active_plans)
        #: High-power devices this plan switches on now.
        self.switched_on: list[PowerDraw] = []
        #: The wait every step depends on (a condition of the task), if any.
        self.gate: Draft | None = None

    def power_with_switched_on(self) -> PowerProfile:
        """The home's draws with the devices this plan switches on now."""
        return self.power.with_draws(self.switched_on)

    def of_domain(self, domain: str) -> list[EntityInfo]:
        """Return the entities of a domain in entity-id order (indexed once)."""
        if self._by_domain is None:
            by_domain: dict[str, list[EntityInfo]] = {}
            for entity in self.sorted_entities():
                by_domain.setdefault(entity.domain, []).append(entity)
            self._by_domain = by_domain
        return self._by_domain.get(domain, [])

    def sorted_entities(self) -> list[EntityInfo]:
        """Return every entity in entity-id order (computed once)."""
        if self._sorted is None:
            self._sorted = sorted(
                self.snapshot.entities.values(), key=lambda item: item.entity_id
            )
        return self._sorted

    def next_key(self) -> int:
        """Return a fresh key for a (sub-)goal plan."""
        self.keys += 1
        return self.keys

    def out_of_time(self) -> bool:
        """Whether the planning budget is spent."""
        return time.perf_counter() >= self.deadline

    def in_area(self, area_id: str | None) -> list[EntityInfo]:
        """Entities of an area, in entity-id order."""
        if self._by_area is None:
            by_area: dict[str, list[EntityInfo]] = {}
            for entity in self.sorted_entities():
                if entity.area_id is not None:
                    by_area.setdefault(entity.area_id, []).append(entity)
            self._by_area = by_area
        return self._by_area.get(area_id or "", [])

    def price_now(self) -> float:
        """Return the price per kWh now (0 when unknown)."""
        tariff = self.snapshot.tariff
        if tariff is None:
            return 0.0
        now = self.snapshot.now
        for slot in tariff.slots:
            if slot.start <= now < slot.end:
                return slot.price
        return tariff.current_price or 0.0

    def quiet_windows(self) -> list[TimeWindow]:
        """Quiet periods from now on."""
        return list(self.snapshot.quiet_hours.windows)

    def quiet_now(self) -> TimeWindow | None:
        """Return the quiet window in force now, if any."""
        now = self.snapshot.now
        for window in self.snapshot.quiet_hours.windows:
            if window.contains(now):
                return window
        if self.snapshot.quiet_hours.active:
            return TimeWindow(now, now)
        return None


def _power_profile(
    snapshot: ContextSnapshot, claimant: Claimant, active_plans: Sequence[ActivePlan]
) -> PowerProfile:
    """Devices running now and the loads of plans that will run and keep their power.

    A plan this one outranks by priority does not keep its headroom: it is moved when
    this plan takes it (the plans' equal in priority keep theirs, first come, first
    served). A load that runs now is counted once, by its device's reading.
    """
    now = snapshot.now
    running = running_draws(
        snapshot.entities.values(), now, grid_power_w=snapshot.grid_power_w
    )
    measured = {draw.source for draw in running}
    planned = [
        draw
        for plan in active_plans
        if plan.draws_power and not claimant.strictly_outranks(plan.claimant)
        for draw in planned_draws(plan.plan_id, plan.steps, now)
        if not (draw.source in measured and draw.start <= now)
    ]
    return PowerProfile(snapshot.power_limit_w, [*running, *planned])


def drawers(ctx: PlanContext, draws: Sequence[PowerDraw]) -> Localizable:
    """Name what draws power (devices with their power, then the rest of the home)."""
    by_source: dict[str, float] = {}
    for draw in draws:
        by_source[draw.source] = by_source.get(draw.source, 0.0) + draw.watts
    rest = by_source.pop("", 0.0)
    named = Listing(
        tuple(
            Message.of("reasons.draw", name=_entity_name(ctx, source), power=Power(w))
            for source, w in sorted(by_source.items())
        )
    )
    if named.items and rest:
        return Message.of("reasons.draws_and_rest", names=named, power=Power(rest))
    if rest:
        return Message.of("reasons.draws_rest", power=Power(rest))
    return named


def _entity_name(ctx: PlanContext, entity_id: str) -> str:
    entity = ctx.snapshot.entities.get(entity_id)
    return entity.name if entity is not None else entity_id


def goal_label(ctx: PlanContext, goal: Goal, index: int) -> GoalLabel:
    """Name a goal in reasons (its number and what it does) when there are several."""
    return _goal_label(goal, index, len(ctx.task.goals))


def targets_text(ctx: PlanContext, goal: Goal) -> TargetsText:
    """Describe a goal's targets for a reason, in words."""
    return _targets_text(goal, ctx.snapshot)


def notice(message: str) -> Draft:
    """Return a local notification step telling the user ``message``."""
    return Draft(
        kind=StepKind.NOTIFY,
        call=notification(message, "Orchestration"),
        entity_ids=[],
    )


def waiting(start: datetime, drafts: list[Draft]) -> list[Draft]:
    """Put a wait until ``start`` in front of ``drafts`` (which start at it)."""
    wait = Draft(kind=StepKind.WAIT, call=None, entity_ids=[], not_before=start)
    shifted = []
    for draft in drafts:
        moved = replace(
            draft, not_before=start, after=[item + 1 for item in draft.after]
        )
        if not draft.after:
            moved.after = [0]
        shifted.append(moved)
    return [wait, *shifted]


def clock_at(ctx: PlanContext, moment: datetime) -> str:
    """Return a time of day as the home sees it."""
    return clock(moment, ctx.snapshot.time_zone)


def offset_after(drafts: list[Draft], by: int) -> list[Draft]:
    """Shift the drafts' internal dependencies by ``by`` (they follow others)."""
    for draft in drafts:
        draft.after = [item + by for item in draft.after]
    return drafts


@dataclass(slots=True)
class LoadPlan:
    """One deferrable load with its soonest and cheapest runs."""

    entity: EntityInfo
    call: ServiceCall
    load: Load
    #: When what else draws power leaves too little for this load.
    busy: list[TimeWindow] = field(default_factory=list)
    soonest: ScheduleResult | None = None
    cheapest: ScheduleResult | None = None
    #: The cheapest run were nothing else drawing power (to explain the limit).
    unconstrained: ScheduleResult | None = None
    bound_note: Reason | None = None
    #: A re-plan's old run: its start, as it would be now, and why it no longer works.
    incumbent_start: datetime | None = None
    kept: ScheduleResult | None = None
    kept_broken: Reason | None = None
