"""Scores request corpora through ``orchestration.preview_plan`` on a real hass.

A corpus (``tests/intake/corpora/README.md``) is a list of requests with the outcomes a
plan may have: a goal type, the exact set of entities it acts on and key parameters, or
``ask`` when acting on anything is wrong. Each corpus names the home it is judged
against; the home is loaded into a Home Assistant instance the way a real home is there
(floors, areas and entities in the registries, states set, every entity exposed to
Assist), the integration is set up, and every request goes through the
``preview_plan`` service with the request's area as ``context_hints.area_id``.

Each request gets one verdict:

- ``correct``: the plan matches one acceptable outcome (or acts on nothing where it
  should ask);
- ``wrong_device``: the plan acts on an entity no acceptable outcome names, or acts at
  all where it should ask;
- ``unresolved``: the plan acts on nothing where it should act (it asked instead);
- ``wrong``: the rest (the right devices, but the wrong goal type, parameter or only
  some of them).

Run: ``python -m tests.intake.bench_corpus`` (``scripts/bench-intents`` does).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
import json
import logging
import os
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any
from unittest.mock import patch

import yaml

# Import the repository's package before Home Assistant's loader looks for one.
import custom_components  # noqa: F401  # isort: skip

from homeassistant import loader
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    entity_registry as er,
    floor_registry as fr,
)
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.orchestration.const import DOMAIN

from ..common import async_setup_orchestration
from . import bench_ha_intents

REPOSITORY = Path(__file__).resolve().parents[2]
CORPORA = Path(__file__).with_name("corpora")
# The shared folder lies beside the repository (CI clones it there too).
DEFAULT_DATA = REPOSITORY.parent / "shared" / "benchmarks" / "smart-home-requests"
DATA_ENV = "ORCHESTRATION_CORPUS_DATA"
HOMES = {"fixture-home": CORPORA / "fixture_home.yaml"}
SHARES = ("dev", "heldout")
LANGUAGES = ("en", "de")
# Actions that tell the user something rather than act on a device.
_TELLING = ("persistent_notification.", "notify.")
MAX_FAILURES = 60

VERDICTS = ("correct", "wrong_device", "unresolved", "wrong")
_SEVERITY = ("wrong_device", "wrong", "unresolved")

# Home Assistant's own test fixtures give names, areas and states but no feature bits;
# real devices of these domains have them, and a plan acts only on what an entity
# supports. Used where a fixture entity states no ``supported_features``.
DEFAULT_FEATURES = {
    "climate": 1 | 128 | 256,  # target temperature, turn off, turn on
    "cover": 1 | 2 | 4 | 8,  # open, close, set position, stop
    "valve": 1 | 2 | 4 | 8,  # open, close, set position, stop
    "fan": 1 | 16 | 32,  # set speed, turn off, turn on
    # pause, volume set, previous, next, turn on, turn off, volume step, play
    "media_player": 1 | 4 | 16 | 32 | 128 | 256 | 1024 | 16384,
    "vacuum": 4 | 8 | 16 | 4096 | 8192,  # pause, stop, return home, state, start
    "water_heater": 1 | 8,  # target temperature, on/off
    "lawn_mower": 1 | 2 | 4,  # start, pause, dock
}


@dataclass(slots=True)
class Outcome:
    """What a plan does, as far as a corpus scores it."""

    goal_type: str | None
    entity_ids: frozenset[str]
    params: dict[str, Any] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)

    @classmethod
    def from_response(cls, response: dict[str, Any]) -> Outcome:
        """Read a PlanResponse (DESIGN §4)."""
        spec = response.get("task_spec") or {}
        goals = spec.get("goals") or []
        acted = {
            entity_id
            for step in (response.get("plan") or {}).get("steps") or []
            if step.get("kind") == "action"
            and not str(step.get("action", "")).startswith(_TELLING)
            for entity_id in _entity_ids(step.get("target"))
        }
        return cls(
            goal_type=goals[0]["type"] if goals else None,
            entity_ids=frozenset(acted),
            params=dict(goals[0].get("params") or {}) if goals else {},
            unresolved=list(spec.get("unresolved") or []),
        )


def _entity_ids(target: Any) -> list[str]:
    if not isinstance(target, dict):
        return []
    value = target.get("entity_id") or []
    return [value] if isinstance(value, str) else [str(item) for item in value]


@dataclass(slots=True, frozen=True)
class Expected:
    """One acceptable outcome."""

    goal_type: str
    entity_ids: frozenset[str]
    params: dict[str, Any]

    def matches(self, outcome: Outcome) -> bool:
        """Whether the plan's outcome is this one."""
        return (
            outcome.goal_type == self.goal_type
            and outcome.entity_ids == self.entity_ids
            and all(
                param_matches(wanted, outcome.params.get(name))
                for name, wanted in self.params.items()
            )
        )


def param_matches(wanted: Any, actual: Any) -> bool:
    """An exact value (numbers within 1e-6, text ignoring case) or a {min, max} range."""
    if isinstance(wanted, dict):
        number = _float(actual)
        return (
            number is not None
            and number >= float(wanted.get("min", float("-inf")))
            and number <= float(wanted.get("max", float("inf")))
        )
    if isinstance(wanted, int | float) and not isinstance(wanted, bool):
        number = _float(actual)
        return number is not None and abs(number - float(wanted)) < 1e-6
    return actual is not None and str(wanted).casefold() == str(actual).casefold()


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(slots=True, frozen=True)
class Case:
    """One request and its acceptable outcomes (none: it must ask)."""

    id: str
    sentence: str
    intent: str
    expected: tuple[Expected, ...]
    context_area: str | None

    @property
    def ask(self) -> bool:
        return not self.expected

    def verdict(self, outcome: Outcome) -> str:
        """correct, wrong_device, unresolved or wrong (see the module doc)."""
        if self.ask:
            return "wrong_device" if outcome.entity_ids else "correct"
        if any(expected.matches(outcome) for expected in self.expected):
            return "correct"
        if not outcome.entity_ids:
            return "unresolved"
        allowed = frozenset().union(
            *(expected.entity_ids for expected in self.expected)
        )
        return "wrong_device" if outcome.entity_ids - allowed else "wrong"


@dataclass(slots=True)
class Corpus:
    """Requests judged against one home, in one language."""

    name: str
    language: str
    home: dict[str, Any]
    cases: list[Case]
    # Held-out corpora report figures only, never their sentences.
    show_failures: bool = True


def case_from_dict(data: dict[str, Any], default_area: str | None) -> Case:
    """A case of a corpus file."""
    expect = data["expect"]
    outcomes = (
        ()
        if expect == "ask"
        else tuple(
            Expected(
                goal_type=item["goal_type"],
                entity_ids=frozenset(item["entity_ids"]),
                params=dict(item.get("params") or {}),
            )
            for item in expect
        )
    )
    return Case(
        id=str(data["id"]),
        sentence=str(data["sentence"]),
        intent=str(data.get("intent", "")),
        expected=outcomes,
        context_area=data.get("context_area", default_area),
    )


def load_corpus(path: Path, data_dir: Path | None = None) -> Corpus:
    """A corpus file and the home it names."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    home_name = data["home"]
    home_path = HOMES.get(home_name) or (data_dir or path.parent) / "homes" / (
        f"{home_name}.yaml"
    )
    home = yaml.safe_load(home_path.read_text(encoding="utf-8"))
    default_area = data.get("context_area")
    return Corpus(
        name=f"{data.get('share', path.parent.name)}/{data['language']}",
        language=data["language"],
        home=home,
        cases=[case_from_dict(item, default_area) for item in data["cases"]],
        show_failures=data.get("share") != "heldout",
    )


def ha_intents_corpus(root: Path = bench_ha_intents.DEFAULT_ROOT) -> Corpus:
    """Home Assistant's English test sentences as a corpus (README rules there)."""
    home = bench_ha_intents.load_home(root)
    cases = []
    for number, case in enumerate(bench_ha_intents.load_cases(root, home), start=1):
        expected = (
            Expected(case.goal_type, frozenset(case.entity_ids), dict(case.params)),
        )
        cases.extend(
            Case(
                id=f"{case.file}-{number}-{index}",
                sentence=sentence,
                intent=case.file,
                expected=expected,
                context_area=case.context_area_id,
            )
            for index, sentence in enumerate(case.sentences, start=1)
        )
    fixtures = yaml.safe_load((root / "_fixtures.yaml").read_text(encoding="utf-8"))
    return Corpus(name="ha-intents-en", language="en", home=fixtures, cases=cases)


@dataclass(slots=True)
class Report:
    """Verdict counts, timings and (for development corpora) the failures."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    per_intent: dict[str, dict[str, int]] = field(default_factory=dict)
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    asks: dict[str, int] = field(default_factory=lambda: {"correct": 0, "total": 0})
    failures: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        case: Case,
        outcome: Outcome,
        verdict: str,
        elapsed_ms: tuple[float, float],
        show: bool,
    ) -> None:
        self.counts[verdict] += 1
        if case.ask:
            self.asks["total"] += 1
            self.asks["correct"] += verdict == "correct"
        tally = self.per_intent.setdefault(case.intent, {"correct": 0, "total": 0})
        tally["total"] += 1
        tally["correct"] += verdict == "correct"
        self.times_ms.append(elapsed_ms[0])
        self.cpu_ms.append(elapsed_ms[1])
        if verdict != "correct" and show:
            self.failures.append(
                {
                    "id": case.id,
                    "sentence": case.sentence,
                    "verdict": verdict,
                    "expected": "ask"
                    if case.ask
                    else [
                        {
                            "goal_type": expected.goal_type,
                            "entity_ids": sorted(expected.entity_ids),
                            "params": expected.params,
                        }
                        for expected in case.expected
                    ],
                    "got": {
                        "goal_type": outcome.goal_type,
                        "entity_ids": sorted(outcome.entity_ids),
                        "params": outcome.params,
                        "unresolved": outcome.unresolved[:2],
                    },
                }
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self, max_failures: int = MAX_FAILURES) -> dict[str, Any]:
        """The JSON printed by ``scripts/bench-intents``."""
        times = sorted(self.times_ms)
        cpu = sorted(self.cpu_ms)
        total = self.total
        result: dict[str, Any] = {
            "correct": self.counts["correct"],
            "total": total,
            "accuracy": round(self.counts["correct"] / total, 4) if total else 0.0,
            "wrong_device": self.counts["wrong_device"],
            "unresolved": self.counts["unresolved"],
            "wrong": self.counts["wrong"],
            "median_ms": _percentile(times, 0.5),
            "p95_ms": _percentile(times, 0.95),
            # CPU time of the whole process per request (the planner runs in an
            # executor thread): what it costs, without a busy machine's waiting.
            "cpu_median_ms": _percentile(cpu, 0.5),
            "cpu_p95_ms": _percentile(cpu, 0.95),
            "should_ask": dict(self.asks),
            "should_act": {
                "correct": self.counts["correct"] - self.asks["correct"],
                "total": total - self.asks["total"],
            },
            "per_intent": dict(sorted(self.per_intent.items())),
        }
        if self.failures:
            # The dangerous ones first: acting on the wrong device, then wrong actions.
            ordered = sorted(
                self.failures, key=lambda failure: _SEVERITY.index(failure["verdict"])
            )
            result["failures"] = ordered[:max_failures]
            result["failures_total"] = len(self.failures)
        return result


def _percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    if share == 0.5:
        return round(statistics.median(ordered), 3)
    return round(ordered[int(share * (len(ordered) - 1))], 3)


type Preview = Callable[[str, str | None], Awaitable[dict[str, Any]]]


async def async_score(corpus: Corpus, preview: Preview) -> Report:
    """Every case of ``corpus`` through ``preview`` (a preview_plan call)."""
    report = Report()
    for case in corpus.cases:
        started = time.perf_counter()
        cpu_started = time.process_time()
        response = await preview(case.sentence, case.context_area)
        elapsed_ms = (
            (time.perf_counter() - started) * 1000,
            (time.process_time() - cpu_started) * 1000,
        )
        outcome = Outcome.from_response(response)
        report.add(
            case, outcome, case.verdict(outcome), elapsed_ms, corpus.show_failures
        )
    return report


async def async_load_home(hass: HomeAssistant, home: dict[str, Any]) -> dict[str, str]:
    """Put a fixture home into hass; returns fixture area id -> registry area id.

    Floors, areas and entities go into the registries, states are set with the
    fixture's names as friendly names (and ``DEFAULT_FEATURES`` where a fixture gives
    none), and every entity is exposed to Assist.
    """
    floors = fr.async_get(hass)
    areas = ar.async_get(hass)
    entities = er.async_get(hass)
    floor_ids = {}
    for level, item in enumerate(home.get("floors") or []):
        floor = floors.async_create(
            item["name"],
            aliases=set(item.get("aliases") or ()),
            level=item.get("level", level),
        )
        floor_ids[item["id"]] = floor.floor_id
    area_ids = {}
    for item in home.get("areas") or []:
        area = areas.async_create(
            item["name"],
            aliases=set(item.get("aliases") or ()),
            floor_id=floor_ids.get(item.get("floor")),
        )
        area_ids[item["id"]] = area.id
    for item in home.get("entities") or []:
        domain, _, object_id = str(item["id"]).partition(".")
        entry = entities.async_get_or_create(
            domain, "bench", item["id"], suggested_object_id=object_id
        )
        entities.async_update_entity(
            entry.entity_id,
            area_id=area_ids.get(item.get("area")),
            aliases=set(item.get("aliases") or ()),
        )
        state = item.get("state", "unknown")
        if isinstance(state, dict):  # Home Assistant's tests: {in: …, out: …}
            state = state.get("out", "unknown")
        attributes = dict(item.get("attributes") or {})
        attributes["friendly_name"] = item["name"]
        if domain in DEFAULT_FEATURES:
            attributes.setdefault("supported_features", DEFAULT_FEATURES[domain])
        hass.states.async_set(entry.entity_id, str(state), attributes)
        async_expose_entity(hass, "conversation", entry.entity_id, True)
    await hass.async_block_till_done()
    return area_ids


def previewer(hass: HomeAssistant, language: str, area_ids: dict[str, str]) -> Preview:
    """Call ``orchestration.preview_plan`` as a satellite in a fixture area would."""

    async def preview(sentence: str, fixture_area: str | None) -> dict[str, Any]:
        data: dict[str, Any] = {"intent": sentence, "language": language}
        if fixture_area is not None and fixture_area in area_ids:
            data["context_hints"] = {"area_id": area_ids[fixture_area]}
        response = await hass.services.async_call(
            DOMAIN, "preview_plan", data, blocking=True, return_response=True
        )
        assert isinstance(response, dict)
        return response

    return preview


@contextmanager
def _offline() -> Iterator[None]:
    """Keep Home Assistant's network helpers off the network, as its tests do."""
    with (
        patch(
            "homeassistant.components.network.util.async_get_source_ip",
            return_value="127.0.0.1",
        ),
        patch(
            "homeassistant.components.network.async_get_loaded_adapters",
            return_value=[],
        ),
    ):
        yield


@asynccontextmanager
async def async_hass_with(
    home: dict[str, Any], language: str
) -> AsyncIterator[Preview]:
    """A hass holding ``home`` with the integration set up; yields its previewer."""
    with tempfile.TemporaryDirectory() as config_dir, _offline():
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            hass.config.language = language
            assert await async_setup_component(hass, "homeassistant", {})
            assert await async_setup_component(hass, "conversation", {})
            area_ids = await async_load_home(hass, home)
            await async_setup_orchestration(hass)
            preview = previewer(hass, language, area_ids)
            await preview("turn on the lights", None)  # loads sentence data, untimed
            yield preview


async def async_score_all(corpora: list[Corpus]) -> dict[str, Any]:
    """Score corpora, one hass per distinct home and language."""
    results: dict[str, Any] = {}
    groups: dict[tuple[str, str], list[Corpus]] = {}
    for corpus in corpora:
        key = (json.dumps(corpus.home, sort_keys=True, default=str), corpus.language)
        groups.setdefault(key, []).append(corpus)
    for members in groups.values():
        async with async_hass_with(members[0].home, members[0].language) as preview:
            for corpus in members:
                results[corpus.name] = (await async_score(corpus, preview)).as_dict()
    return results


def corpora_in(data_dir: Path) -> list[Corpus]:
    """The development and held-out corpora found in ``data_dir``."""
    return [
        load_corpus(data_dir / share / f"{language}.yaml", data_dir)
        for share in SHARES
        for language in LANGUAGES
        if (data_dir / share / f"{language}.yaml").is_file()
    ]


def run(ha_root: Path, data_dir: Path, *, hass: bool = True) -> dict[str, Any]:
    """Every section of ``scripts/bench-intents``."""
    logging.disable(logging.WARNING)
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_average_1m": os.getloadavg()[0]},
        "ha-intents-en": bench_ha_intents.score(ha_root).as_dict(),
    }
    if not hass:
        return result
    corpora = [ha_intents_corpus(ha_root)]
    if data_dir.is_dir():
        corpora.extend(corpora_in(data_dir))
    else:
        result["smart-home-requests"] = f"no corpus data at {data_dir}"
    if corpora:
        scored = asyncio.run(async_score_all(corpora))
        if "ha-intents-en" in scored:
            result["ha-intents-en/hass"] = scored.pop("ha-intents-en")
        if scored:
            result["smart-home-requests"] = scored
    return result


def main(argv: list[str]) -> int:
    """Print the benchmark's JSON."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--ha", type=Path, default=bench_ha_intents.DEFAULT_ROOT)
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get(DATA_ENV, DEFAULT_DATA))
    )
    parser.add_argument(
        "--in-process-only", action="store_true", help="skip everything needing hass"
    )
    args = parser.parse_args(argv)
    print(
        json.dumps(
            run(args.ha, args.data, hass=not args.in_process_only),
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
