"""Skip sentence templates that cannot match because the text names no such thing.

hassil pre-filters templates with a regular expression in which every ``{list}`` matches
any text, then runs its (slow) matcher on what is left. Most templates need an entity,
area or floor name, and a request names few of those: a template that needs ``{area}``
cannot match a text that contains no area name. For every template we work out which of
the ``name``/``area``/``floor`` lists it needs (as alternatives: ``<area_floor>`` needs an
area or a floor) and, per combination of lists present in a text, keep a recogniser with
only the templates that can still match. Same results as hassil alone, a fraction of the
work.

Any template whose structure we do not understand (a future hassil) is kept, so the
filter can only make recognition faster, never different.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
import logging
import re
import threading
from typing import Any

from hassil.expression import ListReference, RuleReference
from hassil.intents import Intent, IntentData, Intents, RangeSlotList
from hassil.parse_expression import parse_sentence
from hassil.util import normalize_text, remove_punctuation, remove_skip_words
from unicode_rbnf import RbnfEngine

_LOGGER = logging.getLogger(__name__)

GATED_LISTS = ("name", "area", "floor")
# Stands for every range list ({brightness}, {temperature}, …): needs a number said.
NUMBER = "number"
GATED = (*GATED_LISTS, NUMBER)

# Alternatives of list sets: a template can match only if one set is fully present.
type Needs = frozenset[frozenset[str]]

_NOTHING: Needs = frozenset({frozenset()})
_MAX_DEPTH = 40


def _minimal(options: set[frozenset[str]]) -> Needs:
    """Drop options that are supersets of another option."""
    return frozenset(
        option for option in options if not any(other < option for other in options)
    )


def template_needs(
    expression: Any,
    rules: dict[str, Any],
    range_lists: frozenset[str] = frozenset(),
    depth: int = 0,
) -> Needs:
    """The gated lists ``expression`` needs, as alternatives.

    ``range_lists`` are the names of number lists; each counts as ``NUMBER``. Reads
    hassil 2 templates (``Sequence`` with a ``type``) and hassil 3 templates
    (``Sentence.expression``; ``Alternative``, ``Sequence``, ``Permutation`` groups).
    """
    if depth > _MAX_DEPTH:
        return _NOTHING
    if isinstance(expression, ListReference):
        if expression.list_name in GATED_LISTS:
            return frozenset({frozenset({expression.list_name})})
        if expression.list_name in range_lists:
            return frozenset({frozenset({NUMBER})})
        return _NOTHING
    if isinstance(expression, RuleReference):
        body = rules.get(expression.rule_name)
        if body is None:
            return _NOTHING
        return template_needs(body, rules, range_lists, depth + 1)
    items = getattr(expression, "items", None)
    if items is None:
        inner = getattr(expression, "expression", None)
        if inner is None:
            return _NOTHING
        return template_needs(inner, rules, range_lists, depth + 1)
    children = [template_needs(item, rules, range_lists, depth + 1) for item in items]
    if _is_alternative(expression):
        if not children:
            return _NOTHING
        return _minimal({option for child in children for option in child})
    combined: set[frozenset[str]] = {frozenset()}
    for child in children:
        combined = {have | need for have in combined for need in child}
    return _minimal(combined)


def _is_alternative(expression: Any) -> bool:
    """Whether a template group matches one of its items (or nothing, if optional)."""
    kind = getattr(expression, "type", None)
    if kind is not None:
        return str(getattr(kind, "value", kind)) == "alternative"
    return type(expression).__name__ == "Alternative"


def _satisfied(needs: Needs, present: frozenset[str]) -> bool:
    return any(option <= present for option in needs)


class GatedIntents:
    """One recogniser's templates, split by which named lists a text contains."""

    def __init__(self, intents: Intents) -> None:
        """Analyse ``intents``; recognisers per combination are built on first use."""
        self._intents = intents
        self._lock = threading.Lock()
        self._variants: dict[frozenset[str], Intents] = {}
        self._patterns: dict[frozenset[str], list[re.Pattern[str]] | None] = {}
        self._needs: dict[tuple[str, int], list[Needs]] | None = None
        try:
            self._needs = self._analyse()
        except (AttributeError, TypeError, ValueError) as err:  # pragma: no cover
            # A hassil whose templates we cannot read: recognise with everything.
            _LOGGER.debug("Template pre-filter disabled: %s", err)

    @property
    def all_intents(self) -> Intents:
        """The unfiltered recogniser."""
        return self._intents

    def _analyse(self) -> dict[tuple[str, int], list[Needs]]:
        needs: dict[tuple[str, int], list[Needs]] = {}
        for name, intent in self._intents.intents.items():
            for index, data in enumerate(intent.data):
                rules = {**self._intents.expansion_rules, **data.expansion_rules}
                lists = {**self._intents.slot_lists, **data.slot_lists}
                range_lists = frozenset(
                    list_name
                    for list_name, slot_list in lists.items()
                    if isinstance(slot_list, RangeSlotList)
                )
                needs[(name, index)] = [
                    template_needs(
                        parse_sentence(text, keep_text=True), rules, range_lists
                    )
                    for text in data.sentence_texts
                ]
        return needs

    def for_lists(self, present: frozenset[str]) -> Intents:
        """The recogniser for a text that contains values of the ``present`` lists."""
        if (needs := self._needs) is None:  # pragma: no cover
            return self._intents
        key = present & frozenset(GATED)
        with self._lock:
            if (variant := self._variants.get(key)) is None:
                variant = self._variants[key] = self._build(key, needs)
            return variant

    def might_match(self, text: str, present: frozenset[str]) -> bool:
        """Whether any template of the recogniser for ``present`` can match ``text``.

        hassil falls back to matching every template when none passes its regular
        expression filter, which is the slowest possible answer to "no". Asking the
        same regular expressions first turns that into a quick no.
        """
        if self._needs is None:  # pragma: no cover
            return True
        variant = self.for_lists(present)
        key = present & frozenset(GATED)
        with self._lock:
            if key not in self._patterns:
                self._patterns[key] = _template_patterns(variant)
            patterns = self._patterns[key]
        if patterns is None:  # pragma: no cover - a block without regex filtering
            return True
        prepared = normalize_text(remove_punctuation(text)).strip()
        if variant.skip_words:
            prepared = remove_skip_words(
                prepared, variant.skip_words, variant.settings.ignore_whitespace
            )
        return any(pattern.match(prepared) for pattern in patterns)

    def warm_up(self) -> None:
        """Build every recogniser and compile its filters now rather than on first use."""
        for key in all_combinations():
            self.might_match("", key)

    def _build(
        self,
        present: frozenset[str],
        needs_by_block: dict[tuple[str, int], list[Needs]],
    ) -> Intents:
        intents: dict[str, Intent] = {}
        for name, intent in self._intents.intents.items():
            data_blocks: list[IntentData] = []
            for index, data in enumerate(intent.data):
                texts = [
                    text
                    for text, needs in zip(
                        data.sentence_texts, needs_by_block[(name, index)], strict=True
                    )
                    if _satisfied(needs, present)
                ]
                if len(texts) == len(data.sentence_texts):
                    data_blocks.append(data)
                elif texts:
                    data_blocks.append(replace(data, sentence_texts=texts))
            if data_blocks:
                intents[name] = Intent(name=name, data=data_blocks)
        return replace(self._intents, intents=intents)


def _template_patterns(intents: Intents) -> list[re.Pattern[str]] | None:
    """Hassil's compiled filter of every template; None when some block has none."""
    if not intents.settings.filter_with_regex:  # pragma: no cover
        return None
    patterns: list[re.Pattern[str]] = []
    for intent in intents.intents.values():
        for data in intent.data:
            if not data.settings.filter_with_regex:  # pragma: no cover
                return None
            rules = {**intents.expansion_rules, **data.expansion_rules}
            for sentence in data.sentences:
                sentence.compile(rules)
                if sentence.pattern is None:  # pragma: no cover
                    return None
                patterns.append(sentence.pattern)
    return patterns


def all_combinations() -> list[frozenset[str]]:
    """Every combination of gated lists, for warming up."""
    return [
        frozenset(chosen)
        for size in range(len(GATED) + 1)
        for chosen in combinations(GATED, size)
    ]


_DIGIT = re.compile(r"\d")
_WORD_BREAK = re.compile(r"[\s\-_]+")


class NumberSpotter:
    """Tells whether a text says a number, in digits or in words of its language.

    The words are those hassil itself matches range lists with (``unicode_rbnf``
    spellings of 0 to 100 and their halves).
    """

    def __init__(self, language: str, ignore_whitespace: bool = False) -> None:
        """Collect the number words of ``language``."""
        self._words: frozenset[str] | None = None
        if ignore_whitespace:
            # Words are not separated by spaces: cannot spot them, assume a number.
            return
        try:
            engine = RbnfEngine.for_language(language.split("-", 1)[0])
        except Exception as err:  # noqa: BLE001 - any failure means "do not filter"
            _LOGGER.debug("No number words for %s: %s", language, err)
            return
        words: set[str] = set()
        for tenths in range(0, 1001, 5):
            number: float = tenths // 10 if tenths % 10 == 0 else tenths / 10
            try:
                result = engine.format_number(number)
            except Exception:  # noqa: BLE001, S112 - a rule set that cannot say it
                continue
            for text in result.text_by_ruleset.values():
                words.update(_WORD_BREAK.split(text.casefold()))
        words.discard("")
        self._words = frozenset(words)

    def says_number(self, folded_text: str) -> bool:
        """Whether the (case-folded) text contains a number."""
        if self._words is None or _DIGIT.search(folded_text):
            return True
        return any(word in self._words for word in _WORD_BREAK.split(folded_text))
