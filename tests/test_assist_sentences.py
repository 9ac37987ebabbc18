"""Tests of the Assist sentence files and their matcher (pure, no hass)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.conversation.trigger import (
    has_no_punctuation,
    has_one_non_empty_item,
)
import pytest

from custom_components.orchestration.assist_sentences import (
    CommandKind,
    SentenceMatcher,
    load_sentences,
    primary_language,
)

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def matcher() -> SentenceMatcher:
    return SentenceMatcher(load_sentences())


@pytest.mark.parametrize(
    ("text", "kind", "language"),
    [
        ("optimize energy in the living room", CommandKind.PLAN, "en"),
        ("Optimise the energy usage.", CommandKind.PLAN, "en"),
        ("run the dishwasher when power is cheapest", CommandKind.PLAN, "en"),
        (
            "Run the dishwasher when power is cheapest before 7 am.",
            CommandKind.PLAN,
            "en",
        ),
        ("start the washing machine before 7am", CommandKind.PLAN, "en"),
        ("charge the car as cheaply as possible", CommandKind.PLAN, "en"),
        ("turn off the lights when we are away", CommandKind.PLAN, "en"),
        ("preheat the living room to 21 degrees", CommandKind.PLAN, "en"),
        ("secure the house", CommandKind.PLAN, "en"),
        ("plan a movie night in the living room", CommandKind.PLAN, "en"),
        ("what would happen if I unlock the front door", CommandKind.PREVIEW, "en"),
        (
            "what would happen if I run the dishwasher when power is cheapest",
            CommandKind.PREVIEW,
            "en",
        ),
        ("Approve the plan.", CommandKind.APPROVE, "en"),
        ("approve the latest plan", CommandKind.APPROVE, "en"),
        ("reject the plan", CommandKind.REJECT, "en"),
        ("cancel the plan", CommandKind.CANCEL, "en"),
        ("optimiere die Energie im Wohnzimmer", CommandKind.PLAN, "de"),
        ("Optimiere den Energieverbrauch im Wohnzimmer.", CommandKind.PLAN, "de"),
        ("im Wohnzimmer Energie sparen", CommandKind.PLAN, "de"),
        (
            "Starte die Spülmaschine, wenn der Strom am günstigsten ist.",
            CommandKind.PLAN,
            "de",
        ),
        ("lass die Waschmaschine vor 7 Uhr laufen", CommandKind.PLAN, "de"),
        ("sichere das Haus", CommandKind.PLAN, "de"),
        (
            "was würde passieren wenn ich die Haustür aufschließe",
            CommandKind.PREVIEW,
            "de",
        ),
        ("genehmige den Plan", CommandKind.APPROVE, "de"),
        ("Plan genehmigen", CommandKind.APPROVE, "de"),
        ("lehne den Plan ab", CommandKind.REJECT, "de"),
        ("brich den letzten Plan ab", CommandKind.CANCEL, "de"),
        ("Plan abbrechen", CommandKind.CANCEL, "de"),
        ("any suggestions?", CommandKind.SUGGESTIONS, "en"),
        ("Do you have any new suggestions?", CommandKind.SUGGESTIONS, "en"),
        ("what do you suggest", CommandKind.SUGGESTIONS, "en"),
        ("read me the suggestions", CommandKind.SUGGESTIONS, "en"),
        ("accept the suggestion", CommandKind.ACCEPT_SUGGESTION, "en"),
        ("take the latest suggestion", CommandKind.ACCEPT_SUGGESTION, "en"),
        ("dismiss the suggestion", CommandKind.DISMISS_SUGGESTION, "en"),
        ("ignore that suggestion", CommandKind.DISMISS_SUGGESTION, "en"),
        ("snooze the suggestion", CommandKind.SNOOZE_SUGGESTION, "en"),
        ("remind me about the suggestion later", CommandKind.SNOOZE_SUGGESTION, "en"),
        ("Gibt es Vorschläge?", CommandKind.SUGGESTIONS, "de"),
        ("hast du neue Vorschläge", CommandKind.SUGGESTIONS, "de"),
        ("was schlägst du vor", CommandKind.SUGGESTIONS, "de"),
        ("lies mir die Vorschläge vor", CommandKind.SUGGESTIONS, "de"),
        ("nimm den Vorschlag an", CommandKind.ACCEPT_SUGGESTION, "de"),
        ("Vorschlag annehmen", CommandKind.ACCEPT_SUGGESTION, "de"),
        ("verwirf den Vorschlag", CommandKind.DISMISS_SUGGESTION, "de"),
        ("lehne den Vorschlag ab", CommandKind.DISMISS_SUGGESTION, "de"),
        ("stell den Vorschlag zurück", CommandKind.SNOOZE_SUGGESTION, "de"),
        ("erinnere mich später", CommandKind.SNOOZE_SUGGESTION, "de"),
    ],
)
def test_orchestration_sentences_match(
    matcher: SentenceMatcher, text: str, kind: CommandKind, language: str
) -> None:
    command = matcher.match(text, language)
    assert command is not None
    assert (command.kind, command.language, command.text) == (kind, language, text)


@pytest.mark.parametrize(
    "text",
    [
        "turn on the kitchen light",
        "turn off the lights in the living room",
        "set the temperature to 21 degrees",
        "what is the temperature in the living room",
        "unlock the front door",
        "lock the front door",
        "open the garage door",
        "start the vacuum",
        "set a timer for 5 minutes",
        "turn off the lights in 5 minutes",
        "cancel the timer",
        "what time is it",
        "schalte das Licht in der Küche ein",
        "mach das Licht im Wohnzimmer an",
        "schließe die Haustür auf",
        "öffne das Garagentor",
        "stelle einen Timer auf 5 Minuten",
        "wie spät ist es",
    ],
)
def test_device_commands_stay_with_home_assistant(
    matcher: SentenceMatcher, text: str
) -> None:
    assert matcher.match(text, "en") is None


def test_preview_keeps_only_the_hypothetical_part(matcher: SentenceMatcher) -> None:
    english = matcher.match("What would happen if I unlock the front door?", "en")
    german = matcher.match("Was würde passieren, wenn ich die Haustür aufschließe?")
    plain = matcher.match("what if the dishwasher runs now", "en")

    assert english is not None
    assert english.intent == "unlock the front door"
    assert german is not None
    assert german.intent == "die Haustür aufschließe"
    assert plain is not None
    assert plain.intent == "the dishwasher runs now"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("make a plan to unlock the front door", "unlock the front door"),
        ("plan a movie night in the living room", "a movie night in the living room"),
        (
            "Erstelle einen Plan um die Haustür aufzuschließen",
            "die Haustür aufzuschließen",
        ),
        ("run the dishwasher when power is cheapest", None),
        ("optimize energy in the living room", None),
        ("approve the plan", None),
    ],
)
def test_only_a_wrapped_request_is_cut_out(
    matcher: SentenceMatcher, text: str, intent: str | None
) -> None:
    command = matcher.match(text)

    assert command is not None
    assert command.intent == intent


def test_other_language_is_tried_after_the_preferred_one(
    matcher: SentenceMatcher,
) -> None:
    command = matcher.match("approve the plan", "de-DE")

    assert command is not None
    assert command.language == "en"


def test_every_template_is_a_valid_conversation_trigger(
    matcher: SentenceMatcher,
) -> None:
    templates = matcher.all_templates()

    assert set(matcher.languages) >= {"en", "de"}
    assert has_one_non_empty_item(templates) == templates
    assert has_no_punctuation(templates) == templates


def test_every_language_answers_the_same_keys(matcher: SentenceMatcher) -> None:
    english = matcher.languages["en"]
    for sentences in matcher.languages.values():
        assert set(sentences.sentences) == set(CommandKind)
        assert set(sentences.responses) == set(english.responses)
        assert set(sentences.errors) == set(english.errors)


def test_load_sentences_reads_each_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "xx.yaml").write_text(
        "language: xx\nsentences:\n  approve: ['ok plan']\n", encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")

    languages = load_sentences(tmp_path)

    assert list(languages) == ["xx"]
    assert languages["xx"].sentences == {CommandKind.APPROVE: ["ok plan"]}
    assert languages["xx"].responses == {}
    assert SentenceMatcher(languages).match("ok plan") is not None


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de-CH", "de"), ("en_GB", "en"), ("EN", "en"), ("", None), (None, None)],
)
def test_primary_language(language: str | None, expected: str | None) -> None:
    assert primary_language(language) == expected
