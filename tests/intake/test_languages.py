"""Device commands in the languages Home Assistant ships sentences for."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.intake.language import (
    load_language,
    match_language,
    supported_languages,
)
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    GoalType,
)

NOW = datetime(2026, 1, 12, 13, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module."""
    return IntentTranslator()


def _home(kitchen: str, ceiling: str, door: str) -> ContextSnapshot:
    return ContextSnapshot(
        now=NOW,
        areas={"kitchen": AreaInfo(area_id="kitchen", name=kitchen)},
        entities={
            "light.ceiling": EntityInfo("light.ceiling", ceiling, area_id="kitchen"),
            "light.counter": EntityInfo("light.counter", "Counter", area_id="kitchen"),
            "lock.front": EntityInfo("lock.front", door),
        },
    )


@pytest.mark.parametrize(
    ("language", "names", "text", "goal_type", "entity_ids"),
    [
        (
            "fr",
            ("Cuisine", "Plafonnier", "Porte d'entrée"),
            "éteins les lumières de la cuisine",
            GoalType.TURN_OFF,
            ["light.ceiling", "light.counter"],
        ),
        (
            "fr",
            ("Cuisine", "Plafonnier", "Porte d'entrée"),
            "verrouille la porte d'entrée",
            GoalType.LOCK,
            ["lock.front"],
        ),
        (
            "nl",
            ("Keuken", "Plafondlamp", "Voordeur"),
            "zet de lampen in de keuken uit",
            GoalType.TURN_OFF,
            ["light.ceiling", "light.counter"],
        ),
        (
            "nl",
            ("Keuken", "Plafondlamp", "Voordeur"),
            "doe de voordeur op slot",
            GoalType.LOCK,
            ["lock.front"],
        ),
        (
            "es",
            ("Cocina", "Lámpara", "Puerta"),
            "enciende la lámpara",
            GoalType.TURN_ON,
            ["light.ceiling"],
        ),
        (
            "it",
            ("Cucina", "Lampadario", "Porta"),
            "spegni le luci in cucina",
            GoalType.TURN_OFF,
            ["light.ceiling", "light.counter"],
        ),
        (
            "pl",
            ("Kuchnia", "Lampa", "Drzwi"),
            "włącz lampa",
            GoalType.TURN_ON,
            ["light.ceiling"],
        ),
    ],
)
def test_other_languages(
    translator: IntentTranslator,
    language: str,
    names: tuple[str, str, str],
    text: str,
    goal_type: GoalType,
    entity_ids: list[str],
) -> None:
    """Home Assistant's sentences of other languages give the same goals."""
    snapshot = _home(*names)
    spec = translator.translate(text, language=language, snapshot=snapshot, now=NOW)
    assert [goal.type for goal in spec.goals] == [goal_type], spec.unresolved
    selected = [entity.entity_id for entity in snapshot.select(spec.goals[0].targets)]
    assert selected == entity_ids


def test_every_shipped_language_loads() -> None:
    """Each language's device sentences compile and pass through the pre-filter."""
    languages = supported_languages()
    assert len(languages) > 40
    for language in languages:
        data = load_language(language)
        assert data is not None, language
        assert data.device.all_intents.intents, language


@pytest.mark.parametrize(
    ("requested", "found"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("de_DE", "de"),
        ("de-CH", "de-CH"),
        ("pt", "pt"),
        ("sr-Latn", "sr-Latn"),
        ("xx", None),
        ("", None),
    ],
)
def test_match_language(requested: str, found: str | None) -> None:
    """Language tags find the sentence data Home Assistant would use."""
    assert match_language(requested) == found


def test_prepare() -> None:
    """A language can be loaded ahead of use; an unknown one says so."""
    translator = IntentTranslator()
    assert translator.prepare("de-DE") is True
    assert translator.prepare("xx") is False
    snapshot = _home("Küche", "Deckenlampe", "Haustür")
    spec = translator.translate(
        "schalte die Deckenlampe aus", language="de", snapshot=snapshot, now=NOW
    )
    assert [goal.type for goal in spec.goals] == [GoalType.TURN_OFF]
