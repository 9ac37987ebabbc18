"""TaskSpecs proposed by a language model: checked against the home, or refused."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.orchestration.core.intake.proposal import (
    CONFIDENCE_PROPOSED,
    check_proposal,
    colour_names,
    refusal_detail,
)
from custom_components.orchestration.core.models import (
    ConstraintType,
    GoalType,
    PrivacyClass,
    TaskSpec,
    TriggerType,
)

from .homes import home

HOME = home("en")


def _check(proposal: Any) -> TaskSpec:
    return check_proposal(proposal, text="a request", language="en", snapshot=HOME)


def _goal(goal_type: str, **fields: Any) -> dict[str, Any]:
    return {"type": goal_type, **fields}


@pytest.mark.parametrize(
    ("proposal", "goal_type", "params"),
    [
        (
            {"goals": [_goal("turn_off", targets={"entity_ids": ["light.porch"]})]},
            GoalType.TURN_OFF,
            {},
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_brightness",
                        targets={"area_ids": ["kitchen"], "domains": ["light"]},
                        params={"brightness_step_pct": -20},
                    )
                ]
            },
            GoalType.SET_BRIGHTNESS,
            {"brightness_step_pct": -20},
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_color",
                        targets={"entity_ids": ["light.living_room_lamp"]},
                        params={"color_name": "Blue"},
                    )
                ]
            },
            GoalType.SET_COLOR,
            {"color_name": "blue"},
        ),
        (
            {"goals": [_goal("routine", params={"name": "bedtime"})]},
            GoalType.ROUTINE,
            {"name": "bedtime"},
        ),
        # A user routine: a scene of the home.
        (
            {"goals": [_goal("routine", params={"name": "Movie night"})]},
            GoalType.ROUTINE,
            {"name": "Movie night"},
        ),
        (
            {
                "goals": [_goal("run_appliance", params={"appliance": "dishwasher"})],
                "constraints": [
                    {"type": "deadline", "before": "2026-01-13T07:00:00+01:00"},
                    {"type": "minimize_cost"},
                ],
            },
            GoalType.RUN_APPLIANCE,
            {"appliance": "dishwasher"},
        ),
    ],
)
def test_a_valid_proposal_becomes_a_task_spec(
    proposal: dict[str, Any], goal_type: GoalType, params: dict[str, Any]
) -> None:
    """Known goal types, params in range, targets of the home: accepted as said."""
    spec = _check(proposal)
    assert spec.unresolved == []
    assert [(goal.type, goal.params) for goal in spec.goals] == [(goal_type, params)]
    assert spec.confidence == CONFIDENCE_PROPOSED
    assert spec.intent == "a request"
    assert spec.trigger_type is TriggerType.USER_REQUEST
    assert [item.type for item in spec.constraints] == [
        ConstraintType(item["type"]) for item in proposal.get("constraints", [])
    ]


def test_a_proposal_gets_the_privacy_class_of_what_it_does() -> None:
    """Unlocking a door is restricted, as when the translator reads it.

    The policy gate sees the same task either way.
    """
    spec = _check(
        {"goals": [_goal("unlock", targets={"entity_ids": ["lock.back_door"]})]}
    )
    assert [goal.type for goal in spec.goals] == [GoalType.UNLOCK]
    assert spec.privacy_class is PrivacyClass.RESTRICTED


@pytest.mark.parametrize(
    ("proposal", "reason"),
    [
        ("turn off the lights", "the answer is not an object"),
        ({"goals": []}, "it proposes no goal"),
        ({"goals": "turn_off"}, "goals is not a list"),
        ({"goals": [_goal("turn_off")] * 9}, "goals: more than 8"),
        (
            {
                "goals": [_goal("turn_off", targets={"entity_ids": ["light.porch"]})],
                "script": [{"service": "lock.unlock"}],
            },
            "unknown keys: script",
        ),
        ({"goals": [_goal("format_disk")]}, "'format_disk' is not a goal type"),
        (
            {"goals": [_goal("turn_off", targets={"entity_ids": ["light.attic"]})]},
            "light.attic is not a device exposed to Assist",
        ),
        (
            {"goals": [_goal("turn_on", targets={"entity_ids": ["light.hidden"]})]},
            "light.hidden is not a device exposed to Assist",
        ),
        (
            {"goals": [_goal("turn_on", targets={"area_ids": ["cellar"]})]},
            "cellar is not an area of the home",
        ),
        (
            {"goals": [_goal("lock", targets={"entity_ids": ["light.porch"]})]},
            "light.porch cannot lock",
        ),
        (
            {"goals": [_goal("turn_off", targets={"domains": ["camera"]})]},
            "turn_off cannot act on camera",
        ),
        ({"goals": [_goal("turn_off")]}, "turn_off names nothing to act on"),
        (
            {
                "goals": [
                    _goal("set_brightness", targets={"entity_ids": ["light.porch"]})
                ]
            },
            "needs exactly one of brightness_pct, brightness_step_pct",
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_brightness",
                        targets={"entity_ids": ["light.porch"]},
                        params={"brightness_pct": 150},
                    )
                ]
            },
            "150 is not between 0 and 100",
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_temperature",
                        targets={"entity_ids": ["climate.bedroom"]},
                        params={"temperature_step": 0},
                    )
                ]
            },
            "a step of 0 changes nothing",
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_volume",
                        targets={"entity_ids": ["media_player.tv"]},
                        params={"volume_pct": True},
                    )
                ]
            },
            "True is not a number",
        ),
        (
            {
                "goals": [
                    _goal(
                        "set_color",
                        targets={"entity_ids": ["light.porch"]},
                        params={"color_name": "octarine"},
                    )
                ]
            },
            "'octarine' is not a colour name",
        ),
        (
            {
                "goals": [
                    _goal(
                        "turn_off",
                        targets={"entity_ids": ["light.porch"]},
                        params={"entity_id": "lock.front_door"},
                    )
                ]
            },
            "turn_off takes no param 'entity_id'",
        ),
        (
            {"goals": [_goal("routine", params={"name": "party"})]},
            "'party' is no routine, scene or script of the home",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [{"type": "whenever"}],
            },
            "'whenever' is not a constraint type",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [{"type": "deadline", "before": "07:00"}],
            },
            "'07:00' is not an ISO-8601 time",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [{"type": "deadline", "before": "2026-01-13T07:00:00"}],
            },
            "has no time zone",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [{"type": "quiet", "volume": 3}],
            },
            "quiet takes no fields",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [
                    {
                        "type": "time_window",
                        "start": "2026-01-13T07:00:00+01:00",
                        "end": "2026-01-13T06:00:00+01:00",
                    }
                ],
            },
            "the time window ends before it starts",
        ),
        (
            {
                "goals": [_goal("secure_home")],
                "constraints": [{"type": "budget", "max_cost": 1, "currency": "eur"}],
            },
            "'eur' is not a currency code",
        ),
    ],
)
def test_anything_else_is_refused(proposal: Any, reason: str) -> None:
    """One broken rule refuses the whole proposal, and says which."""
    spec = _check(proposal)
    assert spec.goals == []
    assert spec.constraints == []
    assert spec.confidence == 0
    assert len(spec.unresolved) == 1
    assert spec.unresolved[0] == "The answer of the language model could not be used."
    assert reason in str(refusal_detail(spec.unresolved[0]))


@pytest.mark.parametrize(
    ("goal", "constraint", "reason"),
    [
        (_goal("notify", params={"message": " "}), None, "is not a text"),
        (_goal("notify", params={"title": "Hi"}), None, "notify needs message"),
        (
            _goal(
                "set_color",
                targets={"entity_ids": ["light.porch"]},
                params={"rgb_color": [255, 0]},
            ),
            None,
            "is not [red, green, blue] of 0-255",
        ),
        (_goal("turn_on", targets={"entity_ids": [7]}), None, "7 is not an id"),
        (
            _goal("turn_on", targets={"floor_ids": ["roof"]}),
            None,
            "roof is not a floor",
        ),
        (
            _goal("turn_on", targets={"domains": ["Light; rm -rf"]}),
            None,
            "is not a domain or device class",
        ),
        (_goal("query_state", targets={}), None, None),
        (
            _goal(
                "set_position", targets={"area_ids": ["office"]}, params={"position": 5}
            ),
            None,
            "no exposed device there can set position",
        ),
        (_goal("secure_home"), "late", "'late' is not a constraint"),
        (_goal("secure_home"), {"type": "deadline", "before": 7}, "7 is not a time"),
        (
            _goal("secure_home"),
            {"type": "occupancy", "when": "asleep"},
            "'asleep' is not home, away or arrival",
        ),
        (
            _goal("precondition", targets={"area_ids": ["bedroom"]}),
            {"type": "comfort_range", "min_temperature": 23, "max_temperature": 19},
            "the comfort range is upside down",
        ),
        # Waits a model may propose: the sun, a device's state.
        (
            _goal("turn_on", targets={"entity_ids": ["light.porch"]}),
            {"type": "sun", "event": "sunset", "offset": -30},
            None,
        ),
        (
            _goal("turn_on", targets={"entity_ids": ["light.porch"]}),
            {"type": "sun", "event": "noon", "offset": 0},
            "'noon' is not sunrise or sunset",
        ),
        (
            _goal("turn_on", targets={"entity_ids": ["light.porch"]}),
            {"type": "state", "entity_id": "light.porch", "to": "off"},
            None,
        ),
        (
            _goal("turn_on", targets={"entity_ids": ["light.porch"]}),
            {"type": "state", "entity_id": "{{ states }}", "to": "off"},
            "is not an entity id",
        ),
    ],
)
def test_params_targets_and_constraints_are_checked(
    goal: dict[str, Any], constraint: Any, reason: str | None
) -> None:
    """Texts, colours, ids, floors, reach and constraint fields: each has its rule."""
    proposal: dict[str, Any] = {"goals": [goal]}
    if constraint is not None:
        proposal["constraints"] = [constraint]
    spec = _check(proposal)
    if reason is None:
        assert spec.unresolved == []
        return
    assert spec.goals == []
    assert reason in str(refusal_detail(spec.unresolved[0]))


def test_colour_names_are_the_lexicons() -> None:
    """What set_color may be given: the colours the lexicons turn words into."""
    assert {"red", "skyblue", "lightpink", "white"} <= colour_names()
    assert "octarine" not in colour_names()
