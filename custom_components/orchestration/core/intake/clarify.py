"""Asking back: the ``unresolved`` notes that name candidates, and the question to ask.

A note that asks "which one?" names every candidate with its area, so a person
reading the plan can decide. Notes are messages of the text catalogue (``intake.*``):
they read in the request's language, and :func:`question` turns the first one a
person can answer into what Assist asks back. Both sides live here so the notes
have one owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ..texts import Listing, Reason, Term, text

if TYPE_CHECKING:
    from collections.abc import Sequence

# At most this many candidates are named in a question; more are summarised.
MAX_CANDIDATES: Final = 4

#: Where a device was looked for when no place was said.
THIS_HOME: Final = Term("words.this_home")
#: What was looked for when no kind of device was said.
SUCH_DEVICE: Final = Term("words.devices")

_AMBIGUOUS: Final = "intake.ambiguous"
_MISSING: Final = "intake.missing"
_MISSING_ANY: Final = "intake.missing_any"
_NO_ROOM: Final = "intake.no_room"
_NO_PLACE: Final = "intake.no_place"
_WHICH_ROOM: Final = "intake.which_room"
_NOT_UNDERSTOOD: Final = "intake.not_understood"
_PARTIAL: Final = "intake.partial"
_INCAPABLE: Final = "intake.incapable"

#: Why a request that is not a command to carry out now was refused.
REFUSALS: Final = frozenset(
    {
        "question",
        "condition",
        "exclusion",
        "time",
        "negation",
        "purchase",
        "several",
        "contradiction",
        "effect",
        "reference",
        "shade",
        "tint",
        "content",
        "scale",
        "scale_degrees",
        "scale_open",
        "clock",
        "list",
        "hour",
        "statement",
        "unlivable",
        "big_step",
        "correction",
        "opposite",
        "maintenance",
    }
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One device a name might mean."""

    name: str
    area: str | None
    entity_id: str


@dataclass(frozen=True, slots=True)
class Candidates:
    """The devices a name might mean, as a person reads them out."""

    items: tuple[Candidate, ...]

    def render(self, language: str) -> str:
        """``Lamp in Bedroom or Lamp``; beyond four, the rest is counted."""
        options = [
            text("intake.candidate", language, name=item.name, area=item.area)
            if item.area
            else item.name
            for item in self.items[:MAX_CANDIDATES]
        ]
        if len(self.items) > MAX_CANDIDATES:
            return text(
                "intake.candidates_more",
                language,
                shown=", ".join(options),
                count=len(self.items) - MAX_CANDIDATES,
            )
        return f" {text('words.or', language)} ".join(options)


def ambiguity_note(spoken: Any, candidates: Sequence[Candidate]) -> Reason:
    """The ``unresolved`` note for a name that fits several devices."""
    return Reason(_AMBIGUOUS, spoken=spoken, candidates=Candidates(tuple(candidates)))


def missing_note(what: Any, place: Any) -> Reason:
    """The ``unresolved`` note for a place that has no such device.

    ``what`` and ``place`` are words of the request or of the catalogue (a
    :class:`~..texts.Term`, e.g. :data:`THIS_HOME`).
    """
    if what == SUCH_DEVICE:
        return Reason(_MISSING_ANY, place=place)
    return Reason(_MISSING, what=what, place=place)


def incapable_note(name: str) -> Reason:
    """The ``unresolved`` note for a device said by name that cannot do what was said."""
    return Reason(_INCAPABLE, name=name)


def refusal_note(reason: str, words: str) -> Reason:
    """The ``unresolved`` note for a request that is not a command to carry out now.

    ``reason``: one of :data:`REFUSALS` (question, condition, exclusion, time,
    negation, purchase, several, contradiction, effect, reference, shade, tint, content,
    scale, scale_degrees, scale_open, clock, hour,
    statement, unlivable, big_step, correction, opposite, maintenance); ``words``: what
    said so ("unless", "tomorrow").
    """
    if reason not in REFUSALS:
        raise ValueError(reason)
    return Reason(f"intake.refusals.{reason}", words=words)


def opposite_note(names: Sequence[str]) -> Reason:
    """The ``unresolved`` note for devices a request would leave in two states."""
    return Reason("intake.refusals.opposite", words=Listing(tuple(names)))


def not_understood_note(said: str) -> Reason:
    """The ``unresolved`` note for a part of a request neither layer understood."""
    return Reason(_NOT_UNDERSTOOD, text=said)


def is_not_understood(note: str) -> bool:
    """Whether ``note`` says that a part of a request was not understood."""
    return getattr(note, "key", None) == _NOT_UNDERSTOOD


def partial_note() -> Reason:
    """The ``unresolved`` note when part of a request cannot be carried out."""
    return Reason(_PARTIAL)


def is_partial(note: str) -> bool:
    """Whether ``note`` is :func:`partial_note` (in whichever language)."""
    return getattr(note, "key", None) == _PARTIAL


def place_note(place: str) -> Reason:
    """The ``unresolved`` note for a place the home does not have."""
    return Reason(_NO_PLACE, place=place)


def room_choice_note(spoken: str, rooms: Sequence[str]) -> Reason:
    """The ``unresolved`` note for a room word that fits several rooms of the home.

    "The living room" in a home with a Lounge and a Family Room: which one?
    """
    return Reason(
        _WHICH_ROOM,
        spoken=spoken,
        rooms=Candidates(tuple(Candidate(room, None, "") for room in rooms)),
    )


def room_note(what: str) -> Reason:
    """The ``unresolved`` note for "here" said where no room is known."""
    return Reason(_NO_ROOM, what=what)


def is_missing(note: str) -> bool:
    """Whether ``note`` says a place has no such device."""
    return getattr(note, "key", None) in (_MISSING, _MISSING_ANY)


def question(unresolved: Sequence[str], language: str) -> str | None:
    """What to ask (in ``language``) to settle the first open point.

    None when no note asks something a person can answer.
    """
    for note in unresolved:
        if not isinstance(note, Reason):
            continue
        if note.key in (_AMBIGUOUS, _WHICH_ROOM):
            return note.render(language)
        if note.key == _MISSING:
            return text("clarify.missing", language, **note.args)
        if note.key == _MISSING_ANY:
            return text("clarify.missing_any", language, **note.args)
        if note.key == _NO_ROOM:
            return text("clarify.room", language)
        if note.key == _NO_PLACE:
            return text("clarify.place", language, **note.args)
        if note.key == _INCAPABLE:
            return text("clarify.incapable", language, **note.args)
    return None
