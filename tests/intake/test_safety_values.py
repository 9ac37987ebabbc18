"""Never a wrong value (issue 14): the number acted on is the one meant, or we ask.

A clock time after "at" is no level ("open the blinds at 7" is not 7 %); a set point
said in Fahrenheit is not heated to in a home in Celsius, whichever way it was said;
"by 10" after a change is the step, not a deadline, and a thermostat is not turned by
ten degrees at once; "set the temperature to 21" sets the heating of the room it was
said in, not every thermostat of the home.
Requests come from the living room of the test home of ``homes.py``.
"""

from __future__ import annotations

import pytest

from .homes import home, said_in, selected

# --- a clock time is no level -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "set the heating to 18 at 10",
        "open the blinds at 7",
        "close the blinds at 9",
        "set the blinds to 40 at 8",
        "make coffee at 7",
    ],
)
def test_a_bare_hour_after_at_asks(text: str) -> None:
    """Seven o'clock may be meant by "at 7": neither 7 % nor anything now."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert spec.goals == []
    assert spec.unresolved


def test_a_german_hour_after_a_level_asks() -> None:
    """„Auf 18 um 10“: zehn Uhr, nicht 10 °C."""
    snapshot = home("de")
    spec = said_in(snapshot, "stell die Heizung auf 18 um 10", language="de")
    assert spec.goals == []
    assert spec.unresolved


def test_a_german_step_by_um_is_still_a_step() -> None:
    """„Dimme das Licht um 10“: um zehn Prozent dunkler, no hour."""
    snapshot = home("de")
    spec = said_in(snapshot, "dimme das Licht um 10", language="de")
    assert spec.unresolved == []
    assert [goal.params for goal in spec.goals] == [{"brightness_step_pct": -10}]


def test_an_hour_with_pm_schedules_the_level_said() -> None:
    """A time with pm ("at 7pm"): 21 degrees then, as said."""
    snapshot = home("en")
    spec = said_in(snapshot, "set the heating to 21 at 7pm")
    assert selected(snapshot, spec) == ["climate.thermostat"]
    assert spec.goals[0].params == {"temperature": 21}
    assert [constraint.type.value for constraint in spec.constraints] == ["not_before"]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("set the heating at 20", {"temperature": 20}),
        ("set the blinds at 50 percent", {"position": 50}),
    ],
)
def test_a_level_after_at_is_still_the_level(text: str, params: dict[str, int]) -> None:
    """No hour of a twelve-hour clock, or a unit said: the level."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert spec.unresolved == []
    assert [goal.params for goal in spec.goals] == [params]


# --- a set point no room is heated to ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("set the temperature to 70 degrees", "en"),
        ("heat to 70", "en"),
        ("heat the house to 70", "en"),
        ("set the bedroom temperature to 70", "en"),
        ("warm the living room to 72", "en"),
        ("set the heat to 68", "en"),
        ("turn on the lights and set the heating to 70", "en"),
        ("stell die Temperatur auf 70 Grad", "de"),
        ("heiz das Wohnzimmer auf 72", "de"),
    ],
)
def test_an_unlivable_set_point_asks(text: str, language: str) -> None:
    """70 in a home in Celsius was said in Fahrenheit: nothing heats to 30 °C."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == []
    assert spec.unresolved


def test_a_set_point_in_fahrenheit_is_set_in_a_home_in_fahrenheit() -> None:
    """The same 70 is a room's temperature where the home counts in Fahrenheit."""
    snapshot = home("en")
    snapshot.temperature_unit = "°F"
    spec = said_in(snapshot, "set the thermostat to 70 degrees")
    assert spec.unresolved == []
    assert selected(snapshot, spec) == ["climate.thermostat"]
    assert spec.goals[0].params == {"temperature": 70}


@pytest.mark.parametrize(
    "text", ["set the thermostat to 21", "set the heating to 21", "heat to 21"]
)
def test_a_livable_set_point_is_set(text: str) -> None:
    """21 degrees on the thermostat of the room it was said in."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert spec.unresolved == []
    assert selected(snapshot, spec) == ["climate.thermostat"]
    assert spec.goals[0].params == {"temperature": 21}


# --- "by" a number after a change is the step -------------------------------------


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("lower the heat by 3", {"temperature_step": -3}),
        ("increase the temperature by 2", {"temperature_step": 2}),
        ("turn the heating up by 2 degrees", {"temperature_step": 2}),
        ("volume up by 5", {"volume_step_pct": 5}),
        ("turn the tv up by 10", {"volume_step_pct": 10}),
        ("dim the lights by 10", {"brightness_step_pct": -10}),
        ("dim the lights by 20 percent", {"brightness_step_pct": -20}),
    ],
)
def test_by_a_number_after_a_change_is_the_step(
    text: str, params: dict[str, int]
) -> None:
    """How far to change, now: no deadline, no default step instead."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert spec.unresolved == []
    assert [goal.params for goal in spec.goals] == [params]
    assert spec.constraints == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("increase the temperature by 10", "en"),
        ("turn the heat up by 20", "en"),
        ("erhöhe die Temperatur um 10", "de"),
    ],
)
def test_a_thermostat_step_too_big_asks(text: str, language: str) -> None:
    """Ten degrees up at once is no turn of a thermostat."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == []
    assert spec.unresolved


def test_by_a_time_after_a_change_is_still_a_deadline() -> None:
    """A time with am ("by 7am") says by when, and the step is the usual one."""
    snapshot = home("en")
    spec = said_in(snapshot, "turn the heating up by 7am")
    assert [goal.params for goal in spec.goals] == [{"temperature_step": 1}]
    assert [constraint.type.value for constraint in spec.constraints] == ["deadline"]


def test_a_cover_lowered_by_a_number_asks() -> None:
    """Blinds lowered "by 8" are not lowered all the way, nor perhaps now."""
    snapshot = home("en")
    spec = said_in(snapshot, "lower the blinds by 8")
    assert spec.goals == []
    assert spec.unresolved


# --- the temperature of the room it was said in -----------------------------------


@pytest.mark.parametrize(
    ("text", "language", "area", "expected"),
    [
        ("set the temperature to 21", "en", "living_room", ["climate.thermostat"]),
        ("set the temperature to 21 degrees", "en", "bedroom", ["climate.bedroom"]),
        ("stell die Temperatur auf 21", "de", "living_room", ["climate.thermostat"]),
        ("set the bedroom temperature to 21", "en", "living_room", ["climate.bedroom"]),
        ("set the heating to 21", "en", "living_room", ["climate.thermostat"]),
    ],
)
def test_the_temperature_is_the_rooms(
    text: str, language: str, area: str, expected: list[str]
) -> None:
    """No room said: the thermostat of the room it was said in, as for the heating."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area=area)
    assert spec.unresolved == []
    assert selected(snapshot, spec) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [("set the temperature to 21", "en"), ("stell die Temperatur auf 21", "de")],
)
def test_the_temperature_said_where_there_is_no_thermostat_asks(
    text: str, language: str
) -> None:
    """Said in the kitchen, with thermostats in two other rooms: which one?"""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language, area="kitchen")
    assert selected(snapshot, spec) == []
    assert spec.unresolved
