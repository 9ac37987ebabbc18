"""Requests in English and German against their expected TaskSpecs.

The cases live in ``fixtures/goal_sentences_<language>.yaml`` (goal-level requests) and
``fixtures/understood_<language>.yaml`` (what people actually say: the interpretation
layer); both languages describe the same test home (``homes.py``), so the expectations
share entity ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import PrivacyClass, TaskSpec

from .homes import NOW, home

FIXTURES = Path(__file__).parent / "fixtures"


def _cases() -> list[Any]:
    cases = []
    paths = [
        *FIXTURES.glob("goal_sentences_*.yaml"),
        *FIXTURES.glob("understood_*.yaml"),
    ]
    for path in sorted(paths):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = data["language"]
        cases.extend(
            pytest.param(language, case, id=f"{language}: {case['text']}")
            for case in data["cases"]
        )
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module: sentence data loads once per language."""
    return IntentTranslator()


def _goals(spec: TaskSpec, language: str) -> list[list[Any]]:
    snapshot = home(language)
    return [
        [
            goal.type.value,
            [entity.entity_id for entity in snapshot.select(goal.targets)],
            goal.params,
        ]
        for goal in spec.goals
    ]


def test_enough_cases() -> None:
    """The set covers at least 150 goal-level sentences, in both languages."""
    languages = {param.values[0] for param in CASES}
    assert len(CASES) >= 150
    assert languages == {"de", "en"}


@pytest.mark.parametrize(("language", "case"), CASES)
def test_goal_sentence(
    translator: IntentTranslator, language: str, case: dict[str, Any]
) -> None:
    """Goals in order, targets, params, constraints, privacy and what is unresolved."""
    spec = translator.translate(
        case["text"],
        language=language,
        snapshot=home(language),
        now=NOW,
        context_area_id=case.get("area"),
    )
    expected_goals = [
        [kind, sorted(entity_ids), params] for kind, entity_ids, params in case["goals"]
    ]
    assert _goals(spec, language) == expected_goals, spec.unresolved
    assert [item.as_dict() for item in spec.constraints] == case.get("constraints", [])
    wanted = case.get("unresolved", [])
    for fragment in wanted:
        assert any(fragment in item for item in spec.unresolved), spec.unresolved
    if not wanted:
        assert spec.unresolved == []
        assert spec.confidence >= 0.8
    else:
        assert spec.confidence < 0.8
    if expected_goals:
        expected_privacy = PrivacyClass(case.get("privacy", "internal"))
        assert spec.privacy_class is expected_privacy
