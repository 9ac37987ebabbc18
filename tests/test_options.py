"""The typed options: defaults in one place, every stored entry readable."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.orchestration import const
from custom_components.orchestration.const import DOMAIN, TITLE
from custom_components.orchestration.core.insights.options import InsightOptions
from custom_components.orchestration.core.models import (
    Origin,
    Preferences,
    Priority,
    Strategy,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions
from custom_components.orchestration.options import DEFAULT_OPTIONS, Options

from .common import async_setup_demo_home
from .helpers import call, settle

# What an entry of an early version may hold: whole numbers saved as floats, one
# override entity as a plain string, options added since then missing, and a key a
# later version may add.
OLD_OPTIONS: dict[str, Any] = {
    "max_planning_time_ms": 2500.0,
    "max_plan_alternatives": 2.0,
    "enable_preview_mode": True,
    "enable_replanning": False,
    "privacy_first": True,
    "local_execution_preference": 0.5,
    "cost_budget_default": 2,
    "latency_budget_default_ms": 800.0,
    "quiet_hours_start": "22:00",
    "quiet_hours_end": "07:00",
    "quiet_hours_overrides": "input_boolean.dnd",
    "added_by_a_later_version": 42,
}


def test_every_stored_key_is_an_attribute() -> None:
    """Every option key is an attribute; the suggestions' are flat under theirs."""
    keys = {value for name, value in vars(const).items() if name.startswith("CONF_")}
    assert {item.name for item in fields(Options)} == keys | {"insights"}
    stored = Options().as_stored()
    assert set(stored) == keys | set(InsightOptions().as_options())


def test_new_entries_start_from_the_defaults() -> None:
    assert Options.from_mapping(DEFAULT_OPTIONS) == Options()
    assert DEFAULT_OPTIONS["default_strategy"] == "balanced"
    assert DEFAULT_OPTIONS["power_limit_w"] == 17250.0


def test_missing_options_take_their_defaults() -> None:
    options = Options.from_mapping({})
    assert options == Options()
    assert options.power_limit_w == 17250.0
    assert options.priority(Origin.USER_REQUEST) is Priority.HIGH
    assert options.priority(Origin.AUTOMATION) is Priority.NORMAL
    assert options.priority(Origin.SCHEDULED_ROUTINE) is Priority.NORMAL
    assert options.priority(Origin.INSIGHT_RECOMMENDATION) is Priority.LOW
    assert options.approval_timeout == timedelta(minutes=60)
    assert options.default_strategy is Strategy.BALANCED
    assert options.routines == ()


def test_old_options_are_read_as_their_types() -> None:
    options = Options.from_mapping(OLD_OPTIONS)
    assert options.max_planning_time_ms == 2500
    assert type(options.max_planning_time_ms) is int
    assert options.max_plan_alternatives == 2
    assert options.cost_budget_default == 2.0
    assert options.enable_replanning is False
    assert options.quiet_hours_overrides == ("input_boolean.dnd",)
    assert options.default_strategy is Strategy.BALANCED
    assert options.notify_targets == ()


def test_a_power_limit_stored_as_none_means_no_limit() -> None:
    assert Options.from_mapping({"power_limit_w": None}).power_limit_w is None


def test_priorities_are_read_and_stored_as_their_names() -> None:
    options = Options.from_mapping({"priority_automation": "highest"})
    assert options.priority(Origin.AUTOMATION) is Priority.HIGHEST
    assert options.as_stored()["priority_automation"] == "highest"
    assert Options.from_mapping({"priority_automation": "urgent"}) == Options()


def test_unusable_values_take_their_defaults(caplog: pytest.LogCaptureFixture) -> None:
    options = Options.from_mapping(
        {
            "default_strategy": "fastest",
            "max_planning_time_ms": "soon",
            "trust_overrides": ["u1"],
            "notify_targets": 7,
            "routines": "morning",
            "price_entity": "",
        }
    )
    assert options == Options()
    for key in ("default_strategy", "max_planning_time_ms", "trust_overrides"):
        assert f"Option {key} has a value that cannot be used" in caplog.text


def test_stored_form_round_trips() -> None:
    options = Options(
        max_planning_time_ms=100,
        default_strategy=Strategy.COST,
        power_limit_w=None,
        notify_targets=("mobile_app_phone",),
        quiet_hours_overrides=("input_boolean.dnd",),
        trust_overrides={"u1": "trusted"},
        routines=({"name": "Morning", "intent": "x", "time": "07:00:00"},),
    )
    stored = options.as_stored()
    assert stored["default_strategy"] == "cost"
    assert stored["notify_targets"] == ["mobile_app_phone"]
    assert Options.from_mapping(stored) == options


def test_suggestion_options_are_read_from_their_flat_keys() -> None:
    """The recommender's options are part of the one Options object."""
    options = Options.from_mapping(
        {
            "insights_enabled": False,
            "insights_idle_area_minutes": 45,
            "insights_delivery_dismiss_days": 3,
            # Out of range or of the wrong type: the default.
            "insights_away_minutes": 0,
            "insights_price_peak_ratio": "high",
        }
    )
    insights = options.insights
    assert insights.enabled is False
    assert insights.idle_area.minutes == 45
    assert insights.delivery.dismiss_for == timedelta(days=3)
    assert insights.away.minutes == InsightOptions().away.minutes
    assert insights.price_peak.ratio == InsightOptions().price_peak.ratio
    assert options.as_stored()["insights_idle_area_minutes"] == 45
    assert Options.from_mapping(options.as_stored()) == options


def test_planner_defaults_agree_with_the_options() -> None:
    """A request without preferences plans with the options' values."""
    assert Options().planner_options(Preferences()) == PlannerOptions()


def test_preferences_of_a_request_come_before_the_options() -> None:
    options = Options(privacy_first=True, cost_budget_default=1.0)
    planner = options.planner_options(
        Preferences(privacy_first=False, cost_budget=0.0, latency_budget_ms=250.0)
    )
    assert planner.privacy_first is False
    assert planner.cost_budget == 0.0
    assert planner.latency_budget_ms == 250.0
    assert options.planner_options(Preferences(cost_budget=3.0)).privacy_first


def test_the_planner_takes_the_power_limit_from_the_snapshot_only() -> None:
    assert "power_limit_w" not in {item.name for item in fields(PlannerOptions)}


@pytest.mark.parametrize("stored", [{}, OLD_OPTIONS], ids=["empty", "old"])
async def test_an_entry_with_missing_or_old_options_loads(
    hass: HomeAssistant, stored: dict[str, Any]
) -> None:
    await async_setup_demo_home(hass)
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, unique_id=DOMAIN, options=stored
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await settle(hass)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.options == Options.from_mapping(stored)
    snapshot = entry.runtime_data.context.async_snapshot()
    assert snapshot.power_limit_w == 17250.0
    response = await call(hass, "create_plan", {"intent": "turn off the bed light"})
    await settle(hass)
    assert response["plan"]["strategy"] == "balanced"
    final = await call(hass, "get_plan", {"plan_id": response["plan_id"]})
    assert final["status"] == "completed"
    # Nothing is written back: the entry keeps what it stored.
    assert dict(entry.options) == stored
