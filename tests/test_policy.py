"""Tests of the pure policy gate: tiers, scopes, decisions, hash, redaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.orchestration.core.models import (
    AreaInfo,
    ConsentReference,
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Decision,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    FloorInfo,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    PrivacyClass,
    StepKind,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.core.policy import (
    RULES_VERSION,
    SCOPE_ALARM_DISARM,
    SCOPE_CAMERA_VIEW,
    SCOPE_CONFIDENTIAL_CLOUD,
    SCOPE_DATA_CONFIDENTIAL,
    SCOPE_DATA_RESTRICTED,
    SCOPE_GARAGE_OPEN,
    SCOPE_GATE_OPEN,
    SCOPE_LOCK_UNLOCK,
    SCOPE_NOTIFY,
    SCOPE_RULES,
    SCOPE_SECURITY_DEVICE,
    Caller,
    affected_by_revocation,
    can_approve,
    consent_matches,
    describe_scope,
    entity_privacy,
    evaluate,
    find_consent,
    is_sensitive,
    permission_burden,
    plan_privacy,
    policy_hash,
    redact_for_notification,
    rule_for,
    scopes_for_step,
    steps_to_keep_local,
    trust_tier_for,
)

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)

ENTITIES = [
    EntityInfo("light.kitchen", "Kitchen light", area_id="kitchen"),
    EntityInfo("light.garage", "Garage light", area_id="garage"),
    EntityInfo("light.cloud_bulb", "Cloud bulb", area_id="kitchen", local=False),
    EntityInfo(
        "lock.front_door",
        "Front door",
        area_id="hall",
        device_id="door_dev",
        labels=["entrance"],
    ),
    EntityInfo(
        "cover.garage_door",
        "Garage door",
        area_id="garage",
        device_class="garage",
        device_id="garage_dev",
        labels=["entrance"],
    ),
    EntityInfo("cover.drive_gate", "Gate", device_class="gate", device_id="gate_dev"),
    EntityInfo("cover.blinds", "Blinds", area_id="kitchen", device_class="blind"),
    EntityInfo("alarm_control_panel.home", "Alarm"),
    EntityInfo("camera.porch", "Porch camera", labels=["outdoor"]),
    EntityInfo("sensor.health", "Health", labels=["restricted"]),
    EntityInfo("switch.diary", "Diary", labels=["privacy_confidential"]),
    EntityInfo(
        "switch.cloud_diary", "Cloud diary", labels=["confidential"], local=False
    ),
    EntityInfo("switch.garage_relay", "Garage relay", labels=["security"]),
    EntityInfo("script.let_in_plumber", "Let in plumber", labels=["security"]),
]
SNAPSHOT = ContextSnapshot(
    now=NOW,
    floors={"ground": FloorInfo("ground", "Ground")},
    areas={
        "kitchen": AreaInfo("kitchen", "Kitchen", floor_id="ground"),
        "garage": AreaInfo("garage", "Garage", floor_id="ground"),
        "hall": AreaInfo("hall", "Hall", floor_id="ground"),
    },
    entities={entity.entity_id: entity for entity in ENTITIES},
)


def step(
    action: str | None,
    *entity_ids: str,
    kind: StepKind = StepKind.ACTION,
    local: bool = True,
    target: dict[str, list[str]] | None = None,
    fallbacks: list[ExecutionStep] | None = None,
    step_id: str = "s1",
) -> ExecutionStep:
    """Build a step acting on entities (or on an explicit target)."""
    return ExecutionStep(
        step_id=step_id,
        kind=kind,
        action=action,
        target=target if target is not None else {"entity_id": list(entity_ids)},
        local=local,
        fallbacks=fallbacks or [],
    )


def plan_of(*steps: ExecutionStep) -> ExecutionPlan:
    """Wrap steps in a plan."""
    return ExecutionPlan(strategy=Strategy.BALANCED, steps=list(steps))


def task(privacy: PrivacyClass = PrivacyClass.INTERNAL) -> TaskSpec:
    """A task of a given privacy class."""
    return TaskSpec(intent="do it", privacy_class=privacy)


def consent(
    scope: str,
    user_id: str | None = "alice",
    *,
    consent_id: str = "c1",
    expires: datetime | None = None,
    revoked_at: datetime | None = None,
) -> ConsentReference:
    """A consent granted an hour ago."""
    return ConsentReference(
        consent_id=consent_id,
        scope=scope,
        user_id=user_id,
        granted_by="owner",
        granted_at=NOW - timedelta(hours=1),
        expires=expires,
        revoked_at=revoked_at,
    )


def decide(
    plan: ExecutionPlan,
    tier: TrustTier,
    *,
    privacy: PrivacyClass = PrivacyClass.INTERNAL,
    consents: list[ConsentReference] | None = None,
    user_id: str | None = "alice",
) -> PolicyDecision:
    """Evaluate a plan for a caller."""
    return evaluate(
        task(privacy),
        plan,
        caller_tier=tier,
        snapshot=SNAPSHOT,
        consents=consents or [],
        user_id=user_id,
        now=NOW,
    )


# --- Trust tiers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (Caller("u", is_owner=True, is_admin=True), TrustTier.PRIVILEGED),
        (Caller("u", is_admin=True), TrustTier.TRUSTED),
        (Caller("u"), TrustTier.VERIFIED),
        (Caller(None), TrustTier.BASIC),
        (Caller("ghost", is_admin=True, known_user=False), TrustTier.UNTRUSTED),
        (Caller("former", is_admin=True, active=False), TrustTier.UNTRUSTED),
        (Caller("viewer", read_only=True), TrustTier.BASIC),
        (Caller("viewer", is_admin=True, read_only=True), TrustTier.BASIC),
    ],
)
def test_trust_tier_from_home_assistant_user(
    caller: Caller, expected: TrustTier
) -> None:
    """Owner, admin, user, automation and unknown id map onto the five tiers."""
    assert trust_tier_for(caller) is expected


def test_trust_overrides_apply_to_known_users_only() -> None:
    """Options-flow overrides change a known user's tier; bad names are ignored."""
    overrides = {
        "kid": "basic",
        "guest": "untrusted",
        "odd": "admiral",
        "ghost": "privileged",
    }
    assert trust_tier_for(Caller("kid"), overrides) is TrustTier.BASIC
    assert (
        trust_tier_for(Caller("guest", is_admin=True), overrides) is TrustTier.UNTRUSTED
    )
    assert trust_tier_for(Caller("odd", is_admin=True), overrides) is TrustTier.TRUSTED
    assert (
        trust_tier_for(Caller("ghost", known_user=False), overrides)
        is TrustTier.UNTRUSTED
    )
    # A deactivated user stays untrusted, a read-only one at most basic.
    assert trust_tier_for(Caller("ghost", active=False), overrides) is (
        TrustTier.UNTRUSTED
    )
    assert trust_tier_for(Caller("ghost", read_only=True), overrides) is (
        TrustTier.BASIC
    )
    assert trust_tier_for(Caller("guest", read_only=True), overrides) is (
        TrustTier.UNTRUSTED
    )


# --- Scopes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "entity_id", "expected"),
    [
        ("light.turn_on", "light.kitchen", "device.light.control"),
        ("lock.unlock", "lock.front_door", SCOPE_LOCK_UNLOCK),
        ("lock.open", "lock.front_door", SCOPE_LOCK_UNLOCK),
        ("lock.lock", "lock.front_door", "device.lock.control"),
        ("homeassistant.turn_off", "lock.front_door", SCOPE_LOCK_UNLOCK),
        ("homeassistant.toggle", "lock.front_door", SCOPE_LOCK_UNLOCK),
        ("homeassistant.turn_on", "lock.front_door", "device.lock.control"),
        ("cover.open_cover", "cover.garage_door", SCOPE_GARAGE_OPEN),
        ("cover.set_cover_position", "cover.garage_door", SCOPE_GARAGE_OPEN),
        ("homeassistant.turn_on", "cover.garage_door", SCOPE_GARAGE_OPEN),
        ("cover.close_cover", "cover.garage_door", "device.cover.control"),
        ("cover.open_cover", "cover.drive_gate", SCOPE_GATE_OPEN),
        ("cover.open_cover", "cover.blinds", "device.cover.control"),
        (
            "alarm_control_panel.alarm_disarm",
            "alarm_control_panel.home",
            SCOPE_ALARM_DISARM,
        ),
        (
            "alarm_control_panel.alarm_arm_away",
            "alarm_control_panel.home",
            "device.alarm_control_panel.control",
        ),
        ("camera.snapshot", "camera.porch", SCOPE_CAMERA_VIEW),
        ("camera.turn_off", "camera.porch", SCOPE_CAMERA_VIEW),
    ],
)
def test_scope_from_domain_service_and_device_class(
    action: str, entity_id: str, expected: str
) -> None:
    """Each service on each kind of entity needs its scope."""
    assert scopes_for_step(step(action, entity_id), SNAPSHOT) == {expected}


def test_area_target_reaches_only_the_services_domain() -> None:
    """light.turn_on in the garage does not count as opening the garage door."""
    lights = step("light.turn_on", target={"area_id": ["garage"]})
    assert scopes_for_step(lights, SNAPSHOT) == {"device.light.control"}
    covers = step("cover.open_cover", target={"floor_id": ["ground"]})
    assert scopes_for_step(covers, SNAPSHOT) == {
        SCOPE_GARAGE_OPEN,
        "device.cover.control",
    }
    gate = step("cover.open_cover", target={"device_id": ["gate_dev"]})
    assert scopes_for_step(gate, SNAPSHOT) == {SCOPE_GATE_OPEN}


def test_unresolvable_targets_assume_the_most_sensitive_class() -> None:
    """Unknown entities, empty targets and selectors matching nothing: worst case."""
    unknown = step("cover.open_cover", "cover.somewhere")
    assert SCOPE_GARAGE_OPEN in scopes_for_step(unknown, SNAPSHOT)
    nowhere = step("cover.open_cover", target={"area_id": ["attic"]})
    assert SCOPE_GATE_OPEN in scopes_for_step(nowhere, SNAPSHOT)
    untargeted = step("lock.unlock", target={})
    assert scopes_for_step(untargeted, SNAPSHOT) == {SCOPE_LOCK_UNLOCK}
    generic = step("homeassistant.turn_off", "switch.unknown_thing")
    assert SCOPE_LOCK_UNLOCK not in scopes_for_step(generic, SNAPSHOT)
    generic_nowhere = step("homeassistant.toggle", target={"label_id": ["nothing"]})
    assert {SCOPE_LOCK_UNLOCK, SCOPE_GARAGE_OPEN} <= scopes_for_step(
        generic_nowhere, SNAPSHOT
    )


def test_security_label_makes_any_entity_sensitive() -> None:
    """A relay or script labelled security needs the security device scope."""
    relay = step("switch.turn_on", "switch.garage_relay")
    assert scopes_for_step(relay, SNAPSHOT) == {SCOPE_SECURITY_DEVICE}
    script = step("script.turn_on", "script.let_in_plumber")
    assert scopes_for_step(script, SNAPSHOT) == {SCOPE_SECURITY_DEVICE}
    assert is_sensitive(SCOPE_SECURITY_DEVICE)
    decision = decide(plan_of(relay), TrustTier.BASIC, user_id=None)
    assert decision.missing_scopes == [SCOPE_SECURITY_DEVICE]


def test_targets_given_in_service_data_count() -> None:
    """Old-style service data with entity_id or area_id is resolved too."""
    in_data = ExecutionStep(
        step_id="s1",
        kind=StepKind.ACTION,
        action="lock.unlock",
        data={"entity_id": "lock.front_door"},
    )
    assert scopes_for_step(in_data, SNAPSHOT) == {SCOPE_LOCK_UNLOCK}
    area_in_data = ExecutionStep(
        step_id="s1",
        kind=StepKind.ACTION,
        action="cover.open_cover",
        data={"area_id": ["garage"]},
    )
    assert scopes_for_step(area_in_data, SNAPSHOT) == {SCOPE_GARAGE_OPEN}


def test_entity_all_reaches_every_entity_of_the_domain() -> None:
    """entity_id: all on cover.open_cover opens the garage door and the gate too."""
    scopes = scopes_for_step(step("cover.open_cover", "all"), SNAPSHOT)
    assert scopes == {SCOPE_GARAGE_OPEN, SCOPE_GATE_OPEN, "device.cover.control"}


def test_scopes_of_other_step_kinds_and_fallbacks() -> None:
    """Waits need nothing, conditions read, notifications notify, fallbacks count."""
    assert scopes_for_step(step(None, kind=StepKind.WAIT), SNAPSHOT) == set()
    assert scopes_for_step(step(None, "light.kitchen"), SNAPSHOT) == set()
    condition = step(None, "lock.front_door", kind=StepKind.CONDITION)
    assert scopes_for_step(condition, SNAPSHOT) == {"device.lock.read"}
    notify = step("notify.mobile_app_phone", kind=StepKind.NOTIFY)
    assert scopes_for_step(notify, SNAPSHOT) == {SCOPE_NOTIFY}
    with_fallback = step(
        "light.turn_on",
        "light.kitchen",
        fallbacks=[step("lock.unlock", "lock.front_door", step_id="f1")],
    )
    assert scopes_for_step(with_fallback, SNAPSHOT) == {
        "device.light.control",
        SCOPE_LOCK_UNLOCK,
    }


def test_privacy_labels_add_data_scopes() -> None:
    """Entities labelled restricted or confidential add a data scope."""
    assert entity_privacy(SNAPSHOT.entities["sensor.health"]) is PrivacyClass.RESTRICTED
    assert entity_privacy(SNAPSHOT.entities["camera.porch"]) is PrivacyClass.PUBLIC
    both = EntityInfo("switch.x", "X", labels=["confidential", "restricted", "public"])
    assert entity_privacy(both) is PrivacyClass.RESTRICTED
    assert scopes_for_step(
        step("homeassistant.update_entity", "sensor.health"), SNAPSHOT
    ) == {
        "device.sensor.control",
        SCOPE_DATA_RESTRICTED,
    }
    assert SCOPE_DATA_CONFIDENTIAL in scopes_for_step(
        step("switch.turn_on", "switch.diary"), SNAPSHOT
    )


def test_scope_descriptions_and_sensitivity() -> None:
    """Scopes read as plain words; only security and restricted data are sensitive."""
    assert describe_scope(SCOPE_LOCK_UNLOCK) == "unlock a lock"
    assert describe_scope("device.media_player.control") == "control media players"
    assert describe_scope("device.lock.read") == "read locks"
    assert describe_scope("device.lock.read", "de") == "Schlösser auslesen"
    assert describe_scope("device.pool_pump.control") == "control pool pump"
    assert is_sensitive(SCOPE_CAMERA_VIEW)
    assert is_sensitive(SCOPE_DATA_RESTRICTED)
    assert not is_sensitive("device.light.control")


def test_no_security_scope_is_usable_alone_below_verified() -> None:
    """The rule table itself: every sensitive scope needs at least a verified caller."""
    for scope, rule in SCOPE_RULES.items():
        if scope.startswith("security.") or scope == SCOPE_DATA_RESTRICTED:
            assert rule.sensitive, scope
        if rule.sensitive:
            assert rule.self_tier.rank >= TrustTier.VERIFIED.rank, scope
            assert rule.approve_tier.rank >= TrustTier.TRUSTED.rank, scope


# --- Decisions ----------------------------------------------------------------------


def test_ordinary_request_is_allowed() -> None:
    """A household member turning on a light needs nobody's approval."""
    decision = decide(
        plan_of(step("light.turn_on", "light.kitchen")), TrustTier.VERIFIED
    )
    assert decision.decision is Decision.ALLOW
    assert not decision.approval_required
    assert decision.required_scopes == ["device.light.control"]
    assert decision.missing_scopes == []
    assert decision.reasons == [
        "Allowed: at trust tier “verified”, a request may control lights."
    ]
    assert len(decision.policy_hash) == 32


def test_empty_plan_is_allowed() -> None:
    """A plan without actions needs no scope."""
    decision = decide(plan_of(), TrustTier.UNTRUSTED)
    assert decision.decision is Decision.ALLOW
    assert decision.reasons == ["Allowed: nothing in this plan needs a permission."]


@pytest.mark.parametrize("tier", [TrustTier.UNTRUSTED, TrustTier.BASIC])
@pytest.mark.parametrize(
    ("action", "entity_id"),
    [
        ("lock.unlock", "lock.front_door"),
        ("cover.open_cover", "cover.garage_door"),
        ("cover.open_cover", "cover.drive_gate"),
        ("alarm_control_panel.alarm_disarm", "alarm_control_panel.home"),
        ("camera.snapshot", "camera.porch"),
    ],
)
def test_low_tier_caller_needs_approval_for_security(
    tier: TrustTier, action: str, entity_id: str
) -> None:
    """Automations and unknown users never run security steps alone, consent or not."""
    scope = next(iter(scopes_for_step(step(action, entity_id), SNAPSHOT)))
    decision = decide(
        plan_of(step(action, entity_id)),
        tier,
        consents=[consent("*", None)],
        user_id=None,
    )
    assert decision.decision is Decision.REQUIRE_APPROVAL
    assert decision.approval_required
    assert decision.missing_scopes == [scope]
    assert (
        f"a request at trust tier “{tier.value}” needs the approval of a trusted "
        "member" in decision.reasons[0]
    )


def test_unlock_allowed_for_trusted_and_approval_for_verified() -> None:
    """Unlocking is for trusted users; a verified one needs a trusted user's yes."""
    unlock = plan_of(step("lock.unlock", "lock.front_door"))
    assert decide(unlock, TrustTier.TRUSTED).decision is Decision.ALLOW
    verified = decide(unlock, TrustTier.VERIFIED)
    assert verified.decision is Decision.REQUIRE_APPROVAL
    assert verified.missing_scopes == [SCOPE_LOCK_UNLOCK]


def test_garage_open_allowed_for_verified() -> None:
    """Household members may open the garage door themselves."""
    garage = plan_of(step("cover.open_cover", "cover.garage_door"))
    assert decide(garage, TrustTier.VERIFIED).decision is Decision.ALLOW


def test_camera_needs_tier_and_consent() -> None:
    """A camera needs a trusted caller and an active consent for that caller."""
    camera = plan_of(step("camera.snapshot", "camera.porch"))
    without = decide(camera, TrustTier.PRIVILEGED)
    assert without.decision is Decision.REQUIRE_APPROVAL
    assert without.missing_scopes == [SCOPE_CAMERA_VIEW]
    assert without.reasons[0] == (
        "To use a camera, a consent is missing; a trusted member can approve this "
        "plan once, or grant the consent."
    )

    granted = decide(camera, TrustTier.TRUSTED, consents=[consent(SCOPE_CAMERA_VIEW)])
    assert granted.decision is Decision.ALLOW
    assert granted.consent_refs == ["c1"]

    for unusable in (
        consent(SCOPE_CAMERA_VIEW, "bob"),
        consent(SCOPE_CAMERA_VIEW, expires=NOW),
        consent(SCOPE_CAMERA_VIEW, revoked_at=NOW - timedelta(minutes=1)),
        consent("security.lock.unlock"),
    ):
        assert decide(camera, TrustTier.TRUSTED, consents=[unusable]).decision is (
            Decision.REQUIRE_APPROVAL
        )


def test_consent_matching_rules() -> None:
    """Consents match exactly, by prefix pattern, or everything; own ones come first."""
    assert consent_matches(consent("security.*"), SCOPE_CAMERA_VIEW, "alice")
    assert consent_matches(consent("*", None), SCOPE_CAMERA_VIEW, None)
    assert not consent_matches(consent("security.*"), "securityx.camera", "alice")
    assert not consent_matches(consent(SCOPE_CAMERA_VIEW), SCOPE_CAMERA_VIEW, None)
    everyone = consent(SCOPE_CAMERA_VIEW, None, consent_id="a_everyone")
    own = consent(SCOPE_CAMERA_VIEW, "alice", consent_id="b_own")
    assert find_consent([everyone, own], SCOPE_CAMERA_VIEW, "alice", NOW) is own
    assert find_consent([everyone, own], SCOPE_CAMERA_VIEW, "bob", NOW) is everyone
    assert find_consent([], SCOPE_CAMERA_VIEW, "bob", NOW) is None


def test_restricted_data_never_reaches_a_cloud_step() -> None:
    """Restricted task data, restricted entity, cloud entity in a fallback: deny."""
    cloud = plan_of(step("light.turn_on", "light.kitchen", local=False))
    denied = decide(cloud, TrustTier.PRIVILEGED, privacy=PrivacyClass.RESTRICTED)
    assert denied.decision is Decision.DENY
    assert not denied.approval_required
    assert "restricted data to a cloud service" in denied.reasons[0]
    assert SCOPE_DATA_RESTRICTED in denied.required_scopes

    cloud_entity = plan_of(step("light.turn_on", "light.cloud_bulb"))
    assert (
        decide(
            cloud_entity, TrustTier.PRIVILEGED, privacy=PrivacyClass.RESTRICTED
        ).decision
        is Decision.DENY
    )
    restricted_entity = plan_of(
        step("homeassistant.update_entity", "sensor.health", local=False)
    )
    assert decide(restricted_entity, TrustTier.PRIVILEGED).decision is Decision.DENY
    in_fallback = plan_of(
        step(
            "light.turn_on",
            "light.kitchen",
            fallbacks=[step("light.turn_on", "light.cloud_bulb", step_id="f1")],
        )
    )
    assert (
        decide(
            in_fallback, TrustTier.PRIVILEGED, privacy=PrivacyClass.RESTRICTED
        ).decision
        is Decision.DENY
    )


def test_restricted_data_locally_needs_a_verified_caller() -> None:
    """Restricted data kept local is fine for household members, not for automations."""
    local = plan_of(step("light.turn_on", "light.kitchen"))
    assert (
        decide(local, TrustTier.VERIFIED, privacy=PrivacyClass.RESTRICTED).decision
        is Decision.ALLOW
    )
    basic = decide(
        local, TrustTier.BASIC, privacy=PrivacyClass.RESTRICTED, user_id=None
    )
    assert basic.decision is Decision.REQUIRE_APPROVAL
    assert basic.missing_scopes == [SCOPE_DATA_RESTRICTED]


def test_confidential_data_to_cloud_needs_consent() -> None:
    """Confidential data may go to a cloud step only with the cloud consent."""
    cloud = plan_of(step("light.turn_on", "light.kitchen", local=False))
    missing = decide(cloud, TrustTier.PRIVILEGED, privacy=PrivacyClass.CONFIDENTIAL)
    assert missing.decision is Decision.REQUIRE_APPROVAL
    assert missing.missing_scopes == [SCOPE_CONFIDENTIAL_CLOUD]
    assert SCOPE_DATA_CONFIDENTIAL in missing.required_scopes

    granted = decide(
        cloud,
        TrustTier.BASIC,
        privacy=PrivacyClass.CONFIDENTIAL,
        consents=[consent(SCOPE_CONFIDENTIAL_CLOUD, None, consent_id="cloud")],
        user_id=None,
    )
    assert granted.decision is Decision.ALLOW
    assert granted.consent_refs == ["cloud"]

    labelled = plan_of(step("switch.turn_on", "switch.cloud_diary"))
    assert decide(labelled, TrustTier.PRIVILEGED).missing_scopes == [
        SCOPE_CONFIDENTIAL_CLOUD
    ]
    local = plan_of(step("light.turn_on", "light.kitchen"))
    assert (
        decide(local, TrustTier.BASIC, privacy=PrivacyClass.CONFIDENTIAL).decision
        is Decision.ALLOW
    )


def test_local_only_request_denies_cloud_steps() -> None:
    """A request that said "locally" never runs a cloud step."""
    local_only = TaskSpec(
        intent="turn on the lights locally",
        constraints=[Constraint(ConstraintType.LOCAL_ONLY)],
    )
    mixed = plan_of(
        step("light.turn_on", "light.kitchen", step_id="local"),
        step("light.turn_on", "light.cloud_bulb", step_id="cloud"),
    )
    decision = evaluate(
        local_only,
        mixed,
        caller_tier=TrustTier.PRIVILEGED,
        snapshot=SNAPSHOT,
        consents=[],
        user_id="alice",
        now=NOW,
    )
    assert decision.decision is Decision.DENY
    assert decision.reasons == [
        "“Cloud bulb” runs through a cloud service, but the request asked to stay "
        "local."
    ]
    assert steps_to_keep_local(local_only, mixed, SNAPSHOT) == ["cloud"]
    assert steps_to_keep_local(task(), mixed, SNAPSHOT) == []


def test_steps_to_keep_local_finds_restricted_cloud_fallbacks() -> None:
    """The planner learns which steps must go local for restricted data."""
    plan = plan_of(
        step(
            "light.turn_on",
            "light.kitchen",
            fallbacks=[step("light.turn_on", "light.cloud_bulb", step_id="f1")],
        ),
        step(None, kind=StepKind.WAIT, local=False, step_id="w"),
    )
    assert steps_to_keep_local(task(PrivacyClass.RESTRICTED), plan, SNAPSHOT) == ["f1"]


def test_permission_burden_orders_alternatives() -> None:
    """Allowed plans first, then those missing fewer (sensitive) permissions."""
    lights = decide(plan_of(step("light.turn_on", "light.kitchen")), TrustTier.BASIC)
    garage = decide(
        plan_of(step("cover.open_cover", "cover.garage_door")), TrustTier.BASIC
    )
    garage_and_unlock = decide(
        plan_of(
            step("cover.open_cover", "cover.garage_door"),
            step("lock.unlock", "lock.front_door", step_id="s2"),
        ),
        TrustTier.BASIC,
    )
    denied = decide(
        plan_of(step("light.turn_on", "light.cloud_bulb")),
        TrustTier.BASIC,
        privacy=PrivacyClass.RESTRICTED,
    )
    ordered = sorted([denied, garage_and_unlock, garage, lights], key=permission_burden)
    assert ordered == [lights, garage, garage_and_unlock, denied]
    assert permission_burden(lights) == (0, 0, 0, 1)
    assert permission_burden(garage_and_unlock) == (1, 2, 2, 2)


def test_wait_steps_are_never_cloud() -> None:
    """A wait carries no data, whatever its flag says."""
    confidential = decide(
        plan_of(step(None, kind=StepKind.WAIT, local=False)),
        TrustTier.BASIC,
        privacy=PrivacyClass.CONFIDENTIAL,
        user_id=None,
    )
    assert confidential.decision is Decision.ALLOW
    assert SCOPE_CONFIDENTIAL_CLOUD not in confidential.required_scopes
    wait = plan_of(step(None, kind=StepKind.WAIT, local=False))
    assert decide(
        wait, TrustTier.BASIC, privacy=PrivacyClass.RESTRICTED, user_id=None
    ).decision is (Decision.REQUIRE_APPROVAL)
    assert decide(
        wait, TrustTier.VERIFIED, privacy=PrivacyClass.RESTRICTED
    ).decision is (Decision.ALLOW)


def test_untrusted_caller_needs_approval_even_for_lights() -> None:
    """Unknown user ids cannot act alone on anything."""
    decision = decide(
        plan_of(step("light.turn_on", "light.kitchen")), TrustTier.UNTRUSTED
    )
    assert decision.decision is Decision.REQUIRE_APPROVAL
    assert "needs the approval of a verified member" in decision.reasons[0]


# --- Hash, approval rights ----------------------------------------------------------


def test_policy_hash_is_stable_and_sensitive_to_every_input() -> None:
    """Same inputs in any order give the same hash; each input changes it."""
    base = policy_hash(
        tier=TrustTier.VERIFIED, scopes=["a", "b"], consent_ids=["c1", "c2"]
    )
    assert base == policy_hash(
        tier=TrustTier.VERIFIED, scopes=["b", "a", "a"], consent_ids=["c2", "c1"]
    )
    variants = {
        policy_hash(
            tier=TrustTier.TRUSTED, scopes=["a", "b"], consent_ids=["c1", "c2"]
        ),
        policy_hash(tier=TrustTier.VERIFIED, scopes=["a"], consent_ids=["c1", "c2"]),
        policy_hash(tier=TrustTier.VERIFIED, scopes=["a", "b"], consent_ids=["c1"]),
        policy_hash(
            tier=TrustTier.VERIFIED,
            scopes=["a", "b"],
            consent_ids=["c1", "c2"],
            rules_version=RULES_VERSION + "x",
        ),
    }
    assert base not in variants
    assert len(variants) == 4


def test_decision_hash_follows_consents() -> None:
    """Revoking the consent a decision used changes its hash."""
    camera = plan_of(step("camera.snapshot", "camera.porch"))
    with_consent = decide(
        camera, TrustTier.TRUSTED, consents=[consent(SCOPE_CAMERA_VIEW)]
    )
    without = decide(camera, TrustTier.TRUSTED)
    assert with_consent.policy_hash != without.policy_hash
    assert (
        with_consent.policy_hash
        == decide(
            camera, TrustTier.TRUSTED, consents=[consent(SCOPE_CAMERA_VIEW)]
        ).policy_hash
    )


@pytest.mark.parametrize(
    ("tier", "scopes", "expected"),
    [
        (TrustTier.VERIFIED, ["device.light.control"], True),
        (TrustTier.BASIC, ["device.light.control"], False),
        (TrustTier.UNTRUSTED, [], False),
        (TrustTier.VERIFIED, ["device.light.control", SCOPE_LOCK_UNLOCK], False),
        (TrustTier.TRUSTED, [SCOPE_LOCK_UNLOCK, SCOPE_CAMERA_VIEW], True),
        (TrustTier.PRIVILEGED, [SCOPE_ALARM_DISARM, SCOPE_DATA_RESTRICTED], True),
        (TrustTier.VERIFIED, [SCOPE_CONFIDENTIAL_CLOUD], False),
    ],
)
def test_can_approve(tier: TrustTier, scopes: list[str], expected: bool) -> None:
    """Approvers need a tier at or above every scope's approve tier."""
    assert can_approve(tier, scopes) is expected


# --- Redaction, revocation ----------------------------------------------------------


def test_redaction_by_privacy_class() -> None:
    """Confidential and restricted text never leaves the home in a notification."""
    text = "Unlock the front door for Alice at 22:00"
    assert redact_for_notification(text, PrivacyClass.PUBLIC) == text
    assert redact_for_notification(text, PrivacyClass.INTERNAL) == text
    confidential = redact_for_notification(
        text,
        PrivacyClass.CONFIDENTIAL,
        scopes=[SCOPE_LOCK_UNLOCK, "device.light.control"],
    )
    assert confidential == (
        "A plan needs your approval to control lights and unlock a lock."
    )
    assert "Alice" not in confidential
    redacted = "A plan needs your approval. Open Home Assistant to review it."
    assert redact_for_notification(text, PrivacyClass.CONFIDENTIAL) == redacted
    assert (
        redact_for_notification(
            text, PrivacyClass.RESTRICTED, scopes=[SCOPE_LOCK_UNLOCK]
        )
        == redacted
    )
    assert redact_for_notification(
        text, PrivacyClass.CONFIDENTIAL, scopes=[SCOPE_LOCK_UNLOCK], language="de"
    ) == (
        "Ein Plan braucht deine Freigabe, um Folgendes zu tun: ein Schloss entriegeln."
    )


def _record(plan_id: str, status: PlanStatus, consent_refs: list[str]) -> PlanRecord:
    return PlanRecord(
        plan_id=plan_id,
        status=status,
        created=NOW,
        task_spec=task(),
        policy=PolicyDecision(
            decision=Decision.ALLOW,
            trust_tier=TrustTier.TRUSTED,
            consent_refs=consent_refs,
        ),
        plan=plan_of(),
        explanation=Explanation(),
        script={},
        planning_time_ms=1.0,
    )


def test_affected_by_revocation() -> None:
    """Only unfinished plans that used the consent are affected."""
    records = [
        _record("scheduled", PlanStatus.SCHEDULED, ["c1"]),
        _record("running", PlanStatus.RUNNING, ["c0", "c1"]),
        _record("pending", PlanStatus.PENDING_APPROVAL, ["c1"]),
        _record("done", PlanStatus.COMPLETED, ["c1"]),
        _record("other", PlanStatus.SCHEDULED, ["c2"]),
    ]
    affected = affected_by_revocation("c1", records)
    assert [record.plan_id for record in affected] == [
        "scheduled",
        "running",
        "pending",
    ]


# --- Properties over random plans, callers and consents -----------------------------

_ACTIONS = [
    ("light.turn_on", "light.kitchen"),
    ("light.turn_on", "light.cloud_bulb"),
    ("lock.unlock", "lock.front_door"),
    ("lock.lock", "lock.front_door"),
    ("homeassistant.turn_off", "lock.front_door"),
    ("cover.open_cover", "cover.garage_door"),
    ("cover.open_cover", "cover.drive_gate"),
    ("cover.open_cover", "cover.blinds"),
    ("cover.open_cover", "cover.unknown"),
    ("alarm_control_panel.alarm_disarm", "alarm_control_panel.home"),
    ("camera.snapshot", "camera.porch"),
    ("homeassistant.update_entity", "sensor.health"),
    ("switch.turn_on", "switch.diary"),
    ("switch.turn_on", "switch.cloud_diary"),
    ("switch.turn_on", "switch.garage_relay"),
    ("script.turn_on", "script.let_in_plumber"),
]
_SCOPES = [*SCOPE_RULES, "device.light.control", "security.*", "*"]


@st.composite
def steps(draw: st.DrawFn, depth: int = 0) -> ExecutionStep:
    """A random action step, possibly with fallbacks."""
    action, entity_id = draw(st.sampled_from(_ACTIONS))
    fallbacks = draw(st.lists(steps(depth + 1), max_size=1)) if depth < 1 else []
    return ExecutionStep(
        step_id=f"s{draw(st.integers(0, 99))}",
        kind=StepKind.ACTION,
        action=action,
        target={"entity_id": [entity_id]},
        local=draw(st.booleans()),
        fallbacks=fallbacks,
    )


consents_strategy = st.lists(
    st.builds(
        consent,
        st.sampled_from(_SCOPES),
        st.sampled_from([None, "alice", "bob"]),
        consent_id=st.text("abc", min_size=1, max_size=3),
        expires=st.one_of(st.none(), st.just(NOW), st.just(NOW + timedelta(hours=1))),
    ),
    max_size=4,
)


def _all_steps(plan: ExecutionPlan) -> list[ExecutionStep]:
    found = []
    for item in plan.steps:
        found += [item, *item.fallbacks]
    return found


@settings(max_examples=300, deadline=None)
@given(
    plan_steps=st.lists(steps(), min_size=1, max_size=4),
    tier=st.sampled_from(list(TrustTier)),
    privacy=st.sampled_from(list(PrivacyClass)),
    consents=consents_strategy,
    user_id=st.sampled_from([None, "alice", "bob"]),
)
def test_property_security_and_restricted_data(
    plan_steps: list[ExecutionStep],
    tier: TrustTier,
    privacy: PrivacyClass,
    consents: list[ConsentReference],
    user_id: str | None,
) -> None:
    """Over random plans, callers and consents.

    A basic or untrusted caller never gets a security-sensitive step allowed; every
    allowed sensitive scope is within the caller's tier; restricted data in a cloud step
    is always denied; the decision is deterministic whatever the consent order.
    """
    plan = plan_of(*plan_steps)
    decision = decide(plan, tier, privacy=privacy, consents=consents, user_id=user_id)
    sensitive = [scope for scope in decision.required_scopes if is_sensitive(scope)]

    if tier.rank <= TrustTier.BASIC.rank and sensitive:
        assert decision.decision is not Decision.ALLOW
    if decision.decision is Decision.ALLOW:
        assert not decision.missing_scopes
        for scope in decision.required_scopes:
            assert tier.rank >= rule_for(scope).self_tier.rank
    else:
        assert decision.missing_scopes or decision.decision is Decision.DENY

    restricted_in_cloud = any(
        (
            not item.local
            or not all(
                SNAPSHOT.entities[eid].local
                for eid in item.entity_ids
                if eid in SNAPSHOT.entities
            )
        )
        and (
            privacy is PrivacyClass.RESTRICTED
            or any(
                eid in SNAPSHOT.entities
                and entity_privacy(SNAPSHOT.entities[eid]) is PrivacyClass.RESTRICTED
                for eid in item.entity_ids
            )
        )
        for item in _all_steps(plan)
    )
    assert (decision.decision is Decision.DENY) is restricted_in_cloud

    again = decide(
        plan, tier, privacy=privacy, consents=consents[::-1], user_id=user_id
    )
    assert again == decision


# How a step may name an entity: every way must lead to the same scope.
_TARGETINGS: dict[str, list[tuple[str, str, str | list[str]]]] = {
    "lock.front_door": [
        ("target", "entity_id", "lock.front_door"),
        ("target", "area_id", "hall"),
        ("target", "floor_id", "ground"),
        ("target", "device_id", "door_dev"),
        ("target", "label_id", "entrance"),
        ("target", "entity_id", "all"),
        ("data", "entity_id", "lock.front_door"),
        ("data", "area_id", "hall"),
    ],
    "cover.garage_door": [
        ("target", "entity_id", "cover.garage_door"),
        ("target", "area_id", "garage"),
        ("target", "floor_id", "ground"),
        ("target", "device_id", "garage_dev"),
        ("target", "label_id", "entrance"),
        ("target", "entity_id", "all"),
        ("data", "entity_id", "cover.garage_door"),
        ("data", "device_id", ["garage_dev"]),
    ],
}
_SENSITIVE_SERVICES: dict[str, tuple[str, list[str]]] = {
    "lock.front_door": (
        SCOPE_LOCK_UNLOCK,
        ["lock.unlock", "lock.open", "homeassistant.turn_off", "homeassistant.toggle"],
    ),
    "cover.garage_door": (
        SCOPE_GARAGE_OPEN,
        [
            "cover.open_cover",
            "cover.set_cover_position",
            "cover.toggle",
            "homeassistant.turn_on",
            "homeassistant.toggle",
        ],
    ),
}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_property_no_way_of_targeting_hides_a_security_step(
    data: st.DataObject,
) -> None:
    """Unlocking or opening the garage needs its scope however the step names it."""
    entity_id = data.draw(st.sampled_from(sorted(_TARGETINGS)))
    scope, services = _SENSITIVE_SERVICES[entity_id]
    action = data.draw(st.sampled_from(services))
    where, key, value = data.draw(st.sampled_from(_TARGETINGS[entity_id]))
    values = value if isinstance(value, list) else [value]
    if where == "target":
        item = step(action, target={key: values})
    else:
        item = ExecutionStep("s1", StepKind.ACTION, action=action, data={key: value})
    as_fallback = data.draw(st.booleans())
    if as_fallback:
        item = step("light.turn_on", "light.kitchen", fallbacks=[item])
    assert scope in scopes_for_step(item, SNAPSHOT)
    decision = decide(plan_of(item), TrustTier.BASIC, user_id=None)
    assert decision.decision is not Decision.ALLOW
    assert scope in decision.missing_scopes


# --- Privacy by entity --------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_id", "expected"),
    [
        ("light.kitchen", PrivacyClass.INTERNAL),
        ("switch.diary", PrivacyClass.CONFIDENTIAL),
        ("sensor.health", PrivacyClass.RESTRICTED),
    ],
)
def test_labelled_entities_raise_the_plans_privacy(
    entity_id: str, expected: PrivacyClass
) -> None:
    """What a plan reads or acts on, fallbacks included, raises its class."""
    acting = plan_of(step("homeassistant.turn_on", entity_id))
    reading = plan_of(step(None, entity_id, kind=StepKind.CONDITION))
    falling_back = plan_of(
        step(
            "light.turn_on",
            "light.kitchen",
            fallbacks=[step("homeassistant.turn_on", entity_id)],
        )
    )
    for plan in (acting, reading, falling_back):
        assert plan_privacy(task(), plan, SNAPSHOT) is expected
    assert plan_privacy(task(PrivacyClass.RESTRICTED), acting, SNAPSHOT) is (
        PrivacyClass.RESTRICTED
    )
