"""Rules of the interpretation layer that need a home of their own or a closer look."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.intake.lexicon import _load
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    GoalType,
    TaskSpec,
)

from .homes import NOW, home


def _den(ceiling: str = "on", lamp: str = "off") -> ContextSnapshot:
    """A study with a ceiling light and a standing lamp, in the states given."""
    return ContextSnapshot(
        now=NOW,
        areas={"study": AreaInfo(area_id="study", name="Study")},
        entities={
            "light.study_ceiling": EntityInfo(
                "light.study_ceiling", "Study ceiling", state=ceiling, area_id="study"
            ),
            "light.standing_lamp": EntityInfo(
                "light.standing_lamp", "Standing lamp", state=lamp, area_id="study"
            ),
            "media_player.radio": EntityInfo(
                "media_player.radio", "Radio", state="idle", area_id="study"
            ),
        },
    )


def _translate(
    text: str,
    snapshot: ContextSnapshot,
    language: str = "en",
    area: str | None = "study",
) -> TaskSpec:
    return IntentTranslator().translate(
        text, language=language, snapshot=snapshot, now=NOW, context_area_id=area
    )


def _targets(spec: TaskSpec, snapshot: ContextSnapshot) -> list[list[str]]:
    return [
        sorted(entity.entity_id for entity in snapshot.select(goal.targets))
        for goal in spec.goals
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn off the lamp"),
        ("en", "switch the lamp off in the study"),
        ("de", "schalte die Lampe aus"),
    ],
)
def test_a_lamp_is_not_every_light(language: str, text: str) -> None:
    """Home Assistant's sentences take "lamp" for "light"; only the lamp goes off."""
    snapshot = _den()
    spec = _translate(text, snapshot, language)
    assert [goal.type for goal in spec.goals] == [GoalType.TURN_OFF]
    assert _targets(spec, snapshot) == [["light.standing_lamp"]]


@pytest.mark.parametrize(
    ("ceiling", "lamp", "goal_type"),
    [
        ("on", "off", GoalType.TURN_ON),  # some light is off: lights on
        ("on", "on", GoalType.SET_BRIGHTNESS),  # all on already: brighter
    ],
)
def test_too_dark_switches_on_before_brightening(
    ceiling: str, lamp: str, goal_type: GoalType
) -> None:
    """A complaint about the dark turns lights on where some are off."""
    snapshot = _den(ceiling, lamp)
    spec = _translate("it's a bit dark in here", snapshot)
    assert [goal.type for goal in spec.goals] == [goal_type]
    assert _targets(spec, snapshot) == [["light.standing_lamp", "light.study_ceiling"]]


def test_a_complaint_with_a_change_follows_the_change() -> None:
    """ "Too dark, make it brighter": brighter, even where a light is off."""
    snapshot = _den("on", "off")
    spec = _translate("it's too dark, make it brighter", snapshot)
    assert [goal.type for goal in spec.goals] == [GoalType.SET_BRIGHTNESS]
    assert spec.goals[0].params == {"brightness_step_pct": 20}


@pytest.mark.parametrize(
    ("text", "goal_type", "params"),
    [
        # "sure" is no slip of "secure" (lock): one slip changes the length by one.
        ("make sure the kitchen lights are off", GoalType.TURN_OFF, {}),
        # "lights" said in the plural is the noun, not the start of "light pink".
        ("turn the kitchen lights pink", GoalType.SET_COLOR, {"color_name": "pink"}),
        # An inflected verb that starts a phrase of its own stays that phrase.
        ("i am turning in", GoalType.ROUTINE, {"name": "bedtime"}),
    ],
)
def test_words_keep_their_meaning(
    text: str, goal_type: GoalType, params: dict[str, object]
) -> None:
    """Corrections and inflections never change what a word means."""
    spec = _translate(text, home("en"), area=None)
    assert [(goal.type, goal.params) for goal in spec.goals] == [(goal_type, params)]


def test_unknown_words_beside_unknown_words_are_not_corrected() -> None:
    """ "Rice cooker plug": "cooker" is part of an unknown name, not a slip of "cooler"."""
    spec = _translate("turn off the rice cooker plug", home("en"), area=None)
    assert spec.goals == []
    assert spec.unresolved == ["There is no rice cooker plug in this home."]


@pytest.mark.parametrize(
    "text", ["it is dark, i need more light, please", "Vacuum cleaner, start!"]
)
def test_fragments_are_read_together(text: str) -> None:
    """Pieces that alone are not understood are read as one request."""
    spec = _translate(text, home("en"), area="living_room")
    assert len(spec.goals) == 1
    assert spec.unresolved == []


def test_unknown_words_need_a_known_device() -> None:
    """Words passed over are only safe beside a device: "everything" is not one."""
    spec = _translate("start all the gizmos everywhere", home("en"), area=None)
    assert spec.goals == []


def test_lexicon_words_are_text() -> None:
    """An unquoted ``off`` in a lexicon file is a truth value in YAML: refused."""
    with pytest.raises(TypeError, match="quotes"):
        _load({"negations": ["not", False]}, "en")


def test_a_number_said_after_a_device_picks_the_one_called_so() -> None:
    """ "Socket 2" is the device named so; one the home lacks is asked about."""
    snapshot = ContextSnapshot(
        now=NOW,
        areas={"study": AreaInfo(area_id="study", name="Study")},
        entities={
            f"switch.socket_{number}": EntityInfo(
                f"switch.socket_{number}",
                f"Socket {number}",
                area_id="study",
                device_class="outlet",
            )
            for number in (2, 3)
        },
    )
    spec = _translate("kill socket 2", snapshot)
    assert _targets(spec, snapshot) == [["switch.socket_2"]]
    spec = _translate("kill socket 4", snapshot)
    assert spec.goals == []
    assert spec.unresolved == ["There is no socket 4 in this home."]


@pytest.mark.parametrize(
    ("text", "goal_type", "unresolved"),
    [
        # What a vacuum cleans, said without a verb, asks for the vacuum.
        ("the floor is dirty", GoalType.VACUUM_START, []),
        # A place the home lacks, with no device said.
        (
            "optimise energy in the conservatory",
            None,
            ["There is no place called “conservatory” here."],
        ),
    ],
)
def test_surfaces_and_unknown_places(
    text: str, goal_type: GoalType | None, unresolved: list[str]
) -> None:
    """A surface alone means the vacuum; a place alone that the home lacks is said."""
    spec = _translate(text, home("en"), area=None)
    assert [goal.type for goal in spec.goals] == ([goal_type] if goal_type else [])
    assert spec.unresolved == unresolved
