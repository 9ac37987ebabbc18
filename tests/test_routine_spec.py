"""Tests of the pure routine checks."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from custom_components.orchestration.core.routine_spec import (
    WEEKDAYS,
    InvalidRoutineError,
    Routine,
    check_routine,
    parse_routine,
)

MORNING: dict[str, Any] = {
    "name": "Morning",
    "intent": "turn on the kitchen lights",
    "time": "07:00",
    "weekdays": ["fri", "mon"],
}


def test_routine_is_read_and_stored_in_canonical_form() -> None:
    """Times gain seconds, weekdays come in week order, text is trimmed."""
    routine = parse_routine({**MORNING, "name": " Morning ", "intent": " lights on "})
    assert routine == Routine(
        name="Morning", intent="lights on", at=time(7, 0), weekdays=("mon", "fri")
    )
    assert routine.as_option() == {
        "name": "Morning",
        "intent": "lights on",
        "time": "07:00:00",
        "weekdays": ["mon", "fri"],
    }
    assert parse_routine(routine.as_option()) == routine


def test_seconds_are_kept_and_fractions_dropped() -> None:
    """HH:MM:SS keeps its second; a fraction of a second cannot be scheduled."""
    assert parse_routine({**MORNING, "time": "06:15:30"}).at == time(6, 15, 30)
    assert parse_routine({**MORNING, "time": "06:15:30.5"}).at == time(6, 15, 30)


@pytest.mark.parametrize(
    ("day", "runs"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 24), False),  # Tuesday
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 29), False),  # Sunday
    ],
)
def test_runs_on_listed_weekdays(day: date, runs: bool) -> None:
    """The routine runs on its weekdays only."""
    assert parse_routine(MORNING).runs_on(day) is runs


def test_no_weekdays_means_every_day() -> None:
    """Empty or missing weekdays: every day of the week."""
    for raw in ({**MORNING, "weekdays": []}, {**MORNING, "weekdays": None}):
        routine = parse_routine(raw)
        assert routine.weekdays == ()
        assert all(routine.runs_on(date(2026, 11, 23 + n)) for n in range(7))
    assert len(WEEKDAYS) == 7


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": ""}, {"name": "routine_name_empty"}),
        ({"name": "   "}, {"name": "routine_name_empty"}),
        ({"name": None}, {"name": "routine_name_empty"}),
        ({"intent": " "}, {"intent": "routine_intent_empty"}),
        ({"intent": 3}, {"intent": "routine_intent_empty"}),
        ({"time": "25:00"}, {"time": "routine_time_invalid"}),
        ({"time": "seven"}, {"time": "routine_time_invalid"}),
        ({"time": "24:00"}, {"time": "routine_time_invalid"}),
        ({"time": None}, {"time": "routine_time_invalid"}),
        ({"weekdays": ["monday"]}, {"weekdays": "routine_weekday_invalid"}),
        ({"weekdays": "mon"}, {"weekdays": "routine_weekday_invalid"}),
        (
            {"name": "", "intent": "", "time": "x"},
            {
                "name": "routine_name_empty",
                "intent": "routine_intent_empty",
                "time": "routine_time_invalid",
            },
        ),
    ],
)
def test_invalid_routine_errors_by_field(
    changes: dict[str, Any], errors: dict[str, str]
) -> None:
    """Every problem is reported on its field."""
    assert check_routine({**MORNING, **changes}) == (None, errors)
    with pytest.raises(InvalidRoutineError) as raised:
        parse_routine({**MORNING, **changes})
    assert raised.value.errors == errors


def test_name_taken_in_any_case() -> None:
    """A name another routine has is refused, whatever its letter case."""
    assert check_routine(MORNING, ["MORNING"]) == (
        None,
        {"name": "routine_name_taken"},
    )
    routine, errors = check_routine(MORNING, ["Evening"])
    assert errors == {}
    assert routine is not None
