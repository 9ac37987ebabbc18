"""Asking back: the ``unresolved`` notes that name candidates, and the question to ask.

``unresolved`` is English (DESIGN §4); a note that asks "which one?" names every
candidate with its area and entity id, so a person reading the plan can decide. The
same note, read back by :func:`question`, becomes the question Assist asks in the
request's language. Both sides live here so the format has one owner.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Final

# At most this many candidates are named in a question; more are summarised.
MAX_CANDIDATES: Final = 4

_WHICH = re.compile(r"^which '(?P<spoken>.*)' did you mean: (?P<rest>.*)\?$", re.S)
_CANDIDATE = re.compile(
    r"(?:^| or )(?P<name>.+?) \((?P<area>[^()]*), (?P<entity_id>[a-z_]+\.[\w]+)\)"
)
_MISSING = re.compile(r"^there is no (?P<what>.+) in (?P<place>.+)$", re.S)
_NO_ROOM = re.compile(r"^which room\? '(?P<what>.*)' names no room here$", re.S)
_NO_PLACE = re.compile(r"^there is no place called '(?P<place>.*)' here$", re.S)
_NO_AREA = "no area"

_QUESTIONS: Final = {
    "en": {
        "which": "Which {spoken} do you mean: {options}?",
        "or": " or ",
        "in": "{name} in {area}",
        "more": "{shown} or one of {more} others",
        "missing": "There is no {what} in {place}, so I did nothing.",
        "room": "Which room do you mean?",
        "place": "There is no place called {place} here, so I did nothing.",
    },
    "de": {
        "which": "Welches Gerät meinst du mit „{spoken}“: {options}?",
        "or": " oder ",
        "in": "{name} ({area})",
        "more": "{shown} oder eines von {more} weiteren",
        "missing": "In {place} gibt es nichts, was zu „{what}“ passt. Ich habe nichts "
        "getan.",
        "room": "Welchen Raum meinst du?",
        "place": "Einen Ort „{place}“ gibt es hier nicht. Ich habe nichts getan.",
    },
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One device a name might mean."""

    name: str
    area: str | None
    entity_id: str


def ambiguity_note(spoken: str, candidates: list[Candidate]) -> str:
    """The ``unresolved`` note for a name that fits several devices."""
    described = " or ".join(
        f"{item.name} ({item.area or _NO_AREA}, {item.entity_id})"
        for item in candidates
    )
    return f"which '{spoken}' did you mean: {described}?"


def missing_note(what: str, place: str) -> str:
    """The ``unresolved`` note for a room that has no such device."""
    return f"there is no {what} in {place}"


_REFUSALS: Final = {
    "question": "a question, not a command: nothing was done",
    "condition": "a condition ('{words}') that cannot be checked now: nothing was done",
    "exclusion": "an exception ('{words}') that is not understood: nothing was done",
    "time": "a time ('{words}') that could not be placed: nothing was done",
    "negation": "a request not to do something: nothing was done",
    "purchase": "an order ('{words}'), not a device command: nothing was done",
    "several": "several values ({words}) for one change: nothing was done",
    "contradiction": "both on and off: nothing was done",
    "effect": "a light effect ('{words}') no light can be set to: nothing was done",
    "reference": "'{words}' does not say which device is meant: nothing was done",
}


def refusal_note(reason: str, words: str) -> str:
    """The ``unresolved`` note for a request that is not a command to carry out now.

    ``reason``: question, condition, exclusion, time, negation, purchase, several,
    contradiction, effect or reference; ``words``: what said so ("unless", "tomorrow").
    """
    return _REFUSALS[reason].format(words=words)


def partial_note() -> str:
    """The ``unresolved`` note when part of a request cannot be carried out."""
    return "nothing was done, because part of the request could not be carried out"


def place_note(place: str) -> str:
    """The ``unresolved`` note for a place the home does not have."""
    return f"there is no place called '{place}' here"


def room_note(what: str) -> str:
    """The ``unresolved`` note for "here" said where no room is known."""
    return f"which room? '{what}' names no room here"


def is_missing(note: str) -> bool:
    """Whether ``note`` says a place has no such device."""
    return _MISSING.match(note) is not None


def parse_ambiguity(note: str) -> tuple[str, list[Candidate]] | None:
    """The spoken name and its candidates, when ``note`` asks which one."""
    found = _WHICH.match(note)
    if found is None:
        return None
    candidates = [
        Candidate(
            name=match["name"],
            area=None if match["area"] == _NO_AREA else match["area"],
            entity_id=match["entity_id"],
        )
        for match in _CANDIDATE.finditer(found["rest"])
    ]
    return (found["spoken"], candidates) if candidates else None


def question(unresolved: list[str], language: str) -> str | None:
    """What to ask (in ``language``, English otherwise) to settle the first open point.

    None when no note asks something a person can answer.
    """
    words = _QUESTIONS.get(language.split("-", 1)[0].casefold(), _QUESTIONS["en"])
    for note in unresolved:
        if (parsed := parse_ambiguity(note)) is not None:
            spoken, candidates = parsed
            options = [
                words["in"].format(name=item.name, area=item.area)
                if item.area
                else item.name
                for item in candidates[:MAX_CANDIDATES]
            ]
            listed = words["or"].join(options)
            if len(candidates) > MAX_CANDIDATES:
                listed = words["more"].format(
                    shown=", ".join(options),
                    more=len(candidates) - MAX_CANDIDATES,
                )
            return words["which"].format(spoken=spoken, options=listed)
        if (missing := _MISSING.match(note)) is not None:
            return words["missing"].format(what=missing["what"], place=missing["place"])
        if _NO_ROOM.match(note) is not None:
            return words["room"]
        if (place := _NO_PLACE.match(note)) is not None:
            return words["place"].format(place=place["place"])
    return None
