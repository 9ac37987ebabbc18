"""What a plan reads is read when it may: withheld before, read when it runs."""

from __future__ import annotations

from datetime import UTC, datetime

from custom_components.orchestration.core import reports
from custom_components.orchestration.core.models import (
    ContextSnapshot,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    StepKind,
    Strategy,
)

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
SNAPSHOT = ContextSnapshot(
    now=NOW,
    entities={
        entity.entity_id: entity
        for entity in (
            EntityInfo("sensor.temperature", "Temperature", state="21"),
            EntityInfo("sensor.diary", "Diary", labels=["confidential"], state="x"),
            EntityInfo("sensor.pin", "PIN", labels=["restricted"], state="4711"),
        )
    },
)


def question() -> ExecutionPlan:
    """A plan that reports three states, as the planner makes it."""
    report = {
        entity_id: entity.state for entity_id, entity in SNAPSHOT.entities.items()
    }
    fallback = ExecutionStep("s1f1", StepKind.CONDITION, data={"report": dict(report)})
    return ExecutionPlan(
        Strategy.BALANCED,
        steps=[
            ExecutionStep(
                "s1", StepKind.CONDITION, data={"report": report}, fallbacks=[fallback]
            )
        ],
    )


def test_withheld_until_allowed() -> None:
    """Confidential, restricted and unknown entities' values are blanked."""
    plan, other = question(), question()
    plan.steps[0].data["report"]["sensor.gone"] = "on"
    reports.withhold([plan, other], SNAPSHOT)
    expected = {
        "sensor.temperature": "21",
        "sensor.diary": None,
        "sensor.pin": None,
    }
    assert plan.steps[0].data["report"] == {**expected, "sensor.gone": None}
    assert plan.steps[0].fallbacks[0].data["report"] == expected
    assert other.steps[0].data["report"] == expected


def test_read_when_it_runs() -> None:
    """Every report holds the states of the moment the plan starts."""
    plan = question()
    reports.withhold([plan], SNAPSHOT)
    now = {"sensor.temperature": "22", "sensor.pin": "4711"}
    reports.read(plan, now.get)
    assert plan.steps[0].data["report"] == {
        "sensor.temperature": "22",
        "sensor.diary": None,
        "sensor.pin": "4711",
    }
