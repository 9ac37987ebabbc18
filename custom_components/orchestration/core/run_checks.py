"""Guardrails as conditions checked when their step runs, not only labels.

A plan can run hours after it was made: quiet hours may have been switched on, a
heavy load may be running, a thermostat's range or a person's trust level may have
changed. Each guardrail that can change meanwhile gets a Home Assistant condition
(:class:`~.models.StepCheck`) that the handover puts in front of the step's actions:

* ``quiet_hours`` — no quiet period of the home is in force and no do-not-disturb
  override is on (a volume step is already capped for quiet hours: no check);
* ``power_limit`` — what the home's other high-power devices that are on draw, plus
  this step's devices, stays within the limit (the plan's own loads that have ended
  by then do not count);
* ``safety:temperature_bounds`` — the setpoint is within the bounds and within what
  the device reports as its range now;
* ``trust:approval_required`` — the plan runs with the rights of someone whose trust
  level may run the step's permissions, or who approved them. The engine passes the
  run's ``orchestration`` variables (``tier``, ``approved``); a run without them (the
  plan's script run by hand) does not pass.

The conditions are templates made only of entity ids, numbers, times and state
words of our own: no text a person wrote goes into them. Pure: no Home Assistant
imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
import re
from typing import Any, Final

from .energy.quiet_hours import OVERRIDE_ACTIVE_STATES
from .models import (
    ContextSnapshot,
    ExecutionPlan,
    ExecutionStep,
    Guardrail,
    GuardrailKind,
    StepCheck,
    StepKind,
    TrustTier,
)
from .planning.steps import HIGH_POWER_W
from .policy import rule_for, scopes_for_step

#: The variables the engine passes to every run of a step.
RUN_VARIABLES: Final = "orchestration"

_ENTITY_ID: Final = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_BOUNDS: Final = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")
_ON: Final = "on"


def _safe(entity_ids: Iterable[str]) -> list[str]:
    """Entity ids fit to appear in a template (every real one is)."""
    return [entity_id for entity_id in entity_ids if _ENTITY_ID.match(entity_id)]


def _template(expression: str) -> dict[str, Any]:
    return {"condition": "template", "value_template": "{{ " + expression + " }}"}


def _quiet(snapshot: ContextSnapshot, step: ExecutionStep) -> dict[str, Any] | None:
    if step.action == "media_player.volume_set":
        return None
    quiet = snapshot.quiet_hours
    parts = [
        f"(as_datetime('{window.start.isoformat()}') <= now() < "
        f"as_datetime('{window.end.isoformat()}'))"
        for window in quiet.windows
    ]
    states = sorted(OVERRIDE_ACTIVE_STATES)
    parts.extend(
        f"(states('{entity_id}') | lower in {states!r})"
        for entity_id in _safe(quiet.configured_overrides)
    )
    if not parts:
        return None
    return _template("not (" + " or ".join(parts) + ")")


def _span(step: ExecutionStep, now: datetime) -> tuple[datetime, datetime]:
    start = step.not_before or now
    return start, start + timedelta(seconds=max(step.estimated_duration_s, 1.0))


def _power(
    snapshot: ContextSnapshot,
    plan: ExecutionPlan,
    step: ExecutionStep,
    guardrail: Guardrail,
) -> dict[str, Any] | None:
    try:
        limit = float(guardrail.detail)
    except ValueError:
        return None
    own = set(step.entity_ids)
    start, _ = _span(step, snapshot.now)
    # The plan's own loads that are over when this one starts draw nothing then.
    ended = {
        entity_id
        for other in plan.steps
        if other is not step and _span(other, snapshot.now)[1] <= start
        for entity_id in other.entity_ids
    }
    draw = sum(
        snapshot.entities[entity_id].power_w or 0.0
        for entity_id in own
        if entity_id in snapshot.entities
    )
    others = [
        f"({entity.power_w:g} if is_state('{entity.entity_id}', '{_ON}') else 0)"
        for entity in snapshot.entities.values()
        if (entity.power_w or 0.0) >= HIGH_POWER_W
        and entity.entity_id not in own
        and entity.entity_id not in ended
        and _ENTITY_ID.match(entity.entity_id)
    ]
    running = " + ".join(sorted(others)) or "0"
    return _template(f"({running}) + {draw:g} <= {limit:g}")


def _temperature(step: ExecutionStep, guardrail: Guardrail) -> dict[str, Any] | None:
    bounds = _BOUNDS.match(guardrail.detail)
    wanted = step.data.get("temperature")
    if bounds is None or not isinstance(wanted, int | float):
        return None
    low, high = float(bounds[1]), float(bounds[2])
    parts = [
        f"[{low:g}, state_attr('{entity_id}', 'min_temp') | float({low:g})] | max"
        f" <= {float(wanted):g} <= "
        f"[{high:g}, state_attr('{entity_id}', 'max_temp') | float({high:g})] | min"
        for entity_id in _safe(step.entity_ids)
    ]
    if not parts:
        parts = [f"{low:g} <= {float(wanted):g} <= {high:g}"]
    return _template(" and ".join(f"({part})" for part in parts))


def _at_least(tier: TrustTier) -> list[str]:
    return [item.value for item in TrustTier if item.rank >= tier.rank]


def _trust(snapshot: ContextSnapshot, step: ExecutionStep) -> dict[str, Any]:
    rules = [rule_for(scope) for scope in sorted(scopes_for_step(step, snapshot))]
    alone = max(
        (rule.self_tier for rule in rules),
        key=lambda tier: tier.rank,
        default=TrustTier.BASIC,
    )
    approve = max(
        (rule.approve_tier for rule in rules),
        key=lambda tier: tier.rank,
        default=TrustTier.VERIFIED,
    )
    run = RUN_VARIABLES
    return _template(
        f"{run} is defined and ({run}.tier in {_at_least(alone)!r} or "
        f"({run}.approved and {run}.tier in {_at_least(approve)!r}))"
    )


def _check(
    snapshot: ContextSnapshot,
    plan: ExecutionPlan,
    step: ExecutionStep,
    guardrail: Guardrail,
) -> dict[str, Any] | None:
    match guardrail.kind:
        case GuardrailKind.QUIET_HOURS:
            return _quiet(snapshot, step)
        case GuardrailKind.POWER_LIMIT:
            return _power(snapshot, plan, step, guardrail)
        case GuardrailKind.TEMPERATURE_BOUNDS:
            return _temperature(step, guardrail)
        case GuardrailKind.APPROVAL_REQUIRED:
            return _trust(snapshot, step)
        case _:
            return None


def attach_checks(plan: ExecutionPlan, snapshot: ContextSnapshot) -> None:
    """Give every step of ``plan`` the run-time checks of its guardrails."""
    for step in plan.steps:
        if step.kind not in (StepKind.ACTION, StepKind.NOTIFY):
            continue
        step.checks = [
            StepCheck(guardrail, condition)
            for guardrail in dict.fromkeys(step.guardrails)
            if (condition := _check(snapshot, plan, step, guardrail)) is not None
        ]
