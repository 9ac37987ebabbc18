"""Clock times said in words: "at half past six", "at one pm", "um halb sieben".

A speech recogniser writes what was said, not digits. Said in words, a clock time waits
for that time; before, "at one pm" was "a time that could not be placed", "make coffee
at half past six" made coffee at once and "turn the lights off at a quarter to eleven"
set them to 11 %. Without am or pm it is the next time the clock shows it, as people
mean it; a day or a day part said beside it places it. A number that is no clock time
("to seven", "um zehn Prozent") stays a level.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import TaskSpec

from .homes import NOW, home, selected

# The test home's clock reads 14:30 (Europe/Berlin) at NOW.
EVENING = NOW + timedelta(hours=5, minutes=30)  # 20:00


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module."""
    return IntentTranslator()


def _said(
    translator: IntentTranslator, text: str, language: str, now: datetime = NOW
) -> TaskSpec:
    return translator.translate(
        text,
        language=language,
        snapshot=home(language),
        now=now,
        context_area_id="living_room",
    )


def _times(spec: TaskSpec) -> list[dict[str, Any]]:
    return [item.as_dict() for item in spec.constraints]


def _after(day: int, clock: str) -> list[dict[str, Any]]:
    return [{"type": "not_before", "after": f"2026-01-{day}T{clock}:00+01:00"}]


@pytest.mark.parametrize(
    ("language", "text", "constraints", "entity_ids"),
    [
        ("en", "start the vacuum at one pm", _after(13, "13:00"), ["vacuum.robot"]),
        (
            "en",
            "at five pm today start the robot vacuum",
            _after(12, "17:00"),
            ["vacuum.robot"],
        ),
        ("en", "make coffee at seven am", _after(13, "07:00"), ["switch.coffee_maker"]),
        (
            "en",
            "make coffee at seven thirty am",
            _after(13, "07:30"),
            ["switch.coffee_maker"],
        ),
        # Said at 14:30: the next half past six is this evening's.
        (
            "en",
            "make coffee at half past six",
            _after(12, "18:30"),
            ["switch.coffee_maker"],
        ),
        (
            "en",
            "turn off the kitchen lights at a quarter to eleven",
            _after(12, "22:45"),
            ["light.kitchen_ceiling", "light.kitchen_counter"],
        ),
        (
            "en",
            "turn off the kitchen lights at twenty past eleven",
            _after(12, "23:20"),
            ["light.kitchen_ceiling", "light.kitchen_counter"],
        ),
        (
            "en",
            "start the dishwasher at ten pm",
            _after(12, "22:00"),
            ["switch.dishwasher"],
        ),
        (
            "en",
            "make coffee at seven o'clock",
            _after(12, "19:00"),
            ["switch.coffee_maker"],
        ),
        (
            "en",
            "turn on the heating at seven in the morning",
            _after(13, "07:00"),
            ["climate.thermostat"],
        ),
        (
            "en",
            "start the vacuum tomorrow at half past nine",
            _after(13, "09:30"),
            ["vacuum.robot"],
        ),
        # A day said beside a bare hour makes it a time, not a level.
        ("en", "start the vacuum tomorrow at 9", _after(13, "09:00"), ["vacuum.robot"]),
        (
            "en",
            "turn on the porch light at 8 tonight",
            _after(12, "20:00"),
            ["light.porch"],
        ),
        (
            "de",
            "Mach um halb sieben Kaffee",
            _after(12, "18:30"),
            ["switch.coffee_maker"],
        ),
        (
            "de",
            "Schalte das Verandalicht um sieben Uhr dreißig ein",
            _after(12, "19:30"),
            ["light.porch"],
        ),
        (
            "de",
            "Schalte das Verandalicht um viertel nach acht ein",
            _after(12, "20:15"),
            ["light.porch"],
        ),
        (
            "de",
            "Schalte das Verandalicht um viertel vor elf aus",
            _after(12, "22:45"),
            ["light.porch"],
        ),
        (
            "de",
            "Starte den Staubsauger morgen um halb zehn",
            _after(13, "09:30"),
            ["vacuum.robot"],
        ),
        (
            "de",
            "Schalte die Heizung im Wohnzimmer um sechs Uhr morgens ein",
            _after(13, "06:00"),
            ["climate.thermostat"],
        ),
        # "Uhr" before "abends" no longer hides the evening (digits too).
        (
            "de",
            "Schalte das Verandalicht um 8 Uhr abends aus",
            _after(12, "20:00"),
            ["light.porch"],
        ),
    ],
)
def test_a_clock_said_in_words_waits_for_that_time(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraints: list[dict[str, Any]],
    entity_ids: list[str],
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == constraints, spec.unresolved
    assert selected(home(language), spec) == entity_ids
    assert spec.unresolved == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "make coffee at half past six"),
        ("en", "make coffee at six thirty"),
        ("de", "Mach um halb sieben Kaffee"),
    ],
)
def test_said_in_the_evening_it_is_tomorrow_morning(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """At 20:00 the next half past six is tomorrow's, at 06:30."""
    assert _times(_said(translator, text, language, now=EVENING)) == _after(13, "06:30")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "dim the kitchen lights to seven"),
        ("en", "set the heating to twenty"),
        ("de", "Dimme das Licht in der Küche um zehn Prozent"),
    ],
)
def test_a_number_that_is_no_clock_time_stays_a_level(
    translator: IntentTranslator, language: str, text: str
) -> None:
    assert _times(_said(translator, text, language)) == []


def test_from_ten_to_eleven_is_no_ten_to_eleven(translator: IntentTranslator) -> None:
    """ "Ten to eleven" after "from" is an hour's span: never read as 10:50."""
    spec = _said(translator, "start the vacuum from ten to eleven", "en")
    assert {"type": "not_before", "after": "2026-01-12T22:50:00+01:00"} not in _times(
        spec
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "i want to wake up at six am tomorrow please"),
        ("en", "send me a wake up alert at seven am tomorrow morning"),
        ("en", "i need to get up at 6"),
        ("de", "Ich will um sieben Uhr aufwachen"),
    ],
)
def test_waking_at_a_time_is_an_alarm_clock(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """Not the morning routine at that time: the person wants to be woken."""
    spec = _said(translator, text, language)
    assert spec.goals == []
    assert spec.unresolved


@pytest.mark.parametrize(("language", "text"), [("en", "wake up"), ("de", "aufwachen")])
def test_waking_up_now_is_still_the_morning(
    translator: IntentTranslator, language: str, text: str
) -> None:
    spec = _said(translator, text, language)
    assert [goal.params.get("name") for goal in spec.goals] == ["morning"]


@pytest.mark.parametrize(
    ("language", "text", "constraints"),
    [
        ("en", "start the vacuum around half past nine", _after(12, "21:30")),
        ("en", "start the vacuum at around nine thirty", _after(12, "21:30")),
        ("en", "turn on the porch light around 7 pm", _after(12, "19:00")),
        ("de", "Mach Kaffee gegen halb sieben", _after(12, "18:30")),
        ("de", "Starte den Staubsauger ungefähr um 9 Uhr", _after(13, "09:00")),
    ],
)
def test_around_a_time_is_that_time(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraints: list[dict[str, Any]],
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == constraints
    assert spec.unresolved == []


def test_half_without_a_clock_is_still_half(translator: IntentTranslator) -> None:
    """ "Halb" alone is a level: the blinds half down, not half past anything."""
    spec = _said(translator, "Mach das Rollo halb runter", "de")
    assert _times(spec) == []
    assert [goal.params for goal in spec.goals] == [{"position": 50}]


# --- times that cannot be, or repeat: never carried out now ---------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # A clock in words without its time word: not "now" (coffee at once), nor a
        # level (the lights at 11 %).
        ("en", "make coffee half past six"),
        ("en", "turn the kitchen lights off quarter to eleven"),
        ("de", "Mach Kaffee viertel nach sieben"),
        ("en", "turn off the lights at 24:30"),
        ("en", "switch off the tv at 13 pm"),
        ("en", "turn off the tv today at 9am"),  # said at 14:30: that has passed
        ("en", "start the vacuum this morning"),
        ("en", "turn on the fan for 0 minutes"),
        ("en", "shut the garage door in 5"),
        ("en", "start the roomba every monday"),
        ("en", "each time the garage door opens turn on the garage light"),
        ("en", "start the vacuum every morning at 9"),
        ("en", "charge the car by Wednesday morning"),
        ("en", "charge the car by yesterday"),
        ("de", "Schalte den Fernseher um 13 Uhr nachts aus"),
        ("de", "Mach jeden Morgen um 7 Kaffee"),
        ("de", "Jedes Mal, wenn die Spülmaschine fertig ist, Küchenlicht aus"),
        ("de", "Starte werktags um halb sieben die Kaffeemaschine"),
        ("de", "Immer montags staubsaugen"),
        ("de", "Mach am Montag um 7 Uhr Kaffee"),
        ("de", "Starte die Spülmaschine am 30. Februar"),
        ("de", "Sauge gestern um 5"),
        ("de", "Nach dem Film das Licht wieder anmachen"),
        # "um" also says "by": with a verb that changes no level, an hour nobody placed.
        ("de", "Mach um sieben das Verandalicht an"),
        ("de", "Um 7 die Kaffeemaschine an"),
    ],
)
def test_a_time_that_cannot_be_or_repeats_does_nothing(
    translator: IntentTranslator, language: str, text: str
) -> None:
    spec = _said(translator, text, language)
    assert selected(home(language), spec) == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "constraints"),
    [
        ("en", "start the dishwasher at half eleven", _after(12, "23:30")),
        ("en", "lock the front door at ten to eleven", _after(12, "22:50")),
        ("en", "switch off the porch light at nineteen thirty", _after(12, "19:30")),
        ("en", "turn on the coffee maker at oh six thirty", _after(13, "06:30")),
        ("en", "start the dishwasher at twenty two hundred", _after(12, "22:00")),
        (
            "en",
            "close the garage door at twenty five to ten tonight",
            _after(12, "21:35"),
        ),
        ("en", "turn on the coffee maker at six thirty a m", _after(13, "06:30")),
        ("en", "turn on the porch light at 7 tomorrow evening", _after(13, "19:00")),
        ("en", "charge the car at 2 at night", _after(13, "02:00")),
        ("de", "Mach morgen früh um halb sieben Kaffee", _after(13, "06:30")),
        ("de", "Schalte die Wallbox um 1 Uhr nachts ein", _after(13, "01:00")),
        ("de", "Starte die Spülmaschine um 11 Uhr nachts", _after(12, "23:00")),
        (
            "de",
            "Mach das Licht in der Küche um fünf vor halb acht an",
            _after(12, "19:25"),
        ),
    ],
)
def test_other_ways_to_say_a_clock(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraints: list[dict[str, Any]],
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == constraints, spec.unresolved
    assert spec.unresolved == []
    assert selected(home(language), spec)


def test_between_six_and_eleven_pm_is_the_evening(translator: IntentTranslator) -> None:
    spec = _said(translator, "turn on the porch light between 6 and 11 pm", "en")
    assert _times(spec) == [
        {
            "type": "time_window",
            "start": "2026-01-12T18:00:00+01:00",
            "end": "2026-01-12T23:00:00+01:00",
        }
    ]


@pytest.mark.parametrize(
    ("language", "text", "entity_id", "state"),
    [
        (
            "en",
            "when the robot vacuum is done turn off the porch light",
            "vacuum.robot",
            "docked",
        ),
        (
            "de",
            "Wenn der Saugroboter fertig ist, mach das Verandalicht aus",
            "vacuum.robot",
            "docked",
        ),
    ],
)
def test_a_device_done_is_in_its_own_state(
    translator: IntentTranslator,
    language: str,
    text: str,
    entity_id: str,
    state: str,
) -> None:
    """A vacuum that is done is docked: waiting for "off" would never end."""
    spec = _said(translator, text, language)
    assert _times(spec) == [{"type": "state", "entity_id": entity_id, "to": state}]


@pytest.mark.parametrize(
    ("language", "text", "constraint"),
    [
        ("de", "Spülmaschine zum Niedertarif laufen lassen", {"type": "minimize_cost"}),
        (
            "de",
            "Gegen Abend die Rollos schließen",
            {
                "type": "time_window",
                "start": "2026-01-12T17:00:00+01:00",
                "end": "2026-01-12T22:00:00+01:00",
            },
        ),
    ],
)
def test_german_tariff_and_evening_words(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraint: dict[str, Any],
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == [constraint]
    assert selected(home(language), spec)


@pytest.mark.parametrize(
    ("language", "text", "entity_id"),
    [
        ("de", "Das Schlafzimmer soll bis 8 Uhr morgens warm sein", "climate.bedroom"),
        ("en", "the bedroom should be warm by 8am", "climate.bedroom"),
        ("en", "i want the bedroom warm by 10 pm", "climate.bedroom"),
    ],
)
def test_a_room_that_should_be_warm_is_heated(
    translator: IntentTranslator, language: str, text: str, entity_id: str
) -> None:
    """Not its lights turned warm white."""
    spec = _said(translator, text, language)
    assert [goal.type.value for goal in spec.goals] == ["precondition"]
    assert selected(home(language), spec) == [entity_id]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the porch light after 20 minutes"),
        ("de", "Nach 20 Minuten das Verandalicht ausschalten"),
    ],
)
def test_after_some_minutes_is_from_now(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """Not 20:00: twenty minutes from 14:30."""
    spec = _said(translator, text, language)
    assert _times(spec) == _after(12, "14:50")
    assert spec.unresolved == []


@pytest.mark.parametrize(
    ("language", "text", "constraints"),
    [
        ("en", "turn off the porch light in a quarter of an hour", _after(12, "14:45")),
        ("en", "turn off the porch light in an hour and a half", _after(12, "16:00")),
        ("en", "turn off the porch light twenty minutes from now", _after(12, "14:50")),
        ("en", "turn off the porch light in 20 mins time", _after(12, "14:50")),
        ("en", "turn on the porch light at 1900", _after(12, "19:00")),
        (
            "de",
            "Schalte das Verandalicht in einer Viertelstunde aus",
            _after(12, "14:45"),
        ),
        (
            "de",
            "In anderthalb Stunden das Verandalicht ausschalten",
            _after(12, "16:00"),
        ),
        ("de", "Schalte das Verandalicht um 23 Uhr 15 aus", _after(12, "23:15")),
        ("en", "turn on the porch light at 12 noon", _after(13, "12:00")),
        ("en", "turn on the porch light at 18h", _after(12, "18:00")),
        ("en", "turn on the porch light at 6h30", _after(13, "06:30")),
        (
            "de",
            "Schalte morgen um zwölf Uhr mittags das Verandalicht ein",
            _after(13, "12:00"),
        ),
        (
            "en",
            "turn the porch light on for the next three hours",
            [{"type": "duration", "minutes": 180}],
        ),
        (
            "de",
            "Mach das Verandalicht für die nächsten zwei Stunden an",
            [{"type": "duration", "minutes": 120}],
        ),
    ],
)
def test_spans_and_clocks_as_people_write_them(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraints: list[dict[str, Any]],
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == constraints, spec.unresolved
    assert selected(home(language), spec) == ["light.porch"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "open the living room blinds for 30 minutes"),
        ("en", "set the kitchen lights to 50% for an hour"),
        ("de", "Öffne das Wohnzimmerrollo für eine Viertelstunde"),
    ],
)
def test_a_duration_no_step_keeps_is_asked(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """Moved and never moved back would ignore half the request: nothing, and why."""
    spec = _said(translator, text, language)
    assert spec.goals == []
    assert "minutes" in spec.unresolved[0] or "Minuten" in spec.unresolved[0]


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("run the dishwasher for an hour", "run_appliance"),
        ("vacuum for 20 minutes", "vacuum_start"),
        # The planner switches it off again (tests/test_waits_over_time.py).
        ("turn on the porch light for 30 minutes", "turn_on"),
        ("put the kitchen lights on for forty five minutes", "turn_on"),
    ],
)
def test_a_duration_of_a_run_stays(
    translator: IntentTranslator, text: str, goal: str
) -> None:
    """A load runs that long; a robot vacuum cleans a while and docks by itself."""
    spec = _said(translator, text, "en")
    assert [item.type.value for item in spec.goals] == [goal]
    assert spec.unresolved == []


@pytest.mark.parametrize(
    ("language", "text", "minutes"),
    [
        ("en", "turn the porch light on until 5pm", 150),
        ("de", "Das Verandalicht bis 17 Uhr einschalten", 150),
    ],
)
def test_on_until_a_time_is_on_for_that_long(
    translator: IntentTranslator, language: str, text: str, minutes: int
) -> None:
    """Said at 14:30: on now and off at 17:00 (the planner's steps), not "by 17:00"."""
    spec = _said(translator, text, language)
    assert _times(spec) == [{"type": "duration", "minutes": minutes}]
    assert [goal.type.value for goal in spec.goals] == ["turn_on"]


def test_a_run_until_a_time_stays_a_deadline(translator: IntentTranslator) -> None:
    spec = _said(translator, "run the dishwasher until 7 pm", "en")
    assert _times(spec) == [{"type": "deadline", "before": "2026-01-12T19:00:00+01:00"}]


@pytest.mark.parametrize(
    ("language", "text", "minutes"),
    [
        ("en", "leave the porch light on until midnight", 570),
        ("en", "keep the porch light on for an hour", 60),
        ("de", "Lass das Verandalicht bis Mitternacht an", 570),
    ],
)
def test_left_on_for_a_while_is_switched_on_for_it(
    translator: IntentTranslator, language: str, text: str, minutes: int
) -> None:
    spec = _said(translator, text, language)
    assert _times(spec) == [{"type": "duration", "minutes": minutes}]
    assert selected(home(language), spec) == ["light.porch"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "leave the porch light on"), ("de", "Lass das Verandalicht an")],
)
def test_left_on_with_no_end_changes_nothing(
    translator: IntentTranslator, language: str, text: str
) -> None:
    spec = _said(translator, text, language)
    assert spec.goals == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "leave the porch light off until 8 pm"),
        ("en", "keep the garage door open until 9 pm"),
        ("de", "Lass das Garagentor bis 21 Uhr offen"),
    ],
)
def test_kept_until_a_time_that_no_step_restores_asks(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """Open (or unlocked) for good is not what "until 9" said: nothing, and why."""
    spec = _said(translator, text, language)
    assert spec.goals == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "keep the garage door open until 9 pm", "until 21:00 and then"),
        ("en", "leave the front door unlocked until 8pm", "until 20:00 and then"),
        ("de", "Öffne das Garagentor bis 21 Uhr", "bis 21:00 Uhr so zu lassen"),
    ],
)
def test_kept_until_quotes_the_time_said(
    translator: IntentTranslator, language: str, text: str, said: str
) -> None:
    """The refusal says the clock time, not the minutes it works out to (was "330")."""
    spec = _said(translator, text, language)
    assert said in spec.unresolved[0]
