"""A suggestion: a plan the home proposes, why, and when the reason for it is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from ..models import TaskSpec
from ..serialisation import JsonModel


class EndKind(StrEnum):
    """What ends the situation a suggestion is about."""

    # Every opening in ``entity_ids`` is closed again (or gone).
    CLOSED = "closed"
    # None of ``entity_ids`` is on any more.
    SWITCHED_OFF = "switched_off"
    # None of the climates in ``entity_ids`` heats or cools any more.
    CLIMATE_IDLE = "climate_idle"
    # Someone is sensed in ``area_id``.
    AREA_OCCUPIED = "area_occupied"
    # Someone came home.
    SOMEONE_HOME = "someone_home"
    # The load ``entity_ids[0]`` is no longer ``status`` (started, done, unplugged).
    LOAD_CHANGED = "load_changed"
    # Less than ``watts`` flow into the grid.
    SURPLUS_GONE = "surplus_gone"
    # ``at`` has passed (a price window, a period of consumption).
    TIME = "time"


@dataclass(frozen=True, slots=True)
class EndCondition(JsonModel):
    """One way the situation ends; only the fields its kind names are set."""

    kind: EndKind
    entity_ids: tuple[str, ...] = ()
    area_id: str | None = None
    status: str | None = None
    watts: float | None = None
    at: datetime | None = None


@dataclass(slots=True)
class Suggestion(JsonModel):
    """A plan the home proposes (``task``), with the figures that explain it.

    ``subject`` is what the suggestion is about (an area id, an entity id, or
    ``home``); with the rule it makes the dedupe key, so a dismissal holds for this
    rule and this target. ``targets`` are the entities the situation concerns (acted
    on or watched). Any condition of ``ends_when`` ends the situation; it ends at
    ``expires_at`` at the latest. ``saving`` is the estimated saving in ``currency``
    when the rule can tell. ``replaces`` names a scheduled plan that accepting would
    supersede.
    """

    rule: str
    subject: str
    targets: list[str]
    task: TaskSpec
    figures: dict[str, Any]
    ends_when: list[EndCondition]
    since: datetime
    expires_at: datetime
    saving: float | None = None
    currency: str | None = None
    replaces: str | None = None

    @property
    def key(self) -> str:
        """The dedupe key: rule and subject."""
        return f"{self.rule}:{self.subject}"

    @property
    def acted_on(self) -> frozenset[str]:
        """Every entity the proposed plan's goals name."""
        return frozenset(
            entity_id
            for goal in self.task.goals
            for entity_id in goal.targets.entity_ids
        )


@dataclass(slots=True)
class Figures:
    """Builds a suggestion's figures: JSON-ready values, times as ISO strings."""

    values: dict[str, Any] = field(default_factory=dict)

    def add(self, **values: Any) -> Self:
        """Add values; datetimes become ISO strings, floats are rounded, None dropped."""
        for name, value in values.items():
            if isinstance(value, datetime):
                self.values[name] = value.isoformat()
            elif isinstance(value, float):
                self.values[name] = round(value, 4)
            elif value is not None:
                self.values[name] = value
        return self
