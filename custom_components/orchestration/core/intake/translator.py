"""Text to TaskSpec: the front door of the pipeline."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
import logging
import threading
from typing import Any, Final
import unicodedata

from ..models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    Goal,
    GoalType,
    PrivacyClass,
    Targets,
    TaskSpec,
    TriggerType,
)
from ..texts import Reason, localize_all
from .clarify import is_missing, not_understood_note, partial_note, refusal_note
from .constraints import home_zone
from .device import Resolution, TargetResolver, resolve, unsafe_climate_value
from .fallback import mentioned_privacy_class
from .goals import APPLIANCE_DOMAINS, GoalResolver
from .interpret import Interpreter
from .language import LanguageData, load_language, match_language, supported_languages
from .lexicon import Lexicon
from .opposites import settle_opposites
from .prefilter import NUMBER
from .privacy import privacy_class
from .reading import Reader
from .recognizer import Match, recognize
from .terms import HomeTerms
from .vocabulary import Fingerprint, HomeVocabulary, fold, home_fingerprint

_LOGGER = logging.getLogger(__name__)

# Templates that set a level to the number said, where a level can also be stepped (a
# cover's position cannot: "the blinds down 30 percent" stays a position).
_VALUE_INTENTS = frozenset(
    {"HassLightSet", "HassClimateSetTemperature", "HassSetVolume"}
)

# Longer requests are refused before recognition: hassil's cost grows with the text and
# nobody speaks a thousand characters to a home.
MAX_TEXT_LENGTH = 1000
# Longer clauses are not matched: nobody says one command that long, and hassil's cost
# grows with the text.
MAX_CLAUSE_LENGTH = 200
# A request splits into at most this many clauses; the rest is reported, not guessed.
MAX_CLAUSES = 8
# Adjacent pieces tried together when a piece alone is not understood ("Tom and Jerry").
MAX_PIECES_PER_CLAUSE = 3

# How sure a recogniser's match is: Home Assistant's own sentences, ours, questions.
CONFIDENCE_DEVICE = 0.95
CONFIDENCE_GOAL = 0.9
CONFIDENCE_QUERY = 0.85
# Understood by the interpretation layer (lexicons, fuzzy names), not a template.
CONFIDENCE_INTERPRETED = 0.8
# A template matched, but the place said has no such device.
CONFIDENCE_NOTHING_THERE = 0.5

# Home Assistant's intents that switch a device: its templates read "open" as "on".
_SWITCHING_INTENTS = frozenset({"HassTurnOn", "HassTurnOff"})
# Recognitions kept per translator (the home's vocabulary being unchanged).
MATCH_CACHE_SIZE = 256
_GOAL_STAGE, _DEVICE_STAGE = 0, 1
_NOT_CACHED: Any = object()


@dataclass(slots=True)
class _Clause:
    """One understood (or not) part of a request."""

    text: str
    resolution: Resolution | None
    confidence: float = 0.0


@dataclass(slots=True)
class _Reading:
    """A request read as clauses."""

    clauses: list[_Clause] = field(default_factory=list)
    dropped: str = ""

    @property
    def complete(self) -> bool:
        return (
            bool(self.clauses)
            and not self.dropped
            and all(
                clause.resolution is not None and clause.resolution.goal is not None
                for clause in self.clauses
            )
        )


@dataclass(slots=True)
class _Request:
    """What stays the same while the clauses of one request are read."""

    data: LanguageData
    vocabulary: HomeVocabulary
    devices: TargetResolver
    goals: GoalResolver
    area: tuple[str, str] | None
    interpreter: Interpreter | None = None


class IntentTranslator:
    """Turns what a user says into a TaskSpec.

    Cheap to create; sentence data is loaded on first use of a language and kept, the
    slot lists of a home are rebuilt only when its entities, areas or floors change.
    Thread-safe: Home Assistant calls it from executor threads.
    """

    def __init__(self) -> None:
        """Create a translator with nothing loaded yet."""
        self._lock = threading.Lock()
        self._languages: dict[str, LanguageData | None] = {}
        self._vocabulary: tuple[Fingerprint, HomeVocabulary] | None = None
        # The current home in the words of each language (rebuilt with the vocabulary).
        self._terms: dict[str, HomeTerms] = {}
        # Recent recognitions in the current home, like the default agent's cache:
        # people repeat their commands.
        self._matches: OrderedDict[
            tuple[str, str, tuple[str, str] | None], tuple[int, Match] | None
        ] = OrderedDict()

    def supported_languages(self) -> list[str]:
        """Languages whose device commands are understood."""
        return supported_languages()

    def prepare(self, language: str) -> bool:
        """Load and compile ``language`` ahead of the first request; False if unknown.

        Takes a few seconds of CPU: call it from an executor, e.g. at setup, so the
        first spoken command is as fast as the others.
        """
        variant = match_language(language)
        data = None if variant is None else self._language_data(variant)
        if data is None:
            return False
        for stage in (data.goals, data.device, data.queries):
            if stage is not None:
                stage.warm_up()
        return True

    def translate(
        self,
        text: str,
        *,
        language: str,
        snapshot: ContextSnapshot,
        now: datetime,
        trigger_type: TriggerType = TriggerType.USER_REQUEST,
        context_area_id: str | None = None,
    ) -> TaskSpec:
        """Translate ``text`` said in ``language`` in the home of ``snapshot``.

        Never raises for any text: what is not understood is listed in ``unresolved``.
        """
        raw = text if isinstance(text, str) else ""
        spec = TaskSpec(intent=raw, language=str(language), trigger_type=trigger_type)
        cleaned = _clean(raw)
        if not cleaned:
            spec.unresolved.append(Reason("intake.empty").localized(spec.language))
            return spec
        if len(cleaned) > MAX_TEXT_LENGTH:
            spec.unresolved.append(
                Reason(
                    "intake.too_long", length=len(cleaned), limit=MAX_TEXT_LENGTH
                ).localized(spec.language)
            )
            return spec
        variant = match_language(str(language))
        data = None if variant is None else self._language_data(variant)
        if data is None:
            spec.unresolved.append(Reason("intake.language", language=str(language)))
            return spec
        vocabulary = self._home_vocabulary(snapshot)
        area = snapshot.areas.get(context_area_id or "")
        devices = TargetResolver(
            snapshot=snapshot,
            vocabulary=vocabulary,
            context_area_id=area.area_id if area else None,
        )
        goals = GoalResolver(
            targets=devices,
            appliance_words=data.appliance_words,
            appliance_domains=data.appliance_domains or APPLIANCE_DOMAINS,
        )
        request = _Request(
            data=data,
            vocabulary=vocabulary,
            devices=devices,
            goals=goals,
            area=None if area is None else (area.area_id, area.name),
        )
        if data.lexicon is not None:
            cleaned = data.lexicon.trim(cleaned)
            request.interpreter = Interpreter(
                data.lexicon,
                self._home_terms(snapshot, data.lexicon),
                snapshot,
                goals,
                area.area_id if area else None,
            )
        if request.interpreter is not None and (
            clock := request.interpreter.alarm_clock(cleaned)
        ):
            # Before times are taken out: "the alarm for tomorrow morning" is a clock's.
            spec.unresolved = localize_all(
                [refusal_note("clock", clock)], spec.language
            )
            return spec
        currency = snapshot.tariff.currency if snapshot.tariff else None
        interpreter = request.interpreter

        def named(phrase: str) -> list[str]:
            # By its name first; else the one device the words mean ("the tv").
            found = vocabulary.entities_named(phrase)
            if found or interpreter is None:
                return found
            return interpreter.one_device(phrase)

        extraction = data.grammar.extract(
            cleaned, now, home_zone(snapshot.time_zone), currency, names=named
        )
        if extraction.unplaced:
            spec.unresolved = localize_all(
                [refusal_note("time", extraction.unplaced[0])], spec.language
            )
            return spec
        constraints: list[Constraint] = extraction.constraints
        said = extraction.text
        if extraction.until is not None or any(
            item.type is ConstraintType.DURATION for item in constraints
        ):
            said = data.grammar.kept_on(said)
        reading = self._read(said, request)
        if not reading.complete and constraints:
            # A "constraint" may have been part of a name ("Good Morning" scene…).
            whole = self._read(cleaned, request)
            if whole.complete:
                reading, constraints = whole, []
        _fill(spec, reading, constraints, snapshot, vocabulary)
        if extraction.until is not None:
            _on_until(spec, extraction.until, now, home_zone(snapshot.time_zone))
        _add_appliance_needs(spec, extraction.energy_kwh)
        # Both layers may say the same thing ("There is no desk lamp in Kitchen"): once.
        spec.unresolved = list(
            dict.fromkeys(localize_all(spec.unresolved, spec.language))
        )
        return spec

    def mentioned_privacy_class(
        self, text: str, *, language: str, snapshot: ContextSnapshot
    ) -> PrivacyClass | None:
        """How sensitive what ``text`` names may be, read in the words of the home.

        For a request nobody understood (see ``fallback.mentioned_privacy_class``);
        None when ``language`` has no lexicon to read it with.
        """
        variant = match_language(str(language))
        data = None if variant is None else self._language_data(variant)
        if data is None or data.lexicon is None:
            return None
        self._home_vocabulary(snapshot)
        reader = Reader(data.lexicon, self._home_terms(snapshot, data.lexicon))
        cleaned = data.lexicon.trim(_clean(text))[:MAX_TEXT_LENGTH]
        return mentioned_privacy_class(
            reader.tag(reader.words(cleaned)), reader.terms, snapshot
        )

    def _read(self, text: str, request: _Request) -> _Reading:
        """Read ``text`` as one clause or, failing that, as several."""
        if not text:
            return _Reading()
        if request.interpreter is not None and request.interpreter.asks_plainly(text):
            asked = Resolution(unresolved=[refusal_note("question", "")])
            return _Reading(clauses=[_Clause(text, asked, CONFIDENCE_NOTHING_THERE)])
        if request.interpreter is not None and request.interpreter.statement(text):
            said = Resolution(unresolved=[refusal_note("statement", text)])
            return _Reading(clauses=[_Clause(text, said, CONFIDENCE_NOTHING_THERE)])
        if request.interpreter is not None and (
            withdrawn := request.interpreter.correction(text)
        ):
            refused = Resolution(unresolved=[refusal_note("correction", withdrawn)])
            return _Reading(clauses=[_Clause(text, refused, CONFIDENCE_NOTHING_THERE)])
        if request.interpreter is not None and (
            excepted := request.interpreter.exception(text)
        ):
            refused = Resolution(unresolved=[refusal_note("exclusion", excepted)])
            return _Reading(clauses=[_Clause(text, refused, CONFIDENCE_NOTHING_THERE)])
        single = self._clause(text, request)
        if single.resolution is not None or request.data.separators is None:
            if single.resolution is None:
                single = self._interpret(text, request, None)
            return _Reading(clauses=[single])
        pieces = [
            piece.strip()
            for piece in request.data.separators.split(text)
            if piece.strip() and fold(piece) not in request.data.fillers
        ]
        if not pieces:
            return _Reading(clauses=[self._interpret(text, request, None)])
        if len(pieces) == 1:
            clause = self._clause(pieces[0], request)
            if clause.resolution is None:
                clause = self._interpret(pieces[0], request, None)
            return _Reading(clauses=[clause])
        reading = self._read_pieces(text, pieces, request)
        failed = [
            clause
            for clause in reading.clauses
            if clause.resolution is None or clause.resolution.goal is None
        ]
        if (
            failed
            and not reading.dropped
            and all(clause.resolution is None for clause in failed)
        ):
            # "Vacuum cleaner, start!": the pieces are fragments of one command.
            whole = self._interpret(text, request, None, strict=True)
            if (
                whole.resolution is not None
                and whole.resolution.goal is not None
                and not whole.resolution.unresolved
            ):
                return _Reading(clauses=[whole])
        return reading

    def _read_pieces(self, text: str, pieces: list[str], request: _Request) -> _Reading:
        """Read the pieces of ``text`` as clauses; each takes over what it lacks."""
        reading = _Reading()
        start = 0
        while start < len(pieces):
            if len(reading.clauses) == MAX_CLAUSES:
                reading.dropped = " ".join(pieces[start:])
                break
            following = pieces[start + 1] if start + 1 < len(pieces) else None
            if (
                request.interpreter is not None
                and following is not None
                and request.interpreter.only_place(pieces[start])
            ):
                # "In the bedroom, close the curtains and …": where the rest is done.
                pieces[start + 1] = f"{pieces[start]} {following}"
                start += 1
                continue
            if (
                request.interpreter is not None
                and following is not None
                and (
                    request.interpreter.shares_noun(pieces[start], following)
                    or request.interpreter.shares_place(pieces[start], following)
                )
            ):
                # "Turn off the kitchen and bedroom lights": the kitchen's lights;
                # "the light and the fan in the bathroom": the bathroom's light.
                reading.clauses.append(
                    self._interpret(pieces[start], request, None, following=following)
                )
                start += 1
                continue
            previous = reading.clauses[-1].text if reading.clauses else None
            if (
                request.interpreter is not None
                and previous is not None
                and (
                    request.interpreter.follows_player(pieces[start], previous)
                    or request.interpreter.takes_place(pieces[start], previous)
                )
            ):
                # "Turn on the kitchen speaker and set the volume to 30": a template
                # reads the room it was said in; the speaker just named is meant.
                reading.clauses.append(
                    self._interpret(pieces[start], request, previous)
                )
                start += 1
                continue
            clause = self._clause(pieces[start], request)
            if (
                clause.confidence != CONFIDENCE_GOAL  # "notify me that …": a message
                and request.interpreter is not None
                and request.interpreter.statement(pieces[start])
            ):
                # "Good night! Everything is locked up": said of the home, not asked.
                said = Resolution(unresolved=[refusal_note("statement", pieces[start])])
                reading.clauses.append(
                    _Clause(pieces[start], said, CONFIDENCE_NOTHING_THERE)
                )
                start += 1
                continue
            taken = 1
            if clause.resolution is None:
                # "Tom and Jerry lamp": the separator may belong to a name.
                for size in range(2, MAX_PIECES_PER_CLAUSE + 1):
                    if start + size > len(pieces):
                        break
                    joined = self._clause(
                        _rejoin(text, pieces[start : start + size]), request
                    )
                    if joined.resolution is not None:
                        clause, taken = joined, size
                        break
            if clause.resolution is None:
                clause = self._interpret(pieces[start], request, previous)
            reading.clauses.append(clause)
            start += taken
        if (interpreter := request.interpreter) is not None:
            # "Good night, lights off": the lights, and a greeting; "it is too dark,
            # turn the lamp on": the lamp, and why.
            commands = [
                clause
                for clause in reading.clauses
                if not interpreter.aside(
                    clause.text, set_apart=_set_apart(text, clause.text)
                )
            ]
            if commands and any(
                clause.resolution is not None and clause.resolution.goal is not None
                for clause in commands
            ):
                reading.clauses = commands
        return reading

    def _clause(self, text: str, request: _Request) -> _Clause:
        """Recognise one clause: our goals, then device commands, then questions."""
        if len(text) > MAX_CLAUSE_LENGTH:
            return _Clause(text, None)
        key = (request.data.language, text, request.area)
        with self._lock:
            found = self._matches.get(key, _NOT_CACHED)
            if found is not _NOT_CACHED:
                self._matches.move_to_end(key)
        if found is _NOT_CACHED:
            found = self._recognize(text, request)
            with self._lock:
                self._matches[key] = found
                if len(self._matches) > MATCH_CACHE_SIZE:
                    self._matches.popitem(last=False)
        if not isinstance(found, tuple):
            return _Clause(text, None)
        stage, match = found
        if stage == _GOAL_STAGE:
            if (
                match.intent == "OrchestrationNotify"
                and request.interpreter is not None
                and (
                    refusal := request.interpreter.unsendable(
                        str(match.slots.get("message") or "")
                    )
                )
            ):
                refused = Resolution(unresolved=[refusal_note(*refusal)])
                return _Clause(text, refused, CONFIDENCE_NOTHING_THERE)
            return _Clause(text, request.goals.resolve(match), CONFIDENCE_GOAL)
        confidence = CONFIDENCE_DEVICE if stage == _DEVICE_STAGE else CONFIDENCE_QUERY
        if (
            stage != _DEVICE_STAGE
            and match.intent == "HassGetState"
            and match.slots.get("domain") == "person"
            and request.interpreter is not None
            and request.interpreter.commands_devices(text)
        ):
            # "Alle Heizungen aus" fits "[sind] alle {state}" about people; its
            # "state" is a device kind and a verb: a command, not a question.
            return self._interpret(text, request, None)
        if (
            stage == _DEVICE_STAGE
            and match.intent in _VALUE_INTENTS
            and request.interpreter is not None
            and request.interpreter.steps_a_value(text)
        ):
            # "Turn the heating up 2 degrees": by 2, not to 2 °C.
            return self._interpret(text, request, None)
        if (
            stage == _DEVICE_STAGE
            and (place := _place_without_name(match))
            and request.interpreter is not None
            and request.interpreter.names_device_with(text, place)
        ):
            # "Büroventilator an", "lock the garage door": the template reads a room
            # and a kind, but a device is called so; its name comes first, or nothing.
            return self._interpret(text, request, None)
        if (
            stage == _DEVICE_STAGE
            and "name" not in match.slots
            and request.interpreter is not None
            and (
                request.interpreter.narrows(text)
                or (
                    _area_from_context(match, text)
                    and request.interpreter.says_all(text)
                )
            )
        ):
            # "Turn off the lamp" is not "turn off the lights", and "dim all the
            # lights" not only those of the room it was said in: the lexicon decides.
            narrowed = self._interpret(text, request, None)
            if narrowed.resolution is not None:
                return narrowed
        if (
            stage == _DEVICE_STAGE
            and match.intent == "HassLightSet"
            and not match.slots.keys() & {"area", "floor", "name"}
            and request.interpreter is not None
            and (request.area is None or not request.interpreter.says_all(text))
        ):
            # Home Assistant's German templates need no area and set every light of
            # the home. From no room ("Helligkeit auf 50 %"), which light is not said:
            # we ask where the lexicon does ("die Lichter" stay all of them). Said in
            # a room ("Stelle die Farbe auf blau"), its lights, as "Mach das Licht
            # blau" there.
            read = self._interpret(text, request, None)
            if (found := read.resolution) is not None and (
                (found.goal is None) == (request.area is None)
            ):
                return read
        if (
            stage == _DEVICE_STAGE
            and match.intent in _SWITCHING_INTENTS
            and request.interpreter is not None
            and (door := request.interpreter.appliance_door(text)) is not None
        ):
            # "Mach die Spülmaschine auf": its door, which switching on does not open.
            return _Clause(text, door, confidence)
        chosen: Targets | None = None
        if (
            stage == _DEVICE_STAGE
            and request.interpreter is not None
            and not match.slots.keys() & {"area", "floor"}
            and isinstance(name := match.slots.get("name"), str)
        ):
            # "Fernseher an" said in the bedroom, whose TV is not the one named
            # "Fernseher": the room's TV is meant, and without one we ask.
            meant = request.interpreter.meant_by_kind(
                match.slot_texts.get("name") or name,
                request.vocabulary.entities_named(name),
            )
            if isinstance(meant, Reason):
                return _Clause(text, Resolution(unresolved=[meant]), confidence)
            if meant is not None:
                chosen = Targets(entity_ids=meant)
        if (
            stage == _DEVICE_STAGE
            and match.slots.get("domain") == "cover"
            and _area_from_context(match, text)
            and request.interpreter is not None
            and request.interpreter.names_entrance(text)
        ):
            # "Mach die Garage auf" said in the living room: Home Assistant 2026.2
            # reads every cover of the room it was said in; the garage's door is meant.
            return self._interpret(text, request, None)
        resolution = resolve(match, request.devices, text, chosen)
        if (
            stage == _DEVICE_STAGE
            and request.interpreter is not None
            # "Alle Rollläden hoch" with no place stays every cover of the home:
            # Home Assistant's German sentences expect the garage door and gate too.
            and match.slots.keys() & {"area", "floor"}
            and not match.slots.keys() & {"name", "device_class"}
            and (goal := resolution.goal) is not None
        ):
            selected = {
                entity.entity_id
                for entity in request.devices.snapshot.select(goal.targets)
                if entity.exposed
            }
            if unmeant := request.interpreter.entrances_unmeant(text, selected):
                # "Rollläden unten runter" is not the garage door downstairs.
                if not selected - unmeant:
                    return self._interpret(text, request, None)
                goal.targets = Targets(entity_ids=sorted(selected - unmeant))
        if _selects_nothing(resolution, request.devices.snapshot) or _missing(
            resolution
        ):
            # "Close the shades in the bedroom" where the bedroom has blinds: the
            # template's device class finds nothing; the wider reading may.
            interpreted = self._interpret(text, request, None)
            if interpreted.resolution is not None:
                if interpreted.resolution.goal is not None:
                    return interpreted
                # Keep the template's goal (it acts on nothing) and say why.
                resolution = Resolution(
                    goal=resolution.goal,
                    unresolved=list(
                        dict.fromkeys(
                            [
                                *resolution.unresolved,
                                *interpreted.resolution.unresolved,
                            ]
                        )
                    ),
                )
                return _Clause(text, resolution, CONFIDENCE_NOTHING_THERE)
        return _Clause(text, resolution, confidence)

    def _interpret(
        self,
        text: str,
        request: _Request,
        previous: str | None,
        *,
        strict: bool = False,
        following: str | None = None,
    ) -> _Clause:
        """A clause the templates did not match, read by the interpretation layer."""
        if request.interpreter is None or len(text) > MAX_CLAUSE_LENGTH:
            return _Clause(text, None)
        resolution = request.interpreter.interpret(
            text, previous, strict=strict, following=following
        )
        if resolution is None:
            return _Clause(text, None)
        return _Clause(text, resolution, CONFIDENCE_INTERPRETED)

    def _recognize(self, text: str, request: _Request) -> tuple[int, Match] | None:
        """The first stage whose templates match ``text``, and the match."""
        slot_lists, present = request.vocabulary.slot_lists(text)
        if request.data.numbers.says_number(fold(text)):
            present |= {NUMBER}
        stages = (request.data.goals, request.data.device, request.data.queries)
        for stage, intents in enumerate(stages):
            if intents is None:
                continue
            candidates = intents.candidates(text, present)
            if candidates is None:
                continue
            match = recognize(
                text,
                candidates,
                slot_lists=slot_lists,
                area=request.area,
                language=request.data.language,
            )
            if match is not None:
                return stage, match
        return None

    def _language_data(self, language: str) -> LanguageData | None:
        with self._lock:
            if language not in self._languages:
                self._languages[language] = load_language(language)
            return self._languages[language]

    def _home_vocabulary(self, snapshot: ContextSnapshot) -> HomeVocabulary:
        fingerprint = home_fingerprint(snapshot)
        with self._lock:
            if self._vocabulary is None or self._vocabulary[0] != fingerprint:
                self._vocabulary = (fingerprint, HomeVocabulary.build(snapshot))
                self._matches.clear()
                self._terms.clear()
            return self._vocabulary[1]

    def _home_terms(self, snapshot: ContextSnapshot, lexicon: Lexicon) -> HomeTerms:
        """The current home in the words of ``lexicon`` (call after the vocabulary)."""
        with self._lock:
            terms = self._terms.get(lexicon.language)
        if terms is None:
            terms = HomeTerms.build(snapshot, lexicon)
            with self._lock:
                self._terms[lexicon.language] = terms
        return terms


def _missing(resolution: Resolution) -> bool:
    """Whether a name was not found in the place said ("the TV in the bedroom")."""
    return resolution.goal is None and any(
        is_missing(note) for note in resolution.unresolved
    )


def _place_without_name(match: Match) -> str:
    """The area or floor a match reads as said when it names no entity, else ""."""
    name = match.slots.get("name")
    if name is not None and str(name).casefold() != "all":
        return ""
    return match.slot_texts.get("area") or match.slot_texts.get("floor") or ""


def _area_from_context(match: Match, text: str) -> bool:
    """Whether a match's area came from where the request was said, not its words."""
    spoken = match.slot_texts.get("area")
    return "area" in match.slots and (not spoken or fold(spoken) not in fold(text))


def _fails(clause: _Clause, snapshot: ContextSnapshot) -> bool:
    """Whether a clause cannot be carried out: not understood, a question, nothing."""
    resolution = clause.resolution
    return (
        resolution is None
        or resolution.goal is None
        or _selects_nothing(resolution, snapshot)
    )


def _selects_nothing(resolution: Resolution, snapshot: ContextSnapshot) -> bool:
    """Whether a device goal's targets restrict to something no exposed entity is."""
    goal = resolution.goal
    if goal is None or goal.targets.is_empty() or goal.type is GoalType.NOTIFY:
        return False
    return not any(entity.exposed for entity in snapshot.select(goal.targets))


def _fill(
    spec: TaskSpec,
    reading: _Reading,
    constraints: list[Constraint],
    snapshot: ContextSnapshot,
    vocabulary: HomeVocabulary,
) -> None:
    """Put a reading into the TaskSpec: goals in order, what was not understood."""
    goals: list[Goal] = []
    scores: list[float] = []
    partial = len(reading.clauses) > 1 and any(
        _fails(clause, snapshot) for clause in reading.clauses
    )
    for clause in reading.clauses:
        hidden: list[str] = [
            Reason("intake.not_exposed", name=name)
            for name in vocabulary.hidden_names_in(clause.text)
        ]
        if clause.resolution is None:
            spec.unresolved.append(not_understood_note(_quote(clause.text)))
            spec.unresolved.extend(hidden)
            scores.append(0.0)
            continue
        if clause.resolution.goal is None:
            # A name hidden from Assist explains why it was not found.
            spec.unresolved.extend(hidden or clause.resolution.unresolved)
            scores.append(0.0)
            continue
        if (
            unsafe := unsafe_climate_value(clause.resolution.goal, snapshot)
        ) is not None:
            # "Heat the house to 70" in Celsius, "up by 20": asked, whichever layer read it.
            spec.unresolved.append(unsafe)
            scores.append(0.0)
            partial = len(reading.clauses) > 1
            continue
        spec.unresolved.extend(clause.resolution.unresolved)
        goals.append(clause.resolution.goal)
        scores.append(clause.confidence)
    if reading.dropped:
        spec.unresolved.append(Reason("intake.too_many", text=_quote(reading.dropped)))
        scores.append(0.0)
    if not reading.clauses and not reading.dropped:
        spec.unresolved.append(Reason("intake.only_conditions"))
    if goals and (partial or reading.dropped):
        # "The living room and the den" in a home without a den: all or nothing.
        goals = []
        spec.unresolved.append(partial_note())
        scores = [0.0]
    goals, opposed = settle_opposites(goals, snapshot)
    if opposed:
        spec.unresolved.extend(opposed)
        scores = [0.0]
    duration = next(
        (item for item in constraints if item.type is ConstraintType.DURATION), None
    )
    if duration is not None and any(
        goal.type not in _RUNS_FOR_A_TIME for goal in goals
    ):
        # "Turn on the fan for 30 minutes": switched on and never off would ignore
        # half of what was asked.
        minutes = _tidy_minutes(duration.fields.get("minutes"))
        spec.unresolved.append(Reason("intake.duration_not_kept", minutes=minutes))
        goals, scores = [], [0.0]
    spec.goals = goals
    spec.constraints = constraints
    spec.confidence = round(sum(scores) / len(scores), 3) if scores else 0.0
    spec.privacy_class = privacy_class(goals, constraints, snapshot)


# Goals a duration is part of: a load runs that long, a room is kept at its target,
# a robot vacuum cleans for a while and docks by itself, what is switched on is
# switched off again after it (the planner adds the steps).
_RUNS_FOR_A_TIME: Final = frozenset(
    {
        GoalType.TURN_ON,
        GoalType.RUN_APPLIANCE,
        GoalType.PRECONDITION,
        GoalType.OPTIMIZE_ENERGY,
        GoalType.VACUUM_START,
    }
)


def _tidy_minutes(value: object) -> str:
    number = float(value) if isinstance(value, int | float) else 0.0
    return str(int(number)) if number.is_integer() else str(number)


def _on_until(spec: TaskSpec, until: datetime, now: datetime, zone: tzinfo) -> None:
    """On now (or when said) and off at the time said ("the fan on until 5pm").

    "The dishwasher until 7" stays a deadline; "leave the front door unlocked until 8"
    or "open the garage until 9" asks: nothing puts them back then, and unlocked or
    open for good is not what was said.
    """
    start = spec.constraint(ConstraintType.NOT_BEFORE)
    begins = datetime.fromisoformat(start.fields["after"]) if start else now
    minutes = (until - begins).total_seconds() / 60
    if any(goal.type not in _RUNS_FOR_A_TIME for goal in spec.goals):
        # Said as a clock time, quoted as one ("until 20:00", not "for 330 minutes").
        spec.unresolved.append(
            Reason("intake.until_not_kept", time=f"{until.astimezone(zone):%H:%M}")
        )
        spec.goals = []
        return
    if not spec.goals or any(goal.type is not GoalType.TURN_ON for goal in spec.goals):
        return
    if minutes <= 0:
        return
    spec.constraints = [
        item
        for item in spec.constraints
        if not (
            item.type is ConstraintType.DEADLINE
            and item.fields.get("before") == until.isoformat()
        )
    ]
    spec.constraints.append(
        Constraint(ConstraintType.DURATION, {"minutes": round(minutes)})
    )


def _add_appliance_needs(spec: TaskSpec, energy_kwh: float | None) -> None:
    """DESIGN §5: ``run_appliance`` carries ``duration_min``/``energy_kwh`` when said."""
    duration = spec.constraint(ConstraintType.DURATION)
    for goal in spec.goals:
        if goal.type is not GoalType.RUN_APPLIANCE:
            continue
        if duration is not None:
            goal.params["duration_min"] = duration.fields["minutes"]
        if energy_kwh is not None:
            goal.params["energy_kwh"] = energy_kwh


_APART = frozenset(",.!;:-?")


def _set_apart(text: str, piece: str) -> bool:
    """Whether ``piece`` of ``text`` is set apart by punctuation ("Good night, …")."""
    start = text.find(piece)
    if start < 0:
        return False
    after = text[start + len(piece) :].lstrip()[:1]
    before = text[:start].rstrip()[-1:]
    return after in _APART or before in _APART


def _quote(text: str, limit: int = 80) -> str:
    """``text`` shortened for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rejoin(text: str, pieces: list[str]) -> str:
    """The stretch of ``text`` from the first piece to the end of the last."""
    start = text.find(pieces[0])
    end = text.find(pieces[-1], start) + len(pieces[-1])
    return text[start:end] if 0 <= start < end else " ".join(pieces)


def _clean(text: str) -> str:
    """Text with control and format characters dropped and whitespace collapsed."""
    kept = "".join(
        " " if unicodedata.category(char)[0] in "CZ" else char for char in text
    )
    return " ".join(kept.split())
