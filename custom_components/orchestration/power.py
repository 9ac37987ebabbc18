"""Power estimates per entity and the loads that can wait for cheaper energy.

Pure: nothing here imports Home Assistant. A measured power sensor on the same device
always wins over a default; the defaults are typical draws while the entity is on, so
the planner can respect the home's power limit and cost a run even when nothing is
measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import math

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


@dataclass(slots=True, frozen=True)
class DeferrableLoad:
    """An appliance run the planner may shift in time."""

    entity_id: str
    kind: str
    power_w: float
    measured: bool


@dataclass(slots=True, frozen=True)
class LoadCandidate:
    """What the context puller knows about one entity, for finding deferrable loads."""

    entity_id: str
    name: str | None = None
    device_name: str | None = None
    measured_power_w: float | None = None
    in_energy_preferences: bool = False


def deferrable_loads(candidates: Iterable[LoadCandidate]) -> list[DeferrableLoad]:
    """The entities that start a shiftable appliance run, in entity-id order.

    An entity qualifies when its domain can start a run and its id, name or device
    names an appliance; a device tracked in the energy preferences qualifies even with
    a name we do not recognise, since the user told Home Assistant it matters.
    """
    loads: list[DeferrableLoad] = []
    for candidate in candidates:
        domain = candidate.entity_id.partition(".")[0]
        if domain not in _CONTROLLABLE_DOMAINS:
            continue
        kind = appliance_kind(
            candidate.entity_id, candidate.name, candidate.device_name
        )
        if kind is None and not candidate.in_energy_preferences:
            continue
        measured = candidate.measured_power_w is not None
        if candidate.measured_power_w is not None and candidate.measured_power_w > 0:
            power = candidate.measured_power_w
        elif kind is not None:
            power = DEFERRABLE_APPLIANCES[kind]
        else:
            power = default_power_w(domain) or 0.0
            measured = False
        loads.append(
            DeferrableLoad(
                entity_id=candidate.entity_id,
                kind=kind or "appliance",
                power_w=power,
                measured=measured and power == candidate.measured_power_w,
            )
        )
    return sorted(loads, key=lambda load: load.entity_id)
