"""Asking back: notes that name candidates, and the question in the request's language."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.intake.clarify import (
    Candidate,
    ambiguity_note,
    is_missing,
    missing_note,
    parse_ambiguity,
    partial_note,
    place_note,
    question,
    refusal_note,
    room_note,
)
from custom_components.orchestration.core.intake.interpret import KIND_LABELS
from custom_components.orchestration.core.intake.lexicon import KINDS

LAMPS = [
    Candidate("Lamp", "Bedroom", "light.bedroom_lamp"),
    Candidate("Lamp", None, "light.spare_lamp"),
]


def test_ambiguity_note_round_trip() -> None:
    """The note names every candidate, and reads back as the same candidates."""
    note = ambiguity_note("lamp", LAMPS)
    assert note == (
        "which 'lamp' did you mean: Lamp (Bedroom, light.bedroom_lamp) or "
        "Lamp (no area, light.spare_lamp)?"
    )
    assert parse_ambiguity(note) == ("lamp", LAMPS)
    assert parse_ambiguity("not understood: 'lamp'") is None
    assert parse_ambiguity("which 'lamp' did you mean: nothing?") is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Which lamp do you mean: Lamp in Bedroom or Lamp?"),
        ("en-GB", "Which lamp do you mean: Lamp in Bedroom or Lamp?"),
        ("de", "Welches Gerät meinst du mit „lamp“: Lamp (Bedroom) oder Lamp?"),
        ("fr", "Which lamp do you mean: Lamp in Bedroom or Lamp?"),
    ],
)
def test_question_in_the_request_language(language: str, expected: str) -> None:
    """English and German; other languages get English."""
    notes = ["not understood: 'x'", ambiguity_note("lamp", LAMPS)]
    assert question(notes, language) == expected


def test_many_candidates_are_summarised() -> None:
    """Beyond four, the rest is counted, not read out."""
    many = [Candidate(f"Lamp {n}", None, f"light.lamp_{n}") for n in range(6)]
    asked = question([ambiguity_note("lamp", many)], "en")
    assert asked == (
        "Which lamp do you mean: Lamp 0, Lamp 1, Lamp 2, Lamp 3 or one of 2 others?"
    )


def test_missing_and_room_questions() -> None:
    """A room without the device is said; "here" without a room asks for one."""
    note = missing_note("fan", "Kitchen")
    assert is_missing(note)
    assert not is_missing(room_note("lights"))
    assert question([note], "en") == "There is no fan in Kitchen, so I did nothing."
    assert question([note], "de") == (
        "In Kitchen gibt es nichts, was zu „fan“ passt. Ich habe nichts getan."
    )
    assert question([room_note("lights")], "de") == "Welchen Raum meinst du?"
    assert question(["not understood: 'x'"], "en") is None
    assert question([], "en") is None


def test_unknown_place_question() -> None:
    """A place the home lacks is said back in the request's language."""
    note = place_note("pantry")
    assert (
        question([note], "en")
        == "There is no place called pantry here, so I did nothing."
    )
    assert question([note], "de") == (
        "Einen Ort „pantry“ gibt es hier nicht. Ich habe nichts getan."
    )


@pytest.mark.parametrize(
    ("reason", "words", "note"),
    [
        ("question", "", "a question, not a command: nothing was done"),
        ("condition", "if", "a condition ('if') that cannot be checked now"),
        ("exclusion", "except", "an exception ('except') that is not understood"),
        ("time", "daily", "a time ('daily') that could not be placed"),
        ("negation", "", "a request not to do something"),
        ("purchase", "order", "an order ('order'), not a device command"),
        ("several", "red, blue", "several values (red, blue) for one change"),
        ("contradiction", "", "both on and off"),
        ("effect", "rainbow", "a light effect ('rainbow')"),
        ("reference", "next to tv", "'next to tv' does not say which device"),
    ],
)
def test_refusals_say_why_nothing_was_done(reason: str, words: str, note: str) -> None:
    """Each reason has its note; none of them is a question to answer."""
    said = refusal_note(reason, words)
    assert said.startswith(note)
    assert said.endswith("nothing was done")
    assert question([said, partial_note()], "en") is None


def test_every_device_kind_has_a_label() -> None:
    """Notes name any kind of device (a missing label was a KeyError on 'lamp')."""
    assert set(KIND_LABELS) == set(KINDS)
