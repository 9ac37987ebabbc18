"""A home with a clock for the insight tests: change states, move time, observe.

Every state change stamps ``last_changed`` with the home's clock, as Home Assistant
does, so a test reads like what happens in a real evening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from custom_components.orchestration.core.insights.observation import (
    DeferrableLoad,
    History,
    HourlyEnergy,
    LoadStatus,
    Observation,
    PowerSample,
)
from custom_components.orchestration.core.insights.suggestion import (
    EndCondition,
    Suggestion,
)
from custom_components.orchestration.core.models import (
    AreaEnvironment,
    AreaInfo,
    AreaOccupancy,
    ContextSnapshot,
    EntityInfo,
    Environment,
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
    TriggerType,
)

# Monday 12 January 2026, 17:00 in Berlin: dark, cold, people coming home.
T0 = datetime(2026, 1, 12, 16, 0, tzinfo=UTC)
ZONE = "Europe/Berlin"

# Feature bits the planner's action table requires.
CLIMATE_FEATURES = 1 | 128 | 256  # target temperature, turn off, turn on
TV_FEATURES = 1 | 128 | 256 | 16384  # pause, turn on/off, play
SPEAKER_FEATURES = 1 | 16384  # pause and play only
FAN_FEATURES = 16 | 32
WINDOW_COVER_FEATURES = 1 | 2  # open, close

_OCCUPANCY_CLASSES = frozenset({"occupancy", "motion", "presence"})

AREAS = {
    "living_room": "Living room",
    "kitchen": "Kitchen",
    "bedroom": "Bedroom",
    "hallway": "Hallway",
    "garage": "Garage",
}


class Home:
    """A small home whose clock the test moves."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now
        self.entities: dict[str, EntityInfo] = {}
        self.persons: dict[str, PersonInfo] = {}
        self.area_temperatures: dict[str, float] = {}
        self.outdoor: float | None = None
        self.tariff: Tariff | None = None
        self.grid_power_w: float | None = None
        self.quiet = QuietHours()
        self.temperature_unit = "°C"
        # What the glue would pass along with the snapshot, unless a test says.
        self.loads: list[DeferrableLoad] = []
        self.history = History()

    # --- The clock -------------------------------------------------------------

    def advance(self, minutes: float = 0, *, hours: float = 0) -> datetime:
        """Move the clock on."""
        self.now += timedelta(minutes=minutes, hours=hours)
        return self.now

    def at(self, moment: datetime) -> datetime:
        """Set the clock (never backwards)."""
        assert moment >= self.now
        self.now = moment
        return moment

    # --- Entities --------------------------------------------------------------

    def add(
        self,
        entity_id: str,
        state: str = "off",
        area: str | None = None,
        *,
        name: str | None = None,
        since: datetime | None = None,
        **fields: Any,
    ) -> EntityInfo:
        """Add an entity whose state has held since ``since`` (default: now)."""
        entity = EntityInfo(
            entity_id=entity_id,
            name=name or entity_id.partition(".")[2].replace("_", " ").capitalize(),
            state=state,
            area_id=area,
            last_changed=since or self.now,
            **fields,
        )
        self.entities[entity_id] = entity
        return entity

    def set(self, entity_id: str, state: str, **attributes: Any) -> None:
        """Change a state now (``last_changed`` moves only when the state does)."""
        entity = self.entities[entity_id]
        changed = entity.state != state
        self.entities[entity_id] = replace(
            entity,
            state=state,
            available=state != "unavailable",
            attributes={**entity.attributes, **attributes},
            last_changed=self.now if changed else entity.last_changed,
        )

    def update(self, entity_id: str, **fields: Any) -> None:
        """Change fields of an entity without a state change."""
        self.entities[entity_id] = replace(self.entities[entity_id], **fields)

    # --- Typical devices -------------------------------------------------------

    def light(
        self, entity_id: str, area: str | None, state: str = "off", **kw: Any
    ) -> EntityInfo:
        """A dimmable light drawing 10 W."""
        attributes = {"supported_color_modes": ["brightness"]}
        return self.add(
            entity_id, state, area, attributes=attributes, power_w=10.0, **kw
        )

    def climate(
        self,
        entity_id: str,
        area: str,
        state: str = "heat",
        *,
        set_point: float = 21.0,
        current: float | None = 19.5,
        action: str | None = "heating",
        features: int = CLIMATE_FEATURES,
        **attributes: Any,
    ) -> EntityInfo:
        """A thermostat heating towards its set point."""
        values: dict[str, Any] = {
            "temperature": set_point,
            "current_temperature": current,
            "hvac_action": action,
            "min_temp": 7.0,
            "max_temp": 30.0,
            **attributes,
        }
        return self.add(
            entity_id,
            state,
            area,
            attributes={k: v for k, v in values.items() if v is not None},
            supported_features=features,
            power_w=1500.0,
        )

    def window(self, entity_id: str, area: str, state: str = "off") -> EntityInfo:
        """A window contact sensor."""
        return self.add(entity_id, state, area, device_class="window")

    def motion(self, entity_id: str, area: str, state: str = "off") -> EntityInfo:
        """A motion sensor (occupancy of its area)."""
        return self.add(entity_id, state, area, device_class="motion")

    def appliance(
        self,
        entity_id: str,
        kind: str,
        area: str | None = "kitchen",
        *,
        power_w: float,
        name: str | None = None,
        device_id: str | None = None,
    ) -> EntityInfo:
        """A switch that starts a deferrable appliance."""
        return self.add(
            entity_id,
            "on",
            area,
            name=name,
            appliance=kind,
            power_w=power_w,
            device_id=device_id,
        )

    # --- People ----------------------------------------------------------------

    def person(self, entity_id: str, name: str, state: str = "home") -> None:
        """A person whose state has held since now."""
        self.persons[entity_id] = PersonInfo(
            entity_id, name, state, last_changed=self.now
        )

    def move(self, entity_id: str, state: str) -> None:
        """A person arrives or leaves now."""
        person = self.persons[entity_id]
        self.persons[entity_id] = replace(person, state=state, last_changed=self.now)

    # --- Prices ----------------------------------------------------------------

    def prices(
        self,
        hourly: Sequence[float],
        *,
        start: datetime | None = None,
        currency: str = "EUR",
    ) -> None:
        """Hourly prices from ``start`` (default: the current hour)."""
        first = start or self.now.replace(minute=0, second=0, microsecond=0)
        self.tariff = Tariff(
            source="nordpool",
            currency=currency,
            slots=[
                PriceSlot(
                    first + timedelta(hours=index),
                    first + timedelta(hours=index + 1),
                    price,
                )
                for index, price in enumerate(hourly)
            ],
        )

    def quiet_hours(self, start: datetime, end: datetime) -> None:
        """One quiet window."""
        self.quiet = QuietHours(windows=[TimeWindow(start, end)])

    # --- Observing -------------------------------------------------------------

    def _occupancy(self) -> Occupancy:
        by_area: dict[str, list[EntityInfo]] = {}
        for entity in self.entities.values():
            if (
                entity.domain == "binary_sensor"
                and entity.device_class in _OCCUPANCY_CLASSES
                and entity.area_id is not None
            ):
                by_area.setdefault(entity.area_id, []).append(entity)
        areas = {
            area_id: AreaOccupancy(
                occupied=any(sensor.state == "on" for sensor in sensors),
                entity_ids=sorted(sensor.entity_id for sensor in sensors),
                last_changed=max(
                    sensor.last_changed for sensor in sensors if sensor.last_changed
                ),
            )
            for area_id, sensors in by_area.items()
        }
        persons = sorted(self.persons.values(), key=lambda person: person.entity_id)
        return Occupancy(
            persons=persons,
            home_count=sum(person.is_home for person in persons),
            areas=areas,
        )

    def snapshot(self) -> ContextSnapshot:
        """The home as the context puller would see it now."""
        return ContextSnapshot(
            now=self.now,
            time_zone=ZONE,
            areas={area_id: AreaInfo(area_id, name) for area_id, name in AREAS.items()},
            entities={key: replace(value) for key, value in self.entities.items()},
            environment=Environment(
                areas={
                    area_id: AreaEnvironment(temperature=value)
                    for area_id, value in self.area_temperatures.items()
                },
                outdoor_temperature=self.outdoor,
            ),
            occupancy=self._occupancy(),
            tariff=self.tariff,
            quiet_hours=self.quiet,
            grid_power_w=self.grid_power_w,
            temperature_unit=self.temperature_unit,
        )

    def observe(
        self,
        *,
        loads: Sequence[DeferrableLoad] | None = None,
        history: History | None = None,
        language: str = "en",
    ) -> Observation:
        """What one recommender pass sees now."""
        return Observation(
            snapshot=self.snapshot(),
            now=self.now,
            loads=tuple(self.loads if loads is None else loads),
            history=history or self.history,
            language=language,
        )


def waiting(entity_id: str, since: datetime, **fields: Any) -> DeferrableLoad:
    """A load ready to start since ``since``."""
    return DeferrableLoad(entity_id, LoadStatus.WAITING, since, **fields)


def running(entity_id: str, since: datetime, **fields: Any) -> DeferrableLoad:
    """A load running since ``since``."""
    return DeferrableLoad(entity_id, LoadStatus.RUNNING, since, **fields)


def scheduled(
    entity_id: str, since: datetime, starts_at: datetime, **fields: Any
) -> DeferrableLoad:
    """A load that will start at ``starts_at``."""
    return DeferrableLoad(
        entity_id, LoadStatus.SCHEDULED, since, starts_at=starts_at, **fields
    )


def hourly_history(
    statistic_id: str,
    *,
    end: datetime,
    days: int,
    usual: float,
    recent: dict[int, float] | None = None,
) -> History:
    """``days`` days of ``usual`` kWh per hour up to ``end``; ``recent`` overrides
    hours counted back from ``end`` (1 is the last complete hour)."""
    hours = []
    for back in range(days * 24, 0, -1):
        start = end - timedelta(hours=back)
        kwh = (recent or {}).get(back, usual)
        hours.append(HourlyEnergy(start, kwh))
    return History(energy={statistic_id: hours})


def surplus(
    watts: float, *, start: datetime, end: datetime, step_minutes: int = 5
) -> list[PowerSample]:
    """Five-minute grid samples exporting ``watts`` from ``start`` to ``end``."""
    samples = []
    moment = start
    while moment < end:
        samples.append(
            PowerSample(moment, moment + timedelta(minutes=step_minutes), -watts)
        )
        moment += timedelta(minutes=step_minutes)
    return samples


def at_utc(hour: int, minute: int = 0, day: int = 12) -> datetime:
    """A UTC time on the test's January days."""
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


def make_suggestion(
    rule: str = "idle_area",
    subject: str = "kitchen",
    *,
    at: datetime = T0,
    targets: Sequence[str] = ("light.kitchen",),
    saving: float | None = None,
    currency: str | None = "EUR",
    ends_when: Sequence[EndCondition] = (),
    lifetime: timedelta = timedelta(hours=12),
) -> Suggestion:
    """A suggestion to switch ``targets`` off, found at ``at``."""
    return Suggestion(
        rule=rule,
        subject=subject,
        targets=list(targets),
        task=TaskSpec(
            intent=f"{rule} {subject}",
            trigger_type=TriggerType.INSIGHT_RECOMMENDATION,
            goals=[Goal(GoalType.TURN_OFF, Targets(entity_ids=list(targets)))],
            confidence=1.0,
        ),
        figures={"area": subject},
        ends_when=list(ends_when),
        since=at,
        expires_at=at + lifetime,
        saving=saving,
        currency=currency if saving is not None else None,
    )
