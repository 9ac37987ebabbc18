"""The corpus scorer and the expected-outcome rules score what they claim to.

The scorer runs on a handful of requests through ``preview_plan`` on a real hass with
the fixture home loaded; each request is chosen so its verdict is known: a correct
plan, a plan on the wrong device, a request that must ask, one the translator cannot
understand. The corpus data themselves are not needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
import yaml

from ..common import async_setup_orchestration
from .bench_corpus import (
    Case,
    Corpus,
    Expected,
    Outcome,
    async_load_home,
    async_score,
    load_corpus,
    param_matches,
    previewer,
)
from .corpora.expectations import DIM, Expectation, FixtureHome, Request, Rules
from .corpora.extract import Item, split

HOME_FILE = Path(__file__).parent / "corpora" / "fixture_home.yaml"


def _case(
    case_id: str, sentence: str, *outcomes: tuple[str, set[str], dict[str, Any]]
) -> Case:
    return Case(
        id=case_id,
        sentence=sentence,
        intent="test",
        expected=tuple(
            Expected(goal_type, frozenset(entity_ids), params)
            for goal_type, entity_ids, params in outcomes
        ),
        context_area="living_room",
    )


KITCHEN_OFF = "turn off the kitchen ceiling"
GIBBERISH = "blorp the frobnicator"


async def test_scores_known_requests_through_preview_plan(hass: HomeAssistant) -> None:
    """Correct, wrong device, unresolved, wrong action and ask are told apart."""
    home = yaml.safe_load(HOME_FILE.read_text(encoding="utf-8"))
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    area_ids = await async_load_home(hass, home)
    await async_setup_orchestration(hass)
    cases = [
        _case("right", KITCHEN_OFF, ("turn_off", {"light.kitchen_ceiling"}, {})),
        _case(
            "here",
            "turn off the lights",
            ("turn_off", {"light.living_room_ceiling", "light.floor_lamp"}, {}),
        ),
        _case("other-device", KITCHEN_OFF, ("turn_off", {"light.bedroom_ceiling"}, {})),
        _case("must-ask", KITCHEN_OFF),
        _case("other-action", KITCHEN_OFF, ("turn_on", {"light.kitchen_ceiling"}, {})),
        _case("not-understood", GIBBERISH, ("turn_on", {"light.floor_lamp"}, {})),
        _case("asks", GIBBERISH),
    ]
    corpus = Corpus(name="test", language="en", home=home, cases=cases)

    report = await async_score(corpus, previewer(hass, "en", area_ids))

    result = report.as_dict()
    assert result["correct"] == 3
    assert result["wrong_device"] == 2
    assert result["unresolved"] == 1
    assert result["wrong"] == 1
    assert result["total"] == len(cases)
    assert result["should_ask"] == {"correct": 1, "total": 2}
    assert result["should_act"] == {"correct": 2, "total": 5}
    assert result["median_ms"] > 0
    assert [failure["id"] for failure in result["failures"]] == [
        "other-device",
        "must-ask",
        "other-action",
        "not-understood",
    ]
    acted = result["failures"][0]["got"]["entity_ids"]
    assert acted == ["light.kitchen_ceiling"]


async def test_held_out_reports_no_sentences(hass: HomeAssistant) -> None:
    """A held-out corpus gives figures only, so nobody tunes on its failures."""
    home = yaml.safe_load(HOME_FILE.read_text(encoding="utf-8"))
    assert await async_setup_component(hass, "homeassistant", {})
    area_ids = await async_load_home(hass, home)
    await async_setup_orchestration(hass)
    corpus = Corpus(
        name="heldout/en",
        language="en",
        home=home,
        cases=[_case("x", GIBBERISH, ("turn_on", {"light.floor_lamp"}, {}))],
        show_failures=False,
    )

    result = (await async_score(corpus, previewer(hass, "en", area_ids))).as_dict()

    assert result["unresolved"] == 1
    assert "failures" not in result


def test_outcome_reads_only_device_actions() -> None:
    """Notifications are not acting on a device; the first goal gives type and params."""
    response = {
        "task_spec": {
            "goals": [{"type": "set_brightness", "params": {"brightness_pct": 40}}],
            "unresolved": ["which lamp?"],
        },
        "plan": {
            "steps": [
                {
                    "kind": "action",
                    "action": "light.turn_on",
                    "target": {"entity_id": ["light.a", "light.b"]},
                },
                {
                    "kind": "notify",
                    "action": "persistent_notification.create",
                    "target": {"entity_id": ["light.c"]},
                },
                {"kind": "wait"},
            ]
        },
    }

    outcome = Outcome.from_response(response)

    assert outcome.goal_type == "set_brightness"
    assert outcome.entity_ids == {"light.a", "light.b"}
    assert outcome.params == {"brightness_pct": 40}
    assert Outcome.from_response({}).entity_ids == frozenset()


@pytest.mark.parametrize(
    ("wanted", "actual", "matches"),
    [
        (50, 50.0, True),
        (50, "50", True),
        (50, 49, False),
        ({"max": -1}, -20, True),
        ({"max": -1}, 0, False),
        ({"max": -1}, None, False),
        ({"min": 5000}, 6500, True),
        ({"min": 5000}, 2700, False),
        ("Blue", "blue", True),
        ("blue", None, False),
        (1, True, False),
    ],
)
def test_param_matching(wanted: Any, actual: Any, matches: bool) -> None:
    assert param_matches(wanted, actual) is matches


def test_corpus_file_names_its_home(tmp_path: Path) -> None:
    """A corpus file's cases take the file's area unless they name their own."""
    (tmp_path / "homes").mkdir()
    (tmp_path / "homes" / "tiny.yaml").write_text(
        "areas: [{id: den, name: Den}]\nentities: []\n", encoding="utf-8"
    )
    path = tmp_path / "dev" / "en.yaml"
    path.parent.mkdir()
    path.write_text(
        yaml.safe_dump(
            {
                "language": "en",
                "share": "dev",
                "home": "tiny",
                "context_area": "den",
                "cases": [
                    {"id": "a", "sentence": "hello", "expect": "ask"},
                    {
                        "id": "b",
                        "sentence": "lights on",
                        "context_area": None,
                        "expect": [{"goal_type": "turn_on", "entity_ids": ["light.x"]}],
                    },
                ],
            }
        ),
        encoding="utf-8",
    )

    corpus = load_corpus(path, tmp_path)

    assert corpus.name == "dev/en"
    assert corpus.home["areas"][0]["name"] == "Den"
    assert [case.context_area for case in corpus.cases] == ["den", None]
    assert corpus.cases[0].ask
    assert corpus.cases[1].expected[0].entity_ids == {"light.x"}


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(FixtureHome(HOME_FILE))


@pytest.mark.parametrize(
    ("intent", "annotation", "goal_type", "entity_ids", "params"),
    [
        (
            "iot_hue_lightdim",
            "dim the lights in the [house_place : bedroom]",
            "set_brightness",
            {"light.bedroom_ceiling", "light.bedside_lamp"},
            DIM,
        ),
        (
            "iot_hue_lightdim",
            "lower the light [change_amount : to forty percent]",
            "set_brightness",
            {"light.living_room_ceiling", "light.floor_lamp"},
            {"brightness_pct": 40},
        ),
        (
            "iot_hue_lightup",
            "brighten the lights [change_amount : by twenty percent]",
            "set_brightness",
            {"light.living_room_ceiling", "light.floor_lamp"},
            {"brightness_step_pct": 20},
        ),
        (
            "iot_hue_lightchange",
            "turn the [house_place : office] light [color_type : blue]",
            "set_color",
            {"light.desk_lamp"},
            {"color_name": "blue"},
        ),
        (
            "iot_hue_lightoff",
            "turn off the [house_place : garage] light",
            "turn_off",
            {"light.garage"},
            {},
        ),
        (
            "iot_hue_lighton",
            "switch on all the lights upstairs",
            "turn_on",
            {
                "light.bedroom_ceiling",
                "light.bedside_lamp",
                "light.desk_lamp",
                "light.bathroom",
            },
            {},
        ),
        (
            "iot_wemo_off",
            "switch off the [device_type : smart plug]",
            "turn_off",
            {"switch.wemo_plug"},
            {},
        ),
        (
            "iot_cleaning",
            "vacuum the [house_place : kitchen]",
            "vacuum_start",
            {"vacuum.roomba"},
            {},
        ),
        ("iot_coffee", "brew me a coffee", "turn_on", {"switch.coffee_maker"}, {}),
    ],
)
def test_rules_derive_outcomes(
    rules: Rules,
    intent: str,
    annotation: str,
    goal_type: str,
    entity_ids: set[str],
    params: dict[str, Any],
) -> None:
    """Annotations become the plan a person expects in the fixture home."""
    expectation = rules.expect(Request.parse(intent, annotation))

    first = expectation.outcomes[0]
    assert (first.goal_type, set(first.entity_ids), first.params) == (
        goal_type,
        entity_ids,
        params,
    )


@pytest.mark.parametrize(
    ("intent", "annotation"),
    [
        ("iot_hue_lightoff", "turn off the lights in the [house_place : den]"),
        ("iot_hue_lightdim", "lights down [change_amount : to seven]"),
        ("iot_hue_lightchange", "make the lights [color_type : romantic]"),
        ("iot_hue_lightchange", "make the [house_place : bathroom] lights red"),
        ("iot_hue_lightup", "brighten the [house_place : garage] light"),
        ("iot_wemo_on", "turn on the plug in the [house_place : kitchen]"),
        ("iot_wemo_on", "turn on the [device_type : rice cooker socket]"),
        ("iot_coffee", "order a latte from [business_name : starbucks]"),
        ("iot_cleaning", "how do i start the [device_type : roomba]"),
    ],
)
def test_rules_ask_without_a_safe_action(
    rules: Rules, intent: str, annotation: str
) -> None:
    """No such room or device, no unit, no colour, a question: act on nothing."""
    assert rules.expect(Request.parse(intent, annotation)).ask


def _item(item_id: str, intent: str, *, forced: bool = False) -> Item:
    return Item(
        id=item_id,
        sentence=item_id,
        intent=intent,
        expect=Expectation([], "ask: test"),
        source={},
        group=item_id,
        forced_heldout=forced,
    )


def test_split_is_stratified_deterministic_and_keeps_forced_items() -> None:
    """About 28% of each intent is held out, the same every time, forced ones always."""
    items = [_item(f"a{number}", "on") for number in range(100)]
    items += [_item(f"b{number}", "off") for number in range(50)]
    items.append(_item("forced", "off", forced=True))

    dev, heldout = split(items)
    again = split(list(reversed(items)))

    assert [item.id for item in heldout] == [item.id for item in again[1]]
    assert sum(item.intent == "on" for item in heldout) == 28
    assert sum(item.intent == "off" for item in heldout) == 14
    assert "forced" in {item.id for item in heldout}
    assert not {item.id for item in dev} & {item.id for item in heldout}
