"""Hostile and random input: always a clean TaskSpec, never an exception."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.intake.translator import MAX_TEXT_LENGTH
from custom_components.orchestration.core.models import (
    ContextSnapshot,
    GoalType,
    PrivacyClass,
    TaskSpec,
)

from .homes import NOW, home

HOME = home("en")
TRANSLATOR = IntentTranslator()


def _translate(text: str, language: str = "en", **kwargs: object) -> TaskSpec:
    return TRANSLATOR.translate(
        text,
        language=language,
        snapshot=HOME,
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def _assert_clean(spec: TaskSpec) -> None:
    """A TaskSpec that survives its JSON form and has sane values."""
    assert TaskSpec.from_dict(spec.as_dict()) == spec
    assert 0.0 <= spec.confidence <= 1.0
    assert isinstance(spec.privacy_class, PrivacyClass)
    assert all(isinstance(goal.type, GoalType) for goal in spec.goals)
    assert all(len(item) < 300 for item in spec.unresolved)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u200b\u200b", "\x00\x01"])
def test_empty(text: str) -> None:
    """Nothing said: nothing to do, and it says so."""
    spec = _translate(text)
    _assert_clean(spec)
    assert spec.goals == []
    assert spec.unresolved == ["The request is empty: there is nothing to do."]
    assert spec.confidence == 0.0


def test_ten_thousand_characters() -> None:
    """A huge request is refused without being interpreted."""
    spec = _translate("turn on the kitchen lights " * 400)
    _assert_clean(spec)
    assert spec.goals == []
    assert "too long" in spec.unresolved[0]
    assert str(MAX_TEXT_LENGTH) in spec.unresolved[0]


@pytest.mark.parametrize("text", ["🔥🔥🔥", "🏠💡➡️🌙", "👍" * 400])
def test_emoji_only(text: str) -> None:
    """Emoji are not understood, and the message quotes them shortened."""
    spec = _translate(text)
    _assert_clean(spec)
    assert spec.goals == []
    assert spec.unresolved[0].endswith("was not understood.")


@pytest.mark.parametrize("language", ["xx", "klingon", "", "-", "zz-ZZ"])
def test_unknown_language(language: str) -> None:
    """A language without sentence data is reported, not guessed."""
    spec = _translate("turn on the kitchen lights", language=language)
    _assert_clean(spec)
    assert spec.goals == []
    assert spec.unresolved == [f"The language “{language}” is not supported."]


@pytest.mark.parametrize(
    "text",
    [
        "{{ states('lock.front_door') }}",
        "{% for entity in states %}unlock{% endfor %}",
        "<script>alert(1)</script>",
        "{name} <area> [on|off]",
        "turn on {name}",
        "'; DROP TABLE plans; --",
        "${jndi:ldap://example.com/a}",
    ],
)
def test_injection_is_not_understood(text: str) -> None:
    """Template and markup syntax is text like any other: not a command."""
    spec = _translate(text)
    _assert_clean(spec)
    assert spec.goals == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "notify me that {{ states('lock.front_door') }} <b>now</b>",
            "{{ states('lock.front_door') }} <b>now</b>",
        ),
        ("notify me that {{ }}", "{{ }}"),
        ("send a notification saying {{ 6*7 }}", "{{ 6*7 }}"),
        ("broadcast {# note #}hello", "{# note #}hello"),
    ],
)
def test_messages_keep_what_was_said(text: str, message: str) -> None:
    """A message is data: its template and markup syntax stays, nothing is lost.

    The handover passes it literally (``core.literal``), so it is never rendered;
    a word glued to markup ("#}hello") is part of the message, not a greeting.
    """
    spec = _translate(text)
    assert [goal.params["message"] for goal in spec.goals] == [message]


def test_too_many_steps() -> None:
    """Beyond the clause limit the rest is reported, and nothing is done: all or none."""
    spec = _translate(" and ".join(["lock the front door"] * 12))
    _assert_clean(spec)
    assert spec.goals == []
    assert spec.unresolved[0].startswith("Too many steps")
    assert spec.unresolved[-1].startswith("Nothing was done")


def test_unknown_context_area_and_time_zone() -> None:
    """Unknown hints are ignored: an unknown zone is UTC, an unknown area no area."""
    snapshot = ContextSnapshot(
        now=NOW, time_zone="Mars/Olympus", areas=HOME.areas, entities=HOME.entities
    )
    spec = TRANSLATOR.translate(
        "run the dishwasher before 7am",
        language="en",
        snapshot=snapshot,
        now=NOW,
        context_area_id="nowhere",
    )
    assert spec.constraints[0].fields == {"before": "2026-01-13T07:00:00+00:00"}


def test_not_a_string() -> None:
    """A caller passing something other than text gets an empty request back."""
    spec = _translate(None)  # type: ignore[arg-type]
    _assert_clean(spec)
    assert spec.unresolved == ["The request is empty: there is nothing to do."]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    text=st.text(max_size=300),
    language=st.sampled_from(["en", "de", "fr", "xx"]),
    hour=st.integers(min_value=0, max_value=23),
)
def test_random_text(text: str, language: str, hour: int) -> None:
    """Any text in any language at any hour gives a clean TaskSpec."""
    now = datetime(2026, 3, 29, hour, 30, tzinfo=UTC)  # a DST change in Berlin
    spec = TRANSLATOR.translate(text, language=language, snapshot=HOME, now=now)
    _assert_clean(spec)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "turn",
                "on",
                "off",
                "the",
                "kitchen",
                "lights",
                "and",
                "then",
                "before",
                "after",
                "7am",
                "midnight",
                "between",
                "1",
                "5",
                "degrees",
                "run",
                "dishwasher",
                "under",
                "50",
                "cents",
                "tonight",
                "tomorrow",
                "at",
                "in",
                "2",
                "hours",
                "lock",
                "front",
                "door",
                ",",
                "notify",
                "me",
                "that",
                "{{",
                "}}",
                "lamp",
                "%",
                "quietly",
                "when",
                "cheapest",
            ]
        ),
        max_size=30,
    )
)
def test_random_commands(words: list[str]) -> None:
    """Shuffled command words, times and markup give a clean TaskSpec."""
    _assert_clean(_translate(" ".join(words)))
