"""Orchestration sentences for Assist: loading and classifying them.

Pure Python (hassil and PyYAML only, no Home Assistant). Each ``<language>.yaml`` beside
this module holds the sentence templates of one language, grouped by command kind, plus
the spoken responses and refusals of that language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hassil.intents import Intents
from hassil.recognize import recognize_all
import yaml

if TYPE_CHECKING:
    from collections.abc import Mapping

SENTENCES_DIR = Path(__file__).parent

# Wildcard slots the templates may use; they capture free text. Only ``intent`` means
# something: the part of the sentence that is the request itself.
INTENT_SLOT = "intent"
WILDCARDS = (INTENT_SLOT, "request", "details", "time")


class CommandKind(StrEnum):
    """What an orchestration sentence asks for, most specific first."""

    ACCEPT_SUGGESTION = "accept_suggestion"
    DISMISS_SUGGESTION = "dismiss_suggestion"
    SNOOZE_SUGGESTION = "snooze_suggestion"
    SUGGESTIONS = "suggestions"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    PREVIEW = "preview"
    PLAN = "plan"


# When a sentence fits several kinds ("what would happen if I run the dishwasher when
# power is cheapest" is a preview and a plan), the earlier kind wins.
_PRIORITY: list[CommandKind] = list(CommandKind)


@dataclass(frozen=True, slots=True)
class LanguageSentences:
    """Templates, responses and refusals of one language."""

    language: str
    sentences: Mapping[CommandKind, list[str]]
    responses: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    subjects: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LanguageSentences:
        """Build from the parsed YAML of one sentence file."""
        return cls(
            language=str(data["language"]),
            sentences={
                CommandKind(kind): [str(template) for template in templates]
                for kind, templates in data["sentences"].items()
            },
            responses={str(k): str(v) for k, v in data.get("responses", {}).items()},
            errors={str(k): str(v) for k, v in data.get("errors", {}).items()},
            subjects=tuple(str(word).lower() for word in data.get("subjects", [])),
        )

    def all_templates(self) -> list[str]:
        """Every template of this language, in kind order."""
        return [
            template for kind in _PRIORITY for template in self.sentences.get(kind, [])
        ]


@dataclass(frozen=True, slots=True)
class Command:
    """A recognised orchestration sentence."""

    kind: CommandKind
    language: str
    text: str
    intent: str | None = None
    """The request itself when the sentence wraps it ("make a plan to …", "what
    would happen if …"); None when the whole sentence is the request."""


def load_sentences(directory: Path = SENTENCES_DIR) -> dict[str, LanguageSentences]:
    """Read every ``*.yaml`` sentence file of ``directory`` (blocking I/O)."""
    languages: dict[str, LanguageSentences] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as file:
            sentences = LanguageSentences.from_dict(yaml.safe_load(file))
        languages[sentences.language] = sentences
    return languages


def primary_language(language: str | None) -> str | None:
    """``de-CH`` -> ``de``; None stays None."""
    if not language:
        return None
    return language.replace("_", "-").split("-", 1)[0].lower()


class SentenceMatcher:
    """Classifies a sentence as one orchestration command, in any loaded language."""

    def __init__(self, languages: Mapping[str, LanguageSentences]) -> None:
        """Compile the templates of every language."""
        self.languages = dict(languages)
        wildcard_lists = {name: {"wildcard": True} for name in WILDCARDS}
        self._intents = {
            language: Intents.from_dict(
                {
                    "language": language,
                    "intents": {
                        kind.value: {"data": [{"sentences": templates}]}
                        for kind, templates in sentences.sentences.items()
                        if templates
                    },
                    "lists": wildcard_lists,
                }
            )
            for language, sentences in self.languages.items()
        }

    def all_templates(self) -> list[str]:
        """Every template of every language: what the conversation agent listens for."""
        return [
            template
            for sentences in self.languages.values()
            for template in sentences.all_templates()
        ]

    def match(self, text: str, preferred_language: str | None = None) -> Command | None:
        """Return the command ``text`` asks for, trying ``preferred_language`` first."""
        preferred = primary_language(preferred_language)
        order = sorted(self._intents, key=lambda language: language != preferred)
        for language in order:
            if (command := self._match_language(text, language)) is not None:
                return command
        return None

    def _match_language(self, text: str, language: str) -> Command | None:
        best_rank: int | None = None
        intent: str | None = None
        for result in recognize_all(text, self._intents[language]):
            rank = _PRIORITY.index(CommandKind(result.intent.name))
            if best_rank is not None and best_rank <= rank:
                continue
            best_rank = rank
            entity = result.entities.get(INTENT_SLOT)
            intent = None if entity is None else str(entity.value).strip()
        if best_rank is None:
            return None
        if intent:
            intent = self._strip_subject(intent, self.languages[language].subjects)
        return Command(
            kind=_PRIORITY[best_rank], language=language, text=text, intent=intent
        )

    @staticmethod
    def _strip_subject(request: str, subjects: tuple[str, ...]) -> str:
        """Drop a leading subject word, as in "I unlock the door"."""
        first, _, rest = request.partition(" ")
        if rest and first.lower() in subjects:
            return rest
        return request
