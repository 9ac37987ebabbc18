"""Plan metrics of SEED.md: counters that survive restarts, and the figures derived."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .lifecycle import ACTIVE
from .models import PlanRecord, PlanStatus
from .serialisation import JsonModel


@dataclass(slots=True)
class MetricCounters(JsonModel):
    """Running totals; persisted with the plans."""

    plans_created: int = 0
    planning_time_total_ms: float = 0.0
    executions: int = 0
    completed: int = 0
    failed: int = 0
    approvals_requested: int = 0
    approvals_granted: int = 0
    replans: int = 0
    user_overrides: int = 0
    execution_time_total_s: float = 0.0
    execution_cost_total: float = 0.0
    privacy_score_total: float = 0.0

    def record_planned(self, planning_time_ms: float) -> None:
        """Count a plan made (previews included: they cost planning time too)."""
        self.plans_created += 1
        self.planning_time_total_ms += planning_time_ms

    def record_execution(
        self, *, success: bool, duration_s: float, cost: float, privacy_score: float
    ) -> None:
        """Count a finished run of a plan."""
        self.executions += 1
        if success:
            self.completed += 1
        else:
            self.failed += 1
        self.execution_time_total_s += duration_s
        self.execution_cost_total += cost
        self.privacy_score_total += privacy_score


def _ratio(part: float, whole: float) -> float | None:
    return None if whole == 0 else part / whole


def _percent(part: float, whole: float) -> float | None:
    ratio = _ratio(part, whole)
    return None if ratio is None else round(100.0 * ratio, 1)


def derive_metrics(
    counters: MetricCounters, records: Iterable[PlanRecord]
) -> dict[str, float | int | None]:
    """Figures for the sensors and for ``get_plan``/``list_plans`` responses.

    Rates are percentages; None where nothing has happened yet to take a rate of.
    """
    statuses = [record.status for record in records]
    average_time = _ratio(counters.planning_time_total_ms, counters.plans_created)
    average_duration = _ratio(counters.execution_time_total_s, counters.executions)
    average_cost = _ratio(counters.execution_cost_total, counters.executions)
    privacy = _percent(counters.privacy_score_total, counters.executions)
    return {
        "active_plans": sum(status in ACTIVE for status in statuses),
        "pending_approvals": statuses.count(PlanStatus.PENDING_APPROVAL),
        "success_rate": _percent(counters.completed, counters.executions),
        "approval_rate": _percent(
            counters.approvals_granted, counters.approvals_requested
        ),
        "privacy_score": privacy,
        "average_planning_time": None
        if average_time is None
        else round(average_time, 3),
        "replans": counters.replans,
        "user_overrides": counters.user_overrides,
        "total_executions": counters.executions,
        "failed_executions": counters.failed,
        "average_execution_time": None
        if average_duration is None
        else round(average_duration, 3),
        "average_execution_cost": None
        if average_cost is None
        else round(average_cost, 4),
        "plans_created": counters.plans_created,
    }
