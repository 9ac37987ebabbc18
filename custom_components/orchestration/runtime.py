"""Typed runtime data of the config entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .context import ContextPuller
    from .engine import OrchestrationEngine
    from .options import Options
    from .suggestions.runner import SuggestionRunner


@dataclass(slots=True)
class OrchestrationRuntimeData:
    """What a loaded entry holds."""

    options: Options
    engine: OrchestrationEngine
    context: ContextPuller
    suggestions: SuggestionRunner


type OrchestrationConfigEntry = ConfigEntry[OrchestrationRuntimeData]
