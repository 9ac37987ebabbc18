"""Plans run as real DAGs over hours: through the services, the clock moved along.

Each step waits only for its own dependencies, deferred steps are armed on their own,
and a restart in the middle of a plan neither repeats what was done nor loses what
was left.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.trace.util import async_list_traces
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from .helpers import call
from .timeline import (
    advance,
    async_setup_timeline_home,
    let_devices_finish,
    local,
    restart,
    start,
)

MIXED = (
    "close the living room window, then play the living room and run the "
    "dishwasher when power is cheapest"
)

pytestmark = pytest.mark.usefixtures("real_planning_clock")


def steps_by_action(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["action"]: step for step in plan["plan"]["steps"] if step["action"]}


async def test_a_step_waits_only_for_its_own_dependencies(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The TV plays once the window is closed, not after the dishwasher's window."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    await hass.services.async_call(
        "media_player",
        "media_pause",
        {"entity_id": "media_player.living_room"},
        blocking=True,
    )
    plan = await call(hass, "create_plan", {"intent": MIXED})
    steps = steps_by_action(plan)
    close, play = steps["cover.close_cover"], steps["media_player.media_play"]
    dishwasher = steps["input_boolean.turn_on"]
    assert play["depends_on"] == [close["step_id"]]
    assert dishwasher["not_before"] == local(1, 3).isoformat()
    await let_devices_finish(hass, freezer)
    assert hass.states.get("cover.living_room_window").state == "closed"
    assert hass.states.get("media_player.living_room").state == "playing"

    running = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert running["status"] == "running"
    assert running["progress"][close["step_id"]]["state"] == "done"
    assert running["progress"][play["step_id"]]["state"] == "done"
    assert running["progress"][dishwasher["step_id"]]["state"] == "pending"
    assert running["wait"] == {
        "kind": "time",
        "at": local(1, 3).isoformat(),
        "expires_at": (local(1, 3) + timedelta(minutes=15)).isoformat(),
    }
    assert hass.states.get("input_boolean.dishwasher").state == "off"

    await advance(hass, freezer, local(1, 2, 59) - dt_util.utcnow())
    assert hass.states.get("input_boolean.dishwasher").state == "off"
    await advance(hass, freezer, timedelta(minutes=1, seconds=1))
    assert hass.states.get("input_boolean.dishwasher").state == "on"
    done = await call(hass, "get_plan", {"plan_id": plan["plan_id"]})
    assert done["status"] == "completed"
    assert done["wait"] is None

    # Every step ran as its own traced script under the plan's id (what the
    # websocket command trace/list with domain script and the plan id answers).
    traces = await async_list_traces(hass, "script", f"script.{plan['plan_id']}")
    assert len(traces) == 3
    assert {trace["script_execution"] for trace in traces} == {"finished"}


async def test_a_restart_mid_plan_keeps_what_was_done_and_runs_what_was_left(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The immediate steps ran before the restart; the dishwasher still runs at 03:00."""
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    plan = await call(hass, "create_plan", {"intent": MIXED})
    await let_devices_finish(hass, freezer)
    plan_id = plan["plan_id"]
    close = steps_by_action(plan)["cover.close_cover"]

    async with restart(hass, freezer, down_for=timedelta(hours=1)) as again:
        # The window was opened again meanwhile: a repeated close would show.
        again.states.async_set("cover.living_room_window", "open")
        resumed = await call(again, "get_plan", {"plan_id": plan_id})
        assert resumed["status"] == "running"
        assert resumed["progress"][close["step_id"]]["state"] == "done"
        assert resumed["wait"]["at"] == local(1, 3).isoformat()

        await advance(
            again, freezer, local(1, 3) - dt_util.utcnow() + timedelta(seconds=1)
        )
        assert again.states.get("input_boolean.dishwasher").state == "on"
        assert again.states.get("cover.living_room_window").state == "open"
        done = await call(again, "get_plan", {"plan_id": plan_id})
        assert done["status"] == "completed"
        assert [change["new"] for change in done["history"]] == [
            "scheduled",
            "running",
            "completed",
        ]


async def test_a_restart_past_a_steps_time_reports_exactly_what_was_left(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(start())
    await async_setup_timeline_home(hass)
    plan = await call(hass, "create_plan", {"intent": MIXED})
    await let_devices_finish(hass, freezer)
    dishwasher = steps_by_action(plan)["input_boolean.turn_on"]
    (wait,) = dishwasher["depends_on"]
    number = {
        step["step_id"]: position
        for position, step in enumerate(plan["plan"]["steps"], start=1)
    }

    down_for = local(1, 6) - dt_util.utcnow()
    async with restart(hass, freezer, down_for=down_for) as again:
        failed = await call(again, "get_plan", {"plan_id": plan["plan_id"]})
        assert failed["status"] == "failed"
        progress = failed["progress"]
        assert {step: item["state"] for step, item in progress.items()} == {
            "s1": "done",
            "s2": "done",
            wait: "failed",
            dishwasher["step_id"]: "skipped",
        }
        assert (
            progress[dishwasher["step_id"]]["error"]
            == f"Not run: step {number[wait]} did not succeed."
        )
        assert failed["error"] == (
            "Its time passed while Home Assistant was not running. Not done: step "
            f"{number[dishwasher['step_id']]}."
        )
        assert again.states.get("input_boolean.dishwasher").state == "off"
