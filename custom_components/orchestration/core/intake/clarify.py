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
_NO_AREA = "no area"

_QUESTIONS: Final = {
    "en": {
        "which": "Which {spoken} do you mean: {options}?",
        "or": " or ",
        "in": "{name} in {area}",
        "more": "{shown} or one of {more} others",
        "missing": "There is no {what} in {place}, so I did nothing.",
        "room": "Which room do you mean?",
    },
    "de": {
        "which": "Welches Gerät meinst du mit „{spoken}“: {options}?",
        "or": " oder ",
        "in": "{name} ({area})",
        "more": "{shown} oder eines von {more} weiteren",
        "missing": "In {place} gibt es nichts, was zu „{what}“ passt. Ich habe nichts "
        "getan.",
        "room": "Welchen Raum meinst du?",
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
    return None
