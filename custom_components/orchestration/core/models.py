"""Data model of the orchestration pipeline (DESIGN §4, §5).

Pure Python: nothing here imports Home Assistant. Every class converts to a JSON-ready
dict with ``as_dict`` and back with ``from_dict`` (:mod:`.serialisation`, driven by the
fields); ``from_dict(x.as_dict()) == x`` holds for every value the pipeline produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final, NewType, Self

from .serialisation import JsonModel, json_hooks


class PlanStatus(StrEnum):
    """Lifecycle status of a plan."""

    PREVIEW = "preview"
    PENDING_APPROVAL = "pending_approval"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    INFEASIBLE = "infeasible"
    SUPERSEDED = "superseded"


class TriggerType(StrEnum):
    """What started a plan."""

    USER_REQUEST = "user_request"
    SCHEDULED_ROUTINE = "scheduled_routine"
    INSIGHT_RECOMMENDATION = "insight_recommendation"
    REPLAN = "replan"
    PREVIEW_REQUEST = "preview_request"


class Origin(StrEnum):
    """Who really asked for a plan: what its priority on shared devices follows.

    Not the caller's ``trigger_type`` (any caller may say any trigger type): the
    entry point that received the request says it.
    """

    USER_REQUEST = "user_request"  # a person (a Home Assistant user) asked
    AUTOMATION = "automation"  # an automation, a script or a device without a user
    SCHEDULED_ROUTINE = "scheduled_routine"  # a routine of the options, at its time
    INSIGHT_RECOMMENDATION = "insight_recommendation"  # the home's own suggestion


class Priority(StrEnum):
    """How much a plan's claim on a device counts against another's."""

    LOWEST = "lowest"
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    HIGHEST = "highest"

    @property
    def rank(self) -> int:
        """Position in the order lowest < low < normal < high < highest."""
        return _PRIORITY_ORDER.index(self)


_PRIORITY_ORDER = list(Priority)


class Strategy(StrEnum):
    """What the planner optimises for."""

    PRIVACY_FIRST = "privacy_first"
    COST = "cost"
    LATENCY = "latency"
    COMFORT = "comfort"
    BALANCED = "balanced"


class GoalType(StrEnum):
    """One thing to achieve (DESIGN §5)."""

    TURN_ON = "turn_on"
    TURN_OFF = "turn_off"
    SET_BRIGHTNESS = "set_brightness"
    SET_COLOR = "set_color"
    SET_TEMPERATURE = "set_temperature"
    SET_POSITION = "set_position"
    OPEN = "open"
    CLOSE = "close"
    LOCK = "lock"
    UNLOCK = "unlock"
    SET_VOLUME = "set_volume"
    MEDIA_PLAY = "media_play"
    MEDIA_PAUSE = "media_pause"
    MEDIA_NEXT = "media_next"
    MEDIA_PREVIOUS = "media_previous"
    ACTIVATE_SCENE = "activate_scene"
    RUN_SCRIPT = "run_script"
    VACUUM_START = "vacuum_start"
    VACUUM_RETURN = "vacuum_return"
    NOTIFY = "notify"
    QUERY_STATE = "query_state"
    RUN_APPLIANCE = "run_appliance"
    OPTIMIZE_ENERGY = "optimize_energy"
    PRECONDITION = "precondition"
    SECURE_HOME = "secure_home"
    ROUTINE = "routine"


class ConstraintType(StrEnum):
    """A limit on how or when goals are achieved (DESIGN §5)."""

    DEADLINE = "deadline"
    NOT_BEFORE = "not_before"
    TIME_WINDOW = "time_window"
    MINIMIZE_COST = "minimize_cost"
    BUDGET = "budget"
    QUIET = "quiet"
    COMFORT_RANGE = "comfort_range"
    OCCUPANCY = "occupancy"
    LOCAL_ONLY = "local_only"
    DURATION = "duration"
    STATE = "state"
    SUN = "sun"


class PrivacyClass(StrEnum):
    """Sensitivity of the data a task touches, least sensitive first."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        """Position in the order public < internal < confidential < restricted."""
        return _PRIVACY_ORDER.index(self)


_PRIVACY_ORDER = list(PrivacyClass)


class TrustTier(StrEnum):
    """How far a caller is trusted, least trusted first."""

    UNTRUSTED = "untrusted"
    BASIC = "basic"
    VERIFIED = "verified"
    TRUSTED = "trusted"
    PRIVILEGED = "privileged"

    @property
    def rank(self) -> int:
        """Position in the order untrusted < basic < verified < trusted < privileged."""
        return _TRUST_ORDER.index(self)


_TRUST_ORDER = list(TrustTier)


class Decision(StrEnum):
    """Outcome of the policy gate."""

    ALLOW = "allow"
    REQUIRE_APPROVAL = "require_approval"
    DENY = "deny"


#: A step's id within its plan: ``s1``, ``s2``… in goal order, ``s1.f1``… its fallbacks.
StepId = NewType("StepId", str)


class StepKind(StrEnum):
    """What a plan step does."""

    ACTION = "action"
    WAIT = "wait"
    CONDITION = "condition"
    NOTIFY = "notify"


class WaitKind(StrEnum):
    """What a waiting plan waits for (DESIGN §8 ``PlanResponse.wait``).

    ``arrival``, ``departure``, ``state``, ``sun`` and ``time`` are moments: the
    wait ends when one happens. ``someone_home`` and ``nobody_home`` are states of
    the home: the wait ends at once when the home already is so.
    """

    TIME = "time"
    ARRIVAL = "arrival"
    DEPARTURE = "departure"
    SOMEONE_HOME = "someone_home"
    NOBODY_HOME = "nobody_home"
    STATE = "state"
    SUN = "sun"


#: A wait step keeps the condition it waits for in its data under this key.
WAIT_DATA_KEY: Final = "wait"

#: A time a plan waits for that passed by more than this while Home Assistant was
#: not running is not caught up late: the wait has expired.
MISSED_START_GRACE: Final = timedelta(minutes=15)


@dataclass(slots=True)
class Wait(JsonModel):
    """A condition a plan waits for, and when the wait expires.

    Its JSON form (DESIGN §8) is ``{kind, …details, expires_at}`` with only the
    details of its kind: ``at`` (time, sun), ``event`` and ``offset`` in minutes
    (sun), ``entity_id`` and ``to`` (state), ``entity_ids`` (the persons an arrival
    or departure is noticed by).
    """

    kind: WaitKind
    expires_at: datetime | None = None
    at: datetime | None = None
    entity_id: str | None = None
    to: str | None = None
    entity_ids: list[str] = field(default_factory=list)
    event: str | None = None
    offset: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: the kind, its details, when it expires."""
        details: dict[str, Any] = {
            "at": None if self.at is None else self.at.isoformat(),
            "event": self.event,
            "offset": self.offset,
            "entity_id": self.entity_id,
            "to": self.to,
            "entity_ids": list(self.entity_ids) or None,
        }
        return {
            "kind": self.kind.value,
            **{key: value for key, value in details.items() if value is not None},
            "expires_at": None
            if self.expires_at is None
            else self.expires_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from the JSON form."""

        def moment(key: str) -> datetime | None:
            value = data.get(key)
            return None if value is None else datetime.fromisoformat(str(value))

        offset = data.get("offset")
        return cls(
            kind=WaitKind(data["kind"]),
            expires_at=moment("expires_at"),
            at=moment("at"),
            entity_id=data.get("entity_id"),
            to=data.get("to"),
            entity_ids=[str(item) for item in data.get("entity_ids") or []],
            event=data.get("event"),
            offset=None if offset is None else int(offset),
        )

    @property
    def is_state_of_home(self) -> bool:
        """Whether the wait is for a state of the home (holds now, or not yet)."""
        return self.kind in (WaitKind.SOMEONE_HOME, WaitKind.NOBODY_HOME)


class StepState(StrEnum):
    """Where a step of a started plan is.

    ``waiting``: its dependencies are done and its time or condition is armed;
    ``skipped``: it will not run (a step it depends on did not succeed, or a person
    changed its devices since the plan made its change).
    """

    PENDING = "pending"
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


#: States after which a step does nothing more.
STEP_ENDED: Final = frozenset({StepState.DONE, StepState.FAILED, StepState.SKIPPED})


@dataclass(slots=True)
class StepProgress(JsonModel):
    """What happened to one step of a plan, and when.

    ``error`` says why a step failed or was skipped; ``entity_ids`` are the devices
    that did not take effect; ``guardrail`` the guardrail that did not hold when
    the step was about to run, and ``checked`` when its guardrails were checked.
    """

    state: StepState
    at: datetime
    error: str | None = None
    entity_ids: list[str] = field(default_factory=list)
    guardrail: str | None = None
    checked: datetime | None = None


class GuardrailKind(StrEnum):
    """A condition a step is planned under; the value is its name in the JSON form.

    * ``entity_available`` - the targeted entities are available, otherwise fallbacks
      run.
    * ``privacy:local_only`` - a sensitive step; never use a cloud fallback.
    * ``privacy:cloud`` - a sensitive step that uses a cloud service (privacy_first
      off).
    * ``trust:approval_required`` - the caller's tier is below the detail's tier; run
      only after approval.
    * ``safety:temperature_bounds`` - the setpoint is kept within the detail's bounds
      (``<low>-<high>``).
    * ``safety:unlock_explicit`` - unlocking with nobody home, explicitly asked for.
    * ``safety:someone_home`` - a condition step checks someone is home first.
    * ``quiet_hours`` - the step was placed or limited for quiet hours.
    * ``power_limit`` - high-power load, placed so the limit (the detail, in watts)
      holds.
    """

    ENTITY_AVAILABLE = "entity_available"
    LOCAL_ONLY = "privacy:local_only"
    CLOUD = "privacy:cloud"
    APPROVAL_REQUIRED = "trust:approval_required"
    TEMPERATURE_BOUNDS = "safety:temperature_bounds"
    UNLOCK_EXPLICIT = "safety:unlock_explicit"
    SOMEONE_HOME = "safety:someone_home"
    QUIET_HOURS = "quiet_hours"
    POWER_LIMIT = "power_limit"


@dataclass(frozen=True, slots=True)
class Guardrail:
    """A guardrail of a step: its kind and, for some kinds, a detail.

    Its JSON form is text, ``kind`` or ``kind:detail`` (DESIGN §4 ``guardrails``).
    """

    kind: GuardrailKind
    detail: str = ""
    #: The JSON form, made once: plans are stored and answered far more often.
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Write the JSON form."""
        text = f"{self.kind.value}:{self.detail}" if self.detail else self.kind.value
        object.__setattr__(self, "text", text)

    @classmethod
    def approval(cls, tier: TrustTier) -> Self:
        """Run only after approval by a user of at least ``tier``."""
        return cls(GuardrailKind.APPROVAL_REQUIRED, tier.value)

    @classmethod
    def temperature_bounds(cls, low: float, high: float) -> Self:
        """The setpoint is kept between ``low`` and ``high`` degrees."""
        return cls(GuardrailKind.TEMPERATURE_BOUNDS, f"{low:g}-{high:g}")

    @classmethod
    def power_limit(cls, watts: float) -> Self:
        """Placed so the total power stays under ``watts``."""
        return cls(GuardrailKind.POWER_LIMIT, f"{watts:g}")

    def __str__(self) -> str:
        """Return the JSON form, ``kind`` or ``kind:detail``."""
        return self.text

    @staticmethod
    def parse(text: str) -> Guardrail:
        """Read the JSON form; ValueError when it names no guardrail."""
        return _parse_guardrail(text)


_GUARDRAIL_KINDS: Final = {kind.value: kind for kind in GuardrailKind}


# Plans repeat the same few guardrails, and a Guardrail is immutable: one is shared.
@lru_cache(maxsize=1024)
def _parse_guardrail(text: str) -> Guardrail:
    if (kind := _GUARDRAIL_KINDS.get(text)) is not None:
        return Guardrail(kind)
    colon = text.find(":")
    while colon != -1:
        if (kind := _GUARDRAIL_KINDS.get(text[:colon])) is not None:
            return Guardrail(kind, text[colon + 1 :])
        colon = text.find(":", colon + 1)
    raise ValueError(f"not a guardrail: {text!r}")


def _guardrails_as_text(guardrails: list[Guardrail]) -> list[str]:
    return [guardrail.text for guardrail in guardrails]


def _guardrails_from_text(texts: list[str] | None) -> list[Guardrail]:
    return [Guardrail.parse(text) for text in texts or []]


@dataclass(slots=True)
class Targets(JsonModel):
    """What a goal acts on; empty lists mean "not restricted by this"."""

    entity_ids: list[str] = field(default_factory=list)
    area_ids: list[str] = field(default_factory=list)
    floor_ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    device_classes: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether nothing restricts the selection."""
        return not (
            self.entity_ids
            or self.area_ids
            or self.floor_ids
            or self.domains
            or self.device_classes
        )


@dataclass(slots=True)
class Goal(JsonModel):
    """One thing to achieve, e.g. ``turn_off`` the kitchen lights."""

    type: GoalType
    targets: Targets = field(default_factory=Targets)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Constraint(JsonModel):
    """A limit on the plan; ``fields`` holds the type's fields of DESIGN §5.

    Times in ``fields`` are ISO-8601 strings in the home's time zone.
    """

    type: ConstraintType
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: the type next to its fields."""
        return {"type": self.type.value, **self.fields}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from the JSON form."""
        fields = {key: value for key, value in data.items() if key != "type"}
        return cls(type=ConstraintType(data["type"]), fields=fields)


@dataclass(slots=True)
class ProposedBy(JsonModel):
    """The language model that proposed a TaskSpec the grammar did not understand.

    ``agent_id`` is its conversation agent or AI Task entity, ``name`` what Home
    Assistant calls it, ``local`` whether its integration runs in the home.
    """

    agent_id: str
    name: str
    local: bool


@dataclass(slots=True)
class TaskSpec(JsonModel):
    """What the user asked for, normalised (DESIGN §4 ``task_spec``).

    ``proposed_by`` (an addition to §4) is set when a language model proposed the
    goals because neither the grammar nor the interpretation layer understood the
    request; None when Orchestration understood it itself.
    """

    intent: str
    language: str = "en"
    trigger_type: TriggerType = TriggerType.USER_REQUEST
    goals: list[Goal] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    privacy_class: PrivacyClass = PrivacyClass.INTERNAL
    confidence: float = 0.0
    unresolved: list[str] = field(default_factory=list)
    proposed_by: ProposedBy | None = None

    def constraint(self, kind: ConstraintType) -> Constraint | None:
        """Return the first constraint of a type, if any."""
        return next((item for item in self.constraints if item.type is kind), None)


@dataclass(slots=True)
class ConsentReference(JsonModel):
    """A recorded consent: ``user_id`` (or everyone when None) may use ``scope``."""

    consent_id: str
    scope: str
    user_id: str | None
    granted_by: str | None
    granted_at: datetime
    expires: datetime | None = None
    revoked_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        """Whether the consent is in force at ``now``."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires is None or now < self.expires


@dataclass(slots=True, frozen=True)
class Approval(JsonModel):
    """A person's approval of one plan version (DESIGN §8 ``policy.approval``).

    ``by`` approved at ``at``; it holds until ``expires_at`` and only for the plan
    version whose digest is ``covers`` (``approvals.covers``: its steps, targets,
    data, permissions and the approver). ``plan_id`` is the plan the person
    approved; a replan that carries the approval names its predecessor there.
    """

    by: str
    at: datetime
    expires_at: datetime
    covers: str
    plan_id: str


@dataclass(slots=True)
class PolicyDecision(JsonModel):
    """Outcome of the policy and consent gate (DESIGN §4 ``policy``).

    ``approval`` is set once a person approved the plan (DESIGN §8).
    """

    decision: Decision
    trust_tier: TrustTier
    required_scopes: list[str] = field(default_factory=list)
    approval_required: bool = False
    consent_refs: list[str] = field(default_factory=list)
    policy_hash: str = ""
    reasons: list[str] = field(default_factory=list)
    missing_scopes: list[str] = field(default_factory=list)
    approval: Approval | None = None


@dataclass(slots=True)
class StepCheck(JsonModel):
    """A guardrail checked when its step runs: the condition that must hold then.

    ``condition`` is a Home Assistant condition config; the handover puts it in
    front of the step's actions, so the check and its result are in the trace.
    """

    guardrail: Guardrail = field(
        metadata=json_hooks(
            encode=lambda guardrail: guardrail.text,
            decode=lambda text: Guardrail.parse(str(text)),
        )
    )
    condition: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ExecutionStep(JsonModel):
    """One node of the plan DAG (DESIGN §4 ``plan.steps``).

    ``energy_kwh`` is the energy a step draws (deferrable loads, preconditioning) and
    ``baseline_cost`` what the same step would cost started at once, for comparison.
    """

    step_id: StepId
    kind: StepKind
    action: str | None = None
    target: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    depends_on: list[StepId] = field(default_factory=list)
    not_before: datetime | None = None
    fallbacks: list[ExecutionStep] = field(default_factory=list)
    guardrails: list[Guardrail] = field(
        default_factory=list,
        metadata=json_hooks(encode=_guardrails_as_text, decode=_guardrails_from_text),
    )
    local: bool = True
    estimated_cost: float = 0.0
    estimated_duration_s: float = 0.0
    description: str = ""
    goal_index: int | None = None
    energy_kwh: float = 0.0
    baseline_cost: float | None = None
    checks: list[StepCheck] = field(default_factory=list)

    @property
    def entity_ids(self) -> list[str]:
        """Entities this step acts on."""
        return list(self.target.get("entity_id", []))

    @property
    def wait(self) -> Wait | None:
        """What the step waits for before it may run: a condition, or its time."""
        condition = self.data.get(WAIT_DATA_KEY) if self.kind is StepKind.WAIT else None
        if isinstance(condition, Mapping):
            return Wait.from_dict(condition)
        if self.not_before is None:
            return None
        return Wait(
            WaitKind.TIME,
            at=self.not_before,
            expires_at=self.not_before + MISSED_START_GRACE,
        )


@dataclass(slots=True)
class PlanScores(JsonModel):
    """Scores of a plan, each 0..1 where higher is better."""

    privacy: float = 0.0
    cost: float = 0.0
    latency: float = 0.0
    comfort: float = 0.0
    total: float = 0.0


@dataclass(slots=True)
class ExecutionPlan(JsonModel):
    """The DAG of steps chosen under a strategy (DESIGN §4 ``plan``)."""

    strategy: Strategy
    steps: list[ExecutionStep] = field(default_factory=list)
    scores: PlanScores = field(default_factory=PlanScores)
    estimated_cost: float = 0.0
    privacy_score: float = 1.0
    notes: list[str] = field(default_factory=list)

    def step(self, step_id: StepId) -> ExecutionStep:
        """Return a step by id; KeyError when absent."""
        for step in self.steps:
            if step.step_id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def entity_ids(self) -> list[str]:
        """Every entity the plan's action steps act on, in step order, once each."""
        seen: dict[str, None] = {}
        for step in self.steps:
            if step.kind is StepKind.ACTION:
                seen.update(dict.fromkeys(step.entity_ids))
        return list(seen)


@dataclass(slots=True)
class Alternative(JsonModel):
    """A plan the planner considered but did not choose."""

    strategy: Strategy
    scores: PlanScores
    estimated_cost: float
    summary: str
    plan: ExecutionPlan | None = None


@dataclass(slots=True)
class Explanation(JsonModel):
    """Why this plan, in plain words (DESIGN §4 ``explanation``)."""

    summary: str = ""
    steps: list[str] = field(default_factory=list)
    privacy: str = ""
    consent: str = ""
    cost: str = ""
    guardrails: list[str] = field(default_factory=list)


# --- Context snapshot -------------------------------------------------------------


@dataclass(slots=True)
class FloorInfo(JsonModel):
    """A floor of the home."""

    floor_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    level: int | None = None


@dataclass(slots=True)
class AreaInfo(JsonModel):
    """An area of the home."""

    area_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    floor_id: str | None = None
    temperature_entity_id: str | None = None
    humidity_entity_id: str | None = None


@dataclass(slots=True)
class EntityInfo(JsonModel):
    """An enabled entity with what the planner needs to know about it."""

    entity_id: str
    name: str
    state: str = "unknown"
    aliases: list[str] = field(default_factory=list)
    area_id: str | None = None
    device_id: str | None = None
    device_class: str | None = None
    supported_features: int = 0
    attributes: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    exposed: bool = True
    local: bool = True
    platform: str | None = None
    labels: list[str] = field(default_factory=list)
    unit: str | None = None
    power_w: float | None = None
    # The deferrable appliance this entity starts (e.g. "dishwasher"), if any.
    appliance: str | None = None
    # When the state last changed, and what a power sensor on the same device reads
    # now (``power_w`` is the draw to plan with, which may be a default).
    last_changed: datetime | None = None
    measured_power_w: float | None = None

    @property
    def domain(self) -> str:
        """The entity's domain, e.g. ``light``."""
        return self.entity_id.partition(".")[0]


@dataclass(slots=True)
class AreaEnvironment(JsonModel):
    """Measured conditions in one area."""

    temperature: float | None = None
    humidity: float | None = None
    illuminance: float | None = None


@dataclass(slots=True)
class Environment(JsonModel):
    """Indoor conditions per area and the weather outside."""

    areas: dict[str, AreaEnvironment] = field(default_factory=dict)
    outdoor_temperature: float | None = None
    weather_entity_id: str | None = None
    weather_condition: str | None = None


@dataclass(slots=True)
class PersonInfo(JsonModel):
    """A person and where they are."""

    entity_id: str
    name: str
    state: str
    user_id: str | None = None
    last_changed: datetime | None = None

    @property
    def is_home(self) -> bool:
        """Whether the person is in the home zone."""
        return self.state == "home"


@dataclass(slots=True)
class AreaOccupancy(JsonModel):
    """Presence in one area from occupancy, presence and motion sensors."""

    occupied: bool
    entity_ids: list[str] = field(default_factory=list)
    last_changed: datetime | None = None


@dataclass(slots=True)
class Occupancy(JsonModel):
    """Who is home and which areas are occupied."""

    persons: list[PersonInfo] = field(default_factory=list)
    home_count: int = 0
    areas: dict[str, AreaOccupancy] = field(default_factory=dict)

    @property
    def anyone_home(self) -> bool:
        """Whether at least one person is home."""
        return self.home_count > 0


@dataclass(slots=True, frozen=True)
class PriceSlot(JsonModel):
    """Energy price per kWh from ``start`` (inclusive) to ``end`` (exclusive), UTC-aware."""

    start: datetime
    end: datetime
    price: float


@dataclass(slots=True)
class Tariff(JsonModel):
    """Normalised energy prices: sorted, non-overlapping slots."""

    source: str
    currency: str | None = None
    slots: list[PriceSlot] = field(default_factory=list)
    current_price: float | None = None
    entity_id: str | None = None


@dataclass(slots=True, frozen=True)
class TimeWindow(JsonModel):
    """A span of absolute time, UTC-aware, ``end`` exclusive."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside the window."""
        return self.start <= moment < self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) shares any time with the window."""
        return start < self.end and self.start < end


@dataclass(slots=True)
class QuietHours(JsonModel):
    """Quiet periods from now on, and whether quiet is in force right now."""

    windows: list[TimeWindow] = field(default_factory=list)
    active: bool = False
    override_entity_ids: list[str] = field(default_factory=list)
    # Every override entity configured, on or not (``override_entity_ids``: those on).
    configured_overrides: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SunTimes(JsonModel):
    """Sunrises and sunsets around now (the last one, the next, the one after), UTC."""

    sunrise: list[datetime] = field(default_factory=list)
    sunset: list[datetime] = field(default_factory=list)


@dataclass(slots=True)
class ContextSnapshot(JsonModel):
    """The live home at one moment, as the planner sees it."""

    now: datetime
    time_zone: str = "UTC"
    floors: dict[str, FloorInfo] = field(default_factory=dict)
    areas: dict[str, AreaInfo] = field(default_factory=dict)
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    environment: Environment = field(default_factory=Environment)
    occupancy: Occupancy = field(default_factory=Occupancy)
    tariff: Tariff | None = None
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    power_limit_w: float | None = None
    # Power at the grid connection, positive when importing and negative when
    # exporting (solar surplus); None without a grid power sensor.
    grid_power_w: float | None = None
    # The unit of the home's temperatures (climate set points, area sensors).
    temperature_unit: str = "°C"
    # None where Home Assistant knows no location to compute them for.
    sun: SunTimes | None = None
    # The home's currency (ISO 4217), for amounts when the tariff names none.
    currency: str | None = None

    def floor_of(self, entity: EntityInfo) -> str | None:
        """The floor an entity is on, through its area."""
        area = self.areas.get(entity.area_id or "")
        return area.floor_id if area else None

    def select(self, targets: Targets) -> list[EntityInfo]:
        """Entities matching every restriction of ``targets``, in entity-id order.

        Named entities are returned as named (when they exist); otherwise areas, floors,
        domains and device classes narrow the whole home.
        """
        if targets.entity_ids:
            return [
                self.entities[entity_id]
                for entity_id in targets.entity_ids
                if entity_id in self.entities
            ]
        if targets.is_empty():
            return []
        areas = set(targets.area_ids)
        floors = set(targets.floor_ids)
        domains = set(targets.domains)
        device_classes = set(targets.device_classes)
        selected = [
            entity
            for entity in self.entities.values()
            if (not areas or entity.area_id in areas)
            and (not floors or self.floor_of(entity) in floors)
            and (not domains or entity.domain in domains)
            and (not device_classes or entity.device_class in device_classes)
        ]
        return sorted(selected, key=lambda entity: entity.entity_id)


# --- The stored plan ---------------------------------------------------------------


@dataclass(slots=True)
class StatusChange(JsonModel):
    """One transition in a plan's history."""

    old: PlanStatus | None
    new: PlanStatus
    at: datetime
    reason: str = ""


@dataclass(slots=True, frozen=True)
class ContextHints(JsonModel):
    """What the caller of a request knows about where it came from."""

    # The area "here" means (the satellite's or the dashboard's area).
    area_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: only the hints given."""
        return {} if self.area_id is None else {"area_id": self.area_id}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from the JSON form."""
        area_id = data.get("area_id")
        return cls(area_id=None if area_id is None else str(area_id))


@dataclass(slots=True, frozen=True)
class Preferences(JsonModel):
    """What one request asks of the planner; None leaves the option's value."""

    privacy_first: bool | None = None
    cost_budget: float | None = None
    latency_budget_ms: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: only the preferences given."""
        given = {
            "privacy_first": self.privacy_first,
            "cost_budget": self.cost_budget,
            "latency_budget_ms": self.latency_budget_ms,
        }
        return {key: value for key, value in given.items() if value is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from the JSON form."""
        privacy_first = data.get("privacy_first")
        cost_budget = data.get("cost_budget")
        latency_budget_ms = data.get("latency_budget_ms")
        return cls(
            privacy_first=None if privacy_first is None else bool(privacy_first),
            cost_budget=None if cost_budget is None else float(cost_budget),
            latency_budget_ms=None
            if latency_budget_ms is None
            else float(latency_budget_ms),
        )


def _wait_at(wait: Wait) -> datetime:
    return wait.at or datetime.min.replace(tzinfo=UTC)


_WAITING_STATUSES: Final = frozenset(
    {
        PlanStatus.PREVIEW,
        PlanStatus.PENDING_APPROVAL,
        PlanStatus.SCHEDULED,
        PlanStatus.RUNNING,
    }
)


@dataclass(slots=True)
class Recommendation(JsonModel):
    """Why the home proposed a plan itself (DESIGN §8 ``PlanResponse.recommendation``).

    ``title`` and ``reason`` are in the plan's language, built from ``figures``; the
    suggestion ends at ``expires_at`` at the latest. ``accepted_by`` is the user who
    accepted it: until then the plan only waits for a person to accept it.
    """

    rule: str
    title: str
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)
    expires_at: datetime | None = None
    accepted_by: str | None = None


@dataclass(slots=True)
class PlanRecord(JsonModel):
    """A plan with everything the pipeline produced and what happened to it since.

    The fields are in the order of the stored form and of the PlanResponse (DESIGN §4):
    the ones after ``alternatives`` are keyword-only.
    """

    plan_id: str
    status: PlanStatus
    created: datetime
    task_spec: TaskSpec
    policy: PolicyDecision
    plan: ExecutionPlan
    _: KW_ONLY
    alternatives: list[Alternative] = field(default_factory=list)
    explanation: Explanation
    script: dict[str, Any]
    planning_time_ms: float
    user_id: str | None = None
    history: list[StatusChange] = field(default_factory=list)
    replaces: str | None = None
    superseded_by: str | None = None
    error: str | None = None
    run_started: datetime | None = None
    run_finished: datetime | None = None
    approved_by: str | None = None
    # What the request said beyond its intent; a replan asks the same.
    context_hints: ContextHints = field(default_factory=ContextHints)
    preferences: Preferences = field(default_factory=Preferences)
    # Set when the home proposed the plan itself (an insight recommendation).
    recommendation: Recommendation | None = None
    # Who asked and when (a replan keeps both): what the plan's claims on devices
    # count against other plans'. None in plans stored before they were kept.
    origin: Origin | None = None
    requested_at: datetime | None = None
    # Devices this plan gave up to another plan that outranked it, by entity id: the
    # other plan's id. Changes to them are not the plan's to undo.
    yielded: dict[str, str] = field(default_factory=dict)
    # What happened to each step since the plan started (a missing step: pending).
    progress: dict[str, StepProgress] = field(default_factory=dict)
    # Devices a person changed after the plan acted on them: the plan leaves them be.
    overridden: list[str] = field(default_factory=list)

    @property
    def is_suggestion(self) -> bool:
        """Whether the plan is the home's suggestion that nobody has accepted yet."""
        return (
            self.recommendation is not None and self.recommendation.accepted_by is None
        )

    @property
    def claim_origin(self) -> Origin:
        """Who asked for the plan (for plans stored before it was kept: by its user)."""
        if self.origin is not None:
            return self.origin
        return Origin.USER_REQUEST if self.user_id else Origin.AUTOMATION

    @property
    def request_time(self) -> datetime:
        """When the request that led to this plan was made."""
        return self.requested_at or self.created

    @property
    def left_to_others(self) -> set[str]:
        """Devices the plan no longer acts on.

        A person changed them after the plan acted, or the plan gave them up to a
        plan that comes first.
        """
        return {*self.overridden, *self.yielded}

    def step_state(self, step_id: str) -> StepState:
        """Where the step is (pending until the plan reaches it)."""
        found = self.progress.get(step_id)
        return StepState.PENDING if found is None else found.state

    def current_wait(self) -> Wait | None:
        """What the plan waits for now, if anything (DESIGN §8 ``wait``).

        A wait counts once the steps before it are done: a condition first, else the
        earliest time. Plans that have ended, or never will run, wait for nothing.
        """
        if self.status not in _WAITING_STATUSES:
            return None
        done = {
            step_id
            for step_id, progress in self.progress.items()
            if progress.state is StepState.DONE
        }
        waits: list[Wait] = [
            wait
            for step in self.plan.steps
            if self.step_state(step.step_id) in (StepState.PENDING, StepState.WAITING)
            and all(upstream in done for upstream in step.depends_on)
            and (wait := step.wait) is not None
        ]
        conditions = [wait for wait in waits if wait.kind is not WaitKind.TIME]
        if conditions:
            return conditions[0]
        return min(waits, key=_wait_at) if waits else None

    def as_response(self) -> dict[str, Any]:
        """Return the PlanResponse of DESIGN §4 (stored form plus nothing private)."""
        response = self.as_dict()
        wait = self.current_wait()
        response["wait"] = None if wait is None else wait.as_dict()
        response["alternatives"] = [
            {
                "strategy": item.strategy.value,
                "scores": item.scores.as_dict(),
                "estimated_cost": item.estimated_cost,
                "summary": item.summary,
            }
            for item in self.alternatives
        ]
        return response

    def as_summary(self) -> dict[str, Any]:
        """Return the short form used by ``list_plans``."""
        return {
            "plan_id": self.plan_id,
            "status": self.status.value,
            "created": self.created.isoformat(),
            "intent": self.task_spec.intent,
            "trigger_type": self.task_spec.trigger_type.value,
            "summary": self.explanation.summary,
            "strategy": self.plan.strategy.value,
            "estimated_cost": self.plan.estimated_cost,
            "privacy_score": self.plan.privacy_score,
            "approval_required": self.policy.approval_required,
            "user_id": self.user_id,
            "recommendation": None
            if self.recommendation is None
            else self.recommendation.as_dict(),
        }
