#!/usr/bin/env python3
"""Assist sentence benchmark; prints one JSON document.

Every Assist request is tried against the registered sentence triggers before Home
Assistant's own intents, so the orchestration templates cost something on *every*
request, matching or not. This measures that cost the way the default agent pays it
(all templates in one hassil intent, wildcards as ``WildcardSlotList``), and the cost of
classifying a matched sentence with ``SentenceMatcher``.

Run: ``.venv/bin/python scripts/bench_assist.py [--repeat 200]``.
"""

from __future__ import annotations

import argparse
from importlib.metadata import version
from itertools import islice
import json
from pathlib import Path
import statistics
import sys
import time

from hassil.intents import Intents, WildcardSlotList
from hassil.recognize import recognize_all

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.orchestration.assist_sentences import (
    WILDCARDS,
    SentenceMatcher,
    load_sentences,
)

NOT_OURS = [
    "turn on the kitchen light",
    "set the temperature in the living room to 21 degrees",
    "what is the weather like",
    "schalte das Licht in der Küche ein",
]
OURS = [
    "run the dishwasher when power is cheapest before 7am",
    "what would happen if I unlock the front door",
    "approve the plan",
    "Starte die Spülmaschine, wenn der Strom am günstigsten ist",
]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "min_ms": round(ordered[0] * 1000, 3),
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


def main() -> None:
    """Time trigger matching and classification."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat

    matcher = SentenceMatcher(load_sentences())
    templates = matcher.all_templates()
    trigger = Intents.from_dict(
        {"language": "en", "intents": {"0": {"data": [{"sentences": templates}]}}}
    )
    for name in WILDCARDS:
        trigger.slot_lists[name] = WildcardSlotList(name)

    def timed(text: str, classify: bool) -> list[float]:
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            # As the default agent: stop at the second match of the same trigger.
            matched = len(list(islice(recognize_all(text, trigger), 2))) > 0
            if classify and matched:
                matcher.match(text, "en")
            samples.append(time.perf_counter() - start)
        return samples

    result = {
        "hassil": version("hassil"),
        "templates": len(templates),
        "repeat": repeat,
        "trigger_check_not_ours": {text: _ms(timed(text, False)) for text in NOT_OURS},
        "trigger_and_classify_ours": {text: _ms(timed(text, True)) for text in OURS},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
