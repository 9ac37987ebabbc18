"""Rules that read the home's past from the recorder: unusual consumption, solar.

The recorder runs for real here (an in-memory database): the hourly energy of the
energy dashboard's devices is imported as long-term statistics, and the grid sensor's
5-minute means are compiled by the recorder from its states as time moves on.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticMetaData
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from .home import DISHWASHER, DISHWASHER_STATUS, START, Home, async_make_home, local

DRYER_ENERGY = "sensor.dryer_energy"
GRID = "sensor.grid_power"


@pytest.fixture
def enable_statistics() -> bool:
    """The recorder compiles statistics (5-minute means) as time moves on."""
    return True


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder before Home Assistant (it must be set up first), then the rest."""


def _energy_metadata() -> StatisticMetaData:
    metadata: dict[str, Any] = {
        "has_mean": False,
        "has_sum": True,
        "name": "Dryer energy",
        "source": "recorder",
        "statistic_id": DRYER_ENERGY,
        "unit_of_measurement": "kWh",
    }
    annotations = StatisticMetaData.__annotations__
    if "mean_type" in annotations:
        from homeassistant.components.recorder.models import (
            StatisticMeanType,
        )

        metadata["mean_type"] = StatisticMeanType.NONE
    if "unit_class" in annotations:
        metadata["unit_class"] = "energy"
    return metadata  # type: ignore[return-value]


async def _dryer_history(hass: HomeAssistant, recent_kwh: float) -> None:
    """Ten days of the dryer using 0.2 kWh an hour, then ``recent_kwh`` an hour
    in the three hours before ``START``."""
    end = local(*START).astimezone(dt_util.UTC)
    first = end - timedelta(days=10)
    rows = []
    total = 0.0
    hour = first
    while hour < end:
        total += recent_kwh if hour >= end - timedelta(hours=3) else 0.2
        rows.append({"start": hour, "sum": round(total, 3), "state": total})
        hour += timedelta(hours=1)
    async_import_statistics(hass, _energy_metadata(), rows)
    await async_wait_recording_done(hass)


async def _home_with_dryer(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, recent_kwh: float
) -> Home:
    freezer.move_to(local(*START))
    await _dryer_history(hass, recent_kwh)
    hass.states.async_set(
        DRYER_ENERGY,
        "512.3",
        {"unit_of_measurement": "kWh", "friendly_name": "Dryer energy"},
    )
    assert await async_setup_component(hass, "energy", {})
    manager = await async_get_manager(hass)
    await manager.async_update(
        {"device_consumption": [{"stat_consumption": DRYER_ENERGY}]}
    )
    return await async_make_home(hass, freezer)


async def test_unusual_consumption_against_the_homes_own_history(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Three hours at 1.5 kWh against a usual 0.2: pointed out, and it ends."""
    home = await _home_with_dryer(demo_home, freezer, recent_kwh=1.5)
    await home.advance(6)
    plan = await home.the_suggestion("unusual_consumption")
    recommendation = plan["recommendation"]
    assert recommendation["title"] == "Unusual consumption: Dryer energy"
    assert recommendation["reason"] == (
        "Dryer energy used 4.5 kWh from 14:00 to 17:00: 7.5 times the usual 0.6 kWh "
        "at this time of day (median of 9 days, at most 0.6 kWh). That is about "
        "1.75 € more."
    )
    # The first of the ten days has no complete hours to compare (no earlier sum).
    assert recommendation["figures"]["days"] == 9
    # Nothing to switch off on the dryer: the plan only reports the meter.
    assert [step["action"] for step in plan["plan"]["steps"]] == [None]

    # Three hours on, the compared window has slid past: it ends.
    await home.advance(180)
    ended = await home.call("get_plan", {"plan_id": plan["plan_id"]})
    assert ended["status"] == "expired"
    assert ended["history"][-1]["reason"] == "Its time is over"


async def test_usual_consumption_is_not_pointed_out(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The same dryer using what it always uses: nothing to say."""
    home = await _home_with_dryer(demo_home, freezer, recent_kwh=0.2)
    await home.advance(65)
    assert await home.suggestions("unusual_consumption") == []


async def _grid(home: Home, watts: float) -> None:
    await home.set(
        GRID,
        str(watts),
        unit_of_measurement="W",
        device_class="power",
        state_class="measurement",
    )


async def _advance_recorded(home: Home, minutes: int) -> None:
    """Move on in 5-minute steps, letting the recorder compile its statistics."""
    for _ in range(minutes // 5):
        await home.advance(5)
        await async_wait_recording_done(home.hass)
        await home.advance(seconds=1)


async def test_a_waiting_dishwasher_runs_on_solar_surplus(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Exported for 15 minutes (the grid's 5-minute means say): run it now.

    The home has no price sensor here, so only the sun can make the suggestion.
    """
    home = await async_make_home(
        demo_home,
        freezer,
        grid_power_entity=GRID,
        price_entity=None,
        insights_cheap_window_waiting_minutes=0,
    )
    await _grid(home, 400)
    await _advance_recorded(home, 5)
    await _grid(home, -3200)
    await home.set(DISHWASHER_STATUS, "ready")
    await _advance_recorded(home, 10)
    assert await home.suggestions("cheap_window") == []
    await _advance_recorded(home, 10)
    plan = await home.the_suggestion("cheap_window")
    recommendation = plan["recommendation"]
    assert recommendation["title"] == "Solar surplus: Dishwasher"
    assert recommendation["figures"]["surplus_minutes"] >= 15
    assert "of solar power has been flowing into the grid" in recommendation["reason"]
    assert home.state(DISHWASHER) == "off"

    # The sun goes: the surplus is gone, and so is the suggestion.
    await _grid(home, 900)
    ended = await home.call("get_plan", {"plan_id": plan["plan_id"]})
    assert ended["status"] == "expired"
    assert ended["history"][-1]["reason"] == "The solar surplus is gone"
