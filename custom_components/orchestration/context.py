"""The live home as one ContextSnapshot, read from Home Assistant's registries and states.

Nothing is configured twice: floors, areas, devices, labels, names, aliases, exposure,
capabilities, environment sensors, persons and occupancy sensors come from Home
Assistant itself. The snapshot is cached; registry changes trigger a full rebuild on the
next request, state changes only refresh the entities that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
import logging
import math
from typing import Any

from homeassistant.components.homeassistant.const import DATA_EXPOSED_ENTITIES
from homeassistant.components.homeassistant.exposed_entities import (
    async_listen_entity_updates,
    async_should_expose,
)
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_SUPPORTED_FEATURES,
    ATTR_UNIT_OF_MEASUREMENT,
    EVENT_STATE_CHANGED,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    SUN_EVENT_SUNRISE,
    SUN_EVENT_SUNSET,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
from homeassistant.helpers.sun import get_astral_event_date
from homeassistant.loader import IntegrationNotLoaded, async_get_loaded_integration
from homeassistant.util import dt as dt_util

from .core.energy.power import (
    GENERIC_APPLIANCE,
    appliance_kind,
    estimate_power_w,
    is_controllable,
    power_in_watts,
)
from .core.energy.quiet_hours import (
    daily_windows,
    parse_time_of_day,
    quiet_hours,
    weekly_windows,
)
from .core.models import (
    AreaEnvironment,
    AreaInfo,
    AreaOccupancy,
    ContextSnapshot,
    EntityInfo,
    Environment,
    FloorInfo,
    Occupancy,
    PersonInfo,
    QuietHours,
    SunTimes,
    TimeWindow,
)
from .options import Options
from .price_tracker import PriceTracker

_LOGGER = logging.getLogger(__name__)

ASSISTANT = "conversation"

# State attributes the planner needs to know what an entity can do.
CAPABILITY_ATTRIBUTES = frozenset(
    {
        # light
        "supported_color_modes",
        "color_mode",
        "min_color_temp_kelvin",
        "max_color_temp_kelvin",
        "effect_list",
        "brightness",
        # climate / water heater / humidifier
        "hvac_modes",
        "hvac_action",
        "min_temp",
        "max_temp",
        "target_temp_step",
        "current_temperature",
        "temperature",
        "target_temp_low",
        "target_temp_high",
        "preset_modes",
        "fan_modes",
        "swing_modes",
        "operation_list",
        "min_humidity",
        "max_humidity",
        "available_modes",
        # cover / valve
        "current_position",
        "current_tilt_position",
        # fan
        "percentage",
        "percentage_step",
        # media player
        "volume_level",
        "is_volume_muted",
        "source_list",
        "sound_mode_list",
        # number / select / input helpers
        "min",
        "max",
        "step",
        "options",
        # vacuum
        "fan_speed_list",
        "battery_level",
    }
)

OCCUPANCY_DEVICE_CLASSES = frozenset({"occupancy", "presence", "motion"})
HOME_ZONE = "zone.home"
_PLAIN_TYPES = frozenset({str, int, float, bool, list, dict, type(None)})
_UNUSABLE_STATES = frozenset({STATE_UNAVAILABLE, STATE_UNKNOWN})
# Integrations of these classes run in the home (manifest ``iot_class``).
LOCAL_IOT_CLASSES = frozenset(
    {"local_push", "local_polling", "assumed_state", "calculated"}
)


def _number(state: State | None) -> float | None:
    """A state's value as a float, or None when it is not a finite number."""
    if state is None or state.state in _UNUSABLE_STATES:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return value


def _attribute_number(state: State | None, attribute: str) -> float | None:
    if state is None:
        return None
    value = state.attributes.get(attribute)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _registry_items[T](items: Mapping[str, T]) -> Mapping[str, T]:
    """A registry's plain dict when it has one: lookups skip the mapping layers."""
    data = getattr(items, "data", None)
    return data if isinstance(data, dict) else items


def _json_ready(value: Any) -> Any:
    """Make attribute values JSON-ready: sets and tuples become lists."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    return value


def _mean(values: Iterable[float | None]) -> float | None:
    numbers = [value for value in values if value is not None]
    if not numbers:
        return None
    return round(sum(numbers) / len(numbers), 2)


@dataclass(slots=True)
class _Index:
    """Entity ids grouped by what the snapshot's aggregates read, from the last build."""

    temperature: dict[str, list[str]] = field(default_factory=dict)
    humidity: dict[str, list[str]] = field(default_factory=dict)
    illuminance: dict[str, list[str]] = field(default_factory=dict)
    occupancy: dict[str, list[str]] = field(default_factory=dict)
    power_by_device: dict[str, list[str]] = field(default_factory=dict)
    by_device: dict[str, list[str]] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    weather: list[str] = field(default_factory=list)
    # Which areas' environment an entity feeds, and what feeds occupancy: a state
    # change elsewhere leaves those parts of the snapshot as they were.
    environment_areas: dict[str, set[str]] = field(default_factory=dict)
    occupancy_ids: set[str] = field(default_factory=lambda: {HOME_ZONE})

    def feeds_environment(self, entity_id: str, area_id: str) -> None:
        """Record that ``entity_id`` feeds the environment of ``area_id``."""
        self.environment_areas.setdefault(entity_id, set()).add(area_id)

    def add(self, info: EntityInfo, domain: str) -> None:
        """File an entity of ``domain`` under every aggregate it feeds."""
        area_id = info.area_id
        if info.device_id is not None:
            self.by_device.setdefault(info.device_id, []).append(info.entity_id)
        if domain == "sensor":
            if area_id is not None:
                readings = {
                    "temperature": self.temperature,
                    "humidity": self.humidity,
                    "illuminance": self.illuminance,
                }.get(info.device_class or "")
                if readings is not None:
                    readings.setdefault(area_id, []).append(info.entity_id)
                    self.feeds_environment(info.entity_id, area_id)
            if info.device_class == "power" and info.device_id is not None:
                self.power_by_device.setdefault(info.device_id, []).append(
                    info.entity_id
                )
        elif domain == "binary_sensor":
            if area_id is not None and info.device_class in OCCUPANCY_DEVICE_CLASSES:
                self.occupancy.setdefault(area_id, []).append(info.entity_id)
                self.occupancy_ids.add(info.entity_id)
        elif domain == "person":
            self.persons.append(info.entity_id)
            self.occupancy_ids.add(info.entity_id)
        elif domain == "weather":
            self.weather.append(info.entity_id)


class ContextPuller:
    """Builds and caches the ContextSnapshot of the live home."""

    def __init__(self, hass: HomeAssistant, options: Options) -> None:
        """Read the home of ``hass`` with the integration's ``options``."""
        self._hass = hass
        self._options = options
        self._snapshot: ContextSnapshot | None = None
        self._index = _Index()
        self._full_rebuild = True
        self._dirty: set[str] = set()
        self._local_by_platform: dict[str, bool] = {}
        self._price_listeners: list[CALLBACK_TYPE] = []
        self._prices = PriceTracker(hass, options.price_entity, self._prices_changed)
        self._stop_prices: CALLBACK_TYPE | None = None
        self._schedule: Mapping[str, Any] | None = None
        self._energy_device_ids: frozenset[str] = frozenset()
        self._energy_statistic_ids: frozenset[str] = frozenset()
        self._energy_grid_power_id: str | None = None
        # Recognising an appliance by name is string work; names rarely change.
        self._appliance_by_names: dict[tuple[str | None, ...], str | None] = {}

    @property
    def _schedule_entity_id(self) -> str | None:
        return self._options.quiet_hours_schedule

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Follow registry and state changes; return the function that stops it."""
        bus = self._hass.bus
        self._stop_prices = self._prices.async_start()
        self._async_request_schedule()
        if "energy" in self._hass.config.components:
            self._hass.async_create_background_task(
                self._async_read_energy_preferences(), "orchestration energy devices"
            )
        unsubscribers: list[CALLBACK_TYPE] = [
            bus.async_listen(event_type, self._async_registry_updated)
            for event_type in (
                er.EVENT_ENTITY_REGISTRY_UPDATED,
                dr.EVENT_DEVICE_REGISTRY_UPDATED,
                ar.EVENT_AREA_REGISTRY_UPDATED,
                fr.EVENT_FLOOR_REGISTRY_UPDATED,
                lr.EVENT_LABEL_REGISTRY_UPDATED,
            )
        ]
        unsubscribers.append(
            bus.async_listen(EVENT_STATE_CHANGED, self._async_state_changed)
        )
        if DATA_EXPOSED_ENTITIES in self._hass.data:
            unsubscribers.append(
                async_listen_entity_updates(
                    self._hass, ASSISTANT, self.async_invalidate
                )
            )

        @callback
        def stop() -> None:
            for unsubscribe in unsubscribers:
                unsubscribe()
            if self._stop_prices is not None:
                self._stop_prices()
                self._stop_prices = None

        return stop

    @callback
    def async_update_options(self, options: Options) -> None:
        """Use new options from the next snapshot on."""
        self._options = options
        price_entity_id = options.price_entity
        if price_entity_id != self._prices.entity_id:
            started = self._stop_prices is not None
            if self._stop_prices is not None:
                self._stop_prices()
                self._stop_prices = None
            self._prices = PriceTracker(
                self._hass, price_entity_id, self._prices_changed
            )
            if started:
                self._stop_prices = self._prices.async_start()
        self._schedule = None
        if self._stop_prices is not None:
            self._async_request_schedule()
        self.async_invalidate()

    @callback
    def async_add_price_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``listener`` whenever the prices may have changed; return the remover."""
        self._price_listeners.append(listener)

        @callback
        def remove() -> None:
            self._price_listeners.remove(listener)

        return remove

    @callback
    def _prices_changed(self) -> None:
        for listener in list(self._price_listeners):
            listener()

    @property
    def watched_price_entity_ids(self) -> frozenset[str]:
        """The entities the prices are read from."""
        return self._prices.watched_entity_ids

    @callback
    def async_invalidate(self) -> None:
        """Rebuild the whole snapshot on the next request."""
        self._full_rebuild = True
        self._dirty.clear()

    @callback
    def _async_registry_updated(self, event: Event[Any]) -> None:
        data = event.data
        if (
            event.event_type == er.EVENT_ENTITY_REGISTRY_UPDATED
            and data.get("action") == "update"
            and "old_entity_id" not in data
        ):
            # One entity's aliases, labels, exposure or area changed: re-read just it
            # (the refresh falls back to a full build if it moved between aggregates).
            if not self._full_rebuild:
                self._dirty.add(data["entity_id"])
            return
        self.async_invalidate()

    @callback
    def _async_state_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        if not self._full_rebuild:
            self._dirty.add(entity_id)
        if entity_id in self._prices.watched_entity_ids:
            self._prices.async_state_changed()
        if entity_id == self._schedule_entity_id:
            # An edited schedule rewrites its state; its blocks are read by a service.
            self._async_request_schedule()

    @callback
    def async_snapshot(self, now: datetime | None = None) -> ContextSnapshot:
        """The home at ``now`` (default: the current time), from the cache when fresh."""
        moment = now or dt_util.utcnow()
        if self._snapshot is None or self._full_rebuild:
            self._snapshot = self._async_build(moment)
            self._full_rebuild = False
            self._dirty.clear()
        elif self._dirty:
            self._snapshot = self._async_refresh(self._snapshot, moment)
            self._dirty.clear()
        return self._async_at(self._snapshot, moment)

    @callback
    def _async_at(self, snapshot: ContextSnapshot, now: datetime) -> ContextSnapshot:
        """The cached snapshot with its time-dependent parts moved to ``now``."""
        return replace(
            snapshot,
            now=now,
            tariff=self._prices.async_tariff(now),
            quiet_hours=self._async_quiet_hours(now),
            sun=self._async_sun(now),
        )

    @callback
    def _async_sun(self, now: datetime) -> SunTimes:
        """Sunrises and sunsets from yesterday to the day after tomorrow (local days).

        Near the poles a day may have neither; the lists then skip it.
        """
        today = dt_util.as_local(now).date()
        days = [today + timedelta(days=offset) for offset in range(-1, 3)]
        times = {
            event: [
                moment
                for day in days
                if (moment := get_astral_event_date(self._hass, event, day)) is not None
            ]
            for event in (SUN_EVENT_SUNRISE, SUN_EVENT_SUNSET)
        }
        return SunTimes(
            sunrise=times[SUN_EVENT_SUNRISE], sunset=times[SUN_EVENT_SUNSET]
        )

    async def _async_read_energy_preferences(self) -> None:
        """Read what the energy dashboard knows about the home.

        Devices whose consumption it tracks are appliances, their energy statistics
        are the home's consumption history, and its grid power sensor (Home Assistant
        2025.12 and later) tells export from import when no option names one.
        """
        # Imported here: the energy integration is optional, read only when loaded.
        from homeassistant.components.energy.data import (
            async_get_manager,
        )

        manager = await async_get_manager(self._hass)
        preferences: Mapping[str, Any] = manager.data or {}
        consumers = preferences.get("device_consumption") or []
        entries = er.async_get(self._hass)
        device_ids = frozenset(
            entry.device_id
            for consumer in consumers
            if (entry := entries.async_get(consumer["stat_consumption"])) is not None
            and entry.device_id is not None
        )
        grid_power_id: str | None = next(
            (
                power["stat_rate"]
                for source in preferences.get("energy_sources") or []
                if source.get("type") == "grid"
                for power in source.get("power") or []
                if power.get("stat_rate")
            ),
            None,
        )
        self._energy_statistic_ids = frozenset(
            consumer["stat_consumption"] for consumer in consumers
        )
        if (device_ids, grid_power_id) != (
            self._energy_device_ids,
            self._energy_grid_power_id,
        ):
            self._energy_device_ids = device_ids
            self._energy_grid_power_id = grid_power_id
            self.async_invalidate()

    @property
    def energy_statistic_ids(self) -> frozenset[str]:
        """The energy statistics of the devices on the energy dashboard."""
        return self._energy_statistic_ids

    @property
    def grid_power_entity_id(self) -> str | None:
        """The grid power sensor: the option's, else the energy dashboard's."""
        return self._options.grid_power_entity or self._energy_grid_power_id

    def _grid_power_w(self) -> float | None:
        """Power at the grid connection now, in watts (negative: exporting)."""
        entity_id = self.grid_power_entity_id
        state = None if entity_id is None else self._hass.states.get(entity_id)
        if state is None:
            return None
        return power_in_watts(
            state.state, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        )

    # --- Quiet hours ----------------------------------------------------------------

    @callback
    def _async_quiet_hours(self, now: datetime) -> QuietHours:
        time_zone = dt_util.get_default_time_zone()
        windows: list[TimeWindow] = []
        schedule_id = self._schedule_entity_id
        if schedule_id is not None:
            if self._schedule is not None:
                windows = weekly_windows(self._schedule, now=now, time_zone=time_zone)
            else:
                windows = self._schedule_windows_from_state(schedule_id, now)
        else:
            start = parse_time_of_day(self._options.quiet_hours_start)
            end = parse_time_of_day(self._options.quiet_hours_end)
            if start is not None and end is not None:
                windows = daily_windows(start, end, now=now, time_zone=time_zone)
        states = self._hass.states
        overrides = {
            entity_id: (
                None if (state := states.get(entity_id)) is None else state.state
            )
            for entity_id in self._options.quiet_hours_overrides
        }
        return quiet_hours(windows, now=now, override_states=overrides)

    @callback
    def _schedule_windows_from_state(
        self, schedule_id: str, now: datetime
    ) -> list[TimeWindow]:
        """Until the schedule's blocks are read: the block running now, if any."""
        state = self._hass.states.get(schedule_id)
        if state is None or state.state != STATE_ON:
            return []
        next_event = state.attributes.get("next_event")
        if isinstance(next_event, str):
            next_event = dt_util.parse_datetime(next_event)
        if not isinstance(next_event, datetime) or next_event <= now:
            return []
        return [TimeWindow(start=now, end=dt_util.as_utc(next_event))]

    @callback
    def _async_request_schedule(self) -> None:
        if self._schedule_entity_id is None:
            return
        self._hass.async_create_background_task(
            self._async_fetch_schedule(), "orchestration quiet hours schedule"
        )

    async def _async_fetch_schedule(self) -> None:
        """Read the quiet-hours schedule helper's weekly blocks."""
        entity_id = self._schedule_entity_id
        if entity_id is None:
            return
        try:
            response = await self._hass.services.async_call(
                "schedule",
                "get_schedule",
                {"entity_id": entity_id},
                blocking=True,
                return_response=True,
            )
        except HomeAssistantError as err:
            _LOGGER.warning("Could not read quiet hours from %s: %s", entity_id, err)
            return
        blocks = (response or {}).get(entity_id)
        if isinstance(blocks, Mapping):
            self._schedule = blocks

    # --- Full build ---------------------------------------------------------------

    @callback
    def _async_build(self, now: datetime) -> ContextSnapshot:
        hass = self._hass
        floor_registry = fr.async_get(hass)
        area_registry = ar.async_get(hass)
        floors = {
            floor.floor_id: FloorInfo(
                floor_id=floor.floor_id,
                name=floor.name,
                aliases=sorted(floor.aliases),
                level=floor.level,
            )
            for floor in floor_registry.async_list_floors()
        }
        areas = {
            area.id: AreaInfo(
                area_id=area.id,
                name=area.name,
                aliases=sorted(area.aliases),
                floor_id=area.floor_id,
                # Only newer Home Assistant releases have these; read them when present.
                temperature_entity_id=getattr(area, "temperature_entity_id", None),
                humidity_entity_id=getattr(area, "humidity_entity_id", None),
            )
            for area in area_registry.async_list_areas()
        }
        exposure_tracked = self._async_exposure_available()
        entries = _registry_items(er.async_get(hass).entities)
        devices = _registry_items(dr.async_get(hass).devices)
        index = _Index()
        entities: dict[str, EntityInfo] = {}
        for state in hass.states.async_all():
            info = self._async_entity_info(state, entries, devices, exposure_tracked)
            entities[info.entity_id] = info
            index.add(info, state.domain)
        for area in areas.values():
            for configured in (area.temperature_entity_id, area.humidity_entity_id):
                if configured is not None:
                    index.feeds_environment(configured, area.area_id)
        self._index = index
        self._apply_measured_power(
            entities,
            (
                entity_id
                for device_id in index.power_by_device
                for entity_id in index.by_device.get(device_id, ())
            ),
        )
        return ContextSnapshot(
            now=now,
            time_zone=str(hass.config.time_zone),
            floors=floors,
            areas=areas,
            entities=entities,
            environment=self._environment(areas),
            occupancy=self._occupancy(),
            power_limit_w=self._options.power_limit_w,
            currency=hass.config.currency,
            grid_power_w=self._grid_power_w(),
            temperature_unit=hass.config.units.temperature_unit,
        )

    @callback
    def _async_exposure_available(self) -> bool:
        """Whether Assist exposure is tracked (the homeassistant integration is set up)."""
        return DATA_EXPOSED_ENTITIES in self._hass.data

    @callback
    def _async_exposed(
        self, entity_id: str, entry: er.RegistryEntry | None, available: bool
    ) -> bool:
        """Whether Assist may use the entity.

        The setting stored in the entity's registry options is what Home Assistant's
        own ``async_should_expose`` reads first; reading it here skips one pass over
        the whole registry per build. Anything else asks Home Assistant.
        """
        if not available:
            # Without the exposure store nothing restricts Assist; treat as exposed.
            return True
        if entry is not None and ASSISTANT in entry.options:
            settings = entry.options[ASSISTANT]
            if "should_expose" in settings:
                return bool(settings["should_expose"])
        return async_should_expose(self._hass, ASSISTANT, entity_id)

    @callback
    def _async_entity_info(
        self,
        state: State,
        entries: Mapping[str, er.RegistryEntry],
        devices: Mapping[str, dr.DeviceEntry],
        exposure_tracked: bool,
    ) -> EntityInfo:
        entity_id = state.entity_id
        domain = state.domain
        attributes = state.attributes
        entry = entries.get(entity_id)
        device = None
        aliases: list[str] = []
        labels: list[str] = []
        area_id: str | None = None
        platform: str | None = None
        device_class = attributes.get(ATTR_DEVICE_CLASS)
        features = attributes.get(ATTR_SUPPORTED_FEATURES)
        if entry is not None:
            platform = entry.platform
            area_id = entry.area_id
            if entry.aliases:
                aliases = sorted(entry.aliases)
            if entry.labels:
                labels = sorted(entry.labels)
            if entry.device_id is not None:
                device = devices.get(entry.device_id)
            if device is not None:
                area_id = area_id or device.area_id
                if device.labels:
                    labels = sorted(device.labels.union(labels))
            if device_class is None:
                device_class = entry.device_class or entry.original_device_class
            if features is None:
                features = entry.supported_features
        appliance: str | None = None
        if is_controllable(domain):
            names = (
                entity_id,
                state.name,
                None if device is None else device.name_by_user or device.name,
            )
            if (appliance := self._appliance_by_names.get(names, "")) == "":
                appliance = self._appliance_by_names[names] = appliance_kind(*names)
            if (
                appliance is None
                and device is not None
                and device.id in self._energy_device_ids
            ):
                appliance = GENERIC_APPLIANCE
        capability_keys = CAPABILITY_ATTRIBUTES.intersection(attributes)
        capabilities = (
            {key: _json_ready(attributes[key]) for key in sorted(capability_keys)}
            if capability_keys
            else {}
        )
        return EntityInfo(
            entity_id=entity_id,
            name=state.name,
            state=state.state,
            aliases=aliases,
            area_id=area_id,
            device_id=None if device is None else device.id,
            device_class=None if device_class is None else str(device_class),
            supported_features=int(features or 0),
            attributes=capabilities,
            available=state.state != STATE_UNAVAILABLE,
            exposed=self._async_exposed(entity_id, entry, exposure_tracked),
            local=self._async_is_local(platform or domain),
            platform=platform,
            labels=labels,
            unit=attributes.get(ATTR_UNIT_OF_MEASUREMENT),
            power_w=estimate_power_w(domain, device_class, appliance=appliance),
            appliance=appliance,
            last_changed=state.last_changed,
        )

    @callback
    def _async_is_local(self, platform: str) -> bool:
        """Whether an integration runs in the home, from its manifest's iot_class."""
        local = self._local_by_platform.get(platform)
        if local is None:
            try:
                integration = async_get_loaded_integration(self._hass, platform)
            except IntegrationNotLoaded:
                # Unknown origin (e.g. an entity set from a script): nothing says cloud.
                return True
            iot_class = integration.iot_class
            local = iot_class is None or iot_class in LOCAL_IOT_CLASSES
            self._local_by_platform[platform] = local
        return local

    def _apply_measured_power(
        self, entities: dict[str, EntityInfo], entity_ids: Iterable[str]
    ) -> None:
        """Let a power sensor on the same device refine the entities' estimates."""
        power_by_device = self._index.power_by_device
        if not power_by_device:
            return
        for entity_id in entity_ids:
            info = entities.get(entity_id)
            if info is None or info.device_id is None or info.domain == "sensor":
                continue
            sensors = power_by_device.get(info.device_id)
            if not sensors:
                continue
            readings = [
                power_in_watts(sensor.state, sensor.unit)
                for sensor_id in sensors
                if (sensor := entities.get(sensor_id)) is not None
            ]
            measured = max(
                (reading for reading in readings if reading is not None), default=None
            )
            info.measured_power_w = measured
            info.power_w = estimate_power_w(
                info.domain,
                info.device_class,
                appliance=info.appliance,
                measured_w=measured,
            )

    # --- Incremental refresh -----------------------------------------------------

    @callback
    def _async_refresh(
        self, snapshot: ContextSnapshot, now: datetime
    ) -> ContextSnapshot:
        """A new snapshot where only the entities whose state changed are re-read.

        The old snapshot is left untouched: a planner may still be reading it.
        """
        hass = self._hass
        entries = _registry_items(er.async_get(hass).entities)
        devices = _registry_items(dr.async_get(hass).devices)
        exposure_tracked = self._async_exposure_available()
        entities = dict(snapshot.entities)
        changed: set[str] = set()
        dirty = set(self._dirty)
        for entity_id in dirty:
            state = hass.states.get(entity_id)
            old = entities.get(entity_id)
            if state is None:
                if entities.pop(entity_id, None) is not None:
                    # Removing an entity may change every aggregate; rebuild them all.
                    return self._async_build(now)
                continue
            info = self._async_entity_info(state, entries, devices, exposure_tracked)
            if old is None or (
                old.device_class,
                old.area_id,
                old.device_id,
            ) != (info.device_class, info.area_id, info.device_id):
                # A new or re-classified entity may feed a different aggregate.
                return self._async_build(now)
            entities[entity_id] = info
            changed.add(entity_id)
        changed_devices = {
            info.device_id
            for entity_id in changed
            if (info := entities[entity_id]).domain == "sensor"
            and info.device_class == "power"
            and info.device_id is not None
        }
        if changed_devices:
            changed |= {
                entity_id
                for device_id in changed_devices
                for entity_id in self._index.by_device.get(device_id, ())
                if entity_id in entities
            }
            # Copies: the estimates of the old snapshot's entities must not change.
            for entity_id in changed:
                entities[entity_id] = replace(entities[entity_id])
        self._apply_measured_power(entities, changed)
        index = self._index
        changed_area_ids = {
            area_id
            for entity_id in dirty
            for area_id in index.environment_areas.get(entity_id, ())
        }
        environment = snapshot.environment
        if changed_area_ids or not dirty.isdisjoint(index.weather):
            environment = self._environment(
                snapshot.areas, environment, changed_area_ids
            )
        occupancy = snapshot.occupancy
        if not dirty.isdisjoint(index.occupancy_ids):
            occupancy = self._occupancy()
        grid_power_w = snapshot.grid_power_w
        if self.grid_power_entity_id in dirty:
            grid_power_w = self._grid_power_w()
        return replace(
            snapshot,
            now=now,
            entities=entities,
            environment=environment,
            occupancy=occupancy,
            power_limit_w=self._options.power_limit_w,
            grid_power_w=grid_power_w,
        )

    # --- Aggregates -----------------------------------------------------------------

    def _environment(
        self,
        areas: Mapping[str, AreaInfo],
        previous: Environment | None = None,
        changed_area_ids: Iterable[str] | None = None,
    ) -> Environment:
        """Temperature, humidity and light per area, and the weather outside.

        With ``previous``, only ``changed_area_ids`` are read again.
        """
        index = self._index
        if previous is None or changed_area_ids is None:
            per_area: dict[str, AreaEnvironment] = {}
            changed_area_ids = areas
        else:
            per_area = dict(previous.areas)
        for area_id in changed_area_ids:
            area = areas.get(area_id)
            if area is None:
                continue
            temperature = self._area_reading(
                area.temperature_entity_id, index.temperature.get(area_id, ())
            )
            humidity = self._area_reading(
                area.humidity_entity_id, index.humidity.get(area_id, ())
            )
            illuminance = self._area_reading(None, index.illuminance.get(area_id, ()))
            if temperature is None and humidity is None and illuminance is None:
                per_area.pop(area_id, None)
                continue
            per_area[area_id] = AreaEnvironment(
                temperature=temperature, humidity=humidity, illuminance=illuminance
            )
        environment = Environment(areas=per_area)
        states = self._hass.states
        for weather_id in sorted(index.weather):
            weather = states.get(weather_id)
            if weather is None or weather.state in _UNUSABLE_STATES:
                continue
            environment.weather_entity_id = weather_id
            environment.weather_condition = weather.state
            environment.outdoor_temperature = _attribute_number(weather, "temperature")
            break
        return environment

    def _area_reading(
        self, configured_entity_id: str | None, sensor_ids: Iterable[str]
    ) -> float | None:
        """The area's own sensor when it has one, else the mean of its sensors."""
        states = self._hass.states
        if configured_entity_id is not None:
            configured = _number(states.get(configured_entity_id))
            if configured is not None:
                return configured
        return _mean(_number(states.get(sensor_id)) for sensor_id in sensor_ids)

    def _occupancy(self) -> Occupancy:
        """Persons and their zones, and which areas sense someone."""
        states = self._hass.states
        persons: list[PersonInfo] = []
        for person_id in sorted(self._index.persons):
            person = states.get(person_id)
            if person is None:
                continue
            user_id = person.attributes.get("user_id")
            persons.append(
                PersonInfo(
                    entity_id=person_id,
                    name=person.name,
                    state=person.state,
                    user_id=None if user_id is None else str(user_id),
                    last_changed=person.last_changed,
                )
            )
        home_zone = _number(states.get(HOME_ZONE))
        home_count = (
            int(home_zone)
            if home_zone is not None
            else sum(1 for person in persons if person.is_home)
        )
        areas: dict[str, AreaOccupancy] = {}
        for area_id, sensor_ids in self._index.occupancy.items():
            sensors = [
                sensor
                for sensor_id in sorted(sensor_ids)
                if (sensor := states.get(sensor_id)) is not None
            ]
            if not sensors:
                continue
            areas[area_id] = AreaOccupancy(
                occupied=any(sensor.state == STATE_ON for sensor in sensors),
                entity_ids=[sensor.entity_id for sensor in sensors],
                last_changed=max(sensor.last_changed for sensor in sensors),
            )
        return Occupancy(persons=persons, home_count=home_count, areas=areas)
