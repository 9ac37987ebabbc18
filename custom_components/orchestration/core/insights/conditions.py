"""Whether the situation behind a suggestion has ended (window closed, person back…)."""

from __future__ import annotations

from .devices import conditioning, is_on, is_open
from .observation import Observation
from .suggestion import EndCondition, EndKind, Suggestion


def holds(condition: EndCondition, observation: Observation) -> bool:
    """Whether ``condition`` is met in ``observation``.

    Entities that are gone or unavailable count as closed, off or idle: nothing
    says the situation still stands.
    """
    snapshot = observation.snapshot
    entities = [snapshot.entities.get(entity_id) for entity_id in condition.entity_ids]
    match condition.kind:
        case EndKind.CLOSED:
            return not any(entity and is_open(entity) for entity in entities)
        case EndKind.SWITCHED_OFF:
            return not any(entity and is_on(entity) for entity in entities)
        case EndKind.CLIMATE_IDLE:
            return not any(
                entity and conditioning(entity, snapshot) for entity in entities
            )
        case EndKind.AREA_OCCUPIED:
            area = snapshot.occupancy.areas.get(condition.area_id or "")
            return area is not None and area.occupied
        case EndKind.SOMEONE_HOME:
            return snapshot.occupancy.anyone_home
        case EndKind.LOAD_CHANGED:
            entity_id = condition.entity_ids[0] if condition.entity_ids else None
            statuses = {
                load.status.value
                for load in observation.loads
                if load.entity_id == entity_id
            }
            return condition.status not in statuses
        case EndKind.SURPLUS_GONE:
            grid = snapshot.grid_power_w
            return grid is None or -grid < (condition.watts or 0.0)
        case EndKind.TIME:
            return condition.at is not None and observation.now >= condition.at


def ended_by(suggestion: Suggestion, observation: Observation) -> EndCondition | None:
    """The first condition that ends the suggestion's situation, if any.

    Past ``expires_at`` the situation counts as ended by that time.
    """
    for condition in suggestion.ends_when:
        if holds(condition, observation):
            return condition
    if observation.now >= suggestion.expires_at:
        return EndCondition(EndKind.TIME, at=suggestion.expires_at)
    return None
