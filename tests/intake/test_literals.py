"""The template pre-filter: fewer templates tried, the same matches found."""

from __future__ import annotations

from typing import Any

from hassil.intents import TextSlotList
from hassil.parse_expression import parse_sentence
from hassil.recognize import recognize_best
import pytest

from custom_components.orchestration.core.intake.language import load_language
from custom_components.orchestration.core.intake.literals import (
    RulePruner,
    TextWords,
    required_words,
)
from custom_components.orchestration.core.intake.vocabulary import HomeVocabulary

from .homes import home


def _clauses(template: str, rules: dict[str, Any] | None = None, **lists: Any) -> set:
    return set(required_words(parse_sentence(template), rules or {}, lists))


def test_words_of_a_template() -> None:
    """Every literal word is needed, an alternative needs one of its words."""
    assert _clauses("Stelle [die ]Temperatur (auf|zu) {temperature}") == {
        frozenset({"stelle"}),
        frozenset({"temperatur"}),
        frozenset({"auf", "zu"}),
    }
    # An optional part, a list of the home or a number needs nothing.
    assert _clauses("[bitte ]{name} {brightness}") == set()


def test_words_of_rules_and_fixed_lists() -> None:
    """Rules are followed; a fixed list needs one of its values."""
    rules = {"an": parse_sentence("(an|ein)[schalten]")}
    colours = TextSlotList.from_strings(["rot", "dunkel blau"])
    assert _clauses("{color} <an>", rules, color=colours) == {
        frozenset({"rot", "dunkel"}),
        frozenset({"an", "ein"}),
    }
    # Each alternative contributes its sharpest clause: here one word each.
    assert _clauses("(mach das licht|licht) aus") == {
        frozenset({"licht"}),
        frozenset({"aus"}),
    }


def test_text_words() -> None:
    """Words are found inside other words and across hyphens, as the matcher does."""
    words = TextWords("Wohnzimmer-Licht einschalten")
    assert words.satisfies([frozenset({"zimmer licht"})])
    assert words.satisfies([frozenset({"ein"}), frozenset({"licht", "lampe"})])
    assert not words.satisfies([frozenset({"aus"})])


def test_pruned_rules_keep_what_the_text_can_match() -> None:
    """Alternatives needing an absent word are dropped; a dead rule matches nothing."""
    rules = {
        "verb": parse_sentence("(schalte|mach|dreh)"),
        "dead": parse_sentence("(öffne|schließe)"),
    }
    pruner = RulePruner(rules)
    template = parse_sentence("<verb> das licht an")
    assert pruner.references(template) == frozenset({"verb"})
    pruned = pruner.rules_for(TextWords("mach das licht an"), {"verb", "dead"})
    assert _clauses("<verb>", pruned) == {frozenset({"mach"})}
    assert required_words(pruned["dead"], {}, {}) == ()
    # Unnamed rules are handed over unchanged.
    assert pruner.rules_for(TextWords("x"), set())["verb"] is rules["verb"]


# Written for this test: everyday commands, some with hyphens, compounds, numbers and
# skip words, and some that must match nothing.
SENTENCES = {
    "en": [
        "turn on the kitchen ceiling",
        "switch off all the lights in the kitchen",
        "set the living room ceiling to 40% brightness",
        "please turn the lights in the bedroom off",
        "what is the temperature in the living room",
        "close the garage door",
        "set the thermostat to twenty-one degrees",
        "open the living room blinds halfway",
        "lock the front door",
        "make the kitchen counter blue",
        "recite a poem about cheese",
        "",
    ],
    "de": [
        "Schalte das Licht in der Küche ein",
        "mach bitte die Küchendecke aus",
        "Stelle die Temperatur im Wohnzimmer auf 21 Grad",
        "Wohnzimmer-Rollo schließen",
        "Öffne das Garagentor",
        "Dimme die Leselampe auf 30 Prozent",
        "Wie warm ist es im Schlafzimmer",
        "Schalte alle Lichter im Erdgeschoss aus",
        "Färbe die Küchentheke rot",
        "Sperre die Haustür ab",
        "erzähl mir einen Witz",
    ],
}


@pytest.mark.parametrize(
    ("language", "sentence"),
    [(language, text) for language, texts in SENTENCES.items() for text in texts],
)
def test_candidates_match_like_hassil_alone(language: str, sentence: str) -> None:
    """The filtered recogniser finds exactly what hassil finds with every template."""
    data = load_language(language)
    assert data is not None
    vocabulary = HomeVocabulary.build(home(language))
    lists, present = vocabulary.slot_lists(sentence)
    full = _every_value(vocabulary)
    for stage in (data.goals, data.device, data.queries):
        assert stage is not None
        expected = recognize_best(
            sentence,
            stage.all_intents,
            slot_lists=full,
            language=language,
            best_slot_name="name",
        )
        candidates = stage.candidates(sentence, present | {"number"})
        found = (
            None
            if candidates is None
            else recognize_best(
                sentence,
                candidates,
                slot_lists=lists,
                language=language,
                best_slot_name="name",
            )
        )
        assert _summary(found) == _summary(expected)


def _every_value(vocabulary: HomeVocabulary) -> dict[str, TextSlotList]:
    """Every name, area and floor of the home, as hassil gets them without a filter."""
    return {
        name: TextSlotList(name=name, values=[value for _, value in keyed])
        for name, keyed in (
            ("area", vocabulary.area_values),
            ("floor", vocabulary.floor_values),
            ("name", vocabulary.name_values),
        )
    }


def _summary(result: Any) -> tuple[str, dict[str, Any]] | None:
    if result is None:
        return None
    return result.intent.name, {
        name: entity.value for name, entity in result.entities.items()
    }
