"""User routines as the options hold them: a name, an intent, a time and weekdays.

Pure: nothing here imports Home Assistant. The options flow checks a routine with
``check_routine`` before storing it; the scheduler reads the stored ones with
``parse_routine``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Final

from .energy.quiet_hours import parse_time_of_day

CONF_NAME: Final = "name"
CONF_INTENT: Final = "intent"
CONF_TIME: Final = "time"
CONF_WEEKDAYS: Final = "weekdays"

# Home Assistant's spelling of weekdays (time conditions), Monday first like
# ``date.weekday()``.
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Routine:
    """A routine: plan ``intent`` at ``at`` local time on ``weekdays`` (empty: daily)."""

    name: str
    intent: str
    at: time
    weekdays: tuple[str, ...] = ()

    def runs_on(self, day: date) -> bool:
        """Whether the routine runs on this (local) day."""
        return not self.weekdays or WEEKDAYS[day.weekday()] in self.weekdays

    def as_option(self) -> dict[str, Any]:
        """The routine as the options store it."""
        return {
            CONF_NAME: self.name,
            CONF_INTENT: self.intent,
            CONF_TIME: self.at.isoformat(timespec="seconds"),
            CONF_WEEKDAYS: list(self.weekdays),
        }


class InvalidRoutineError(ValueError):
    """A stored routine that cannot run; ``errors`` are by field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        """Keep the errors by field."""
        super().__init__(", ".join(f"{key}: {error}" for key, error in errors.items()))
        self.errors = dict(errors)


def check_routine(
    raw: Mapping[str, Any], taken_names: Collection[str] = ()
) -> tuple[Routine | None, dict[str, str]]:
    """The routine, or None and the errors by field.

    A name is taken when another routine has it, in any letter case.
    """
    errors: dict[str, str] = {}
    name = raw.get(CONF_NAME)
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        errors[CONF_NAME] = "routine_name_empty"
    elif name.casefold() in {taken.casefold() for taken in taken_names}:
        errors[CONF_NAME] = "routine_name_taken"

    intent = raw.get(CONF_INTENT)
    intent = intent.strip() if isinstance(intent, str) else ""
    if not intent:
        errors[CONF_INTENT] = "routine_intent_empty"

    # 24:00 is an end of day for quiet hours, never a time a routine can fire.
    at = parse_time_of_day(raw.get(CONF_TIME))
    if at is None or at == time.max:
        errors[CONF_TIME] = "routine_time_invalid"

    weekdays = raw.get(CONF_WEEKDAYS) or []
    if not isinstance(weekdays, list | tuple) or not set(weekdays) <= set(WEEKDAYS):
        errors[CONF_WEEKDAYS] = "routine_weekday_invalid"

    if errors or at is None:
        return None, errors
    return Routine(
        name=name,
        intent=intent,
        at=at.replace(microsecond=0),
        weekdays=tuple(day for day in WEEKDAYS if day in weekdays),
    ), {}


def parse_routine(raw: Mapping[str, Any]) -> Routine:
    """A stored routine; raises InvalidRoutineError when it cannot run."""
    routine, errors = check_routine(raw)
    if routine is None:
        raise InvalidRoutineError(errors)
    return routine
