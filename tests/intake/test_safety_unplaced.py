"""Requests from no room (an automation, a dashboard): "the light" is one light.

Said with no context area and no place, a singular device noun ("the light", "light
on", "the heating") or a level with no noun ("set the brightness to 50%") does not say
which device is meant when such devices are in several rooms: we ask, naming them.
"The lights" are all of them, as before. A climate device whose name says it heats
something other than the rooms (a pool heater) is not "the heating".
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import ContextSnapshot, EntityInfo

from .homes import EVERY_LIGHT, home, said_in, selected

_LIGHTS = EVERY_LIGHT


def _with_pool_heater(language: str) -> ContextSnapshot:
    """The test home with its bedroom heating replaced by a heater of the pool."""
    snapshot = home(language)
    del snapshot.entities["climate.bedroom"]
    snapshot.entities["climate.pool_heater"] = EntityInfo(
        entity_id="climate.pool_heater",
        name="Pool heater" if language == "en" else "Poolheizung",
        area_id="garden",
    )
    return snapshot


@pytest.mark.parametrize(
    ("language", "text", "candidate"),
    [
        ("en", "turn on the light", "Kitchen ceiling"),
        ("en", "Light on", "Kitchen ceiling"),
        ("en", "turn off the light please", "Kitchen ceiling"),
        ("en", "set the brightness to 50%", "Kitchen ceiling"),
        ("en", "make the light brighter", "Kitchen ceiling"),
        ("en", "turn on the heating", "Bedroom heating"),
        ("de", "mach das Licht an", "Küchendecke"),
        ("de", "Licht aus", "Küchendecke"),
        ("de", "dimme das Licht auf 30%", "Küchendecke"),
        # Home Assistant's German template needs no area: it would set every light.
        ("de", "stell die Helligkeit auf 50%", "Küchendecke"),
        ("de", "Helligkeit 50%", "Küchendecke"),
        ("de", "mach die Heizung an", "Schlafzimmerheizung"),
        ("de", "stell das Thermostat auf 22 Grad", "Schlafzimmerheizung"),
    ],
)
def test_a_singular_noun_from_no_room_asks_which(
    language: str, text: str, candidate: str
) -> None:
    """No room said or heard, such devices in several rooms: we ask, naming them."""
    spec = said_in(home(language), text, language=language, area=None)
    assert spec.goals == [], selected(home(language), spec)
    assert any(candidate in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the lights"),
        ("en", "dim the lights to 30%"),
        ("de", "schalte die Lichter aus"),
        ("de", "stell die Helligkeit der Lichter auf 50%"),
    ],
)
def test_plural_lights_from_no_room_are_all_of_them(language: str, text: str) -> None:
    """ "The lights" said from no room: every light of the home, as before."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area=None)
    assert selected(snapshot, spec) == _LIGHTS
    assert spec.unresolved == []


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "turn on the light"), ("de", "mach das Licht an")],
)
def test_a_singular_noun_said_in_a_room_is_that_rooms(language: str, text: str) -> None:
    """Said from the living room, the light is the living room's lights."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area="living_room")
    assert selected(snapshot, spec) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "turn on the light"), ("de", "mach das Licht an")],
)
def test_the_only_light_of_the_home_acts(language: str, text: str) -> None:
    """One light in the whole home: it is the light, from wherever it is said."""
    snapshot = home(language)
    for entity_id in [e for e in snapshot.entities if e.startswith("light.")]:
        if entity_id != "light.porch":
            del snapshot.entities[entity_id]
    spec = said_in(snapshot, text, language=language, area=None)
    assert selected(snapshot, spec) == ["light.porch"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn on the heating"),
        ("en", "set the heating to 22 degrees"),
        ("de", "mach die Heizung an"),
        ("de", "stell die Heizung auf 22 Grad"),
    ],
)
def test_a_pool_heater_is_not_the_heating(language: str, text: str) -> None:
    """The heating is the room's thermostat, not the heater of the pool."""
    snapshot = _with_pool_heater(language)
    spec = said_in(snapshot, text, language=language, area=None)
    assert selected(snapshot, spec) == ["climate.thermostat"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "turn on the pool heater"), ("de", "mach die Poolheizung an")],
)
def test_a_pool_heater_named_acts(language: str, text: str) -> None:
    """Named, the pool heater is meant."""
    snapshot = _with_pool_heater(language)
    spec = said_in(snapshot, text, language=language, area=None)
    assert selected(snapshot, spec) == ["climate.pool_heater"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "set the temperature to 21"), ("de", "stell die Temperatur auf 21 Grad")],
)
def test_the_temperature_from_no_room_is_every_thermostat(
    language: str, text: str
) -> None:
    """Home Assistant's own sentence: every thermostat of the home (its parity)."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area=None)
    assert selected(snapshot, spec) == ["climate.bedroom", "climate.thermostat"]


@pytest.mark.parametrize(
    "text",
    [
        "Stelle die Farbe auf blau",
        "setze die Farbe auf rot",
        "stell die Helligkeit auf 50%",
    ],
)
def test_a_level_said_in_a_room_is_that_rooms_in_german(text: str) -> None:
    """Home Assistant's German templates need no area: said in the living room, its
    lights, as "Mach das Licht blau" there, not every light of the home."""
    snapshot = home("de")
    spec = said_in(snapshot, text, language="de", area="living_room")
    assert selected(snapshot, spec) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


def test_every_light_said_in_a_room_is_still_every_light_in_german() -> None:
    snapshot = home("de")
    spec = said_in(
        snapshot, "Alle Lichter blau färben", language="de", area="living_room"
    )
    assert "light.kitchen_ceiling" in selected(snapshot, spec)
