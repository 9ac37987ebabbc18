"""The plan lifecycle refuses illegal transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.orchestration.core.lifecycle import (
    ACTIVE,
    FINISHED,
    IllegalTransitionError,
    can_transition,
    prune_finished,
    transition,
)
from custom_components.orchestration.core.models import PlanStatus

from .factories import make_record

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (PlanStatus.PENDING_APPROVAL, PlanStatus.SCHEDULED),
        (PlanStatus.PENDING_APPROVAL, PlanStatus.EXPIRED),
        (PlanStatus.SCHEDULED, PlanStatus.RUNNING),
        (PlanStatus.RUNNING, PlanStatus.COMPLETED),
        (PlanStatus.RUNNING, PlanStatus.FAILED),
        (PlanStatus.RUNNING, PlanStatus.SUPERSEDED),
        (None, PlanStatus.PREVIEW),
        (None, PlanStatus.INFEASIBLE),
    ],
)
def test_legal(old: PlanStatus | None, new: PlanStatus) -> None:
    assert can_transition(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (PlanStatus.COMPLETED, PlanStatus.RUNNING),
        (PlanStatus.PREVIEW, PlanStatus.RUNNING),
        (PlanStatus.REJECTED, PlanStatus.SCHEDULED),
        (PlanStatus.PENDING_APPROVAL, PlanStatus.COMPLETED),
        (PlanStatus.SCHEDULED, PlanStatus.COMPLETED),
        (PlanStatus.EXPIRED, PlanStatus.PENDING_APPROVAL),
        (None, PlanStatus.COMPLETED),
        (None, PlanStatus.SUPERSEDED),
    ],
)
def test_illegal(old: PlanStatus | None, new: PlanStatus) -> None:
    assert not can_transition(old, new)


def test_every_finished_status_is_terminal() -> None:
    for status in FINISHED:
        assert not any(can_transition(status, new) for new in PlanStatus)
    assert ACTIVE.isdisjoint(FINISHED)


def test_transition_records_history_and_refuses() -> None:
    record = make_record()
    change = transition(record, PlanStatus.RUNNING, NOW, "start")
    assert record.status is PlanStatus.RUNNING
    assert record.history[-1] == change
    assert change.old is PlanStatus.SCHEDULED
    with pytest.raises(IllegalTransitionError):
        transition(record, PlanStatus.PENDING_APPROVAL, NOW)
    assert record.status is PlanStatus.RUNNING
    assert len(record.history) == 2


def test_prune_keeps_newest_finished_and_all_active() -> None:
    records = []
    for index in range(5):
        record = make_record()
        record.plan_id = f"p{index}"
        record.created = NOW + timedelta(minutes=index)
        record.status = PlanStatus.COMPLETED if index != 2 else PlanStatus.SCHEDULED
        records.append(record)
    assert sorted(prune_finished(records, keep=2)) == ["p0", "p1"]
