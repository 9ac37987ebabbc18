"""Assist: plan, preview, approve, reject and cancel by voice, in English and German."""

from __future__ import annotations

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.orchestration.assist import (
    AssistHandler,
    async_caller_area_id,
    async_setup_assist,
)
from custom_components.orchestration.assist_sentences import (
    SentenceMatcher,
    load_sentences,
)
from custom_components.orchestration.core.explainer import ANYONE, Reader, restate
from custom_components.orchestration.core.intake.clarify import question
from custom_components.orchestration.core.models import (
    PlanRecord,
    PlanStatus,
    TrustTier,
)
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.request import PlanRequest

from .common import async_setup_orchestration

UNLOCK = "unlock the front door"

# The spoken answer to a new plan, by language and status ({summary}: the plan's own,
# {consent}: who has to agree, as the speaker reads it).
ANSWERS = {
    "en": {
        PlanStatus.PENDING_APPROVAL: "{summary} {consent}",
        PlanStatus.SCHEDULED: "{summary} It is scheduled.",
        PlanStatus.RUNNING: "{summary} It is running.",
        PlanStatus.COMPLETED: "{summary} Done.",
        PlanStatus.REJECTED: "I did not do that. {summary}",
        PlanStatus.INFEASIBLE: "I could not make a plan for that. {summary}",
        PlanStatus.PREVIEW: "{summary} {consent} Nothing was done: this is only a "
        "preview.",
    },
    "de": {
        PlanStatus.PENDING_APPROVAL: "{summary} {consent}",
        PlanStatus.SCHEDULED: "{summary} Er ist eingeplant.",
        PlanStatus.RUNNING: "{summary} Er läuft.",
        PlanStatus.COMPLETED: "{summary} Erledigt.",
        PlanStatus.REJECTED: "Das habe ich nicht getan. {summary}",
        PlanStatus.INFEASIBLE: "Dafür konnte ich keinen Plan erstellen. {summary}",
        PlanStatus.PREVIEW: (
            "{summary} {consent} Es wurde nichts ausgeführt: Das ist nur eine Vorschau."
        ),
    },
}


def answer(
    language: str,
    record: PlanRecord,
    status: PlanStatus | None = None,
    reader: Reader = ANYONE,
) -> str:
    """What Assist should say about ``record`` (as it was when it was answered)."""
    template = ANSWERS[language][status or record.status]
    consent = restate(record, reader).consent
    return template.format(summary=record.explanation.summary, consent=consent)


@pytest.fixture
async def household_user(hass: HomeAssistant, hass_owner_user: User) -> User:
    """A family member: may control devices in Home Assistant, is no administrator.

    The home has its owner already, so this user is not made the owner.
    """
    user = await hass.auth.async_create_user("Kid", group_ids=[GROUP_ID_USER])
    assert not user.is_owner
    assert not user.is_admin
    return user


@pytest.fixture
async def assist_entry(demo_home: HomeAssistant) -> MockConfigEntry:
    """Conversation first, then the integration, as Home Assistant loads them."""
    assert await async_setup_component(demo_home, "conversation", {})
    return await async_setup_orchestration(demo_home)


async def converse(
    hass: HomeAssistant,
    text: str,
    language: str,
    user_id: str | None = None,
    device_id: str | None = None,
) -> str:
    """Say ``text`` to Home Assistant's default agent and return the spoken answer."""
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(user_id=user_id),
        language=language,
        device_id=device_id,
    )
    await hass.async_block_till_done()
    speech: str = result.response.speech["plain"]["speech"]
    return speech


def newest_plan(hass: HomeAssistant) -> PlanRecord:
    plans = async_get_engine(hass).list_plans()
    assert plans, "no plan was created"
    return plans[0]


def answers_for(language: str, record: PlanRecord) -> set[str]:
    """Answers for any status the plan has had (an allowed plan may run on at once).

    A plan that could not be made because something is unclear is asked back.
    """
    statuses = {change.new for change in record.history} | {record.status}
    asked = question(record.task_spec.unresolved, language)
    return {
        answer(language, record, status)
        for status in statuses
        if status in ANSWERS[language]
    } | ({asked} if asked and not record.plan.steps else set())


async def pending_unlock(hass: HomeAssistant, user_id: str | None) -> PlanRecord:
    record = await async_get_engine(hass).async_create_plan(
        PlanRequest(intent=UNLOCK, user_id=user_id)
    )
    await hass.async_block_till_done()
    assert record.status is PlanStatus.PENDING_APPROVAL, record.policy.reasons
    return record


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("optimize energy in the living room", "en"),
        ("run the dishwasher when power is cheapest", "en"),
        ("Optimiere die Energie im ganzen Haus", "de"),
        ("Starte die Spülmaschine, wenn der Strom am günstigsten ist", "de"),
    ],
)
async def test_goal_sentence_creates_a_plan_and_answers_with_its_summary(
    hass: HomeAssistant, hass_admin_user: User, text: str, language: str
) -> None:
    speech = await converse(hass, text, language, user_id=hass_admin_user.id)

    record = newest_plan(hass)
    assert record.task_spec.intent == text
    assert record.task_spec.language == language
    assert record.user_id == hass_admin_user.id
    assert record.status is not PlanStatus.PREVIEW
    assert record.explanation.summary
    assert speech in answers_for(language, record)


@pytest.mark.usefixtures("assist_entry")
async def test_optimize_energy_by_voice_plans_the_goal_for_that_room(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    speech = await converse(
        hass, "optimize energy in the living room", "en", user_id=hass_admin_user.id
    )

    record = newest_plan(hass)
    assert [goal.type for goal in record.task_spec.goals] == ["optimize_energy"]
    assert record.task_spec.goals[0].targets.area_ids == ["living_room"]
    assert record.history[0].new is PlanStatus.SCHEDULED
    assert record.plan.steps
    assert speech in answers_for("en", record)


@pytest.mark.usefixtures("assist_entry")
async def test_plan_needing_approval_says_so_and_waits(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    speech = await converse(
        hass, "make a plan to unlock the front door", "en", hass_read_only_user.id
    )

    record = newest_plan(hass)
    assert record.status is PlanStatus.PENDING_APPROVAL
    assert speech == (
        "Unlock Front Door. It waits for the approval of a trusted member, to use "
        "restricted data and unlock a lock."
    )
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language", "hypothetical"),
    [
        ("What would happen if I unlock the front door?", "en", UNLOCK),
        (
            "Was würde passieren, wenn ich die Haustür aufschließe?",
            "de",
            "die Haustür aufschließe",
        ),
    ],
)
async def test_what_would_happen_previews_without_acting(
    hass: HomeAssistant,
    hass_admin_user: User,
    text: str,
    language: str,
    hypothetical: str,
) -> None:
    speech = await converse(hass, text, language, user_id=hass_admin_user.id)

    record = newest_plan(hass)
    assert record.status is PlanStatus.PREVIEW
    assert record.user_id == hass_admin_user.id
    assert record.task_spec.intent == hypothetical
    # The demo's locks have English names: "Haustür" fits each door, so Assist asks.
    admin = Reader(hass_admin_user.id, TrustTier.TRUSTED)
    assert speech in (
        answer(language, record, reader=admin),
        question(record.task_spec.unresolved, language),
    )
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language", "refusal"),
    [
        (
            "approve the plan",
            "en",
            "You asked for this plan, so someone else has to approve it.",
        ),
        (
            "Plan genehmigen",
            "de",
            "Du hast diesen Plan selbst angefragt, also muss ihn jemand anderes "
            "freigeben.",
        ),
    ],
)
async def test_a_requester_cannot_approve_their_own_plan_by_voice(
    hass: HomeAssistant,
    hass_read_only_user: User,
    text: str,
    language: str,
    refusal: str,
) -> None:
    record = await pending_unlock(hass, hass_read_only_user.id)

    speech = await converse(hass, text, language, user_id=hass_read_only_user.id)

    assert speech == refusal
    assert record.status is PlanStatus.PENDING_APPROVAL
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("assist_entry")
async def test_satellite_without_user_finds_nothing_to_approve(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    record = await pending_unlock(hass, hass_read_only_user.id)

    assert (
        await converse(hass, "approve the plan", "en")
        == "There is no plan waiting for your approval."
    )
    assert (
        await converse(hass, "genehmige den Plan", "de")
        == "Es wartet kein Plan auf deine Freigabe."
    )
    assert (
        await converse(hass, "reject the plan", "en")
        == "There is no plan waiting for your approval."
    )
    assert record.status is PlanStatus.PENDING_APPROVAL


@pytest.mark.usefixtures("assist_entry")
async def test_an_approver_approves_the_newest_plan_they_may_approve(
    hass: HomeAssistant, household_user: User, hass_admin_user: User
) -> None:
    record = await pending_unlock(hass, household_user.id)
    assert (
        await converse(hass, "approve the plan", "en", user_id=household_user.id)
        == "You asked for this plan, so someone else has to approve it."
    )

    speech = await converse(
        hass, "approve the latest plan", "en", user_id=hass_admin_user.id
    )

    assert speech == f"Plan approved: {record.explanation.summary}".strip()
    assert record.status in (PlanStatus.RUNNING, PlanStatus.COMPLETED), record.error
    assert hass.states.get("lock.front_door").state == "unlocked"


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language", "answer"),
    [
        ("reject the plan", "en", "Plan rejected:"),
        ("lehne den Plan ab", "de", "Plan abgelehnt:"),
    ],
)
async def test_requester_rejects_their_plan(
    hass: HomeAssistant,
    hass_read_only_user: User,
    text: str,
    language: str,
    answer: str,
) -> None:
    record = await pending_unlock(hass, hass_read_only_user.id)

    speech = await converse(hass, text, language, user_id=hass_read_only_user.id)

    assert speech == f"{answer} {record.explanation.summary}".strip()
    assert record.status is PlanStatus.REJECTED


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language", "answer", "nothing"),
    [
        (
            "cancel the plan",
            "en",
            "Plan cancelled:",
            "You have no plan to cancel.",
        ),
        (
            "brich den Plan ab",
            "de",
            "Plan abgebrochen:",
            "Du hast keinen Plan, den man abbrechen könnte.",
        ),
    ],
)
async def test_cancel_acts_on_the_users_latest_active_plan(
    hass: HomeAssistant,
    hass_read_only_user: User,
    hass_admin_user: User,
    text: str,
    language: str,
    answer: str,
    nothing: str,
) -> None:
    record = await pending_unlock(hass, hass_read_only_user.id)

    assert await converse(hass, text, language, user_id=hass_admin_user.id) == nothing
    assert record.status is PlanStatus.PENDING_APPROVAL

    speech = await converse(hass, text, language, user_id=hass_read_only_user.id)

    assert speech == f"{answer} {record.explanation.summary}".strip()
    assert record.status is PlanStatus.CANCELLED


@pytest.mark.usefixtures("assist_entry")
async def test_device_commands_stay_with_home_assistant(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    await converse(hass, "turn on the kitchen lights", "en", user_id=hass_admin_user.id)

    assert hass.states.get("light.kitchen_lights").state == "on"
    assert async_get_engine(hass).list_plans() == []


@pytest.mark.usefixtures("demo_home")
async def test_preview_refused_in_words_when_previews_are_off(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    assert await async_setup_component(hass, "conversation", {})
    await async_setup_orchestration(hass, enable_preview_mode=False)

    speech = await converse(
        hass, "what if I unlock the front door", "en", user_id=hass_admin_user.id
    )

    assert speech == "Previews are turned off in the Orchestration options."
    assert async_get_engine(hass).list_plans() == []


async def test_request_area_comes_from_the_satellite(
    hass: HomeAssistant, assist_entry: MockConfigEntry, hass_admin_user: User
) -> None:
    devices = dr.async_get(hass)
    satellite = devices.async_get_or_create(
        config_entry_id=assist_entry.entry_id, identifiers={("test", "satellite")}
    )
    devices.async_update_device(satellite.id, area_id="living_room")

    await converse(
        hass,
        "make a plan to turn on the lights",
        "en",
        user_id=hass_admin_user.id,
        device_id=satellite.id,
    )

    record = newest_plan(hass)
    assert record.task_spec.intent == "turn on the lights"
    assert any(
        "living_room" in goal.targets.area_ids for goal in record.task_spec.goals
    ), record.task_spec.as_dict()


async def test_sentences_are_removed_on_unload(
    hass: HomeAssistant, assist_entry: MockConfigEntry, hass_read_only_user: User
) -> None:
    await pending_unlock(hass, hass_read_only_user.id)
    assert await hass.config_entries.async_unload(assist_entry.entry_id)
    assert assist_entry.state is ConfigEntryState.NOT_LOADED

    speech = await converse(hass, "approve the plan", "en", hass_read_only_user.id)

    assert "trust tier" not in speech
    assert "approval" not in speech


async def test_without_conversation_nothing_is_registered(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    entry = await async_setup_orchestration(hass)

    assert "conversation" not in hass.config.components
    assert entry.state is ConfigEntryState.LOADED
    remove = await async_setup_assist(hass, entry)
    remove()


@pytest.mark.usefixtures("assist_entry")
async def test_unrecognised_text_is_planned_in_the_callers_language(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    handler = AssistHandler(hass, SentenceMatcher(load_sentences()))

    speech = await handler.async_answer(
        "turn off the kitchen lights", language="de-DE", user_id=hass_admin_user.id
    )

    record = newest_plan(hass)
    assert record.task_spec.language == "de"
    assert speech in answers_for("de", record)


@pytest.mark.usefixtures("demo_home")
async def test_answer_when_orchestration_is_not_loaded(hass: HomeAssistant) -> None:
    handler = AssistHandler(hass, SentenceMatcher(load_sentences()))

    assert (
        await handler.async_answer("approve the plan", language="en", user_id=None)
        == "Orchestration is not ready yet."
    )
    assert (
        await handler.async_answer("Plan genehmigen", language="xx", user_id=None)
        == "Orchestration ist noch nicht bereit."
    )


async def test_caller_area_from_satellite_entity_or_device(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(domain="test")
    entry.add_to_hass(hass)
    devices = dr.async_get(hass)
    entities = er.async_get(hass)
    device = devices.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("test", "satellite")}
    )
    devices.async_update_device(device.id, area_id="kitchen")
    on_device = entities.async_get_or_create(
        "assist_satellite", "test", "on_device", device_id=device.id
    )
    placed = entities.async_get_or_create("assist_satellite", "test", "placed")
    entities.async_update_entity(placed.entity_id, area_id="office")

    assert async_caller_area_id(hass, None, placed.entity_id) == "office"
    assert async_caller_area_id(hass, None, on_device.entity_id) == "kitchen"
    assert async_caller_area_id(hass, device.id) == "kitchen"
    assert async_caller_area_id(hass, "unknown-device", "assist_satellite.none") is None
    assert async_caller_area_id(hass, None) is None


@pytest.mark.usefixtures("assist_entry")
async def test_optimize_energy_in_german_plans_the_goal_for_that_room(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    areas = ar.async_get(hass)
    areas.async_update("living_room", aliases={"Wohnzimmer"})
    await hass.async_block_till_done()
    speech = await converse(
        hass, "Optimiere die Energie im Wohnzimmer", "de", user_id=hass_admin_user.id
    )

    record = newest_plan(hass)
    assert [goal.type for goal in record.task_spec.goals] == ["optimize_energy"]
    assert record.task_spec.goals[0].targets.area_ids == ["living_room"]
    assert record.plan.steps
    assert speech in answers_for("de", record)


@pytest.mark.usefixtures("assist_entry")
@pytest.mark.parametrize(
    ("text", "language", "asked"),
    [
        (
            "what would happen if I unlock the door",
            "en",
            "Which door do you mean: ",
        ),
        (
            "Was würde passieren, wenn ich die Tür aufschließe?",
            "de",
            "Welches Gerät meinst du mit „tür“: ",
        ),
    ],
)
async def test_an_unclear_device_is_asked_back_in_the_request_language(
    hass: HomeAssistant, hass_admin_user: User, text: str, language: str, asked: str
) -> None:
    """Several locks fit "the door": Assist names them and does nothing."""
    speech = await converse(hass, text, language, user_id=hass_admin_user.id)

    record = newest_plan(hass)
    assert record.plan.steps == []
    assert speech.startswith(asked), speech
    assert "Front Door" in speech
    assert "Kitchen Door" in speech
    assert record.task_spec.unresolved == [speech]
