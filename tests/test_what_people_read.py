"""What people read through every entry point of a running home: no codes, their language.

A household member, an administrator and an automation use the demo home through
Assist, the LLM tools and the services, in English and German; every text they are
answered with, and every text of every plan made on the way (explanation, notes,
unresolved points, policy reasons, history, alternatives, errors) and every approval
notification, is scanned for codes, and German plans for English.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.orchestration.engine import async_get_engine

from .common import async_setup_orchestration
from .explained import codes_in, english_in, words_of
from .helpers import call, call_tool, notifications


@pytest.fixture
async def home(demo_home: HomeAssistant) -> HomeAssistant:
    """The demo home with Assist and Orchestration."""
    assert await async_setup_component(demo_home, "conversation", {})
    await async_setup_orchestration(demo_home)
    return demo_home


@pytest.fixture
async def member(hass: HomeAssistant, hass_owner_user: User) -> User:
    """A household member (trust tier verified): the home has its owner already."""
    return await hass.auth.async_create_user("Kid", group_ids=[GROUP_ID_USER])


async def say(hass: HomeAssistant, text: str, language: str, user: User) -> str:
    """Say ``text`` to Assist as ``user``; the spoken answer."""
    result = await conversation.async_converse(
        hass, text, None, Context(user_id=user.id), language=language
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    speech: str = result.response.speech["plain"]["speech"]
    return speech


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def plan_texts(response: dict[str, Any]) -> list[str]:
    """What a person reads of a PlanResponse (not the request's own words)."""
    return [
        *_texts(response["explanation"]),
        *response["plan"]["notes"],
        *response["task_spec"]["unresolved"],
        *response["policy"]["reasons"],
        *(change["reason"] for change in response["history"]),
        *(item["summary"] for item in response["alternatives"]),
        *([response["error"]] if response["error"] else []),
    ]


TOOL_TEXTS = ("summary", "steps", "cost", "privacy", "consent", "unresolved", "note")


async def test_every_entry_point_speaks_words(
    home: HomeAssistant, member: User, hass_admin_user: User
) -> None:
    """No codes in any answer or plan; German plans and answers hold no English."""
    said: dict[str, list[str]] = {"en": [], "de": []}
    said["en"].append(
        await say(home, "make a plan to unlock the front door", "en", member)
    )
    said["en"].append(await say(home, "approve the plan", "en", member))
    said["en"].append(await say(home, "approve the plan", "en", hass_admin_user))
    said["en"].append(
        await say(home, "what would happen if I open the garage door", "en", member)
    )
    dishwasher = await say(
        home, "run the dishwasher when power is cheapest before 7am", "en", member
    )
    # The demo home has no dishwasher: the answer says so, not just "cannot".
    assert "dishwasher" in dishwasher.lower(), dishwasher
    said["en"].append(dishwasher)
    said["de"].append(
        await say(
            home, "Was würde passieren, wenn ich die Haustür aufschließe?", "de", member
        )
    )
    said["de"].append(await say(home, "Plan genehmigen", "de", member))
    said["de"].append(
        await say(
            home,
            "Starte die Spülmaschine, wenn der Strom am günstigsten ist",
            "de",
            member,
        )
    )

    tool = await call_tool(
        home, "create_plan", {"intent": "unlock the front door"}, member.id
    )
    asked = await call_tool(
        home, "request_approval", {"plan_id": tool["plan_id"]}, member.id
    )
    read = await call_tool(
        home, "get_plan", {"plan_id": tool["plan_id"]}, hass_admin_user.id
    )
    listed = await call_tool(home, "list_plans", {"include_previews": True}, member.id)
    for result in (tool, asked, read):
        said["en"].extend(
            text for key in TOOL_TEXTS for text in _texts(result.get(key))
        )
    said["en"].extend(plan["summary"] for plan in listed["plans"])

    german = await call(
        home,
        "create_plan",
        {"intent": "schalte das Licht in der Küche aus", "language": "de"},
    )
    await call(
        home, "reject_plan", {"plan_id": tool["plan_id"]}, user_id=hass_admin_user.id
    )
    waiting = await call(
        home, "create_plan", {"intent": "unlock the front door"}, user_id=member.id
    )
    await call(home, "cancel_plan", {"plan_id": waiting["plan_id"]}, user_id=member.id)
    await home.async_block_till_done(wait_background_tasks=True)

    engine = async_get_engine(home)
    for record in engine.list_plans():
        language = record.task_spec.language
        response = engine.response(record, await engine.async_reader(member.id))
        said.setdefault(language, []).extend(plan_texts(response))
    said["en"].extend(notifications(home))
    assert german["task_spec"]["language"] == "de"

    found = {
        text: codes_in(text)
        for texts in said.values()
        for text in texts
        if codes_in(text)
    }
    assert found == {}
    names = {word for state in home.states.async_all() for word in words_of(state.name)}
    leaks = {text: english_in(text, names) for text in said["de"]}
    leaks = {text: words for text, words in leaks.items() if words}
    assert leaks == {}
    assert len(said["en"]) > 40
    assert len(said["de"]) > 10
