"""Benchmark of the policy gate: prints JSON with timings of ``evaluate``.

Run with ``scripts/bench-policy``. A generated home of ``entities`` entities (lights,
covers with garage doors among them, locks, cameras, labelled sensors) and plans of
growing size, half of the steps with a cloud fallback; each plan is evaluated for every
trust tier with a handful of consents.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import statistics
import sys
import time

from custom_components.orchestration.core.models import (
    ConsentReference,
    ContextSnapshot,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    PrivacyClass,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.core.policy import evaluate

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
_KINDS = [
    ("light", "turn_on", None, []),
    ("cover", "open_cover", "garage", []),
    ("cover", "open_cover", "blind", []),
    ("lock", "unlock", None, []),
    ("camera", "snapshot", None, []),
    ("switch", "turn_on", None, ["confidential"]),
    ("sensor", "update", None, ["restricted"]),
]


def build_home(size: int) -> ContextSnapshot:
    """A home of ``size`` entities spread over 10 areas."""
    entities = {}
    for index in range(size):
        domain, _, device_class, labels = _KINDS[index % len(_KINDS)]
        entity_id = f"{domain}.e{index}"
        entities[entity_id] = EntityInfo(
            entity_id,
            entity_id,
            area_id=f"area{index % 10}",
            device_class=device_class,
            labels=list(labels),
            local=index % 5 != 0,
        )
    return ContextSnapshot(now=NOW, entities=entities)


def build_plan(steps: int, home: ContextSnapshot) -> ExecutionPlan:
    """A plan acting on the first ``steps`` entities, every other with a fallback."""
    plan_steps = []
    for index, entity in enumerate(list(home.entities.values())[:steps]):
        service = _KINDS[index % len(_KINDS)][1]
        fallbacks = (
            [
                ExecutionStep(
                    f"f{index}",
                    StepKind.ACTION,
                    action=f"{entity.domain}.{service}",
                    target={"area_id": [entity.area_id or ""]},
                    local=False,
                )
            ]
            if index % 2
            else []
        )
        plan_steps.append(
            ExecutionStep(
                f"s{index}",
                StepKind.ACTION,
                action=f"{entity.domain}.{service}",
                target={"entity_id": [entity.entity_id]},
                fallbacks=fallbacks,
            )
        )
    return ExecutionPlan(strategy=Strategy.BALANCED, steps=plan_steps)


def main(repeat: int = 10) -> dict[str, object]:
    """Time evaluate over plan sizes; return the JSON-ready result."""
    consents = [
        ConsentReference(
            f"c{index}",
            scope,
            "alice",
            "owner",
            NOW - timedelta(days=1),
        )
        for index, scope in enumerate(
            ["security.camera.view", "data.confidential.cloud", "security.*"]
        )
    ]
    results: dict[str, object] = {"repeat": repeat}
    for entities, steps in ((50, 5), (200, 20), (500, 50), (2000, 200)):
        home = build_home(entities)
        plan = build_plan(steps, home)
        timings = []
        decisions: dict[str, int] = {}
        for _ in range(repeat):
            for tier in TrustTier:
                for privacy in (PrivacyClass.INTERNAL, PrivacyClass.RESTRICTED):
                    start = time.perf_counter()
                    decision = evaluate(
                        TaskSpec(intent="bench", privacy_class=privacy),
                        plan,
                        caller_tier=tier,
                        snapshot=home,
                        consents=consents,
                        user_id="alice",
                        now=NOW,
                    )
                    timings.append((time.perf_counter() - start) * 1000)
                    decisions[decision.decision.value] = (
                        decisions.get(decision.decision.value, 0) + 1
                    )
        timings.sort()
        results[f"{entities}_entities_{steps}_steps"] = {
            "evaluations": len(timings),
            "median_ms": round(statistics.median(timings), 3),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
            "max_ms": round(timings[-1], 3),
            "decisions": decisions,
        }
    return results


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    sys.stdout.write("\n")
