"""What every rule shares: the proposed task, exclusions, and small time figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from ...energy.tariffs import price_at
from ...models import (
    Constraint,
    ContextSnapshot,
    EntityInfo,
    Goal,
    PrivacyClass,
    TaskSpec,
    TriggerType,
)
from ..devices import may_act_on
from ..options import InsightOptions
from ..texts import intent


def proposal(
    rule: str,
    figures: dict[str, object],
    goals: list[Goal],
    language: str,
    constraints: Sequence[Constraint] = (),
) -> TaskSpec:
    """The task a suggestion proposes: an insight recommendation, fully understood."""
    return TaskSpec(
        intent=intent(rule, figures, language),
        language=language,
        trigger_type=TriggerType.INSIGHT_RECOMMENDATION,
        goals=goals,
        constraints=list(constraints),
        privacy_class=PrivacyClass.INTERNAL,
        confidence=1.0,
    )


def allowed(entity: EntityInfo | None, options: InsightOptions) -> bool:
    """Whether a rule may act on or report about ``entity``."""
    return (
        entity is not None
        and may_act_on(entity)
        and entity.entity_id not in options.excluded_entity_ids
    )


def observed(entity: EntityInfo, options: InsightOptions) -> bool:
    """Whether a rule may read ``entity`` (a sensor it never acts on)."""
    return entity.entity_id not in options.excluded_entity_ids


def lasted(since: datetime | None, now: datetime, minutes: float) -> bool:
    """Whether something that began at ``since`` has lasted ``minutes`` by ``now``."""
    return since is not None and now - since >= timedelta(minutes=minutes)


def whole_minutes(since: datetime, now: datetime) -> int:
    """Minutes from ``since`` to ``now``, rounded down."""
    return int((now - since).total_seconds() // 60)


def names(entities: Iterable[EntityInfo]) -> list[str]:
    """The entities' friendly names, in the order given."""
    return [entity.name for entity in entities]


def hourly_cost(
    snapshot: ContextSnapshot, now: datetime, watts: float
) -> tuple[float | None, str | None]:
    """What ``watts`` cost per hour at the price now, and the currency."""
    price = price_at(snapshot.tariff, now)
    if price is None or snapshot.tariff is None:
        return None, None
    return watts / 1000 * price, snapshot.tariff.currency
