"""Tests of the explainer: English and German, deterministic, with figures in words."""

from __future__ import annotations

import copy
import pickle

import pytest

from custom_components.orchestration.core.explainer import (
    ANYONE,
    Reader,
    consent_text,
    explain,
    restate,
)
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    GoalType,
    Guardrail,
    GuardrailKind,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    StepKind,
    Strategy,
    TrustTier,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions
from custom_components.orchestration.core.texts import (
    Reason,
    describe_step,
    duration,
    money,
    spoken_duration,
    strategy_name,
    text,
)

from .planner_home import NOW, area_goal, goal, snapshot, task

ALLOW = PolicyDecision(Decision.ALLOW, TrustTier.BASIC)
UNLOCK = "security.lock.unlock"
WAITING = PolicyDecision(
    Decision.REQUIRE_APPROVAL,
    TrustTier.VERIFIED,
    required_scopes=[UNLOCK],
    approval_required=True,
    missing_scopes=[UNLOCK],
)


def test_english_explanation_of_a_device_plan() -> None:
    """Summary, numbered steps, privacy, consent, cost and guardrails in English."""
    spec = task(
        area_goal(GoalType.TURN_OFF, "kitchen", "light"),
        goal(GoalType.SET_VOLUME, "media_player.living_tv", volume_pct=20),
    )
    snap = snapshot()
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    explanation = explain(spec, result.plan, ALLOW, snapshot=snap, requester="anna")
    assert explanation == Explanation(
        summary=(
            "2 steps: Turn off Kitchen Ceiling, Kitchen Spot; Set the volume of "
            "Living Tv (volume 20 %)."
        ),
        steps=[
            "1. Turn off Kitchen Ceiling, Kitchen Spot",
            "2. Set the volume of Living Tv (volume 20 %)",
        ],
        privacy="Everything runs locally; nothing leaves your home.",
        consent=(
            "It may run without approval: its requester's trust tier (basic) covers it."
        ),
        cost="No energy cost.",
        guardrails=[
            "Step 1 runs only if its devices are available.",
            "If step 1 fails: a notification says “Could not turn off: Kitchen "
            "Ceiling, Kitchen Spot”.",
            "Step 2 runs only if its devices are available.",
            "If step 2 fails: a notification says “Could not set the volume: Living "
            "Tv”.",
        ],
    )
    assert explain(spec, result.plan, ALLOW, snapshot=snap, requester="anna") == (
        explanation
    )


def test_german_explanation_and_reasons() -> None:
    """A German request is explained in German, its reasons and notes included."""
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
    explanation = explain(
        spec,
        result.plan,
        WAITING,
        snapshot=snap,
        language="de",
        infeasible_reasons=[*result.reasons, "plain text"],
        status=PlanStatus.PENDING_APPROVAL,
    )
    assert explanation.summary == (
        "Einschalten: Living Cloud Strip. Ziel 1 (verriegeln): Front Door ist nicht "
        "erreichbar, und nichts anderes im Raum kann es übernehmen. plain text"
    )
    assert explanation.steps == ["1. Einschalten: Living Cloud Strip"]
    assert explanation.privacy == (
        "Schritt 1 nutzt einen Cloud-Dienst (Living Cloud Strip); alles andere läuft "
        "lokal."
    )
    assert explanation.consent == (
        "Er wartet auf die Freigabe eines Mitglieds der Stufe „vertrauenswürdig“, "
        "um Folgendes zu tun: ein Schloss entriegeln."
    )
    assert explanation.cost == "Keine Energiekosten."


def test_infeasible_summary_says_why() -> None:
    """Nothing planned: the summary names what was not understood and not found."""
    spec = task(goal(GoalType.LOCK, "lock.nowhere"))
    spec.unresolved = [
        Reason("intake.not_understood", text="fly to the moon"),
        "plain note",
    ]
    snap = snapshot()
    result = build_plan(spec, snap, strategy=Strategy.COST, options=PlannerOptions())
    explanation = explain(
        spec, result.plan, ALLOW, snapshot=snap, infeasible_reasons=result.reasons
    )
    assert explanation.summary == (
        "Nothing was planned: “fly to the moon” was not understood. plain note "
        "Nothing in the home matches Nowhere."
    )
    assert (
        explanation.privacy == "No step acts on a device, so nothing leaves your home."
    )
    assert explanation.steps == []
    bare = explain(
        task(), ExecutionPlan(Strategy.COST), ALLOW, snapshot=snap, language="de"
    )
    assert bare.summary == "Nichts an dieser Anfrage lässt sich ausführen."


def test_denied_summary_says_why() -> None:
    """A plan the policy denies says so, with the policy's reasons, in its summary."""
    spec = task(goal(GoalType.TURN_ON, "light.living_cloud_strip"))
    snap = snapshot()
    result = build_plan(spec, snap, strategy=Strategy.COST, options=PlannerOptions())
    denied = PolicyDecision(
        Decision.DENY,
        TrustTier.TRUSTED,
        reasons=[Reason("policy.local_only_cloud", step="Turn on Living Cloud Strip")],
    )
    explanation = explain(spec, result.plan, denied, snapshot=snap)
    assert explanation.summary == (
        "Turn on Living Cloud Strip. Not allowed: “Turn on Living Cloud Strip” runs "
        "through a cloud service, but the request asked to stay local."
    )
    assert explanation.consent.startswith("Not allowed: “Turn on Living Cloud")


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
    assert describe_step(notify, snap, "en") == "Show a notification: Done"
    push = ExecutionStep(
        "s5",
        StepKind.NOTIFY,
        action="notify.send_message",
        target={"entity_id": ["notify.phone"]},
    )
    assert describe_step(push, snap, "en") == "Send a message to Phone"
    odd = ExecutionStep(
        "s6",
        StepKind.ACTION,
        action="light.flash_twice",
        target={"entity_id": ["light.back_porch"]},
        data={"temperature": 21.5},
    )
    assert describe_step(odd, snap, "fr") == "Flash twice Back porch (21.5 °C)"
    assert describe_step(odd, snap, "de") == "Flash twice: Back porch (21,5 °C)"


def test_formatting_helpers() -> None:
    """Money, durations in units and in words, strategy names."""
    assert money(0.4199, "EUR", "en") == "0.42 €"
    assert money(0.4199, "EUR", "de-DE") == "0,42 €"
    assert money(1, "SEK", "en") == "1.00 SEK"
    assert money(1, None, "en") == "1.00"
    assert duration(42, "en") == "42 s"
    assert duration(-600, "en") == "10 min"
    assert duration(7200, "en") == "2 h"
    assert duration(9000, "en") == "2 h 30 min"
    assert spoken_duration(1, "en") == "1 second"
    assert spoken_duration(30, "de") == "30 Sekunden"
    assert spoken_duration(60, "en") == "1 minute"
    assert spoken_duration(3600, "de") == "1 Stunde"
    assert spoken_duration(9000, "en") == "2 hours and 30 minutes"
    assert spoken_duration(3660, "de") == "1 Stunde und 1 Minute"
    assert strategy_name("cost", "de") == "niedrigste Kosten"
    assert strategy_name("future_strategy", "en") == "future strategy"


def test_reasons_render_in_any_language() -> None:
    """A Reason reads in its language, copies as itself and renders in another."""
    reason = Reason("reasons.nothing_to_do")
    assert reason == text("reasons.nothing_to_do")
    german = reason.localized("de")
    assert german == "Nichts an dieser Anfrage lässt sich ausführen."
    assert (german.key, german.language) == ("reasons.nothing_to_do", "de")
    assert german.localized("de-AT") is german
    copied = copy.deepcopy(german)
    assert isinstance(copied, Reason)
    assert (copied, copied.key, copied.language) == (german, german.key, "de")
    restored = pickle.loads(pickle.dumps(german))  # noqa: S301 - our own bytes
    assert restored == german
    assert restored.render("en") == reason


def test_every_placeholder_must_be_filled() -> None:
    """A template rendered without one of its figures fails instead of leaving {x}."""
    with pytest.raises(KeyError):
        text("reasons.unavailable", "en", goal="")


def test_cost_explanation_with_figures() -> None:
    """The schedule is explained with its window, price and saving, in both languages."""
    constraints = [
        Constraint(ConstraintType.MINIMIZE_COST),
        Constraint(ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}),
    ]
    snap = snapshot()
    spec = task(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"), constraints=constraints
    )
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    english = explain(
        spec, result.plan, ALLOW, snapshot=snap, alternatives=result.alternatives
    )
    assert english.cost == (
        "Estimated cost: 0.29 €. Dishwasher runs 04:00\u201306:00 at 0.08 €/kWh "
        "(0.29 €), 0.83 € less than starting now."
    )
    assert english.summary == (
        "Turn on Dishwasher at 04:00. Alternatives: Start now: 0.83 € more, done "
        "7 hours sooner."
    )
    assert english.steps == ["1. Wait until 04:00", "2. Turn on Dishwasher at 04:00"]
    assert english.guardrails == [
        "Step 2 runs only if its devices are available.",
        "Step 2 keeps the home's total power under 3.5 kW.",
        "If step 2 fails: a notification says “Could not start Dishwasher at 04:00”.",
    ]
    spec = task(
        goal(GoalType.RUN_APPLIANCE, "switch.dishwasher"),
        constraints=constraints,
        language="de",
    )
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    german = explain(
        spec,
        result.plan,
        ALLOW,
        snapshot=snap,
        language="de",
        alternatives=result.alternatives,
    )
    assert german.cost == (
        "Geschätzte Kosten: 0,29 €. Dishwasher läuft 04:00\u201306:00 zu 0,08 €/kWh "
        "(0,29 €), 0,83 € weniger als bei sofortigem Start."
    )
    assert german.summary == (
        "Einschalten: Dishwasher um 04:00. Alternativen: Sofort starten: 0,83 € mehr, "
        "7 Stunden früher fertig."
    )
    assert german.steps[1] == "2. Einschalten: Dishwasher um 04:00"


def test_cost_in_the_home_currency_and_below_a_cent() -> None:
    """Without a tariff currency the home's is used; a tiny cost is not "0.00"."""
    snap = snapshot()
    assert snap.tariff is not None
    snap.tariff.currency = None
    snap.currency = "GBP"
    plan = ExecutionPlan(Strategy.COST, estimated_cost=0.004)
    assert explain(task(), plan, ALLOW, snapshot=snap).cost == (
        "Estimated cost: less than 0.01 £."
    )
    plan.estimated_cost = 1.5
    assert explain(task(), plan, ALLOW, snapshot=snap, language="de").cost == (
        "Geschätzte Kosten: 1,50 £."
    )


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
                    Guardrail.temperature_bounds(7, 30.5),
                    Guardrail(GuardrailKind.UNLOCK_EXPLICIT),
                    Guardrail(GuardrailKind.SOMEONE_HOME),
                    Guardrail(GuardrailKind.QUIET_HOURS),
                    Guardrail.approval(TrustTier.TRUSTED),
                ],
            )
        ],
        estimated_cost=1.0,
        notes=[
            Reason("reasons.schedule_bound", count=2, gap=0.05),
            "plain note",
        ],
    )
    explanation = explain(task(), plan, ALLOW, snapshot=snap, language="de")
    assert explanation.cost.endswith(
        "0,50 € mehr als bei sofortigem Start. Die 2 Verbraucher laufen innerhalb der "
        "Leistungsgrenze, höchstens 0,05 über den geringstmöglichen Kosten (die Suche "
        "wurde abgebrochen). plain note"
    )
    assert explanation.guardrails == [
        "Schritt 1 ist sensibel und läuft nur lokal.",
        "Schritt 1 ist sensibel, nutzt aber einen Cloud-Dienst, weil „Privatsphäre "
        "zuerst“ aus ist.",
        "Schritt 1 hält die Temperatur zwischen 7 °C und 30,5 °C.",
        "Schritt 1 entriegelt, obwohl niemand zu Hause ist, weil die Anfrage es "
        "ausdrücklich genannt hat.",
        "Schritt 1 geht nur weiter, wenn jemand zu Hause ist.",
        "Schritt 1 beachtet die Ruhezeit.",
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
    """A slow plan says so in its summary, in words, not under cost."""
    spec = task(goal(GoalType.CLOSE, "cover.living_blinds"), language="de")
    snap = snapshot()
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    explanation = explain(spec, result.plan, ALLOW, snapshot=snap, language="de")
    assert explanation.summary == (
        "Schließen: Living Blinds. Er dauert etwa 30 Sekunden, länger als die "
        "üblichen 5 Sekunden."
    )
    assert explanation.cost == "Keine Energiekosten."


def test_one_step_and_several_cloud_steps() -> None:
    """Counts agree with the list: one step is not "1 step(s)", numbers match."""
    snap = snapshot()
    spec = task(
        goal(GoalType.TURN_ON, "light.living_cloud_strip"),
        goal(GoalType.TURN_ON, "light.kitchen_spot"),
        goal(GoalType.NOTIFY, "notify.phone", message="hi"),
    )
    result = build_plan(
        spec, snap, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    explanation = explain(spec, result.plan, ALLOW, snapshot=snap)
    assert explanation.privacy == (
        "Steps 1 and 3 use cloud services (Living Cloud Strip, Phone); everything "
        "else runs locally."
    )
    one = task(goal(GoalType.UNLOCK, "lock.front_door"))
    result = build_plan(one, snap, strategy=Strategy.BALANCED, options=PlannerOptions())
    assert explain(one, result.plan, ALLOW, snapshot=snap).summary == (
        "Unlock Front Door."
    )


def _record(
    decision: PolicyDecision, status: PlanStatus, **fields: object
) -> PlanRecord:
    record = PlanRecord(
        plan_id="p1",
        status=status,
        created=NOW,
        task_spec=task(),
        policy=decision,
        plan=ExecutionPlan(Strategy.BALANCED),
        explanation=Explanation(summary="Unlock Front Door."),
        script={},
        planning_time_ms=1.0,
        user_id="kid",
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record


@pytest.mark.parametrize(
    ("status", "approved_by", "reader", "expected"),
    [
        (
            PlanStatus.PENDING_APPROVAL,
            None,
            Reader("parent", TrustTier.TRUSTED),
            "It waits for your approval, to unlock a lock.",
        ),
        (
            PlanStatus.PENDING_APPROVAL,
            None,
            Reader("kid", TrustTier.VERIFIED),
            "It waits for the approval of a trusted member, to unlock a lock.",
        ),
        (
            PlanStatus.PENDING_APPROVAL,
            None,
            Reader("owner-of-other-tier", TrustTier.VERIFIED),
            "It waits for the approval of a trusted member, to unlock a lock.",
        ),
        (
            PlanStatus.PENDING_APPROVAL,
            None,
            ANYONE,
            "It waits for the approval of a trusted member, to unlock a lock.",
        ),
        (
            PlanStatus.PREVIEW,
            None,
            Reader("kid", TrustTier.VERIFIED),
            "It would need the approval of a trusted member, to unlock a lock.",
        ),
        (
            PlanStatus.SCHEDULED,
            "parent",
            Reader("parent", TrustTier.TRUSTED),
            "You approved it; it runs with your permissions.",
        ),
        (
            PlanStatus.RUNNING,
            "parent",
            Reader("kid", TrustTier.VERIFIED),
            "It was approved and runs with the approver's permissions.",
        ),
        (PlanStatus.CANCELLED, "parent", ANYONE, "It had been approved."),
        (PlanStatus.EXPIRED, None, ANYONE, "Nobody approved it in time."),
        (PlanStatus.REJECTED, None, ANYONE, "It was rejected."),
        (PlanStatus.CANCELLED, None, ANYONE, "It ended before anyone approved it."),
    ],
)
def test_consent_follows_the_state_and_the_reader(
    status: PlanStatus, approved_by: str | None, reader: Reader, expected: str
) -> None:
    """After approval it no longer says it waits; the approver reads "your approval"."""
    record = _record(WAITING, status, approved_by=approved_by)
    assert restate(record, reader).consent == expected
    assert restate(record, reader).summary == "Unlock Front Door."


def test_requester_never_reads_the_approver_s_tier_as_their_own() -> None:
    """The owner reading a member's allowed plan is told the requester's level."""
    allowed = PolicyDecision(
        Decision.ALLOW, TrustTier.VERIFIED, consent_refs=["c1", "c2"]
    )
    record = _record(allowed, PlanStatus.COMPLETED)
    assert restate(record, Reader("kid", TrustTier.VERIFIED)).consent == (
        "You may run this without approval (your trust tier: verified). It relies "
        "on 2 consents on record."
    )
    assert restate(record, Reader("owner", TrustTier.PRIVILEGED)).consent == (
        "It may run without approval: its requester's trust tier (verified) covers "
        "it. It relies on 2 consents on record."
    )
    record.approved_by = "parent"
    assert restate(record, ANYONE).consent.startswith(
        "The approval of the plan it replaces covers it."
    )


def test_a_missing_consent_is_named() -> None:
    """A scope that needs consent says a consent would let the plan run."""
    camera = "security.camera.view"
    decision = PolicyDecision(
        Decision.REQUIRE_APPROVAL,
        TrustTier.PRIVILEGED,
        required_scopes=[camera],
        missing_scopes=[camera],
    )
    assert consent_text(
        decision,
        status=PlanStatus.PENDING_APPROVAL,
        requester="owner",
        approved_by=None,
        reader=Reader("owner", TrustTier.PRIVILEGED),
        language="de",
    ) == (
        "Er wartet auf die Freigabe eines Mitglieds der Stufe „vertrauenswürdig“, "
        "um Folgendes zu tun: eine Kamera nutzen. Eine Einwilligung für Folgendes "
        "ließe ihn ohne Freigabe laufen: eine Kamera nutzen."
    )
