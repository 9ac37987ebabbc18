"""Never the wrong device (issue 14): a word corrected into the name of another thing.

A misspelt word is corrected to the nearest word the home or the lexicon knows. A room's
name written as one word ("diningroom") is no slip of another room's ("livingroom"),
and a common word ("rocket", "header") is no slip of a device kind's word ("socket",
"heater"): the translator finds that room or asks. Genuine typos still find what was
meant. Requests come from the living room of the test home of ``homes.py``.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
)

from .homes import home, said_in, selected

_LIVING_ROOM_LIGHTS = ["light.living_room_ceiling", "light.living_room_lamp"]


def _with_room(language: str, area_id: str, name: str, light: str) -> ContextSnapshot:
    """The test home with one more room that has a light."""
    snapshot = home(language)
    snapshot.areas[area_id] = AreaInfo(area_id=area_id, name=name, floor_id="ground")
    snapshot.entities[f"light.{area_id}"] = EntityInfo(
        entity_id=f"light.{area_id}", name=light, area_id=area_id
    )
    return snapshot


# --- a room's name written as one word --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "turn on the diningroom light",
        "turn off the diningroom lights",
        "make the diningroom red",
    ],
)
def test_a_joined_room_the_home_lacks_is_no_other_room(text: str) -> None:
    """No dining room here: "diningroom" is not the living room it resembles."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert selected(snapshot, spec) == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("area_id", "name", "text"),
    [
        ("dining_room", "Dining room", "turn on the diningroom light"),
        ("music_room", "Music room", "turn on the musicroom light"),
    ],
)
def test_a_joined_room_name_is_that_room(area_id: str, name: str, text: str) -> None:
    """A room's name without its space is that room, also one the lexicon lacks."""
    snapshot = _with_room("en", area_id, name, "Ceiling light")
    assert selected(snapshot, said_in(snapshot, text)) == [f"light.{area_id}"]


def test_a_room_said_apart_is_that_room_in_german() -> None:
    """ "Wohn Zimmer" is the Wohnzimmer, said in another room."""
    snapshot = home("de")
    spec = said_in(snapshot, "Licht im Wohn Zimmer an", language="de", area="kitchen")
    assert selected(snapshot, spec) == _LIVING_ROOM_LIGHTS


@pytest.mark.parametrize(
    ("text", "area", "expected"),
    [
        ("turn on the livingroom lights", "kitchen", _LIVING_ROOM_LIGHTS),
        ("turn on the living room lights", "kitchen", _LIVING_ROOM_LIGHTS),
        ("turn on the livngroom lights", "kitchen", _LIVING_ROOM_LIGHTS),
        ("turn on the bed room light", "kitchen", ["light.bedroom_lamp"]),
        ("turn on the bedrom light", "kitchen", ["light.bedroom_lamp"]),
        (
            "turn on the kitchn light",
            "living_room",
            ["light.kitchen_ceiling", "light.kitchen_counter"],
        ),
    ],
)
def test_rooms_written_otherwise_still_found(
    text: str, area: str, expected: list[str]
) -> None:
    snapshot = home("en")
    assert selected(snapshot, said_in(snapshot, text, area=area)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Licht im Wohnzimmmer an", _LIVING_ROOM_LIGHTS),
        ("Licht im Schlafzimer an", ["light.bedroom_lamp"]),
    ],
)
def test_german_rooms_misspelt_still_found(text: str, expected: list[str]) -> None:
    snapshot = home("de")
    spec = said_in(snapshot, text, language="de", area="kitchen")
    assert selected(snapshot, spec) == expected


# --- a common word is no slip of a device kind's word ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "turn on the rocket",
        "turn on the pocket",
        "turn off the rocket",
        "turn on the locket",
        "turn on the header",
        "turn on the flight",
        "open the garbage",
    ],
)
def test_a_common_word_is_no_device_kind(text: str) -> None:
    """Not the smart plug ("socket"), the heating ("heater"), the lights, the garage."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert selected(snapshot, spec) == []
    assert spec.unresolved


def test_a_common_word_is_no_slip_of_a_marker() -> None:
    """ "Bedside" is no slip of "besides": the note names the lamp, not an exception."""
    spec = said_in(home("en"), "turn on the bedside lamp")
    assert spec.goals == []
    assert spec.unresolved == ["There is no bedside lamp in this home."]


def test_a_german_word_is_no_device_kind() -> None:
    """ "Reizung" (an irritation) is not the "Heizung"."""
    snapshot = home("de")
    spec = said_in(snapshot, "Reizung an", language="de")
    assert selected(snapshot, spec) == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("turn on the sockett", ["switch.desk_plug"]),
        ("turn on the sokcet", ["switch.desk_plug"]),
        ("turn on the heaterr", ["climate.thermostat"]),
        ("turn on the lihgt", _LIVING_ROOM_LIGHTS),
        ("start irobot", ["vacuum.robot"]),
        ("turn my iroomba on", ["vacuum.robot"]),
    ],
)
def test_typos_of_device_kinds_still_found(text: str, expected: list[str]) -> None:
    snapshot = home("en")
    assert selected(snapshot, said_in(snapshot, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Steckdosse an", ["switch.desk_plug"]),
        ("Heitzung an", ["climate.thermostat"]),
    ],
)
def test_german_typos_of_device_kinds_still_found(
    text: str, expected: list[str]
) -> None:
    snapshot = home("de")
    assert selected(snapshot, said_in(snapshot, text, language="de")) == expected
