"""Skip sentence templates that cannot match the text at hand.

hassil tries templates one by one with a (slow) matcher. Two cheap tests rule most of
them out before it does:

- **names**: most templates need an entity, area or floor name, and a request names few
  of those: a template that needs ``{area}`` cannot match a text that contains no area
  name. For every template we work out which of the ``name``/``area``/``floor`` lists
  (and numbers) it needs, as alternatives (``<area_floor>`` needs an area or a floor);
- **words**: the words it cannot match without (``literals.py``), which also serves the
  languages that switch hassil's own regular-expression filter off.

Each template becomes a block of its own, parsed once; a request's recogniser holds the
blocks that pass, in their order. Same results as hassil alone, a fraction of the work.
Any template whose structure we do not understand (a future hassil) needs nothing, so
the filter can only make recognition faster, never different.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations
import logging
import re
import threading
from typing import Any

from hassil.expression import ListReference, RuleReference
from hassil.intents import Intent, IntentData, Intents, RangeSlotList
from hassil.util import normalize_text, remove_punctuation, remove_skip_words
from unicode_rbnf import RbnfEngine

from .literals import Requirement, RulePruner, TextWords, required_words

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


@dataclass(frozen=True, slots=True)
class _Template:
    """One sentence template as a block of its own, with what it needs."""

    intent: str
    block: IntentData
    needs: Needs
    words: Requirement
    pattern: re.Pattern[str] | None
    rules: frozenset[str]


class GatedIntents:
    """One recogniser's templates, and for each text only those that can match it."""

    def __init__(self, intents: Intents) -> None:
        """Analyse ``intents`` (every template is parsed once, here)."""
        self._intents = intents
        self._lock = threading.Lock()
        self._variants: dict[frozenset[str], list[_Template]] = {}
        self._templates: list[_Template] | None = None
        self._pruner = RulePruner(intents.expansion_rules)
        try:
            self._templates = self._analyse()
        except (AttributeError, TypeError, ValueError) as err:  # pragma: no cover
            # A hassil whose templates we cannot read: recognise with everything.
            _LOGGER.debug("Template pre-filter disabled: %s", err)

    @property
    def all_intents(self) -> Intents:
        """The unfiltered recogniser."""
        return self._intents

    def _analyse(self) -> list[_Template]:
        templates: list[_Template] = []
        intents = self._intents
        for name, intent in intents.intents.items():
            for data in intent.data:
                rules = {**intents.expansion_rules, **data.expansion_rules}
                lists = {**intents.slot_lists, **data.slot_lists}
                range_lists = frozenset(
                    list_name
                    for list_name, slot_list in lists.items()
                    if isinstance(slot_list, RangeSlotList)
                )
                fixed_lists = {
                    list_name: slot_list
                    for list_name, slot_list in lists.items()
                    if list_name not in GATED_LISTS
                }
                regex = (
                    intents.settings.filter_with_regex
                    and data.settings.filter_with_regex
                )
                for text in data.sentence_texts:
                    block = replace(data, sentence_texts=[text])
                    (sentence,) = block.sentences
                    if regex:
                        sentence.compile(rules)
                    templates.append(
                        _Template(
                            intent=name,
                            block=block,
                            needs=template_needs(sentence, rules, range_lists),
                            words=()
                            if intents.settings.ignore_whitespace
                            else required_words(sentence, rules, fixed_lists),
                            pattern=sentence.pattern if regex else None,
                            rules=self._pruner.references(sentence),
                        )
                    )
        return templates

    def candidates(self, text: str, present: frozenset[str]) -> Intents | None:
        """A recogniser of only the templates that can match ``text``; None if none.

        ``present`` are the gated lists (names, areas, floors, a number) the text
        contains. A template is kept when the text has what it needs: those lists, the
        words it cannot match without and, where hassil filters with regular
        expressions, its expression. hassil, given the rest, tries exactly the templates
        it would have tried itself (those passing its expressions) in the same order, so
        the result is the same; only the work is smaller. When no template passes
        hassil's expressions it would try them all, which is the slowest way to say
        "no": None says it at once.
        """
        if self._templates is None:  # pragma: no cover
            return self._intents
        prepared = normalize_text(remove_punctuation(text)).strip()
        if self._intents.skip_words:
            prepared = remove_skip_words(
                prepared,
                self._intents.skip_words,
                self._intents.settings.ignore_whitespace,
            )
        words = TextWords(prepared)
        kept: dict[str, list[IntentData]] = {}
        rules: set[str] = set()
        for template in self._variant(present):
            if not words.satisfies(template.words):
                continue
            if template.pattern is not None and not template.pattern.match(prepared):
                continue
            kept.setdefault(template.intent, []).append(template.block)
            rules.update(template.rules)
        if not kept:
            return None
        return replace(
            self._intents,
            intents={name: Intent(name=name, data=data) for name, data in kept.items()},
            expansion_rules=self._pruner.rules_for(words, rules),
        )

    def _variant(self, present: frozenset[str]) -> list[_Template]:
        """The templates whose gated lists ``present`` provides."""
        templates = self._templates or []
        key = present & frozenset(GATED)
        with self._lock:
            variant = self._variants.get(key)
            if variant is None:
                variant = self._variants[key] = [
                    template
                    for template in templates
                    if _satisfied(template.needs, key)
                ]
            return variant

    def warm_up(self) -> None:
        """Select the templates of every combination of lists now, not on first use."""
        if self._templates is not None:
            for key in all_combinations():
                self._variant(key)


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
