"""The power model: what runs now and what other plans run count against the limit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from custom_components.orchestration.core.energy.headroom import (
    BASE_LOAD_HORIZON,
    DrawKind,
    PowerDraw,
    PowerProfile,
    planned_draws,
    running_draws,
)
from custom_components.orchestration.core.energy.scheduling import (
    Load,
    schedule_loads,
)
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    ExecutionStep,
    GoalType,
    Origin,
    PlanStatus,
    Priority,
    StepId,
    StepKind,
    Strategy,
    TimeWindow,
)
from custom_components.orchestration.core.planning.arbiter import (
    ActivePlan,
    Claimant,
)
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .planner_home import NOW, goal, hourly_prices, snapshot, task

HOUR = timedelta(hours=1)
CHEAPEST = Constraint(ConstraintType.MINIMIZE_COST)
DEADLINE = Constraint(ConstraintType.DEADLINE, {"before": "2026-11-24T08:00:00+01:00"})


def ev_home(limit: float | None = 11000.0, **changes: object) -> ContextSnapshot:
    """The test home with an EV charger, no quiet hours, and ``limit`` watts."""
    snap = snapshot(power_limit_w=limit, **changes)
    snap.quiet_hours.windows = []
    snap.entities["switch.ev_charger"] = EntityInfo(
        "switch.ev_charger",
        "EV Charger",
        state="off",
        area_id="garage",
        power_w=7400.0,
        appliance="ev_charger",
    )
    return snap


def charge(snap: ContextSnapshot, **kwargs: object) -> PlanningResult:
    return build_plan(
        task(
            goal(GoalType.RUN_APPLIANCE, "switch.ev_charger", duration_min=180),
            constraints=[CHEAPEST, DEADLINE],
        ),
        snap,
        strategy=Strategy.BALANCED,
        options=PlannerOptions(),
        **kwargs,  # type: ignore[arg-type]
    )


def load_start(result: PlanningResult, entity_id: str) -> datetime | None:
    for step in result.plan.steps:
        if step.entity_ids == [entity_id] and step.action == "switch.turn_on":
            return step.not_before
    return None


# --- The profile --------------------------------------------------------------------


def test_a_running_appliance_is_expected_to_finish_its_typical_run() -> None:
    started = NOW - timedelta(minutes=30)
    dishwasher = EntityInfo(
        "switch.dishwasher",
        "Dishwasher",
        state="on",
        power_w=1900.0,
        appliance="dishwasher",
        measured_power_w=1900.0,
        last_changed=started,
    )
    standby = EntityInfo(
        "switch.washer", "Washer", appliance="washer", measured_power_w=2.0
    )
    kettle = EntityInfo("switch.kettle", "Kettle", state="on", power_w=2000.0)
    lamp = EntityInfo("light.lamp", "Lamp", state="on", power_w=10.0)
    draws = running_draws([dishwasher, standby, kettle, lamp], NOW, grid_power_w=4500.0)
    assert draws == [
        PowerDraw(
            "switch.dishwasher",
            1900.0,
            NOW,
            started + timedelta(minutes=120),
            DrawKind.RUNNING,
        ),
        PowerDraw("switch.washer", 2.0, NOW, None, DrawKind.RUNNING),
        PowerDraw("switch.kettle", 2000.0, NOW, None, DrawKind.RUNNING),
        PowerDraw("", 598.0, NOW, NOW + BASE_LOAD_HORIZON, DrawKind.BASE),
    ]
    overdue = EntityInfo(
        "switch.dishwasher",
        "Dishwasher",
        appliance="dishwasher",
        measured_power_w=1900.0,
        last_changed=NOW - timedelta(hours=5),
    )
    assert running_draws([overdue], NOW)[0].end == NOW + timedelta(minutes=10)


def test_another_plans_load_draws_its_average_power_for_its_run() -> None:
    steps = [
        ExecutionStep(StepId("s1"), StepKind.WAIT, not_before=NOW + HOUR),
        ExecutionStep(
            StepId("s2"),
            StepKind.ACTION,
            action="switch.turn_on",
            target={"entity_id": ["switch.dishwasher"]},
            not_before=NOW + HOUR,
            estimated_duration_s=7200.0,
            energy_kwh=3.6,
        ),
        ExecutionStep(
            StepId("s3"),
            StepKind.ACTION,
            action="light.turn_off",
            target={"entity_id": ["light.kitchen"]},
        ),
    ]
    assert planned_draws("p1", steps, NOW) == [
        PowerDraw(
            "switch.dishwasher",
            1800.0,
            NOW + HOUR,
            NOW + 3 * HOUR,
            DrawKind.PLANNED,
            "p1",
        )
    ]
    assert planned_draws("p1", steps, NOW + 4 * HOUR) == []


def test_busy_windows_are_where_a_new_load_would_pass_the_limit() -> None:
    profile = PowerProfile(
        9000.0,
        [
            PowerDraw("a", 2000.0, NOW, NOW + 2 * HOUR, DrawKind.RUNNING),
            PowerDraw("b", 500.0, NOW + HOUR, None, DrawKind.RUNNING),
        ],
    )
    assert profile.peak_w(NOW, NOW + 3 * HOUR) == 2500.0
    assert profile.busy_windows(7400.0, NOW, NOW + 4 * HOUR) == [
        TimeWindow(NOW, NOW + 2 * HOUR)
    ]
    assert profile.busy_windows(8600.0, NOW, NOW + 4 * HOUR) == [
        TimeWindow(NOW, NOW + 4 * HOUR)
    ]
    assert profile.fits(6500.0, NOW, NOW + HOUR)
    assert not profile.fits(7400.0, NOW + HOUR, NOW + 2 * HOUR)
    assert PowerProfile(None, profile.draws).busy_windows(1e9, NOW, NOW + HOUR) == []
    assert profile.without(["a"]).fits(8500.0, NOW, NOW + 4 * HOUR)


def test_joint_schedules_count_the_background_power() -> None:
    """Two 2 kW loads, a 5 kW cap, 2 kW drawn all night: they cannot run together."""
    slots = hourly_prices([0.1, 0.2, 0.3, 0.4])
    loads = [
        Load(key, HOUR, 2.0, NOW, NOW + 4 * HOUR) for key in ("switch.a", "switch.b")
    ]
    free = schedule_loads(loads, slots, power_limit_kw=5.0)
    assert {result.start for result in free.results.values()} == {NOW}
    busy = schedule_loads(
        loads, slots, power_limit_kw=5.0, background=[(NOW, None, 2.0)]
    )
    assert busy.optimal
    assert sorted(result.start for result in busy.results.values()) == [
        NOW,
        NOW + HOUR,
    ]


# --- The planner ---------------------------------------------------------------------


def test_the_ev_charges_in_its_cheapest_window_under_a_home_sized_limit() -> None:
    result = charge(ev_home())
    assert result.feasible, result.reasons
    # Cheapest three hours before 08:00: 01:00-04:00 local (05-08 UTC after NOW).
    assert load_start(result, "switch.ev_charger") == NOW + 6 * HOUR


def test_a_running_appliance_moves_the_ev_until_it_has_finished() -> None:
    snap = ev_home(limit=9000.0)
    snap.entities["switch.dishwasher"].state = "on"
    snap.entities["switch.dishwasher"].appliance = "dishwasher"
    snap.entities["switch.dishwasher"].measured_power_w = 1800.0
    snap.entities["switch.dishwasher"].last_changed = NOW
    now_result = build_plan(
        task(goal(GoalType.RUN_APPLIANCE, "switch.ev_charger", duration_min=60)),
        snap,
        strategy=Strategy.LATENCY,
        options=PlannerOptions(),
    )
    # The dishwasher (typical run 2 h) ends at NOW + 2 h: the soonest start.
    assert load_start(now_result, "switch.ev_charger") == NOW + 2 * HOUR


def test_the_limit_explains_itself_when_it_moves_a_load() -> None:
    other = ActivePlan(
        "other",
        Claimant(Origin.USER_REQUEST, Priority.HIGH, NOW - HOUR),
        [
            ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.washer"]},
                not_before=NOW + 6 * HOUR,
                estimated_duration_s=3 * 3600.0,
                energy_kwh=6.6,
            )
        ],
    )
    result = charge(ev_home(limit=9000.0), active_plans=[other])
    start = load_start(result, "switch.ev_charger")
    assert start is not None
    assert start != NOW + 6 * HOUR
    note = next(note for note in result.plan.notes if "power limit" in note)
    assert note.startswith("EV Charger (7.4 kW) runs ")
    assert "instead of at the cheapest time, 03:00" in note
    assert "then Washer (2.2 kW) draw power" in note
    assert "power limit of 9 kW" in note
    german = note.render("de")  # type: ignore[attr-defined]
    assert "Leistungsgrenze des Zuhauses von 9 kW" in german


def test_a_plan_of_lower_priority_does_not_keep_the_headroom() -> None:
    """An insight's scheduled load gives way; it is moved when it no longer fits."""
    insight = ActivePlan(
        "insight",
        Claimant(Origin.INSIGHT_RECOMMENDATION, Priority.LOW, NOW - HOUR),
        [
            ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.washer"]},
                not_before=NOW + 6 * HOUR,
                estimated_duration_s=3 * 3600.0,
                energy_kwh=6.6,
            )
        ],
        status=PlanStatus.SCHEDULED,
    )
    result = charge(
        ev_home(limit=9000.0),
        active_plans=[insight],
        claimant=Claimant(Origin.USER_REQUEST, Priority.HIGH, NOW),
    )
    assert load_start(result, "switch.ev_charger") == NOW + 6 * HOUR


@pytest.mark.parametrize("limit", [3500.0, 7000.0])
def test_a_load_above_the_limit_says_the_limit_is_an_option(limit: float) -> None:
    result = charge(ev_home(limit=limit))
    assert not result.feasible
    assert result.reasons[0] == (
        f"EV Charger draws 7.4 kW, more than the home's power limit of "
        f"{limit / 1000:g} kW (the most its supply may deliver at once, set in the "
        "options)."
    )


def test_a_load_with_no_room_under_the_limit_says_what_draws_the_power() -> None:
    snap = ev_home(limit=9000.0)
    snap.entities["switch.kitchen_kettle"].state = "on"  # no end known
    result = charge(snap)
    assert not result.feasible
    assert result.reasons[0] == (
        "EV Charger (7.4 kW) fits in no allowed time: with Kitchen Kettle (2 kW) "
        "drawing power, the home would pass its power limit of 9 kW."
    )
