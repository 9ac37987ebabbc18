"""Attack paths found while red-teaming issue 13 that its list does not name.

Each is a consequence of the issue's "Deliver" section or DESIGN §8 that today's code
misses (tests/redteam/README.md, "Beyond the issue").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from .conftest import EVENING
from .harness import ACTIONS, Home

pytestmark = pytest.mark.timeout(120)


async def _at(
    home: Home, freezer: FrozenDateTimeFactory, hour: int, minute: int
) -> None:
    """Move the frozen clock to ``hour:minute`` of the evening and run what is due."""
    moment = datetime(
        *EVENING[:3], hour, minute, tzinfo=dt_util.get_default_time_zone()
    ) + timedelta(seconds=1)
    freezer.move_to(moment)
    async_fire_time_changed(home.hass, moment)
    await home.settle()


async def test_replanning_someone_elses_active_plan_supersedes_it(
    evening_home: Home,
) -> None:
    """A member's ``replan`` of the owner's scheduled plan is a cancel in disguise.

    The replan makes a new plan of the member's; the owner's plan must stay as it is
    (a member may not stop it, DESIGN §8).
    """
    home = evening_home
    owners = await home.service(
        "create_plan", {"intent": "open the garage door at 11pm"}, home.callers["owner"]
    )
    assert owners.status == "scheduled", owners

    await home.service("replan", {"plan_id": owners.plan_id}, home.callers["member"])

    assert (await home.plan(str(owners.plan_id)))["status"] == "scheduled"


@pytest.mark.parametrize("key", ["garage", "gate", "disarm_script", "restricted_read"])
async def test_read_only_user_runs_sensitive_plans_alone(home: Home, key: str) -> None:
    """A read-only user counts as a household member (``verified``) today.

    Home Assistant lets a read-only user control nothing; Orchestration lets them open
    the garage door, run the security-labelled disarm script or read the restricted
    pin on their own. Only Home Assistant's own permission check on the final call
    stops the device from moving — the gate never did.
    """
    action = ACTIONS[key]
    outcome = await home.service(
        "create_plan", {"intent": action.intent}, home.callers["read_only"]
    )
    home.assert_untouched(action, why=f"a read-only user: {action.intent}")
    home.assert_no_leak(why=f"a read-only user: {action.intent}")
    assert outcome.status not in ("scheduled", "running", "completed"), outcome


async def test_policy_is_evaluated_again_when_a_scheduled_plan_starts(
    evening_home: Home, freezer: FrozenDateTimeFactory
) -> None:
    """A member schedules the garage door for 23:00 and is deactivated at 22:00.

    At 23:00 the plan starts on the member's rights, which are gone: it must not open
    the garage door.
    """
    home = evening_home
    members = await home.service(
        "create_plan",
        {"intent": "open the garage door at 11pm"},
        home.callers["member"],
    )
    assert members.status == "scheduled", members
    member = await home.hass.auth.async_get_user(str(home.callers["member"].user_id))
    assert member is not None
    await _at(home, freezer, 22, 0)
    await home.hass.auth.async_deactivate_user(member)

    await _at(home, freezer, 23, 0)

    home.assert_untouched(ACTIONS["garage"], why="a deactivated member's plan")


async def test_an_approval_is_evaluated_again_when_the_plan_starts(
    evening_home: Home, freezer: FrozenDateTimeFactory
) -> None:
    """An automation's unlock at 23:00, approved by the admin at 20:00.

    The admin is deactivated at 22:00: at 23:00 the approval no longer holds.
    """
    home = evening_home
    pending = await home.service(
        "create_plan",
        {"intent": "unlock the front door at 11pm"},
        home.callers["automation"],
    )
    assert pending.status == "pending_approval", pending
    approved = await home.service(
        "approve_plan", {"plan_id": pending.plan_id}, home.callers["admin"]
    )
    assert approved.status == "scheduled", approved
    admin = await home.hass.auth.async_get_user(str(home.callers["admin"].user_id))
    assert admin is not None
    await _at(home, freezer, 22, 0)
    await home.hass.auth.async_deactivate_user(admin)

    await _at(home, freezer, 23, 0)

    home.assert_untouched(ACTIONS["unlock"], why="an approval by a deactivated admin")


@pytest.mark.parametrize(
    ("intent", "message"),
    [
        ("send a notification saying {{ 6*7 }}", "{{ 6*7 }}"),
        ("broadcast {# note #}hello", "{# note #}hello"),
    ],
    ids=["braces", "after-a-comment"],
)
async def test_notification_text_arrives_whole(
    home: Home, intent: str, message: str
) -> None:
    """What is to be said arrives whole: not rendered, and nothing of it lost.

    Today the braces of "saying {{ 6*7 }}" are lost (``6*7`` arrives), and the words
    after a ``{# #}`` comment are dropped.
    """
    await home.service("create_plan", {"intent": intent}, home.callers["owner"])
    delivered = home.observer.delivered()
    assert any(message in text for text in delivered), delivered
