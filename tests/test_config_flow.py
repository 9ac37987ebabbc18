"""Tests of the config flow and the options flow."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import SOURCE_IGNORE, SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.selector import Selector
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.orchestration.config_flow import (
    ALL_NUMBER_OPTIONS,
    ALL_SECTIONS,
    MENU_OPTIONS,
    SECTIONS,
    SETTINGS_KEYS,
    SUGGESTION_SECTIONS,
    TRUST_DEFAULT,
    validate_settings,
)
from custom_components.orchestration.const import (
    CONF_APPROVAL_TIMEOUT_MIN,
    CONF_COST_BUDGET_DEFAULT,
    CONF_DEFAULT_STRATEGY,
    CONF_ENABLE_PREVIEW_MODE,
    CONF_ENABLE_REPLANNING,
    CONF_GRID_POWER_ENTITY,
    CONF_LATENCY_BUDGET_DEFAULT_MS,
    CONF_LLM_AGENT,
    CONF_LLM_FALLBACK,
    CONF_LLM_TIMEOUT_S,
    CONF_LOCAL_EXECUTION_PREFERENCE,
    CONF_MAX_PLAN_ALTERNATIVES,
    CONF_MAX_PLANNING_TIME_MS,
    CONF_NOTIFY_TARGETS,
    CONF_POWER_LIMIT_W,
    CONF_PRICE_ENTITY,
    CONF_PRIORITY_AUTOMATION,
    CONF_PRIORITY_INSIGHT_RECOMMENDATION,
    CONF_PRIORITY_SCHEDULED_ROUTINE,
    CONF_PRIORITY_USER_REQUEST,
    CONF_PRIVACY_FIRST,
    CONF_QUIET_HOURS_END,
    CONF_QUIET_HOURS_OVERRIDES,
    CONF_QUIET_HOURS_SCHEDULE,
    CONF_QUIET_HOURS_START,
    CONF_ROUTINES,
    CONF_TRUST_OVERRIDES,
    CONF_WAIT_TIMEOUT_H,
    DOMAIN,
    TITLE,
)
from custom_components.orchestration.core.routine_spec import WEEKDAYS
from custom_components.orchestration.options import (
    DEFAULT_OPTIONS,
    Options,
    stored_or_default,
)

EN_JSON = (
    Path(__file__).parent.parent
    / "custom_components"
    / "orchestration"
    / "translations"
    / "en.json"
)

DEMO_CONFIG_ENTRIES = (
    Path(__file__).parent.parent
    / "scripts"
    / "demo"
    / "storage"
    / "core.config_entries"
)

CHANGED_SETTINGS: dict[str, Any] = {
    CONF_DEFAULT_STRATEGY: "cost",
    CONF_MAX_PLANNING_TIME_MS: 2500,
    CONF_MAX_PLAN_ALTERNATIVES: 5,
    CONF_ENABLE_PREVIEW_MODE: False,
    CONF_ENABLE_REPLANNING: False,
    CONF_APPROVAL_TIMEOUT_MIN: 15,
    CONF_WAIT_TIMEOUT_H: 6,
    CONF_PRIVACY_FIRST: False,
    CONF_LOCAL_EXECUTION_PREFERENCE: 0.25,
    CONF_COST_BUDGET_DEFAULT: 2.5,
    CONF_LATENCY_BUDGET_DEFAULT_MS: 800,
    CONF_POWER_LIMIT_W: 7000,
    CONF_PRICE_ENTITY: "sensor.energy_price",
    CONF_GRID_POWER_ENTITY: "sensor.grid_power",
    CONF_QUIET_HOURS_START: "22:00:00",
    CONF_QUIET_HOURS_END: "07:00:00",
    CONF_QUIET_HOURS_OVERRIDES: ["input_boolean.do_not_disturb"],
    CONF_NOTIFY_TARGETS: ["notify.mobile_app_phone", "mobile_app_tablet"],
    CONF_LLM_FALLBACK: True,
    CONF_LLM_AGENT: "conversation.assistant",
    CONF_LLM_TIMEOUT_S: 30,
    CONF_PRIORITY_USER_REQUEST: "highest",
    CONF_PRIORITY_AUTOMATION: "low",
    CONF_PRIORITY_SCHEDULED_ROUTINE: "high",
    CONF_PRIORITY_INSIGHT_RECOMMENDATION: "lowest",
}
# A conversation agent that can only talk (no "Control Home Assistant").
TALKING_AGENT = {"friendly_name": "Assistant", "supported_features": 0}


SECTION_OF = {key: section for section, keys in ALL_SECTIONS.items() for key in keys}


def form_input(section_key: str, **changes: Any) -> dict[str, Any]:
    """One group's form filled in with the defaults, changed by ``changes``.

    A change to None leaves the field empty.
    """
    values = {
        key: stored_or_default(DEFAULT_OPTIONS, key)
        for key in ALL_SECTIONS[section_key]
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def field_selector(schema: vol.Schema | None, key: str) -> Selector[Any]:
    """The selector of ``key`` in a form."""
    assert schema is not None
    for marker, selector in schema.schema.items():
        if marker == key:
            return selector  # type: ignore[no-any-return]
    raise KeyError(key)


def field_default(schema: vol.Schema | None, key: str) -> Any:
    """The default or suggested value of ``key`` in a form."""
    assert schema is not None
    for marker in schema.schema:
        if marker == key:
            description = marker.description or {}
            if "suggested_value" in description:
                return description["suggested_value"]
            return marker.default()
    raise KeyError(key)


@pytest.fixture(autouse=True)
def setup_entry_patched() -> Iterator[AsyncMock]:
    """The flows only; the engine is not set up."""
    with patch(
        "custom_components.orchestration.async_setup_entry", return_value=True
    ) as mock:
        yield mock


@pytest.fixture
async def context_entities(hass: HomeAssistant) -> None:
    """The entities the context-source options point at."""
    hass.states.async_set("sensor.energy_price", "0.21")
    hass.states.async_set("sensor.grid_power", "-350")
    hass.states.async_set("schedule.quiet_hours", "off")
    hass.states.async_set("input_boolean.do_not_disturb", "off")
    hass.states.async_set("conversation.assistant", "unknown", TALKING_AGENT)


@pytest.fixture
async def entry(hass: HomeAssistant) -> MockConfigEntry:
    """A set-up entry with default options and a key no form shows."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        unique_id=DOMAIN,
        options={
            **DEFAULT_OPTIONS,
            CONF_TRUST_OVERRIDES: {"gone-user": "untrusted"},
            "added_by_a_later_version": 42,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def open_section(
    hass: HomeAssistant, entry: MockConfigEntry, section_key: str
) -> ConfigFlowResult:
    """Open the options flow and pick one group from its menu (or the submenu)."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [*SECTIONS, "suggestions", "routines", "trust"]
    assert "language_model" in SECTIONS
    if section_key in SUGGESTION_SECTIONS:
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "suggestions"}
        )
        assert result["type"] is FlowResultType.MENU
        assert result["menu_options"] == list(SUGGESTION_SECTIONS)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": section_key}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == section_key
    return result


async def submit(
    hass: HomeAssistant, entry: MockConfigEntry, **changes: Any
) -> ConfigFlowResult:
    """Open the one group that holds ``changes`` and submit them with defaults."""
    (section_key,) = {SECTION_OF[key] for key in changes}
    result = await open_section(hass, entry, section_key)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], form_input(section_key, **changes)
    )


async def test_user_flow_creates_entry_with_defaults(hass: HomeAssistant) -> None:
    """The user confirms and gets one entry with the default options."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == TITLE
    assert result["data"] == {}
    assert result["options"] == DEFAULT_OPTIONS
    entry = result["result"]
    assert entry.unique_id == DOMAIN
    assert entry.options[CONF_MAX_PLANNING_TIME_MS] == 5000
    assert entry.options[CONF_LOCAL_EXECUTION_PREFERENCE] == 0.8


async def test_second_instance_is_refused(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Only one instance: a second flow aborts at once."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "single_instance_allowed"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_ignored_instance_can_be_set_up(hass: HomeAssistant) -> None:
    """An ignored entry of the same unique id is replaced, never doubled."""
    MockConfigEntry(domain=DOMAIN, unique_id=DOMAIN, source=SOURCE_IGNORE).add_to_hass(
        hass
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entries = hass.config_entries.async_entries(DOMAIN)
    assert [entry.source for entry in entries] == [SOURCE_USER]


async def test_forms_start_from_current_options(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Every option is on its group's form, filled in with the entry's value."""
    hass.config.currency = "SEK"
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            CONF_MAX_PLAN_ALTERNATIVES: 1,
            CONF_PRICE_ENTITY: "sensor.p",
        },
    )
    schemas = {}
    for section_key, keys in ALL_SECTIONS.items():
        result = await open_section(hass, entry, section_key)
        schemas[section_key] = schema = result["data_schema"]
        assert schema is not None
        assert [str(marker) for marker in schema.schema] == list(keys)
    assert field_default(schemas["planning"], CONF_MAX_PLAN_ALTERNATIVES) == 1
    assert field_default(schemas["planning"], CONF_DEFAULT_STRATEGY) == "balanced"
    assert field_default(schemas["context"], CONF_PRICE_ENTITY) == "sensor.p"
    assert field_default(schemas["quiet_hours"], CONF_QUIET_HOURS_START) is None
    planning_time = field_selector(schemas["planning"], CONF_MAX_PLANNING_TIME_MS)
    assert planning_time.config["max"] == 60000
    # The cost budget is in the home's currency.
    cost = field_selector(schemas["budgets"], CONF_COST_BUDGET_DEFAULT)
    assert cost.config["unit_of_measurement"] == "SEK"
    # Priorities: the defaults by origin, offered highest first.
    priorities = schemas["priorities"]
    assert field_default(priorities, CONF_PRIORITY_USER_REQUEST) == "high"
    assert field_default(priorities, CONF_PRIORITY_AUTOMATION) == "normal"
    assert field_default(priorities, CONF_PRIORITY_INSIGHT_RECOMMENDATION) == "low"
    level = field_selector(priorities, CONF_PRIORITY_SCHEDULED_ROUTINE)
    assert level.config["options"] == ["highest", "high", "normal", "low", "lowest"]


async def test_notify_targets_may_be_left_empty(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """No notify target at all is allowed (approvals then go to the notification list)."""
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_NOTIFY_TARGETS: ["family"]}
    )
    result = await open_section(hass, entry, "context")
    assert field_default(result["data_schema"], CONF_NOTIFY_TARGETS) == ["family"]
    result = await submit(hass, entry, **{CONF_NOTIFY_TARGETS: None})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_NOTIFY_TARGETS not in entry.options


async def test_each_group_saved_and_other_keys_kept(
    hass: HomeAssistant, entry: MockConfigEntry, context_entities: None
) -> None:
    """Each group stores its options flat; every option it does not show survives."""
    for section_key, keys in SECTIONS.items():
        changes = {
            key: CHANGED_SETTINGS[key] for key in keys if key in CHANGED_SETTINGS
        }
        result = await submit(hass, entry, **changes)
        assert result["type"] is FlowResultType.CREATE_ENTRY, section_key
    assert entry.options == {
        **CHANGED_SETTINGS,
        CONF_NOTIFY_TARGETS: ["mobile_app_phone", "mobile_app_tablet"],
        CONF_TRUST_OVERRIDES: {"gone-user": "untrusted"},
        "added_by_a_later_version": 42,
    }
    # Whole numbers are stored as int, the others as float.
    assert type(entry.options[CONF_MAX_PLANNING_TIME_MS]) is int
    assert type(entry.options[CONF_POWER_LIMIT_W]) is float


async def test_cleared_context_source_is_removed(
    hass: HomeAssistant, entry: MockConfigEntry, context_entities: None
) -> None:
    """An optional field left empty removes the option instead of keeping the old value."""
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            CONF_PRICE_ENTITY: "sensor.energy_price",
            CONF_QUIET_HOURS_SCHEDULE: "schedule.quiet_hours",
        },
    )
    result = await submit(hass, entry, **{CONF_PRICE_ENTITY: None})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_PRICE_ENTITY not in entry.options
    assert entry.options[CONF_QUIET_HOURS_SCHEDULE] == "schedule.quiet_hours"
    assert entry.options["added_by_a_later_version"] == 42


def _out_of_range_cases() -> Iterator[Any]:
    for key, option in ALL_NUMBER_OPTIONS.items():
        low, high = option.bounds
        below = low - (1 if option.whole else option.step)
        above = high + (1 if option.whole else option.step)
        yield pytest.param(key, below, id=f"{key}-below")
        yield pytest.param(key, above, id=f"{key}-above")
        if option.whole:
            yield pytest.param(key, low + 0.5, id=f"{key}-fraction")


@pytest.mark.parametrize(("key", "value"), list(_out_of_range_cases()))
async def test_number_out_of_range_is_shown_on_its_field(
    hass: HomeAssistant, entry: MockConfigEntry, key: str, value: float
) -> None:
    """Each number outside its range (or not whole) gets a translated error."""
    before = dict(entry.options)
    result = await submit(hass, entry, **{key: value})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {key: f"invalid_{key}"}
    assert entry.options == before
    # The form comes back with what was typed, to be corrected.
    assert field_default(result["data_schema"], key) == value


async def test_bounds_are_accepted(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The ends of every range are allowed."""
    for end in (0, 1):
        for section_key in {SECTION_OF[key] for key in ALL_NUMBER_OPTIONS}:
            changes = {
                key: option.bounds[end]
                for key, option in ALL_NUMBER_OPTIONS.items()
                if SECTION_OF[key] == section_key
            }
            result = await submit(hass, entry, **changes)
            assert result["type"] is FlowResultType.CREATE_ENTRY
        for key, option in ALL_NUMBER_OPTIONS.items():
            assert entry.options[key] == option.bounds[end]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param(
            {CONF_PRICE_ENTITY: "sensor.nowhere"},
            {CONF_PRICE_ENTITY: "entity_not_found"},
            id="price-entity-missing",
        ),
        pytest.param(
            {CONF_GRID_POWER_ENTITY: "sensor.no_grid"},
            {CONF_GRID_POWER_ENTITY: "entity_not_found"},
            id="grid-sensor-missing",
        ),
        pytest.param(
            {CONF_QUIET_HOURS_SCHEDULE: "schedule.nowhere"},
            {CONF_QUIET_HOURS_SCHEDULE: "entity_not_found"},
            id="schedule-missing",
        ),
        pytest.param(
            {CONF_QUIET_HOURS_START: "22:00:00"},
            {CONF_QUIET_HOURS_END: "quiet_hours_incomplete"},
            id="start-without-end",
        ),
        pytest.param(
            {CONF_QUIET_HOURS_END: "06:30:00"},
            {CONF_QUIET_HOURS_START: "quiet_hours_incomplete"},
            id="end-without-start",
        ),
        pytest.param(
            {CONF_QUIET_HOURS_START: "22:00:00", CONF_QUIET_HOURS_END: "22:00:00"},
            {CONF_QUIET_HOURS_END: "quiet_hours_empty"},
            id="start-equals-end",
        ),
        pytest.param(
            {
                CONF_QUIET_HOURS_SCHEDULE: "schedule.quiet_hours",
                CONF_QUIET_HOURS_START: "22:00:00",
                CONF_QUIET_HOURS_END: "07:00:00",
            },
            {CONF_QUIET_HOURS_SCHEDULE: "quiet_hours_conflict"},
            id="schedule-and-times",
        ),
        pytest.param(
            {CONF_NOTIFY_TARGETS: ["mobile_app_phone", "Not A Service!"]},
            {CONF_NOTIFY_TARGETS: "invalid_notify_target"},
            id="notify-target-not-a-service-name",
        ),
        pytest.param(
            {CONF_MAX_PLAN_ALTERNATIVES: 9, CONF_APPROVAL_TIMEOUT_MIN: 0},
            {
                CONF_MAX_PLAN_ALTERNATIVES: "invalid_max_plan_alternatives",
                CONF_APPROVAL_TIMEOUT_MIN: "invalid_approval_timeout_min",
            },
            id="two-fields-at-once",
        ),
        pytest.param(
            {CONF_WAIT_TIMEOUT_H: 200},
            {CONF_WAIT_TIMEOUT_H: "invalid_wait_timeout_h"},
            id="wait-longer-than-a-week",
        ),
    ],
)
async def test_invalid_settings_are_refused_on_their_field(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    context_entities: None,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Context sources that cannot work are refused on their field."""
    before = dict(entry.options)
    result = await submit(hass, entry, **changes)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert entry.options == before


async def test_error_can_be_corrected(
    hass: HomeAssistant, entry: MockConfigEntry, context_entities: None
) -> None:
    """After an error the same flow accepts the corrected form."""
    hass.config_entries.async_update_entry(
        entry,
        options={**entry.options, CONF_QUIET_HOURS_SCHEDULE: "schedule.quiet_hours"},
    )
    result = await submit(hass, entry, **{CONF_QUIET_HOURS_START: "23:00:00"})
    assert result["errors"] == {CONF_QUIET_HOURS_END: "quiet_hours_incomplete"}
    # The form shows what was entered: the schedule was cleared, the start set.
    assert field_default(result["data_schema"], CONF_QUIET_HOURS_START) == "23:00:00"
    assert field_default(result["data_schema"], CONF_QUIET_HOURS_SCHEDULE) is None
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        form_input(
            "quiet_hours",
            **{CONF_QUIET_HOURS_START: "23:00:00", CONF_QUIET_HOURS_END: "06:00:00"},
        ),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_QUIET_HOURS_START] == "23:00:00"
    assert entry.options[CONF_QUIET_HOURS_END] == "06:00:00"
    assert CONF_QUIET_HOURS_SCHEDULE not in entry.options


@pytest.mark.parametrize(
    "bad",
    [
        {CONF_DEFAULT_STRATEGY: "fastest"},
        {CONF_MAX_PLANNING_TIME_MS: "soon"},
        {CONF_PRICE_ENTITY: "light.kitchen"},
        {CONF_QUIET_HOURS_START: "25:99"},
        {CONF_PRIORITY_AUTOMATION: "urgent"},
    ],
)
async def test_schema_rejects_what_selectors_forbid(
    hass: HomeAssistant, entry: MockConfigEntry, bad: dict[str, Any]
) -> None:
    """Values of the wrong kind never reach the step (the selectors validate them)."""
    with pytest.raises(vol.Invalid):
        await submit(hass, entry, **bad)


async def test_notify_targets_offer_the_notify_services(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The notify services are offered; the entity-based send_message is not."""

    async def _noop(call: ServiceCall) -> None:
        """Stand-in notify service."""

    for name in ("mobile_app_phone", "family", "send_message"):
        hass.services.async_register("notify", name, _noop)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_NOTIFY_TARGETS: ["typed_by_hand"]}
    )
    result = await open_section(hass, entry, "context")
    selector = field_selector(result["data_schema"], CONF_NOTIFY_TARGETS)
    assert selector.config["options"] == ["family", "mobile_app_phone", "typed_by_hand"]
    assert selector.config["custom_value"] is True
    assert selector.config["multiple"] is True

    result = await submit(
        hass, entry, **{CONF_NOTIFY_TARGETS: ["family", "notify.family", "new_phone"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_NOTIFY_TARGETS] == ["family", "new_phone"]


async def test_language_model_is_off_by_default(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A new entry never asks a language model; its form starts switched off."""
    assert DEFAULT_OPTIONS[CONF_LLM_FALLBACK] is False
    assert CONF_LLM_AGENT not in DEFAULT_OPTIONS
    result = await open_section(hass, entry, "language_model")
    schema = result["data_schema"]
    assert field_default(schema, CONF_LLM_FALLBACK) is False
    assert field_default(schema, CONF_LLM_AGENT) is None
    assert field_default(schema, CONF_LLM_TIMEOUT_S) == 15


async def test_language_model_agents_offered(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Agents that can only talk are offered; ones that control the home are not."""
    hass.states.async_set("conversation.assistant", "unknown", TALKING_AGENT)
    # Home Assistant's own agent and any agent with "Control Home Assistant".
    for entity_id in ("conversation.home_assistant", "conversation.with_tools"):
        hass.states.async_set(entity_id, "unknown", {"supported_features": 1})
    hass.states.async_set("conversation.gone", "unavailable", TALKING_AGENT)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_LLM_AGENT: "conversation.removed"}
    )
    result = await open_section(hass, entry, "language_model")
    selector = field_selector(result["data_schema"], CONF_LLM_AGENT)
    assert selector.config["options"] == [
        {
            "value": "conversation.assistant",
            "label": "Assistant (conversation.assistant)",
        },
        # The stored agent is shown even though it is gone, so it can be changed.
        {"value": "conversation.removed", "label": "conversation.removed"},
    ]
    assert field_default(result["data_schema"], CONF_LLM_AGENT) == (
        "conversation.removed"
    )


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param(
            {CONF_LLM_FALLBACK: True},
            {CONF_LLM_AGENT: "llm_agent_missing"},
            id="no-agent",
        ),
        pytest.param(
            {CONF_LLM_FALLBACK: True, CONF_LLM_AGENT: "conversation.with_tools"},
            {CONF_LLM_AGENT: "llm_agent_unusable"},
            id="agent-controls-the-home",
        ),
        pytest.param(
            {CONF_LLM_FALLBACK: True, CONF_LLM_AGENT: "conversation.removed"},
            {CONF_LLM_AGENT: "llm_agent_unusable"},
            id="agent-gone",
        ),
    ],
)
async def test_language_model_needs_a_usable_agent(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Switched on, the fallback needs an agent that exists and cannot act itself."""
    hass.states.async_set(
        "conversation.with_tools", "unknown", {"supported_features": 1}
    )
    before = dict(entry.options)
    result = await submit(hass, entry, **changes)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert entry.options == before


async def test_language_model_switched_off_keeps_no_agent_check(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Switched off, an agent that is gone does not stop the form from saving."""
    result = await submit(
        hass, entry, **{CONF_LLM_FALLBACK: False, CONF_LLM_AGENT: "conversation.gone"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_LLM_FALLBACK] is False
    assert entry.options[CONF_LLM_AGENT] == "conversation.gone"


async def test_trust_tiers_per_user(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Each user gets a tier or the default of the role; other overrides survive."""
    alice = await hass.auth.async_create_user("Alice")
    bob = await hass.auth.async_create_user("Bob")
    other_bob = await hass.auth.async_create_user("Bob")
    await hass.auth.async_create_system_user("Supervisor")
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            CONF_TRUST_OVERRIDES: {bob.id: "basic", "gone-user": "untrusted"},
        },
    )

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "trust"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "trust"
    schema = result["data_schema"]
    assert schema is not None
    fields = {str(marker): marker.default() for marker in schema.schema}
    bobs = sorted([bob.id, other_bob.id])
    first_bob = "Bob" if bobs[0] == bob.id else "Bob (2)"
    second_bob = "Bob (2)" if first_bob == "Bob" else "Bob"
    assert set(fields) == {"Alice", "Bob", "Bob (2)"}  # no system user
    assert fields["Alice"] == TRUST_DEFAULT
    assert fields[first_bob] == "basic"
    assert fields[second_bob] == TRUST_DEFAULT
    tiers = schema.schema[next(iter(schema.schema))].config["options"]
    assert tiers == [
        TRUST_DEFAULT,
        "untrusted",
        "basic",
        "verified",
        "trusted",
        "privileged",
    ]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"Alice": "privileged", first_bob: TRUST_DEFAULT, second_bob: "untrusted"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_TRUST_OVERRIDES] == {
        alice.id: "privileged",
        other_bob.id: "untrusted",
        "gone-user": "untrusted",
    }
    assert entry.options["added_by_a_later_version"] == 42
    assert (
        entry.options[CONF_MAX_PLANNING_TIME_MS]
        == DEFAULT_OPTIONS[CONF_MAX_PLANNING_TIME_MS]
    )


async def test_trust_tier_must_be_known(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A tier name that is not one of the five is refused."""
    await hass.auth.async_create_user("Alice")
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "trust"}
    )
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {"Alice": "root"}
        )


async def test_trust_without_users(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """With nobody to set a tier for, the step says so."""
    for user in await hass.auth.async_get_users():
        if not user.system_generated:
            await hass.auth.async_remove_user(user)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "trust"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_users"


def test_every_field_and_error_is_translated() -> None:
    """en.json names and explains every field and every error the flows can give."""
    strings = json.loads(EN_JSON.read_text(encoding="utf-8"))
    steps = strings["options"]["step"]
    for section_key, keys in ALL_SECTIONS.items():
        texts = steps[section_key]
        assert texts["title"]
        for key in keys:
            assert texts["data"][key], key
            assert texts["data_description"][key], key
    errors = strings["options"]["error"]
    for key, option in ALL_NUMBER_OPTIONS.items():
        message = errors[f"invalid_{key}"]
        # The message states the range the flow enforces.
        for bound in option.bounds:
            assert f"{bound:g}" in message, (key, bound)
    for error in (
        "entity_not_found",
        "quiet_hours_incomplete",
        "quiet_hours_empty",
        "quiet_hours_conflict",
        "invalid_notify_target",
        "llm_agent_missing",
        "llm_agent_unusable",
        "min_days_over_baseline",
    ):
        assert errors[error]
    assert list(steps["suggestions"]["menu_options"]) == list(SUGGESTION_SECTIONS)
    assert strings["options"]["abort"]["no_users"]
    for reason in ("already_configured", "single_instance_allowed"):
        assert strings["config"]["abort"][reason]
    assert set(strings["selector"]["trust_tier"]["options"]) == {
        TRUST_DEFAULT,
        "untrusted",
        "basic",
        "verified",
        "trusted",
        "privileged",
    }
    assert list(steps["init"]["menu_options"]) == list(MENU_OPTIONS)
    for step, keys in (
        ("routines", ("remove", "add")),
        ("routine_add", ("name", "intent", "time", "weekdays")),
    ):
        assert steps[step]["title"]
        for key in keys:
            assert steps[step]["data"][key], (step, key)
            assert steps[step]["data_description"][key], (step, key)
    assert "{routines}" in steps["routines"]["description"]
    for error in (
        "routine_name_empty",
        "routine_name_taken",
        "routine_intent_empty",
        "routine_time_invalid",
        "routine_weekday_invalid",
    ):
        assert errors[error]
    assert list(strings["selector"]["weekday"]["options"]) == list(WEEKDAYS)
    assert set(strings["selector"]["priority"]["options"]) == {
        "highest",
        "high",
        "normal",
        "low",
        "lowest",
    }


async def test_demo_home_entry_is_one_the_flows_would_make(hass: HomeAssistant) -> None:
    """The entry scripts/develop pre-seeds has every option, all of them valid."""
    entries = json.loads(DEMO_CONFIG_ENTRIES.read_text(encoding="utf-8"))["data"][
        "entries"
    ]
    (entry,) = [entry for entry in entries if entry["domain"] == DOMAIN]
    assert entry["unique_id"] == DOMAIN
    assert entry["title"] == TITLE
    options = entry["options"]
    assert DEFAULT_OPTIONS.keys() <= options.keys()
    for key in (CONF_PRICE_ENTITY, CONF_QUIET_HOURS_SCHEDULE):
        hass.states.async_set(options[key], "0")
    settings_only = {key: options[key] for key in SETTINGS_KEYS & options.keys()}
    cleaned, errors = validate_settings(hass, settings_only)
    assert errors == {}
    assert cleaned == settings_only


MORNING: dict[str, Any] = {
    "name": "Morning",
    "intent": "turn on the kitchen lights",
    "time": "07:00:00",
    "weekdays": ["mon", "fri"],
}
BEDTIME: dict[str, Any] = {
    "name": "Bedtime",
    "intent": "turn off the bed light",
    "time": "22:30:00",
    "weekdays": [],
}


async def open_routines(
    hass: HomeAssistant, entry: MockConfigEntry
) -> ConfigFlowResult:
    """Open the options flow at the routines entry of the menu."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "routines"}
    )


def with_routines(
    hass: HomeAssistant, entry: MockConfigEntry, *routines: dict[str, Any]
) -> None:
    """Store ``routines`` in the entry's options."""
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_ROUTINES: list(routines)}
    )


async def test_first_routine_is_added_at_once(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """With no routines yet the add form comes first; saving keeps every other option."""
    before = dict(entry.options)
    result = await open_routines(hass, entry)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "routine_add"
    assert result["errors"] == {}
    weekdays = field_selector(result["data_schema"], "weekdays")
    assert weekdays.config["options"] == list(WEEKDAYS)
    assert weekdays.config["translation_key"] == "weekday"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "name": " Morning ",
            "intent": "turn on the kitchen lights",
            "time": "07:00",
            "weekdays": ["fri", "mon"],
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {**before, CONF_ROUTINES: [MORNING]}


@pytest.mark.parametrize(
    ("routine", "errors"),
    [
        pytest.param({"name": "  "}, {"name": "routine_name_empty"}, id="no-name"),
        pytest.param({"name": "bedtime"}, {"name": "routine_name_taken"}, id="taken"),
        pytest.param({"intent": " "}, {"intent": "routine_intent_empty"}, id="intent"),
        pytest.param({"time": "25:61"}, {"time": "routine_time_invalid"}, id="time"),
    ],
)
async def test_invalid_routine_is_refused_on_its_field(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    routine: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """A routine that cannot run is refused with the error on its field, then fixed."""
    with_routines(hass, entry, BEDTIME)
    result = await open_routines(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"add": True}
    )
    assert result["step_id"] == "routine_add"
    entered = {**MORNING, **routine}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], entered
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    # The form shows what was entered.
    for key in ("name", "intent", "time"):
        assert field_default(result["data_schema"], key) == entered[key]
    assert entry.options[CONF_ROUTINES] == [BEDTIME]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], MORNING
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_ROUTINES] == [BEDTIME, MORNING]


async def test_routines_are_listed_and_removed(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The step lists the routines; the ones picked are removed, the others kept."""
    with_routines(hass, entry, MORNING, BEDTIME)
    before = dict(entry.options)
    result = await open_routines(hass, entry)
    assert result["step_id"] == "routines"
    assert field_selector(result["data_schema"], "remove").config["options"] == [
        "Morning",
        "Bedtime",
    ]
    assert result["description_placeholders"] == {
        "routines": "- **Morning**, 07:00:00: turn on the kitchen lights (mon, fri)\n"
        "- **Bedtime**, 22:30:00: turn off the bed light"
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"remove": ["Morning"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {**before, CONF_ROUTINES: [BEDTIME]}


async def test_removed_name_can_be_added_again(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Remove a routine and add one of the same name in one go: it is replaced."""
    with_routines(hass, entry, MORNING, BEDTIME)
    result = await open_routines(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"remove": ["Morning"], "add": True}
    )
    assert result["step_id"] == "routine_add"
    # Nothing is saved before the new routine is.
    assert entry.options[CONF_ROUTINES] == [MORNING, BEDTIME]
    later = {**MORNING, "time": "08:00:00", "weekdays": ["sat", "sun"]}
    result = await hass.config_entries.options.async_configure(result["flow_id"], later)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_ROUTINES] == [BEDTIME, later]


async def test_routine_weekdays_must_be_offered_ones(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A weekday that is not offered never reaches the step."""
    result = await open_routines(hass, entry)
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {**MORNING, "weekdays": ["monday"]}
        )


async def test_suggestion_options_are_saved_and_read_back(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Each suggestions form stores its options flat; the typed options read them."""
    hass.config.currency = "EUR"
    result = await open_section(hass, entry, "suggestions_price_peak")
    saving = field_selector(result["data_schema"], "insights_price_peak_min_saving")
    assert saving.config["unit_of_measurement"] == "EUR"
    minutes = field_selector(
        (await open_section(hass, entry, "suggestions_window_open"))["data_schema"],
        "insights_window_open_minutes",
    )
    assert minutes.config["unit_of_measurement"] == "min"

    for changes in (
        {"insights_window_open_minutes": 25, "insights_window_open_enabled": False},
        {"insights_price_peak_min_saving": 0.5, "insights_price_peak_ratio": 2},
        {"insights_delivery_per_rule": 1, "insights_delivery_snooze_minutes": 30},
        {"insights_excluded_entities": ["light.aquarium"]},
    ):
        result = await submit(hass, entry, **changes)
        assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["added_by_a_later_version"] == 42
    insights = Options.from_entry(entry).insights
    assert insights.window_open.minutes == 25
    assert insights.window_open.enabled is False
    assert insights.price_peak.min_saving == 0.5
    assert insights.price_peak.ratio == 2.0
    assert insights.delivery.per_rule == 1
    assert insights.delivery.snooze_minutes == 30
    assert insights.excluded_entity_ids == {"light.aquarium"}
    assert insights.enabled is True
    assert type(entry.options["insights_window_open_minutes"]) is int

    # Left empty, the exclusions are gone.
    result = await submit(hass, entry, insights_excluded_entities=None)
    assert "insights_excluded_entities" not in entry.options
    assert Options.from_entry(entry).insights.excluded_entity_ids == frozenset()


async def test_history_needed_cannot_exceed_history_compared(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """More days of history needed than compared against is refused on its field."""
    result = await submit(
        hass,
        entry,
        insights_unusual_consumption_min_days=10,
        insights_unusual_consumption_baseline_days=7,
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {
        "insights_unusual_consumption_min_days": "min_days_over_baseline"
    }
    assert "insights_unusual_consumption_min_days" not in entry.options
