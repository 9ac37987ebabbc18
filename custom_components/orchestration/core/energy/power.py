"""Power estimates per entity, and which entities start a deferrable appliance run.

Pure: nothing here imports Home Assistant. A measured power sensor on the same device
wins over a default when it shows the device running; the defaults are typical draws
while the entity is on, so the planner can respect the home's power limit and cost a
run even when nothing is measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
import math
from typing import Final

# Typical draw in watts while on, by domain; None means "draws nothing worth planning".
DEFAULT_POWER_W_BY_DOMAIN: Mapping[str, float] = {
    "light": 10.0,
    "switch": 100.0,
    "fan": 40.0,
    "climate": 1500.0,
    "water_heater": 2000.0,
    "humidifier": 40.0,
    "media_player": 60.0,
    "vacuum": 50.0,
    "lawn_mower": 200.0,
    "cover": 100.0,
    "lock": 5.0,
    "valve": 10.0,
    "siren": 10.0,
    "remote": 2.0,
}

# Device classes that narrow a domain's default.
DEFAULT_POWER_W_BY_DEVICE_CLASS: Mapping[tuple[str, str], float] = {
    ("switch", "outlet"): 100.0,
    ("media_player", "tv"): 100.0,
    ("media_player", "speaker"): 15.0,
    ("media_player", "receiver"): 50.0,
}

# Appliances whose run can be shifted to a cheaper or quieter time, and a typical draw
# while running. Matched against words of the entity id, name and device name.
DEFERRABLE_APPLIANCES: Mapping[str, float] = {
    "dishwasher": 1800.0,
    "washing_machine": 2000.0,
    "washer": 2000.0,
    "dryer": 2500.0,
    "tumble_dryer": 2500.0,
    "ev_charger": 7400.0,
    "charger": 3700.0,
    "wallbox": 7400.0,
    "water_heater": 2000.0,
    "boiler": 2000.0,
    "heat_pump": 1500.0,
    "pool_pump": 1000.0,
}

# How long a typical run of each appliance lasts, in minutes.
TYPICAL_RUN_MIN: Mapping[str, float] = {
    "dishwasher": 120.0,
    "washing_machine": 90.0,
    "washer": 90.0,
    "dryer": 90.0,
    "tumble_dryer": 90.0,
    "ev_charger": 240.0,
    "charger": 240.0,
    "wallbox": 240.0,
    "water_heater": 60.0,
    "boiler": 60.0,
    "heat_pump": 60.0,
    "pool_pump": 240.0,
}

# Appliances whose run may be paused and resumed later without harm (a wash
# programme may not).
INTERRUPTIBLE_APPLIANCES: frozenset[str] = frozenset(
    {
        "ev_charger",
        "charger",
        "wallbox",
        "water_heater",
        "boiler",
        "heat_pump",
        "pool_pump",
    }
)

# A shiftable device we know only from the energy preferences.
GENERIC_APPLIANCE: Final = "appliance"
_GENERIC_APPLIANCE_W: Final = 1000.0
_GENERIC_RUN_MIN: Final = 60.0
# Share of the typical draw from which a measured reading counts as a running appliance.
_RUNNING_SHARE: Final = 0.25

# Domains whose entity can start or stop an appliance run.
_CONTROLLABLE_DOMAINS = frozenset(
    {"switch", "button", "select", "water_heater", "climate", "vacuum", "lawn_mower"}
)

_WATT_FACTORS: Mapping[str, float] = {
    "W": 1.0,
    "kW": 1000.0,
    "MW": 1_000_000.0,
    "mW": 0.001,
}


def default_power_w(domain: str, device_class: str | None = None) -> float | None:
    """Typical draw of an entity while on, or None when it draws nothing to plan for."""
    if device_class is not None:
        by_class = DEFAULT_POWER_W_BY_DEVICE_CLASS.get((domain, device_class))
        if by_class is not None:
            return by_class
    return DEFAULT_POWER_W_BY_DOMAIN.get(domain)


def power_in_watts(state: str | None, unit: str | None) -> float | None:
    """A power sensor's reading in watts, or None when it is not a usable number."""
    factor = _WATT_FACTORS.get(unit or "")
    if state is None or factor is None:
        return None
    try:
        value = float(state)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return value * factor


def appliance_kind(*names: str | None) -> str | None:
    """The deferrable appliance named by any of ``names`` (ids or labels), if any."""
    for name in names:
        if not name:
            continue
        normalised = name.lower().replace(" ", "_").replace("-", "_").replace(".", "_")
        for kind in DEFERRABLE_APPLIANCES:
            if kind in normalised:
                return kind
    return None


def is_controllable(domain: str) -> bool:
    """Whether an entity of ``domain`` can start or stop an appliance run."""
    return domain in _CONTROLLABLE_DOMAINS


def typical_draw_w(appliance: str) -> float:
    """The typical draw of an appliance while it runs, in watts."""
    return DEFERRABLE_APPLIANCES.get(appliance, _GENERIC_APPLIANCE_W)


def typical_run(appliance: str) -> timedelta:
    """How long a typical run of the appliance lasts."""
    return timedelta(minutes=TYPICAL_RUN_MIN.get(appliance, _GENERIC_RUN_MIN))


def is_running(appliance: str, measured_w: float | None) -> bool:
    """Whether a power reading shows the appliance running, not idling on standby."""
    typical = DEFERRABLE_APPLIANCES.get(appliance, _GENERIC_APPLIANCE_W)
    return measured_w is not None and measured_w >= typical * _RUNNING_SHARE


def estimate_power_w(
    domain: str,
    device_class: str | None = None,
    *,
    appliance: str | None = None,
    measured_w: float | None = None,
) -> float | None:
    """The draw to plan with for an entity while it runs, in watts.

    A measured reading wins when it looks like a run: any positive reading for
    ordinary devices, at least a quarter of the typical draw for an appliance (an
    idle dishwasher's standby watts say nothing about its run). Otherwise the
    appliance's typical draw, else the domain's default.
    """
    if appliance is not None:
        if measured_w is not None and is_running(appliance, measured_w):
            return measured_w
        return DEFERRABLE_APPLIANCES.get(appliance, _GENERIC_APPLIANCE_W)
    if measured_w is not None and measured_w > 0:
        return measured_w
    return default_power_w(domain, device_class)
