"""Quiet hours as absolute time windows, from a daily start/end pair or a weekly schedule.

Pure: nothing here imports Home Assistant. Times of day are local to the home; windows
come out UTC-aware, so a window that wraps midnight or spans a daylight-saving change
lasts exactly as long as the clock on the wall says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
import logging
from typing import Any, Final

from ..models import QuietHours, TimeWindow

_LOGGER = logging.getLogger(__name__)

WEEKDAYS: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# How far ahead windows are listed: enough for a plan scheduled until tomorrow night.
DEFAULT_HORIZON_DAYS: Final = 2

# States of override entities that mean "keep quiet": a DND input_boolean or focus
# binary sensor ("on"), the Android companion app's DND sensor modes.
OVERRIDE_ACTIVE_STATES: Final = frozenset(
    {"on", "true", "priority_only", "total_silence", "alarms_only"}
)


def parse_time_of_day(value: Any) -> time | None:
    """``HH:MM`` or ``HH:MM:SS`` (or a time) as a time; ``24:00`` is the end of day."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in ("24:00", "24:00:00"):
        return time.max
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def _local(day: date, moment: time, time_zone: tzinfo) -> datetime:
    """A local wall-clock time on ``day``, UTC; ``time.max`` means the next midnight."""
    if moment == time.max:
        return datetime.combine(day + timedelta(days=1), time(), time_zone).astimezone(
            UTC
        )
    return datetime.combine(day, moment, time_zone).astimezone(UTC)


def _merge(windows: Iterable[TimeWindow]) -> list[TimeWindow]:
    """Sorted windows with touching or overlapping ones joined."""
    merged: list[TimeWindow] = []
    for window in sorted(windows, key=lambda item: item.start):
        if merged and window.start <= merged[-1].end:
            if window.end > merged[-1].end:
                merged[-1] = TimeWindow(start=merged[-1].start, end=window.end)
            continue
        merged.append(window)
    return merged


def _days(now: datetime, time_zone: tzinfo, horizon_days: int) -> list[date]:
    """Local dates from yesterday (its window may still run) to the horizon."""
    today = now.astimezone(time_zone).date()
    return [today + timedelta(days=offset) for offset in range(-1, horizon_days + 1)]


def daily_windows(
    start: time,
    end: time,
    *,
    now: datetime,
    time_zone: tzinfo,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[TimeWindow]:
    """Windows of a daily quiet period still to end, e.g. 22:00-07:00 wrapping midnight.

    A period whose start equals its end is empty, not a whole day.
    """
    if start == end:
        return []
    windows = []
    for day in _days(now, time_zone, horizon_days):
        window_start = _local(day, start, time_zone)
        end_day = day if end > start else day + timedelta(days=1)
        window_end = _local(end_day, end, time_zone)
        windows.append(TimeWindow(start=window_start, end=window_end))
    return [window for window in _merge(windows) if window.end > now]


def weekly_windows(
    schedule: Mapping[str, Any],
    *,
    now: datetime,
    time_zone: tzinfo,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[TimeWindow]:
    """Windows of a ``schedule`` helper's week still to end.

    ``schedule`` is what ``schedule.get_schedule`` returns for one entity:
    ``{"monday": [{"from": "22:00:00", "to": "24:00:00"}], ...}``. Blocks running into
    the next day (``to`` 24:00, then 00:00 the next day) are joined into one window.
    Unreadable blocks are skipped with a warning.
    """
    windows = []
    skipped = 0
    for day in _days(now, time_zone, horizon_days):
        blocks = schedule.get(WEEKDAYS[day.weekday()]) or []
        if isinstance(blocks, str) or not isinstance(blocks, Sequence):
            skipped += 1
            continue
        for block in blocks:
            start = end = None
            if isinstance(block, Mapping):
                start = parse_time_of_day(block.get("from"))
                end = parse_time_of_day(block.get("to"))
            if start is None or end is None or end <= start:
                skipped += 1
                continue
            windows.append(
                TimeWindow(
                    start=_local(day, start, time_zone), end=_local(day, end, time_zone)
                )
            )
    if skipped:
        _LOGGER.warning("Skipped %d unreadable quiet-hours schedule blocks", skipped)
    return [window for window in _merge(windows) if window.end > now]


def override_active(state: str | None) -> bool:
    """Whether an override entity's state asks for quiet (DND on, a focus mode)."""
    return state is not None and state.lower() in OVERRIDE_ACTIVE_STATES


def quiet_hours(
    windows: Sequence[TimeWindow],
    *,
    now: datetime,
    override_states: Mapping[str, str | None] | None = None,
) -> QuietHours:
    """Quiet hours at ``now``: the windows, and whether quiet is in force.

    Quiet is in force inside a window, or whenever an override entity asks for it;
    ``override_entity_ids`` lists the overrides that do.
    """
    overriding = sorted(
        entity_id
        for entity_id, state in (override_states or {}).items()
        if override_active(state)
    )
    active = bool(overriding) or any(window.contains(now) for window in windows)
    return QuietHours(
        windows=list(windows),
        active=active,
        override_entity_ids=overriding,
        configured_overrides=sorted(override_states or {}),
    )


def in_force(quiet: QuietHours, moment: datetime) -> bool:
    """Whether quiet is in force at ``moment``, which may be later than the snapshot.

    An override asks for quiet whenever it is on; otherwise a window holds it. Without
    any windows, what the snapshot said stands.
    """
    if quiet.override_entity_ids:
        return True
    if quiet.windows:
        return any(window.contains(moment) for window in quiet.windows)
    return quiet.active


def quiet_until(quiet: QuietHours, moment: datetime) -> datetime | None:
    """When the quiet window holding ``moment`` ends (None: not quiet, or an override).

    An override has no known end: it lasts until its entity changes.
    """
    if quiet.override_entity_ids:
        return None
    for window in quiet.windows:
        if window.contains(moment):
            return window.end
    return None
