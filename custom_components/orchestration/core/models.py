"""Data model of the orchestration pipeline (DESIGN §4, §5).

Pure Python: nothing here imports Home Assistant. Every class converts to a JSON-ready
dict with ``as_dict`` and back with ``from_dict``; ``from_dict(x.as_dict()) == x`` holds
for every value the pipeline produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Self


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


class StepKind(StrEnum):
    """What a plan step does."""

    ACTION = "action"
    WAIT = "wait"
    CONDITION = "condition"
    NOTIFY = "notify"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_iso(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _str_list(value: Any) -> list[str]:
    return [str(item) for item in value or []]


@dataclass(slots=True)
class Targets:
    """What a goal acts on; empty lists mean "not restricted by this"."""

    entity_ids: list[str] = field(default_factory=list)
    area_ids: list[str] = field(default_factory=list)
    floor_ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    device_classes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "entity_ids": list(self.entity_ids),
            "area_ids": list(self.area_ids),
            "floor_ids": list(self.floor_ids),
            "domains": list(self.domains),
            "device_classes": list(self.device_classes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            entity_ids=_str_list(data.get("entity_ids")),
            area_ids=_str_list(data.get("area_ids")),
            floor_ids=_str_list(data.get("floor_ids")),
            domains=_str_list(data.get("domains")),
            device_classes=_str_list(data.get("device_classes")),
        )

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
class Goal:
    """One thing to achieve, e.g. ``turn_off`` the kitchen lights."""

    type: GoalType
    targets: Targets = field(default_factory=Targets)
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "type": self.type.value,
            "targets": self.targets.as_dict(),
            "params": dict(self.params),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            type=GoalType(data["type"]),
            targets=Targets.from_dict(data.get("targets") or {}),
            params=dict(data.get("params") or {}),
        )


@dataclass(slots=True)
class Constraint:
    """A limit on the plan; ``fields`` holds the type's fields of DESIGN §5.

    Times in ``fields`` are ISO-8601 strings in the home's time zone.
    """

    type: ConstraintType
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: the type next to its fields."""
        return {"type": self.type.value, **self.fields}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        fields = {key: value for key, value in data.items() if key != "type"}
        return cls(type=ConstraintType(data["type"]), fields=fields)


@dataclass(slots=True)
class TaskSpec:
    """What the user asked for, normalised (DESIGN §4 ``task_spec``)."""

    intent: str
    language: str = "en"
    trigger_type: TriggerType = TriggerType.USER_REQUEST
    goals: list[Goal] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    privacy_class: PrivacyClass = PrivacyClass.INTERNAL
    confidence: float = 0.0
    unresolved: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "intent": self.intent,
            "language": self.language,
            "trigger_type": self.trigger_type.value,
            "goals": [goal.as_dict() for goal in self.goals],
            "constraints": [constraint.as_dict() for constraint in self.constraints],
            "privacy_class": self.privacy_class.value,
            "confidence": self.confidence,
            "unresolved": list(self.unresolved),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            intent=str(data["intent"]),
            language=str(data.get("language", "en")),
            trigger_type=TriggerType(
                data.get("trigger_type", TriggerType.USER_REQUEST)
            ),
            goals=[Goal.from_dict(goal) for goal in data.get("goals") or []],
            constraints=[
                Constraint.from_dict(item) for item in data.get("constraints") or []
            ],
            privacy_class=PrivacyClass(
                data.get("privacy_class", PrivacyClass.INTERNAL)
            ),
            confidence=float(data.get("confidence", 0.0)),
            unresolved=_str_list(data.get("unresolved")),
        )

    def constraint(self, kind: ConstraintType) -> Constraint | None:
        """Return the first constraint of a type, if any."""
        return next((item for item in self.constraints if item.type is kind), None)


@dataclass(slots=True)
class ConsentReference:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "consent_id": self.consent_id,
            "scope": self.scope,
            "user_id": self.user_id,
            "granted_by": self.granted_by,
            "granted_at": self.granted_at.isoformat(),
            "expires": _iso(self.expires),
            "revoked_at": _iso(self.revoked_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            consent_id=str(data["consent_id"]),
            scope=str(data["scope"]),
            user_id=data.get("user_id"),
            granted_by=data.get("granted_by"),
            granted_at=datetime.fromisoformat(data["granted_at"]),
            expires=_from_iso(data.get("expires")),
            revoked_at=_from_iso(data.get("revoked_at")),
        )


@dataclass(slots=True)
class PolicyDecision:
    """Outcome of the policy and consent gate (DESIGN §4 ``policy``)."""

    decision: Decision
    trust_tier: TrustTier
    required_scopes: list[str] = field(default_factory=list)
    approval_required: bool = False
    consent_refs: list[str] = field(default_factory=list)
    policy_hash: str = ""
    reasons: list[str] = field(default_factory=list)
    missing_scopes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "decision": self.decision.value,
            "trust_tier": self.trust_tier.value,
            "required_scopes": list(self.required_scopes),
            "approval_required": self.approval_required,
            "consent_refs": list(self.consent_refs),
            "policy_hash": self.policy_hash,
            "reasons": list(self.reasons),
            "missing_scopes": list(self.missing_scopes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            decision=Decision(data["decision"]),
            trust_tier=TrustTier(data["trust_tier"]),
            required_scopes=_str_list(data.get("required_scopes")),
            approval_required=bool(data.get("approval_required", False)),
            consent_refs=_str_list(data.get("consent_refs")),
            policy_hash=str(data.get("policy_hash", "")),
            reasons=_str_list(data.get("reasons")),
            missing_scopes=_str_list(data.get("missing_scopes")),
        )


@dataclass(slots=True)
class ExecutionStep:
    """One node of the plan DAG (DESIGN §4 ``plan.steps``).

    ``energy_kwh`` is the energy a step draws (deferrable loads, preconditioning) and
    ``baseline_cost`` what the same step would cost started at once, for comparison.
    """

    step_id: str
    kind: StepKind
    action: str | None = None
    target: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)
    not_before: datetime | None = None
    fallbacks: list[ExecutionStep] = field(default_factory=list)
    guardrails: list[str] = field(default_factory=list)
    local: bool = True
    estimated_cost: float = 0.0
    estimated_duration_s: float = 0.0
    description: str = ""
    goal_index: int | None = None
    energy_kwh: float = 0.0
    baseline_cost: float | None = None

    @property
    def entity_ids(self) -> list[str]:
        """Entities this step acts on."""
        return list(self.target.get("entity_id", []))

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "step_id": self.step_id,
            "kind": self.kind.value,
            "action": self.action,
            "target": {key: list(value) for key, value in self.target.items()},
            "data": dict(self.data),
            "depends_on": list(self.depends_on),
            "not_before": _iso(self.not_before),
            "fallbacks": [fallback.as_dict() for fallback in self.fallbacks],
            "guardrails": list(self.guardrails),
            "local": self.local,
            "estimated_cost": self.estimated_cost,
            "estimated_duration_s": self.estimated_duration_s,
            "description": self.description,
            "goal_index": self.goal_index,
            "energy_kwh": self.energy_kwh,
            "baseline_cost": self.baseline_cost,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            step_id=str(data["step_id"]),
            kind=StepKind(data["kind"]),
            action=data.get("action"),
            target={
                str(key): _str_list(value)
                for key, value in (data.get("target") or {}).items()
            },
            data=dict(data.get("data") or {}),
            depends_on=_str_list(data.get("depends_on")),
            not_before=_from_iso(data.get("not_before")),
            fallbacks=[cls.from_dict(item) for item in data.get("fallbacks") or []],
            guardrails=_str_list(data.get("guardrails")),
            local=bool(data.get("local", True)),
            estimated_cost=float(data.get("estimated_cost", 0.0)),
            estimated_duration_s=float(data.get("estimated_duration_s", 0.0)),
            description=str(data.get("description", "")),
            goal_index=data.get("goal_index"),
            energy_kwh=float(data.get("energy_kwh", 0.0)),
            baseline_cost=data.get("baseline_cost"),
        )


@dataclass(slots=True)
class PlanScores:
    """Scores of a plan, each 0..1 where higher is better."""

    privacy: float = 0.0
    cost: float = 0.0
    latency: float = 0.0
    comfort: float = 0.0
    total: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Return the JSON form."""
        return {
            "privacy": self.privacy,
            "cost": self.cost,
            "latency": self.latency,
            "comfort": self.comfort,
            "total": self.total,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            privacy=float(data.get("privacy", 0.0)),
            cost=float(data.get("cost", 0.0)),
            latency=float(data.get("latency", 0.0)),
            comfort=float(data.get("comfort", 0.0)),
            total=float(data.get("total", 0.0)),
        )


@dataclass(slots=True)
class ExecutionPlan:
    """The DAG of steps chosen under a strategy (DESIGN §4 ``plan``)."""

    strategy: Strategy
    steps: list[ExecutionStep] = field(default_factory=list)
    scores: PlanScores = field(default_factory=PlanScores)
    estimated_cost: float = 0.0
    privacy_score: float = 1.0
    notes: list[str] = field(default_factory=list)

    def step(self, step_id: str) -> ExecutionStep:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "strategy": self.strategy.value,
            "steps": [step.as_dict() for step in self.steps],
            "scores": self.scores.as_dict(),
            "estimated_cost": self.estimated_cost,
            "privacy_score": self.privacy_score,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            strategy=Strategy(data["strategy"]),
            steps=[ExecutionStep.from_dict(step) for step in data.get("steps") or []],
            scores=PlanScores.from_dict(data.get("scores") or {}),
            estimated_cost=float(data.get("estimated_cost", 0.0)),
            privacy_score=float(data.get("privacy_score", 1.0)),
            notes=_str_list(data.get("notes")),
        )


@dataclass(slots=True)
class Alternative:
    """A plan the planner considered but did not choose."""

    strategy: Strategy
    scores: PlanScores
    estimated_cost: float
    summary: str
    plan: ExecutionPlan | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "strategy": self.strategy.value,
            "scores": self.scores.as_dict(),
            "estimated_cost": self.estimated_cost,
            "summary": self.summary,
            "plan": None if self.plan is None else self.plan.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        plan = data.get("plan")
        return cls(
            strategy=Strategy(data["strategy"]),
            scores=PlanScores.from_dict(data.get("scores") or {}),
            estimated_cost=float(data.get("estimated_cost", 0.0)),
            summary=str(data.get("summary", "")),
            plan=None if plan is None else ExecutionPlan.from_dict(plan),
        )


@dataclass(slots=True)
class Explanation:
    """Why this plan, in plain words (DESIGN §4 ``explanation``)."""

    summary: str = ""
    steps: list[str] = field(default_factory=list)
    privacy: str = ""
    consent: str = ""
    cost: str = ""
    guardrails: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "summary": self.summary,
            "steps": list(self.steps),
            "privacy": self.privacy,
            "consent": self.consent,
            "cost": self.cost,
            "guardrails": list(self.guardrails),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            summary=str(data.get("summary", "")),
            steps=_str_list(data.get("steps")),
            privacy=str(data.get("privacy", "")),
            consent=str(data.get("consent", "")),
            cost=str(data.get("cost", "")),
            guardrails=_str_list(data.get("guardrails")),
        )


# --- Context snapshot -------------------------------------------------------------


@dataclass(slots=True)
class FloorInfo:
    """A floor of the home."""

    floor_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    level: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "floor_id": self.floor_id,
            "name": self.name,
            "aliases": list(self.aliases),
            "level": self.level,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            floor_id=str(data["floor_id"]),
            name=str(data["name"]),
            aliases=_str_list(data.get("aliases")),
            level=data.get("level"),
        )


@dataclass(slots=True)
class AreaInfo:
    """An area of the home."""

    area_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    floor_id: str | None = None
    temperature_entity_id: str | None = None
    humidity_entity_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "area_id": self.area_id,
            "name": self.name,
            "aliases": list(self.aliases),
            "floor_id": self.floor_id,
            "temperature_entity_id": self.temperature_entity_id,
            "humidity_entity_id": self.humidity_entity_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            area_id=str(data["area_id"]),
            name=str(data["name"]),
            aliases=_str_list(data.get("aliases")),
            floor_id=data.get("floor_id"),
            temperature_entity_id=data.get("temperature_entity_id"),
            humidity_entity_id=data.get("humidity_entity_id"),
        )


@dataclass(slots=True)
class EntityInfo:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "state": self.state,
            "aliases": list(self.aliases),
            "area_id": self.area_id,
            "device_id": self.device_id,
            "device_class": self.device_class,
            "supported_features": self.supported_features,
            "attributes": dict(self.attributes),
            "available": self.available,
            "exposed": self.exposed,
            "local": self.local,
            "platform": self.platform,
            "labels": list(self.labels),
            "unit": self.unit,
            "power_w": self.power_w,
            "appliance": self.appliance,
            "last_changed": _iso(self.last_changed),
            "measured_power_w": self.measured_power_w,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            entity_id=str(data["entity_id"]),
            name=str(data["name"]),
            state=str(data.get("state", "unknown")),
            aliases=_str_list(data.get("aliases")),
            area_id=data.get("area_id"),
            device_id=data.get("device_id"),
            device_class=data.get("device_class"),
            supported_features=int(data.get("supported_features", 0)),
            attributes=dict(data.get("attributes") or {}),
            available=bool(data.get("available", True)),
            exposed=bool(data.get("exposed", True)),
            local=bool(data.get("local", True)),
            platform=data.get("platform"),
            labels=_str_list(data.get("labels")),
            unit=data.get("unit"),
            power_w=data.get("power_w"),
            appliance=data.get("appliance"),
            last_changed=_from_iso(data.get("last_changed")),
            measured_power_w=data.get("measured_power_w"),
        )


@dataclass(slots=True)
class AreaEnvironment:
    """Measured conditions in one area."""

    temperature: float | None = None
    humidity: float | None = None
    illuminance: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "temperature": self.temperature,
            "humidity": self.humidity,
            "illuminance": self.illuminance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            temperature=data.get("temperature"),
            humidity=data.get("humidity"),
            illuminance=data.get("illuminance"),
        )


@dataclass(slots=True)
class Environment:
    """Indoor conditions per area and the weather outside."""

    areas: dict[str, AreaEnvironment] = field(default_factory=dict)
    outdoor_temperature: float | None = None
    weather_entity_id: str | None = None
    weather_condition: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "areas": {key: value.as_dict() for key, value in self.areas.items()},
            "outdoor_temperature": self.outdoor_temperature,
            "weather_entity_id": self.weather_entity_id,
            "weather_condition": self.weather_condition,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            areas={
                str(key): AreaEnvironment.from_dict(value)
                for key, value in (data.get("areas") or {}).items()
            },
            outdoor_temperature=data.get("outdoor_temperature"),
            weather_entity_id=data.get("weather_entity_id"),
            weather_condition=data.get("weather_condition"),
        )


@dataclass(slots=True)
class PersonInfo:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "state": self.state,
            "user_id": self.user_id,
            "last_changed": _iso(self.last_changed),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            entity_id=str(data["entity_id"]),
            name=str(data["name"]),
            state=str(data["state"]),
            user_id=data.get("user_id"),
            last_changed=_from_iso(data.get("last_changed")),
        )


@dataclass(slots=True)
class AreaOccupancy:
    """Presence in one area from occupancy, presence and motion sensors."""

    occupied: bool
    entity_ids: list[str] = field(default_factory=list)
    last_changed: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "occupied": self.occupied,
            "entity_ids": list(self.entity_ids),
            "last_changed": _iso(self.last_changed),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            occupied=bool(data["occupied"]),
            entity_ids=_str_list(data.get("entity_ids")),
            last_changed=_from_iso(data.get("last_changed")),
        )


@dataclass(slots=True)
class Occupancy:
    """Who is home and which areas are occupied."""

    persons: list[PersonInfo] = field(default_factory=list)
    home_count: int = 0
    areas: dict[str, AreaOccupancy] = field(default_factory=dict)

    @property
    def anyone_home(self) -> bool:
        """Whether at least one person is home."""
        return self.home_count > 0

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "persons": [person.as_dict() for person in self.persons],
            "home_count": self.home_count,
            "areas": {key: value.as_dict() for key, value in self.areas.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            persons=[PersonInfo.from_dict(item) for item in data.get("persons") or []],
            home_count=int(data.get("home_count", 0)),
            areas={
                str(key): AreaOccupancy.from_dict(value)
                for key, value in (data.get("areas") or {}).items()
            },
        )


@dataclass(slots=True, frozen=True)
class PriceSlot:
    """Energy price per kWh from ``start`` (inclusive) to ``end`` (exclusive), UTC-aware."""

    start: datetime
    end: datetime
    price: float

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "price": self.price,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
            price=float(data["price"]),
        )


@dataclass(slots=True)
class Tariff:
    """Normalised energy prices: sorted, non-overlapping slots."""

    source: str
    currency: str | None = None
    slots: list[PriceSlot] = field(default_factory=list)
    current_price: float | None = None
    entity_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "source": self.source,
            "currency": self.currency,
            "slots": [slot.as_dict() for slot in self.slots],
            "current_price": self.current_price,
            "entity_id": self.entity_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            source=str(data["source"]),
            currency=data.get("currency"),
            slots=[PriceSlot.from_dict(item) for item in data.get("slots") or []],
            current_price=data.get("current_price"),
            entity_id=data.get("entity_id"),
        )


@dataclass(slots=True, frozen=True)
class TimeWindow:
    """A span of absolute time, UTC-aware, ``end`` exclusive."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside the window."""
        return self.start <= moment < self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) shares any time with the window."""
        return start < self.end and self.start < end

    def as_dict(self) -> dict[str, str]:
        """Return the JSON form."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
        )


@dataclass(slots=True)
class QuietHours:
    """Quiet periods from now on, and whether quiet is in force right now."""

    windows: list[TimeWindow] = field(default_factory=list)
    active: bool = False
    override_entity_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "windows": [window.as_dict() for window in self.windows],
            "active": self.active,
            "override_entity_ids": list(self.override_entity_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            windows=[TimeWindow.from_dict(item) for item in data.get("windows") or []],
            active=bool(data.get("active", False)),
            override_entity_ids=_str_list(data.get("override_entity_ids")),
        )


@dataclass(slots=True)
class ContextSnapshot:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "now": self.now.isoformat(),
            "time_zone": self.time_zone,
            "floors": {key: value.as_dict() for key, value in self.floors.items()},
            "areas": {key: value.as_dict() for key, value in self.areas.items()},
            "entities": {key: value.as_dict() for key, value in self.entities.items()},
            "environment": self.environment.as_dict(),
            "occupancy": self.occupancy.as_dict(),
            "tariff": None if self.tariff is None else self.tariff.as_dict(),
            "quiet_hours": self.quiet_hours.as_dict(),
            "power_limit_w": self.power_limit_w,
            "grid_power_w": self.grid_power_w,
            "temperature_unit": self.temperature_unit,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        tariff = data.get("tariff")
        return cls(
            now=datetime.fromisoformat(data["now"]),
            time_zone=str(data.get("time_zone", "UTC")),
            floors={
                str(key): FloorInfo.from_dict(value)
                for key, value in (data.get("floors") or {}).items()
            },
            areas={
                str(key): AreaInfo.from_dict(value)
                for key, value in (data.get("areas") or {}).items()
            },
            entities={
                str(key): EntityInfo.from_dict(value)
                for key, value in (data.get("entities") or {}).items()
            },
            environment=Environment.from_dict(data.get("environment") or {}),
            occupancy=Occupancy.from_dict(data.get("occupancy") or {}),
            tariff=None if tariff is None else Tariff.from_dict(tariff),
            quiet_hours=QuietHours.from_dict(data.get("quiet_hours") or {}),
            power_limit_w=data.get("power_limit_w"),
            grid_power_w=data.get("grid_power_w"),
            temperature_unit=str(data.get("temperature_unit", "°C")),
        )


# --- The stored plan ---------------------------------------------------------------


@dataclass(slots=True)
class StatusChange:
    """One transition in a plan's history."""

    old: PlanStatus | None
    new: PlanStatus
    at: datetime
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "old": None if self.old is None else self.old.value,
            "new": self.new.value,
            "at": self.at.isoformat(),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        old = data.get("old")
        return cls(
            old=None if old is None else PlanStatus(old),
            new=PlanStatus(data["new"]),
            at=datetime.fromisoformat(data["at"]),
            reason=str(data.get("reason", "")),
        )


@dataclass(slots=True, frozen=True)
class ContextHints:
    """What the caller of a request knows about where it came from."""

    # The area "here" means (the satellite's or the dashboard's area).
    area_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form: only the hints given."""
        return {} if self.area_id is None else {"area_id": self.area_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        area_id = data.get("area_id")
        return cls(area_id=None if area_id is None else str(area_id))


@dataclass(slots=True, frozen=True)
class Preferences:
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
    def from_dict(cls, data: dict[str, Any]) -> Self:
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


@dataclass(slots=True)
class Recommendation:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "rule": self.rule,
            "title": self.title,
            "reason": self.reason,
            "figures": dict(self.figures),
            "expires_at": _iso(self.expires_at),
            "accepted_by": self.accepted_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the JSON form."""
        return cls(
            rule=str(data["rule"]),
            title=str(data.get("title", "")),
            reason=str(data.get("reason", "")),
            figures=dict(data.get("figures") or {}),
            expires_at=_from_iso(data.get("expires_at")),
            accepted_by=data.get("accepted_by"),
        )


@dataclass(slots=True)
class PlanRecord:
    """A plan with everything the pipeline produced and what happened to it since."""

    plan_id: str
    status: PlanStatus
    created: datetime
    task_spec: TaskSpec
    policy: PolicyDecision
    plan: ExecutionPlan
    explanation: Explanation
    script: dict[str, Any]
    planning_time_ms: float
    alternatives: list[Alternative] = field(default_factory=list)
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

    @property
    def is_suggestion(self) -> bool:
        """Whether the plan is the home's suggestion that nobody has accepted yet."""
        return (
            self.recommendation is not None and self.recommendation.accepted_by is None
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "plan_id": self.plan_id,
            "status": self.status.value,
            "created": self.created.isoformat(),
            "task_spec": self.task_spec.as_dict(),
            "policy": self.policy.as_dict(),
            "plan": self.plan.as_dict(),
            "alternatives": [item.as_dict() for item in self.alternatives],
            "explanation": self.explanation.as_dict(),
            "script": self.script,
            "planning_time_ms": self.planning_time_ms,
            "user_id": self.user_id,
            "history": [item.as_dict() for item in self.history],
            "replaces": self.replaces,
            "superseded_by": self.superseded_by,
            "error": self.error,
            "run_started": _iso(self.run_started),
            "run_finished": _iso(self.run_finished),
            "approved_by": self.approved_by,
            "context_hints": self.context_hints.as_dict(),
            "preferences": self.preferences.as_dict(),
            "recommendation": None
            if self.recommendation is None
            else self.recommendation.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the stored form."""
        return cls(
            plan_id=str(data["plan_id"]),
            status=PlanStatus(data["status"]),
            created=datetime.fromisoformat(data["created"]),
            task_spec=TaskSpec.from_dict(data["task_spec"]),
            policy=PolicyDecision.from_dict(data["policy"]),
            plan=ExecutionPlan.from_dict(data["plan"]),
            alternatives=[
                Alternative.from_dict(item) for item in data.get("alternatives") or []
            ],
            explanation=Explanation.from_dict(data.get("explanation") or {}),
            script=dict(data.get("script") or {}),
            planning_time_ms=float(data.get("planning_time_ms", 0.0)),
            user_id=data.get("user_id"),
            history=[
                StatusChange.from_dict(item) for item in data.get("history") or []
            ],
            replaces=data.get("replaces"),
            superseded_by=data.get("superseded_by"),
            error=data.get("error"),
            run_started=_from_iso(data.get("run_started")),
            run_finished=_from_iso(data.get("run_finished")),
            approved_by=data.get("approved_by"),
            context_hints=ContextHints.from_dict(data.get("context_hints") or {}),
            preferences=Preferences.from_dict(data.get("preferences") or {}),
            recommendation=None
            if data.get("recommendation") is None
            else Recommendation.from_dict(data["recommendation"]),
        )

    def as_response(self) -> dict[str, Any]:
        """Return the PlanResponse of DESIGN §4 (stored form plus nothing private)."""
        response = self.as_dict()
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
