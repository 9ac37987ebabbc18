"""One call into hassil, the way Home Assistant's default agent makes it.

Kept apart so differences between hassil releases (2.x with Home Assistant 2025.4, 3.x
with 2026.x) are handled in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hassil.intents import Intents
from hassil.recognize import recognize_best

# Slot names hassil fills with numbers or words the templates define themselves.
NUMERIC_SLOTS = frozenset(
    {"brightness", "temperature", "position", "volume", "volume_level"}
)


@dataclass(slots=True, frozen=True)
class Match:
    """What hassil recognised: an intent, its slot values and the match context."""

    intent: str
    slots: dict[str, Any]
    slot_texts: dict[str, str]
    context: dict[str, Any]


def recognize(
    text: str,
    intents: Intents,
    *,
    slot_lists: dict[str, Any],
    area: tuple[str, str] | None,
    language: str,
) -> Match | None:
    """The best match of ``text``, preferring results that name an entity.

    ``area`` is the (id, name) of the area the request came from, offered to templates
    that say "here" or name no area (hassil's ``requires_context: area: slot``).
    """
    intent_context = (
        None if area is None else {"area": {"value": area[0], "text": area[1]}}
    )
    result = recognize_best(
        text,
        intents,
        slot_lists=slot_lists,
        intent_context=intent_context,
        language=language,
        best_slot_name="name",
    )
    if result is None:
        return None
    return Match(
        intent=result.intent.name,
        slots={name: entity.value for name, entity in result.entities.items()},
        slot_texts={
            name: str(entity.text or "") for name, entity in result.entities.items()
        },
        context=dict(result.context or {}),
    )
