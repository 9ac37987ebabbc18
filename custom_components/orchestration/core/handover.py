"""Handover: an execution plan as a Home Assistant script config, runnable as-is.

Steps run in dependency order. Steps with nothing between them run side by side in a
``parallel`` block. A step with a ``not_before`` waits for it with a templated
``delay`` (exact to the second, evaluated when reached). Fallbacks sit in a ``choose``:
alternatives are tried in order, each only while its entities are available and no
earlier one reached the state asked for; a call that raises does not stop the run, the
state check decides. When nothing took effect the script fires
``orchestration_step_failed``, runs the plan's last-resort notification and stops with
an error. A step without fallbacks is verified the same way after its call
(``verification``). Guardrail ``condition`` steps stop the run with an
error when they do not hold, so a skipped plan is never reported as done. Strings in
action data are passed literally (``literal``): request text is never a template.

Aliases are for people reading traces; which step an action belongs to is
:attr:`PlanScript.steps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from .events import EVENT_STEP_FAILED
from .literal import literal_data
from .models import ExecutionPlan, ExecutionStep, StepId, StepKind
from .planning.planner import plan_graph
from .texts import step_numbers, text
from .verification import VERIFY_TIMEOUT_S, expected_states

UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class PlanScript:
    """A plan handed over: its script config, and which step each action belongs to.

    ``steps`` maps the path of every action a step runs at its own level of the
    config (``sequence/3``, ``sequence/0/parallel/1/sequence/2``) to the step's id.
    Home Assistant traces each action at that path, and an action that fails inside
    a step's ``if`` or ``choose`` fails that step-level action too.
    """

    config: dict[str, Any]
    steps: dict[str, StepId]


@dataclass(frozen=True, slots=True)
class _Failure:
    """How a step's failure reads (in the run's error, history and event).

    ``number`` is the step's number in the plan's list; the text is in ``language``.
    """

    step: ExecutionStep
    number: int
    language: str

    def message(self, key: str) -> str:
        """The failure ``key`` (``run.*`` in the catalogue) of this step."""
        return text(
            key,
            self.language,
            step=self.number,
            description=self.step.description or self.step.action or "",
        )


def plan_script(
    plan: ExecutionPlan, plan_id: str = "", language: str = "en"
) -> PlanScript:
    """Hand ``plan`` over as ``{"sequence": [...]}`` with the step of each action.

    ``plan_id`` goes into the ``orchestration_step_failed`` events the script fires
    when a step does not take effect; their errors are in ``language``.
    """
    numbers = step_numbers(plan)
    graph = plan_graph(plan)
    sequence: list[dict[str, Any]] = []
    steps: dict[str, StepId] = {}
    for generation in nx.topological_generations(graph):
        ordered = [
            plan.step(step_id) for step_id in sorted(generation, key=_order(plan))
        ]
        path = f"sequence/{len(sequence)}"
        if len(ordered) == 1:
            actions = step_actions(
                ordered[0],
                plan_id,
                number=numbers[ordered[0].step_id],
                language=language,
            )
            steps.update(
                (f"sequence/{len(sequence) + index}", ordered[0].step_id)
                for index in range(len(actions))
            )
            sequence.extend(actions)
            continue
        branches = []
        for branch, step in enumerate(ordered):
            actions = step_actions(
                step, plan_id, number=numbers[step.step_id], language=language
            )
            steps.update(
                (f"{path}/parallel/{branch}/sequence/{index}", step.step_id)
                for index in range(len(actions))
            )
            branches.append({"sequence": actions})
        sequence.append({"parallel": branches})
    return PlanScript({"sequence": sequence}, steps)


def script_config(
    plan: ExecutionPlan, plan_id: str = "", language: str = "en"
) -> dict[str, Any]:
    """The script config of ``plan`` alone, as a stored plan keeps it."""
    return plan_script(plan, plan_id, language).config


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


def step_actions(
    step: ExecutionStep,
    plan_id: str = "",
    *,
    number: int = 1,
    language: str = "en",
) -> list[dict[str, Any]]:
    """The script actions of one step, including its wait and fallbacks.

    ``number`` is the step's number in its plan's list, for its failure message.
    """
    failure = _Failure(step, number, language)
    actions: list[dict[str, Any]] = []
    if step.not_before is not None:
        actions.append(
            wait_until(step.not_before.isoformat(), f"{step.step_id}: wait for start")
        )
    if step.kind is StepKind.WAIT:
        return actions
    if step.kind is StepKind.CONDITION:
        actions.extend(_guardrail(step, failure))
        return actions
    if not step.fallbacks:
        actions.extend(_verified_call(step, failure))
        return actions
    devices = [option for option in (step, *step.fallbacks) if option.entity_ids]
    last_resort = next(
        (option for option in step.fallbacks if not option.entity_ids), None
    )
    if all(expected_states(option.action) for option in devices):
        actions.extend(_attempts(step, devices, last_resort, plan_id, failure))
        return actions
    # Success cannot be read from state: the first available alternative runs.
    actions.append(
        {
            "alias": f"{step.step_id}: first available of {len(devices)}",
            "choose": [
                {"conditions": [_all_available(option)], "sequence": [_call(option)]}
                for option in devices
            ],
            "default": _give_up(step, last_resort, plan_id, failure),
        }
    )
    return actions


def _attempts(
    step: ExecutionStep,
    devices: list[ExecutionStep],
    last_resort: ExecutionStep | None,
    plan_id: str,
    failure: _Failure,
) -> list[dict[str, Any]]:
    """Try each device alternative in turn until one reaches the state asked for.

    A call that raises does not end the run (``continue_on_error``): the state check
    after it decides, and the next alternative gets its turn.
    """
    actions: list[dict[str, Any]] = []
    tried: list[ExecutionStep] = []
    for option in devices:
        conditions = [_all_available(option)]
        if tried:
            conditions.append(_none_reached(tried))
        actions.append(
            {
                "alias": f"{step.step_id}: try {option.step_id}",
                "if": conditions,
                "then": [
                    {**_call(option), "continue_on_error": True},
                    _wait_reached(option),
                ],
            }
        )
        tried.append(option)
    actions.append(
        {
            "alias": f"{step.step_id}: check",
            "if": [_none_reached(tried)],
            "then": _give_up(step, last_resort, plan_id, failure),
        }
    )
    return actions


def _reached(step: ExecutionStep) -> str:
    states = list(expected_states(step.action))
    return " and ".join(
        f"states('{entity_id}') in {states!r}" for entity_id in step.entity_ids
    )


def _none_reached(steps: list[ExecutionStep]) -> dict[str, Any]:
    reached = " or ".join(f"({_reached(step)})" for step in steps)
    return {"condition": "template", "value_template": "{{ not (" + reached + ") }}"}


def _wait_reached(step: ExecutionStep) -> dict[str, Any]:
    return {
        "alias": f"{step.step_id}: verify",
        "wait_template": "{{ " + _reached(step) + " }}",
        "timeout": VERIFY_TIMEOUT_S,
        "continue_on_timeout": True,
    }


def _give_up(
    step: ExecutionStep,
    last_resort: ExecutionStep | None,
    plan_id: str,
    failure: _Failure,
) -> list[dict[str, Any]]:
    """Report the failed step, tell someone if the plan says so, and end the run."""
    message = failure.message("run.no_effect")
    actions: list[dict[str, Any]] = [
        {
            "alias": f"{step.step_id}: report failure",
            "event": EVENT_STEP_FAILED,
            "event_data": {
                "plan_id": plan_id,
                "step_id": step.step_id,
                "entity_ids": step.entity_ids,
                "error": message,
            },
        }
    ]
    if last_resort is not None:
        actions.append(_call(last_resort))
    actions.append({"stop": message, "error": True})
    return actions


def _call(step: ExecutionStep) -> dict[str, Any]:
    call: dict[str, Any] = {"alias": _alias(step), "action": step.action}
    if step.target:
        call["target"] = {key: list(value) for key, value in step.target.items()}
    if step.data:
        # Request text (a message) is data: it must reach the service as said.
        call["data"] = literal_data(step.data)
    return call


def _verified_call(step: ExecutionStep, failure: _Failure) -> list[dict[str, Any]]:
    """The call, then a wait until its entities report the state asked for."""
    states = expected_states(step.action)
    if not states or not step.entity_ids:
        return [_call(step)]
    return [
        _call(step),
        _wait_reached(step),
        {
            "if": "{{ not wait.completed }}",
            "then": [{"stop": failure.message("run.not_reached"), "error": True}],
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


def _guardrail(step: ExecutionStep, failure: _Failure) -> list[dict[str, Any]]:
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
            "then": [{"stop": failure.message("run.guard_failed"), "error": True}],
        }
    ]
