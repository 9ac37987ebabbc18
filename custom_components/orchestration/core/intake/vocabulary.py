"""The home as words: hassil slot lists and name indexes built from a snapshot.

Mirrors what Home Assistant's default conversation agent puts into its slot lists
(``conversation/default_agent.py``): exposed entity names and aliases with the entity's
domain and device class as match context, area names and aliases, floor names and
aliases. Areas and floors carry their id as slot value, entities their spoken name, because
several entities may share a name and the recognizer keeps only one value per match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import re
from typing import Any

from hassil.intents import TextSlotList, TextSlotValue

from ..models import ContextSnapshot, EntityInfo

type Fingerprint = tuple[Any, ...]


_PUNCTUATION = re.compile(r"[^\w\s]+")


def fold(text: str) -> str:
    """Normalise a spoken name for comparison: case-folded, no punctuation, single-spaced.

    Used on both sides of "does the text mention this name", so that a name or text
    with punctuation (hassil strips it before matching) is still found.
    """
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def home_fingerprint(snapshot: ContextSnapshot) -> Fingerprint:
    """Everything the vocabulary depends on, cheap to compare."""
    return (
        tuple(
            (
                entity.entity_id,
                entity.name,
                tuple(entity.aliases),
                entity.area_id,
                entity.device_class,
                entity.exposed,
            )
            for entity in snapshot.entities.values()
        ),
        tuple(
            (area.area_id, area.name, tuple(area.aliases), area.floor_id)
            for area in snapshot.areas.values()
        ),
        tuple(
            (floor.floor_id, floor.name, tuple(floor.aliases))
            for floor in snapshot.floors.values()
        ),
    )


def _spoken_names(name: str, aliases: Iterable[str]) -> list[str]:
    """The name and the non-blank aliases, stripped, without repeats."""
    names: list[str] = []
    for spoken in (name, *aliases):
        text = spoken.strip()
        if text and text not in names:
            names.append(text)
    return names


@dataclass(slots=True)
class HomeVocabulary:
    """Slot lists and reverse indexes of one home."""

    area_values: list[tuple[str, TextSlotValue]]
    floor_values: list[tuple[str, TextSlotValue]]
    name_values: list[tuple[str, TextSlotValue]] = field(default_factory=list)
    entities_by_name: dict[str, list[str]] = field(default_factory=dict)
    hidden_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, snapshot: ContextSnapshot) -> HomeVocabulary:
        """Build the vocabulary of the home in ``snapshot``."""
        area_tuples = [
            (text, area.area_id)
            for area in snapshot.areas.values()
            for text in _spoken_names(area.name, area.aliases)
        ]
        floor_tuples = [
            (text, floor.floor_id)
            for floor in snapshot.floors.values()
            for text in _spoken_names(floor.name, floor.aliases)
        ]
        name_values: list[tuple[str, TextSlotValue]] = []
        entities_by_name: dict[str, list[str]] = {}
        hidden_names: dict[str, str] = {}
        for entity in snapshot.entities.values():
            if not entity.exposed:
                for text in _spoken_names(entity.name, entity.aliases):
                    hidden_names.setdefault(fold(text), text)
                continue
            context = _match_context(entity)
            for text in _spoken_names(entity.name, entity.aliases):
                key = fold(text)
                known = entities_by_name.setdefault(key, [])
                if entity.entity_id not in known:
                    known.append(entity.entity_id)
                name_values.append(
                    (
                        key,
                        TextSlotValue.from_tuple(
                            (text, key, context), allow_template=False
                        ),
                    )
                )
        return cls(
            area_values=_keyed(area_tuples),
            floor_values=_keyed(floor_tuples),
            name_values=name_values,
            entities_by_name=entities_by_name,
            hidden_names=hidden_names,
        )

    def slot_lists(self, text: str) -> tuple[dict[str, Any], frozenset[str]]:
        """Slot lists for recognising ``text``, and which of them it mentions.

        Like the default agent's trie, only names, areas and floors that occur in the
        text go into the lists: recognition cost then no longer grows with the size of
        the home (a value hassil matches occurs in the text, folded alike).
        """
        folded = fold(text)
        lists = {
            list_name: TextSlotList(
                name=list_name,
                values=[value for key, value in keyed if key in folded],
            )
            for list_name, keyed in (
                ("area", self.area_values),
                ("floor", self.floor_values),
                ("name", self.name_values),
            )
        }
        present = frozenset(name for name, found in lists.items() if found.values)
        return lists, present

    def hidden_names_in(self, text: str) -> list[str]:
        """Names of entities not exposed to Assist that ``text`` mentions."""
        folded = f" {fold(text)} "
        return [name for key, name in self.hidden_names.items() if f" {key} " in folded]

    def entities_named(self, spoken: str) -> list[str]:
        """Entity ids whose name or alias is ``spoken``."""
        return list(self.entities_by_name.get(fold(spoken), []))


def _keyed(tuples: list[tuple[str, str]]) -> list[tuple[str, TextSlotValue]]:
    """Slot values of (spoken, id) pairs, each with its folded spoken form."""
    return [
        (fold(text), TextSlotValue.from_tuple((text, value), allow_template=False))
        for text, value in tuples
    ]


def _match_context(entity: EntityInfo) -> dict[str, Any]:
    """Context hassil checks against a template's requires/excludes_context."""
    context: dict[str, Any] = {"domain": entity.domain}
    if entity.device_class:
        context["device_class"] = entity.device_class
    return context
