"""Device commands through hassil and Home Assistant's sentences (DESIGN §5 mapping)."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import (
    ContextSnapshot,
    GoalType,
    TaskSpec,
    TriggerType,
)

from .homes import NOW, home

HOME = home("en")


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module: sentence data loads once."""
    return IntentTranslator()


def _translate(
    translator: IntentTranslator,
    text: str,
    *,
    area: str | None = None,
    snapshot: ContextSnapshot = HOME,
) -> TaskSpec:
    return translator.translate(
        text, language="en", snapshot=snapshot, now=NOW, context_area_id=area
    )


def _selected(spec: TaskSpec, index: int = 0) -> list[str]:
    return [entity.entity_id for entity in HOME.select(spec.goals[index].targets)]


@pytest.mark.parametrize(
    ("text", "area", "goal_type", "entity_ids", "params"),
    [
        (
            "turn off the kitchen lights",
            None,
            GoalType.TURN_OFF,
            ["light.hidden", "light.kitchen_ceiling", "light.kitchen_counter"],
            {},
        ),
        (
            "set the living room lights to 50%",
            None,
            GoalType.SET_BRIGHTNESS,
            ["light.living_room_ceiling", "light.living_room_lamp"],
            {"brightness_pct": 50},
        ),
        (
            "set the thermostat to 21 degrees",
            None,
            GoalType.SET_TEMPERATURE,
            ["climate.thermostat"],
            {"temperature": 21.0},
        ),
        ("close the garage door", None, GoalType.CLOSE, ["cover.garage_door"], {}),
        ("open the garage door", None, GoalType.OPEN, ["cover.garage_door"], {}),
        ("lock the front door", None, GoalType.LOCK, ["lock.front_door"], {}),
        ("unlock the back door", None, GoalType.UNLOCK, ["lock.back_door"], {}),
        ("pause the TV", None, GoalType.MEDIA_PAUSE, ["media_player.tv"], {}),
        ("pause the television", None, GoalType.MEDIA_PAUSE, ["media_player.tv"], {}),
        ("next track on the TV", None, GoalType.MEDIA_NEXT, ["media_player.tv"], {}),
        ("resume the TV", None, GoalType.MEDIA_PLAY, ["media_player.tv"], {}),
        (
            "set TV volume to 30 percent",
            None,
            GoalType.SET_VOLUME,
            ["media_player.tv"],
            {"volume_pct": 30},
        ),
        (
            "set the reading lamp color to red",
            None,
            GoalType.SET_COLOR,
            ["light.living_room_lamp"],
            {"color_name": "red"},
        ),
        (
            "set the living room blinds to 40%",
            None,
            GoalType.SET_POSITION,
            ["cover.living_room_blinds"],
            {"position": 40},
        ),
        (
            "activate movie night",
            None,
            GoalType.ACTIVATE_SCENE,
            ["scene.movie_night"],
            {},
        ),
        ("run good night script", None, GoalType.RUN_SCRIPT, ["script.good_night"], {}),
        ("start robbie", None, GoalType.VACUUM_START, ["vacuum.robot"], {}),
        (
            "return robot vacuum to base",
            None,
            GoalType.VACUUM_RETURN,
            ["vacuum.robot"],
            {},
        ),
        ("turn on the porch", None, GoalType.TURN_ON, ["light.porch"], {}),
        (
            "turn off the lights upstairs",
            None,
            GoalType.TURN_OFF,
            ["light.bedroom_lamp", "light.office_lamp"],
            {},
        ),
        (
            "turn on the lights",
            "kitchen",
            GoalType.TURN_ON,
            ["light.hidden", "light.kitchen_ceiling", "light.kitchen_counter"],
            {},
        ),
        # Two entities are called "Lamp": the area the request came from picks one.
        ("turn on the lamp", "office", GoalType.TURN_ON, ["light.office_lamp"], {}),
        (
            "turn on the lamp in the bedroom",
            None,
            GoalType.TURN_ON,
            ["light.bedroom_lamp"],
            {},
        ),
    ],
)
def test_device_commands(
    translator: IntentTranslator,
    text: str,
    area: str | None,
    goal_type: GoalType,
    entity_ids: list[str],
    params: dict[str, Any],
) -> None:
    """Each command becomes one goal with the mapped type, targets and parameters."""
    spec = _translate(translator, text, area=area)
    assert [goal.type for goal in spec.goals] == [goal_type], spec.unresolved
    assert _selected(spec) == entity_ids
    assert spec.goals[0].params == params
    assert spec.unresolved == []
    assert spec.confidence > 0.5
    assert spec.intent == text
    assert spec.language == "en"
    assert spec.trigger_type is TriggerType.USER_REQUEST


def test_named_entity_is_targeted_by_id(translator: IntentTranslator) -> None:
    """A spoken name becomes ``entity_ids``, not an area or domain restriction."""
    spec = _translate(translator, "turn off the reading lamp")
    targets = spec.goals[0].targets
    assert targets.entity_ids == ["light.living_room_lamp"]
    assert targets.area_ids == []
    assert targets.domains == []
    assert targets.floor_ids == []


def test_area_command_keeps_restrictions(translator: IntentTranslator) -> None:
    """Area plus domain stay restrictions that ``select`` expands."""
    targets = _translate(translator, "turn off the kitchen lights").goals[0].targets
    assert targets.area_ids == ["kitchen"]
    assert targets.domains == ["light"]
    assert targets.entity_ids == []


def test_ambiguous_name_names_both(translator: IntentTranslator) -> None:
    """Two entities called "Lamp" and no area to decide: no goal, both named."""
    spec = _translate(translator, "turn on the lamp")
    assert spec.goals == []
    assert len(spec.unresolved) == 1
    assert spec.unresolved[0] == (
        "Which lamp do you mean: Lamp in Bedroom or Lamp in Office?"
    )
    assert spec.confidence < 0.5


def test_unexposed_entity_is_not_named(translator: IntentTranslator) -> None:
    """Entities hidden from Assist cannot be addressed by name."""
    spec = _translate(translator, "turn on the hidden light")
    assert spec.goals == []
    assert spec.unresolved == ["“Hidden light” is not exposed to Assist."]


def test_vocabulary_follows_the_home(translator: IntentTranslator) -> None:
    """A renamed entity is found under its new name on the next call."""
    renamed = home("en")
    renamed.entities["light.porch"].name = "Lantern"
    renamed.entities["light.porch"].aliases = []
    assert _translate(translator, "turn on the lantern").goals == []
    spec = _translate(translator, "turn on the lantern", snapshot=renamed)
    assert spec.goals[0].targets.entity_ids == ["light.porch"]


def test_supported_languages(translator: IntentTranslator) -> None:
    """Every language Home Assistant ships sentences for is offered."""
    languages = translator.supported_languages()
    assert {"en", "de", "fr", "nl"} <= set(languages)


@pytest.mark.parametrize("language", ["en-US", "EN", "en_GB"])
def test_language_variants(translator: IntentTranslator, language: str) -> None:
    """Regional tags find the language's sentences."""
    spec = translator.translate(
        "lock the front door", language=language, snapshot=HOME, now=NOW
    )
    assert [goal.type for goal in spec.goals] == [GoalType.LOCK]
    assert spec.language == language


def test_repeated_commands_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Repeats come from the recognition cache, with the same result; it stays small."""
    from custom_components.orchestration.core.intake import (
        translator as module,
    )

    monkeypatch.setattr(module, "MATCH_CACHE_SIZE", 2)
    translator = IntentTranslator()
    texts = ["lock the front door", "pause the TV", "turn on the porch", "pause the TV"]
    specs = [_translate(translator, text) for text in texts]
    assert specs[1] == specs[3]
    assert [spec.goals[0].type for spec in specs] == [
        GoalType.LOCK,
        GoalType.MEDIA_PAUSE,
        GoalType.TURN_ON,
        GoalType.MEDIA_PAUSE,
    ]
    assert len(translator._matches) == 2
