"""The catalogue: one table of templates per language, and how a message is rendered.

A message is found by a dotted key (``reasons.unavailable``) in the table of a
language, ``<language>.yaml`` beside this module. Its value is a template with
``{name}`` placeholders, or a mapping of plural forms (``one``, ``other``) chosen by
the message's ``count``. Placeholders are filled with figures; a figure that reads
differently in each language (an amount of money, a duration, a word from the
catalogue, another message) is an object with a ``render(language)`` method, so one
message can be rendered again in another language.

The tables are read once, when this module is imported: Home Assistant imports an
integration in its import executor, never in the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import string
from typing import Any, Final, Protocol, Self, runtime_checkable

import yaml

#: A template, or its plural forms by name (``one``, ``other``).
type Template = str | dict[str, str]

FALLBACK_LANGUAGE: Final = "en"
PLURAL_FORMS: Final = ("one", "other")

_DIRECTORY: Final = Path(__file__).parent


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Template]:
    """Dotted keys for the nested sections of a table; plural forms stay together."""
    flat: dict[str, Template] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and set(value) <= set(PLURAL_FORMS) and value:
            flat[key] = {form: str(text) for form, text in value.items()}
        elif isinstance(value, dict):
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[key] = str(value)
    return flat


def load_tables(directory: Path = _DIRECTORY) -> dict[str, dict[str, Template]]:
    """Every language's table in ``directory``, by language code."""
    tables: dict[str, dict[str, Template]] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as file:
            tables[path.stem] = _flatten(yaml.safe_load(file) or {})
    return tables


_TABLES: Final = load_tables()

#: The languages the catalogue speaks, English first.
LANGUAGES: Final = (
    FALLBACK_LANGUAGE,
    *sorted(language for language in _TABLES if language != FALLBACK_LANGUAGE),
)


def language_of(language: str | None) -> str:
    """The catalogue language for ``language`` (``de-AT`` → ``de``), else English."""
    base = (language or "").replace("_", "-").partition("-")[0].lower()
    return base if base in _TABLES else FALLBACK_LANGUAGE


def all_keys() -> list[str]:
    """Every key of the catalogue (of its English table)."""
    return sorted(_TABLES[FALLBACK_LANGUAGE])


def template(key: str, language: str) -> Template:
    """The template of ``key`` in ``language``; KeyError when there is none."""
    return _TABLES[language_of(language)][key]


def has(key: str) -> bool:
    """Whether the catalogue has ``key``."""
    return key in _TABLES[FALLBACK_LANGUAGE]


def placeholders(value: Template) -> set[str]:
    """The placeholder names of a template (of all its plural forms)."""
    forms = value.values() if isinstance(value, dict) else [value]
    return {
        field
        for form in forms
        for _, field, _, _ in string.Formatter().parse(form)
        if field
    }


@runtime_checkable
class Localizable(Protocol):
    """A figure or text that reads differently in each language."""

    def render(self, language: str) -> str:
        """The text in ``language``."""


#: Called with every key rendered and its arguments (the tests listen here).
_listeners: list[Any] = []


def number(value: float, language: str, decimals: int = 2) -> str:
    """At most ``decimals`` decimals, no trailing zeros: ``21``, ``19.5`` (``19,5``)."""
    shown = f"{float(value):.{decimals}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    if shown == "-0":
        shown = "0"
    return shown.replace(".", ",") if language_of(language) == "de" else shown


def _argument(value: Any, language: str) -> Any:
    if isinstance(value, Localizable):
        return value.render(language)
    if isinstance(value, float):
        return number(value, language)
    return value


def text(key: str, language: str = FALLBACK_LANGUAGE, /, **args: Any) -> str:
    """Render the message ``key`` in ``language`` with ``args`` filled in.

    A missing argument is a KeyError: every placeholder must be filled.
    """
    found = template(key, language)
    if isinstance(found, dict):
        found = found["one" if args.get("count") == 1 else "other"]
    for listener in _listeners:
        listener(key, language_of(language), args)
    return found.format(**{name: _argument(v, language) for name, v in args.items()})


class Reason(str):
    """A message that is its text in one language and can be rendered in any other.

    The pipeline reports Reasons where it reports text (notes, unresolved points,
    policy reasons, history): they read as plain text in the language they were made
    for, serialise as that text, and the explainer renders them again in the
    reader's language.
    """

    key: str
    args: dict[str, Any]
    language: str

    def __new__(cls, key: str, /, **args: Any) -> Self:
        """The message ``key`` with its figures, in English."""
        return cls._make(key, args, FALLBACK_LANGUAGE)

    @classmethod
    def _make(cls, key: str, args: dict[str, Any], language: str) -> Self:
        value = super().__new__(cls, text(key, language, **args))
        value.key = key
        value.args = args
        value.language = language_of(language)
        return value

    def render(self, language: str) -> str:
        """The message in ``language``."""
        return text(self.key, language, **self.args)

    def localized(self, language: str) -> Reason:
        """The same message, reading in ``language``."""
        if language_of(language) == self.language:
            return self
        return Reason._make(self.key, self.args, language)

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any], str]]:
        """Copy and pickle as key, figures and language, not as the text."""
        return _reason, (self.key, self.args, self.language)


def _reason(key: str, args: dict[str, Any], language: str) -> Reason:
    return Reason._make(key, args, language)


def render(value: str, language: str) -> str:
    """``value`` in ``language`` when it is a message, else as it is."""
    return value.render(language) if isinstance(value, Reason) else str(value)


def localized[T: str](value: T, language: str) -> T | Reason:
    """``value`` reading in ``language`` when it is a message, else as it is."""
    return value.localized(language) if isinstance(value, Reason) else value


def localize_all(values: list[str], language: str) -> list[str]:
    """Every message of ``values`` reading in ``language``; other text as it is."""
    return [localized(value, language) for value in values]


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase of the catalogue, e.g. ``Term("tiers.trusted")``."""

    key: str

    def render(self, language: str) -> str:
        """The phrase in ``language``."""
        return text(self.key, language)


@dataclass(frozen=True, slots=True)
class Message:
    """A message used as a figure of another, rendered in the same language."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **args: Any) -> Message:
        """The message ``key`` with ``args``."""
        return cls(key, tuple(args.items()))

    def render(self, language: str) -> str:
        """The message in ``language``."""
        return text(self.key, language, **dict(self.args))


@dataclass(frozen=True, slots=True)
class Listing:
    """Items read as a list: ``A``, ``A and B``, ``A, B and C`` (``und``)."""

    items: tuple[Any, ...]
    joiner: str = "words.and"

    def render(self, language: str) -> str:
        """The items in ``language``."""
        shown = [str(_argument(item, language)) for item in self.items]
        if len(shown) <= 1:
            return "".join(shown)
        last = text(self.joiner, language)
        return f"{', '.join(shown[:-1])} {last} {shown[-1]}"
