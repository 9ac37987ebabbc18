"""The integration's options as one typed object, with their defaults and ranges.

The config entry stores the options flat under the keys of ``const``; those keys never
change, so entries of every earlier version load: a missing option takes its default,
and a value that cannot be read as its type takes the default with a warning. The
object is built once per set-up (``Options.from_entry``), kept in the entry's runtime
data and handed to every part that needs an option. The options flow takes its
defaults and ranges from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from enum import StrEnum
import logging
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry

from .const import (
    CONF_APPROVAL_TIMEOUT_MIN,
    CONF_COST_BUDGET_DEFAULT,
    CONF_DEFAULT_STRATEGY,
    CONF_ENABLE_PREVIEW_MODE,
    CONF_ENABLE_REPLANNING,
    CONF_LATENCY_BUDGET_DEFAULT_MS,
    CONF_LLM_FALLBACK,
    CONF_LLM_TIMEOUT_S,
    CONF_LOCAL_EXECUTION_PREFERENCE,
    CONF_MAX_PLAN_ALTERNATIVES,
    CONF_MAX_PLANNING_TIME_MS,
    CONF_NOTIFY_TARGETS,
    CONF_POWER_LIMIT_W,
    CONF_PRIORITY_AUTOMATION,
    CONF_PRIORITY_INSIGHT_RECOMMENDATION,
    CONF_PRIORITY_SCHEDULED_ROUTINE,
    CONF_PRIORITY_USER_REQUEST,
    CONF_PRIVACY_FIRST,
    CONF_TRUST_OVERRIDES,
    CONF_WAIT_TIMEOUT_H,
)
from .core.insights.options import (
    CONF_ENABLED as CONF_INSIGHTS_ENABLED,
    PREFIX as INSIGHTS_PREFIX,
    RULE_GROUPS,
    InsightOptions,
)
from .core.models import Origin, Preferences, Priority, Strategy
from .core.planning.arbiter import DEFAULT_PRIORITIES
from .core.planning.steps import PlannerOptions

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Every option of the entry; attribute names are the stored keys."""

    # The OrchestrationConfig of SEED.md.
    max_planning_time_ms: int = 5000
    max_plan_alternatives: int = 3
    enable_preview_mode: bool = True
    enable_replanning: bool = True
    privacy_first: bool = True
    local_execution_preference: float = 0.8
    cost_budget_default: float = 1.0
    latency_budget_default_ms: int = 5000
    default_strategy: Strategy = Strategy.BALANCED
    # The most the home's supply delivers at once (3 x 25 A at 230 V); None: no
    # limit (an entry that stores None has turned the limit off).
    power_limit_w: float | None = 17250.0
    approval_timeout_min: int = 60
    # How long a plan waits for a condition ("when someone gets home") without a
    # deadline said, in hours.
    wait_timeout_h: int = 24
    # Context sources (DESIGN §7); unset until the owner picks them.
    price_entity: str | None = None
    grid_power_entity: str | None = None
    quiet_hours_schedule: str | None = None
    quiet_hours_start: str | None = None
    quiet_hours_end: str | None = None
    quiet_hours_overrides: tuple[str, ...] = ()
    notify_targets: tuple[str, ...] = ()
    # Trust tier by Home Assistant user id.
    trust_overrides: Mapping[str, str] = field(default_factory=dict)
    # As the options flow stores them; ``core.routine_spec`` reads each one.
    routines: tuple[Mapping[str, Any], ...] = ()
    # Who comes first when two plans want the same device (``priority(origin)``).
    priority_user_request: Priority = DEFAULT_PRIORITIES[Origin.USER_REQUEST]
    priority_automation: Priority = DEFAULT_PRIORITIES[Origin.AUTOMATION]
    priority_scheduled_routine: Priority = DEFAULT_PRIORITIES[Origin.SCHEDULED_ROUTINE]
    priority_insight_recommendation: Priority = DEFAULT_PRIORITIES[
        Origin.INSIGHT_RECOMMENDATION
    ]
    # The language model fallback: off until the owner turns it on and picks an
    # agent (a conversation agent or AI Task entity id); how long it may take.
    llm_fallback: bool = False
    llm_agent: str | None = None
    llm_timeout_s: int = 15
    # The recommender's (issue 16), stored flat under their ``insights_*`` keys and
    # read by ``InsightOptions`` itself.
    insights: InsightOptions = field(default_factory=InsightOptions)

    @classmethod
    def from_entry(cls, entry: ConfigEntry) -> Options:
        """The options of a config entry."""
        return cls.from_mapping(entry.options)

    @classmethod
    def from_mapping(cls, stored: Mapping[str, Any]) -> Options:
        """Read stored options; missing or unreadable ones take their default."""
        values: dict[str, Any] = {INSIGHTS: InsightOptions.from_options(stored)}
        for key, read in _READERS.items():
            if key not in stored:
                continue
            try:
                values[key] = read(stored[key])
            except (TypeError, ValueError):
                _LOGGER.warning(
                    "Option %s has a value that cannot be used (%r); using %r",
                    key,
                    stored[key],
                    getattr(DEFAULTS, key),
                )
        return cls(**values)

    def as_stored(self) -> dict[str, Any]:
        """Every option as the entry stores it (JSON-ready)."""
        stored = {
            item.name: _stored(getattr(self, item.name))
            for item in fields(self)
            if item.name != INSIGHTS
        }
        return stored | self.insights.as_options()

    @property
    def approval_timeout(self) -> timedelta:
        """How long a plan waits for approval before it expires."""
        return timedelta(minutes=self.approval_timeout_min)

    def priority(self, origin: Origin) -> Priority:
        """How much a plan of ``origin`` counts on a device another plan wants."""
        key = next(key for key, of in PRIORITY_OPTIONS.items() if of is origin)
        priority: Priority = getattr(self, key)
        return priority

    def planner_options(self, preferences: Preferences) -> PlannerOptions:
        """What the planner honours for one request: its preferences over the options."""
        return PlannerOptions(
            max_planning_time_ms=float(self.max_planning_time_ms),
            max_plan_alternatives=self.max_plan_alternatives,
            privacy_first=_first(preferences.privacy_first, self.privacy_first),
            local_execution_preference=self.local_execution_preference,
            cost_budget=_first(preferences.cost_budget, self.cost_budget_default),
            latency_budget_ms=_first(
                preferences.latency_budget_ms, float(self.latency_budget_default_ms)
            ),
            wait_timeout_h=float(self.wait_timeout_h),
        )


def _first[T](preferred: T | None, default: T) -> T:
    return default if preferred is None else preferred


def _whole(value: Any) -> int:
    return int(float(value))


def _optional_number(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_text(value: Any) -> str | None:
    return str(value) if value else None


def _texts(value: Any) -> tuple[str, ...]:
    """A list of strings; a single string (as older entries may hold) is one item."""
    if isinstance(value, str):
        return (value,) if value else ()
    if not isinstance(value, Iterable):
        raise TypeError(value)
    return tuple(str(item) for item in value)


def _text_mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError(value)
    return {str(key): str(item) for key, item in value.items()}


def _mappings(value: Any) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise TypeError(value)
    return tuple(dict(item) for item in value if isinstance(item, Mapping))


# How a stored value is read, by the annotation of its attribute (a string, as every
# annotation here). An attribute of a new type needs its reader here: without one
# the module fails to import, so no option is ever read unchecked.
_READ_BY_TYPE: Final[Mapping[str, Callable[[Any], Any]]] = {
    "int": _whole,
    "float": float,
    "bool": bool,
    "Strategy": Strategy,
    "Priority": Priority,
    "float | None": _optional_number,
    "str | None": _optional_text,
    "tuple[str, ...]": _texts,
    "Mapping[str, str]": _text_mapping,
    "tuple[Mapping[str, Any], ...]": _mappings,
}
INSIGHTS: Final = "insights"
_READERS: Final[Mapping[str, Callable[[Any], Any]]] = {
    item.name: _READ_BY_TYPE[str(item.type)]
    for item in fields(Options)
    if item.name != INSIGHTS
}

DEFAULTS: Final = Options()


def _stored(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_stored(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _stored(item) for key, item in value.items()}
    return value


_STORED_DEFAULTS: Final = DEFAULTS.as_stored()


def stored_or_default(stored: Mapping[str, Any], key: str) -> Any:
    """The value an entry stores for ``key`` as it is, else the stored default."""
    if key in stored:
        return stored[key]
    return _STORED_DEFAULTS[key]


@dataclass(frozen=True, slots=True)
class NumberOption:
    """A numeric option: its allowed range and how a form offers it."""

    key: str
    bounds: tuple[float, float]
    step: float
    unit: str | None = None
    whole: bool = False

    def check(self, value: float) -> float | None:
        """The value as stored (int for whole numbers), or None when it is not allowed."""
        low, high = self.bounds
        if not low <= value <= high or (self.whole and not float(value).is_integer()):
            return None
        return int(value) if self.whole else float(value)


NUMBER_OPTIONS: Final[Mapping[str, NumberOption]] = {
    option.key: option
    for option in (
        NumberOption(
            CONF_MAX_PLANNING_TIME_MS, (50, 60000), step=50, unit="ms", whole=True
        ),
        NumberOption(CONF_MAX_PLAN_ALTERNATIVES, (0, 5), step=1, whole=True),
        NumberOption(
            CONF_APPROVAL_TIMEOUT_MIN, (1, 10080), step=1, unit="min", whole=True
        ),
        NumberOption(CONF_WAIT_TIMEOUT_H, (1, 168), step=1, unit="h", whole=True),
        NumberOption(CONF_LOCAL_EXECUTION_PREFERENCE, (0.0, 1.0), step=0.05),
        NumberOption(CONF_COST_BUDGET_DEFAULT, (0.0, 1000.0), step=0.01),
        NumberOption(
            CONF_LATENCY_BUDGET_DEFAULT_MS,
            (100, 600000),
            step=100,
            unit="ms",
            whole=True,
        ),
        NumberOption(CONF_POWER_LIMIT_W, (100.0, 100000.0), step=50, unit="W"),
        NumberOption(CONF_LLM_TIMEOUT_S, (1, 120), step=1, unit="s", whole=True),
    )
}

# The priority of each origin, by its option.
PRIORITY_OPTIONS: Final[Mapping[str, Origin]] = {
    CONF_PRIORITY_USER_REQUEST: Origin.USER_REQUEST,
    CONF_PRIORITY_AUTOMATION: Origin.AUTOMATION,
    CONF_PRIORITY_SCHEDULED_ROUTINE: Origin.SCHEDULED_ROUTINE,
    CONF_PRIORITY_INSIGHT_RECOMMENDATION: Origin.INSIGHT_RECOMMENDATION,
}

BOOLEAN_OPTIONS: Final = (
    CONF_ENABLE_PREVIEW_MODE,
    CONF_ENABLE_REPLANNING,
    CONF_PRIVACY_FIRST,
    CONF_LLM_FALLBACK,
)

# The recommender's options as the options flow shows them, from the ranges its own
# option classes declare: by group (``general``, each rule, ``delivery``), in order.
_INSIGHT_UNITS: Final = {"minutes": "min", "hours": "h", "days": "d", "kwh": "kWh"}
INSIGHT_GENERAL: Final = "general"
INSIGHT_DELIVERY: Final = "delivery"


def _insight_groups() -> dict[str, tuple[str, ...]]:
    keys = list(InsightOptions().as_options())
    groups = {
        group: tuple(
            key for key in keys if key.startswith(f"{INSIGHTS_PREFIX}_{group}_")
        )
        for group in (*RULE_GROUPS, INSIGHT_DELIVERY)
    }
    grouped = {key for group in groups.values() for key in group}
    return {
        INSIGHT_GENERAL: tuple(key for key in keys if key not in grouped),
        **groups,
    }


def _insight_numbers() -> dict[str, NumberOption]:
    defaults = InsightOptions()
    numbers = {}
    for group in (*RULE_GROUPS, INSIGHT_DELIVERY):
        values = getattr(defaults, group)
        for item in fields(values):
            if (bounds := item.metadata.get("range")) is None:
                continue
            whole = isinstance(getattr(values, item.name), int)
            key = f"{INSIGHTS_PREFIX}_{group}_{item.name}"
            numbers[key] = NumberOption(
                key,
                bounds,
                step=1 if whole else 0.01,
                unit=_INSIGHT_UNITS.get(item.name.rpartition("_")[2]),
                whole=whole,
            )
    return numbers


INSIGHT_GROUPS: Final[Mapping[str, tuple[str, ...]]] = _insight_groups()
INSIGHT_NUMBER_OPTIONS: Final[Mapping[str, NumberOption]] = _insight_numbers()
INSIGHT_BOOLEAN_OPTIONS: Final = tuple(
    key
    for keys in INSIGHT_GROUPS.values()
    for key in keys
    if key == CONF_INSIGHTS_ENABLED or key.endswith("_enabled")
)

# What a new entry starts with; the context sources stay unset until the owner picks
# them, and routines until the owner adds one.
DEFAULT_OPTIONS: Final[Mapping[str, Any]] = {
    key: stored_or_default({}, key)
    for key in (
        *NUMBER_OPTIONS,
        *BOOLEAN_OPTIONS,
        CONF_DEFAULT_STRATEGY,
        CONF_NOTIFY_TARGETS,
        CONF_TRUST_OVERRIDES,
    )
}
