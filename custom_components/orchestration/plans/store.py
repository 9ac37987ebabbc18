"""The plan store: every plan in memory, kept in Home Assistant's storage.

One storage file (``orchestration.plans``) holds the plans and, beside them, the
parts other modules keep there under their own key (the consents, the metric
counters); a part added later is stored the same way, and a file written before it
existed loads with the part empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import threading
from typing import Any, Protocol

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.util.async_ import run_callback_threadsafe

from ..const import (
    MAX_FINISHED_PLANS,
    SIGNAL_PLANS_UPDATED,
    STORAGE_KEY,
    STORAGE_SAVE_DELAY_S,
    STORAGE_VERSION,
)
from ..core.lifecycle import ACTIVE, prune_finished
from ..core.models import PlanRecord, PlanStatus

type PlanListener = Callable[[PlanRecord], None]

PLANS_KEY = "plans"


class StoredPart(Protocol):
    """Something kept in the plans' storage file under its own key."""

    def load(self, data: Any) -> None:
        """Take the stored form (None when the file has none)."""

    def dump(self) -> Any:
        """Return the stored form (JSON-ready)."""


class PlanStore:
    """The plans by id; saves after every change and tells the listeners."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Keep plans for ``hass``; nothing is read until ``async_load``."""
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._plans: dict[str, PlanRecord] = {}
        self._parts: dict[str, StoredPart] = {}
        self._listeners: list[PlanListener] = []

    def add_part(self, key: str, part: StoredPart) -> None:
        """Keep ``part`` in the storage file under ``key`` (before loading)."""
        self._parts[key] = part

    async def async_load(self) -> None:
        """Read the plans and every part from storage."""
        stored = await self._store.async_load() or {}
        for item in stored.get(PLANS_KEY, []):
            record = PlanRecord.from_dict(item)
            self._plans[record.plan_id] = record
        for key, part in self._parts.items():
            part.load(stored.get(key))

    async def async_save(self) -> None:
        """Write everything now (on unload)."""
        await self._store.async_save(self.as_stored())

    @callback
    def save(self) -> None:
        """Write everything soon; changes close together are written once."""
        self._store.async_delay_save(self._stored_in_loop, STORAGE_SAVE_DELAY_S)

    def _stored_in_loop(self) -> dict[str, Any]:
        """``as_stored``, read in the event loop wherever the store asks for it.

        Home Assistant 2025.4 calls a delayed save's data function in a worker
        thread, while the loop may be changing the plans it reads (dictionary
        changed size during iteration); newer releases (2026.2) call it in the loop.
        """
        if threading.get_ident() == self._hass.loop_thread_id:
            return self.as_stored()
        return run_callback_threadsafe(self._hass.loop, self.as_stored).result()

    def as_stored(self) -> dict[str, Any]:
        """The stored form of the plans and the parts."""
        return {
            PLANS_KEY: [record.as_dict() for record in self._plans.values()],
            **{key: part.dump() for key, part in self._parts.items()},
        }

    # --- plans --------------------------------------------------------------------

    def get(self, plan_id: str) -> PlanRecord | None:
        """The plan with this id, if there is one."""
        return self._plans.get(plan_id)

    def __iter__(self) -> Iterator[PlanRecord]:
        """Every plan, in the order they were added."""
        return iter(list(self._plans.values()))

    def newest_first(self, status: PlanStatus | None = None) -> list[PlanRecord]:
        """Plans, newest first, optionally only those of one status."""
        records = [
            record
            for record in self._plans.values()
            if status is None or record.status is status
        ]
        return sorted(records, key=lambda record: record.created, reverse=True)

    def active(self, exclude: PlanRecord | None = None) -> list[PlanRecord]:
        """Plans that wait for approval, are scheduled or run (but ``exclude``)."""
        return [
            record
            for record in self._plans.values()
            if record.status in ACTIVE and record is not exclude
        ]

    @callback
    def add(self, record: PlanRecord) -> None:
        """Keep a new plan; ``changed`` then saves it and tells everyone."""
        self._plans[record.plan_id] = record

    @callback
    def changed(self, record: PlanRecord) -> None:
        """A plan changed: drop the oldest finished plans, save, tell everyone."""
        for plan_id in prune_finished(self._plans.values(), MAX_FINISHED_PLANS):
            del self._plans[plan_id]
        self.save()
        for listener in list(self._listeners):
            listener(record)
        async_dispatcher_send(self._hass, SIGNAL_PLANS_UPDATED)

    # --- listeners ----------------------------------------------------------------

    @callback
    def async_add_listener(self, listener: PlanListener) -> CALLBACK_TYPE:
        """Call ``listener`` after every plan creation and change."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    @property
    def listener_count(self) -> int:
        """How many listeners there are (a closed card leaves none behind)."""
        return len(self._listeners)
