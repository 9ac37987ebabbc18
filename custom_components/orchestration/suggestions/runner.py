"""The recommender at work in the home: when it looks, what it sees, what it does.

A pass runs the rules of ``core.insights`` over the live home: the snapshot, the
deferrable loads (running or waiting as the home shows them, or scheduled by plans)
and the home's own history. Passes run when an entity a rule reads changes (a few
seconds later, so a burst of changes makes one pass), every five minutes, and when
quiet hours end with deliveries waiting. In a pass, what ended expires, what is newly
offered becomes a plan through the engine (waiting for a person to accept it), and
what is due is notified; the memory is saved with the plans.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING, Final

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HassJob,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_time_interval,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.insights.devices import OPENING_SENSOR_CLASSES, WASTEFUL_DOMAINS
from ..core.insights.loads import combine_loads, loads_from_plans, loads_in_snapshot
from ..core.insights.memory import InsightMemory
from ..core.insights.observation import DeferrableLoad, LoadStatus, Observation
from ..core.insights.options import RULE_GROUPS, InsightOptions
from ..core.insights.recommender import (
    privacy_of,
    recommend,
    recommendation,
    run_pass,
)
from ..core.insights.suggestion import EndKind
from ..core.models import ContextSnapshot
from .history import StatisticsHistory

if TYPE_CHECKING:
    from ..context import ContextPuller
    from ..engine import OrchestrationEngine
    from ..runtime import OrchestrationConfigEntry

_LOGGER = logging.getLogger(__name__)

PASS_INTERVAL: Final = timedelta(minutes=5)
# A burst of state changes (everyone leaving, a scene) makes one pass.
DEBOUNCE_S: Final = 10.0

# Entities whose state (not only attributes) changing may start or end a situation.
_WATCHED_DOMAINS: Final = WASTEFUL_DOMAINS | {"person", "zone", "cover"}
_WATCHED_SENSOR_CLASSES: Final = OPENING_SENSOR_CLASSES | {
    "occupancy",
    "presence",
    "motion",
}


class SuggestionRunner:
    """Runs the recommender's passes and hands their outcome to the engine."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OrchestrationConfigEntry,
        engine: OrchestrationEngine,
        context: ContextPuller,
        options: InsightOptions,
    ) -> None:
        """Look at the home through ``context``; offer through ``engine``."""
        self._hass = hass
        self._entry = entry
        self._engine = engine
        self._context = context
        self._options = options
        self._history = StatisticsHistory(hass)
        self._lock = asyncio.Lock()
        # Entities no domain or device class names: loads, their status sensors,
        # what offers are about, the grid sensor while a surplus is on offer.
        self._watched: frozenset[str] = frozenset()
        self._debouncer: Debouncer[object] | None = None
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._delivery: CALLBACK_TYPE | None = None

    @callback
    def async_start(self) -> None:
        """Look now (once Home Assistant has started) and whenever something changes."""
        self._debouncer = Debouncer(
            self._hass,
            _LOGGER,
            cooldown=DEBOUNCE_S,
            immediate=False,
            function=self._async_pass,
        )
        self._unsubscribers = [
            self._hass.bus.async_listen(
                EVENT_STATE_CHANGED, self._on_state_changed, event_filter=self._watches
            ),
            async_track_time_interval(
                self._hass,
                self._on_due,
                PASS_INTERVAL,
                name=f"{DOMAIN} suggestions",
                cancel_on_shutdown=True,
            ),
            async_at_started(self._hass, self._async_first_pass),
        ]

    async def async_stop(self) -> None:
        """Stop looking; a pass under way finishes first."""
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers = []
        self.async_cancel_timers()
        async with self._lock:
            pass

    @callback
    def async_cancel_timers(self) -> None:
        """Drop the pending debounced and delivery passes (Home Assistant stops)."""
        if self._debouncer is not None:
            self._debouncer.async_cancel()
        self._cancel_delivery()

    # --- When to look ------------------------------------------------------------

    @callback
    def _watches(self, data: EventStateChangedData) -> bool:
        """Whether a state change may start or end what a rule looks at."""
        entity_id = data["entity_id"]
        if entity_id in self._watched:
            return True
        old, new = data["old_state"], data["new_state"]
        if old is None or new is None:
            return False
        domain = new.domain
        if domain == "climate":
            # Heating or idle shows in attributes too (hvac_action, set points).
            return True
        if old.state == new.state:
            return False
        if domain == "binary_sensor":
            return new.attributes.get("device_class") in _WATCHED_SENSOR_CLASSES
        return domain in _WATCHED_DOMAINS

    @callback
    def _on_state_changed(self, _: Event[EventStateChangedData]) -> None:
        if self._debouncer is not None:
            self._debouncer.async_schedule_call()

    @callback
    def _on_due(self, _: datetime) -> None:
        self._entry.async_create_background_task(
            self._hass, self._async_pass(), f"{DOMAIN} suggestions pass"
        )

    async def _async_first_pass(self, _: HomeAssistant) -> None:
        await self._async_pass()

    @callback
    def _arm_delivery(self, when: datetime | None, now: datetime) -> None:
        """Look again when deferred deliveries fall due (quiet hours end)."""
        self._cancel_delivery()
        if when is None or when <= now:
            return

        @callback
        def due(moment: datetime) -> None:
            self._delivery = None
            self._on_due(moment)

        self._delivery = async_track_point_in_utc_time(
            self._hass,
            HassJob(due, f"{DOMAIN} suggestion delivery", cancel_on_shutdown=True),
            when,
        )

    @callback
    def _cancel_delivery(self) -> None:
        if self._delivery is not None:
            self._delivery()
            self._delivery = None

    # --- A pass ------------------------------------------------------------------

    async def _async_pass(self) -> None:
        async with self._lock:
            await self._async_look()

    async def _async_look(self) -> None:
        hass = self._hass
        engine = self._engine
        options = self._options
        memory = engine.suggestion_memory
        now = dt_util.utcnow()
        snapshot = self._context.async_snapshot(now)
        self._end_turned_off(memory)
        loads = combine_loads(
            loads_in_snapshot(snapshot), loads_from_plans(engine.plans, now)
        )
        await self._history.async_refresh_energy(
            self._context.energy_statistic_ids, now
        )
        grid = self._context.grid_power_entity_id
        if grid is not None and _may_run_on_surplus(snapshot, loads, options):
            await self._history.async_refresh_grid(grid, now)
        observation = Observation(
            snapshot=snapshot,
            now=now,
            loads=loads,
            history=self._history.history,
            language=hass.config.language,
        )
        candidates = await hass.async_add_executor_job(recommend, observation, options)
        result = run_pass(memory, observation, options, candidates)
        for closed in result.ended:
            engine.end_suggestion(closed)
        for suggestion in result.offered:
            suggestion.task.privacy_class = privacy_of(suggestion, snapshot)
            await engine.async_offer(
                suggestion,
                recommendation(suggestion, observation.language, snapshot.time_zone),
            )
        for offered in result.deliver:
            await engine.async_deliver(offered, now)
        engine.plans.save()
        self._watched = self._watch_list(snapshot, loads, memory)
        self._arm_delivery(memory.next_delivery(now, snapshot.quiet_hours), now)

    def _end_turned_off(self, memory: InsightMemory) -> None:
        """End the offers of rules that are turned off now (or all of them)."""
        options = self._options
        for key, offered in list(memory.active.items()):
            rule = offered.suggestion.rule
            if options.enabled and rule in RULE_GROUPS and options.rule(rule).enabled:
                continue
            if (closed := memory.withdraw(key)) is not None:
                self._engine.end_suggestion(closed)

    def _watch_list(
        self,
        snapshot: ContextSnapshot,
        loads: list[DeferrableLoad],
        memory: InsightMemory,
    ) -> frozenset[str]:
        """Entities to look again for, besides those of the watched kinds."""
        appliance_devices = {
            entity.device_id
            for entity in snapshot.entities.values()
            if entity.appliance is not None and entity.device_id is not None
        }
        watched = {
            entity.entity_id
            for entity in snapshot.entities.values()
            if entity.appliance is not None
            or (
                entity.device_id in appliance_devices
                and entity.domain == "sensor"
                and entity.device_class != "power"
            )
        }
        watched.update(load.entity_id for load in loads)
        for offered in memory.active.values():
            watched.update(offered.suggestion.targets)
            surplus = any(
                condition.kind is EndKind.SURPLUS_GONE
                for condition in offered.suggestion.ends_when
            )
            if surplus and (grid := self._context.grid_power_entity_id) is not None:
                watched.add(grid)
        return frozenset(watched)


def _may_run_on_surplus(
    snapshot: ContextSnapshot,
    loads: list[DeferrableLoad],
    options: InsightOptions,
) -> bool:
    """Whether the grid history could matter: power flows out and a load waits."""
    return (
        options.enabled
        and options.cheap_window.enabled
        and snapshot.grid_power_w is not None
        and snapshot.grid_power_w < 0
        and any(load.status is LoadStatus.WAITING for load in loads)
    )
