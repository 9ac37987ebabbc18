"""From a TaskSpec and a ContextSnapshot to an execution plan: a DAG of steps.

How a plan is built:

1. Every goal, in the order the user said them, is expanded into one or more
   *variants*: ways to achieve it (run the dishwasher now, or in the cheapest window).
   Device-level goals have one variant: one action step per distinct Home Assistant
   action over every selected entity that can do it (:mod:`.actions`). Goal-level goals
   (``run_appliance``, ``precondition``, ``optimize_energy``, ``secure_home``,
   ``routine``) expand into several device goals or several timed variants. A goal
   that selects nothing, or entities that cannot do it, is reported in ``reasons``,
   never dropped silently.
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
* ``total`` - the strategy's weighted sum of the four (``STRATEGY_WEIGHTS``).

Guardrails on steps (``name`` or ``name:detail``) are conditions the executor checks
before running the step:

* ``entity_available`` - the targeted entities are available, otherwise fallbacks run.
* ``privacy:local_only`` - a sensitive step; never use a cloud fallback.
* ``privacy:cloud`` - a sensitive step that uses a cloud service (privacy_first off).
* ``trust:approval_required:<tier>`` - the caller's tier is below ``<tier>``; run only
  after approval.
* ``safety:temperature_bounds:<low>-<high>`` - the setpoint is kept within the bounds.
* ``safety:unlock_explicit`` - unlocking with nobody home, explicitly asked for.
* ``safety:someone_home`` - a condition step checks someone is home first.
* ``quiet_hours`` - the step was placed or limited for quiet hours.
* ``power_limit:<watts>`` - high-power load, placed so the limit holds.

Step kinds beyond actions: ``wait`` steps hold until ``not_before``; ``condition``
steps carry a Home Assistant condition config in ``data["condition"]`` (e.g. someone
is home) that must hold for the run to go on, or, for ``query_state``, no action and
``data["report"]`` with the states read at planning time; ``notify`` steps tell the
user.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
import time
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import networkx as nx

from .actions import (
    ServiceCall,
    UnsupportedActionError,
    domains_for,
    notification,
    resolve,
)
from .explainer import Reason, describe_step, names, text, tradeoff
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
    PrivacyClass,
    StepKind,
    Strategy,
    Targets,
    TaskSpec,
    TimeWindow,
    TriggerType,
    TrustTier,
)
from .scheduling import (
    Load,
    PriceCurve,
    ScheduleResult,
    cheapest_start,
    first_allowed_start,
    schedule_loads,
)
from .thermal import (
    HOLD_FRACTION,
    cheapest_precondition_start,
    estimate,
    precondition_cost,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

#: Weights of (privacy, cost, latency, comfort) in each strategy's total score.
STRATEGY_WEIGHTS: Final[dict[Strategy, tuple[float, float, float, float]]] = {
    Strategy.PRIVACY_FIRST: (0.55, 0.15, 0.10, 0.20),
    Strategy.COST: (0.15, 0.55, 0.10, 0.20),
    Strategy.LATENCY: (0.15, 0.10, 0.55, 0.20),
    Strategy.COMFORT: (0.15, 0.10, 0.20, 0.55),
    Strategy.BALANCED: (0.25, 0.25, 0.25, 0.25),
}

#: Priority of a plan's trigger when two plans want the same entity at the same time.
TRIGGER_PRIORITY: Final[dict[TriggerType, int]] = {
    TriggerType.USER_REQUEST: 3,
    TriggerType.REPLAN: 2,
    TriggerType.SCHEDULED_ROUTINE: 2,
    TriggerType.INSIGHT_RECOMMENDATION: 1,
    TriggerType.PREVIEW_REQUEST: 0,
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

#: Typical run time (minutes) and power (kW) of deferrable loads, by name keyword.
_APPLIANCES: Final[tuple[tuple[tuple[str, ...], float, float], ...]] = (
    (("dishwasher", "geschirr"), 120, 1.2),
    (("washer", "washing", "wasch"), 90, 2.0),
    (("dryer", "trockner"), 90, 2.5),
    (("ev", "car", "wallbox", "charger"), 240, 7.4),
    (("pool", "pump", "pumpe"), 240, 1.0),
    (("boiler", "water_heater"), 60, 2.0),
)
_DEFAULT_APPLIANCE: Final = (60.0, 1.0)
_NOISY_KEYWORDS: Final = ("washer", "washing", "wasch", "dryer", "trockner", "mower")
_NOISY_DOMAINS: Final = frozenset({"vacuum", "lawn_mower", "siren"})
_HIGH_POWER_W: Final = 1000.0
_QUIET_VOLUME: Final = 0.3
_DEFAULT_CLIMATE_KW: Final = 1.5
_TEMPERATURE_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "climate": (7.0, 30.0),
    "water_heater": (30.0, 70.0),
}
_SETBACK_C: Final = 2.0
_SECURITY_COVERS: Final = frozenset({"garage", "gate", "door"})
_SENSITIVE_DOMAINS: Final = frozenset({"lock", "alarm_control_panel", "camera"})
#: Watts assumed for an entity with no power reading, when estimating savings.
_ASSUMED_W: Final[dict[str, float]] = {
    "light": 10.0,
    "media_player": 100.0,
    "climate": 1500.0,
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
_MAX_FALLBACKS: Final = 3
_FALLBACK_PROBES: Final = 8
_WAIT_THRESHOLD_S: Final = 60.0
#: Service names that start drawing power.
_SWITCH_ON: Final = (".turn_on", ".start", ".start_mowing", ".open_valve")
_DAY_S: Final = 86400.0

GUARD_ENTITY_AVAILABLE: Final = "entity_available"
GUARD_LOCAL_ONLY: Final = "privacy:local_only"
GUARD_CLOUD: Final = "privacy:cloud"
GUARD_APPROVAL: Final = "trust:approval_required"
GUARD_TEMPERATURE: Final = "safety:temperature_bounds"
GUARD_UNLOCK_EXPLICIT: Final = "safety:unlock_explicit"
GUARD_SOMEONE_HOME: Final = "safety:someone_home"
GUARD_QUIET: Final = "quiet_hours"
GUARD_POWER: Final = "power_limit"

#: Home Assistant condition: at least one person is in the home zone.
SOMEONE_HOME_CONDITION: Final[dict[str, Any]] = {
    "condition": "numeric_state",
    "entity_id": "zone.home",
    "above": 0,
}


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
class PlanConflict:
    """Two plans want the same entities at the same time; who keeps them."""

    plan_id: str
    entity_ids: list[str]
    winner: str  # "new" (this plan) or "active"
    reason: str

    def __str__(self) -> str:
        """Return the one-line form used in ``PlanningResult.conflicts``."""
        return f"{self.plan_id}: {self.reason}"


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
    data: dict[str, Any] | None = None
    description: str | None = None
    load: bool = False
    energy_kwh: float = 0.0
    baseline_cost: float | None = None


@dataclass(slots=True)
class _Variant:
    """One way to achieve a goal, and the task's hard limits it breaks."""

    label: str
    drafts: list[_Draft]
    comfort: float = 1.0
    breaks: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        """Whether the variant meets every hard limit."""
        return not self.breaks


@dataclass(slots=True)
class _GoalPlan:
    """The ways to achieve one (sub-)goal, and what could not be done."""

    goal: Goal
    index: int
    variants: list[_Variant]
    reasons: list[Reason]
    entity_ids: frozenset[str] = frozenset()
    area_ids: frozenset[str] = frozenset()
    key: int = 0
    domains: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Note the domains acted on, for ordering goals."""
        self.domains = frozenset(e.partition(".")[0] for e in self.entity_ids)


@dataclass(slots=True)
class _Limits:
    """The task's constraints, parsed once."""

    deadline: datetime | None = None
    not_before: datetime | None = None
    minimize_cost: bool = False
    budget: float | None = None
    quiet: bool = False
    comfort: tuple[float | None, float | None] = (None, None)
    local_only: bool = False
    duration_min: float | None = None


def _parse_time(value: Any, zone: str) -> datetime | None:
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


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _limits(task: TaskSpec, zone: str) -> _Limits:
    limits = _Limits()
    for item in task.constraints:
        fields = item.fields
        match item.type:
            case ConstraintType.DEADLINE:
                limits.deadline = _parse_time(fields.get("before"), zone)
            case ConstraintType.NOT_BEFORE:
                limits.not_before = _parse_time(fields.get("after"), zone)
            case ConstraintType.TIME_WINDOW:
                limits.not_before = _parse_time(fields.get("start"), zone)
                limits.deadline = _parse_time(fields.get("end"), zone)
            case ConstraintType.MINIMIZE_COST:
                limits.minimize_cost = True
            case ConstraintType.BUDGET:
                limits.budget = _number(fields.get("max_cost"))
            case ConstraintType.QUIET:
                limits.quiet = True
            case ConstraintType.COMFORT_RANGE:
                limits.comfort = (
                    _number(fields.get("min_temperature")),
                    _number(fields.get("max_temperature")),
                )
            case ConstraintType.LOCAL_ONLY:
                limits.local_only = True
            case ConstraintType.DURATION:
                limits.duration_min = _number(fields.get("minutes"))
            case _:
                pass
    return limits


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
        self.limits = _limits(task, snapshot.time_zone)
        self.started = time.perf_counter()
        self.deadline = self.started + options.max_planning_time_ms / 1000
        self._by_area: dict[str, list[EntityInfo]] | None = None
        self.curve = PriceCurve(snapshot.tariff.slots if snapshot.tariff else [])
        self.power_limit_w = (
            options.power_limit_w
            if options.power_limit_w is not None
            else snapshot.power_limit_w
        )
        self.loads: dict[tuple[int, str], _LoadPlan] = {}
        self.keys = 0
        #: Whether the whole task handles confidential or restricted data.
        self.sensitive_task = task.privacy_class.rank >= PrivacyClass.CONFIDENTIAL.rank
        self._sorted: list[EntityInfo] | None = None
        self._by_domain: dict[str, list[EntityInfo]] | None = None
        self.variant_scores: dict[int, PlanScores] = {}
        #: High-power devices this plan switches on now, and their watts.
        self.switched_on: set[str] = set()
        self.switched_on_w = 0.0
        self._running_w: float | None = None

    def high_power_w(self) -> float:
        """Return the watts of high-power devices running now or switched on."""
        if self._running_w is None:
            self._running_w = sum(
                entity.power_w or 0.0
                for entity in self.snapshot.entities.values()
                if entity.state == "on" and (entity.power_w or 0.0) >= _HIGH_POWER_W
            )
        return self._running_w + self.switched_on_w

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


def _is_sensitive(ctx: _Context, entity: EntityInfo) -> bool:
    return (
        ctx.sensitive_task
        or entity.domain in _SENSITIVE_DOMAINS
        or (entity.domain == "cover" and entity.device_class in _SECURITY_COVERS)
    )


def _required_tier(call: ServiceCall, entity: EntityInfo) -> TrustTier:
    """Return the least tier that may run ``call`` on ``entity`` unapproved."""
    domain, _, service = call.action.partition(".")
    if domain == "lock" and service in ("unlock", "open"):
        return TrustTier.TRUSTED
    if domain == "alarm_control_panel" and service.startswith("alarm_disarm"):
        return TrustTier.TRUSTED
    if domain == "cover" and entity.device_class in _SECURITY_COVERS:
        return TrustTier.TRUSTED if service == "open_cover" else TrustTier.BASIC
    if domain in ("climate", "water_heater", "script"):
        return TrustTier.VERIFIED
    if (entity.power_w or 0) >= _HIGH_POWER_W:
        return TrustTier.VERIFIED
    return TrustTier.BASIC


def _is_noisy(entity: EntityInfo) -> bool:
    if entity.domain in _NOISY_DOMAINS:
        return True
    # A dishwasher is quiet enough for the night; "washer" alone is not.
    words = f"{entity.entity_id} {entity.name}".lower().replace("dishwasher", "")
    return any(keyword in words for keyword in _NOISY_KEYWORDS)


def _capable_substitute(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another available entity of the same domain and area that achieves the goal.

    Local entities come first when ``local_execution_preference`` is at least 0.5.
    """
    prefer_local = ctx.options.local_execution_preference >= 0.5
    candidates = sorted(
        (
            other
            for other in ctx.in_area(entity.area_id)
            if other.domain == entity.domain
            and other.available
            and other.entity_id not in taken
            and (other.local or not local)
        ),
        key=lambda other: (prefer_local and not other.local, other.entity_id),
    )
    for other in candidates:
        try:
            return other, resolve(goal.type, other, goal.params)
        except UnsupportedActionError:
            continue
    return None


def _cools(ctx: _Context, goal: Goal, entity: EntityInfo) -> bool:
    """Whether a climate goal is about cooling the entity's area down."""
    if entity.domain != "climate":
        return False
    if goal.type in (GoalType.SET_TEMPERATURE, GoalType.PRECONDITION):
        area = ctx.snapshot.environment.areas.get(entity.area_id or "")
        target = _number(goal.params.get("temperature"))
        if area is None or area.temperature is None or target is None:
            return False
        return target < area.temperature
    return goal.type is GoalType.TURN_ON and entity.state == "cool"


def _same_effect(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another action with the same effect: a fan in the area when the AC would cool."""
    if not _cools(ctx, goal, entity):
        return None
    for other in ctx.in_area(entity.area_id):
        if (
            other.domain == "fan"
            and other.available
            and other.entity_id not in taken
            and (other.local or not local)
        ):
            try:
                return other, resolve(GoalType.TURN_ON, other, {})
            except UnsupportedActionError:
                continue
    return None


def _substitute(
    ctx: _Context, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Find the same action on another entity, else one with the same effect."""
    return _capable_substitute(ctx, goal, entity, taken, local=local) or _same_effect(
        ctx, goal, entity, taken, local=local
    )


def _guard(ctx: _Context, draft: _Draft, entities: Sequence[EntityInfo]) -> None:
    """Attach the privacy, trust and power guardrails a step needs."""
    if any(_is_sensitive(ctx, entity) for entity in entities):
        draft.guardrails.append(GUARD_LOCAL_ONLY if draft.local else GUARD_CLOUD)
    if draft.call is not None:
        required = max(
            (_required_tier(draft.call, entity) for entity in entities),
            key=lambda tier: tier.rank,
            default=TrustTier.BASIC,
        )
        if ctx.caller_tier.rank < required.rank:
            draft.guardrails.append(f"{GUARD_APPROVAL}:{required.value}")
    if ctx.power_limit_w is not None and any(
        (entity.power_w or 0) >= _HIGH_POWER_W for entity in entities
    ):
        draft.guardrails.append(f"{GUARD_POWER}:{ctx.power_limit_w:g}")


def _action_draft(
    ctx: _Context,
    call: ServiceCall,
    entities: Sequence[EntityInfo],
    replaced: list[str],
) -> _Draft:
    draft = _Draft(
        kind=StepKind.NOTIFY if call.action.startswith("notify.") else StepKind.ACTION,
        call=call,
        entity_ids=[entity.entity_id for entity in entities],
        local=all(entity.local for entity in entities),
        duration_s=max(_duration(entity) for entity in entities),
        guardrails=[GUARD_ENTITY_AVAILABLE],
        replaced=replaced,
    )
    _guard(ctx, draft, entities)
    return draft


def _notice(message: str) -> _Draft:
    return _Draft(
        kind=StepKind.NOTIFY,
        call=notification(message, "Orchestration"),
        entity_ids=[],
    )


def _fallbacks(
    ctx: _Context, goal: Goal, entities: Sequence[EntityInfo], label: str
) -> list[_Draft]:
    """Other capable entities in the same areas, then a notification."""
    taken = {entity.entity_id for entity in entities}
    local = any(_is_sensitive(ctx, entity) for entity in entities)
    drafts: list[_Draft] = []
    # Probing a few entities is enough: fallbacks are few, and big groups (all the
    # lights of a home) leave no other entity to fall back on anyway.
    for entity in entities[:_FALLBACK_PROBES]:
        if len(drafts) >= _MAX_FALLBACKS - 1:
            break
        while len(drafts) < _MAX_FALLBACKS - 1:
            found = _substitute(ctx, goal, entity, taken, local=local)
            if found is None:
                break
            other, call = found
            taken.add(other.entity_id)
            drafts.append(_action_draft(ctx, call, [other], []))
    drafts.append(_notice(f"Could not {goal.type.value.replace('_', ' ')}: {label}"))
    return drafts


def _bounded_temperature(
    ctx: _Context, goal: Goal, entity: EntityInfo, name: str, reasons: list[Reason]
) -> tuple[Goal, str | None]:
    """Keep a setpoint inside the entity's and the task's bounds (safety guardrail)."""
    if entity.domain not in _TEMPERATURE_BOUNDS:
        return goal, None
    wanted = _number(goal.params.get("temperature"))
    if wanted is None:
        return goal, None
    low, high = _TEMPERATURE_BOUNDS[entity.domain]
    low = _number(entity.attributes.get("min_temp")) or low
    high = _number(entity.attributes.get("max_temp")) or high
    comfort_low, comfort_high = ctx.limits.comfort
    if comfort_low is not None and entity.domain == "climate":
        low = max(low, comfort_low)
    if comfort_high is not None and entity.domain == "climate":
        high = min(high, comfort_high)
    bounded = min(max(wanted, low), high)
    guard = f"{GUARD_TEMPERATURE}:{low:g}-{high:g}"
    if bounded == wanted:
        return goal, guard
    reasons.append(
        Reason(
            "temperature_clamped",
            goal=name,
            entity=entity.entity_id,
            wanted=f"{wanted:g}",
            used=f"{bounded:g}",
        )
    )
    return replace(goal, params={**goal.params, "temperature": bounded}), guard


def _quiet_limited(
    ctx: _Context, goal: Goal, call: ServiceCall, name: str, reasons: list[Reason]
) -> tuple[ServiceCall, bool]:
    """Keep the volume low during quiet hours."""
    if call.action != "media_player.volume_set" or ctx.quiet_now() is None:
        return call, False
    level = float(call.data.get("volume_level", 0))
    if level <= _QUIET_VOLUME:
        return call, True
    reasons.append(Reason("volume_capped", goal=name, volume=f"{_QUIET_VOLUME:g}"))
    return ServiceCall(call.action, {**call.data, "volume_level": _QUIET_VOLUME}), True


def _expand_device_goal(
    ctx: _Context, goal: Goal, index: int, *, implicit: bool = False
) -> _GoalPlan:
    """One action step per distinct action, over every capable selected entity.

    ``implicit`` goals come from routines and goal-level goals: entities that cannot
    do them are skipped without a reason.
    """
    name = _goal_label(goal, index)
    selected = ctx.snapshot.select(goal.targets)
    reasons: list[Reason] = []
    key = ctx.next_key()
    if not selected:
        if not implicit:
            reasons.append(Reason("no_targets", goal=name, targets=_targets_text(goal)))
        return _GoalPlan(goal, index, [], reasons, key=key)
    explicit = bool(goal.targets.entity_ids) and not implicit
    relevant = domains_for(goal.type)
    groups: dict[tuple[Any, ...], _Group] = {}
    taken = {entity.entity_id for entity in selected}
    for entity in selected:
        if not explicit and entity.domain not in relevant:
            continue
        entity_goal, temperature_guard = _bounded_temperature(
            ctx, goal, entity, name, reasons
        )
        try:
            call = resolve(goal.type, entity, entity_goal.params)
        except UnsupportedActionError as err:
            if not implicit:
                reasons.append(Reason("not_capable", goal=name, detail=str(err)))
            continue
        unlocking = call.action in ("lock.unlock", "lock.open")
        asked = goal.type in (GoalType.UNLOCK, GoalType.OPEN) and explicit
        if unlocking and not asked and not ctx.snapshot.occupancy.anyone_home:
            reasons.append(Reason("unlock_refused", goal=name, entity=entity.entity_id))
            continue
        acting, replaced = entity, []
        sensitive = _is_sensitive(ctx, entity)
        must_be_local = ctx.limits.local_only or (
            sensitive and ctx.options.privacy_first
        )
        if not entity.available:
            found = _substitute(ctx, entity_goal, entity, taken, local=must_be_local)
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
        if must_be_local and not acting.local:
            code = "not_local" if ctx.limits.local_only else "not_local_sensitive"
            reasons.append(Reason(code, goal=name, entity=acting.entity_id))
            continue
        call, quiet = _quiet_limited(ctx, goal, call, name, reasons)
        group = groups.setdefault(call.key, _Group(call))
        if acting.entity_id not in group.entity_ids:
            group.entity_ids.add(acting.entity_id)
            group.entities.append(acting)
        group.replaced.extend(replaced)
        group.goal = entity_goal
        if temperature_guard:
            group.guards.append(temperature_guard)
        if quiet:
            group.guards.append(GUARD_QUIET)
        if unlocking:
            if not ctx.snapshot.occupancy.anyone_home:
                group.guards.append(GUARD_UNLOCK_EXPLICIT)
            elif not explicit:
                group.someone_home = True
    _keep_under_power_limit(ctx, groups, name, reasons)
    if not groups:
        if not reasons and not implicit:
            reasons.append(
                Reason(
                    "nothing_capable",
                    goal=name,
                    goal_type=goal.type.value.replace("_", " "),
                )
            )
        return _GoalPlan(goal, index, [], reasons, key=key)
    drafts: list[_Draft] = []
    for group in groups.values():
        draft = _action_draft(ctx, group.call, group.entities, group.replaced)
        for guard in group.guards:
            if guard not in draft.guardrails:
                draft.guardrails.append(guard)
        label = ", ".join(entity.name for entity in group.entities)
        draft.fallbacks = _fallbacks(ctx, group.goal or goal, group.entities, label)
        if group.someone_home:
            drafts.append(
                _Draft(
                    kind=StepKind.CONDITION,
                    call=None,
                    entity_ids=[],
                    data={"condition": dict(SOMEONE_HOME_CONDITION)},
                    description=text("check_someone_home", ctx.task.language),
                    guardrails=[GUARD_SOMEONE_HOME],
                )
            )
            draft.after = [len(drafts) - 1]
        drafts.append(draft)
    acted = [entity for group in groups.values() for entity in group.entities]
    variants = [_Variant("direct", drafts)]
    noisy = [entity for entity in acted if _is_noisy(entity)]
    quiet_window = ctx.quiet_now()
    if noisy and quiet_window is not None and quiet_window.end > ctx.snapshot.now:
        variants = _after_quiet(ctx, drafts, quiet_window, name, reasons)
    return _GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=frozenset(entity.entity_id for entity in acted),
        area_ids=frozenset(entity.area_id for entity in acted if entity.area_id),
        key=key,
    )


def _keep_under_power_limit(
    ctx: _Context,
    groups: dict[tuple[Any, ...], _Group],
    name: str,
    reasons: list[Reason],
) -> None:
    """Switch on high-power devices only while the total stays under the limit.

    What already runs counts, and so do devices switched on by earlier goals.
    """
    limit = ctx.power_limit_w
    if limit is None:
        return
    for key in list(groups):
        group = groups[key]
        if not group.call.action.endswith(_SWITCH_ON):
            continue
        kept = []
        for entity in group.entities:
            watts = entity.power_w or 0.0
            if watts < _HIGH_POWER_W:
                kept.append(entity)
                continue
            if ctx.high_power_w() + watts > limit + 1e-9:
                reasons.append(
                    Reason(
                        "power_limit_together",
                        goal=name,
                        entity=entity.entity_id,
                        limit=f"{limit:g}",
                    )
                )
                continue
            ctx.switched_on_w += watts
            ctx.switched_on.add(entity.entity_id)
            kept.append(entity)
        group.entities = kept
        if not kept:
            del groups[key]


@dataclass(slots=True)
class _Group:
    """Entities that get the same service call within one goal."""

    call: ServiceCall
    entities: list[EntityInfo] = field(default_factory=list)
    entity_ids: set[str] = field(default_factory=set)
    replaced: list[str] = field(default_factory=list)
    guards: list[str] = field(default_factory=list)
    goal: Goal | None = None
    someone_home: bool = False


def _waiting(start: datetime, drafts: list[_Draft]) -> list[_Draft]:
    """Put a wait until ``start`` in front of ``drafts`` (which start at it)."""
    wait = _Draft(kind=StepKind.WAIT, call=None, entity_ids=[], not_before=start)
    shifted = []
    for draft in drafts:
        moved = replace(
            draft, not_before=start, after=[item + 1 for item in draft.after]
        )
        if not draft.after:
            moved.after = [0]
        shifted.append(moved)
    return [wait, *shifted]


def _after_quiet(
    ctx: _Context,
    drafts: list[_Draft],
    quiet: TimeWindow,
    name: str,
    reasons: list[Reason],
) -> list[_Variant]:
    """Noisy devices during quiet hours: wait for the end (allowed) or run now (not)."""
    deferred = _waiting(quiet.end, drafts)
    for draft in deferred[1:]:
        draft.guardrails.append(GUARD_QUIET)
    reasons.append(Reason("quiet_deferred", goal=name, time=_clock(ctx, quiet.end)))
    return [
        _Variant("after_quiet", deferred, comfort=0.9),
        _Variant("now", drafts, breaks=("quiet",)),
    ]


def _clock(ctx: _Context, moment: datetime) -> str:
    from .explainer import clock

    return clock(moment, ctx.snapshot)


# --- Goal-level goals ---------------------------------------------------------------


def _expand_notify(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """Notify entities named by the goal, else a persistent notification."""
    message = str(goal.params.get("message") or ctx.task.intent)
    title = goal.params.get("title")
    targets = [
        entity
        for entity in ctx.snapshot.select(goal.targets)
        if entity.domain == "notify"
    ]
    key = ctx.next_key()
    if not targets:
        call = notification(message, str(title) if title else None)
        draft = _Draft(kind=StepKind.NOTIFY, call=call, entity_ids=[])
        return _GoalPlan(goal, index, [_Variant("notify", [draft])], [], key=key)
    params = {"message": message, "title": title}
    call = resolve(GoalType.NOTIFY, targets[0], params)
    draft = _action_draft(ctx, call, targets, [])
    draft.fallbacks = [_notice(message)]
    return _GoalPlan(
        goal,
        index,
        [_Variant("notify", [draft])],
        [],
        entity_ids=frozenset(entity.entity_id for entity in targets),
        key=key,
    )


def _expand_query(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """Report the selected entities' states in a condition step without action."""
    selected = ctx.snapshot.select(goal.targets)
    key = ctx.next_key()
    if not selected:
        reason = Reason(
            "no_targets", goal=_goal_label(goal, index), targets=_targets_text(goal)
        )
        return _GoalPlan(goal, index, [], [reason], key=key)
    draft = _Draft(
        kind=StepKind.CONDITION,
        call=None,
        entity_ids=[entity.entity_id for entity in selected],
        data={"report": {entity.entity_id: entity.state for entity in selected}},
    )
    return _GoalPlan(goal, index, [_Variant("report", [draft])], [], key=key)


@dataclass(slots=True)
class _LoadPlan:
    """One deferrable load with its soonest and cheapest runs."""

    entity: EntityInfo
    call: ServiceCall
    load: Load
    soonest: ScheduleResult | None = None
    cheapest: ScheduleResult | None = None
    bound_note: Reason | None = None


def _appliance_defaults(entity: EntityInfo) -> tuple[float, float]:
    words = f"{entity.entity_id} {entity.name}".lower()
    for keywords, minutes, power in _APPLIANCES:
        if any(keyword in words for keyword in keywords):
            return minutes, power
    return _DEFAULT_APPLIANCE


def _load_for(ctx: _Context, goal: Goal, entity: EntityInfo) -> Load:
    default_minutes, default_kw = _appliance_defaults(entity)
    minutes = (
        _number(goal.params.get("duration_min"))
        or ctx.limits.duration_min
        or default_minutes
    )
    energy = _number(goal.params.get("energy_kwh"))
    if energy:
        power = energy / (minutes / 60)
    elif entity.power_w:
        power = entity.power_w / 1000
    else:
        power = default_kw
    now = ctx.snapshot.now
    earliest = max(now, ctx.limits.not_before or now)
    if ctx.limits.deadline is not None:
        latest_end = ctx.limits.deadline
    elif (last := ctx.curve.last_end()) is not None:
        latest_end = max(last, earliest + timedelta(minutes=minutes))
    else:
        latest_end = earliest + timedelta(days=1)
    forbidden: tuple[TimeWindow, ...] = ()
    if ctx.limits.quiet or _is_noisy(entity):
        forbidden = tuple(ctx.quiet_windows())
    return Load(
        key=entity.entity_id,
        duration=timedelta(minutes=minutes),
        power_kw=power,
        earliest=earliest,
        latest_end=latest_end,
        forbidden=forbidden,
    )


def _run_cost(ctx: _Context, load: Load, start: datetime) -> float:
    end = start + load.duration
    if any(
        low <= start.timestamp() and end.timestamp() <= high
        for low, high in ctx.curve.covered()
    ):
        return ctx.curve.energy_cost(start.timestamp(), end.timestamp(), load.power_kw)
    return ctx.price_now() * load.power_kw * load.duration.total_seconds() / 3600


def _result_at(ctx: _Context, load: Load, start: datetime) -> ScheduleResult:
    cost = _run_cost(ctx, load, start)
    energy = load.power_kw * load.duration.total_seconds() / 3600
    at_earliest = _run_cost(ctx, load, load.earliest)
    return ScheduleResult(
        start=start,
        end=start + load.duration,
        cost=cost,
        energy_kwh=energy,
        average_price=cost / energy if energy else 0.0,
        cost_at_earliest=at_earliest,
    )


def _soonest_under_cap(ctx: _Context, loads: Sequence[_LoadPlan]) -> None:
    """Give each load its soonest start, in the order said, keeping under the cap.

    A load that would exceed the cap starts when an earlier one ends.
    """
    cap_kw = None if ctx.power_limit_w is None else ctx.power_limit_w / 1000
    placed: list[tuple[datetime, datetime, float]] = []
    for plan in loads:
        load = plan.load
        candidates = sorted({load.earliest, *(end for _, end, _ in placed)})
        for candidate in candidates:
            if candidate < load.earliest:
                continue
            start = first_allowed_start(
                duration=load.duration,
                earliest=candidate,
                latest_end=load.latest_end,
                forbidden=load.forbidden,
            )
            if start is None:
                break
            peak = max(
                (
                    sum(power for begin, end, power in placed if begin <= moment < end)
                    for moment in [start, *(b for b, _, _ in placed)]
                    if start <= moment < start + load.duration
                ),
                default=0.0,
            )
            if cap_kw is None or peak + load.power_kw <= cap_kw + 1e-9:
                plan.soonest = _result_at(ctx, load, start)
                placed.append((start, start + load.duration, load.power_kw))
                break


def _prepare_loads(ctx: _Context) -> list[Reason]:
    """Schedule every run_appliance load of the task together (they share the cap)."""
    reasons: list[Reason] = []
    plans: list[_LoadPlan] = []
    for index, goal in enumerate(ctx.task.goals):
        if goal.type is not GoalType.RUN_APPLIANCE:
            continue
        name = _goal_label(goal, index)
        selected = ctx.snapshot.select(goal.targets)
        if not selected:
            reasons.append(Reason("no_targets", goal=name, targets=_targets_text(goal)))
            continue
        for entity in selected:
            try:
                call = resolve(GoalType.TURN_ON, entity, {})
            except UnsupportedActionError:
                if goal.targets.entity_ids:
                    reasons.append(
                        Reason("not_appliance", goal=name, entity=entity.entity_id)
                    )
                continue
            if not entity.available:
                reasons.append(
                    Reason("unavailable", goal=name, entity=entity.entity_id)
                )
                continue
            load = _load_for(ctx, goal, entity)
            if (
                ctx.power_limit_w is not None
                and load.power_kw * 1000 > ctx.power_limit_w + 1e-9
            ):
                reasons.append(
                    Reason(
                        "over_power_limit",
                        goal=name,
                        entity=entity.entity_id,
                        power=f"{load.power_kw * 1000:g}",
                        limit=f"{ctx.power_limit_w:g}",
                    )
                )
                continue
            plan = _LoadPlan(entity, call, load)
            ctx.loads[(index, entity.entity_id)] = plan
            plans.append(plan)
    if not plans:
        return reasons
    _soonest_under_cap(ctx, plans)
    slots = ctx.snapshot.tariff.slots if ctx.snapshot.tariff else []
    if not slots:
        return reasons
    if len(plans) == 1:
        load = plans[0].load
        plans[0].cheapest = cheapest_start(
            slots,
            duration=load.duration,
            power_kw=load.power_kw,
            earliest=load.earliest,
            latest_end=load.latest_end,
            forbidden=load.forbidden,
        )
        return reasons
    cap_kw = None if ctx.power_limit_w is None else ctx.power_limit_w / 1000
    joint = schedule_loads(
        [plan.load for plan in plans],
        slots,
        power_limit_kw=cap_kw,
        deadline=ctx.deadline,
    )
    note = (
        Reason("schedule_optimal", count=len(joint.results))
        if joint.optimal
        else Reason(
            "schedule_bound",
            count=len(joint.results),
            gap=f"{joint.gap:.2f}",
        )
    )
    for plan in plans:
        plan.cheapest = joint.results.get(plan.load.key)
        plan.bound_note = note
    return reasons


def _load_drafts(
    ctx: _Context, plan: _LoadPlan, result: ScheduleResult
) -> list[_Draft]:
    draft = _action_draft(ctx, plan.call, [plan.entity], [])
    draft.load = True
    draft.cost = round(result.cost, 6)
    draft.energy_kwh = round(result.energy_kwh, 6)
    draft.baseline_cost = (
        None if result.cost_at_earliest is None else round(result.cost_at_earliest, 6)
    )
    draft.duration_s = plan.load.duration.total_seconds()
    if plan.load.forbidden:
        draft.guardrails.append(GUARD_QUIET)
    if ctx.power_limit_w is not None and GUARD_POWER not in "".join(draft.guardrails):
        draft.guardrails.append(f"{GUARD_POWER}:{ctx.power_limit_w:g}")
    draft.fallbacks = [
        _notice(f"Could not start {plan.entity.name} at {_clock(ctx, result.start)}")
    ]
    if (result.start - ctx.snapshot.now).total_seconds() < _WAIT_THRESHOLD_S:
        return [draft]
    return _waiting(result.start, [draft])


def _expand_run_appliance(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """Soonest and cheapest runs of every selected appliance (scheduled jointly)."""
    name = _goal_label(goal, index)
    plans = [plan for (goal_index, _), plan in ctx.loads.items() if goal_index == index]
    key = ctx.next_key()
    reasons: list[Reason] = []
    soonest: list[_Draft] = []
    cheapest: list[_Draft] = []
    cost_soonest = cost_cheapest = 0.0
    for plan in plans:
        if plan.soonest is None:
            reasons.append(Reason("no_window", goal=name, entity=plan.entity.entity_id))
            continue
        soonest.extend(_offset(_load_drafts(ctx, plan, plan.soonest), len(soonest)))
        cost_soonest += plan.soonest.cost
        best = plan.cheapest or plan.soonest
        cheapest.extend(_offset(_load_drafts(ctx, plan, best), len(cheapest)))
        cost_cheapest += best.cost
    if not soonest:
        return _GoalPlan(goal, index, [], reasons, key=key)
    budget = ctx.limits.budget

    def breaks(cost: float, *, cheapest: bool) -> tuple[str, ...]:
        broken = []
        if ctx.limits.minimize_cost and not cheapest:
            broken.append("minimize_cost")
        if budget is not None and cost > budget + 1e-9:
            broken.append("budget")
        return tuple(broken)

    variants = [
        _Variant(
            "soonest",
            soonest,
            comfort=1.0,
            breaks=breaks(cost_soonest, cheapest=cost_soonest <= cost_cheapest + 1e-9),
        ),
        _Variant(
            "cheapest",
            cheapest,
            comfort=1.0 if ctx.limits.minimize_cost else 0.9,
            breaks=breaks(cost_cheapest, cheapest=True),
            notes=[plan.bound_note for plan in plans[:1] if plan.bound_note],
        ),
    ]
    if budget is not None and cost_cheapest > budget + 1e-9:
        currency = ctx.snapshot.tariff.currency if ctx.snapshot.tariff else None
        from .explainer import money

        reasons.append(
            Reason(
                "over_budget",
                goal=name,
                cost=money(cost_cheapest, currency, "en"),
                budget=money(budget, currency, "en"),
            )
        )
    return _GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=frozenset(plan.entity.entity_id for plan in plans),
        area_ids=frozenset(
            plan.entity.area_id for plan in plans if plan.entity.area_id
        ),
        key=key,
    )


def _offset(drafts: list[_Draft], by: int) -> list[_Draft]:
    for draft in drafts:
        draft.after = [item + by for item in draft.after]
    return drafts


def _climates(ctx: _Context, goal: Goal) -> list[EntityInfo]:
    targets = goal.targets
    if targets.entity_ids:
        return [e for e in ctx.snapshot.select(targets) if e.domain == "climate"]
    narrowed = Targets(
        area_ids=list(targets.area_ids),
        floor_ids=list(targets.floor_ids),
        domains=["climate"],
    )
    return ctx.snapshot.select(narrowed) if not narrowed.is_empty() else []


def _expand_precondition(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """Reach a temperature in an area by the deadline: now, or the cheapest start.

    The lead time comes from the thermal estimate in :mod:`.thermal`.
    """
    name = _goal_label(goal, index)
    target = _number(goal.params.get("temperature"))
    low, high = ctx.limits.comfort
    if target is None:
        target = low if low is not None else high
    climates = _climates(ctx, goal)
    key = ctx.next_key()
    if target is None or not climates:
        code = "no_temperature" if target is None else "no_climate"
        return _GoalPlan(goal, index, [], [Reason(code, goal=name)], key=key)
    device_goal = Goal(
        GoalType.SET_TEMPERATURE,
        Targets(entity_ids=[entity.entity_id for entity in climates]),
        {"temperature": target},
    )
    base = _expand_device_goal(ctx, device_goal, index, implicit=True)
    reasons = list(base.reasons)
    if not base.variants:
        reasons.append(Reason("no_climate", goal=name))
        return _GoalPlan(goal, index, [], reasons, key=key)
    area = ctx.snapshot.environment.areas.get(climates[0].area_id or "")
    current = area.temperature if area else None
    thermal = estimate(current, target, ctx.snapshot.environment.outdoor_temperature)
    power_kw = (climates[0].power_w or _DEFAULT_CLIMATE_KW * 1000) / 1000
    now = ctx.snapshot.now
    deadline = ctx.limits.deadline
    drafts = base.variants[0].drafts
    if deadline is None:
        return replace(base, goal=goal, key=key)
    has_prices = any(
        start <= now.timestamp() and deadline.timestamp() <= end
        for start, end in ctx.curve.covered()
    )
    energy_now = power_kw * (
        thermal.lead.total_seconds() / 3600
        + HOLD_FRACTION
        * max(0.0, (deadline - now - thermal.lead).total_seconds())
        / 3600
    )
    # Without price slots the current price stands for every hour.
    cost_now = (
        precondition_cost(ctx.curve, now, thermal.lead, deadline, power_kw)
        if has_prices
        else ctx.price_now() * energy_now
    )
    if now + thermal.lead > deadline:
        reasons.append(
            Reason(
                "precondition_late",
                goal=name,
                time=_clock(ctx, now + thermal.lead),
            )
        )
        return replace(base, goal=goal, key=key, reasons=reasons)
    start_now = [
        replace(draft, cost=round(cost_now, 6), energy_kwh=round(energy_now, 6))
        for draft in drafts
    ]
    variants = [_Variant("now", start_now, comfort=1.0)]
    best = (
        cheapest_precondition_start(
            ctx.snapshot.tariff.slots if ctx.snapshot.tariff else [],
            lead=thermal.lead,
            power_kw=power_kw,
            earliest=now,
            deadline=deadline,
        )
        if has_prices
        else None
    )
    latest_start = deadline - thermal.lead
    start, cost = best if best is not None else (latest_start, -1.0)
    if (start - now).total_seconds() >= _WAIT_THRESHOLD_S:
        hold_s = max(0.0, (deadline - start - thermal.lead).total_seconds())
        energy = (
            power_kw * (thermal.lead.total_seconds() + HOLD_FRACTION * hold_s) / 3600
        )
        if cost < 0:
            cost = ctx.price_now() * energy
        timed = [
            replace(
                draft,
                cost=round(cost, 6),
                energy_kwh=round(energy, 6),
                baseline_cost=round(cost_now, 6),
            )
            for draft in drafts
        ]
        variants.append(
            _Variant(
                "cheapest",
                _waiting(start, timed),
                comfort=0.9,
                notes=[
                    Reason(
                        "thermal_estimate",
                        lead=str(round(thermal.lead.total_seconds() / 60)),
                        current="?" if current is None else f"{current:g}",
                        target=f"{target:g}",
                    )
                ],
            )
        )
    return _GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=base.entity_ids,
        area_ids=base.area_ids,
        key=key,
    )


def _scope(ctx: _Context, goal: Goal) -> list[EntityInfo]:
    """Entities a home-wide goal may touch: its targets, or the whole home."""
    if goal.targets.is_empty():
        return ctx.sorted_entities()
    if goal.targets.entity_ids:
        return ctx.snapshot.select(goal.targets)
    return ctx.snapshot.select(replace(goal.targets, domains=[]))


def _unoccupied(ctx: _Context, entity: EntityInfo) -> bool:
    if not ctx.snapshot.occupancy.anyone_home:
        return True
    area = ctx.snapshot.occupancy.areas.get(entity.area_id or "")
    return area is not None and not area.occupied


def _hourly_cost(ctx: _Context, entities: Iterable[EntityInfo]) -> float:
    watts = sum(
        entity.power_w or _ASSUMED_W.get(entity.domain, 0.0) for entity in entities
    )
    return watts / 1000 * ctx.price_now()


def _expand_optimize_energy(ctx: _Context, goal: Goal, index: int) -> _GoalPlan:
    """Switch off what runs in empty areas.

    Two variants: lights only, or lights, media and a climate setback. A variant's
    estimated cost is what the touched devices still draw in the next hour.
    """
    name = _goal_label(goal, index)
    key = ctx.next_key()
    scope = [
        entity
        for entity in _scope(ctx, goal)
        if entity.available and _unoccupied(ctx, entity)
    ]
    lights = [e for e in scope if e.domain == "light" and e.state == "on"]
    media = [
        e
        for e in scope
        if e.domain == "media_player" and e.state not in ("off", "standby", "unknown")
    ]
    climates = [
        e
        for e in scope
        if e.domain == "climate"
        and e.state in ("heat", "cool", "heat_cool", "auto")
        and _number(e.attributes.get("temperature")) is not None
    ]
    if not (lights or media or climates):
        return _GoalPlan(
            goal, index, [], [Reason("nothing_wasted", goal=name)], key=key
        )

    def device(
        kind: GoalType, entities: list[EntityInfo], **params: Any
    ) -> list[_Draft]:
        sub = Goal(kind, Targets(entity_ids=[e.entity_id for e in entities]), params)
        plan = _expand_device_goal(ctx, sub, index, implicit=True)
        return plan.variants[0].drafts if plan.variants else []

    gentle = device(GoalType.TURN_OFF, lights) if lights else []
    deep = list(gentle)
    if media:
        deep += _offset(device(GoalType.TURN_OFF, media), len(deep))
    setbacks: dict[float, list[EntityInfo]] = {}
    for climate in climates:
        setpoint = _number(climate.attributes.get("temperature")) or 0.0
        change = -_SETBACK_C if climate.state != "cool" else _SETBACK_C
        setbacks.setdefault(setpoint + change, []).append(climate)
    for temperature, group in sorted(setbacks.items()):
        deep += _offset(
            device(GoalType.SET_TEMPERATURE, group, temperature=temperature),
            len(deep),
        )
    remaining_gentle = _hourly_cost(ctx, [*media, *climates])
    remaining_deep = _hourly_cost(ctx, climates) * 0.5
    variants = []
    if gentle:
        for draft in gentle:
            draft.cost = 0.0
        gentle[0].cost = round(remaining_gentle, 6)
        variants.append(_Variant("lights", gentle, comfort=1.0))
    if deep and len(deep) > len(gentle):
        deep = [replace(draft) for draft in deep]
        for draft in deep:
            draft.cost = 0.0
        deep[0].cost = round(remaining_deep, 6)
        variants.append(_Variant("deep", deep, comfort=0.7))
    touched = [*lights, *media, *climates]
    return _GoalPlan(
        goal,
        index,
        variants,
        [],
        entity_ids=frozenset(e.entity_id for e in touched),
        area_ids=frozenset(e.area_id for e in touched if e.area_id),
        key=key,
    )


def _covers(ctx: _Context, *, security: bool) -> list[str]:
    return [
        entity.entity_id
        for entity in ctx.of_domain("cover")
        if (entity.device_class in _SECURITY_COVERS) == security
    ]


def _domain(ctx: _Context, domain: str, *, areas: Sequence[str] = ()) -> list[str]:
    return [
        entity.entity_id
        for entity in ctx.of_domain(domain)
        if not areas or entity.area_id in areas
    ]


def _goals(*items: tuple[GoalType, list[str], dict[str, Any]]) -> list[Goal]:
    return [
        Goal(kind, Targets(entity_ids=entity_ids), params)
        for kind, entity_ids, params in items
        if entity_ids
    ]


def _secure_home_goals(ctx: _Context) -> list[Goal]:
    away = not ctx.snapshot.occupancy.anyone_home
    return _goals(
        (GoalType.LOCK, _domain(ctx, "lock"), {}),
        (GoalType.CLOSE, _covers(ctx, security=True), {}),
        (GoalType.TURN_OFF, _domain(ctx, "light") if away else [], {}),
        (GoalType.TURN_OFF, _domain(ctx, "media_player") if away else [], {}),
    )


def _comfort_temperature(ctx: _Context, default: float) -> float:
    low, _ = ctx.limits.comfort
    return low if low is not None else default


def _entrance_areas(ctx: _Context) -> list[str]:
    words = ("hall", "entr", "flur", "diele", "foyer")
    return [
        area.area_id
        for area in ctx.snapshot.areas.values()
        if any(word in f"{area.area_id} {area.name}".lower() for word in words)
    ]


def _named(ctx: _Context, domain: str, wanted: str) -> list[str]:
    """Entities of a domain whose id or name contains ``wanted`` (normalised)."""
    key = wanted.lower().replace(" ", "_")
    return [
        entity_id
        for entity_id in _domain(ctx, domain)
        if key in entity_id.partition(".")[2]
        or key in ctx.snapshot.entities[entity_id].name.lower().replace(" ", "_")
    ]


def _movie_goals(ctx: _Context) -> list[Goal]:
    scenes = _named(ctx, "scene", "movie") or _named(ctx, "scene", "kino")
    if scenes:
        return _goals((GoalType.ACTIVATE_SCENE, scenes[:1], {}))
    players = _domain(ctx, "media_player")
    areas = sorted(
        {
            ctx.snapshot.entities[entity_id].area_id or ""
            for entity_id in players
            if ctx.snapshot.entities[entity_id].area_id
        }
    )[:1]
    return _goals(
        (
            GoalType.CLOSE,
            [e for e in _covers(ctx, security=False) if _area(ctx, e) in areas],
            {},
        ),
        (
            GoalType.SET_BRIGHTNESS,
            _domain(ctx, "light", areas=areas),
            {"brightness_pct": 20},
        ),
        (GoalType.TURN_ON, _domain(ctx, "media_player", areas=areas), {}),
    )


def _area(ctx: _Context, entity_id: str) -> str | None:
    return ctx.snapshot.entities[entity_id].area_id


def _routine_goals(ctx: _Context, name: str) -> list[Goal] | None:
    """Return a built-in routine's device goals, or a user scene/script of that name."""
    climate = _domain(ctx, "climate")
    match name:
        case "morning":
            return _goals(
                (GoalType.OPEN, _covers(ctx, security=False), {}),
                (GoalType.SET_TEMPERATURE, climate,
                 {"temperature": _comfort_temperature(ctx, 21.0)}),
            )  # fmt: skip
        case "bedtime":
            return _goals(
                (GoalType.TURN_OFF, _domain(ctx, "light"), {}),
                (GoalType.TURN_OFF, _domain(ctx, "media_player"), {}),
                (GoalType.LOCK, _domain(ctx, "lock"), {}),
                (GoalType.CLOSE, _covers(ctx, security=False), {}),
                (GoalType.SET_TEMPERATURE, climate, {"temperature": 18.0}),
            )
        case "away":
            return _goals(
                (GoalType.TURN_OFF, _domain(ctx, "light"), {}),
                (GoalType.TURN_OFF, _domain(ctx, "media_player"), {}),
                (GoalType.LOCK, _domain(ctx, "lock"), {}),
                (GoalType.CLOSE, _covers(ctx, security=True), {}),
                (GoalType.SET_TEMPERATURE, climate, {"temperature": 17.0}),
                (GoalType.VACUUM_START, _domain(ctx, "vacuum"), {}),
            )
        case "arrival":
            return _goals(
                (GoalType.TURN_ON,
                 _domain(ctx, "light", areas=_entrance_areas(ctx)), {}),
                (GoalType.SET_TEMPERATURE, climate,
                 {"temperature": _comfort_temperature(ctx, 21.0)}),
            )  # fmt: skip
        case "movie":
            return _movie_goals(ctx)
        case "":
            return None
        case _:
            scripts = _named(ctx, "script", name)
            if scripts:
                return _goals((GoalType.RUN_SCRIPT, scripts[:1], {}))
            scenes = _named(ctx, "scene", name)
            if scenes:
                return _goals((GoalType.ACTIVATE_SCENE, scenes[:1], {}))
            return None


def _expand_composite(
    ctx: _Context, goal: Goal, index: int, goals: list[Goal] | None
) -> list[_GoalPlan]:
    """Expand a routine or secure_home into its device goals (same goal index)."""
    name = _goal_label(goal, index)
    if goals is None:
        reason = Reason("unknown_routine", goal=name, name=str(goal.params.get("name")))
        return [_GoalPlan(goal, index, [], [reason], key=ctx.next_key())]
    plans = [_expand_device_goal(ctx, sub, index, implicit=True) for sub in goals]
    plans = [plan for plan in plans if plan.variants or plan.reasons]
    if not any(plan.variants for plan in plans):
        reasons = [reason for plan in plans for reason in plan.reasons]
        reasons.append(Reason("nothing_capable", goal=name, goal_type=goal.type.value))
        return [_GoalPlan(goal, index, [], reasons, key=ctx.next_key())]
    return plans


def _expand(ctx: _Context, goal: Goal, index: int) -> list[_GoalPlan]:
    expanders: dict[GoalType, Callable[[_Context, Goal, int], _GoalPlan]] = {
        GoalType.NOTIFY: _expand_notify,
        GoalType.QUERY_STATE: _expand_query,
        GoalType.RUN_APPLIANCE: _expand_run_appliance,
        GoalType.PRECONDITION: _expand_precondition,
        GoalType.OPTIMIZE_ENERGY: _expand_optimize_energy,
    }
    if goal.type in expanders:
        return [expanders[goal.type](ctx, goal, index)]
    if goal.type is GoalType.SECURE_HOME:
        return _expand_composite(ctx, goal, index, _secure_home_goals(ctx))
    if goal.type is GoalType.ROUTINE:
        routine = str(goal.params.get("name") or "").lower()
        return _expand_composite(ctx, goal, index, _routine_goals(ctx, routine))
    return [_expand_device_goal(ctx, goal, index)]


# --- Assembly ---------------------------------------------------------------------


def _depends(later: _GoalPlan, earlier: _GoalPlan) -> bool:
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


def _to_step(draft: _Draft, step_id: str, goal_index: int | None) -> ExecutionStep:
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
    ctx: _Context,
    strategy: Strategy,
    chosen: Sequence[tuple[_GoalPlan, _Variant]],
    *,
    describe: bool = True,
) -> tuple[ExecutionPlan, float]:
    """Give the chosen drafts ids and edges; return the plan and its latency.

    ``describe=False`` skips the step descriptions (for scoring only).
    """
    steps: list[ExecutionStep] = []
    sinks: dict[int, list[str]] = {}
    ancestors: dict[int, set[int]] = {}
    loads: set[str] = set()
    notes: list[str] = []
    language = ctx.task.language
    for position, (goal_plan, variant) in enumerate(chosen):
        ids = [f"s{len(steps) + offset + 1}" for offset in range(len(variant.drafts))]
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
            step.depends_on = [ids[item] for item in draft.after] or list(upstream)
            depended.update(draft.after)
            step.fallbacks = [
                _to_step(fallback, f"{ids[offset]}.f{number + 1}", goal_plan.index)
                for number, fallback in enumerate(draft.fallbacks)
            ]
            if describe:
                _describe(ctx, step, draft, language)
            if draft.load:
                loads.add(step.step_id)
            steps.append(step)
        sinks[goal_plan.key] = [
            ids[offset]
            for offset in range(len(variant.drafts))
            if offset not in depended
        ]
        notes.extend(note for note in variant.notes if note not in notes)
    plan = ExecutionPlan(strategy=strategy, steps=steps, notes=notes)
    latency_s = _latency_seconds(plan, ctx.snapshot.now, loads)
    plan.estimated_cost = round(sum(step.estimated_cost for step in steps), 6)
    plan.privacy_score = _privacy_share(steps)
    comfort = (
        sum(variant.comfort for _, variant in chosen) / len(chosen) if chosen else 0.0
    )
    plan.scores = _scores(ctx, strategy, plan, latency_s, comfort)
    return plan, latency_s


def _describe(ctx: _Context, step: ExecutionStep, draft: _Draft, language: str) -> None:
    """Fill in what a step and its fallbacks do, in the task's language."""
    for fallback in step.fallbacks:
        fallback.description = describe_step(fallback, ctx.snapshot, language)
    step.description = draft.description or describe_step(step, ctx.snapshot, language)
    if draft.replaced:
        step.description += text(
            "instead_of", language, names=names(draft.replaced, ctx.snapshot)
        )


def _privacy_share(steps: Sequence[ExecutionStep]) -> float:
    acting = [step for step in steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)]
    if not acting:
        return 1.0
    return sum(1 for step in acting if step.local) / len(acting)


def _latency_seconds(plan: ExecutionPlan, now: datetime, loads: set[str]) -> float:
    """Seconds until every step has been issued and its call done (longest path).

    A deferrable load's run time is not latency: it counts as a call.
    """
    finish: dict[str, float] = {}
    for step in topological_steps(plan):
        start = max((finish[item] for item in step.depends_on), default=0.0)
        if step.not_before is not None:
            start = max(start, (step.not_before - now).total_seconds())
        length = (
            _DEFAULT_DURATION_S if step.step_id in loads else step.estimated_duration_s
        )
        finish[step.step_id] = start + length
    return max(finish.values(), default=0.0)


def _scores(
    ctx: _Context,
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


# --- Conflicts ----------------------------------------------------------------------


def _windows(
    steps: Sequence[ExecutionStep], now: datetime
) -> dict[str, list[tuple[datetime, datetime]]]:
    """When each entity is acted on: (start, end) per action step."""
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for step in steps:
        if step.kind is not StepKind.ACTION:
            continue
        start = step.not_before or now
        end = start + timedelta(seconds=max(step.estimated_duration_s, 1.0))
        for entity_id in step.entity_ids:
            spans.setdefault(entity_id, []).append((start, end))
    return spans


def _conflicts(
    ctx: _Context, plan: ExecutionPlan, active_plans: Sequence[ActivePlan]
) -> tuple[list[PlanConflict], set[str]]:
    """Find overlaps with active plans; return them and the steps this plan yields."""
    now = ctx.snapshot.now
    ours = TRIGGER_PRIORITY[ctx.task.trigger_type]
    conflicts: list[PlanConflict] = []
    yielded: set[str] = set()
    for active in active_plans:
        theirs = _windows(active.steps, now)
        shared: list[str] = []
        for step in plan.steps:
            if step.kind is not StepKind.ACTION:
                continue
            start = step.not_before or now
            end = start + timedelta(seconds=max(step.estimated_duration_s, 1.0))
            clash = [
                entity_id
                for entity_id in step.entity_ids
                if any(
                    start < other_end and other_start < end
                    for other_start, other_end in theirs.get(entity_id, [])
                )
            ]
            if not clash:
                continue
            shared.extend(entity_id for entity_id in clash if entity_id not in shared)
            if TRIGGER_PRIORITY[active.priority_trigger] > ours:
                yielded.add(step.step_id)
        if not shared:
            continue
        mine, other = ctx.task.trigger_type.value, active.priority_trigger.value
        if TRIGGER_PRIORITY[active.priority_trigger] > ours:
            conflicts.append(
                PlanConflict(
                    active.plan_id,
                    shared,
                    "active",
                    f"keeps {', '.join(shared)}; this plan yields ({other} outranks "
                    f"{mine})",
                )
            )
        else:
            relation = (
                "outranks"
                if ours > TRIGGER_PRIORITY[active.priority_trigger]
                else "is as urgent as, and newer than,"
            )
            conflicts.append(
                PlanConflict(
                    active.plan_id,
                    shared,
                    "new",
                    f"yields {', '.join(shared)} to this plan ({mine} {relation} "
                    f"{other})",
                )
            )
    return conflicts, yielded


def _without(plan: ExecutionPlan, dropped: set[str]) -> None:
    """Remove steps, rewiring their dependents to what the removed steps waited for."""
    parents = {step.step_id: list(step.depends_on) for step in plan.steps}

    def resolved(step_id: str) -> list[str]:
        if step_id not in dropped:
            return [step_id]
        return [item for parent in parents[step_id] for item in resolved(parent)]

    kept = []
    for step in plan.steps:
        if step.step_id in dropped:
            continue
        step.depends_on = list(
            dict.fromkeys(
                item for parent in step.depends_on for item in resolved(parent)
            )
        )
        kept.append(step)
    plan.steps = kept


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
    """Score one variant alone under ``strategy`` (its metrics are computed once)."""
    scores = ctx.variant_scores.get(id(variant))
    if scores is None:
        plan, _ = _assemble(ctx, strategy, [(goal_plan, variant)], describe=False)
        scores = plan.scores
        ctx.variant_scores[id(variant)] = scores
    weights = STRATEGY_WEIGHTS[strategy]
    return (
        weights[0] * scores.privacy
        + weights[1] * scores.cost
        + weights[2] * scores.latency
        + weights[3] * scores.comfort
    )


def _choose(
    ctx: _Context,
    strategy: Strategy,
    goal_plans: Sequence[_GoalPlan],
    *,
    relaxed: bool = False,
    degraded: bool = False,
) -> list[tuple[_GoalPlan, _Variant]]:
    """Per goal, the best variant under ``strategy``.

    Only variants within the hard limits count, unless ``relaxed``: then every
    variant counts, or with ``degraded`` those breaking the fewest limits.
    """
    chosen: list[tuple[_GoalPlan, _Variant]] = []
    for goal_plan in goal_plans:
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
) -> PlanningResult:
    """Plan ``task`` in ``snapshot`` under ``strategy``; deterministic."""
    ctx = _Context(task, snapshot, options, caller_tier)
    reasons: list[str] = list(_prepare_loads(ctx))
    goal_plans: list[_GoalPlan] = []
    timed_out = False
    for index, goal in enumerate(task.goals):
        if goal_plans and ctx.out_of_time():
            timed_out = True
            reasons.append(Reason("timed_out", goal=_goal_label(goal, index)))
            break
        for goal_plan in _expand(ctx, goal, index):
            reasons.extend(r for r in goal_plan.reasons if r not in reasons)
            goal_plans.append(goal_plan)
    chosen = _choose(ctx, strategy, goal_plans)
    plan, latency_s = _assemble(ctx, strategy, chosen)
    details, yielded = _conflicts(ctx, plan, active_plans)
    if yielded:
        _without(plan, yielded)
        reasons.append(
            Reason("yielded", steps=", ".join(sorted(yielded, key=_step_order)))
        )
        plan.estimated_cost = round(sum(step.estimated_cost for step in plan.steps), 6)
        plan.privacy_score = _privacy_share(plan.steps)
    feasible = any(
        step.kind in (StepKind.ACTION, StepKind.NOTIFY, StepKind.CONDITION)
        for step in plan.steps
    )
    if not feasible:
        reasons.append(Reason("nothing_to_do"))
    alternatives, cut_short = _alternatives(
        ctx, strategy, goal_plans, plan, latency_s, feasible
    )
    timed_out = timed_out or cut_short
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


def _step_order(step_id: str) -> int:
    return int(step_id.lstrip("s").partition(".")[0] or 0)


def _has_choices(goal_plans: Sequence[_GoalPlan]) -> bool:
    return any(len(goal_plan.variants) > 1 for goal_plan in goal_plans)


def _alternatives(
    ctx: _Context,
    strategy: Strategy,
    goal_plans: Sequence[_GoalPlan],
    plan: ExecutionPlan,
    latency_s: float,
    feasible: bool,
) -> tuple[list[Alternative], bool]:
    """Find plans that really differ; the flag says the time budget cut them short.

    A degraded plan (hard limits relaxed) comes first when the task is infeasible or
    a variant was ruled out, then the other strategies, hard limits relaxed.
    """
    options = ctx.options
    currency = ctx.snapshot.tariff.currency if ctx.snapshot.tariff else None
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
        candidate, candidate_latency = _assemble(
            ctx,
            other,
            _choose(ctx, other, goal_plans, relaxed=True, degraded=degraded),
        )
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
        )
        if degraded and not feasible:
            summary = text("degraded", ctx.task.language) + summary
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
