"""Serialisation section: the models to their JSON form and back, on hot-path values.

Plans are stored and answered as JSON (``PlanRecord.as_dict``/``as_response``), stored
plans are read back at start-up (``from_dict``), and snapshots go the same way in
diagnostics and tests. Measured: a stored plan from the pipeline (a bedtime routine,
two appliances scheduled for the cheapest time and a preconditioning, with fallbacks,
guardrails and alternatives), and the snapshots of synthetic homes of 500 and 5,000
entities. Reported: the median time per conversion in microseconds, over batches.
"""

from __future__ import annotations

from collections.abc import Callable
import json
import os
import statistics
import time
from typing import Any

from custom_components.orchestration.core.explainer import explain
from custom_components.orchestration.core.handover import script_config
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Decision,
    Goal,
    GoalType,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StatusChange,
    Strategy,
    Targets,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions
from tests.synthetic_home import synthetic_home

SEED = 20261123
BATCHES = 15


def _record(snapshot: ContextSnapshot) -> PlanRecord:
    task = TaskSpec(
        "good night, run the dishwasher and the washer when power is cheapest "
        "before 7am and warm room 1 to 22 degrees by 7am",
        goals=[
            Goal(GoalType.ROUTINE, params={"name": "bedtime"}),
            Goal(GoalType.RUN_APPLIANCE, Targets(entity_ids=["switch.dishwasher"])),
            Goal(GoalType.RUN_APPLIANCE, Targets(entity_ids=["switch.washer"])),
            Goal(
                GoalType.PRECONDITION, Targets(area_ids=["area_1"]), {"temperature": 22}
            ),
        ],
        constraints=[
            Constraint(ConstraintType.MINIMIZE_COST),
            Constraint(
                ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
            ),
        ],
    )
    result = build_plan(
        task, snapshot, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    decision = PolicyDecision(Decision.ALLOW, TrustTier.TRUSTED, ["device.control"])
    return PlanRecord(
        plan_id="bench",
        status=PlanStatus.SCHEDULED,
        created=snapshot.now,
        task_spec=task,
        policy=decision,
        plan=result.plan,
        alternatives=list(result.alternatives),
        explanation=explain(
            task,
            result.plan,
            decision,
            snapshot=snapshot,
            alternatives=result.alternatives,
        ),
        script=script_config(result.plan, "bench"),
        planning_time_ms=1.0,
        history=[StatusChange(None, PlanStatus.SCHEDULED, snapshot.now, "planned")],
    )


def _per_call_us(work: Callable[[], object], calls: int) -> float:
    """Median over batches of the time one call takes, in microseconds."""
    work()
    samples = []
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(calls):
            work()
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return round(statistics.median(samples), 1)


def run() -> dict[str, Any]:
    """Return the serialisation measurements."""
    report: dict[str, Any] = {"load_average_1m": round(os.getloadavg()[0], 2)}
    record = _record(synthetic_home(500, SEED))
    stored = json.loads(json.dumps(record.as_dict()))
    report["plan_record"] = {
        "steps": len(record.plan.steps),
        "fallbacks": sum(len(step.fallbacks) for step in record.plan.steps),
        "alternatives": len(record.alternatives),
        "json_bytes": len(json.dumps(stored)),
        "as_dict_us": _per_call_us(record.as_dict, 200),
        "as_response_us": _per_call_us(record.as_response, 200),
        "from_dict_us": _per_call_us(lambda: PlanRecord.from_dict(stored), 200),
    }
    for size, calls in ((500, 20), (5000, 3)):
        snapshot = synthetic_home(size, SEED)
        data = json.loads(json.dumps(snapshot.as_dict()))
        report[f"snapshot_{size}"] = {
            "entities": len(snapshot.entities),
            "as_dict_us": _per_call_us(snapshot.as_dict, calls),
            "from_dict_us": _per_call_us(
                lambda data=data: ContextSnapshot.from_dict(data), calls
            ),
        }
    return report
