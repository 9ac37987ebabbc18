"""Assist: "any suggestions?", and accepting, dismissing or snoozing the newest."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from .home import HEAT_PUMP, SITUATIONS, WINDOW, Home, async_make_home

WINDOW_OPEN, IDLE_AREA, *_ = SITUATIONS


@pytest.fixture
async def home(demo_home: HomeAssistant, freezer: FrozenDateTimeFactory) -> Home:
    """The home, with Assist loaded before Orchestration (as Home Assistant does)."""
    assert await async_setup_component(demo_home, "conversation", {})
    return await async_make_home(demo_home, freezer)


async def say(home: Home, text: str, language: str, user_id: str | None) -> str:
    """Say ``text`` to the default agent; the spoken answer."""
    result = await conversation.async_converse(
        home.hass, text, None, Context(user_id=user_id), language=language
    )
    await home.hass.async_block_till_done(wait_background_tasks=True)
    speech: str = result.response.speech["plain"]["speech"]
    return speech


async def test_any_suggestions_lists_them_in_the_language_asked(
    home: Home, household_user: User
) -> None:
    """Titles and reasons of the suggestions on offer, newest first, en and de.

    The reasons give the figures of when the suggestion was made.
    """
    assert (
        await say(home, "any suggestions?", "en", household_user.id)
        == "I have no suggestions right now."
    )
    await WINDOW_OPEN.begin(home)
    await IDLE_AREA.begin(home)
    await home.advance(35)
    window = await home.the_suggestion(WINDOW_OPEN.rule)

    english = await say(home, "are there any suggestions", "en", household_user.id)
    assert english.startswith(
        "Office: nobody there, devices on: Nobody has been in Office for 30 min; "
        "still on: Office RGBW Lights."
    )
    assert "Window open while heating: Open for 10 min: Office window." in english
    german = await say(home, "Gibt es Vorschläge?", "de", household_user.id)
    assert german.startswith(
        "Office: niemand da, Geräte an: Office: seit 30 min niemand da; noch an: "
        "Office RGBW Lights."
    )
    assert "Fenster offen beim Heizen: Seit 10 min offen: Office window." in german
    # Hearing them changes nothing.
    still = await home.call("get_plan", {"plan_id": window["plan_id"]})
    assert still["status"] == "pending_approval"


async def test_accept_dismiss_and_snooze_by_voice(
    home: Home, household_user: User
) -> None:
    """Each acts on the newest suggestion, as the speaker."""
    await WINDOW_OPEN.begin(home)
    await home.advance(15)
    await IDLE_AREA.begin(home)
    await home.advance(35)
    idle = await home.the_suggestion(IDLE_AREA.rule)
    window = await home.the_suggestion(WINDOW_OPEN.rule)

    snoozed = await say(home, "snooze the suggestion", "en", household_user.id)
    assert snoozed == "Suggestion snoozed: Office: nobody there, devices on"
    assert (await home.call("get_plan", {"plan_id": idle["plan_id"]}))["history"][-1][
        "reason"
    ].startswith("Snoozed by")

    accepted = await say(home, "accept the suggestion", "en", household_user.id)
    assert accepted.startswith("Suggestion accepted: ")
    assert "(s)" not in accepted
    assert home.state(HEAT_PUMP) == "off"
    superseded = await home.call("get_plan", {"plan_id": window["plan_id"]})
    assert superseded["status"] == "superseded"

    assert (
        await say(home, "dismiss the suggestion", "en", household_user.id)
        == "There is no suggestion to answer."
    )
    await home.set(WINDOW, "off")
    await home.advance(65)
    idle_again = await home.the_suggestion(IDLE_AREA.rule)
    dismissed = await say(home, "Verwirf den Vorschlag", "de", household_user.id)
    assert dismissed == "Vorschlag verworfen: Office: niemand da, Geräte an"
    gone = await home.call("get_plan", {"plan_id": idle_again["plan_id"]})
    assert gone["history"][-1]["reason"] == f"Dismissed by {household_user.name}"


async def test_a_satellite_without_a_user_cannot_answer(home: Home) -> None:
    """Anyone may hear the suggestions; answering them takes a person."""
    await WINDOW_OPEN.begin(home)
    await home.advance(15)
    plan = await home.the_suggestion(WINDOW_OPEN.rule)
    assert "Window open while heating" in await say(
        home, "what do you suggest", "en", None
    )
    assert await say(home, "accept the suggestion", "en", None) == (
        "Only a person signed in to Home Assistant can answer a suggestion."
    )
    assert await say(home, "Nimm den Vorschlag an", "de", None) == (
        "Nur eine bei Home Assistant angemeldete Person kann auf einen Vorschlag "
        "antworten."
    )
    still = await home.call("get_plan", {"plan_id": plan["plan_id"]})
    assert still["status"] == "pending_approval"
    assert home.state(HEAT_PUMP) == "heat"
