"""Rolling re-optimisation: when a scheduled plan is worth moving, and what it says.

A scheduled plan is planned again when the home changes under it (prices published
or revised, who is home, the power headroom, another plan taking a device). Its
timed loads (appliances, preconditioning) are the *incumbent*: the re-plan offers
each of them at its old time, as it would run now (costed at today's prices, its
comfort for who is home now, checked against the power limit, quiet hours, the
deadline and other plans' claims), beside the new options. The old time stays
unless:

* it no longer works (over the power limit with what runs then, in quiet hours,
  after the deadline, or on a device another plan now holds); or
* another time saves at least ``MIN_SAVING`` (in the tariff's currency) and
  ``MIN_SAVING_SHARE`` of what the old time costs now, and the plan's strategy
  scores it at least as well; or
* another time is more comfortable by at least ``MIN_COMFORT_GAIN`` (someone is home
  in a cold room) and the plan's strategy scores it higher.

Small savings never move a plan: a load that jumps between windows for a cent is
harder to live with than the cent. Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from ..models import ExecutionPlan, StepKind

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .steps import Variant

#: The least saving (in the tariff's currency) that moves a scheduled load.
MIN_SAVING: Final = 0.05
#: ... and the least share of what the load costs at its old time.
MIN_SAVING_SHARE: Final = 0.10
#: The least comfort gain (comfort scores are 0..1) that moves a scheduled load.
MIN_COMFORT_GAIN: Final = 0.1

KEPT: Final = "kept"


class Trigger(StrEnum):
    """What changed under a scheduled plan."""

    PRICES = "prices"
    PRESENCE = "presence"
    POWER = "power"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class Incumbent:
    """The scheduled plan a re-plan may keep, and why it is looked at again."""

    plan: ExecutionPlan
    trigger: Trigger

    def starts(self) -> dict[tuple[int, str], datetime]:
        """When each timed load of the plan starts, by (goal index, entity id)."""
        found: dict[tuple[int, str], datetime] = {}
        for step in self.plan.steps:
            if (
                step.kind is not StepKind.ACTION
                or step.energy_kwh <= 0
                or step.not_before is None
                or step.goal_index is None
            ):
                continue
            for entity_id in step.entity_ids:
                found[(step.goal_index, entity_id)] = step.not_before
        return found


def significant_saving(old_cost: float, new_cost: float) -> bool:
    """Whether running at ``new_cost`` instead of ``old_cost`` is worth a move."""
    saving = old_cost - new_cost
    return saving >= MIN_SAVING and saving >= MIN_SAVING_SHARE * old_cost


def variant_cost(variant: Variant) -> float:
    """What a variant's steps cost."""
    return sum(draft.cost for draft in variant.drafts)


def keep_or_move(
    variants: Sequence[Variant],
    score: Callable[[Variant], float],
    trigger: Trigger,
) -> Variant | None:
    """The variant to take when one of ``variants`` is the incumbent's (``kept``).

    None when there is no allowed kept variant: then the usual choice applies.
    Comfort moves a plan only when who is home changed (the comfort of a deferred
    run is otherwise the same as when it was planned).
    """
    kept = next((v for v in variants if v.label == KEPT and v.allowed), None)
    if kept is None:
        return None
    allowed = [v for v in variants if v.allowed and v is not kept]
    if not allowed:
        return kept
    best = max(allowed, key=score)
    kept_score, best_score = score(kept), score(best)
    cheaper = significant_saving(variant_cost(kept), variant_cost(best))
    if cheaper and best_score >= kept_score:
        return best
    if (
        trigger is Trigger.PRESENCE
        and best.comfort - kept.comfort >= MIN_COMFORT_GAIN
        and best_score > kept_score
    ):
        return best
    return kept
