"""Scheduling deferrable loads (dishwasher, washer, EV charger…) against price slots.

One load (:func:`cheapest_start`) is solved exactly: the cost of a run of length ``d``
started at ``s`` is ``power * (P(s + d) - P(s))`` with ``P`` the running integral of
the piecewise-constant price, so it is piecewise linear in ``s`` and its minimum over
the allowed starts lies where ``s`` or ``s + d`` meets a slot boundary, or at an end of
an allowed interval. Every such candidate is evaluated; the cheapest (earliest on ties)
is the optimum.

Several loads under a power cap (:func:`schedule_loads`) are non-preemptive
scheduling with a resource limit, NP-hard in general. All times are put on a grid of
``g`` minutes (the greatest common divisor of slot boundaries, durations and window
ends, at least one minute; earliest starts are rounded up, latest ends down, forbidden
windows outwards). With all data on the grid an optimal schedule exists with every
start on the grid (within a fixed order of events the constraints are difference
constraints with grid-multiple bounds, whose vertices are on the grid), so a
branch and bound over grid starts that finishes proves optimality. When the node or
time budget runs out, the best schedule found is returned with the lower bound
``sum of each load's own optimum`` (the cap relaxed): the cost is at most
``cost - lower_bound`` above the optimum.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from math import gcd
import time
from typing import TYPE_CHECKING, Final

from ..models import PriceSlot, TimeWindow

if TYPE_CHECKING:
    from collections.abc import Sequence

_EPSILON: Final = 1e-9
_MINUTE: Final = 60


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


class PriceCurve:
    """Piecewise-constant price over the covered parts of time, with its integral."""

    def __init__(self, slots: Sequence[PriceSlot]) -> None:
        """Index the slots (sorted, non-overlapping) for integrals by bisection."""
        ordered = sorted(slots, key=lambda slot: slot.start)
        self.starts = [_seconds(slot.start) for slot in ordered]
        self.ends = [_seconds(slot.end) for slot in ordered]
        self.prices = [slot.price for slot in ordered]
        self.cumulative = [0.0]
        for start, end, price in zip(self.starts, self.ends, self.prices, strict=True):
            self.cumulative.append(self.cumulative[-1] + price * (end - start) / 3600)

    def covered(self) -> list[tuple[float, float]]:
        """Maximal spans of time that have a price, as (start, end) seconds."""
        spans: list[tuple[float, float]] = []
        for start, end in zip(self.starts, self.ends, strict=True):
            if spans and abs(spans[-1][1] - start) <= _EPSILON:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def _integral_to(self, moment: float) -> float:
        """Price-hours from the first slot's start to ``moment`` (inside coverage)."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        within = min(moment, self.ends[index]) - self.starts[index]
        return self.cumulative[index] + self.prices[index] * within / 3600

    def energy_cost(self, start: float, end: float, power_kw: float) -> float:
        """Cost of drawing ``power_kw`` from ``start`` to ``end`` (seconds)."""
        return power_kw * (self._integral_to(end) - self._integral_to(start))

    def last_end(self) -> datetime | None:
        """When the last priced slot ends (None without prices)."""
        return _moment(max(self.ends)) if self.ends else None

    def boundaries(self) -> list[float]:
        """Every slot start and end, in order."""
        return sorted({*self.starts, *self.ends})


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """When one load runs and what it costs."""

    start: datetime
    end: datetime
    cost: float
    energy_kwh: float
    average_price: float
    cost_at_earliest: float | None = None

    @property
    def saving(self) -> float | None:
        """How much cheaper than starting as early as allowed (None if not allowed)."""
        if self.cost_at_earliest is None:
            return None
        return self.cost_at_earliest - self.cost


def _allowed_starts(
    curve: PriceCurve,
    duration_s: float,
    earliest: float,
    latest_end: float,
    forbidden: Sequence[TimeWindow],
) -> list[tuple[float, float]]:
    """Return the start intervals whose run is priced, in range and not forbidden."""
    intervals: list[tuple[float, float]] = []
    for span_start, span_end in curve.covered():
        low = max(span_start, earliest)
        high = min(span_end, latest_end) - duration_s
        if high >= low - _EPSILON:
            intervals.append((low, max(low, high)))
    for window in forbidden:
        # A run [s, s + d) overlaps [a, b) exactly when a - d < s < b.
        cut_low = _seconds(window.start) - duration_s
        cut_high = _seconds(window.end)
        kept: list[tuple[float, float]] = []
        for low, high in intervals:
            if high <= cut_low or low >= cut_high:
                kept.append((low, high))
                continue
            if low <= cut_low:
                kept.append((low, cut_low))
            if high >= cut_high:
                kept.append((cut_high, high))
        intervals = kept
    return intervals


def first_allowed_start(
    *,
    duration: timedelta,
    earliest: datetime,
    latest_end: datetime,
    forbidden: Sequence[TimeWindow] = (),
) -> datetime | None:
    """Return the soonest start of a run that avoids ``forbidden``, prices or not."""
    start = earliest
    for window in sorted(forbidden, key=lambda item: item.start):
        if window.overlaps(start, start + duration):
            start = max(start, window.end)
    return start if start + duration <= latest_end else None


def cheapest_start(
    slots: Sequence[PriceSlot],
    *,
    duration: timedelta,
    power_kw: float,
    earliest: datetime,
    latest_end: datetime,
    forbidden: Sequence[TimeWindow] = (),
) -> ScheduleResult | None:
    """Return the exact cheapest run of one load, or None when no start is allowed.

    The run must lie inside priced time, start at or after ``earliest``, end by
    ``latest_end`` and overlap no ``forbidden`` window. Ties go to the earliest start.
    """
    curve = PriceCurve(slots)
    duration_s = duration.total_seconds()
    start_s = _seconds(earliest)
    intervals = _allowed_starts(
        curve, duration_s, start_s, _seconds(latest_end), forbidden
    )
    if not intervals:
        return None
    boundaries = curve.boundaries()
    best: tuple[float, float] | None = None
    for low, high in intervals:
        candidates = {low, high}
        for boundary in boundaries:
            for candidate in (boundary, boundary - duration_s):
                if low <= candidate <= high:
                    candidates.add(candidate)
        for candidate in sorted(candidates):
            cost = curve.energy_cost(candidate, candidate + duration_s, power_kw)
            if best is None or cost < best[1] - _EPSILON:
                best = (candidate, cost)
    if best is None:  # pragma: no cover - every interval holds its own low end
        return None
    at_earliest = None
    if any(abs(low - start_s) <= _EPSILON for low, _ in intervals):
        at_earliest = curve.energy_cost(start_s, start_s + duration_s, power_kw)
    return _result(best[0], duration_s, power_kw, best[1], at_earliest)


def _result(
    start: float,
    duration_s: float,
    power_kw: float,
    cost: float,
    at_earliest: float | None,
) -> ScheduleResult:
    energy = power_kw * duration_s / 3600
    return ScheduleResult(
        start=_moment(start),
        end=_moment(start + duration_s),
        cost=cost,
        energy_kwh=energy,
        average_price=cost / energy if energy > 0 else 0.0,
        cost_at_earliest=at_earliest,
    )


# --- Several loads under a power cap ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Load:
    """A deferrable load: run ``duration`` at ``power_kw`` inside its window."""

    key: str
    duration: timedelta
    power_kw: float
    earliest: datetime
    latest_end: datetime
    forbidden: tuple[TimeWindow, ...] = ()


@dataclass(slots=True)
class MultiSchedule:
    """Where each load runs; ``cost - lower_bound`` bounds the distance to optimal."""

    results: dict[str, ScheduleResult]
    cost: float
    lower_bound: float
    optimal: bool
    unplaced: list[str] = field(default_factory=list)
    grid_minutes: int = 1
    nodes: int = 0

    @property
    def gap(self) -> float:
        """Most the cost can exceed the optimum by (0 when optimal)."""
        return 0.0 if self.optimal else max(0.0, self.cost - self.lower_bound)


@dataclass(slots=True)
class _Candidates:
    """A load's allowed grid starts, cheapest first, with costs and grid cells."""

    load: Load
    starts: list[int]
    costs: list[float]
    cells: int
    best: float


def _grid_minutes(curve: PriceCurve, loads: Sequence[Load], origin: float) -> int:
    step = 0
    values = [*curve.boundaries()]
    for load in loads:
        values += [_seconds(load.earliest), _seconds(load.latest_end)]
        values += [_seconds(w.start) for w in load.forbidden]
        values += [_seconds(w.end) for w in load.forbidden]
    for value in values:
        step = gcd(step, round(value - origin) // _MINUTE)
    for load in loads:
        step = gcd(step, round(load.duration.total_seconds()) // _MINUTE)
    return max(step, 1)


def _candidates(
    curve: PriceCurve, load: Load, origin: float, grid_s: int
) -> _Candidates | None:
    duration_s = load.duration.total_seconds()
    cells = max(1, -(-round(duration_s) // grid_s))
    forbidden = tuple(
        TimeWindow(
            _moment(origin + ((_seconds(w.start) - origin) // grid_s) * grid_s),
            _moment(origin - ((origin - _seconds(w.end)) // grid_s) * grid_s),
        )
        for w in load.forbidden
    )
    earliest = origin - ((origin - _seconds(load.earliest)) // grid_s) * grid_s
    latest_end = origin + ((_seconds(load.latest_end) - origin) // grid_s) * grid_s
    intervals = _allowed_starts(curve, cells * grid_s, earliest, latest_end, forbidden)
    starts: list[int] = []
    for low, high in intervals:
        first = int(-(-(low - origin) // grid_s))
        last = int((high - origin) // grid_s)
        starts.extend(range(first, last + 1))
    if not starts:
        return None
    costs = {
        index: curve.energy_cost(
            origin + index * grid_s,
            origin + index * grid_s + duration_s,
            load.power_kw,
        )
        for index in starts
    }
    # Rounded so that float noise does not beat an earlier start of equal cost.
    ordered = sorted(set(starts), key=lambda index: (round(costs[index], 12), index))
    return _Candidates(
        load=load,
        starts=ordered,
        costs=[costs[index] for index in ordered],
        cells=cells,
        best=costs[ordered[0]],
    )


def _background_cells(
    background: Sequence[tuple[datetime, datetime | None, float]],
    origin: float,
    grid_s: int,
    last_cell: int,
) -> dict[int, float]:
    """Power already drawn per grid cell; a draw counts in every cell it touches."""
    cells: dict[int, float] = {}
    for start, end, power_kw in background:
        first = max(0, int((_seconds(start) - origin) // grid_s))
        stop = last_cell if end is None else int(-(-(_seconds(end) - origin) // grid_s))
        for cell in range(first, min(stop, last_cell)):
            cells[cell] = cells.get(cell, 0.0) + power_kw
    return cells


def schedule_loads(
    loads: Sequence[Load],
    slots: Sequence[PriceSlot],
    *,
    power_limit_kw: float | None,
    max_nodes: int = 200_000,
    deadline: float | None = None,
    background: Sequence[tuple[datetime, datetime | None, float]] = (),
) -> MultiSchedule:
    """Place several loads so their total cost is least and their power stays in cap.

    ``deadline`` is a ``time.perf_counter()`` value. ``background`` is power drawn
    anyway, as (start, end or None for no end, kW): it counts against the cap in
    every grid cell it touches (so the optimum is exact for background on the grid,
    and safe otherwise). Returns the optimum (``optimal``) when the search finishes,
    else the best schedule found with a proven lower bound. Loads that fit nowhere (no
    allowed start, or more power than the cap) are listed in ``unplaced``.
    """
    curve = PriceCurve(slots)
    origin = min(curve.starts) if curve.starts else 0.0
    grid = _grid_minutes(curve, loads, origin)
    grid_s = grid * _MINUTE
    cap = float("inf") if power_limit_kw is None else power_limit_kw
    unplaced: list[str] = []
    options: list[_Candidates] = []
    for load in loads:
        found = _candidates(curve, load, origin, grid_s)
        if found is None or load.power_kw > cap + _EPSILON:
            unplaced.append(load.key)
        else:
            options.append(found)
    options.sort(key=lambda item: (-item.load.power_kw, item.load.key))
    last_cell = max((max(item.starts) + item.cells for item in options), default=0)
    drawn = _background_cells(background, origin, grid_s, last_cell)
    lower_bound = sum(item.best for item in options)
    # remaining[i]: the least the loads from i on can cost together (cap relaxed).
    remaining = [0.0] * (len(options) + 1)
    for index in range(len(options) - 1, -1, -1):
        remaining[index] = remaining[index + 1] + options[index].best
    profile: dict[int, float] = dict(drawn)
    chosen: list[int] = []
    best_cost = float("inf")
    best_starts: list[int] | None = None
    nodes = 0
    exhausted = True

    def fits(item: _Candidates, start: int) -> bool:
        power = item.load.power_kw
        return all(
            profile.get(cell, 0.0) + power <= cap + _EPSILON
            for cell in range(start, start + item.cells)
        )

    def place(item: _Candidates, start: int, sign: float) -> None:
        for cell in range(start, start + item.cells):
            profile[cell] = profile.get(cell, 0.0) + sign * item.load.power_kw

    def search(depth: int, cost: float) -> None:
        nonlocal best_cost, best_starts, nodes, exhausted
        if depth == len(options):
            if cost < best_cost - _EPSILON:
                best_cost, best_starts = cost, list(chosen)
            return
        item = options[depth]
        for start, start_cost in zip(item.starts, item.costs, strict=True):
            if cost + start_cost + remaining[depth + 1] >= best_cost - _EPSILON:
                break  # candidates are cheapest first: none further can do better
            nodes += 1
            if nodes > max_nodes or (
                deadline is not None
                and nodes % 256 == 0
                and time.perf_counter() > deadline
            ):
                exhausted = False
                return
            if not fits(item, start):
                continue
            place(item, start, 1.0)
            chosen.append(start)
            search(depth + 1, cost + start_cost)
            chosen.pop()
            place(item, start, -1.0)
            if not exhausted:
                return

    # A greedy schedule first: each load at its cheapest start that still fits.
    greedy: list[int | None] = []
    for item in options:
        start = next((index for index in item.starts if fits(item, index)), None)
        greedy.append(start)
        if start is not None:
            place(item, start, 1.0)
    if None not in greedy:
        best_starts = [start for start in greedy if start is not None]
        best_cost = sum(
            item.costs[item.starts.index(start)]
            for item, start in zip(options, best_starts, strict=True)
        )
    profile = dict(drawn)
    search(0, 0.0)
    if best_starts is None:
        # Not all loads fit together: keep the greedy ones, report the rest.
        unplaced.extend(
            item.load.key
            for item, start in zip(options, greedy, strict=True)
            if start is None
        )
        kept = [
            (item, start)
            for item, start in zip(options, greedy, strict=True)
            if start is not None
        ]
        options = [item for item, _ in kept]
        best_starts = [start for _, start in kept]
        best_cost = sum(item.costs[item.starts.index(start)] for item, start in kept)
        lower_bound = sum(item.best for item in options)
        exhausted = False
    results: dict[str, ScheduleResult] = {}
    for item, start in zip(options, best_starts, strict=True):
        duration_s = item.load.duration.total_seconds()
        begin = origin + start * grid_s
        at_earliest = None
        earliest_index = min(item.starts)
        if abs(origin + earliest_index * grid_s - _seconds(item.load.earliest)) < 1:
            at_earliest = item.costs[item.starts.index(earliest_index)]
        results[item.load.key] = _result(
            begin,
            duration_s,
            item.load.power_kw,
            item.costs[item.starts.index(start)],
            at_earliest,
        )
    return MultiSchedule(
        results=results,
        cost=best_cost,
        lower_bound=best_cost if exhausted else lower_bound,
        optimal=exhausted,
        unplaced=sorted(unplaced),
        grid_minutes=grid,
        nodes=nodes,
    )
