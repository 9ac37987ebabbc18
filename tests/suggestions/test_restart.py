"""What the home suggested, and what people answered, survive a restart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import loader
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.orchestration.consent import (
    EVENT_MOBILE_APP_NOTIFICATION_ACTION,
)
from custom_components.orchestration.const import STORAGE_KEY

from ..common import async_setup_demo_home
from .home import HEAT_PUMP, MOTION, SITUATIONS, WINDOW, async_make_home

WINDOW_OPEN, IDLE_AREA, *_ = SITUATIONS


async def test_offers_answers_and_counts_survive_a_restart(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    household_user: User,
) -> None:
    """A suggestion on offer stays on offer (past the approval timeout), a dismissal
    stays in force, the counts go on, and the phone's Accept still works."""
    home = await async_make_home(demo_home, freezer)
    await WINDOW_OPEN.begin(home)
    await IDLE_AREA.begin(home)
    await home.advance(35)
    window = await home.the_suggestion(WINDOW_OPEN.rule)
    idle = await home.the_suggestion(IDLE_AREA.rule)
    await home.call(
        "reject_plan",
        {"plan_id": idle["plan_id"], "reason": "dismissed"},
        user_id=household_user.id,
    )
    (push,) = home.pushed(window["plan_id"])
    accept = next(
        item["action"] for item in push["data"]["actions"] if item["title"] == "Accept"
    )
    await demo_home.async_stop(force=True)

    # Home Assistant is down for longer than an approval may wait (60 minutes).
    freezer.tick(timedelta(minutes=70))
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await async_setup_demo_home(hass)
        again = await async_make_home(
            hass,
            freezer,
            entry_id=home.entry.entry_id,
            states={WINDOW: "on", MOTION: "off"},
        )
        waiting = await again.call("get_plan", {"plan_id": window["plan_id"]})
        assert waiting["status"] == "pending_approval"
        assert [plan["plan_id"] for plan in await again.suggestions()] == [
            window["plan_id"]
        ]
        made = hass.states.get("sensor.orchestration_suggestions_made")
        assert made.state == "2"
        dismissed = hass.states.get("sensor.orchestration_suggestions_dismissed")
        assert dismissed.state == "1"

        # The office has been empty for 40 minutes since the restart: dismissed,
        # so not suggested again; the open window is not suggested twice.
        await again.advance(40)
        assert [plan["plan_id"] for plan in await again.suggestions()] == [
            window["plan_id"]
        ]
        assert len(await again.plans_of(IDLE_AREA.rule)) == 1

        # The Accept on the phone from before the restart still works (tapped by a
        # household member of the restarted home; the test's users are not stored).
        member = await hass.auth.async_create_user("Kid", group_ids=[GROUP_ID_USER])
        hass.bus.async_fire(
            EVENT_MOBILE_APP_NOTIFICATION_ACTION,
            {"action": accept},
            context=Context(user_id=member.id),
        )
        await hass.async_block_till_done(wait_background_tasks=True)
        accepted = await again.call("get_plan", {"plan_id": window["plan_id"]})
        assert accepted["status"] == "superseded"
        assert again.state(HEAT_PUMP) == "off"
        await hass.async_stop(force=True)


async def test_offers_and_plans_are_tied_together_again_after_a_restart(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Stopped between saving a plan and saving the memory (or the other way round).

    An offer whose plan no longer waits is withdrawn; a suggestion's plan that no
    offer holds is no longer on offer, and expires.
    """
    home = await async_make_home(demo_home, freezer)
    await WINDOW_OPEN.begin(home)
    await IDLE_AREA.begin(home)
    await home.advance(35)
    window = await home.the_suggestion(WINDOW_OPEN.rule)
    idle = await home.the_suggestion(IDLE_AREA.rule)
    await demo_home.async_stop(force=True)
    stored = hass_storage[STORAGE_KEY]["data"]
    # The idle suggestion's plan was cancelled, but the memory not told.
    (plan,) = [item for item in stored["plans"] if item["plan_id"] == idle["plan_id"]]
    plan["status"] = "cancelled"
    # The window suggestion's offer was never saved.
    stored["suggestions"]["active"] = [
        item
        for item in stored["suggestions"]["active"]
        if item["plan_id"] != window["plan_id"]
    ]

    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await async_setup_demo_home(hass)
        again = await async_make_home(
            hass,
            freezer,
            entry_id=home.entry.entry_id,
            states={WINDOW: "on", MOTION: "off"},
        )
        orphan = await again.call("get_plan", {"plan_id": window["plan_id"]})
        assert orphan["status"] == "expired"
        assert orphan["history"][-1]["reason"] == "The suggestion is no longer on offer"
        assert await again.suggestions() == []
        memory = again.entry.runtime_data.engine.suggestion_memory
        assert memory.active == {}
        assert memory.stats.withdrawn == 1
        await hass.async_stop(force=True)
