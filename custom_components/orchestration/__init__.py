"""Orchestration: intents into safe, explainable execution plans run as scripts."""

from __future__ import annotations

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.typing import ConfigType

from .assist import async_setup_assist
from .card import async_setup_card
from .const import CONF_POWER_LIMIT_W, DOMAIN, FORMER_DEFAULT_POWER_LIMIT_W
from .context import ContextPuller
from .core.intake import IntentTranslator
from .engine import OrchestrationEngine
from .llm_api import async_setup_llm_api
from .options import DEFAULTS, Options
from .plans.reoptimiser import Reoptimiser
from .routines import RoutineScheduler
from .runtime import OrchestrationConfigEntry, OrchestrationRuntimeData
from .services import async_setup_services
from .suggestions.runner import SuggestionRunner
from .websocket import async_setup_websocket

PLATFORMS: list[Platform] = [Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

ISSUE_POWER_LIMIT_RAISED = "power_limit_raised"


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the services, the card's websocket API and the card itself.

    They look up the loaded entry when called.
    """
    async_setup_services(hass)
    async_setup_websocket(hass)
    await async_setup_card(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> bool:
    """Set up the engine for the config entry."""
    options = Options.from_entry(entry)
    context = ContextPuller(hass, options)
    engine = OrchestrationEngine(hass, entry, options, context, IntentTranslator())
    entry.async_on_unload(context.async_start())
    await engine.async_load()
    suggestions = SuggestionRunner(hass, entry, engine, context, options.insights)
    entry.runtime_data = OrchestrationRuntimeData(
        options=options, engine=engine, context=context, suggestions=suggestions
    )
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))

    @callback
    def _on_stop(_: Event) -> None:
        engine.async_cancel_timers()
        suggestions.async_cancel_timers()

    entry.async_on_unload(hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, _on_stop))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(await async_setup_assist(hass, entry))
    entry.async_on_unload(async_setup_llm_api(hass, entry))
    entry.async_on_unload(
        RoutineScheduler(hass, entry, engine, options.routines).async_start()
    )
    suggestions.async_start()
    entry.async_on_unload(Reoptimiser(hass, engine, context, options).async_start())
    return True


async def async_migrate_entry(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> bool:
    """Bring an entry of an earlier version up to date.

    1.1 to 1.2: the power limit became the home's supply. Every entry of 1.1 stored
    the former default, 3500 W (one circuit: no EV charger fits under it), whether or
    not its owner chose it; such an entry takes the new default and a repair issue
    says so, in case 3500 W was meant. Any other limit was chosen and stays.
    """
    if entry.version > 1:
        return False
    if entry.minor_version < 2:
        options = dict(entry.options)
        if options.get(CONF_POWER_LIMIT_W) == FORMER_DEFAULT_POWER_LIMIT_W:
            options[CONF_POWER_LIMIT_W] = DEFAULTS.power_limit_w
            ir.async_create_issue(
                hass,
                DOMAIN,
                ISSUE_POWER_LIMIT_RAISED,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_POWER_LIMIT_RAISED,
                translation_placeholders={
                    "old": f"{FORMER_DEFAULT_POWER_LIMIT_W:g}",
                    "new": f"{DEFAULTS.power_limit_w:g}",
                },
            )
        hass.config_entries.async_update_entry(entry, options=options, minor_version=2)
    return True


async def _async_options_updated(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> None:
    """Options changed: reload so every part sees the same options."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> bool:
    """Unload the entry: sensors first, then the suggestions, then the engine."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.suggestions.async_stop()
        await entry.runtime_data.engine.async_unload()
    return unloaded
