"""Reading a sentence for the interpretation layer: words, phrases, their roles.

A sentence is normalised (contractions spelled out, numbers in digits, fillers and
politeness dropped, misspelt words corrected, German compounds split) and cut into the
longest phrases the lexicon or the home knows. Each phrase then plays a role in a
:class:`Parse`: an action, a device noun, a place, a value, a relative change … .

A word nobody knows is judged by where it stands, because that decides whether it may
be ignored:

- right before a device noun ("the *closet* light") or right after one at the end of
  the phrase ("the tv *remote*") it is part of a name: the device must have it
  in its name, or we ask;
- after a place word ("in the *pantry*", "my *son's* room") it is a place the home
  does not have: we ask;
- after a device noun and a word that says what it is for ("the socket *for* the
  *kettle*", "the plug *of* the *computer*") it is part of that device's name too;
- anywhere else ("*prepare* a coffee", "*flip* the plug on") it carries nothing we act
  on and is passed over.

Words that change what a request means are never passed over: questions, negations,
exceptions, conditions and times we cannot place are read as such (``Parse`` says so),
and words that pick one of several devices ("left", "other", "one of") must name one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .lexicon import (
    ELSEWHERE,
    FLOOR_HERE,
    KINDS,
    MAX_PHRASE_WORDS,
    UNSHOWABLE_COLOURS,
    Action,
    Dimension,
    Lexicon,
    Meaning,
    Tag,
    tokenize,
)
from .terms import HomeTerms

# Words that mark what a request is, and the field of ``Parse`` that records them, in
# the order they are read: a flag for some, the words said for the others.
_MARKED: dict[Tag, str] = {
    Tag.CONDITION: "condition",
    Tag.EXCLUSION: "exclusion",
    Tag.NEGATION: "negated",
    Tag.HANDLING: "handled",
    Tag.PERCEPTION: "perceived",
    Tag.PURCHASE: "purchase",
    Tag.OTHER_DRINK: "other_drink",
    Tag.MAINTENANCE: "maintenance",
    Tag.DEPLETION: "depleted",
    Tag.ANAPHOR: "reference",  # "turn them all off": which, is not said
    Tag.EFFECT: "effect",
    Tag.ALARM_CLOCK: "clock",
    Tag.LIST: "listed",
}
_FLAGS = frozenset({"negated", "handled", "perceived"})
# What may stand before "room" without naming one: "the room", "this room".
_BEFORE_A_ROOM = (Tag.DETERMINER, Tag.LOCATIVE, Tag.STOP, Tag.HERE, Tag.WHOLE_HOME)
# Device kinds that give light: a shade said of them is a colour, not a coffee's.
_LIT = frozenset({"light", "lamp"})
# German colour words ending in "-lich" and English ones in "-ish" name the colour.
_COLOUR_SUFFIXES = ("ish", "lich")


class Position(StrEnum):
    """Where an unknown word stands, and so what it is."""

    MODIFIER = "modifier"  # before a device noun: part of its name
    HEAD = "head"  # right after a device noun: what the device is ("coffee grinder")
    PLACE = "place"  # after a place word: a place
    FILLER = "filler"  # anywhere else: passed over


@dataclass(slots=True)
class Span:
    """Consecutive words and what they may mean."""

    words: list[str]
    keys: list[str]
    meanings: list[Meaning]
    # Read as another word than said: a slip corrected ("garbage" as "garage").
    corrected: bool = False

    def has(self, tag: Tag) -> bool:
        """Whether one of the meanings has ``tag``."""
        return any(meaning.tag is tag for meaning in self.meanings)

    def value(self, tag: Tag) -> Any:
        """The value of the first meaning with ``tag``."""
        return next(meaning.value for meaning in self.meanings if meaning.tag is tag)

    @property
    def text(self) -> str:
        """The words as said."""
        return " ".join(self.words)


@dataclass(slots=True)
class Parse:
    """What a sentence says, role by role."""

    actions: list[Action] = field(default_factory=list)
    weak_actions: list[Action] = field(default_factory=list)
    noun_keys: list[str] = field(default_factory=list)
    particles: list[Action] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (kind, spoken)
    dimension: Dimension | None = None
    relative: tuple[Dimension, int] | None = None
    comfort: bool = False
    size: float = 1.0
    number: float | None = None
    unit: Tag | None = None  # PERCENT or DEGREES
    by: bool = False
    # Whether "to" was said before the number ("to 20 degrees", not "20 degrees up").
    to: bool = False
    # "At 7" where an hour may be meant, not a level: a time nobody placed.
    hour: str | None = None
    # "Um 7" where "um" also says "by": an hour unless the verb changes a level.
    by_hour: str | None = None
    # Whether the level said is "all the way", whichever way the verb goes.
    extreme: bool = False
    colour: str | None = None
    white: int | None = None
    everything: bool = False
    whole_home: bool = False
    here: bool = False
    # "On this floor": the floor of the room the request came from.
    here_floor: bool = False
    # "In there", as said: a room other than this one, not named.
    elsewhere: str | None = None
    areas: list[str] = field(default_factory=list)
    floors: list[str] = field(default_factory=list)
    routine: str | None = None
    appliance: str | None = None
    appliance_verb: bool = False
    verb_appliance: str | None = None
    # What an appliance serves, as said ("car"), and whether the appliance itself was
    # named ("car charger").
    appliance_objects: list[str] = field(default_factory=list)
    appliance_named: bool = False
    names: list[str] = field(default_factory=list)  # keys of name words
    spoken_names: list[str] = field(default_factory=list)
    place_words: list[str] = field(default_factory=list)
    # Device names said whole (keys) that hold a place's words, and those places:
    # "the office fan" is the Office Fan wherever it is, not a fan of the office.
    whole_names: list[tuple[str, ...]] = field(default_factory=list)
    name_areas: list[str] = field(default_factory=list)
    name_floors: list[str] = field(default_factory=list)
    # Every device name said whole, and more than a place or a verb (keys): "lock the
    # garage door" names the Garage Door, whatever a template reads in it.
    devices_named: list[tuple[str, ...]] = field(default_factory=list)
    # Whether a device noun is said beside those names ("the light by the front door").
    nouns_beside_names: bool = False
    # Whether a noun for one particular fixture was said ("chandelier", "Gartentor").
    named_noun: bool = False
    # Words nobody knows, by position (see the module doc).
    modifiers: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    # Places said that the home does not have ("den", "son's room", "bedroom 2").
    unknown_places: list[str] = field(default_factory=list)
    # Room words that fit several rooms of the home, as said, with their area ids.
    room_choices: list[tuple[str, list[str]]] = field(default_factory=list)
    # Numbers said right after a device or a room: part of its name ("socket 1"),
    # as (the number's key, what it numbers and the number, as said).
    name_numbers: list[tuple[str, str]] = field(default_factory=list)
    # Words read as other words than said (slips corrected), as said.
    corrected: list[str] = field(default_factory=list)
    # Device nouns said after the verb: (kind, as said, keys).
    objects: list[tuple[str, str, list[str]]] = field(default_factory=list)
    # Words that are ignorable for one kind of device only (keys, as said).
    drinks: list[tuple[str, str]] = field(default_factory=list)
    surfaces: list[tuple[str, str]] = field(default_factory=list)
    plantings: list[tuple[str, str]] = field(default_factory=list)
    selectors: list[tuple[str, str]] = field(default_factory=list)
    indefinite: bool = False
    # Colours and whites said (not "from" ones): more than one is not one change.
    colours: list[str] = field(default_factory=list)
    # Whether a comparative ("brighter", "warmer") was said, not only a complaint.
    comparative: bool = False
    # "On" and "off" both said ("switch on/off the light"): which one is not clear.
    switched: set[Action] = field(default_factory=set)
    # What makes a request something other than a plain command.
    question: bool = False
    negated: bool = False
    # A negation said before the coffee: none is wanted ("I don't want coffee").
    unwanted: bool = False
    # "Touch", "mess with": said with a negation, leave the device as it is.
    handled: bool = False
    # "Hear", "see": said with a negation, a complaint about the device, not "off".
    perceived: bool = False
    exclusion: str | None = None
    # A colour said to be too strong ("too blue", "less red"), as said.
    tint: str | None = None
    condition: str | None = None
    time: str | None = None
    purchase: str | None = None
    other_drink: str | None = None
    # "Reset", "repair": a job for a person, not a device command, as said.
    maintenance: str | None = None
    # "Out of", "ran out": something used up, as said; it switches nothing off.
    depleted: str | None = None
    effect: str | None = None
    # An alarm clock said ("wake me up", "snooze"), as said.
    clock: str | None = None
    # "On my shopping list": the rest is an item to write down ("add coffee").
    listed: str | None = None
    # A colour no light can show ("brown", "grey"), as said, and whether it is also
    # said of a coffee ("black").
    shade: str | None = None
    shade_drink: bool = False
    reference: str | None = None

    @property
    def kind(self) -> str | None:
        """The head noun's kind (the last device noun said)."""
        return self.kinds[-1][0] if self.kinds else None

    @property
    def noun(self) -> str | None:
        """The head noun as said."""
        return self.kinds[-1][1] if self.kinds else None

    @property
    def plural(self) -> bool:
        """Whether the head noun was said in the plural, or "all" was said."""
        if self.everything:
            return True
        if self.noun is None:
            return False
        word = self.noun.split()[-1]
        return word.endswith(("s", "en", "er")) and not word.endswith("ss")

    @property
    def refusal(self) -> tuple[str, str] | None:
        """Why the sentence is not a command to carry out now, if it is not.

        (reason, the words that say so): a question, a condition, an exception, a time.
        """
        if self.question:
            return "question", ""
        if self.listed is not None:
            return "list", self.listed
        if self.condition is not None:
            return "condition", self.condition
        if self.exclusion is not None:
            return "exclusion", self.exclusion
        if self.time is not None:
            return "time", self.time
        if self.purchase is not None:
            return "purchase", self.purchase
        if self.maintenance is not None:
            return "maintenance", self.maintenance
        if self.clock is not None:
            return "clock", self.clock
        if self.effect is not None:
            return "effect", self.effect
        if self.reference is not None:
            return "reference", self.reference
        if self.shade is not None and (
            not self.shade_drink
            or any(kind in _LIT for kind, _ in self.kinds)
            or (self.actions and not self.kinds)
        ):
            return "shade", self.shade  # "black" alone may be a coffee
        if self.tint is not None:
            return "tint", self.tint  # "too blue": away from blue, to what?
        if len(set(self.colours)) > 1:
            return "several", ", ".join(dict.fromkeys(self.colours))
        if {Action.ON, Action.OFF} <= self.switched or {
            Action.OPEN,
            Action.CLOSE,
        } <= self.switched:
            return "contradiction", ""
        return None


class Reader:
    """Reads sentences of one language in the words of one home."""

    def __init__(self, lexicon: Lexicon, terms: HomeTerms) -> None:
        """Read with the phrases of ``lexicon`` and ``terms``."""
        self.lexicon = lexicon
        self.terms = terms

    # --- words -----------------------------------------------------------------------

    def words(self, text: str) -> list[str]:
        """The normalised words of ``text``: what the tagger reads."""
        words: list[str] = []
        for token in tokenize(text):
            full = self.lexicon.contractions.get(token)
            if full is not None:
                words.extend(tokenize(full))
                continue
            word = token[:-2] if token.endswith("'s") else token
            if word := word.replace("'", ""):
                words.append(word)
        words = self._name_numbers(self._numbers(words))
        return self._drop_noise(words)

    def _numbers(self, words: list[str]) -> list[str]:
        """Spelled numbers as digits ("twenty two" -> "22")."""
        numbers = self.lexicon.numbers
        if not numbers:
            return words
        longest = max(len(key) for key in numbers)
        result: list[str] = []
        index = 0
        while index < len(words):
            for size in range(min(longest, len(words) - index), 0, -1):
                value = numbers.get(tuple(words[index : index + size]))
                if value is not None and not (
                    # "a", "ein", "one": articles and particles before they are numbers.
                    size == 1
                    and (self.lexicon.key(words[index]),) in self.lexicon.phrases
                ):
                    result.append(f"{value:g}")
                    index += size
                    break
            else:
                result.append(words[index])
                index += 1
        return result

    def _name_numbers(self, words: list[str]) -> list[str]:
        """A number's homophone that completes a device's name, as the number.

        "Turn on lamp to" with a Lamp 1 and a Lamp 2 is Lamp 2, not both lamps; "set
        lamp too to 50" too. Not before a number ("the lamp to 50"), and only where
        the words before it and the number are a whole name of the home.
        """
        homophones = self.lexicon.number_homophones
        if not homophones:
            return words
        keys = [self.lexicon.key(word) for word in words]
        result = list(words)
        for index, word in enumerate(words):
            digit = homophones.get(word)
            if digit is None or index == 0:
                continue
            following = words[index + 1] if index + 1 < len(words) else None
            if following is not None and _is_number(following):
                continue
            start = max(0, index - self.terms.longest_name + 1)
            if any(
                (*keys[first:index], digit) in self.terms.whole_names
                for first in range(start, index)
            ):
                result[index] = digit
        return result

    def _drop_noise(self, words: list[str]) -> list[str]:
        keys = [self.lexicon.key(word) for word in words]
        keep = [True] * len(words)
        by_first = self.lexicon.noise_by_first
        # A question said first keeps its words: "do I need to start the vacuum"
        # asks; "I need to" is no politeness there.
        asked = self._question_first(keys)
        for start, key in enumerate(keys):
            for phrase in by_first.get(key, ()):
                end = start + len(phrase)
                if (
                    tuple(keys[start:end]) == phrase
                    and all(keep[start:end])
                    and (start == 0 or start >= asked)
                ):
                    keep[start:end] = [False] * len(phrase)
                    break
        return [word for word, kept in zip(words, keep, strict=True) if kept]

    def _question_first(self, keys: list[str]) -> int:
        """How many of ``keys`` a question phrase said first takes, else 0."""
        for size in range(min(MAX_PHRASE_WORDS, len(keys)), 0, -1):
            meanings = self.lexicon.phrases.get(tuple(keys[:size]), ())
            if any(meaning.tag is Tag.QUESTION for meaning in meanings):
                return size
        return 0

    def mentions_narrow_noun(self, text: str) -> bool:
        """Whether ``text`` may name a device kind narrower than its domain ("lamp").

        Or one particular fixture ("chandelier"), which a device must be called.

        A quick look at the words (compounds included), before reading it properly.
        """
        narrow = self.lexicon.narrow_words
        return any(self.lexicon.key(word).endswith(narrow) for word in tokenize(text))

    # --- phrases ---------------------------------------------------------------------

    def tag(self, words: list[str]) -> list[Span]:
        """Longest known phrases first; unknown words corrected or split."""
        words = self._joined_places(words)
        keys: list[str] = []
        raw: list[str] = []
        fixed: list[bool] = []
        readings = [self._reading(word) for word in words]
        said = [self.lexicon.key(word) for word in words]
        for index, (word, found) in enumerate(zip(words, readings, strict=True)):
            if found is None or self._starts_phrase(said, index):
                # Unknown, or it starts a phrase as said ("turning in" is no "turn").
                keys.append(said[index])
                raw.append(word)
                fixed.append(False)
                continue
            corrected, parts = found
            if (
                corrected
                and _beside_unknown(readings, index)
                and not self._names_a_device(parts[0])
            ):
                # "Rice cooker": beside a word nobody knows, an unknown word is part
                # of the same unknown name, not a slip of "cooler".
                keys.append(self.lexicon.key(word))
                raw.append(word)
                fixed.append(False)
                continue
            keys.extend(parts)
            raw.extend(parts if len(parts) > 1 else [word])
            fixed.extend([corrected] * len(parts))
        spans: list[Span] = []
        index = 0
        while index < len(keys):
            if _is_number(keys[index]):
                number = Meaning(Tag.NUMBER, _to_float(keys[index]))
                spans.append(Span([raw[index]], [keys[index]], [number], fixed[index]))
                index += 1
                continue
            size = 1
            meanings: list[Meaning] = []
            for size in range(min(MAX_PHRASE_WORDS, len(keys) - index), 0, -1):
                phrase = tuple(keys[index : index + size])
                meanings = self._phrase_meanings(phrase)
                if (
                    meanings
                    and size > 1
                    and self._plural_noun_first(raw[index], keys[index], meanings)
                ):
                    continue  # "the lights pink" is not "light pink"
                if (
                    meanings
                    and size > 1
                    and self._noun_ending_a_name(spans, keys[index], meanings)
                ):
                    continue  # "the ceiling light blue" is blue, not "light blue"
                if meanings:
                    break
            if (cut := self._cut_by_a_home_term(keys, index, size)) is not None:
                # "In the home theater": the room "Home Theater", not "the home".
                size = cut
                meanings = self._phrase_meanings(tuple(keys[index : index + size]))
            if (
                size == 1
                and spans
                and not spans[-1].meanings
                and (spans[-1].keys[-1], keys[index]) in self.terms.name_pairs
                and not any(meaning.tag is Tag.NOUN for meaning in meanings)
            ):
                meanings = []  # "the towel warmer": a name goes on, not "warmer"
            if (
                size == 1
                and spans
                and meanings
                and all(meaning.tag is Tag.COMPARATIVE for meaning in meanings)
                and (
                    spans[-1].has(Tag.DETERMINER)
                    or not (
                        spans[-1].meanings
                        or spans[-1].keys[-1] in self.terms.name_words
                    )
                )
            ):
                meanings = []  # "the cooler", "the air cooler": a device, not "cooler"
            if (homeward := self._homeward(spans, keys, index)) is not None:
                size, meanings = homeward, [Meaning(Tag.ACTION, Action.DOCK)]
            spans.append(
                Span(
                    raw[index : index + size],
                    keys[index : index + size],
                    meanings,
                    any(fixed[index : index + size]),
                )
            )
            index += size
        return spans

    def _homeward(self, spans: list[Span], keys: list[str], index: int) -> int | None:
        """How many words from ``index`` send the robot vacuum just said back home."""
        if not (
            spans and spans[-1].has(Tag.NOUN) and spans[-1].value(Tag.NOUN) == "vacuum"
        ):
            return None
        return next(
            (
                size
                for size in range(MAX_PHRASE_WORDS, 0, -1)
                if tuple(keys[index : index + size]) in self.lexicon.homeward
            ),
            None,
        )

    def _phrase_meanings(self, phrase: tuple[str, ...]) -> list[Meaning]:
        return [
            *self.terms.phrases.get(phrase, []),
            *self.lexicon.phrases.get(phrase, []),
        ]

    def _cut_by_a_home_term(self, keys: list[str], index: int, size: int) -> int | None:
        """Where a lexicon phrase must end so that a name of this home can begin.

        A phrase of the lexicon ("the home") that swallows the first words of a room's
        or device's name ("Home Theater") gives way to the name; None if none does.
        """
        if size < 2 or tuple(keys[index : index + size]) in self.terms.phrases:
            return None
        for start in range(index + 1, index + size):
            for length in range(min(MAX_PHRASE_WORDS, len(keys) - start), 0, -1):
                if start + length <= index + size:
                    break
                if tuple(keys[start : start + length]) in self.terms.phrases:
                    return start - index
        return None

    def _joined_places(self, words: list[str]) -> list[str]:
        """Words with a place's name said apart joined again ("Wohn Zimmer").

        Only when the first part is no word of its own: "off ice" stays two words.
        """
        joined: list[str] = []
        index = 0
        while index < len(words):
            if index + 1 < len(words) and self._is_place(
                words[index], words[index + 1]
            ):
                joined.append(words[index] + words[index + 1])
                index += 2
                continue
            joined.append(words[index])
            index += 1
        return joined

    def _is_place(self, head: str, tail: str) -> bool:
        key = self.lexicon.key
        if not (head.isalpha() and tail.isalpha()) or key(head) in self.terms.known:
            return False
        place = (key(head + tail),)
        return any(
            meaning.tag in (Tag.AREA, Tag.ROOM)
            for meaning in (
                *self.terms.phrases.get(place, ()),
                *self.lexicon.phrases.get(place, ()),
            )
        )

    def _reading(self, word: str) -> tuple[bool, list[str]] | None:
        """The keys a word is read as, and whether it was corrected; None if unknown.

        A word with a meaning of its own stays; an inflected verb ("turning") is read
        as its verb, unless it starts a phrase of its own ("turning in"); a word known
        only as part of a phrase stays; others are corrected or split.
        """
        key = self.lexicon.key(word)
        if (
            _is_number(word)
            or key in self.terms.name_words
            or (key,) in self.lexicon.phrases
            or (key,) in self.terms.phrases
        ):
            return False, [key]
        if (colour := self._colour_like(key)) is not None:
            return False, [colour]
        if (verb := self.lexicon.verb_stem(key)) is not None:
            return False, [verb]
        if key in self.terms.known:
            return False, [key]
        # A compound of known words before a slip of another word: "Küchenventilator"
        # is a kitchen fan, not the "Deckenventilator" it resembles.
        if (parts := self.terms.split_compound(word)) is not None:
            return False, parts
        if (corrected := self.terms.correct(key)) is not None:
            return True, [corrected]
        return None

    def _starts_phrase(self, said: list[str], index: int) -> bool:
        """Whether a phrase of several words starts at ``index``, words as said."""
        if said[index] not in self.lexicon.phrase_starts:
            return False
        return any(
            tuple(said[index : index + size]) in self.lexicon.phrases
            for size in range(2, min(MAX_PHRASE_WORDS, len(said) - index) + 1)
        )

    def _plural_noun_first(self, word: str, key: str, meanings: list[Meaning]) -> bool:
        """Whether a colour or verb phrase starts with a device noun said in the plural.

        "The lights pink" is no "light pink", "lights the gym off" no "light the".
        """
        said = word.casefold()
        if said == key or not all(
            meaning.tag in (Tag.COLOUR, Tag.WHITE, Tag.ACTION) for meaning in meanings
        ):
            return False
        if Tag.ACTION in {meaning.tag for meaning in meanings} and said != f"{key}s":
            # "Switched off" is a verb, whatever "switch" is as a noun.
            return False
        return any(
            meaning.tag is Tag.NOUN for meaning in self.lexicon.phrases.get((key,), ())
        )

    def _noun_ending_a_name(
        self, spans: list[Span], key: str, meanings: list[Meaning]
    ) -> bool:
        """Whether a colour phrase starts with the noun of the room or name before it."""
        if not spans or not all(
            meaning.tag in (Tag.COLOUR, Tag.WHITE) for meaning in meanings
        ):
            return False
        before = spans[-1]
        if before.has(Tag.NOUN) or self._is_noun(before.keys[-1]):
            return False  # "the lights light blue", "the floor lamp light blue"
        return self._is_noun(key) and (
            before.has(Tag.AREA) or before.keys[-1] in self.terms.name_words
        )

    def _is_noun(self, key: str) -> bool:
        return any(
            meaning.tag is Tag.NOUN for meaning in self.lexicon.phrases.get((key,), ())
        )

    def _said_for_a_device(self, key: str) -> bool:
        """Whether ``key`` stands for the last word of a name ("fire": Fireplace)."""
        meant = self.lexicon.name_synonyms.get(key, frozenset())
        return any(name[-1] in meant for name in self.terms.whole_names)

    def _names_a_device(self, key: str) -> bool:
        """Whether ``key`` is a device noun or a word of a device's name."""
        meanings = self.lexicon.phrases.get((key,), ())
        return key in self.terms.name_words or any(
            meaning.tag is Tag.NOUN for meaning in meanings
        )

    def _colour_like(self, key: str) -> str | None:
        """The colour a word like "reddish" or "bläulich" names, if any."""
        for suffix in _COLOUR_SUFFIXES:
            if not key.endswith(suffix):
                continue
            stem = key[: -len(suffix)]
            for candidate in (stem, stem[:-1], stem + "e"):
                meanings = self.lexicon.phrases.get((candidate,), ())
                if any(meaning.tag is Tag.COLOUR for meaning in meanings):
                    return candidate
        return None

    def greets(self, text: str) -> bool:
        """Whether ``text`` is only a greeting ("good night", "morning all")."""
        spans = self.tag(self.words(text))
        return any(span.has(Tag.GREETING) for span in spans) and all(
            span.has(Tag.GREETING) or span.has(Tag.STOP) for span in spans
        )

    # --- roles -----------------------------------------------------------------------

    def parse(self, text: str) -> Parse:
        """Read ``text`` into a Parse."""
        spans = self._join_split_verb(self.tag(self.words(text)))
        parse = Parse()
        in_names: dict[int, tuple[str, ...]] = {}
        outside = set(range(len(spans)))
        # "The master bathroom light": a word nobody knows goes on a name said with
        # a place's words ("Bathroom Light"); it must be the device's too.
        before_names: set[int] = set()
        for start, end in self._names_said(spans):
            run = spans[start : end + 1]
            if all(_is_place(span) or span.has(Tag.ACTION) for span in run):
                continue  # "turn on the porch": the porch; "lock" is the verb
            outside -= set(range(start, end + 1))
            key = tuple(key for span in run for key in span.keys)
            parse.devices_named.append(key)
            if any(map(_is_place, run)):
                before_names.add(start - 1)
                in_names.update(
                    (position, key)
                    for position, span in enumerate(run, start)
                    if _is_place(span)
                )
        parse.whole_names = list(dict.fromkeys(in_names.values()))
        parse.nouns_beside_names = bool(parse.devices_named) and any(
            spans[position].has(Tag.NOUN) and not spans[position].has(Tag.ACTION)
            for position in outside
        )
        for position in range(len(spans)):
            span = spans[position]
            if position in in_names:
                self._read_place_in_name(parse, span)
                continue
            if (
                position in before_names
                and not span.meanings
                and span.keys[0] not in self.terms.name_words
            ):
                parse.modifiers.append(span.keys[0])
                parse.spoken_names.append(span.words[0])
                continue
            self._read_span(parse, spans, position)
        if _a_step(parse):
            parse.by = True  # "two degrees warmer", "20 percent brighter"
        if parse.question and self._condition_first(spans):
            parse.question = False  # "when I wake up make coffee": not "when is …"
            parse.condition = spans[0].text
        return parse

    def _condition_first(self, spans: list[Span]) -> bool:
        """Whether a word first that asks or sets a condition ("when") sets one."""
        return (
            len(spans) > 1
            and spans[0].has(Tag.QUESTION)
            and spans[0].has(Tag.CONDITION)
            and not spans[1].has(Tag.QUESTION)
            and spans[1].keys[0] not in self.lexicon.question_verbs
        )

    def asked_plainly(self, text: str) -> bool:
        """Whether ``text`` ends in a question mark and starts with no request.

        Without a verb, such a sentence asks how things are ("lights on?"); "can you
        …?", "please …?" ask for something to be done, and "what …?", "is …?" are
        questions the grammar may answer.
        """
        if not text.rstrip().endswith("?"):
            return False
        tokens = tokenize(text)
        return (
            bool(tokens)
            and self.lexicon.key(tokens[0]) not in self.lexicon.noise_by_first
            and not self._question_first([self.lexicon.key(token) for token in tokens])
        )

    def _names_said(self, spans: list[Span]) -> list[tuple[int, int]]:
        """Where devices' whole names are said: (first, last) span, left to right.

        "Kill the office fan" where the Office Fan is in the bedroom: the name is
        read before its words are read as a room and a kind. A name said in the
        plural ("the office fans" are the office's) or that goes on ("the kitchen
        light stripe") is not said whole; its words must be spans as said ("master
        bedroom lamp" holds no "Bedroom Lamp").
        """
        runs: list[tuple[int, int]] = []
        start = 0
        while start < len(spans):
            end = self._name_from(spans, start)
            if end is None:
                start += 1
                continue
            runs.append((start, end))
            start = end + 1
        return runs

    def _name_from(self, spans: list[Span], start: int) -> int | None:
        """Where the longest whole name said from ``start`` ends, if one is."""
        whole_names = self.terms.whole_names
        longest = self.terms.longest_name
        keys: list[str] = []
        best: int | None = None
        for end in range(start, len(spans)):
            keys.extend(spans[end].keys)
            if len(keys) > longest:
                break
            endings = whole_names.get(tuple(keys))
            if (
                endings is not None
                and not _plural_of(spans[end], endings)
                and not _goes_on(spans, end + 1)
            ):
                best = end
        return best

    def _read_place_in_name(self, parse: Parse, span: Span) -> None:
        """A place's words that are part of a device's name: words of the name."""
        if span.corrected:
            parse.corrected.extend(span.words)
        parse.names.extend(span.keys)
        parse.spoken_names.append(span.text)
        if span.has(Tag.AREA):
            parse.name_areas.append(span.value(Tag.AREA))
        else:
            parse.name_floors.append(span.value(Tag.HOME_FLOOR))

    def _join_split_verb(self, spans: list[Span]) -> list[Span]:
        """``spans`` with a verb and its particle at the end read as one verb.

        "Schließ den Keller ab" locks (``Lexicon.split_verbs``): the particle "ab"
        alone would switch the cellar's lights off.
        """
        if len(spans) < 3 or not spans[-1].has(Tag.PARTICLE):
            return spans
        particle = spans[-1]
        for index, span in enumerate(spans[:-2]):
            action = self.lexicon.split_verbs.get((tuple(span.keys), particle.keys[0]))
            if action is None or not all(
                meaning.tag in (Tag.ACTION, Tag.STOP) for meaning in span.meanings
            ):
                continue  # "Alarm im Flur aus": a noun, not the verb "alarm aus"
            joined = Span(
                [*span.words, *particle.words],
                [*span.keys, *particle.keys],
                [Meaning(Tag.ACTION, action)],
                span.corrected or particle.corrected,
            )
            return [*spans[:index], joined, *spans[index + 1 : -1]]
        return spans

    def _read_span(self, parse: Parse, spans: list[Span], position: int) -> None:
        span = spans[position]
        before = spans[position - 1] if position else None
        following = spans[position + 1] if position + 1 < len(spans) else None
        if span.corrected:
            parse.corrected.extend(span.words)
        if not span.meanings:
            self._read_word(parse, spans, position)
            return
        if self._read_marker(parse, span, before, position):
            return
        if span.has(Tag.AREA):
            parse.areas.append(span.value(Tag.AREA))
            parse.place_words.extend(span.keys)
            if span.has(Tag.NOUN) and not parse.kinds:
                # "open the garage": a room that is also a device; kept as a hint.
                parse.place_words.append(f"noun:{span.value(Tag.NOUN)}")
            return
        if span.has(Tag.HOME_FLOOR):
            parse.floors.append(span.value(Tag.HOME_FLOOR))
            parse.place_words.extend(span.keys)
            return
        if span.has(Tag.WHOLE_HOME) and any(
            other is not None and not other.meanings for other in (before, following)
        ):
            # "The summer house", "the home theater": a place the home does not have,
            # not all of it.
            parse.unknown_places.append(
                " ".join(
                    other.text
                    for other in (before, span, following)
                    if other is span or (other is not None and not other.meanings)
                )
            )
            return
        if span.has(Tag.ROUTINE) and not any(
            other.has(Tag.ROUTINE) for other in spans[:position]
        ):
            parse.routine = span.value(Tag.ROUTINE)
        if span.has(Tag.COMFORT):
            parse.relative = span.value(Tag.COMFORT)
            parse.comfort = True
            return
        if span.has(Tag.APPLIANCE_VERB):
            parse.appliance_verb = True
            parse.verb_appliance = (
                span.value(Tag.APPLIANCE_VERB) or parse.verb_appliance
            )
        if span.has(Tag.APPLIANCE):
            if span.has(Tag.APPLIANCE_OBJECT):
                parse.appliance_objects.append(span.text)
            else:
                parse.appliance_named = True
            parse.appliance = span.value(Tag.APPLIANCE)
            parse.names.extend(span.keys)
            parse.spoken_names.append(span.text)
        if self._read_value(parse, span, before, following):
            return
        if span.has(Tag.NOUN) and span.has(Tag.ACTION) and before is None:
            # First word: "switch everything off", "vacuum the hall" are verbs.
            parse.actions.append(span.value(Tag.ACTION))
            return
        if span.has(Tag.NOUN) and (reference := _reference_before(spans, position)):
            # "The lamp next to the TV": the TV only says where; we cannot tell.
            parse.reference = f"{reference} {span.text}"
            return
        if span.has(Tag.NOUN):
            if parse.negated and span.value(Tag.NOUN) == "coffee":
                parse.unwanted = True  # "no coffee", "keinen Kaffee" ("…, no sugar" is)
            if span.has(Tag.NAMED_NOUN):
                # "The chandelier": a device called so, not any light.
                parse.modifiers.extend(span.keys)
                parse.named_noun = True
            if (
                before is not None
                and before.has(Tag.NOUN)
                and not before.has(Tag.AREA)
                # A verb is no noun, unless it was read as one ("the lock plug").
                and (
                    not before.has(Tag.ACTION)
                    or (bool(parse.kinds) and parse.kinds[-1][1] == before.text)
                )
                and before.value(Tag.NOUN) != span.value(Tag.NOUN)
            ):
                # "The fan socket", "the lamp light": two device nouns make a name;
                # the device must be called so (the plug is not the fan's).
                parse.modifiers.extend([*before.keys, *span.keys])
                parse.spoken_names.append(before.text)
            if parse.actions or parse.particles:
                # Said after the verb: what it acts on, not who is spoken to ("Echo,
                # turn on the vacuum").
                parse.objects.append((span.value(Tag.NOUN), span.text, list(span.keys)))
            parse.kinds.append((span.value(Tag.NOUN), span.text))
            parse.noun_keys.extend(span.keys)
            if span.has(Tag.ACTION):
                # "vacuum the hall": a noun that is also the verb.
                parse.weak_actions.append(span.value(Tag.ACTION))
            return
        if span.has(Tag.COMPARATIVE):
            parse.comparative = True
            dimension, sign = span.value(Tag.COMPARATIVE)
            if before is not None and before.has(Tag.LESS):
                sign = -sign  # "less brighter"
            parse.relative = (dimension, sign)
            if span.has(Tag.ACTION):
                parse.actions.append(span.value(Tag.ACTION))
            return
        if span.has(Tag.PARTICLE) and (
            before is None
            or _ends_phrase(following)
            or self._steps_by(parse, span, spans[position + 1 : position + 3])
        ):
            # A particle first is the verb ("off lights", "down the light power").
            if before is None or not before.has(Tag.FROM):  # "from off to on"
                parse.particles.append(span.value(Tag.PARTICLE))
                _note_switch(parse, span.value(Tag.PARTICLE), particle=True)
            return
        if span.has(Tag.ACTION):
            parse.actions.append(span.value(Tag.ACTION))
            _note_switch(parse, span.value(Tag.ACTION))
            return
        if span.has(Tag.ROOM_WORD) and before is not None:
            # "The media room", "my son's room": a room the home does not have; "the
            # study room" is the study.
            if before.has(Tag.AREA) or before.has(Tag.HOME_FLOOR):
                return
            if parse.unknown_places and parse.unknown_places[-1] == before.text:
                parse.unknown_places[-1] = f"{before.text} {span.text}"
            elif self._names_something(before) or _names_a_room(spans, position):
                parse.unknown_places.append(f"{before.text} {span.text}")
            elif before.has(Tag.QUALIFIER) or before.has(Tag.LOCATIVE):
                parse.here = True  # "every light of room": the room it was said in
            elif not any(before.has(tag) for tag in _BEFORE_A_ROOM) and (
                not (before.has(Tag.ACTION) or before.has(Tag.PARTICLE))
                or before.text.endswith(self.lexicon.verb_endings)
            ):
                # "The changing room", "max room": a word read otherwise names a room
                # ("turn room light off", "up room" are the verb and the room here).
                parse.unknown_places.append(f"{before.text} {span.text}")
            return
        self._read_scope(parse, span)

    def _steps_by(self, parse: Parse, particle: Span, after: list[Span]) -> bool:
        """Whether ``particle`` before a number changes a level by it, not to it.

        "Lights minus 20 percent", "turn the heating up 2 degrees": by. "Lights up 50
        percent" is read as the level, as the crowd's annotations read it, and a
        blind's "down 30 percent" stays its position.
        """
        if not after or not after[0].has(Tag.NUMBER):
            return False
        if particle.value(Tag.PARTICLE) not in (Action.UP, Action.DOWN):
            return False
        if any("cover" in KINDS[kind].domains for kind, _ in parse.kinds):
            return False
        signed = tuple(particle.keys) in self.lexicon.signs
        return signed or (len(after) > 1 and after[1].has(Tag.DEGREES))

    def _read_word(self, parse: Parse, spans: list[Span], position: int) -> None:
        """A word without a meaning: a word of a name, or judged by its position."""
        span = spans[position]
        key, word = span.keys[0], span.words[0]
        found = position_of(spans, position)
        if key in self.terms.name_words or (
            position > 0
            and any(
                meaning.tag is Tag.DETERMINER
                for meaning in self.lexicon.phrases.get(
                    tuple(spans[position - 1].keys[-1:]), ()
                )
            )
            and self._said_for_a_device(key)
        ):
            # A word of a name, or a noun said for what a name ends in ("the fire"
            # for the Fireplace; not "main" for the Veranda Ceiling Fan).
            parse.names.append(key)
            parse.spoken_names.append(word)
            return
        previous = spans[position - 1] if position else None
        if (
            previous is not None
            and not previous.meanings
            and previous.keys[0] in self.terms.name_words
            and found is not Position.PLACE
        ):
            found = Position.HEAD  # "the back gateway": not the Back Door
        if found in (Position.MODIFIER, Position.HEAD):
            parse.modifiers.append(key)
            parse.spoken_names.append(word)
        elif found is Position.PLACE:
            parse.unknown_places.append(word)
        else:
            parse.fillers.append(word)

    def _read_marker(
        self, parse: Parse, span: Span, before: Span | None, position: int
    ) -> bool:
        """Questions, negations, conditions, exceptions, times: True when read."""
        if (span.has(Tag.QUESTION) and position == 0) or span.has(Tag.REPORT):
            parse.question = True
            return True
        for tag, field_name in _MARKED.items():
            if span.has(tag):
                # A flag is set, a phrase kept: what the note quotes back.
                value = True if field_name in _FLAGS else span.text
                setattr(parse, field_name, value)
                return True
        if span.has(Tag.FROM):
            return True
        if span.has(Tag.TIME) or (
            span.has(Tag.CLOCK) and before is not None and before.has(Tag.NUMBER)
        ):
            parse.time = span.text
            return True
        return False

    def _read_value(
        self, parse: Parse, span: Span, before: Span | None, following: Span | None
    ) -> bool:
        """Numbers, units, levels, colours, whites: True when read."""
        if span.has(Tag.NUMBER):
            if before and self._names_something(before) and not _has_unit(following):
                # "socket 1", "bedroom 2": part of a name, not a value.
                parse.name_numbers.append((span.keys[0], f"{before.text} {span.text}"))
                return True
            if (
                following is not None
                and following.has(Tag.NOUN)
                and not _has_unit(following)
            ):
                return True  # "the two blinds": how many, not a value
            level_said = parse.number is not None
            parse.number = span.value(Tag.NUMBER)
            parse.by = before is not None and before.has(Tag.BY)
            parse.to = before is not None and before.has(Tag.TO)
            parse.hour = parse.by_hour = None
            if (
                before is not None
                and tuple(before.keys) in self.lexicon.clock_words
                and not _has_unit(following)
                and parse.number is not None
            ):
                said = f"{before.text} {span.text}"
                if (level_said or not parse.by) and _an_hour(
                    parse.number, level_said=level_said
                ):
                    parse.hour = said
                elif parse.by and _an_hour(parse.number, level_said=True):
                    parse.by_hour = said
            return True
        if span.has(Tag.INDEFINITE):
            if following is not None and following.has(Tag.CLOCK):
                parse.time = f"{span.text} {following.text}"  # "at one pm"
            elif before and self._names_something(before):
                # "desk lamp one"
                parse.name_numbers.append(("1", f"{before.text} {span.text}"))
            else:
                parse.indefinite = True
            return True
        if span.has(Tag.PERCENT) and parse.number is not None:
            parse.unit = Tag.PERCENT
            return True
        if span.has(Tag.DEGREES) and parse.number is not None:
            parse.unit = Tag.DEGREES
            return True
        if span.has(Tag.LEVEL) and not span.has(Tag.ACTION):
            level = span.value(Tag.LEVEL)
            if before is not None and before.has(Tag.NUMBER) and parse.number:
                # "Three quarters": three of a quarter, not a quarter.
                level = min(100.0, parse.number * level)
            parse.number = level
            parse.unit = Tag.PERCENT
            # "Mach die Garage halb auf": the level says it is opened, as "auf" does.
            parse.particles.extend(
                meaning.value
                for key in span.keys[1:]
                for meaning in self.lexicon.phrases.get((key,), ())
                if meaning.tag is Tag.PARTICLE
                and meaning.value in (Action.OPEN, Action.CLOSE)
            )
            parse.by = before is not None and before.has(Tag.BY)
            parse.to = True  # "max", "half way": where to, never how far
            parse.extreme = tuple(span.keys) in self.lexicon.extremes
            return True
        after_from = before is not None and before.has(Tag.FROM)
        if span.has(Tag.COLOUR) and not span.has(Tag.NOUN):
            if before is not None and (
                before.has(Tag.LESS) or before.keys[-1] in self.lexicon.excesses
            ):
                parse.tint = f"{before.text} {span.text}"
            if not after_from:  # "from purple to green": purple is the colour now
                parse.colour = span.value(Tag.COLOUR)
                parse.colours.append(span.text)
                if parse.colour in UNSHOWABLE_COLOURS:
                    parse.shade = span.text
                    parse.shade_drink = span.has(Tag.DRINK)
            return True
        if span.has(Tag.WHITE):
            if not after_from:
                parse.white = span.value(Tag.WHITE)
                parse.colours.append(span.text)
            return True
        return False

    def _names_something(self, span: Span | None) -> bool:
        """Whether ``span`` is a device noun, a place or a word of a name."""
        if span is None:
            return False
        if not span.meanings:
            return span.keys[0] in self.terms.name_words
        return any(
            span.has(tag) for tag in (Tag.NOUN, Tag.AREA, Tag.ROOM, Tag.ROOM_WORD)
        )

    def _read_scope(self, parse: Parse, span: Span) -> None:
        """Dimensions, sizes, scopes, rooms and the words one kind of device ignores."""
        if span.has(Tag.DIMENSION):
            parse.dimension = span.value(Tag.DIMENSION)
        elif span.has(Tag.SIZE):
            parse.size = span.value(Tag.SIZE)
        elif span.has(Tag.EVERYTHING):
            parse.everything = True
        elif span.has(Tag.WHOLE_HOME):
            parse.whole_home = True
        elif span.has(Tag.HERE) and span.value(Tag.HERE) == ELSEWHERE:
            parse.elsewhere = span.text
        elif span.has(Tag.HERE):
            parse.here = True
            parse.here_floor = parse.here_floor or span.value(Tag.HERE) == FLOOR_HERE
        elif span.has(Tag.ROOM) or span.has(Tag.FLOOR):
            if (rooms := self.terms.shared_places.get(tuple(span.keys))) is not None:
                # Before a word of a name: "the bathroom" with a Bath and a "Master
                # bathroom" (and its "Master bathroom light") asks which.
                parse.room_choices.append((span.text, rooms))
            elif all(key in self.terms.name_words for key in span.keys):
                # Not a room of this home, but a word of a device's name ("Porch
                # light" in the garden).
                parse.names.extend(span.keys)
                parse.spoken_names.append(span.text)
            else:
                parse.unknown_places.append(span.text)
        elif span.has(Tag.SELECTOR):
            parse.selectors.append((span.keys[-1], span.text))
        elif span.has(Tag.DRINK):
            parse.drinks.append((span.keys[-1], span.text))
        elif span.has(Tag.SURFACE):
            parse.surfaces.append((span.keys[-1], span.text))
        elif span.has(Tag.PLANTING):
            parse.plantings.append((span.keys[-1], span.text))
        # Stop words, "by", "to", determiners and routine words carry nothing more.


def _is_place(span: Span) -> bool:
    return span.has(Tag.AREA) or span.has(Tag.HOME_FLOOR)


def _goes_on(spans: list[Span], position: int) -> bool:
    """Whether a name goes on at ``position``: a device noun or a word of no meaning.

    "The kitchen light stripe", "the office fan light": not the Kitchen Light, nor
    the Office Fan.
    """
    return position < len(spans) and (
        not spans[position].meanings or spans[position].has(Tag.NOUN)
    )


def _plural_of(span: Span, endings: set[str]) -> bool:
    """Whether the last word of ``span`` is a name's last word in the plural."""
    said = span.words[-1].casefold()
    return (
        not span.corrected
        and said not in endings
        and any(said.startswith(ending) for ending in endings)
    )


def _reference_before(spans: list[Span], position: int) -> str | None:
    """The word saying "next to" before the noun at ``position``, if any."""
    for span in reversed(spans[:position]):
        if span.has(Tag.DETERMINER):
            continue
        return span.text if span.has(Tag.REFERENCE) else None
    return None


def _beside_unknown(readings: list[tuple[bool, list[str]] | None], index: int) -> bool:
    return any(
        0 <= other < len(readings) and readings[other] is None
        for other in (index - 1, index + 1)
    )


def _note_switch(parse: Parse, action: Action, *, particle: bool = False) -> None:
    if action in (Action.ON, Action.OFF) or (
        # "Garage auf oder zu": both ends of a separable verb, one change each.
        particle and action in (Action.OPEN, Action.CLOSE)
    ):
        parse.switched.add(action)


def position_of(spans: list[Span], position: int) -> Position:
    """Where the unknown word at ``position`` stands (see the module doc)."""
    # Before a device noun, with only unknown words or words of names between; the
    # first word of a sentence is rather its verb ("prepare coffee"), unless the
    # sentence has a verb elsewhere ("closet light off").
    following = spans[position + 1] if position + 1 < len(spans) else None
    if (
        following is not None
        and following.has(Tag.AREA)
        and position > 0
        and (
            spans[position - 1].has(Tag.DETERMINER)
            or spans[position - 1].has(Tag.LOCATIVE)
        )
    ):
        return Position.PLACE  # "in the drawing hall": not the hall
    previous = spans[position - 1] if position > 0 else None
    if (
        previous is not None
        and previous.has(Tag.NOUN)
        and not previous.has(Tag.AREA)
        # "Switch" after "turn on" is the noun: "turn on switch chromebook".
        and not (
            previous.has(Tag.ACTION)
            and not any(
                span.has(Tag.ACTION) or span.has(Tag.PARTICLE)
                for span in spans[: position - 1]
            )
        )
        and (
            following is None
            or not following.meanings
            # "Schalte den Ventilator Motor aus", "turn the tv remote on"
            or (following.has(Tag.PARTICLE) and position + 2 == len(spans))
        )
    ):
        # Right after a device noun, at the end of the phrase: the head of a longer
        # name ("the tv *remote*", "the fan *belt*"), not a word to pass over (words
        # about a coffee, "a coffee *ready*", are the exception: see interpret).
        return Position.HEAD
    if (
        previous is not None
        and previous.has(Tag.DETERMINER)
        and position > 1
        and spans[position - 2].has(Tag.NOUN)
        and not (
            spans[position - 2].has(Tag.AREA) or spans[position - 2].has(Tag.ACTION)
        )
    ):
        return Position.PLACE  # "lights the gym off": a room the home does not have
    for span in spans[position + 1 :]:
        if not span.meanings:
            continue
        if span.has(Tag.ROOM_WORD):
            return Position.PLACE  # "my son's room"
        if span.has(Tag.NOUN) and (
            position > 0
            or any(
                other.has(Tag.ACTION) or other.has(Tag.PARTICLE)
                for other in spans[position + 1 :]
            )
        ):
            return Position.MODIFIER
        break
    # After a place word, with only determiners or unknown words between; after a
    # device noun and "for", "of" ("the socket for the kettle"), part of its name.
    for index in range(position - 1, -1, -1):
        span = spans[index]
        if not span.meanings or span.has(Tag.DETERMINER):
            continue
        if span.has(Tag.LOCATIVE) or span.has(Tag.REFERENCE):
            return Position.PLACE
        if span.has(Tag.QUALIFIER) and _noun_before(spans, index):
            return Position.MODIFIER
        break
    return Position.FILLER


def _a_step(parse: Parse) -> bool:
    """Whether the number said is how far to change, not where to ("2 degrees warmer").

    A comparative or an "up"/"down" with a number and its unit, and no "to" before it.
    """
    if parse.number is None or parse.by or parse.to:
        return False
    directed = any(
        action in (Action.UP, Action.DOWN)
        for action in (*parse.actions, *parse.particles)
    )
    return parse.comparative or (directed and parse.unit is not None)


def _names_a_room(spans: list[Span], position: int) -> bool:
    """Whether the word before "room" at ``position`` says which room, after "the".

    "The leaving room", "in the play room": a word with a meaning of its own names a
    room there, and not one the home has ("turn room light off" names none).
    """
    if position < 2:
        return False
    before, article = spans[position - 1], spans[position - 2]
    return not any(before.has(tag) for tag in _BEFORE_A_ROOM) and (
        article.has(Tag.DETERMINER) or article.has(Tag.LOCATIVE)
    )


def _noun_before(spans: list[Span], index: int) -> bool:
    """Whether a device noun comes before ``index``, but for "on", "off" or a place.

    "The socket for …", "wemo off for …", "the plug in my lounge for …".
    """
    for span in reversed(spans[:index]):
        if any(span.has(tag) for tag in _PLACE_TAGS):
            continue
        if span.has(Tag.NOUN):
            return True
        if not span.has(Tag.PARTICLE):
            return False
    return False


# What a place said between a device noun and its qualifier is made of.
_PLACE_TAGS = (Tag.AREA, Tag.ROOM, Tag.HOME_FLOOR, Tag.LOCATIVE, Tag.DETERMINER)


def _ends_phrase(following: Span | None) -> bool:
    """Whether a particle before ``following`` ends its phrase ("turn it *off*").

    Before a noun, a value, an article or a place it is a preposition instead: "turn
    off the light *on* the porch".
    """
    if following is None:
        return True
    return not any(
        following.has(tag)
        for tag in (
            Tag.NOUN,
            Tag.NUMBER,
            Tag.LEVEL,
            Tag.COLOUR,
            Tag.DETERMINER,
            Tag.AREA,
            Tag.HOME_FLOOR,
        )
    ) and bool(following.meanings)


def _an_hour(value: float, *, level_said: bool) -> bool:
    """Whether a bare number after "at" may be the hour of a clock.

    "Set the blinds to 40 at 8": after a level, any hour of the day; alone, one
    of a twelve-hour clock ("open the blinds at 7"), as "set the heating at 20" is
    a level. Where the word also says "by" (German "um"), only after a level: "dunkler
    um 10" is a step.
    """
    return value.is_integer() and 0 <= value <= (24 if level_said else 12)


def _has_unit(span: Span | None) -> bool:
    return span is not None and (span.has(Tag.PERCENT) or span.has(Tag.DEGREES))


def _is_number(word: str) -> bool:
    try:
        float(word.replace(",", "."))
    except ValueError:
        return False
    return True


def _to_float(word: str) -> float:
    return float(word.replace(",", "."))
