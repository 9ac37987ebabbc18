"""Set-up, unload and reload of the config entry; sensors and diagnostics."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.orchestration import ISSUE_POWER_LIMIT_RAISED
from custom_components.orchestration.const import DOMAIN, TITLE

from .common import default_options
from .helpers import call, stable

SENSOR_KEYS = [
    "active_plans",
    "pending_approvals",
    "success_rate",
    "approval_rate",
    "privacy_score",
    "average_planning_time",
    "replans",
    "total_executions",
    "failed_executions",
    "average_execution_cost",
    "user_overrides",
    "average_execution_time",
    "suggestions_made",
    "suggestions_accepted",
    "suggestions_dismissed",
    "suggestions_saving",
]


async def test_setup_and_unload(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    assert orchestration_entry.state is ConfigEntryState.LOADED
    assert hass.services.has_service(DOMAIN, "create_plan")
    assert await hass.config_entries.async_unload(orchestration_entry.entry_id)
    assert orchestration_entry.state is ConfigEntryState.NOT_LOADED
    # Services stay registered (async_setup) and say the entry is not loaded.
    assert hass.services.has_service(DOMAIN, "create_plan")


async def test_sensors_on_one_service_device(
    hass: HomeAssistant,
    orchestration_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    device = device_registry.async_get_device({(DOMAIN, orchestration_entry.entry_id)})
    assert device is not None
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    entries = er.async_entries_for_config_entry(
        entity_registry, orchestration_entry.entry_id
    )
    assert sorted(entry.translation_key for entry in entries) == sorted(SENSOR_KEYS)
    assert {entry.device_id for entry in entries} == {device.id}
    assert hass.states.get("sensor.orchestration_total_executions").state == "0"
    assert hass.states.get("sensor.orchestration_success_rate").state == "unknown"

    await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("sensor.orchestration_total_executions").state == "1"
    assert hass.states.get("sensor.orchestration_success_rate").state == "100.0"
    assert hass.states.get("sensor.orchestration_failed_executions").state == "0"
    planning = hass.states.get("sensor.orchestration_average_planning_time")
    assert float(planning.state) > 0
    assert planning.attributes["unit_of_measurement"] == "ms"


async def test_average_cost_is_money_in_the_homes_currency(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    cost = hass.states.get("sensor.orchestration_average_execution_cost")
    assert cost.attributes["device_class"] == "monetary"
    assert cost.attributes["unit_of_measurement"] == hass.config.currency
    assert "state_class" not in cost.attributes
    await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    cost = hass.states.get("sensor.orchestration_average_execution_cost")
    assert float(cost.state) == 0.0


async def test_diagnostics_redact_people(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    orchestration_entry: MockConfigEntry,
) -> None:
    await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, orchestration_entry
    )
    plan = diagnostics["plans"][0]
    assert plan["task_spec"]["intent"] == "**REDACTED**"
    assert plan["status"] == "completed"
    assert diagnostics["metrics"]["total_executions"] == 1
    assert diagnostics["snapshot"]["entities"] > 10
    assert diagnostics["options"]["notify_targets"] == "**REDACTED**"


@pytest.mark.parametrize(
    ("stored", "expected", "issue"),
    [
        pytest.param(3500.0, 17250.0, True, id="former-default"),
        pytest.param(7000.0, 7000.0, False, id="chosen"),
        pytest.param(None, None, False, id="no-limit"),
    ],
)
async def test_an_entry_of_1_1_gets_the_home_sized_power_limit(
    hass: HomeAssistant,
    demo_home: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    stored: float | None,
    expected: float | None,
    issue: bool,
) -> None:
    """Every 1.1 entry stored 3500 W: it moves to the new default, and says so.

    A limit anyone chose (or no limit) stays as it is.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        unique_id=DOMAIN,
        version=1,
        minor_version=1,
        options=default_options(power_limit_w=stored),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.minor_version == 2
    assert entry.options["power_limit_w"] == expected
    assert entry.runtime_data.options.power_limit_w == expected
    raised = issue_registry.async_get_issue(DOMAIN, ISSUE_POWER_LIMIT_RAISED)
    assert (raised is not None) is issue
    if raised is not None:
        assert raised.translation_placeholders == {"old": "3500", "new": "17250"}


async def test_an_entry_of_a_later_major_version_is_not_loaded(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(domain=DOMAIN, title=TITLE, unique_id=DOMAIN, version=2)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


def _sensors(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, entry_id: str
) -> dict[str, Any]:
    """Every sensor of the entry: its state and attributes (timings made stable)."""
    found: dict[str, Any] = {}
    for entry in sorted(
        er.async_entries_for_config_entry(entity_registry, entry_id),
        key=lambda item: item.entity_id,
    ):
        state = hass.states.get(entry.entity_id)
        assert state is not None
        value: Any = state.state
        if entry.translation_key in ("average_planning_time", "average_execution_time"):
            assert value == "unknown" or float(value) >= 0
            value = "<timing>" if value != "unknown" else value
        found[entry.entity_id] = {"state": value, "attributes": dict(state.attributes)}
    return found


async def test_sensors_snapshot(
    hass: HomeAssistant,
    orchestration_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The sensors' states and attributes before and after two plans."""
    entry_id = orchestration_entry.entry_id
    assert _sensors(hass, entity_registry, entry_id) == snapshot(name="before")
    await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await call(hass, "create_plan", {"intent": "unlock the front door"})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _sensors(hass, entity_registry, entry_id) == snapshot(name="after")


async def test_diagnostics_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    orchestration_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The whole diagnostics dump of a plan that ran and one that waits."""
    await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await call(hass, "create_plan", {"intent": "unlock the front door"})
    await hass.async_block_till_done(wait_background_tasks=True)
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, orchestration_entry
    )
    # Home Assistant's demo makes a different number of entities in each release.
    assert diagnostics["snapshot"]["entities"] > 30
    diagnostics["snapshot"]["entities"] = "<demo entities>"
    assert stable(diagnostics) == snapshot
