"""Runs a plan's steps with Home Assistant's script engine, each run traced.

The engine runs a plan step by step (a DAG: each step when the steps it depends on
are done); each step's run is its own script run (``core.handover.step_script``),
stored as a script trace with the plan id as item id, so ``trace/list`` with domain
``script`` and the plan id lists every step the plan ran.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
import logging
from typing import Any

from homeassistant.components.trace import ActionTrace, async_store_trace
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.script import (
    SCRIPT_MODE_SINGLE,
    Script,
    async_validate_actions_config,
)
from homeassistant.helpers.trace import script_execution_get, trace_get, trace_path
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .const import DOMAIN
from .core.events import EVENT_STEP_FAILED
from .core.handover import step_script
from .core.models import ExecutionStep, PlanRecord, StepId
from .core.texts import step_numbers, text

_LOGGER = logging.getLogger(__name__)

STORED_TRACES = 5
TRACE_DOMAIN = "script"


class PlanTrace(ActionTrace):
    """Trace of one plan run.

    Home Assistant's trace API serves only automation and script traces, so plan runs
    are stored as script traces keyed by plan id: ``trace/list`` with domain
    ``script`` and the plan id as ``item_id`` returns them.
    """

    _domain = TRACE_DOMAIN


@dataclass(slots=True, frozen=True)
class StepOutcome:
    """How one run of a step ended."""

    success: bool
    cancelled: bool = False
    error: str | None = None
    # The step's script fired orchestration_step_failed itself.
    reported: bool = False
    # The guardrail that did not hold when the step was about to run.
    guardrail: str | None = None
    # When the step's guardrails were checked (it had some, and the run got there).
    checked: datetime | None = None


@contextmanager
def _trace_step(
    hass: HomeAssistant,
    record: PlanRecord,
    config: dict[str, Any],
    context: Context,
) -> Iterator[PlanTrace]:
    trace = PlanTrace(record.plan_id, config, None, context)
    # One trace per step run: keep those of the whole plan.
    async_store_trace(hass, trace, max(STORED_TRACES, len(record.plan.steps)))
    try:
        yield trace
    except Exception as err:
        trace.set_error(err)
        raise
    finally:
        trace.finished()


def _stop_reason(trace: PlanTrace) -> str | None:
    """The message of the ``stop`` action that ended the run with an error, if any."""
    for elements in trace.as_extended_dict().get("trace", {}).values():
        for element in elements:
            result = element.get("result") or {}
            if result.get("error") and isinstance(result.get("stop"), str):
                return str(result["stop"])
    return None


class PlanRunner:
    """Runs the steps of plans as scripts; stops them when a plan is stopped."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._scripts: dict[str, dict[StepId, Script]] = {}
        self._cancelled: set[tuple[str, StepId]] = set()

    def is_running(self, plan_id: str) -> bool:
        """Whether a step of the plan is running now."""
        return bool(self._scripts.get(plan_id))

    async def async_validate(self, config: dict[str, Any]) -> list[dict[str, Any]]:
        """Validate a script config the way Home Assistant validates scripts."""
        sequence = cv.SCRIPT_SCHEMA(config.get("sequence", []))
        return await async_validate_actions_config(self._hass, sequence)

    async def async_run_step(
        self,
        record: PlanRecord,
        step: ExecutionStep,
        context: Context,
        variables: dict[str, Any],
    ) -> StepOutcome:
        """Run one step's script to its end (traced) and say how it ended."""
        config = step_script(
            step,
            record.plan_id,
            number=step_numbers(record.plan)[step.step_id],
            language=record.task_spec.language,
        )
        try:
            sequence = await self.async_validate(config)
        except (HomeAssistantError, vol.Invalid) as err:
            invalid = text(
                "run.invalid_script", record.task_spec.language, error=str(err)
            )
            return StepOutcome(False, error=invalid)
        script = Script(
            self._hass,
            sequence,
            f"Plan {record.plan_id} {step.step_id}",
            DOMAIN,
            running_description=f"orchestration plan {record.plan_id}",
            script_mode=SCRIPT_MODE_SINGLE,
            logger=_LOGGER,
            log_exceptions=False,
        )
        reports: list[Mapping[str, Any]] = []

        @callback
        def step_failed(event: Event) -> None:
            reports.append(event.data)

        @callback
        def of_this_step(data: Mapping[str, Any]) -> bool:
            return (
                data.get("plan_id") == record.plan_id
                and data.get("step_id") == step.step_id
            )

        unsub = self._hass.bus.async_listen(
            EVENT_STEP_FAILED, step_failed, event_filter=of_this_step
        )
        key = (record.plan_id, step.step_id)
        self._scripts.setdefault(record.plan_id, {})[step.step_id] = script
        checked = dt_util.utcnow() if step.checks else None
        error: str | None = None
        try:
            with _trace_step(self._hass, record, config, context) as trace:
                trace.set_trace(trace_get())
                with trace_path("sequence"):
                    try:
                        await script.async_run(run_variables=variables, context=context)
                    except HomeAssistantError as err:
                        error = str(err) or type(err).__name__
                if script_execution_get() == "aborted":
                    error = _stop_reason(trace) or "A guardrail stopped the step"
        except Exception as err:
            _LOGGER.exception(
                "Step %s of plan %s failed unexpectedly", step.step_id, record.plan_id
            )
            error = repr(err)
        finally:
            unsub()
            running = self._scripts.get(record.plan_id, {})
            running.pop(step.step_id, None)
            if not running:
                self._scripts.pop(record.plan_id, None)
        if key in self._cancelled:
            self._cancelled.discard(key)
            return StepOutcome(False, cancelled=True, error="Cancelled")
        guardrail = next(
            (str(report["guardrail"]) for report in reports if report.get("guardrail")),
            None,
        )
        return StepOutcome(
            success=error is None,
            error=error,
            reported=bool(reports),
            guardrail=guardrail,
            checked=checked,
        )

    async def async_stop(self, plan_id: str) -> None:
        """Stop every running step of a plan."""
        for step_id, script in list(self._scripts.get(plan_id, {}).items()):
            self._cancelled.add((plan_id, step_id))
            await script.async_stop()

    async def async_stop_all(self) -> None:
        """Stop every running plan (on unload)."""
        for plan_id in list(self._scripts):
            await self.async_stop(plan_id)
