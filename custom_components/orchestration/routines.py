"""Scheduled routines: the user's routines of the options, planned at their time."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from .core.models import Origin, TriggerType
from .core.routine_spec import InvalidRoutineError, Routine, parse_routine
from .engine import OrchestrationEngine
from .request import PlanRequest

_LOGGER = logging.getLogger(__name__)


class RoutineScheduler:
    """Plans each routine of the options at its time on its weekdays."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        engine: OrchestrationEngine,
        routines: Sequence[Mapping[str, Any]],
    ) -> None:
        """Schedule ``routines`` (as the options store them) with ``engine``."""
        self._hass = hass
        self._entry = entry
        self._engine = engine
        self._routines = routines

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Arm a timer per routine; return what disarms them all."""
        disarms: list[CALLBACK_TYPE] = []
        for raw in self._routines:
            try:
                routine = parse_routine(raw)
            except InvalidRoutineError as err:
                _LOGGER.warning("Routine %s is skipped: %s", raw.get("name"), err)
                continue
            disarms.append(
                async_track_time_change(
                    self._hass,
                    self._fire(routine),
                    hour=routine.at.hour,
                    minute=routine.at.minute,
                    second=routine.at.second,
                )
            )

        @callback
        def disarm() -> None:
            for disarm_one in disarms:
                disarm_one()

        return disarm

    def _fire(self, routine: Routine) -> Callable[[datetime], None]:
        @callback
        def fire(_: datetime) -> None:
            if routine.runs_on(dt_util.now().date()):
                self._entry.async_create_task(
                    self._hass, self._async_plan(routine), f"routine {routine.name}"
                )

        return fire

    async def _async_plan(self, routine: Routine) -> None:
        """Plan the routine; a routine that cannot be planned is logged, not raised."""
        try:
            await self._engine.async_create_plan(
                PlanRequest.from_fields(
                    {
                        "intent": routine.intent,
                        "trigger_type": TriggerType.SCHEDULED_ROUTINE,
                    },
                    user_id=None,
                    origin=Origin.SCHEDULED_ROUTINE,
                )
            )
        except HomeAssistantError as err:
            _LOGGER.warning("Routine %s could not be planned: %s", routine.name, err)
