"""The plan lifecycle as an explicit state machine (DESIGN §4 statuses)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .models import PlanRecord, PlanStatus, StatusChange

# Statuses a plan can start in, straight out of the pipeline.
INITIAL: frozenset[PlanStatus] = frozenset(
    {
        PlanStatus.PREVIEW,
        PlanStatus.PENDING_APPROVAL,
        PlanStatus.SCHEDULED,
        PlanStatus.RUNNING,
        PlanStatus.REJECTED,
        PlanStatus.INFEASIBLE,
    }
)

TRANSITIONS: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.PENDING_APPROVAL: frozenset(
        {
            PlanStatus.SCHEDULED,
            PlanStatus.RUNNING,
            PlanStatus.REJECTED,
            PlanStatus.EXPIRED,
            PlanStatus.CANCELLED,
            PlanStatus.SUPERSEDED,
        }
    ),
    PlanStatus.SCHEDULED: frozenset(
        {
            PlanStatus.RUNNING,
            PlanStatus.PENDING_APPROVAL,
            PlanStatus.CANCELLED,
            PlanStatus.EXPIRED,
            PlanStatus.SUPERSEDED,
            PlanStatus.FAILED,
        }
    ),
    PlanStatus.RUNNING: frozenset(
        {
            PlanStatus.COMPLETED,
            PlanStatus.FAILED,
            PlanStatus.CANCELLED,
            PlanStatus.SUPERSEDED,
        }
    ),
}

# Statuses from which nothing follows.
FINISHED: frozenset[PlanStatus] = frozenset(
    status for status in PlanStatus if status not in TRANSITIONS
)

# Statuses of plans that still hold on to devices or a time window.
ACTIVE: frozenset[PlanStatus] = frozenset(
    {PlanStatus.PENDING_APPROVAL, PlanStatus.SCHEDULED, PlanStatus.RUNNING}
)


class IllegalTransitionError(ValueError):
    """A status change the lifecycle does not allow."""

    def __init__(self, old: PlanStatus | None, new: PlanStatus) -> None:
        super().__init__(f"A plan cannot go from {old} to {new}")
        self.old = old
        self.new = new


def can_transition(old: PlanStatus | None, new: PlanStatus) -> bool:
    """Whether a plan may go from ``old`` (None: not yet created) to ``new``."""
    if old is None:
        return new in INITIAL
    return new in TRANSITIONS.get(old, frozenset())


def transition(
    record: PlanRecord, new: PlanStatus, at: datetime, reason: str = ""
) -> StatusChange:
    """Move ``record`` to ``new``, appending to its history; refuse illegal moves."""
    old = record.status
    if not can_transition(old, new):
        raise IllegalTransitionError(old, new)
    change = StatusChange(old=old, new=new, at=at, reason=reason)
    record.status = new
    record.history.append(change)
    return change


def prune_finished(records: Iterable[PlanRecord], keep: int) -> list[str]:
    """Ids of finished plans beyond the newest ``keep``, which may be dropped."""
    finished = sorted(
        (record for record in records if record.status in FINISHED),
        key=lambda record: record.created,
        reverse=True,
    )
    return [record.plan_id for record in finished[keep:]]
