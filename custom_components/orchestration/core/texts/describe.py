"""Plans in words: what a step does, what a goal targets, what an alternative changes.

Shared by the planner (which describes its steps and alternatives as it makes them)
and the explainer. Steps are named by their number in the plan's list (``Step 2``),
never by their id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models import (
    ContextSnapshot,
    ExecutionPlan,
    ExecutionStep,
    Goal,
    StepKind,
    TrustTier,
    Wait,
    WaitKind,
)
from .catalogue import Listing, Term, has, text
from .formats import (
    Duration,
    Money,
    Percent,
    Temperature,
    clock,
    humanized,
    local_time,
    name_of,
    names,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime


def tier_term(tier: TrustTier) -> Term:
    """A trust tier as a word, e.g. ``trusted``."""
    return Term(f"tiers.{tier.value}")


def goal_term(goal_type: str) -> Term:
    """What a goal type does, e.g. ``turn on``."""
    return Term(f"goals.{goal_type}")


def _data_value(key: str, value: Any, snapshot: ContextSnapshot) -> Any:
    if key == "temperature" and isinstance(value, int | float):
        return Temperature(float(value), snapshot.temperature_unit)
    if key == "volume_level" and isinstance(value, int | float):
        return Percent(float(value) * 100)
    return value


def _data_text(
    data: Mapping[str, Any], snapshot: ContextSnapshot, language: str
) -> str:
    parts = [
        text(f"data.{key}", language, value=_data_value(key, value, snapshot))
        for key, value in data.items()
        if has(f"data.{key}")
    ]
    return f" ({', '.join(parts)})" if parts else ""


def describe_step(step: ExecutionStep, snapshot: ContextSnapshot, language: str) -> str:
    """One line saying what a step does."""
    listed = names(step.entity_ids, snapshot)
    if step.kind is StepKind.WAIT:
        if step.wait is not None and step.wait.kind is not WaitKind.TIME:
            return describe_wait(step.wait, snapshot, language)
        moment = step.not_before or snapshot.now
        return text("steps.wait", language, time=clock(moment, snapshot.time_zone))
    if step.kind is StepKind.CONDITION:
        if step.action is None and step.entity_ids:
            return text("steps.report", language, names=listed)
        return text("steps.condition", language, what=step.description or "-")
    if step.kind is StepKind.NOTIFY and (
        not step.entity_ids or (step.action or "").startswith("persistent_")
    ):
        return text("steps.notify", language, message=step.data.get("message", ""))
    service = (step.action or "").partition(".")[2]
    verb_key = f"verbs.{service}"
    verb = text(verb_key, language) if has(verb_key) else humanized(f".{service}")
    described = text("steps.action", language, verb=verb, names=listed)
    described += _data_text(step.data, snapshot, language)
    if step.not_before is not None:
        described += text(
            "steps.at_time", language, time=clock(step.not_before, snapshot.time_zone)
        )
    return described


def _moment(moment: datetime, snapshot: ContextSnapshot) -> str:
    """A time of day, with the date when it is not today (``2024-05-02 07:00``)."""
    local = local_time(moment, snapshot.time_zone)
    if local.date() == local_time(snapshot.now, snapshot.time_zone).date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def state_term(state: str) -> Term | str:
    """A device state in words (``off``, ``aus``); one the catalogue lacks as it is."""
    key = f"states.{state}"
    return Term(key) if has(key) else state


def describe_wait(wait: Wait, snapshot: ContextSnapshot, language: str) -> str:
    """What a plan waits for, in a few words, and until when at most."""
    match wait.kind:
        case WaitKind.STATE:
            described = text(
                "waits.state",
                language,
                name=name_of(wait.entity_id or "", snapshot),
                state=state_term(wait.to or ""),
            )
        case WaitKind.SUN | WaitKind.TIME:
            moment = _moment(wait.at or snapshot.now, snapshot)
            if wait.kind is WaitKind.TIME:
                return text("steps.wait", language, time=moment)
            event = "sunrise" if wait.event == "sunrise" else "sunset"
            if not wait.offset:
                return text(f"waits.{event}", language, time=moment)
            relation = "after" if wait.offset > 0 else "before"
            return text(
                f"waits.{event}_{relation}",
                language,
                offset=Duration(abs(wait.offset) * 60),
                time=moment,
            )
        case _:
            described = text(f"waits.{wait.kind.value}", language)
    if wait.expires_at is not None:
        described += text(
            "waits.expires", language, time=_moment(wait.expires_at, snapshot)
        )
    return described


def step_numbers(plan: ExecutionPlan) -> dict[str, int]:
    """Each step's number in the plan's list, from 1; a fallback has its step's."""
    numbers: dict[str, int] = {}
    for position, step in enumerate(plan.steps, start=1):
        numbers[step.step_id] = position
        for fallback in step.fallbacks:
            numbers[fallback.step_id] = position
    return numbers


@dataclass(frozen=True, slots=True)
class GoalLabel:
    """Which goal of the request a reason is about: nothing when there is one goal."""

    number: int
    goal_type: str
    goals: int

    def render(self, language: str) -> str:
        """``Goal 2 (lock): `` in ``language``, or nothing for a single goal."""
        if self.goals <= 1:
            return ""
        return text(
            "reasons.goal", language, number=self.number, what=goal_term(self.goal_type)
        )


def goal_label(goal: Goal, index: int, goals: int) -> GoalLabel:
    """The label of the goal at ``index`` among ``goals`` goals."""
    return GoalLabel(index + 1, goal.type.value, goals)


def domain_term(domain: str) -> Any:
    """A kind of device (a domain) in words, e.g. ``lights``."""
    key = f"domains.{domain}"
    return Term(key) if has(key) else domain.replace("_", " ")


def kind_term(kind: str) -> Any:
    """A kind of device (a device class) as people name it, e.g. ``garage door``."""
    key = f"kinds.{kind}"
    return Term(key) if has(key) else kind.replace("_", " ")


@dataclass(frozen=True, slots=True)
class TargetsText:
    """What a goal targets, in words: named devices, or kinds of devices in places."""

    named: tuple[str, ...] = ()
    kinds: tuple[Any, ...] = ()
    places: tuple[str, ...] = ()

    def render(self, language: str) -> str:
        """The targets in ``language``."""
        if self.named:
            return text("targets.named", language, names=Listing(self.named))
        what = Listing(self.kinds) if self.kinds else Term("words.devices")
        if self.places:
            return text(
                "targets.what_where",
                language,
                what=what,
                where=Listing(self.places, "words.or"),
            )
        return text("targets.what", language, what=what)


def targets_text(goal: Goal, snapshot: ContextSnapshot) -> TargetsText:
    """Describe a goal's targets for a reason."""
    targets = goal.targets
    if targets.entity_ids:
        return TargetsText(
            named=tuple(
                name_of(entity_id, snapshot) for entity_id in targets.entity_ids
            )
        )
    # A device class says more than its domain: "the garage door", not "the covers".
    kinds = [kind_term(device_class) for device_class in targets.device_classes] or [
        domain_term(domain) for domain in targets.domains
    ]
    places = [
        snapshot.areas[area].name if area in snapshot.areas else humanized(f".{area}")
        for area in targets.area_ids
    ]
    places += [
        snapshot.floors[floor].name
        if floor in snapshot.floors
        else humanized(f".{floor}")
        for floor in targets.floor_ids
    ]
    return TargetsText(kinds=tuple(kinds), places=tuple(places))


# --- alternatives ---------------------------------------------------------------


def _start(plan: ExecutionPlan) -> datetime | None:
    """When the plan's first action starts (None: at once)."""
    starts = [step.not_before for step in _acting_steps(plan)]
    if not starts or any(start is None for start in starts):
        return None
    return min(start for start in starts if start is not None)


def _acting_steps(plan: ExecutionPlan) -> list[ExecutionStep]:
    return [
        step for step in plan.steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)
    ]


def _does(step: ExecutionStep) -> tuple[Any, ...]:
    """What a step does, not when."""
    return (step.action, tuple(step.entity_ids), repr(sorted(step.data.items())))


def _acting(plan: ExecutionPlan) -> dict[tuple[Any, ...], list[str]]:
    """The plan's action steps, by what they do (not when), with their entities."""
    return {_does(step): list(step.entity_ids) for step in _acting_steps(plan)}


def _moved(chosen: ExecutionPlan, other: ExecutionPlan) -> list[datetime | None]:
    """When ``other`` starts the steps it does at another time than ``chosen``.

    A plan that also acts at once (turning a lamp off while the dishwasher waits
    for cheap power) starts "now" either way; this finds the step that moved.
    """
    ours = {_does(step): step.not_before for step in _acting_steps(chosen)}
    return [
        step.not_before
        for step in _acting_steps(other)
        if _does(step) in ours and ours[_does(step)] != step.not_before
    ]


def _once(entity_ids: list[str]) -> list[str]:
    return list(dict.fromkeys(entity_ids))


def _start_label(
    start: datetime | None, snapshot: ContextSnapshot, language: str
) -> str:
    if start is None:
        return text("alternatives.start_now", language)
    return text(
        "alternatives.start_at", language, time=clock(start, snapshot.time_zone)
    )


def _label(
    chosen: ExecutionPlan,
    other: ExecutionPlan,
    snapshot: ContextSnapshot,
    language: str,
) -> tuple[str, str | None]:
    """Name an alternative by what it does differently from the chosen plan.

    The second item is the effect the name says (``local``, ``more_comfort``…) when
    the name is one, so that the trade-off does not say it again.
    """
    start = _start(other)
    if start != _start(chosen) or not chosen.steps:
        return _start_label(start, snapshot, language), None
    ours = _acting(chosen)
    theirs = _acting(other)
    extra = [
        entity
        for key, entities in theirs.items()
        if key not in ours
        for entity in entities
    ]
    missing = [key for key in ours if key not in theirs]
    every = [entity for entities in theirs.values() for entity in entities]
    if extra and not missing:
        return text(
            "alternatives.also", language, names=names(_once(extra), snapshot)
        ), None
    if missing and not extra:
        return text(
            "alternatives.only", language, names=names(_once(every), snapshot)
        ), None
    if extra:
        return text(
            "alternatives.instead", language, names=names(_once(extra), snapshot)
        ), None
    moved = _moved(chosen, other)
    if moved:
        now = [item for item in moved if item is None]
        later = [item for item in moved if item is not None]
        return _start_label(None if now else min(later), snapshot, language), None
    effect = _effect(chosen, other)
    return text(f"alternatives.labels.{effect}", language), effect


def _effect(chosen: ExecutionPlan, other: ExecutionPlan) -> str:
    """The catalogue word for what ``other`` does that ``chosen`` does not.

    Reached when both do the same things at the same times, so they differ in how:
    where a step runs, what it costs, the order of the steps, or what is checked
    between them.
    """
    privacy = other.privacy_score - chosen.privacy_score
    if abs(privacy) > 1e-9:
        return "local" if privacy > 0 else "cloud"
    cost = other.estimated_cost - chosen.estimated_cost
    if abs(cost) >= 0.005:
        return "cheaper" if cost < 0 else "dearer"
    comfort = other.scores.comfort - chosen.scores.comfort
    if abs(comfort) > 1e-9:
        return "more_comfort" if comfort > 0 else "less_comfort"
    order = [_does(step) for step in _acting_steps(other)]
    if order != [_does(step) for step in _acting_steps(chosen)]:
        return "reordered"
    return "checks"


def tradeoff(
    chosen: ExecutionPlan,
    other: ExecutionPlan,
    *,
    chosen_latency_s: float,
    other_latency_s: float,
    currency: str | None,
    language: str,
    snapshot: ContextSnapshot,
    broken: Iterable[str] = (),
) -> str:
    """Name ``other`` by what it does and say what it gains or loses against ``chosen``.

    E.g. ``Start now: 0.41 € more, done 7 hours sooner``. ``broken`` are the hard
    limits of the request it does not keep; those the label and figures do not say
    already (``quiet``, ``budget``) are named.
    """
    label, effect = _label(chosen, other, snapshot, language)
    if not chosen.steps:
        # Nothing to compare with: say what it would cost.
        alone = [
            text(
                "alternatives.costs",
                language,
                amount=Money(other.estimated_cost, currency),
            )
            if other.estimated_cost >= 0.005
            else text("alternatives.free", language)
        ]
        return _item(label, language, broken, alone)
    parts: list[str] = []
    delta = other.estimated_cost - chosen.estimated_cost
    if abs(delta) >= 0.005:
        key = "alternatives.cost_less" if delta < 0 else "alternatives.cost_more"
        parts.append(text(key, language, amount=Money(abs(delta), currency)))
    latency = other_latency_s - chosen_latency_s
    if abs(latency) >= 1:
        key = "alternatives.faster" if latency < 0 else "alternatives.slower"
        parts.append(text(key, language, duration=Duration(latency)))
    privacy = other.privacy_score - chosen.privacy_score
    if abs(privacy) > 1e-9 and effect not in ("local", "cloud"):
        key = "alternatives.more_local" if privacy > 0 else "alternatives.less_local"
        parts.append(text(key, language))
    comfort = other.scores.comfort - chosen.scores.comfort
    if abs(comfort) > 1e-9 and effect not in ("more_comfort", "less_comfort"):
        key = (
            "alternatives.more_comfort" if comfort > 0 else "alternatives.less_comfort"
        )
        parts.append(text(key, language))
    if not parts:
        parts.append(text("alternatives.same", language))
    return _item(label, language, broken, parts)


def _item(label: str, language: str, broken: Iterable[str], parts: list[str]) -> str:
    limits = [
        Term(f"alternatives.breaks.{item}")
        for item in dict.fromkeys(broken)
        if has(f"alternatives.breaks.{item}")
    ]
    if limits:
        return text(
            "alternatives.item_breaking",
            language,
            label=label,
            broken=Listing(tuple(limits)),
            tradeoff=", ".join(parts),
        )
    return text("alternatives.item", language, label=label, tradeoff=", ".join(parts))


def listing(items: Sequence[Any], language: str) -> str:
    """Items as a list in ``language``: ``A, B and C``."""
    return Listing(tuple(items)).render(language)
