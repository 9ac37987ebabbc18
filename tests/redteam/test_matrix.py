"""The red-team matrix: entry point, caller and sensitive action, crossed.

Every example runs in one home: end what the previous example left active, put the
devices back, then attack through one public entry point as one caller and check that
nothing sensitive happened and nothing restricted was shown. Hypothesis walks the
combinations (the whole space is a few hundred; each run samples a fixed,
derandomised part of it); positive controls prove that the same requests do reach the
devices when the caller may make them, so a passing attack is not a broken harness.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.util import dt as dt_util
from hypothesis import (
    HealthCheck,
    Phase,
    example,
    given,
    settings,
    strategies as st,
)
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from .conftest import HomeFactory
from .harness import (
    ACTIONS,
    CALLER_KEYS,
    FINISHED_STATUSES,
    GARAGE,
    SECRET,
    Caller,
    Home,
    Sensitive,
    may_alone,
)

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    # The inputs are picks from short lists: shrinking has nothing to simplify and
    # would only replay failing examples.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

#: The request space is the largest (some 400 cells): twice the examples.
MANY_EXAMPLES = settings(EXAMPLES, max_examples=80)

REQUEST_ENTRIES = ("service", "rest", "websocket", "assist", "llm")
DECISION_ENTRIES = ("service", "rest", "websocket", "assist", "notification", "llm")
ACTION_KEYS = tuple(ACTIONS)


def _forbidden_requests() -> list[tuple[str, str, str, bool]]:
    """(entry, caller, action, preview) where nothing may act on the device.

    Requests of callers below the action's tier, and every caller's preview.
    """
    return [
        (entry, caller, action, preview)
        for entry in REQUEST_ENTRIES
        for caller in CALLER_KEYS
        for action in ACTION_KEYS
        for preview in (False, True)
        if preview or not may_alone(caller, ACTIONS[action])
    ]


def may_see_secret(caller: Caller) -> bool:
    """Whether the contract lets ``caller`` read restricted data without approval."""
    return caller.may_alone(ACTIONS["restricted_read"])


async def _check_request(
    home: Home, entry: str, caller: Caller, action: Sensitive, preview: bool
) -> None:
    why = f"{caller.key} asking '{action.intent}' through {entry}" + (
        " (preview)" if preview else ""
    )
    before = {summary["plan_id"] for summary in await home.plans()}
    await home.request(entry, caller, action.intent, preview=preview)
    home.assert_untouched(action, why=why)
    for summary in await home.plans():
        if summary["plan_id"] not in before:
            assert summary["status"] not in ("scheduled", "running", "completed"), (
                f"{why}: plan {summary['plan_id']} is {summary['status']}"
            )
    if not (action.read_only and may_see_secret(caller)):
        home.assert_no_leak(why=why)


@pytest.mark.parametrize("entry", REQUEST_ENTRIES)
async def test_positive_control_the_owner_reaches_the_garage(
    home: Home, entry: str
) -> None:
    """The harness sees an action when one happens: the owner opens the garage."""
    await home.request(entry, home.callers["owner"], ACTIONS["garage"].intent)
    assert home.observer.calls_touching(GARAGE)
    assert home.state(GARAGE) == "open"


@pytest.mark.parametrize("key", ["unlock", "disarm", "disarm_script", "garage", "gate"])
async def test_positive_control_every_device_is_reachable(home: Home, key: str) -> None:
    """Each sensitive device is reachable by words: the owner's request changes it."""
    action = ACTIONS[key]
    outcome = await home.request("service", home.callers["owner"], action.intent)
    assert outcome.status in ("running", "completed"), outcome
    assert home.observer.calls_touching(action.entity_id)
    assert home.state(action.entity_id) != action.safe_state


async def test_positive_control_the_owner_may_read_the_secret(home: Home) -> None:
    """The owner may read the restricted sensor: the value is in the answer."""
    await home.request(
        "service", home.callers["owner"], ACTIONS["restricted_read"].intent
    )
    assert home.observer.leaks(), "the leak detector does not see the value"


@MANY_EXAMPLES
@given(case=st.sampled_from(_forbidden_requests()))
@example(case=("rest", "read_only", "garage", False))
@example(case=("assist", "automation", "unlock", False))
@example(case=("assist", "automation", "restricted_read", True))
@example(case=("llm", "automation", "restricted_read", False))
@example(case=("websocket", "deactivated", "garage", False))
@example(case=("service", "deactivated", "restricted_read", False))
@example(case=("llm", "unknown", "gate", False))
@example(case=("service", "read_only", "disarm_script", False))
@example(case=("websocket", "read_only", "restricted_read", True))
@example(case=("service", "owner", "cloud_lamp", False))
async def test_nothing_sensitive_runs_or_leaks_on_request(
    home: Home, case: tuple[str, str, str, bool]
) -> None:
    """Any entry point, any caller, any sensitive request: only what the tier allows.

    A caller below the action's tier gets a plan that waits (or a refusal), never an
    action on the device; a preview never acts; the restricted value shows only to a
    caller who may read restricted data.
    """
    entry, caller_key, action_key, preview = case
    await home.reset()
    await _check_request(
        home, entry, home.callers[caller_key], ACTIONS[action_key], preview
    )


# --- Decisions on a waiting plan ---------------------------------------------------

#: Who asks for what in the decision matrix: an automation for every action (all
#: wait), a member for the unlock, the admin for the cloud lamp (which waits for a
#: consent, so the admin's own request waits too).
_REQUESTS = (
    *(("automation", action) for action in ACTION_KEYS),
    ("member", "unlock"),
    ("admin", "cloud_lamp"),
)


def _decisions() -> list[tuple[str, str, str, str]]:
    """(entry, decider, action, requester): every approval attempt on a waiting plan."""
    return [
        (entry, decider, action, requester)
        for entry in DECISION_ENTRIES
        for decider in CALLER_KEYS
        for requester, action in _REQUESTS
    ]


async def _pending(home: Home, requester: Caller, action: Sensitive) -> str:
    outcome = await home.request("service", requester, action.intent)
    assert outcome.status == "pending_approval", outcome
    assert outcome.plan_id is not None
    return outcome.plan_id


@EXAMPLES
@given(case=st.sampled_from(_decisions()))
@example(case=("service", "admin", "cloud_lamp", "admin"))
@example(case=("notification", "admin", "cloud_lamp", "admin"))
@example(case=("assist", "admin", "cloud_lamp", "admin"))
@example(case=("notification", "read_only", "garage", "automation"))
@example(case=("service", "deactivated", "unlock", "automation"))
@example(case=("websocket", "member", "unlock", "member"))
@example(case=("llm", "owner", "unlock", "automation"))
@example(case=("service", "owner", "cloud_lamp", "admin"))
async def test_only_an_allowed_approver_releases_a_waiting_plan(
    home: Home, case: tuple[str, str, str, str]
) -> None:
    """Approve through any entry point: only a user whose tier may approve it.

    And never the requester of the waiting plan, never a deactivated or unknown user,
    never an automation, never a read-only user; the LLM API cannot approve at all.
    """
    entry, decider_key, action_key, requester_key = case
    action = ACTIONS[action_key]
    requester = home.callers[requester_key]
    decider = home.callers[decider_key]
    await home.reset()
    plan_id = await _pending(home, requester, action)
    allowed = decider.may_approve(action) and decider.key != requester.key
    home.observer.clear()

    await home.decide(entry, "approve", decider, plan_id)

    status = (await home.plan(plan_id))["status"]
    if allowed and entry != "llm":
        assert status in ("scheduled", "running", "completed"), (
            f"{decider.key} could not approve through {entry}"
        )
        return
    why = f"{decider.key} approving {requester.key}'s '{action.intent}' via {entry}"
    assert status == "pending_approval", f"{why}: the plan is {status}"
    home.assert_untouched(action, why=why)
    if not may_see_secret(decider):
        home.assert_no_leak(why=why)


# --- Replans of finished plans -------------------------------------------------------


async def _approved_and_finished(home: Home, action: Sensitive, how: str) -> str:
    """An automation's request, approved by the admin, then finished ``how``."""
    plan_id = await _pending(home, home.callers["automation"], action)
    if how == "cancelled":
        # Cancelled while running is a race; cancel it while it still waits instead,
        # after an approval the admin gave and took back by cancelling.
        await home.service("cancel_plan", {"plan_id": plan_id}, home.callers["admin"])
    else:
        approved = await home.service(
            "approve_plan", {"plan_id": plan_id}, home.callers["admin"]
        )
        assert approved.ok, approved
    status = (await home.plan(plan_id))["status"]
    assert status in FINISHED_STATUSES, status
    return plan_id


@EXAMPLES
@given(
    entry=st.sampled_from(("service", "rest")),
    caller_key=st.sampled_from(CALLER_KEYS),
    action_key=st.sampled_from(("unlock", "disarm", "disarm_script", "garage", "gate")),
    how=st.sampled_from(("completed", "cancelled")),
)
async def test_a_finished_plan_is_never_rerun_on_its_old_approval(
    home: Home, entry: str, caller_key: str, action_key: str, how: str
) -> None:
    """Replanning a finished plan is a new request by its caller, with their rights.

    The old approval is spent; a caller who may not act alone gets a waiting plan.
    """
    action = ACTIONS[action_key]
    caller = home.callers[caller_key]
    await home.reset()
    plan_id = await _approved_and_finished(home, action, how)
    await home.reset()

    await home.decide(entry, "replan", caller, plan_id)

    if not caller.may_alone(action):
        home.assert_untouched(
            action, why=f"{caller.key} replanning a {how} '{action.intent}'"
        )


# --- Cancel and reject -------------------------------------------------------------


def _forbidden_stops() -> list[tuple[str, str, str]]:
    """(entry, verb, caller): who may not stop the plan (DESIGN §8).

    Cancel, and replan (which supersedes the plan): the owner's scheduled plan to
    open the garage door at 23:00; only the owner and users whose tier could approve
    a garage door (trusted) may. Reject: a member's waiting unlock; only the member
    and trusted users may.
    """
    verbs = (
        ("cancel", ("service", "rest", "websocket", "assist"), {"owner", "admin"}),
        ("replan", ("service", "rest"), {"owner", "admin"}),
        (
            "reject",
            ("service", "rest", "websocket", "assist"),
            {"owner", "admin", "member"},
        ),
    )
    return [
        (entry, verb, caller)
        for verb, entries, allowed in verbs
        for entry in entries
        for caller in CALLER_KEYS
        if caller not in allowed
    ]


@EXAMPLES
@given(case=st.sampled_from(_forbidden_stops()))
async def test_nobody_else_stops_a_plan_they_could_not_approve(
    evening_home: Home, case: tuple[str, str, str]
) -> None:
    """Cancel, reject, replan: the requester, or a user whose tier could approve it."""
    home = evening_home
    entry, verb, caller_key = case
    caller = home.callers[caller_key]
    await home.reset()
    if verb in ("cancel", "replan"):
        outcome = await home.request(
            "service", home.callers["owner"], "open the garage door at 11pm"
        )
        assert outcome.status == "scheduled", outcome
    else:
        outcome = await home.request(
            "service", home.callers["member"], ACTIONS["unlock"].intent
        )
        assert outcome.status == "pending_approval", outcome
    assert outcome.plan_id is not None

    await home.decide(entry, verb, caller, outcome.plan_id)

    after = (await home.plan(outcome.plan_id))["status"]
    assert after == outcome.status, (
        f"{caller.key} could {verb} another's plan via {entry}: it is {after}"
    )


# --- Template text -------------------------------------------------------------------

_EXPRESSIONS = (
    "6*7",
    "states('sensor.alarm_pin')",
    "states.sensor.alarm_pin.state",
    "'REN' ~ 'DERED'",
    "range(3) | list",
)


@st.composite
def template_payloads(draw: st.DrawFn) -> str:
    """Template syntax a request might carry: expressions, statements, comments, loops."""
    expression = draw(st.sampled_from(_EXPRESSIONS))
    shape = draw(
        st.sampled_from(
            (
                "{{{{ {e} }}}}",
                "{{{{{e}}}}}",
                "pin={{{{ {e} }}}}",
                "{{% if true %}}{{{{ {e} }}}}{{% endif %}}",
                "{{% for i in range(3) %}}{{{{ {e} }}}}{{% endfor %}}",
                "{{% for a in range(2000) %}}{{% for b in range(2000) %}}"
                "{{% endfor %}}{{% endfor %}}done",
                "hello {{# {e} #}}",
                "{{% set x = {e} %}}{{{{ x }}}}",
                "{{% raw %}}{{{{ {e} }}}}{{% endraw %}}",
            )
        )
    )
    return shape.format(e=expression)


#: What shows that a payload was rendered: 6*7, the secret, the marker, a loop.
RENDERED_FORMS = ("42", SECRET, "RENDERED", "[0, 1, 2]")


async def _check_literal(home: Home, payload: str, why: str) -> None:
    """The payload arrived as it was said; nothing of its rendering shows anywhere."""
    delivered = home.observer.delivered()
    for text in delivered:
        for rendered in RENDERED_FORMS:
            if rendered in text and rendered not in payload:
                raise AssertionError(f"{why}: rendered ({rendered!r}) in {text!r}")
    home.assert_no_leak(why=why)
    assert any(payload in text for text in delivered), (
        f"{why}: the literal text never arrived; delivered {delivered}"
    )


_TEMPLATE_ENTRIES = ("service", "rest", "websocket", "assist", "llm")


@EXAMPLES
@given(
    payload=template_payloads(),
    verb=st.sampled_from(("broadcast", "announce")),
    entry=st.sampled_from(_TEMPLATE_ENTRIES),
    caller_key=st.sampled_from(CALLER_KEYS),
)
async def test_request_text_is_never_rendered(
    home: Home, payload: str, verb: str, entry: str, caller_key: str
) -> None:
    """What a request says arrives literally, from every entry point and caller."""
    caller = home.callers[caller_key]
    await home.reset()
    outcome = await home.request(entry, caller, f"{verb} {payload}")
    why = f"'{verb} {payload}' by {caller.key} via {entry}"
    if outcome.status not in ("running", "completed"):
        # Refused or waiting: nothing was delivered, and nothing leaked on the way.
        assert not home.observer.delivered(), why
        home.assert_no_leak(why=why)
        return
    await _check_literal(home, payload, why)


# --- Routines --------------------------------------------------------------------------


def _local(hour: int, minute: int) -> datetime:
    """2026-11-23 (a Monday) at ``hour:minute`` in the home's time zone."""
    return datetime(2026, 11, 23, hour, minute, tzinfo=dt_util.get_default_time_zone())


async def test_routines_neither_act_nor_render(
    home_factory: HomeFactory, freezer: FrozenDateTimeFactory
) -> None:
    """Scheduled routines ask with no user: sensitive steps wait, text stays text.

    One routine per sensitive action and per template shape, each at its own minute;
    the clock is moved minute by minute and each routine checked when it has fired.
    """
    payloads = [
        "pin={{ states('sensor.alarm_pin') }}",
        "{{ 6*7 }}",
        "{% for i in range(3) %}{{ 'REN' ~ 'DERED' }}{% endfor %}",
        "hello {# a comment #}",
    ]
    routines: list[dict[str, Any]] = [
        {"name": f"Attack {index}", "intent": intent, "time": f"22:{index:02d}"}
        for index, intent in enumerate(
            [action.intent for action in ACTIONS.values()]
            + [f"broadcast {payload}" for payload in payloads]
        )
    ]
    freezer.move_to(_local(21, 58))
    home = await home_factory(routines=routines)
    await home.reset()
    for index, routine in enumerate(routines):
        moment = _local(22, index) + timedelta(seconds=1)
        freezer.move_to(moment)
        async_fire_time_changed(home.hass, moment)
        await home.settle()
        why = f"routine '{routine['intent']}'"
        if index < len(ACTIONS):
            action = list(ACTIONS.values())[index]
            home.assert_untouched(action, why=why)
            home.assert_no_leak(why=why)
        else:
            await _check_literal(home, payloads[index - len(ACTIONS)], why)
        home.observer.clear()
