"""Scheduled routines: the options' routines planned at their time over the demo home."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.orchestration.const import DOMAIN
from custom_components.orchestration.core.models import PlanRecord, TriggerType
from custom_components.orchestration.engine import OrchestrationEngine

from .common import async_setup_orchestration

BEDTIME: dict[str, Any] = {
    "name": "Bedtime",
    "intent": "turn off the bed light",
    "time": "22:30",
    "weekdays": ["mon", "wed"],
}


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A wall-clock time in the home's time zone."""
    return datetime(
        year, month, day, hour, minute, tzinfo=dt_util.get_default_time_zone()
    )


# 2026-11-23 is a Monday, 2026-11-24 a Tuesday.
MONDAY = (2026, 11, 23)
TUESDAY = (2026, 11, 24)


def engine_of(entry: MockConfigEntry) -> OrchestrationEngine:
    """The entry's engine."""
    engine: OrchestrationEngine = entry.runtime_data.engine
    return engine


async def advance_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime
) -> None:
    """Move the clock to ``moment`` and run what became due."""
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done()


async def set_up_at(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    moment: datetime,
    routines: list[dict[str, Any]],
) -> MockConfigEntry:
    """Set the integration up with ``routines`` while the clock shows ``moment``."""
    freezer.move_to(moment)
    return await async_setup_orchestration(hass, routines=routines)


def routine_plans(entry: MockConfigEntry) -> list[PlanRecord]:
    """The plans routines started."""
    return [
        record
        for record in engine_of(entry).list_plans()
        if record.task_spec.trigger_type is TriggerType.SCHEDULED_ROUTINE
    ]


async def test_routine_plans_at_its_time_on_a_listed_weekday(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """At 22:30 on a Monday the Monday routine makes a scheduled_routine plan."""
    hass = demo_home
    entry = await set_up_at(hass, freezer, local(*MONDAY, 22, 0), [BEDTIME])
    await hass.services.async_call(
        "light", "turn_on", {"entity_id": "light.bed_light"}, blocking=True
    )
    await advance_to(hass, freezer, local(*MONDAY, 22, 29))
    assert routine_plans(entry) == []

    await advance_to(hass, freezer, local(*MONDAY, 22, 30))
    (record,) = engine_of(entry).list_plans()
    assert record.task_spec.trigger_type is TriggerType.SCHEDULED_ROUTINE
    assert record.as_dict()["task_spec"]["trigger_type"] == "scheduled_routine"
    assert record.task_spec.intent == "turn off the bed light"
    assert record.user_id is None
    # Gated like an automation's request, the light step runs at once.
    assert hass.states.get("light.bed_light").state == "off"


async def test_routine_does_not_plan_on_an_unlisted_weekday(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A Monday and Wednesday routine stays quiet on Tuesday."""
    hass = demo_home
    entry = await set_up_at(hass, freezer, local(*TUESDAY, 22, 0), [BEDTIME])
    await advance_to(hass, freezer, local(*TUESDAY, 22, 30))
    await advance_to(hass, freezer, local(*TUESDAY, 23, 0))
    assert engine_of(entry).list_plans() == []


async def test_routine_without_weekdays_plans_every_day(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """No weekdays: the routine runs each day, once a day, at its second."""
    hass = demo_home
    daily = {**BEDTIME, "time": "06:15:30", "weekdays": []}
    entry = await set_up_at(hass, freezer, local(*MONDAY, 6, 0), [daily])
    await advance_to(hass, freezer, local(*MONDAY, 6, 15))
    assert routine_plans(entry) == []
    await advance_to(hass, freezer, local(*MONDAY, 6, 15) + timedelta(seconds=30))
    assert len(routine_plans(entry)) == 1
    await advance_to(hass, freezer, local(*TUESDAY, 6, 15) + timedelta(seconds=30))
    assert len(routine_plans(entry)) == 2


async def test_failing_routine_is_logged_not_raised(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A routine the engine refuses leaves a warning; the other routines still run."""
    hass = demo_home
    other = {**BEDTIME, "name": "Lights", "intent": "turn on the kitchen lights"}
    entry = await set_up_at(hass, freezer, local(*MONDAY, 22, 0), [BEDTIME, other])
    engine = engine_of(entry)
    real_create = engine.async_create_plan

    async def refuse_bedtime(request: Any) -> PlanRecord:
        if request.intent == BEDTIME["intent"]:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="empty_intent"
            )
        return await real_create(request)

    with patch.object(engine, "async_create_plan", AsyncMock(wraps=refuse_bedtime)):
        await advance_to(hass, freezer, local(*MONDAY, 22, 30))
    assert "Routine Bedtime could not be planned" in caplog.text
    assert [record.task_spec.intent for record in routine_plans(entry)] == [
        "turn on the kitchen lights"
    ]


async def test_invalid_stored_routine_is_skipped(
    demo_home: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A stored routine that cannot run is logged at setup; the valid ones run."""
    hass = demo_home
    broken = {"name": "Broken", "intent": "turn on the bed light", "time": "25:00"}
    entry = await set_up_at(hass, freezer, local(*MONDAY, 22, 0), [broken, BEDTIME])
    assert "Routine Broken is skipped" in caplog.text
    await advance_to(hass, freezer, local(*MONDAY, 22, 30))
    assert len(routine_plans(entry)) == 1


async def test_unloaded_entry_runs_no_routine(
    demo_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Unloading the entry disarms its routines."""
    hass = demo_home
    entry = await set_up_at(hass, freezer, local(*MONDAY, 22, 0), [BEDTIME])
    engine = engine_of(entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    with patch.object(engine, "async_create_plan", AsyncMock()) as create:
        await advance_to(hass, freezer, local(*MONDAY, 22, 30))
    create.assert_not_called()
