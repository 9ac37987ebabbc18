"""Handover: an execution plan as a Home Assistant script config, runnable as-is.

Steps run in dependency order. Steps with nothing between them run side by side in a
``parallel`` block. A step with a ``not_before`` waits for it with a templated
``delay`` (exact to the second, evaluated when reached). Fallbacks sit in a ``choose``:
the first alternative whose entities are all available runs. After each action the
script waits for the entities to report the state asked for and stops with an error
when they do not (``verification``). Guardrail ``condition`` steps stop the run with an
error when they do not hold, so a skipped plan is never reported as done.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .models import ExecutionPlan, ExecutionStep, StepKind
from .planner import plan_graph
from .verification import VERIFY_TIMEOUT_S, expected_states

UNAVAILABLE = "unavailable"


def script_config(plan: ExecutionPlan) -> dict[str, Any]:
    """Return ``{"sequence": [...]}`` for ``plan``."""
    graph = plan_graph(plan)
    sequence: list[dict[str, Any]] = []
    for generation in nx.topological_generations(graph):
        steps = [plan.step(step_id) for step_id in sorted(generation, key=_order(plan))]
        if len(steps) == 1:
            sequence.extend(step_actions(steps[0]))
        else:
            sequence.append(
                {"parallel": [{"sequence": step_actions(step)} for step in steps]}
            )
    return {"sequence": sequence}


def _order(plan: ExecutionPlan) -> Any:
    positions = {step.step_id: index for index, step in enumerate(plan.steps)}
    return positions.__getitem__


def wait_until(moment_iso: str, alias: str) -> dict[str, Any]:
    """A delay that ends at an absolute moment, or at once if it has passed."""
    return {
        "alias": alias,
        "delay": (
            "{{ [0, (as_datetime('" + moment_iso + "') - now()).total_seconds()]"
            " | max | round(0, 'ceil') | int }}"
        ),
    }


def step_actions(step: ExecutionStep) -> list[dict[str, Any]]:
    """The script actions of one step, including its wait and fallbacks."""
    actions: list[dict[str, Any]] = []
    if step.not_before is not None:
        actions.append(
            wait_until(step.not_before.isoformat(), f"{step.step_id}: wait for start")
        )
    if step.kind is StepKind.WAIT:
        return actions
    if step.kind is StepKind.CONDITION:
        actions.extend(_guardrail(step))
        return actions
    if not step.fallbacks:
        actions.extend(_verified_call(step))
        return actions
    alternatives = [step, *step.fallbacks]
    actions.append(
        {
            "alias": f"{step.step_id}: first available of {len(alternatives)}",
            "choose": [
                {
                    "conditions": [_all_available(option)],
                    "sequence": _verified_call(option),
                }
                for option in alternatives
                if option.entity_ids
            ],
            "default": [
                _call(option) for option in alternatives if not option.entity_ids
            ][:1]
            or [_unavailable_stop(step)],
        }
    )
    return actions


def _call(step: ExecutionStep) -> dict[str, Any]:
    call: dict[str, Any] = {"alias": _alias(step), "action": step.action}
    if step.target:
        call["target"] = {key: list(value) for key, value in step.target.items()}
    if step.data:
        call["data"] = dict(step.data)
    return call


def _verified_call(step: ExecutionStep) -> list[dict[str, Any]]:
    """The call, then a wait until its entities report the state asked for."""
    states = expected_states(step.action)
    entity_ids = step.entity_ids
    if not states or not entity_ids:
        return [_call(step)]
    reached = " and ".join(
        f"states('{entity_id}') in {list(states)!r}" for entity_id in entity_ids
    )
    return [
        _call(step),
        {
            "alias": f"{step.step_id}: verify",
            "wait_template": "{{ " + reached + " }}",
            "timeout": VERIFY_TIMEOUT_S,
            "continue_on_timeout": True,
        },
        {
            "if": "{{ not wait.completed }}",
            "then": [
                {
                    "stop": (
                        f"{step.step_id}: {', '.join(entity_ids)} did not become "
                        f"{' or '.join(states)}"
                    ),
                    "error": True,
                }
            ],
        },
    ]


def _alias(step: ExecutionStep) -> str:
    return f"{step.step_id}: {step.description}" if step.description else step.step_id


def _all_available(step: ExecutionStep) -> dict[str, Any]:
    return {
        "condition": "not",
        "conditions": [
            {"condition": "state", "entity_id": entity_id, "state": UNAVAILABLE}
            for entity_id in step.entity_ids
        ],
    }


def _unavailable_stop(step: ExecutionStep) -> dict[str, Any]:
    return {
        "stop": f"{step.step_id}: no available device for {step.action}",
        "error": True,
    }


def _guardrail(step: ExecutionStep) -> list[dict[str, Any]]:
    """Stop the run when the step's Home Assistant condition does not hold.

    A guardrail without a run-time condition was settled when the plan was made.
    """
    condition = step.data.get("condition")
    if not condition:
        return []
    conditions = condition if isinstance(condition, list) else [condition]
    return [
        {
            "alias": _alias(step),
            "if": [{"condition": "not", "conditions": conditions}],
            "then": [
                {
                    "stop": f"Guardrail {step.step_id} did not hold: {step.description}",
                    "error": True,
                }
            ],
        }
    ]
