"""Consumption far above the home's own history at the same time of day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.observation import (
    History,
    HourlyEnergy,
    PowerSample,
    energy_from_statistics,
    power_from_statistics,
)
from custom_components.orchestration.core.insights.options import (
    InsightOptions,
    UnusualConsumptionOptions,
)
from custom_components.orchestration.core.insights.rules import (
    unusual_consumption,
)
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import GoalType

from .home import T0, Home, at_utc, hourly_history

OPTIONS = InsightOptions()
METER = "sensor.freezer_energy"


def cellar() -> Home:
    home = Home()
    home.add(
        METER, "1234.5", "garage", name="Freezer", device_class="energy",
        device_id="freezer", unit="kWh",
    )  # fmt: skip
    home.prices([0.30] * 24)
    home.advance(10)
    return home


def history(usual: float = 0.1, **recent: float) -> History:
    """Fifteen days of ``usual`` kWh per hour up to 16:00; ``h1``… the last hours."""
    hours = {int(key[1:]): value for key, value in recent.items()}
    return hourly_history(METER, end=at_utc(16), days=15, usual=usual, recent=hours)


def suggest(home: Home, past: History, options: InsightOptions = OPTIONS) -> list:
    return unusual_consumption.evaluate(home.observe(history=past), options)


def test_four_times_the_usual_for_three_hours() -> None:
    home = cellar()
    (suggestion,) = suggest(home, history(h1=0.4, h2=0.4, h3=0.4))
    assert suggestion.key == f"unusual_consumption:{METER}"
    assert suggestion.figures == {
        "name": "Freezer",
        "kwh": 1.2,
        "usual_kwh": 0.3,
        "highest_kwh": 0.3,
        "ratio": 4.0,
        "days": 14,
        "start": "2026-01-12T13:00:00+00:00",
        "end": "2026-01-12T16:00:00+00:00",
        "extra_cost": 0.27,
        "currency": "EUR",
    }
    # Nothing to switch off safely: the plan reports the freezer's state.
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (GoalType.QUERY_STATE, [METER])
    ]
    assert suggestion.expires_at == at_utc(19)
    home.advance(hours=2, minutes=49)
    assert ended_by(suggestion, home.observe()) is None
    home.advance(1)
    assert ended_by(suggestion, home.observe()).kind is EndKind.TIME


@pytest.mark.parametrize(
    ("past", "why"),
    [
        (history(h1=0.4, h2=0.4, h3=0.4, h27=0.4, h26=0.4, h25=0.4), "seen before"),
        (history(h1=0.25, h2=0.25, h3=0.25), "less than 0.5 kWh more"),
        (history(usual=1.0, h1=1.5, h2=1.5, h3=1.5), "less than twice the usual"),
        (History(), "no history"),
    ],
)
def test_not_unusual(past: History, why: str) -> None:
    assert suggest(cellar(), past) == [], why


def test_not_without_enough_complete_history() -> None:
    home = cellar()
    full = history(h1=0.4, h2=0.4, h3=0.4)
    hours = list(full.energy[METER])
    missing_recent = [hour for hour in hours if hour.start != at_utc(14)]
    assert suggest(home, History({METER: missing_recent})) == []
    # Only the last six days: fewer than the seven needed.
    six_days = [hour for hour in hours if hour.start >= at_utc(13, day=6)]
    assert suggest(home, History({METER: six_days})) == []
    fewer = replace(OPTIONS, unusual_consumption=UnusualConsumptionOptions(min_days=6))
    assert len(suggest(home, History({METER: six_days}), fewer)) == 1


def test_the_same_devices_lights_are_switched_off() -> None:
    home = cellar()
    home.light("light.aquarium", "garage", "on", name="Aquarium", device_id="freezer")
    (suggestion,) = suggest(home, history(h1=0.4, h2=0.4, h3=0.4))
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (GoalType.TURN_OFF, ["light.aquarium"])
    ]
    assert [condition.kind for condition in suggestion.ends_when] == [
        EndKind.TIME,
        EndKind.SWITCHED_OFF,
    ]
    home.set("light.aquarium", "off")
    assert ended_by(suggestion, home.observe()).kind is EndKind.SWITCHED_OFF


def test_from_nothing_there_is_no_ratio_and_without_prices_no_cost() -> None:
    home = cellar()
    home.tariff = None
    (suggestion,) = suggest(home, history(usual=0.0, h1=0.3, h2=0.3, h3=0.3))
    assert "ratio" not in suggestion.figures
    assert "extra_cost" not in suggestion.figures
    assert suggestion.saving is None


def test_unknown_or_excluded_meters_are_ignored() -> None:
    home = cellar()
    past = history(h1=0.4, h2=0.4, h3=0.4)
    excluded = replace(OPTIONS, excluded_entity_ids=frozenset({METER}))
    assert suggest(home, past, excluded) == []
    del home.entities[METER]
    assert suggest(home, past) == []


def test_statistics_rows_become_history() -> None:
    """Rows as recorder.statistics_during_period returns them; bad rows skipped."""
    start = T0.timestamp()
    energy = energy_from_statistics(
        {
            METER: [
                {"start": start + 3600, "end": start + 7200, "change": 0.2},
                {"start": start, "end": start + 3600, "change": 0.1},
                {"start": start + 7200, "change": None},
                {"start": "2026-01-12T19:00:00+00:00", "change": 0.4},
                {"start": datetime(2026, 1, 12, 20, tzinfo=UTC), "change": 0.5},
                {"start": "2026-01-12T21:00:00", "change": 0.6},
                {"start": "yesterday", "change": 0.7},
                {"start": True, "change": 0.8},
                {"start": float("nan"), "change": 0.9},
                {"change": 1.0},
            ]
        }
    )
    assert energy == {
        METER: [
            HourlyEnergy(T0, 0.1),
            HourlyEnergy(T0 + timedelta(hours=1), 0.2),
            HourlyEnergy(at_utc(19), 0.4),
            HourlyEnergy(at_utc(20), 0.5),
        ]
    }
    power = power_from_statistics(
        [
            {"start": start + 300, "mean": -1500.0},
            {"start": start, "end": start + 300, "mean": -1200},
            {"start": start + 600, "mean": "much"},
        ]
    )
    assert power == [
        PowerSample(T0, T0 + timedelta(minutes=5), -1200.0),
        PowerSample(T0 + timedelta(minutes=5), T0 + timedelta(minutes=10), -1500.0),
    ]
