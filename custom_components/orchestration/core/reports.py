"""What a plan reads: its ``query_state`` reports, read only once it may read them.

A question ("what is the alarm pin") becomes a condition step whose
``data["report"]`` maps each entity to its state. The planner fills it from the
snapshot; a plan not yet allowed to run must not show the value of a restricted or
confidential entity to anyone (a response, an event, a notification, diagnostics, an
LLM tool), so ``withhold`` blanks those values (``None``) until the plan starts, and
``read`` fills every report with the states as they are when it runs.

Pure Python: nothing here imports Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .approvals import REPORT_KEY
from .models import ContextSnapshot, ExecutionPlan, ExecutionStep, PrivacyClass
from .policy import entity_privacy


def _reports(plans: Iterable[ExecutionPlan]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    pending: list[ExecutionStep] = [step for plan in plans for step in plan.steps]
    while pending:
        step = pending.pop()
        pending.extend(step.fallbacks)
        report = step.data.get(REPORT_KEY)
        if isinstance(report, dict):
            found.append(report)
    return found


def withhold(plans: Iterable[ExecutionPlan], snapshot: ContextSnapshot) -> None:
    """Blank the reported values of confidential and restricted entities."""
    for report in _reports(plans):
        for entity_id in report:
            entity = snapshot.entities.get(entity_id)
            if (
                entity is None
                or entity_privacy(entity).rank >= PrivacyClass.CONFIDENTIAL.rank
            ):
                report[entity_id] = None


def read(plan: ExecutionPlan, state_of: Callable[[str], str | None]) -> None:
    """Fill every report of ``plan`` with the states now (the plan is running)."""
    for report in _reports([plan]):
        for entity_id in report:
            report[entity_id] = state_of(entity_id)
