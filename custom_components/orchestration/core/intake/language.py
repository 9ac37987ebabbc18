"""Sentence data per language: Home Assistant's intents plus our own templates.

Home Assistant's sentences (``home_assistant_intents``) are merged with the templates in
``sentences/<language>.yaml`` exactly as the default conversation agent merges custom
sentences, then split into three recognisers tried in turn: device commands, goal-level
intents of our own, and state questions. Splitting keeps the common case (a device
command) fast, because hassil matches every template of a recogniser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
import logging
from pathlib import Path
import re
from typing import Any

from hassil.intents import Intents
from hassil.util import merge_dict
from home_assistant_intents import get_intents, get_languages
import yaml

from .constraints import ConstraintGrammar
from .goals import appliance_words
from .lexicon import Lexicon, load_lexicon
from .prefilter import GatedIntents, NumberSpotter

_LOGGER = logging.getLogger(__name__)

SENTENCES_DIR = Path(__file__).parent / "sentences"

# Assist intents that command a device (DESIGN §5).
DEVICE_INTENTS = frozenset(
    {
        "HassTurnOn",
        "HassTurnOff",
        "HassLightSet",
        "HassClimateSetTemperature",
        "HassSetPosition",
        "HassSetVolume",
        "HassMediaPause",
        "HassMediaUnpause",
        "HassMediaNext",
        "HassMediaPrevious",
        "HassVacuumStart",
        "HassVacuumReturnToBase",
    }
)
# Assist intents that ask about the home; they become ``query_state`` or ``notify``.
QUERY_INTENTS = frozenset(
    {"HassGetState", "HassClimateGetTemperature", "HassBroadcast"}
)
# Our own goal-level intents are named with this prefix in the sentence files.
GOAL_INTENT_PREFIX = "Orchestration"


@dataclass(slots=True)
class LanguageData:
    """Everything needed to understand one language."""

    language: str
    device: GatedIntents
    queries: GatedIntents | None
    goals: GatedIntents | None
    numbers: NumberSpotter
    grammar: ConstraintGrammar
    separators: re.Pattern[str] | None = None
    appliance_words: dict[str, list[str]] = field(default_factory=dict)
    appliance_domains: tuple[str, ...] = ()
    fillers: frozenset[str] = frozenset()
    # Words of the interpretation layer behind the exact grammar (None: exact only).
    lexicon: Lexicon | None = None


@cache
def supported_languages() -> list[str]:
    """Languages Home Assistant ships sentences for."""
    return sorted(get_languages())


def match_language(language: str) -> str | None:
    """The supported language variant for a requested language tag, if any.

    ``en-US`` finds ``en``, ``de-CH`` finds ``de-CH``, ``pt`` finds ``pt`` or ``pt-BR``.
    """
    wanted = language.strip().replace("_", "-")
    if not wanted:
        return None
    by_folded = {code.casefold(): code for code in supported_languages()}
    if (exact := by_folded.get(wanted.casefold())) is not None:
        return exact
    base = wanted.split("-", 1)[0].casefold()
    if (plain := by_folded.get(base)) is not None:
        return plain
    return next(
        (code for folded, code in by_folded.items() if folded.startswith(f"{base}-")),
        None,
    )


def _load_own_sentences(language: str) -> dict[str, Any]:
    """Our template file for a language (or its base language); empty when none."""
    for code in (language, language.split("-", 1)[0]):
        path = SENTENCES_DIR / f"{code}.yaml"
        if path.is_file():
            with path.open(encoding="utf-8") as file:
                data = yaml.safe_load(file)
            return data if isinstance(data, dict) else {}
    return {}


def _subset(base: dict[str, Any], intent_names: set[str]) -> dict[str, Any] | None:
    """A copy of ``base`` holding only the named intents; None when none is left."""
    intents = {
        name: data
        for name, data in base.get("intents", {}).items()
        if name in intent_names
    }
    if not intents:
        return None
    return {**base, "intents": intents}


def load_language(language: str) -> LanguageData | None:
    """Load and compile the sentence data of a supported language variant."""
    merged = get_intents(language)
    if not merged:
        return None
    own = _load_own_sentences(language)
    rules = own.pop("orchestration", None) or {}
    own_lists = dict(own.get("lists") or {})
    merge_dict(merged, own)  # type: ignore[no-untyped-call]
    names = set(merged.get("intents", {}))
    device = _subset(merged, names & DEVICE_INTENTS)
    if device is None:
        _LOGGER.warning("No device intents for language %s", language)
        return None
    queries = _subset(merged, names & QUERY_INTENTS)
    goals = _subset(
        merged, {name for name in names if name.startswith(GOAL_INTENT_PREFIX)}
    )
    device_intents = Intents.from_dict(device)
    return LanguageData(
        language=language,
        device=GatedIntents(device_intents),
        queries=None if queries is None else GatedIntents(Intents.from_dict(queries)),
        goals=None if goals is None else GatedIntents(Intents.from_dict(goals)),
        numbers=NumberSpotter(language, device_intents.settings.ignore_whitespace),
        grammar=ConstraintGrammar(rules),
        separators=_separators(rules.get("clause_separators") or []),
        appliance_words=appliance_words(own_lists),
        appliance_domains=tuple(rules.get("appliance_domains") or ()),
        fillers=frozenset(str(word).casefold() for word in rules.get("fillers") or ()),
        lexicon=load_lexicon(language),
    )


def _separators(words: list[str]) -> re.Pattern[str] | None:
    """Where a request splits into clauses: "and then", "then", "and", commas."""
    if not words:
        return None
    ordered = sorted({str(word).casefold() for word in words}, key=len, reverse=True)
    alternatives = "|".join(
        re.escape(word) if not word[0].isalnum() else rf"(?<!\w){re.escape(word)}(?!\w)"
        for word in ordered
    )
    return re.compile(rf"\s*(?:(?:{alternatives})\s*)+", re.IGNORECASE)
