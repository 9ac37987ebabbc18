"""Never the wrong device (issue 14): the ways a sentence could reach another device.

Each rule names a way a request could act on a device other than the one meant, and
checks that the translator asks (acts on nothing, says why) instead. The home is the
test home of ``homes.py``; requests come from its living room, as a satellite's would.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    TaskSpec,
)

from .homes import EVERY_LIGHT, home, said_in, selected


def _translate(text: str, language: str = "en") -> TaskSpec:
    return said_in(home(language), text, language=language)


def _acted_on(spec: TaskSpec, language: str = "en") -> list[str]:
    return selected(home(language), spec)


def _asks(text: str, language: str, said: str) -> None:
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the plug for the lamp", "There is no plug lamp"),
        ("en", "power on the plug the heater is plugged into", "There is no plug"),
        ("en", "turn the plug on for the radio", "There is no plug radio"),
        ("de", "mach die Steckdose für die Lampe an", "„steckdose lampe“"),
    ],
)
def test_two_kinds_of_device_need_a_device_called_by_both(
    language: str, text: str, said: str
) -> None:
    """The plug for the lamp: the plug, or the lamp on it? Either could be meant."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "make a red shade of light"),  # a shade cannot be red: not a rival
        ("en", "echo turn on the lights"),  # spoken to, before the verb
    ],
)
def test_a_second_noun_that_cannot_do_it_is_no_rival(language: str, text: str) -> None:
    assert _acted_on(_translate(text, language)) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the plug for the kettle", "There is no kettle plug"),
        ("en", "switch off the socket of my laptop", "There is no laptop socket"),
        ("en", "turn off the plug connected to the printer", "printer"),
        ("de", "schalte die Steckdose für den Wasserkocher ein", "wasserkocher"),
    ],
)
def test_what_a_device_is_for_is_part_of_its_name(
    language: str, text: str, said: str
) -> None:
    """An unknown word after "for", "of" says which plug: no plug is called so."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the plug of the computer"),
        ("de", "schalte die Steckdose vom Computer aus"),
    ],
)
def test_a_wake_word_at_the_end_is_trimmed_only_when_set_apart(
    language: str, text: str
) -> None:
    """ "Computer" ends the sentence as what is plugged in, not as a wake word."""
    assert _translate(text, language).goals == []


def test_a_wake_word_set_apart_at_the_end_is_still_trimmed() -> None:
    assert _acted_on(_translate("lights off, computer")) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn on the lights in the car"),
        ("en", "turn on the plug so I can charge my phone"),
        ("de", "schalte das Licht im Auto an"),
    ],
)
def test_an_appliance_word_does_not_override_the_device_said(
    language: str, text: str
) -> None:
    """Lights in the car are no car charger; charging a phone is not the car's."""
    assert _translate(text, language).goals == []


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the bedroom tv in the kitchen", "in Kitchen"),
        ("en", "dim the kitchen lights in the bedroom", "in Bedroom"),
        ("de", "schalte das Schlafzimmer Licht in der Küche an", "In Küche"),
    ],
)
def test_two_rooms_in_one_clause_ask(language: str, text: str, said: str) -> None:
    """One room names the device, the other where it is: no device is both."""
    _asks(text, language, said)


def test_a_singular_noun_asks_before_what_the_verb_can_do_narrows_it() -> None:
    """Only the garage door can be "turned off", yet the door meant may be a lock."""
    _asks(
        "turn off the door",
        "en",
        "Which door do you mean: Garage door in Garage or Back door in Kitchen or Front",
    )


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the outside lights", "There is no light in outside"),
        ("de", "mach das Licht draußen an", "In draussen gibt es nichts"),
    ],
)
def test_outside_is_no_other_word_for_the_garden(
    language: str, text: str, said: str
) -> None:
    """Outside is the porch, the garden, the driveway: not one area of them."""
    _asks(text, language, said)


def test_the_last_word_of_a_name_alone_asks() -> None:
    """“The charger” is what the car charger is, not which charger is meant."""
    _asks("switch off the charger", "en", "Which charger do you mean: Car charger")
    _asks("turn on the charger", "en", "Which charger do you mean: Car charger")
    # Its distinctive word still finds it.
    assert _acted_on(_translate("switch off the car charger")) == ["switch.ev_charger"]


def test_a_room_shares_the_device_noun_said_after_it() -> None:
    """The kitchen and bedroom lights: the kitchen's lights, not its dishwasher."""
    spec = _translate("turn off the kitchen and bedroom lights")
    assert _acted_on(spec) == [
        "light.bedroom_lamp",
        "light.kitchen_ceiling",
        "light.kitchen_counter",
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "have you turned off the lights"),
        ("en", "do we have the kitchen light on"),
        ("en", "whether the vacuum is running"),
        ("de", "hast du das Licht in der Küche ausgeschaltet"),
        ("de", "ob das Licht in der Küche an ist"),
    ],
)
def test_a_question_about_a_device_does_not_act_on_it(language: str, text: str) -> None:
    spec = _translate(text, language)
    assert spec.goals == []
    assert spec.unresolved


def test_have_as_a_verb_still_commands() -> None:
    assert _acted_on(_translate("have the vacuum clean the kitchen")) == [
        "vacuum.robot"
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "open everything"),
        ("en", "close everything"),
        ("de", "öffne alles"),
        ("de", "mach alles zu"),
    ],
)
def test_opening_everything_switches_nothing_on(language: str, text: str) -> None:
    """ "Open" means "on" for a light said; "everything" it means blinds and doors."""
    assert _translate(text, language).goals == []


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the tv remote", "There is no remote tv"),
        ("en", "turn off the fan belt", "There is no belt fan"),
        ("de", "schalte den Ventilator Motor aus", "„motor ventilator“"),
    ],
)
def test_a_word_after_a_device_noun_is_what_the_device_is(
    language: str, text: str, said: str
) -> None:
    """The TV remote is no TV: an unknown word ending the phrase is its head."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn the lights off in the kitchen and on in the bedroom"),
        ("de", "mach das Licht in der Küche aus und im Schlafzimmer an"),
    ],
)
def test_a_clause_with_its_own_verb_keeps_the_device_said_before(
    language: str, text: str
) -> None:
    """“And on in the bedroom”: the bedroom's lights, not its fan too."""
    spec = _translate(text, language)
    assert [
        _acted_on(TaskSpec(intent="", goals=[goal]), language) for goal in spec.goals
    ] == [
        ["light.kitchen_ceiling", "light.kitchen_counter"],
        ["light.bedroom_lamp"],
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "close the living room blinds, then play the living room"),
        ("de", "schließ die Jalousien im Wohnzimmer, dann spiel im Wohnzimmer ab"),
    ],
)
def test_a_clause_keeps_no_device_said_before_that_cannot_do_it(
    language: str, text: str
) -> None:
    """No blind plays: "then play the living room" is the living room's player."""
    spec = _translate(text, language)
    assert spec.unresolved == []
    assert [
        _acted_on(TaskSpec(intent="", goals=[goal]), language) for goal in spec.goals
    ] == [["cover.living_room_blinds"], ["media_player.tv"]]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "open the garge", "Which garge do you mean: Garage door in Garage?"),
        ("en", "unlock the frnot door", "Which frnot do you mean: Front door"),
        ("de", "öffne das Garagenntor", "„garagenntor“: Garagentor (Garage)?"),
    ],
)
def test_a_corrected_word_does_not_open_a_door(
    language: str, text: str, said: str
) -> None:
    """A slip, or a word we do not know? Where the guess would let people in, ask."""
    _asks(text, language, said)


def test_a_corrected_word_still_switches_a_light() -> None:
    assert _acted_on(_translate("turn on the kitchn lights")) == [
        "light.kitchen_ceiling",
        "light.kitchen_counter",
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn on the lock plug"),  # a noun that is also a verb, read as a noun
        ("en", "wemo off for the rice cooker"),  # "for" after "off", after the noun
        ("de", "Steckdose aus für den Reiskocher"),
    ],
)
def test_the_plug_of_something_else_after_a_verb_word(language: str, text: str) -> None:
    assert _translate(text, language).goals == []


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "make the lights brown", "cannot show “brown”"),
        ("en", "set the living room lights to grey", "cannot show “grey”"),
        ("en", "change the light colour to navy blue", "cannot show “navy blue”"),
        ("en", "turn the lamp black", "cannot show “black”"),
        ("de", "mach das Licht grau", "„grau“ nicht zeigen"),
        ("de", "stell die Lampe auf braun", "„braun“ nicht zeigen"),
    ],
)
def test_a_colour_no_light_can_show_is_refused(
    language: str, text: str, said: str
) -> None:
    """A bulb set to brown or grey shows some other colour: not what was asked."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("text", "goal", "params"),
    [
        ("make me a black coffee", "turn_on", {}),
        ("make the lights crimson", "set_color", {"color_name": "crimson"}),
    ],
)
def test_a_coffee_may_be_black_and_a_light_crimson(
    text: str, goal: str, params: dict[str, str]
) -> None:
    spec = _translate(text)
    assert [(item.type, item.params) for item in spec.goals] == [(goal, params)]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "dim the lights to 7", "“7” gives no unit"),
        ("en", "dim the lights to seven", "gives no unit"),
        ("en", "turn the lights down to 5", "“5” gives no unit"),
        ("en", "set the bedroom fan to 3", "“3” gives no unit"),
        ("en", "set the brightness to 2", "gives no unit"),
        ("de", "dimme das Licht auf sieben", "hat keine Einheit"),
    ],
)
def test_a_small_level_without_a_unit_asks(language: str, text: str, said: str) -> None:
    """“Lights down to 7”: seven of ten, or seven percent? We ask, not guess."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("text", "brightness"),
    [
        ("dim the lights to 7 percent", 7),
        ("dim the lights to 7%", 7),
        ("dim the lights to 10", 10),
        ("set the lights to 40 percent", 40),
    ],
)
def test_a_level_with_its_unit_or_of_ten_and_more_is_a_percentage(
    text: str, brightness: int
) -> None:
    spec = _translate(text)
    assert [item.params for item in spec.goals] == [{"brightness_pct": brightness}]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "dim the lobby"),
        ("en", "brighten the gazebo"),
        ("en", "make the atrium darker"),
        ("de", "dimme die Lobby"),
    ],
)
def test_an_unknown_word_where_the_device_or_room_goes_asks(
    language: str, text: str
) -> None:
    """“Dim the lobby”: not the lights of the room it was said in."""
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert spec.unresolved


@pytest.mark.parametrize(
    "text",
    [
        "dim the lights a tad",
        "it's too dark I can't even see my hands",
        "brighten it up mate",
    ],
)
def test_words_we_pass_over_beside_a_device_or_a_complaint_still_act(text: str) -> None:
    assert _acted_on(_translate(text)) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "switch off the toilet light", "There is no light in toilet"),
        ("en", "turn on the landing light", "There is no light in landing"),
        ("en", "dim the terrace lights", "There is no light in terrace"),
        ("en", "turn on the garden room lights", "There is no light in garden room"),
        ("de", "mach das Licht auf der Terrasse an", "terrasse"),
    ],
)
def test_a_room_that_is_often_a_room_of_its_own_is_not_another_word_for_one(
    language: str, text: str, said: str
) -> None:
    """A toilet is often not the bathroom, the landing not the hall by the door."""
    _asks(text, language, said)


def test_a_true_other_word_for_a_room_still_finds_it() -> None:
    assert _acted_on(_translate("switch on the light in the study")) == [
        "light.office_lamp"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "turn on the plug in the office for the kettle",
        "i need the plug in my study for my computer on",
    ],
)
def test_what_a_device_is_for_names_it_even_after_its_place(text: str) -> None:
    """The desk plug is in the office: the kettle's plug may be another one."""
    spec = _translate(text)
    assert spec.goals == [], _acted_on(spec)
    assert spec.unresolved


def test_a_device_in_a_place_said_after_it_is_still_found() -> None:
    assert _acted_on(_translate("turn on the plug in the office")) == [
        "switch.desk_plug"
    ]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the ac", "There is no air conditioning"),
        ("en", "switch the air conditioner off", "There is no air conditioning"),
        ("de", "schalte die Klimaanlage ein", "Klimaanlage"),
    ],
)
def test_air_conditioning_is_not_a_heating_only_thermostat(
    language: str, text: str, said: str
) -> None:
    """“Turn on the AC” must not start the heating."""
    snapshot = home(language)
    for entity in snapshot.entities.values():
        if entity.entity_id.startswith("climate."):
            entity.attributes["hvac_modes"] = ["off", "heat", "auto"]
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == []
    assert any(said in note for note in spec.unresolved), spec.unresolved


def test_air_conditioning_and_heating_find_the_device_that_can() -> None:
    snapshot = home("en")
    snapshot.entities["climate.thermostat"].attributes["hvac_modes"] = ["off", "cool"]
    snapshot.entities["climate.bedroom"].attributes["hvac_modes"] = ["off", "heat"]

    def acted(text: str) -> list[str]:
        return selected(snapshot, said_in(snapshot, text, area="bedroom"))

    assert acted("turn on the ac") == ["climate.thermostat"]
    assert acted("turn on the heating") == ["climate.bedroom"]
    assert acted("set the heating to 20 degrees") == ["climate.bedroom"]
    # The device called "Thermostat" from its room; in the bedroom, the bedroom's.
    living_room = said_in(
        snapshot, "set the thermostat to 20 degrees", area="living_room"
    )
    assert selected(snapshot, living_room) == ["climate.thermostat"]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the air purifier", "There is no air purifier"),
        ("de", "schalte den Luftreiniger ein", "luftreiniger"),
    ],
)
def test_a_purifier_is_not_any_fan(language: str, text: str, said: str) -> None:
    _asks(text, language, said)


@pytest.mark.parametrize(("language", "text"), [("en", "turn on the radio")])
def test_a_radio_is_a_speaker_not_the_tv(language: str, text: str) -> None:
    assert _acted_on(_translate(text, language)) == ["media_player.kitchen_speaker"]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "please start my car", "There is no car"),
        ("en", "warm up my car for me", "There is no car"),
        ("en", "start my vehicle", "There is no vehicle"),
        ("de", "starte das Auto", "„auto“"),
        ("de", "schalte das Ladegerät ein", "„ladegerät“"),
    ],
)
def test_the_car_is_not_its_charger(language: str, text: str, said: str) -> None:
    """“Start the car” must not switch the car charger on."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "charge the car"),
        ("en", "start charging the car"),
        ("en", "turn on the car charger"),
        ("de", "lade das Auto"),
    ],
)
def test_charging_the_car_is_its_charger(language: str, text: str) -> None:
    spec = _translate(text, language)
    assert spec.goals
    assert spec.goals[0].params.get("appliance") == "ev_charger"


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn off the alarm for tomorrow morning", "about an alarm clock"),
        ("en", "cancel wake up calls for this week", "“wake up calls”"),
        ("en", "snooze the alarm", "“snooze”"),
        ("en", "wake me up at 7", "“wake me up”"),
        ("de", "stell den Wecker auf sieben", "Wecker"),
    ],
)
def test_an_alarm_clock_is_not_the_alarm_system(
    language: str, text: str, said: str
) -> None:
    """“Turn off the alarm for tomorrow morning” must not disarm the house."""
    _asks(text, language, said)


def test_lock_all_the_doors_locks_the_doors_and_nothing_else() -> None:
    for text in ("lock all the doors", "make sure all doors are locked"):
        spec = _translate(text)
        assert [goal.type for goal in spec.goals] == ["lock"], text
        assert _acted_on(spec) == ["lock.back_door", "lock.front_door"], text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("turn off the light in the leaving room", "There is no light in leaving room"),
        ("turn off the lights in the play room", "There is no light in play room"),
        ("dim the lights in the movie room", "There is no light in movie room"),
        ("turn on the lights in the playroom", "There is no light in playroom"),
    ],
)
def test_a_word_of_another_meaning_before_room_names_a_room_the_home_lacks(
    text: str, said: str
) -> None:
    """“The leaving room” is not the room the request came from."""
    _asks(text, "en", said)


def test_room_alone_is_still_the_room_the_request_came_from() -> None:
    for text in ("turn room light off", "switch the room lights off"):
        assert _acted_on(_translate(text)) == [
            "light.living_room_ceiling",
            "light.living_room_lamp",
        ], text


def test_a_brand_said_means_the_device_of_that_brand() -> None:
    """Two plugs, one of them a Wemo: "the wemo" is the Wemo, "the plug" asks."""
    snapshot = home("en")
    snapshot.entities["switch.wemo_mini"] = EntityInfo(
        entity_id="switch.wemo_mini",
        name="Wemo Mini",
        area_id="living_room",
        device_class="outlet",
    )
    for text in ("turn off the wemo", "switch the wemo plug on"):
        assert selected(snapshot, said_in(snapshot, text, area="kitchen")) == [
            "switch.wemo_mini"
        ], text
    spec = said_in(snapshot, "turn off the plug", area="kitchen")
    assert spec.goals == []
    assert "Which plug do you mean" in spec.unresolved[0]


def test_a_room_word_that_fits_two_rooms_asks_which() -> None:
    snapshot = home("en")
    snapshot.areas["living_room"] = AreaInfo(
        area_id="living_room", name="Lounge", floor_id="ground"
    )
    snapshot.areas["family_room"] = AreaInfo(
        area_id="family_room", name="Family room", floor_id="ground"
    )
    spec = said_in(snapshot, "turn off the lights in the sitting room", area="kitchen")
    assert spec.goals == []
    assert spec.unresolved == [
        "Which room do you mean by “sitting room”: Family room or Lounge?"
    ]
    assert selected(
        snapshot, said_in(snapshot, "vacuum the sitting room", area="kitchen")
    ) == ["vacuum.robot"]


def test_a_name_that_goes_on_is_not_a_comparative() -> None:
    """“Preheat the towel warmer”: a device called so, not "warmer"."""
    snapshot = home("en")
    snapshot.entities["switch.towel_warmer"] = EntityInfo(
        entity_id="switch.towel_warmer", name="Towel warmer", area_id="bedroom"
    )
    spec = said_in(snapshot, "preheat the towel warmer before 6:45", area="kitchen")
    assert [goal.type for goal in spec.goals] == ["run_appliance"]
    assert selected(snapshot, spec) == ["switch.towel_warmer"]
    warmer = said_in(snapshot, "make it warmer in here", area="bedroom")
    assert [goal.type for goal in warmer.goals] == ["set_temperature"]


@pytest.mark.parametrize("text", ["warm up the lights", "preheat every light"])
def test_a_light_is_not_warmed_up_like_a_load(text: str) -> None:
    assert _translate(text).goals == []


def test_black_with_a_verb_and_no_coffee_is_a_colour_no_light_shows() -> None:
    _asks("make it black in here", "en", "cannot show “black”")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Saugen beenden"),
        ("de", "Hör auf zu saugen"),
        ("de", "Hör auf das Auto zu laden"),
        ("de", "Hör auf die Spülmaschine laufen zu lassen"),
        ("de", "Warte mit der Spülmaschine"),
        ("en", "stop vacuuming"),
    ],
)
def test_stopping_an_activity_never_starts_it(language: str, text: str) -> None:
    """“Saugen beenden” must not start the robot vacuum."""
    spec = _translate(text, language)
    assert all(
        goal.type not in ("vacuum_start", "run_appliance", "turn_on", "media_play")
        for goal in spec.goals
    ), spec.goals


@pytest.mark.parametrize(
    ("text", "routine"),
    [
        ("Ich geh ins Bett", "bedtime"),
        ("Wir gehen ins Bett", "bedtime"),
        ("Ich gehe jetzt", "away"),
    ],
)
def test_going_somewhere_in_the_house_is_not_leaving_it(
    text: str, routine: str
) -> None:
    spec = _translate(text, "de")
    assert [goal.params.get("name") for goal in spec.goals] == [routine]


@pytest.mark.parametrize(
    "text", ["Ich geh duschen", "Urlaub ist vorbei", "Ich geh kochen"]
)
def test_ich_geh_with_something_else_runs_no_routine(text: str) -> None:
    assert all(goal.type != "routine" for goal in _translate(text, "de").goals)


@pytest.mark.parametrize(
    "text", ["Lass die Haustür auf", "Lass das Licht an", "Lass die Hintertür offen"]
)
def test_leaving_something_as_it_is_does_nothing(text: str) -> None:
    """“Lass die Haustür auf” (leave it open) must not unlock it."""
    spec = _translate(text, "de")
    assert spec.goals == [], _acted_on(spec, "de")
    assert spec.unresolved


def test_lass_uns_is_still_a_command() -> None:
    assert _acted_on(
        _translate("Lass uns das Licht im Wohnzimmer ausmachen", "de")
    ) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Sind noch Lichter an"),
        ("de", "Sag mir ob das Licht an ist"),
        ("de", "Prüf mal ob die Garage zu ist"),
        ("de", "Garage auf oder zu"),
    ],
)
def test_a_german_question_or_an_either_or_does_nothing(
    language: str, text: str
) -> None:
    """Asked, never switched (Home Assistant 2026.2 answers the first as a query)."""
    spec = _translate(text, language)
    assert all(goal.type == "query_state" for goal in spec.goals), spec.goals


@pytest.mark.parametrize(
    ("language", "text", "step"),
    [
        ("en", "make it 2 degrees warmer", {"temperature_step": 2}),
        ("en", "turn the heating 2 degrees up", {"temperature_step": 2}),
        ("en", "make the lights 20 percent brighter", {"brightness_step_pct": 20}),
        ("de", "Mach es 2 Grad wärmer", {"temperature_step": 2}),
        ("de", "Licht 20 Prozent heller", {"brightness_step_pct": 20}),
    ],
)
def test_a_number_with_a_comparative_is_how_far_not_where_to(
    language: str, text: str, step: dict[str, int]
) -> None:
    """“Two degrees warmer” must not set the thermostat to 2 °C."""
    spec = _translate(text, language)
    assert [goal.params for goal in spec.goals] == [step]


def test_a_number_with_to_is_still_where_to() -> None:
    spec = _translate("turn the heating up to 22 degrees")
    assert [goal.params for goal in spec.goals] == [{"temperature": 22}]


def test_how_many_devices_is_no_value() -> None:
    spec = _translate("lower the two blinds in the living room")
    assert [goal.type for goal in spec.goals] == ["close"]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "set the heating to level 3", "say the temperature in degrees"),
        ("en", "set the thermostat to 3", "say the temperature in degrees"),
        ("de", "Dreh die Heizung auf 3", "Temperatur in Grad"),
    ],
)
def test_a_dial_step_is_no_temperature(language: str, text: str, said: str) -> None:
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Alarm um 7 Uhr aus", "Wecker"),
    ],
)
def test_the_alarm_at_a_time_is_a_clock_in_german_too(text: str, said: str) -> None:
    _asks(text, "de", said)


def test_a_compound_of_a_room_and_a_device_is_not_a_slip_of_another_name() -> None:
    """“Küchenventilator”: the kitchen's fan, not the "Schlafzimmerventilator"."""
    spec = _translate("Küchenventilator an", "de")
    assert spec.goals == [], _acted_on(spec, "de")


def _with_awning_and_gate(language: str) -> ContextSnapshot:
    snapshot = home(language)
    snapshot.entities["cover.terrace_awning"] = EntityInfo(
        entity_id="cover.terrace_awning",
        name="Markise" if language == "de" else "Awning",
        area_id="garden",
        device_class="awning",
    )
    snapshot.entities["cover.driveway_gate"] = EntityInfo(
        entity_id="cover.driveway_gate",
        name="Einfahrtstor" if language == "de" else "Driveway gate",
        area_id="garden",
        device_class="gate",
    )
    return snapshot


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("Markise einfahren", "close"),
        ("Fahr die Markise ein", "close"),
        ("Fahr die Markise aus", "open"),
    ],
)
def test_an_awning_is_retracted_by_einfahren_and_is_no_blind(
    text: str, goal: str
) -> None:
    snapshot = _with_awning_and_gate("de")
    spec = said_in(snapshot, text, language="de")
    assert [item.type for item in spec.goals] == [goal]
    assert selected(snapshot, spec) == ["cover.terrace_awning"]


@pytest.mark.parametrize(
    ("language", "text"), [("de", "Gartentor auf"), ("en", "open the side gate")]
)
def test_a_particular_gate_must_be_called_so(language: str, text: str) -> None:
    """The garden gate is not the driveway gate."""
    snapshot = _with_awning_and_gate(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off all lights but the porch"),
        ("en", "switch everything off but the tv"),
        ("de", "Mach alle Lichter aus aber nicht die Veranda"),
    ],
)
def test_an_exception_after_but_switches_nothing(language: str, text: str) -> None:
    """“All lights but the porch” must not switch the porch off as well."""
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert spec.unresolved


@pytest.mark.parametrize(
    "text",
    [
        "close the blinds but turn on the kitchen lights",
        "turn off the lights but also the tv",
    ],
)
def test_but_with_its_own_verb_or_also_is_another_command(text: str) -> None:
    assert len(_translate(text).goals) == 2


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the front door is unlocked"),
        ("en", "front door's unlocked"),
        ("en", "the garage door is open"),
        ("en", "i just opened the garage door"),
        ("en", "i turned off the lights"),
        ("en", "i have locked the back door"),
        ("en", "the heating isn't working"),
        ("de", "Die Haustür ist offen"),
        ("de", "Ich habe das Licht ausgeschaltet"),
    ],
)
def test_saying_how_things_are_changes_nothing(language: str, text: str) -> None:
    """“The front door is unlocked” must not unlock it."""
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert spec.unresolved


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("make sure the front door is locked", "lock"),
        ("it's too dark in here", "set_brightness"),
        ("i want the lights on", "turn_on"),
        ("i just want the lights on", "turn_on"),
    ],
)
def test_a_command_or_a_complaint_with_is_still_acts(text: str, goal: str) -> None:
    assert [item.type for item in _translate(text).goals] == [goal]


@pytest.mark.parametrize("text", ["turn the coffee off", "coffee maker off"])
def test_coffee_off_switches_the_coffee_maker_off(text: str) -> None:
    assert [goal.type for goal in _translate(text).goals] == ["turn_off"]


@pytest.mark.parametrize("text", ["stop the garage door", "stop the blinds"])
def test_stopping_a_cover_does_not_close_it(text: str) -> None:
    assert all(goal.type != "close" for goal in _translate(text).goals)


def test_an_unknown_word_where_the_alarm_goes_disarms_nothing() -> None:
    """“Disarm the ring”: no Ring here, and the alarm panel is not one."""
    spec = _translate("disarm the ring")
    assert spec.goals == [], _acted_on(spec)


def test_first_is_not_the_first_floor() -> None:
    spec = _translate("first turn off the lights")
    assert "light.bedroom_lamp" not in _acted_on(spec)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("put the thermostat on 68", "68 degrees"),
        ("set the heat to 100", "100 degrees"),
    ],
)
def test_a_temperature_no_room_is_kept_at_is_refused(text: str, said: str) -> None:
    """68 in a home counting in Celsius was said in Fahrenheit: not 30 °C."""
    _asks(text, "en", said)


@pytest.mark.parametrize(
    "text",
    [
        "turn off the light and the fan in the bedroom",
        "turn on the bedroom lamp and fan",
        "turn on the lamp in the bedroom and the fan",
    ],
)
def test_a_place_said_once_is_the_place_of_both_devices(text: str) -> None:
    """Not the fan or light of the room the request came from."""
    snapshot = home("en")
    snapshot.entities["fan.living_room"] = EntityInfo(
        entity_id="fan.living_room", name="Ceiling fan", area_id="living_room"
    )
    spec = said_in(snapshot, text)
    assert selected(snapshot, spec) == ["fan.bedroom", "light.bedroom_lamp"]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("dim the lights all the way", {"brightness_pct": 1}),
        ("turn the lights all the way down", {"brightness_pct": 1}),
        ("turn the lights up all the way", {"brightness_pct": 100}),
        ("lower the living room blinds all the way", {"position": 0}),
        ("open the living room blinds fully", {"position": 100}),
    ],
)
def test_all_the_way_goes_the_way_the_verb_says(
    text: str, params: dict[str, int]
) -> None:
    """“Dim the lights all the way” had set them to full brightness."""
    assert [goal.params for goal in _translate(text).goals] == [params]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "get me a latte from starbucks", "“starbucks” is a matter for a shop"),
        ("en", "bring me a coffee from the coffee shop", "“coffee shop”"),
        ("en", "can i get a costa coffee", "“costa”"),
        ("de", "ich will einen Kaffee von Starbucks", "„starbucks“ ist Sache"),
        ("de", "hol mir einen Kaffee vom Bäcker", "„bäcker“"),
    ],
)
def test_coffee_from_a_shop_does_not_start_the_coffee_maker(
    language: str, text: str, said: str
) -> None:
    _asks(text, language, said)


def test_a_shop_the_home_names_is_a_place_of_the_home() -> None:
    """A room called "Cafe" is the room, not a shop."""
    snapshot = home("en")
    snapshot.areas["cafe"] = AreaInfo(area_id="cafe", name="Cafe", floor_id="ground")
    snapshot.entities["light.cafe_lamp"] = EntityInfo(
        entity_id="light.cafe_lamp", name="Cafe lamp", area_id="cafe"
    )
    for text in ("turn on the lights in the cafe", "turn off the cafe lamp"):
        assert selected(snapshot, said_in(snapshot, text)) == ["light.cafe_lamp"], text


@pytest.mark.parametrize(
    ("language", "text", "lights"),
    [
        (
            "en",
            "turn off the kitchen",
            ["light.kitchen_ceiling", "light.kitchen_counter"],
        ),
        ("en", "kill the kitchen", ["light.kitchen_ceiling", "light.kitchen_counter"]),
        ("de", "Küche aus", ["light.kitchen_ceiling", "light.kitchen_counter"]),
        # Only the washing machine, dryer, car charger and garage door are there.
        ("en", "turn on the utility room", []),
        ("en", "garage off", []),
        ("de", "Hauswirtschaftsraum an", []),
        ("de", "Garage aus", []),
    ],
)
def test_a_place_switched_on_or_off_is_its_lights(
    language: str, text: str, lights: list[str]
) -> None:
    """Not the dishwasher, washing machine, car charger or garage door there."""
    spec = _translate(text, language)
    assert _acted_on(spec, language) == lights
    if not lights:
        assert any(
            said in note for note in spec.unresolved for said in ("light", "Licht")
        ), spec.unresolved


def test_a_place_is_still_a_device_called_so() -> None:
    """ "Turn on the porch" where the porch light is a light called "Porch"."""
    snapshot = home("en")
    snapshot.areas["porch"] = AreaInfo(area_id="porch", name="Porch", floor_id="ground")
    snapshot.entities["light.porch"] = EntityInfo(
        entity_id="light.porch", name="Porch", area_id="garden"
    )
    assert selected(snapshot, said_in(snapshot, "turn on the porch")) == ["light.porch"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "don't touch the heating"),
        ("en", "no need to touch the porch light"),
        ("en", "never touch the tv"),
        ("de", "Fass die Heizung nicht an"),
    ],
)
def test_not_doing_what_we_do_not_know_switches_nothing_off(
    language: str, text: str
) -> None:
    """ "Don't touch the heating" is not "I don't need the heating": no "off"."""
    _asks(text, language, "not" if language == "en" else "nicht")
    assert _translate("I don't need the light any more").goals[0].type.value == (
        "turn_off"
    )


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the kitchen light, no sorry, the office lamp", "“sorry”"),
        ("en", "turn off the bedroom lamp, I mean the office lamp", "“i mean”"),
        ("en", "turn off the tv, wait, the bedroom tv", "“wait”"),
        (
            "de",
            "mach das Küchenlicht an, nein warte, das Licht im Büro",
            "„nein warte“",
        ),
        ("de", "mach den Fernseher aus, ich meine im Schlafzimmer", "„ich meine“"),
    ],
)
def test_a_request_taken_back_halfway_is_said_again(
    language: str, text: str, said: str
) -> None:
    """Neither the device taken back nor a guess at the one meant instead."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "sorry, can you turn on the lights"),
        ("de", "Entschuldigung, mach das Licht an"),
    ],
)
def test_an_apology_before_a_request_takes_nothing_back(
    language: str, text: str
) -> None:
    assert _acted_on(_translate(text, language), language) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn them all off", "“them all”"),
        ("en", "switch all of them off", "“all of them”"),
        ("en", "turn off the rest of the lights", "“the rest”"),
        ("de", "mach sie alle aus", "„sie alle“"),
        ("de", "schalte die restlichen Lichter aus", "„die restlichen“"),
    ],
)
def test_what_was_named_before_is_not_everything(
    language: str, text: str, said: str
) -> None:
    """ "Turn them all off" had switched off every light, fan, TV and plug."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the lights on this floor"),
        ("en", "lights off on this floor"),
        ("de", "mach das Licht auf dieser Etage aus"),
    ],
)
def test_this_floor_is_the_floor_of_the_room_said_in(language: str, text: str) -> None:
    """Not a "Floor lamp": the lights upstairs, where the bedroom is."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area="bedroom")
    assert selected(snapshot, spec) == ["light.bedroom_lamp", "light.office_lamp"]


def test_for_the_night_is_how_long_not_the_night_light() -> None:
    snapshot = home("en")
    snapshot.entities["light.night_light"] = EntityInfo(
        entity_id="light.night_light", name="Night light", area_id="bedroom"
    )
    spec = said_in(snapshot, "lights off for the night")
    assert selected(snapshot, spec) == [
        "light.living_room_ceiling",
        "light.living_room_lamp",
    ]
    spec = said_in(snapshot, "turn on the night light")
    assert selected(snapshot, spec) == ["light.night_light"]


def test_a_bare_number_for_a_room_may_be_light_or_heat() -> None:
    """ "Set the bedroom to 18": 18 % of light, or 18 degrees? Asked, not guessed."""
    _asks("set the bedroom to 18", "en", "percentage for the lights")
    _asks("set the office to 20", "en", "or degrees for the heating")
    for text, goal in (
        ("set the bedroom lights to 18", "set_brightness"),
        ("set the bedroom brightness to 50", "set_brightness"),
        ("set the bedroom to 21 degrees", "set_temperature"),
    ):
        assert [g.type.value for g in _translate(text).goals] == [goal], text


def test_a_negated_remark_beside_a_command_switches_nothing_off() -> None:
    """ "Raise the light, I am not comfortable": not brighter and then off."""
    spec = _translate("raise the light, I am not comfortable at this")
    assert [goal.type.value for goal in spec.goals] == ["set_brightness"]
    assert [g.type.value for g in _translate("don't change the lights").goals] == []


def test_a_device_called_by_its_name_takes_no_place_from_beside_it() -> None:
    """ "The bedroom lamp and the night light": the night light where it is."""
    snapshot = home("en")
    snapshot.entities["light.night_light"] = EntityInfo(
        entity_id="light.night_light", name="Night light", area_id="office"
    )
    for room in ("kitchen", "utility"):
        snapshot.entities[f"fan.{room}_extractor"] = EntityInfo(
            entity_id=f"fan.{room}_extractor",
            name=f"{room.title()} extractor",
            area_id=room,
        )
    snapshot.entities["media_player.sonos"] = EntityInfo(
        entity_id="media_player.sonos",
        name="Sonos",
        area_id="kitchen",
        device_class="speaker",
    )
    for text, meant in (
        (
            "turn off the bedroom lamp and the night light",
            ["light.bedroom_lamp", "light.night_light"],
        ),
        (
            "pause the sonos and the bedroom tv",
            ["media_player.bedroom_tv", "media_player.sonos"],
        ),
        # A kind alone still shares the place said once, and so does a name found
        # there.
        ("turn off the bedroom light and fan", ["fan.bedroom", "light.bedroom_lamp"]),
        (
            "turn off the kitchen light and the extractor",
            ["fan.kitchen_extractor", "light.kitchen_ceiling", "light.kitchen_counter"],
        ),
    ):
        assert selected(snapshot, said_in(snapshot, text)) == meant, text


@pytest.mark.parametrize(
    ("language", "text", "meant"),
    [
        (
            "en",
            "every lamp off",
            ["light.bedroom_lamp", "light.living_room_lamp", "light.office_lamp"],
        ),
        (
            "en",
            "turn off each lamp",
            ["light.bedroom_lamp", "light.living_room_lamp", "light.office_lamp"],
        ),
        ("en", "mute all the tvs", ["media_player.bedroom_tv", "media_player.tv"]),
        (
            "de",
            "schalte jede Lampe aus",
            ["light.bedroom_lamp", "light.living_room_lamp", "light.office_lamp"],
        ),
    ],
)
def test_every_device_of_a_kind_is_every_one_in_the_home(
    language: str, text: str, meant: list[str]
) -> None:
    """Not only those of the room it was said in, nor the speaker beside the TVs."""
    assert _acted_on(_translate(text, language), language) == meant


def test_every_light_of_the_room_is_the_room_said_in() -> None:
    spec = _translate("every light of room increase its intensity")
    assert _acted_on(spec) == ["light.living_room_ceiling", "light.living_room_lamp"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "open up the house"),
        ("en", "open downstairs"),
        ("de", "mach das ganze Haus auf"),
    ],
)
def test_opening_the_house_opens_no_garage_door(language: str, text: str) -> None:
    """Blinds and curtains; the garage door only when the garage is said."""
    acted = _acted_on(_translate(text, language), language)
    assert acted == (
        ["cover.living_room_blinds"]
        if "downstairs" in text
        else ["cover.bedroom_blinds", "cover.living_room_blinds"]
    )
    assert _acted_on(_translate("open the garage")) == ["cover.garage_door"]


def test_off_to_bed_is_bedtime_not_leaving_the_house() -> None:
    """ "I am off to bed" had run the away routine (locks, vacuum) for "I am off"."""
    spec = _translate("I'm off to bed, lights off")
    first = spec.goals[0]
    assert (first.type.value, first.params.get("name")) == ("routine", "bedtime")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the power strip"),
        ("en", "turn on the extension"),
        ("de", "schalte die Steckdosenleiste aus"),
    ],
)
def test_a_power_strip_is_not_the_smart_plug(language: str, text: str) -> None:
    """Another device than the plug the home has: asked, not guessed."""
    assert _translate(text, language).goals == []


@pytest.mark.parametrize(
    ("text", "goal", "acted"),
    [
        ("unplug the dishwasher", "turn_off", ["switch.dishwasher"]),
        ("cancel the dishwasher", "turn_off", ["switch.dishwasher"]),
        ("disconnect the car charger", "turn_off", ["switch.ev_charger"]),
        ("unplug the coffee maker", "turn_off", ["switch.coffee_maker"]),
        ("the dishwasher is leaking", None, []),
        ("the vacuum is stuck", None, []),
        ("cancel the vacuum", "vacuum_return", ["vacuum.robot"]),
    ],
)
def test_an_appliance_starts_only_when_asked_to(
    text: str, goal: str | None, acted: list[str]
) -> None:
    """ "Unplug the dishwasher" had run it, "the dishwasher is leaking" too."""
    spec = _translate(text)
    assert [g.type.value for g in spec.goals][:1] == ([goal] if goal else [])
    assert _acted_on(spec) == acted


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it warm in the living room?"),
        ("en", "is it dim in the kitchen"),
        ("en", "is it bedtime"),
        ("en", "am I leaving the house today"),
        ("en", "am i going to bed soon"),
        ("de", "Ist es warm im Wohnzimmer?"),
        ("de", "Ist es dunkel in der Küche"),
        ("de", "Ist es Zeit fürs Bett"),
    ],
)
def test_asking_how_things_are_changes_nothing(language: str, text: str) -> None:
    """Not "make it warm", not the bedtime routine: a question is answered, not done.

    "Is it warm in the living room?" had turned its lights warm white, "is it bedtime"
    had run the bedtime routine.
    """
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "goal"),
    [
        ("en", "is it ok to lower the lights", "set_brightness"),
        ("en", "is it possible to turn on the lights", "turn_on"),
        ("de", "ist es möglich, das Licht anzuschalten", "turn_on"),
        ("de", "hier ist es zu kalt", "set_temperature"),
    ],
)
def test_asking_leave_or_complaining_still_acts(
    language: str, text: str, goal: str
) -> None:
    spec = _translate(text, language)
    assert [g.type.value for g in spec.goals] == [goal]
    assert _acted_on(spec, language)


@pytest.mark.parametrize(
    "text",
    ["are we out of coffee", "should i turn off the lights", "shall i make coffee"],
)
def test_asking_oneself_is_a_question(text: str) -> None:
    _asks(text, "en", "This is a question")


def test_a_device_said_to_be_here_is_looked_for_here() -> None:
    """ "The desk lamp in here": not the office's desk lamp from the living room."""
    snapshot = home("en")
    snapshot.entities["light.desk_lamp"] = EntityInfo(
        entity_id="light.desk_lamp", name="Desk lamp", area_id="office"
    )
    spec = said_in(snapshot, "turn on the desk lamp in here")
    assert spec.goals == []
    assert spec.unresolved == ["There is no desk lamp in Living room."]
    spec = said_in(snapshot, "turn on the desk lamp in here", area="office")
    assert selected(snapshot, spec) == ["light.desk_lamp"]


@pytest.mark.parametrize(
    ("language", "text", "spoken"),
    [
        ("en", "turn off the lights in there", "in there"),
        ("en", "turn the lights off over there", "over there"),
        ("en", "switch on the lamp in the other room", "in the other room"),
        ("en", "turn on the lights next door", "next door"),
        ("de", "mach das Licht da drin aus", "da drin"),
        ("de", "schalte das Licht da drüben aus", "da drüben"),
        ("de", "mach das Licht nebenan an", "nebenan"),
    ],
)
def test_a_room_pointed_at_but_not_named_is_asked_for(
    language: str, text: str, spoken: str
) -> None:
    """ "In there" is not the room it was said in: which room is asked, nothing acts."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == []
    assert any(
        f"“{spoken}”" in note or f"„{spoken}“" in note for note in spec.unresolved
    )
    without = said_in(snapshot, text.replace(spoken, ""), language=language)
    assert selected(snapshot, without)  # said without it: the room it was said in


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "set the lights to three quarters"),
        ("de", "stell das Licht auf drei viertel"),
    ],
)
def test_three_quarters_is_seventy_five_percent(language: str, text: str) -> None:
    """Not a quarter: the number before a fraction counts it."""
    spec = _translate(text, language)
    assert [goal.params for goal in spec.goals] == [{"brightness_pct": 75}]


@pytest.mark.parametrize(
    "text",
    [
        "don't brighten the lights",
        "not so bright",
        "i don't want the kitchen dimmer",
        "i don't like the green in the kitchen",
        "get rid of the pink light",
        "i hate the blue lights",
    ],
)
def test_not_wanting_a_change_switches_nothing_off(text: str) -> None:
    """Only "I don't need the light" (no change said) means "off"."""
    _asks(text, "en", "not to do something")


@pytest.mark.parametrize(
    "text",
    ["lights still on in the office", "yesterday i turned on the garden lights"],
)
def test_how_things_are_or_were_changes_nothing(text: str) -> None:
    _asks(text, "en", "says how things are")


def test_a_remark_after_a_command_is_no_second_command() -> None:
    """ "Turn off the lights, they are still on": not off and then on again."""
    spec = _translate("turn off the lights, they are still on")
    assert [goal.type.value for goal in spec.goals] == ["turn_off"]


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "turn on the garage switch", "switch"),  # the EV charger is there
        ("en", "turn off the switch in the garage", "switch"),
        ("en", "turn on the kitchen switch", "switch"),  # coffee maker, dishwasher
        ("en", "turn on the switch", "Desk plug"),  # the only plug is in the office
        ("de", "Schalter in der Küche aus", "Schalter"),
        ("de", "Schalte den Schalter in der Garage ein", "Schalter"),
    ],
)
def test_a_switch_said_is_no_appliance_that_happens_to_be_one(
    language: str, text: str, said: str
) -> None:
    """ "The garage switch" is a wall switch or a plug: not the car charger started."""
    _asks(text, language, said)


@pytest.mark.parametrize(
    ("text", "area", "device"),
    [
        ("turn off the office switch", "living_room", "switch.desk_plug"),
        ("turn on the switch", "office", "switch.desk_plug"),
        ("turn on the dishwasher switch", "kitchen", "switch.dishwasher"),
    ],
)
def test_a_switch_in_its_room_or_an_appliance_by_name_still_acts(
    text: str, area: str, device: str
) -> None:
    snapshot = home("en")
    assert selected(snapshot, said_in(snapshot, text, area=area)) == [device]


def _with_a_fireplace_on_an_outlet(language: str) -> ContextSnapshot:
    """A fireplace on a switch of class outlet here, and a Smart Outlet in the workshop.

    The desk plug of the test home is taken out: the outlet is the only plug by name.
    """
    snapshot = home(language)
    del snapshot.entities["switch.desk_plug"]
    snapshot.areas["workshop"] = AreaInfo(
        area_id="workshop", name="Werkstatt" if language == "de" else "Workshop"
    )
    for entity_id, name, area in (
        (
            "switch.fireplace",
            "Kamin" if language == "de" else "Fireplace",
            "living_room",
        ),
        (
            "switch.smart_outlet",
            "Steckdose" if language == "de" else "Smart Outlet",
            "workshop",
        ),
    ):
        snapshot.entities[entity_id] = EntityInfo(
            entity_id=entity_id, name=name, area_id=area, device_class="outlet"
        )
    return snapshot


@pytest.mark.parametrize(
    ("language", "text", "device"),
    [
        ("en", "turn on the plug", "switch.smart_outlet"),
        ("en", "turn off the wemo outlet", "switch.smart_outlet"),
        ("de", "schalte die Steckdose ein", "switch.smart_outlet"),
        # Guards: named, or the plug of the room said, it is the fireplace.
        ("en", "turn on the fireplace", "switch.fireplace"),
        ("en", "turn on the plug in the living room", "switch.fireplace"),
        ("de", "mach den Kamin an", "switch.fireplace"),
    ],
)
def test_the_plug_is_the_one_called_a_plug(
    language: str, text: str, device: str
) -> None:
    """No room said: not the fireplace here that happens to be a switch of class outlet."""
    snapshot = _with_a_fireplace_on_an_outlet(language)
    assert selected(snapshot, said_in(snapshot, text, language=language)) == [device]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "brew some tea"),
        ("en", "brew a pot of tea"),
        ("de", "Koch mir einen Tee"),
    ],
)
def test_brewing_something_else_is_no_coffee(language: str, text: str) -> None:
    """The coffee maker makes coffee: "brew some tea" is not a reason to start it."""
    spec = _translate(text, language)
    assert spec.goals == [], _acted_on(spec, language)
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "brew"),
        ("en", "brew some coffee please"),
        ("en", "brew me a cup"),
        ("en", "brew an espresso"),
        ("en", "please make coffee according to my earlier preference"),
        ("en", "make coffee with milk and sugar"),
        ("de", "Koch mir einen Kaffee"),
        ("de", "Mach einen Kaffee mit Milch"),
    ],
)
def test_brewing_coffee_still_starts_the_coffee_maker(language: str, text: str) -> None:
    assert _acted_on(_translate(text, language), language) == ["switch.coffee_maker"]


def _goals_with_params(spec: TaskSpec) -> list[tuple[str, dict[str, object]]]:
    return [(goal.type.value, dict(goal.params)) for goal in spec.goals]


@pytest.mark.parametrize(
    ("language", "text", "goal"),
    [
        (
            "en",
            "turn the heating up 2 degrees",
            ("set_temperature", {"temperature_step": 2}),
        ),
        (
            "en",
            "turn the volume down 20 percent",
            ("set_volume", {"volume_step_pct": -20}),
        ),
        (
            "en",
            "lights minus 20 percent",
            ("set_brightness", {"brightness_step_pct": -20}),
        ),
        ("en", "volume plus 10", ("set_volume", {"volume_step_pct": 10})),
        (
            "de",
            "Licht minus 20 Prozent",
            ("set_brightness", {"brightness_step_pct": -20}),
        ),
    ],
)
def test_up_or_down_by_a_number_is_a_step_not_a_level(
    language: str, text: str, goal: tuple[str, dict[str, object]]
) -> None:
    """ "Turn the heating up 2 degrees" had set the thermostat to 2 °C."""
    assert _goals_with_params(_translate(text, language)) == [goal]


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("turn the heating up to 21 degrees", ("set_temperature", {"temperature": 21})),
        (
            "turn the lights down to 20 percent",
            ("set_brightness", {"brightness_pct": 20}),
        ),
        ("set the lights to 20 percent", ("set_brightness", {"brightness_pct": 20})),
        ("bring the blinds down 30 percent", ("set_position", {"position": 30})),
        # A percentage after "up" is read as the level, as the crowd annotates it.
        ("turn the lights up 20 percent", ("set_brightness", {"brightness_pct": 20})),
    ],
)
def test_up_or_down_to_a_number_is_still_that_level(
    text: str, goal: tuple[str, dict[str, object]]
) -> None:
    assert _goals_with_params(_translate(text)) == [goal]


_LIGHTS = EVERY_LIGHT


@pytest.mark.parametrize("text", ["all on", "turn on everything"])
def test_everything_switched_on_is_the_lights(text: str) -> None:
    """ "All on" had switched on every fan, TV, speaker, plug and the coffee maker."""
    assert _acted_on(_translate(text)) == _LIGHTS


def test_everything_switched_off_is_still_everything() -> None:
    acted = _acted_on(_translate("turn everything off"))
    assert set(_LIGHTS) < set(acted)
    assert {"media_player.tv", "fan.bedroom"} <= set(acted)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("turn on the blender", "blender"),  # had turned the lights lavender
        ("turn on the flood light", "flood light"),  # had switched the floor lamp
        ("lights the gym off", "gym"),  # had switched the living room's lights
        ("dim the lights the gym", "gym"),
    ],
)
def test_a_real_word_or_a_room_the_home_lacks_is_not_passed_over(
    text: str, said: str
) -> None:
    _asks(text, "en", said)


def test_lights_the_room_said_still_works() -> None:
    assert _acted_on(_translate("lights the kitchen off")) == [
        "light.kitchen_ceiling",
        "light.kitchen_counter",
    ]
