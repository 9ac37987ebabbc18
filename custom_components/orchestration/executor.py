"""Runs a plan's script with Home Assistant's script engine, traced like a script."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
import logging
import time
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
import voluptuous as vol

from .const import DOMAIN
from .core.events import EVENT_STEP_FAILED
from .core.handover import plan_script
from .core.models import PlanRecord, StepId
from .core.texts import text

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
class RunOutcome:
    """How a plan run ended."""

    success: bool
    cancelled: bool
    duration_s: float
    error: str | None = None
    failed_step: StepId | None = None
    # The script itself fired orchestration_step_failed for the failed step.
    reported: bool = False


@contextmanager
def _trace_plan(
    hass: HomeAssistant, record: PlanRecord, context: Context
) -> Iterator[PlanTrace]:
    trace = PlanTrace(record.plan_id, record.script, None, context)
    async_store_trace(hass, trace, STORED_TRACES)
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


def _failed_step(trace: PlanTrace, record: PlanRecord) -> StepId | None:
    """The step whose action failed, by the handover's map of script paths to steps.

    The map is the handover's for the record's plan; a script that another version
    of the handover wrote (stored before an update) has no map to go by.
    """
    handed_over = plan_script(record.plan, record.plan_id, record.task_spec.language)
    if handed_over.config != record.script:
        return None
    for path, elements in trace.as_extended_dict().get("trace", {}).items():
        step_id = handed_over.steps.get(path)
        if step_id is not None and any(_failed(element) for element in elements):
            return step_id
    return None


def _failed(element: Mapping[str, Any]) -> bool:
    """Whether a traced action raised or stopped the run with an error."""
    result = element.get("result") or {}
    return bool(element.get("error") or (result.get("error") and result.get("stop")))


class PlanRunner:
    """Starts and stops plan scripts; one run per plan at a time."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._scripts: dict[str, Script] = {}
        self._cancelled: set[str] = set()

    def is_running(self, plan_id: str) -> bool:
        """Whether the plan's script is running now."""
        return plan_id in self._scripts

    async def async_validate(self, record: PlanRecord) -> list[dict[str, Any]]:
        """Validate the plan's script config the way Home Assistant validates scripts."""
        sequence = cv.SCRIPT_SCHEMA(record.script.get("sequence", []))
        return await async_validate_actions_config(self._hass, sequence)

    async def async_run(self, record: PlanRecord, context: Context) -> RunOutcome:
        """Run the plan's script to its end and say how it ended."""
        started = time.monotonic()
        try:
            sequence = await self.async_validate(record)
        except (HomeAssistantError, vol.Invalid) as err:
            invalid = text(
                "run.invalid_script", record.task_spec.language, error=str(err)
            )
            return RunOutcome(False, False, 0.0, invalid)
        script = Script(
            self._hass,
            sequence,
            f"Plan {record.plan_id}",
            DOMAIN,
            running_description=f"orchestration plan {record.plan_id}",
            script_mode=SCRIPT_MODE_SINGLE,
            logger=_LOGGER,
            log_exceptions=False,
        )
        reported: list[StepId] = []

        @callback
        def step_failed(event: Event) -> None:
            reported.append(StepId(str(event.data.get("step_id"))))

        @callback
        def of_this_plan(data: Mapping[str, Any]) -> bool:
            return data.get("plan_id") == record.plan_id

        unsub = self._hass.bus.async_listen(
            EVENT_STEP_FAILED, step_failed, event_filter=of_this_plan
        )
        self._scripts[record.plan_id] = script
        error: str | None = None
        failed_step: StepId | None = None
        try:
            with _trace_plan(self._hass, record, context) as trace:
                trace.set_trace(trace_get())
                with trace_path("sequence"):
                    try:
                        await script.async_run(context=context)
                    except HomeAssistantError as err:
                        error = str(err) or type(err).__name__
                if script_execution_get() == "aborted":
                    error = _stop_reason(trace) or "A guardrail stopped the plan"
                if error is not None:
                    failed_step = _failed_step(trace, record)
        except Exception as err:
            _LOGGER.exception("Plan %s failed unexpectedly", record.plan_id)
            error = repr(err)
        finally:
            unsub()
            self._scripts.pop(record.plan_id, None)
        duration = time.monotonic() - started
        if record.plan_id in self._cancelled:
            self._cancelled.discard(record.plan_id)
            return RunOutcome(False, True, duration, "Cancelled")
        return RunOutcome(
            success=error is None,
            cancelled=False,
            duration_s=duration,
            error=error,
            failed_step=reported[0] if reported else failed_step,
            reported=bool(reported),
        )

    async def async_stop(self, plan_id: str) -> None:
        """Stop a running plan mid-way."""
        if (script := self._scripts.get(plan_id)) is not None:
            self._cancelled.add(plan_id)
            await script.async_stop()

    async def async_stop_all(self) -> None:
        """Stop every running plan (on unload)."""
        for plan_id in list(self._scripts):
            await self.async_stop(plan_id)
