"""Synthetic homes of any size for planner benchmarks and scale tests.

Pure and deterministic: the same size and seed give the same snapshot. About one area
per 12 entities, spread over floors of 8 areas, with a realistic mix of domains,
a two-day hourly tariff, quiet hours and people at home.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import random

from custom_components.orchestration.core.models import (
    AreaEnvironment,
    AreaInfo,
    AreaOccupancy,
    ContextSnapshot,
    EntityInfo,
    Environment,
    FloorInfo,
    Occupancy,
    PersonInfo,
    PriceSlot,
    QuietHours,
    Tariff,
    TimeWindow,
)

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)

# (domain, share, supported_features, device_class, power_w)
_MIX: tuple[tuple[str, float, int, str | None, float | None], ...] = (
    ("light", 0.32, 0, None, 8.0),
    ("sensor", 0.24, 0, "temperature", None),
    ("binary_sensor", 0.10, 0, "motion", None),
    ("switch", 0.12, 0, "outlet", 60.0),
    ("cover", 0.06, 15, "shade", None),
    ("media_player", 0.04, 0xFFFFF, "tv", 90.0),
    ("climate", 0.04, 1 | 128 | 256, None, 1500.0),
    ("fan", 0.03, 1 | 16 | 32, None, 40.0),
    ("lock", 0.02, 1, None, None),
    ("vacuum", 0.01, 8192 | 16, None, None),
    ("scene", 0.02, 0, None, None),
)
_APPLIANCES = (
    ("switch.dishwasher", "Dishwasher", 1800.0),
    ("switch.washer", "Washer", 2200.0),
    ("switch.dryer", "Dryer", 2500.0),
    ("switch.ev_charger", "EV charger", 3000.0),
)


def synthetic_home(size: int, seed: int = 1) -> ContextSnapshot:
    """Return a home of about ``size`` entities."""
    rng = random.Random(seed)
    area_count = max(2, size // 12)
    floors = {
        f"floor_{index}": FloorInfo(f"floor_{index}", f"Floor {index}", level=index)
        for index in range(max(1, area_count // 8))
    }
    floor_ids = sorted(floors)
    areas = {
        f"area_{index}": AreaInfo(
            f"area_{index}",
            "Hallway" if index == 0 else f"Room {index}",
            floor_id=floor_ids[index % len(floor_ids)],
        )
        for index in range(area_count)
    }
    area_ids = sorted(areas)
    entities: dict[str, EntityInfo] = {}
    for entity_id, name, watts in _APPLIANCES:
        entities[entity_id] = EntityInfo(
            entity_id, name, state="off", area_id=area_ids[1], power_w=watts
        )
    # Room 1 can always be preconditioned.
    entities["climate.area_1_heat_pump"] = EntityInfo(
        "climate.area_1_heat_pump",
        "Room 1 heat pump",
        state="heat",
        area_id=area_ids[1],
        supported_features=1 | 128 | 256,
        attributes={"temperature": 20.0},
        power_w=1500.0,
    )
    counter = 0
    while len(entities) < size:
        domain, _, features, device_class, power = rng.choices(
            _MIX, weights=[item[1] for item in _MIX]
        )[0]
        counter += 1
        area_id = rng.choice(area_ids)
        entity_id = f"{domain}.{area_id}_{domain}_{counter}"
        state = {
            "light": rng.choice(["on", "off"]),
            "media_player": rng.choice(["playing", "off", "idle"]),
            "climate": rng.choice(["heat", "off"]),
            "lock": "locked",
            "cover": "open",
        }.get(domain, "on")
        attributes: dict[str, object] = {}
        if domain == "light":
            attributes["supported_color_modes"] = rng.choice(
                [["onoff"], ["brightness"], ["hs", "color_temp"]]
            )
        if domain == "climate":
            attributes["temperature"] = 21.0
        entities[entity_id] = EntityInfo(
            entity_id,
            f"{areas[area_id].name} {domain.replace('_', ' ')} {counter}",
            state=state,
            area_id=area_id,
            device_class=device_class,
            supported_features=features,
            attributes=attributes,
            available=rng.random() > 0.03,
            local=rng.random() > 0.15,
            power_w=power,
        )
    slots = [
        PriceSlot(
            NOW + timedelta(hours=hour),
            NOW + timedelta(hours=hour + 1),
            round(0.25 + 0.15 * rng.uniform(-1, 1), 4),
        )
        for hour in range(48)
    ]
    return ContextSnapshot(
        now=NOW,
        time_zone="Europe/Berlin",
        floors=floors,
        areas=areas,
        entities=entities,
        environment=Environment(
            areas={
                area_id: AreaEnvironment(temperature=round(rng.uniform(16, 23), 1))
                for area_id in area_ids
            },
            outdoor_temperature=4.0,
        ),
        occupancy=Occupancy(
            persons=[PersonInfo("person.a", "A", "home")],
            home_count=1,
            areas={
                area_id: AreaOccupancy(occupied=rng.random() < 0.3)
                for area_id in area_ids
            },
        ),
        tariff=Tariff(source="synthetic", currency="EUR", slots=slots),
        quiet_hours=QuietHours(
            windows=[TimeWindow(NOW.replace(hour=21), NOW + timedelta(hours=13))]
        ),
        power_limit_w=7000.0,
    )
