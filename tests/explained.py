"""Plans of the planner test home taken through the pure stages, as the pipeline does.

A scenario is a request (goals, constraints, who asked, how the home is) that
``explained`` plans, gates and explains in one language, and returns everything a
person reads about it: summary, steps, privacy, the consent line for each reader,
cost, guardrails, notes, unresolved points, policy reasons and alternatives. The
golden tests snapshot these; the scan tests look through them for codes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import timedelta
import re
from typing import Any

from custom_components.orchestration.core.explainer import (
    ANYONE,
    Reader,
    explain,
    restate,
)
from custom_components.orchestration.core.intake.clarify import (
    THIS_HOME,
    Candidate,
    ambiguity_note,
    missing_note,
)
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Decision,
    EntityInfo,
    ExecutionStep,
    Goal,
    GoalType,
    Origin,
    PlanRecord,
    PlanStatus,
    Priority,
    PrivacyClass,
    StepId,
    StepKind,
    Strategy,
    Targets,
    TaskSpec,
    TriggerType,
    TrustTier,
)
from custom_components.orchestration.core.planning.arbiter import (
    ActivePlan,
    Claimant,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions
from custom_components.orchestration.core.policy import evaluate
from custom_components.orchestration.core.texts import Reason, catalogue, localize_all

from .planner_home import NOW, area_goal, goal, snapshot

REQUESTER = "kid"

#: What the person asked, in their words (the scenarios' goals are given directly).
INTENTS = {"en": "do it please", "de": "mach das bitte"}

#: Who reads a plan: the one who asked, a member who may approve it, anyone else.
READERS: dict[str, Callable[[TrustTier], Reader]] = {
    "requester": lambda tier: Reader(REQUESTER, tier),
    "approver": lambda tier: Reader("parent", TrustTier.TRUSTED),
    "other": lambda tier: Reader("sibling", TrustTier.VERIFIED),
    "anyone": lambda tier: ANYONE,
}

SEVEN_AM = "2026-11-24T07:00:00+01:00"
CHEAPEST = Constraint(ConstraintType.MINIMIZE_COST)
BEFORE_SEVEN = Constraint(ConstraintType.DEADLINE, {"before": SEVEN_AM})


@dataclass(slots=True)
class Scenario:
    """A request in the planner test home."""

    name: str
    goals: list[Goal]
    constraints: list[Constraint] = field(default_factory=list)
    tier: TrustTier = TrustTier.VERIFIED
    requester: str | None = REQUESTER
    strategy: Strategy = Strategy.BALANCED
    options: PlannerOptions = field(default_factory=PlannerOptions)
    privacy: PrivacyClass = PrivacyClass.INTERNAL
    trigger: TriggerType = TriggerType.USER_REQUEST
    preview: bool = False
    unresolved: list[str] = field(default_factory=list)
    home: Callable[[ContextSnapshot], None] | None = None
    active: list[ActivePlan] = field(default_factory=list)


def _nobody_home(snap: ContextSnapshot) -> None:
    snap.occupancy.home_count = 0
    for person in snap.occupancy.persons:
        person.state = "away"


def _lights_on(snap: ContextSnapshot) -> None:
    _nobody_home(snap)
    for entity_id in ("light.living_lamp", "light.kitchen_ceiling"):
        snap.entities[entity_id].state = "on"
    snap.entities["media_player.living_tv"].state = "playing"
    snap.entities["climate.living_ac"].state = "heat"
    snap.entities["climate.living_ac"].attributes["temperature"] = 22


def _unavailable(entity_id: str) -> Callable[[ContextSnapshot], None]:
    def change(snap: ContextSnapshot) -> None:
        snap.entities[entity_id].available = False

    return change


def _fan_on(snap: ContextSnapshot) -> None:
    snap.entities["fan.living_fan"].state = "on"


def _alarm_wanting_a_code(snap: ContextSnapshot) -> None:
    snap.entities["alarm_control_panel.home"] = EntityInfo(
        "alarm_control_panel.home",
        "Ajax Hub",
        state="disarmed",
        area_id="hallway",
        supported_features=3,
        attributes={"code_arm_required": True},
    )


def _no_room_temperature(snap: ContextSnapshot) -> None:
    snap.environment.areas.clear()


def _no_tariff(snap: ContextSnapshot) -> None:
    snap.tariff = None
    snap.currency = "EUR"


def _restricted(snap: ContextSnapshot) -> None:
    snap.entities["light.living_cloud_strip"].labels = ["restricted"]


def _kitchen_busy(snap: ContextSnapshot) -> None:
    snap.entities["switch.kitchen_kettle"].state = "on"


_NIGHT_TV = ActivePlan(
    plan_id="evening",
    claimant=Claimant(Origin.USER_REQUEST, Priority.HIGH, NOW - timedelta(hours=1)),
    steps=[
        ExecutionStep(
            StepId("s1"),
            StepKind.ACTION,
            action="light.turn_on",
            target={"entity_id": ["light.kitchen_spot"]},
            estimated_duration_s=60,
        )
    ],
)

SCENARIOS: list[Scenario] = [
    Scenario("turn_on", [area_goal(GoalType.TURN_ON, "kitchen", "light")]),
    Scenario("turn_off", [area_goal(GoalType.TURN_OFF, "kitchen", "light")]),
    Scenario(
        "set_brightness",
        [goal(GoalType.SET_BRIGHTNESS, "light.living_lamp", brightness_pct=40)],
    ),
    Scenario(
        "set_brightness_brighter",
        [goal(GoalType.SET_BRIGHTNESS, "light.living_lamp", brightness_step_pct=10)],
    ),
    Scenario(
        "set_color", [goal(GoalType.SET_COLOR, "light.living_lamp", color_name="red")]
    ),
    Scenario(
        "set_color_warm_white",
        [goal(GoalType.SET_COLOR, "light.living_lamp", color_temp_kelvin=2700)],
    ),
    Scenario(
        "set_fan_speed", [goal(GoalType.SET_POSITION, "fan.living_fan", position=60)]
    ),
    Scenario(
        "set_temperature",
        [goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=21.5)],
    ),
    Scenario(
        "set_temperature_clamped",
        [goal(GoalType.SET_TEMPERATURE, "climate.living_ac", temperature=35)],
    ),
    Scenario(
        "set_position",
        [goal(GoalType.SET_POSITION, "cover.living_blinds", position=50)],
    ),
    Scenario("open", [goal(GoalType.OPEN, "cover.living_blinds")]),
    Scenario("close", [goal(GoalType.CLOSE, "cover.living_blinds")]),
    Scenario("lock", [goal(GoalType.LOCK, "lock.front_door")]),
    Scenario(
        "arm_needs_a_code",
        [goal(GoalType.TURN_ON, "alarm_control_panel.home")],
        home=_alarm_wanting_a_code,
    ),
    Scenario(
        "on_for_a_while",
        [goal(GoalType.TURN_ON, "fan.living_fan")],
        [Constraint(ConstraintType.DURATION, {"minutes": 30})],
    ),
    Scenario(
        "already_on_for_a_while",
        [goal(GoalType.TURN_ON, "fan.living_fan")],
        [Constraint(ConstraintType.DURATION, {"minutes": 30})],
        home=_fan_on,
    ),
    Scenario(
        "no_way_back_for_a_lock",
        [goal(GoalType.TURN_ON, "lock.front_door")],
        [Constraint(ConstraintType.DURATION, {"minutes": 30})],
    ),
    Scenario("unlock_needs_approval", [goal(GoalType.UNLOCK, "lock.front_door")]),
    Scenario(
        "unlock_nobody_home",
        [goal(GoalType.UNLOCK, "lock.front_door")],
        tier=TrustTier.TRUSTED,
        home=_nobody_home,
    ),
    Scenario(
        "unlock_not_asked_by_name",
        [area_goal(GoalType.TURN_OFF, "hallway", "lock")],
        home=_nobody_home,
    ),
    Scenario(
        "set_volume",
        [goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=20)],
    ),
    Scenario("media_play", [goal(GoalType.MEDIA_PLAY, "media_player.living_tv")]),
    Scenario("media_pause", [goal(GoalType.MEDIA_PAUSE, "media_player.living_tv")]),
    Scenario("media_next", [goal(GoalType.MEDIA_NEXT, "media_player.living_tv")]),
    Scenario(
        "media_previous", [goal(GoalType.MEDIA_PREVIOUS, "media_player.living_tv")]
    ),
    Scenario("activate_scene", [goal(GoalType.ACTIVATE_SCENE, "scene.movie")]),
    Scenario("run_script", [goal(GoalType.RUN_SCRIPT, "script.good_night")]),
    Scenario("vacuum_start", [goal(GoalType.VACUUM_START, "vacuum.robot")]),
    Scenario("vacuum_return", [goal(GoalType.VACUUM_RETURN, "vacuum.robot")]),
    Scenario(
        "notify_phone",
        [goal(GoalType.NOTIFY, "notify.phone", message="Dinner is ready")],
    ),
    Scenario(
        "notify_home",
        [Goal(GoalType.NOTIFY, Targets(), {"message": "Dinner is ready"})],
    ),
    Scenario(
        "open_a_kind_of_device_the_room_lacks",
        [
            Goal(
                GoalType.OPEN,
                Targets(
                    area_ids=["kitchen"], domains=["cover"], device_classes=["garage"]
                ),
            )
        ],
    ),
    Scenario("query_state", [goal(GoalType.QUERY_STATE, "sensor.kitchen_temperature")]),
    Scenario(
        "run_appliance_cheapest",
        [goal(GoalType.RUN_APPLIANCE, "switch.dishwasher")],
        [CHEAPEST, BEFORE_SEVEN],
    ),
    Scenario(
        "run_appliance_cheapest_beside_a_step_now",
        [
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
            goal(GoalType.TURN_OFF, "light.living_lamp"),
        ],
        [CHEAPEST, BEFORE_SEVEN],
    ),
    Scenario(
        "run_appliance_quiet_hours_leave_no_window",
        [goal(GoalType.RUN_APPLIANCE, "switch.washer")],
        [BEFORE_SEVEN],
    ),
    Scenario(
        "run_appliance_over_budget",
        [goal(GoalType.RUN_APPLIANCE, "switch.washer", duration_min=60)],
        [CHEAPEST, Constraint(ConstraintType.BUDGET, {"max_cost": 0.1})],
    ),
    Scenario(
        "run_appliance_over_power_limit",
        [goal(GoalType.RUN_APPLIANCE, "switch.washer")],
        home=lambda snap: setattr(snap, "power_limit_w", 2000.0),
    ),
    Scenario(
        "two_loads_share_the_power_limit",
        [
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
            goal(GoalType.RUN_APPLIANCE, "switch.washer", duration_min=60),
        ],
        [CHEAPEST],
    ),
    Scenario(
        "planning_time_runs_out",
        [
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
            goal(GoalType.RUN_APPLIANCE, "switch.washer", duration_min=60),
            goal(GoalType.RUN_APPLIANCE, "switch.kitchen_kettle", duration_min=30),
            goal(GoalType.RUN_APPLIANCE, "switch.dishwasher", duration_min=45),
        ],
        [CHEAPEST],
        options=PlannerOptions(max_planning_time_ms=0),
    ),
    Scenario(
        "run_appliance_deadline_too_close",
        [goal(GoalType.RUN_APPLIANCE, "switch.dishwasher")],
        [
            Constraint(
                ConstraintType.DEADLINE,
                {"before": (NOW + timedelta(hours=1)).isoformat()},
            )
        ],
    ),
    Scenario(
        "run_appliance_not_an_appliance",
        [goal(GoalType.RUN_APPLIANCE, "sensor.kitchen_temperature")],
    ),
    Scenario(
        "run_appliance_without_prices",
        [goal(GoalType.RUN_APPLIANCE, "switch.dishwasher")],
        home=_no_tariff,
    ),
    Scenario(
        "optimize_energy",
        [area_goal(GoalType.OPTIMIZE_ENERGY, "living_room")],
        home=_lights_on,
    ),
    Scenario(
        "optimize_energy_for_less",
        [area_goal(GoalType.OPTIMIZE_ENERGY, "living_room")],
        strategy=Strategy.COST,
        home=_lights_on,
    ),
    Scenario(
        "optimize_energy_nothing_wasted",
        [area_goal(GoalType.OPTIMIZE_ENERGY, "kitchen")],
    ),
    Scenario(
        "precondition",
        [area_goal(GoalType.PRECONDITION, "living_room", "climate", temperature=26)],
        [BEFORE_SEVEN],
    ),
    Scenario(
        "precondition_at_the_cheapest_time",
        [area_goal(GoalType.PRECONDITION, "living_room", "climate", temperature=26)],
        [BEFORE_SEVEN],
        strategy=Strategy.COST,
    ),
    Scenario(
        "precondition_too_late",
        [area_goal(GoalType.PRECONDITION, "living_room", "climate", temperature=29)],
        [
            Constraint(
                ConstraintType.DEADLINE,
                {"before": (NOW + timedelta(minutes=10)).isoformat()},
            )
        ],
    ),
    Scenario(
        "precondition_from_an_unknown_temperature",
        [area_goal(GoalType.PRECONDITION, "living_room", "climate", temperature=26)],
        [BEFORE_SEVEN],
        strategy=Strategy.COST,
        home=_no_room_temperature,
    ),
    Scenario(
        "precondition_without_temperature",
        [area_goal(GoalType.PRECONDITION, "living_room", "climate")],
    ),
    Scenario(
        "precondition_without_climate",
        [area_goal(GoalType.PRECONDITION, "kitchen", "climate", temperature=21)],
    ),
    Scenario("secure_home", [Goal(GoalType.SECURE_HOME)], home=_nobody_home),
    Scenario("routine_bedtime", [Goal(GoalType.ROUTINE, params={"name": "bedtime"})]),
    Scenario("routine_unknown", [Goal(GoalType.ROUTINE, params={"name": "party"})]),
    Scenario(
        "nothing_matches",
        [
            area_goal(GoalType.TURN_ON, "hallway", "light"),
            goal(GoalType.TURN_ON, "light.garden_lamp"),
            Goal(GoalType.TURN_ON, Targets(domains=["siren"])),
            Goal(GoalType.TURN_OFF, Targets(area_ids=["garage"])),
        ],
    ),
    Scenario(
        "not_understood_and_not_exposed",
        [],
        unresolved=[
            Reason("intake.not_understood", text="turn on the hidden light"),
            Reason("intake.not_exposed", name="Hidden light"),
        ],
    ),
    Scenario(
        "no_such_appliance",
        [],
        unresolved=[missing_note("ev charger", THIS_HOME)],
    ),
    Scenario(
        "which_lamp",
        [],
        unresolved=[
            ambiguity_note(
                "lamp",
                [
                    Candidate("Lamp", "Bedroom", "light.bedroom_lamp"),
                    Candidate("Lamp", "Office", "light.office_lamp"),
                ],
            )
        ],
    ),
    Scenario(
        "cannot_be_dimmed",
        [goal(GoalType.SET_BRIGHTNESS, "light.kitchen_spot", brightness_pct=50)],
    ),
    Scenario(
        "nothing_capable",
        [area_goal(GoalType.MEDIA_PAUSE, "kitchen")],
    ),
    Scenario(
        "substitute_for_an_unavailable_light",
        [goal(GoalType.TURN_ON, "light.kitchen_ceiling")],
        home=_unavailable("light.kitchen_ceiling"),
    ),
    Scenario(
        "unavailable_without_substitute",
        [goal(GoalType.LOCK, "lock.front_door")],
        home=_unavailable("lock.front_door"),
    ),
    Scenario(
        "local_only_refuses_the_cloud",
        [area_goal(GoalType.TURN_ON, "living_room", "light")],
        [Constraint(ConstraintType.LOCAL_ONLY)],
    ),
    Scenario(
        "sensitive_step_stays_local",
        [goal(GoalType.TURN_ON, "light.living_cloud_strip")],
        privacy=PrivacyClass.CONFIDENTIAL,
    ),
    Scenario(
        "restricted_data_denied",
        [goal(GoalType.TURN_ON, "light.living_cloud_strip")],
        options=PlannerOptions(privacy_first=False),
        home=_restricted,
    ),
    Scenario(
        "cloud_step_of_several",
        [
            goal(GoalType.TURN_ON, "light.living_cloud_strip"),
            goal(GoalType.TURN_ON, "light.kitchen_spot"),
        ],
    ),
    Scenario(
        "kettle_over_the_power_limit",
        [area_goal(GoalType.TURN_ON, "kitchen", "switch")],
        home=_kitchen_busy,
    ),
    Scenario(
        "quiet_hours_hold_the_vacuum",
        [goal(GoalType.VACUUM_START, "vacuum.robot")],
        home=lambda snap: setattr(snap, "now", NOW + timedelta(hours=3)),
    ),
    Scenario(
        "quiet_hours_cap_the_volume",
        [goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=80)],
        home=lambda snap: setattr(snap, "now", NOW + timedelta(hours=3)),
    ),
    Scenario(
        "suggestion_yields_to_a_person",
        [goal(GoalType.TURN_OFF, "light.kitchen_spot")],
        trigger=TriggerType.INSIGHT_RECOMMENDATION,
        requester=None,
        tier=TrustTier.BASIC,
        active=[_NIGHT_TV],
    ),
    Scenario(
        "over_the_usual_budgets",
        [goal(GoalType.CLOSE, "cover.living_blinds")],
        options=PlannerOptions(cost_budget=0.0),
    ),
    Scenario(
        "preview_of_an_unlock",
        [goal(GoalType.UNLOCK, "lock.front_door")],
        preview=True,
    ),
    Scenario(
        "automation_turns_on_a_light",
        [goal(GoalType.TURN_ON, "light.kitchen_spot")],
        requester=None,
        tier=TrustTier.BASIC,
        trigger=TriggerType.SCHEDULED_ROUTINE,
    ),
]


def _status(scenario: Scenario, feasible: bool, decision: Decision) -> PlanStatus:
    """Where the pipeline starts a new plan (``plans.pipeline``)."""
    if scenario.preview:
        return PlanStatus.PREVIEW
    if not feasible:
        return PlanStatus.INFEASIBLE
    if decision is Decision.DENY:
        return PlanStatus.REJECTED
    if decision is Decision.REQUIRE_APPROVAL:
        return PlanStatus.PENDING_APPROVAL
    return PlanStatus.SCHEDULED


def record_of(scenario: Scenario, language: str) -> PlanRecord:
    """The plan record the pipeline would make of ``scenario`` in ``language``."""
    snap = snapshot()
    if scenario.home is not None:
        scenario.home(snap)
    spec = TaskSpec(
        intent=INTENTS[language],
        language=language,
        trigger_type=scenario.trigger,
        goals=scenario.goals,
        constraints=scenario.constraints,
        privacy_class=scenario.privacy,
        unresolved=localize_all(list(scenario.unresolved), language),
    )
    result = build_plan(
        spec,
        snap,
        strategy=scenario.strategy,
        options=scenario.options,
        caller_tier=scenario.tier,
        active_plans=scenario.active,
    )
    decision = evaluate(
        spec,
        result.plan,
        caller_tier=scenario.tier,
        snapshot=snap,
        consents=[],
        user_id=scenario.requester,
        now=snap.now,
    )
    status = _status(scenario, result.feasible, decision.decision)
    explanation = explain(
        spec,
        result.plan,
        decision,
        snapshot=snap,
        language=language,
        alternatives=result.alternatives,
        infeasible_reasons=result.reasons,
        status=status,
        requester=scenario.requester,
    )
    result.plan.notes = localize_all(result.plan.notes, language)
    return PlanRecord(
        plan_id="p1",
        status=status,
        created=snap.now,
        task_spec=spec,
        policy=decision,
        plan=result.plan,
        alternatives=result.alternatives,
        explanation=explanation,
        script={},
        planning_time_ms=0.0,
        user_id=scenario.requester,
    )


def readable(record: PlanRecord, tier: TrustTier) -> dict[str, Any]:
    """Everything a person reads about ``record``, the consent line per reader."""
    explanation = record.explanation
    return {
        "status": record.status.value,
        "summary": explanation.summary,
        "steps": explanation.steps,
        "privacy": explanation.privacy,
        "consent": {
            name: restate(record, reader(tier)).consent
            for name, reader in READERS.items()
        },
        "cost": explanation.cost,
        "guardrails": explanation.guardrails,
        "notes": list(record.plan.notes),
        "unresolved": list(record.task_spec.unresolved),
        "policy": list(record.policy.reasons),
        "alternatives": [item.summary for item in record.alternatives],
    }


def explained(scenario: Scenario, language: str) -> dict[str, Any]:
    """What a person reads about ``scenario`` planned in ``language``."""
    return readable(record_of(scenario, language), scenario.tier)


def texts_of(value: Any) -> list[str]:
    """Every string inside ``value`` (dicts, lists, strings)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts_of(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts_of(item)]
    return []


#: Codes a person should never read: identifiers joined by "_", key=value pairs,
#: "(s)" plurals, step ids (s1, s2.f1), dotted ids (light.kitchen, notify.send).
CODES = re.compile(
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"
    r"|\b\w+=\S"
    r"|\w\((?:s|e|en|n)\)"
    r"|\bs\d+(?:\.f\d+)?\b"
    r"|\b[a-z]+\.[a-z_]+\b"
)


#: Words of the home's own names, which are English in the test home.
HOME_WORDS = {
    "kitchen",
    "ceiling",
    "spot",
    "kettle",
    "temperature",
    "dishwasher",
    "living",
    "lamp",
    "cloud",
    "strip",
    "blinds",
    "fan",
    "front",
    "door",
    "robot",
    "washer",
    "phone",
    "movie",
    "good",
    "night",
    "room",
    "hallway",
    "utility",
    "garden",
    "hidden",
    "light",
    "lights",
    "charger",
    "bedroom",
    "office",
    "dinner",
    "ready",
    "left",
    "window",
    "balcony",
    "spots",
    "radio",
    "hood",
    "porch",
    "dryer",
    "wallbox",
    "freezer",
    "pump",
    "turn",
    "the",
    "moon",
    "fly",
    "run",
    "tv",
    "garage",
}


def _english_only_words() -> set[str]:
    """Words of the English catalogue that no German text has (as whole words)."""
    words = re.compile(r"(?<!\{)\b[^\W\d_]{3,}\b(?!\})")
    english = {
        word.lower()
        for key in catalogue.all_keys()
        for form in _forms(catalogue.template(key, "en"))
        for word in words.findall(form)
    }
    german = {
        word.lower()
        for key in catalogue.all_keys()
        for form in _forms(catalogue.template(key, "de"))
        for word in words.findall(form)
    }
    return english - german - HOME_WORDS


def _forms(value: Any) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


#: Words only the English catalogue has (and no home name).
ENGLISH_ONLY = _english_only_words()


def codes_in(text: str) -> list[str]:
    """The codes a text holds (none, for a text a person would write)."""
    return CODES.findall(text)


def words_of(text: str) -> set[str]:
    """The words of a text, lower case."""
    return set(re.findall(r"[^\W\d_]{3,}", text.lower()))


def english_in(text: str, names: Collection[str] = ()) -> list[str]:
    """The words of a (German) text that only the English catalogue has.

    ``names``: words of the home's own names, which may be English.
    """
    return sorted((words_of(text) & ENGLISH_ONLY) - set(names))
