"""Conditions a request waits for, in English and German (DESIGN §5, §8).

Presence (``occupancy`` {when}), a device reaching a state (``state`` {entity_id,
to}) and the sun (``sun`` {event, offset}) are cut out of the request like times are:
what is left is the command.
"""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import GoalType

from .homes import NOW, home


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module."""
    return IntentTranslator()


@pytest.mark.parametrize(
    ("language", "text", "constraint", "goal"),
    [
        (
            "en",
            "turn on the porch light when someone gets home",
            {"type": "occupancy", "when": "arrival"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light when somebody leaves",
            {"type": "occupancy", "when": "departure"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn off the porch light when nobody is home",
            {"type": "occupancy", "when": "away"},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "turn on the porch light at sunset",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light 30 minutes after sunrise",
            {"type": "sun", "event": "sunrise", "offset": 30},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light an hour before sunset",
            {"type": "sun", "event": "sunset", "offset": -60},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light when the washing machine finishes",
            {"type": "state", "entity_id": "switch.washing_machine", "to": "off"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light as soon as the dishwasher is done",
            {"type": "state", "entity_id": "switch.dishwasher", "to": "off"},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "schalte das Verandalicht ein, wenn jemand nach Hause kommt",
            {"type": "occupancy", "when": "arrival"},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "schalte das Verandalicht ein, wenn jemand das Haus verlässt",
            {"type": "occupancy", "when": "departure"},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "schalte das Verandalicht bei Sonnenuntergang ein",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "schalte das Verandalicht eine halbe Stunde vor Sonnenaufgang ein",
            {"type": "sun", "event": "sunrise", "offset": -30},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "When it gets dark, turn on the porch light",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn on the porch light as soon as the sun goes down",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn off the porch light when it gets light",
            {"type": "sun", "event": "sunrise", "offset": 0},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "once the sun comes up turn off the porch light",
            {"type": "sun", "event": "sunrise", "offset": 0},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "turn on the porch light at nightfall",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "when my wife gets home turn on the porch light",
            {"type": "occupancy", "when": "arrival"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "as soon as I walk in switch on the porch light",
            {"type": "occupancy", "when": "arrival"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "turn off the porch light when everyone has left",
            {"type": "occupancy", "when": "away"},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "if nobody is home turn off the porch light",
            {"type": "occupancy", "when": "away"},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "once the garage door is open turn on the porch light",
            {"type": "state", "entity_id": "cover.garage_door", "to": "open"},
            GoalType.TURN_ON,
        ),
        (
            "en",
            "after the dishwasher is done turn the porch light off",
            {"type": "state", "entity_id": "switch.dishwasher", "to": "off"},
            GoalType.TURN_OFF,
        ),
        (
            "en",
            "turn on the porch light 15 min after sun set",
            {"type": "sun", "event": "sunset", "offset": 15},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "Wenn meine Frau nach Hause kommt, mach das Verandalicht an",
            {"type": "occupancy", "when": "arrival"},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "Falls keiner daheim ist, Verandalicht aus",
            {"type": "occupancy", "when": "away"},
            GoalType.TURN_OFF,
        ),
        (
            "de",
            "Mach das Verandalicht aus, wenn alle weg sind",
            {"type": "occupancy", "when": "away"},
            GoalType.TURN_OFF,
        ),
        (
            "de",
            "Nachdem die Spülmaschine fertig ist, das Verandalicht einschalten",
            {"type": "state", "entity_id": "switch.dishwasher", "to": "off"},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "Mach das Verandalicht an, wenn es dämmert",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "Wenn es dunkel wird, mach das Verandalicht an",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "Bei Einbruch der Dunkelheit das Verandalicht einschalten",
            {"type": "sun", "event": "sunset", "offset": 0},
            GoalType.TURN_ON,
        ),
        (
            "de",
            "schalte das Verandalicht aus, sobald die Sonne aufgeht",
            {"type": "sun", "event": "sunrise", "offset": 0},
            GoalType.TURN_OFF,
        ),
        (
            "de",
            "schalte das Verandalicht ein, wenn die Spülmaschine fertig ist",
            {"type": "state", "entity_id": "switch.dishwasher", "to": "off"},
            GoalType.TURN_ON,
        ),
    ],
)
def test_a_condition_is_cut_out_of_the_command(
    translator: IntentTranslator,
    language: str,
    text: str,
    constraint: dict[str, Any],
    goal: GoalType,
) -> None:
    spec = translator.translate(
        text, language=language, snapshot=home(language), now=NOW
    )
    assert [item.as_dict() for item in spec.constraints] == [constraint]
    assert [item.type for item in spec.goals] == [goal]
    assert [item.targets.entity_ids for item in spec.goals] == [["light.porch"]]
    assert spec.unresolved == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "when it's dark turn on the porch light"),
        ("en", "turn on the porch light after dark"),
        ("de", "Wenn es dunkel ist, mach das Verandalicht an"),
    ],
)
def test_darkness_as_a_state_is_no_sunset(
    translator: IntentTranslator, language: str, text: str
) -> None:
    """Said at night, "when it is dark" means now: waiting for tomorrow's sunset is wrong."""
    spec = translator.translate(
        text, language=language, snapshot=home(language), now=NOW
    )
    assert not [item for item in spec.constraints if item.type.value == "sun"]
    assert spec.goals == []
    assert spec.unresolved


def test_a_device_not_in_the_home_keeps_its_name(translator: IntentTranslator) -> None:
    """The planner then says it cannot wait for it (instead of running at once)."""
    spec = translator.translate(
        "turn on the porch light when the sauna finishes",
        language="en",
        snapshot=home("en"),
        now=NOW,
    )
    assert [item.as_dict() for item in spec.constraints] == [
        {"type": "state", "entity_id": None, "to": "off", "name": "sauna"}
    ]


def test_before_we_get_home_means_while_we_are_away(
    translator: IntentTranslator,
) -> None:
    """Heating "before we get home" cannot wait for the arrival it is meant for."""
    spec = translator.translate(
        "turn on the porch light before we get home",
        language="en",
        snapshot=home("en"),
        now=NOW,
    )
    assert [item.as_dict() for item in spec.constraints] == [
        {"type": "occupancy", "when": "away"}
    ]


@pytest.mark.parametrize(
    ("language", "text", "entity_id", "state"),
    [
        (
            "en",
            "when the tv in the bedroom turns off turn on the porch light",
            "media_player.bedroom_tv",
            "off",
        ),
        (
            "de",
            "Wenn der Fernseher im Schlafzimmer ausgeht, mach das Verandalicht an",
            "media_player.bedroom_tv",
            "off",
        ),
        (
            "en",
            "when the robot vacuum starts turn on the porch light",
            "vacuum.robot",
            "cleaning",
        ),
    ],
)
def test_a_condition_device_said_by_its_kind_and_room(
    translator: IntentTranslator, language: str, text: str, entity_id: str, state: str
) -> None:
    """Not only by its exact name: the one device the words mean, in its own state."""
    spec = translator.translate(
        text, language=language, snapshot=home(language), now=NOW
    )
    assert [item.as_dict() for item in spec.constraints] == [
        {"type": "state", "entity_id": entity_id, "to": state}
    ]


def test_a_condition_on_one_of_several_devices_names_none(
    translator: IntentTranslator,
) -> None:
    """ "When the light turns on": which light? The wait is on no guess."""
    spec = translator.translate(
        "when the light turns on close the blinds",
        language="en",
        snapshot=home("en"),
        now=NOW,
    )
    assert [item.as_dict()["entity_id"] for item in spec.constraints] == [None]
