"""The engine's parts on their own: the scheduler's triggers and the plan store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
import threading
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.orchestration.const import STORAGE_KEY
from custom_components.orchestration.core.models import (
    PlanRecord,
    PlanStatus,
    StatusChange,
)
from custom_components.orchestration.plans import reasons, store as store_module
from custom_components.orchestration.plans.scheduler import PlanScheduler
from custom_components.orchestration.plans.store import PlanStore

from .factories import NOW, make_record
from .helpers import call, settle

TIMEOUT = timedelta(minutes=60)


class Calls:
    """Records which plans and keys a scheduler called back for."""

    def __init__(self) -> None:
        self.fired: list[str] = []
        self.expired: list[str] = []

    def scheduler(self, hass: HomeAssistant) -> PlanScheduler:
        return PlanScheduler(
            hass,
            approval_timeout=TIMEOUT,
            on_approval_expired=lambda record: self.expired.append(record.plan_id),
        )

    def arm(
        self, scheduler: PlanScheduler, plan_id: str, key: str, at: datetime
    ) -> None:
        scheduler.arm_at(
            plan_id, key, at, lambda: self.fired.append(f"{plan_id}/{key}")
        )


def pending_record(asked: datetime) -> PlanRecord:
    record = make_record()
    record.status = PlanStatus.PENDING_APPROVAL
    record.history = [StatusChange(None, PlanStatus.PENDING_APPROVAL, asked)]
    return record


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, by: timedelta
) -> None:
    freezer.tick(by)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_each_key_of_a_plan_fires_on_its_own(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A plan holds a trigger per step: one step's time does not wait for another's."""
    freezer.move_to(NOW)
    calls = Calls()
    scheduler = calls.scheduler(hass)
    calls.arm(scheduler, "p", "s1", NOW + timedelta(hours=1))
    calls.arm(scheduler, "p", "s3", NOW + timedelta(hours=7))
    assert scheduler.is_armed("p", "s1")
    await advance(hass, freezer, timedelta(hours=1, seconds=1))
    assert calls.fired == ["p/s1"]
    assert not scheduler.is_armed("p", "s1")
    assert scheduler.is_armed("p", "s3")
    await advance(hass, freezer, timedelta(hours=6))
    assert calls.fired == ["p/s1", "p/s3"]
    assert not scheduler.is_armed("p", "s3")


async def test_arming_a_key_again_replaces_its_trigger(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOW)
    calls = Calls()
    scheduler = calls.scheduler(hass)
    calls.arm(scheduler, "p", "s1", NOW + timedelta(hours=1))
    calls.arm(scheduler, "p", "s1", NOW + timedelta(hours=3))
    await advance(hass, freezer, timedelta(hours=2))
    assert calls.fired == []
    await advance(hass, freezer, timedelta(hours=1, seconds=1))
    assert calls.fired == ["p/s1"]


async def test_a_cancelled_trigger_never_fires(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOW)
    calls = Calls()
    scheduler = calls.scheduler(hass)
    calls.arm(scheduler, "first", "s1", NOW + timedelta(hours=1))
    calls.arm(scheduler, "first", "s2", NOW + timedelta(hours=1))
    calls.arm(scheduler, "other", "s1", NOW + timedelta(hours=1))
    scheduler.cancel("first", "s2")
    scheduler.cancel("other")
    scheduler.cancel("nothing armed")
    await advance(hass, freezer, timedelta(hours=2))
    assert calls.fired == ["first/s1"]
    waiting = pending_record(NOW + timedelta(hours=7))
    scheduler.arm_approval_expiry(waiting)
    scheduler.cancel_all()
    await advance(hass, freezer, timedelta(hours=8))
    assert calls.expired == []


async def test_approval_expiry_fires_after_the_timeout(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOW)
    calls = Calls()
    scheduler = calls.scheduler(hass)
    record = make_record()
    record.status = PlanStatus.PENDING_APPROVAL
    record.history.append(StatusChange(PlanStatus.SCHEDULED, record.status, NOW))
    scheduler.arm_approval_expiry(record)
    assert scheduler.approval_expiry(record) == NOW + TIMEOUT
    await advance(hass, freezer, timedelta(minutes=61))
    assert calls.expired == [record.plan_id]


async def test_a_pending_plan_resumes_until_its_approval_runs_out(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOW + timedelta(minutes=30))
    calls = Calls()
    scheduler = calls.scheduler(hass)
    assert scheduler.resume(pending_record(NOW - TIMEOUT), NOW) == (
        reasons.APPROVAL_TIMED_OUT
    )
    record = pending_record(NOW)
    assert scheduler.resume(record, NOW + timedelta(minutes=30)) is None
    await advance(hass, freezer, timedelta(minutes=31))
    assert calls.expired == [record.plan_id]


async def test_only_pending_plans_resume_an_approval(hass: HomeAssistant) -> None:
    record = make_record()
    record.status = PlanStatus.COMPLETED
    scheduler = Calls().scheduler(hass)
    assert scheduler.resume(record, NOW) is None
    assert not scheduler.is_armed(record.plan_id, "approval")


class Part:
    """A stored part that remembers what it was given."""

    def __init__(self) -> None:
        self.loaded: list[Any] = []

    def load(self, data: Any) -> None:
        self.loaded.append(data)

    def dump(self) -> Any:
        return {"kept": True}


async def test_a_file_written_before_a_part_existed_loads(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    record = make_record()
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "key": STORAGE_KEY,
        "data": {"plans": [record.as_dict()], "counters": {"replans": 2}},
    }
    store = PlanStore(hass)
    counters, waits = Part(), Part()
    store.add_part("counters", counters)
    store.add_part("waits", waits)
    await store.async_load()
    assert store.get(record.plan_id) == record
    assert counters.loaded == [{"replans": 2}]
    assert waits.loaded == [None]
    assert store.as_stored()["waits"] == {"kept": True}


async def test_a_delayed_save_reads_the_plans_in_the_event_loop(
    hass: HomeAssistant,
) -> None:
    """Home Assistant may ask for the data from a worker thread (2025.4 does): the
    plans are still read in the loop, never while it changes them."""
    store = PlanStore(hass)
    read_in: list[int] = []

    class Reading:
        def load(self, data: Any) -> None:
            """Nothing stored."""

        def dump(self) -> Any:
            read_in.append(threading.get_ident())
            return {}

    store.add_part("reading", Reading())
    store.add(make_record())
    with patch.object(store_module.Store, "async_delay_save") as delay_save:
        store.save()
    (data_func, _), _ = delay_save.call_args
    stored = await hass.async_add_executor_job(data_func)
    assert [item["plan_id"] for item in stored["plans"]] == [make_record().plan_id]
    assert read_in == [hass.loop_thread_id]
    assert data_func() == stored
    assert read_in == [hass.loop_thread_id] * 2


async def test_only_the_newest_finished_plans_are_kept(hass: HomeAssistant) -> None:
    store = PlanStore(hass)
    seen: list[str] = []
    remove = store.async_add_listener(lambda record: seen.append(record.plan_id))
    records = []
    for hour in range(3):
        record = replace(
            make_record(),
            plan_id=f"p{hour}",
            status=PlanStatus.COMPLETED,
            created=NOW + timedelta(hours=hour),
        )
        records.append(record)
    active = replace(make_record(), plan_id="active")
    with patch.object(store_module, "MAX_FINISHED_PLANS", 2):
        for record in [*records, active]:
            store.add(record)
            store.changed(record)
    assert [record.plan_id for record in store.newest_first()] == [
        "p2",
        "p1",
        "active",
    ]
    assert seen == ["p0", "p1", "p2", "active"]
    assert store.active() == [active]
    assert store.active(exclude=active) == []
    remove()
    assert store.listener_count == 0


@pytest.mark.usefixtures("orchestration_entry")
async def test_an_approval_covers_a_replan_of_the_waiting_plan(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    """A replan needing no new permission runs on the approval of its active plan."""
    pending = await call(
        hass, "create_plan", {"intent": "unlock the front door in 2 hours"}
    )
    assert pending["status"] == "pending_approval"
    await call(
        hass,
        "approve_plan",
        {"plan_id": pending["plan_id"]},
        user_id=hass_admin_user.id,
    )
    again = await call(hass, "replan", {"plan_id": pending["plan_id"]})
    await settle(hass)
    assert again["status"] == "scheduled"
    assert again["approved_by"] == hass_admin_user.id
    assert reasons.APPROVAL_COVERS in again["policy"]["reasons"]
