"""Shared fixtures.

``custom_components`` is imported first so that Home Assistant's loader finds this
repository's package, not the empty one that ships with the test plugin.
"""

from __future__ import annotations

import time

import freezegun
import pytest
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

import custom_components  # noqa: F401

# The planner's budget clock (time.perf_counter) stays real under a frozen clock.
# freezegun answers perf_counter with the real clock when a few frames above the call
# sit in ``threading`` (an executor thread) and with the frozen one otherwise, so a
# plan made in the executor read a real start and a frozen "now" years later: its
# budget was spent before its second goal.
freezegun.configure(
    extend_ignore_list=["custom_components.orchestration.core.planning"]
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let every test that runs a ``hass`` load custom integrations.

    Pure tests (no ``hass``) stay free of Home Assistant's fixtures, so they stay fast.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@pytest.fixture
async def demo_home(hass):  # type: ignore[no-untyped-def]
    """Home Assistant's demo entities, placed in areas on two floors."""
    from .common import async_setup_demo_home

    await async_setup_demo_home(hass)
    return hass


@pytest.fixture
async def orchestration_entry(demo_home):  # type: ignore[no-untyped-def]
    """The integration set up over the demo home."""
    from .common import async_setup_orchestration

    return await async_setup_orchestration(demo_home)


class _RealClock:
    """``time`` as the planner reads it, never frozen (see ``real_planning_clock``)."""

    perf_counter = staticmethod(time.perf_counter)


@pytest.fixture
def real_planning_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the planner's time budget on the real clock while ``freezer`` runs.

    freezegun answers ``perf_counter`` with the real clock near an executor
    thread's entry and with the frozen one deeper down, so a plan with several
    goals made under a frozen clock would seem to run out of planning time.
    """
    from custom_components.orchestration.core.energy import scheduling
    from custom_components.orchestration.core.planning import steps

    monkeypatch.setattr(steps, "time", _RealClock)
    monkeypatch.setattr(scheduling, "time", _RealClock)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Golden files in ``tests/snapshots``, written by Home Assistant's serializer.

    The 2026.2 test plugin sets this up itself; under 2025.4 syrupy's own fixture
    wins and would write ``__snapshots__`` instead, so both releases read the same
    files only when it is set here.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
