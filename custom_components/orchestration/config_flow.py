"""Config and options flow of the Orchestration integration.

One instance only. The options hold the OrchestrationConfig of SEED.md, the default
strategy and power limit, the approval timeout, the context sources of DESIGN §7, the
language model fallback, the priorities of plans on shared devices, the per-user trust
overrides and the user's scheduled routines; ``options`` reads them
and holds their defaults and ranges. The options flow is a menu with one
short form per group, each saving only its own options: Home Assistant 2025.4's
frontend does not show a field's error inside a form section, and every range error
must be seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
from typing import Any, Final

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TimeSelector,
)
import voluptuous as vol

from .const import (
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
from .core.insights.options import CONF_EXCLUDED_ENTITIES as CONF_INSIGHTS_EXCLUDED
from .core.models import Priority, Strategy, TrustTier
from .core.routine_spec import (
    CONF_INTENT,
    CONF_NAME,
    CONF_TIME,
    CONF_WEEKDAYS,
    WEEKDAYS,
    check_routine,
)
from .language_model import async_usable_agents
from .options import (
    BOOLEAN_OPTIONS,
    DEFAULT_OPTIONS,
    INSIGHT_BOOLEAN_OPTIONS,
    INSIGHT_GROUPS,
    INSIGHT_NUMBER_OPTIONS,
    NUMBER_OPTIONS,
    PRIORITY_OPTIONS,
    NumberOption,
    Options,
    stored_or_default,
)

SECTION_PLANNING: Final = "planning"
SECTION_BUDGETS: Final = "budgets"
SECTION_QUIET_HOURS: Final = "quiet_hours"
SECTION_CONTEXT: Final = "context"
SECTION_LANGUAGE_MODEL: Final = "language_model"
SECTION_PRIORITIES: Final = "priorities"
STEP_ROUTINES: Final = "routines"
STEP_TRUST: Final = "trust"
STEP_SUGGESTIONS: Final = "suggestions"

# Fields of the routines step: which routines to remove, and whether to add one.
CONF_REMOVE: Final = "remove"
CONF_ADD: Final = "add"

# The choice in the trust step that means "no override: the tier follows the user's role".
TRUST_DEFAULT: Final = "default"

PRICE_ENTITY_DOMAINS: Final = ["sensor", "event", "input_number"]
QUIET_HOURS_OVERRIDE_DOMAINS: Final = [
    "input_boolean",
    "binary_sensor",
    "switch",
    "sensor",
]
# The entity-targeted notify action needs an entity, not a service name: no target.
_NOT_NOTIFY_TARGETS: Final = frozenset({"send_message"})
_SERVICE_NAME = re.compile(r"^[a-z0-9_]+$")


def _number_selector(option: NumberOption, unit: str | None = None) -> NumberSelector:
    """Box selector whose bounds guide the frontend; the flow checks them itself.

    ``unit`` stands in for the option's own unit, e.g. the home's currency.
    """
    config = NumberSelectorConfig(
        min=option.bounds[0],
        max=option.bounds[1],
        step=option.step,
        mode=NumberSelectorMode.BOX,
    )
    if (unit := unit or option.unit) is not None:
        config["unit_of_measurement"] = unit
    return _BoundsHintNumberSelector(config)


class _FlowCheckedTimeSelector(TimeSelector):
    """A time selector that leaves the check of the time to the flow.

    Like ``_BoundsHintNumberSelector``: a bad time gets a translated error on its field
    instead of an untranslated schema error.
    """

    def __call__(self, data: Any) -> str:
        """Take the text as given; the flow checks it is a time."""
        return str(data)


class _FlowCheckedSelectSelector(SelectSelector):
    """A select whose choice the flow checks: the options may change meanwhile.

    An agent offered when the form opened may be gone when it is sent; the flow then
    says so on the field instead of failing on the schema.
    """

    def __call__(self, data: Any) -> str:
        """Take the choice as given; the flow checks it can be used."""
        return str(data)


class _BoundsHintNumberSelector(NumberSelector):
    """A number selector that leaves the range check to the flow.

    A plain NumberSelector rejects an out-of-range value while validating the schema,
    before the step runs, so the caller sees an untranslated schema error. The flow
    checks the bounds itself and shows a translated error on the field instead.
    """

    def __call__(self, data: Any) -> float:
        """Coerce to a number; the bounds are checked by the flow."""
        value: float = vol.Coerce(float)(data)
        return value


# Which options each group's form shows, in order; each group is one options step.
SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    SECTION_PLANNING: (
        CONF_DEFAULT_STRATEGY,
        CONF_MAX_PLANNING_TIME_MS,
        CONF_MAX_PLAN_ALTERNATIVES,
        CONF_ENABLE_PREVIEW_MODE,
        CONF_ENABLE_REPLANNING,
        CONF_APPROVAL_TIMEOUT_MIN,
        CONF_WAIT_TIMEOUT_H,
    ),
    SECTION_BUDGETS: (
        CONF_PRIVACY_FIRST,
        CONF_LOCAL_EXECUTION_PREFERENCE,
        CONF_COST_BUDGET_DEFAULT,
        CONF_LATENCY_BUDGET_DEFAULT_MS,
        CONF_POWER_LIMIT_W,
    ),
    SECTION_QUIET_HOURS: (
        CONF_QUIET_HOURS_SCHEDULE,
        CONF_QUIET_HOURS_START,
        CONF_QUIET_HOURS_END,
        CONF_QUIET_HOURS_OVERRIDES,
    ),
    SECTION_CONTEXT: (CONF_PRICE_ENTITY, CONF_GRID_POWER_ENTITY, CONF_NOTIFY_TARGETS),
    SECTION_LANGUAGE_MODEL: (CONF_LLM_FALLBACK, CONF_LLM_AGENT, CONF_LLM_TIMEOUT_S),
    SECTION_PRIORITIES: tuple(PRIORITY_OPTIONS),
}
# The suggestions' options (issue 16): a menu of their own, one form per group.
SUGGESTION_SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    f"{STEP_SUGGESTIONS}_{group}": keys for group, keys in INSIGHT_GROUPS.items()
}
ALL_SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    **SECTIONS,
    **SUGGESTION_SECTIONS,
}
SETTINGS_KEYS: Final = frozenset(key for keys in ALL_SECTIONS.values() for key in keys)
ALL_NUMBER_OPTIONS: Final[Mapping[str, NumberOption]] = {
    **NUMBER_OPTIONS,
    **INSIGHT_NUMBER_OPTIONS,
}
_BOOLEANS: Final = frozenset({*BOOLEAN_OPTIONS, *INSIGHT_BOOLEAN_OPTIONS})
# Options that always have a value; the others may be left empty.
REQUIRED_KEYS: Final = frozenset(
    {*ALL_NUMBER_OPTIONS, *_BOOLEANS, *PRIORITY_OPTIONS, CONF_DEFAULT_STRATEGY}
)
# The options menu: the settings groups, the suggestions, the routines and the users'
# trust tiers.
MENU_OPTIONS: Final = (*SECTIONS, STEP_SUGGESTIONS, STEP_ROUTINES, STEP_TRUST)
# Money amounts, shown in the home's currency.
_AMOUNTS: Final = frozenset(
    {
        CONF_COST_BUDGET_DEFAULT,
        "insights_price_peak_min_saving",
        "insights_cheap_window_min_saving",
    }
)
_MIN_DAYS: Final = "insights_unusual_consumption_min_days"
_BASELINE_DAYS: Final = "insights_unusual_consumption_baseline_days"

ROUTINE_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_INTENT): TextSelector(),
        vol.Required(CONF_TIME): _FlowCheckedTimeSelector(),
        vol.Optional(CONF_WEEKDAYS): SelectSelector(
            SelectSelectorConfig(
                options=list(WEEKDAYS),
                multiple=True,
                translation_key="weekday",
                mode=SelectSelectorMode.LIST,
            )
        ),
    }
)


def _field_selector(hass: HomeAssistant, key: str, current: Any) -> Any:
    """The selector the settings form shows for an option."""
    if key in _AMOUNTS:
        return _number_selector(ALL_NUMBER_OPTIONS[key], hass.config.currency)
    if key in ALL_NUMBER_OPTIONS:
        return _number_selector(ALL_NUMBER_OPTIONS[key])
    if key in _BOOLEANS:
        return BooleanSelector()
    if key == CONF_INSIGHTS_EXCLUDED:
        return EntitySelector(EntitySelectorConfig(multiple=True))
    if key == CONF_DEFAULT_STRATEGY:
        return SelectSelector(
            SelectSelectorConfig(
                options=[strategy.value for strategy in Strategy],
                translation_key="strategy",
                mode=SelectSelectorMode.DROPDOWN,
            )
        )
    if key in PRIORITY_OPTIONS:
        return SelectSelector(
            SelectSelectorConfig(
                options=[level.value for level in Priority][::-1],
                translation_key="priority",
                mode=SelectSelectorMode.DROPDOWN,
            )
        )
    if key == CONF_PRICE_ENTITY:
        return EntitySelector(EntitySelectorConfig(domain=PRICE_ENTITY_DOMAINS))
    if key == CONF_GRID_POWER_ENTITY:
        return EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class="power")
        )
    if key == CONF_QUIET_HOURS_SCHEDULE:
        return EntitySelector(EntitySelectorConfig(domain="schedule"))
    if key in (CONF_QUIET_HOURS_START, CONF_QUIET_HOURS_END):
        return TimeSelector()
    if key == CONF_QUIET_HOURS_OVERRIDES:
        return EntitySelector(
            EntitySelectorConfig(domain=QUIET_HOURS_OVERRIDE_DOMAINS, multiple=True)
        )
    if key == CONF_LLM_AGENT:
        # The agents that may be asked now; the stored one too, so the form shows it
        # (the flow says when it can no longer be used).
        agents = async_usable_agents(hass)
        choices = [
            SelectOptionDict(value=agent_id, label=f"{agent.name} ({agent_id})")
            for agent_id, agent in sorted(agents.items())
        ]
        if current and current not in agents:
            choices.append(SelectOptionDict(value=current, label=current))
        return _FlowCheckedSelectSelector(
            SelectSelectorConfig(options=choices, mode=SelectSelectorMode.DROPDOWN)
        )
    # CONF_NOTIFY_TARGETS: the notify services there are now, or any name typed in.
    services = set(hass.services.async_services_for_domain("notify"))
    services -= _NOT_NOTIFY_TARGETS
    return SelectSelector(
        SelectSelectorConfig(
            options=sorted(services | set(current or ())),
            multiple=True,
            custom_value=True,
            mode=SelectSelectorMode.DROPDOWN,
        )
    )


def _section_schema(
    hass: HomeAssistant, section_key: str, options: Mapping[str, Any]
) -> vol.Schema:
    """The form of one group of options, filled in with the current options."""
    fields: dict[vol.Marker, Any] = {}
    for key in ALL_SECTIONS[section_key]:
        current = stored_or_default(options, key)
        marker: vol.Marker
        if key in REQUIRED_KEYS:
            # Always has a value: the form starts from the current one.
            marker = vol.Required(key, default=current)
        else:
            # May be left empty: shown as a suggestion so it can be cleared.
            marker = vol.Optional(key, description={"suggested_value": current})
        fields[marker] = _field_selector(hass, key, current)
    return vol.Schema(fields)


def validate_settings(
    hass: HomeAssistant, settings: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check settings; return them as they are stored, and errors by field."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in settings.items():
        if key not in ALL_NUMBER_OPTIONS:
            cleaned[key] = value
        elif (checked := ALL_NUMBER_OPTIONS[key].check(value)) is None:
            errors[key] = f"invalid_{key}"
        else:
            cleaned[key] = checked
    if (
        _MIN_DAYS in cleaned
        and _BASELINE_DAYS in cleaned
        and cleaned[_MIN_DAYS] > cleaned[_BASELINE_DAYS]
    ):
        errors[_MIN_DAYS] = "min_days_over_baseline"

    for key in (CONF_PRICE_ENTITY, CONF_GRID_POWER_ENTITY, CONF_QUIET_HOURS_SCHEDULE):
        if (entity_id := cleaned.get(key)) and hass.states.get(entity_id) is None:
            errors[key] = "entity_not_found"

    start = cleaned.get(CONF_QUIET_HOURS_START)
    end = cleaned.get(CONF_QUIET_HOURS_END)
    if start and not end:
        errors[CONF_QUIET_HOURS_END] = "quiet_hours_incomplete"
    elif end and not start:
        errors[CONF_QUIET_HOURS_START] = "quiet_hours_incomplete"
    elif start and start == end:
        errors[CONF_QUIET_HOURS_END] = "quiet_hours_empty"
    if start and cleaned.get(CONF_QUIET_HOURS_SCHEDULE):
        errors[CONF_QUIET_HOURS_SCHEDULE] = "quiet_hours_conflict"

    if cleaned.get(CONF_LLM_FALLBACK):
        agent = cleaned.get(CONF_LLM_AGENT)
        if not agent:
            errors[CONF_LLM_AGENT] = "llm_agent_missing"
        elif agent not in async_usable_agents(hass):
            errors[CONF_LLM_AGENT] = "llm_agent_unusable"

    if CONF_NOTIFY_TARGETS in cleaned:
        targets = [
            target.removeprefix("notify.") for target in cleaned[CONF_NOTIFY_TARGETS]
        ]
        if not all(_SERVICE_NAME.match(target) for target in targets):
            errors[CONF_NOTIFY_TARGETS] = "invalid_notify_target"
        cleaned[CONF_NOTIFY_TARGETS] = list(dict.fromkeys(targets))
    return cleaned, errors


class OrchestrationConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up Orchestration: one instance, started with the default options."""

    VERSION = 1
    # 1.2: the power limit is the home's supply (entries of 1.1 stored 3500 W).
    MINOR_VERSION = 2

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm, then create the entry with the default options."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        if user_input is None:
            return self.async_show_form(step_id="user")
        return self.async_create_entry(
            title=TITLE, data={}, options=dict(DEFAULT_OPTIONS)
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OrchestrationOptionsFlow:
        """Options flow of the entry."""
        return OrchestrationOptionsFlow()


class OrchestrationOptionsFlow(OptionsFlow):
    """Change the settings, the routines, or the trust tier of Home Assistant's users."""

    def __init__(self) -> None:
        """Start with no users listed and no routines kept; their steps fill them in."""
        self._trust_fields: dict[str, str] = {}
        self._routines: list[dict[str, Any]] = []

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(step_id="init", menu_options=list(MENU_OPTIONS))

    async def async_step_planning(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Strategy, planning limits, previews, replanning, approval timeout."""
        return await self._async_step_section(SECTION_PLANNING, user_input)

    async def async_step_budgets(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Privacy preference and the default budgets."""
        return await self._async_step_section(SECTION_BUDGETS, user_input)

    async def async_step_quiet_hours(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Quiet hours: a schedule or a time pair, and override entities."""
        return await self._async_step_section(SECTION_QUIET_HOURS, user_input)

    async def async_step_context(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The price entity and the notify targets for approvals."""
        return await self._async_step_section(SECTION_CONTEXT, user_input)

    async def async_step_language_model(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The language model asked when a request is not understood (off by default)."""
        return await self._async_step_section(SECTION_LANGUAGE_MODEL, user_input)

    async def async_step_suggestions(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose which part of the suggestions to change."""
        return self.async_show_menu(
            step_id=STEP_SUGGESTIONS, menu_options=list(SUGGESTION_SECTIONS)
        )

    async def async_step_suggestions_general(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Suggestions on or off, and the entities they never touch."""
        return await self._async_step_section("suggestions_general", user_input)

    async def async_step_suggestions_away(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Devices left on after everyone left."""
        return await self._async_step_section("suggestions_away", user_input)

    async def async_step_suggestions_window_open(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A window open while its room is heated or cooled."""
        return await self._async_step_section("suggestions_window_open", user_input)

    async def async_step_suggestions_idle_area(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Lights or media on where nobody is."""
        return await self._async_step_section("suggestions_idle_area", user_input)

    async def async_step_suggestions_price_peak(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A load that runs into a price peak."""
        return await self._async_step_section("suggestions_price_peak", user_input)

    async def async_step_suggestions_cheap_window(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A waiting load and cheap power or solar surplus."""
        return await self._async_step_section("suggestions_cheap_window", user_input)

    async def async_step_suggestions_unusual_consumption(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Consumption far above the home's own history."""
        return await self._async_step_section(
            "suggestions_unusual_consumption", user_input
        )

    async def async_step_suggestions_delivery(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How often suggestions may be sent and how long answers count."""
        return await self._async_step_section("suggestions_delivery", user_input)

    async def async_step_priorities(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Who comes first when two plans want the same device at the same time."""
        return await self._async_step_section(SECTION_PRIORITIES, user_input)

    async def _async_step_section(
        self, section_key: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Show one group's form; store its options, keeping every other option."""
        keys = ALL_SECTIONS[section_key]
        errors: dict[str, str] = {}
        shown: Mapping[str, Any] = self.config_entry.options
        if user_input is not None:
            cleaned, errors = validate_settings(self.hass, user_input)
            if not errors:
                # A field left empty removes its option.
                return self._async_save(cleaned, replaced=keys)
            # Show the form again with what was entered, not the stored values.
            shown = {
                **{key: shown[key] for key in REQUIRED_KEYS & shown.keys()},
                **user_input,
            }
        return self.async_show_form(
            step_id=section_key,
            data_schema=_section_schema(self.hass, section_key, shown),
            errors=errors,
        )

    async def async_step_trust(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A trust tier per Home Assistant user, or the default of the user's role."""
        overrides = dict(Options.from_entry(self.config_entry).trust_overrides)
        if user_input is not None:
            for field, user_id in self._trust_fields.items():
                tier = user_input.get(field, TRUST_DEFAULT)
                if tier == TRUST_DEFAULT:
                    overrides.pop(user_id, None)
                else:
                    overrides[user_id] = tier
            return self._async_save({CONF_TRUST_OVERRIDES: overrides})

        users = [
            user
            for user in await self.hass.auth.async_get_users()
            if not user.system_generated
        ]
        if not users:
            return self.async_abort(reason="no_users")
        # The field names are the users' names, so the form labels them readably.
        self._trust_fields = {}
        for user in sorted(users, key=lambda user: (user.name or "", user.id)):
            name = user.name or user.id
            field, count = name, 1
            while field in self._trust_fields:
                count += 1
                field = f"{name} ({count})"
            self._trust_fields[field] = user.id
        tier_selector = SelectSelector(
            SelectSelectorConfig(
                options=[TRUST_DEFAULT, *(tier.value for tier in TrustTier)],
                translation_key="trust_tier",
                mode=SelectSelectorMode.DROPDOWN,
            )
        )
        schema = vol.Schema(
            {
                vol.Required(
                    field, default=overrides.get(user_id, TRUST_DEFAULT)
                ): tier_selector
                for field, user_id in self._trust_fields.items()
            }
        )
        return self.async_show_form(step_id=STEP_TRUST, data_schema=schema)

    async def async_step_routines(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The routines there are: remove some, add one. None yet: add one."""
        routines = [
            dict(routine) for routine in Options.from_entry(self.config_entry).routines
        ]
        if not routines:
            self._routines = []
            return await self.async_step_routine_add()
        if user_input is not None:
            removed = set(user_input.get(CONF_REMOVE, []))
            self._routines = [
                routine for routine in routines if routine.get(CONF_NAME) not in removed
            ]
            if user_input.get(CONF_ADD):
                return await self.async_step_routine_add()
            return self._async_save({CONF_ROUTINES: self._routines})

        schema = vol.Schema(
            {
                vol.Optional(CONF_REMOVE, default=[]): SelectSelector(
                    SelectSelectorConfig(
                        options=[str(routine.get(CONF_NAME)) for routine in routines],
                        multiple=True,
                        mode=SelectSelectorMode.LIST,
                    )
                ),
                vol.Required(CONF_ADD, default=False): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id=STEP_ROUTINES,
            data_schema=schema,
            description_placeholders={"routines": _routine_list(routines)},
        )

    async def async_step_routine_add(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A new routine: its name, what to plan, when, and on which weekdays."""
        errors: dict[str, str] = {}
        if user_input is not None:
            taken = [str(routine.get(CONF_NAME)) for routine in self._routines]
            routine, errors = check_routine(user_input, taken)
            if routine is not None:
                return self._async_save(
                    {CONF_ROUTINES: [*self._routines, routine.as_option()]}
                )
        return self.async_show_form(
            step_id="routine_add",
            data_schema=self.add_suggested_values_to_schema(
                ROUTINE_SCHEMA, user_input or {}
            ),
            errors=errors,
        )

    @callback
    def _async_save(
        self, values: Mapping[str, Any], replaced: Iterable[str] = ()
    ) -> ConfigFlowResult:
        """Store ``values`` and keep every other option.

        Options in ``replaced`` that ``values`` lacks are removed.
        """
        kept = {
            key: value
            for key, value in self.config_entry.options.items()
            if key not in replaced
        }
        return self.async_create_entry(data=kept | dict(values))


def _routine_list(routines: Iterable[Mapping[str, Any]]) -> str:
    """The routines as a Markdown list for the routines step's description."""
    lines = []
    for routine in routines:
        line = (
            f"- **{routine.get(CONF_NAME)}**, {routine.get(CONF_TIME)}: "
            f"{routine.get(CONF_INTENT)}"
        )
        if weekdays := routine.get(CONF_WEEKDAYS):
            line += f" ({', '.join(weekdays)})"
        lines.append(line)
    return "\n".join(lines)
