"""Tests of power estimates and appliance recognition."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.energy.power import (
    GENERIC_APPLIANCE,
    INTERRUPTIBLE_APPLIANCES,
    appliance_kind,
    default_power_w,
    estimate_power_w,
    is_controllable,
    is_running,
    power_in_watts,
)


@pytest.mark.parametrize(
    ("domain", "device_class", "expected"),
    [
        ("light", None, 10.0),
        ("switch", None, 100.0),
        ("media_player", "tv", 100.0),
        ("media_player", "speaker", 15.0),
        ("media_player", "unknown_class", 60.0),
        ("climate", None, 1500.0),
        ("sensor", "temperature", None),
        ("binary_sensor", None, None),
    ],
)
def test_default_power(
    domain: str, device_class: str | None, expected: float | None
) -> None:
    """Defaults by domain, narrowed by device class; sensors draw nothing to plan."""
    assert default_power_w(domain, device_class) == expected


@pytest.mark.parametrize(
    ("state", "unit", "expected"),
    [
        ("250", "W", 250.0),
        ("2.5", "kW", 2500.0),
        ("-30", "W", -30.0),
        ("1500", "mW", 1.5),
        ("unavailable", "W", None),
        ("nan", "W", None),
        ("inf", "kW", None),
        ("12", "kWh", None),
        ("12", None, None),
        (None, "W", None),
    ],
)
def test_power_in_watts(
    state: str | None, unit: str | None, expected: float | None
) -> None:
    """Readings in W, kW, MW and mW become watts; anything else is no reading."""
    assert power_in_watts(state, unit) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("switch.dishwasher_power",), "dishwasher"),
        (("switch.plug_3", "Washing machine"), "washing_machine"),
        (("switch.plug_3", None, "Bosch Dishwasher"), "dishwasher"),
        (("switch.garage", "EV-Charger"), "ev_charger"),
        (("select.wallbox_mode",), "wallbox"),
        (("water_heater.boiler",), "water_heater"),
        (("switch.tumble_dryer",), "dryer"),
        (("light.kitchen", "Kitchen"), None),
        ((None, ""), None),
    ],
)
def test_appliance_kind(names: tuple[str | None, ...], expected: str | None) -> None:
    """Appliances are recognised in ids, names and device names."""
    assert appliance_kind(*names) == expected


def test_controllable_domains() -> None:
    """Switches and water heaters start runs; sensors and lights do not."""
    assert is_controllable("switch")
    assert is_controllable("water_heater")
    assert not is_controllable("sensor")
    assert not is_controllable("light")


def test_estimate_for_appliances() -> None:
    """A running reading wins; standby readings fall back to the typical draw."""
    assert estimate_power_w("switch", appliance="dishwasher") == 1800.0
    assert (
        estimate_power_w("switch", appliance="dishwasher", measured_w=2100.0) == 2100.0
    )
    assert estimate_power_w("switch", appliance="dishwasher", measured_w=3.0) == 1800.0
    assert estimate_power_w("switch", appliance=GENERIC_APPLIANCE) == 1000.0


def test_estimate_for_other_devices() -> None:
    """Any positive reading wins for ordinary devices, else the domain default."""
    assert estimate_power_w("light", measured_w=7.5) == 7.5
    assert estimate_power_w("light", measured_w=0.0) == 10.0
    assert estimate_power_w("switch", "outlet") == 100.0
    assert estimate_power_w("sensor") is None


def test_running_is_a_share_of_the_typical_draw() -> None:
    """A dishwasher (1800 W typical) runs from 450 W; standby watts are not a run."""
    assert is_running("dishwasher", 450.0)
    assert not is_running("dishwasher", 449.0)
    assert not is_running("dishwasher", None)
    assert is_running("appliance", 250.0)
    assert not is_running("appliance", 249.0)


def test_washes_are_not_interruptible() -> None:
    assert {"ev_charger", "wallbox", "pool_pump"} <= INTERRUPTIBLE_APPLIANCES
    assert not {"dishwasher", "washer", "dryer"} & INTERRUPTIBLE_APPLIANCES
