"""A simple, documented thermal estimate for preconditioning an area.

The model (deliberately simple, so a person can check it):

* While the climate device runs at full power the room temperature moves linearly at
  ``HEAT_RATE_C_PER_H`` (heating) or ``COOL_RATE_C_PER_H`` (cooling).
* The further the target is from the outdoor temperature, the more heat leaks: the rate
  is reduced by ``|target - outdoor| * LOSS_PER_C`` (at most ``MAX_LOSS``).
* The lead time is ``|target - current| / rate`` plus ``MARGIN`` (15 %), at least
  ``MIN_LEAD`` when the room is not yet at target.
* Once at target, holding it takes ``HOLD_FRACTION`` of full power until the deadline.
* Comfort of a start: starting now is the most comfortable (1). A later start still
  reaches the target by the deadline (``WAITING_COMFORT``), but someone in the area
  (or, without presence sensors there, in the home) sits in the cold meanwhile: each
  ``COMFORT_DEGREE_HOURS`` of degrees short times hours waited takes the whole way
  down to ``LEAST_COMFORT``. Only the next ``COMFORT_HORIZON`` counts (who is there
  now says little about later). With nobody there, waiting costs no more comfort.

The cost of starting at ``s`` for a deadline ``D`` with lead ``l`` and power ``p`` is
``p * (I(s, s + l) + h * I(s + l, D))`` with ``I`` the price integral: piecewise linear
in ``s``, so the cheapest start is found exactly at the slot breakpoints, as for loads.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from .scheduling import PriceCurve

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import PriceSlot

HEAT_RATE_C_PER_H: Final = 1.5
COOL_RATE_C_PER_H: Final = 2.0
LOSS_PER_C: Final = 0.01
MAX_LOSS: Final = 0.5
MARGIN: Final = 0.15
MIN_LEAD: Final = timedelta(minutes=10)
HOLD_FRACTION: Final = 0.3
#: Lead assumed when the area's temperature is not measured.
UNKNOWN_LEAD: Final = timedelta(hours=1)
WAITING_COMFORT: Final = 0.98
LEAST_COMFORT: Final = 0.5
COMFORT_DEGREE_HOURS: Final = 16.0
COMFORT_HORIZON: Final = timedelta(hours=2)
#: Degrees short assumed when the area's temperature is not measured.
UNKNOWN_SHORTFALL_C: Final = 2.0


@dataclass(frozen=True, slots=True)
class ThermalEstimate:
    """How long bringing an area to its target takes."""

    lead: timedelta
    heating: bool
    delta_c: float
    rate_c_per_h: float
    measured: bool


def estimate(
    current: float | None, target: float, outdoor: float | None
) -> ThermalEstimate:
    """Estimate the lead time to move an area from ``current`` to ``target`` °C."""
    if current is None:
        return ThermalEstimate(UNKNOWN_LEAD, True, 0.0, HEAT_RATE_C_PER_H, False)
    heating = target >= current
    rate = HEAT_RATE_C_PER_H if heating else COOL_RATE_C_PER_H
    if outdoor is not None:
        rate *= 1 - min(MAX_LOSS, abs(target - outdoor) * LOSS_PER_C)
    delta = abs(target - current)
    if delta == 0:
        return ThermalEstimate(timedelta(0), heating, 0.0, rate, True)
    lead = timedelta(hours=delta / rate * (1 + MARGIN))
    return ThermalEstimate(max(lead, MIN_LEAD), heating, delta, rate, True)


def waiting_comfort(
    waited: timedelta, shortfall_c: float | None, *, someone_there: bool
) -> float:
    """How comfortable it is to start heating (or cooling) ``waited`` from now."""
    if waited <= timedelta(0):
        return 1.0
    if not someone_there:
        return WAITING_COMFORT
    short = UNKNOWN_SHORTFALL_C if shortfall_c is None else shortfall_c
    hours = min(waited, COMFORT_HORIZON).total_seconds() / 3600
    lost = short * hours / COMFORT_DEGREE_HOURS
    return max(
        LEAST_COMFORT, WAITING_COMFORT - lost * (WAITING_COMFORT - LEAST_COMFORT)
    )


def precondition_cost(
    curve: PriceCurve,
    start: datetime,
    lead: timedelta,
    deadline: datetime,
    power_kw: float,
) -> float:
    """Cost of heating from ``start`` for ``lead``, then holding until ``deadline``."""
    begin = start.timestamp()
    reached = (start + lead).timestamp()
    end = max(deadline.timestamp(), reached)
    return curve.energy_cost(begin, reached, power_kw) + curve.energy_cost(
        reached, end, power_kw * HOLD_FRACTION
    )


def cheapest_precondition_start(
    slots: Sequence[PriceSlot],
    *,
    lead: timedelta,
    power_kw: float,
    earliest: datetime,
    deadline: datetime,
) -> tuple[datetime, float] | None:
    """Return the cheapest start (and its cost) that reaches the target by ``deadline``.

    None when even starting at ``earliest`` is too late, or the prices do not cover
    the time from ``earliest`` to ``deadline``.
    """
    latest = deadline - lead
    if latest < earliest:
        return None
    curve = PriceCurve(slots)
    low, high = earliest.timestamp(), latest.timestamp()
    if not any(
        start <= low and deadline.timestamp() <= end for start, end in curve.covered()
    ):
        return None
    lead_s = lead.total_seconds()
    candidates = {low, high}
    for boundary in curve.boundaries():
        for candidate in (boundary, boundary - lead_s):
            if low <= candidate <= high:
                candidates.add(candidate)
    best: tuple[datetime, float] | None = None
    for candidate in sorted(candidates):
        start = earliest + timedelta(seconds=candidate - low)
        cost = precondition_cost(curve, start, lead, deadline, power_kw)
        if best is None or cost < best[1] - 1e-9:
            best = (start, cost)
    return best
