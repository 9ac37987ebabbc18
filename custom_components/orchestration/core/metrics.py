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


@dataclass(frozen=True, slots=True)
class Metrics(JsonModel):
    """The figures of SEED.md "Metrics and Monitoring", for sensors and responses.

    Rates are percentages; None where nothing has happened yet to take a rate of.
    """

    active_plans: int
    pending_approvals: int
    success_rate: float | None
    approval_rate: float | None
    privacy_score: float | None
    average_planning_time: float | None
    replans: int
    user_overrides: int
    total_executions: int
    failed_executions: int
    average_execution_time: float | None
    average_execution_cost: float | None
    plans_created: int


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def derive_metrics(counters: MetricCounters, records: Iterable[PlanRecord]) -> Metrics:
    """The figures now, from the counters and the plans there are."""
    statuses = [record.status for record in records]
    return Metrics(
        active_plans=sum(status in ACTIVE for status in statuses),
        pending_approvals=statuses.count(PlanStatus.PENDING_APPROVAL),
        success_rate=_percent(counters.completed, counters.executions),
        approval_rate=_percent(
            counters.approvals_granted, counters.approvals_requested
        ),
        privacy_score=_percent(counters.privacy_score_total, counters.executions),
        average_planning_time=_rounded(
            _ratio(counters.planning_time_total_ms, counters.plans_created), 3
        ),
        replans=counters.replans,
        user_overrides=counters.user_overrides,
        total_executions=counters.executions,
        failed_executions=counters.failed,
        average_execution_time=_rounded(
            _ratio(counters.execution_time_total_s, counters.executions), 3
        ),
        average_execution_cost=_rounded(
            _ratio(counters.execution_cost_total, counters.executions), 4
        ),
        plans_created=counters.plans_created,
    )
