"""What people read: the catalogue, the UI translations, and golden explanations.

- Every language has every key and placeholder of the catalogue, the UI translations
  (``translations/*.json``) and Assist's answers (``assist_sentences/*.yaml``).
- Every key of the catalogue is rendered by the code that uses it, with its real
  figures, in every language (a placeholder left unfilled is a KeyError).
- The explanations of a set of plans (every goal type, state, reader and refusal)
  are golden (syrupy snapshots), in English and German.
- Nothing a person reads holds a code (``_``-joined identifiers, ``key=value``,
  ``(s)``, step ids, placeholders), and a German text holds no English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
import json
from pathlib import Path
import string
from typing import Any

from homeassistant.components.cover import CoverDeviceClass
import pytest
from syrupy.assertion import SnapshotAssertion
import yaml

from custom_components.orchestration import assist_sentences
from custom_components.orchestration.consent import (
    answer_titles,
    approval_title,
    local_message,
    push_message,
)
from custom_components.orchestration.core.approvals import Lapse
from custom_components.orchestration.core.explainer import (
    Reader,
    checked_guardrails,
    consent_text,
    explain,
    restate,
)
from custom_components.orchestration.core.handover import script_config
from custom_components.orchestration.core.insights.observation import LoadStatus
from custom_components.orchestration.core.insights.suggestion import (
    EndCondition,
    EndKind,
)
from custom_components.orchestration.core.insights.texts import (
    intent,
    phrase,
    reason,
    title,
)
from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.intake.clarify import (
    THIS_HOME,
    Candidate,
    ambiguity_note,
    missing_note,
    question,
)
from custom_components.orchestration.core.intake.fallback import (
    accept,
    cloud_objection,
    failed_note,
    not_asked_note,
    timeout_note,
    trigger_objection,
)
from custom_components.orchestration.core.intake.goals import appliance_term
from custom_components.orchestration.core.intake.interpret import KIND_LABELS
from custom_components.orchestration.core.intake.proposal import (
    check_proposal,
    read_proposal,
)
from custom_components.orchestration.core.models import (
    AreaInfo,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Decision,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    Goal,
    GoalType,
    Guardrail,
    GuardrailKind,
    Origin,
    PlanScores,
    PlanStatus,
    PolicyDecision,
    Priority,
    PrivacyClass,
    ProposedBy,
    StepCheck,
    StepId,
    StepKind,
    StepProgress,
    StepState,
    Strategy,
    Targets,
    TaskSpec,
    TriggerType,
    TrustTier,
    Wait,
    WaitKind,
)
from custom_components.orchestration.core.planning.actions import (
    UnsupportedActionError,
    resolve,
)
from custom_components.orchestration.core.planning.arbiter import (
    Claimant,
    PlanConflict,
    conflict_notes,
)
from custom_components.orchestration.core.planning.conditions import condition_wait
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions
from custom_components.orchestration.core.policy import (
    describe_scope,
    evaluate,
    redact_for_notification,
)
from custom_components.orchestration.core.texts import (
    LANGUAGES,
    GoalLabel,
    Listing,
    Message,
    Money,
    Power,
    Reason,
    Term,
    catalogue,
    describe_step,
    describe_wait,
    goal_term,
    render,
    targets_text,
    text,
    tier_term,
    tradeoff,
)
from custom_components.orchestration.llm_api import plan_result
from custom_components.orchestration.plans import reasons

from .explained import (
    ENGLISH_ONLY,
    READERS,
    SCENARIOS,
    Scenario,
    codes_in,
    english_in,
    explained,
    record_of,
    texts_of,
)
from .intake.homes import NOW as INTAKE_NOW, home as intake_home
from .planner_home import NOW, goal, snapshot, task

PACKAGE = Path(__file__).parent.parent / "custom_components" / "orchestration"
UNLOCK = next(item for item in SCENARIOS if item.name == "unlock_needs_approval")

# --- every language says the same -----------------------------------------------


def _fields(value: Any) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(str(value)) if field}


def _flat(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for key, item in value.items():
            flat.update(_flat(item, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): str(value)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_every_key_and_placeholder_in_every_language(
    language: str,
) -> None:
    """A translation has the keys, plural forms and placeholders English has."""
    for key in catalogue.all_keys():
        english = catalogue.template(key, "en")
        translated = catalogue.template(key, language)
        assert type(translated) is type(english), key
        if isinstance(english, dict):
            assert set(translated) == set(english) == set(catalogue.PLURAL_FORMS), key
        assert catalogue.placeholders(translated) == catalogue.placeholders(english), (
            key
        )
    tables = catalogue.load_tables()
    assert set(tables[language]) == set(tables["en"])
    assert set(LANGUAGES) == set(tables) >= {"en", "de"}


def test_the_ui_speaks_every_language_of_the_explanations() -> None:
    """translations/<language>.json: the same keys and placeholders as English."""
    translations = PACKAGE / "translations"
    english = _flat(json.loads((translations / "en.json").read_text("utf-8")))
    for language in LANGUAGES:
        path = translations / f"{language}.json"
        translated = _flat(json.loads(path.read_text("utf-8")))
        assert set(translated) == set(english), language
        for key, value in english.items():
            assert _fields(translated[key]) == _fields(value), (language, key)


def test_assist_answers_in_every_language() -> None:
    """assist_sentences/<language>.yaml: the same answers with the same placeholders."""
    folder = Path(assist_sentences.__file__).parent
    english = yaml.safe_load((folder / "en.yaml").read_text("utf-8"))
    for language in LANGUAGES:
        data = yaml.safe_load((folder / f"{language}.yaml").read_text("utf-8"))
        for part in ("responses", "errors"):
            assert set(data[part]) == set(english[part]), (language, part)
            for key, value in english[part].items():
                assert _fields(data[part][key]) == _fields(value), (language, key)


# --- golden explanations ---------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda item: item.name)
def test_explanations_read_as_a_person_would_write_them(
    scenario: Scenario, snapshot: SnapshotAssertion
) -> None:
    """Summary, steps, privacy, consent per reader, cost, guardrails, notes, reasons."""
    assert {language: explained(scenario, language) for language in ("en", "de")} == (
        snapshot
    )


def _through_the_lifecycle(language: str) -> dict[str, dict[str, str]]:
    """The consent line of a plan needing approval, in every state, for every reader."""
    record = record_of(UNLOCK, language)
    lines: dict[str, dict[str, str]] = {}
    for status in PlanStatus:
        approved = status in (
            PlanStatus.SCHEDULED,
            PlanStatus.RUNNING,
            PlanStatus.COMPLETED,
            PlanStatus.FAILED,
            PlanStatus.SUPERSEDED,
        )
        now = replace(record, status=status, approved_by="parent" if approved else None)
        lines[status.value] = {
            name: restate(now, reader(UNLOCK.tier)).consent
            for name, reader in READERS.items()
        }
    return lines


def test_the_consent_line_follows_every_state(snapshot: SnapshotAssertion) -> None:
    """Waiting, approved, expired, rejected…: what is said about approval is true."""
    lines = {language: _through_the_lifecycle(language) for language in ("en", "de")}
    assert lines == snapshot
    pending = lines["en"]["pending_approval"]
    assert pending["approver"] == "It waits for your approval, to unlock a lock."
    assert "your" not in pending["requester"]
    assert all("waits" not in line for line in lines["en"]["scheduled"].values())


# --- everything else people read ------------------------------------------------

INSIGHT_FIGURES: list[tuple[str, dict[str, Any]]] = [
    (
        "window_open",
        {
            "area": "Living room",
            "openings": ["Left window", "Balcony door"],
            "open_minutes": 25,
            "mode": "heat",
            "set_point": 21.0,
            "current": 19.5,
            "outdoor": -2.5,
        },
    ),
    (
        "window_open",
        {"area": "Office", "openings": ["Window"], "open_minutes": 5, "mode": "cool"},
    ),
    (
        "window_open",
        {
            "area": "Office",
            "openings": ["Window"],
            "open_minutes": 5,
            "mode": "cool",
            "set_point": 23.0,
        },
    ),
    (
        "window_open",
        {"area": "Hall", "openings": ["Door"], "open_minutes": 8, "mode": "heat"},
    ),
    (
        "idle_area",
        {
            "area": "Kitchen",
            "devices": ["Ceiling", "Spots", "Radio", "TV", "Hood light", "Strip"],
            "idle_minutes": 95,
            "power_w": 230.0,
            "cost_per_hour": 0.069,
            "currency": "EUR",
        },
    ),
    (
        "idle_area",
        {
            "area": "Kitchen",
            "devices": ["Radio"],
            "idle_minutes": 30,
            "nobody_home": True,
        },
    ),
    ("away", {"away_minutes": 20, "devices": ["Porch light"], "power_w": 1500.0}),
    (
        "price_peak",
        {
            "appliance": "Dishwasher",
            "status": "scheduled",
            "start": "2026-01-12T17:30:00+00:00",
            "price_now": 0.3,
            "peak_price": 0.45,
            "peak_start": "2026-01-12T17:00:00+00:00",
            "peak_end": "2026-01-12T20:00:00+00:00",
            "cheap_start": "2026-01-12T23:00:00+00:00",
            "cheap_price": 0.12,
            "saving": 1.188,
            "currency": "EUR",
        },
    ),
    (
        "price_peak",
        {
            "appliance": "Dryer",
            "status": "running",
            "price_now": 0.4,
            "peak_price": 0.45,
            "peak_start": "2026-01-12T17:00:00+00:00",
            "peak_end": "2026-01-12T20:00:00+00:00",
            "cheap_start": "2026-01-12T23:00:00+00:00",
            "cheap_price": 0.12,
            "saving": 0.6,
            "currency": "EUR",
        },
    ),
    (
        "cheap_window",
        {
            "appliance": "Washer",
            "waiting_minutes": 130,
            "cheap_start": "2026-01-12T23:00:00+00:00",
            "cheap_price": 0.125,
            "average_price": 0.22,
            "until": "2026-01-13T16:00:00+00:00",
            "starts_now": False,
            "saving": 0.36,
            "currency": "GBP",
        },
    ),
    (
        "cheap_window",
        {
            "appliance": "Washer",
            "waiting_minutes": 10,
            "cheap_start": "2026-01-12T13:00:00+00:00",
            "cheap_price": 0.1,
            "average_price": 0.22,
            "until": "2026-01-13T16:00:00+00:00",
            "starts_now": True,
            "saving": 0.36,
            "currency": "EUR",
        },
    ),
    (
        "cheap_window",
        {
            "appliance": "Wallbox",
            "source": "solar",
            "waiting_minutes": 45,
            "surplus_w": 4200.0,
            "surplus_minutes": 20,
            "solar_kwh": 16.8,
        },
    ),
    (
        "unusual_consumption",
        {
            "name": "Freezer",
            "kwh": 1.2,
            "usual_kwh": 0.3,
            "highest_kwh": 0.35,
            "ratio": 4.0,
            "days": 14,
            "start": "2026-01-12T13:00:00+00:00",
            "end": "2026-01-12T14:00:00+00:00",
            "extra_cost": 0.27,
            "currency": "EUR",
        },
    ),
    (
        "unusual_consumption",
        {
            "name": "Pump",
            "kwh": 0.5,
            "days": 7,
            "start": "2026-01-12T02:00:00+00:00",
            "end": "2026-01-12T03:00:00+00:00",
        },
    ),
]

#: Requests the intake cannot take as they are, by language.
UNCLEAR = {
    "en": [
        "",
        "turn on the kitchen lights " * 400,
        "fly to the moon",
        "notify me that {{ }}",
        "start my {{ }} routine",
        "turn on the lights here",
        "turn on the lamp",
        "run the dishwasher",
        "turn on the fan in the kitchen",
        "switch everything off in the hallway",
        "turn on the hidden light",
        " and ".join(["lock the front door"] * 12),
        "tonight",
        "how do I turn on the porch light",
        "if it rains close the blinds",
        "turn off all the lights except the porch",
        "turn on the coffee maker every weekday",
        "order a cappuccino from the bakery",
        "don't switch off the tv",
        "make the kitchen lights rainbow",
        "make the kitchen lights brown",
        "dim the kitchen lights to seven",
        "snooze the alarm",
        "set the heating to 3",
        "set the thermostat to 68",
        "open the blinds at 7",
        "turn the heating in the living room up by 20",
        "the front door is unlocked",
        "set the reading lamp to purple and orange",
        "switch the desk plug on/off",
        "turn on the lamp next to the tv",
        "optimise energy in the conservatory",
        "turn off the lights in the kitchen and the pantry",
        "set the bedroom to 18",
        "turn on the floor lamp, no sorry, the desk lamp",
        "lock the garage door",
        "turn on the reading lamp and then turn off the reading lamp",
        "reset the coffee maker",
        "add coffee to the shopping list",
        "the kitchen light is too blue",
        "play some jazz in the kitchen",
        "open the blinds for 30 minutes",
        "keep the garage door open until 9 pm",
    ],
    "de": [
        "",
        "flieg zum Mond",
        "heute Abend",
        "schalte das Licht hier an",
        "Schalte die Lampe aus",
        "Schalte den Ventilator in der Küche an",
        "Mach alles im Flur aus",
        "Öffne das Rollo für eine Viertelstunde",
        "Öffne das Garagentor bis 21 Uhr",
        " und ".join(["verriegle die Haustür"] * 12),
        "benachrichtige mich, dass {{ }}",
        "optimiere die Energie im Wintergarten",
        "mach das Licht in der Küche grau",
        "dimme das Licht in der Küche auf sieben",
        "weck mich um sieben",
        "stell die Heizung auf 3",
        "stell die Heizung im Wohnzimmer auf 68",
        "stell die Heizung auf 18 um 10",
        "erhöhe die Temperatur um 10",
        "die Haustür ist offen",
        "Garagentor abschließen",
        "schalte die Kaffeemaschine " * 400,
        "schalte die Leselampe an und dann die Leselampe aus",
        "Kaffeemaschine zurücksetzen",
        "weniger rot in der Küche",
    ],
}


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module (its language data loads once)."""
    return IntentTranslator()


def _everything_people_read(translator: IntentTranslator) -> Iterator[tuple[str, str]]:
    """Every text the pure stages and their users produce, with its language.

    A note rendered again in another language (as the explainer does) is tagged
    ``"<language>, from <language it was made in>"``: it quotes what was said.
    """
    for language in ("en", "de"):
        for scenario in SCENARIOS:
            read = explained(scenario, language)
            del read["status"]  # data, not text
            for item in texts_of(read):
                yield language, item
        for item in texts_of(_through_the_lifecycle(language)):
            yield language, item
        yield from _messages(language)
        yield from _intake(translator, language)
        yield from _vocabulary(language)
        yield from _edge_cases(language)
        yield from _language_model(language)
        for rule, figures in INSIGHT_FIGURES:
            yield language, reason(rule, figures, language, "Europe/Berlin")
            yield language, title(rule, figures, language)
            yield language, intent(rule, figures, language)


def _messages(language: str) -> Iterator[tuple[str, str]]:
    """History entries, notifications, run failures and the LLM's note."""
    record = record_of(UNLOCK, language)
    yield language, approval_title(record)
    yield language, push_message(record)
    yield language, local_message(record)
    for privacy in (PrivacyClass.CONFIDENTIAL, PrivacyClass.RESTRICTED):
        yield (
            language,
            redact_for_notification(
                "x",
                privacy,
                scopes=record.policy.required_scopes,
                language=language,
            ),
        )
        yield language, redact_for_notification("x", privacy, language=language)
    for scope in (
        "security.cover.garage_open",
        "security.cover.gate_open",
        "security.cover.door_open",
        "security.alarm.disarm",
        "security.camera.view",
        "security.device.control",
        "data.restricted",
        "data.confidential",
        "data.confidential.cloud",
        "device.light.read",
    ):
        yield language, describe_scope(scope, language)
    yield language, str(plan_result(record, Reader())["note"])
    yield from ((language, title) for title in answer_titles(record))
    for item in vars(reasons).values():
        if isinstance(item, Reason):
            yield language, item.render(language)
    for made in (
        reasons.approved_by("Anna"),
        reasons.rejected_by(reasons.AUTOMATION),
        reasons.cancelled_by("Anna"),
        reasons.lighter_alternative(text("alternatives.start_now", language)),
        reasons.overridden("Kitchen Lights"),
        reasons.became_unavailable("Kitchen Lights"),
        # A user without a name, as the engine says it.
        reasons.approved_by(Term("words.someone")),
        reasons.denied_at_start(
            [reasons.lighter_alternative("Turn on Kitchen Lights").render(language)]
        ),
        reasons.accepted("Anna"),
        reasons.dismissed("Anna"),
        reasons.snoozed("Anna", 60),
        *(reasons.approval_lapsed(lapse) for lapse in Lapse),
        *(
            reasons.suggestion_ended(
                EndCondition(kind, entity_ids=entity_ids, status="running")
            )
            for kind in EndKind
            for entity_ids in ((), ("Office window",))
        ),
        reasons.suggestion_ended(None),
        *(
            reasons.suggestion_ended(
                EndCondition(EndKind.LOAD_CHANGED, status=status.value)
            )
            for status in LoadStatus
        ),
    ):
        yield language, made.render(language)
    for code in (
        "button_accept",
        "button_dismiss",
        "button_snooze",
        "redacted_title",
        "redacted_message",
    ):
        yield language, phrase(code, language)
    yield language, phrase("answer_hint", language)
    # A notification whose message is empty; the grammar's wildcard never yields one.
    yield language, text("intake.which_message", language)
    for conflict in _conflicts():
        for note in conflict_notes(conflict, "01JNEW", "Front Door"):
            yield language, note.render(language)
    yield from _run_failures(language)
    yield from _plans_over_time(language)


def _conflicts() -> list[PlanConflict]:
    """Every origin and priority, winning and losing, by priority and by time."""
    later, earlier = NOW, NOW - timedelta(hours=1)
    return [
        PlanConflict(
            "01JOLD",
            ["lock.front_door"],
            winner,
            Claimant(origin, priority, later),
            Claimant(Origin.USER_REQUEST, other, earlier),
        )
        for winner in ("active", "new")
        for origin in Origin
        for priority, other in (
            (Priority.NORMAL, Priority.HIGH),
            (Priority.LOW, Priority.LOW),
            (Priority.LOWEST, Priority.HIGHEST),
        )
    ]


def _plans_over_time(language: str) -> Iterator[tuple[str, str]]:
    """Waits, how the steps of a started plan went, and re-plans (issue 15)."""
    snap = snapshot()
    snap.time_zone = "Europe/Berlin"
    later = NOW + timedelta(days=1)
    waits = [
        Wait(kind, expires_at=later)
        for kind in (
            WaitKind.ARRIVAL,
            WaitKind.DEPARTURE,
            WaitKind.SOMEONE_HOME,
            WaitKind.NOBODY_HOME,
        )
    ]
    states = ("on", "off", "open", "closed", "locked", "unlocked", "home")
    states += ("not_home", "playing", "paused", "idle", "docked")
    waits += [
        Wait(WaitKind.STATE, expires_at=later, entity_id="switch.dishwasher", to=to)
        for to in states
    ]
    waits += [
        Wait(WaitKind.SUN, at=later, event=event, offset=offset)
        for event in ("sunrise", "sunset")
        for offset in (0, -30, 45)
    ]
    waits.append(Wait(WaitKind.TIME, at=later))
    for wait in waits:
        yield language, describe_wait(wait, snap, language)
        for name in (None, "Dishwasher"):
            yield language, reasons.wait_expired(wait, name).render(language)
            yield language, reasons.missed_while_down(wait, name).render(language)
    for constraints in (
        [Constraint(ConstraintType.OCCUPANCY, {"when": "somewhere"})],
        [Constraint(ConstraintType.STATE, {"entity_id": None, "name": "sauna"})],
        [Constraint(ConstraintType.SUN, {"event": "sunset", "offset": 0})],
        [Constraint(ConstraintType.SUN, {"event": "sunrise", "offset": 0})],
        *(
            [Constraint(ConstraintType.OCCUPANCY, {"when": "arrival"})] * count
            for count in (2, 3)
        ),
    ):
        found = condition_wait(constraints, snap, deadline=None, timeout_h=24)
        for note in (*found.reasons, *found.notes):
            yield language, render(note, language)
    persons_unknown = replace(snap, occupancy=replace(snap.occupancy, persons=[]))
    found = condition_wait(
        [Constraint(ConstraintType.OCCUPANCY, {"when": "arrival"})],
        persons_unknown,
        deadline=None,
        timeout_h=24,
    )
    yield from ((language, render(note, language)) for note in found.reasons)
    failed = text("run.not_reached", language, step=2, description="Front Door")
    for made in (
        reasons.blocked(2),
        reasons.left_to_others(["Front Door"], []),
        reasons.left_to_others(["Front Door", "Kitchen Door"], ["01JNEW"]),
        reasons.not_reached(3, ["Front Door"], "locked"),
        reasons.finished_with_failures([failed], []),
        reasons.finished_with_failures([failed], [3]),
        reasons.finished_with_failures([failed], [3, 4]),
        *(reasons.reoptimised(trigger) for trigger in _TRIGGERS),
        *(reasons.approval_lapsed(lapse) for lapse in Lapse),
        reasons.denied_at_start([text("consent.expired", language)]),
    ):
        yield language, made.render(language)
    yield from _planner_over_time(language)
    yield from _explained_over_time(snap, language)


def _explained_over_time(
    snap: ContextSnapshot, language: str
) -> Iterator[tuple[str, str]]:
    """A plan that waits for someone to come home, and how its checks went."""
    spec = task(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=[Constraint(ConstraintType.OCCUPANCY, {"when": "arrival"})],
        language=language,
    )
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions(cost_budget=0)
    )
    allowed = PolicyDecision(Decision.ALLOW, TrustTier.VERIFIED)
    explanation = explain(spec, result.plan, allowed, snapshot=snap, language=language)
    yield from ((language, item) for item in texts_of(explanation.as_dict()))
    record = record_of(
        next(item for item in SCENARIOS if item.name == "over_the_usual_budgets"),
        language,
    )
    checked = [step for step in record.plan.steps if step.guardrails]
    record.plan.steps[0].checks = [
        StepCheck(guardrail) for guardrail in record.plan.steps[0].guardrails
    ]
    for state in (StepState.DONE, StepState.FAILED):
        record.progress = {
            step.step_id: StepProgress(
                state,
                NOW,
                checked=NOW,
                guardrail=step.guardrails[0].text if step.guardrails else None,
            )
            for step in checked
        }
        yield from ((language, line) for line in checked_guardrails(record, snap))


_TRIGGERS = ("prices", "presence", "power", "conflict")


def _planner_over_time(language: str) -> Iterator[tuple[str, str]]:
    """The planner's words on power and re-plans, with the figures it passes."""
    limit, draw = Power(9000.0), Power(7400.0)
    goal_named = GoalLabel(1, "run_appliance", 2)
    kettle = Message.of("reasons.draw", name="Kitchen Kettle", power=Power(2000.0))
    others = (
        Listing((kettle,)),
        Message.of("reasons.draws_and_rest", names=Listing((kettle,)), power=draw),
        Message.of("reasons.draws_rest", power=Power(450.0)),
    )
    made: list[Reason] = [
        Reason(
            "reasons.power_limit_no_window",
            goal=goal_named,
            entity="EV Charger",
            power=draw,
            others=drawn,
            limit=limit,
        )
        for drawn in others
    ]
    made.append(
        Reason(
            "reasons.power_limit_moved",
            name="EV Charger",
            power=draw,
            start="00:00",
            end="03:00",
            best="03:00",
            others=others[0],
            limit=limit,
            extra=Money(0.31, "EUR"),
        )
    )
    made += [
        Reason("reasons.yielded", count=count, steps=steps, devices="Kitchen Spot")
        for count, steps in ((1, Listing(("2",))), (2, Listing(("2", "3"))))
    ]
    differences = (
        Message.of("reasons.money_none"),
        Message.of("reasons.money_less", amount=Money(0.25, "EUR")),
        Message.of("reasons.money_more", amount=Money(0.25, "EUR")),
    )
    broken = [
        Reason(f"reasons.broken_{name}")
        for name in ("started", "deadline", "claimed", "quiet")
    ]
    broken.append(Reason("reasons.broken_power", limit=limit))
    for trigger in _TRIGGERS:
        for difference in differences:
            args = {
                "trigger": Term(f"replan_triggers.{trigger}"),
                "name": "Dishwasher",
                "old": "03:00",
                "new": Term("reasons.right_away"),
                "difference": difference,
            }
            made.append(Reason("reasons.reoptimised", **args))
            made += [
                Reason("reasons.reoptimised_needed", why=why, **args) for why in broken
            ]
    yield from ((language, reason.render(language)) for reason in made)


def _run_failures(language: str) -> Iterator[tuple[str, str]]:
    """The errors a plan's script stops with when a step does not take effect."""
    names = (
        "set_brightness",
        "vacuum_start",
        "secure_home",
        "unlock_not_asked_by_name",
    )
    for name in names:
        scenario = next(item for item in SCENARIOS if item.name == name)
        # Someone at home: the unlock waits for a check that someone is home.
        record = record_of(replace(scenario, home=None), language)
        config = script_config(record.plan, record.plan_id, language)
        yield from ((language, found) for found in _stops(config))
        alone = [replace(step, fallbacks=[]) for step in record.plan.steps]
        config = script_config(replace(record.plan, steps=alone), "p1", language)
        yield from ((language, found) for found in _stops(config))
    yield language, text("run.invalid_script", language, error="expected a dictionary")


def _stops(config: Any) -> Iterator[str]:
    """The messages of every ``stop`` in a script config."""
    if isinstance(config, dict):
        if isinstance(config.get("stop"), str):
            yield config["stop"]
        for value in config.values():
            yield from _stops(value)
    elif isinstance(config, list):
        for value in config:
            yield from _stops(value)


def _intake(translator: IntentTranslator, language: str) -> Iterator[tuple[str, str]]:
    """What the intake leaves open, and the question Assist asks back."""
    snapshot = intake_home(language)
    for said in UNCLEAR[language]:
        spec = translator.translate(
            said, language=language, snapshot=snapshot, now=INTAKE_NOW
        )
        for note in spec.unresolved:
            yield language, note
            # The explainer renders a note again in the language it explains in.
            if isinstance(note, Reason):
                for other in ("en", "de"):
                    yield f"{other}, from {language}", note.render(other)
        if (asked := question(spec.unresolved, language)) is not None:
            yield language, asked
    # A room word that fits two rooms: "Which room do you mean …?"
    snapshot.areas["family_room"] = AreaInfo(
        area_id="family_room",
        name="Stube" if language == "de" else "Family room",
        floor_id="ground",
    )
    said = (
        "mach das Licht im Wohnbereich aus"
        if language == "de"
        else "turn off the lights in the sitting room"
    )
    spec = translator.translate(
        said, language=language, snapshot=snapshot, now=INTAKE_NOW
    )
    yield language, spec.unresolved[0]
    if (asked := question(spec.unresolved, language)) is not None:
        yield language, asked
    spec = translator.translate(
        "turn on the lights", language="xx", snapshot=snapshot, now=INTAKE_NOW
    )
    for other in ("en", "de"):
        yield f"{other}, from xx", render(spec.unresolved[0], other)


def test_every_key_is_rendered_by_its_code_with_real_figures(
    translator: IntentTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key is dead, and each one renders with the figures its code passes."""
    rendered: dict[str, set[str]] = {language: set() for language in ("en", "de")}

    def note(key: str, language: str, args: dict[str, Any]) -> None:
        rendered[language].add(key)

    monkeypatch.setattr(catalogue, "_listeners", [note])
    for _ in _everything_people_read(translator):
        pass
    for language, keys in rendered.items():
        assert sorted(set(catalogue.all_keys()) - keys) == [], language


def test_nothing_people_read_holds_a_code(translator: IntentTranslator) -> None:
    """Every text: no identifiers, key=value, (s), step ids or placeholders."""
    found = {item: codes_in(item) for _, item in _everything_people_read(translator)}
    assert {item: codes for item, codes in found.items() if codes} == {}


def test_no_english_in_what_a_german_reads(translator: IntentTranslator) -> None:
    """A German plan's texts hold no word only the English catalogue has."""
    assert {"approval", "waits", "step", "steps", "nothing"} <= ENGLISH_ONLY
    leaks = {
        item: english_in(item)
        for language, item in _everything_people_read(translator)
        if language == "de"
    }
    assert {item: words for item, words in leaks.items() if words} == {}


def _vocabulary(language: str) -> Iterator[tuple[str, str]]:
    """Each word the code looks up by a code, through the function that looks it up."""
    snap = snapshot()
    for goal_type in GoalType:
        yield language, goal_term(goal_type.value).render(language)
    for tier in TrustTier:
        yield language, tier_term(tier).render(language)
    for key in catalogue.all_keys():
        section, _, name = key.partition(".")
        if section == "domains":
            yield language, describe_scope(f"device.{name}.control", language)
        elif section == "appliances":
            yield (
                language,
                missing_note(appliance_term(name), THIS_HOME).render(language),
            )
        elif section == "verbs":
            step = ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action=f"any.{name}",
                target={"entity_id": ["light.kitchen_spot"]},
            )
            yield language, describe_step(step, snap, language)
    # Home Assistant's cover classes, as "open the garage door" names them.
    for device_class in CoverDeviceClass:
        goal = Goal(
            GoalType.OPEN, Targets(domains=["cover"], device_classes=[device_class])
        )
        yield language, targets_text(goal, snap).render(language)
    for kind in KIND_LABELS.values():
        yield language, missing_note(kind, THIS_HOME).render(language)
    yield language, describe_scope("custom.scope", language)


def _refusals() -> Iterator[UnsupportedActionError]:
    """Why a device cannot do what was asked, as the planner's actions say it."""
    light = EntityInfo("light.a", "A", supported_features=0xFFFF)
    onoff = EntityInfo("light.b", "B", attributes={"supported_color_modes": ["onoff"]})
    dim = EntityInfo(
        "light.c", "C", attributes={"supported_color_modes": ["brightness"]}
    )
    climate = EntityInfo("climate.a", "Thermostat", supported_features=0xFFFF)
    media = EntityInfo("media_player.a", "TV", supported_features=0xFFFFF)
    cover = EntityInfo("cover.a", "Blind", supported_features=0xFFFF)
    attempts: list[tuple[GoalType, EntityInfo, dict[str, Any]]] = [
        (GoalType.LOCK, light, {}),
        (GoalType.SET_BRIGHTNESS, light, {}),
        (GoalType.SET_BRIGHTNESS, light, {"brightness_step_pct": "much"}),
        (GoalType.SET_TEMPERATURE, climate, {}),
        (GoalType.SET_TEMPERATURE, climate, {"temperature_step": 1}),
        (GoalType.SET_POSITION, cover, {}),
        (GoalType.SET_VOLUME, media, {}),
        (GoalType.SET_VOLUME, media, {"volume_step_pct": 10}),
        (GoalType.SET_COLOR, light, {}),
        (GoalType.SET_BRIGHTNESS, onoff, {"brightness_pct": 3}),
        (GoalType.SET_COLOR, dim, {"color_name": "red"}),
        (GoalType.SET_COLOR, dim, {"color_temp_kelvin": 2700}),
    ]
    for goal_type, entity, params in attempts:
        with pytest.raises(UnsupportedActionError) as refused:
            resolve(goal_type, entity, params)
        yield refused.value


def _language_model(language: str) -> Iterator[tuple[str, str]]:
    """What a plan says about the language model fallback, through its functions."""
    home = intake_home(language)
    cloud = ProposedBy(agent_id="ai_task.gpt", name="GPT", local=False)
    failed = TaskSpec(intent="zorp", language=language)
    for key in (
        "intake.model.unavailable",
        *(trigger_objection(trigger) or "" for trigger in TriggerType),
        cloud_objection(
            replace(failed, constraints=[Constraint(ConstraintType.LOCAL_ONLY)]), None
        ),
        cloud_objection(failed, None),
        cloud_objection(failed, PrivacyClass.RESTRICTED),
    ):
        if key:
            yield language, not_asked_note(key, "GPT").render(language)
    yield language, timeout_note("GPT", 15).render(language)
    yield language, failed_note("GPT", "GPT").render(language)
    nothing = read_proposal(
        '{"goals": []}', text="zorp", language=language, snapshot=home
    )
    yield from ((language, note) for note in nothing.unresolved)
    unlock = {
        "goals": [{"type": "unlock", "targets": {"entity_ids": ["lock.front_door"]}}]
    }
    checked = check_proposal(unlock, text="zorp", language=language, snapshot=home)
    assert checked.goals
    yield language, accept(checked, failed, cloud, home).unresolved[-1]
    porch = {"goals": [{"type": "turn_on", "targets": {"entity_ids": ["light.porch"]}}]}
    proposed = accept(
        check_proposal(porch, text="zorp", language=language, snapshot=home),
        failed,
        cloud,
        home,
    )
    plan = ExecutionPlan(
        Strategy.BALANCED,
        [
            ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action="light.turn_on",
                target={"entity_id": ["light.porch"]},
            )
        ],
    )
    allowed = PolicyDecision(Decision.ALLOW, TrustTier.TRUSTED)
    for made in (plan, ExecutionPlan(Strategy.BALANCED)):
        told = explain(proposed, made, allowed, snapshot=home, language=language)
        yield language, told.summary
        yield language, told.privacy


def _edge_cases(language: str) -> Iterator[tuple[str, str]]:
    """Texts of situations the scenarios do not reach, through their own functions."""
    snap = snapshot()
    for refused in _refusals():
        yield language, refused.reason.render(language)
    many = [
        Candidate(f"Lamp {number}", None, f"light.lamp_{number}") for number in range(6)
    ]
    yield language, ambiguity_note("lamp", many).render(language)
    camera = "security.camera.view"
    waiting = PolicyDecision(
        Decision.REQUIRE_APPROVAL,
        TrustTier.PRIVILEGED,
        required_scopes=[camera],
        missing_scopes=[camera],
        consent_refs=["c1"],
    )
    allowed = PolicyDecision(Decision.ALLOW, TrustTier.VERIFIED, consent_refs=["c1"])
    for decision, status, approved_by in (
        (waiting, PlanStatus.PENDING_APPROVAL, None),
        (allowed, PlanStatus.SCHEDULED, "parent"),
        (allowed, PlanStatus.SCHEDULED, None),
    ):
        yield (
            language,
            consent_text(
                decision,
                status=status,
                requester="kid",
                approved_by=approved_by,
                reader=Reader("kid", TrustTier.VERIFIED),
                language=language,
            ),
        )
    watched = ExecutionStep(
        StepId("s1"),
        StepKind.ACTION,
        action="camera.snapshot",
        target={"entity_id": ["camera.door"]},
    )
    home = snapshot()
    home.entities["camera.door"] = EntityInfo("camera.door", "Door camera")
    policy = evaluate(
        TaskSpec(intent="x", language=language),
        ExecutionPlan(Strategy.BALANCED, [watched]),
        caller_tier=TrustTier.TRUSTED,
        snapshot=home,
        consents=[],
        user_id="parent",
        now=NOW,
    )
    yield from ((language, item) for item in policy.reasons)
    dear = ExecutionPlan(
        Strategy.COMFORT,
        [
            ExecutionStep(
                StepId("s1"),
                StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.washer"]},
                estimated_cost=1.0,
                energy_kwh=2.0,
                baseline_cost=0.5,
                estimated_duration_s=3600,
                guardrails=[Guardrail(GuardrailKind.CLOUD)],
            )
        ],
        estimated_cost=1.0,
    )
    tiny = ExecutionPlan(Strategy.COST, estimated_cost=0.004)
    for plan in (dear, tiny):
        yield from (
            (language, item)
            for item in texts_of(
                explain(
                    task(language=language),
                    plan,
                    allowed,
                    snapshot=snap,
                    language=language,
                ).as_dict()
            )
        )
    yield from ((language, item) for item in _tradeoffs(snap, language))


def _tradeoffs(snap: ContextSnapshot, language: str) -> Iterator[str]:
    """Alternatives the scenarios do not reach, through ``tradeoff``."""
    yield from _alternatives_by_what_they_do(snap, language).values()


def _alternatives_by_what_they_do(
    snap: ContextSnapshot, language: str
) -> dict[str, str]:
    """Plans that do the same things at the same time, or nothing, or other devices."""

    def on(
        entity_id: str, *, local: bool = True, kind: StepKind = StepKind.ACTION
    ) -> ExecutionStep:
        return ExecutionStep(
            StepId("s1"),
            kind,
            action="light.turn_on",
            target={"entity_id": [entity_id]},
            local=local,
        )

    def plan(*steps: ExecutionStep, **figures: Any) -> ExecutionPlan:
        figures.setdefault("privacy_score", 1)
        return ExecutionPlan(Strategy.BALANCED, list(steps), **figures)

    lamp = plan(on("light.living_lamp"))
    strip = plan(on("light.living_cloud_strip", local=False), privacy_score=0)
    lamp_by_cloud = plan(on("light.living_lamp", local=False), privacy_score=0)
    both = plan(on("light.living_lamp"), on("light.kitchen_spot"))
    checked = plan(
        on("light.living_lamp", kind=StepKind.CONDITION), on("light.living_lamp")
    )
    pairs = {
        "other_device": (lamp, strip),
        "local_device": (strip, lamp),
        "local": (lamp_by_cloud, lamp),
        "cloud": (lamp, lamp_by_cloud),
        "cheaper": (plan(on("light.living_lamp"), estimated_cost=0.5), lamp),
        "dearer": (lamp, plan(on("light.living_lamp"), estimated_cost=0.5)),
        "more_comfort": (
            lamp,
            plan(on("light.living_lamp"), scores=PlanScores(comfort=1)),
        ),
        "less_comfort": (
            plan(on("light.living_lamp"), scores=PlanScores(comfort=1)),
            lamp,
        ),
        "reordered": (both, plan(on("light.kitchen_spot"), on("light.living_lamp"))),
        "checks": (lamp, checked),
        "nothing_chosen": (plan(), lamp),
    }
    return {
        name: tradeoff(
            chosen,
            other,
            chosen_latency_s=0,
            other_latency_s=0,
            currency="EUR",
            language=language,
            snapshot=snap,
        )
        for name, (chosen, other) in pairs.items()
    }


def test_alternatives_are_named_by_what_they_do() -> None:
    """Never by the planner's strategy: by where, what it costs, order or checks."""
    assert _alternatives_by_what_they_do(snapshot(), "en") == {
        "other_device": "With Living Cloud Strip instead: more uses the cloud",
        "local_device": "With Living Lamp instead: more runs locally",
        "local": "Local devices only: no other difference",
        "cloud": "With a cloud service: no other difference",
        "cheaper": "Cheaper: 0.50 € less",
        "dearer": "More expensive: 0.50 € more",
        "more_comfort": "More comfortable: no other difference",
        "less_comfort": "Less comfortable: no other difference",
        "reordered": "In another order: no other difference",
        "checks": "With other checks: no other difference",
        "nothing_chosen": "Start now: no energy cost",
    }
    assert _alternatives_by_what_they_do(snapshot(), "de") == {
        "other_device": "Stattdessen mit Living Cloud Strip: mehr nutzt die Cloud",
        "local_device": "Stattdessen mit Living Lamp: mehr läuft lokal",
        "local": "Nur lokale Geräte: sonst kein Unterschied",
        "cloud": "Mit einem Cloud-Dienst: sonst kein Unterschied",
        "cheaper": "Günstiger: 0,50 € weniger",
        "dearer": "Teurer: 0,50 € mehr",
        "more_comfort": "Komfortabler: sonst kein Unterschied",
        "less_comfort": "Weniger komfortabel: sonst kein Unterschied",
        "reordered": "In anderer Reihenfolge: sonst kein Unterschied",
        "checks": "Mit anderen Prüfungen: sonst kein Unterschied",
        "nothing_chosen": "Sofort starten: keine Energiekosten",
    }
