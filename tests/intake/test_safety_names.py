"""Never the wrong device (issue 14): names that hold the words of places and of others.

A device may be named after a room it is not in ("Office fan" in the bedroom), an area
may have an alias of several words ("Main bedroom"), a named device may not be able to
do what was said, and a slip may be corrected into a word of another device's name.
Each rule checks that the device called so is the one acted on, or that the translator
asks. The home is the test home of ``homes.py`` with such devices added; requests come
from its living room, as a satellite's would.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.intake.clarify import question
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
)

from .homes import home, said_in, selected


def _add(snapshot: ContextSnapshot, entity_id: str, name: str, area: str) -> None:
    snapshot.entities[entity_id] = EntityInfo(
        entity_id=entity_id, name=name, area_id=area
    )


# --- a device named after another room ---------------------------------------------


def _named_after_rooms(language: str) -> ContextSnapshot:
    """The Office fan is in the bedroom, the Garage light in the hallway."""
    german = language == "de"
    snapshot = home(language)
    _add(
        snapshot,
        "fan.office_fan",
        "Büro Ventilator" if german else "Office fan",
        "bedroom",
    )
    _add(
        snapshot,
        "fan.desk_fan",
        "Schreibtischventilator" if german else "Desk fan",
        "office",
    )
    _add(
        snapshot,
        "light.garage_light",
        "Garage Licht" if german else "Garage light",
        "hallway",
    )
    _add(
        snapshot,
        "light.workbench",
        "Werkbanklicht" if german else "Workbench light",
        "garage",
    )
    return snapshot


@pytest.mark.parametrize(
    ("language", "text", "device"),
    [
        ("en", "set the office fan to 25%", "fan.office_fan"),
        ("en", "kill the office fan", "fan.office_fan"),
        ("en", "shut off the office fan", "fan.office_fan"),
        ("en", "start the office fan", "fan.office_fan"),
        ("en", "stop the office fan", "fan.office_fan"),
        ("en", "turn up the office fan", "fan.office_fan"),
        ("en", "turn on the offic fan", "fan.office_fan"),
        ("en", "kill the garage light", "light.garage_light"),
        ("en", "shut off the garage light", "light.garage_light"),
        ("de", "Büroventilator an", "fan.office_fan"),
        ("de", "Mach den Büroventilator aus", "fan.office_fan"),
        ("de", "Büro Ventilator auf 50 Prozent", "fan.office_fan"),
        ("de", "Garagelicht aus", "light.garage_light"),
    ],
)
def test_a_whole_name_comes_before_a_room_and_a_kind(
    language: str, text: str, device: str
) -> None:
    """“Kill the office fan” is the Office fan in the bedroom, not the office's fan.

    On every verb, after a slip is corrected, and said as a German compound of a
    spaced name.
    """
    snapshot = _named_after_rooms(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == [device]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        (
            "en",
            "turn on the office fan in the office",
            "Which office fan do you mean: Desk fan in Office or Office fan in Bedroom?",
        ),
        (
            "en",
            "kill the garage light in the garage",
            "Which garage light do you mean: Garage light in Hallway or Workbench",
        ),
        (
            "de",
            "Büro Ventilator im Büro an",
            "„büro ventilator“: Schreibtischventilator (Büro) oder "
            "Büro Ventilator (Schlafzimmer)?",
        ),
    ],
)
def test_a_name_and_a_place_that_disagree_ask(
    language: str, text: str, said: str
) -> None:
    """The Office fan is not in the office: the Office fan, or the office's fan?"""
    snapshot = _named_after_rooms(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "devices"),
    [
        ("en", "turn on the office fan", ["fan.office_fan"]),
        ("en", "turn off the garage light", ["light.garage_light"]),
        ("en", "turn on the office fan in the bedroom", ["fan.office_fan"]),
        ("en", "turn on the fan in the office", ["fan.desk_fan"]),
        ("en", "kill the fan in the office", ["fan.desk_fan"]),
        ("en", "turn off the lights in the garage", ["light.workbench"]),
        ("de", "Büro Ventilator an", ["fan.office_fan"]),
        ("de", "Ventilator im Büro an", ["fan.desk_fan"]),
        ("de", "Büroventilator im Schlafzimmer aus", ["fan.office_fan"]),
    ],
)
def test_a_name_or_a_place_said_alone_still_finds_it(
    language: str, text: str, devices: list[str]
) -> None:
    snapshot = _named_after_rooms(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == devices


@pytest.mark.parametrize(
    ("language", "text", "devices"),
    [
        ("en", "set the living room temperature to 21", ["climate.thermostat"]),
        (
            "en",
            "turn off the bedroom tv and the kitchen speaker",
            ["media_player.bedroom_tv", "media_player.kitchen_speaker"],
        ),
        (
            "en",
            "close the living room blinds and the bedroom blinds",
            ["cover.bedroom_blinds", "cover.living_room_blinds"],
        ),
        (
            "de",
            "Wohnzimmerrollo zu und Schlafzimmerrollo zu",
            ["cover.bedroom_blinds", "cover.living_room_blinds"],
        ),
    ],
)
def test_a_name_said_whole_keeps_its_place_and_a_sensor_is_no_name(
    language: str, text: str, devices: list[str]
) -> None:
    """The kitchen speaker after the bedroom TV is the kitchen's, not the bedroom's.

    And "the living room temperature" (a sensor called so) is set on the thermostat.
    """
    snapshot = _named_after_rooms(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == devices


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the spare office fan", "There is no spare office fan"),
        ("en", "kill the downstairs office fan", "There is no office fan in Ground"),
    ],
)
def test_a_name_said_whole_with_more_words_or_elsewhere_asks(
    language: str, text: str, said: str
) -> None:
    snapshot = _named_after_rooms(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize("text", ["turn on the porch", "kill the porch"])
def test_a_place_alone_is_not_a_whole_name(text: str) -> None:
    """“Turn on the porch” with a light called "Porch": that light."""
    snapshot = home("en")
    snapshot.areas["porch"] = AreaInfo(area_id="porch", name="Porch", floor_id="ground")
    snapshot.entities["light.porch"].area_id = "porch"
    assert selected(snapshot, said_in(snapshot, text)) == ["light.porch"]


# --- a word of an area's name --------------------------------------------------------


def _with_rooms_of_several_words(language: str) -> ContextSnapshot:
    """A "Main bedroom", a "Master bathroom", a "Downstairs toilet", a "Bath"."""
    german = language == "de"
    snapshot = home(language)
    rooms = {
        "master_bedroom": (
            ("Elternschlafzimmer", ["Hauptschlafzimmer"])
            if german
            else ("Master bedroom", ["Main bedroom"]),
            "upstairs",
        ),
        "master_bathroom": (
            ("Badezimmer OG", ["großes Bad"]) if german else ("Master bathroom", []),
            "upstairs",
        ),
        "guest_wc": (
            ("Gäste-WC", ["Klo unten"])
            if german
            else ("Guest WC", ["Downstairs toilet"]),
            "ground",
        ),
        "bath": (("Bad", []) if german else ("Bath", []), "ground"),
    }
    for area_id, ((name, aliases), floor) in rooms.items():
        snapshot.areas[area_id] = AreaInfo(
            area_id=area_id, name=name, aliases=aliases, floor_id=floor
        )
    lights = {
        "light.master_ceiling": (
            "Deckenlampe" if german else "Ceiling light",
            "master_bedroom",
        ),
        "light.master_bathroom": (
            "Spiegellicht" if german else "Master bathroom light",
            "master_bathroom",
        ),
        "light.guest_wc": ("WC Licht" if german else "WC light", "guest_wc"),
        "light.bath": ("Badlicht" if german else "Bath light", "bath"),
    }
    for entity_id, (name, area) in lights.items():
        _add(snapshot, entity_id, name, area)
    return snapshot


_GROUND_FLOOR_LIGHTS = [
    "light.bath",
    "light.guest_wc",
    "light.kitchen_ceiling",
    "light.kitchen_counter",
    "light.living_room_ceiling",
    "light.living_room_lamp",
    "light.porch",
]


@pytest.mark.parametrize(
    ("language", "text", "not_meant"),
    [
        ("en", "turn on the main light", "light.master_ceiling"),
        ("en", "turn off the main lights", "light.master_ceiling"),
        ("de", "Das große Licht an", "light.master_bathroom"),
        ("de", "Großes Licht an", "light.master_bathroom"),
    ],
)
def test_a_word_of_a_rooms_alias_is_no_room(
    language: str, text: str, not_meant: str
) -> None:
    """“The main light” is not every light of the room aliased "Main bedroom"."""
    snapshot = _with_rooms_of_several_words(language)
    spec = said_in(snapshot, text, language=language)
    assert not_meant not in selected(snapshot, spec)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn on downstairs"),
        ("en", "downstairs off"),
        ("en", "switch off everything downstairs"),
        ("de", "Unten alles aus"),
        ("de", "Mach unten alles an"),
    ],
)
def test_a_floor_said_whole_is_the_floor_not_a_room_aliased_with_it(
    language: str, text: str
) -> None:
    """“Downstairs” is the floor, not the "Downstairs toilet" alone."""
    snapshot = _with_rooms_of_several_words(language)
    acted = selected(snapshot, said_in(snapshot, text, language=language))
    assert set(_GROUND_FLOOR_LIGHTS) <= set(acted), acted
    assert "light.master_bathroom" not in acted


@pytest.mark.parametrize(
    ("language", "text"), [("en", "open up downstairs"), ("de", "Mach unten alles auf")]
)
def test_a_floor_opened_opens_its_blinds_not_its_garage_door(
    language: str, text: str
) -> None:
    """“Downstairs” now is the floor: opening it must not open the garage door."""
    snapshot = _with_rooms_of_several_words(language)
    acted_on = selected(snapshot, said_in(snapshot, text, language=language))
    assert "cover.garage_door" not in acted_on


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        (
            "en",
            "turn on the master light",
            "Which room do you mean by “master”: Master bathroom or Master bedroom?",
        ),
        (
            "en",
            "turn on the lights in the bathroom",
            "Which room do you mean by “bathroom”: Bath or Master bathroom?",
        ),
        (
            "de",
            "Mach das Licht im Badezimmer an",
            "Welchen Raum meinst du mit „badezimmer“: Bad oder Badezimmer OG?",
        ),
    ],
)
def test_a_word_two_rooms_share_asks_which(language: str, text: str, said: str) -> None:
    """“Master” is of the Master bedroom and the Master bathroom: which room?"""
    snapshot = _with_rooms_of_several_words(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert said in spec.unresolved, spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on emily's light", "Which emily light do you mean"),
        ("de", "Lenas Licht an", "Welches Gerät meinst du mit „lenas licht“"),
    ],
)
def test_a_word_of_a_room_and_of_a_device_in_it_asks(
    language: str, text: str, said: str
) -> None:
    """“Emily's light”: her lamp, or the lights of Emily's room? Neither is guessed."""
    german = language == "de"
    snapshot = home(language)
    room = "Lenas Zimmer" if german else "Emily's room"
    snapshot.areas["kids"] = AreaInfo(area_id="kids", name=room, floor_id="upstairs")
    _add(
        snapshot, "light.kids_lamp", "Lenas Lampe" if german else "Emily's lamp", "kids"
    )
    _add(snapshot, "light.kids_ceiling", "Deckenlampe" if german else "Ceiling", "kids")
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "devices"),
    [
        ("en", "turn on the lights in the main bedroom", ["light.master_ceiling"]),
        ("en", "turn on the lights in the downstairs toilet", ["light.guest_wc"]),
        ("en", "turn on the master bathroom light", ["light.master_bathroom"]),
        ("en", "turn off the lights downstairs", _GROUND_FLOOR_LIGHTS),
        ("de", "Licht im großen Bad an", ["light.master_bathroom"]),
        ("de", "Licht im Klo unten an", ["light.guest_wc"]),
        ("de", "Licht im Bad an", ["light.bath"]),
        ("de", "Licht unten aus", _GROUND_FLOOR_LIGHTS),
    ],
)
def test_a_whole_room_or_floor_name_still_finds_it(
    language: str, text: str, devices: list[str]
) -> None:
    snapshot = _with_rooms_of_several_words(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == devices


# --- a named device that cannot do it ------------------------------------------------


def _with_a_lock_in_the_garage(language: str) -> ContextSnapshot:
    """The garage has its door (a cover) and a side door with a lock."""
    snapshot = home(language)
    _add(
        snapshot,
        "lock.side_door",
        "Seitentür" if language == "de" else "Side door",
        "garage",
    )
    return snapshot


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "lock the garage door", "Garage door cannot do that"),
        ("en", "unlock the garage door", "Garage door cannot do that"),
        ("en", "secure the garage door", "Garage door cannot do that"),
        ("en", "set the bedroom fan to blue", "Bedroom fan cannot do that"),
        ("de", "Garagentor abschließen", "Garagentor kann das nicht"),
        ("de", "Garagentor verriegeln", "Garagentor kann das nicht"),
        ("de", "Mach das Garagentor rot", "Garagentor kann das nicht"),
    ],
)
def test_a_device_said_that_cannot_do_it_is_said_so_and_not_swapped(
    language: str, text: str, said: str
) -> None:
    """“Lock the garage door” (a cover) must not lock the side door of the garage."""
    snapshot = _with_a_lock_in_the_garage(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "devices"),
    [
        ("en", "lock the garage", ["lock.side_door"]),
        ("en", "lock the side door", ["lock.side_door"]),
        ("en", "close the garage door", ["cover.garage_door"]),
        ("en", "lock the front door", ["lock.front_door"]),
        ("de", "Garage abschließen", ["lock.side_door"]),
        ("de", "Garagentor zu", ["cover.garage_door"]),
    ],
)
def test_a_device_said_that_can_do_it_or_a_place_still_acts(
    language: str, text: str, devices: list[str]
) -> None:
    snapshot = _with_a_lock_in_the_garage(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == devices


@pytest.mark.parametrize(
    ("language", "text", "asked"),
    [
        ("en", "lock the garage door", "Garage door cannot do that, so I did nothing."),
        (
            "de",
            "Garagentor abschließen",
            "Garagentor kann das nicht. Ich habe nichts getan.",
        ),
    ],
)
def test_assist_says_the_device_cannot_do_it(
    language: str, text: str, asked: str
) -> None:
    snapshot = _with_a_lock_in_the_garage(language)
    spec = said_in(snapshot, text, language=language)
    assert question(spec.unresolved, language) == asked


# --- a slip corrected into a word of another device's name ---------------------------


def _with_night_light_and_bedside_lamps() -> ContextSnapshot:
    """A Night light in the office, and bedside lamps left and right in the bedroom."""
    snapshot = home("en")
    _add(snapshot, "light.night_light", "Night light", "office")
    _add(snapshot, "light.bedside_right", "Bedside lamp right", "bedroom")
    _add(snapshot, "light.bedside_left", "Bedside lamp left", "bedroom")
    return snapshot


@pytest.mark.parametrize(
    "text",
    [
        "turn on the night lamp",
        "turn on the fight lamp",
        "turn on the sight lamp",
        "turn on the tight lamp",
        "turn on the might lamp",
    ],
)
def test_a_real_word_is_no_slip_of_another_names_word(text: str) -> None:
    """“The night lamp” is not the Bedside lamp right: "night" is no slip of "right".

    Nor are "fight", "sight", "tight", "might": a short word mistyped keeps its
    first letter.
    """
    snapshot = _with_night_light_and_bedside_lamps()
    spec = said_in(snapshot, text)
    assert spec.goals == [], selected(snapshot, spec)
    assert spec.unresolved


def test_a_name_of_a_wider_kind_is_asked_not_taken() -> None:
    """“The night lamp”: perhaps the Night light; we ask."""
    snapshot = _with_night_light_and_bedside_lamps()
    spec = said_in(snapshot, "turn on the night lamp")
    assert spec.unresolved == [
        "Which night lamp do you mean: Night light in Office?"
    ], spec.unresolved


def _with_garage_light_de() -> ContextSnapshot:
    snapshot = home("de")
    _add(snapshot, "light.garage_light", "Garagenlicht", "hallway")
    return snapshot


def test_a_misspelt_compound_keeps_the_word_it_starts_with() -> None:
    """“Gartenlich”: a garden's light misspelt, not the "Garagenlicht"."""
    snapshot = _with_garage_light_de()
    spec = said_in(snapshot, "Gartenlich an", language="de")
    assert "light.garage_light" not in selected(snapshot, spec)


@pytest.mark.parametrize(
    ("language", "text", "device"),
    [
        ("en", "turn on the night light", "light.night_light"),
        ("en", "turn on the nigth light", "light.night_light"),
        ("en", "turn on the bedside lamp rigth", "light.bedside_right"),
        ("en", "turn on the bedsde lamp left", "light.bedside_left"),
        ("de", "Garagenlich an", "light.garage_light"),
    ],
)
def test_a_slip_of_a_word_nobody_means_otherwise_still_finds_the_device(
    language: str, text: str, device: str
) -> None:
    snapshot = (
        _with_garage_light_de()
        if language == "de"
        else _with_night_light_and_bedside_lamps()
    )
    assert selected(snapshot, said_in(snapshot, text, language=language)) == [device]


@pytest.mark.parametrize(
    ("text", "device"),
    [
        ("Linker Vorhang zu", "cover.curtain_left"),
        ("Rechter Vorhang auf", "cover.curtain_right"),
        ("Schreibtisch Lampe an", "light.desk_lamp"),
    ],
)
def test_an_inflected_word_or_a_compound_said_apart_still_finds_the_device(
    text: str, device: str
) -> None:
    """“Linker” is "links" inflected; "Schreibtisch Lampe" the Schreibtischlampe."""
    snapshot = home("de")
    for entity_id, name in (
        ("cover.curtain_left", "Vorhang links"),
        ("cover.curtain_right", "Vorhang rechts"),
        ("light.desk_lamp", "Schreibtischlampe"),
    ):
        _add(snapshot, entity_id, name, "living_room")
    assert selected(snapshot, said_in(snapshot, text, language="de")) == [device]


def _with_numbered_lamps() -> ContextSnapshot:
    snapshot = home("en")
    _add(snapshot, "light.lamp_1", "Lamp 1", "living_room")
    _add(snapshot, "light.lamp_2", "Lamp 2", "living_room")
    return snapshot


@pytest.mark.parametrize(
    ("text", "devices"),
    [
        ("turn on lamp to", ["light.lamp_2"]),
        ("turn on the lamp too", ["light.lamp_2"]),
        ("set lamp too to 50 percent", ["light.lamp_2"]),
        ("dim lamp to", ["light.lamp_2"]),
        ("turn off lamp won", ["light.lamp_1"]),
    ],
)
def test_a_numbers_homophone_that_completes_a_name_is_that_number(
    text: str, devices: list[str]
) -> None:
    """A recogniser writes "lamp to" for "lamp two": Lamp 2, not every lamp."""
    snapshot = _with_numbered_lamps()
    assert selected(snapshot, said_in(snapshot, text)) == devices


@pytest.mark.parametrize(
    ("text", "devices"),
    [
        ("turn lamp 1 to 30 percent", ["light.lamp_1"]),
        ("turn the reading lamp to 30 percent", ["light.living_room_lamp"]),
        ("set the ceiling light to 40 percent", ["light.living_room_ceiling"]),
    ],
)
def test_to_before_a_value_is_still_to(text: str, devices: list[str]) -> None:
    snapshot = _with_numbered_lamps()
    assert selected(snapshot, said_in(snapshot, text)) == devices


# --- a room whose name begins with a word for the whole home -----------------------


def _with_home_rooms(language: str) -> ContextSnapshot:
    """A Home Theater and a Home Office (German: a flat upstairs), each with a light."""
    snapshot = home(language)
    rooms = (
        [("home_theater", "Home Theater"), ("home_office", "Home Office")]
        if language == "en"
        else [("upper_flat", "Wohnung oben")]
    )
    for area_id, name in rooms:
        snapshot.areas[area_id] = AreaInfo(area_id=area_id, name=name)
        _add(snapshot, f"light.{area_id}", "Ceiling", area_id)
    snapshot.entities["climate.home_theater"] = EntityInfo(
        entity_id="climate.home_theater",
        name="Thermostat",
        area_id="home_theater",
        attributes={"hvac_modes": ["heat", "off"], "min_temp": 7, "max_temp": 30},
        supported_features=1,
    )
    return snapshot


@pytest.mark.parametrize(
    ("language", "text", "acted"),
    [
        (
            "en",
            "set the heating in the home theater to 22 degrees",
            "climate.home_theater",
        ),
        (
            "en",
            "set the temperature to 22 degrees in the home theater",
            "climate.home_theater",
        ),
        ("en", "turn on the heating in the home theater", "climate.home_theater"),
        ("en", "turn on the lights in the home theater", "light.home_theater"),
        ("en", "turn off the light in the home office", "light.home_office"),
        ("de", "mach das Licht in der Wohnung oben an", "light.upper_flat"),
    ],
)
def test_a_room_named_home_something_is_that_room(
    language: str, text: str, acted: str
) -> None:
    """ "In the home theater" is the Home Theater, not "the home" and every room."""
    snapshot = _with_home_rooms(language)
    assert selected(
        snapshot, said_in(snapshot, text, language=language, area=None)
    ) == [acted]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the lights in the home"),
        ("de", "mach das Licht in der Wohnung aus"),
    ],
)
def test_the_home_is_still_every_room(language: str, text: str) -> None:
    snapshot = _with_home_rooms(language)
    acted = selected(snapshot, said_in(snapshot, text, language=language, area=None))
    assert "light.kitchen_ceiling" in acted
    assert "light.home_theater" in acted or "light.upper_flat" in acted
