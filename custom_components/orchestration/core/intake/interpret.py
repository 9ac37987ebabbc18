"""The interpretation layer: what people say that the exact grammar does not match.

``reading.py`` reads a sentence into a :class:`Parse` (its actions, device nouns,
places, values, the words nobody knows and where they stand). From that this module
builds one goal, or says why it does not act. Never the wrong device:

- a device is found by its name even when only part of it is said, misspelt or in the
  plural, but only when one device fits clearly better than the others; two close
  candidates make a question, never a guess;
- a device's whole name comes before its words read as a room and a kind ("kill the
  office fan" is the Office fan, wherever it is); a name and a place said that
  disagree ("the office fan in the office", where it is in the bedroom) ask;
- words that must name a device (an unknown word before a device noun, "left",
  "chandelier", "socket 2", "the fan plug") are matched against names, or we ask;
- without a name the device nouns, the place and the action select a group ("the
  kitchen lights"); a place said without such a device, or that the home lacks, is
  reported, not widened; "one of the lights" asks which;
- no place said means the room the request came from, then the whole home;
- "everything" never reaches locks, alarms, covers or cameras;
- questions, conditions, exceptions, times the grammar could not place, orders from a
  shop, effects no light shows, several values, "on" and "off" at once: nothing is done
  and ``unresolved`` says why. A negation without a verb switches off ("I don't need
  the light"); with one ("don't turn it off") nothing is done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, Final

from ..models import ContextSnapshot, Goal, GoalType, PrivacyClass, Targets
from ..texts import Reason, Term
from .clarify import (
    SUCH_DEVICE,
    THIS_HOME,
    Candidate,
    ambiguity_note,
    incapable_note,
    missing_note,
    place_note,
    refusal_note,
    room_choice_note,
    room_note,
)
from .device import DEFAULT_SWITCHED, Resolution
from .goals import GoalResolver
from .lexicon import (
    ACTING_DOMAINS,
    DIMENSION_KINDS,
    ENTRANCE_CLASSES,
    FIXED_ACTIONS,
    KINDS,
    SHADING_KINDS,
    Action,
    Dimension,
    Lexicon,
    Tag,
    phrase_key,
    related_kinds,
    tokenize,
)
from .privacy import privacy_class
from .reading import Parse, Reader
from .recognizer import Match
from .terms import EntityTerms, HomeTerms

# How far one step of a relative change goes.
BRIGHTNESS_STEP_PCT: Final = 20
VOLUME_STEP_PCT: Final = 10
TEMPERATURE_STEP: Final = 1.0
# What "warmer" and "cooler" make a light: warm and cool white, in kelvin.
WARM_WHITE_KELVIN: Final = 2700
COOL_WHITE_KELVIN: Final = 5000

# Kinds whose value is a temperature.
_CLIMATE_KINDS: Final = frozenset({"climate", "heating", "cooling"})
# Kinds a request meant for the room it was said in (the devices of a place), as
# opposed to one device that serves the whole home (a robot vacuum, a coffee maker).
_ROOM_KINDS: Final = frozenset(
    {"light", "lamp", "climate", "heating", "cooling", "fan", "media", "alarm", "lock"}
)
# What "everything" switches: never locks, alarms, covers (garage doors) or cameras.
EVERYTHING_DOMAINS: Final = ("fan", "light", "media_player", "switch")

# Fuzzy name matching: each said word must match a word of the name this well...
WORD_MATCH: Final = 80.0
# ...and the best device must beat the next by this margin, or we ask.
NAME_MARGIN: Final = 8.0
# How much of a device's name said counts against how well the words match.
COVERAGE_WEIGHT: Final = 0.3

_MEDIA = "media_player"
# How a device kind is named in ``unresolved`` notes (``kinds`` in the catalogue).
KIND_LABELS: Final = {
    "light": Term("kinds.light"),
    "lamp": Term("kinds.lamp"),
    "tv": Term("kinds.tv"),
    "speaker": Term("kinds.speaker"),
    "media": Term("kinds.media"),
    "plug": Term("kinds.plug"),
    "switch": Term("kinds.switch"),
    "fan": Term("kinds.fan"),
    "vacuum": Term("kinds.vacuum"),
    "coffee": Term("kinds.coffee"),
    "climate": Term("kinds.climate"),
    "heating": Term("kinds.heating"),
    "cooling": Term("kinds.cooling"),
    "blind": Term("kinds.blind"),
    "curtain": Term("kinds.curtain"),
    "awning": Term("kinds.awning"),
    "window": Term("kinds.window"),
    "garage": Term("kinds.garage"),
    "gate": Term("kinds.gate"),
    "door": Term("kinds.door"),
    "lock": Term("kinds.lock"),
    "alarm": Term("kinds.alarm"),
    "camera": Term("kinds.camera"),
    "valve": Term("kinds.valve"),
    "sprinkler": Term("kinds.sprinkler"),
    "scene": Term("kinds.scene"),
    "script": Term("kinds.script"),
    "humidifier": Term("kinds.humidifier"),
    "water_heater": Term("kinds.water_heater"),
}
# The kind of device an action is about when no device is named.
_ACTION_KINDS = {
    Action.VACUUM: "vacuum",
    Action.DOCK: "vacuum",
    Action.LOCK: "lock",
    Action.UNLOCK: "lock",
    Action.PAUSE: "media",
    Action.PLAY: "media",
    Action.NEXT: "media",
    Action.PREVIOUS: "media",
    Action.MUTE: "media",
    Action.DISARM: "alarm",
    Action.ARM: "alarm",
    Action.BREW: "coffee",
    Action.WATER: "sprinkler",
}
_ON_GOALS = {
    "cover": GoalType.OPEN,
    "valve": GoalType.OPEN,
    "scene": GoalType.ACTIVATE_SCENE,
    "script": GoalType.RUN_SCRIPT,
    "vacuum": GoalType.VACUUM_START,
    "lawn_mower": GoalType.VACUUM_START,
    # "Arm the alarm": armed as it is switched on (disarming has verbs of its own).
    "alarm_control_panel": GoalType.TURN_ON,
}
_OFF_GOALS = {
    "cover": GoalType.CLOSE,
    "valve": GoalType.CLOSE,
    "vacuum": GoalType.VACUUM_RETURN,
    "lawn_mower": GoalType.VACUUM_RETURN,
}
_SWITCHED_DOMAINS = frozenset(
    {
        "light",
        "switch",
        "fan",
        _MEDIA,
        "climate",
        "input_boolean",
        "humidifier",
        "water_heater",
        "siren",
        "remote",
        "button",
        "input_button",
    }
)
# What "preheat" or "warm up" runs as a load: what heats, on a switch or by itself.
_HEATED_DOMAINS = frozenset({"switch", "input_boolean", "water_heater"})
# Verbs of a change: they decide over a trailing "on" or "off".
_CHANGES = frozenset({Action.UP, Action.DOWN, Action.DIM})
# What starts a robot vacuum.
_VACUUM_STARTS = frozenset(
    {Action.VACUUM, Action.ON, Action.START, Action.OPEN, Action.PLAY}
)
# What a switched appliance is said as ("the dishwasher", "the coffee maker plug"):
# nothing of it opens or closes.
_APPLIANCE_KINDS: Final = frozenset({None, "coffee", "switch", "plug"})
# Opened and closed like a switch.
_SWITCHING = frozenset({Action.ON, Action.OFF})
# Covers that let people in (Home Assistant's cover device classes).
_ENTRANCE_COVERS = ENTRANCE_CLASSES | {"door"}
_OPENED_LIKE_SWITCHED = frozenset({"light", "switch", "fan", _MEDIA})
_MEDIA_GOALS = {
    Action.PAUSE: GoalType.MEDIA_PAUSE,
    Action.PLAY: GoalType.MEDIA_PLAY,
    Action.NEXT: GoalType.MEDIA_NEXT,
    Action.PREVIOUS: GoalType.MEDIA_PREVIOUS,
}


class Interpreter:
    """Understands sentences of one language in one home."""

    def __init__(
        self,
        lexicon: Lexicon,
        terms: HomeTerms,
        snapshot: ContextSnapshot,
        goals: GoalResolver,
        context_area_id: str | None,
    ) -> None:
        """Interpret in ``snapshot`` with the words of ``lexicon`` and ``terms``."""
        self.lexicon = lexicon
        self.terms = terms
        self.snapshot = snapshot
        self.goals = goals
        self.context_area_id = context_area_id
        self.reader = Reader(lexicon, terms)
        # How name words are compared: slips of each other, and words that say nothing
        # of which device ("smart").
        self._slips = (terms.slip, self._says_nothing)

    def one_device(self, phrase: str) -> list[str]:
        """The one device a noun phrase of a condition names ("the tv", "die Haustür").

        Read as a device to switch on would be, then kept only when exactly one exposed
        entity is meant: a condition waits on one device, never on a guess among several.
        """
        parse = self.parse(phrase)
        if parse.fillers or not (parse.kinds or parse.names):
            return []
        resolution = self._device(parse, Action.ON)
        if resolution is None or resolution.goal is None:
            return []
        found = [
            entity.entity_id
            for entity in self.snapshot.select(resolution.goal.targets)
            if entity.exposed
        ]
        return found if len(found) == 1 else []

    def _unknown_device_said(self, parse: Parse) -> bool:
        """Whether a word not understood is a compound naming a device ("Tischlampe")."""
        if not self.lexicon.compounds:
            return False
        nouns = self.lexicon.device_nouns
        return any(
            key != noun and key.endswith(noun)
            for key in map(self.lexicon.key, parse.fillers)
            for noun in nouns
        )

    def _says_nothing(self, key: str) -> bool:
        return any(
            meaning.tag is Tag.STOP for meaning in self.lexicon.phrases.get((key,), ())
        )

    def parse(self, text: str) -> Parse:
        """What ``text`` says, role by role."""
        return self.reader.parse(text)

    def aside(self, text: str, *, set_apart: bool) -> bool:
        """Whether ``text``, said beside a command, is context rather than a command.

        A complaint says why ("it's too dark, turn the lamp on"). Set apart by
        punctuation, so are a greeting ("good night, lights off"; but "good night and
        lock up" asks for both), the device spoken to ("robot, vacuum the hall") and
        a remark with nothing to act on ("lights to red, we are having a party").
        """
        if self.reader.greets(text):
            return set_apart
        if set_apart and self.statement(text):
            return True  # "turn off the lights, they are still on": why, not what
        parse = self.parse(text)
        if parse.refusal is not None or _commands(parse):
            return False
        if parse.negated and not (set_apart and self._of_the_speaker(text, parse)):
            # "Lights on, not the lamp" excepts; "…, I am not comfortable" does not.
            return False
        if parse.negated and (parse.kinds or parse.names or not set_apart):
            return False  # "I don't need the light": a request to switch it off
        if parse.comfort and not parse.comparative and not (parse.kinds or parse.names):
            return True
        if not set_apart or _has_values(parse) or _has_place(parse):
            return False
        addressed = bool(parse.kinds or parse.names) and not parse.fillers
        remark = not (parse.kinds or parse.names or parse.modifiers or parse.routine)
        return (addressed or remark) and not (parse.actions or parse.appliance)

    def _of_the_speaker(self, text: str, parse: Parse) -> bool:
        """Whether ``text`` is said of someone, of no device ("I am not comfortable")."""
        if parse.kinds or parse.names or parse.modifiers:
            return False
        words = self.reader.words(text)
        return bool(words) and words[0] in self.lexicon.subjects

    def alarm_clock(self, text: str) -> str | None:
        """The words of ``text`` that speak of an alarm clock, if any ("snooze").

        "The alarm" said with a day or a time ("turn off the alarm for tomorrow
        morning", "Alarm um 7 Uhr aus") is a clock's too: that alarm system is not
        named, and it is disarmed now, not for a morning.
        """
        if not self.lexicon.may_mention_alarm(text):
            return None
        parse = self.parse(text)
        if parse.clock is not None:
            return parse.clock
        if (
            (owned := self.lexicon.owned_alarm(text)) is not None
            and not parse.fillers
            and not self.lexicon.says_arming(text)  # "arm my alarm": the system's
            and not parse.question  # "is my alarm on": its state, nothing done
            and Action.DISARM not in parse.actions
            and Action.ARM not in parse.actions
        ):
            return owned
        alarms = [spoken for kind, spoken in parse.kinds if kind == "alarm"]
        bare = all(self.lexicon.is_bare_alarm(spoken) for spoken in alarms)
        if (
            parse.time is None
            or not bare
            or not (alarms or {Action.DISARM, Action.ARM} & set(parse.actions))
        ):
            return None
        return text

    def asks_plainly(self, text: str) -> bool:
        """Whether ``text`` is a question without a verb ("lights on?", "any lights on?").

        Said so, it asks how the lights are: the grammar's "lights on" would switch
        them on.
        """
        if not self.reader.asked_plainly(text) or self.parse(text).actions:
            return False
        # "(Can you please) off the light?": a switch said first asks for it.
        words = self.reader.words(text)
        return bool(words) and not self.parse(words[0]).particles

    def statement(self, text: str) -> bool:
        """Whether ``text`` says how the home is rather than what to do.

        "The front door is unlocked", "the heating isn't working", "I turned the
        lights off": none asks to unlock, switch on or off ("make sure the door is
        locked" does; "it's too dark in here" is a complaint, read as one).
        """
        lexicon = self.lexicon
        if not (lexicon.copulas and lexicon.states):
            return False
        # "We're out of coffee" says "we are" ("isn't" is a copula of its own).
        words = [
            word
            for token in tokenize(text)
            for word in (
                [token]
                if token in lexicon.copulas
                else tokenize(lexicon.contractions.get(token, token))
            )
        ]
        if self._said_in_the_past(words):
            return True
        for index, word in enumerate(words):
            if " ".join(words[index : index + 2]) in lexicon.copulas:
                state = index + 2
            elif word in lexicon.copulas or word.endswith("'s"):
                state = index + 1
            else:
                continue
            later = next(
                (at for at in range(state, len(words)) if words[at] in lexicon.states),
                None,
            )
            if index and words[index - 1] in lexicon.existentials and later is not None:
                # "There are lights on in the kitchen": the state after its subject.
                state = later
                after = self.parse(" ".join(words[state + 1 :]))
                if after.actions or after.weak_actions or after.kinds:
                    continue  # "there is paper on the rug to suck up"
            if state >= len(words) or not (
                words[state] in lexicon.states
                or (self._reading(words[state:]) and not self.parse(text).question)
            ):
                continue
            before = self.parse(" ".join(words[:index]))
            if not (
                before.actions
                or before.particles
                or before.routine
                or before.condition is not None  # "when the door is open, …"
                or before.question
            ):
                return not self.parse(text).comfort
        # "The coffee ran out", "der Kaffee ist alle": used up, and nothing asked.
        parse = self.parse(text)
        return parse.depleted is not None and not (
            parse.actions or parse.particles or parse.routine or parse.question
        )

    def _reading(self, words: list[str]) -> bool:
        """Whether ``words`` are a temperature as read off ("only 17 degrees in here").

        After "is", a number in degrees says how warm it is, not what to set.
        """
        parse = self.parse(" ".join(words))
        return (
            parse.number is not None
            and parse.unit is Tag.DEGREES
            and not (parse.actions or parse.particles)
        )

    def _said_in_the_past(self, words: list[str]) -> bool:
        """Whether ``words`` start with a subject and a verb in the past.

        "I turned it off", "I have locked the door", "ich habe das Licht
        ausgeschaltet" ("I just want the lights on" is a wish, not the past).
        """
        lexicon = self.lexicon
        while words and words[0] in lexicon.adverbs:
            words = words[1:]  # "Yesterday I turned …"
        for size in (2, 1):
            if " ".join(words[:size]) in lexicon.subjects:
                rest = words[size:]
                break
        else:
            return False
        while rest and rest[0] in lexicon.adverbs:
            rest = rest[1:]  # "I just opened …"
        if rest and rest[0] in lexicon.auxiliaries:
            rest = rest[1:]
            return any(map(self._past, rest)) or bool(
                rest and rest[-1] in lexicon.states
            )
        return bool(rest) and self._past(rest[0])

    def _past(self, word: str) -> bool:
        """Whether ``word`` is a verb we know in the past ("turned", "opened")."""
        return word.endswith("ed") and (
            self.lexicon.verb_stem(self.lexicon.key(word)) is not None
        )

    def correction(self, text: str) -> str | None:
        """Words after the start that take back what came before them, if any.

        "Turn on the floor lamp, no sorry, the desk lamp": which lamp is meant is for
        the speaker to say again, not for us to guess from a half-withdrawn request.
        """
        words = tokenize(text)
        for start in range(1, len(words)):
            for phrase in self.lexicon.corrections:
                if tuple(words[start : start + len(phrase)]) == phrase:
                    return " ".join(phrase)
        return None

    def withdrawn(self, text: str) -> bool:
        """Whether ``text`` starts by calling itself off ("never mind the lights")."""
        words = tuple(tokenize(text))
        return any(words[: len(said)] == said for said in self.lexicon.withdrawals)

    def exception(self, text: str) -> str | None:
        """An exception said after "but" with no verb of its own, as said, if any.

        "Turn off all the lights but the porch": the porch is left out, not switched
        off as well ("close the blinds but open the curtains" is two commands).
        """
        words = tokenize(text)
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else ""
            if (
                word not in self.lexicon.contrasts
                or index == 0
                or following in self.lexicon.additions
            ):
                continue
            rest = " ".join(words[index + 1 :])
            parse = self.parse(rest)
            if rest and not (parse.actions or parse.particles or parse.routine):
                return f"{word} {rest}"
        return None

    def shares_noun(self, text: str, following: str) -> bool:
        """Whether ``text`` names only a place whose device ``following`` names.

        "Turn off the kitchen and bedroom lights": the kitchen's lights, not every
        switch in the kitchen (the dishwasher among them).
        """
        parse = self.parse(text)
        if parse.kinds or parse.names or parse.modifiers or parse.routine:
            return False
        if not (parse.areas or parse.floors) or _action(parse) is None:
            return False
        later = self.parse(following)
        return bool(later.kinds) and _action(later) is None

    def follows_player(self, text: str, previous: str) -> bool:
        """Whether ``text`` asks the media player ``previous`` names for more.

        "Turn on the kitchen speaker and play music", "… and set the volume to 30":
        that speaker, not the TV of the room it was said in.
        """
        parse = self.parse(text)
        return self._follows_player(parse, self.parse(previous))

    def only_place(self, text: str) -> bool:
        """Whether ``text`` says a room and nothing else ("in the bedroom, …")."""
        parse = self.parse(text)
        return (
            bool(parse.areas or parse.floors)
            and not (_says_something(parse) or parse.fillers or parse.modifiers)
            and parse.refusal is None
        )

    def takes_place(self, text: str, previous: str) -> bool:
        """Whether ``text`` names a device but no place, after a clause that names one.

        "Mach im Schlafzimmer die Vorhänge zu und das Licht an", "in the bedroom,
        close the curtains and turn on the light": the bedroom's light, not the light
        of the room it was said in.
        """
        return _takes_place(self.parse(text), self.parse(previous))

    def _follows_player(self, parse: Parse, earlier: Parse) -> bool:
        """Whether a clause asks more of the media player the clause before names.

        It names no device of its own, only what is played ("music"), and no place;
        the clause before names a TV or a speaker (by its kind or its name: "den
        Küchenlautsprecher"), which can do what is asked.
        """
        action = _action(parse)
        if (
            action is None
            or parse.names
            or _has_place(parse)
            or parse.routine is not None
            or parse.appliance is not None
            or any(kind != GENERIC_MEDIA for kind, _ in parse.kinds)
            or _goal(parse, action, _MEDIA, _dimension(parse)) is None
        ):
            return False
        return any(
            kind != GENERIC_MEDIA and related_kinds(kind, GENERIC_MEDIA)
            for kind, _ in earlier.kinds
        ) or any(
            terms.entity.domain == _MEDIA and name in terms.names
            for terms in self.terms.entities
            for name in earlier.devices_named
        )

    def shares_place(self, text: str, following: str) -> bool:
        """Whether ``text`` names a device whose place ``following`` says after it.

        "Turn off the light and the fan in the bathroom": the bathroom's light, not
        the one of the room it was said in.
        """
        parse = self.parse(text)
        if _has_place(parse) or not parse.kinds:
            return False
        later = self.parse(following)
        if self._names_elsewhere(parse, later):
            return False  # "the sonos and the bedroom speaker": the Sonos, wherever
        return (
            bool(later.areas or later.floors)
            and bool(later.kinds or later.names)
            and _action(later) is None
        )

    def _names_elsewhere(self, parse: Parse, beside: Parse) -> bool:
        """Whether a clause names a device (a name, a brand) not in the place beside.

        "The guest room light and the night light": the night light is where it is,
        not in the guest room; "the ensuite light and the extractor" is the ensuite's.
        """
        said = {
            *parse.names,
            *(key for key in parse.noun_keys if key in self.lexicon.brands),
        }
        if not said:
            return False
        return not any(
            said <= {word for name in terms.names for word in name}
            and self._in_place(beside, terms)
            for terms in self.terms.entities
        )

    def entrances_unmeant(self, text: str, entity_ids: set[str]) -> set[str]:
        """The garage doors and gates of ``entity_ids``, when ``text`` says blinds.

        "Rollläden unten runter": Home Assistant's German sentences take any cover
        word for every cover of the place; a blind, shutter or curtain is never the
        garage door or the gate. Nothing when ``text`` names another kind of device.
        """
        said = {kind for kind, _ in self.parse(text).kinds}
        if not said or not said <= SHADING_KINDS:
            return set()
        return {
            terms.entity.entity_id
            for terms in self.terms.entities
            if terms.entity.entity_id in entity_ids and _entrance(terms)
        }

    def names_entrance(self, text: str) -> bool:
        """Whether ``text`` says a garage or a gate, as a device or as its room."""
        parse = self.parse(text)
        said = {kind for kind, _ in parse.kinds} | {
            word.removeprefix("noun:") for word in parse.place_words
        }
        return bool(said & ENTRANCE_CLASSES)

    def says_all(self, text: str) -> bool:
        """Whether ``text`` says "all", "every" (of a kind, with no place said)."""
        parse = self.parse(text)
        return parse.everything and not _has_place_said(parse)

    def unsendable(self, message: str) -> tuple[str, str] | None:
        """Why a message to send now is no message: (refusal reason, words), or None.

        "Tell me, are the lights on?" asks a question; "tell me if the front door is
        locked", "notify me when the washer finishes" wait for something. Sent now,
        each would say what nobody checked.
        """
        spans = self.reader.tag(self.reader.words(message))
        if not spans:
            return None
        if spans[0].has(Tag.QUESTION):
            return "question", ""
        if spans[0].has(Tag.CONDITION):
            return "condition", spans[0].text
        return None

    def steps_a_value(self, text: str) -> bool:
        """Whether ``text`` changes a level by its number, not to it.

        "Turn the heating up 2 degrees", "lights down 20 percent": a template that
        reads "[to] <value>" would set the thermostat to 2 °C, the lights to 20 %.
        """
        parse = self.parse(text)
        return parse.number is not None and not parse.to and _action(parse) in _CHANGES

    def names_device_with(self, text: str, place: str) -> bool:
        """Whether ``text`` says a device's whole name that holds the words ``place``.

        "Büroventilator an" where a fan is called "Büro Ventilator": that fan, not a
        fan of the Büro; "lock the garage door": the Garage Door, not the locks of the
        garage (see ``Reader``).
        """
        words = set(phrase_key(place, self.lexicon.language))
        return bool(words) and any(
            words <= set(name) for name in self.parse(text).devices_named
        )

    def commands_devices(self, text: str) -> bool:
        """Whether ``text`` names devices and says what to do with them, unasked.

        "Alle Heizungen aus" does; "Sind alle Heizungen aus" asks how they are.
        """
        words = self.reader.words(text)
        if not words or words[0].casefold() in self.lexicon.copulas:
            return False
        parse = self.parse(text)
        return (
            bool(parse.kinds or parse.everything)
            and _action(parse) is not None
            and not (parse.question or parse.whole_home)  # "alle zu Hause?"
        )

    def narrows(self, text: str) -> bool:
        """Whether ``text`` names a narrower kind of device than its domain.

        "Turn off the lamp": Home Assistant's sentences take "lamp" for "light" and
        switch off every light of the room; the lexicon knows a lamp is one of them.
        "Gartentor auf": not every cover of the garden, but a gate called so.
        """
        if not self.reader.mentions_narrow_noun(text):
            return False
        parse = self.parse(text)
        kind = parse.kind
        return parse.named_noun or (
            kind is not None and KINDS[kind].fallback is not None
        )

    def meant_by_kind(self, spoken: str, named: list[str]) -> list[str] | Reason | None:
        """The devices a name that is only a kind word means where it was said.

        "Fernseher an" in the bedroom, where the TV called "Fernseher" (of ``named``)
        is in the living room and the bedroom has a TV of its own: the bedroom's TV.
        Said in a room without one, where the home has several: which one? None when
        the name is more than a kind word ("Schlafzimmerfernseher"), or a device
        called so is in the room, or it is the only such device, or no room is known.
        """
        if self.context_area_id is None:
            return None  # no room said it: the device called so is the one named
        parse = self.parse(spoken)
        if (
            len(parse.kinds) != 1
            or tokenize(parse.kinds[0][1]) != tokenize(spoken)
            or parse.names
            or parse.modifiers
            or _has_place(parse)
            # "The Sonos" is the speaker of that make, not any speaker.
            or any(key in self.lexicon.brands for key in parse.noun_keys)
        ):
            return None
        kind = parse.kinds[0][0]
        domains = {entity_id.partition(".")[0] for entity_id in named}
        pool = [
            terms
            for terms in self.terms.entities
            if (kind in terms.kinds or terms.entity.entity_id in named)
            and terms.entity.domain in domains
        ]
        pool = self._plugs_called_so(kind, pool)
        here = [terms for terms in pool if terms.entity.area_id == self.context_area_id]
        if any(terms.entity.entity_id in named for terms in here):
            return None
        if not here:
            return None if len(pool) < 2 else self._ambiguity(spoken, pool)
        if len(here) > 1 and not KINDS[kind].group:
            return self._ambiguity(spoken, here)
        return sorted(terms.entity.entity_id for terms in here)

    def _plugs_called_so(
        self, kind: str | None, pool: list[EntityTerms]
    ) -> list[EntityTerms]:
        """Of ``pool``, the plugs called a plug, when some are.

        "The plug" is the "Smart Outlet", not the fireplace that happens to be a switch
        of class outlet in the room it was said in.
        """
        if kind != "plug":
            return pool
        called = [terms for terms in pool if self.lexicon.names_kind(kind, terms.names)]
        return called or pool

    # --- understanding ---------------------------------------------------------------

    def interpret(
        self,
        text: str,
        previous: str | None = None,
        *,
        strict: bool = False,
        following: str | None = None,
    ) -> Resolution | None:
        """The goal ``text`` asks for, a question, or None when it is not understood.

        ``previous`` is the clause said before, whose action (and device noun) a clause
        without one takes over: "turn off the lights in the kitchen and the hall".
        ``following`` is the clause said after, whose device noun a clause naming only
        a place shares (see :meth:`shares_noun`). ``strict``: no word may be passed
        over.
        """
        parse = self.parse(text)
        if strict and parse.fillers:
            return None
        if following is not None and self.shares_noun(text, following):
            later = self.parse(following)
            parse.kinds, parse.noun_keys = list(later.kinds), list(later.noun_keys)
            parse.modifiers = list(later.modifiers)
        elif following is not None and self.shares_place(text, following):
            later = self.parse(following)
            parse.areas, parse.floors = list(later.areas), list(later.floors)
            parse.place_words = list(later.place_words)
        if (refusal := parse.refusal) is not None:
            return Resolution(unresolved=[refusal_note(*refusal)])
        if self.withdrawn(text):
            return Resolution(unresolved=[refusal_note("negation", "")])
        if parse.elsewhere and not (parse.areas or parse.floors):
            return Resolution(unresolved=[room_note(parse.elsewhere)])
        if parse.here_floor and not parse.floors:
            area = self.snapshot.areas.get(self.context_area_id or "")
            if area is None or area.floor_id is None:
                return Resolution(unresolved=[room_note(parse.noun or "here")])
            parse.here = False
            parse.floors.append(area.floor_id)
        if previous is not None:
            earlier = self.parse(previous)
            if _action(parse) is None and parse.routine is None and not parse.fillers:
                _inherit(parse, earlier, own_name=self._names_elsewhere(parse, earlier))
            elif _takes_place(parse, earlier):
                _take_place(parse, earlier)
            elif self._follows_player(parse, earlier):
                # "The kitchen speaker on and play music": music is what it plays, on
                # that speaker, not on the TV of the room it was said in.
                _address(parse, earlier)
                _take_place(parse, earlier)
            elif not (
                parse.kinds or parse.names or parse.modifiers
            ) and not _own_device(parse, earlier):
                if _action(earlier) is None:
                    _address(parse, earlier)  # "Robot, vacuum the hall"
                elif not _has_place(parse) and parse.routine is None:
                    if earlier.colours and parse.colours:
                        # "The lamp to red and blue": two colours for one lamp.
                        said = ", ".join([*earlier.colours, *parse.colours])
                        return Resolution(unresolved=[refusal_note("several", said)])
                    _address(parse, earlier)  # "… warm white and then blue"
                    _take_place(parse, earlier)
                elif (
                    parse.routine is None
                    and not parse.everything
                    and _can_do(parse, earlier)
                ):
                    # "The lights off in the kitchen and on in the bedroom": the
                    # bedroom's lights, not its fan. "Close the window, then play
                    # the living room": no window plays, so not the window's noun.
                    parse.kinds = list(earlier.kinds)
                    parse.noun_keys = list(earlier.noun_keys)
        if not (_says_something(parse) or parse.unknown_places or parse.room_choices):
            return None
        if parse.here and not (parse.areas or parse.floors) and self.context_area_id:
            # "The desk lamp in here": the one here, not the office's.
            parse.areas.append(self.context_area_id)
        action = _action(parse)
        if parse.unwanted:
            return Resolution(unresolved=[refusal_note("negation", "")])
        if parse.negated and parse.kind != "coffee":  # "a coffee with no sugar"
            if (
                _commands(parse)
                or parse.handled
                or Action.SET in parse.actions
                or _has_values(parse)
                or parse.weak_actions
                or parse.comparative
                or parse.perceived
            ):
                # "Don't turn off the lights": nothing to do, and nothing done; "don't
                # touch the heating", "don't brighten the lights", "not so bright",
                # "I don't like the green" are no "off" either, nor is a verb we do
                # not know ("ich höre den Fernseher nicht": I cannot hear it).
                return Resolution(unresolved=[refusal_note("negation", "")])
            action = Action.OFF  # "I don't need the light any more"
        if parse.room_choices and not parse.areas:
            _, rooms = parse.room_choices[0]
            if self.context_area_id in rooms and len(parse.room_choices) == 1:
                # "The bedroom light" said in the guest bedroom: this bedroom.
                parse.room_choices = []
                parse.areas.append(self.context_area_id)
        if (
            parse.room_choices
            and not parse.areas
            # A robot vacuum cleans wherever it is sent; the room does not pick it.
            and (parse.kind or _implied_kind(parse, action)) != "vacuum"
        ):
            spoken, rooms = parse.room_choices[0]
            names = [self.terms.area_names.get(room, room) for room in rooms]
            return Resolution(unresolved=[room_choice_note(spoken, names)])
        if parse.unknown_places:
            kind = parse.kind or _implied_kind(parse, action)
            place = " ".join(parse.unknown_places)
            if kind is None:
                return Resolution(unresolved=[place_note(place)])
            return Resolution(unresolved=[missing_note(KIND_LABELS[kind], place)])
        if (routine := self._routine(parse, action)) is not None:
            return routine
        if parse.verb_appliance is not None and not parse.appliance and parse.fillers:
            # "Charge my phone": what the verb is about is a device we do not know.
            return None
        if (door := self._appliance_door(parse, action)) is not None:
            return door
        if (appliance := self._appliance(parse, action)) is not None:
            return appliance
        if action is None:
            return None
        if action is Action.WATER and parse.fillers and not parse.areas:
            # "Water the vineyard" where there is none: somewhere else, not here.
            return Resolution(unresolved=[place_note(" ".join(parse.fillers))])
        if (
            parse.comfort
            and parse.relative == (Dimension.BRIGHTNESS, 1)
            and not parse.comparative
            and not _commands(parse)
        ):
            return self._darkness(parse)
        return self._unless_guessed(parse, self._device(parse, action))

    def _unless_guessed(
        self, parse: Parse, resolution: Resolution | None
    ) -> Resolution | None:
        """A sensitive goal reached through a corrected word is asked, not done.

        "Open the garbage" is read as "open the garage": a slip, or a word we do not
        know? Where a guess would open a door, unlock or disarm, we ask.
        """
        goal = resolution.goal if resolution is not None else None
        if goal is None or not parse.corrected:
            return resolution
        if privacy_class([goal], [], self.snapshot).rank <= PrivacyClass.INTERNAL.rank:
            return resolution
        chosen = {entity.entity_id for entity in self.snapshot.select(goal.targets)}
        return Resolution(
            unresolved=[
                self._ambiguity(
                    " ".join(parse.corrected),
                    [
                        terms
                        for terms in self.terms.entities
                        if terms.entity.entity_id in chosen
                    ],
                )
            ]
        )

    def _darkness(self, parse: Parse) -> Resolution | None:
        """Too dark: the lights on where some are off, else brighter."""
        resolution = self._device(parse, Action.ON)
        goal = resolution.goal if resolution is not None else None
        if goal is not None and any(
            entity.state == "off" for entity in self.snapshot.select(goal.targets)
        ):
            return resolution
        return self._device(parse, Action.UP)

    def _routine(self, parse: Parse, action: Action | None) -> Resolution | None:
        if (
            parse.routine is None
            or parse.kinds
            or action not in (None, Action.SET, Action.START, Action.ON)
            or parse.relative is not None
        ):
            return None
        names = set(parse.names)
        if names:
            return None
        resolution = self.goals.resolve(
            Match(
                intent="OrchestrationRoutine",
                slots={"routine": parse.routine},
                slot_texts={},
                context={},
            )
        )
        if resolution.goal is not None and parse.areas:
            resolution.goal.targets = Targets(area_ids=list(dict.fromkeys(parse.areas)))
        return resolution

    def _appliance(self, parse: Parse, action: Action | None) -> Resolution | None:
        appliance = parse.verb_appliance or parse.appliance
        if appliance is None:
            return None
        if (
            parse.appliance_objects
            and not parse.appliance_named
            and parse.verb_appliance is None
        ):
            # "Start the car": the car is not its charger; only "charge the car" is.
            what = " ".join(parse.appliance_objects)
            return Resolution(unresolved=[missing_note(what, THIS_HOME)])
        domains = set(self.goals.appliance_domains)
        if any(not KINDS[kind].domains.keys() & domains for kind, _ in parse.kinds):
            # "The lights in the car": lights, not the car's charger.
            return None
        runs = (
            parse.appliance_verb
            or action in (Action.ON, Action.START, Action.PREHEAT)
            # "Dishwasher now" runs it; "unplug the dishwasher", "the dishwasher is
            # leaking" say something we do not know, and never start it.
            or (
                action is None
                and not (parse.fillers or parse.corrected or parse.negated)
            )
        )
        if not runs or action in FIXED_ACTIONS or parse.relative is not None:
            return None
        slots: dict[str, Any] = {"appliance": appliance}
        if parse.areas:
            slots["area"] = parse.areas[0]
        return self.goals.resolve(
            Match(
                intent="OrchestrationRunAppliance",
                slots=slots,
                slot_texts={"appliance": " ".join(parse.spoken_names) or appliance},
                context={},
            )
        )

    def appliance_door(self, text: str) -> Resolution | None:
        """Why ``text`` is not done when it opens or closes a switched appliance.

        For a template's match: "mach die Spülmaschine auf" is no "turn on".
        """
        parse = self.parse(text)
        return self._appliance_door(parse, _action(parse))

    def _appliance_door(self, parse: Parse, action: Action | None) -> Resolution | None:
        """Why opening or closing an appliance on a switch is not done, if asked.

        "Open the dishwasher" asks for its door, which no switch opens: an appliance
        or a coffee maker on a switch is switched on and off, and opening is no start.
        """
        verbs = [verb for verb in parse.actions if verb is not Action.SET]
        # "Mach die Kaffeemaschine zu": without a verb of its own, the particle says it.
        ending = parse.particles[-1] if parse.particles and not verbs else None
        if action not in _DOOR_ACTIONS and ending not in _DOOR_ACTIONS:
            return None
        if not (parse.appliance_named or parse.kind == "coffee"):
            return None
        if parse.kind not in _APPLIANCE_KINDS:
            return None  # "open the pool cover": the cover opens
        run = (
            self._appliance(parse, Action.START)
            if parse.appliance_named
            else self._device(parse, Action.ON)
        )
        goal = run.goal if run is not None else None
        if goal is None and run is not None and run.unresolved:
            return run  # no such appliance here: that, first
        names = [] if goal is None else self._names_of(goal.targets)
        name = ", ".join(names) or parse.noun or " ".join(parse.spoken_names)
        return Resolution(unresolved=[incapable_note(name)])

    def _names_of(self, targets: Targets) -> list[str]:
        """The names of the exposed entities ``targets`` selects, once each."""
        return list(
            dict.fromkeys(
                entity.name
                for entity in self.snapshot.select(targets)
                if entity.exposed
            )
        )

    def _device(self, parse: Parse, action: Action) -> Resolution | None:
        kind = parse.kind
        said_kind = kind is not None or bool(parse.names)
        dimension = _dimension(parse)
        if action is Action.PLAY and (unknown := [*parse.fillers, *parse.modifiers]):
            # "Play Beatles on the kitchen speaker": resuming whatever played is not it.
            return Resolution(unresolved=[refusal_note("content", " ".join(unknown))])
        if (
            Action.SET in parse.actions
            and parse.routine is not None
            and kind not in (None, "coffee")
            and parse.number is None
            and not (parse.colour or parse.white)
        ):
            # "Stelle die Lichter auf Schlafen": a mode the lights do not have, not on.
            return None
        if not said_kind and self._unknown_device_said(parse):
            # "Setze die Tischlampe im Wohnzimmer auf 50 %": a lamp the home does not
            # have, not every light of the room.
            return None
        if kind is None and dimension is not None:
            kind = DIMENSION_KINDS.get(dimension)
        if kind is None:
            kind = _implied_kind(parse, action)
        if parse.hour is not None:
            # "Open the blinds at 7": seven o'clock, not 7 %, and not now.
            return Resolution(unresolved=[refusal_note("hour", parse.hour)])
        if parse.by_hour is not None and not _changes_a_level(parse):
            # "Mach um sieben das Licht an": nothing switched on goes up by 7.
            return Resolution(unresolved=[refusal_note("hour", parse.by_hour)])
        if _on_a_scale(parse, kind, dimension):
            # "Dim the lights to seven": seven of what? Not a guess.
            said = str(_tidy(parse.number or 0))
            degrees = dimension is Dimension.TEMPERATURE or kind in _CLIMATE_KINDS
            reason = "scale_degrees" if degrees else "scale"
            return Resolution(unresolved=[refusal_note(reason, said)])
        if (
            not said_kind
            and not parse.comfort
            and kind in _ROOM_KINDS
            and parse.fillers
            and not _has_place(parse)
        ):
            # "Dim the lobby": the word we do not know is what was meant.
            return None
        fallback = KINDS[kind].fallback if kind is not None else None
        if fallback is not None and not any(
            kind in terms.kinds for terms in self.terms.entities
        ):
            kind = fallback
        if kind == "coffee":
            # A black coffee, one cup, two sugars: about the drink.
            parse.colour, parse.white, parse.number = None, None, None
            parse.indefinite = False
        elif kind is None and parse.fillers:
            # Words we pass over are only safe beside a device we know.
            return None

        def goal_of(domain: str) -> tuple[GoalType, dict[str, Any]] | None:
            return _goal(parse, action, domain, dimension)

        if (incapable := self._incapable(parse, goal_of)) is not None:
            return incapable
        if (conflict := self._places_conflict(parse, kind)) is not None:
            return conflict
        if (elsewhere := self._named_elsewhere(parse, kind, goal_of)) is not None:
            return elsewhere
        in_names = {word for name in parse.whole_names for word in name}
        names = [
            word
            for word in parse.names
            if word in in_names or word not in parse.place_words
        ]
        must_name = _must_name(parse, kind, action)
        if kind is not None and (rivals := _rival_objects(parse, kind, goal_of)):
            # "Turn on the plug for the lamp": the plug, or the lamp on it? Either
            # could do it, so only a device called by both is meant.
            must_name.extend(
                key
                for _, _, keys in parse.objects
                for key in keys
                if key not in must_name
            )
            parse.spoken_names.extend(
                spoken for spoken in rivals if spoken not in parse.spoken_names
            )
        for number, said in parse.name_numbers:
            if number not in self.terms.name_words:
                # "Socket 1", "bedroom 2": no device or room is called that.
                return Resolution(unresolved=[missing_note(said, THIS_HOME)])
            must_name.append(number)
        if names or must_name:
            named = self._named(parse, [*names, *must_name], kind, goal_of)
            if named is None and kind is not None:
                named = self._of_wider_kind(parse, [*names, *must_name], kind, goal_of)
            if named is None and must_name:
                what = " ".join(
                    [
                        *parse.spoken_names,
                        *(
                            spoken
                            for key, spoken in _named_words(parse)
                            if key in must_name
                        ),
                        parse.noun or "",
                    ]
                ).strip()
                return Resolution(unresolved=[missing_note(what, THIS_HOME)])
            if named is None and parse.areas and kind is not None:
                # "The desk lamp in here", and the desk lamp is in the office.
                what = " ".join([*parse.spoken_names, parse.noun or ""]).strip()
                place = ", ".join(
                    self.terms.area_names.get(area, area) for area in parse.areas
                )
                return Resolution(unresolved=[missing_note(what, place)])
            return named
        if (called := self._called_as_said(parse, kind, goal_of)) is not None:
            return called
        resolution = self._group(parse, action, kind, goal_of)
        if parse.indefinite and resolution is not None and resolution.goal is not None:
            # "One of the lights": which one is not said, so we ask.
            chosen = [
                terms
                for terms in self.terms.entities
                if terms.entity.entity_id
                in {
                    entity.entity_id
                    for entity in self.snapshot.select(resolution.goal.targets)
                }
            ]
            spoken = parse.noun or KIND_LABELS.get(kind or "", SUCH_DEVICE)
            return Resolution(unresolved=[self._ambiguity(spoken, chosen)])
        return resolution

    def _of_wider_kind(
        self,
        parse: Parse,
        names: list[str],
        kind: str,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        """A question when only a device of the wider kind is called so.

        "The night lamp" with a Night Light and no lamp called so: perhaps that
        light; we ask rather than take the lamp of another name ("Bedside Lamp
        Right") or nothing.
        """
        wider = KINDS[kind].fallback
        if wider is None:
            return None
        found = self._named(parse, names, wider, goal_of)
        if found is None or found.goal is None:
            return found
        chosen = {
            entity.entity_id for entity in self.snapshot.select(found.goal.targets)
        }
        candidates = [
            terms for terms in self.terms.entities if terms.entity.entity_id in chosen
        ]
        spoken = " ".join([*parse.spoken_names, *([parse.noun] if parse.noun else [])])
        return Resolution(unresolved=[self._ambiguity(spoken, candidates)])

    def _called_as_said(
        self,
        parse: Parse,
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        """The one device of a kind whose name is the noun said, over the others.

        "The sprinkler in the garden", where the garden has a Sprinkler and a Water
        Valve: the Sprinkler, as "the fan in the bedroom" is its Bedroom Fan rather
        than the Ceiling Fan there. With no place said only a name that is the noun
        alone counts, and only where no other such device has the noun in its name
        ("the sprinkler": the Sprinkler beside a Water Valve; "the TV" beside a
        Bedroom TV is asked); a device of the kind in the room it was said in still
        comes first. None for a kind whose singular means all of them in a room ("the
        light"), for a vacuum (the place is what it cleans), and for "all" or "one of".
        """
        if (
            kind is None
            or parse.noun is None
            or KINDS[kind].group
            or kind == "vacuum"
            or parse.everything
            or parse.indefinite
            or parse.here
            or parse.whole_home
        ):
            return None
        noun = phrase_key(parse.noun, self.lexicon.language)
        # "The sprinklers" are all of them: the noun must end as the name is written.
        head = tokenize(parse.noun)[-1:]
        place_said = bool(parse.areas or parse.floors)
        able = [
            terms
            for terms in self.terms.entities
            if kind in terms.kinds
            and goal_of(terms.entity.domain) is not None
            and (not place_said or self._in_place(parse, terms))
        ]

        def called(terms: EntityTerms) -> bool:
            entity = terms.entity
            if not any(
                tokenize(name)[-1:] == head for name in (entity.name, *entity.aliases)
            ):
                return False
            return any(
                name == noun
                or (
                    place_said
                    and tuple(word for word in name if word not in terms.area_words)
                    == noun
                )
                for name in terms.names
            )

        chosen = [terms for terms in able if called(terms)]
        if len(chosen) != 1 or len(able) < 2:
            return None
        if place_said:
            return self._goal_for(chosen, goal_of, Targets())
        others = [terms for terms in able if terms is not chosen[0]]
        if any(set(noun) <= terms.name_words for terms in others):
            return None  # "the TV" beside a Bedroom TV: both are called so; we ask
        here = self.context_area_id
        if (
            here is not None
            and chosen[0].entity.area_id != here
            and any(terms.entity.area_id == here for terms in able)
        ):
            return None  # said in a room with such a device of its own: that one
        return self._goal_for(chosen, goal_of, Targets())

    def _places_conflict(self, parse: Parse, kind: str | None) -> Resolution | None:
        """Two rooms in one clause: "the bedroom TV in the kitchen" is no device.

        One room names the device, the other says where it is; a device in either is
        not what was asked for. Rooms joined by "and" are separate clauses.
        """
        areas = list(dict.fromkeys(parse.areas))
        if len(areas) < 2 or kind == "vacuum":
            return None
        noun = parse.noun or KIND_LABELS.get(kind or "", SUCH_DEVICE)
        first = self.terms.area_names.get(areas[0], areas[0])
        rest = ", ".join(self.terms.area_names.get(area, area) for area in areas[1:])
        return Resolution(unresolved=[missing_note(f"{first} {noun}", rest)])

    def _incapable(
        self,
        parse: Parse,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        """The device said by its whole name cannot do it: we say so, and do nothing.

        "Lock the garage door" where the Garage Door is a cover: not the lock of the
        garage instead, nor any other device of a kind or a room.
        """
        if parse.nouns_beside_names or not any(map(goal_of, ACTING_DOMAINS)):
            # "The light by the front door": the door is not the object; "set an
            # alarm" says nothing any device could do.
            return None
        named = [
            terms
            for terms in self.terms.entities
            if terms.entity.domain in ACTING_DOMAINS
            and any(name in parse.devices_named for name in terms.names)
        ]
        if not named or any(goal_of(terms.entity.domain) for terms in named):
            return None
        names = dict.fromkeys(terms.entity.name for terms in named)
        return Resolution(unresolved=[incapable_note(", ".join(names))])

    def _named_elsewhere(
        self,
        parse: Parse,
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        """A device named whole, a place said where it is not: we ask which is meant.

        "The office fan in the office" where the Office Fan is in the bedroom: the
        Office Fan, or the office's fan? Neither is guessed.
        """
        if not parse.whole_names or not (parse.areas or parse.floors):
            return None
        named = [terms for terms in self.terms.entities if _called(parse, terms)]
        if not named or any(self._in_place(parse, terms) for terms in named):
            return None
        there = [
            terms
            for terms in self.terms.entities
            if self._in_place(parse, terms)
            and (kind is None or kind in terms.kinds)
            and goal_of(terms.entity.domain) is not None
        ]
        # "The bathroom light downstairs": the light there called so, if one is; "the
        # office fan in the office" fits the office's Desk Fan by its room.
        words = sorted({word for name in parse.whole_names for word in name})
        said = set(words)
        synonyms = self.lexicon.name_synonyms
        fitting = [
            terms
            for terms in there
            if _name_score(words, said, terms, synonyms, self._slips) is not None
        ]
        # A room's devices of the kind are few to name; a floor's are not.
        there = fitting or (there if parse.areas else [])
        spoken = " ".join([*parse.spoken_names, *([parse.noun] if parse.noun else [])])
        if not there:
            return Resolution(unresolved=[missing_note(spoken, self._place(parse))])
        return Resolution(unresolved=[self._ambiguity(spoken, [*named, *there])])

    # --- a device by name --------------------------------------------------------------

    def _named(
        self,
        parse: Parse,
        names: list[str],
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        said = set(names) | set(parse.noun_keys) | set(parse.place_words)
        synonyms = self.lexicon.name_synonyms
        scored: list[tuple[float, EntityTerms]] = []
        generic: set[str] = set()
        for terms in self.terms.entities:
            called = _called(parse, terms)
            if parse.whole_names and not called:
                continue  # a name said whole is that device's, not a part of another's
            if kind is not None and kind not in terms.kinds and not called:
                continue  # "the guest room heater": a switch, called so
            if goal_of(terms.entity.domain) is None:
                continue
            if kind != "vacuum" and not self._in_place(parse, terms):
                continue  # a robot vacuum cleans the room said; it need not be there
            fit = _name_score(names, said, terms, synonyms, self._slips)
            if fit is not None:
                scored.append((fit[0], terms))
                if fit[1]:
                    generic.add(terms.entity.entity_id)
        if not scored:
            return None
        scored.sort(key=lambda item: (-item[0], item[1].entity.entity_id))
        best_score = scored[0][0]
        close = [terms for score, terms in scored if best_score - score < NAME_MARGIN]
        spoken = " ".join(parse.spoken_names + ([parse.noun] if parse.noun else []))
        if len(close) == 1 and (
            room := self._room_said(parse, names, close[0], kind, goal_of)
        ):
            return room
        if (
            len(close) == 1
            and close[0].entity.entity_id in generic
            and not (parse.areas or parse.floors)
        ):
            # "Turn on the charger" with a car charger: perhaps the phone's; we ask.
            return Resolution(unresolved=[self._ambiguity(spoken, close)])
        if len(close) > 1 and self.context_area_id is not None:
            here = [
                terms for terms in close if terms.entity.area_id == self.context_area_id
            ]
            if len(here) == 1:
                close = here
        if len(close) > 1 or parse.indefinite:
            return Resolution(unresolved=[self._ambiguity(spoken, close)])
        return self._goal_for([close[0]], goal_of, Targets())

    def _room_said(
        self,
        parse: Parse,
        names: list[str],
        chosen: EntityTerms,
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        """A question when the name words said may say a room rather than a device.

        They are words of the chosen device's room too: "the master light" is the
        Master Bathroom Light, or a light of the Master Bedroom; "Lenas Licht" is
        Lenas Lampe, or another light in Lenas Zimmer. None when only one device of
        the rooms whose names hold the words could be meant, or a place or a whole
        name was said.
        """
        said = set(names)
        if (
            not said
            or parse.areas
            or parse.floors
            or parse.whole_names
            or not said <= chosen.area_words
        ):
            return None
        rooms = {area for area, words in self.terms.area_words.items() if said <= words}
        meant = [
            terms
            for terms in self.terms.entities
            if terms.entity.area_id in rooms
            and (kind is None or kind in terms.kinds)
            and goal_of(terms.entity.domain) is not None
        ]
        if len(meant) < 2:  # one device is no choice
            return None
        spoken = " ".join(parse.spoken_names)
        places = {terms.entity.area_id or "" for terms in meant}
        if len(places) > 1:
            names_of = sorted(self.terms.area_names[area] for area in places)
            return Resolution(unresolved=[room_choice_note(spoken, names_of)])
        noun = f"{spoken} {parse.noun}" if parse.noun else spoken
        return Resolution(unresolved=[self._ambiguity(noun, meant)])

    # --- a group by kind and place -------------------------------------------------------

    def _group(
        self,
        parse: Parse,
        action: Action,
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution | None:
        found = self._pool(parse, action, kind)
        if found is None:
            return None
        brands = [key for key in parse.noun_keys if key in self.lexicon.brands]
        if branded := [
            terms for terms in found if any(key in terms.name_words for key in brands)
        ]:
            found = branded  # "the wemo": the Wemo Mini, not the heater's plug
        pool = [terms for terms in found if goal_of(terms.entity.domain) is not None]
        if found and not pool:
            return None  # such devices exist but cannot do what was said
        if parse.here and not (parse.areas or parse.floors):
            if self.context_area_id is None:
                return Resolution(unresolved=[room_note(parse.noun or "here")])
            parse.areas.append(self.context_area_id)
        place_said = bool(parse.areas or parse.floors)
        label = KIND_LABELS[kind] if kind else parse.noun or SUCH_DEVICE
        if kind == "vacuum":
            # A robot vacuum cleans the room said; it need not stand there.
            placed = [terms for terms in pool if self._in_place(parse, terms)]
            pool = placed if place_said and placed else pool
        elif place_said:
            placed = [terms for terms in pool if self._in_place(parse, terms)]
            if not placed:
                return self._nothing_there(parse, kind, goal_of)
            pool = self._heating_rooms(kind, placed)
        elif not (parse.whole_home or parse.everything):
            if not pool:
                return Resolution(unresolved=[missing_note(label, THIS_HOME)])
            pool = self._heating_rooms(kind, self._plugs_called_so(kind, pool))
            if (scoped := self._default_scope(parse, kind, pool)) is None:
                spoken = parse.noun or label
                return Resolution(unresolved=[self._ambiguity(spoken, pool)])
            pool = scoped
        if not pool:
            if kind is None:
                return None
            return Resolution(unresolved=[missing_note(label, THIS_HOME)])
        singular = (
            kind is not None
            and not KINDS[kind].group
            and not parse.plural
            and not parse.everything
        )
        if singular and len(pool) > 1:
            return Resolution(unresolved=[self._ambiguity(parse.noun or label, pool)])
        if singular and len(rivals := self._rivals(parse, found, place_said)) > 1:
            # "Turn off the door" among a garage door and two locks: that only the
            # garage door can be "turned off" does not say it was meant.
            return Resolution(unresolved=[self._ambiguity(parse.noun or label, rivals)])
        if (
            kind is not None
            and kind not in ENTRANCE_CLASSES
            and not place_said
            and any(_entrance(terms) for terms in pool)
        ):
            # "Open the door" where the only door is the garage's, called "Garage
            # Door": a garage door or gate is reached by its name or its room, never
            # by a noun any door answers to; we ask which is meant.
            return Resolution(unresolved=[self._ambiguity(parse.noun or label, pool)])
        restrictions = self._restrictions(parse, kind, pool, place_said)
        return self._goal_for(pool, goal_of, restrictions)

    def _pool(
        self, parse: Parse, action: Action, kind: str | None
    ) -> list[EntityTerms] | None:
        """The devices a group can be made of, before the place narrows them."""
        entities = self.terms.entities
        if kind is not None:
            return [terms for terms in entities if kind in terms.kinds]
        if parse.everything:
            if action in (Action.OPEN, Action.CLOSE):
                # "Open everything": the blinds and doors "everything" never reaches,
                # not every light "opened" on.
                return None
            # "All on": the lights, as for a room switched on; not every fan, TV,
            # coffee maker and towel warmer of the home. "All off" is all of them.
            domains = DEFAULT_SWITCHED if action is Action.ON else EVERYTHING_DOMAINS
            return [
                terms
                for terms in entities
                if terms.entity.domain in domains and not terms.appliance
            ]
        if not (parse.areas or parse.floors or parse.here or parse.whole_home):
            return None  # "turn off" alone names nothing
        if action in _DOOR_ACTIONS or (action is Action.SET and _opened(parse)):
            # "Open up the house", "open downstairs": blinds and curtains, not the
            # garage door or gate, opened only when their room is said ("open the
            # garage", "open the garage halfway": its door, not its light).
            return [
                terms
                for terms in entities
                if terms.entity.domain == "cover"
                and (
                    terms.entity.device_class not in _ENTRANCE_COVERS
                    or terms.entity.area_id in parse.areas
                )
            ]
        if action in (Action.ON, Action.OFF):
            return [
                terms for terms in entities if terms.entity.domain in DEFAULT_SWITCHED
            ]
        return None

    def _rivals(
        self, parse: Parse, found: list[EntityTerms], place_said: bool
    ) -> list[EntityTerms]:
        """The devices a singular noun may mean where it was said, able or not."""
        if place_said:
            return [terms for terms in found if self._in_place(parse, terms)]
        if parse.whole_home or self.context_area_id is None:
            return found
        here = [
            terms for terms in found if terms.entity.area_id == self.context_area_id
        ]
        return here or found

    def _default_scope(
        self, parse: Parse, kind: str | None, pool: list[EntityTerms]
    ) -> list[EntityTerms] | None:
        """No place said: the request's room, else the only one; None to ask."""
        if self.context_area_id is None:
            if len(pool) == 1:
                return pool
            if kind is not None and not KINDS[kind].group:
                return None
            # Said from no room (an automation, a dashboard): "the light" is one light,
            # and which is not said when they are in several rooms; "the lights" are
            # all of them. "Set the temperature to 21", no device said, is every
            # thermostat, as in Home Assistant's own sentences; "I'm cold" is someone's
            # room, and which is not said.
            rooms = {terms.entity.area_id for terms in pool}
            every = kind is None or (
                kind in _CLIMATE_KINDS and parse.noun is None and not parse.comfort
            )
            return pool if every or parse.plural or len(rooms) == 1 else None
        here = [terms for terms in pool if terms.entity.area_id == self.context_area_id]
        if here:
            return here
        vague = kind is not None and (KINDS[kind].vague or KINDS[kind].fixture)
        return pool if len(pool) == 1 and not vague else None

    def _heating_rooms(
        self, kind: str | None, pool: list[EntityTerms]
    ) -> list[EntityTerms]:
        """Without the climate devices that heat no room, unless only they are left.

        "The thermostat" is not the Pool Heater where a Smart Thermostat is there too.
        """
        if kind not in _CLIMATE_KINDS:
            return pool
        rooms = [
            terms for terms in pool if not self.lexicon.heats_elsewhere(terms.names)
        ]
        return rooms or pool

    def _nothing_there(
        self,
        parse: Parse,
        kind: str | None,
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
    ) -> Resolution:
        """A place without such a device: perhaps the place is part of a name."""
        names = [word for word in parse.place_words if ":" not in word]
        lights_meant = (
            kind is None and not parse.everything and _action(parse) in _SWITCHING
        )
        if lights_meant:
            # "Turn on the garage" is its lights, never the garage door "opened".
            any_goal = goal_of

            def goal_of(domain: str) -> tuple[GoalType, dict[str, Any]] | None:
                return any_goal(domain) if domain in DEFAULT_SWITCHED else None

        moved = Parse(
            actions=parse.actions,
            particles=parse.particles,
            kinds=parse.kinds,
            noun_keys=parse.noun_keys,
            names=names,
            spoken_names=names,
        )
        # "Everything in the garage" never means the garage door.
        named = (
            self._named(moved, names, kind, goal_of)
            if names and not parse.everything
            else None
        )
        if named is not None and named.goal is not None:
            return named
        what = KIND_LABELS[kind] if kind else parse.noun or SUCH_DEVICE
        if lights_meant and not parse.noun:
            what = KIND_LABELS["light"]
        return Resolution(unresolved=[missing_note(what, self._place(parse))])

    def _place(self, parse: Parse) -> str:
        """The areas and floors said, by name."""
        return ", ".join(
            [self.terms.area_names.get(area, area) for area in parse.areas]
            + [self.terms.floor_names.get(floor, floor) for floor in parse.floors]
        )

    def _restrictions(
        self, parse: Parse, kind: str | None, pool: list[EntityTerms], place_said: bool
    ) -> Targets:
        """Area/floor/domain restrictions that select exactly ``pool``, if any do."""
        if kind is not None and any(
            classes is not None for classes in KINDS[kind].domains.values()
        ):
            return Targets()
        domains = sorted({terms.entity.domain for terms in pool})
        if place_said:
            targets = Targets(
                area_ids=list(dict.fromkeys(parse.areas)),
                floor_ids=list(dict.fromkeys(parse.floors)),
                domains=domains,
            )
        elif {terms.entity.area_id for terms in pool} == {self.context_area_id} and (
            self.context_area_id is not None
        ):
            targets = Targets(area_ids=[self.context_area_id], domains=domains)
        else:
            targets = Targets(domains=domains)
        selected = {
            entity.entity_id
            for entity in self.snapshot.select(targets)
            if entity.exposed
        }
        if selected != {terms.entity.entity_id for terms in pool}:
            return Targets()
        return targets

    # --- helpers ---------------------------------------------------------------------

    def _in_place(self, parse: Parse, terms: EntityTerms) -> bool:
        entity = terms.entity
        if parse.areas and entity.area_id not in parse.areas:
            return False
        return not parse.floors or self.snapshot.floor_of(entity) in parse.floors

    def _ambiguity(self, spoken: str | Term, candidates: list[EntityTerms]) -> Reason:
        return ambiguity_note(
            spoken,
            [
                Candidate(
                    name=terms.entity.name,
                    area=self.terms.area_names.get(terms.entity.area_id or ""),
                    entity_id=terms.entity.entity_id,
                )
                for terms in sorted(candidates, key=lambda item: item.entity.entity_id)
            ],
        )

    def _goal_for(
        self,
        pool: list[EntityTerms],
        goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
        restrictions: Targets,
    ) -> Resolution:
        """One goal over the entities of ``pool`` that share the commonest goal."""
        planned = [(terms, goal_of(terms.entity.domain)) for terms in pool]
        counts = Counter(
            (found[0], repr(sorted(found[1].items())))
            for _, found in planned
            if found is not None
        )
        (goal_type, params_key), _ = counts.most_common(1)[0]
        chosen = [
            terms
            for terms, found in planned
            if found is not None
            and (found[0], repr(sorted(found[1].items()))) == (goal_type, params_key)
        ]
        params = next(
            found[1]
            for _, found in planned
            if found is not None and found[0] is goal_type
        )
        targets = restrictions
        if len(chosen) != len(pool) or restrictions.is_empty():
            targets = Targets(
                entity_ids=sorted(terms.entity.entity_id for terms in chosen)
            )
        return Resolution(goal=Goal(goal_type, targets, dict(params)))


def _says_something(parse: Parse) -> bool:
    """Whether a clause names an action, a device or a change (not a lone number).

    A number in degrees is no lone number: "22 degrees, please" is a set point.
    """
    return bool(
        (parse.number is not None and parse.unit is Tag.DEGREES)
        or parse.actions
        or parse.weak_actions
        or parse.particles
        or parse.kinds
        or parse.dimension
        or parse.relative
        or parse.names
        or parse.routine
        or parse.appliance
        or parse.colour
        or parse.white
        or parse.surfaces
    )


def _commands(parse: Parse) -> bool:
    """Whether a clause has a verb that acts (not only "set", "make", "get")."""
    return bool(
        [action for action in parse.actions if action is not Action.SET]
        or parse.particles
    )


def _entrance(terms: EntityTerms) -> bool:
    """Whether a device is a garage door or a gate."""
    entity = terms.entity
    return entity.domain == "cover" and entity.device_class in ENTRANCE_CLASSES


def _called(parse: Parse, terms: EntityTerms) -> bool:
    """Whether a device is called by one of the whole names said."""
    return any(name in parse.whole_names for name in terms.names)


def _named_words(parse: Parse) -> list[tuple[str, str]]:
    """Selectors, drink, surface and planting words: (key, as said)."""
    return [*parse.selectors, *parse.drinks, *parse.surfaces, *parse.plantings]


def _must_name(parse: Parse, kind: str | None, action: Action) -> list[str]:
    """Words that must be part of the device's name (keys).

    Unknown words before the device noun and words that pick one device ("left"),
    always; words about a coffee unless a coffee is meant; what a vacuum cleans unless
    the vacuum is meant ("the floor lamp" is not a surface).
    """
    words = [key for key, _ in parse.selectors]
    if kind == "coffee":
        return words
    words.extend(parse.modifiers)
    words.extend(key for key, _ in parse.drinks)
    if kind != "vacuum" and action is not Action.VACUUM:
        words.extend(key for key, _ in parse.surfaces)
    if kind not in ("valve", "sprinkler") and action is not Action.WATER:
        words.extend(key for key, _ in parse.plantings)  # "the lawn" is watered
    return words


def _rival_objects(
    parse: Parse,
    kind: str,
    goal_of: Callable[[str], tuple[GoalType, dict[str, Any]] | None],
) -> list[str]:
    """Device nouns said after the verb, of another kind, that could do it too.

    As said. "A red shade of light": a window shade cannot be red, so no rival.
    """
    return [
        spoken
        for other, spoken, _ in parse.objects
        if not related_kinds(other, kind)
        and any(goal_of(domain) is not None for domain in KINDS[other].domains)
    ]


def _has_values(parse: Parse) -> bool:
    return bool(
        parse.number is not None
        or parse.colour
        or parse.white
        or parse.relative
        or parse.dimension
        or parse.comfort
    )


def _has_place(parse: Parse) -> bool:
    return bool(
        parse.areas
        or parse.floors
        or parse.name_areas  # "the porch light" (a light called so) has its place
        or parse.name_floors
        or parse.here
        or parse.whole_home
        or parse.unknown_places
        or parse.everything
    )


def _has_place_said(parse: Parse) -> bool:
    return bool(
        parse.areas
        or parse.floors
        or parse.name_areas
        or parse.name_floors
        or parse.here
        or parse.unknown_places
    )


def _own_device(parse: Parse, earlier: Parse) -> bool:
    """Whether the verb of ``parse`` names a device other than the one said before.

    "Start the robot vacuum and make coffee": coffee is made by the coffee maker.
    """
    action = _action(parse)
    kind = None if action is None else _ACTION_KINDS.get(action)
    return kind is not None and not any(
        KINDS[kind].domains.keys() & KINDS[said].domains.keys()
        for said, _ in earlier.kinds
    )


def _can_do(parse: Parse, earlier: Parse) -> bool:
    """Whether a device of the kind said in ``earlier`` can do what ``parse`` asks.

    A light "opened" is one switched on, but "turn off the lights and close the
    garage" closes the garage's door: a new verb of opening is about what opens.
    """
    action = _action(parse)
    if action is None:
        return True
    dimension = _dimension(parse)
    opened_anew = action in _DOOR_ACTIONS and (_action(earlier) not in _DOOR_ACTIONS)
    return any(
        _goal(parse, action, domain, dimension) is not None
        and not (opened_anew and domain in _OPENED_LIKE_SWITCHED)
        for kind, _ in earlier.kinds
        for domain in KINDS[kind].domains
    )


def _opened(parse: Parse) -> bool:
    """Whether a clause says "open" or "close" ("open the garage halfway")."""
    return any(action in _DOOR_ACTIONS for action in (*parse.actions, *parse.particles))


def _dimension(parse: Parse) -> Dimension | None:
    """What a clause's value or change is about: brightness, volume, …, if said."""
    dimension = parse.dimension or (parse.relative[0] if parse.relative else None)
    return None if dimension is Dimension.NONE else dimension


def _takes_place(parse: Parse, earlier: Parse) -> bool:
    """Whether a clause naming a device and no place is in the place said before."""
    return (
        bool(parse.kinds)
        and not (parse.names or parse.whole_names or _has_place_said(parse))
        and bool(earlier.areas or earlier.floors)
        and not earlier.whole_home
        and parse.routine is None
    )


def _take_place(parse: Parse, earlier: Parse) -> None:
    """Take the place said in the clause before."""
    parse.areas, parse.floors = list(earlier.areas), list(earlier.floors)
    parse.place_words = list(earlier.place_words)
    parse.here, parse.whole_home = earlier.here, earlier.whole_home


def _address(parse: Parse, addressee: Parse) -> None:
    """Take the device of the clause before ("robot, start")."""
    parse.kinds = list(addressee.kinds)
    parse.noun_keys = list(addressee.noun_keys)
    parse.names = [*addressee.names, *parse.names]
    parse.spoken_names = [*addressee.spoken_names, *parse.spoken_names]
    parse.modifiers = [*addressee.modifiers, *parse.modifiers]


def _inherit(parse: Parse, earlier: Parse, *, own_name: bool) -> None:
    """Take the action, value and device noun of the clause before.

    ``own_name``: the clause names its device ("the night light"), which then takes
    no place from the clause before.
    """
    if not (
        parse.areas
        or parse.floors
        or parse.kinds
        or parse.names
        or parse.here
        or parse.unknown_places
    ):
        return
    parse.actions = list(earlier.actions)
    parse.weak_actions = list(earlier.weak_actions)
    parse.particles = list(earlier.particles)
    parse.number, parse.unit, parse.by = earlier.number, earlier.unit, earlier.by
    parse.colour, parse.white = earlier.colour, earlier.white
    parse.relative, parse.size = earlier.relative, earlier.size
    parse.dimension = parse.dimension or earlier.dimension
    if not parse.kinds and not parse.names:
        parse.kinds = list(earlier.kinds)
        parse.noun_keys = list(earlier.noun_keys)
    elif (
        not own_name
        and not _has_place(parse)
        and (
            earlier.areas or earlier.floors or earlier.name_areas or earlier.name_floors
        )
    ):
        # "The bedroom light and fan": the bedroom's fan, not the one here; "the
        # bedroom TV and the lamp" (a TV called so): the bedroom's lamp. "The porch
        # light" after "the garage light" has its own place.
        parse.areas = [*earlier.areas, *earlier.name_areas]
        parse.floors = [*earlier.floors, *earlier.name_floors]
        parse.place_words = list(earlier.place_words)


def _name_score(
    names: list[str],
    said: set[str],
    terms: EntityTerms,
    synonyms: dict[str, frozenset[str]],
    words: tuple[Callable[[str, str], float], Callable[[str], bool]],
) -> tuple[float, bool] | None:
    """How well the said name words fit one entity (0-100), None if some do not fit.

    A word matches a word of the name, the name of the entity's area, or a word the
    lexicon says it stands for ("overhead" for "ceiling"), as said or as a slip of
    it (``HomeTerms.slip``: "night" is no slip of "right"). The flag says whether
    only the last word of a longer name was said: "the charger" is what the *Car
    charger* is, not which one ("the cabinet" for *Under cabinet lights* is). A word
    that says nothing of which device (``words[1]``: "smart") is no such word: "the
    oven" is the *Smart Oven*.
    """
    slip, blank = words
    best: tuple[float, bool] | None = None
    for name in terms.names:
        vocabulary = set(name) | terms.area_words
        total = 0.0
        hits_name = False
        matched: set[str] = set()
        for word in names:
            match = max(
                (
                    (slip(spoken, other), other)
                    for spoken in (word, *synonyms.get(word, ()))
                    for other in vocabulary
                ),
                default=(0.0, ""),
            )
            if match[0] < WORD_MATCH:
                break
            total += match[0]
            hits_name = hits_name or match[1] in name
            matched.add(match[1])
        else:
            if not hits_name:
                continue
            fit = total / len(names)
            covered = sum(1 for word in name if word in said or word in names)
            coverage = covered / len(name)
            score = (1 - COVERAGE_WEIGHT) * fit + COVERAGE_WEIGHT * 100 * coverage
            generic = (
                len(name) > 1
                and matched == {name[-1]}
                and name[-1] not in terms.area_words  # "Rollo Lena" in Lenas Zimmer
                and not any(word in said for word in name[:-1])
                and not all(map(blank, name[:-1]))
            )
            if best is None or (score, not generic) > (best[0], not best[1]):
                best = (score, generic)
    return best


# The kind of what is played ("music", "a podcast"), said of any media player.
GENERIC_MEDIA: Final = "media"
_DOOR_ACTIONS: Final = frozenset({Action.OPEN, Action.CLOSE})


# Actions that say more than another fixed verb of the same sentence, first first.
_SPECIFIC_ACTIONS = (Action.DOCK, Action.NEXT, Action.PREVIOUS)


def _changes_a_level(parse: Parse) -> bool:
    """Whether a verb or a comparative says a level goes up or down ("dimme", "heller")."""
    said = [*parse.actions, *parse.particles]
    return parse.relative is not None or any(action in _CHANGES for action in said)


def _action(parse: Parse) -> Action | None:
    """The one action a sentence asks for.

    Verbs that always mean one thing ("off", "lock") first; a coffee is made; a value
    said sets it; "on"/"off" at the end finish any verb ("shut the lights off"); then
    a relative change, other verbs, other particles, nouns that are verbs.
    """
    explicit = [action for action in parse.actions if action is not Action.SET]
    fixed = [action for action in explicit if action in FIXED_ACTIONS]
    if Action.STOP in fixed:
        return Action.STOP  # "stop vacuuming", "Saugen beenden": not a start
    for specific in _SPECIFIC_ACTIONS:
        # "Play the next song" skips; "vacuum, go back to the dock" docks (not the
        # previous song): the verb before names the device or the playing.
        if specific in fixed:
            return specific
    if fixed:
        return fixed[0]
    # A German separable verb ends in its particle, and the particle decides:
    # "schließ die Tür auf" opens (unlocks) it, "mach das Fenster zu" closes it.
    ends = [action for action in parse.particles if action in _DOOR_ACTIONS]
    if ends and any(action in _DOOR_ACTIONS for action in explicit):
        return ends[-1]
    if (
        Action.CLOSE in explicit
        and Action.OFF in parse.particles
        and parse.kind in ("door", "lock")
    ):
        return Action.LOCK  # "schließ alle Türen ab"
    if parse.kind == "awning" and (ends := [*parse.particles, *explicit]):
        # "Fahr die Markise ein" retracts it (closes), "fahr sie aus" extends it.
        retract = {Action.ON: Action.CLOSE, Action.OFF: Action.OPEN}
        if ends[-1] in retract:
            return retract[ends[-1]]
    if parse.kind == "coffee":
        # Values and colours are about the drink; "preheat", "start" still say how,
        # and "coffee off" switches it off.
        if explicit:
            return explicit[0]
        return Action.OFF if Action.OFF in parse.particles else Action.BREW
    steps = [action for action in parse.particles if action in _CHANGES]
    if parse.number is not None and steps and not parse.to and not explicit:
        return steps[-1]  # "turn the lights up 20 percent": by 20, not to 20
    if parse.number is not None or parse.colour or parse.white:
        return Action.SET
    changes = [action for action in explicit if action in _CHANGES]
    if changes:
        return changes[0]  # "raise all the lights on"
    switched = [
        action for action in parse.particles if action in (Action.ON, Action.OFF)
    ]
    if switched:
        return switched[-1]
    if parse.relative is not None:
        return Action.UP if parse.relative[1] > 0 else Action.DOWN
    if explicit:
        return explicit[0]
    if parse.particles:
        return parse.particles[-1]
    if parse.weak_actions and not parse.fillers:
        # "Vacuum the hall"; but "cancel the vacuum" is no start.
        return parse.weak_actions[0]
    if parse.surfaces and parse.kind in (None, "vacuum"):
        return Action.VACUUM  # "the carpet needs the vacuum"
    return None


def _implied_kind(parse: Parse, action: Action | None) -> str | None:
    """The device kind an action or a value is about when no device is named."""
    if Action.DIM in parse.actions or parse.colour or parse.white:
        return "light"
    if action is Action.SET and parse.number is not None:
        if _opened(parse):
            return None  # "open the garage halfway": a cover, never a light
        # "The bedroom to 18": degrees or percent? Only a unit says which.
        return {Tag.DEGREES: "climate", Tag.PERCENT: "light"}.get(
            parse.unit or Tag.NUMBER
        )
    if action is Action.STOP and Action.VACUUM in parse.actions:
        return "vacuum"  # "stop vacuuming", "Saugen beenden"
    if action is Action.STOP and Action.WATER in parse.actions:
        return "sprinkler"  # "stop watering the lawn"
    if action is Action.BREW and parse.other_drink and not parse.kinds:
        return None  # "brew some tea": not what the coffee maker makes
    return None if action is None else _ACTION_KINDS.get(action)


def _on_a_scale(parse: Parse, kind: str | None, dimension: Dimension | None) -> bool:
    """Whether a light's or fan's level is said as a small number without a unit.

    "Lights down to 7", "fan to 3", "heating to 3": on a scale of ten, or of three, or
    a percentage, or degrees?
    (Home Assistant's own sentences take "to 10" for 10 %.)
    """
    number = parse.number
    if number is None or parse.unit is not None or parse.by or not 0 <= number < 10:
        return False
    if dimension is Dimension.TEMPERATURE or kind in _CLIMATE_KINDS:
        return True  # "the heating to 3": a dial's step, not 3 degrees
    return number >= 1 and (
        dimension in (Dimension.BRIGHTNESS, Dimension.POSITION)
        or (dimension is None and kind in ("light", "lamp", "fan"))
    )


def _step(parse: Parse, default: float, sign: int) -> float:
    amount = parse.number if parse.by and parse.number is not None else default
    return sign * amount * (1.0 if parse.by else parse.size)


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def _goal(
    parse: Parse, action: Action, domain: str, dimension: Dimension | None
) -> tuple[GoalType, dict[str, Any]] | None:
    """The goal ``action`` means on a device of ``domain``, with its params."""
    if action is Action.SET:
        return _set_goal(parse, domain, dimension)
    if action in (Action.UP, Action.DOWN, Action.DIM):
        return _relative_goal(parse, action, domain, dimension)
    if action in _MEDIA_GOALS:
        return (_MEDIA_GOALS[action], {}) if domain == _MEDIA else None
    if action is Action.MUTE:
        return (GoalType.SET_VOLUME, {"volume_pct": 0}) if domain == _MEDIA else None
    if domain == "vacuum" and action in _VACUUM_STARTS:
        # A robot vacuum does one thing: "use", "open", "wake" the vacuum starts it.
        return GoalType.VACUUM_START, {}
    if action is Action.VACUUM:
        return None
    if action is Action.DOCK:
        return (GoalType.VACUUM_RETURN, {}) if domain == "vacuum" else None
    if action is Action.LOCK or (action is Action.CLOSE and domain == "lock"):
        return (GoalType.LOCK, {}) if domain == "lock" else None
    if action is Action.UNLOCK or (action is Action.OPEN and domain == "lock"):
        return (GoalType.UNLOCK, {}) if domain == "lock" else None
    if action is Action.DISARM:
        return (GoalType.TURN_OFF, {}) if domain == "alarm_control_panel" else None
    if action is Action.ARM:
        return (GoalType.TURN_ON, {}) if domain == "alarm_control_panel" else None
    if action in (Action.OPEN, Action.CLOSE):
        if domain in _OPENED_LIKE_SWITCHED:
            # "Open the light", "close the TV": said in many languages for on/off.
            return (
                GoalType.TURN_ON if action is Action.OPEN else GoalType.TURN_OFF
            ), {}
        if domain not in ("cover", "valve"):
            return None
        return (GoalType.OPEN if action is Action.OPEN else GoalType.CLOSE), {}
    if action is Action.START and domain == _MEDIA:
        return GoalType.MEDIA_PLAY, {}
    if action is Action.STOP and domain == _MEDIA:
        return GoalType.MEDIA_PAUSE, {}
    if action is Action.WATER:
        return (GoalType.OPEN, {}) if domain == "valve" else None
    if action is Action.STOP and domain == "valve":
        return GoalType.CLOSE, {}  # "stop watering", "stop the sprinklers"
    if action is Action.PREHEAT and domain == "climate":
        temperature = {} if parse.number is None else {"temperature": parse.number}
        return GoalType.PRECONDITION, temperature
    if action in (Action.ON, Action.START, Action.BREW):
        if domain in _ON_GOALS:
            return _ON_GOALS[domain], {}
        return (GoalType.TURN_ON, {}) if domain in _SWITCHED_DOMAINS else None
    if action is Action.PREHEAT:
        # A towel warmer or boiler heated "before 6:45": a load to run by then. A
        # light, a fan or a TV is not warmed up.
        return (GoalType.RUN_APPLIANCE, {}) if domain in _HEATED_DOMAINS else None
    if action is Action.STOP and domain in ("cover", "valve"):
        return None  # "stop the garage door": where it is, not closed
    if action in (Action.OFF, Action.STOP):
        if domain in _OFF_GOALS:
            return _OFF_GOALS[domain], {}
        if domain == "script":
            return GoalType.TURN_OFF, {}
        return (GoalType.TURN_OFF, {}) if domain in _SWITCHED_DOMAINS else None
    return None


def _set_goal(
    parse: Parse, domain: str, dimension: Dimension | None
) -> tuple[GoalType, dict[str, Any]] | None:
    """A value said: a colour, a temperature, a percentage."""
    if parse.colour is not None:
        return (
            (GoalType.SET_COLOR, {"color_name": parse.colour})
            if domain == "light"
            else None
        )
    if parse.white is not None:
        return (
            (GoalType.SET_COLOR, {"color_temp_kelvin": parse.white})
            if domain == "light"
            else None
        )
    value = parse.number
    if value is None:
        return None
    if parse.by:
        direction = parse.relative[1] if parse.relative else _direction(parse)
        if direction == 0:
            return None
        return _relative_goal(
            parse, Action.UP if direction > 0 else Action.DOWN, domain, dimension
        )
    if parse.unit is Tag.DEGREES or (
        parse.unit is None and domain in ("climate", "water_heater")
    ):
        if domain in ("climate", "water_heater") and dimension in (
            None,
            Dimension.TEMPERATURE,
        ):
            return GoalType.SET_TEMPERATURE, {"temperature": _tidy(value)}
        return None
    if not 0 <= value <= 100:
        return None
    percent = round(value)
    if parse.extreme and _direction(parse) < 0:
        # "Dim the lights all the way", "lower the blinds fully": the lowest.
        percent = 1 if domain == "light" else 0
    if domain == "light" and (
        dimension is Dimension.BRIGHTNESS
        or (dimension is None and parse.unit is Tag.PERCENT)
    ):
        # "Set the lights to seven": seven of what? Not a guess.
        return GoalType.SET_BRIGHTNESS, {"brightness_pct": percent}
    if domain in ("cover", "valve", "fan") and dimension in (None, Dimension.POSITION):
        return GoalType.SET_POSITION, {"position": percent}
    if domain == _MEDIA and (
        dimension is Dimension.VOLUME
        or (dimension is None and parse.unit is Tag.PERCENT)
    ):
        return GoalType.SET_VOLUME, {"volume_pct": percent}
    return None


def _direction(parse: Parse) -> int:
    for action in (*parse.actions, *parse.particles):
        if action in (Action.UP, Action.ON, Action.OPEN):
            return 1
        if action in (Action.DOWN, Action.DIM, Action.CLOSE):
            return -1
    return 0


def _relative_goal(
    parse: Parse, action: Action, domain: str, dimension: Dimension | None
) -> tuple[GoalType, dict[str, Any]] | None:
    """Up, down, brighter, dimmer, warmer, louder … by a step."""
    sign = 1 if action is Action.UP else -1
    if domain == "light":
        if action is Action.DIM and parse.number is not None and not parse.by:
            return GoalType.SET_BRIGHTNESS, {"brightness_pct": round(parse.number)}
        if dimension is Dimension.TEMPERATURE:
            # A warmer light is warm white, a cooler one cool white.
            kelvin = WARM_WHITE_KELVIN if sign > 0 else COOL_WHITE_KELVIN
            return GoalType.SET_COLOR, {"color_temp_kelvin": kelvin}
        if dimension not in (None, Dimension.BRIGHTNESS):
            return None
        step = _step(parse, BRIGHTNESS_STEP_PCT, sign)
        return GoalType.SET_BRIGHTNESS, {"brightness_step_pct": round(step)}
    if action is Action.DIM:
        return None
    if domain == _MEDIA and dimension in (None, Dimension.VOLUME):
        step = _step(parse, VOLUME_STEP_PCT, sign)
        return GoalType.SET_VOLUME, {"volume_step_pct": round(step)}
    if domain in ("climate", "water_heater") and dimension in (
        None,
        Dimension.TEMPERATURE,
    ):
        step = _step(parse, TEMPERATURE_STEP, sign)
        return GoalType.SET_TEMPERATURE, {"temperature_step": _tidy(step)}
    if domain in ("cover", "valve") and dimension in (None, Dimension.POSITION):
        if parse.by and parse.number is not None:
            return None  # "lower the blinds by 8": not all the way, and maybe 8 am
        return (GoalType.OPEN if sign > 0 else GoalType.CLOSE), {}
    if domain == "fan" and sign > 0 and dimension in (None, Dimension.POSITION):
        return GoalType.TURN_ON, {}
    return None
