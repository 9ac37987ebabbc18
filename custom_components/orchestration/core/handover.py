"""Handover: an execution plan as Home Assistant script configs, runnable as-is.

Two forms of one plan:

* :func:`script_config` — the whole plan as one script (``PlanResponse.script``),
  runnable by hand: parts of the plan that share no step run side by side in a
  ``parallel`` block, and within a part steps run in dependency order, steps with
  nothing between them side by side. A step with a ``not_before`` waits for it with a
  templated ``delay``; a wait for a condition with ``wait_for_trigger`` or
  ``wait_template`` until the wait expires (:mod:`.waits`).
* :func:`step_script` — one step as the engine runs it. The engine runs a plan as a
  real DAG: each step when the steps it depends on are done, and after its own time
  or condition, which the engine arms itself (so a restart does not lose it). The
  segment holds the step's run-time guardrail checks and its actions.

A step's guardrail checks (:mod:`.run_checks`) come first: one that does not hold
fires ``orchestration_step_failed`` and stops the run with an error naming it.
Fallbacks sit in ``if`` blocks: alternatives are tried in order, each only while its
entities are available and no earlier one reached the state asked for; a call that
raises does not stop the run, the state check decides. When nothing took effect the
script fires ``orchestration_step_failed`` with the entities that did not take
effect, runs the plan's last-resort notification and stops with an error. A step
without fallbacks is verified the same way after its call (``verification``).
Guardrail ``condition`` steps stop the run with an error when they do not hold, so a
skipped plan is never reported as done. Failure messages name the step by its
number, in the plan's language. Strings in action data are passed literally
(``literal``): request text is never a template. Aliases are for people reading
traces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from .events import EVENT_STEP_FAILED
from .literal import literal_data
from .models import ExecutionPlan, ExecutionStep, StepKind
from .planning.planner import plan_graph
from .texts import step_numbers, text
from .verification import (
    FAILED_ONLY_MESSAGE,
    VERIFY_TIMEOUT_S,
    expected_states,
    not_reached,
)
from .waits import script_wait, seconds_until

UNAVAILABLE = "unavailable"


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


def script_config(
    plan: ExecutionPlan, plan_id: str = "", language: str = "en"
) -> dict[str, Any]:
    """The whole plan as ``{"sequence": [...]}`` (``PlanResponse.script``).

    ``plan_id`` goes into the ``orchestration_step_failed`` events the script fires
    when a step does not take effect; their errors are in ``language``.
    """
    graph = plan_graph(plan)
    order = _order(plan)
    parts = sorted(
        (sorted(part, key=order) for part in nx.weakly_connected_components(graph)),
        key=lambda part: order(part[0]),
    )
    branches = [
        _in_order(plan, graph.subgraph(part), plan_id, language)
        for part in parts
        if part
    ]
    if len(branches) == 1:
        return {"sequence": branches[0]}
    return {"sequence": [{"parallel": [{"sequence": branch} for branch in branches]}]}


def step_script(
    step: ExecutionStep,
    plan_id: str = "",
    *,
    number: int = 1,
    language: str = "en",
) -> dict[str, Any]:
    """One step as the engine runs it, once its time or condition has come.

    ``number`` is the step's number in its plan's list, for its failure message.
    """
    return {
        "sequence": step_actions(
            step, plan_id, number=number, language=language, waits=False
        )
    }


def _in_order(
    plan: ExecutionPlan, graph: Any, plan_id: str, language: str
) -> list[dict[str, Any]]:
    """The steps of one connected part, generation after generation."""
    numbers = step_numbers(plan)

    def actions(step: ExecutionStep) -> list[dict[str, Any]]:
        return step_actions(
            step, plan_id, number=numbers[step.step_id], language=language
        )

    sequence: list[dict[str, Any]] = []
    for generation in nx.topological_generations(graph):
        ordered = [
            plan.step(step_id) for step_id in sorted(generation, key=_order(plan))
        ]
        if len(ordered) == 1:
            sequence.extend(actions(ordered[0]))
            continue
        sequence.append({"parallel": [{"sequence": actions(step)} for step in ordered]})
    return sequence


def _order(plan: ExecutionPlan) -> Any:
    positions = {step.step_id: index for index, step in enumerate(plan.steps)}
    return positions.__getitem__


def wait_until(moment_iso: str, alias: str) -> dict[str, Any]:
    """A delay that ends at an absolute moment, or at once if it has passed."""
    return {"alias": alias, "delay": seconds_until(moment_iso)}


def step_actions(
    step: ExecutionStep,
    plan_id: str = "",
    *,
    number: int = 1,
    language: str = "en",
    waits: bool = True,
) -> list[dict[str, Any]]:
    """The script actions of one step: wait, guardrail checks, actions, fallbacks.

    Without ``waits`` the step's time or condition is left out (the engine arms it).
    ``number`` is the step's number in its plan's list, for its failure message.
    """
    failure = _Failure(step, number, language)
    actions: list[dict[str, Any]] = []
    wait = step.wait if waits else None
    if wait is not None:
        actions.append(script_wait(wait, f"{step.step_id}: wait"))
    if step.kind is StepKind.WAIT:
        return actions
    if step.kind is StepKind.CONDITION:
        actions.extend(_guardrail(step, failure))
        return actions
    actions.extend(_checks(step, plan_id, failure))
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
    states = expected_states(step.action)
    failed: str | list[str] = (
        not_reached(step.entity_ids, states, "entity_id")
        if states and len(step.entity_ids) > 1
        else step.entity_ids
    )
    actions: list[dict[str, Any]] = [_report(step, plan_id, failed, message)]
    if last_resort is not None:
        actions.append(_call(last_resort))
    actions.append({"stop": message, "error": True})
    return actions


def _report(
    step: ExecutionStep,
    plan_id: str,
    entity_ids: str | list[str],
    message: str,
    guardrail: str | None = None,
) -> dict[str, Any]:
    """Fire ``orchestration_step_failed`` for the step (``entity_ids``: which failed).

    A guardrail that did not hold is named in the event's ``guardrail``.
    """
    data: dict[str, Any] = {
        "plan_id": plan_id,
        "step_id": step.step_id,
        "entity_ids": entity_ids,
        "error": message,
    }
    if guardrail is not None:
        data["guardrail"] = guardrail
    return {
        "alias": f"{step.step_id}: report failure",
        "event": EVENT_STEP_FAILED,
        "event_data": data,
    }


def _checks(
    step: ExecutionStep, plan_id: str, failure: _Failure
) -> list[dict[str, Any]]:
    """Stop the run, reported, when a guardrail of the step does not hold now."""
    message = failure.message("run.guard_failed")
    return [
        {
            "alias": f"{step.step_id}: check {check.guardrail}",
            "if": [{"condition": "not", "conditions": [check.condition]}],
            "then": [
                _report(step, plan_id, [], message, check.guardrail.text),
                {"stop": message, "error": True},
            ],
        }
        for check in step.checks
    ]


def _call(step: ExecutionStep) -> dict[str, Any]:
    call: dict[str, Any] = {"alias": _alias(step), "action": step.action}
    if step.target:
        call["target"] = {key: list(value) for key, value in step.target.items()}
    if step.data:
        data = dict(step.data)
        naming_failures = data.pop(FAILED_ONLY_MESSAGE, None)
        # Request text (a message) is data: it must reach the service as said.
        call["data"] = literal_data(data)
        if naming_failures is not None:
            # Ours: entity ids and catalogue text as literals (``not_reached``).
            call["data"]["message"] = naming_failures
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
