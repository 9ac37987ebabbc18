"""Deferrable loads from the snapshot and from scheduled plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from custom_components.orchestration.core.insights.loads import (
    combine_loads,
    interruptible,
    loads_from_plans,
    loads_in_snapshot,
    run_of,
    startable,
    status_word,
)
from custom_components.orchestration.core.insights.observation import (
    DeferrableLoad,
    LoadStatus,
)
from custom_components.orchestration.core.models import PlanStatus

from ..factories import NOW, make_record
from .home import T0, Home, running, scheduled, waiting


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("BSH.Common.EnumType.OperationState.Ready", LoadStatus.WAITING),
        ("ready", LoadStatus.WAITING),
        ("programmed", LoadStatus.WAITING),
        ("waiting_to_start", LoadStatus.WAITING),
        ("Awaiting start", LoadStatus.WAITING),
        ("run", LoadStatus.RUNNING),
        ("in_use", LoadStatus.RUNNING),
        ("charging", LoadStatus.RUNNING),
        ("finished", None),
        ("off", None),
        ("delayedstart", None),
    ],
)
def test_status_words(state: str, status: LoadStatus | None) -> None:
    assert status_word(state) is status


def test_loads_in_the_snapshot() -> None:
    home = Home()
    home.appliance(
        "switch.dishwasher", "dishwasher", power_w=1800.0, device_id="dishwasher"
    )
    home.add(
        "sensor.dishwasher_operation_state", "ready", "kitchen",
        device_id="dishwasher", since=T0 - timedelta(minutes=40),
    )  # fmt: skip
    home.appliance("switch.wallbox", "wallbox", "garage", power_w=7400.0)
    home.update("switch.wallbox", measured_power_w=7200.0)
    home.appliance("switch.washer", "washer", power_w=2000.0)
    home.update("switch.washer", measured_power_w=3.0)  # standby
    home.light("light.kitchen", "kitchen", "on")
    assert loads_in_snapshot(home.snapshot()) == [
        waiting("switch.dishwasher", T0 - timedelta(minutes=40)),
        running("switch.wallbox", T0),
    ]
    # An unavailable status sensor says nothing; an unavailable appliance nothing.
    home.set("sensor.dishwasher_operation_state", "unavailable")
    home.set("switch.wallbox", "unavailable")
    assert loads_in_snapshot(home.snapshot()) == []


def test_loads_scheduled_by_plans() -> None:
    record = make_record()  # the dishwasher, scheduled six hours after NOW
    record.plan.steps[0].energy_kwh = 1.2
    (load,) = loads_from_plans([record], NOW)
    assert load == DeferrableLoad(
        "switch.dishwasher",
        LoadStatus.SCHEDULED,
        NOW,
        starts_at=NOW + timedelta(hours=6),
        duration=timedelta(hours=2),
        power_w=600.0,
        plan_id="01JD",
    )
    assert loads_from_plans([record], NOW + timedelta(hours=6)) == []
    record.status = PlanStatus.RUNNING
    assert loads_from_plans([record], NOW) == []


def test_running_beats_scheduled_beats_waiting() -> None:
    planned = scheduled("switch.a", T0, T0 + timedelta(hours=2), plan_id="p")
    ready = waiting("switch.a", T0)
    assert combine_loads([ready], [planned]) == [planned]
    started = running("switch.a", T0 + timedelta(hours=2))
    assert combine_loads([planned, started], [waiting("switch.b", T0)]) == [
        started,
        waiting("switch.b", T0),
    ]


def test_a_run_as_the_planner_will_cost_it() -> None:
    home = Home()
    charger = home.appliance("switch.wallbox", "wallbox", power_w=7400.0)
    run = run_of(waiting("switch.wallbox", T0), charger)
    assert (run.duration, run.power_kw, run.energy_kwh) == (
        timedelta(minutes=240),
        7.4,
        pytest.approx(29.6),
    )
    given = waiting(
        "switch.wallbox", T0, duration=timedelta(minutes=30), power_w=3700.0
    )
    assert run_of(given, charger).energy_kwh == pytest.approx(1.85)
    unknown = replace(charger, entity_id="switch.thing", name="Thing", power_w=None)
    assert run_of(waiting("switch.thing", T0), unknown).power_kw == 1.0
    assert interruptible(charger)
    assert startable(charger)
    assert not startable(replace(charger, entity_id="sensor.wallbox"))
    assert not startable(replace(charger, available=False))
