"""One pass of the recommender: run the rules, keep what is safe and not redundant.

``recommend`` is the rules' verdict on an observation; ``run_pass`` adds memory: what
ended, what is offered now, what is due for delivery. The glue calls ``run_pass`` on
state changes and on a periodic timer, makes a plan of every offered suggestion
(``trigger_type`` insight_recommendation, waiting for approval) and reports answers
back to the memory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import logging

from ..models import ContextSnapshot, PrivacyClass, Recommendation
from ..policy import entity_privacy
from .devices import may_act_on
from .memory import Closed, InsightMemory, Offered
from .observation import Observation
from .options import InsightOptions
from .rules import RULES
from .suggestion import Suggestion
from .texts import reason, title

_LOGGER = logging.getLogger(__name__)


def _safe(
    suggestion: Suggestion, snapshot: ContextSnapshot, options: InsightOptions
) -> bool:
    """Whether every goal names its entities and none is off limits."""
    for goal in suggestion.task.goals:
        targets = goal.targets
        if not targets.entity_ids or (
            targets.area_ids
            or targets.floor_ids
            or targets.domains
            or targets.device_classes
        ):
            return False
        for entity_id in targets.entity_ids:
            if entity_id in options.excluded_entity_ids or not may_act_on(
                snapshot.entities.get(entity_id)
            ):
                return False
    return True


def _redundant(suggestion: Suggestion, earlier: list[Suggestion]) -> bool:
    """Whether an earlier rule's suggestion already does all this one would."""
    kinds = {goal.type for goal in suggestion.task.goals}
    return any(
        other.rule != suggestion.rule
        and suggestion.acted_on <= other.acted_on
        and kinds <= {goal.type for goal in other.task.goals}
        for other in earlier
    )


def recommend(observation: Observation, options: InsightOptions) -> list[Suggestion]:
    """The suggestions of every enabled rule, in rule order.

    Suggestions touching anything off limits are dropped (no rule should make one;
    this is the last line of defence), and so are those an earlier rule's
    suggestion covers (everyone away covers each empty room).
    """
    if not options.enabled:
        return []
    kept: list[Suggestion] = []
    for rule_id, rule in RULES.items():
        if not options.rule(rule_id).enabled:
            continue
        for suggestion in rule(observation, options):
            if not _safe(suggestion, observation.snapshot, options):
                _LOGGER.warning("Dropped an unsafe suggestion: %s", suggestion.key)
                continue
            if not _redundant(suggestion, kept):
                kept.append(suggestion)
    return kept


@dataclass(frozen=True, slots=True)
class PassResult:
    """What changed in one pass."""

    # Offers whose situation ended: expire their plans.
    ended: list[Closed]
    # New offers: make a plan of each, then ``memory.attach_plan``.
    offered: list[Suggestion]
    # Offers to notify now (quiet hours permitting): then ``memory.delivered``.
    deliver: list[Offered]


def run_pass(
    memory: InsightMemory,
    observation: Observation,
    options: InsightOptions,
    candidates: list[Suggestion] | None = None,
) -> PassResult:
    """End what ended, offer what may be offered, and list what to deliver.

    ``candidates`` is ``recommend``'s verdict on ``observation`` when the caller has
    it already (the glue runs the rules in an executor thread, the memory in the
    event loop).
    """
    if candidates is None:
        candidates = recommend(observation, options)
    ended = memory.expire(observation)
    offered = memory.admit(candidates, observation.now, options.delivery)
    deliver = memory.due(observation.now, observation.snapshot.quiet_hours)
    return PassResult(ended=ended, offered=offered, deliver=deliver)


def recommendation(
    suggestion: Suggestion, language: str, time_zone: str
) -> Recommendation:
    """``PlanResponse.recommendation`` of DESIGN §8: rule, reason, figures, expiry."""
    return Recommendation(
        rule=suggestion.rule,
        title=title(suggestion.rule, suggestion.figures, language),
        reason=reason(suggestion.rule, suggestion.figures, language, time_zone),
        figures=dict(suggestion.figures),
        expires_at=suggestion.expires_at,
    )


def retold(
    recommendation: Recommendation, language: str, time_zone: str
) -> Recommendation:
    """The recommendation with its title and reason told in ``language``."""
    return replace(
        recommendation,
        title=title(recommendation.rule, recommendation.figures, language),
        reason=reason(recommendation.rule, recommendation.figures, language, time_zone),
    )


def privacy_of(suggestion: Suggestion, snapshot: ContextSnapshot) -> PrivacyClass:
    """The privacy class of a suggestion: its task's, or its targets' when higher.

    A suggestion names what it is about (a meter, a window) as well as what it acts
    on; an entity labelled confidential or restricted makes the whole suggestion so,
    and its notification is redacted like an approval request's.
    """
    classes = [suggestion.task.privacy_class]
    classes.extend(
        entity_privacy(entity)
        for entity_id in suggestion.targets
        if (entity := snapshot.entities.get(entity_id)) is not None
    )
    return max(classes, key=lambda item: item.rank)
