"""Words of the interpretation layer: what people call actions, devices, rooms, values.

The data is in ``lexicon/<language>.yaml``; this module reads it into phrase tables keyed
by normalised words (see :func:`word_key`), so that "Lights", "light's" and "lights"
all find the noun "light", and German "Rollläden" finds "Rollladen". Device kinds are
language independent and defined here: what a spoken noun selects in a home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path
import re
from typing import Any, Final

from unicode_rbnf import RbnfEngine
import yaml

from ..models import EntityInfo

LEXICON_DIR = Path(__file__).parent / "lexicon"

# The longest phrase (in words) the tables hold; longer ones are not matched.
MAX_PHRASE_WORDS = 6
# A device noun that may end a German compound has at least this many letters.
MIN_COMPOUND_NOUN = 4


class Action(StrEnum):
    """What a sentence asks to do, before the device says how."""

    ON = "on"
    OFF = "off"
    START = "start"
    STOP = "stop"
    OPEN = "open"
    CLOSE = "close"
    LOCK = "lock"
    UNLOCK = "unlock"
    UP = "up"
    DOWN = "down"
    DIM = "dim"
    PAUSE = "pause"
    PLAY = "play"
    NEXT = "next"
    PREVIOUS = "previous"
    VACUUM = "vacuum"
    DOCK = "dock"
    BREW = "brew"
    WATER = "water"
    PREHEAT = "preheat"
    DISARM = "disarm"
    ARM = "arm"
    MUTE = "mute"
    SET = "set"


# Actions that keep their meaning whatever value or particle is said with them.
FIXED_ACTIONS = frozenset(
    {
        Action.OFF,
        Action.LOCK,
        Action.UNLOCK,
        Action.PAUSE,
        Action.PLAY,
        Action.NEXT,
        Action.PREVIOUS,
        Action.VACUUM,
        Action.DOCK,
        Action.DISARM,
        Action.ARM,
        Action.MUTE,
        Action.STOP,
        Action.BREW,
        Action.WATER,
    }
)


class Dimension(StrEnum):
    """What a value or a relative change is about."""

    BRIGHTNESS = "brightness"
    VOLUME = "volume"
    TEMPERATURE = "temperature"
    COLOUR = "colour"
    POSITION = "position"
    NONE = "none"


class Tag(StrEnum):
    """The role of a phrase in a sentence."""

    ACTION = "action"
    PARTICLE = "particle"
    NOUN = "noun"
    DIMENSION = "dimension"
    COMPARATIVE = "comparative"
    COMFORT = "comfort"
    SIZE = "size"
    LEVEL = "level"
    COLOUR = "colour"
    WHITE = "white"
    EVERYTHING = "everything"
    WHOLE_HOME = "whole_home"
    HERE = "here"
    ROOM = "room"
    FLOOR = "floor"
    ROUTINE = "routine"
    APPLIANCE = "appliance"
    APPLIANCE_VERB = "appliance_verb"
    # "car": names the car charger only with the verb that runs it ("charge the car").
    APPLIANCE_OBJECT = "appliance_object"
    PERCENT = "percent"
    DEGREES = "degrees"
    BY = "by"
    TO = "to"
    STOP = "stop"
    NUMBER = "number"
    # What makes a request something other than a plain command, or narrows it:
    QUESTION = "question"  # "how do I …": asks, does not command (at the start)
    REPORT = "report"  # "status", "state of": asks how a device is, said anywhere
    NEGATION = "negation"  # "not", "no": "I don't need the light" is "off"
    EXCLUSION = "exclusion"  # "except", "but": not understood, so nothing is done
    CONDITION = "condition"  # "if", "unless": a condition we cannot check now
    TIME = "time"  # "daily", "tomorrow": a time the constraint grammar did not place
    CLOCK = "clock"  # "am", "pm", "o'clock": a time when a number comes before
    SELECTOR = "selector"  # "left", "other": picks one of several, must be a name
    INDEFINITE = "indefinite"  # "one (of the) lights": which one is not said
    DRINK = "drink"  # "black", "strong", "a cup of": about the coffee, not a device
    SURFACE = "surface"  # "the carpet", "the floor": what a vacuum cleans
    PLANTING = "planting"  # "the lawn", "the roses": what is watered
    LOCATIVE = "locative"  # "in", "near": a place follows
    DETERMINER = "determiner"  # "the", "my": a noun follows
    ROOM_WORD = "room_word"  # "room": with an unknown word before it, a room
    LESS = "less"  # "less brighter": the change goes the other way
    GREETING = "greeting"  # "good night": with other commands, only a greeting
    PURCHASE = "purchase"  # "order", "buy": a shop's business, not a device command
    OTHER_DRINK = "other_drink"  # "tea": a drink the coffee maker does not make
    ALARM_CLOCK = "alarm_clock"  # "wake me up", "snooze": a clock, not the alarm system
    # "My to-do list": what is said is an item to write down, not a command.
    LIST = "list"
    EFFECT = "effect"  # "rainbow", "party mode": no colour a light can be set to
    FROM = "from"  # "from purple to green": what follows is the state now
    NAMED_NOUN = "named_noun"  # "chandelier": a device must have it in its name
    REFERENCE = "reference"  # "next to", "above": what follows only says where
    HANDLING = "handling"  # "touch", "mess with": after "don't", leave it as it is
    PERCEPTION = "perception"  # "hear", "see": after "not", a complaint, not "off"
    ANAPHOR = "anaphor"  # "them all", "the rest": devices named in an earlier request
    QUALIFIER = "qualifier"  # "for", "of": what follows a device noun identifies it
    DEPLETION = "depletion"  # "out of", "ran out": says what is used up, no "off"
    MAINTENANCE = "maintenance"  # "reset", "repair": a person's job, no device's
    # Filled from the home, not from the lexicon:
    AREA = "area"
    HOME_FLOOR = "home_floor"


@dataclass(frozen=True, slots=True)
class Kind:
    """What a device noun selects: per domain, the device classes that qualify.

    ``None`` for a domain: every entity of it. A tuple: entities of one of those
    classes or, with ``by_name``, whose name contains a noun of the kind ("Living Room
    TV" is a TV whatever its class). ``group``: a singular noun still means every such
    device of the place ("turn off the light" in a room with three).
    """

    domains: dict[str, tuple[str, ...] | None]
    by_name: bool = False
    group: bool = False
    dimension: Dimension = Dimension.NONE
    # The kind meant instead when the home has no device of this one ("lamp": a light).
    fallback: str | None = None
    # Climate devices only with one of these HVAC modes ("the AC" is no radiator).
    hvac_modes: tuple[str, ...] | None = None
    # So vague a noun ("the switch") that the home's only one elsewhere is not meant.
    vague: bool = False
    # Part of a room's windows: "close the curtains" in a room without any is not the
    # home's only curtains in another room (an awning, outside, is the home's).
    fixture: bool = False


# Colours (CSS names, as Home Assistant's ``color_name``) no light can show: it gives
# light, so it has no black, grey, brown or very dark shades; set to one of these a bulb
# shows some other colour.
UNSHOWABLE_COLOURS: Final = frozenset(
    {
        "black",
        "brown",
        "saddlebrown",
        "sienna",
        "chocolate",
        "maroon",
        "navy",
        "olive",
        "darkolivegreen",
        "darkgreen",
        "darkslategray",
        "darkslategrey",
        "midnightblue",
        "tan",
        "beige",
        "khaki",
        "darkkhaki",
        "gray",
        "grey",
        "dimgray",
        "dimgrey",
        "darkgray",
        "darkgrey",
        "lightgray",
        "lightgrey",
        "silver",
        "gainsboro",
        "slategray",
        "slategrey",
    }
)

# As Home Assistant's cover classes: blinds are not curtains.
_COVER_KINDS = ("blind", "shade", "shutter")
# Covers that let people in (Home Assistant's cover device classes) and the kinds of
# cover that shade a window: a garage door or gate is never one of those, whatever
# its name says ("Garage roller shutter").
ENTRANCE_CLASSES: Final = frozenset({"garage", "gate"})
SHADING_KINDS: Final = frozenset({"blind", "curtain"})
_SWITCHABLE = ("switch", "button", "input_boolean", "input_button", "script")

KINDS: dict[str, Kind] = {
    "light": Kind({"light": None}, group=True, dimension=Dimension.BRIGHTNESS),
    "lamp": Kind(
        {"light": ()},
        by_name=True,
        group=True,
        dimension=Dimension.BRIGHTNESS,
        fallback="light",
    ),
    "tv": Kind({"media_player": ("tv",)}, by_name=True, dimension=Dimension.VOLUME),
    "speaker": Kind(
        {"media_player": ("speaker", "receiver")},
        by_name=True,
        dimension=Dimension.VOLUME,
    ),
    "media": Kind({"media_player": None}, dimension=Dimension.VOLUME),
    "plug": Kind({"switch": ("outlet",)}, by_name=True),
    "switch": Kind({"switch": None, "input_boolean": None}, vague=True),
    "fan": Kind({"fan": None}, dimension=Dimension.POSITION),
    "vacuum": Kind({"vacuum": None}),
    "coffee": Kind(dict.fromkeys(_SWITCHABLE, ()), by_name=True),
    "climate": Kind({"climate": None}, group=True, dimension=Dimension.TEMPERATURE),
    "heating": Kind(
        {"climate": None},
        group=True,
        dimension=Dimension.TEMPERATURE,
        hvac_modes=("heat", "heat_cool"),
    ),
    "cooling": Kind(
        {"climate": None},
        group=True,
        dimension=Dimension.TEMPERATURE,
        hvac_modes=("cool", "heat_cool"),
    ),
    "blind": Kind(
        {"cover": _COVER_KINDS},
        by_name=True,
        group=True,
        dimension=Dimension.POSITION,
        fixture=True,
    ),
    # An awning opens outwards: "open" extends it, which is why it is no blind.
    "awning": Kind(
        {"cover": ("awning",)}, by_name=True, group=True, dimension=Dimension.POSITION
    ),
    "curtain": Kind(
        {"cover": ("curtain",)},
        by_name=True,
        group=True,
        dimension=Dimension.POSITION,
        fixture=True,
    ),
    "window": Kind(
        {"cover": ("window",)},
        by_name=True,
        group=True,
        dimension=Dimension.POSITION,
        fixture=True,
    ),
    "garage": Kind({"cover": ("garage",)}, by_name=True),
    "gate": Kind({"cover": ("gate",)}, by_name=True),
    "door": Kind({"lock": None, "cover": ("door",)}, by_name=True),
    "lock": Kind({"lock": None}),
    "alarm": Kind({"alarm_control_panel": None}),
    "camera": Kind({"camera": None}),
    "valve": Kind({"valve": None}, dimension=Dimension.POSITION),
    # What waters a garden: a valve or a switch called so, else the home's valve.
    "sprinkler": Kind(
        {"valve": (), "switch": ()},
        by_name=True,
        dimension=Dimension.POSITION,
        fallback="valve",
    ),
    "scene": Kind({"scene": None}),
    "script": Kind({"script": None}),
    "humidifier": Kind({"humidifier": None}),
    "water_heater": Kind({"water_heater": None}, dimension=Dimension.TEMPERATURE),
}

# Domains of devices that act: a sensor called so is no device a command is for.
ACTING_DOMAINS: Final = frozenset(
    domain for kind in KINDS.values() for domain in kind.domains
)


def related_kinds(first: str, second: str) -> bool:
    """Whether one device can be both kinds: a lamp is a light, a TV a media player.

    A plug is no lamp: "the plug for the lamp" may mean either, so neither is meant.
    """
    return first == second or bool(
        KINDS[first].domains.keys() & KINDS[second].domains.keys()
    )


# The kind a dimension is about when no device is named ("brighter", "louder").
DIMENSION_KINDS: dict[Dimension, str] = {
    Dimension.BRIGHTNESS: "light",
    Dimension.COLOUR: "light",
    Dimension.VOLUME: "media",
    Dimension.TEMPERATURE: "climate",
    Dimension.POSITION: "blind",
}

# --- words -------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w\s%°.,'\u2019-]+")
_SPLIT = re.compile(r"[\s\-\u2013\u2014/]+")
_EDGE = re.compile(r"^[.,'\u2019]+|[.,'\u2019]+$")
_DEACCENT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s", "é": "e", "è": "e"})
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def tokenize(text: str) -> list[str]:
    """Case-folded words of ``text``; "%" and "°" become words of their own."""
    folded = text.casefold().replace("\u2019", "'")
    folded = re.sub(r"(\d)\s*(%|°c|°f|°)", r"\1 \2", folded)
    # "22C", "72 F": the degree sign is often left out.
    folded = re.sub(r"(\d)\s*([cf])\b(?!')", r"\1 °\2", folded)
    folded = _PUNCTUATION.sub(" ", folded)
    words = []
    for raw in _SPLIT.split(folded):
        word = raw if _NUMBER.match(raw) else _EDGE.sub("", raw)
        if word and word not in {"'", ".", ","}:
            words.append(word)
    return words


def word_key(word: str, language: str) -> str:
    """A word reduced for comparison: accents folded, plural and case endings cut."""
    key = word.translate(_DEACCENT).replace("'", "")
    if _NUMBER.match(key):
        return key.replace(",", ".")
    if language == "de":
        # Not "-er": it makes comparatives ("wärmer") and would fold them into "warm".
        for ending in ("en", "es", "e", "n", "s"):
            if key.endswith(ending) and len(key) - len(ending) >= 4:
                return key[: -len(ending)]
        return key
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 4 and key.endswith(("ches", "shes", "sses", "xes")):
        return key[:-2]
    if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


def phrase_key(phrase: str, language: str) -> tuple[str, ...]:
    """The key of a phrase: the keys of its words."""
    return tuple(word_key(word, language) for word in tokenize(phrase))


def joined_form(phrase: str) -> tuple[str, ...]:
    """A place name of several words written as one ("diningroom"), if it has one.

    People join the words of a room's name; read as a slip, "diningroom" would be
    corrected to the "livingroom" it resembles.
    """
    words = tokenize(phrase)
    if len(words) < 2 or not all(word.isalpha() for word in words):
        return ()
    return ("".join(words),)


@dataclass(frozen=True, slots=True)
class Meaning:
    """One reading of a phrase: its role and value."""

    tag: Tag
    value: Any = None


@dataclass(slots=True)
class Lexicon:
    """The phrase tables of one language."""

    language: str
    phrases: dict[tuple[str, ...], list[Meaning]] = field(default_factory=dict)
    contractions: dict[str, str] = field(default_factory=dict)
    noise: list[tuple[str, ...]] = field(default_factory=list)
    # The noise phrases by their first word, longest first.
    noise_by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    # First words of phrases of more than one word ("turning" of "turning in").
    phrase_starts: set[str] = field(default_factory=set)
    # Last words of nouns of a kind narrower than its domain ("lamp").
    narrow_words: tuple[str, ...] = ()
    # One-word device nouns, long enough to end a compound ("lampe" in "Tischlampe").
    device_nouns: tuple[str, ...] = ()
    numbers: dict[tuple[str, ...], float] = field(default_factory=dict)
    # Words a speech recogniser writes for a spoken number ("lamp to": "Lamp 2").
    number_homophones: dict[str, str] = field(default_factory=dict)
    # Particles that say a sign ("minus 20 percent"): a step by the number after them.
    signs: set[tuple[str, ...]] = field(default_factory=set)
    nouns_by_kind: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    room_groups: dict[int, list[tuple[str, ...]]] = field(default_factory=dict)
    floor_groups: dict[int, list[tuple[str, ...]]] = field(default_factory=dict)
    compounds: bool = False
    vocabulary: set[str] = field(default_factory=set)
    # Words that stand for a word of a device's name ("overhead" for "ceiling").
    name_synonyms: dict[str, frozenset[str]] = field(default_factory=dict)
    # Endings of inflected verbs ("-ing", "-ed"): "dimmed" is read as "dim".
    verb_endings: tuple[str, ...] = ()
    # Device nouns that are brands ("wemo"): where a device has one in its name, the
    # noun means that device before others of its kind.
    brands: frozenset[str] = frozenset()
    # Phrases (keys) in a climate device's name that say it heats something other
    # than the rooms ("pool", "hot tub"): see :meth:`heats_elsewhere`.
    heated_elsewhere: frozenset[tuple[str, ...]] = frozenset()
    # Words of the alarm system's nouns and of alarm clocks: only a request with one
    # of them is read whole for an alarm clock.
    alarm_words: frozenset[str] = frozenset()
    # Verbs only an alarm system takes ("arm"): "arm my alarm" is no alarm clock.
    arming_verbs: frozenset[str] = frozenset()
    # Words that set what follows against what came before ("but"): what follows
    # without a verb of its own is an exception ("all lights but the porch").
    contrasts: frozenset[str] = frozenset()
    # "Is", "are": a state said after one, with no verb before, describes the home
    # ("the front door is unlocked"); so does a subject with a past verb ("I
    # turned the lights off"). Neither asks for a change.
    copulas: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    # Verbs that make a word both a question and a condition ("when") ask: "when is
    # the coffee ready" asks; "when I wake up make coffee" is a condition.
    question_verbs: frozenset[str] = frozenset()
    # "There": before a copula, the state may come after what it is said of ("there
    # are lights on in the kitchen").
    existentials: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    # Levels that say "as far as it goes" whichever way: "dim the lights all the way"
    # is the lowest, not the highest.
    extremes: frozenset[tuple[str, ...]] = frozenset()
    # Words before a clock time as much as a level ("open the blinds at 7").
    clock_words: frozenset[tuple[str, ...]] = frozenset()
    # Words that make such a word add instead ("but also").
    additions: frozenset[str] = frozenset()
    # The alarm said without saying whose ("the alarm", not "the alarm system").
    bare_alarms: frozenset[tuple[str, ...]] = frozenset()
    # Words before a bare "alarm" that make it one's own, a clock's ("my alarm").
    alarm_owners: frozenset[str] = frozenset()
    # Words that take back what was said before them ("…, no sorry, the desk lamp").
    corrections: frozenset[tuple[str, ...]] = frozenset()
    # Words that say there is too much of something ("too", "zu"): "too blue".
    excesses: frozenset[str] = frozenset()
    # Where a robot vacuum is sent back to ("send the vacuum home"), as keys.
    homeward: frozenset[tuple[str, ...]] = frozenset()
    # Words that call a request off at its start ("never mind the coffee").
    withdrawals: frozenset[tuple[str, ...]] = frozenset()
    # Common words near a device kind's word: never a slip of it ("header").
    common_words: frozenset[str] = frozenset()
    leading_noise: re.Pattern[str] | None = None
    trailing_noise: re.Pattern[str] | None = None
    # Verbs said around their object whose particle alone would mean another thing:
    # (verb, particle) keys -> the joined verb's action. "Schließ den Keller ab" is
    # "abschließen" (lock), never "ab" (off); "shut the TV down" is off, not lower.
    split_verbs: dict[tuple[tuple[str, ...], str], Action] = field(default_factory=dict)

    def is_bare_alarm(self, spoken: str) -> bool:
        """Whether ``spoken`` is only "alarm": a clock's or the system's, not said."""
        return tuple(word_key(word, self.language) for word in tokenize(spoken)) in (
            self.bare_alarms
        )

    def owned_alarm(self, text: str) -> str | None:
        """An alarm one owns or sets, as said ("my alarm", "an alarm"), if any.

        A bare "alarm" after an owner's word is a clock's; "my alarm system" is not.
        """
        words = tokenize(text)
        systems = self.nouns_by_kind.get("alarm", ())
        for index, (owner, alarm) in enumerate(pairwise(words)):
            keys = tuple(word_key(word, self.language) for word in words[index + 1 :])
            if (
                owner in self.alarm_owners
                and (keys[0],) in self.bare_alarms
                and not any(keys[:size] in systems for size in range(2, len(keys) + 1))
            ):
                return f"{owner} {alarm}"
        return None

    def says_arming(self, text: str) -> bool:
        """Whether ``text`` has a verb only an alarm system takes ("arm")."""
        return any(
            word_key(word, self.language) in self.arming_verbs
            for word in tokenize(text)
        )

    def may_mention_alarm(self, text: str) -> bool:
        """Whether ``text`` has a word of the alarm system or of an alarm clock."""
        return any(
            word_key(word, self.language) in self.alarm_words for word in tokenize(text)
        )

    def trim(self, text: str) -> str:
        """``text`` without wake words and politeness at its start and end.

        Done on the whole request, before it is split into clauses, so that "hey
        Google, turn off the lights" is one clause; the words in between stay as said.
        """
        if self.leading_noise is None or self.trailing_noise is None:
            return text
        trimmed = self.trailing_noise.sub("", self.leading_noise.sub("", text))
        return trimmed.strip() or text

    def add(self, phrase: str, meaning: Meaning) -> None:
        """File ``phrase`` under its key with ``meaning`` (a phrase may have several)."""
        key = phrase_key(phrase, self.language)
        if not key or len(key) > MAX_PHRASE_WORDS:
            return
        meanings = self.phrases.setdefault(key, [])
        if meaning not in meanings:
            meanings.append(meaning)
        self.vocabulary.update(key)
        if len(key) > 1:
            self.phrase_starts.add(key[0])

    def is_function_word(self, key: str) -> bool:
        """Whether a (single-word) key is only a marker or binds a value."""
        meanings = self.phrases.get((key,), ())
        return bool(meanings) and all(
            meaning.tag in FUNCTION_TAGS for meaning in meanings
        )

    def verb_stem(self, key: str) -> str | None:
        """The verb an inflected word is a form of ("dimming" -> "dim"), if known."""
        for ending in self.verb_endings:
            if not key.endswith(ending) or len(key) - len(ending) < 3:
                continue
            stem = key[: -len(ending)]
            for candidate in (stem, stem + "e", stem[:-1]):
                meanings = self.phrases.get((candidate,), ())
                if any(
                    meaning.tag in (Tag.ACTION, Tag.COMPARATIVE) for meaning in meanings
                ):
                    return candidate
        return None

    def key(self, word: str) -> str:
        """``word_key`` in this language."""
        return word_key(word, self.language)

    def names_kind(self, kind: str, name_keys: list[tuple[str, ...]]) -> bool:
        """Whether any of the (keyed) names contains a noun of ``kind``."""
        nouns = self.nouns_by_kind.get(kind, set())
        return any(_holds(name, noun) for name in name_keys for noun in nouns)

    def names_kind_tag(self, tag: Tag, name: tuple[str, ...]) -> bool:
        """Whether a keyed name contains a phrase with a meaning of ``tag``."""
        for start in range(len(name)):
            for end in range(start + 1, min(len(name), start + MAX_PHRASE_WORDS) + 1):
                meanings = self.phrases.get(name[start:end], ())
                if any(meaning.tag is tag for meaning in meanings):
                    return True
        return False

    def heats_elsewhere(self, names: list[tuple[str, ...]]) -> bool:
        """Whether one of these keyed names says it heats no room ("Pool Heater").

        In German the phrase may be the first part of a compound ("Poolheizung").
        """
        return any(
            _holds(name, phrase)
            or (
                self.compounds
                and len(phrase) == 1
                and any(
                    word.startswith(phrase[0]) and len(word) > len(phrase[0])
                    for word in name
                )
            )
            for name in names
            for phrase in self.heated_elsewhere
        )

    def kinds_of(
        self, entity: EntityInfo, name_keys: list[tuple[str, ...]]
    ) -> frozenset[str]:
        """The device kinds ``entity`` (with these keyed names) belongs to."""
        kinds = set()
        for kind, spec in KINDS.items():
            if entity.domain not in spec.domains:
                continue
            classes = spec.domains[entity.domain]
            if not _has_hvac_mode(entity, spec.hvac_modes):
                continue
            if kind in SHADING_KINDS and entity.device_class in ENTRANCE_CLASSES:
                continue
            if (
                classes is None
                or entity.device_class in classes
                or (spec.by_name and self.names_kind(kind, name_keys))
            ):
                kinds.add(kind)
        return frozenset(kinds)


def _holds(name: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the keyed ``name`` contains the keyed ``phrase``, word for word."""
    size = len(phrase)
    return any(
        name[start : start + size] == phrase for start in range(len(name) - size + 1)
    )


def _has_hvac_mode(entity: EntityInfo, modes: tuple[str, ...] | None) -> bool:
    """Whether ``entity`` has one of ``modes`` (or does not say which it has)."""
    if modes is None:
        return True
    offered = entity.attributes.get("hvac_modes")
    if not isinstance(offered, list | tuple):
        return True
    return any(mode in offered for mode in modes)


# The value of a HERE meaning that says the floor, not the room ("on this floor").
FLOOR_HERE: Final = "floor"
# The value of a HERE meaning that points at a room other than this one, unnamed ("in
# there").
ELSEWHERE: Final = "elsewhere"

# Marker words by lexicon section.
_MARKERS = {
    "questions": Tag.QUESTION,
    "reports": Tag.REPORT,
    "negations": Tag.NEGATION,
    "exclusions": Tag.EXCLUSION,
    "conditions": Tag.CONDITION,
    "times": Tag.TIME,
    "clock_words": Tag.CLOCK,
    "selectors": Tag.SELECTOR,
    "indefinites": Tag.INDEFINITE,
    "drinks": Tag.DRINK,
    "surfaces": Tag.SURFACE,
    "plantings": Tag.PLANTING,
    "locatives": Tag.LOCATIVE,
    "determiners": Tag.DETERMINER,
    "room_words": Tag.ROOM_WORD,
    "inverters": Tag.LESS,
    "greetings": Tag.GREETING,
    "purchases": Tag.PURCHASE,
    "other_drinks": Tag.OTHER_DRINK,
    "effects": Tag.EFFECT,
    "appliance_objects": Tag.APPLIANCE_OBJECT,
    "alarm_clocks": Tag.ALARM_CLOCK,
    "lists": Tag.LIST,
    "references": Tag.REFERENCE,
    "anaphora": Tag.ANAPHOR,
    "handling": Tag.HANDLING,
    "perceptions": Tag.PERCEPTION,
    "qualifiers": Tag.QUALIFIER,
    "depletions": Tag.DEPLETION,
    "maintenance": Tag.MAINTENANCE,
}
# Words that mark what a request is (a question, an exception …) or bind a value:
# misspelt words are never corrected into them ("bout" is not "but").
FUNCTION_TAGS = frozenset(
    {
        Tag.LOCATIVE,
        Tag.QUALIFIER,
        Tag.QUESTION,
        Tag.REPORT,
        Tag.NEGATION,
        Tag.EXCLUSION,
        Tag.CONDITION,
        Tag.CLOCK,
        Tag.INDEFINITE,
        Tag.LESS,
        Tag.GREETING,
        Tag.PURCHASE,
        Tag.ANAPHOR,
        Tag.BY,
        Tag.TO,
        Tag.FROM,
        Tag.DEPLETION,
        Tag.MAINTENANCE,
    }
)


def _alternatives(phrases: list[str]) -> str:
    """A regular expression matching any of ``phrases``, longest first."""
    return "|".join(
        re.escape(phrase).replace(r"\ ", r"\s+")
        for phrase in sorted(phrases, key=len, reverse=True)
    )


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    for item in value:
        if isinstance(item, bool):
            # YAML reads an unquoted on, off, no or yes as a truth value.
            raise TypeError(f"lexicon word {item!r} is not text: put it in quotes")
    return [str(item) for item in value]


def _load(data: dict[str, Any], language: str) -> Lexicon:
    lexicon = Lexicon(language=language, compounds=bool(data.get("compounds")))
    lexicon.contractions = {
        str(word).casefold(): str(full)
        for word, full in (data.get("contractions") or {}).items()
    }
    lexicon.signs = {phrase_key(word, language) for word in _words(data.get("signs"))}
    lexicon.number_homophones = {
        str(word).casefold(): str(digit)
        for word, digit in (data.get("number_homophones") or {}).items()
    }
    noise = _words(data.get("noise"))
    lexicon.noise = sorted(
        (phrase_key(phrase, language) for phrase in noise), key=len, reverse=True
    )
    for noise_key in lexicon.noise:
        lexicon.noise_by_first.setdefault(noise_key[0], []).append(noise_key)
    # Wake words are dropped only at the start, or at the end set apart by a comma
    # ("lights off, computer"): "echo" is also a speaker, and "the plug of the
    # computer" names what is plugged in.
    wake_words = _words(data.get("wake_words"))
    if noise or wake_words:
        spoken = _alternatives([*noise, *wake_words])
        # Noise is a word of its own: "{# note #}hello" ends in text, not a greeting.
        lexicon.leading_noise = re.compile(
            rf"^(?:\s*(?:{spoken})(?![^\s,.;:!?-])[\s,.;:!?-]*)+", re.IGNORECASE
        )
        endings = [rf"[\s,.;:!?-]*(?<![^\s,.;:!?-])(?:{_alternatives(noise)})"]
        if wake_words:
            endings.append(rf"\s*[,.;:!?-]\s*(?:{_alternatives(wake_words)})")
        lexicon.trailing_noise = re.compile(
            rf"(?:{'|'.join(endings)})+[\s,.;:!?]*$", re.IGNORECASE
        )
    add = lexicon.add
    for action, phrases in (data.get("actions") or {}).items():
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.ACTION, Action(str(action))))
    for action, phrases in (data.get("particles") or {}).items():
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.PARTICLE, Action(str(action))))
    lexicon.split_verbs = _split_verbs(lexicon.phrases)
    narrow: set[str] = set()
    for kind, phrases in (data.get("nouns") or {}).items():
        if kind not in KINDS:
            raise ValueError(f"unknown device kind in the {language} lexicon: {kind}")
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.NOUN, kind))
            noun_key = phrase_key(phrase, language)
            lexicon.nouns_by_kind.setdefault(kind, set()).add(noun_key)
            if KINDS[kind].fallback is not None and noun_key:
                narrow.add(noun_key[-1])
    lexicon.narrow_words = tuple(sorted(narrow))
    lexicon.device_nouns = tuple(
        sorted(
            {
                key[0]
                for keys in lexicon.nouns_by_kind.values()
                for key in keys
                if len(key) == 1 and len(key[0]) >= MIN_COMPOUND_NOUN
            }
        )
    )
    for kind, phrases in (data.get("named_nouns") or {}).items():
        if kind not in KINDS:
            raise ValueError(f"unknown device kind in the {language} lexicon: {kind}")
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.NOUN, kind))
            add(phrase, Meaning(Tag.NAMED_NOUN))
            if noun_key := phrase_key(phrase, language):
                narrow.add(noun_key[-1])
    lexicon.narrow_words = tuple(sorted(narrow))
    for dimension, phrases in (data.get("dimensions") or {}).items():
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.DIMENSION, Dimension(str(dimension))))
    for phrase, (dimension, sign) in (data.get("comparatives") or {}).items():
        add(
            str(phrase),
            Meaning(Tag.COMPARATIVE, (Dimension(str(dimension)), int(sign))),
        )
    for phrase, (dimension, sign) in (data.get("comfort") or {}).items():
        add(str(phrase), Meaning(Tag.COMFORT, (Dimension(str(dimension)), int(sign))))
    degrees = _words(data.get("comfort_degrees"))
    for state, (dimension, sign) in (data.get("comfort_states") or {}).items():
        change = Meaning(Tag.COMFORT, (Dimension(str(dimension)), int(sign)))
        for degree in degrees:
            add(f"{degree} {state}", change)
    for phrase, factor in (data.get("sizes") or {}).items():
        add(str(phrase), Meaning(Tag.SIZE, float(factor)))
    values = data.get("values") or {}
    for phrase in _words(values.get("percent_words")):
        add(phrase, Meaning(Tag.PERCENT))
    for phrase in _words(values.get("degree_words")):
        add(phrase, Meaning(Tag.DEGREES))
    for phrase in _words(values.get("by_words")):
        add(phrase, Meaning(Tag.BY))
    for phrase in _words(values.get("to_words")):
        add(phrase, Meaning(Tag.TO))
    for phrase in _words(values.get("from_words")):
        add(phrase, Meaning(Tag.FROM))
    for phrase, level in (values.get("levels") or {}).items():
        add(str(phrase), Meaning(Tag.LEVEL, float(level)))
    lexicon.extremes = frozenset(
        phrase_key(phrase, language) for phrase in _words(values.get("extremes"))
    )
    lexicon.clock_words = frozenset(
        phrase_key(phrase, language) for phrase in _words(values.get("clock_words"))
    )
    for phrase, colour in (data.get("colours") or {}).items():
        add(str(phrase), Meaning(Tag.COLOUR, str(colour)))
    for phrase, kelvin in (data.get("whites") or {}).items():
        add(str(phrase), Meaning(Tag.WHITE, int(kelvin)))
    for phrase in _words(data.get("everything")):
        add(phrase, Meaning(Tag.EVERYTHING))
    for phrase in _words(data.get("whole_home")):
        add(phrase, Meaning(Tag.WHOLE_HOME))
    for phrase in _words(data.get("here")):
        add(phrase, Meaning(Tag.HERE))
    for phrase in _words(data.get("here_floor")):
        add(phrase, Meaning(Tag.HERE, FLOOR_HERE))
    for phrase in _words(data.get("there")):
        add(phrase, Meaning(Tag.HERE, ELSEWHERE))
    for index, group in enumerate(data.get("rooms") or []):
        for phrase in _words(group):
            for written in (phrase, *joined_form(phrase)):
                add(written, Meaning(Tag.ROOM, index))
                key = phrase_key(written, language)
                if key not in lexicon.room_groups.get(index, ()):
                    lexicon.room_groups.setdefault(index, []).append(key)
    for index, group in enumerate(data.get("floors") or []):
        for phrase in _words(group):
            add(phrase, Meaning(Tag.FLOOR, index))
            lexicon.floor_groups.setdefault(index, []).append(
                phrase_key(phrase, language)
            )
    for routine, phrases in (data.get("routines") or {}).items():
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.ROUTINE, str(routine)))
    for appliance, phrases in (data.get("appliances") or {}).items():
        for phrase in _words(phrases):
            add(phrase, Meaning(Tag.APPLIANCE, str(appliance)))
    for phrase, appliance in (data.get("appliance_verbs") or {}).items():
        add(
            str(phrase),
            Meaning(Tag.APPLIANCE_VERB, None if appliance is None else str(appliance)),
        )
    for section, tag in _MARKERS.items():
        for phrase in _words(data.get(section)):
            add(phrase, Meaning(tag))
    lexicon.verb_endings = tuple(_words(data.get("verb_endings")))
    lexicon.brands = frozenset(
        word_key(word, language) for word in _words(data.get("brands"))
    )
    lexicon.heated_elsewhere = frozenset(
        key
        for key in (
            phrase_key(phrase, language)
            for phrase in _words(data.get("heated_elsewhere"))
        )
        if key
    )
    lexicon.contrasts = frozenset(
        word.casefold() for word in _words(data.get("contrasts"))
    )
    lexicon.copulas = frozenset(word.casefold() for word in _words(data.get("copulas")))
    lexicon.states = frozenset(word.casefold() for word in _words(data.get("states")))
    lexicon.question_verbs = frozenset(
        word.casefold() for word in _words(data.get("question_verbs"))
    )
    lexicon.existentials = frozenset(
        word.casefold() for word in _words(data.get("existentials"))
    )
    lexicon.subjects = frozenset(
        word.casefold() for word in _words(data.get("subjects"))
    )
    lexicon.auxiliaries = frozenset(
        word.casefold() for word in _words(data.get("auxiliaries"))
    )
    lexicon.adverbs = frozenset(word.casefold() for word in _words(data.get("adverbs")))
    lexicon.additions = frozenset(
        word.casefold() for word in _words(data.get("additions"))
    )
    lexicon.bare_alarms = frozenset(
        phrase_key(said, language) for said in _words(data.get("bare_alarms"))
    )
    lexicon.alarm_owners = frozenset(
        word.casefold() for word in _words(data.get("alarm_owners"))
    )
    lexicon.common_words = frozenset(
        word_key(word, language) for word in _words(data.get("common_words"))
    )
    lexicon.corrections = frozenset(
        tuple(tokenize(said)) for said in _words(data.get("corrections"))
    )
    lexicon.excesses = frozenset(
        word_key(word, language) for word in _words(data.get("excesses"))
    )
    lexicon.homeward = frozenset(
        phrase_key(said, language) for said in _words(data.get("homeward"))
    )
    lexicon.withdrawals = frozenset(
        tuple(tokenize(said)) for said in _words(data.get("withdrawals"))
    )
    lexicon.alarm_words = frozenset(
        word
        for phrase in (
            *lexicon.nouns_by_kind.get("alarm", ()),
            *(phrase_key(said, language) for said in _words(data.get("alarm_clocks"))),
        )
        for word in phrase
    )
    lexicon.arming_verbs = frozenset(
        word_key(word, language) for word in _words(data.get("arming_verbs"))
    )
    for word, synonyms in (data.get("name_synonyms") or {}).items():
        lexicon.name_synonyms[word_key(str(word), language)] = frozenset(
            word_key(str(synonym), language) for synonym in _words(synonyms)
        )
    for phrase in _words(data.get("stop_words")):
        add(phrase, Meaning(Tag.STOP))
    lexicon.numbers = _number_words(language)
    for said, value in (data.get("spoken_numbers") or {}).items():
        # "A hundred", "hundert": said so, not as the number rules spell them.
        lexicon.numbers.setdefault(tuple(tokenize(str(said))), float(value))
    return lexicon


def _split_verbs(
    phrases: dict[tuple[str, ...], list[Meaning]],
) -> dict[tuple[tuple[str, ...], str], Action]:
    """Verb + particle phrases whose action is fixed and not the particle's own.

    Read from the actions and particles filed so far: "schließ ab" (lock) with the
    particle "ab" (off), "power down" (off) with "down".
    """
    particles = {
        key[0]: meaning.value
        for key, meanings in phrases.items()
        if len(key) == 1
        for meaning in meanings
        if meaning.tag is Tag.PARTICLE
    }
    split: dict[tuple[tuple[str, ...], str], Action] = {}
    for key, meanings in phrases.items():
        if len(key) < 2 or key[-1] not in particles:
            continue
        for meaning in meanings:
            if (
                meaning.tag is Tag.ACTION
                and meaning.value in FIXED_ACTIONS
                and meaning.value != particles[key[-1]]
            ):
                split[key[:-1], key[-1]] = meaning.value
    return split


def _number_words(language: str) -> dict[tuple[str, ...], float]:
    """Spelled numbers 0-100 (and halves) of ``language``, as hassil matches them."""
    try:
        engine = RbnfEngine.for_language(language)
    except Exception:  # noqa: BLE001 - no number words: digits still work
        return {}
    numbers: dict[tuple[str, ...], float] = {}
    for value in range(101):
        try:
            result = engine.format_number(value)
        except Exception:  # noqa: BLE001, S112 - a rule set that cannot say it
            continue
        for text in result.text_by_ruleset.values():
            words = tuple(tokenize(text))
            if words and words not in numbers:
                numbers[words] = float(value)
    return numbers


@cache
def load_lexicon(language: str) -> Lexicon | None:
    """The lexicon of a language (or its base language); None when there is none."""
    for code in (language, language.split("-", 1)[0]):
        path = LEXICON_DIR / f"{code}.yaml"
        if path.is_file():
            with path.open(encoding="utf-8") as file:
                data = yaml.safe_load(file)
            return _load(data if isinstance(data, dict) else {}, code)
    return None
