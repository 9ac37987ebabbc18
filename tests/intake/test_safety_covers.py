"""Never the wrong device (issue 14): blinds are no garage door, a garage opened is its door.

A blind, shutter or curtain is never the garage door or the gate, on Home Assistant's
German sentences ("Rollläden unten runter") as in the interpretation layer (a garage
door whose name says "shutter"). A garage opened or closed, with or without a position,
is its door, not its light. The home is the test home of ``homes.py`` with a garage
light, a driveway gate and curtains added; requests come from its living room.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import (
    ContextSnapshot,
    EntityInfo,
    GoalType,
)

from .homes import home, said_in, selected

_ENTRANCES = {"cover.garage_door", "cover.driveway_gate"}


def _home(language: str) -> ContextSnapshot:
    german = language == "de"
    snapshot = home(language)
    for entity in (
        EntityInfo(
            entity_id="light.garage",
            name="Garagenlicht" if german else "Garage light",
            area_id="garage",
        ),
        EntityInfo(
            entity_id="cover.driveway_gate",
            name="Einfahrtstor" if german else "Driveway gate",
            area_id="garden",
            device_class="gate",
        ),
        EntityInfo(
            entity_id="cover.bedroom_curtains",
            name="Vorhänge" if german else "Curtains",
            area_id="bedroom",
            device_class="curtain",
        ),
    ):
        snapshot.entities[entity.entity_id] = entity
    return snapshot


# --- blinds, shutters and curtains ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rollläden unten runter",
        "mach alle Rollläden im Erdgeschoss zu",
        "schließ die Vorhänge im Erdgeschoss",
        "Jalousien im Erdgeschoss hoch",
    ],
)
def test_blinds_downstairs_are_not_the_garage_door_or_the_gate(text: str) -> None:
    """Home Assistant's sentences read the noun as every cover of the floor."""
    snapshot = _home("de")
    spec = said_in(snapshot, text, language="de")
    assert selected(snapshot, spec) == ["cover.living_room_blinds"]


def test_blinds_in_the_garage_are_none() -> None:
    """The garage has a door and no blind: nothing is moved, and we say so."""
    snapshot = _home("de")
    spec = said_in(snapshot, "Rollläden in der Garage runter", language="de")
    assert spec.goals == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "close all the shutters"),
        ("en", "close all the blinds in the house"),
        ("de", "mach alle Rollläden im Erdgeschoss zu"),
    ],
)
def test_a_garage_door_named_a_shutter_is_no_shutter(language: str, text: str) -> None:
    snapshot = _home(language)
    snapshot.entities["cover.garage_door"] = EntityInfo(
        entity_id="cover.garage_door",
        name="Garagenrollladen" if language == "de" else "Garage roller shutter",
        area_id="garage",
        device_class="garage",
    )
    spec = said_in(snapshot, text, language=language)
    acted = selected(snapshot, spec)
    assert acted
    assert not _ENTRANCES & set(acted)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "open all the blinds",
            ["cover.bedroom_blinds", "cover.living_room_blinds"],
        ),
        ("de", "Rollläden im Wohnzimmer hoch", ["cover.living_room_blinds"]),
        ("de", "Mach die Garage auf", ["cover.garage_door"]),
        ("en", "open the garage", ["cover.garage_door"]),
    ],
)
def test_covers_said_so_are_still_moved(
    language: str, text: str, expected: list[str]
) -> None:
    snapshot = _home(language)
    spec = said_in(snapshot, text, language=language)
    assert selected(snapshot, spec) == expected


# --- a garage opened is its door ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "open the garage halfway"),
        ("en", "close the garage halfway"),
        ("en", "open the garage 50 percent"),
        ("en", "open the garage door halfway"),
        ("de", "mach die Garage halb auf"),
        ("de", "öffne die Garage zur Hälfte"),
    ],
)
def test_a_garage_opened_halfway_is_its_door(language: str, text: str) -> None:
    snapshot = _home(language)
    spec = said_in(snapshot, text, language=language)
    assert [(goal.type, goal.params) for goal in spec.goals] == [
        (GoalType.SET_POSITION, {"position": 50})
    ]
    assert selected(snapshot, spec) == ["cover.garage_door"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the lights and close the garage"),
        ("de", "mach das Licht aus und die Garage zu"),
    ],
)
def test_closing_the_garage_after_the_lights_closes_its_door(
    language: str, text: str
) -> None:
    snapshot = _home(language)
    spec = said_in(snapshot, text, language=language)
    acted = {
        goal.type: [entity.entity_id for entity in snapshot.select(goal.targets)]
        for goal in spec.goals
    }
    assert acted == {
        GoalType.TURN_OFF: ["light.living_room_ceiling", "light.living_room_lamp"],
        GoalType.CLOSE: ["cover.garage_door"],
    }
