"""Tests of quiet-hours windows: daily pairs, weekly schedules, DST and overrides."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
import logging
from zoneinfo import ZoneInfo

import pytest

from custom_components.orchestration.core.energy.quiet_hours import (
    daily_windows,
    in_force,
    override_active,
    parse_time_of_day,
    quiet_hours,
    quiet_until,
    weekly_windows,
)
from custom_components.orchestration.core.models import QuietHours, TimeWindow

BERLIN = ZoneInfo("Europe/Berlin")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00", time(22, 0)),
        ("07:30:15", time(7, 30, 15)),
        (" 06:00 ", time(6, 0)),
        ("24:00", time.max),
        ("24:00:00", time.max),
        (time(5, 0), time(5, 0)),
        ("25:00", None),
        ("late", None),
        (None, None),
        (2200, None),
    ],
)
def test_parse_time_of_day(text: object, expected: time | None) -> None:
    """Times of day parse from the option strings; junk does not."""
    assert parse_time_of_day(text) == expected


def test_daily_window_wrapping_midnight() -> None:
    """22:00-07:00 at 23:00: the running window first, then tonight's and tomorrow's."""
    now = local(2026, 11, 23, 23, 0)
    windows = daily_windows(time(22), time(7), now=now, time_zone=BERLIN)

    assert windows[0] == TimeWindow(local(2026, 11, 23, 22), local(2026, 11, 24, 7))
    assert windows[1] == TimeWindow(local(2026, 11, 24, 22), local(2026, 11, 25, 7))
    assert windows[-1].start == local(2026, 11, 25, 22)
    assert all(window.start.tzinfo is UTC for window in windows)


def test_daily_window_from_yesterday_still_running() -> None:
    """At 06:00 the window that began yesterday evening is still in force."""
    now = local(2026, 11, 24, 6, 0)
    windows = daily_windows(time(22), time(7), now=now, time_zone=BERLIN)
    result = quiet_hours(windows, now=now)

    assert windows[0] == TimeWindow(local(2026, 11, 23, 22), local(2026, 11, 24, 7))
    assert result.active
    assert not quiet_hours(windows, now=local(2026, 11, 24, 12)).active


def test_daily_window_same_day() -> None:
    """13:00-15:00 does not wrap; finished windows are dropped."""
    now = local(2026, 11, 23, 16, 0)
    windows = daily_windows(time(13), time(15), now=now, time_zone=BERLIN)
    assert windows[0] == TimeWindow(local(2026, 11, 24, 13), local(2026, 11, 24, 15))
    assert len(windows) == 2


def test_daily_window_empty_when_start_equals_end() -> None:
    """A zero-length period is no quiet period."""
    assert (
        daily_windows(time(7), time(7), now=local(2026, 1, 1, 0), time_zone=BERLIN)
        == []
    )


def test_daily_window_across_dst_change() -> None:
    """The night clocks go back lasts one hour longer in absolute time."""
    now = local(2026, 10, 24, 12, 0)
    windows = daily_windows(time(22), time(7), now=now, time_zone=BERLIN)
    night = windows[0]
    assert night.start == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    assert night.end - night.start == timedelta(hours=10)


def test_weekly_schedule_joins_blocks_across_midnight() -> None:
    """Monday 22:00-24:00 and Tuesday 00:00-06:30 are one window."""
    schedule = {
        "monday": [{"from": "22:00:00", "to": "24:00:00"}],
        "tuesday": [
            {"from": time(0), "to": time(6, 30)},
            {"from": "13:00:00", "to": "14:00:00"},
        ],
        "wednesday": [],
    }
    now = local(2026, 11, 23, 12, 0)  # a Monday
    windows = weekly_windows(schedule, now=now, time_zone=BERLIN)

    assert windows == [
        TimeWindow(local(2026, 11, 23, 22), local(2026, 11, 24, 6, 30)),
        TimeWindow(local(2026, 11, 24, 13), local(2026, 11, 24, 14)),
    ]


def test_weekly_schedule_skips_unreadable_blocks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bad blocks are skipped with a warning; the good ones remain."""
    schedule = {
        "monday": [
            {"from": "tea time", "to": "23:00"},
            {"from": "23:00", "to": "22:00"},
            "22:00-23:00",
            {"from": "20:00", "to": "21:00"},
        ],
        "tuesday": "always",
    }
    now = local(2026, 11, 23, 12, 0)
    with caplog.at_level(logging.WARNING):
        windows = weekly_windows(schedule, now=now, time_zone=BERLIN)
    assert windows == [TimeWindow(local(2026, 11, 23, 20), local(2026, 11, 23, 21))]
    assert "Skipped 4 unreadable quiet-hours schedule blocks" in caplog.text


@pytest.mark.parametrize(
    ("state", "active"),
    [
        ("on", True),
        ("priority_only", True),
        ("total_silence", True),
        ("alarms_only", True),
        ("off", False),
        ("unavailable", False),
        ("unknown", False),
        (None, False),
    ],
)
def test_override_states(state: str | None, active: bool) -> None:
    """DND booleans and phone DND modes keep quiet; off and unknown do not."""
    assert override_active(state) is active


def test_override_makes_quiet_outside_windows() -> None:
    """An active override forces quiet and is named; inactive ones are not listed."""
    now = local(2026, 11, 23, 12, 0)
    result = quiet_hours(
        [],
        now=now,
        override_states={
            "input_boolean.dnd": "on",
            "sensor.phone_do_not_disturb_sensor": "off",
        },
    )
    assert result.active
    assert result.override_entity_ids == ["input_boolean.dnd"]
    assert not quiet_hours([], now=now).active


def test_in_force_and_until_later_than_the_snapshot() -> None:
    """The windows decide at any later moment; an override holds without an end."""
    night = TimeWindow(local(2026, 1, 12, 22), local(2026, 1, 13, 7))
    quiet = QuietHours(windows=[night], active=False)
    evening = local(2026, 1, 12, 21, 59)
    assert not in_force(quiet, evening)
    assert quiet_until(quiet, evening) is None
    assert in_force(quiet, night.start)
    assert quiet_until(quiet, night.start) == night.end
    assert not in_force(quiet, night.end)
    dnd = QuietHours(
        windows=[night], active=True, override_entity_ids=["input_boolean.dnd"]
    )
    assert in_force(dnd, evening)
    assert quiet_until(dnd, night.start) is None
    # Without windows, what the snapshot said stands.
    assert in_force(QuietHours(active=True), evening)
    assert not in_force(QuietHours(), evening)
