"""Metric sensors of DESIGN §6 on one service device."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN, SIGNAL_PLANS_UPDATED, TITLE
from .engine import OrchestrationEngine
from .runtime import OrchestrationConfigEntry

# Sensors only read the engine; nothing to throttle.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class MetricSensorDescription(SensorEntityDescription):
    """A sensor showing one figure of ``OrchestrationEngine.metrics``."""

    metric: str


def _count(key: str, state_class: SensorStateClass) -> MetricSensorDescription:
    return MetricSensorDescription(
        key=key, translation_key=key, metric=key, state_class=state_class
    )


def _percent(key: str) -> MetricSensorDescription:
    return MetricSensorDescription(
        key=key,
        translation_key=key,
        metric=key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
    )


SENSORS: tuple[MetricSensorDescription, ...] = (
    _count("active_plans", SensorStateClass.MEASUREMENT),
    _count("pending_approvals", SensorStateClass.MEASUREMENT),
    _percent("success_rate"),
    _percent("approval_rate"),
    _percent("privacy_score"),
    MetricSensorDescription(
        key="average_planning_time",
        translation_key="average_planning_time",
        metric="average_planning_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
    ),
    _count("replans", SensorStateClass.TOTAL_INCREASING),
    _count("total_executions", SensorStateClass.TOTAL_INCREASING),
    _count("failed_executions", SensorStateClass.TOTAL_INCREASING),
    MetricSensorDescription(
        key="average_execution_cost",
        translation_key="average_execution_cost",
        metric="average_execution_cost",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
    ),
    _count("user_overrides", SensorStateClass.TOTAL_INCREASING),
    MetricSensorDescription(
        key="average_execution_time",
        translation_key="average_execution_time",
        metric="average_execution_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OrchestrationConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the metric sensors."""
    engine = entry.runtime_data.engine
    async_add_entities(
        OrchestrationMetricSensor(engine, entry, description) for description in SENSORS
    )


class OrchestrationMetricSensor(SensorEntity):
    """One metric of the engine, refreshed whenever a plan changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: MetricSensorDescription

    def __init__(
        self,
        engine: OrchestrationEngine,
        entry: OrchestrationConfigEntry,
        description: MetricSensorDescription,
    ) -> None:
        self._engine = engine
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=TITLE,
            entry_type=DeviceEntryType.SERVICE,
        )

    @property
    def native_value(self) -> float | int | None:
        """The metric now."""
        return self._engine.metrics.get(self.entity_description.metric)

    async def async_added_to_hass(self) -> None:
        """Follow plan changes."""
        self.async_on_remove(
            async_dispatcher_connect(self.hass, SIGNAL_PLANS_UPDATED, self._refresh)
        )

    @callback
    def _refresh(self) -> None:
        self.async_write_ha_state()
