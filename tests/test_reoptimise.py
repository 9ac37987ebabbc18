"""Re-planning a scheduled plan: keep its time unless moving is worth it (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from custom_components.orchestration.core.explainer import explain
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Decision,
    ExecutionStep,
    GoalType,
    Origin,
    PolicyDecision,
    Priority,
    StepId,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.core.planning.arbiter import (
    ActivePlan,
    Claimant,
)
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
    plan_signature,
)
from custom_components.orchestration.core.planning.reoptimise import (
    MIN_COMFORT_GAIN,
    MIN_SAVING,
    Incumbent,
    Trigger,
    keep_or_move,
    significant_saving,
)
from custom_components.orchestration.core.planning.steps import (
    Draft,
    PlannerOptions,
    Variant,
)

from .planner_home import NOW, goal, hourly_prices, snapshot, task

CHEAPEST = Constraint(ConstraintType.MINIMIZE_COST)
DEADLINE = Constraint(ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"})
DISHES = task(
    goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"), constraints=[CHEAPEST, DEADLINE]
)
ALLOW = PolicyDecision(Decision.ALLOW, TrustTier.TRUSTED)


def quiet_free(prices: list[float] | None = None) -> ContextSnapshot:
    snap = snapshot()
    snap.quiet_hours.windows = []
    assert snap.tariff is not None
    snap.tariff.slots = hourly_prices(prices)
    return snap


def plan(
    snap: ContextSnapshot,
    incumbent: Incumbent | None = None,
    spec: TaskSpec = DISHES,
) -> PlanningResult:
    return build_plan(
        spec,
        snap,
        strategy=Strategy.BALANCED,
        options=snap_options(),
        incumbent=incumbent,
    )


def snap_options() -> PlannerOptions:
    return PlannerOptions()


def start(result: PlanningResult) -> datetime | None:
    return result.plan.steps[-1].not_before


def test_savings_below_the_threshold_do_not_count() -> None:
    assert significant_saving(1.0, 0.85)
    assert not significant_saving(1.0, 0.92)  # 8 % is under 10 %
    assert not significant_saving(0.3, 0.26)  # 0.04 is under 0.05
    assert MIN_SAVING == 0.05


def variant(label: str, cost: float, comfort: float = 1.0) -> Variant:
    draft = Draft(kind=StepKind.ACTION, call=None, entity_ids=[], cost=cost)
    return Variant(label, [draft], comfort=comfort)


def test_keep_or_move() -> None:
    kept, cheaper, warmer = (
        variant("kept", 1.0, 0.8),
        variant("a", 0.5),
        variant("b", 1.2),
    )
    score = {id(kept): 0.5, id(cheaper): 0.6, id(warmer): 0.7}.__getitem__

    def by(item: Variant) -> float:
        return score(id(item))

    assert keep_or_move([cheaper, kept], by, Trigger.PRICES) is cheaper
    assert keep_or_move([warmer, kept], by, Trigger.PRICES) is kept
    assert warmer.comfort - kept.comfort >= MIN_COMFORT_GAIN
    assert keep_or_move([warmer, kept], by, Trigger.PRESENCE) is warmer
    assert keep_or_move([cheaper], by, Trigger.PRICES) is None
    assert keep_or_move([kept], by, Trigger.PRICES) is kept


def test_unchanged_prices_keep_the_plan_as_it_is() -> None:
    first = plan(quiet_free())
    again = plan(quiet_free(), Incumbent(first.plan, Trigger.PRICES))
    assert plan_signature(again.plan) == plan_signature(first.plan)


def test_a_revision_moves_the_load_and_says_what_it_saves() -> None:
    first = plan(quiet_free())
    assert start(first) == NOW + timedelta(hours=7)
    revised = [0.30, 0.02, 0.02, *[0.35] * 21]
    again = plan(quiet_free(revised), Incumbent(first.plan, Trigger.PRICES))
    assert start(again) == NOW + timedelta(hours=1)
    (note,) = [n for n in again.plan.notes if n.startswith("Re-planned")]
    assert note == (
        "Re-planned because the energy prices were published or revised: Dishwasher "
        "moves from 04:00 to 22:00, 1.19 € cheaper at the current prices."
    )
    german = explain(
        DISHES, again.plan, ALLOW, snapshot=quiet_free(revised), language="de"
    )
    assert (
        "Neu geplant, weil die Strompreise veröffentlicht oder geändert wurden: "
        "Dishwasher wechselt von 04:00 auf 22:00, 1,19 € günstiger zu den aktuellen "
        "Preisen."
    ) in german.summary


def test_a_small_revision_keeps_the_time() -> None:
    first = plan(quiet_free())
    # 22:00-00:00 becomes 0.02 cheaper per kWh than 04:00-06:00: 0.07 in all, < 10 %.
    slightly = [0.30, 0.06, 0.08, 0.28, 0.22, 0.15, 0.10, 0.08, 0.08, 0.12]
    again = plan(
        quiet_free([*slightly, *[0.35] * 14]), Incumbent(first.plan, Trigger.PRICES)
    )
    assert start(again) == start(first)


def test_a_time_that_no_longer_fits_under_the_limit_moves() -> None:
    """Another plan now runs the washer then: together they would pass the limit."""
    first = plan(quiet_free())
    washer = ActivePlan(
        "washer",
        Claimant(Origin.USER_REQUEST, Priority.HIGH, NOW),
        [
            ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.washer"]},
                not_before=NOW + timedelta(hours=7),
                estimated_duration_s=2 * 3600.0,
                energy_kwh=4.4,
            )
        ],
    )
    again = build_plan(
        DISHES,
        quiet_free(),
        strategy=Strategy.BALANCED,
        options=snap_options(),
        active_plans=[washer],
        incumbent=Incumbent(first.plan, Trigger.POWER),
    )
    assert start(again) != start(first)
    (note,) = [n for n in again.plan.notes if n.startswith("Re-planned")]
    assert note.startswith(
        "Re-planned because the power available changed: Dishwasher can no longer "
        "start at 04:00 (with what draws power then, the home would pass its power "
        "limit of 3.5 kW); it moves to "
    )
    assert note.render("de").startswith(  # type: ignore[attr-defined]
        "Neu geplant, weil sich die verfügbare Leistung geändert hat: Dishwasher kann "
        "nicht mehr um 04:00 starten (mit dem, was dann Strom braucht, würde das "
        "Zuhause seine Leistungsgrenze von 3,5 kW überschreiten); neu: "
    )
