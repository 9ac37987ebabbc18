"""The recommender's memory, kept in the plan store's file (issue 16).

What is on offer, what was dismissed or snoozed, the log of offers for the rate
limits and the counts for the metrics (``core.insights.memory``). A suggestion's plan
is tied to its offer by plan id; only a plan that waits for approval and that nobody
has accepted yet is on offer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.insights.memory import InsightMemory
from ..core.models import PlanRecord, PlanStatus


class SuggestionMemory:
    """The recommender's memory as a part of the plan store."""

    def __init__(self) -> None:
        """Start empty; the store loads what was saved."""
        self.memory = InsightMemory()

    def load(self, data: Any) -> None:
        """Take the stored memory (none stored: an empty one)."""
        self.memory = InsightMemory.from_dict(data) if data else InsightMemory()

    def dump(self) -> dict[str, Any]:
        """Return the stored memory."""
        return self.memory.as_dict()

    def key_of(self, record: PlanRecord) -> str | None:
        """The key of the offer ``record`` is the plan of, while it is on offer."""
        if record.status is not PlanStatus.PENDING_APPROVAL or not record.is_suggestion:
            return None
        return self.memory.key_of_plan(record.plan_id)

    def moved(self, key: str, record: PlanRecord) -> None:
        """The offer's plan was replanned as ``record``: offer that, or nothing.

        The new plan is notified afresh (the old notification's buttons are dead).
        """
        if record.status is PlanStatus.PENDING_APPROVAL and record.is_suggestion:
            self.memory.attach_plan(key, record.plan_id)
            self.memory.active[key].delivered_at = None
        else:
            self.memory.withdraw(key)

    def reconcile(self, records: Iterable[PlanRecord]) -> list[PlanRecord]:
        """Tie offers and plans together again after loading both.

        An offer whose plan is gone or no longer waits is withdrawn (Home Assistant
        stopped between the two being saved). Return the suggestions' plans that no
        offer holds: they are no longer on offer.
        """
        waiting = {
            record.plan_id: record
            for record in records
            if record.status is PlanStatus.PENDING_APPROVAL and record.is_suggestion
        }
        for key, offered in list(self.memory.active.items()):
            if offered.plan_id not in waiting:
                self.memory.withdraw(key)
        held = {offered.plan_id for offered in self.memory.active.values()}
        return [record for plan_id, record in waiting.items() if plan_id not in held]
