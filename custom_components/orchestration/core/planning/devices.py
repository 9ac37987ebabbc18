"""Device-level goals: one action step per distinct action, with what it needs.

How long an action takes, whether it is sensitive or noisy, which trust tier may run
it unapproved, its guardrails, substitutes for unavailable entities, fallbacks, the
power limit and quiet hours. Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from ..energy.headroom import BASE_LOAD_HORIZON, DrawKind, PowerDraw
from ..models import (
    EntityInfo,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    StepKind,
    TimeWindow,
    TrustTier,
)
from ..texts import GoalLabel, Percent, Power, Reason, Temperature, goal_term, text
from ..verification import FAILED_ONLY_MESSAGE, expected_states, not_reached
from .actions import (
    ServiceCall,
    UnsupportedActionError,
    absolute,
    can_do,
    domains_for,
    resolve,
)
from .steps import (
    HIGH_POWER_W,
    Draft,
    GoalPlan,
    PlanContext,
    Variant,
    as_number,
    clock_at,
    drawers,
    goal_label,
    notice,
    targets_text,
    waiting,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime


_QUIET_VOLUME: Final = 0.3

_TEMPERATURE_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "climate": (7.0, 30.0),
    "water_heater": (30.0, 70.0),
}

_MAX_FALLBACKS: Final = 3

_FALLBACK_PROBES: Final = 8

#: Service names that start drawing power.
_SWITCH_ON: Final = (".turn_on", ".start", ".start_mowing", ".open_valve")

#: Seconds an action usually takes to complete, by domain (cloud adds _CLOUD_DELAY_S).
_DURATION_S: Final[dict[str, float]] = {
    "cover": 30.0,
    "valve": 10.0,
    "lock": 5.0,
    "vacuum": 5.0,
    "lawn_mower": 5.0,
    "media_player": 2.0,
    "climate": 2.0,
    "water_heater": 2.0,
}

DEFAULT_DURATION_S: Final = 1.0

_CLOUD_DELAY_S: Final = 1.5

_NOISY_KEYWORDS: Final = ("washer", "washing", "wasch", "dryer", "trockner", "mower")

_NOISY_DOMAINS: Final = frozenset({"vacuum", "lawn_mower", "siren"})

SECURITY_COVERS: Final = frozenset({"garage", "gate", "door"})

_SENSITIVE_DOMAINS: Final = frozenset({"lock", "alarm_control_panel", "camera"})

#: Home Assistant condition: at least one person is in the home zone.
SOMEONE_HOME_CONDITION: Final[dict[str, Any]] = {
    "condition": "numeric_state",
    "entity_id": "zone.home",
    "above": 0,
}


def _action_duration(entity: EntityInfo) -> float:
    """Return the seconds an action on ``entity`` usually takes."""
    base = _DURATION_S.get(entity.domain, DEFAULT_DURATION_S)
    return base if entity.local else base + _CLOUD_DELAY_S


def _is_sensitive(ctx: PlanContext, entity: EntityInfo) -> bool:
    """Whether acting on ``entity`` is sensitive (locks, security covers, task)."""
    return (
        ctx.sensitive_task
        or entity.domain in _SENSITIVE_DOMAINS
        or (entity.domain == "cover" and entity.device_class in SECURITY_COVERS)
    )


def _required_tier(call: ServiceCall, entity: EntityInfo) -> TrustTier:
    """Return the least tier that may run ``call`` on ``entity`` unapproved."""
    domain, _, service = call.action.partition(".")
    if domain == "lock" and service in ("unlock", "open"):
        return TrustTier.TRUSTED
    if domain == "alarm_control_panel" and service.startswith("alarm_disarm"):
        return TrustTier.TRUSTED
    if domain == "cover" and entity.device_class in SECURITY_COVERS:
        return TrustTier.TRUSTED if service == "open_cover" else TrustTier.BASIC
    if domain in ("climate", "water_heater", "script"):
        return TrustTier.VERIFIED
    if (entity.power_w or 0) >= HIGH_POWER_W:
        return TrustTier.VERIFIED
    return TrustTier.BASIC


def is_noisy(entity: EntityInfo) -> bool:
    """Whether the device is too loud for quiet hours."""
    if entity.domain in _NOISY_DOMAINS:
        return True
    # A dishwasher is quiet enough for the night; "washer" alone is not.
    words = f"{entity.entity_id} {entity.name}".lower().replace("dishwasher", "")
    return any(keyword in words for keyword in _NOISY_KEYWORDS)


def _add_guardrails(
    ctx: PlanContext, draft: Draft, entities: Sequence[EntityInfo]
) -> None:
    """Attach the privacy, trust and power guardrails a step needs."""
    if any(_is_sensitive(ctx, entity) for entity in entities):
        kind = GuardrailKind.LOCAL_ONLY if draft.local else GuardrailKind.CLOUD
        draft.guardrails.append(Guardrail(kind))
    if draft.call is not None:
        required = max(
            (_required_tier(draft.call, entity) for entity in entities),
            key=lambda tier: tier.rank,
            default=TrustTier.BASIC,
        )
        if ctx.caller_tier.rank < required.rank:
            draft.guardrails.append(Guardrail.approval(required))
    if ctx.power_limit_w is not None and any(
        (entity.power_w or 0) >= HIGH_POWER_W for entity in entities
    ):
        draft.guardrails.append(Guardrail.power_limit(ctx.power_limit_w))


def action_draft(
    ctx: PlanContext,
    call: ServiceCall,
    entities: Sequence[EntityInfo],
    replaced: list[str],
) -> Draft:
    """Return an action (or notify) step on ``entities`` with its guardrails."""
    draft = Draft(
        kind=StepKind.NOTIFY if call.action.startswith("notify.") else StepKind.ACTION,
        call=call,
        entity_ids=[entity.entity_id for entity in entities],
        local=all(entity.local for entity in entities),
        duration_s=max(_action_duration(entity) for entity in entities),
        guardrails=[Guardrail(GuardrailKind.ENTITY_AVAILABLE)],
        replaced=replaced,
    )
    _add_guardrails(ctx, draft, entities)
    return draft


def _one_per_device(
    ctx: PlanContext, goal: Goal, selected: Sequence[EntityInfo]
) -> list[EntityInfo]:
    """One entity per device and domain that can do the goal.

    A device two integrations both control (a TV through its local integration and
    through a cloud account) is acted on once, through the local one when any
    locality is preferred. The other stays the step's fallback (same area).
    """
    chosen: dict[tuple[str, str], EntityInfo] = {}
    kept: list[EntityInfo] = []
    prefer_local = ctx.options.local_execution_preference > 0
    for entity in selected:
        if entity.device_id is None or not entity.available:
            kept.append(entity)
            continue
        if not can_do(goal.type, entity, goal.params):
            kept.append(entity)
            continue
        key = (entity.device_id, entity.domain)
        other = chosen.get(key)
        if other is None:
            chosen[key] = entity
            kept.append(entity)
        elif prefer_local and entity.local and not other.local:
            chosen[key] = entity
            kept[kept.index(other)] = entity
    return kept


def _capable_substitute(
    ctx: PlanContext, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another available entity of the same domain and area that achieves the goal.

    Candidates are weighed by ``local_execution_preference`` (p): running locally
    counts p, being the same device (through another integration) counts 1 - p. So a
    strong preference tries a local device of the room before the cloud twin of the
    failed one, a weak one the twin first.
    """
    preference = ctx.options.local_execution_preference

    def weight(other: EntityInfo) -> float:
        twin = other.device_id is not None and other.device_id == entity.device_id
        return preference * other.local + (1 - preference) * twin

    candidates = sorted(
        (
            other
            for other in ctx.in_area(entity.area_id)
            if other.domain == entity.domain
            and other.available
            and other.entity_id not in taken
            and (other.local or not local)
        ),
        key=lambda other: (-weight(other), other.entity_id),
    )
    for other in candidates:
        try:
            return other, resolve(goal.type, other, goal.params)
        except UnsupportedActionError:
            continue
    return None


def _cools(ctx: PlanContext, goal: Goal, entity: EntityInfo) -> bool:
    """Whether a climate goal is about cooling the entity's area down."""
    if entity.domain != "climate":
        return False
    if goal.type in (GoalType.SET_TEMPERATURE, GoalType.PRECONDITION):
        area = ctx.snapshot.environment.areas.get(entity.area_id or "")
        target = as_number(goal.params.get("temperature"))
        if area is None or area.temperature is None or target is None:
            return False
        return target < area.temperature
    return goal.type is GoalType.TURN_ON and entity.state == "cool"


def _same_effect(
    ctx: PlanContext, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Another action with the same effect: a fan in the area when the AC would cool."""
    if not _cools(ctx, goal, entity):
        return None
    for other in ctx.in_area(entity.area_id):
        if (
            other.domain == "fan"
            and other.available
            and other.entity_id not in taken
            and (other.local or not local)
        ):
            try:
                return other, resolve(GoalType.TURN_ON, other, {})
            except UnsupportedActionError:
                continue
    return None


def substitute(
    ctx: PlanContext, goal: Goal, entity: EntityInfo, taken: set[str], *, local: bool
) -> tuple[EntityInfo, ServiceCall] | None:
    """Find the same action on another entity, else one with the same effect."""
    return _capable_substitute(ctx, goal, entity, taken, local=local) or _same_effect(
        ctx, goal, entity, taken, local=local
    )


def fallbacks_for(
    ctx: PlanContext,
    goal: Goal,
    entities: Sequence[EntityInfo],
    label: str,
    action: str,
) -> list[Draft]:
    """Other capable entities in the same areas, then a notification."""
    taken = {entity.entity_id for entity in entities}
    local = any(_is_sensitive(ctx, entity) for entity in entities)
    drafts: list[Draft] = []
    # Probing a few entities is enough: fallbacks are few, and big groups (all the
    # lights of a home) leave no other entity to fall back on anyway.
    for entity in entities[:_FALLBACK_PROBES]:
        if len(drafts) >= _MAX_FALLBACKS - 1:
            break
        while len(drafts) < _MAX_FALLBACKS - 1:
            found = substitute(ctx, goal, entity, taken, local=local)
            if found is None:
                break
            other, call = found
            taken.add(other.entity_id)
            drafts.append(action_draft(ctx, call, [other], []))
    drafts.append(failure_notice(ctx, goal, entities, label, action))
    return drafts


def failure_notice(
    ctx: PlanContext,
    goal: Goal,
    entities: Sequence[EntityInfo],
    label: str,
    action: str,
) -> Draft:
    """The last resort: tell the user what could not be done.

    When success can be read from state, the message names only the devices that
    did not take effect (read when it is sent: a template of entity ids only).
    """
    language = ctx.task.language
    what = goal_term(goal.type.value)
    said = text("notify.fallback", language, action=what, names=label)
    draft = notice(said)
    states = expected_states(action)
    if states and len(entities) > 1 and draft.call is not None:
        # The message sent names the devices that did not take effect, read when it
        # is sent; the text around the names is the catalogue's, as literals.
        before, _, after = text(
            "notify.fallback", language, action=what, names=_NAMES
        ).partition(_NAMES)
        failed = not_reached(
            [entity.entity_id for entity in entities],
            states,
            "name",
            around=(before, after),
        )
        draft.call = replace(
            draft.call, data={**draft.call.data, FAILED_ONLY_MESSAGE: failed}
        )
    return draft


#: Stands for the names in a message, to find the text around them.
_NAMES: Final = "\x00"


def bounded_temperature(
    ctx: PlanContext,
    goal: Goal,
    entity: EntityInfo,
    name: GoalLabel,
    reasons: list[Reason],
) -> tuple[Goal, Guardrail | None]:
    """Keep a setpoint inside the entity's and the task's bounds (safety guardrail)."""
    if entity.domain not in _TEMPERATURE_BOUNDS:
        return goal, None
    if goal.params.get("temperature_step") is not None:
        # "Warmer": the target it leads to, bounded like any other.
        try:
            goal = replace(goal, params=absolute(entity, goal.params))
        except UnsupportedActionError:
            return goal, None
    wanted = as_number(goal.params.get("temperature"))
    if wanted is None:
        return goal, None
    low, high = _TEMPERATURE_BOUNDS[entity.domain]
    low = as_number(entity.attributes.get("min_temp")) or low
    high = as_number(entity.attributes.get("max_temp")) or high
    comfort_low, comfort_high = ctx.limits.comfort
    if comfort_low is not None and entity.domain == "climate":
        low = max(low, comfort_low)
    if comfort_high is not None and entity.domain == "climate":
        high = min(high, comfort_high)
    bounded = min(max(wanted, low), high)
    guard = Guardrail.temperature_bounds(low, high)
    if bounded == wanted:
        return goal, guard
    reasons.append(
        Reason(
            "reasons.temperature_clamped",
            goal=name,
            entity=entity.name,
            wanted=Temperature(wanted, ctx.snapshot.temperature_unit),
            used=Temperature(bounded, ctx.snapshot.temperature_unit),
        )
    )
    return replace(goal, params={**goal.params, "temperature": bounded}), guard


def _quiet_limited(
    ctx: PlanContext,
    goal: Goal,
    call: ServiceCall,
    name: GoalLabel,
    reasons: list[Reason],
) -> tuple[ServiceCall, bool]:
    """Keep the volume low during quiet hours."""
    if call.action != "media_player.volume_set" or ctx.quiet_now() is None:
        return call, False
    level = float(call.data.get("volume_level", 0))
    if level <= _QUIET_VOLUME:
        return call, True
    reasons.append(
        Reason("reasons.volume_capped", goal=name, volume=Percent(_QUIET_VOLUME * 100))
    )
    return ServiceCall(call.action, {**call.data, "volume_level": _QUIET_VOLUME}), True


def expand_device_goal(
    ctx: PlanContext, goal: Goal, index: int, *, implicit: bool = False
) -> GoalPlan:
    """One action step per distinct action, over every capable selected entity.

    ``implicit`` goals come from routines and goal-level goals: entities that cannot
    do them are skipped without a reason.
    """
    name = goal_label(ctx, goal, index)
    selected = ctx.snapshot.select(goal.targets)
    reasons: list[Reason] = []
    key = ctx.next_key()
    if not selected:
        if not implicit:
            reasons.append(
                Reason("reasons.no_targets", goal=name, targets=targets_text(ctx, goal))
            )
        return GoalPlan(goal, index, [], reasons, key=key)
    explicit = bool(goal.targets.entity_ids) and not implicit
    relevant = domains_for(goal.type)
    if not explicit:
        selected = _one_per_device(ctx, goal, selected)
    groups: dict[tuple[Any, ...], _Group] = {}
    taken = {entity.entity_id for entity in selected}
    for entity in selected:
        if not explicit and entity.domain not in relevant:
            continue
        entity_goal, temperature_guard = bounded_temperature(
            ctx, goal, entity, name, reasons
        )
        try:
            call = resolve(goal.type, entity, entity_goal.params)
        except UnsupportedActionError as err:
            if not implicit:
                reasons.append(
                    Reason("reasons.not_capable", goal=name, detail=err.reason)
                )
            continue
        unlocking = call.action in ("lock.unlock", "lock.open")
        asked = goal.type in (GoalType.UNLOCK, GoalType.OPEN) and explicit
        if unlocking and not asked and not ctx.snapshot.occupancy.anyone_home:
            reasons.append(
                Reason("reasons.unlock_refused", goal=name, entity=entity.name)
            )
            continue
        acting, replaced = entity, []
        sensitive = _is_sensitive(ctx, entity)
        must_be_local = ctx.limits.local_only or (
            sensitive and ctx.options.privacy_first
        )
        if not entity.available:
            found = substitute(ctx, entity_goal, entity, taken, local=must_be_local)
            if found is None:
                reasons.append(
                    Reason("reasons.unavailable", goal=name, entity=entity.name)
                )
                continue
            acting, call = found
            replaced = [entity.entity_id]
            taken.add(acting.entity_id)
            reasons.append(
                Reason(
                    "reasons.substituted",
                    goal=name,
                    entity=entity.name,
                    substitute=acting.name,
                )
            )
        if must_be_local and not acting.local:
            code = "not_local" if ctx.limits.local_only else "not_local_sensitive"
            reasons.append(Reason(f"reasons.{code}", goal=name, entity=acting.name))
            continue
        call, quiet = _quiet_limited(ctx, goal, call, name, reasons)
        group = groups.setdefault(call.key, _Group(call))
        if acting.entity_id not in group.entity_ids:
            group.entity_ids.add(acting.entity_id)
            group.entities.append(acting)
        group.replaced.extend(replaced)
        group.goal = entity_goal
        if temperature_guard:
            group.guards.append(temperature_guard)
        if quiet:
            group.guards.append(Guardrail(GuardrailKind.QUIET_HOURS))
        if unlocking:
            if not ctx.snapshot.occupancy.anyone_home:
                group.guards.append(Guardrail(GuardrailKind.UNLOCK_EXPLICIT))
            elif not explicit:
                group.someone_home = True
    _keep_under_power_limit(ctx, groups, name, reasons)
    if not groups:
        if not reasons and not implicit:
            reasons.append(
                Reason(
                    "reasons.nothing_capable",
                    goal=name,
                    action=goal_term(goal.type.value),
                )
            )
        return GoalPlan(goal, index, [], reasons, key=key)
    drafts: list[Draft] = []
    for group in groups.values():
        draft = action_draft(ctx, group.call, group.entities, group.replaced)
        for guard in group.guards:
            if guard not in draft.guardrails:
                draft.guardrails.append(guard)
        label = ", ".join(entity.name for entity in group.entities)
        draft.fallbacks = fallbacks_for(
            ctx, group.goal or goal, group.entities, label, group.call.action
        )
        if group.someone_home:
            drafts.append(
                Draft(
                    kind=StepKind.CONDITION,
                    call=None,
                    entity_ids=[],
                    data={"condition": dict(SOMEONE_HOME_CONDITION)},
                    description=text("steps.someone_home", ctx.task.language),
                    guardrails=[Guardrail(GuardrailKind.SOMEONE_HOME)],
                )
            )
            draft.after = [len(drafts) - 1]
        drafts.append(draft)
    acted = [entity for group in groups.values() for entity in group.entities]
    variants = [Variant("direct", drafts)]
    # A room to cool (not a device named) may be cooled by its fan instead.
    if not (implicit or explicit) and (fan := fan_instead(ctx, goal, drafts)):
        variants.append(fan)
    noisy = [entity for entity in acted if is_noisy(entity)]
    quiet_window = ctx.quiet_now()
    if noisy and quiet_window is not None and quiet_window.end > ctx.snapshot.now:
        variants = _after_quiet(ctx, drafts, quiet_window, name, reasons)
    start = ctx.limits.not_before
    if start is not None and start > ctx.snapshot.now:
        variants = [_not_before(variant, start) for variant in variants]
    if goal.type is GoalType.TURN_ON and ctx.limits.duration_min:
        kept = [
            switched_back(ctx, variant, ctx.limits.duration_min) for variant in variants
        ]
        if any(variant is None for variant in kept):
            # "Lock the door for 30 minutes" would unlock it unasked: not planned.
            reasons.append(Reason("reasons.duration_not_kept", goal=name))
            return GoalPlan(goal, index, [], reasons, key=key)
        variants = [variant for variant in kept if variant is not None]
    return GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=frozenset(entity.entity_id for entity in acted),
        area_ids=frozenset(entity.area_id for entity in acted if entity.area_id),
        key=key,
    )


#: How cool a fan keeps a person next to cooling the room (comfort 0..1).
FAN_COMFORT: Final = 0.7
_DEFAULT_CLIMATE_W: Final = 1500.0
_DEFAULT_FAN_W: Final = 40.0


def fan_instead(ctx: PlanContext, goal: Goal, drafts: list[Draft]) -> Variant | None:
    """Cooling a room by its fan instead of its air conditioning: the same job.

    Cheaper, often local, less comfortable (``FAN_COMFORT``). Both ways are costed
    at what they draw in the next hour, so the strategy can weigh them.
    """
    entities = ctx.snapshot.entities
    cooling = [
        (draft, [entities[entity_id] for entity_id in draft.entity_ids])
        for draft in drafts
        if draft.call is not None
        and draft.call.action.startswith("climate.")
        and draft.entity_ids
        and all(
            entity_id in entities and _cools(ctx, goal, entities[entity_id])
            for entity_id in draft.entity_ids
        )
    ]
    if not cooling:
        return None
    taken = {entity.entity_id for _, acting in cooling for entity in acting}
    fans: dict[str, tuple[EntityInfo, ServiceCall]] = {}
    for _, acting in cooling:
        for entity in acting:
            found = _same_effect(ctx, goal, entity, taken | set(fans), local=False)
            if found is not None:
                fans[found[0].entity_id] = found
    if not fans:
        return None
    price = ctx.price_now()
    for draft, acting in cooling:
        watts = sum(entity.power_w or _DEFAULT_CLIMATE_W for entity in acting)
        draft.cost = round(price * watts / 1000, 6)
    replaced = {id(draft) for draft, _ in cooling}
    kept = [draft for draft in drafts if id(draft) not in replaced]
    for fan, call in fans.values():
        draft = action_draft(ctx, call, [fan], [])
        draft.cost = round(price * (fan.power_w or _DEFAULT_FAN_W) / 1000, 6)
        draft.fallbacks = [notice(f"Could not turn on {fan.name}")]
        kept.append(draft)
    return Variant("fan", kept, comfort=FAN_COMFORT)


def _keep_under_power_limit(
    ctx: PlanContext,
    groups: dict[tuple[Any, ...], _Group],
    name: GoalLabel,
    reasons: list[Reason],
) -> None:
    """Switch on high-power devices only while the total stays under the limit.

    What already runs counts (measured where a power sensor says), other plans'
    loads in the next minutes, and devices switched on by earlier goals.
    """
    limit = ctx.power_limit_w
    if limit is None:
        return
    now = ctx.snapshot.now
    until = now + BASE_LOAD_HORIZON
    for key in list(groups):
        group = groups[key]
        if not group.call.action.endswith(_SWITCH_ON):
            continue
        kept = []
        for entity in group.entities:
            watts = entity.power_w or 0.0
            if watts < HIGH_POWER_W:
                kept.append(entity)
                continue
            profile = ctx.power_with_switched_on().without([entity.entity_id])
            if not profile.fits(watts, now, until):
                reasons.append(
                    Reason(
                        "reasons.power_limit_together",
                        goal=name,
                        entity=entity.name,
                        power=Power(watts),
                        others=drawers(ctx, profile.during(now, until)),
                        limit=Power(limit),
                    )
                )
                continue
            ctx.switched_on.append(
                PowerDraw(entity.entity_id, watts, now, None, DrawKind.RUNNING)
            )
            kept.append(entity)
        group.entities = kept
        if not kept:
            del groups[key]


@dataclass(slots=True)
class _Group:
    """Entities that get the same service call within one goal."""

    call: ServiceCall
    entities: list[EntityInfo] = field(default_factory=list)
    entity_ids: set[str] = field(default_factory=set)
    replaced: list[str] = field(default_factory=list)
    guards: list[Guardrail] = field(default_factory=list)
    goal: Goal | None = None
    someone_home: bool = False


# States in which a device is not on: switched on for a while, it is switched back.
_NOT_ON: Final = frozenset({"off", "unknown", "unavailable", "standby"})


def switched_back(ctx: PlanContext, variant: Variant, minutes: float) -> Variant | None:
    """After each switching on, a wait and the off ("turn on the fan for 30 minutes").

    The wait starts when the step it follows was due (now, or its own start time), so
    the devices are off again ``minutes`` later; the steps live with the plan like any
    timed step, through restarts. None when a step is no plain switching on: the way
    back from locking, arming or opening is unlocking, disarming or closing, which
    nobody asked for.
    """
    drafts = list(variant.drafts)
    kept_on: list[str] = []
    for index, draft in enumerate(variant.drafts):
        if draft.kind is not StepKind.ACTION or draft.call is None:
            continue
        if not draft.call.action.endswith(".turn_on"):
            return None
        groups: dict[tuple[Any, ...], _Group] = {}
        for entity_id in draft.entity_ids:
            entity = ctx.snapshot.entities.get(entity_id)
            if entity is None:
                return None
            if draft.not_before is None and entity.state not in _NOT_ON:
                # Already on (a thermostat heating): it was not switched on, so it
                # is not switched off after the while either.
                kept_on.append(entity.name)
                continue
            try:
                call = resolve(GoalType.TURN_OFF, entity, {})
            except UnsupportedActionError:
                return None
            if not call.action.endswith(".turn_off"):
                return None
            group = groups.setdefault(call.key, _Group(call))
            group.entities.append(entity)
        if not groups:
            continue
        back_at = (draft.not_before or ctx.snapshot.now) + timedelta(minutes=minutes)
        drafts.append(
            Draft(
                kind=StepKind.WAIT,
                call=None,
                entity_ids=[],
                not_before=back_at,
                after=[index],
            )
        )
        wait = len(drafts) - 1
        for group in groups.values():
            back = action_draft(ctx, group.call, group.entities, [])
            back.not_before = back_at
            back.after = [wait]
            drafts.append(back)
    notes = list(variant.notes)
    if kept_on:
        notes.append(
            Reason(
                "reasons.stays_on",
                names=", ".join(dict.fromkeys(kept_on)),
                minutes=int(minutes) if float(minutes).is_integer() else minutes,
            )
        )
    return replace(variant, drafts=drafts, notes=notes)


def _not_before(variant: Variant, start: datetime) -> Variant:
    """Hold a variant's steps until ``start`` ("in 2 hours", "at 11pm", "after midnight").

    A variant that already waits (for the end of quiet hours) waits for the later time.
    """
    if not any(draft.not_before for draft in variant.drafts):
        return replace(variant, drafts=waiting(start, variant.drafts))
    drafts = [
        replace(draft, not_before=max(draft.not_before, start))
        if draft.not_before is not None
        else draft
        for draft in variant.drafts
    ]
    return replace(variant, drafts=drafts)


def _after_quiet(
    ctx: PlanContext,
    drafts: list[Draft],
    quiet: TimeWindow,
    name: GoalLabel,
    reasons: list[Reason],
) -> list[Variant]:
    """Noisy devices during quiet hours: wait for the end (allowed) or run now (not)."""
    deferred = waiting(quiet.end, drafts)
    for draft in deferred[1:]:
        draft.guardrails.append(Guardrail(GuardrailKind.QUIET_HOURS))
    reasons.append(
        Reason("reasons.quiet_deferred", goal=name, time=clock_at(ctx, quiet.end))
    )
    return [
        Variant("after_quiet", deferred, comfort=0.9),
        Variant("now", drafts, breaks=("quiet",)),
    ]
