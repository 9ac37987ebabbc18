"""Corners of the intake: constraints at the edges, appliances, people, templates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from hassil.expression import ListReference, RuleReference
import pytest

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.intake.goals import appliance_words
from custom_components.orchestration.core.intake.language import load_language
from custom_components.orchestration.core.intake.prefilter import NUMBER, template_needs
from custom_components.orchestration.core.models import (
    ContextSnapshot,
    EntityInfo,
    GoalType,
    PrivacyClass,
    TaskSpec,
)

from .homes import NOW, home

HOME = home("en")


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module."""
    return IntentTranslator()


def _translate(
    translator: IntentTranslator,
    text: str,
    snapshot: ContextSnapshot = HOME,
    language: str = "en",
) -> TaskSpec:
    return translator.translate(text, language=language, snapshot=snapshot, now=NOW)


@pytest.mark.parametrize(
    ("text", "constraints"),
    [
        (
            "run the dishwasher at 12am",
            [{"type": "not_before", "after": "2026-01-13T00:00:00+01:00"}],
        ),
        (
            "run the dishwasher at 12pm",
            [{"type": "not_before", "after": "2026-01-13T12:00:00+01:00"}],
        ),
        (
            "run the dishwasher before 24:00",
            [{"type": "deadline", "before": "2026-01-13T00:00:00+01:00"}],
        ),
        (
            "run the dishwasher at noon",
            [{"type": "not_before", "after": "2026-01-13T12:00:00+01:00"}],
        ),
        (
            "run the dishwasher today at 9pm",
            [{"type": "not_before", "after": "2026-01-12T21:00:00+01:00"}],
        ),
        (
            "run the dishwasher in half an hour",
            [{"type": "not_before", "after": "2026-01-12T15:00:00+01:00"}],
        ),
        (
            "run the dishwasher in two hours",
            [{"type": "not_before", "after": "2026-01-12T16:30:00+01:00"}],
        ),
        (
            "run the dishwasher for under 80 pence",
            [{"type": "budget", "max_cost": 0.8, "currency": "GBP"}],
        ),
        (
            "run the dishwasher max €1.50",
            [{"type": "budget", "max_cost": 1.5, "currency": "EUR"}],
        ),
    ],
)
def test_constraint_edges(
    translator: IntentTranslator, text: str, constraints: list[dict[str, Any]]
) -> None:
    """Midnight and noon, 24:00, said days, number words, pence, currency symbols."""
    spec = _translate(translator, text)
    assert [goal.type for goal in spec.goals] == [GoalType.RUN_APPLIANCE]
    assert [item.as_dict() for item in spec.constraints] == constraints


@pytest.mark.parametrize(
    ("text", "constraints"),
    [
        (
            "run the dishwasher before 8 tomorrow morning",
            [{"type": "deadline", "before": "2026-01-13T08:00:00+01:00"}],
        ),
        (
            "run the dishwasher tomorrow morning before 8",
            [{"type": "deadline", "before": "2026-01-13T08:00:00+01:00"}],
        ),
        (
            "run the dishwasher before 11 tonight",
            [{"type": "deadline", "before": "2026-01-12T23:00:00+01:00"}],
        ),
        (
            "run the dishwasher after 2 tonight",
            [{"type": "not_before", "after": "2026-01-13T02:00:00+01:00"}],
        ),
        (
            "run the dishwasher before 12 tonight",
            [{"type": "deadline", "before": "2026-01-13T00:00:00+01:00"}],
        ),
        (
            "run the dishwasher tomorrow morning",
            [
                {
                    "type": "time_window",
                    "start": "2026-01-13T06:00:00+01:00",
                    "end": "2026-01-13T12:00:00+01:00",
                }
            ],
        ),
    ],
)
def test_a_day_part_next_to_a_time_places_it(
    translator: IntentTranslator, text: str, constraints: list[dict[str, Any]]
) -> None:
    """ "Before 8 tomorrow morning" is 08:00 tomorrow, not also a morning window."""
    spec = _translate(translator, text)
    assert [goal.type for goal in spec.goals] == [GoalType.RUN_APPLIANCE]
    assert [item.as_dict() for item in spec.constraints] == constraints


@pytest.mark.parametrize(
    "text",
    ["run the dishwasher before 25", "run the dishwasher between 25 and 30"],
)
def test_impossible_times_are_not_constraints(
    translator: IntentTranslator, text: str
) -> None:
    """An hour that does not exist is not turned into a time."""
    spec = _translate(translator, text)
    assert spec.constraints == []
    assert spec.goals == []
    assert spec.unresolved


def test_tariff_currency_for_cents(translator: IntentTranslator) -> None:
    """Cents are in the currency of the home's tariff."""
    from custom_components.orchestration.core.models import Tariff

    snapshot = replace(HOME, tariff=Tariff(source="test", currency="EUR"))
    spec = _translate(translator, "charge the car for under 40 cents", snapshot)
    assert spec.constraints[0].fields == {"max_cost": 0.4, "currency": "EUR"}


def test_appliance_in_area(translator: IntentTranslator) -> None:
    """An area said with an appliance picks the one there."""
    snapshot = replace(
        HOME,
        entities={
            **HOME.entities,
            "switch.office_dishwasher": EntityInfo(
                "switch.office_dishwasher", "Office dishwasher", area_id="office"
            ),
        },
    )
    spec = _translate(translator, "run the dishwasher in the office", snapshot)
    assert spec.goals[0].targets.entity_ids == ["switch.office_dishwasher"]
    ambiguous = _translate(translator, "run the dishwasher", snapshot)
    assert ambiguous.goals == []
    assert ambiguous.unresolved[0] == (
        "Which dishwasher do you mean: Dishwasher in Kitchen or Office dishwasher "
        "in Office?"
    )


def test_notify_a_person(translator: IntentTranslator) -> None:
    """A message to someone by name targets their person entity."""
    spec = _translate(translator, "tell Anna that dinner is ready")
    assert spec.goals[0].type is GoalType.NOTIFY
    assert spec.goals[0].targets.entity_ids == ["person.anna"]
    assert spec.goals[0].params == {"message": "dinner is ready"}
    assert spec.privacy_class is PrivacyClass.CONFIDENTIAL


def test_broadcast(translator: IntentTranslator) -> None:
    """Assist's broadcast becomes a notification with the message."""
    spec = _translate(translator, "broadcast that dinner is ready")
    assert spec.goals[0].type is GoalType.NOTIFY
    assert spec.goals[0].params == {"message": "dinner is ready"}


def test_presence_sensor_is_confidential(translator: IntentTranslator) -> None:
    """Asking about a motion sensor reveals presence."""
    spec = _translate(translator, "what's the status of the hallway motion")
    assert spec.goals[0].type is GoalType.QUERY_STATE
    assert spec.privacy_class is PrivacyClass.CONFIDENTIAL


def test_query_unknown_name(translator: IntentTranslator) -> None:
    """A question about two things of the same name names both."""
    spec = _translate(translator, "what's the status of the lamp")
    assert spec.goals == []
    assert "Lamp in Office" in spec.unresolved[0]


def test_routine_name_of_markup_only(translator: IntentTranslator) -> None:
    """A routine name that is only markup is asked for, not invented."""
    spec = _translate(translator, "start my {{ }} routine")
    assert spec.goals == []
    assert spec.unresolved == ["Which routine?"]


def test_separator_inside_a_name(translator: IntentTranslator) -> None:
    """ "Tom and Jerry" stays one name although "and" splits clauses."""
    snapshot = replace(
        HOME,
        entities={
            **HOME.entities,
            "light.tom_and_jerry": EntityInfo(
                "light.tom_and_jerry", "Tom and Jerry", area_id="garden"
            ),
        },
    )
    spec = _translate(
        translator, "turn on tom and jerry and lock the front door", snapshot
    )
    assert [goal.targets.entity_ids for goal in spec.goals] == [
        ["light.tom_and_jerry"],
        ["lock.front_door"],
    ]


def test_unknown_language_data() -> None:
    """A language Home Assistant has no sentences for loads nothing."""
    assert load_language("xx") is None


def test_appliance_words_from_list() -> None:
    """Template syntax in the appliance list is flattened into words."""
    lists = {
        "appliance": {
            "values": [
                {"in": "(dish washer|dishwasher)", "out": "dishwasher"},
                {"in": "[tumble] dryer", "out": "dryer"},
                "not a value",
            ]
        }
    }
    assert appliance_words(lists) == {
        "dishwasher": ["dish washer", "dishwasher"],
        "dryer": ["tumble dryer"],
    }


@dataclass
class Alternative:
    """hassil 3 shape: an alternative is its own class, without ``type``."""

    items: list[Any] = field(default_factory=list)


@dataclass
class Sequence:
    """hassil 3 shape: a sequence of items."""

    items: list[Any] = field(default_factory=list)


@dataclass
class Sentence:
    """hassil 3 shape: a sentence wraps its expression."""

    expression: Any


def test_template_needs_hassil3_shapes() -> None:
    """Templates shaped as in hassil 3 are read like hassil 2's."""
    area_or_floor = Alternative(
        [ListReference(list_name="area"), ListReference(list_name="floor")]
    )
    sentence = Sentence(
        Sequence([ListReference(list_name="name"), area_or_floor, RuleReference("n")])
    )
    rules = {"n": Sentence(Sequence([ListReference(list_name="brightness")]))}
    needs = template_needs(sentence, rules, frozenset({"brightness"}))
    assert needs == frozenset(
        {
            frozenset({"name", "area", NUMBER}),
            frozenset({"name", "floor", NUMBER}),
        }
    )


def test_template_needs_unknown_and_recursive() -> None:
    """Unknown expressions and endless rules need nothing: the filter keeps them."""
    assert template_needs(object(), {}) == frozenset({frozenset()})
    loop = {"loop": Sentence(Sequence([RuleReference("loop")]))}
    assert template_needs(RuleReference("loop"), loop) == frozenset({frozenset()})
    assert template_needs(RuleReference("missing"), {}) == frozenset({frozenset()})
    assert template_needs(Alternative([]), {}) == frozenset({frozenset()})
