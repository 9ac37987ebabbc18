"""What the engine counts: counters kept across restarts, and the figures from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.metrics import MetricCounters, Metrics, derive_metrics
from ..core.models import PlanRecord


class PlanMetrics:
    """The counters of every plan made and run; kept in the plan store's file."""

    def __init__(self) -> None:
        """Start from zero; the store loads the saved counters."""
        self._counters = MetricCounters()

    def load(self, data: Any) -> None:
        """Take the stored counters (none stored: zero)."""
        self._counters = MetricCounters.from_dict(data or {})

    def dump(self) -> dict[str, Any]:
        """Return the stored counters."""
        return self._counters.as_dict()

    def figures(self, records: Iterable[PlanRecord]) -> Metrics:
        """The figures now, with ``records`` the plans there are."""
        return derive_metrics(self._counters, records)

    def planned(self, record: PlanRecord) -> None:
        """A plan was made (previews too: they cost planning time as well)."""
        self._counters.record_planned(record.planning_time_ms)

    def ran(
        self, record: PlanRecord, *, success: bool, duration_s: float, cost: float
    ) -> None:
        """A run of ``record`` ended."""
        self._counters.record_execution(
            success=success,
            duration_s=duration_s,
            cost=cost,
            privacy_score=record.plan.privacy_score,
        )

    def approval_requested(self) -> None:
        """A plan was put before the approval gate."""
        self._counters.approvals_requested += 1

    def approval_granted(self) -> None:
        """A plan was approved."""
        self._counters.approvals_granted += 1

    def replanned(self) -> None:
        """A plan was replaced by a replan."""
        self._counters.replans += 1

    def user_override(self) -> None:
        """Someone else changed a device of a running plan."""
        self._counters.user_overrides += 1
