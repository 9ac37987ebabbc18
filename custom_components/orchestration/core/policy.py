"""Policy and consent gate: scopes, trust tiers, privacy routing and the policy hash.

Pure Python (DESIGN §1): nothing here imports Home Assistant. The engine builds a
``Caller`` from the Home Assistant user, asks ``trust_tier_for`` for its tier and
``evaluate`` for the decision, and stores the decision with the plan.

Rules, in order of precedence:

* restricted data never reaches a step that runs through a cloud integration, and a
  ``local_only`` request never uses one: deny;
* confidential data reaches a cloud step only with the ``data.confidential.cloud``
  consent, otherwise the plan needs approval;
* every scope has a tier that may use it alone and a tier that may approve it; a scope
  may also need the caller's consent. A caller below the first, or without the consent,
  needs an approval by a user at or above the second;
* security-sensitive scopes (unlocking, opening garage doors and gates, disarming an
  alarm, cameras, restricted data) are never usable alone below ``verified``, so
  automations (``basic``) and unknown users (``untrusted``) always need an approval.

Entities labelled ``security`` count as security devices; labels named after a privacy
class (``confidential``, ``restricted``) raise the class of the data a step touches.
Targets the snapshot cannot resolve count as the most sensitive thing they could be.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import json
from typing import TYPE_CHECKING

from .models import (
    ConsentReference,
    ConstraintType,
    ContextSnapshot,
    Decision,
    EntityInfo,
    ExecutionPlan,
    ExecutionStep,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    PrivacyClass,
    StepKind,
    TaskSpec,
    TrustTier,
)
from .texts import (
    Listing,
    Reason,
    domain_term,
    humanized,
    localize_all,
    text,
    tier_term,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

SCOPE_LOCK_UNLOCK = "security.lock.unlock"
SCOPE_GARAGE_OPEN = "security.cover.garage_open"
SCOPE_GATE_OPEN = "security.cover.gate_open"
SCOPE_DOOR_OPEN = "security.cover.door_open"
SCOPE_ALARM_DISARM = "security.alarm.disarm"
SCOPE_CAMERA_VIEW = "security.camera.view"
SCOPE_DATA_CONFIDENTIAL = "data.confidential"
SCOPE_DATA_RESTRICTED = "data.restricted"
SCOPE_CONFIDENTIAL_CLOUD = "data.confidential.cloud"
SCOPE_NOTIFY = "notify.send"
SCOPE_SECURITY_DEVICE = "security.device.control"

# Entities with this label (e.g. a relay that opens the garage, a script that unlocks
# the door) count as security devices whatever their domain.
SECURITY_LABEL = "security"

SECURITY_SCOPE_PREFIX = "security."


@dataclass(slots=True, frozen=True)
class ScopeRule:
    """Who may use a scope.

    ``label``: how the scope reads, the key of its phrase under ``scopes`` in the
    text catalogue (``unlock``: "unlock a lock").
    ``self_tier``: lowest tier that may use the scope without anyone's approval.
    ``approve_tier``: lowest tier whose approval lets a lower caller use it.
    ``needs_consent``: using it without approval also needs an active consent for it.
    """

    label: str
    self_tier: TrustTier
    approve_tier: TrustTier
    needs_consent: bool = False
    sensitive: bool = False


DEVICE_RULE = ScopeRule("device_control", TrustTier.BASIC, TrustTier.VERIFIED)

SCOPE_RULES: Mapping[str, ScopeRule] = {
    SCOPE_LOCK_UNLOCK: ScopeRule(
        "unlock", TrustTier.TRUSTED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_GARAGE_OPEN: ScopeRule(
        "garage_open", TrustTier.VERIFIED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_GATE_OPEN: ScopeRule(
        "gate_open", TrustTier.VERIFIED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_DOOR_OPEN: ScopeRule(
        "door_open", TrustTier.VERIFIED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_ALARM_DISARM: ScopeRule(
        "alarm_disarm", TrustTier.TRUSTED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_CAMERA_VIEW: ScopeRule(
        "camera_view",
        TrustTier.TRUSTED,
        TrustTier.TRUSTED,
        needs_consent=True,
        sensitive=True,
    ),
    SCOPE_SECURITY_DEVICE: ScopeRule(
        "security_device",
        TrustTier.VERIFIED,
        TrustTier.TRUSTED,
        sensitive=True,
    ),
    SCOPE_DATA_RESTRICTED: ScopeRule(
        "data_restricted", TrustTier.VERIFIED, TrustTier.TRUSTED, sensitive=True
    ),
    SCOPE_DATA_CONFIDENTIAL: ScopeRule(
        "data_confidential", TrustTier.BASIC, TrustTier.VERIFIED
    ),
    SCOPE_CONFIDENTIAL_CLOUD: ScopeRule(
        "confidential_cloud",
        TrustTier.BASIC,
        TrustTier.TRUSTED,
        needs_consent=True,
    ),
    SCOPE_NOTIFY: ScopeRule("notify", TrustTier.BASIC, TrustTier.VERIFIED),
}


def _rules_fingerprint() -> str:
    """Digest of the rule table, so any change to a rule changes every policy hash."""
    table = {
        scope: [
            rule.self_tier,
            rule.approve_tier,
            rule.needs_consent,
            rule.sensitive,
        ]
        for scope, rule in sorted(SCOPE_RULES.items())
    }
    table["*"] = [DEVICE_RULE.self_tier, DEVICE_RULE.approve_tier, False, False]
    return hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()[:12]


RULES_VERSION = f"1:{_rules_fingerprint()}"

# Actions on these (domain, service) pairs unlock, whatever the device class.
_UNLOCKING_SERVICES = {"unlock", "open"}
# Cover device classes that are a way into the home, and the scope that opens them.
_ENTRANCE_COVER_SCOPES = {
    "garage": SCOPE_GARAGE_OPEN,
    "gate": SCOPE_GATE_OPEN,
    "door": SCOPE_DOOR_OPEN,
}
_OPENING_COVER_SERVICES = {"open_cover", "set_cover_position", "toggle", "turn_on"}
# Generic homeassistant.* services, seen from the entity's domain.
_GENERIC_AS_LOCK = {"turn_on": "lock", "turn_off": "unlock", "toggle": "unlock"}
_NOTIFY_DOMAINS = {"notify", "persistent_notification"}


def rule_for(scope: str) -> ScopeRule:
    """Return the rule of a scope; ordinary device scopes share one rule."""
    return SCOPE_RULES.get(scope, DEVICE_RULE)


def is_sensitive(scope: str) -> bool:
    """Whether a scope is security-sensitive."""
    return rule_for(scope).sensitive


@dataclass(frozen=True, slots=True)
class ScopeText:
    """What a scope allows, in words: ``unlock a lock``, ``control lights``."""

    scope: str

    def render(self, language: str) -> str:
        """The phrase in ``language``."""
        if self.scope in SCOPE_RULES:
            return text(f"scopes.{SCOPE_RULES[self.scope].label}", language)
        parts = self.scope.split(".")
        if len(parts) == 3 and parts[0] == "device":
            key = (
                "scopes.device_read" if parts[2] == "read" else "scopes.device_control"
            )
            return text(key, language, what=domain_term(parts[1]))
        words = self.scope.replace(".", " ").replace("_", " ")
        return text("scopes.other", language, scope=words)


def describe_scope(scope: str, language: str = "en") -> str:
    """Short human wording of a scope, e.g. ``unlock a lock``."""
    return ScopeText(scope).render(language)


def scopes_text(scopes: Iterable[str]) -> Listing:
    """What the scopes allow, as one list in words."""
    return Listing(tuple(ScopeText(scope) for scope in sorted(set(scopes))))


# --- Trust tiers ----------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Caller:
    """Who asked: a Home Assistant user, or nobody (an automation or script).

    ``known_user``: Home Assistant knows the id; ``active``: the user is not
    deactivated; ``read_only``: the user is in Home Assistant's read-only group.
    """

    user_id: str | None
    is_owner: bool = False
    is_admin: bool = False
    known_user: bool = True
    active: bool = True
    read_only: bool = False


_TIER_NAMES = frozenset(tier.value for tier in TrustTier)


def trust_tier_for(
    caller: Caller, overrides: Mapping[str, str] | None = None
) -> TrustTier:
    """Trust tier of a caller (DESIGN §5).

    Owner → privileged, administrator → trusted, other users → verified, no user →
    basic, a user id Home Assistant does not know or a deactivated user → untrusted.
    ``overrides`` maps user ids to tier names (options flow); they apply to known,
    active users only, and an invalid tier name is ignored. A read-only user is at
    most basic, override or not: Home Assistant lets them control nothing, so they
    may do no more on their own than an automation.
    """
    if caller.user_id is None:
        return TrustTier.BASIC
    if not caller.known_user or not caller.active:
        return TrustTier.UNTRUSTED
    tier = TrustTier.VERIFIED
    override = (overrides or {}).get(caller.user_id)
    if override in _TIER_NAMES:
        tier = TrustTier(override)
    elif caller.is_owner:
        tier = TrustTier.PRIVILEGED
    elif caller.is_admin:
        tier = TrustTier.TRUSTED
    if caller.read_only and tier.rank > TrustTier.BASIC.rank:
        return TrustTier.BASIC
    return tier


# --- Scopes ---------------------------------------------------------------------


_PRIVACY_NAMES = frozenset(privacy.value for privacy in PrivacyClass)


def entity_privacy(entity: EntityInfo) -> PrivacyClass:
    """Privacy class of an entity's data, from labels named after a class.

    A label ``restricted`` or ``privacy_restricted`` (likewise for the other classes)
    marks the entity; the most sensitive label wins; unlabelled entities are public.
    """
    found = PrivacyClass.PUBLIC
    for label in entity.labels:
        name = label.removeprefix("privacy_")
        if name in _PRIVACY_NAMES:
            privacy = PrivacyClass(name)
            if privacy.rank > found.rank:
                found = privacy
    return found


_SELECTOR_KEYS = ("entity_id", "area_id", "floor_id", "device_id", "label_id")


def target_selectors(step: ExecutionStep) -> dict[str, set[str]]:
    """Target selectors of a step (entity, area, floor, device and label ids).

    Including any given the old way in its data.
    """
    selectors: dict[str, set[str]] = {}
    for key in _SELECTOR_KEYS:
        values = set(step.target.get(key, []))
        in_data = step.data.get(key)
        if isinstance(in_data, str):
            values.add(in_data)
        elif isinstance(in_data, list):
            values.update(str(item) for item in in_data)
        selectors[key] = values
    return selectors


@dataclass(slots=True)
class _HomeIndex:
    """Entity ids of a snapshot by domain and by area, floor, device and label."""

    snapshot: ContextSnapshot
    by_domain: dict[str, list[str]]
    by_selector: dict[tuple[str, str], list[str]]

    @classmethod
    def of(cls, snapshot: ContextSnapshot) -> _HomeIndex:
        """Index a snapshot (one pass over its entities)."""
        by_domain: dict[str, list[str]] = {}
        by_selector: dict[tuple[str, str], list[str]] = {}
        for entity_id, entity in snapshot.entities.items():
            by_domain.setdefault(entity.domain, []).append(entity_id)
            keys = [
                ("area_id", entity.area_id),
                ("floor_id", snapshot.floor_of(entity)),
                ("device_id", entity.device_id),
                *(("label_id", label) for label in entity.labels),
            ]
            for key, value in keys:
                if value is not None:
                    by_selector.setdefault((key, value), []).append(entity_id)
        return cls(snapshot, by_domain, by_selector)

    def targeted(self, step: ExecutionStep) -> list[EntityInfo]:
        """Entities a step acts on; see ``targeted_entities``."""
        entities = self.snapshot.entities
        selectors = target_selectors(step)
        action_domain = (step.action or "").partition(".")[0]
        any_domain = step.kind is StepKind.CONDITION or action_domain in (
            "",
            "homeassistant",
        )
        found = {
            entity_id for entity_id in selectors["entity_id"] if entity_id in entities
        }
        if "all" in selectors["entity_id"]:
            found.update(
                entities if any_domain else self.by_domain.get(action_domain, [])
            )
        for key in _SELECTOR_KEYS[1:]:
            for value in selectors[key]:
                found.update(self.by_selector.get((key, value), []))
        return [
            entities[entity_id]
            for entity_id in sorted(found)
            if any_domain or entities[entity_id].domain == action_domain
        ]


def targeted_entities(
    step: ExecutionStep, snapshot: ContextSnapshot
) -> list[EntityInfo]:
    """Entities a step acts on, resolving areas, floors, devices and labels.

    As in Home Assistant, a service reaches only entities of its own domain
    (``homeassistant.*`` and conditions reach any); ``entity_id: all`` means every
    entity of the service's domain.
    """
    return _HomeIndex.of(snapshot).targeted(step)


def _unresolved_domains(
    step: ExecutionStep, snapshot: ContextSnapshot, resolved: list[EntityInfo]
) -> set[str]:
    """Domains of targets the snapshot cannot tell anything about.

    Entity ids it does not know, an empty target, and area/floor/device/label selectors
    that match nothing: the step may reach any entity of these domains.
    """
    action_domain = step.action.partition(".")[0] if step.action else ""
    domains = {
        entity_id.partition(".")[0]
        for entity_id in target_selectors(step)["entity_id"]
        if entity_id != "all" and entity_id not in snapshot.entities
    }
    if not resolved and not domains:
        domains.add(action_domain)
    if "homeassistant" in domains:
        # homeassistant.* on an unknown target may unlock or open anything.
        domains.discard("homeassistant")
        domains |= {"lock", "cover"}
    return domains


def _action_scope(
    action_domain: str, service: str, domain: str, device_class: str | None
) -> str:
    """Scope of one service on one entity (of ``domain``, with ``device_class``)."""
    if action_domain == "homeassistant" and domain == "lock":
        service = _GENERIC_AS_LOCK.get(service, service)
    if domain == "lock" and service in _UNLOCKING_SERVICES:
        return SCOPE_LOCK_UNLOCK
    if (
        domain == "cover"
        and device_class in _ENTRANCE_COVER_SCOPES
        and service in _OPENING_COVER_SERVICES
    ):
        return _ENTRANCE_COVER_SCOPES[device_class]
    if domain == "alarm_control_panel" and service == "alarm_disarm":
        return SCOPE_ALARM_DISARM
    if domain == "camera":
        return SCOPE_CAMERA_VIEW
    return f"device.{domain}.control"


def _entity_scope(action_domain: str, service: str, entity: EntityInfo) -> str:
    """Scope of one service on one known entity, minding the security label."""
    scope = _action_scope(action_domain, service, entity.domain, entity.device_class)
    if SECURITY_LABEL in entity.labels and not is_sensitive(scope):
        return SCOPE_SECURITY_DEVICE
    return scope


def _scopes_of_step(
    step: ExecutionStep, snapshot: ContextSnapshot, entities: list[EntityInfo]
) -> set[str]:
    """Scopes of one step, without its fallbacks; ``entities``: what it targets."""
    if step.kind is StepKind.WAIT:
        return set()
    scopes: set[str] = set()
    if step.kind is StepKind.CONDITION:
        scopes = {f"device.{entity.domain}.read" for entity in entities}
    elif step.action:
        action_domain, _, service = step.action.partition(".")
        if action_domain in _NOTIFY_DOMAINS:
            return {SCOPE_NOTIFY}
        scopes = {_entity_scope(action_domain, service, entity) for entity in entities}
        # What the snapshot cannot resolve may be anything of its domain: assume the
        # most sensitive device class.
        scopes |= {
            _action_scope(action_domain, service, domain, device_class)
            for domain in _unresolved_domains(step, snapshot, entities)
            for device_class in (None, *_ENTRANCE_COVER_SCOPES)
        }
    for entity in entities:
        privacy = entity_privacy(entity)
        if privacy is PrivacyClass.RESTRICTED:
            scopes.add(SCOPE_DATA_RESTRICTED)
        elif privacy is PrivacyClass.CONFIDENTIAL:
            scopes.add(SCOPE_DATA_CONFIDENTIAL)
    return scopes


def scopes_for_step(step: ExecutionStep, snapshot: ContextSnapshot) -> set[str]:
    """Scopes a step (and each of its fallbacks, which may run instead) needs.

    Domain + service + device class → scope: ``device.light.control``,
    ``security.lock.unlock``, ``security.cover.garage_open``, ``security.alarm.disarm``,
    ``security.camera.view``, ``notify.send``, ``device.<domain>.read`` for conditions,
    plus ``data.restricted`` / ``data.confidential`` for entities labelled so.
    """
    index = _HomeIndex.of(snapshot)
    scopes: set[str] = set()
    for item in _with_fallbacks(step):
        scopes |= _scopes_of_step(item, snapshot, index.targeted(item))
    return scopes


def _all_steps(plan: ExecutionPlan) -> list[ExecutionStep]:
    """Every step that may run: the plan's steps and, depth first, their fallbacks."""
    return _with_fallbacks(*plan.steps)


def _with_fallbacks(*steps: ExecutionStep) -> list[ExecutionStep]:
    """The steps and, depth first, each one's fallbacks."""
    found: list[ExecutionStep] = []
    pending = list(reversed(steps))
    while pending:
        step = pending.pop()
        found.append(step)
        pending.extend(reversed(step.fallbacks))
    return found


def _step_privacy(task: TaskSpec, entities: list[EntityInfo]) -> PrivacyClass:
    """The most sensitive of the task's privacy class and its entities' classes."""
    privacy = task.privacy_class
    for entity in entities:
        entity_class = entity_privacy(entity)
        if entity_class.rank > privacy.rank:
            privacy = entity_class
    return privacy


def plan_privacy(
    task: TaskSpec, plan: ExecutionPlan, snapshot: ContextSnapshot
) -> PrivacyClass:
    """The task's privacy class raised to every entity the plan reads or acts on.

    An entity labelled ``confidential`` or ``restricted`` makes the whole plan at
    least that: its pushes are redacted and its restricted data stays local.
    """
    index = _HomeIndex.of(snapshot)
    privacy = task.privacy_class
    for step in _all_steps(plan):
        found = _step_privacy(task, index.targeted(step))
        if found.rank > privacy.rank:
            privacy = found
    return privacy


def _runs_in_cloud(step: ExecutionStep, entities: list[EntityInfo]) -> bool:
    """Whether a step goes through a cloud integration (its flag or any entity's).

    A wait carries no data, wherever it runs.
    """
    if step.kind is StepKind.WAIT:
        return False
    return not step.local or any(not entity.local for entity in entities)


# --- Consents ---------------------------------------------------------------------


def consent_matches(consent: ConsentReference, scope: str, user_id: str | None) -> bool:
    """Whether a consent covers a scope for a user.

    The consent's scope is exact or a prefix pattern such as ``security.*``; a consent
    without a user covers everyone.
    """
    if consent.user_id is not None and consent.user_id != user_id:
        return False
    if consent.scope in (scope, "*"):
        return True
    return consent.scope.endswith(".*") and scope.startswith(consent.scope[:-1])


def find_consent(
    consents: Iterable[ConsentReference],
    scope: str,
    user_id: str | None,
    now: datetime,
) -> ConsentReference | None:
    """Return the active consent covering ``scope`` for ``user_id``, own ones first."""
    matching = [
        consent
        for consent in consents
        if consent.is_active(now) and consent_matches(consent, scope, user_id)
    ]
    matching.sort(key=lambda consent: (consent.user_id is None, consent.consent_id))
    return matching[0] if matching else None


# --- Decision ---------------------------------------------------------------------


def policy_hash(
    *,
    tier: TrustTier,
    scopes: Iterable[str],
    consent_ids: Iterable[str],
    rules_version: str = RULES_VERSION,
) -> str:
    """Stable digest of what a decision rests on.

    Equal for the same rules version, tier, scopes and consents (in any order); any
    change to one of them changes it. An approval is bound to this hash.
    """
    payload = json.dumps(
        {
            "rules": rules_version,
            "tier": tier.value,
            "scopes": sorted(set(scopes)),
            "consents": sorted(set(consent_ids)),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def can_approve(tier: TrustTier, scopes: Iterable[str]) -> bool:
    """Whether a user of ``tier`` may approve a plan needing ``scopes``.

    Approving is never open to ``basic`` or ``untrusted`` callers, and every scope
    must be approvable at that tier.
    """
    if tier.rank < TrustTier.VERIFIED.rank:
        return False
    return all(tier.rank >= rule_for(scope).approve_tier.rank for scope in scopes)


@dataclass(slots=True)
class _Findings:
    """What evaluate found, before it becomes a PolicyDecision."""

    deny: list[str]
    approval: list[str]
    missing: set[str]
    consent_ids: set[str]


def evaluate(
    task: TaskSpec,
    plan: ExecutionPlan,
    *,
    caller_tier: TrustTier,
    snapshot: ContextSnapshot,
    consents: Sequence[ConsentReference],
    user_id: str | None,
    now: datetime,
) -> PolicyDecision:
    """Gate a plan: allow, require approval, or deny, with reasons.

    ``missing_scopes`` lists what stands between the caller and ``allow`` (scopes above
    the caller's tier and missing consents); ``consent_refs`` the ids of the consents
    the decision relies on.
    """
    findings = _Findings(deny=[], approval=[], missing=set(), consent_ids=set())
    required: set[str] = set()
    if task.privacy_class is PrivacyClass.RESTRICTED:
        required.add(SCOPE_DATA_RESTRICTED)
    elif task.privacy_class is PrivacyClass.CONFIDENTIAL:
        required.add(SCOPE_DATA_CONFIDENTIAL)

    local_only = task.constraint(ConstraintType.LOCAL_ONLY) is not None
    index = _HomeIndex.of(snapshot)
    for step in _all_steps(plan):
        entities = index.targeted(step)
        required |= _scopes_of_step(step, snapshot, entities)
        if (refusal := _cloud_refusal(step, task, entities, local_only)) is not None:
            findings.deny.append(refusal)
        elif (
            _runs_in_cloud(step, entities)
            and _step_privacy(task, entities) is PrivacyClass.CONFIDENTIAL
        ):
            required.add(SCOPE_CONFIDENTIAL_CLOUD)

    for scope in sorted(required):
        _check_scope(scope, caller_tier, consents, user_id, now, findings)

    reasons = findings.deny + findings.approval
    if findings.deny:
        decision = Decision.DENY
    elif findings.approval:
        decision = Decision.REQUIRE_APPROVAL
    else:
        decision = Decision.ALLOW
        reasons.append(
            Reason(
                "policy.allowed",
                tier=tier_term(caller_tier),
                actions=scopes_text(required),
            )
            if required
            else Reason("policy.allowed_nothing")
        )
    consent_refs = sorted(findings.consent_ids)
    return PolicyDecision(
        decision=decision,
        trust_tier=caller_tier,
        required_scopes=sorted(required),
        approval_required=decision is Decision.REQUIRE_APPROVAL,
        consent_refs=consent_refs,
        policy_hash=policy_hash(
            tier=caller_tier, scopes=required, consent_ids=consent_refs
        ),
        reasons=localize_all(reasons, task.language),
        missing_scopes=sorted(findings.missing),
    )


def steps_to_keep_local(
    task: TaskSpec, plan: ExecutionPlan, snapshot: ContextSnapshot
) -> list[str]:
    """Ids of cloud steps (fallbacks included) that ``evaluate`` denies.

    Those carrying restricted data, or any cloud step of a ``local_only`` task: the
    planner can drop them or route them through local integrations and try again.
    """
    local_only = task.constraint(ConstraintType.LOCAL_ONLY) is not None
    return [
        step.step_id
        for step in _all_steps(plan)
        if _cloud_refusal(step, task, targeted_entities(step, snapshot), local_only)
        is not None
    ]


def _cloud_refusal(
    step: ExecutionStep, task: TaskSpec, entities: list[EntityInfo], local_only: bool
) -> str | None:
    """Why a step may not run through a cloud service, if it does and may not."""
    if not _runs_in_cloud(step, entities):
        return None
    described = (
        step.description
        or ", ".join(entity.name for entity in entities)
        or humanized(step.action or step.step_id)
    )
    if _step_privacy(task, entities) is PrivacyClass.RESTRICTED:
        return Reason("policy.restricted_cloud", step=described)
    if local_only:
        return Reason("policy.local_only_cloud", step=described)
    return None


_DECISION_ORDER = (Decision.ALLOW, Decision.REQUIRE_APPROVAL, Decision.DENY)


def permission_burden(decision: PolicyDecision) -> tuple[int, int, int, int]:
    """Sort key: how much a plan asks of its caller, least first.

    Allowed before needing approval before denied; then fewer missing sensitive
    scopes, fewer missing scopes, fewer scopes at all. The engine offers the first
    alternative by this key when the chosen plan lacks a permission.
    """
    missing_sensitive = sum(
        1 for scope in decision.missing_scopes if is_sensitive(scope)
    )
    return (
        _DECISION_ORDER.index(decision.decision),
        missing_sensitive,
        len(decision.missing_scopes),
        len(decision.required_scopes),
    )


def _check_scope(
    scope: str,
    caller_tier: TrustTier,
    consents: Sequence[ConsentReference],
    user_id: str | None,
    now: datetime,
    findings: _Findings,
) -> None:
    rule = rule_for(scope)
    tier_allows = caller_tier.rank >= rule.self_tier.rank
    consent = (
        find_consent(consents, scope, user_id, now) if rule.needs_consent else None
    )
    if consent is not None:
        findings.consent_ids.add(consent.consent_id)
    if tier_allows and (consent is not None or not rule.needs_consent):
        return
    findings.missing.add(scope)
    approver = tier_term(rule.approve_tier)
    if not tier_allows:
        findings.approval.append(
            Reason(
                "policy.needs_approval",
                action=ScopeText(scope),
                tier=tier_term(caller_tier),
                approver=approver,
            )
        )
    else:
        findings.approval.append(
            Reason("policy.needs_consent", action=ScopeText(scope), approver=approver)
        )


# --- Notifications and revocation -------------------------------------------------


def redact_for_notification(
    message: str,
    privacy_class: PrivacyClass,
    *,
    scopes: Iterable[str] = (),
    language: str = "en",
) -> str:
    """Text safe for a notification that leaves the home (e.g. a phone push).

    Public and internal text passes unchanged. Confidential text is replaced by what
    the plan needs permission for (no names, places or entity ids); restricted text by
    a bare request to open Home Assistant.
    """
    if privacy_class.rank < PrivacyClass.CONFIDENTIAL.rank:
        return message
    wanted = set(scopes)
    if privacy_class is PrivacyClass.RESTRICTED or not wanted:
        return text("notify.redacted", language)
    return text("notify.redacted_scopes", language, actions=scopes_text(wanted))


ACTIVE_STATUSES = frozenset(
    {PlanStatus.PENDING_APPROVAL, PlanStatus.SCHEDULED, PlanStatus.RUNNING}
)


def affected_by_revocation(
    consent_id: str, records: Iterable[PlanRecord]
) -> list[PlanRecord]:
    """Plans not yet finished whose decision relied on the revoked consent."""
    return [
        record
        for record in records
        if record.status in ACTIVE_STATUSES and consent_id in record.policy.consent_refs
    ]
