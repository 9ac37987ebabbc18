"""Goal-level intents (Orchestration* templates) as goals of DESIGN §5."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any

from ..models import ContextSnapshot, EntityInfo, Goal, GoalType, Targets
from ..texts import Reason
from .clarify import SUCH_DEVICE, THIS_HOME, Candidate, ambiguity_note, missing_note
from .device import Resolution, TargetResolver
from .recognizer import Match
from .vocabulary import fold

_GOAL_TYPES = {
    "OrchestrationRunAppliance": GoalType.RUN_APPLIANCE,
    "OrchestrationOptimizeEnergy": GoalType.OPTIMIZE_ENERGY,
    "OrchestrationPrecondition": GoalType.PRECONDITION,
    "OrchestrationSecureHome": GoalType.SECURE_HOME,
    "OrchestrationRoutine": GoalType.ROUTINE,
    "OrchestrationNotify": GoalType.NOTIFY,
    "OrchestrationQueryState": GoalType.QUERY_STATE,
}

# The ``scope`` slot of templates that say "in the whole house".
WHOLE_HOME = "home"

# Entities that can run an appliance (not the sensors that watch it).
APPLIANCE_DOMAINS = (
    "switch",
    "button",
    "select",
    "input_boolean",
    "water_heater",
    "climate",
    "fan",
    "valve",
)


@dataclass(slots=True)
class GoalResolver:
    """Turns goal-level matches into goals within one home."""

    targets: TargetResolver
    appliance_words: dict[str, list[str]]
    appliance_domains: tuple[str, ...] = APPLIANCE_DOMAINS

    @property
    def snapshot(self) -> ContextSnapshot:
        """The home goals are resolved in."""
        return self.targets.snapshot

    def resolve(self, match: Match) -> Resolution:
        """The goal a goal-level match asks for."""
        kind = _GOAL_TYPES[match.intent]
        slots = match.slots
        if kind is GoalType.RUN_APPLIANCE:
            return self._appliance(match)
        if kind is GoalType.ROUTINE:
            name = _said(slots.get("routine")) or _said(slots.get("routine_name"))
            if name is None:
                return Resolution(unresolved=[Reason("intake.which_routine")])
            return Resolution(goal=Goal(kind, Targets(), {"name": fold(name)}))
        if kind is GoalType.NOTIFY:
            return self._notify(match)
        if kind is GoalType.QUERY_STATE and slots.get("name") is not None:
            targets, problems = self.targets.targets(match)
            if targets is None:
                return Resolution(unresolved=problems)
            return Resolution(goal=Goal(kind, targets, {}))
        params: dict[str, Any] = {}
        if (temperature := _number(slots.get("temperature"))) is not None:
            params["temperature"] = temperature
        return Resolution(goal=Goal(kind, self._place(match, kind), params))

    def _place(self, match: Match, kind: GoalType) -> Targets:
        """Area or floor restrictions said (or the request's area for preconditioning)."""
        area_id = _text(match.slots.get("area"))
        floor_id = _text(match.slots.get("floor"))
        if (
            kind is GoalType.OPTIMIZE_ENERGY
            and area_id is None
            and floor_id is None
            and match.slots.get("scope") != WHOLE_HOME
        ):
            # No room said: the room the request came from (none: the whole home).
            area_id = self.targets.context_area_id
        domains = ["climate"] if kind is GoalType.PRECONDITION else []
        if kind is GoalType.QUERY_STATE:
            domains = ["sensor"]
        return Targets(
            area_ids=[area_id] if area_id else [],
            floor_ids=[floor_id] if floor_id else [],
            domains=domains
            if (area_id or floor_id or kind is GoalType.PRECONDITION)
            else [],
        )

    def _notify(self, match: Match) -> Resolution:
        # A message is data: it is sent as said, markup and all (the handover passes
        # it literally, so nothing of it is ever rendered).
        message = _text(match.slots.get("message"))
        if message is None:
            return Resolution(unresolved=[Reason("intake.which_message")])
        targets = Targets()
        if match.slots.get("name") is not None:
            found, problems = self.targets.targets(match)
            if found is None:
                return Resolution(unresolved=problems)
            targets = found
        return Resolution(goal=Goal(GoalType.NOTIFY, targets, {"message": message}))

    def _appliance(self, match: Match) -> Resolution:
        kind = _text(match.slots.get("appliance"))
        if kind is None:  # pragma: no cover - every appliance template sets one
            return Resolution(unresolved=[missing_note(SUCH_DEVICE, THIS_HOME)])
        words = [fold(word) for word in self.appliance_words.get(kind, [])]
        words.append(fold(kind.replace("_", " ")))
        area_id = _text(match.slots.get("area"))
        candidates = [
            entity
            for entity in self.snapshot.entities.values()
            if entity.exposed
            and entity.domain in self.appliance_domains
            and _names_appliance(entity, kind, words)
        ]
        if area_id is not None:
            candidates = [
                entity for entity in candidates if entity.area_id == area_id
            ] or candidates
        spoken = match.slot_texts.get("appliance") or kind.replace("_", " ")
        if not candidates:
            return Resolution(unresolved=[missing_note(spoken, THIS_HOME)])
        if len(candidates) > 1:
            areas = self.snapshot.areas
            described = [
                Candidate(
                    entity.name,
                    areas[entity.area_id].name if entity.area_id in areas else None,
                    entity.entity_id,
                )
                for entity in sorted(candidates, key=lambda item: item.entity_id)
            ]
            return Resolution(unresolved=[ambiguity_note(spoken, described)])
        return Resolution(
            goal=Goal(
                GoalType.RUN_APPLIANCE,
                Targets(entity_ids=[candidates[0].entity_id]),
                {"appliance": kind},
            )
        )


def _names_appliance(entity: EntityInfo, kind: str, words: list[str]) -> bool:
    """Whether an entity's id, name or an alias says it is this kind of appliance."""
    if kind in entity.entity_id.partition(".")[2]:
        return True
    names = [
        f" {fold(entity.name)} ",
        *(f" {fold(alias)} " for alias in entity.aliases),
    ]
    return any(word and f" {word} " in name for word in words for name in names)


def appliance_words(lists: dict[str, Any]) -> dict[str, list[str]]:
    """Words per appliance kind from the ``appliance`` list of a sentence file.

    Template syntax is flattened: "(dishwasher|dish washer)" gives both words.
    """
    words: dict[str, list[str]] = {}
    for value in (lists.get("appliance") or {}).get("values", []):
        if not isinstance(value, dict):
            continue
        text = str(value.get("in", ""))
        for word in text.replace("(", "").replace(")", "").split("|"):
            cleaned = word.replace("[", "").replace("]", "").strip()
            if cleaned:
                words.setdefault(str(value.get("out")), []).append(cleaned)
    return words


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# Template and markup syntax: a routine's name is looked up, never said, so it
# keeps none.
_MARKUP = re.compile(r"[{}<>\[\]|\\`$]+|%(?=\})|(?<=\{)%")


def _said(value: Any) -> str | None:
    """A name (a wildcard) without markup characters; None when nothing is left."""
    text = _text(value)
    if text is None:
        return None
    return _text(" ".join(_MARKUP.sub(" ", text).split()))


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
