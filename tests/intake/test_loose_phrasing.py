"""Requests said loosely (issue 14): bare set points, rooms by their last word, and more.

Found by writing requests the way crowd workers and other homes say them: "22 degrees,
please", "the porch speaker" in a home whose porch is the "Wrap-around Porch", "make
the ceiling light blue", "never mind the coffee", "the light is too blue", "switch on
the cooler". Each either now acts as meant or no longer acts on what was not meant.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
)

from .homes import (
    acts_in_test_home,
    garden_sprinkler,
    goals_acting,
    home,
    home_with,
    said_in,
    selected,
)


def _refused(language: str, text: str) -> list[str]:
    """Why ``text``, said in the test home's living room, acts on nothing."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert selected(snapshot, spec) == []
    return [str(getattr(note, "key", note)) for note in spec.unresolved]


# --- a temperature said bare ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "thermostat", "degrees"),
    [
        ("en", "22 degrees please", "climate.thermostat", 22),
        ("en", "20 degrees in the bedroom", "climate.bedroom", 20),
        ("en", "bedroom 19 degrees", "climate.bedroom", 19),
        ("en", "i'd like the bedroom to be 20 degrees", "climate.bedroom", 20),
        ("en", "set the temperature to 22c", "climate.thermostat", 22),
        ("en", "set the heating in the bedroom to 19 C", "climate.bedroom", 19),
        ("de", "22 Grad bitte", "climate.thermostat", 22),
        ("de", "20 Grad im Schlafzimmer", "climate.bedroom", 20),
    ],
)
def test_degrees_said_bare_set_the_heating(
    language: str, text: str, thermostat: str, degrees: int
) -> None:
    """A number in degrees is a set point, with or without a verb or the degree sign."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert goals_acting(snapshot, spec) == [("set_temperature", [thermostat])]
    assert spec.goals[0].params == {"temperature": degrees}


@pytest.mark.parametrize(
    ("language", "text", "reason"),
    [
        ("en", "it is 22 degrees", "statement"),
        ("en", "the bedroom is 18 degrees", "statement"),
        ("en", "it's only 17 degrees in here", "statement"),
        ("en", "is it 22 degrees", "question"),
        ("de", "es sind 22 Grad", "statement"),
        ("de", "im Schlafzimmer sind es 18 Grad", "statement"),
    ],
)
def test_degrees_read_off_set_nothing(language: str, text: str, reason: str) -> None:
    """ "It is 22 degrees" says how warm it is: no thermostat is set to it."""
    assert _refused(language, text) == [f"intake.refusals.{reason}"]


# --- a room by the last word of its name -------------------------------------------------


def _porch_home(*, terraces: int = 1) -> ContextSnapshot:
    snapshot = home("en")
    snapshot.areas["porch"] = AreaInfo(
        area_id="porch", name="Wrap-around Porch", floor_id="ground"
    )
    snapshot.entities["media_player.porch"] = EntityInfo(
        entity_id="media_player.porch", name="Smart speaker", area_id="porch"
    )
    for number in range(1, terraces + 1):
        area_id = f"terrace_{number}"
        snapshot.areas[area_id] = AreaInfo(
            area_id=area_id,
            name=("Rooftop Terrace", "Pool Terrace")[number - 1],
            floor_id="ground",
        )
        snapshot.entities[f"light.{area_id}"] = EntityInfo(
            entity_id=f"light.{area_id}", name="Outdoor light", area_id=area_id
        )
    return snapshot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pause the porch speaker", [("media_pause", ["media_player.porch"])]),
        ("next song on the porch", [("media_next", ["media_player.porch"])]),
        ("turn on the light on the terrace", [("turn_on", ["light.terrace_1"])]),
    ],
)
def test_room_word_is_the_room_it_ends(
    text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """ "The porch" is the Wrap-around Porch when the home has no room called Porch."""
    snapshot = _porch_home()
    assert goals_acting(snapshot, said_in(snapshot, text)) == expected


def test_room_word_ending_two_rooms_asks() -> None:
    """Two terraces: "the terrace" is either, so which one is asked."""
    snapshot = _porch_home(terraces=2)
    spec = said_in(snapshot, "turn on the light on the terrace")
    assert spec.goals == []
    assert spec.unresolved


def test_word_inside_a_name_is_no_room() -> None:
    """Only the last word counts: "the hallway" is no "Hallway Bathroom"."""
    snapshot = home("en")
    del snapshot.areas["hallway"]
    for entity in snapshot.entities.values():
        if entity.area_id == "hallway":
            entity.area_id = None
    snapshot.areas["hallway_bath"] = AreaInfo(
        area_id="hallway_bath", name="Hallway Bathroom", floor_id="ground"
    )
    snapshot.entities["light.hallway_bath"] = EntityInfo(
        entity_id="light.hallway_bath", name="Mirror light", area_id="hallway_bath"
    )
    spec = said_in(snapshot, "turn on the light in the hallway")
    assert goals_acting(snapshot, spec) == []


# --- colours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lights", "colour"),
    [
        ("make the ceiling light blue", ["light.living_room_ceiling"], "blue"),
        (
            "turn the kitchen light green",
            ["light.kitchen_ceiling", "light.kitchen_counter"],
            "green",
        ),
        (
            "make the lights light blue",
            ["light.living_room_ceiling", "light.living_room_lamp"],
            "lightblue",
        ),
        ("set the reading lamp to light blue", ["light.living_room_lamp"], "lightblue"),
    ],
)
def test_light_before_a_colour_after_a_name(
    text: str, lights: list[str], colour: str
) -> None:
    """After a room or a name, "light blue" is the light, then blue."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert goals_acting(snapshot, spec) == [("set_color", lights)]
    assert spec.goals[0].params == {"color_name": colour}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the light is too blue"),
        ("en", "it's way too yellow in here"),
        ("en", "less blue please"),
        ("en", "make the kitchen lights less red"),
        ("de", "weniger rot bitte"),
        ("de", "mach das Licht in der Küche weniger blau"),
    ],
)
def test_colour_said_too_strong_is_not_shown(language: str, text: str) -> None:
    """ "Too blue" asks for less blue, never for blue."""
    assert _refused(language, text) == ["intake.refusals.tint"]


# --- what is called off, and what a verb names --------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "never mind the coffee"),
        ("en", "never mind the lights"),
        ("en", "forget the lights"),
        ("en", "forget about the robot vacuum"),
        ("en", "no need to turn on the lights"),
        ("de", "vergiss den Kaffee"),
        ("de", "vergiss das Licht in der Küche"),
    ],
)
def test_called_off_does_nothing(language: str, text: str) -> None:
    """ "Never mind the coffee" had made one; "forget the lights" switched them off."""
    assert _refused(language, text) == ["intake.refusals.negation"]


@pytest.mark.parametrize(
    "text",
    ["start the robot vacuum and make coffee", "start the vacuum and then make coffee"],
)
def test_verb_of_its_own_device_in_a_second_clause(text: str) -> None:
    """Coffee is made by the coffee maker, not by the vacuum said before."""
    assert acts_in_test_home("en", text) == [
        ("vacuum_start", ["vacuum.robot"]),
        ("turn_on", ["switch.coffee_maker"]),
    ]


@pytest.mark.parametrize(
    "text",
    ["switch on the cooler", "turn the cooler off", "turn on the air cooler"],
)
def test_comparative_after_the_is_a_device(text: str) -> None:
    """ "The cooler" is an air cooler this home lacks, not the thermostat turned down."""
    assert acts_in_test_home("en", text) == []


@pytest.mark.parametrize(
    ("text", "step"),
    [("make it cooler", -1), ("make the bedroom warmer", 1)],
)
def test_comparative_still_changes_the_heating(text: str, step: int) -> None:
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert [goal.type.value for goal in spec.goals] == ["set_temperature"]
    assert spec.goals[0].params["temperature_step"] * step > 0


@pytest.mark.parametrize(
    "text", ["dim lights to level 2", "brighten lights to level 8"]
)
def test_level_without_a_unit_asks(text: str) -> None:
    """ "To level 2" is where to, without a unit: not a step of 2 %."""
    assert _refused("en", text) == ["intake.refusals.scale"]


# --- warmth is the heating's, words said the way people type them ------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "warm it up"),
        ("en", "make the room warm"),
        ("en", "cool it down"),
        ("de", "mach das Zimmer warm"),
        ("de", "heiz den Raum auf"),
    ],
)
def test_warming_the_room_is_the_heating(language: str, text: str) -> None:
    """ "Make the room warm" had turned the lights warm white; the heating is meant."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert goals_acting(snapshot, spec) == [("precondition", ["climate.thermostat"])]


def test_warm_lights_stay_a_colour() -> None:
    snapshot = home("en")
    spec = said_in(snapshot, "make the lights warm")
    assert [goal.type.value for goal in spec.goals] == ["set_color"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("turn the tv back on", [("turn_on", ["media_player.tv"])]),
        (
            "turn the lights back off",
            [("turn_off", ["light.living_room_ceiling", "light.living_room_lamp"])],
        ),
        (
            "turn the lites on in the kitchen",
            [("turn_on", ["light.kitchen_ceiling", "light.kitchen_counter"])],
        ),
    ],
)
def test_said_as_typed(text: str, expected: list[tuple[str, list[str]]]) -> None:
    """ "Back on" is on (the Back door is not meant); "lites" are lights."""
    assert acts_in_test_home("en", text) == expected


def test_a_notch_is_a_step() -> None:
    snapshot = home("en")
    spec = said_in(snapshot, "turn the lights up a notch")
    assert [goal.type.value for goal in spec.goals] == ["set_brightness"]
    assert spec.goals[0].params["brightness_step_pct"] > 0


# --- found in German and in other homes ---------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "i don't want coffee"),
        ("en", "no coffee please"),
        ("de", "Ich will keinen Kaffee"),
        ("de", "kein Kaffee heute"),
    ],
)
def test_no_coffee_makes_none(language: str, text: str) -> None:
    """A negation before the coffee: none is wanted (it had started the coffee maker)."""
    assert _refused(language, text) == ["intake.refusals.negation"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "make a coffee with no sugar"), ("de", "Kaffee ohne Zucker bitte")],
)
def test_coffee_without_sugar_is_made(language: str, text: str) -> None:
    assert acts_in_test_home(language, text) == [("turn_on", ["switch.coffee_maker"])]


@pytest.mark.parametrize("text", ["Mach die Läden zu", "Die Läden runter"])
def test_shutters_are_no_charging(text: str) -> None:
    """ "Läden" (shutters) had started the car charger ("laden", to charge)."""
    assert acts_in_test_home("de", text) == [("close", ["cover.living_room_blinds"])]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "in the bedroom close the blinds and turn on the light"),
        ("en", "in the bedroom, close the blinds and turn the light on"),
        ("de", "Mach im Schlafzimmer die Rollläden zu und das Licht an"),
    ],
)
def test_place_said_first_is_where_the_rest_is_done(language: str, text: str) -> None:
    """The bedroom's light, not the light of the living room it was said in."""
    assert acts_in_test_home(language, text) == [
        ("close", ["cover.bedroom_blinds"]),
        ("turn_on", ["light.bedroom_lamp"]),
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "send the vacuum home"),
        ("en", "send the robot vacuum back"),
        ("de", "schick den Staubsauger nach Hause"),
    ],
)
def test_vacuum_sent_home_docks(language: str, text: str) -> None:
    """Sent home, the robot vacuum goes back to its dock (it had started)."""
    assert acts_in_test_home(language, text) == [("vacuum_return", ["vacuum.robot"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mach lauter", [("set_volume", ["media_player.tv"])]),
        ("Mach die Leselampe heller", [("set_brightness", ["light.living_room_lamp"])]),
        (
            "Licht auf hundert Prozent",
            [
                (
                    "set_brightness",
                    ["light.living_room_ceiling", "light.living_room_lamp"],
                )
            ],
        ),
    ],
)
def test_german_said_plainly(text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert acts_in_test_home("de", text) == expected


@pytest.mark.parametrize(
    ("language", "text", "area"),
    [
        ("en", "close the blinds", "kitchen"),
        ("de", "Rollo runter", "office"),
    ],
)
def test_blinds_of_another_room_are_asked_about(
    language: str, text: str, area: str
) -> None:
    """Said in a room without blinds, the only blinds elsewhere are asked about."""
    snapshot = home(language)
    del snapshot.entities["cover.bedroom_blinds"]
    spec = said_in(snapshot, text, language=language, area=area)
    assert selected(snapshot, spec) == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "it's too cold"), ("de", "Mir ist kalt"), ("de", "Es ist zu warm")],
)
def test_complaint_from_no_room_asks_which(language: str, text: str) -> None:
    """From an automation, "I'm cold" is someone's room: not every thermostat."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area=None)
    assert goals_acting(snapshot, spec) == []
    assert spec.unresolved


# --- other homes: gardens, fires, ovens, rooms of the same word ---------------------------


def _garden_home(language: str) -> ContextSnapshot:
    german = language == "de"
    return home_with(
        language,
        garden_sprinkler(language),
        EntityInfo(
            entity_id="valve.kitchen_tap",
            name="Wasserhahn" if german else "Kitchen tap",
            area_id="kitchen",
        ),
        EntityInfo(
            entity_id="switch.fireplace", name="Fireplace", area_id="living_room"
        ),
        EntityInfo(entity_id="switch.smart_oven", name="Smart oven", area_id="kitchen"),
        EntityInfo(
            entity_id="light.guest_bedroom", name="Guest light", area_id="guest_bedroom"
        ),
        # Two bedrooms, neither called just "Bedroom".
        areas=(
            AreaInfo(
                area_id="bedroom",
                name="Elternschlafzimmer" if german else "Master bedroom",
                floor_id="upstairs",
            ),
            AreaInfo(
                area_id="guest_bedroom",
                name="Gästeschlafzimmer" if german else "Guest bedroom",
                floor_id="upstairs",
            ),
        ),
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "water the lawn", [("open", ["valve.sprinkler"])]),
        ("en", "water the garden", [("open", ["valve.sprinkler"])]),
        ("en", "stop watering", [("close", ["valve.sprinkler"])]),
        ("de", "gieß den Rasen", [("open", ["valve.sprinkler"])]),
        ("de", "hör auf zu gießen", [("close", ["valve.sprinkler"])]),
        ("en", "light the fireplace", [("turn_on", ["switch.fireplace"])]),
        ("en", "put the fire on", [("turn_on", ["switch.fireplace"])]),
        ("en", "turn off the fire", [("turn_off", ["switch.fireplace"])]),
        ("en", "turn on the oven", [("turn_on", ["switch.smart_oven"])]),
        (
            "en",
            "turn on the bedroom light",
            [("turn_on", ["light.guest_bedroom"])],
        ),
    ],
)
def test_said_in_another_home(
    language: str, text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """Watering is the sprinkler's, never the kitchen tap's; "the fire" the Fireplace;
    "the oven" the Smart oven; "the bedroom" said in the guest bedroom is that one."""
    snapshot = _garden_home(language)
    area = "guest_bedroom" if "bedroom" in text else "living_room"
    spec = said_in(snapshot, text, language=language, area=area)
    assert goals_acting(snapshot, spec) == expected


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("water the vineyard", "living_room"),
        ("turn on the tap", "living_room"),
        ("turn on the bedroom light", "kitchen"),
    ],
)
def test_not_guessed_in_another_home(text: str, area: str) -> None:
    """A vineyard the home lacks, a tap that is no sprinkler, two bedrooms: asked."""
    snapshot = _garden_home("en")
    spec = said_in(snapshot, text, area=area)
    assert selected(snapshot, spec) == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "i want the light to be switched off",
            [("turn_off", ["light.living_room_ceiling", "light.living_room_lamp"])],
        ),
        (
            "turn the lights up",
            [
                (
                    "set_brightness",
                    ["light.living_room_ceiling", "light.living_room_lamp"],
                )
            ],
        ),
        ("light the reading lamp", [("turn_on", ["light.living_room_lamp"])]),
    ],
)
def test_light_as_a_verb_only_before_the(
    text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """ "Light the …" is a verb; "lights up", "switched off" stay what they were."""
    assert acts_in_test_home("en", text) == expected


def test_word_said_for_a_ceiling_is_no_fan() -> None:
    """ "Main" stands for a ceiling light, never for a Veranda ceiling fan."""
    snapshot = _garden_home("en")
    snapshot.entities["fan.veranda"] = EntityInfo(
        entity_id="fan.veranda", name="Veranda ceiling fan", area_id="garden"
    )
    spec = said_in(snapshot, "by main power off")
    assert selected(snapshot, spec) == []
