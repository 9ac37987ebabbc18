"""How sensitive a task is: the privacy class of DESIGN §4.

Opening the home to others (unlocking, disarming, opening a garage door or gate) is
``restricted``; whatever reveals or guards who is home (locks, alarms, cameras,
presence, messages to people) is ``confidential``; energy and ordinary device control stay
``internal``; a task that touches nothing of the home is ``public``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Goal,
    GoalType,
    PrivacyClass,
)

_GOAL_CLASSES = {
    GoalType.UNLOCK: PrivacyClass.RESTRICTED,
    GoalType.SECURE_HOME: PrivacyClass.RESTRICTED,
    GoalType.LOCK: PrivacyClass.CONFIDENTIAL,
    GoalType.NOTIFY: PrivacyClass.CONFIDENTIAL,
}
_DOMAIN_CLASSES = {
    "alarm_control_panel": PrivacyClass.RESTRICTED,
    "lock": PrivacyClass.CONFIDENTIAL,
    "camera": PrivacyClass.CONFIDENTIAL,
    "person": PrivacyClass.CONFIDENTIAL,
    "device_tracker": PrivacyClass.CONFIDENTIAL,
}
# Goals over a whole area or home whose sensitivity is that of the goal itself: saving
# energy in the kitchen does not reveal what the kitchen's lock is doing.
_BY_GOAL_ONLY = frozenset(
    {
        GoalType.OPTIMIZE_ENERGY,
        GoalType.PRECONDITION,
        GoalType.RUN_APPLIANCE,
        GoalType.ROUTINE,
        GoalType.SECURE_HOME,
    }
)
# Opening these lets people in.
_ENTRANCE_CLASSES = frozenset({"garage", "gate", "door"})
_PRESENCE_DEVICE_CLASSES = frozenset({"occupancy", "presence", "motion"})


def privacy_class(
    goals: list[Goal], constraints: list[Constraint], snapshot: ContextSnapshot
) -> PrivacyClass:
    """The most sensitive class any goal or constraint of a task needs."""
    classes = [PrivacyClass.INTERNAL] if goals or constraints else [PrivacyClass.PUBLIC]
    for goal in goals:
        classes.append(_GOAL_CLASSES.get(goal.type, PrivacyClass.INTERNAL))
        if goal.type in _BY_GOAL_ONLY:
            continue
        entities = snapshot.select(goal.targets)
        domains = set(goal.targets.domains) | {entity.domain for entity in entities}
        device_classes = set(goal.targets.device_classes) | {
            entity.device_class for entity in entities if entity.device_class
        }
        classes.extend(
            _DOMAIN_CLASSES[domain] for domain in domains if domain in _DOMAIN_CLASSES
        )
        if device_classes & _PRESENCE_DEVICE_CLASSES:
            classes.append(PrivacyClass.CONFIDENTIAL)
        if goal.type is GoalType.OPEN and device_classes & _ENTRANCE_CLASSES:
            classes.append(PrivacyClass.RESTRICTED)
    if any(item.type is ConstraintType.OCCUPANCY for item in constraints):
        classes.append(PrivacyClass.CONFIDENTIAL)
    return max(classes, key=lambda item: item.rank)


def goal_privacy_class(goal_type: GoalType) -> PrivacyClass:
    """The class a goal of this type needs whatever it acts on."""
    return _GOAL_CLASSES.get(goal_type, PrivacyClass.INTERNAL)


def device_privacy_class(
    domain: str, device_classes: Iterable[str | None] = ()
) -> PrivacyClass:
    """The most sensitive class anything done with such a device can need.

    What a request that names it without saying what to do might be about: a lock
    may be unlocked and an entrance opened (``restricted``), a camera or a presence
    sensor reveals who is home (``confidential``).
    """
    classes = {_DOMAIN_CLASSES.get(domain, PrivacyClass.INTERNAL)}
    if domain == "lock":
        classes.add(goal_privacy_class(GoalType.UNLOCK))
    said = set(device_classes)
    if said & _ENTRANCE_CLASSES:
        classes.add(PrivacyClass.RESTRICTED)
    if said & _PRESENCE_DEVICE_CLASSES:
        classes.add(PrivacyClass.CONFIDENTIAL)
    return max(classes, key=lambda item: item.rank)
