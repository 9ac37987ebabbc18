"""The home in the words of one language: areas, floors and devices, for fuzzy lookup.

Built once per home and language (the translator keeps it while the home's names stay
the same). Areas and floors become phrases of their own, including the lexicon's room
words that name them ("lounge" for a "Living room"); for floors also the distinctive
single words of their names ("ground" for "Ground floor") and "downstairs"/"upstairs"
by level. A word of an area's name alone is no area. Every exposed entity keeps its names as keyed words, its area's words and the
device kinds it belongs to. Misspelt words are corrected to the nearest word the home or
the lexicon knows, with ``rapidfuzz``; German compounds are split into known words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz, process

from ..models import ContextSnapshot, EntityInfo
from .lexicon import (
    ACTING_DOMAINS,
    Lexicon,
    Meaning,
    Tag,
    joined_form,
    phrase_key,
    tokenize,
)

# Below this length a word is never corrected: "fan" and "tv" must be said right.
MIN_CORRECTED_LENGTH = 4
# rapidfuzz ratio a correction needs (a swap of two letters in "light" is 80).
CUTOFF = 80.0
# From this length a word may also be mistyped in its first letter.
LONG_WORD = 6
# From this length a slip may leave out or add two letters.
LONG_SLIP = 8
# The runner-up correction must be this much worse, or the word is left alone.
CORRECTION_MARGIN = 4.0
# German compounds: each part has at least this many letters.
MIN_COMPOUND_PART = 3


@dataclass(slots=True)
class EntityTerms:
    """One exposed entity in words."""

    entity: EntityInfo
    names: list[tuple[str, ...]]
    area_words: frozenset[str]
    kinds: frozenset[str]
    # A deferrable appliance (dishwasher, charger …): "everything" leaves it alone.
    appliance: bool = False

    @property
    def name_words(self) -> frozenset[str]:
        """Every keyed word of its names and aliases."""
        return frozenset(word for name in self.names for word in name)


@dataclass(slots=True)
class HomeTerms:
    """Phrases and entity words of one home in one language."""

    lexicon: Lexicon
    phrases: dict[tuple[str, ...], list[Meaning]] = field(default_factory=dict)
    entities: list[EntityTerms] = field(default_factory=list)
    area_names: dict[str, str] = field(default_factory=dict)
    # The keyed words of each area's name and aliases.
    area_words: dict[str, frozenset[str]] = field(default_factory=dict)
    floor_names: dict[str, str] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    # Every word of an exposed entity's name or alias, and every two words that follow
    # each other in one ("towel warmer": "warmer" is no comparative there).
    name_words: set[str] = field(default_factory=set)
    name_pairs: set[tuple[str, str]] = field(default_factory=set)
    # Every exposed device's whole name or alias (keys), with its last word as
    # written: "office fans" is the plural of a kind, "office fan" a name. Devices
    # that act only: "the living room temperature" is no sensor to set.
    whole_names: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    longest_name: int = 0
    # Room words of the lexicon that fit several areas ("living room" with a Lounge
    # and a Family Room), with those areas' ids.
    shared_places: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    _choices: list[str] = field(default_factory=list)
    _corrections: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, snapshot: ContextSnapshot, lexicon: Lexicon) -> HomeTerms:
        """Index ``snapshot`` in the words of ``lexicon``."""
        terms = cls(lexicon=lexicon)
        terms._add_areas(snapshot)
        terms._add_floors(snapshot)
        for entity in snapshot.entities.values():
            if not entity.exposed:
                continue
            names = [
                key
                for key in (
                    phrase_key(name, lexicon.language)
                    for name in (entity.name, *entity.aliases)
                )
                if key
            ]
            area = snapshot.areas.get(entity.area_id or "")
            area_words = frozenset(
                word
                for name in ((area.name, *area.aliases) if area else ())
                for word in phrase_key(name, lexicon.language)
            )
            id_key = phrase_key(
                entity.entity_id.partition(".")[2].replace("_", " "), lexicon.language
            )
            kinds = lexicon.kinds_of(entity, [*names, id_key])
            appliance = entity.appliance is not None or any(
                lexicon.names_kind_tag(Tag.APPLIANCE, name) for name in (*names, id_key)
            )
            if appliance or kinds - {"switch", "plug"}:
                # "The kitchen switch" is a wall switch or a plug, not the coffee
                # maker or the charger that happen to be switches.
                kinds -= {"switch"}
            terms.entities.append(
                EntityTerms(entity, names, area_words, kinds, appliance)
            )
            for name, written in zip(
                names, _written_names(entity, lexicon.language), strict=True
            ):
                terms.name_words.update(name)
                terms.name_pairs.update(pairwise(name))
                if entity.domain in ACTING_DOMAINS:
                    terms.whole_names.setdefault(name, set()).add(written[-1])
        terms.longest_name = max(map(len, terms.whole_names), default=0)
        terms.known.update(terms.name_words)
        terms.known.update(lexicon.vocabulary)
        for phrase in terms.phrases:
            terms.known.update(phrase)
        # Misspelt words are corrected into words that carry meaning, never into
        # grammar or markers ("bout" is not "but", "nit" not "not").
        terms._choices = sorted(
            word for word in terms.known if not lexicon.is_function_word(word)
        )
        return terms

    def _add(self, phrase: tuple[str, ...], meaning: Meaning) -> None:
        meanings = self.phrases.setdefault(phrase, [])
        if meaning not in meanings:
            meanings.append(meaning)

    def _add_areas(self, snapshot: ContextSnapshot) -> None:
        language = self.lexicon.language
        keys: dict[str, list[tuple[str, ...]]] = {}
        for area in snapshot.areas.values():
            self.area_names[area.area_id] = area.name
            keys[area.area_id] = [
                key
                for key in (
                    phrase_key(name, language)
                    for written in (area.name, *area.aliases)
                    for name in (written, *joined_form(written))
                )
                if key
            ]
            for key in keys[area.area_id]:
                self._add(key, Meaning(Tag.AREA, area.area_id))
            self.area_words[area.area_id] = frozenset(
                word for key in keys[area.area_id] for word in key
            )
        # Only a whole name or alias is an area: "main" of a "Main Bedroom" is no
        # place ("the main light"), nor "downstairs" of a "Downstairs Toilet".
        self._add_groups(keys, self.lexicon.room_groups, Tag.AREA)

    def _add_floors(self, snapshot: ContextSnapshot) -> None:
        language = self.lexicon.language
        keys: dict[str, list[tuple[str, ...]]] = {}
        for floor in snapshot.floors.values():
            self.floor_names[floor.floor_id] = floor.name
            keys[floor.floor_id] = [
                key
                for key in (
                    phrase_key(name, language) for name in (floor.name, *floor.aliases)
                )
                if key
            ]
            for key in keys[floor.floor_id]:
                self._add(key, Meaning(Tag.HOME_FLOOR, floor.floor_id))
        self._add_distinctive(keys, Tag.HOME_FLOOR)
        by_level = {
            floor.level: floor.floor_id
            for floor in snapshot.floors.values()
            if floor.level is not None
        }
        # The lexicon's first floor group is "downstairs" (level 0), the second
        # "upstairs" (level 1): used when no floor is named that way.
        for index, group in self.lexicon.floor_groups.items():
            owners = _owners(keys, group)
            if not owners and (floor_id := by_level.get(index)) is not None:
                owners = {floor_id}
            if len(owners) == 1:
                (owner,) = owners
                for phrase in group:
                    if phrase not in self.phrases:
                        self._add(phrase, Meaning(Tag.HOME_FLOOR, owner))

    def _add_distinctive(
        self, keys: dict[str, list[tuple[str, ...]]], tag: Tag
    ) -> None:
        """Single words that name one place only ("ground" for "Ground floor")."""
        owners: dict[str, set[str]] = {}
        for owner, phrases in keys.items():
            for phrase in phrases:
                for word in phrase:
                    owners.setdefault(word, set()).add(owner)
        generic = {
            key
            for key, meanings in self.lexicon.phrases.items()
            if len(key) == 1
            and any(meaning.tag in (Tag.STOP, Tag.NOUN) for meaning in meanings)
        }
        for word, found in owners.items():
            if len(found) == 1 and (word,) not in generic and len(word) > 2:
                phrase = (word,)
                if phrase not in self.phrases:
                    self._add(phrase, Meaning(tag, next(iter(found))))

    def _add_groups(
        self,
        keys: dict[str, list[tuple[str, ...]]],
        groups: dict[int, list[tuple[str, ...]]],
        tag: Tag,
    ) -> None:
        """Words of the lexicon that mean a place the home has under another name.

        A word that fits several places is shared: it asks which. So is one that also
        is a word of another place's name ("Badezimmer" with a "Bad" and a "Badezimmer
        OG"); a word of a name alone makes no place.
        """
        for group in groups.values():
            owners = _owners(keys, group)
            for phrase in group:
                if phrase in self.phrases:
                    continue
                # Without a place of that name, the places it is the last word of:
                # "the porch" is the "Wrap-around Porch", not a word of a name alone.
                fitting = (
                    owners | _holders(keys, phrase) if owners else _headed(keys, phrase)
                )
                if not fitting:
                    continue
                if len(fitting) > 1:
                    self.shared_places[phrase] = sorted(fitting)
                else:
                    self._add(phrase, Meaning(tag, next(iter(fitting))))

    def correct(self, word: str) -> str | None:
        """The known word ``word`` (a key) was meant to be, or None."""
        if word in self.known or len(word) < MIN_CORRECTED_LENGTH or word.isdigit():
            return word if word in self.known else None
        if word in self._corrections:
            return self._corrections[word]
        if word in self.lexicon.common_words:
            return None
        choices = [
            choice
            for choice in self._choices
            if _may_slip(word, choice)
            and (_keeps_start(word, choice) or not self._names_a_kind(choice))
        ]
        if (head := self._known_head(word)) is not None:
            # "Gartenlich" is a garden's light misspelt, not the "Garagenlicht": a
            # word the compound starts with stays.
            choices = [choice for choice in choices if choice.startswith(head)]
        found = process.extract(
            word, choices, scorer=fuzz.ratio, limit=2, score_cutoff=CUTOFF
        )
        best: str | None = None
        if found and (
            len(found) == 1 or found[0][1] - found[1][1] >= CORRECTION_MARGIN
        ):
            best = str(found[0][0])
            if _extends(word, best):
                best = None
        self._corrections[word] = best
        return best

    def slip(self, said: str, known: str) -> float:
        """How well the key ``said`` matches the name word ``known`` (0-100).

        100 when they are the same, else their ``rapidfuzz`` ratio, but 0 when
        ``said`` is a word of its own: a word with a meaning of its own in the home
        or the lexicon is no slip of another word ("night" is not "right" where a
        Night Light is), unless one is the other inflected ("linker", "links"); a
        short word mistyped keeps its first letter ("fight", "sight" are not
        "right").
        """
        if said == known:
            return 100.0
        if self._means_itself(said):
            inflected = min(len(said), len(known)) >= MIN_CORRECTED_LENGTH and (
                said.startswith(known) or known.startswith(said)
            )
            if not inflected:
                return 0.0
        elif len(said) < LONG_WORD and said[:1] != known[:1]:
            return 0.0
        return float(fuzz.ratio(said, known))

    def _names_a_kind(self, word: str) -> bool:
        """Whether a key is a device kind's word ("socket").

        A kind word picks devices by itself: it is never reached by another first
        letter ("rocket" and "pocket" are words of their own, not the socket).
        """
        return any(
            meaning.tag is Tag.NOUN for meaning in self.lexicon.phrases.get((word,), ())
        )

    def _means_itself(self, word: str) -> bool:
        """Whether a key is a word with a meaning of its own in the home or lexicon.

        A word of a name, of a place, a word the lexicon reads alone ("night",
        "right") or a common word it lists ("header"); not one the lexicon knows
        only inside a phrase ("dinning" of its "dinning room").
        """
        return (
            word in self.name_words
            or (word,) in self.phrases
            or (word,) in self.lexicon.phrases
            or word in self.lexicon.common_words
        )

    def _known_head(self, word: str) -> str | None:
        """The longest known word a German compound starts with, as keyed, if any."""
        if not self.lexicon.compounds:
            return None
        key = self.lexicon.key
        for cut in range(len(word) - MIN_COMPOUND_PART, MIN_CORRECTED_LENGTH - 1, -1):
            head = word[:cut]
            if head in self.known:
                return head
            if key(head) in self.known:
                return key(head)
        return None

    def split_compound(self, word: str) -> list[str] | None:
        """Known words a German compound is made of ("wohnzimmerlicht"), or None."""
        if not self.lexicon.compounds:
            return None
        return self._split(word, depth=0)

    def _split(self, word: str, depth: int) -> list[str] | None:
        if depth > 2:
            return None
        key = self.lexicon.key
        for cut in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_key = key(head)
            if head_key not in self.known and head not in self.known:
                continue
            tail_key = key(tail)
            if tail_key in self.known:
                return [head_key if head_key in self.known else head, tail_key]
            rest = self._split(tail, depth + 1)
            if rest is not None:
                return [head_key if head_key in self.known else head, *rest]
        return None


def _written_names(entity: EntityInfo, language: str) -> list[list[str]]:
    """The words of the entity's name and aliases as written, those that have keys."""
    return [
        tokenize(name)
        for name in (entity.name, *entity.aliases)
        if phrase_key(name, language)
    ]


def _may_slip(word: str, known: str) -> bool:
    """Whether ``word`` may be a slip of ``known`` at all, whatever their letters.

    A short word keeps its first letter when mistyped ("lihgt"): a slip of one letter
    in front turns it into another word ("night", "fight" are not "right"). A slip
    changes the length by a letter at most, two in long words ("sure" is not
    "secure", "deactive" is "deactivate").
    """
    if len(word) < LONG_WORD and word[:1] != known[:1]:
        return False
    slack = 2 if len(word) >= LONG_SLIP else 1
    return abs(len(known) - len(word)) <= slack


def _keeps_start(word: str, known: str) -> bool:
    """Whether ``word`` starts as ``known`` does, or with a letter more or less.

    "irobot" is the robot with a letter in front; "rocket" starts otherwise than the
    socket.
    """
    return word[:1] == known[:1] or word[1:2] == known[:1] or word[:1] == known[1:2]


def _extends(word: str, known: str) -> bool:
    """Whether ``word`` is a known word with more letters after it: another word.

    "closet" is not a slip of "close", nor "starter" of "start"; a doubled last
    letter ("lightt") is a slip.
    """
    rest = word[len(known) :]
    return word.startswith(known) and bool(rest) and rest != known[-1] * len(rest)


def _holders(
    keys: dict[str, list[tuple[str, ...]]], phrase: tuple[str, ...]
) -> set[str]:
    """The places with a longer name that holds ``phrase`` ("Badezimmer OG")."""
    size = len(phrase)
    return {
        owner
        for owner, names in keys.items()
        for name in names
        if len(name) > size
        and any(name[start : start + size] == phrase for start in range(len(name)))
    }


def _headed(
    keys: dict[str, list[tuple[str, ...]]], phrase: tuple[str, ...]
) -> set[str]:
    """The places whose name ends in ``phrase`` ("Rooftop Terrace" for "terrace")."""
    return {
        owner
        for owner, names in keys.items()
        for name in names
        if len(name) > len(phrase) and name[-len(phrase) :] == phrase
    }


def _owners(
    keys: dict[str, list[tuple[str, ...]]], group: Iterable[tuple[str, ...]]
) -> set[str]:
    wanted = set(group)
    return {owner for owner, phrases in keys.items() if wanted & set(phrases)}
