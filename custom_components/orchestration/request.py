"""What a caller asks the engine, built the same way by every entry point.

Services, the websocket API, the LLM tools, Assist, routines and replans all make
their ``PlanRequest`` here, with the same fields: intent, trigger type, strategy,
context hints, preferences, language and user; and every list of plans is a
``PlanQuery`` (DESIGN §8 "Listing"). The validators below are the one definition of
those fields' input limits; the service schemas, the websocket commands and the LLM
tool parameters are made of them, so bad input is refused the same way everywhere,
with the field named, before anything is planned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
import math
from typing import Any, Final

from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import VolDictType
import voluptuous as vol

from .core.models import (
    ContextHints,
    Origin,
    PlanRecord,
    PlanStatus,
    Preferences,
    Recommendation,
    Strategy,
    TaskSpec,
    TriggerType,
)

MAX_INTENT_LENGTH: Final = 10_000


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise vol.Invalid("expected a finite number")
    return value


_AMOUNT = vol.All(vol.Coerce(float), _finite, vol.Range(min=0))

INTENT: Final = vol.All(cv.string, vol.Length(min=1, max=MAX_INTENT_LENGTH))
STRATEGY: Final = vol.Coerce(Strategy)
TRIGGER_TYPE: Final = vol.Coerce(TriggerType)
# Keys not listed are accepted and ignored, as they always were.
PREFERENCES: Final = vol.Schema(
    {
        vol.Optional("privacy_first"): cv.boolean,
        vol.Optional("cost_budget"): _AMOUNT,
        vol.Optional("latency_budget_ms"): _AMOUNT,
    },
    extra=vol.ALLOW_EXTRA,
)
CONTEXT_HINTS: Final = vol.Schema(
    {vol.Optional("area_id"): cv.string}, extra=vol.ALLOW_EXTRA
)

# Every field of a request as services take them.
REQUEST_FIELDS: Final[dict[vol.Marker, Any]] = {
    vol.Required("intent"): INTENT,
    vol.Optional("trigger_type"): TRIGGER_TYPE,
    vol.Optional("strategy"): STRATEGY,
    vol.Optional("context_hints", default=dict): CONTEXT_HINTS,
    vol.Optional("preferences", default=dict): PREFERENCES,
    vol.Optional("language"): cv.string,
}

DEFAULT_LIST_LIMIT: Final = 20
MAX_LIST_LIMIT: Final = 500
LIST_LIMIT: Final = vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_LIST_LIMIT))

# Which plans a list shows, as services and the websocket take them.
LIST_FIELDS: Final[VolDictType] = {
    vol.Optional("status"): vol.Coerce(PlanStatus),
    vol.Optional("trigger_type"): TRIGGER_TYPE,
    vol.Optional("limit", default=DEFAULT_LIST_LIMIT): LIST_LIMIT,
    vol.Optional("include_previews", default=False): cv.boolean,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanQuery:
    """Which plans a caller lists: newest first, at most ``limit``.

    Previews belong to whoever asked for one: they are left out unless asked for,
    by ``include_previews`` or by asking for their status or trigger type.
    """

    status: PlanStatus | None = None
    trigger_type: TriggerType | None = None
    limit: int = DEFAULT_LIST_LIMIT
    include_previews: bool = False

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> PlanQuery:
        """The query of validated ``fields`` (see ``LIST_FIELDS``)."""
        status = fields.get("status")
        trigger_type = fields.get("trigger_type")
        return cls(
            status=None if status is None else PlanStatus(status),
            trigger_type=None if trigger_type is None else TriggerType(trigger_type),
            limit=int(fields.get("limit", DEFAULT_LIST_LIMIT)),
            include_previews=bool(fields.get("include_previews", False)),
        )

    def matches(self, record: PlanRecord) -> bool:
        """Whether ``record`` is one of the plans asked for (the limit aside)."""
        if self.status is not None and record.status is not self.status:
            return False
        trigger = record.task_spec.trigger_type
        if self.trigger_type is not None and trigger is not self.trigger_type:
            return False
        return (
            self.include_previews
            or record.status is not PlanStatus.PREVIEW
            or self.status is PlanStatus.PREVIEW
            or self.trigger_type is TriggerType.PREVIEW_REQUEST
        )

    def select(self, newest_first: list[PlanRecord]) -> list[PlanRecord]:
        """The plans asked for, of ``newest_first`` (in that order), at most ``limit``."""
        return [record for record in newest_first if self.matches(record)][: self.limit]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRequest:
    """What a caller asks the engine to plan."""

    intent: str
    trigger_type: TriggerType = TriggerType.USER_REQUEST
    preview: bool = False
    strategy: Strategy | None = None
    context_hints: ContextHints = field(default_factory=ContextHints)
    preferences: Preferences = field(default_factory=Preferences)
    language: str | None = None
    user_id: str | None = None
    # A task already understood: the home's own suggestion names exactly what it
    # would do, so intake is skipped. Its ``recommendation`` says why.
    task: TaskSpec | None = None
    recommendation: Recommendation | None = None
    # Who really asks, set by the entry point (never from the request's fields): a
    # routine of the options, the home's own suggestion. None: a person when there
    # is a user, else an automation (``claim_origin``).
    origin: Origin | None = None
    # When the request was first made; a replan keeps its plan's (None: now).
    requested_at: datetime | None = None

    @property
    def claim_origin(self) -> Origin:
        """Who asks: what the plan's priority on shared devices follows."""
        if self.origin is not None:
            return self.origin
        return Origin.USER_REQUEST if self.user_id is not None else Origin.AUTOMATION

    @classmethod
    def from_fields(
        cls,
        fields: Mapping[str, Any],
        *,
        user_id: str | None,
        preview: bool = False,
        area_id: str | None = None,
        origin: Origin | None = None,
    ) -> PlanRequest:
        """The request of validated ``fields`` (see ``REQUEST_FIELDS``).

        ``area_id`` is where the caller knows the request came from (a satellite, a
        dashboard); a hint in the fields themselves comes first. Without a trigger
        type the request is the user's own (a preview's, when ``preview``).
        ``origin`` is for entry points inside the integration only (see the field).
        """
        hints = ContextHints.from_dict(dict(fields.get("context_hints") or {}))
        if hints.area_id is None and area_id:
            hints = ContextHints(area_id=area_id)
        strategy = fields.get("strategy")
        default_trigger = (
            TriggerType.PREVIEW_REQUEST if preview else TriggerType.USER_REQUEST
        )
        return cls(
            intent=fields["intent"],
            trigger_type=TriggerType(fields.get("trigger_type") or default_trigger),
            preview=preview,
            strategy=None if strategy is None else Strategy(strategy),
            context_hints=hints,
            preferences=Preferences.from_dict(dict(fields.get("preferences") or {})),
            language=fields.get("language"),
            user_id=user_id,
            origin=origin,
        )

    @classmethod
    def again(
        cls,
        record: PlanRecord,
        *,
        user_id: str | None,
        trigger_type: TriggerType = TriggerType.USER_REQUEST,
    ) -> PlanRequest:
        """The request that made ``record``, asked again (a replan, a submitted preview).

        It keeps the plan's intent, language, strategy, context hints and preferences;
        a suggestion's plan keeps its task and its recommendation, and a replan
        also keeps who asked and when (``claim_of``).
        """
        suggested = record.recommendation is not None
        return cls(
            intent=record.task_spec.intent,
            trigger_type=trigger_type,
            strategy=record.plan.strategy,
            context_hints=record.context_hints,
            preferences=record.preferences,
            language=record.task_spec.language,
            user_id=user_id,
            task=record.task_spec if suggested else None,
            recommendation=record.recommendation,
        )

    @classmethod
    def suggested(cls, task: TaskSpec, recommendation: Recommendation) -> PlanRequest:
        """The request of a suggestion of the home: its task, nobody's request."""
        return cls(
            intent=task.intent,
            trigger_type=TriggerType.INSIGHT_RECOMMENDATION,
            language=task.language,
            task=task,
            recommendation=recommendation,
            origin=Origin.INSIGHT_RECOMMENDATION,
        )

    def claim_of(self, record: PlanRecord) -> PlanRequest:
        """The same request, as asked by whoever asked for ``record``, then (a replan)."""
        return replace(
            self, origin=record.claim_origin, requested_at=record.request_time
        )
