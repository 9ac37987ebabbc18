"""The words a sentence template cannot match without.

hassil's string matcher matches every literal chunk of a template, and every value of a
fixed slot list, as consecutive text (ignoring case). So a template can only match a
text that contains each word of its required chunks: for ``Stelle [die ]Temperatur auf
<temperature>`` the text must contain "stelle", "temperatur" and "auf". Alternatives
require one of their words (``(an|ein)``), optional parts nothing.

A template's requirement is a conjunction of clauses, each a set of words one of which
must occur in the text (``{{"stelle"}, {"temperatur"}, {"auf"}, {"an", "ein"}}``).
Testing it is a handful of substring look-ups, far cheaper than the matcher, and it
is sound: it never drops a template that could match (a text is tested after the same
normalisation hassil applies, and with "-"/"_" read as spaces, as the matcher retries).
This is what makes languages whose sentences are too intricate for hassil's own regular
expression filter (German and Dutch switch it off) fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

type Clause = frozenset[str]
type Requirement = tuple[Clause, ...]

_NONE: Requirement = ()
_MAX_DEPTH = 40
_BREAK_WORDS = str.maketrans("-_", "  ")


def required_words(
    expression: Any,
    rules: Mapping[str, Any],
    fixed_lists: Mapping[str, Any],
    depth: int = 0,
) -> Requirement:
    """The clauses of words ``expression`` needs (see the module doc).

    ``fixed_lists`` are the text slot lists whose values are known in advance (not the
    names of the home, given per request); a reference to one needs one of its values.
    Reads hassil 2 and hassil 3 templates; anything unknown needs nothing.
    """
    if depth > _MAX_DEPTH:
        return _NONE
    name = type(expression).__name__
    if name == "TextChunk":
        return tuple(frozenset({word}) for word in _words(expression.text))
    if name == "RuleReference":
        body = rules.get(expression.rule_name)
        return (
            _NONE
            if body is None
            else required_words(body, rules, fixed_lists, depth + 1)
        )
    if name == "ListReference":
        return _list_words(fixed_lists.get(expression.list_name), rules, depth)
    items = getattr(expression, "items", None)
    if items is None:
        inner = getattr(expression, "expression", None)
        return (
            _NONE
            if inner is None
            else required_words(inner, rules, fixed_lists, depth + 1)
        )
    children = [required_words(item, rules, fixed_lists, depth + 1) for item in items]
    if _is_alternative(expression):
        return _either(children)
    return tuple(dict.fromkeys(clause for child in children for clause in child))


def _list_words(slot_list: Any, rules: Mapping[str, Any], depth: int) -> Requirement:
    """One of the values of a fixed text list; nothing for other lists."""
    values = getattr(slot_list, "values", None)
    if type(slot_list).__name__ != "TextSlotList" or not values:
        return _NONE
    return _either(
        [required_words(value.text_in, rules, {}, depth + 1) for value in values]
    )


def _either(children: list[Requirement]) -> Requirement:
    """What one of several alternatives needs: one clause joining one of each."""
    if not children or any(not child for child in children):
        return _NONE
    return (frozenset().union(*(_sharpest(child) for child in children)),)


def _sharpest(requirement: Requirement) -> Clause:
    """The clause that rules out most texts: fewest alternatives, longest words."""
    return min(
        requirement,
        key=lambda clause: (len(clause), -min(len(word) for word in clause)),
    )


def _is_alternative(expression: Any) -> bool:
    kind = getattr(expression, "type", None)
    if kind is not None:
        return str(getattr(kind, "value", kind)) == "alternative"
    return type(expression).__name__ == "Alternative"


def _words(text: str) -> list[str]:
    return text.lower().split()


class TextWords:
    """A prepared text that answers "does it contain this clause?", with a memo."""

    def __init__(self, text: str) -> None:
        """Prepare ``text`` (already normalised as hassil normalises it)."""
        lowered = text.lower()
        self._texts = (lowered, lowered.translate(_BREAK_WORDS))
        self._memo: dict[Clause, bool] = {}

    def satisfies(self, requirement: Iterable[Clause]) -> bool:
        """Whether every clause has a word in the text."""
        for clause in requirement:
            found = self._memo.get(clause)
            if found is None:
                found = self._memo[clause] = any(
                    word in text for word in clause for text in self._texts
                )
            if not found:
                return False
        return True


class RulePruner:
    """Expansion rules without the alternatives a text cannot match.

    ``<machen>`` offers dozens of verbs; a text says one. hassil tries each alternative
    at every step, so a template built of such rules costs as much as all their
    combinations. Per text, rules are handed to hassil with the alternatives that need
    a word the text lacks dropped: the same matches, found without the dead ends. An
    alternative left with no branch matches nothing, at once.
    """

    def __init__(self, rules: Mapping[str, Any]) -> None:
        """Prune ``rules`` (hassil 2 or 3 ``Sentence`` objects, by name)."""
        self._rules = dict(rules)
        self._requirements: dict[int, Requirement] = {}
        self._references: dict[str, frozenset[str]] = {}

    def rules_for(self, words: TextWords, names: Iterable[str]) -> dict[str, Any]:
        """All rules, those named (and what they refer to) pruned for ``words``."""
        pruned = dict(self._rules)
        for name in self._reachable(names):
            pruned[name] = self._prune(self._rules[name], words)
        return pruned

    def references(self, expression: Any) -> frozenset[str]:
        """The rules ``expression`` refers to, directly or through other rules."""
        found: set[str] = set()
        pending = list(_rule_names(expression))
        while pending:
            name = pending.pop()
            if name in found or name not in self._rules:
                continue
            found.add(name)
            if name not in self._references:
                self._references[name] = frozenset(_rule_names(self._rules[name]))
            pending.extend(self._references[name])
        return frozenset(found)

    def _reachable(self, names: Iterable[str]) -> set[str]:
        return {name for name in names if name in self._rules}

    def _prune(self, expression: Any, words: TextWords) -> Any:
        items = getattr(expression, "items", None)
        if items is None:
            inner = getattr(expression, "expression", None)
            if inner is None:
                return expression
            pruned_inner = self._prune(inner, words)
            if pruned_inner is inner:
                return expression
            return replace(expression, expression=pruned_inner)
        kept = items
        if _is_alternative(expression):
            kept = [item for item in items if words.satisfies(self._requirement(item))]
        pruned = [self._prune(item, words) for item in kept]
        if len(pruned) == len(items) and all(
            new is old for new, old in zip(pruned, items, strict=True)
        ):
            return expression
        return replace(expression, items=pruned)

    def _requirement(self, expression: Any) -> Requirement:
        key = id(expression)
        found = self._requirements.get(key)
        if found is None:
            found = self._requirements[key] = required_words(
                expression, self._rules, {}
            )
        return found


def _rule_names(expression: Any, depth: int = 0) -> Iterable[str]:
    if depth > _MAX_DEPTH:
        return
    if type(expression).__name__ == "RuleReference":
        yield expression.rule_name
        return
    items = getattr(expression, "items", None)
    if items is None:
        inner = getattr(expression, "expression", None)
        if inner is not None:
            yield from _rule_names(inner, depth + 1)
        return
    for item in items:
        yield from _rule_names(item, depth + 1)
