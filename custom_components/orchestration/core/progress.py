"""The steps of a started plan: which may run, what is left, what a replan keeps.

A plan runs as a DAG: a step may run once every step it depends on is done; when one
of them failed or was skipped, it is skipped too (and says which). A plan has ended
when every step has. Devices a person changed after the plan acted on them are the
person's, devices the plan gave up are the other plan's: steps still to come act on
the others only. Pure: no Home Assistant
imports.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .models import (
    STEP_ENDED,
    ExecutionStep,
    PlanRecord,
    StepId,
    StepKind,
    StepProgress,
    StepState,
)

#: Steps that have started or finished acting on their devices.
_ACTED = frozenset({StepState.RUNNING, StepState.DONE})


def mark(
    record: PlanRecord,
    step_id: StepId,
    state: StepState,
    at: datetime,
    *,
    error: str | None = None,
    entity_ids: list[str] | None = None,
    guardrail: str | None = None,
    checked: datetime | None = None,
) -> StepProgress:
    """Put the step in ``state`` from ``at`` on (keeping when it was checked)."""
    earlier = record.progress.get(step_id)
    progress = StepProgress(
        state=state,
        at=at,
        error=error,
        entity_ids=list(entity_ids or []),
        guardrail=guardrail,
        checked=checked or (earlier.checked if earlier else None),
    )
    record.progress[step_id] = progress
    return progress


def blocker(record: PlanRecord, step: ExecutionStep) -> StepId | None:
    """A step this one depends on that failed or was skipped, if any."""
    return next(
        (
            upstream
            for upstream in step.depends_on
            if record.step_state(upstream) in (StepState.FAILED, StepState.SKIPPED)
        ),
        None,
    )


def dependencies_done(record: PlanRecord, step: ExecutionStep) -> bool:
    """Whether every step this one depends on is done."""
    return all(
        record.step_state(upstream) is StepState.DONE for upstream in step.depends_on
    )


def has_ended(record: PlanRecord) -> bool:
    """Whether every step of the plan has ended (done, failed or skipped)."""
    return all(
        record.step_state(step.step_id) in STEP_ENDED for step in record.plan.steps
    )


def left_over(record: PlanRecord) -> list[StepId]:
    """Steps that were not done and did not fail themselves (skipped), in plan order."""
    return [
        step.step_id
        for step in record.plan.steps
        if record.step_state(step.step_id) not in (StepState.DONE, StepState.FAILED)
    ]


def failures(record: PlanRecord) -> list[StepProgress]:
    """What went wrong with the steps that failed, in plan order."""
    return [
        progress
        for step in record.plan.steps
        if (progress := record.progress.get(step.step_id)) is not None
        and progress.state is StepState.FAILED
    ]


def without_left_devices(
    record: PlanRecord, step: ExecutionStep
) -> ExecutionStep | None:
    """The step as it runs now: not on devices the plan left to others.

    Those are the devices a person changed since the plan acted on them, and those
    the plan gave up to a plan that comes first. None when every device of an
    action step is left to others: nothing is left to do.
    """
    left = record.left_to_others
    if not left or not step.entity_ids:
        return step
    kept = [entity_id for entity_id in step.entity_ids if entity_id not in left]
    if kept == step.entity_ids:
        return step
    if not kept:
        return None
    return replace(step, target={**step.target, "entity_id": kept})


def acted_on(record: PlanRecord, entity_id: str) -> list[ExecutionStep]:
    """Action steps that have acted (or are acting) on ``entity_id``."""
    return [
        step
        for step in record.plan.steps
        if step.kind is StepKind.ACTION
        and entity_id in step.entity_ids
        and record.step_state(step.step_id) in _ACTED
    ]


def still_to_act_on(record: PlanRecord, entity_id: str) -> list[ExecutionStep]:
    """Steps that have not yet acted on ``entity_id`` but will."""
    return [
        step
        for step in record.plan.steps
        if entity_id in step.entity_ids
        and record.step_state(step.step_id) in (StepState.PENDING, StepState.WAITING)
    ]


def _effect(step: ExecutionStep) -> tuple[object, ...]:
    return (
        step.kind,
        step.action,
        tuple(step.entity_ids),
        repr(sorted(step.data.items())),
    )


def carry_over(old: PlanRecord, new: PlanRecord, at: datetime) -> list[StepId]:
    """Mark the steps of ``new`` that ``old`` already did as done; say which.

    A replan of a running plan must not do again what is done, nor undo what a
    person changed: the devices the person changed stay theirs in the new plan.
    """
    done = {
        _effect(step)
        for step in old.plan.steps
        if old.step_state(step.step_id) is StepState.DONE
        and step.kind is not StepKind.WAIT
    }
    kept: list[StepId] = []
    for step in new.plan.steps:
        if step.kind is not StepKind.WAIT and _effect(step) in done:
            mark(new, step.step_id, StepState.DONE, at, error=None)
            kept.append(step.step_id)
    new.overridden = list(dict.fromkeys([*new.overridden, *old.overridden]))
    return kept
