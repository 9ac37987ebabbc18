"""Asking back: notes that name candidates, and the question in the request's language."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.intake.clarify import (
    THIS_HOME,
    Candidate,
    ambiguity_note,
    is_missing,
    missing_note,
    question,
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


def test_every_device_kind_has_a_label() -> None:
    """Notes name any kind of device (a missing label was a KeyError on 'lamp')."""
    assert set(KIND_LABELS) == set(KINDS)
