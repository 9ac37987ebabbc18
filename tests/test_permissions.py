"""Who may do what on a plan: the table, per tier, requester versus others."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.orchestration.core.models import TrustTier
from custom_components.orchestration.core.permissions import (
    RIGHTS,
    PlanAction,
    markdown_table,
    may,
)
from custom_components.orchestration.core.policy import (
    SCOPE_GARAGE_OPEN,
    SCOPE_LOCK_UNLOCK,
)

README = Path(__file__).parents[1] / "README.md"
GARAGE = ["device.cover.control", SCOPE_GARAGE_OPEN]
LIGHTS = ["device.light.control"]

U, B, V, T, P = (
    TrustTier.UNTRUSTED,
    TrustTier.BASIC,
    TrustTier.VERIFIED,
    TrustTier.TRUSTED,
    TrustTier.PRIVILEGED,
)


def _others(action: PlanAction, scopes: list[str]) -> set[TrustTier]:
    """The tiers whose users may do ``action`` to someone else's plan."""
    return {
        tier
        for tier in TrustTier
        if may(action, tier=tier, caller_id="me", requester_id="kid", scopes=scopes)
    }


@pytest.mark.parametrize(
    ("action", "lights", "garage"),
    [
        (PlanAction.CREATE, {U, B, V, T, P}, {U, B, V, T, P}),
        (PlanAction.PREVIEW, {U, B, V, T, P}, {U, B, V, T, P}),
        (PlanAction.READ, {B, V, T, P}, {B, V, T, P}),
        (PlanAction.READ_THROUGH_LLM, set(), set()),
        (PlanAction.APPROVE, {V, T, P}, {T, P}),
        (PlanAction.REJECT, {V, T, P}, {T, P}),
        (PlanAction.CANCEL, {V, T, P}, {T, P}),
        (PlanAction.REPLAN_ACTIVE, {V, T, P}, {T, P}),
        (PlanAction.REPLAN_FINISHED, {B, V, T, P}, {B, V, T, P}),
    ],
)
def test_others_by_tier(
    action: PlanAction, lights: set[TrustTier], garage: set[TrustTier]
) -> None:
    """Another's plan: reading is for the household, deciding for approvers."""
    assert _others(action, LIGHTS) == lights
    assert _others(action, GARAGE) == garage


@pytest.mark.parametrize("action", list(PlanAction))
@pytest.mark.parametrize("tier", list(TrustTier))
def test_the_requester(action: PlanAction, tier: TrustTier) -> None:
    """A requester may do everything to their own plan but approve it."""
    allowed = may(
        action,
        tier=tier,
        caller_id="kid",
        requester_id="kid",
        scopes=[SCOPE_LOCK_UNLOCK],
    )
    assert allowed is (action is not PlanAction.APPROVE)


def test_callers_without_a_user() -> None:
    """Automations count as one requester; they never approve, an LLM never reads."""

    def automation(action: PlanAction, requester: str | None) -> bool:
        return may(
            action, tier=B, caller_id=None, requester_id=requester, scopes=LIGHTS
        )

    assert automation(PlanAction.CANCEL, None)
    assert not automation(PlanAction.CANCEL, "kid")
    assert automation(PlanAction.READ, "kid")
    assert not automation(PlanAction.READ_THROUGH_LLM, None)
    assert not automation(PlanAction.APPROVE, "kid")
    assert not may(
        PlanAction.APPROVE, tier=P, caller_id=None, requester_id="kid", scopes=LIGHTS
    )


def test_every_action_has_a_right() -> None:
    assert set(RIGHTS) == set(PlanAction)


def test_the_readme_shows_the_table_of_the_code() -> None:
    """README "Who may do what on a plan" is the table in code, word for word."""
    assert markdown_table() in README.read_text(encoding="utf-8")
