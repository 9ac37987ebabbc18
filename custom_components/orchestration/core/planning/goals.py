"""Expanding a task's goals into drafts of steps: :func:`expand_task`.

Goal-level goals (deferrable loads, preconditioning, energy, security, routines)
expand here into variants of device steps; device-level goals go to :mod:`.devices`.
Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from ..energy.headroom import DrawKind, PowerDraw, PowerProfile
from ..energy.power import GENERIC_APPLIANCE, typical_draw_w, typical_run
from ..energy.scheduling import (
    Load,
    ScheduleResult,
    cheapest_start,
    first_allowed_start,
    schedule_loads,
)
from ..energy.thermal import (
    HOLD_FRACTION,
    cheapest_precondition_start,
    estimate,
    precondition_cost,
    waiting_comfort,
)
from ..models import (
    EntityInfo,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    StepKind,
    Targets,
    TimeWindow,
)
from ..texts import (
    Duration,
    GoalLabel,
    Message,
    Money,
    Power,
    Reason,
    Temperature,
    Term,
    goal_term,
    text,
)
from .actions import (
    UnsupportedActionError,
    notification,
    resolve,
)
from .devices import (
    SECURITY_COVERS,
    action_draft,
    expand_device_goal,
    fan_instead,
    is_noisy,
)
from .reoptimise import KEPT, significant_saving, variant_cost
from .steps import (
    Draft,
    GoalPlan,
    LoadPlan,
    PlanContext,
    Variant,
    as_number,
    clock_at,
    drawers,
    goal_label,
    notice,
    offset_after,
    targets_text,
    waiting,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence


#: Deferrable loads recognised by a keyword of their id or name (also in German),
#: and the appliance kind whose typical run and draw they have.
_APPLIANCE_WORDS: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (("dishwasher", "geschirr"), "dishwasher"),
    (("washer", "washing", "wasch"), "washing_machine"),
    (("dryer", "trockner"), "dryer"),
    (("ev", "car", "wallbox", "charger"), "ev_charger"),
    (("pool", "pump", "pumpe"), "pool_pump"),
    (("boiler", "water_heater"), "boiler"),
)

_DEFAULT_CLIMATE_KW: Final = 1.5

_SETBACK_C: Final = 2.0

#: Watts assumed for an entity with no power reading, when estimating savings.
_ASSUMED_W: Final[dict[str, float]] = {
    "light": 10.0,
    "media_player": 100.0,
    "climate": 1500.0,
}

_WAIT_THRESHOLD_S: Final = 60.0


def _expand_notify(ctx: PlanContext, goal: Goal, index: int) -> GoalPlan:
    """Notify entities named by the goal, else a persistent notification."""
    message = str(goal.params.get("message") or ctx.task.intent)
    title = goal.params.get("title")
    targets = [
        entity
        for entity in ctx.snapshot.select(goal.targets)
        if entity.domain == "notify"
    ]
    key = ctx.next_key()
    if not targets:
        call = notification(message, str(title) if title else None)
        draft = Draft(kind=StepKind.NOTIFY, call=call, entity_ids=[])
        return GoalPlan(goal, index, [Variant("notify", [draft])], [], key=key)
    params = {"message": message, "title": title}
    call = resolve(GoalType.NOTIFY, targets[0], params)
    draft = action_draft(ctx, call, targets, [])
    draft.fallbacks = [notice(message)]
    return GoalPlan(
        goal,
        index,
        [Variant("notify", [draft])],
        [],
        entity_ids=frozenset(entity.entity_id for entity in targets),
        key=key,
    )


def _expand_query(ctx: PlanContext, goal: Goal, index: int) -> GoalPlan:
    """Report the selected entities' states in a condition step without action."""
    selected = ctx.snapshot.select(goal.targets)
    key = ctx.next_key()
    if not selected:
        reason = Reason(
            "reasons.no_targets",
            goal=goal_label(ctx, goal, index),
            targets=targets_text(ctx, goal),
        )
        return GoalPlan(goal, index, [], [reason], key=key)
    draft = Draft(
        kind=StepKind.CONDITION,
        call=None,
        entity_ids=[entity.entity_id for entity in selected],
        data={"report": {entity.entity_id: entity.state for entity in selected}},
    )
    return GoalPlan(goal, index, [Variant("report", [draft])], [], key=key)


def appliance_defaults(entity: EntityInfo) -> tuple[float, float]:
    """Typical run time (minutes) and power (kW) of the appliance ``entity`` starts."""
    words = f"{entity.entity_id} {entity.name}".lower()
    kind = next(
        (
            name
            for keywords, name in _APPLIANCE_WORDS
            if any(w in words for w in keywords)
        ),
        GENERIC_APPLIANCE,
    )
    return typical_run(kind).total_seconds() / 60, typical_draw_w(kind) / 1000


def _load_for(ctx: PlanContext, goal: Goal, entity: EntityInfo) -> Load:
    default_minutes, default_kw = appliance_defaults(entity)
    minutes = (
        as_number(goal.params.get("duration_min"))
        or ctx.limits.duration_min
        or default_minutes
    )
    energy = as_number(goal.params.get("energy_kwh"))
    if energy:
        power = energy / (minutes / 60)
    elif entity.power_w:
        power = entity.power_w / 1000
    else:
        power = default_kw
    now = ctx.snapshot.now
    earliest = max(now, ctx.limits.not_before or now, ctx.limits.starts_after or now)
    if ctx.limits.deadline is not None:
        latest_end = ctx.limits.deadline
    elif (last := ctx.curve.last_end()) is not None:
        latest_end = max(last, earliest + timedelta(minutes=minutes))
    else:
        latest_end = earliest + timedelta(days=1)
    forbidden: tuple[TimeWindow, ...] = ()
    if ctx.limits.quiet or is_noisy(entity):
        forbidden = tuple(ctx.quiet_windows())
    # A plan that outranks this one holds the device then.
    forbidden += tuple(ctx.claimed.get(entity.entity_id, ()))
    return Load(
        key=entity.entity_id,
        duration=timedelta(minutes=minutes),
        power_kw=power,
        earliest=earliest,
        latest_end=latest_end,
        forbidden=forbidden,
    )


def _run_cost(ctx: PlanContext, load: Load, start: datetime) -> float:
    end = start + load.duration
    if any(
        low <= start.timestamp() and end.timestamp() <= high
        for low, high in ctx.curve.covered()
    ):
        return ctx.curve.energy_cost(start.timestamp(), end.timestamp(), load.power_kw)
    return ctx.price_now() * load.power_kw * load.duration.total_seconds() / 3600


def _result_at(ctx: PlanContext, load: Load, start: datetime) -> ScheduleResult:
    cost = _run_cost(ctx, load, start)
    energy = load.power_kw * load.duration.total_seconds() / 3600
    at_earliest = _run_cost(ctx, load, load.earliest)
    return ScheduleResult(
        start=start,
        end=start + load.duration,
        cost=cost,
        energy_kwh=energy,
        average_price=cost / energy if energy else 0.0,
        cost_at_earliest=at_earliest,
    )


def _soonest_under_cap(
    ctx: PlanContext, loads: Sequence[LoadPlan], background: PowerProfile
) -> None:
    """Give each load its soonest start, in the order said, keeping under the cap.

    What else draws power then counts (``background``); a load that would pass the
    limit starts when an earlier one ends.
    """
    cap_kw = None if ctx.power_limit_w is None else ctx.power_limit_w / 1000
    horizon = max((plan.load.latest_end for plan in loads), default=ctx.snapshot.now)
    placed: list[tuple[datetime, datetime, float]] = [
        (draw.start, draw.end or horizon, draw.watts / 1000)
        for draw in background.draws
    ]
    for plan in loads:
        load = plan.load
        candidates = sorted({load.earliest, *(end for _, end, _ in placed)})
        for candidate in candidates:
            if candidate < load.earliest:
                continue
            start = first_allowed_start(
                duration=load.duration,
                earliest=candidate,
                latest_end=load.latest_end,
                forbidden=(*load.forbidden, *plan.busy),
            )
            if start is None:
                break
            peak = max(
                (
                    sum(power for begin, end, power in placed if begin <= moment < end)
                    for moment in [start, *(b for b, _, _ in placed)]
                    if start <= moment < start + load.duration
                ),
                default=0.0,
            )
            if cap_kw is None or peak + load.power_kw <= cap_kw + 1e-9:
                plan.soonest = _result_at(ctx, load, start)
                placed.append((start, start + load.duration, load.power_kw))
                break


def _prepare_loads(ctx: PlanContext) -> list[Reason]:
    """Schedule every run_appliance load of the task together (they share the cap).

    What else draws power at the time counts against the limit: devices running now,
    other plans' loads (see :mod:`..energy.headroom`).
    """
    reasons: list[Reason] = []
    plans: list[LoadPlan] = []
    limit = ctx.power_limit_w
    for index, goal in enumerate(ctx.task.goals):
        if goal.type is not GoalType.RUN_APPLIANCE:
            continue
        name = goal_label(ctx, goal, index)
        selected = ctx.snapshot.select(goal.targets)
        if not selected:
            reasons.append(
                Reason("reasons.no_targets", goal=name, targets=targets_text(ctx, goal))
            )
            continue
        for entity in selected:
            try:
                call = resolve(GoalType.TURN_ON, entity, {})
            except UnsupportedActionError:
                if goal.targets.entity_ids:
                    reasons.append(
                        Reason("reasons.not_appliance", goal=name, entity=entity.name)
                    )
                continue
            if not entity.available:
                reasons.append(
                    Reason("reasons.unavailable", goal=name, entity=entity.name)
                )
                continue
            load = _load_for(ctx, goal, entity)
            watts = load.power_kw * 1000
            if limit is not None and watts > limit + 1e-9:
                reasons.append(
                    Reason(
                        "reasons.over_power_limit",
                        goal=name,
                        entity=entity.name,
                        power=Power(watts),
                        limit=Power(limit),
                    )
                )
                continue
            others = ctx.power.without([entity.entity_id])
            plan = LoadPlan(
                entity,
                call,
                load,
                busy=others.busy_windows(watts, load.earliest, load.latest_end),
            )
            ctx.loads[(index, entity.entity_id)] = plan
            plans.append(plan)
    if not plans:
        return reasons
    background = ctx.power.without(plan.entity.entity_id for plan in plans)
    _soonest_under_cap(ctx, plans, background)
    _keep_incumbent_runs(ctx, plans, background)
    slots = ctx.snapshot.tariff.slots if ctx.snapshot.tariff else []
    if not slots:
        return reasons
    for plan in plans:
        load = plan.load
        plan.unconstrained = cheapest_start(
            slots,
            duration=load.duration,
            power_kw=load.power_kw,
            earliest=load.earliest,
            latest_end=load.latest_end,
            forbidden=load.forbidden,
        )
    if len(plans) == 1:
        load = plans[0].load
        plans[0].cheapest = cheapest_start(
            slots,
            duration=load.duration,
            power_kw=load.power_kw,
            earliest=load.earliest,
            latest_end=load.latest_end,
            forbidden=(*load.forbidden, *plans[0].busy),
        )
        return reasons
    cap_kw = None if limit is None else limit / 1000
    joint = schedule_loads(
        [
            replace(plan.load, forbidden=(*plan.load.forbidden, *plan.busy))
            for plan in plans
        ],
        slots,
        power_limit_kw=cap_kw,
        deadline=ctx.deadline,
        background=[
            (draw.start, draw.end, draw.watts / 1000) for draw in background.draws
        ],
    )
    note = (
        Reason("reasons.schedule_optimal", count=len(joint.results))
        if joint.optimal
        else Reason(
            "reasons.schedule_bound",
            count=len(joint.results),
            gap=Money(joint.gap, _currency(ctx)),
        )
    )
    for plan in plans:
        plan.cheapest = joint.results.get(plan.load.key)
        plan.bound_note = note
    return reasons


def _keep_incumbent_runs(
    ctx: PlanContext, plans: Sequence[LoadPlan], background: PowerProfile
) -> None:
    """Each load's run at the incumbent's time, as it would be now, if it still works.

    It does not when it ends after the deadline, falls into quiet hours or a time
    another plan holds the device, or would pass the power limit with what else draws
    power then (the other loads' old runs included).
    """
    runs: list[PowerDraw] = []
    for index_entity, plan in ctx.loads.items():
        start = ctx.incumbent_starts.get(index_entity)
        if start is None or plan not in plans:
            continue
        load = plan.load
        end = start + load.duration
        plan.incumbent_start = start
        plan.kept = _result_at(ctx, load, start)
        claimed = ctx.claimed.get(plan.entity.entity_id, [])
        if start < ctx.snapshot.now:
            plan.kept_broken = Reason("reasons.broken_started")
        elif end > load.latest_end:
            plan.kept_broken = Reason("reasons.broken_deadline")
        elif any(window.overlaps(start, end) for window in claimed):
            plan.kept_broken = Reason("reasons.broken_claimed")
        elif any(window.overlaps(start, end) for window in load.forbidden):
            plan.kept_broken = Reason("reasons.broken_quiet")
        elif any(window.overlaps(start, end) for window in plan.busy) or not (
            background.with_draws(runs).fits(load.power_kw * 1000, start, end)
        ):
            plan.kept_broken = Reason(
                "reasons.broken_power", limit=Power(ctx.power_limit_w or 0)
            )
        runs.append(
            PowerDraw(
                plan.entity.entity_id,
                load.power_kw * 1000,
                start,
                end,
                DrawKind.PLANNED,
            )
        )


def _power_moved(ctx: PlanContext, plan: LoadPlan) -> Reason | None:
    """Say so when the power limit keeps a load from its cheapest time."""
    chosen, free = plan.cheapest, plan.unconstrained
    if chosen is None or free is None or ctx.power_limit_w is None:
        return None
    if chosen.start == free.start or chosen.cost <= free.cost + 1e-9:
        return None
    others = ctx.power.without([plan.entity.entity_id])
    return Reason(
        "reasons.power_limit_moved",
        name=plan.entity.name,
        power=Power(plan.load.power_kw * 1000),
        start=clock_at(ctx, chosen.start),
        end=clock_at(ctx, chosen.end),
        best=clock_at(ctx, free.start),
        others=drawers(ctx, others.during(free.start, free.end)),
        limit=Power(ctx.power_limit_w),
        extra=Money(chosen.cost - free.cost, _currency(ctx)),
    )


def _load_drafts(
    ctx: PlanContext, plan: LoadPlan, result: ScheduleResult
) -> list[Draft]:
    draft = action_draft(ctx, plan.call, [plan.entity], [])
    draft.load = True
    draft.cost = round(result.cost, 6)
    draft.energy_kwh = round(result.energy_kwh, 6)
    draft.baseline_cost = (
        None if result.cost_at_earliest is None else round(result.cost_at_earliest, 6)
    )
    draft.duration_s = plan.load.duration.total_seconds()
    if plan.load.forbidden:
        draft.guardrails.append(Guardrail(GuardrailKind.QUIET_HOURS))
    if ctx.power_limit_w is not None and not any(
        guardrail.kind is GuardrailKind.POWER_LIMIT for guardrail in draft.guardrails
    ):
        draft.guardrails.append(Guardrail.power_limit(ctx.power_limit_w))
    draft.fallbacks = [
        notice(
            text(
                "notify.load_failed",
                ctx.task.language,
                name=plan.entity.name,
                time=clock_at(ctx, result.start),
            )
        )
    ]
    if (result.start - ctx.snapshot.now).total_seconds() < _WAIT_THRESHOLD_S:
        return [draft]
    return waiting(result.start, [draft])


def _currency(ctx: PlanContext) -> str | None:
    """The currency of the home's prices (the home's own when the tariff names none)."""
    tariff = ctx.snapshot.tariff
    return (tariff.currency if tariff else None) or ctx.snapshot.currency


def _no_window(ctx: PlanContext, name: GoalLabel, plan: LoadPlan) -> Reason:
    """Why a load finds no time to run.

    The power limit when it would fit without it (and what draws the power then);
    else quiet hours in the way, or too little time.
    """
    load = plan.load
    fits_alone = first_allowed_start(
        duration=load.duration,
        earliest=load.earliest,
        latest_end=load.latest_end,
        forbidden=load.forbidden,
    )
    if fits_alone is not None and ctx.power_limit_w is not None:
        others = ctx.power.without([plan.entity.entity_id])
        return Reason(
            "reasons.power_limit_no_window",
            goal=name,
            entity=plan.entity.name,
            power=Power(load.power_kw * 1000),
            others=drawers(ctx, others.during(fits_alone, fits_alone + load.duration)),
            limit=Power(ctx.power_limit_w),
        )
    deadline = clock_at(ctx, load.latest_end)
    blocking = [
        window
        for window in load.forbidden
        if window.start < load.latest_end and load.earliest < window.end
    ]
    if blocking:
        return Reason(
            "reasons.no_window_quiet",
            goal=name,
            entity=plan.entity.name,
            duration=Duration(load.duration.total_seconds()),
            quiet_end=clock_at(ctx, max(window.end for window in blocking)),
            deadline=deadline,
        )
    return Reason(
        "reasons.no_window",
        goal=name,
        entity=plan.entity.name,
        duration=Duration(load.duration.total_seconds()),
        deadline=deadline,
    )


def _thermal_note(
    ctx: PlanContext, lead: timedelta, current: float | None, target: float
) -> Reason:
    """How long reaching the target takes, by the simple thermal estimate."""
    unit = ctx.snapshot.temperature_unit
    if current is None:
        return Reason(
            "reasons.thermal_estimate_unknown",
            lead=Duration(lead.total_seconds()),
            target=Temperature(target, unit),
        )
    return Reason(
        "reasons.thermal_estimate",
        lead=Duration(lead.total_seconds()),
        current=Temperature(current, unit),
        target=Temperature(target, unit),
    )


def _expand_run_appliance(ctx: PlanContext, goal: Goal, index: int) -> GoalPlan:
    """Soonest and cheapest runs of every selected appliance (scheduled jointly)."""
    name = goal_label(ctx, goal, index)
    plans = [plan for (goal_index, _), plan in ctx.loads.items() if goal_index == index]
    key = ctx.next_key()
    reasons: list[Reason] = []
    soonest: list[Draft] = []
    cheapest: list[Draft] = []
    cost_soonest = cost_cheapest = 0.0
    for plan in plans:
        if plan.soonest is None:
            reasons.append(_no_window(ctx, name, plan))
            continue
        soonest.extend(
            offset_after(_load_drafts(ctx, plan, plan.soonest), len(soonest))
        )
        cost_soonest += plan.soonest.cost
        best = plan.cheapest or plan.soonest
        cheapest.extend(offset_after(_load_drafts(ctx, plan, best), len(cheapest)))
        cost_cheapest += best.cost
    if not soonest:
        return GoalPlan(goal, index, [], reasons, key=key)
    budget = ctx.limits.budget

    def breaks(cost: float, *, cheapest: bool) -> tuple[str, ...]:
        broken = []
        if ctx.limits.minimize_cost and not cheapest:
            broken.append("minimize_cost")
        if budget is not None and cost > budget + 1e-9:
            broken.append("budget")
        return tuple(broken)

    variants = [
        Variant(
            "soonest",
            soonest,
            comfort=1.0,
            breaks=breaks(cost_soonest, cheapest=cost_soonest <= cost_cheapest + 1e-9),
        ),
        Variant(
            "cheapest",
            cheapest,
            comfort=1.0 if ctx.limits.minimize_cost else 0.9,
            breaks=breaks(cost_cheapest, cheapest=True),
            notes=[
                *(plan.bound_note for plan in plans[:1] if plan.bound_note),
                *(note for plan in plans if (note := _power_moved(ctx, plan))),
            ],
        ),
    ]
    _offer_kept_runs(ctx, plans, variants, breaks)
    if budget is not None and cost_cheapest > budget + 1e-9:
        reasons.append(
            Reason(
                "reasons.over_budget",
                goal=name,
                cost=Money(cost_cheapest, _currency(ctx)),
                budget=Money(budget, _currency(ctx)),
            )
        )
    return GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=frozenset(plan.entity.entity_id for plan in plans),
        area_ids=frozenset(
            plan.entity.area_id for plan in plans if plan.entity.area_id
        ),
        key=key,
    )


def _offer_kept_runs(
    ctx: PlanContext,
    plans: Sequence[LoadPlan],
    variants: list[Variant],
    breaks: Callable[..., tuple[str, ...]],
) -> None:
    """The incumbent's runs as a variant of their own; moves say why they move.

    The old runs keep the comfort of a deferred run; they break ``minimize_cost``
    only when another time saves significantly (see :mod:`.reoptimise`).
    """
    incumbents = [
        (plan, plan.kept, plan.incumbent_start)
        for plan in plans
        if plan.kept is not None and plan.incumbent_start is not None
    ]
    if not incumbents:
        return
    drafts: list[Draft] = []
    for plan, run, _ in incumbents:
        drafts.extend(offset_after(_load_drafts(ctx, plan, run), len(drafts)))
    cheapest = next(v for v in variants if v.label == "cheapest")
    cost = sum(run.cost for _, run, _ in incumbents)
    kept = Variant(
        KEPT,
        drafts,
        comfort=cheapest.comfort,
        breaks=breaks(
            cost,
            cheapest=not significant_saving(cost, variant_cost(cheapest)),
        ),
    )
    broken = next(
        (plan.kept_broken for plan, _, _ in incumbents if plan.kept_broken), None
    )
    if broken is not None or len(incumbents) < len(plans):
        kept.breaks = (*kept.breaks, "incumbent")
    old = min(start for _, _, start in incumbents)
    incumbents_names = ", ".join(plan.entity.name for plan, _, _ in incumbents)
    for variant in variants:
        variant.notes.append(
            _move_note(
                ctx,
                ctx.task.language,
                variant,
                kept,
                old,
                broken,
                name=incumbents_names,
            )
        )
    variants.append(kept)


def _climates(ctx: PlanContext, goal: Goal) -> list[EntityInfo]:
    targets = goal.targets
    if targets.entity_ids:
        return [e for e in ctx.snapshot.select(targets) if e.domain == "climate"]
    narrowed = Targets(
        area_ids=list(targets.area_ids),
        floor_ids=list(targets.floor_ids),
        domains=["climate"],
    )
    return ctx.snapshot.select(narrowed) if not narrowed.is_empty() else []


def _expand_precondition(ctx: PlanContext, goal: Goal, index: int) -> GoalPlan:
    """Reach a temperature in an area by the deadline: now, or the cheapest start.

    The lead time comes from the thermal estimate in :mod:`.thermal`.
    """
    name = goal_label(ctx, goal, index)
    target = as_number(goal.params.get("temperature"))
    low, high = ctx.limits.comfort
    if target is None:
        target = low if low is not None else high
    climates = _climates(ctx, goal)
    key = ctx.next_key()
    if target is None or not climates:
        code = "no_temperature" if target is None else "no_climate"
        return GoalPlan(
            goal, index, [], [Reason(f"reasons.{code}", goal=name)], key=key
        )
    device_goal = Goal(
        GoalType.SET_TEMPERATURE,
        Targets(entity_ids=[entity.entity_id for entity in climates]),
        {"temperature": target},
    )
    base = expand_device_goal(ctx, device_goal, index, implicit=True)
    reasons = list(base.reasons)
    if not base.variants:
        reasons.append(Reason("reasons.no_climate", goal=name))
        return GoalPlan(goal, index, [], reasons, key=key)
    area = ctx.snapshot.environment.areas.get(climates[0].area_id or "")
    current = area.temperature if area else None
    thermal = estimate(current, target, ctx.snapshot.environment.outdoor_temperature)
    power_kw = (climates[0].power_w or _DEFAULT_CLIMATE_KW * 1000) / 1000
    now = ctx.snapshot.now
    deadline = ctx.limits.deadline
    drafts = base.variants[0].drafts
    # A room to cool (not a device named) may be cooled by its fan instead, as when
    # it is set to a temperature: the same job, local and cheap, less comfortable.
    fan = (
        None
        if goal.targets.entity_ids
        else fan_instead(ctx, device_goal, [replace(draft) for draft in drafts])
    )
    by_fan = [] if fan is None else [fan]
    if deadline is None:
        return replace(base, goal=goal, key=key, variants=[*base.variants, *by_fan])
    has_prices = any(
        start <= now.timestamp() and deadline.timestamp() <= end
        for start, end in ctx.curve.covered()
    )
    energy_now = power_kw * (
        thermal.lead.total_seconds() / 3600
        + HOLD_FRACTION
        * max(0.0, (deadline - now - thermal.lead).total_seconds())
        / 3600
    )
    # Without price slots the current price stands for every hour.
    cost_now = (
        precondition_cost(ctx.curve, now, thermal.lead, deadline, power_kw)
        if has_prices
        else ctx.price_now() * energy_now
    )
    if now + thermal.lead > deadline:
        reasons.append(
            Reason(
                "reasons.precondition_late",
                goal=name,
                time=clock_at(ctx, now + thermal.lead),
            )
        )
        return replace(
            base,
            goal=goal,
            key=key,
            reasons=reasons,
            variants=[*base.variants, *by_fan],
        )
    start_now = [
        replace(draft, cost=round(cost_now, 6), energy_kwh=round(energy_now, 6))
        for draft in drafts
    ]
    variants = [Variant("now", start_now, comfort=1.0), *by_fan]
    best = (
        cheapest_precondition_start(
            ctx.snapshot.tariff.slots if ctx.snapshot.tariff else [],
            lead=thermal.lead,
            power_kw=power_kw,
            earliest=now,
            deadline=deadline,
        )
        if has_prices
        else None
    )
    heating = _Heating(
        drafts=drafts,
        lead=thermal.lead,
        deadline=deadline,
        power_kw=power_kw,
        has_prices=has_prices,
        cost_now=cost_now,
        shortfall=None if current is None else abs(target - current),
        area_id=climates[0].area_id,
    )
    start = best[0] if best is not None else deadline - thermal.lead
    if (start - now).total_seconds() >= _WAIT_THRESHOLD_S:
        variants.append(
            _timed_heating(
                ctx,
                heating,
                start,
                "cheapest",
                notes=[_thermal_note(ctx, thermal.lead, current, target)],
            )
        )
    old = ctx.incumbent_starts.get((index, climates[0].entity_id))
    if old is not None:
        _offer_kept_heating(ctx, heating, old, variants)
    return GoalPlan(
        goal,
        index,
        variants,
        reasons,
        entity_ids=base.entity_ids,
        area_ids=base.area_ids,
        key=key,
    )


@dataclass(frozen=True, slots=True)
class _Heating:
    """What every timing of one precondition goal shares."""

    drafts: list[Draft]
    lead: timedelta
    deadline: datetime
    power_kw: float
    has_prices: bool
    cost_now: float
    shortfall: float | None
    area_id: str | None


def _someone_there(ctx: PlanContext, area_id: str | None) -> bool:
    """Whether someone is in the area (its presence sensors), else in the home."""
    area = ctx.snapshot.occupancy.areas.get(area_id or "")
    if area is not None:
        return area.occupied
    return ctx.snapshot.occupancy.anyone_home


def _heating_comfort(ctx: PlanContext, heating: _Heating, start: datetime) -> float:
    """How comfortable starting at ``start`` is (see :mod:`..energy.thermal`)."""
    return waiting_comfort(
        start - ctx.snapshot.now,
        heating.shortfall,
        someone_there=_someone_there(ctx, heating.area_id),
    )


def _timed_heating(
    ctx: PlanContext,
    heating: _Heating,
    start: datetime,
    label: str,
    *,
    notes: list[str] | None = None,
) -> Variant:
    """Heating that starts at ``start`` and holds the target until the deadline."""
    hold_s = max(0.0, (heating.deadline - start - heating.lead).total_seconds())
    energy = (
        heating.power_kw
        * (heating.lead.total_seconds() + HOLD_FRACTION * hold_s)
        / 3600
    )
    cost = (
        precondition_cost(
            ctx.curve, start, heating.lead, heating.deadline, heating.power_kw
        )
        if heating.has_prices
        else ctx.price_now() * energy
    )
    timed = [
        replace(
            draft,
            cost=round(cost, 6),
            energy_kwh=round(energy, 6),
            baseline_cost=round(heating.cost_now, 6),
        )
        for draft in heating.drafts
    ]
    drafts = waiting(start, timed)
    for draft in drafts:
        draft.on_time = True
    return Variant(
        label,
        drafts,
        comfort=round(_heating_comfort(ctx, heating, start), 6),
        notes=list(notes or []),
    )


def _offer_kept_heating(
    ctx: PlanContext, heating: _Heating, old: datetime, variants: list[Variant]
) -> None:
    """The incumbent's heating start, as it would be now; moves say why they move."""
    kept = _timed_heating(ctx, heating, old, KEPT)
    broken = None
    if old + heating.lead > heating.deadline:
        broken = Reason("reasons.broken_deadline")
    elif old < ctx.snapshot.now:
        broken = Reason("reasons.broken_started")
    if broken is not None:
        kept.breaks = ("incumbent",)
    for variant in variants:
        variant.notes.append(
            _move_note(ctx, ctx.task.language, variant, kept, old, broken)
        )
    variants.append(kept)


def _first_start(variant: Variant, now: datetime) -> datetime:
    return min((d.not_before for d in variant.drafts if d.not_before), default=now)


def _move_note(
    ctx: PlanContext,
    language: str,
    variant: Variant,
    kept: Variant,
    old: datetime,
    broken: Reason | None,
    name: str | None = None,
) -> Reason:
    """What a re-plan that takes ``variant`` instead of the old time changed."""
    trigger = ctx.incumbent.trigger.value if ctx.incumbent else "prices"
    new = _first_start(variant, ctx.snapshot.now)
    delta = variant_cost(variant) - variant_cost(kept)
    difference = (
        Message.of("reasons.money_none")
        if abs(delta) < 0.005
        else Message.of(
            "reasons.money_more" if delta > 0 else "reasons.money_less",
            amount=Money(abs(delta), _currency(ctx)),
        )
    )
    args = {
        "trigger": Term(f"replan_triggers.{trigger}"),
        "name": name or names_of(ctx, variant),
        "old": clock_at(ctx, old),
        "new": clock_at(ctx, new)
        if new > ctx.snapshot.now
        else Term("reasons.right_away"),
        "difference": difference,
    }
    if broken is not None:
        return Reason("reasons.reoptimised_needed", why=broken, **args)
    return Reason("reasons.reoptimised", **args)


def names_of(ctx: PlanContext, variant: Variant) -> str:
    """The devices a variant's action steps act on, by name."""
    acted = dict.fromkeys(
        entity_id
        for draft in variant.drafts
        if draft.kind is StepKind.ACTION
        for entity_id in draft.entity_ids
    )
    return ", ".join(
        ctx.snapshot.entities[e].name if e in ctx.snapshot.entities else e
        for e in acted
    )


def _scope(ctx: PlanContext, goal: Goal) -> list[EntityInfo]:
    """Entities a home-wide goal may touch: its targets, or the whole home."""
    if goal.targets.is_empty():
        return ctx.sorted_entities()
    if goal.targets.entity_ids:
        return ctx.snapshot.select(goal.targets)
    return ctx.snapshot.select(replace(goal.targets, domains=[]))


def _unoccupied(ctx: PlanContext, entity: EntityInfo) -> bool:
    if not ctx.snapshot.occupancy.anyone_home:
        return True
    area = ctx.snapshot.occupancy.areas.get(entity.area_id or "")
    return area is not None and not area.occupied


def _hourly_cost(ctx: PlanContext, entities: Iterable[EntityInfo]) -> float:
    watts = sum(
        entity.power_w or _ASSUMED_W.get(entity.domain, 0.0) for entity in entities
    )
    return watts / 1000 * ctx.price_now()


def _expand_optimize_energy(ctx: PlanContext, goal: Goal, index: int) -> GoalPlan:
    """Switch off what runs in empty areas.

    Two variants: lights only, or lights, media and a climate setback. A variant's
    estimated cost is what the touched devices still draw in the next hour.
    """
    name = goal_label(ctx, goal, index)
    key = ctx.next_key()
    scope = [
        entity
        for entity in _scope(ctx, goal)
        if entity.available and _unoccupied(ctx, entity)
    ]
    lights = [e for e in scope if e.domain == "light" and e.state == "on"]
    media = [
        e
        for e in scope
        if e.domain == "media_player" and e.state not in ("off", "standby", "unknown")
    ]
    climates = [
        e
        for e in scope
        if e.domain == "climate"
        and e.state in ("heat", "cool", "heat_cool", "auto")
        and as_number(e.attributes.get("temperature")) is not None
    ]
    if not (lights or media or climates):
        return GoalPlan(
            goal, index, [], [Reason("reasons.nothing_wasted", goal=name)], key=key
        )

    def device(
        kind: GoalType, entities: list[EntityInfo], **params: Any
    ) -> list[Draft]:
        sub = Goal(kind, Targets(entity_ids=[e.entity_id for e in entities]), params)
        plan = expand_device_goal(ctx, sub, index, implicit=True)
        return plan.variants[0].drafts if plan.variants else []

    gentle = device(GoalType.TURN_OFF, lights) if lights else []
    deep = list(gentle)
    if media:
        deep += offset_after(device(GoalType.TURN_OFF, media), len(deep))
    setbacks: dict[float, list[EntityInfo]] = {}
    for climate in climates:
        setpoint = as_number(climate.attributes.get("temperature")) or 0.0
        change = -_SETBACK_C if climate.state != "cool" else _SETBACK_C
        setbacks.setdefault(setpoint + change, []).append(climate)
    for temperature, group in sorted(setbacks.items()):
        deep += offset_after(
            device(GoalType.SET_TEMPERATURE, group, temperature=temperature),
            len(deep),
        )
    remaining_gentle = _hourly_cost(ctx, [*media, *climates])
    remaining_deep = _hourly_cost(ctx, climates) * 0.5
    variants = []
    if gentle:
        for draft in gentle:
            draft.cost = 0.0
        gentle[0].cost = round(remaining_gentle, 6)
        variants.append(Variant("lights", gentle, comfort=1.0))
    if deep and len(deep) > len(gentle):
        deep = [replace(draft) for draft in deep]
        for draft in deep:
            draft.cost = 0.0
        deep[0].cost = round(remaining_deep, 6)
        variants.append(Variant("deep", deep, comfort=0.7))
    touched = [*lights, *media, *climates]
    return GoalPlan(
        goal,
        index,
        variants,
        [],
        entity_ids=frozenset(e.entity_id for e in touched),
        area_ids=frozenset(e.area_id for e in touched if e.area_id),
        key=key,
    )


def _covers(ctx: PlanContext, *, security: bool) -> list[str]:
    return [
        entity.entity_id
        for entity in ctx.of_domain("cover")
        if (entity.device_class in SECURITY_COVERS) == security
    ]


def _domain(ctx: PlanContext, domain: str, *, areas: Sequence[str] = ()) -> list[str]:
    return [
        entity.entity_id
        for entity in ctx.of_domain(domain)
        if not areas or entity.area_id in areas
    ]


def _goals(*items: tuple[GoalType, list[str], dict[str, Any]]) -> list[Goal]:
    return [
        Goal(kind, Targets(entity_ids=entity_ids), params)
        for kind, entity_ids, params in items
        if entity_ids
    ]


def _secure_home_goals(ctx: PlanContext) -> list[Goal]:
    away = not ctx.snapshot.occupancy.anyone_home
    return _goals(
        (GoalType.LOCK, _domain(ctx, "lock"), {}),
        (GoalType.CLOSE, _covers(ctx, security=True), {}),
        (GoalType.TURN_OFF, _domain(ctx, "light") if away else [], {}),
        (GoalType.TURN_OFF, _domain(ctx, "media_player") if away else [], {}),
    )


def _comfort_temperature(ctx: PlanContext, default: float) -> float:
    low, _ = ctx.limits.comfort
    return low if low is not None else default


def _entrance_areas(ctx: PlanContext) -> list[str]:
    words = ("hall", "entr", "flur", "diele", "foyer")
    return [
        area.area_id
        for area in ctx.snapshot.areas.values()
        if any(word in f"{area.area_id} {area.name}".lower() for word in words)
    ]


def _named(ctx: PlanContext, domain: str, wanted: str) -> list[str]:
    """Entities of a domain whose id or name contains ``wanted`` (normalised)."""
    key = wanted.lower().replace(" ", "_")
    return [
        entity_id
        for entity_id in _domain(ctx, domain)
        if key in entity_id.partition(".")[2]
        or key in ctx.snapshot.entities[entity_id].name.lower().replace(" ", "_")
    ]


def _movie_goals(ctx: PlanContext, said: Sequence[str] = ()) -> list[Goal]:
    """A movie scene, else dim lights, close blinds, media on in the room said.

    Without a room said: the first room with a media player.
    """
    scenes = _named(ctx, "scene", "movie") or _named(ctx, "scene", "kino")
    if said:
        scenes = [entity_id for entity_id in scenes if _area(ctx, entity_id) in said]
    if scenes:
        return _goals((GoalType.ACTIVATE_SCENE, scenes[:1], {}))
    players = _domain(ctx, "media_player")
    areas = (
        list(said)
        or sorted(
            {
                ctx.snapshot.entities[entity_id].area_id or ""
                for entity_id in players
                if ctx.snapshot.entities[entity_id].area_id
            }
        )[:1]
    )
    return _goals(
        (
            GoalType.CLOSE,
            [e for e in _covers(ctx, security=False) if _area(ctx, e) in areas],
            {},
        ),
        (
            GoalType.SET_BRIGHTNESS,
            _domain(ctx, "light", areas=areas),
            {"brightness_pct": 20},
        ),
        (GoalType.TURN_ON, _domain(ctx, "media_player", areas=areas), {}),
    )


def _area(ctx: PlanContext, entity_id: str) -> str | None:
    return ctx.snapshot.entities[entity_id].area_id


def _routine_goals(
    ctx: PlanContext, name: str, areas: Sequence[str] = ()
) -> list[Goal] | None:
    """Return a built-in routine's device goals, or a user scene/script of that name."""
    climate = _domain(ctx, "climate")
    match name:
        case "morning":
            return _goals(
                (GoalType.OPEN, _covers(ctx, security=False), {}),
                (GoalType.SET_TEMPERATURE, climate,
                 {"temperature": _comfort_temperature(ctx, 21.0)}),
            )  # fmt: skip
        case "bedtime":
            return _goals(
                (GoalType.TURN_OFF, _domain(ctx, "light"), {}),
                (GoalType.TURN_OFF, _domain(ctx, "media_player"), {}),
                (GoalType.LOCK, _domain(ctx, "lock"), {}),
                (GoalType.CLOSE, _covers(ctx, security=False), {}),
                (GoalType.SET_TEMPERATURE, climate, {"temperature": 18.0}),
            )
        case "away":
            return _goals(
                (GoalType.TURN_OFF, _domain(ctx, "light"), {}),
                (GoalType.TURN_OFF, _domain(ctx, "media_player"), {}),
                (GoalType.LOCK, _domain(ctx, "lock"), {}),
                (GoalType.CLOSE, _covers(ctx, security=True), {}),
                (GoalType.SET_TEMPERATURE, climate, {"temperature": 17.0}),
                (GoalType.VACUUM_START, _domain(ctx, "vacuum"), {}),
            )
        case "arrival":
            return _goals(
                (GoalType.TURN_ON,
                 _domain(ctx, "light", areas=_entrance_areas(ctx)), {}),
                (GoalType.SET_TEMPERATURE, climate,
                 {"temperature": _comfort_temperature(ctx, 21.0)}),
            )  # fmt: skip
        case "movie":
            return _movie_goals(ctx, areas)
        case "":
            return None
        case _:
            scripts = _named(ctx, "script", name)
            if scripts:
                return _goals((GoalType.RUN_SCRIPT, scripts[:1], {}))
            scenes = _named(ctx, "scene", name)
            if scenes:
                return _goals((GoalType.ACTIVATE_SCENE, scenes[:1], {}))
            return None


def _expand_composite(
    ctx: PlanContext, goal: Goal, index: int, goals: list[Goal] | None
) -> list[GoalPlan]:
    """Expand a routine or secure_home into its device goals (same goal index)."""
    name = goal_label(ctx, goal, index)
    if goals is None:
        reason = Reason(
            "reasons.unknown_routine", goal=name, name=str(goal.params.get("name"))
        )
        return [GoalPlan(goal, index, [], [reason], key=ctx.next_key())]
    plans = [expand_device_goal(ctx, sub, index, implicit=True) for sub in goals]
    plans = [plan for plan in plans if plan.variants or plan.reasons]
    if not any(plan.variants for plan in plans):
        reasons = [reason for plan in plans for reason in plan.reasons]
        reasons.append(
            Reason(
                "reasons.nothing_capable", goal=name, action=goal_term(goal.type.value)
            )
        )
        return [GoalPlan(goal, index, [], reasons, key=ctx.next_key())]
    return plans


def _expand_goal(ctx: PlanContext, goal: Goal, index: int) -> list[GoalPlan]:
    """Expand one goal into the (sub-)goal plans that achieve it."""
    expanders: dict[GoalType, Callable[[PlanContext, Goal, int], GoalPlan]] = {
        GoalType.NOTIFY: _expand_notify,
        GoalType.QUERY_STATE: _expand_query,
        GoalType.RUN_APPLIANCE: _expand_run_appliance,
        GoalType.PRECONDITION: _expand_precondition,
        GoalType.OPTIMIZE_ENERGY: _expand_optimize_energy,
    }
    if goal.type in expanders:
        return [expanders[goal.type](ctx, goal, index)]
    if goal.type is GoalType.SECURE_HOME:
        return _expand_composite(ctx, goal, index, _secure_home_goals(ctx))
    if goal.type is GoalType.ROUTINE:
        routine = str(goal.params.get("name") or "").lower()
        return _expand_composite(
            ctx, goal, index, _routine_goals(ctx, routine, goal.targets.area_ids)
        )
    return [expand_device_goal(ctx, goal, index)]


@dataclass(slots=True)
class Expansion:
    """Every goal of a task as (sub-)goal plans, and what stood in the way."""

    goal_plans: list[GoalPlan]
    reasons: list[str]
    timed_out: bool


def expand_task(ctx: PlanContext) -> Expansion:
    """Expand the task's goals in the order said, until the planning time is spent.

    The deferrable loads of every ``run_appliance`` goal are scheduled first, together:
    they share the power limit. A goal's reasons are reported once.
    """
    reasons: list[str] = list(_prepare_loads(ctx))
    goal_plans: list[GoalPlan] = []
    for index, goal in enumerate(ctx.task.goals):
        if goal_plans and ctx.out_of_time():
            reasons.append(
                Reason("reasons.timed_out", goal=goal_label(ctx, goal, index))
            )
            return Expansion(goal_plans, reasons, timed_out=True)
        for goal_plan in _expand_goal(ctx, goal, index):
            reasons.extend(r for r in goal_plan.reasons if r not in reasons)
            goal_plans.append(goal_plan)
    return Expansion(goal_plans, reasons, timed_out=False)
