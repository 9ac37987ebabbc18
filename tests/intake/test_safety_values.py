"""Never a wrong value (issue 14): the number acted on is the one meant, or we ask.

A clock time after "at" is no level ("open the blinds at 7" is not 7 %). Requests come
from the living room of the test home of ``homes.py``.
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
    """ "At 7" may be seven o'clock: neither 7 % nor anything now."""
    snapshot = home("en")
    spec = said_in(snapshot, text)
    assert spec.goals == []
    assert spec.unresolved


def test_an_hour_with_pm_schedules_the_level_said() -> None:
    """ "At 7pm" is a time: 21 degrees then, as said."""
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
