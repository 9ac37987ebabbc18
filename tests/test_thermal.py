"""Tests of the thermal estimate used for preconditioning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.orchestration.core.energy.thermal import (
    MIN_LEAD,
    UNKNOWN_LEAD,
    cheapest_precondition_start,
    estimate,
)
from custom_components.orchestration.core.models import PriceSlot

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_estimate() -> None:
    """Heating is slower than cooling; losses grow with the outdoor difference."""
    heat = estimate(18.0, 21.0, None)
    assert heat.heating
    assert heat.lead == timedelta(hours=3 / 1.5 * 1.15)
    cool = estimate(26.0, 24.0, 30.0)
    assert not cool.heating
    assert cool.rate_c_per_h == pytest.approx(2.0 * (1 - 0.06))
    assert estimate(20.9, 21.0, None).lead == MIN_LEAD
    assert estimate(21.0, 21.0, None).lead == timedelta(0)
    unknown = estimate(None, 21.0, 5.0)
    assert unknown.lead == UNKNOWN_LEAD
    assert not unknown.measured


def test_cheapest_precondition_start() -> None:
    """The cheapest start reaches the target by the deadline; impossible cases None."""
    slots = [
        PriceSlot(T0 + timedelta(hours=h), T0 + timedelta(hours=h + 1), p)
        for h, p in enumerate([0.5, 0.1, 0.5, 0.5])
    ]
    found = cheapest_precondition_start(
        slots,
        lead=timedelta(hours=1),
        power_kw=2.0,
        earliest=T0,
        deadline=T0 + timedelta(hours=4),
    )
    assert found is not None
    start, cost = found
    assert start == T0 + timedelta(hours=1)
    assert cost == pytest.approx(2.0 * 0.1 + 2.0 * 0.3 * (0.5 + 0.5))
    late = cheapest_precondition_start(
        slots,
        lead=timedelta(hours=5),
        power_kw=2.0,
        earliest=T0,
        deadline=T0 + timedelta(hours=4),
    )
    assert late is None
    unpriced = cheapest_precondition_start(
        slots,
        lead=timedelta(hours=1),
        power_kw=2.0,
        earliest=T0,
        deadline=T0 + timedelta(hours=6),
    )
    assert unpriced is None
