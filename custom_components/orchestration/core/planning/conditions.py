"""The condition a task waits for before anything runs: presence, a state, the sun.

``occupancy`` {when: arrival | departure | home | away}, ``state`` {entity_id, to} and
``sun`` {event, offset} constraints (DESIGN §5, §8) become one wait step in front of
the plan: every step of the plan depends on it. A wait for a state of the home that
already holds is no wait. A wait that cannot be armed (nobody's presence is known,
the device is not in the home, there is no location for the sun) makes the plan
infeasible: running at once would do what the request said not to.

A wait without a deadline expires after the planner's ``wait_timeout_h``; a sun
event is a moment, which expires like a start time does. Pure: no Home Assistant
imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from ..models import (
    MISSED_START_GRACE,
    WAIT_DATA_KEY,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    StepKind,
    SunTimes,
    Wait,
    WaitKind,
)
from ..texts import Reason, Term
from .steps import Draft, as_number

#: What ``occupancy`` {when} waits for.
_OCCUPANCY: Final[dict[str, WaitKind]] = {
    "arrival": WaitKind.ARRIVAL,
    "departure": WaitKind.DEPARTURE,
    "home": WaitKind.SOMEONE_HOME,
    "away": WaitKind.NOBODY_HOME,
}

SUN_EVENTS: Final = ("sunrise", "sunset")

_CONDITIONS: Final = (
    ConstraintType.OCCUPANCY,
    ConstraintType.STATE,
    ConstraintType.SUN,
)


@dataclass(slots=True)
class ConditionWait:
    """The wait step a task needs (if any), and why it cannot be armed (if so)."""

    draft: Draft | None = None
    reasons: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    #: The moment a sun wait ends: deferrable loads are placed after it.
    starts_after: datetime | None = None

    @property
    def blocks(self) -> bool:
        """Whether the plan cannot run: the wait it needs cannot be armed."""
        return bool(self.reasons)


def next_sun_event(
    sun: SunTimes, event: str, offset_min: int, now: datetime
) -> datetime | None:
    """The first ``event`` moved by ``offset_min`` minutes that is still to come."""
    times = sun.sunrise if event == "sunrise" else sun.sunset
    offset = timedelta(minutes=offset_min)
    coming = [moment + offset for moment in times if moment + offset > now]
    return min(coming, default=None)


def _expiry(deadline: datetime | None, now: datetime, timeout_h: float) -> datetime:
    return (
        deadline
        if deadline is not None and deadline > now
        else now + timedelta(hours=timeout_h)
    )


def _wait_draft(wait: Wait, not_before: datetime | None = None) -> Draft:
    return Draft(
        kind=StepKind.WAIT,
        call=None,
        entity_ids=[],
        not_before=not_before,
        data={WAIT_DATA_KEY: wait.as_dict()},
    )


def condition_wait(
    constraints: list[Constraint],
    snapshot: ContextSnapshot,
    *,
    deadline: datetime | None,
    timeout_h: float,
) -> ConditionWait:
    """The wait the task's first condition asks for; later ones are noted, not armed."""
    conditions = [item for item in constraints if item.type in _CONDITIONS]
    if not conditions:
        return ConditionWait()
    first = conditions[0]
    result = ConditionWait()
    if len(conditions) > 1:
        result.notes.append(
            Reason("reasons.wait_first_only", count=len(conditions) - 1)
        )
    now = snapshot.now
    expires = _expiry(deadline, now, timeout_h)
    fields = first.fields
    persons = [person.entity_id for person in snapshot.occupancy.persons]
    match first.type:
        case ConstraintType.OCCUPANCY:
            kind = _OCCUPANCY.get(str(fields.get("when")))
            if kind is None:
                result.reasons.append(Reason("reasons.wait_unknown"))
                return result
            if kind in (WaitKind.ARRIVAL, WaitKind.DEPARTURE) and not persons:
                result.reasons.append(Reason("reasons.wait_no_persons"))
                return result
            anyone = snapshot.occupancy.anyone_home
            if (kind is WaitKind.SOMEONE_HOME and anyone) or (
                kind is WaitKind.NOBODY_HOME and not anyone
            ):
                return result
            result.draft = _wait_draft(
                Wait(kind, expires_at=expires, entity_ids=persons)
            )
        case ConstraintType.STATE:
            entity_id = fields.get("entity_id")
            to = fields.get("to")
            if not entity_id or entity_id not in snapshot.entities or not to:
                name = fields.get("name") or entity_id or "?"
                result.reasons.append(Reason("reasons.wait_no_entity", name=str(name)))
                return result
            result.draft = _wait_draft(
                Wait(
                    WaitKind.STATE, expires_at=expires, entity_id=entity_id, to=str(to)
                )
            )
        case _:
            event = str(fields.get("event"))
            offset = int(as_number(fields.get("offset")) or 0)
            moment = (
                None
                if snapshot.sun is None or event not in SUN_EVENTS
                else next_sun_event(snapshot.sun, event, offset, now)
            )
            if moment is None:
                event_term = Term(
                    "waits.event_sunrise"
                    if event == "sunrise"
                    else "waits.event_sunset"
                )
                result.reasons.append(Reason("reasons.wait_no_sun", event=event_term))
                return result
            wait = Wait(
                WaitKind.SUN,
                at=moment,
                expires_at=moment + MISSED_START_GRACE,
                event=event,
                offset=offset,
            )
            result.draft = _wait_draft(wait, not_before=moment)
            result.starts_after = moment
    return result
