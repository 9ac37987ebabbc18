"""Text to TaskSpec: the front door of the pipeline."""

from __future__ import annotations

from datetime import datetime
import logging
import threading
import unicodedata

from ..models import ContextSnapshot, TaskSpec, TriggerType
from .device import Resolution, TargetResolver, resolve
from .language import LanguageData, load_language, match_language, supported_languages
from .prefilter import NUMBER
from .recognizer import recognize
from .vocabulary import Fingerprint, HomeVocabulary, fold, home_fingerprint

_LOGGER = logging.getLogger(__name__)

# Longer requests are refused before recognition: hassil's cost grows with the text and
# nobody speaks a thousand characters to a home.
MAX_TEXT_LENGTH = 1000

CONFIDENCE_DEVICE = 0.95


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

    def supported_languages(self) -> list[str]:
        """Languages whose device commands are understood."""
        return supported_languages()

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
            spec.unresolved.append("empty request: nothing to do")
            return spec
        if len(cleaned) > MAX_TEXT_LENGTH:
            spec.unresolved.append(
                f"request too long ({len(cleaned)} characters, at most "
                f"{MAX_TEXT_LENGTH}): not interpreted"
            )
            return spec
        variant = match_language(str(language))
        data = None if variant is None else self._language_data(variant)
        if data is None:
            spec.unresolved.append(f"language '{language}' is not supported")
            return spec
        vocabulary = self._home_vocabulary(snapshot)
        area = snapshot.areas.get(context_area_id or "")
        resolver = TargetResolver(
            snapshot=snapshot,
            vocabulary=vocabulary,
            context_area_id=area.area_id if area else None,
        )
        resolution = self._understand(
            cleaned,
            data,
            vocabulary,
            resolver,
            None if area is None else (area.area_id, area.name),
        )
        if resolution is None:
            spec.unresolved.append(f"not understood: '{cleaned}'")
            return spec
        spec.unresolved.extend(resolution.unresolved)
        if resolution.goal is not None:
            spec.goals.append(resolution.goal)
            spec.confidence = CONFIDENCE_DEVICE
        return spec

    def _understand(
        self,
        text: str,
        data: LanguageData,
        vocabulary: HomeVocabulary,
        resolver: TargetResolver,
        area: tuple[str, str] | None,
    ) -> Resolution | None:
        """The goal one clause asks for, None when no template matches."""
        slot_lists, present = vocabulary.slot_lists(text)
        if data.numbers.says_number(fold(text)):
            present |= {NUMBER}
        match = recognize(
            text,
            data.device.for_lists(present),
            slot_lists=slot_lists,
            area=area,
            language=data.language,
        )
        if match is None:
            return None
        return resolve(match, resolver)

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
            return self._vocabulary[1]


def _clean(text: str) -> str:
    """Text with control and format characters dropped and whitespace collapsed."""
    kept = "".join(
        " " if unicodedata.category(char)[0] in "CZ" else char for char in text
    )
    return " ".join(kept.split())
