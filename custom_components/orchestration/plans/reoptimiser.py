"""Rolling re-optimisation: scheduled loads follow the home as it changes.

As EMHASS and Predbat do for their schedules, a scheduled plan with timed loads
(appliances, preconditioning) is planned again when what it was planned against
changes:

* **prices**: a price list is published or revised (a known slot's price changes, or
  new slots appear);
* **presence**: someone comes home or everyone leaves, an area becomes occupied or
  empty;
* **power**: the headroom under the power limit changes (a device starts or stops
  drawing power, another plan's load is scheduled, moved or dropped, the limit).

Changes are gathered for ``REOPTIMISE_DELAY`` before anything is planned, so a burst
of them costs one round. A round plans each waiting plan's stored task again
(``OrchestrationEngine.async_reoptimise``), highest priority first; the planner keeps
the old times unless moving is worth it (``core.planning.reoptimise``). A plan whose
first load starts within ``FROZEN_BEFORE_START`` is left alone, and so is every plan
that has started: a load that runs is never moved. Nothing happens with replanning
turned off in the options.
"""

from __future__ import annotations

from collections.abc import Coroutine, Hashable
from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.debounce import Debouncer
from homeassistant.util import dt as dt_util

from ..core.energy.headroom import planned_draws, running_draws
from ..core.models import ContextSnapshot, PlanRecord, PlanStatus, StepKind
from ..core.planning.reoptimise import Trigger

if TYPE_CHECKING:
    from ..context import ContextPuller
    from ..engine import OrchestrationEngine
    from ..options import Options

_LOGGER = logging.getLogger(__name__)

#: How long changes are gathered before a round of re-optimisation.
REOPTIMISE_DELAY: Final = timedelta(seconds=60)
#: A plan whose first load starts sooner than this is not moved any more.
FROZEN_BEFORE_START: Final = timedelta(minutes=5)
#: When several things changed, the one a plan's move is put down to.
_ORDER: Final = (Trigger.POWER, Trigger.PRESENCE, Trigger.PRICES)

type Signatures = dict[Trigger, Hashable]


def first_timed_load(record: PlanRecord) -> datetime | None:
    """When the plan's first timed load (an energy-drawing step) starts."""
    return min(
        (
            step.not_before
            for step in record.plan.steps
            if step.kind is StepKind.ACTION
            and step.energy_kwh > 0
            and step.not_before is not None
        ),
        default=None,
    )


def _price_map(snapshot: ContextSnapshot) -> dict[tuple[datetime, datetime], float]:
    tariff = snapshot.tariff
    if tariff is None:
        return {}
    return {(slot.start, slot.end): slot.price for slot in tariff.slots}


def prices_changed(
    before: dict[tuple[datetime, datetime], float],
    after: dict[tuple[datetime, datetime], float],
    now: datetime,
) -> bool:
    """Whether a price still to come was revised, or prices were published."""
    for span, price in after.items():
        if span[1] <= now:
            continue
        if span not in before or abs(before[span] - price) > 1e-9:
            return True
    return False


def _presence(snapshot: ContextSnapshot) -> Hashable:
    occupancy = snapshot.occupancy
    return (
        occupancy.anyone_home,
        frozenset(area for area, seen in occupancy.areas.items() if seen.occupied),
    )


def _power(snapshot: ContextSnapshot, active: list[PlanRecord]) -> Hashable:
    """What draws power, and when, as far as the headroom goes (not the watts)."""
    now = snapshot.now
    running = frozenset(
        (draw.source, draw.kind, draw.end is None)
        for draw in running_draws(snapshot.entities.values(), now)
    )
    planned = frozenset(
        (draw.plan_id, draw.source, draw.start, draw.end)
        for record in active
        if record.status in (PlanStatus.SCHEDULED, PlanStatus.RUNNING)
        for draw in planned_draws(record.plan_id, record.plan.steps, now)
    )
    return (snapshot.power_limit_w, running, planned)


class Reoptimiser:
    """Watches prices, presence and power headroom; re-plans scheduled loads."""

    def __init__(
        self,
        hass: HomeAssistant,
        engine: OrchestrationEngine,
        context: ContextPuller,
        options: Options,
    ) -> None:
        """Re-plan ``engine``'s plans as ``context`` reads the home."""
        self._hass = hass
        self._engine = engine
        self._context = context
        self._options = options
        self._prices: dict[tuple[datetime, datetime], float] = {}
        self._signatures: Signatures = {}
        self._waiting = False
        self._debouncer: Debouncer[Coroutine[Any, Any, None]] = Debouncer(
            hass,
            _LOGGER,
            cooldown=REOPTIMISE_DELAY.total_seconds(),
            immediate=False,
            function=self._async_round,
        )

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Start watching; return what stops it."""
        if not self._options.enable_replanning:
            return lambda: None
        self._remember(self._context.async_snapshot(dt_util.utcnow()))
        self._waiting = bool(self._candidates(dt_util.utcnow()))
        unsubscribers = [
            self._hass.bus.async_listen(EVENT_STATE_CHANGED, self._async_state_changed),
            self._context.async_add_price_listener(self._async_changed),
            self._engine.async_add_listener(self._async_plan_changed),
        ]

        @callback
        def stop() -> None:
            for unsubscribe in unsubscribers:
                unsubscribe()
            self._debouncer.async_shutdown()

        return stop

    # --- what sets a round off ------------------------------------------------------

    @callback
    def _async_state_changed(self, _: Event[EventStateChangedData]) -> None:
        """Any state may change prices, presence or power: only counts with loads."""
        if self._waiting:
            self._debouncer.async_schedule_call()

    @callback
    def _async_changed(self) -> None:
        if self._waiting:
            self._debouncer.async_schedule_call()

    @callback
    def _async_plan_changed(self, _: PlanRecord) -> None:
        """A plan came or changed: other plans' headroom may have too."""
        self._waiting = bool(self._candidates(dt_util.utcnow()))
        if self._waiting:
            self._debouncer.async_schedule_call()

    # --- a round ----------------------------------------------------------------------

    def _candidates(self, now: datetime) -> list[PlanRecord]:
        """Scheduled plans whose timed loads have not started and are not about to."""
        found = []
        for record in self._engine.plans.active():
            if record.status is not PlanStatus.SCHEDULED:
                continue
            start = first_timed_load(record)
            if start is not None and start - now > FROZEN_BEFORE_START:
                found.append(record)
        return found

    def _remember(self, snapshot: ContextSnapshot) -> Signatures:
        """Keep what the home looks like now; return what it looked like before."""
        before = self._signatures
        self._prices = _price_map(snapshot)
        self._signatures = {
            Trigger.PRESENCE: _presence(snapshot),
            Trigger.POWER: _power(snapshot, self._engine.plans.active()),
        }
        return before

    async def _async_round(self) -> None:
        """Re-plan the waiting loads for what changed since the last round."""
        now = dt_util.utcnow()
        snapshot = self._context.async_snapshot(now)
        prices_before = self._prices
        before = self._remember(snapshot)
        changed = {
            trigger
            for trigger, signature in self._signatures.items()
            if before.get(trigger) != signature
        }
        if prices_changed(prices_before, self._prices, now):
            changed.add(Trigger.PRICES)
        trigger = next((item for item in _ORDER if item in changed), None)
        candidates = self._candidates(now)
        if trigger is None or not candidates:
            return
        _LOGGER.debug(
            "Re-optimising %d scheduled plan(s): %s changed",
            len(candidates),
            ", ".join(sorted(changed)),
        )
        for record in self._engine.by_priority(candidates):
            if record.status is PlanStatus.SCHEDULED:
                await self._engine.async_reoptimise(record.plan_id, trigger)
        # What this round moved is part of the home now, not a change to react to.
        self._remember(self._context.async_snapshot(dt_util.utcnow()))
