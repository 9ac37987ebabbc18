"""Asking back: notes that name candidates, and the question in the request's language."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.intake.clarify import (
    THIS_HOME,
    Candidate,
    ambiguity_note,
    is_missing,
    missing_note,
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


def test_ambiguity_note_names_the_candidates() -> None:
    """The note names every candidate by name and room, in the request's language."""
    note = ambiguity_note("lamp", LAMPS)
    assert note == "Which lamp do you mean: Lamp in Bedroom or Lamp?"
    assert note.localized("de") == (
        "Welches Gerät meinst du mit „lamp“: Lamp (Bedroom) oder Lamp?"
    )
    assert "light." not in note


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
    notes = ["plain text", ambiguity_note("lamp", LAMPS)]
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
    assert question(["plain text"], "en") is None
    assert question([], "en") is None
    home = missing_note("fan", THIS_HOME)
    assert home == "There is no fan in this home."
    assert question([home], "de") == (
        "In diesem Zuhause gibt es nichts, was zu „fan“ passt. Ich habe nichts getan."
    )


def test_unknown_place_question() -> None:
    """A place the home lacks is said back in the request's language."""
    note = place_note("pantry")
    assert note == "There is no place called “pantry” here."
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
        ("question", "", "This is a question, not a command"),
        ("condition", "if", "“if” is a condition that cannot be checked now"),
        ("exclusion", "except", "The exception “except” was not understood"),
        ("time", "daily", "The time “daily” could not be placed"),
        ("negation", "", "This asks not to do something"),
        ("purchase", "order", "“order” is a matter for a shop, not a device here"),
        ("several", "red, blue", "Several values (red, blue) were given"),
        ("contradiction", "", "This says both on and off"),
        ("effect", "rainbow", "No light can show the effect “rainbow”"),
        ("reference", "next to tv", "“next to tv” does not say which device"),
    ],
)
def test_refusals_say_why_nothing_was_done(reason: str, words: str, note: str) -> None:
    """Each reason has its note; none of them is a question to answer."""
    said = refusal_note(reason, words)
    assert said.startswith(note)
    assert said.endswith("so nothing was done.")
    assert said.localized("de").endswith("daher wurde nichts getan.")
    assert question([said, partial_note()], "en") is None
    with pytest.raises(ValueError, match="unknown"):
        refusal_note("unknown", words)


def test_every_device_kind_has_a_label() -> None:
    """Notes name any kind of device (a missing label was a KeyError on 'lamp')."""
    assert set(KIND_LABELS) == set(KINDS)
