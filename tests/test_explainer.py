"""Tests of the explainer: English and German, deterministic, with figures."""

from __future__ import annotations

import copy
import pickle

from custom_components.orchestration.core.explainer import (
    Reason,
    describe_step,
    duration,
    explain,
    money,
    strategy_name,
    text,
)
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    Decision,
    ExecutionPlan,
    ExecutionStep,
    GoalType,
    Guardrail,
    GuardrailKind,
    PolicyDecision,
    StepKind,
    Strategy,
    TrustTier,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .planner_home import NOW, area_goal, goal, snapshot, task

ALLOW = PolicyDecision(Decision.ALLOW, TrustTier.BASIC)


def test_english_explanation_of_a_device_plan() -> None:
    """Summary, steps, privacy, consent, cost and guardrails in English."""
    spec = task(
        area_goal(GoalType.TURN_OFF, "kitchen", "light"),
        goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=20),
    )
    snap = snapshot()
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    explanation = explain(spec, result.plan, ALLOW, snapshot=snap)
    assert explanation.summary == (
        "2 step(s) under the balanced strategy: Turn off Kitchen Ceiling, Kitchen "
        "Spot; Set the volume of Living Tv (volume 0.2)."
    )
    assert explanation.steps == [
        "s1. Turn off Kitchen Ceiling, Kitchen Spot",
        "s2. Set the volume of Living Tv (volume 0.2)",
    ]
    assert explanation.privacy == "All 2 step(s) run locally; nothing leaves your home."
    assert explanation.consent == (
        "Allowed for your trust level (basic); no approval needed."
    )
    assert explanation.cost == "No energy cost."
    assert explanation.guardrails[:2] == [
        "s1: runs only if its devices are available, otherwise a fallback is tried.",
        "s1: 1 fallback(s) ready if it fails.",
    ]
    again = explain(spec, result.plan, ALLOW, snapshot=snap)
    assert again == explanation


def test_german_explanation_and_reasons() -> None:
    """The same plan in German; reasons are rendered in German too."""
    spec = task(
        goal(GoalType.LOCK, "lock.front_door"),
        goal(GoalType.TURN_ON, "light.living_cloud_strip"),
        language="de",
    )
    snap = snapshot()
    snap.entities["lock.front_door"].available = False
    result = build_plan(
        spec, snap, strategy=Strategy.PRIVACY_FIRST, options=PlannerOptions()
    )
    decision = PolicyDecision(
        Decision.REQUIRE_APPROVAL,
        TrustTier.VERIFIED,
        consent_refs=["c1"],
        missing_scopes=["device.lock"],
    )
    explanation = explain(
        spec,
        result.plan,
        decision,
        snapshot=snap,
        language="de",
        infeasible_reasons=[*result.reasons, "plain text"],
    )
    assert explanation.summary == (
        "1 Schritt(e) mit der Strategie Privatsphäre zuerst: Einschalten: Living "
        "Cloud Strip. Gründe: Ziel 1 (lock): lock.front_door ist nicht erreichbar "
        "und nichts anderes im Raum kann es übernehmen. plain text"
    )
    assert explanation.privacy == (
        "0 von 1 Schritt(en) laufen lokal; 1 nutzen einen Cloud-Dienst: Living "
        "Cloud Strip."
    )
    assert explanation.consent == (
        "Braucht vor dem Start eine Freigabe (Ihre Vertrauensstufe: verified). "
        "Erteilte Einwilligungen: c1. Fehlende Einwilligung: device.lock."
    )
    assert explanation.cost == "Keine Energiekosten."


def test_infeasible_and_denied() -> None:
    """An empty plan says it cannot be done; a denial names the policy reasons."""
    spec = task(goal(GoalType.LOCK, "lock.nowhere"))
    snap = snapshot()
    result = build_plan(spec, snap, strategy=Strategy.COST, options=PlannerOptions())
    decision = PolicyDecision(Decision.DENY, TrustTier.UNTRUSTED, reasons=["no scope"])
    explanation = explain(
        spec,
        result.plan,
        decision,
        snapshot=snap,
        infeasible_reasons=result.reasons,
    )
    assert explanation.summary.startswith("This cannot be done as asked. Why: Goal 1")
    assert explanation.consent == "Not allowed: no scope."
    assert explanation.privacy == "No step acts on a device."
    assert explanation.steps == []


def test_step_descriptions() -> None:
    """Waits, conditions, reports and notifications read naturally."""
    snap = snapshot()
    wait = ExecutionStep("s1", StepKind.WAIT, not_before=NOW.replace(hour=1))
    assert describe_step(wait, snap, "en") == "Wait until 02:00"
    assert describe_step(wait, snap, "de") == "Warten bis 02:00"
    report = ExecutionStep(
        "s2", StepKind.CONDITION, target={"entity_id": ["sensor.kitchen_temperature"]}
    )
    assert (
        describe_step(report, snap, "en") == "Report the state of Kitchen Temperature"
    )
    check = ExecutionStep("s3", StepKind.CONDITION, description="someone is home")
    assert describe_step(check, snap, "en") == "Check: someone is home"
    notify = ExecutionStep(
        "s4",
        StepKind.NOTIFY,
        action="persistent_notification.create",
        data={"message": "Done"},
    )
    assert describe_step(notify, snap, "en") == "Notify: Done"
    push = ExecutionStep(
        "s5",
        StepKind.NOTIFY,
        action="notify.send_message",
        target={"entity_id": ["notify.phone"]},
    )
    assert describe_step(push, snap, "en") == "Send a message to Phone"
    odd = ExecutionStep(
        "s6", StepKind.ACTION, action="light.toggle", target={"entity_id": ["x.y"]}
    )
    assert describe_step(odd, snap, "fr") == "toggle x.y"


def test_formatting_helpers() -> None:
    """Money, durations, strategy names and reasons."""
    assert money(0.4199, "EUR", "en") == "0.42 €"
    assert money(0.4199, "EUR", "de-DE") == "0,42 €"
    assert money(1, "SEK", "en") == "1.00 SEK"
    assert money(1, None, "en") == "1.00"
    assert duration(42, "en") == "42 s"
    assert duration(-600, "en") == "10 min"
    assert duration(7200, "en") == "2 h"
    assert duration(9000, "en") == "2 h 30 min"
    assert strategy_name("cost", "de") == "niedrigste Kosten"
    reason = Reason("timed_out", goal="2 (lock)")
    assert reason == text("timed_out", goal="2 (lock)")
    copied = copy.deepcopy(reason)
    assert isinstance(copied, Reason)
    assert (copied, copied.code, copied.args) == (reason, "timed_out", reason.args)
    restored = pickle.loads(pickle.dumps(reason))  # noqa: S301 - our own bytes
    assert restored.render("de") == reason.render("de")
    assert reason.render("de").startswith("Die Planungszeit lief vor Ziel 2")


def test_cost_explanation_with_figures() -> None:
    """The schedule is explained with its window, price and saving, in both languages."""
    spec = task(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=[
            Constraint(ConstraintType.MINIMIZE_COST),
            Constraint(
                ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
            ),
        ],
    )
    snap = snapshot()
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    english = explain(
        spec, result.plan, ALLOW, snapshot=snap, alternatives=result.alternatives
    )
    assert english.cost == (
        "Estimated cost 0.29 €. Dishwasher runs 04:00\u201306:00 at 0.08 €/kWh "
        "(0.29 €), 0.83 € less than starting now."
    )
    assert english.summary.endswith(
        "Alternatives: Turn on Dishwasher (privacy first): 0.83 € more expensive, "
        "done 7 h sooner."
    )
    assert english.steps == ["s1. Wait until 04:00", "s2. Turn on Dishwasher at 04:00"]
    assert english.guardrails == [
        "s2: runs only if its devices are available, otherwise a fallback is tried.",
        # Allowed at once: it never says it waits for an approval it does not need.
        "s2: needs trust level verified; allowed without approval, checked again "
        "when it runs.",
        "s2: keeps the total power under 3500 W.",
        "s2: 1 fallback(s) ready if it fails.",
    ]
    german = explain(spec, result.plan, ALLOW, snapshot=snap, language="de")
    assert german.guardrails[1] == (
        "s2: braucht Vertrauensstufe verified; ohne Freigabe erlaubt, beim Start "
        "erneut geprüft."
    )
    assert german.cost == (
        "Geschätzte Kosten 0,29 €. Dishwasher läuft 04:00\u201306:00 zu 0,08 €/kWh "
        "(0,29 €), 0,83 € weniger als bei sofortigem Start."
    )
    assert german.steps[1] == "s2. Einschalten: Dishwasher um 04:00"


def test_dearer_run_notes_and_safety_guardrails() -> None:
    """A run dearer than starting now says so; notes and safety guardrails render."""
    snap = snapshot()
    plan = ExecutionPlan(
        Strategy.COMFORT,
        [
            ExecutionStep(
                "s1",
                StepKind.ACTION,
                action="switch.turn_on",
                target={"entity_id": ["switch.washer"]},
                estimated_cost=1.0,
                energy_kwh=2.0,
                baseline_cost=0.5,
                estimated_duration_s=3600,
                guardrails=[
                    Guardrail(GuardrailKind.LOCAL_ONLY),
                    Guardrail(GuardrailKind.CLOUD),
                    Guardrail.temperature_bounds(7, 30),
                    Guardrail(GuardrailKind.UNLOCK_EXPLICIT),
                    Guardrail(GuardrailKind.SOMEONE_HOME),
                    Guardrail(GuardrailKind.QUIET_HOURS),
                ],
            )
        ],
        estimated_cost=1.0,
        notes=[Reason("schedule_bound", count=2, gap="0.05"), "plain note"],
    )
    explanation = explain(task(), plan, ALLOW, snapshot=snap, language="de")
    assert explanation.cost.endswith(
        "0,50 € mehr als bei sofortigem Start. Die 2 Verbraucher laufen innerhalb der "
        "Leistungsgrenze höchstens 0.05 über den geringstmöglichen Kosten (Suche "
        "abgebrochen). plain note"
    )
    assert explanation.guardrails == [
        "s1: sensibel; läuft nur lokal.",
        "s1: sensibel; nutzt einen Cloud-Dienst, weil Privatsphäre zuerst aus ist.",
        "s1: Sicherheitsprüfung (Temperatur bleibt innerhalb 7-30°).",
        "s1: Sicherheitsprüfung (Entriegeln ohne jemanden zu Hause, wie gewünscht).",
        "s1: Sicherheitsprüfung (nur wenn jemand zu Hause ist).",
        "s1: beachtet die Ruhezeit.",
    ]


def test_unknown_time_zone_falls_back_to_utc() -> None:
    """A snapshot with an unknown zone still formats times (in UTC)."""
    snap = snapshot()
    snap.time_zone = "Mars/Olympus"
    wait = ExecutionStep("s1", StepKind.WAIT, not_before=NOW)
    assert describe_step(wait, snap, "en") == "Wait until 20:00"
    assert describe_step(ExecutionStep("s2", StepKind.WAIT), snap, "en") == (
        "Wait until 20:00"
    )


def test_latency_note_goes_to_the_summary() -> None:
    """A slow plan says so in its summary, not under cost."""
    spec = task(goal(GoalType.CLOSE, "cover.living_blinds"))
    snap = snapshot()
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    explanation = explain(spec, result.plan, ALLOW, snapshot=snap, language="de")
    assert explanation.summary.endswith(
        "Es dauert etwa 30 s, länger als das Latenzbudget von 5 s."
    )
    assert explanation.cost == "Keine Energiekosten."
