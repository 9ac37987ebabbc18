"""Runs a plan's script with Home Assistant's script engine, traced like a script."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import logging
import time
from typing import Any

from homeassistant.components.trace import ActionTrace, async_store_trace
from homeassistant.core import Context, HomeAssistant
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
from .models import PlanRecord

_LOGGER = logging.getLogger(__name__)

STORED_TRACES = 5


class PlanTrace(ActionTrace):
    """Trace of one plan run, listed by the trace integration under this domain."""

    _domain = DOMAIN


@dataclass(slots=True, frozen=True)
class RunOutcome:
    """How a plan run ended."""

    success: bool
    cancelled: bool
    duration_s: float
    error: str | None = None
    failed_step: str | None = None


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
            return RunOutcome(False, False, 0.0, f"Invalid script: {err}")
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
        self._scripts[record.plan_id] = script
        execution: str | None = None
        stop_reason: str | None = None
        try:
            with _trace_plan(self._hass, record, context) as trace:
                trace.set_trace(trace_get())
                with trace_path("sequence"):
                    await script.async_run(context=context)
                execution = script_execution_get()
                stop_reason = _stop_reason(trace)
        except HomeAssistantError as err:
            return self._outcome(record, started, f"{err}", execution="error")
        except Exception as err:
            _LOGGER.exception("Plan %s failed unexpectedly", record.plan_id)
            return self._outcome(record, started, repr(err), execution="error")
        finally:
            self._scripts.pop(record.plan_id, None)
        if execution == "aborted":
            reason = stop_reason or "A guardrail stopped the plan"
            return self._outcome(record, started, reason, execution)
        return self._outcome(record, started, None, execution)

    def _outcome(
        self,
        record: PlanRecord,
        started: float,
        error: str | None,
        execution: str | None,
    ) -> RunOutcome:
        cancelled = record.plan_id in self._cancelled or execution == "cancelled"
        self._cancelled.discard(record.plan_id)
        duration = time.monotonic() - started
        if cancelled:
            return RunOutcome(False, True, duration, "Cancelled")
        step_id, _, _ = (error or "").partition(":")
        failed_step = (
            step_id
            if any(step.step_id == step_id for step in record.plan.steps)
            else None
        )
        return RunOutcome(error is None, False, duration, error, failed_step)

    async def async_stop(self, plan_id: str) -> None:
        """Stop a running plan mid-way."""
        if (script := self._scripts.get(plan_id)) is not None:
            self._cancelled.add(plan_id)
            await script.async_stop()

    async def async_stop_all(self) -> None:
        """Stop every running plan (on unload)."""
        for plan_id in list(self._scripts):
            await self.async_stop(plan_id)
