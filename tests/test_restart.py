"""Plans and consents survive Home Assistant stopping and starting again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant import loader
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.orchestration.const import DOMAIN, STORAGE_KEY

from .common import async_setup_demo_home, default_options
from .helpers import call


async def _start(hass: HomeAssistant, entry_id: str) -> MockConfigEntry:
    await async_setup_demo_home(hass)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DOMAIN,
        entry_id=entry_id,
        options=default_options(),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def test_plans_survive_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any], hass_admin_user: User
) -> None:
    entry = await _start(hass, "orchestration_entry")
    pending = await call(hass, "create_plan", {"intent": "unlock the front door"})
    done = await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    consent = await call(
        hass,
        "grant_consent",
        {"scope": "security.lock.unlock"},
        user_id=hass_admin_user.id,
    )
    await hass.async_stop(force=True)
    stored = hass_storage[STORAGE_KEY]["data"]
    assert {plan["plan_id"] for plan in stored["plans"]} == {
        pending["plan_id"],
        done["plan_id"],
    }

    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await _start(hass2, entry.entry_id)
        again = await call(hass2, "get_plan", {"plan_id": pending["plan_id"]})
        assert again["status"] == "pending_approval"
        assert again["plan"] == pending["plan"]
        assert again["task_spec"] == pending["task_spec"]
        finished = await call(hass2, "get_plan", {"plan_id": done["plan_id"]})
        assert finished["status"] == "completed"
        assert finished["metrics"]["total_executions"] == 1
        assert [
            item["consent_id"] for item in hass_storage[STORAGE_KEY]["data"]["consents"]
        ] == [consent["consent_id"]]
        await hass2.async_stop(force=True)


async def test_a_running_plan_stored_without_progress_is_failed_after_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A plan stored by an earlier version says nothing of its steps: not resumed."""
    entry = await _start(hass, "orchestration_entry")
    done = await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.async_stop(force=True)
    plan = hass_storage[STORAGE_KEY]["data"]["plans"][0]
    plan["status"] = "running"
    del plan["progress"]
    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await _start(hass2, entry.entry_id)
        again = await call(hass2, "get_plan", {"plan_id": done["plan_id"]})
        assert again["status"] == "failed"
        assert again["history"][-1]["reason"] == "Interrupted by a restart"
        await hass2.async_stop(force=True)


@pytest.mark.parametrize(
    ("light", "step", "status", "repeated"),
    [
        # Its device shows it took effect: done, not repeated.
        ("off", "done", "completed", False),
        # Its device shows it did not: run again (turning off twice is harmless).
        ("on", "done", "completed", True),
    ],
)
async def test_a_step_cut_off_by_a_restart_is_settled_from_its_devices(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    light: str,
    step: str,
    status: str,
    repeated: bool,
) -> None:
    entry = await _start(hass, "orchestration_entry")
    plan = await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.async_stop(force=True)
    stored = hass_storage[STORAGE_KEY]["data"]["plans"][0]
    stored["status"] = "running"
    stored["progress"]["s1"]["state"] = "running"
    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await async_setup_demo_home(hass2)
        hass2.states.async_set(
            "light.kitchen_lights",
            light,
            hass2.states.get("light.kitchen_lights").attributes,
        )
        calls = async_capture_events(hass2, "call_service")
        await _start(hass2, entry.entry_id)
        again = await call(hass2, "get_plan", {"plan_id": plan["plan_id"]})
        assert again["progress"]["s1"]["state"] == step
        assert again["status"] == status
        turned_off = [event for event in calls if event.data["service"] == "turn_off"]
        assert bool(turned_off) is repeated
        await hass2.async_stop(force=True)


async def test_a_cut_off_step_whose_effect_cannot_be_read_is_not_repeated(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await _start(hass, "orchestration_entry")
    plan = await call(
        hass, "create_plan", {"intent": "set the living room volume to 30 percent"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert plan["plan"]["steps"][0]["action"] == "media_player.volume_set"
    await hass.async_stop(force=True)
    stored = hass_storage[STORAGE_KEY]["data"]["plans"][0]
    stored["status"] = "running"
    stored["progress"]["s1"]["state"] = "running"
    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        calls = async_capture_events(hass2, "call_service")
        await _start(hass2, entry.entry_id)
        again = await call(hass2, "get_plan", {"plan_id": plan["plan_id"]})
        assert again["status"] == "failed"
        assert again["progress"]["s1"]["state"] == "failed"
        assert again["error"].startswith("A restart cut it off while it ran")
        assert not [event for event in calls if event.data["domain"] == "media_player"]
        await hass2.async_stop(force=True)


async def test_scheduled_plan_runs_on_time_after_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: Any
) -> None:
    entry = await _start(hass, "orchestration_entry")
    plan = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights in 2 hours"}
    )
    assert plan["status"] == "scheduled"
    await hass.async_stop(force=True)

    freezer.tick(timedelta(hours=1))
    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await _start(hass2, entry.entry_id)
        assert hass2.states.get("light.kitchen_lights").state == "on"
        again = await call(hass2, "get_plan", {"plan_id": plan["plan_id"]})
        assert again["status"] == "scheduled"

        freezer.tick(timedelta(minutes=59))
        async_fire_time_changed(hass2)
        await hass2.async_block_till_done()
        assert hass2.states.get("light.kitchen_lights").state == "on"

        freezer.tick(timedelta(minutes=1, seconds=1))
        async_fire_time_changed(hass2)
        await hass2.async_block_till_done(wait_background_tasks=True)
        assert hass2.states.get("light.kitchen_lights").state == "off"
        done = await call(hass2, "get_plan", {"plan_id": plan["plan_id"]})
        assert done["status"] == "completed"
        await hass2.async_stop(force=True)


async def test_scheduled_plan_whose_window_passed_expires(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: Any
) -> None:
    entry = await _start(hass, "orchestration_entry")
    plan = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights in 2 hours"}
    )
    await hass.async_stop(force=True)

    freezer.tick(timedelta(hours=3))
    async with async_test_home_assistant() as hass2:
        hass2.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await _start(hass2, entry.entry_id)
        again = await call(hass2, "get_plan", {"plan_id": plan["plan_id"]})
        assert again["status"] == "expired"
        assert again["history"][-1]["reason"] == (
            "Its time passed while Home Assistant was not running"
        )
        assert hass2.states.get("light.kitchen_lights").state == "on"
        await hass2.async_stop(force=True)
