"""Scores intent translation on Home Assistant's own English test sentences.

The benchmark (``shared/benchmarks/ha-intents-en``, README there) gives, per case, the
sentences, the Assist intent and its slots, and the fixture home they are written
against. A sentence is correct when the first goal's type is the DESIGN §5 mapping of the
expected intent, the entities it acts on are the entities the expected slots select in
the fixture home, and the key parameter matches.

``translate_one`` is the step under test; the default runs ``IntentTranslator`` in
process. Pass another ``Translate`` to ``score`` (for example one that calls
``orchestration.preview_plan`` in a running hass) to score the same cases through it.

Run: ``python -m tests.intake.bench_ha_intents [benchmark dir]``; prints JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
import json
from pathlib import Path
import statistics
import sys
import time
from typing import Any

import yaml

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    FloorInfo,
)

# The shared folder lies beside the repository (CI clones it there too).
DEFAULT_ROOT = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "benchmarks"
    / "ha-intents-en"
)
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

# Expected slot -> (goal parameter, is numeric).
KEY_PARAMS: dict[str, tuple[str, bool]] = {
    "brightness": ("brightness_pct", True),
    "temperature": ("temperature", True),
    "position": ("position", True),
    "volume_level": ("volume_pct", True),
    "color": ("color_name", False),
}

_TURN_ON = {
    "cover": "open",
    "valve": "open",
    "lock": "lock",
    "scene": "activate_scene",
    "script": "run_script",
}
_TURN_OFF = {"cover": "close", "valve": "close", "lock": "unlock"}
_FIXED = {
    "HassClimateSetTemperature": "set_temperature",
    "HassSetPosition": "set_position",
    "HassSetVolume": "set_volume",
    "HassMediaPause": "media_pause",
    "HassMediaUnpause": "media_play",
    "HassMediaNext": "media_next",
    "HassMediaPrevious": "media_previous",
    "HassVacuumStart": "vacuum_start",
    "HassVacuumReturnToBase": "vacuum_return",
}


@dataclass(slots=True)
class Outcome:
    """What a translation does, as far as the benchmark scores it."""

    goal_type: str | None
    entity_ids: set[str]
    params: dict[str, Any]


type Translate = Callable[[str, str | None], Outcome]


@dataclass(slots=True)
class Case:
    """One benchmark case: its sentences and what they must do."""

    file: str
    sentences: list[str]
    goal_type: str
    entity_ids: set[str]
    params: dict[str, Any]
    context_area_id: str | None


@dataclass(slots=True)
class Report:
    """Totals, per file, timings and the failures."""

    correct: int = 0
    total: int = 0
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)
    times_ms: list[float] = field(default_factory=list)
    cpu_times_ms: list[float] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, max_failures: int = 50) -> dict[str, Any]:
        """The JSON printed by ``scripts/bench-intents``."""
        times = sorted(self.times_ms)
        cpu = sorted(self.cpu_times_ms)
        return {
            "benchmark": "ha-intents-en",
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.correct / self.total, 4) if self.total else 0.0,
            "median_ms": round(statistics.median(times), 3) if times else None,
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3) if times else None,
            "max_ms": round(times[-1], 3) if times else None,
            # CPU time of the translating thread: what the sentence costs, without the
            # waiting a busy machine adds to the wall-clock figures above.
            "cpu_median_ms": round(statistics.median(cpu), 3) if cpu else None,
            "cpu_p95_ms": round(cpu[int(0.95 * (len(cpu) - 1))], 3) if cpu else None,
            "per_file": self.per_file,
            "failures": self.failures[:max_failures],
        }


def load_home(root: Path) -> ContextSnapshot:
    """The fixture home of the benchmark as a snapshot."""
    fixtures = yaml.safe_load((root / "_fixtures.yaml").read_text(encoding="utf-8"))
    floors = {
        item["id"]: FloorInfo(floor_id=item["id"], name=item["name"])
        for item in fixtures.get("floors", [])
    }
    areas = {
        item["id"]: AreaInfo(
            area_id=item["id"], name=item["name"], floor_id=item.get("floor")
        )
        for item in fixtures.get("areas", [])
    }
    entities = {}
    for item in fixtures.get("entities", []):
        attributes = dict(item.get("attributes") or {})
        state = item.get("state", "unknown")
        if isinstance(state, dict):
            state = state.get("out", "unknown")
        entities[item["id"]] = EntityInfo(
            entity_id=item["id"],
            name=item["name"],
            state=str(state),
            area_id=item.get("area"),
            device_class=attributes.get("device_class"),
            attributes=attributes,
        )
    return ContextSnapshot(
        now=NOW, time_zone="UTC", floors=floors, areas=areas, entities=entities
    )


def _file_domain(file_name: str) -> str | None:
    domain = file_name.split("_Hass", 1)[0]
    return None if domain == "homeassistant" else domain


def _narrow(
    candidates: list[EntityInfo], keep: Callable[[EntityInfo], bool]
) -> list[EntityInfo]:
    narrowed = [entity for entity in candidates if keep(entity)]
    return narrowed or candidates


def expected_entities(
    home: ContextSnapshot,
    slots: dict[str, Any],
    domain: str | None,
    device_class: str | None,
) -> set[str]:
    """The entities the expected slots select in the fixture home (README rule 3)."""
    area_id = _area_id(home, slots.get("area"))
    floor_id = _floor_id(home, slots.get("floor"))
    name = slots.get("name")
    if name and str(name).casefold() != "all":
        candidates = [
            entity
            for entity in home.entities.values()
            if entity.name.casefold() == str(name).casefold()
        ]
        for keep in (
            lambda entity: domain is None or entity.domain == domain,
            lambda entity: device_class is None or entity.device_class == device_class,
            lambda entity: area_id is None or entity.area_id == area_id,
            lambda entity: floor_id is None or home.floor_of(entity) == floor_id,
        ):
            candidates = _narrow(candidates, keep)
        return {entity.entity_id for entity in candidates}
    return {
        entity.entity_id
        for entity in home.entities.values()
        if (area_id is None or entity.area_id == area_id)
        and (floor_id is None or home.floor_of(entity) == floor_id)
        and (domain is None or entity.domain == domain)
        and (device_class is None or entity.device_class == device_class)
    }


def _area_id(home: ContextSnapshot, name: Any) -> str | None:
    if not name:
        return None
    return next(
        (area.area_id for area in home.areas.values() if area.name == name), None
    )


def _floor_id(home: ContextSnapshot, name: Any) -> str | None:
    if not name:
        return None
    return next(
        (floor.floor_id for floor in home.floors.values() if floor.name == name), None
    )


def expected_goal_type(intent: str, domains: set[str]) -> str:
    """DESIGN §5: the goal type an Assist intent maps to."""
    if intent in _FIXED:
        return _FIXED[intent]
    if intent == "HassLightSet":
        return "set_brightness"
    table = _TURN_ON if intent == "HassTurnOn" else _TURN_OFF
    kinds = {table.get(domain) for domain in domains}
    if len(kinds) == 1 and (kind := kinds.pop()) is not None:
        return kind
    return "turn_on" if intent == "HassTurnOn" else "turn_off"


def load_cases(root: Path, home: ContextSnapshot) -> list[Case]:
    """Every scored case of the benchmark."""
    cases = []
    for path in sorted(root.glob("*_*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for test in data.get("tests", []):
            intent = test["intent"]
            slots = dict(intent.get("slots") or {})
            context = dict(intent.get("context") or {})
            domain = (
                slots.get("domain") or context.get("domain") or _file_domain(path.stem)
            )
            device_class = slots.get("device_class") or context.get("device_class")
            entity_ids = expected_entities(home, slots, domain, device_class)
            domains = {entity_id.partition(".")[0] for entity_id in entity_ids}
            if not domains and domain:
                domains = {domain}
            goal_type = expected_goal_type(intent["name"], domains)
            if intent["name"] == "HassLightSet" and "color" in slots:
                goal_type = "set_color"
            params = {
                KEY_PARAMS[key][0]: value
                for key, value in slots.items()
                if key in KEY_PARAMS
            }
            cases.append(
                Case(
                    file=path.stem,
                    sentences=[str(sentence) for sentence in test["sentences"]],
                    goal_type=goal_type,
                    entity_ids=entity_ids,
                    params=params,
                    context_area_id=_area_id(home, context.get("area")),
                )
            )
    return cases


def _param_matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        try:
            return abs(float(actual) - float(expected)) < 1e-6
        except (TypeError, ValueError):
            return False
    return str(expected).casefold() == str(actual).casefold()


def in_process(root: Path = DEFAULT_ROOT) -> Translate:
    """Translate with ``IntentTranslator`` directly, against the fixture home."""
    home = load_home(root)
    translator = IntentTranslator()

    def translate_one(sentence: str, context_area_id: str | None) -> Outcome:
        spec = translator.translate(
            sentence,
            language="en",
            snapshot=home,
            now=home.now,
            context_area_id=context_area_id,
        )
        if not spec.goals:
            return Outcome(goal_type=None, entity_ids=set(), params={})
        goal = spec.goals[0]
        return Outcome(
            goal_type=goal.type.value,
            entity_ids={entity.entity_id for entity in home.select(goal.targets)},
            params=dict(goal.params),
        )

    return translate_one


def score(root: Path = DEFAULT_ROOT, translate: Translate | None = None) -> Report:
    """Score every sentence of the benchmark with ``translate``."""
    home = load_home(root)
    translate_one = translate or in_process(root)
    translate_one("turn on the lights", None)  # loads the sentence data, untimed
    report = Report()
    for case in load_cases(root, home):
        tally = report.per_file.setdefault(case.file, {"correct": 0, "total": 0})
        for sentence in case.sentences:
            started = time.perf_counter()
            cpu_started = time.thread_time()
            outcome = translate_one(sentence, case.context_area_id)
            report.cpu_times_ms.append((time.thread_time() - cpu_started) * 1000)
            report.times_ms.append((time.perf_counter() - started) * 1000)
            problems = []
            if outcome.goal_type != case.goal_type:
                problems.append(f"type {outcome.goal_type} != {case.goal_type}")
            if outcome.entity_ids != case.entity_ids:
                problems.append(
                    f"entities {sorted(outcome.entity_ids)} != {sorted(case.entity_ids)}"
                )
            for key, value in case.params.items():
                if not _param_matches(value, outcome.params.get(key)):
                    problems.append(f"{key} {outcome.params.get(key)!r} != {value!r}")
            report.total += 1
            tally["total"] += 1
            if problems:
                report.failures.append(
                    {"file": case.file, "sentence": sentence, "problems": problems}
                )
            else:
                report.correct += 1
                tally["correct"] += 1
    return report


def main(argv: list[str]) -> int:
    """Print the benchmark's JSON report."""
    root = Path(argv[0]) if argv else DEFAULT_ROOT
    print(json.dumps(score(root).as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
