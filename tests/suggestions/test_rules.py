"""Each rule over time on a real Home Assistant, through the public services.

For every rule: it suggests when its situation has lasted long enough and not
before, never acts on its own, stops when the situation ends, respects a dismissal
and a snooze, and holds its notification through quiet hours.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from .home import (
    SITUATIONS,
    Home,
    Situation,
    async_make_home,
    local,
)

pytestmark = pytest.mark.parametrize("situation", SITUATIONS, ids=str)


async def _suggested(home: Home, situation: Situation) -> dict[str, object]:
    """Let the situation begin and last until it is suggested; the plan."""
    await situation.begin(home)
    await home.advance(situation.minutes + 5)
    return await home.the_suggestion(situation.rule)


async def test_suggested_when_due_and_nothing_done_on_its_own(
    home: Home, situation: Situation
) -> None:
    """A suggestion once the situation has lasted; it waits, and acts on nothing."""
    assert await home.suggestions() == []
    await situation.begin(home)
    if situation.minutes:
        await home.advance(situation.minutes - 1)
        assert await home.suggestions(situation.rule) == []
        await home.advance(6)
    plan = await home.the_suggestion(situation.rule)

    assert plan["status"] == "pending_approval"
    assert plan["task_spec"]["trigger_type"] == "insight_recommendation"
    assert plan["user_id"] is None
    assert plan["policy"]["approval_required"] is True
    recommendation = plan["recommendation"]
    assert recommendation["rule"] == situation.rule
    assert recommendation["title"]
    assert recommendation["reason"]
    assert recommendation["figures"]
    assert recommendation["accepted_by"] is None
    assert dt_util.parse_datetime(recommendation["expires_at"]) > dt_util.utcnow()
    (event,) = [
        event for event in home.recommendations if event.data["rule"] == situation.rule
    ]
    assert event.data["plan_id"] == plan["plan_id"]
    assert event.data["summary"] == plan["explanation"]["summary"]
    (push,) = home.pushed(plan["plan_id"])
    assert push["title"] == recommendation["title"]
    assert push["message"] == recommendation["reason"]
    assert [button["title"] for button in push["data"]["actions"]] == [
        "Accept",
        "Dismiss",
        "Snooze",
    ]

    # Two hours on: it still waits, nothing was done, nothing was said twice.
    await home.advance(120)
    waiting = await home.call("get_plan", {"plan_id": plan["plan_id"]})
    assert waiting["status"] == "pending_approval"
    for entity_id, state in situation.untouched.items():
        assert home.state(entity_id) == state, entity_id
    assert len(await home.plans_of(situation.rule)) == 1
    assert len(home.pushed(plan["plan_id"])) == 1


async def test_the_suggestion_ends_with_its_situation(
    home: Home, situation: Situation
) -> None:
    """When the situation ends, the suggestion expires, saying why, and is cleared."""
    plan = await _suggested(home, situation)
    await situation.end(home)

    ended = await home.call("get_plan", {"plan_id": plan["plan_id"]})
    assert ended["status"] == "expired"
    assert ended["history"][-1]["reason"] == situation.ended_because
    assert await home.suggestions(situation.rule) == []
    cleared = [
        call.data
        for call in home.phone
        if call.data["message"] == "clear_notification"
        and call.data["data"]["tag"] == f"orchestration_{plan['plan_id']}"
    ]
    assert len(cleared) == 1


async def test_a_situation_that_returns_is_suggested_again(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory, situation: Situation
) -> None:
    """Without an answer, the same situation later is suggested again.

    (The repeat wait is off here, so only a dismissal could keep it quiet.)
    """
    home = await async_make_home(demo_home, freezer, insights_delivery_repeat_minutes=0)
    first = await _suggested(home, situation)
    await situation.end(home)
    second = await _suggested(home, situation)
    assert second["plan_id"] != first["plan_id"]


async def test_a_dismissed_suggestion_is_not_made_again(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    household_user: User,
    situation: Situation,
) -> None:
    """Dismissed for this rule and target: not while it lasts, nor when it returns."""
    home = await async_make_home(demo_home, freezer, insights_delivery_repeat_minutes=0)
    plan = await _suggested(home, situation)
    dismissed = await home.call(
        "reject_plan",
        {"plan_id": plan["plan_id"], "reason": "dismissed"},
        user_id=household_user.id,
    )
    assert dismissed["status"] == "rejected"
    assert dismissed["history"][-1]["reason"] == f"Dismissed by {household_user.name}"

    await home.advance(60)
    await situation.end(home)
    await situation.begin(home)
    await home.advance(situation.minutes + 5)
    assert await home.suggestions(situation.rule) == []
    assert len(await home.plans_of(situation.rule)) == 1
    for entity_id, state in situation.untouched.items():
        assert home.state(entity_id) == state, entity_id


async def test_a_snoozed_suggestion_comes_back_after_the_snooze(
    home: Home, household_user: User, situation: Situation
) -> None:
    """Snoozed for an hour (the default): offered again then, if it still stands."""
    plan = await _suggested(home, situation)
    snoozed = await home.call(
        "reject_plan",
        {"plan_id": plan["plan_id"], "reason": "snoozed"},
        user_id=household_user.id,
    )
    assert snoozed["status"] == "rejected"
    assert snoozed["history"][-1]["reason"] == (
        f"Snoozed by {household_user.name} for 1 hour"
    )
    await home.advance(55)
    assert await home.suggestions(situation.rule) == []

    await home.advance(10)
    again = await home.the_suggestion(situation.rule)
    assert again["plan_id"] != plan["plan_id"]
    assert len(home.pushed(again["plan_id"])) == 1


async def test_quiet_hours_hold_the_notification_until_they_end(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory, situation: Situation
) -> None:
    """Made during quiet hours, a suggestion is notified the moment they end."""
    home = await async_make_home(
        demo_home,
        freezer,
        quiet_hours_start="16:00:00",
        quiet_hours_end="18:02:00",
    )
    plan = await _suggested(home, situation)
    assert home.pushed(plan["plan_id"]) == []

    # 18:00 is a regular pass, still quiet; the held notification goes at 18:02.
    await home.until(local(2030, 1, 14, 18, 1))
    assert home.pushed(plan["plan_id"]) == []
    await home.until(local(2030, 1, 14, 18, 2, 10))
    (push,) = home.pushed(plan["plan_id"])
    assert push["title"] == plan["recommendation"]["title"]
