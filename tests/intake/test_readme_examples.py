"""Every example request in README.md and services.yaml does what it says, verbatim.

The sentences are read from the files themselves (italic quotes, ``intent:`` in YAML
and JSON examples, the Assist dialogue), so an example that stops working, or a new
example without an expectation here, fails this test. Fragments ("… quietly") are not
requests and are left out. Requests are translated in a home that has what the
examples name (with the German aliases a German household would give it) and planned;
wrapped ones ("make a plan to …", "what would happen if …") are unwrapped by the Assist
sentences first, as Assist does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re

import pytest
import yaml

from custom_components.orchestration.assist_sentences import (
    CommandKind,
    SentenceMatcher,
    load_sentences,
)
from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    Environment,
    FloorInfo,
    Occupancy,
    PersonInfo,
    Strategy,
)
from custom_components.orchestration.core.planning.planner import (
    PlannerOptions,
    build_plan,
)

from .homes import NOW

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SERVICES = ROOT / "custom_components" / "orchestration" / "services.yaml"

_ITALIC = re.compile(r'\*"([^"*]+)"\*')
_PARENTHESISED = re.compile(r'\("([^"]+)"\)')
_YAML_INTENT = re.compile(r"^\s*intent: (.+)$", re.MULTILINE)
_JSON_INTENT = re.compile(r'"intent": "([^"]+)"')
_INLINE_INTENT = re.compile(r"`intent: ([^`]+)`")
_DIALOGUE = re.compile(
    r"^> \*\*(?!Assist)\w+(?::\*\*|\*\* \*\([^)]*\)\*:) (.+)$", re.MULTILINE
)


def _sentences(text: str) -> set[str]:
    found: set[str] = set()
    for pattern in (
        _ITALIC,
        _PARENTHESISED,
        _YAML_INTENT,
        _JSON_INTENT,
        _INLINE_INTENT,
        _DIALOGUE,
    ):
        found.update(" ".join(match.split()) for match in pattern.findall(text))
    return {sentence for sentence in found if "…" not in sentence}


def readme_sentences() -> set[str]:
    """Example requests of README.md."""
    return _sentences(README.read_text(encoding="utf-8"))


def services_sentences() -> set[str]:
    """The ``intent`` examples of services.yaml."""
    services = yaml.safe_load(SERVICES.read_text(encoding="utf-8"))
    return {
        str(spec["fields"]["intent"]["example"])
        for spec in services.values()
        if "intent" in (spec.get("fields") or {})
    }


@dataclass(frozen=True, slots=True)
class Expect:
    """What an example must do.

    ``goals``: (goal type, entities it selects) in order; ``actions``: service calls
    the plan must contain; ``command``: the Assist command kind it is (None: Assist
    leaves it to Home Assistant's own intents).
    """

    language: str = "en"
    command: CommandKind | None = CommandKind.PLAN
    goals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    actions: frozenset[str] = field(default_factory=frozenset)


def _plan(*goals: tuple[str, tuple[str, ...]], actions: set[str], **kw: str) -> Expect:
    return Expect(goals=goals, actions=frozenset(actions), **kw)  # type: ignore[arg-type]


KITCHEN_LIGHTS = ("light.kitchen_ceiling", "light.kitchen_spots")
# ``command=None``: a service or LLM example, or a device command: Assist's own
# intents answer it, not Orchestration's sentences; the services still plan it.
DISHWASHER = ("switch.dishwasher",)
EXPECTED: dict[str, Expect] = {
    "turn off the kitchen lights": _plan(
        ("turn_off", KITCHEN_LIGHTS), actions={"light.turn_off"}, command=None
    ),
    "dim the kitchen lights to 30": _plan(
        ("set_brightness", KITCHEN_LIGHTS), actions={"light.turn_on"}, command=None
    ),
    "turn on the kitchen lights": _plan(
        ("turn_on", KITCHEN_LIGHTS), actions={"light.turn_on"}, command=None
    ),
    "run the dishwasher when power is cheapest before 7am": _plan(
        ("run_appliance", DISHWASHER), actions={"switch.turn_on"}
    ),
    "Run the dishwasher when power is cheapest before 7am": _plan(
        ("run_appliance", DISHWASHER), actions={"switch.turn_on"}
    ),
    "Run the dishwasher when power is cheapest before 7am.": _plan(
        ("run_appliance", DISHWASHER), actions={"switch.turn_on"}
    ),
    "get the house ready for bedtime": _plan(
        ("routine", ()),
        actions={"light.turn_off", "lock.lock", "climate.set_temperature"},
        command=None,
    ),
    "Optimize energy in the living room": _plan(
        ("optimize_energy", ("climate.living_room", "light.living_room")),
        actions={"light.turn_off"},
    ),
    "What would happen if I unlock the front door?": _plan(
        ("unlock", ("lock.front_door",)),
        actions={"lock.unlock"},
        command=CommandKind.PREVIEW,
    ),
    "Make a plan to unlock the front door.": _plan(
        ("unlock", ("lock.front_door",)), actions={"lock.unlock"}
    ),
    "What would happen if I open the garage door?": _plan(
        ("open", ("cover.garage_door",)),
        actions={"cover.open_cover"},
        command=CommandKind.PREVIEW,
    ),
    "make a plan to turn off the kitchen lights": _plan(
        ("turn_off", KITCHEN_LIGHTS), actions={"light.turn_off"}
    ),
    "unlock the front door": _plan(
        ("unlock", ("lock.front_door",)), actions={"lock.unlock"}, command=None
    ),
    "optimize energy": _plan(
        ("optimize_energy", ("climate.living_room", "light.living_room")),
        actions={"light.turn_off"},
    ),
    "turn on the kitchen light": _plan(
        ("turn_on", KITCHEN_LIGHTS), actions={"light.turn_on"}, command=None
    ),
    "set a timer for 5 minutes": Expect(command=None),
    "Approve the plan": Expect(command=CommandKind.APPROVE),
    "Approve the plan.": Expect(command=CommandKind.APPROVE),
    "approve the plan": Expect(command=CommandKind.APPROVE),
    "Reject the plan": Expect(command=CommandKind.REJECT),
    "Cancel the plan": Expect(command=CommandKind.CANCEL),
    "Any suggestions?": Expect(command=CommandKind.SUGGESTIONS),
    "any suggestions?": Expect(command=CommandKind.SUGGESTIONS),
    "Accept the suggestion": Expect(command=CommandKind.ACCEPT_SUGGESTION),
    "accept the suggestion": Expect(command=CommandKind.ACCEPT_SUGGESTION),
    "Dismiss the suggestion": Expect(command=CommandKind.DISMISS_SUGGESTION),
    "Snooze the suggestion": Expect(command=CommandKind.SNOOZE_SUGGESTION),
    "Optimiere die Energie im Wohnzimmer": _plan(
        ("optimize_energy", ("climate.living_room", "light.living_room")),
        actions={"light.turn_off"},
        language="de",
    ),
    "Starte die Spülmaschine, wenn der Strom am günstigsten ist": _plan(
        ("run_appliance", DISHWASHER), actions={"switch.turn_on"}, language="de"
    ),
    "Was würde passieren, wenn ich die Haustür aufschließe?": _plan(
        ("unlock", ("lock.front_door",)),
        actions={"lock.unlock"},
        command=CommandKind.PREVIEW,
        language="de",
    ),
    "Plan genehmigen": Expect(language="de", command=CommandKind.APPROVE),
    "Lehne den Plan ab": Expect(language="de", command=CommandKind.REJECT),
    "Brich den Plan ab": Expect(language="de", command=CommandKind.CANCEL),
    "Gibt es Vorschläge?": Expect(language="de", command=CommandKind.SUGGESTIONS),
    "Nimm den Vorschlag an": Expect(
        language="de", command=CommandKind.ACCEPT_SUGGESTION
    ),
    "Verwirf den Vorschlag": Expect(
        language="de", command=CommandKind.DISMISS_SUGGESTION
    ),
    "Stell den Vorschlag zurück": Expect(
        language="de", command=CommandKind.SNOOZE_SUGGESTION
    ),
}

# Requests said where no room is named take the room of the satellite (README: "said
# in the living room").
CONTEXT_AREA = {"optimize energy": "living_room"}


def example_home() -> ContextSnapshot:
    """A home with what the examples name, aliased in German as a household would."""

    def entity(
        entity_id: str,
        name: str,
        area: str,
        aliases: tuple[str, ...] = (),
        **kw: object,
    ) -> EntityInfo:
        return EntityInfo(entity_id, name, area_id=area, aliases=list(aliases), **kw)  # type: ignore[arg-type]

    entities = [
        entity("light.kitchen_ceiling", "Kitchen Ceiling", "kitchen", state="on"),
        entity("light.kitchen_spots", "Kitchen Spots", "kitchen", state="on"),
        entity("light.living_room", "Living Room Light", "living_room", state="on"),
        entity(
            "climate.living_room",
            "Living Room Thermostat",
            "living_room",
            state="heat",
            supported_features=1 | 128 | 256,
            attributes={"temperature": 21.0},
        ),
        entity("lock.front_door", "Front Door", "hallway", ("Haustür",)),
        entity(
            "cover.garage_door",
            "Garage Door",
            "garage",
            device_class="garage",
            supported_features=3,
        ),
        entity(
            "switch.dishwasher",
            "Dishwasher",
            "kitchen",
            ("Spülmaschine",),
            power_w=1800,
        ),
    ]
    areas = {
        "kitchen": AreaInfo("kitchen", "Kitchen", ["Küche"], floor_id="ground"),
        "living_room": AreaInfo(
            "living_room", "Living Room", ["Wohnzimmer"], floor_id="ground"
        ),
        "hallway": AreaInfo("hallway", "Hallway", ["Flur"], floor_id="ground"),
        "garage": AreaInfo("garage", "Garage", floor_id="ground"),
    }
    return ContextSnapshot(
        now=NOW,
        time_zone="Europe/Berlin",
        floors={"ground": FloorInfo("ground", "Ground floor", level=0)},
        areas=areas,
        entities={item.entity_id: item for item in entities},
        environment=Environment(),
        # Nobody in the living room: saving energy there has something to do.
        occupancy=Occupancy(persons=[PersonInfo("person.anna", "Anna", "home")]),
    )


@pytest.fixture(scope="module")
def translator() -> IntentTranslator:
    """One translator for the module."""
    return IntentTranslator()


@pytest.fixture(scope="module")
def matcher() -> SentenceMatcher:
    """Assist's orchestration sentences."""
    return SentenceMatcher(load_sentences())


def test_every_example_has_an_expectation() -> None:
    """The examples of both files are exactly the ones checked here."""
    assert readme_sentences() | services_sentences() == set(EXPECTED)


@pytest.mark.parametrize("sentence", sorted(EXPECTED))
def test_example(
    translator: IntentTranslator, matcher: SentenceMatcher, sentence: str
) -> None:
    """Assist classifies it as documented, and its plan does what it says."""
    expect = EXPECTED[sentence]
    command = matcher.match(sentence, expect.language)
    if expect.command is None:
        assert command is None, "Assist should leave this to Home Assistant"
    else:
        assert command is not None
        assert command.kind is expect.command
        assert command.language == expect.language
    if expect.command not in (None, CommandKind.PLAN, CommandKind.PREVIEW):
        return
    request = command.intent if command is not None and command.intent else sentence
    home = example_home()
    spec = translator.translate(
        request,
        language=expect.language,
        snapshot=home,
        now=NOW,
        context_area_id=CONTEXT_AREA.get(sentence),
    )
    goals = [
        (
            goal.type.value,
            tuple(entity.entity_id for entity in home.select(goal.targets)),
        )
        for goal in spec.goals
    ]
    assert goals == list(expect.goals), spec.unresolved
    if not expect.goals:
        assert spec.unresolved
        return
    assert spec.unresolved == []
    result = build_plan(
        spec, home, strategy=Strategy.BALANCED, options=PlannerOptions()
    )
    actions = {step.action for step in result.plan.steps if step.action}
    assert expect.actions <= actions, (actions, result.reasons)
