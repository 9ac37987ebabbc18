"""A small, hand-built home for the planner, scheduling and explainer tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.orchestration.core.models import (
    AreaEnvironment,
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    Environment,
    FloorInfo,
    Goal,
    GoalType,
    Occupancy,
    PersonInfo,
    PriceSlot,
    QuietHours,
    Targets,
    Tariff,
    TaskSpec,
    TimeWindow,
)

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)

COLOR_LIGHT = {"supported_color_modes": ["hs", "color_temp"]}
ONOFF_LIGHT = {"supported_color_modes": ["onoff"]}


def entity(entity_id: str, area_id: str | None, **kwargs: object) -> EntityInfo:
    """An entity named after its object id."""
    name = entity_id.partition(".")[2].replace("_", " ").title()
    return EntityInfo(entity_id=entity_id, name=name, area_id=area_id, **kwargs)  # type: ignore[arg-type]


def home_entities() -> list[EntityInfo]:
    """Every entity of the test home."""
    return [
        entity("light.kitchen_ceiling", "kitchen", attributes=dict(COLOR_LIGHT)),
        entity("light.kitchen_spot", "kitchen", attributes=dict(ONOFF_LIGHT)),
        entity("switch.kitchen_kettle", "kitchen", power_w=2000.0),
        entity("sensor.kitchen_temperature", "kitchen", device_class="temperature"),
        entity("switch.dishwasher", "kitchen", device_class="outlet", power_w=1800.0),
        entity("light.living_lamp", "living_room", attributes=dict(COLOR_LIGHT)),
        entity("light.living_cloud_strip", "living_room", local=False),
        entity("cover.living_blinds", "living_room", supported_features=15),
        entity("media_player.living_tv", "living_room", supported_features=0xFFFFF),
        entity("climate.living_ac", "living_room", supported_features=1 | 128 | 256),
        entity("fan.living_fan", "living_room", supported_features=1 | 16 | 32),
        entity("lock.front_door", "hallway"),
        entity("vacuum.robot", "hallway", supported_features=8192 | 16),
        entity("switch.washer", "utility", power_w=2200.0),
        entity("notify.phone", None, local=False),
        entity("scene.movie", "living_room"),
        entity("script.good_night", None),
    ]


def snapshot(*, anyone_home: bool = True, **changes: object) -> ContextSnapshot:
    """The test home at NOW; ``changes`` override snapshot fields."""
    areas = {
        "kitchen": AreaInfo("kitchen", "Kitchen", floor_id="ground"),
        "living_room": AreaInfo("living_room", "Living room", floor_id="ground"),
        "hallway": AreaInfo("hallway", "Hallway", floor_id="ground"),
        "utility": AreaInfo("utility", "Utility room", floor_id="basement"),
    }
    persons = [PersonInfo("person.anna", "Anna", "home" if anyone_home else "away")]
    snap = ContextSnapshot(
        now=NOW,
        time_zone="Europe/Berlin",
        floors={
            "ground": FloorInfo("ground", "Ground floor", level=0),
            "basement": FloorInfo("basement", "Basement", level=-1),
        },
        areas=areas,
        entities={item.entity_id: item for item in home_entities()},
        environment=Environment(
            areas={"living_room": AreaEnvironment(temperature=24.0)},
            outdoor_temperature=5.0,
        ),
        occupancy=Occupancy(persons=persons, home_count=1 if anyone_home else 0),
        tariff=Tariff(source="test", currency="EUR", slots=hourly_prices()),
        quiet_hours=QuietHours(
            windows=[
                TimeWindow(
                    NOW.replace(hour=21), NOW.replace(hour=5) + timedelta(days=1)
                )
            ]
        ),
        power_limit_w=3500.0,
    )
    for name, value in changes.items():
        setattr(snap, name, value)
    return snap


def hourly_prices(prices: list[float] | None = None) -> list[PriceSlot]:
    """Hourly slots from NOW; by default cheap from 02:00 to 04:00 local (01-03 UTC)."""
    if prices is None:
        prices = [
            0.30,
            0.32,
            0.35,
            0.28,
            0.22,
            0.15,
            0.10,
            0.08,
            0.08,
            0.12,
            0.20,
            0.30,
        ]
        prices += [0.35] * 12
    return [
        PriceSlot(NOW + timedelta(hours=hour), NOW + timedelta(hours=hour + 1), price)
        for hour, price in enumerate(prices)
    ]


def task(*goals: Goal, intent: str = "test", **kwargs: object) -> TaskSpec:
    """A TaskSpec of ``goals``."""
    return TaskSpec(intent=intent, goals=list(goals), **kwargs)  # type: ignore[arg-type]


def goal(kind: GoalType, *entity_ids: str, **params: object) -> Goal:
    """A goal on named entities."""
    return Goal(kind, Targets(entity_ids=list(entity_ids)), dict(params))


def area_goal(kind: GoalType, area: str, *domains: str, **params: object) -> Goal:
    """A goal on an area, optionally narrowed to domains."""
    return Goal(kind, Targets(area_ids=[area], domains=list(domains)), dict(params))
