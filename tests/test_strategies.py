"""Strategies that matter: one home, one request, five different plans (issue 15).

The home: a bedroom at 27 °C with a cloud air conditioner and a local fan, a
dishwasher, and a living room at 16 °C to warm by a deadline with someone home.
Power is nearly free this hour, dear the next, and cheap after midnight. What each
strategy does with "cool the bedroom, run the dishwasher, warm the living room":

* privacy first cools with the local fan; otherwise it leans to cost (the dishwasher
  waits) but not against the person at home (the heating starts now);
* cost takes the cheapest of everything;
* latency does everything now, with the fan (local is quicker than the cloud);
* comfort cools with the air conditioner and does everything now;
* balanced uses the fan, runs the dishwasher now and heats at the cheap time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from custom_components.orchestration.core.models import (
    AreaEnvironment,
    AreaInfo,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    Goal,
    GoalType,
    StepKind,
    Strategy,
    Targets,
)
from custom_components.orchestration.core.planning.devices import FAN_COMFORT
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .planner_home import NOW, goal, hourly_prices, snapshot, task

# 20:00 nearly free, 21:00 dear, cheap from 02:00 (UTC; the home is in Berlin).
PRICES = [0.02, 0.9, 0.1, 0.28, 0.22, 0.15, 0.02, 0.02, 0.02, 0.12, 0.20, 0.30]
PRICES += [0.35] * 12
OPTIONS = PlannerOptions(local_execution_preference=0.4)


def strategies_home() -> ContextSnapshot:
    snap = snapshot(anyone_home=True)
    snap.quiet_hours.windows = []
    assert snap.tariff is not None
    snap.tariff.slots = hourly_prices(PRICES)
    snap.areas["bedroom"] = AreaInfo("bedroom", "Bedroom")
    snap.entities["climate.bedroom_ac"] = EntityInfo(
        "climate.bedroom_ac",
        "Bedroom AC",
        state="cool",
        area_id="bedroom",
        local=False,
        supported_features=1 | 128 | 256,
        power_w=1500.0,
    )
    snap.entities["fan.bedroom_fan"] = EntityInfo(
        "fan.bedroom_fan",
        "Bedroom Fan",
        state="off",
        area_id="bedroom",
        supported_features=1 | 16 | 32,
        power_w=40.0,
    )
    snap.environment.areas["bedroom"] = AreaEnvironment(temperature=27.0)
    snap.environment.areas["living_room"] = AreaEnvironment(temperature=16.0)
    return snap


REQUEST = task(
    Goal(GoalType.SET_TEMPERATURE, Targets(area_ids=["bedroom"]), {"temperature": 22}),
    Goal(GoalType.RUN_APPLIANCE, Targets(entity_ids=["switch.dishwasher"])),
    Goal(GoalType.PRECONDITION, Targets(area_ids=["living_room"]), {"temperature": 21}),
    constraints=[
        Constraint(
            ConstraintType.DEADLINE, {"before": (NOW + timedelta(hours=10)).isoformat()}
        )
    ],
)


def plan_under(strategy: Strategy, options: PlannerOptions = OPTIONS) -> PlanningResult:
    return build_plan(REQUEST, strategies_home(), strategy=strategy, options=options)


def actions(result: PlanningResult) -> list[tuple[str | None, str, datetime | None]]:
    return [
        (step.action, step.entity_ids[0], step.not_before)
        for step in result.plan.steps
        if step.kind is StepKind.ACTION
    ]


AT_02 = NOW + timedelta(hours=6)  # the dishwasher's cheapest two hours


def test_each_strategy_picks_a_different_plan() -> None:
    fan = ("fan.turn_on", "fan.bedroom_fan", None)
    ac = ("climate.set_temperature", "climate.bedroom_ac", None)
    dishes_now = ("switch.turn_on", "switch.dishwasher", None)
    dishes_later = ("switch.turn_on", "switch.dishwasher", AT_02)
    heat_now = ("climate.set_temperature", "climate.living_ac", None)
    plans = {strategy: actions(plan_under(strategy)) for strategy in Strategy}
    assert plans[Strategy.PRIVACY_FIRST] == [fan, dishes_later, heat_now]
    assert plans[Strategy.LATENCY] == [fan, dishes_now, heat_now]
    assert plans[Strategy.COMFORT] == [ac, dishes_now, heat_now]
    cost, balanced = plans[Strategy.COST], plans[Strategy.BALANCED]
    assert cost[:2] == [fan, dishes_later]
    assert balanced[:2] == [fan, dishes_now]
    assert cost[2] == balanced[2]
    assert cost[2][:2] == ("climate.set_temperature", "climate.living_ac")
    heat_at = cost[2][2]
    assert heat_at is not None
    assert NOW + timedelta(hours=4) < heat_at < NOW + timedelta(hours=6)
    assert len({tuple(plan) for plan in plans.values()}) == 5


def test_privacy_first_is_the_most_local_and_comfort_the_most_comfortable() -> None:
    results = {strategy: plan_under(strategy) for strategy in Strategy}
    privacy = {s: r.plan.privacy_score for s, r in results.items()}
    assert privacy[Strategy.PRIVACY_FIRST] == max(privacy.values())
    assert privacy[Strategy.PRIVACY_FIRST] > privacy[Strategy.COMFORT]
    comfort = {s: r.plan.scores.comfort for s, r in results.items()}
    assert comfort[Strategy.COMFORT] == max(comfort.values())
    costs = {s: r.plan.estimated_cost for s, r in results.items()}
    assert costs[Strategy.COST] == min(costs.values())


def test_the_fan_is_named_by_what_it_does_among_the_alternatives() -> None:
    comfort = plan_under(Strategy.COMFORT)
    summaries = [item.summary for item in comfort.alternatives]
    assert any(
        summary.startswith("With Bedroom Fan instead") and "less comfortable" in summary
        for summary in summaries
    ), summaries


@pytest.mark.parametrize(
    ("preference", "cools_with"),
    [
        (0.1, "climate.bedroom_ac"),
        (0.4, "climate.bedroom_ac"),
        (0.9, "fan.bedroom_fan"),
    ],
)
def test_the_local_preference_weighs_continuously(
    preference: float, cools_with: str
) -> None:
    """Under comfort, the cloud AC wins until running locally weighs enough."""
    result = plan_under(
        Strategy.COMFORT, PlannerOptions(local_execution_preference=preference)
    )
    assert actions(result)[0][1] == cools_with


def test_a_named_device_is_never_swapped_for_another() -> None:
    """The fan stands in for a room's cooling, not for a device asked for by name."""
    result = build_plan(
        task(goal(GoalType.SET_TEMPERATURE, "climate.bedroom_ac", temperature=22)),
        strategies_home(),
        strategy=Strategy.COST,
        options=OPTIONS,
    )
    assert [step.action for step in result.plan.steps] == ["climate.set_temperature"]
    assert result.plan.steps[0].fallbacks[0].action == "fan.turn_on"
    assert FAN_COMFORT < 1


def twins_home() -> ContextSnapshot:
    """A TV two integrations control (one device), and a local speaker beside it."""
    snap = snapshot()
    for entity_id, local in (
        ("media_player.tv_cloud", False),
        ("media_player.tv_local", True),
    ):
        snap.entities[entity_id] = EntityInfo(
            entity_id,
            "TV",
            state="on",
            area_id="bedroom",
            device_id="tv",
            local=local,
            supported_features=0xFFFFF,
        )
    snap.entities["media_player.speaker"] = EntityInfo(
        "media_player.speaker",
        "Speaker",
        state="on",
        area_id="bedroom",
        device_id="speaker",
        local=True,
        supported_features=0xFFFFF,
    )
    snap.areas["bedroom"] = AreaInfo("bedroom", "Bedroom")
    return snap


def test_a_device_two_integrations_control_is_acted_on_locally() -> None:
    """Turning off the bedroom's media: the TV once, through its local integration."""
    for strategy in Strategy:
        result = build_plan(
            task(Goal(GoalType.TURN_OFF, Targets(area_ids=["bedroom"]))),
            twins_home(),
            strategy=strategy,
            options=PlannerOptions(),
        )
        (step,) = result.plan.steps
        assert step.entity_ids == ["media_player.speaker", "media_player.tv_local"]
        assert result.plan.privacy_score == 1.0


@pytest.mark.parametrize(
    ("preference", "first"),
    [(0.8, "media_player.speaker"), (0.2, "media_player.tv_cloud")],
)
def test_fallbacks_weigh_local_against_the_same_device(
    preference: float, first: str
) -> None:
    """When the local TV fails: another local device, or the TV through the cloud."""
    snap = twins_home()
    result = build_plan(
        task(goal(GoalType.MEDIA_PAUSE, "media_player.tv_local")),
        snap,
        strategy=Strategy.BALANCED,
        options=PlannerOptions(local_execution_preference=preference),
    )
    fallbacks = [item.entity_ids for item in result.plan.steps[0].fallbacks]
    assert fallbacks[0] == [first]


@pytest.mark.parametrize(
    "deadline", [None, NOW + timedelta(hours=10)], ids=["no deadline", "by a deadline"]
)
def test_a_room_to_cool_ahead_may_be_cooled_by_its_fan(
    deadline: datetime | None,
) -> None:
    """Cooling the bedroom to 22 is a precondition; the local fan does that job too.

    Privacy first takes the fan; comfort, with little weight on running locally, the
    cloud AC; a named AC stays the AC.
    """
    constraints = (
        []
        if deadline is None
        else [Constraint(ConstraintType.DEADLINE, {"before": deadline.isoformat()})]
    )
    room = task(
        Goal(GoalType.PRECONDITION, Targets(area_ids=["bedroom"]), {"temperature": 22}),
        constraints=constraints,
    )
    named = task(
        goal(GoalType.PRECONDITION, "climate.bedroom_ac", temperature=22),
        constraints=constraints,
    )

    def cools_with(
        request: Any, strategy: Strategy, options: PlannerOptions = OPTIONS
    ) -> list[str]:
        result = build_plan(
            request, strategies_home(), strategy=strategy, options=options
        )
        return [entity for _, entity, _ in actions(result)]

    assert cools_with(room, Strategy.PRIVACY_FIRST) == ["fan.bedroom_fan"]
    hardly_local = PlannerOptions(local_execution_preference=0.1)
    assert cools_with(room, Strategy.COMFORT, hardly_local) == ["climate.bedroom_ac"]
    assert cools_with(named, Strategy.PRIVACY_FIRST) == ["climate.bedroom_ac"]
