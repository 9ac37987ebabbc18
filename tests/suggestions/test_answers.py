"""Answering the home's suggestions: accept, dismiss, snooze, by whom and how.

Accepting plans the suggestion again as the accepting person's own request and
gates it as theirs: it runs when their tier allows it and waits for approval like
any plan otherwise. Nobody without a user (an automation, a satellite) can answer.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er, label_registry as lr
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.orchestration.consent import (
    EVENT_MOBILE_APP_NOTIFICATION_ACTION,
    persistent_notification_id,
)
from custom_components.orchestration.core.events import EVENT_APPROVAL_REQUESTED

from ..helpers import notifications
from .home import (
    CHARGER,
    DISHWASHER,
    HEAT_PUMP,
    OFFICE_LIGHT,
    SITUATIONS,
    Home,
    async_make_home,
)

WINDOW_OPEN, IDLE_AREA, _, PRICE_PEAK, _ = SITUATIONS


async def _suggested(home: Home, situation: Any) -> dict[str, Any]:
    await situation.begin(home)
    await home.advance(situation.minutes + 5)
    return await home.the_suggestion(situation.rule)


async def tap(home: Home, action: str, user_id: str | None) -> None:
    """A phone reporting a tapped notification button."""
    home.hass.bus.async_fire(
        EVENT_MOBILE_APP_NOTIFICATION_ACTION,
        {"action": action},
        context=Context(user_id=user_id),
    )
    await home.hass.async_block_till_done(wait_background_tasks=True)


def buttons(push: dict[str, Any]) -> dict[str, str]:
    """A notification's action ids by button title."""
    return {item["title"]: item["action"] for item in push["data"]["actions"]}


async def test_accepted_it_runs_as_the_accepting_persons_request(
    home: Home, household_user: User
) -> None:
    """A household member accepts: planned as theirs, it runs, the offer is done."""
    offer = await _suggested(home, WINDOW_OPEN)
    accepted = await home.call(
        "approve_plan", {"plan_id": offer["plan_id"]}, user_id=household_user.id
    )
    assert accepted["plan_id"] != offer["plan_id"]
    assert accepted["replaces"] == offer["plan_id"]
    assert accepted["user_id"] == household_user.id
    assert accepted["task_spec"]["trigger_type"] == "insight_recommendation"
    assert accepted["recommendation"]["accepted_by"] == household_user.id
    assert accepted["recommendation"]["reason"] == offer["recommendation"]["reason"]

    done = await home.call("get_plan", {"plan_id": accepted["plan_id"]})
    assert done["status"] == "completed"
    assert home.state(HEAT_PUMP) == "off"
    old = await home.call("get_plan", {"plan_id": offer["plan_id"]})
    assert old["status"] == "superseded"
    assert old["superseded_by"] == accepted["plan_id"]
    assert old["history"][-1]["reason"] == (
        f"Accepted by {household_user.name}; a new plan replaces it"
    )
    assert await home.suggestions() == []
    assert home.hass.states.get("sensor.orchestration_suggestions_made").state == "1"
    accepted_count = home.hass.states.get("sensor.orchestration_suggestions_accepted")
    assert accepted_count.state == "1"
    # Accepted once is accepted: the old offer cannot be accepted again.
    with pytest.raises(ServiceValidationError) as refused:
        await home.call(
            "approve_plan",
            {"plan_id": offer["plan_id"]},
            user_id=household_user.id,
        )
    assert refused.value.translation_key == "plan_not_pending"


async def test_nobody_without_a_user_can_answer(home: Home) -> None:
    """An automation (or a voice satellite) cannot accept, dismiss or snooze."""
    offer = await _suggested(home, WINDOW_OPEN)
    for service, data in (
        ("approve_plan", {}),
        ("reject_plan", {"reason": "dismissed"}),
        ("reject_plan", {"reason": "snoozed"}),
    ):
        with pytest.raises(ServiceValidationError) as refused:
            await home.call(service, {"plan_id": offer["plan_id"], **data})
        assert refused.value.translation_key == "suggestion_not_allowed"
    still = await home.call("get_plan", {"plan_id": offer["plan_id"]})
    assert still["status"] == "pending_approval"
    assert home.state(HEAT_PUMP) == "heat"


async def test_accepted_by_someone_who_may_not_run_it_it_waits_for_approval(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    household_user: User,
    hass_admin_user: User,
) -> None:
    """The office lamp is a cloud lamp labelled confidential.

    Switching it off tells the cloud about confidential data (the home does not put
    privacy first, or the plan would refuse the cloud): that needs a consent nobody
    gave, so a household member's acceptance waits for a trusted approver, and they
    cannot approve it themselves. (The demo lamp stands in for a cloud lamp: its
    integration counts as a cloud service here.)
    """
    label = lr.async_get(demo_home).async_create("Confidential")
    er.async_get(demo_home).async_update_entity(OFFICE_LIGHT, labels={label.label_id})
    with patch(
        "custom_components.orchestration.context.LOCAL_IOT_CLASSES", frozenset()
    ):
        home = await async_make_home(demo_home, freezer, privacy_first=False)
        offer = await _suggested(home, IDLE_AREA)
        # It leaves the home: the push says nothing about the lamp or the office.
        (push,) = home.pushed(offer["plan_id"])
        assert push["title"] == "Suggestion"
        assert push["message"] == (
            "Your home has a suggestion for you. Open Home Assistant to see it."
        )
        approvals = async_capture_events(demo_home, EVENT_APPROVAL_REQUESTED)

        accepted = await home.call(
            "approve_plan",
            {"plan_id": offer["plan_id"]},
            user_id=household_user.id,
        )
        assert accepted["status"] == "pending_approval"
        assert accepted["policy"]["missing_scopes"] == ["data.confidential.cloud"]
        assert [event.data["plan_id"] for event in approvals] == [accepted["plan_id"]]
        assert home.pushed(accepted["plan_id"])[-1]["title"] == "Approval needed"
        assert home.state(OFFICE_LIGHT) == "on"
        with pytest.raises(ServiceValidationError) as refused:
            await home.call(
                "approve_plan",
                {"plan_id": accepted["plan_id"]},
                user_id=household_user.id,
            )
        # It is now their own request: someone else must approve it.
        assert refused.value.translation_key == "own_plan_approval"

        approved = await home.call(
            "approve_plan",
            {"plan_id": accepted["plan_id"]},
            user_id=hass_admin_user.id,
        )
        assert approved["plan_id"] == accepted["plan_id"]
        assert home.state(OFFICE_LIGHT) == "off"


async def test_answered_from_the_notification(home: Home, household_user: User) -> None:
    """Accept, Dismiss and Snooze work from the phone, each button once."""
    offer = await _suggested(home, WINDOW_OPEN)
    (push,) = home.pushed(offer["plan_id"])
    await tap(home, buttons(push)["Snooze"], household_user.id)
    snoozed = await home.call("get_plan", {"plan_id": offer["plan_id"]})
    assert snoozed["status"] == "rejected"
    assert snoozed["history"][-1]["reason"].startswith("Snoozed by")

    await home.advance(65)
    again = await home.the_suggestion(WINDOW_OPEN.rule)
    (push,) = home.pushed(again["plan_id"])
    # Without a user, or replayed: refused; the right tap accepts it.
    await tap(home, buttons(push)["Accept"], None)
    assert (await home.the_suggestion(WINDOW_OPEN.rule))["plan_id"] == again["plan_id"]
    await tap(home, buttons(push)["Accept"], household_user.id)
    assert home.state(HEAT_PUMP) == "off"
    await tap(home, buttons(push)["Dismiss"], household_user.id)
    accepted = await home.call("get_plan", {"plan_id": again["plan_id"]})
    assert accepted["status"] == "superseded"


async def test_dismissed_from_the_notification(
    home: Home, household_user: User
) -> None:
    """Dismiss on the phone dismisses: the suggestion does not come back."""
    offer = await _suggested(home, WINDOW_OPEN)
    (push,) = home.pushed(offer["plan_id"])
    await tap(home, buttons(push)["Dismiss"], household_user.id)
    dismissed = await home.call("get_plan", {"plan_id": offer["plan_id"]})
    assert dismissed["status"] == "rejected"
    assert dismissed["history"][-1]["reason"] == f"Dismissed by {household_user.name}"
    await home.advance(300)
    assert await home.suggestions(WINDOW_OPEN.rule) == []
    dismissed_count = home.hass.states.get("sensor.orchestration_suggestions_dismissed")
    assert dismissed_count.state == "1"


async def test_accepting_a_shift_replaces_the_plan_it_moves(
    home: Home, household_user: User
) -> None:
    """A dishwasher planned into the evening peak: accepting the shift retires it.

    Otherwise the dishwasher would run twice. The saving of the accepted suggestion
    is counted in the home's currency.
    """
    evening = await home.call(
        "create_plan",
        {"intent": "run the dishwasher in 1 hour", "strategy": "latency"},
        user_id=household_user.id,
    )
    assert evening["status"] == "scheduled"
    await home.advance(6)
    offer = await home.the_suggestion(PRICE_PEAK.rule)
    assert offer["recommendation"]["figures"]["appliance"] == "Dishwasher"
    saving = offer["recommendation"]["figures"]["saving"]

    accepted = await home.call(
        "approve_plan", {"plan_id": offer["plan_id"]}, user_id=household_user.id
    )
    assert accepted["status"] == "scheduled"
    retired = await home.call("get_plan", {"plan_id": evening["plan_id"]})
    assert retired["status"] == "superseded"
    assert retired["superseded_by"] == accepted["plan_id"]
    # 18:00 passes and the dishwasher stays off; it runs at the cheap time.
    await home.advance(70)
    assert home.state(DISHWASHER) == "off"
    value = home.hass.states.get(
        "sensor.orchestration_estimated_saving_of_accepted_suggestions"
    )
    assert float(value.state) == pytest.approx(saving, abs=0.01)
    assert value.attributes["unit_of_measurement"] == home.hass.config.currency


async def test_a_cancelled_suggestion_is_withdrawn(
    home: Home, household_user: User
) -> None:
    """Cancelling a suggestion takes it off offer; it is not made again at once."""
    offer = await _suggested(home, WINDOW_OPEN)
    cancelled = await home.call(
        "cancel_plan", {"plan_id": offer["plan_id"]}, user_id=household_user.id
    )
    assert cancelled["status"] == "cancelled"
    await home.advance(30)
    assert await home.suggestions() == []
    assert home.state(HEAT_PUMP) == "heat"


async def test_turning_a_rule_off_ends_its_suggestions(home: Home) -> None:
    """Off in the options: its suggestions end, and no new ones are made."""
    offer = await _suggested(home, WINDOW_OPEN)
    home.hass.config_entries.async_update_entry(
        home.entry,
        options={**home.entry.options, "insights_window_open_enabled": False},
    )
    await home.hass.async_block_till_done(wait_background_tasks=True)
    ended = await home.call("get_plan", {"plan_id": offer["plan_id"]})
    assert ended["status"] == "expired"
    assert ended["history"][-1]["reason"] == "Suggestions of this kind were turned off"
    await home.advance(30)
    assert await home.suggestions() == []


async def test_a_half_plan_is_never_offered(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A charger the power limit cannot restart is not paused by a suggestion.

    Its run does not fit under a 3.5 kW limit, so the plan could only switch it
    off: the suggestion is withdrawn, never shown.
    """
    home = await async_make_home(demo_home, freezer, power_limit_w=3500.0)
    await PRICE_PEAK.begin(home)
    await home.advance(10)
    assert await home.suggestions() == []
    assert await home.plans_of(PRICE_PEAK.rule) == []
    assert home.state(CHARGER) == "on"
    assert home.recommendations == []


async def test_without_notify_targets_it_appears_in_home_assistant(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """No phone: a persistent notification says everything, and how to answer."""
    home = await async_make_home(demo_home, freezer, notify_targets=[])
    offer = await _suggested(home, WINDOW_OPEN)
    (message,) = [
        text
        for text in notifications(demo_home)
        if text.startswith(offer["recommendation"]["reason"])
    ]
    assert "“Approve plan”" in message
    assert persistent_notification_id(offer["plan_id"]) in str(
        demo_home.data.get("persistent_notification", {})
    )


async def test_the_card_lists_the_suggestions_with_what_the_user_may_do(
    home: Home,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: User,
) -> None:
    """``orchestration/suggestions/list``: the offers, each with can_approve."""
    offer = await _suggested(home, WINDOW_OPEN)
    await home.call("create_plan", {"intent": "turn off the kitchen lights"})
    client = await hass_ws_client(home.hass)
    await client.send_json_auto_id({"type": "orchestration/suggestions/list"})
    response = await client.receive_json()
    (plan,) = response["result"]["plans"]
    assert plan["plan_id"] == offer["plan_id"]
    assert plan["recommendation"]["title"] == "Window open while heating"
    assert plan["can_approve"] is True

    await client.send_json_auto_id(
        {"type": "orchestration/plans/list", "trigger_type": "insight_recommendation"}
    )
    listed = await client.receive_json()
    assert [item["plan_id"] for item in listed["result"]["plans"]] == [offer["plan_id"]]
    assert hass_admin_user.is_admin


async def test_a_replanned_suggestion_stays_a_suggestion(
    home: Home, household_user: User
) -> None:
    """Replanning an offer does not run it: the new plan is the offer, notified anew."""
    offer = await _suggested(home, WINDOW_OPEN)
    replanned = await home.call(
        "replan",
        {"plan_id": offer["plan_id"], "reason": "prices changed"},
        user_id=household_user.id,
    )
    assert replanned["status"] == "pending_approval"
    assert replanned["recommendation"]["accepted_by"] is None
    assert [plan["plan_id"] for plan in await home.suggestions()] == [
        replanned["plan_id"]
    ]
    assert home.state(HEAT_PUMP) == "heat"
    await home.advance(5)
    (push,) = home.pushed(replanned["plan_id"])
    assert push["title"] == "Window open while heating"


async def test_without_the_recorder_the_past_is_unknown(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Exporting now, but no grid history says for how long: no solar suggestion."""
    home = await async_make_home(
        demo_home,
        freezer,
        grid_power_entity="sensor.grid_power",
        price_entity=None,
        insights_cheap_window_waiting_minutes=0,
    )
    await home.set("sensor.grid_power", "-3200", unit_of_measurement="W")
    await home.set("sensor.dishwasher_operation", "ready")
    await home.advance(30)
    assert await home.suggestions() == []
