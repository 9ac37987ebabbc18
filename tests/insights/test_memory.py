"""The recommender's memory over time: dismissals, snoozes, limits, quiet hours."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
import json

from custom_components.orchestration.core.insights.memory import (
    InsightMemory,
    Outcome,
)
from custom_components.orchestration.core.insights.observation import Observation
from custom_components.orchestration.core.insights.options import DeliveryOptions
from custom_components.orchestration.core.insights.suggestion import (
    EndCondition,
    EndKind,
)
from custom_components.orchestration.core.models import (
    ContextSnapshot,
    QuietHours,
    TimeWindow,
)

from .home import T0, at_utc, make_suggestion

DELIVERY = DeliveryOptions()
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def observation(now, quiet: QuietHours | None = None) -> Observation:
    snapshot = ContextSnapshot(now=now, quiet_hours=quiet or QuietHours())
    return Observation(snapshot=snapshot, now=now)


def keys(suggestions) -> list[str]:
    return [item.key for item in suggestions]


def test_a_suggestion_on_offer_is_not_offered_again() -> None:
    memory = InsightMemory()
    kitchen = make_suggestion()
    assert memory.admit([kitchen], T0, DELIVERY) == [kitchen]
    assert memory.admit([kitchen], T0 + MINUTE, DELIVERY) == []
    assert list(memory.active) == ["idle_area:kitchen"]
    assert memory.stats.made == 1


def test_a_dismissal_holds_for_this_rule_and_target_only() -> None:
    memory = InsightMemory()
    memory.admit([make_suggestion()], T0, DELIVERY)
    closed = memory.dismiss("idle_area:kitchen", T0 + MINUTE, DELIVERY.dismiss_for)
    assert closed is not None
    assert closed.outcome is Outcome.DISMISSED
    assert memory.active == {}
    later = T0 + 5 * HOUR
    found = [
        make_suggestion(at=later),
        make_suggestion(subject="living_room", at=later),
        make_suggestion(rule="window_open", at=later),
    ]
    assert keys(memory.admit(found, later, DELIVERY)) == [
        "idle_area:living_room",
        "window_open:kitchen",
    ]
    # A week later the rule may speak about the kitchen again.
    almost = T0 + MINUTE + DELIVERY.dismiss_for - MINUTE
    assert memory.admit([make_suggestion(at=almost)], almost, DELIVERY) == []
    week = T0 + MINUTE + DELIVERY.dismiss_for
    assert keys(memory.admit([make_suggestion(at=week)], week, DELIVERY)) == [
        "idle_area:kitchen"
    ]
    assert memory.stats.dismissed == 1


def test_dismissing_what_is_no_longer_on_offer_still_silences_it() -> None:
    memory = InsightMemory()
    assert memory.dismiss("away:home", T0, DELIVERY.dismiss_for) is None
    assert memory.muted("away:home", T0 + HOUR)
    assert memory.stats.dismissed == 0


def test_a_snooze_brings_it_back_after_the_snooze_not_the_repeat_wait() -> None:
    memory = InsightMemory()
    memory.admit([make_suggestion()], T0, DELIVERY)
    closed = memory.snooze("idle_area:kitchen", T0 + MINUTE, DELIVERY.snooze_for)
    assert closed is not None
    assert closed.outcome is Outcome.SNOOZED
    back = T0 + MINUTE + DELIVERY.snooze_for
    assert memory.admit([make_suggestion()], back - MINUTE, DELIVERY) == []
    assert keys(memory.admit([make_suggestion()], back, DELIVERY)) == [
        "idle_area:kitchen"
    ]
    assert memory.stats.snoozed == 1
    # The reminder is spent: after this offer the usual repeat wait applies.
    memory.withdraw("idle_area:kitchen")
    assert memory.admit([make_suggestion()], back + HOUR, DELIVERY) == []


def test_the_same_situation_is_not_offered_again_within_the_repeat_wait() -> None:
    """The window opened again twenty minutes after it was closed: no nagging."""
    memory = InsightMemory()
    window = make_suggestion(
        rule="window_open",
        subject="living_room",
        ends_when=[EndCondition(EndKind.TIME, at=T0 + 10 * MINUTE)],
    )
    memory.admit([window], T0, DELIVERY)
    (closed,) = memory.expire(observation(T0 + 10 * MINUTE))
    assert closed.outcome is Outcome.EXPIRED
    again = make_suggestion(rule="window_open", subject="living_room")
    assert memory.admit([again], T0 + 30 * MINUTE, DELIVERY) == []
    wait = DELIVERY.repeat_after
    assert memory.admit([again], T0 + wait - MINUTE, DELIVERY) == []
    assert keys(memory.admit([again], T0 + wait, DELIVERY)) == [
        "window_open:living_room"
    ]


def test_at_most_three_a_day_per_rule() -> None:
    memory = InsightMemory()
    rooms = ["kitchen", "bedroom", "hallway", "living_room"]
    found = [make_suggestion(subject=room) for room in rooms]
    assert keys(memory.admit(found, T0, DELIVERY)) == [
        "idle_area:kitchen",
        "idle_area:bedroom",
        "idle_area:hallway",
    ]
    for key in list(memory.active):
        memory.accept(key)
    # Other rules still have their own budget.
    other = make_suggestion(rule="away", subject="home")
    assert keys(memory.admit([*found, other], T0 + HOUR, DELIVERY)) == ["away:home"]
    # A day after the first three, the fourth room gets its turn.
    day = T0 + DELIVERY.period
    assert keys(memory.admit(found, day, DELIVERY)) == [
        "idle_area:kitchen",
        "idle_area:bedroom",
        "idle_area:hallway",
    ]
    assert keys(memory.admit(found, day + MINUTE, DELIVERY)) == []


def test_the_overall_budget() -> None:
    memory = InsightMemory()
    tight = replace(DELIVERY, total=2)
    found = [
        make_suggestion(rule=rule, subject="home")
        for rule in ("away", "price_peak", "cheap_window")
    ]
    assert keys(memory.admit(found, T0, tight)) == ["away:home", "price_peak:home"]
    silent = replace(DELIVERY, per_rule=0)
    assert memory.admit([make_suggestion()], T0, silent) == []


def test_offers_expire_when_the_situation_ends_or_after_their_lifetime() -> None:
    memory = InsightMemory()
    ends = EndCondition(EndKind.TIME, at=T0 + 30 * MINUTE)
    memory.admit(
        [
            make_suggestion(ends_when=[ends]),
            make_suggestion(subject="bedroom", lifetime=2 * HOUR),
        ],
        T0,
        DELIVERY,
    )
    assert memory.expire(observation(T0 + 29 * MINUTE)) == []
    (kitchen,) = memory.expire(observation(T0 + 30 * MINUTE))
    assert (kitchen.offered.suggestion.subject, kitchen.condition) == ("kitchen", ends)
    (bedroom,) = memory.expire(observation(T0 + 2 * HOUR))
    assert bedroom.condition == EndCondition(EndKind.TIME, at=T0 + 2 * HOUR)
    assert memory.active == {}
    assert memory.stats.expired == 2


def test_quiet_hours_defer_delivery_and_do_not_drop_it() -> None:
    night = QuietHours(windows=[TimeWindow(at_utc(21), at_utc(6, day=13))])
    memory = InsightMemory()
    evening = at_utc(20, 30)
    memory.admit([make_suggestion(at=evening)], evening, DELIVERY)
    (due,) = memory.due(evening, night)
    memory.delivered(due.suggestion.key, evening)
    assert memory.due(evening, night) == []
    late = at_utc(22)
    memory.admit([make_suggestion(subject="bedroom", at=late)], late, DELIVERY)
    assert memory.due(late, night) == []
    assert memory.next_delivery(late, night) == at_utc(6, day=13)
    morning = at_utc(6, day=13)
    (due,) = memory.due(morning, night)
    assert due.suggestion.subject == "bedroom"
    assert memory.next_delivery(morning, night) == morning
    memory.delivered("idle_area:bedroom", morning)
    assert memory.next_delivery(morning, night) is None


def test_what_ends_during_the_night_is_never_delivered() -> None:
    night = QuietHours(windows=[TimeWindow(at_utc(21), at_utc(6, day=13))])
    memory = InsightMemory()
    late = at_utc(23)
    ends = EndCondition(EndKind.TIME, at=at_utc(2, day=13))
    memory.admit([make_suggestion(at=late, ends_when=[ends])], late, DELIVERY)
    memory.expire(observation(at_utc(2, day=13), night))
    assert memory.due(at_utc(6, day=13), night) == []


def test_do_not_disturb_defers_with_no_known_end() -> None:
    dnd = QuietHours(active=True, override_entity_ids=["input_boolean.dnd"])
    memory = InsightMemory()
    memory.admit([make_suggestion()], T0, DELIVERY)
    assert memory.due(T0, dnd) == []
    assert memory.next_delivery(T0, dnd) is None
    assert len(memory.due(T0, QuietHours())) == 1


def test_accepting_counts_the_saving_per_currency() -> None:
    memory = InsightMemory()
    found = [
        make_suggestion(subject="a", saving=0.5),
        make_suggestion(subject="b", saving=0.25),
        make_suggestion(rule="away", subject="c", saving=1.0, currency=None),
        make_suggestion(rule="away", subject="d"),
    ]
    memory.admit(found, T0, DELIVERY)
    for item in found:
        closed = memory.accept(item.key)
        assert closed is not None
        assert closed.outcome is Outcome.ACCEPTED
    assert memory.accept("idle_area:a") is None
    assert memory.stats.accepted == 4
    # A saving in an unknown currency is kept apart, under "".
    assert memory.stats.saving_accepted == {"EUR": 0.75, "": 1.0}


def test_plans_are_attached_and_found_and_withdrawn() -> None:
    memory = InsightMemory()
    memory.admit([make_suggestion()], T0, DELIVERY)
    memory.attach_plan("idle_area:kitchen", "plan-1")
    memory.attach_plan("idle_area:nowhere", "plan-2")
    assert memory.key_of_plan("plan-1") == "idle_area:kitchen"
    assert memory.key_of_plan("plan-2") is None
    closed = memory.withdraw("idle_area:kitchen")
    assert closed is not None
    assert closed.outcome is Outcome.WITHDRAWN
    assert memory.withdraw("idle_area:kitchen") is None
    assert memory.stats.withdrawn == 1
    # Withdrawn offers still count, so an unplannable one cannot flood the home.
    assert memory.admit([make_suggestion()], T0 + HOUR, DELIVERY) == []


def test_everything_survives_a_restart() -> None:
    memory = InsightMemory()
    memory.admit(
        [
            make_suggestion(),
            make_suggestion(subject="bedroom"),
            make_suggestion(rule="away", subject="home", saving=0.3),
        ],
        T0,
        DELIVERY,
    )
    memory.attach_plan("idle_area:kitchen", "plan-1")
    memory.delivered("idle_area:kitchen", T0 + MINUTE)
    memory.dismiss("idle_area:bedroom", T0 + MINUTE, DELIVERY.dismiss_for)
    memory.accept("away:home")
    memory.snooze("window_open:hallway", T0, DELIVERY.snooze_for)
    restored = InsightMemory.from_dict(json.loads(json.dumps(memory.as_dict())))
    assert restored == memory
    assert memory.as_dict()["version"] == 1
    # And behaves the same: the dismissal holds, the budget remembers.
    later = T0 + 5 * HOUR
    bedroom = make_suggestion(subject="bedroom", at=later)
    hallway = make_suggestion(subject="hallway", at=later)
    assert keys(restored.admit([bedroom, hallway], later, DELIVERY)) == [
        "idle_area:hallway"
    ]
    assert (
        restored.admit([make_suggestion(subject="attic", at=later)], later, DELIVERY)
        == []
    )
    assert InsightMemory.from_dict({}) == InsightMemory()


def test_old_offers_are_forgotten() -> None:
    memory = InsightMemory()
    memory.admit([make_suggestion()], T0, DELIVERY)
    memory.accept("idle_area:kitchen")
    memory.dismiss("away:home", T0, HOUR)
    memory.admit([], T0 + DELIVERY.period + MINUTE, DELIVERY)
    assert memory.log == []
    assert memory.mutes == {}
