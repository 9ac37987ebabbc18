"""Metric sensors of DESIGN §6 on one service device, and the suggestions' counts."""

from __future__ import annotations

from collections.abc import Callable
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
from .core.insights.memory import InsightStats
from .core.metrics import Metrics
from .engine import OrchestrationEngine
from .runtime import OrchestrationConfigEntry

# Sensors only read the engine; nothing to throttle.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class MetricSensorDescription(SensorEntityDescription):
    """A sensor showing one figure of the engine's metrics."""

    value_fn: Callable[[Metrics], float | int | None]


@dataclass(frozen=True, kw_only=True)
class SuggestionSensorDescription(SensorEntityDescription):
    """A sensor showing one count of the suggestions (and the home's currency)."""

    value_fn: Callable[[InsightStats, str], float | int | None]


def accepted_saving(stats: InsightStats, currency: str) -> float:
    """The estimated saving of accepted suggestions in the home's currency.

    A saving whose tariff named no currency is taken to be in the home's.
    """
    savings = stats.saving_accepted
    return round(savings.get(currency, 0.0) + savings.get("", 0.0), 4)


SENSORS: tuple[MetricSensorDescription, ...] = (
    MetricSensorDescription(
        key="active_plans",
        translation_key="active_plans",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda metrics: metrics.active_plans,
    ),
    MetricSensorDescription(
        key="pending_approvals",
        translation_key="pending_approvals",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda metrics: metrics.pending_approvals,
    ),
    MetricSensorDescription(
        key="success_rate",
        translation_key="success_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda metrics: metrics.success_rate,
    ),
    MetricSensorDescription(
        key="approval_rate",
        translation_key="approval_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda metrics: metrics.approval_rate,
    ),
    MetricSensorDescription(
        key="privacy_score",
        translation_key="privacy_score",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda metrics: metrics.privacy_score,
    ),
    MetricSensorDescription(
        key="average_planning_time",
        translation_key="average_planning_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda metrics: metrics.average_planning_time,
    ),
    MetricSensorDescription(
        key="replans",
        translation_key="replans",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda metrics: metrics.replans,
    ),
    MetricSensorDescription(
        key="total_executions",
        translation_key="total_executions",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda metrics: metrics.total_executions,
    ),
    MetricSensorDescription(
        key="failed_executions",
        translation_key="failed_executions",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda metrics: metrics.failed_executions,
    ),
    # Money in the home's currency (the unit is set from it). Home Assistant allows
    # monetary sensors only the ``total`` state class, which an average is not.
    MetricSensorDescription(
        key="average_execution_cost",
        translation_key="average_execution_cost",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda metrics: metrics.average_execution_cost,
    ),
    MetricSensorDescription(
        key="user_overrides",
        translation_key="user_overrides",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda metrics: metrics.user_overrides,
    ),
    MetricSensorDescription(
        key="average_execution_time",
        translation_key="average_execution_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda metrics: metrics.average_execution_time,
    ),
)


SUGGESTION_SENSORS: tuple[SuggestionSensorDescription, ...] = (
    SuggestionSensorDescription(
        key="suggestions_made",
        translation_key="suggestions_made",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda stats, _: stats.made,
    ),
    SuggestionSensorDescription(
        key="suggestions_accepted",
        translation_key="suggestions_accepted",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda stats, _: stats.accepted,
    ),
    SuggestionSensorDescription(
        key="suggestions_dismissed",
        translation_key="suggestions_dismissed",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda stats, _: stats.dismissed,
    ),
    SuggestionSensorDescription(
        key="suggestions_saving",
        translation_key="suggestions_saving",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=accepted_saving,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OrchestrationConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the metric sensors."""
    engine = entry.runtime_data.engine
    entities: list[OrchestrationSensor] = [
        OrchestrationMetricSensor(hass, engine, entry, description)
        for description in SENSORS
    ]
    entities.extend(
        OrchestrationSuggestionSensor(hass, engine, entry, description)
        for description in SUGGESTION_SENSORS
    )
    async_add_entities(entities)


class OrchestrationSensor(SensorEntity):
    """A figure of the engine, refreshed whenever a plan changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        hass: HomeAssistant,
        engine: OrchestrationEngine,
        entry: OrchestrationConfigEntry,
        description: SensorEntityDescription,
    ) -> None:
        self._engine = engine
        self.entity_description = description
        if description.device_class is SensorDeviceClass.MONETARY:
            self._attr_native_unit_of_measurement = hass.config.currency
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=TITLE,
            entry_type=DeviceEntryType.SERVICE,
        )

    async def async_added_to_hass(self) -> None:
        """Follow plan changes."""
        self.async_on_remove(
            async_dispatcher_connect(self.hass, SIGNAL_PLANS_UPDATED, self._refresh)
        )

    @callback
    def _refresh(self) -> None:
        self.async_write_ha_state()


class OrchestrationMetricSensor(OrchestrationSensor):
    """One metric of the engine's plans."""

    entity_description: MetricSensorDescription

    @property
    def native_value(self) -> float | int | None:
        """The metric now."""
        return self.entity_description.value_fn(self._engine.metrics)


class OrchestrationSuggestionSensor(OrchestrationSensor):
    """One count of the suggestions the home made and how they were answered."""

    entity_description: SuggestionSensorDescription

    @property
    def native_value(self) -> float | int | None:
        """The count now."""
        return self.entity_description.value_fn(
            self._engine.suggestion_memory.stats, self.hass.config.currency
        )
